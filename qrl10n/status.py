"""status: how complete every language is, by component, in entries and English words.

Translated means non-empty, not fuzzy, not obsolete. Words are counted on the
English msgid, so a language's percentage says how much of the course a learner can read in
it, whatever the translation's own length. Machine-made drafts waiting for review are fuzzy
and carry a "machine translation" comment; they are counted apart as ``machine`` (a subset of
fuzzy), so human work and unreviewed machine output never mix.

Counting goes through formats.po.scan (the read-only view of the one PO reader), not polib: status runs on
every pipeline run and in CI, and must stay cheaper than a ``msgfmt --statistics`` loop.
Word counts are cached per msgid, which every language shares. QA and glossary findings come
from qrl10n.checks, only when asked for; ``status`` takes their remembered counts per file.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .cache import FileMemo
from .formats.po import scan as poscan
from .model import Finding
from .project import Component, Language, Project

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: Marker characters the inline scanner leaves in text (unpaired emphasis, escapes, "#", "|").
_MARKERS = re.compile(r"[*_`#>|]")
_WORDS_CACHE: dict[str, int] = {}  # escaped msgid -> English words
#: From this many files to count, worker processes pay for themselves.
_PARALLEL_FROM = 8


def count_words(text: str) -> int:
    """Words of an English msgid, not counting link targets or markup characters."""
    from .formats import inline  # imported here: a warm status counts nothing
    if not inline.could_hold_markup(text):
        return len(_WORD.findall(_MARKERS.sub(" ", text)))
    nodes = inline.parse(text)
    shown = inline.plain(nodes, html=False)
    # A reference link's label ("[CRPD][crpd]") is counted, as it always was, so totals stay comparable.
    labels = " ".join(n.closing for n in inline.walk(nodes) if isinstance(n, inline.Link) and n.reference)
    return len(_WORD.findall(_MARKERS.sub(" ", f"{shown} {labels}")))


@dataclass(slots=True)
class Counts:
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    machine: int = 0  # fuzzy entries made by a machine (subset of fuzzy)

    def add(self, other: Counts) -> None:
        self.total += other.total
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        self.machine += other.machine

    def as_dict(self) -> dict[str, int]:
        return {"total": self.total, "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated}


@dataclass(slots=True)
class FindingCounts:
    """How many QA findings: glossary ones (check ids "glossary-*") and the other checks."""

    glossary: int = 0
    checks: int = 0
    errors: int = 0  # error-level findings of either kind

    def add(self, other: FindingCounts) -> None:
        self.glossary += other.glossary
        self.checks += other.checks
        self.errors += other.errors

    def count(self, finding: Finding) -> None:
        if finding.check.startswith("glossary"):
            self.glossary += 1
        else:
            self.checks += 1
        if finding.severity == "error":
            self.errors += 1

    def as_dict(self) -> dict[str, int]:
        return {"glossary": self.glossary, "checks": self.checks, "errors": self.errors}


@dataclass(slots=True)
class ComponentStats:
    name: str
    kind: str  # "pages" | "videos"
    entries: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)
    path: Path | None = None  # the PO file; None when it does not exist (counted from the template)
    findings: FindingCounts | None = None

    @property
    def percent(self) -> float:
        return percent(self.words)


@dataclass(slots=True)
class LanguageStats:
    language: Language
    components: list[ComponentStats]
    entries: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)
    threshold: float = 90.0  # publish when percent >= threshold
    findings: FindingCounts | None = None

    @property
    def percent(self) -> float:
        return percent(self.words)

    @property
    def ready(self) -> bool:
        """Meets its publish threshold (planned languages never do: they are not translated yet)."""
        return self.language.state == "active" and self.percent >= self.threshold

    def kind(self, kind: str) -> ComponentStats | None:
        """All components of one kind ("pages" or "videos") added up; None when there are none."""
        parts = [c for c in self.components if c.kind == kind]
        if not parts:
            return None
        total = ComponentStats(kind, kind)
        for part in parts:
            total.entries.add(part.entries)
            total.words.add(part.words)
        return total


def percent(words: Counts) -> float:
    return round(100.0 * words.translated / words.total, 2) if words.total else 0.0


def fmt_percent(value: float) -> str:
    """One decimal, rounded down, so 99.96% never shows as a finished 100%."""
    if value >= 100:
        return "100%"
    return f"{math.floor(value * 10) / 10:g}%"


# -- counting --------------------------------------------------------------------------------
def count_text(text: str, path: Path | str | None = None) -> tuple[Counts, Counts]:
    """(entries, words) of a PO file's text; words are English words of the msgids."""
    entries, words = Counts(), Counts()
    per_state_entries = [0, 0, 0]
    per_state_words = [0, 0, 0]
    cache = _WORDS_CACHE
    for entry in poscan.live(text, path):
        raw = entry.msgid
        n = cache.get(raw)
        if n is None:
            n = cache[raw] = count_words(poscan.unescape(raw))
        per_state_entries[entry.state] += 1
        per_state_words[entry.state] += n
        if entry.machine:
            entries.machine += 1
            words.machine += n
    for counts, per_state in ((entries, per_state_entries), (words, per_state_words)):
        counts.translated, counts.fuzzy, counts.untranslated = per_state
        counts.total = sum(per_state)
    return entries, words


def count_file(path: Path, memo: FileMemo | None = None) -> tuple[Counts, Counts]:
    """(entries, words) of one PO or POT file; from ``memo`` when the file is unchanged."""
    if memo is None:
        return count_text(poscan.read_po_text(path), path)
    entries, words = memo.get(path, lambda p: [_fields(c) for c in count_text(poscan.read_po_text(p), p)])
    return Counts(*entries), Counts(*words)


def _fields(counts: Counts) -> list[int]:
    return [counts.total, counts.translated, counts.fuzzy, counts.untranslated, counts.machine]


def count_new_files(project: Project, languages: Iterable[Language], memo: FileMemo) -> None:
    """Count the PO files ``memo`` does not know yet in worker processes (a first status of a
    course reads every file; each file is counted on its own)."""
    paths = {project.po_path(lang.code, comp) for lang in languages for comp in project.components}
    paths |= {project.template_path(comp) for comp in project.components}
    new = sorted(p for p in paths if memo.peek(p) is None and p.exists())
    if len(new) < _PARALLEL_FROM:
        return  # counted on the way, in this process
    from .parallel import run_each  # imported here: a warm status starts no process
    for path, (stat, value) in zip(new, run_each(_count_with_stat, new)):
        if stat is not None:
            memo.put(path, value, stat)


def _count_with_stat(path: Path) -> tuple[tuple[int, int] | None, list[list[int]]]:
    """The file's counts as FileMemo keeps them, and its (size, mtime) before it was read."""
    try:
        st = path.stat()
    except OSError:
        return None, []
    return (st.st_size, st.st_mtime_ns), [_fields(c) for c in count_text(poscan.read_po_text(path), path)]


def component_stats(project: Project, language: Language, component: Component,
                    memo: FileMemo | None = None) -> ComponentStats:
    """Counts for one PO file; a missing PO file counts as all untranslated (from the template)."""
    path = project.po_path(language.code, component)
    if path.exists():
        entries, words = count_file(path, memo)
        return ComponentStats(component.name, component.kind, entries, words, path)
    template = project.template_path(component)
    entries, words = count_file(template, memo) if template.exists() else (Counts(), Counts())
    for counts in (entries, words):
        counts.untranslated, counts.translated, counts.fuzzy, counts.machine = counts.total, 0, 0, 0
    return ComponentStats(component.name, component.kind, entries, words, None)


def language_stats(project: Project, language: Language, memo: FileMemo | None = None) -> LanguageStats:
    result = LanguageStats(language, [], threshold=threshold(project, language))
    for component in project.components:
        stats = component_stats(project, language, component, memo)
        result.components.append(stats)
        result.entries.add(stats.entries)
        result.words.add(stats.words)
    return result


def threshold(project: Project, language: Language) -> float:
    """Publish threshold: ``[language.<code>] publish_percent``, else ``[thresholds] publish_percent``."""
    own = project.settings.language(language.code).publish_percent
    return project.publish_percent if own is None else own


def status(project: Project, codes: tuple[str, ...] = (), *, findings: bool = False) -> list[LanguageStats]:
    """Stats of the languages named (all, planned too, by default); with QA findings if asked."""
    memo = FileMemo(project.root, "status", libraries=False)  # counts of unchanged files are not read again
    languages = project.select_languages(codes)
    try:
        count_new_files(project, languages, memo)
        stats = [language_stats(project, lang, memo) for lang in languages]
    finally:
        memo.save()
    if findings:
        add_tallies(project, stats)
    return stats


def add_tallies(project: Project, stats: list[LanguageStats]) -> None:
    """The findings ``check`` reports, counted per language and PO file without reading them:
    qrl10n.checks remembers a few numbers per file beside the findings themselves."""
    from .checks import tallies
    from .checks.addenda import addenda_findings
    codes = tuple(s.language.code for s in stats)
    per_file = tallies(project, codes)
    extra: dict[str, FindingCounts] = {}
    for finding in addenda_findings(project, list(codes)):
        extra.setdefault(finding.language, FindingCounts()).count(finding)
    for lang in stats:
        lang.findings = FindingCounts()
        lang.findings.add(extra.get(lang.language.code, FindingCounts()))
        for comp in lang.components:
            counts = per_file.get(str(comp.path)) if comp.path else None
            comp.findings = FindingCounts(*counts) if counts else FindingCounts()
            lang.findings.add(comp.findings)


def load_findings(project: Project, codes: tuple[str, ...]) -> list[Finding]:
    """Every finding of qrl10n.checks for ``codes`` (remembered while nothing changed)."""
    from .checks import check
    return list(check(project, codes))


def add_findings(stats: list[LanguageStats], findings: Iterable[Finding]) -> None:
    """Count each finding on its language and on the component whose PO file it is in."""
    by_path: dict[Path, FindingCounts] = {}
    by_language: dict[str, FindingCounts] = {}
    resolved: dict[str, Path] = {}  # a file has many findings: resolve its path once
    for finding in findings:
        by_language.setdefault(finding.language, FindingCounts()).count(finding)
        key = str(finding.path)
        path = resolved.get(key) or resolved.setdefault(key, Path(key).resolve())
        by_path.setdefault(path, FindingCounts()).count(finding)
    for lang in stats:
        lang.findings = by_language.get(lang.language.code, FindingCounts())
        for comp in lang.components:
            comp.findings = by_path.get(comp.path.resolve(), FindingCounts()) if comp.path else FindingCounts()


def below(stats: list[LanguageStats], minimum: float) -> list[LanguageStats]:
    """Active languages whose percentage is under ``minimum`` (what ``--fail-under`` reports)."""
    return [s for s in stats if s.language.state == "active" and s.percent < minimum]


# -- output ----------------------------------------------------------------------------------
def as_json(stats: list[LanguageStats]) -> dict:
    """The document ``status --format json`` prints; its fields are listed in the README
    ("For coordinators")."""
    return {"languages": [_language_json(s) for s in stats]}


def _language_json(s: LanguageStats) -> dict:
    kinds = {}
    for kind in ("pages", "videos"):
        part = s.kind(kind)
        if part is not None:
            kinds[kind] = {"entries": part.entries.as_dict(), "words": part.words.as_dict(),
                           "percent": part.percent}
    return {
        "code": s.language.code,
        "name": s.language.info.english_name,
        "native_name": s.language.info.native_name,
        "direction": s.language.info.direction,
        "state": s.language.state,
        "entries": s.entries.as_dict(),
        "words": s.words.as_dict(),
        "percent": s.percent,
        "machine": {"entries": s.entries.machine, "words": s.words.machine},
        "threshold": s.threshold,
        "ready": s.ready,
        "findings": s.findings.as_dict() if s.findings else None,
        "kinds": kinds,
        "components": [
            {"name": c.name, "kind": c.kind, "entries": c.entries.as_dict(),
             "words": c.words.as_dict(), "percent": c.percent,
             "machine": {"entries": c.entries.machine, "words": c.words.machine},
             "exists": c.path is not None,
             "findings": c.findings.as_dict() if c.findings else None}
            for c in s.components
        ],
    }


CSV_FIELDS = (
    "language", "name", "state", "component", "kind",
    "entries_total", "entries_translated", "entries_fuzzy", "entries_machine", "entries_untranslated",
    "words_total", "words_translated", "words_fuzzy", "words_machine", "words_untranslated",
    "percent", "glossary_findings", "check_findings", "threshold", "ready",
)


def as_csv(stats: list[LanguageStats]) -> str:
    """One row per language and component, then one row per language (component "", kind "all").

    As in the JSON, ``*_fuzzy`` counts every fuzzy entry and ``*_machine`` the machine-made part of them.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for s in stats:
        rows = [(c.name, c.kind, c.entries, c.words, c.percent, c.findings) for c in s.components]
        rows.append(("", "all", s.entries, s.words, s.percent, s.findings))
        for name, kind, entries, words, pct, found in rows:
            writer.writerow([
                s.language.code, s.language.info.english_name, s.language.state, name, kind,
                entries.total, entries.translated, entries.fuzzy, entries.machine, entries.untranslated,
                words.total, words.translated, words.fuzzy, words.machine, words.untranslated,
                f"{pct:.2f}", found.glossary if found else "", found.checks if found else "",
                f"{s.threshold:g}", "yes" if s.ready else "no",
            ])
    return out.getvalue()


def as_table(stats: list[LanguageStats], *, components: bool = False) -> str:
    """A fixed-width table for a terminal: one line per language (and per component if asked).

    Word columns: translated + fuzzy (human drafts) + machine (drafts to review) + untranslated = words.
    """
    head = ("language", "state", "words", "translated", "fuzzy", "machine", "untranslated",
            "pages", "videos", "total", "glossary", "checks", "publish")
    rows: list[tuple[str, ...]] = [head]
    for s in stats:
        pages, videos = s.kind("pages"), s.kind("videos")
        rows.append((
            f"{s.language.code} {s.language.info.english_name}", s.language.state,
            *_word_cells(s.words),
            _pct(pages), _pct(videos), fmt_percent(s.percent),
            *_finding_cells(s.findings),
            _publish(s),
        ))
        if components:
            for c in s.components:
                rows.append((f"  {c.name}", c.kind if c.path else f"{c.kind}, no PO",
                             *_word_cells(c.words),
                             _pct(c) if c.kind == "pages" else "", _pct(c) if c.kind == "videos" else "",
                             "", *_finding_cells(c.findings), ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i < 2 or i == len(head) - 1 else cell.rjust(widths[i])
                 for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _word_cells(words: Counts) -> tuple[str, ...]:
    """Total, then four columns that add up to it: fuzzy here is the human drafts only."""
    return (str(words.total), str(words.translated), str(words.fuzzy - words.machine), str(words.machine),
            str(words.untranslated))


def _finding_cells(found: FindingCounts | None) -> tuple[str, str]:
    return (str(found.glossary), str(found.checks)) if found else ("-", "-")


def _pct(part: ComponentStats | None) -> str:
    return fmt_percent(part.percent) if part is not None else "-"


def _publish(s: LanguageStats) -> str:
    if s.language.state == "planned":
        return "planned"
    return "ready" if s.ready else f"no (<{s.threshold:g}%)"
