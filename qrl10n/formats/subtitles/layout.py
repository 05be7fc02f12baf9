"""Translations laid back over the English cues: words spread over the cues of a sentence in
proportion to their English length, lines balanced within the limits, and the file rendered."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...model import Segment
from .cues import (
    FORMAT_TAGS,
    Cue,
    Document,
    compose,
    convert_line,
    display_length,
    read,
    visible,
    vtt_settings,
)
from .rtl import embed_rtl
from .segment import (
    CLOSERS,
    FORCED_RE,
    MIN_WORDS_PER_CUE,
    Anatomy,
    Limits,
    merged_limits,
    slot_budget,
    walk,
)

#: Punctuation that makes a good place to break, and how good (lower is better).
BREAK_AFTER_COST = {".": -25, "?": -25, "!": -25, "…": -20, "♪": -20, "。": -25, "؟": -25,
                    "։": -25, "।": -25, ",": -15, ";": -15, ":": -15, "،": -15, "؛": -15, "—": -10,
                    "–": -10}
AVOID_BREAK_COST = 60  # after an article or preposition that belongs to the next word

#: Words a cue or line should not end with when another word follows: articles, determiners,
#: prepositions, clitic pronouns, negations and conjunctions that belong to the next word. Keys are ISO 639 codes; a language
#: without an entry (or with an empty one: Estonian, Armenian, Bengali, Nepali put articles
#: and postpositions after the noun) gets no such rule.
NO_BREAK_AFTER: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "en": "a an the of to in on at by for with from into my your his her its our their this that these those "
          "and or but not",
    "es": "el la los las lo un una unos unas al del de a en con por para su sus mi mis tu tus este esta "
          "estos estas ese esa esos esas aquel aquella y e o u no que se me te le les nos",
    "fr": "le la les un une des du au aux de à en dans par pour sur avec sans ce cet cette ces mon ma mes "
          "ton ta tes son sa ses notre nos votre vos leur leurs et ou ne que qui je tu il elle on nous vous ils elles",
    "it": "il lo la i gli le un uno una di a da in con su per tra fra del dello della dei degli delle al "
          "allo alla ai agli alle nel nello nella nei negli nelle sul sulla suo sua suoi sue e o non che si mi ti ci",
    "pt": "o a os as um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas com "
          "para ao à aos às seu sua seus suas e ou não que se",
    "de": "der die das den dem des ein eine einen einem einer eines zu zum zur von vom mit im am in an "
          "auf für bei aus nach über unter und oder",
    "ca": "el la els les un una de del a al en amb per",
    "nl": "de het een van in op aan met voor bij",
    "pl": "w we z ze na do o od po za dla przez przy i a nie że",
    "cs": "v ve z ze na do o od po za s se k ke u pro při a i že",
    "sk": "v vo z zo na do o od po za s so k ku u pre pri",
    "hr": "u na o od do za s sa iz k ka po pri i a da ne",
    "bs": "u na o od do za s sa iz k ka po pri i a da ne",
    "sr": "u na o od do za s sa iz k ka po pri",
    "sl": "v na o od do za s z iz k h po pri",
    "uk": "в у з із зі на до о об від по за для при",
    "ru": "в во с со на до о об от по за для при к ко у",
    "fil": "ang ng mga sa si ni kay na",
    "tl": "ang ng mga sa si ni kay na",
    "id": "di ke dari yang untuk dengan pada",
    "ro": "un o unui unei de la în pe cu din pentru",
    "tr": "bir bu şu",
    "ar": "في من إلى على عن مع",
    "et": "",
    "hy": "",
    "bn": "",
    "ne": "",
}.items()}

# -- layout: translations back onto the cues ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placed:
    """One output cue: the English ``source`` cue it takes its timing from, the ``cue`` as
    rendered (same times, new lines, RTL marks not yet added) and the segments filling it.
    ``translated`` says, line by line, whether a line holds translated text (empty: none)."""

    cue: Cue
    source: Cue
    segments: tuple[Segment, ...] = ()
    changed: bool = False
    translated: tuple[bool, ...] = ()


def layout(text: str, path: str, translate: Callable[[Segment], str], *, limits: Limits = None,
           language: str = "en", segmentation: str | None = None) -> tuple[Document, list[Placed]]:
    """Lay ``translate(segment)`` over each segment's cues; see ``render``."""
    lim = merged_limits(limits)
    doc = read(text, path)
    anatomies, units = walk(doc, segmentation=segmentation or lim.segmentation, limits=lim)
    rules = LayoutRules.of(lim, language)
    pieces: dict[tuple[int, int], list[str]] = {}
    owners: dict[int, list[Segment]] = {}
    for unit in units:
        for c, _ in unit.slots:
            if unit.segment not in owners.setdefault(c, []):
                owners[c].append(unit.segment)
        translation = translate(unit.segment)
        if not translation or translation == unit.segment.text or not tokens(translation)[0]:
            continue  # untranslated (or nothing but markers): the English cues as they are
        translation = translation.replace("-->", "→")  # would read as a timing line
        weights = [display_length(anatomies[c].parts[p].text) for c, p in unit.slots]
        budgets = [slot_budget(doc.cues[c], anatomies[c], p, lim)[0] for c, p in unit.slots]
        for slot, piece in zip(unit.slots, distribute(translation, weights, rules, budgets=budgets)):
            pieces[slot] = piece
    placed: list[Placed] = []
    for c, (cue, an) in enumerate(zip(doc.cues, anatomies)):
        segs = tuple(owners.get(c, ()))
        if not any((c, p) in pieces for p in range(len(an.parts))):
            placed.append(Placed(cue, cue, segs))
            continue
        lines, translated = _cue_lines(an, [pieces.get((c, p)) for p in range(len(an.parts))], rules)
        if not any(visible(line).strip() for line in lines):
            continue  # a slot left empty by a short translation: no empty cue on screen
        placed.append(Placed(Cue(len(placed) + 1, cue.start, cue.end, tuple(lines), cue.line, cue.ident,
                                 cue.settings), cue, segs, True, tuple(translated)))
    placed = [p if p.cue.index == i else Placed(_renumber(p.cue, i), p.source, p.segments, p.changed, p.translated)
              for i, p in enumerate(placed, start=1)]
    return doc, placed


def _renumber(cue: Cue, index: int) -> Cue:
    return Cue(index, cue.start, cue.end, cue.lines, cue.line, cue.ident, cue.settings)


@dataclass(frozen=True, slots=True)
class LayoutRules:
    """Limits and language rules the layout needs, resolved once per file."""

    width: int = 42
    lines: int = 2
    no_break_after: frozenset[str] = frozenset()

    @classmethod
    def of(cls, limits: Limits, language: str = "en") -> LayoutRules:
        lim = merged_limits(limits)
        base = (language or "en").replace("-", "_").split("_")[0].lower()
        return cls(lim.max_line_length, lim.max_lines, NO_BREAK_AFTER.get(base, frozenset()))

    def break_cost(self, word: str) -> int:
        """Cost of breaking (a cue or a line) after ``word``: negative is good."""
        core = visible(word).rstrip(CLOSERS)
        if not core:
            return 0
        if core[-1] in BREAK_AFTER_COST:
            return BREAK_AFTER_COST[core[-1]]
        if core.lower().lstrip("¿¡\"'“‘(") in self.no_break_after:
            return AVOID_BREAK_COST
        return 0


def tokens(translation: str) -> tuple[list[str], set[int]]:
    """Words of a translation (split at spaces, tabs and newlines only, so no-break spaces
    hold) and the positions where a forced break (marker or newline) comes before a word."""
    words: list[str] = []
    forced: set[int] = set()
    for chunk_no, chunk in enumerate(FORCED_RE.split(translation)):
        if chunk_no and words:
            forced.add(len(words))
        words.extend(w for w in re.split(r"[ \t\r\f\v]+", chunk) if w)
    forced.discard(0)
    forced.discard(len(words))
    return words, forced


def distribute(translation: str, weights: Sequence[int], rules: LayoutRules, *,
               budgets: Sequence[int] | None = None) -> list[list[str]]:
    """Split a translation over slots: each slot gets a list of line chunks (text pieces that
    must start a new line); every word of the translation lands in exactly one slot. With the
    slots' character ``budgets``, a short translation fills only the first slots that hold it
    (see ``MIN_WORDS_PER_CUE``); the others get no chunk."""
    words, forced = tokens(translation)
    n = len(weights)
    if n == 1:
        return [_chunks(words, forced, 0, len(words))]
    used = _slots_used(words, forced, weights, rules, budgets)
    bounds = _split(words, forced, weights[:used], rules)
    slots = [(bounds[j], bounds[j + 1]) for j in range(used)] + [(len(words), len(words))] * (n - used)
    words = _balance_tags(words, [b for _, b in slots[:-1]])
    return [_chunks(words, forced, a, b) for a, b in slots]


def _slots_used(words: list[str], forced: set[int], weights: Sequence[int], rules: LayoutRules,
                budgets: Sequence[int] | None) -> int:
    """How many first slots a translation fills: all of them, unless it has fewer than
    ``MIN_WORDS_PER_CUE`` words a slot and no marker, and fewer slots hold it within their
    budgets and lines."""
    n, m = len(weights), len(words)
    if budgets is None or forced or m >= MIN_WORDS_PER_CUE * n:
        return n
    lengths = [display_length(w) for w in words]
    for used in range(max(1, m // MIN_WORDS_PER_CUE), n):
        bounds = _split(words, forced, weights[:used], rules)
        if all(a < b and sum(lengths[a:b]) + (b - a - 1) <= budgets[j]
               and _greedy_count(lengths[a:b], rules.width) <= rules.lines
               for j, (a, b) in enumerate(zip(bounds, bounds[1:]))):
            return used
    return n


def _chunks(words: list[str], forced: set[int], a: int, b: int) -> list[str]:
    chunks: list[list[str]] = [[]]
    for k in range(a, b):
        if k in forced and k != a and chunks[-1]:
            chunks.append([])
        chunks[-1].append(words[k])
    return [" ".join(chunk) for chunk in chunks if chunk]


def _split(words: list[str], forced: set[int], weights: Sequence[int], rules: LayoutRules) -> list[int]:
    """Boundaries 0 = b0 <= b1 <= ... <= bn = len(words) chosen by dynamic programming:
    near the proportional target, after punctuation rather than after an article, every
    forced break honoured while slots remain, slots within their capacity when possible."""
    m, n = len(words), len(weights)
    lengths = [display_length(w) for w in words]
    before = [0]
    for length in lengths:
        before.append(before[-1] + length + 1)  # characters up to each boundary, spaces included
    total = max(1, before[-1] - 1)
    wsum = sum(max(1, w) for w in weights)
    targets, acc = [], 0
    for w in weights[:-1]:
        acc += max(1, w)
        targets.append(total * acc / wsum)
    scale = 40 / max(1.0, total / n)  # a slot's width off target costs 40, like an extra line
    over = _extra_lines(lengths, rules.width, rules.lines)
    cut_cost = [0] + [rules.break_cost(words[p - 1]) + (-1000 if p in forced else 0) for p in range(1, m)] + [0]
    inside = [0] * (m + 1)  # inside[k]: forced breaks at positions 1..k
    for k in range(1, m + 1):
        inside[k] = inside[k - 1] + (k in forced)
    inf = float("inf")
    allow_empty = m < n
    # best[j][p]: cost of placing the first j boundaries with the j-th at p.
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(1, n + 1):
        last = j == n
        for p in (range(m + 1) if not last else (m,)):
            if not last and not allow_empty and (p == m or p == 0):
                continue
            here = 0.0 if last else abs(before[p] - targets[j - 1]) * scale + cut_cost[p]
            for a in range(p + 1):
                prev = best[j - 1][a]
                if prev == inf or (a == p and not allow_empty):
                    continue
                cost = prev + here + over[a][p] * 40
                if p - 1 > a:
                    cost += 1000 * (inside[p - 1] - inside[a])
                if cost < best[j][p]:
                    best[j][p] = cost
                    back[j][p] = a
    bounds = [m]
    p = m
    for j in range(n, 0, -1):
        p = back[j][p]
        bounds.append(p)
    return bounds[::-1]


def _extra_lines(lengths: Sequence[int], width: int, max_lines: int) -> list[list[int]]:
    """extra[a][b]: lines beyond ``max_lines`` that words a..b-1 need at ``width``."""
    m = len(lengths)
    extra = [[0] * (m + 1) for _ in range(m + 1)]
    for a in range(m):
        count, current = 1, -1
        row = extra[a]
        for b in range(a + 1, m + 1):
            length = lengths[b - 1]
            if current >= 0 and current + 1 + length > width:
                count, current = count + 1, length
            else:
                current = length if current < 0 else current + 1 + length
            row[b] = max(0, count - max_lines)
    return extra


def _balance_tags(words: list[str], cuts: Sequence[int]) -> list[str]:
    """Close formatting tags still open at a cue boundary and reopen them in the next cue."""
    words = list(words)
    stack: list[tuple[str, str]] = []
    cut_set = set(cuts)
    for k in range(len(words)):
        if k in cut_set and stack and k > 0:
            words[k - 1] += "".join(f"</{name}>" for name, _ in reversed(stack))
            words[k] = "".join(tag for _, tag in stack) + words[k]
            # the reopened tags are in words[k] and are scanned below
            stack = []
        for match in re.finditer(r"<(/?)([a-z]+)\b[^<>]*>", words[k]):
            closing, name = match.group(1), match.group(2)
            if name not in FORMAT_TAGS:
                continue
            if not closing:
                stack.append((name, match.group(0)))
            elif stack and stack[-1][0] == name:
                stack.pop()
    return words


def _cue_lines(an: Anatomy, pieces: Sequence[list[str] | None], rules: LayoutRules
               ) -> tuple[list[str], list[bool]]:
    """The lines of one cue (each part's chunks broken into balanced lines, skeleton restored)
    and, for each line, whether it holds translated text (a part with ``None`` keeps its own)."""
    out: list[str] = []
    translated: list[bool] = []
    for part, chunks in zip(an.parts, pieces):
        if chunks is None:
            body = list(part.lines)
        else:
            width = rules.width - len(part.dash)
            body = [line for chunk in chunks for line in break_lines(chunk.split(" "), rules, width=width)]
        if not body:
            continue
        out.append(part.dash + body[0])
        out.extend(body[1:])
        translated.extend([chunks is not None] * len(body))
    if an.wrap:
        opening, closing = an.wrap
        if an.per_line:
            out = [f"{opening}{line}{closing}" for line in out]
        elif out:
            out[0] = opening + out[0]
            out[-1] = out[-1] + closing
    if an.prefix:
        out, translated = ([an.prefix + out[0], *out[1:]], translated) if out else ([an.prefix], [False])
    return out, translated


def break_lines(words: Sequence[str], rules: LayoutRules, *, width: int | None = None) -> list[str]:
    """Balanced lines: as few as keep every line within the width (a longer word gets a line
    of its own), then the most even split, bottom-heavy, after punctuation, never after an
    article. ``max_lines`` is not enforced here: no word is dropped to honour it, and
    ``qrl10n check`` reports the cue."""
    words = [w for w in words if w]
    if not words:
        return []
    width = rules.width if width is None else width
    lengths = [display_length(w) for w in words]
    if sum(lengths) + len(words) - 1 <= width:
        return [" ".join(words)]
    return _best_lines(words, lengths, _greedy_count(lengths, width), rules, width)


def _greedy_count(lengths: Sequence[int], width: int) -> int:
    count, current = 1, -1
    for length in lengths:
        if current >= 0 and current + 1 + length > width:
            count += 1
            current = length
        else:
            current = length if current < 0 else current + 1 + length
    return count


def _best_lines(words: Sequence[str], lengths: Sequence[int], count: int, rules: LayoutRules, width: int) -> list[str]:
    m = len(words)
    count = min(count, m)
    span = [[0] * (m + 1) for _ in range(m + 1)]
    for a in range(m):
        total = -1
        for b in range(a + 1, m + 1):
            total += lengths[b - 1] + 1
            span[a][b] = total
    mean = (sum(lengths) + m - 1) / count
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(count + 1)]
    back = [[0] * (m + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for b in range(k, m + 1):
            if k == count and b != m:
                continue
            for a in range(k - 1, b):
                if best[k - 1][a] == inf:
                    continue
                size = span[a][b]
                if size > width and b - a > 1:
                    continue
                cost = best[k - 1][a] + (size - mean) ** 2 / 4
                if k < count:
                    cost += rules.break_cost(words[b - 1]) * 2
                    # bottom-heavy: a first line longer than the rest costs a little more
                    cost += max(0, size - mean) * 0.5
                if cost < best[k][b]:
                    best[k][b] = cost
                    back[k][b] = a
    if best[count][m] == inf:  # cannot happen with count from the greedy fill; stay safe
        return [" ".join(words)]
    bounds = [m]
    b = m
    for k in range(count, 0, -1):
        b = back[k][b]
        bounds.append(b)
    bounds.reverse()
    return [" ".join(words[bounds[i]:bounds[i + 1]]) for i in range(count)]


# -- render -----------------------------------------------------------------------------------


def render(text: str, path: str, translate: Callable[[Segment], str], *, limits: Limits = None,
           language: str = "en", direction: str = "ltr", output_format: str = "srt") -> str:
    """The subtitle file with each segment's translation laid over its cues.

    Same cues and timings as the source (a cue left with no word by a very short translation
    is omitted rather than shown empty); lines rebuilt only for cues whose text changed.
    ``output_format`` is "srt" or "vtt" (from SRT, an ASS position becomes WebVTT cue settings,
    see ``vtt_settings``); ``direction="rtl"`` adds the embedding marks.
    """
    if output_format not in ("srt", "vtt"):
        raise ValueError(f"output_format must be 'srt' or 'vtt', not {output_format!r}")
    doc, placed = layout(text, path, translate, limits=limits, language=language)
    rtl = direction == "rtl"
    cues = []
    for item in placed:
        if doc.kind == output_format:
            ident, settings = item.cue.ident, item.cue.settings
        else:  # SRT coordinates and WebVTT identifiers and settings mean nothing in the other format
            ident, settings = "", vtt_settings(item.cue.lines) if output_format == "vtt" else ""
        translated = item.translated or (False,) * len(item.cue.lines)
        pairs = list(zip(item.cue.lines, translated))
        if doc.kind != output_format:  # a line of nothing but an ASS block would end the cue
            pairs = [(line.rstrip(), own) for line, own in
                     ((convert_line(line, output_format), own) for line, own in pairs) if line.strip()]
        lines = [embed_rtl(line, force=own) if rtl else line for line, own in pairs]
        cues.append(Cue(item.cue.index, item.cue.start, item.cue.end, tuple(lines), item.cue.line, ident, settings))
    return compose(cues, output_format, header=doc.header if doc.kind == output_format else ())
