"""``qrl10n check`` over a course: every rule family, the course's settings, remembered findings.

Two memories make a re-run cost what changed: a PO file whose size and modification time are
as they were gives back its findings without being read (cache.FileMemo), and in a file that
changed only the entries that changed are checked again (checks.memory.EntryMemory). Both are
keyed by qrl10n.toml, the term base and the tool's version, so a stale memory is never used.
Languages whose files changed are checked in parallel (qrl10n.parallel), each in one process
that builds its term matcher once.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import FileMemo, project_id
from ..formats.po import catalog
from ..glossary import load as load_term_base
from ..model import Finding
from ..parallel import each_result
from .addenda import addenda_findings
from .config import disabled_checks, language_settings
from .entries import EntryContext, entry_findings
from .glossary import TermChecks
from .memory import EntryMemory, entry_key, inputs_digest
from .subtitles import subtitle_findings

if TYPE_CHECKING:
    from ..project import Component, Language, Project

Record = list[Any]  # [check, severity, language, path, line, source, translation, message, extra]


def check(project: Project, codes: tuple[str, ...] | list[str] = (), *, jobs: int | None = None) -> list[Finding]:
    """Every finding of the selected languages: our checks, subtitle limits and the glossary,
    sorted by file, line and check."""
    return list(each_finding(project, codes, jobs=jobs))


def each_finding(project: Project, codes: tuple[str, ...] | list[str] = (), *, jobs: int | None = None,
                 glossary_only: bool = False) -> Iterator[Finding]:
    """``check``'s findings (``glossary_check``'s if asked) one by one, holding about one
    language's at a time (a large course has hundreds of thousands): findings sort by path
    first, so the languages' folders, read in order, give them in order; the few about
    templates and addenda are merged in."""
    from . import order
    if glossary_only and not project.glossary_path.is_file():
        load_term_base(project)  # raises the error that names the missing term base
    key = _glossary_order if glossary_only else order
    extra = source_findings(project)
    if not glossary_only:
        extra += addenda_findings(project, [lang.code for lang in project.select_languages(codes)])
    merged = heapq.merge(_in_folder_order(project, codes, jobs, glossary_only, key), sorted(extra, key=key), key=key)
    if glossary_only:
        yield from merged
        return
    seen: set[tuple[Any, ...]] = set()
    path = None
    for finding in merged:
        if finding.path != path:  # one finding per (line, check, message) of a file (entries.unique)
            seen, path = set(), finding.path
        if (finding.line, finding.check, finding.message) not in seen:
            seen.add((finding.line, finding.check, finding.message))
            yield finding


def _glossary_order(f: Finding) -> tuple[str, int, str, str]:
    return (str(f.path), f.line, f.check, f.message)


def _in_folder_order(project: Project, codes: tuple[str, ...] | list[str], jobs: int | None, glossary_only: bool,
                     order: Callable[[Finding], Any]) -> Iterator[Finding]:
    """Each language's findings, sorted, in the order of the languages' folders: as they come
    from ``language_records`` when a language comes in its turn, else read back from memory
    when its turn comes."""
    folders = sorted({lang.code for lang, _, _ in project.po_files(codes)}, key=lambda code: _folder(project, code))
    arrived: set[str] = set()
    turn = 0

    def sorted_findings(found: Mapping[str, list[Record]]) -> list[Finding]:
        paths: dict[str, Path] = {}
        return sorted((_finding(r, paths) for records in found.values() for r in records), key=order)

    for code, found in language_records(project, codes, jobs=jobs, glossary_only=glossary_only):
        arrived.add(code)
        if code == folders[turn]:
            yield from sorted_findings(found)
            turn += 1
        found = {}  # a language that came before its turn is read back from memory in its turn
        while turn < len(folders) and folders[turn] in arrived:
            for _, found in language_records(project, (folders[turn],), glossary_only=glossary_only):
                yield from sorted_findings(found)
            turn += 1


def _folder(project: Project, code: str) -> str:
    return f"{project.po_dir / code}/"


def glossary_check(project: Project, codes: tuple[str, ...] | list[str] = (), *,
                   jobs: int | None = None) -> list[Finding]:
    """What ``qrl10n glossary check`` reports (qrl10n.glossary's findings, in its order), from
    the same memories as ``check``."""
    return list(each_finding(project, codes, jobs=jobs, glossary_only=True))


def file_check(project: Project, path: Path) -> list[Finding] | None:
    """The findings ``check LANG`` reports for one course PO file; None when ``path`` is not one."""
    from . import order
    target = path.resolve()
    for language, _component, po_path in project.po_files():
        if po_path.resolve() == target:
            records = course_records(project, (language.code,), only=target)
            paths: dict[str, Path] = {}
            return sorted((_finding(r, paths) for found in records.values() for r in found), key=order)
    return None


def tallies(project: Project, codes: tuple[str, ...] | list[str] = ()) -> dict[str, list[int]]:
    """PO file path -> [glossary findings, other findings, errors], remembered apart from the
    findings themselves so ``status`` reads a few numbers per file, not every finding."""
    memo = FileMemo(project.root, "check-tally", key=_course_key(project))
    try:
        files = project.po_files(codes)
        result = {str(path): memo.peek(path) for _, _, path in files}
        missing = sorted({lang.code for lang, _, path in files if result[str(path)] is None})
        for _, found in language_records(project, missing) if missing else ():
            for where, records in found.items():
                if result[where] is None:
                    result[where] = value = _tally(records)
                    memo.put(Path(where), value)
    finally:
        memo.save()
    return result


def source_findings(project: Project) -> list[Finding]:
    """Forbidden English terms in the templates, remembered while the templates, the term base
    and qrl10n.toml are unchanged."""
    templates = [project.template_path(c) for c in project.components]
    stamp = hashlib.blake2b(digest_size=16)
    for template in templates:
        try:
            st = template.stat()
        except FileNotFoundError:
            continue
        stamp.update(f"{template}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    memo = FileMemo(project.root, "check-source", key=_course_key(project) + stamp.hexdigest())
    try:
        records = memo.get(project.glossary_path, lambda _: [_record(f) for f in TermChecks(project).source_findings()])
    finally:
        memo.save()
    paths: dict[str, Path] = {}
    return [_finding(r, paths) for r in records]


def _tally(records: list[Record]) -> list[int]:
    """Counted as ``check`` reports them: one finding per (line, check, message)."""
    seen: set[tuple[Any, ...]] = set()
    glossary = checks = errors = 0
    for r in records:
        if (r[4], r[0], r[7]) in seen:
            continue
        seen.add((r[4], r[0], r[7]))
        glossary, checks = (glossary + 1, checks) if r[0].startswith("glossary") else (glossary, checks + 1)
        errors += r[1] == "error"
    return [glossary, checks, errors]


def course_records(project: Project, codes: tuple[str, ...] | list[str] = (), *, jobs: int | None = None,
                   only: Path | None = None, glossary_only: bool = False) -> dict[str, list[Record]]:
    """PO file path -> its findings as records, remembered per file and per entry (the
    glossary's alone if asked: what ``glossary check`` reports)."""
    records: dict[str, list[Record]] = {}
    for _, found in language_records(project, codes, jobs=jobs, only=only, glossary_only=glossary_only):
        records.update(found)
    return records


def language_records(project: Project, codes: tuple[str, ...] | list[str] = (), *, jobs: int | None = None,
                     only: Path | None = None, glossary_only: bool = False
                     ) -> Iterator[tuple[str, dict[str, list[Record]]]]:
    """``course_records`` one language at a time: (code, its records). Each language's findings
    are remembered in a file of their own and given out as soon as they are known (those
    remembered first, then those computed, each in the order of the languages' folders), so a
    caller that keeps only counts (``status``) holds one language's findings at a time."""
    languages = project.select_languages(codes)
    for lang in languages:  # settings are validated before any file is read
        disabled_checks(project, lang.code)
        language_settings(project, lang.code)
    name, key = "glossary-check" if glossary_only else "check", _course_key(project)
    files: dict[str, list[Path]] = {}
    for lang, _, path in sorted(project.po_files(codes), key=lambda file: _folder(project, file[0].code)):
        if only is None or path.resolve() == only:
            files.setdefault(lang.code, []).append(path)
    FileMemo.remove(project.root, name)  # one file for every language, as earlier versions kept it
    stale: list[tuple[str, tuple[str, ...]]] = []
    for code, paths in files.items():
        memo = FileMemo(project.root, f"{name}-{code}", key=key)
        known = {str(path): memo.peek(path) for path in paths}
        missing = tuple(where for where, found in known.items() if found is None)
        if missing:
            stale.append((code, missing))
        else:
            yield code, {where: found or [] for where, found in known.items()}
    for (code, _), done in zip(stale, each_result(_LanguageCheck(project, glossary_only), stale, jobs=jobs)):
        memo = FileMemo(project.root, f"{name}-{code}", key=key)
        result: dict[str, list[Record]] = {}
        try:
            for path in files[code]:
                if str(path) in done:
                    stat, result[str(path)] = done[str(path)]
                    memo.put(path, result[str(path)], stat)
                else:
                    result[str(path)] = memo.peek(path) or []
        finally:
            memo.save()
        yield code, result


def _course_key(project: Project) -> str:
    """What a PO file's findings depend on besides the file: settings, terms, English subtitles."""
    return inputs_digest([project.config_path, project.glossary_path,
                          *(source for component in project.components if component.kind == "videos"
                            for source in component.sources)])


@dataclass(frozen=True, slots=True)
class _LanguageCheck:
    """One language's changed PO files, in whichever process qrl10n.parallel gives it."""

    project: Project
    glossary_only: bool = False

    def __call__(self, work: tuple[str, tuple[str, ...]]) -> dict[str, tuple[tuple[int, int], list[Record]]]:
        from ..project import user_cache_dir
        code, paths = work
        project = self.project
        language = next(lang for lang in project.languages if lang.code == code)
        components = {str(project.po_path(code, c)): c for c in project.components}
        off, settings = disabled_checks(project, code), language_settings(project, code)
        memory = EntryMemory(user_cache_dir() / "memo", project_id(project.root), code,
                             inputs_digest([project.config_path, project.glossary_path]) + code)
        terms = TermChecks(project)
        done = {}
        try:
            for path in paths:
                stat = Path(path).stat()
                found = file_records(project, language, components[path], Path(path), off, settings, terms, memory,
                                     glossary_only=self.glossary_only)
                done[path] = ((stat.st_size, stat.st_mtime_ns), found)
        finally:
            memory.save()
            _save_lemmas()
        return done


def file_records(project: Project, language: Language, component: Component, path: Path, off: frozenset[str],
                 settings: Mapping[str, Any], terms: TermChecks, memory: EntryMemory, *,
                 glossary_only: bool = False) -> list[Record]:
    """The findings of one course PO file: our rules and its glossary terms entry by entry
    (remembered), its subtitle limits (laid out as the build lays them); the glossary's alone
    if asked."""
    po = catalog.load(path)
    code = language.code
    context = EntryContext.of(po, code, disabled=off, settings=settings)
    plural_forms = po.metadata.get("Plural-Forms", "")
    lines = path.read_bytes().split(b"\n")
    where = str(path)
    records: list[Record] = []

    def rules(entry: catalog.Entry) -> list[Any]:
        return [_short(f) for f in entry_findings(entry, context)]

    def glossary(entry: catalog.Entry) -> list[Any]:
        return [_short(f) for f in terms.entry_findings(code, entry) if f.check not in off]

    parts = (("glossary", glossary),) if glossary_only else (("rules", rules), ("glossary", glossary))
    for entry in catalog.live_entries(po):
        key = entry_key(entry, plural_forms)
        remembered = [r for part, compute in parts for r in memory.get(key, part, functools.partial(compute, entry))]
        if remembered:
            line = catalog.msgid_line(lines, entry.linenum)
            records.extend([c, s, code, where, line, src, tr, m, x] for c, s, src, tr, m, x in remembered)
    if component.kind == "videos" and not glossary_only:
        records.extend(_record(f) for f in subtitle_findings(project, language, component, po, path, disabled=off))
    return records


def _short(f: Finding) -> list[Any]:
    """A finding without its language, path and line (the entry memory's form)."""
    return [f.check, f.severity, f.source, f.translation, f.message, f.extra or {}]


def _record(f: Finding) -> Record:
    return [f.check, f.severity, f.language, str(f.path), f.line, f.source, f.translation, f.message, f.extra or {}]


def _finding(record: Record, paths: dict[str, Path]) -> Finding:
    check_id, severity, language, path, line, source, translation, message, extra = record
    where = paths.get(path)
    if where is None:
        where = paths[path] = Path(path)
    return Finding(check_id, severity, language, where, line, source, translation, message, extra)


def _save_lemmas() -> None:
    """A worker process ends without atexit handlers: the lemmas it learnt are written now."""
    from ..word_keys import save_lemmas
    save_lemmas()
