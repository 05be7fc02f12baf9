"""glossary: the course's rights terminology, enforced in every language.

- ``annotate`` writes, on every PO entry whose English text contains a term, an extracted
  comment ``glossary: legal capacity = capacidad jurídica (also: …) (not: …)`` that Poedit,
  Lokalize and Weblate show next to the text. Its lines are owned by the prefix
  ``glossary:``: a re-run replaces them, translator comments are never touched, and
  ``qrl10n update`` keeps them.
- ``check`` reports, per language: an English term whose approved translation (or an
  admitted variant) is not in the translation (``glossary-missing``); a forbidden term in a
  translation (``glossary-forbidden``); a forbidden English term in the source, once per
  template entry, at the source file and line (``glossary-forbidden-source``). A term quoted
  on its own ("avoid “lunatic”") is a mention, reported as info. Matching is
  inflection-aware (qrl10n.matching, with the per-language table qrl10n/morphology.toml);
  every finding says which method matched. An inflected variant of a term in the TBX is matched
  like its term and reported as it; a provisional term is a hint only, never an error.
- ``export`` writes per-language TBX and CSV for editors and DeepL glossary entries;
  ``import_csv`` merges a spreadsheet into glossary/terms.tbx.

Each PO entry is analysed once: its words are normalized once and every term is found by one
automaton per matching level, so the cost grows with the text, not with terms x entries (the
compiled term base, ``Glossary``, is qrl10n.glossary_index; ``load`` gives the project's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import matching, word_keys
from .errors import GlossaryError
from .files import fingerprint, write_if_changed
from .formats import glossary_csv, tbx as termbase
from .formats.glossary_csv import MergeReport
from .formats.po import catalog
from .formats.po.comments import ignored_checks
from .formats.tbx import Concept, TermBase
from .glossary_index import Glossary, Hit, coordinated, nfc_text
from .model import FileResult, Finding
from .project import Project
from .report import relative

PREFIX = "glossary:"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    description: str


RULES = (
    Rule("glossary-missing", "error",
         "An English glossary term is in the source but neither its approved translation nor an admitted "
         "variant (in any inflected form) is in the translation."),
    Rule("glossary-forbidden", "error",
         "A forbidden term of the glossary (stigmatizing or deprecated) is in the translation; superseded "
         "terms are warnings, a term quoted on its own is a mention (info)."),
    Rule("glossary-forbidden-source", "error",
         "A forbidden English term (stigmatizing language) is in the English source: the course authors "
         "should replace it with the preferred alternative."),
)
SEVERITY = {rule.id: rule.severity for rule in RULES}
KIND = {"glossary-missing": "missing", "glossary-forbidden": "forbidden",
        "glossary-forbidden-source": "forbidden-in-source"}

#: Languages DeepL makes glossaries for (its /v2/glossary-language-pairs: any pair among these).
DEEPL_GLOSSARY_LANGUAGES = frozenset({
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hu", "id", "it", "ja", "ko",
    "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi", "zh",
})


_COMPILED: dict[Path, tuple[TermBase, Glossary]] = {}


def load(project: Project) -> Glossary:
    """The project's term base, compiled once per process while the file is unchanged."""
    base = termbase.load(project.glossary_path)
    if base.warnings:  # in the course's own term base a slip changes what is checked: stop
        where, line, problem = re.match(r"(.*):(\d+): (.*)", base.warnings[0]).groups()
        more = f" (and {len(base.warnings) - 1} more)" if len(base.warnings) > 1 else ""
        raise GlossaryError(problem + more, path=where, line=int(line) or None,
                            fix="Correct glossary/terms.tbx there: statuses are preferredTerm-admn-sts, "
                                "admittedTerm-admn-sts or deprecatedTerm-admn-sts, a term is never empty, and a "
                                "variant (termType variant) follows its term in the same langSet")
    cached = _COMPILED.get(project.glossary_path)
    if cached is not None and cached[0] is base:
        return cached[1]
    glossary = Glossary(base)
    _COMPILED[project.glossary_path] = (base, glossary)
    return glossary


# -- annotate --------------------------------------------------------------------------------------
def annotate(project: Project, codes: tuple[str, ...] = (), *, check: bool = False,
             only: Callable[[Path], bool] | None = None) -> list[FileResult]:
    """Glossary hints into the extracted comments of every PO file of the selected languages
    (of those ``only`` accepts: ``run`` passes the files changed since it last annotated them)."""
    glossary = load(project)
    results = []
    for language, _component, path in project.po_files(codes):
        if only is None or only(path):
            results.append(annotate_file(glossary, language.code, path, check=check))
    return results


def annotate_file(glossary: Glossary, lang: str, path: Path, *, check: bool = False) -> FileResult:
    stamp = catalog.stamp(path)
    po = catalog.load(path)
    touched = 0
    for entry in catalog.live_entries(po):
        lines = hints(glossary, lang, entry.msgid)
        current = [c for c in (entry.comment or "").split("\n") if c.startswith(PREFIX)]
        if current != lines:
            catalog.set_extracted(entry, PREFIX, lines)
            touched += 1
    if not touched:
        return FileResult(path, False)
    changed = catalog.dumps(po).encode("utf-8") != path.read_bytes()
    if changed and not check:
        catalog.save(po, path, expected=stamp)
    return FileResult(path, changed, f"{touched} entries annotated")


def hints(glossary: Glossary, lang: str, msgid: str) -> list[str]:
    """The ``glossary:`` comment lines for one English text in ``lang``: one per concept found."""
    lines: list[str] = []
    seen: set[str] = set()
    for hit in glossary.source_hits(msgid):
        concept = hit.concept
        if concept.id in seen:
            continue
        seen.add(concept.id)
        view = glossary.view(concept, lang)
        preferred, admitted, banned = view.preferred, view.admitted, view.banned
        if hit.banned:
            line = f'{PREFIX} "{hit.found}" is stigmatizing language. {_advice(glossary.base, concept)}'
            if preferred is not None:
                line += f" = {view.shown(preferred)}"
        elif preferred is None and not banned:
            continue
        else:
            english = glossary.view(concept, glossary.source).preferred or hit.term.text
            line = f"{PREFIX} {english} = {view.shown(preferred) if preferred else '?'}"
            if admitted:
                line += f" (also: {', '.join(map(view.shown, admitted))})"
        if banned:
            line += f" (not: {', '.join(map(view.shown, banned))})"
        lines.append(line)
    return lines


def _advice(base: TermBase, concept: Concept) -> str:
    """What to write instead of a forbidden English term: the concept's note, or its preferred term."""
    preferred = concept.preferred(base.source_language)
    if concept.note:
        return concept.note.rstrip(".")
    if preferred is not None:
        return f"Use instead: {preferred.text}"
    return "Rephrase without it"


# -- check ---------------------------------------------------------------------------------------
def check(project: Project, codes: tuple[str, ...] = ()) -> list[Finding]:
    """Glossary findings of the selected languages, then the English source's, in file order."""
    from .parallel import run_each
    glossary = load(project)
    languages = [language.code for language in project.select_languages(codes)]
    findings: list[Finding] = [f for found in run_each(_LanguageCheck(project), languages) for f in found]
    findings.extend(source_findings(project, glossary))
    return sorted(findings, key=lambda f: (str(f.path), f.line, f.check, f.message))


@dataclass(frozen=True, slots=True)
class _LanguageCheck:
    """One language's PO files, in whichever process qrl10n.parallel gives it: languages are
    independent, and a language's matcher is built once where its files are checked."""

    project: Project

    def __call__(self, code: str) -> list[Finding]:
        glossary = load(self.project)
        disabled = _disabled(self.project, code)
        found = [f for _, _, path in self.project.po_files((code,))
                 for f in check_file(glossary, code, path) if f.check not in disabled]
        word_keys.save_lemmas()  # a worker process ends without atexit handlers
        return found


def as_json(findings: Iterable[Finding], *, root: Path | None = None) -> list[dict]:
    """Flat objects for ``qrl10n glossary check --format json`` (paths relative to ``root``)."""
    rows = []
    shown: dict[object, str] = {}  # a file has many findings: its path is made relative once
    for f in findings:
        path = shown.get(f.path)
        if path is None:
            path = shown[f.path] = Path(relative(Path(f.path), Path(root)) if root is not None else f.path).as_posix()
        extra = f.extra or {}
        rows.append({
            "language": f.language, "path": path, "line": f.line,
            "kind": extra.get("kind", KIND.get(f.check, "")), "term": extra.get("term", ""),
            "expected": extra.get("expected", ""), "source": f.source, "translation": f.translation,
            "check": f.check, "severity": f.severity, "message": f.message, "found": extra.get("found", ""),
            "method": extra.get("method", ""), "concept": extra.get("concept", ""),
        })
    return rows


def check_file(glossary: Glossary, lang: str, path: Path, po: catalog.Catalog | None = None) -> list[Finding]:
    """Findings of one language's PO file: missing and forbidden terms, entry by entry."""
    po = po if po is not None else catalog.load(path)
    lines = path.read_bytes().split(b"\n")
    found: list[Finding] = []
    for entry in catalog.live_entries(po):
        problems = entry_findings(glossary, lang, entry)
        if problems:
            line = catalog.msgid_line(lines, entry.linenum)
            found.extend(replace(finding, path=path, line=line) for finding in problems)
    return found


def entry_findings(glossary: Glossary, lang: str, entry: catalog.Entry) -> list[Finding]:
    """One PO entry's missing and forbidden terms, without path and line: every translated
    form matched, the entry's suppressions honoured, a draft's errors shown as warnings."""
    text = catalog.translation(entry)
    if not text:
        return []
    others = [v for k, v in sorted(entry.msgstr_plural.items()) if k][:8] if entry.msgid_plural else []
    found = []
    for finding in check_entry(glossary, lang, entry.msgid, text, extra_translations=others):
        if finding.check in ignored_checks(entry):
            continue
        if catalog.is_fuzzy(entry) and finding.severity == "error":
            finding = replace(finding, severity="warning")
        found.append(finding)
    return found


def check_entry(glossary: Glossary, lang: str, source: str, translation: str,
                extra_translations: Iterable[str] = ()) -> list[Finding]:
    """Findings for one (English, translation) pair; path and line are left for the caller."""
    findings: list[Finding] = []
    source_hits = glossary.source_hits(source)
    target_hits = glossary.target_hits(lang, translation)
    for other in extra_translations:
        target_hits += [h for h in glossary.target_hits(lang, other) if h.banned]
    present = {h.concept.id for h in target_hits if not h.banned}
    banned_concepts = {h.concept.id for h in target_hits if h.banned}
    reported: set[str] = set()
    for hit in source_hits:
        concept = hit.concept
        if hit.banned or concept.id in reported or concept.id in present or concept.id in banned_concepts:
            continue
        view = glossary.view(concept, lang)
        preferred, admitted = view.preferred, list(view.admitted)
        if preferred is None or preferred in view.provisional:
            continue
        reported.add(concept.id)
        english = glossary.view(concept, glossary.source).preferred or hit.term.text
        message = f'"{hit.found}" should be translated as "{preferred}"'
        if admitted:
            message += f" (or {', '.join(repr(a) for a in admitted)})"
        message += f"; none found by {' > '.join(word_keys.methods(lang))}"
        severity = None
        if len(word_keys.tokenize(hit.found, glossary.source)) > 1 and coordinated(nfc_text(source), hit.start, hit.end):
            severity = "warning"
            message += " (the English coordinates it with another word, so a translation may split it: check)"
        findings.append(_finding("glossary-missing", lang, source, translation, message, {
            "kind": "missing", "term": english, "expected": preferred, "admitted": admitted,
            "concept": concept.id, "method": "none", "source_method": hit.method, "found": ""}, severity))
    seen: set[tuple[str, str]] = set()
    for hit in target_hits:
        if not hit.banned or (hit.concept.id, hit.found.casefold()) in seen:
            continue
        seen.add((hit.concept.id, hit.found.casefold()))
        findings.append(_forbidden(glossary, lang, source, translation, hit))
    return findings


def _forbidden(glossary: Glossary, lang: str, source: str, translation: str, hit: Hit) -> Finding:
    concept = hit.concept
    preferred = glossary.view(concept, lang).preferred
    expected = preferred or _advice(glossary.base, concept)
    how = "" if hit.method == word_keys.EXACT else f' (the form of "{hit.term.text}", matched by {hit.method})'
    word = "superseded" if hit.term.status == "superseded" else "forbidden"
    message = f'"{hit.found}" is a {word} term{how}. Use "{expected}"' if preferred else \
        f'"{hit.found}" is a {word} term{how}. {expected}'
    severity = "warning" if hit.term.status == "superseded" else "error"
    if matching.quoted(translation, hit.start, hit.end):
        severity, message = "info", message + " (quoted: a mention, not a use)"
    return _finding("glossary-forbidden", lang, source, translation, message, {
        "kind": "forbidden", "term": hit.term.text, "found": hit.found, "expected": expected,
        "concept": concept.id, "method": hit.method, "status": hit.term.status}, severity)


def source_findings(project: Project, glossary: Glossary) -> list[Finding]:
    """Forbidden English terms in the source, read once from each template (not per language);
    none when the course switches the rule off."""
    findings: list[Finding] = []
    if "glossary-forbidden-source" in _disabled(project, None):
        return findings
    for component in project.components:
        template = project.template_path(component)
        if not template.is_file():
            continue
        po = catalog.load(template)
        lines: list[bytes] | None = None
        for entry in catalog.live_entries(po):
            hits = [h for h in glossary.source_hits(entry.msgid) if h.banned and not h.term.provisional]
            if not hits:
                continue
            places = [(project.root / p, int(n)) for p, n in entry.occurrences if n and str(n).isdigit()]
            if not places:
                lines = lines if lines is not None else template.read_bytes().split(b"\n")
                places = [(template, catalog.msgid_line(lines, entry.linenum))]
            for hit in hits:
                severity = "info" if matching.quoted(nfc_text(entry.msgid), hit.start, hit.end) else "error"
                message = f'"{hit.found}" is stigmatizing language. {_advice(glossary.base, hit.concept)}'
                if severity == "info":
                    message += " (quoted: a mention, not a use)"
                for path, line in places:
                    findings.append(Finding("glossary-forbidden-source", severity, glossary.source, path, line,
                                            entry.msgid, "", message, {
                                                "kind": "forbidden-in-source", "term": hit.term.text,
                                                "found": hit.found, "expected": _advice(glossary.base, hit.concept),
                                                "concept": hit.concept.id, "method": hit.method,
                                                "template": str(template)}))
    return findings


def _finding(check_id: str, lang: str, source: str, translation: str, message: str, extra: dict,
             severity: str | None = None) -> Finding:
    return Finding(check_id, severity or SEVERITY[check_id], lang, Path(), 0, source, translation, message, extra)


def _disabled(project: Project, lang: str | None) -> frozenset[str]:
    """Check ids switched off in qrl10n.toml ([checks] disable, [language.<code>] disable_checks)."""
    return frozenset(project.settings.disabled_checks + project.settings.language(lang).disable_checks)


# -- DeepL and export ------------------------------------------------------------------------------
def deepl_entries(project: Project, lang: str) -> dict[str, str]:
    """English preferred term -> preferred ``lang`` term, only entries a DeepL glossary accepts
    (non-empty, no control characters or line breaks, one target per source term)."""
    if not project.glossary_path.is_file():
        return {}
    return entries_for_deepl(load(project).base, lang)


def entries_for_deepl(base: TermBase, lang: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    for concept in base.concepts:
        english = concept.preferred(base.source_language)
        target = concept.preferred(lang)
        if english is None or target is None or english.status != "preferred":
            continue
        if _deepl_valid(english.text) and _deepl_valid(target.text) and english.text not in entries:
            entries[english.text] = target.text
    return entries


def _deepl_valid(text: str) -> bool:
    return bool(text) and text == text.strip() and not any(
        ord(c) < 32 or 127 <= ord(c) <= 159 or c in "\u2028\u2029" for c in text)


def export(project: Project, codes: tuple[str, ...] = (), out_dir: Path | None = None) -> list[FileResult]:
    """build/glossary/: terms.csv (everything), <lang>.tbx and <lang>.csv (English + that language
    for editors), deepl/<lang>.tsv (DeepL glossary entries, for languages DeepL has glossaries for)."""
    base = load(project).base
    out = out_dir or project.build_dir / "glossary"
    results = [_write(out / "terms.csv", glossary_csv.write_csv(base).encode("utf-8"))]
    title = base.title or f"{project.name}: rights terminology"
    for language in project.select_languages(codes):
        lang = language.code
        view = base.only([lang])
        results.append(_write(out / f"{lang}.tbx", termbase.write_tbx(view, title=f"{title} (en-{lang})")))
        results.append(_write(out / f"{lang}.csv", glossary_csv.write_csv(view, [lang]).encode("utf-8")))
        if lang.split("_")[0].split("-")[0] in DEEPL_GLOSSARY_LANGUAGES:
            tsv = "".join(f"{s}\t{t}\n" for s, t in entries_for_deepl(base, lang).items())
            results.append(_write(out / "deepl" / f"{lang}.tsv", tsv.encode("utf-8")))
    return results


def _write(path: Path, data: bytes) -> FileResult:
    return FileResult(path, write_if_changed(path, data))


def import_csv(project: Project, path: Path, *, language: str | None = None, replace_all: bool = False,
               dry_run: bool = False) -> tuple[FileResult, MergeReport, tuple[str, ...]]:
    """Merge a glossary spreadsheet into glossary/terms.tbx (``replace_all``: make it the term base).

    Returns the term base file's result, what was added/updated, and warnings (rows skipped).
    """
    incoming = glossary_csv.read_csv(path, language=language, source_language=project.source_language)
    target = project.glossary_path
    stamp = fingerprint(target)
    if stamp is None or replace_all:
        base = TermBase((), project.source_language, f"{project.name}: rights terminology")
    else:
        base = termbase.read_tbx(target)
    merged, report = glossary_csv.merge(base, incoming)
    data = termbase.write_tbx(merged)
    changed = stamp is None or target.read_bytes() != data
    if changed and not dry_run:
        write_if_changed(target, data, expected=stamp)
    return FileResult(target, changed, f"{report.added} added, {report.updated} updated, "
                                       f"{report.unchanged} unchanged"), report, incoming.warnings
