"""Which cue texts form which segment: a cue's anatomy (skeleton and translatable parts), and
sentences grouped across cues (see the package docstring)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...errors import ConfigError
from ...model import Segment
from ...settings import SubtitleLimits
from .cues import ASS_BLOCK, Cue, Document, format_time, read, visible

#: Subtitle limits as the format functions take them: typed, a table of them, or None (defaults).
Limits = SubtitleLimits | Mapping[str, Any] | None

#: At most this many cues form one sentence entry, so a run-on never becomes a page.
MAX_GROUP = 4

#: A translation with fewer words than this per cue of its entry (and no marker) fills only its
#: first cues, as many as hold it within their limits, instead of showing a word or two per cue.
MIN_WORDS_PER_CUE = 2

#: A translator's forced cue boundary: a vertical bar with whitespace (or the text's end) on
#: both sides. It survives PO editors, msgcat and machine translation, and is never shown.
MARKER = "|"
MARKER_RE = re.compile(r"(?:(?<=\s)|^)\|(?=\s|$)")
FORCED_RE = re.compile(r"\n|" + MARKER_RE.pattern)  # a newline in a translation forces a break too
MARKER_HELP_MULTI = ('Put " | " (a vertical bar between spaces) where the next cue must start; '
                     "otherwise qrl10n spreads the text over the cues by length.")
MARKER_HELP_SINGLE = ('Put " | " (a vertical bar between spaces) where a line must break; '
                      "otherwise qrl10n balances the lines.")

#: Sentence-final characters (after stripping closing quotes, brackets and tags).
SENTENCE_END = frozenset(".?!…♪。？！؟۔।‼⁇⁈⁉՞։")
CLOSERS = "\"'”’»›)]}」』"

LEAD_SKELETON_RE = re.compile(rf"^(?:{ASS_BLOCK}|<v(?:\.[^\s>]*)?(?:\s[^>]*)?>)+")
WRAP_OPEN_RE = re.compile(r"^<(i|b|u|font|c)((?:\.[\w.-]+)?(?:\s[^<>]*)?)>")
KARAOKE_RE = re.compile(r"<(?:\d+:)?\d{1,2}:\d{2}\.\d{3}>")
DASH_RE = re.compile(r"^-(?![-\s]*$)(?!-|>)\s?")
SOUND_RE = re.compile(r"^(?:\[[^\[\]]*\]|\([^()]*\))$")

# -- anatomy of a cue: skeleton and translatable parts ------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One speaker's text in a cue (the whole cue unless it is a dialogue)."""

    dash: str  # "- " for a dialogue line, else ""
    lines: tuple[str, ...]  # as written, without dash, wrap and prefix
    text: str  # lines joined with one space: the msgid piece

    @property
    def translatable(self) -> bool:
        return any(ch.isalnum() for ch in visible(self.text))


@dataclass(frozen=True, slots=True)
class Anatomy:
    prefix: str  # ASS blocks / voice tag before the first line
    wrap: tuple[str, str] | None  # a tag around the whole cue or each line
    per_line: bool
    parts: tuple[Part, ...]

    @property
    def dialogue(self) -> bool:
        return len(self.parts) > 1 or bool(self.parts and self.parts[0].dash)

    @property
    def sound(self) -> bool:
        return not self.dialogue and len(self.parts) == 1 and bool(SOUND_RE.match(visible(self.parts[0].text)))

    @property
    def style(self) -> str:
        return self.wrap[0] if self.wrap else ""


def anatomy(cue: Cue) -> Anatomy:
    lines = [line.strip() for line in cue.lines if line.strip()]
    prefix = ""
    if lines:
        match = LEAD_SKELETON_RE.match(lines[0])
        if match:
            prefix = match.group(0)
            lines[0] = lines[0][match.end():].strip()
            if not lines[0]:
                lines.pop(0)
    wrap, per_line, lines = _unwrap(lines)
    parts: list[Part] = []
    for line in lines:
        dash = DASH_RE.match(line)
        if dash or not parts:
            body = line[dash.end():] if dash else line
            parts.append(Part(dash.group(0) if dash else "", (body,), ""))
        else:
            last = parts[-1]
            parts[-1] = Part(last.dash, (*last.lines, line), "")
    return Anatomy(prefix, wrap, per_line, tuple(Part(p.dash, p.lines, _join(p.lines)) for p in parts))


def _unwrap(lines: list[str]) -> tuple[tuple[str, str] | None, bool, list[str]]:
    if not lines:
        return None, False, lines
    match = WRAP_OPEN_RE.match(lines[0])
    if not match:
        return None, False, lines
    name, opening = match.group(1), match.group(0)
    closing = f"</{name}>"
    pattern = re.compile(rf"</?{name}\b")

    def inner(text: str) -> str | None:
        if text.startswith(opening) and text.endswith(closing):
            core = text[len(opening):len(text) - len(closing)]
            if not pattern.search(core):
                return core.strip()
        return None

    each = [inner(line) for line in lines]
    if all(core for core in each):
        return (opening, closing), True, [core for core in each if core]
    whole = inner("\n".join(lines))
    if whole:
        return (opening, closing), False, [line.strip() for line in whole.split("\n") if line.strip()]
    return None, False, lines


def _join(lines: Iterable[str]) -> str:
    return re.sub(r"[ \t]+", " ", KARAOKE_RE.sub("", " ".join(lines))).strip()


# -- the walk: which parts form which segment ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """One segment and the cue parts (slots) its text is laid over."""

    segment: Segment
    slots: tuple[tuple[int, int], ...]  # (cue position 0-based, part position)


def walk(doc: Document, *, segmentation: str = "sentence", limits: Limits = None
         ) -> tuple[list[Anatomy], list[Unit]]:
    """Every cue's anatomy and the units (segments with their slots), in file order."""
    if segmentation not in ("sentence", "cue"):
        raise ConfigError(f"unknown subtitle segmentation {segmentation!r}",
                          fix='Set segmentation = "sentence" or "cue" under [subtitles] in qrl10n.toml')
    lim = merged_limits(limits)
    cues = doc.cues
    anatomies = [anatomy(cue) for cue in cues]
    groups: list[list[tuple[int, int]]] = []
    open_group: list[tuple[int, int]] | None = None
    for c, an in enumerate(anatomies):
        simple = not an.dialogue and not an.sound and len(an.parts) == 1 and an.parts[0].translatable
        if segmentation == "cue" or not simple:
            open_group = None
            groups.extend([(c, p)] for p, part in enumerate(an.parts) if part.translatable)
            if segmentation == "sentence" and an.dialogue and an.parts[-1].translatable:
                open_group = groups[-1]  # the last speaker's sentence may go on in the next cue
        elif (open_group is not None and len(open_group) < MAX_GROUP
                and anatomies[open_group[-1][0]].style == an.style):
            open_group.append((c, 0))
        else:
            open_group = [(c, 0)]
            groups.append(open_group)
        if open_group is not None:
            nxt = anatomies[c + 1] if c + 1 < len(anatomies) else None
            following = nxt.parts[0].text if nxt and nxt.parts else ""
            if ends_sentence(an.parts[open_group[-1][1]].text, following):
                open_group = None
    units = []
    for slots in groups:
        segment = _segment(cues, anatomies, slots, segmentation, lim)
        units.append(Unit(segment, tuple(slots)))
    return anatomies, units


def ends_sentence(text: str, following: str = "") -> bool:
    """True when ``text`` ends a sentence; a trailing ellipsis continued by ``following``
    ("..." or a lower-case start) does not."""
    core = visible(text).rstrip().rstrip(CLOSERS).rstrip()
    if not core or core[-1] not in SENTENCE_END:
        return False
    if core.endswith(("...", "…")):
        nxt = visible(following).lstrip().lstrip("\"'“‘¿¡")
        if nxt.startswith(("...", "…")) or (nxt[:1].islower()):
            return False
    return True


def _segment(cues: Sequence[Cue], anatomies: Sequence[Anatomy], slots: list[tuple[int, int]],
             segmentation: str, lim: SubtitleLimits) -> Segment:
    parts = [anatomies[c].parts[p] for c, p in slots]
    text = " ".join(part.text for part in parts)
    budgets = [slot_budget(cues[c], anatomies[c], p, lim) for c, p in slots]
    first, last = cues[slots[0][0]], cues[slots[-1][0]]
    cps = f"{lim.max_cps:g}"
    notes: list[str] = []
    total = sum(b for b, _ in budgets)
    if len(slots) == 1:
        span = f"cue {first.index}: {_span(first.start, first.end)}"
    else:
        span = f"cues {first.index}-{last.index}: {_span(first.start, last.end)}"
    notes.append(f"{span}, budget {total} characters{_why(budgets, cps, lim)}")
    if len(slots) > 1:
        for (c, _p), (budget, _) in zip(slots, budgets):
            cue = cues[c]
            notes.append(f"cue {cue.index}: {_span(cue.start, cue.end)}, {budget} characters")
    an = anatomies[slots[0][0]]
    if an.dialogue:
        notes.append("a speaker's line in a dialogue cue (qrl10n adds the dash)"
                     + ("; the sentence goes on in the next cues" if len(slots) > 1 else ""))
    elif an.sound:
        notes.append("sound description")
    if an.wrap and not an.dialogue:
        style = {"i": "italics", "b": "bold", "u": "underlined"}.get(an.wrap[0][1:2], f"{an.wrap[0]}…{an.wrap[1]}")
        notes.append(f"shown in {style}; qrl10n adds the tags")
    notes.append(MARKER_HELP_MULTI if len(slots) > 1 else MARKER_HELP_SINGLE)
    flags = (f"max-length:{total}",) if total > 0 else ()
    kind = "subtitle cue" if segmentation == "cue" else "subtitle sentence"
    return Segment(text=text, line=first.line, kind=kind, notes=tuple(notes), flags=flags)


def _span(start: int, end: int) -> str:
    return f"{format_time(start, '.')} --> {format_time(end, '.')} ({(end - start) / 1000:.1f} s)"


def _why(budgets: Sequence[tuple[int, str]], cps: str, lim: SubtitleLimits) -> str:
    if {why for _, why in budgets} == {"lines"}:
        return f" ({lim.max_lines} lines of {lim.max_line_length})"
    return f" at {cps} cps"


def slot_budget(cue: Cue, an: Anatomy, part: int, lim: SubtitleLimits) -> tuple[int, str]:
    """Characters the reading speed allows in one slot, capped by the cue's lines."""
    by_speed = math.floor((cue.end - cue.start) / 1000 * lim.max_cps + 1e-9)
    by_lines = lim.max_lines * lim.max_line_length
    budget, why = (by_speed, "speed") if by_speed <= by_lines else (by_lines, "lines")
    if len(an.parts) > 1:
        sizes = [max(1, len(visible(p.text))) for p in an.parts]
        budget = math.floor(budget * sizes[part] / sum(sizes))
    return budget, why


def merged_limits(limits: Limits) -> SubtitleLimits:
    return SubtitleLimits.of(limits)


# -- extract -------------------------------------------------------------------------------


def extract(text: str, path: str, *, segmentation: str = "sentence", limits: Limits = None
            ) -> list[Segment]:
    """The translatable segments of a subtitle file, in order (see the module docstring)."""
    _, units = walk(read(text, path), segmentation=segmentation, limits=limits)
    return [unit.segment for unit in units]
