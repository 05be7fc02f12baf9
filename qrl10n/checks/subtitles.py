"""Subtitle limits as QA rules: line length, lines per cue, reading speed, cue duration.

Rules are data (``RULES``: registry records a user can read and switch off). The checks are
pure functions over *rendered* cues, so what is checked is exactly what ``qrl10n build`` writes:

- ``check_cues(cues, limits)`` measures any cues (a rendered file parsed back, or
  ``subtitles.layout`` output) and returns ``CueIssue`` objects;
- ``check_file(text, path, translate, ...)`` lays one language's translations over an English
  subtitle file and checks the cues they fill; each issue carries the segments (PO entries)
  whose text is in that cue, so ``qrl10n check`` can report it on the right entry, and names
  the cue by its English number (what the entry's comment says), also when a very short
  translation left an earlier cue out of the rendered file;
- ``to_finding`` turns an issue into the project's ``model.Finding`` once the caller knows
  the PO file and line.

Characters are counted as a viewer sees them: tags, ASS blocks and directional marks are
not counted, nor are combining marks (Arabic vowel signs, Devanagari matras). Reading speed
counts every visible character of the cue, spaces included, line breaks not (Netflix's way).
Durations come from the English timing, so they are "info": a translator cannot fix them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SourceError
from ..files import read_input
from ..formats import subtitles
from ..formats.po import catalog
from ..formats.po.comments import ignored_checks
from ..formats.subtitles import Cue, display_length, layout, visible
from ..model import Finding, Segment
from ..settings import SubtitleLimits
from .registry import Rule, draft_severity

if TYPE_CHECKING:
    from ..project import Component, Language, Project

_TIMING = "Nothing to change in the translation: the English timing sets how long a cue shows."

#: What is wrong (the catalogue's line) and what a translator can do about it (the advice).
RULES: tuple[Rule, ...] = (
    Rule("subtitle-line-length", "error", "cues", "A subtitle line is longer than max_line_length characters.",
         "Say it in fewer words, or put ' | ' where the line should break."),
    Rule("subtitle-lines", "error", "cues", "A cue has more than max_lines lines.",
         "Say it in fewer words so the cue fits on its lines."),
    Rule("subtitle-reading-speed", "warning", "cues", "A cue asks for more than max_cps characters per second.",
         "Say it in fewer words: viewers cannot read this much while the cue is shown."),
    Rule("subtitle-min-duration", "info", "cues",
         "A cue is shown for less than min_duration seconds (English timing).", _TIMING),
    Rule("subtitle-max-duration", "info", "cues",
         "A cue is shown for more than max_duration seconds (English timing).", _TIMING),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


@dataclass(frozen=True, slots=True)
class CueIssue:
    """One limit a rendered cue does not keep: which cue, the measured value and the limit."""

    rule: str
    severity: str
    cue: int  # cue number in the English file (check_file) or of the cue given (check_cues)
    line: int  # line of the (English) cue in the source file
    value: float
    limit: float
    message: str  # "cue 14: 48 characters on a line, limit 42"
    segments: tuple[Segment, ...] = ()  # the entries whose translation fills the cue


def check_cues(cues: Iterable[Cue], limits: SubtitleLimits | Mapping[str, Any] | None = None, *,
               segments: Mapping[int, tuple[Segment, ...]] | None = None,
               disabled: Iterable[str] = ()) -> list[CueIssue]:
    """Every limit each cue breaks, in cue order. ``segments`` maps a cue number to the
    entries filling it (attached to the issues); ``disabled`` lists rule ids to skip."""
    lim = SubtitleLimits.of(limits)
    off = set(disabled)
    width, max_lines = lim.max_line_length, lim.max_lines
    max_cps, min_dur, max_dur = lim.max_cps, lim.min_duration, lim.max_duration
    issues: list[CueIssue] = []
    for cue in cues:
        owners = (segments or {}).get(cue.index, ())

        def report(rule: str, value: float, limit: float, text: str, cue: Cue = cue,
                   owners: tuple[Segment, ...] = owners) -> None:
            if rule not in off:
                issues.append(CueIssue(rule, BY_ID[rule].severity, cue.index, cue.line, value, limit,
                                       f"cue {cue.index}: {text}", owners))

        lines = [line for line in cue.lines if visible(line).strip()]
        longest = max((display_length(line) for line in lines), default=0)
        if longest > width:
            word = max((w for line in lines for w in visible(line).split()), key=display_length, default="")
            note = f" (the word {word!r} alone is longer)" if display_length(word) > width else ""
            report("subtitle-line-length", longest, width, f"{longest} characters on a line, limit {width}{note}")
        if len(lines) > max_lines:
            report("subtitle-lines", len(lines), max_lines, f"{len(lines)} lines, limit {max_lines}")
        seconds = (cue.end - cue.start) / 1000
        chars = sum(display_length(line.strip()) for line in lines) + max(0, len(lines) - 1)
        if seconds > 0 and chars / seconds > max_cps + 1e-9:
            cps = chars / seconds
            report("subtitle-reading-speed", round(cps, 1), max_cps,
                   f"{cps:.1f} characters per second ({chars} in {seconds:g} s), limit {max_cps:g}")
        if lines and seconds < min_dur - 1e-9:
            report("subtitle-min-duration", seconds, min_dur, f"shown {seconds:g} s, minimum {min_dur:.3g} s")
        if seconds > max_dur + 1e-9:
            report("subtitle-max-duration", seconds, max_dur, f"shown {seconds:g} s, maximum {max_dur:g} s")
    return issues


def check_file(text: str, path: str, translate: Callable[[Segment], str], *,
               limits: SubtitleLimits | Mapping[str, Any] | None = None,
               language: str = "en", only_translated: bool = True,
               disabled: Iterable[str] = ()) -> list[CueIssue]:
    """Lay ``translate`` over the English file ``text`` exactly as the build does and check
    the result. With ``only_translated`` (the default) cues that keep their English text
    (untranslated entries) are not checked: their problems belong to the English source."""
    _, placed = layout(text, path, translate, limits=limits, language=language)
    chosen = [p for p in placed if p.changed or not only_translated]
    owners = {p.source.index: p.segments for p in chosen}
    cues = [replace(p.cue, index=p.source.index) for p in chosen]  # numbered as the PO comments are
    return check_cues(cues, limits, segments=owners, disabled=disabled)


def to_finding(issue: CueIssue, *, language: str, path: Path, line: int, source: str,
               translation: str) -> Finding:
    """The issue as a ``model.Finding`` located in a PO file (the caller knows where)."""
    return Finding(check=issue.rule, severity=issue.severity, language=language, path=path, line=line,
                   source=source, translation=translation, message=issue.message,
                   extra={"cue": issue.cue, "source_line": issue.line, "value": issue.value,
                          "limit": issue.limit})


def subtitle_findings(project: Project, language: Language, component: Component, po: catalog.Catalog,
                      path: Path, *, disabled: frozenset[str] = frozenset()) -> list[Finding]:
    """Subtitle limits (line length, lines, reading speed, durations) of one language's videos,
    measured on the cues the build writes and reported on the entry that fills the cue."""
    entries = {catalog.key(e): e for e in catalog.live_entries(po) if catalog.translation(e)}
    table = {key: catalog.translation(e) for key, e in entries.items()}
    lines = path.read_bytes().split(b"\n")
    limits = project.subtitle_limits(language.code)
    found: list[Finding] = []
    for source in component.sources:
        relative = source.relative_to(project.root).as_posix()
        text = subtitles.decode(read_input(source, error=SourceError), relative)
        issues = check_file(
            text, relative, lambda segment: table.get((segment.context, segment.text), segment.text),
            limits=limits, language=language.code, disabled=disabled)
        for issue in issues:
            owner = next((entries[k] for k in ((s.context, s.text) for s in issue.segments) if k in entries), None)
            if owner is None or issue.rule in ignored_checks(owner):
                continue
            finding = to_finding(issue, language=language.code, path=path,
                                 line=catalog.msgid_line(lines, owner.linenum), source=owner.msgid,
                                 translation=catalog.translation(owner))
            if catalog.is_fuzzy(owner):
                finding = replace(finding, severity=draft_severity(finding.severity))
            found.append(finding)
    return found
