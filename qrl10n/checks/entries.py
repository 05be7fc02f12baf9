"""Our entry rules over one PO file (a course's or anyone's), one pass per entry.

Every rule of the registry that applies to entries runs on each translated form of a live
entry; a translator switches one off for an entry with ``# qrl10n: ignore <id>``
(or the flag ``#, ignore-<id>``). An entry's findings
depend only on the entry, its language, the file's plural rule and the settings, so
``EntryContext`` holds what a file shares and ``entry_findings`` is what the course memory
remembers per entry (qrl10n.checks.memory).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import CatalogError, ConfigError
from ..formats.po import catalog
from ..formats.po.comments import ignored_checks
from ..languages import LanguageInfo, language_info
from ..model import Finding
from .registry import CheckContext, Rule, draft_severity

PO_SUFFIXES = (".po", ".pot")
_NOWHERE = Path()


@dataclass(frozen=True, slots=True)
class EntryContext:
    """What every entry of one file is checked with: its language, rules, plural rule, settings."""

    language: str
    rules: tuple[Rule, ...]
    info: LanguageInfo | None = None
    forms: Mapping[int, tuple[int, bool]] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, po: catalog.Catalog, language: str, *, disabled: frozenset[str] = frozenset(),
           settings: Mapping[str, Any] | None = None) -> EntryContext:
        from . import entry_rules
        info = _info(language)
        return cls(language, tuple(r for r in entry_rules() if r.id not in disabled), info,
                   _plural_forms(po.metadata.get("Plural-Forms", ""), info), settings or {})


def check_file(path: Path, language: str, *, disabled: frozenset[str] = frozenset(),
               settings: Mapping[str, Any] | None = None) -> list[Finding]:
    """Every finding in one PO file, with our rules only (no course: see qrl10n.checks.course).

    ``disabled`` check ids are skipped, and so is a check on an entry flagged ``ignore-<id>``;
    ``settings`` are the language's qrl10n.toml settings (``length_ratio``). Raises
    CatalogError when the file cannot be parsed.
    """
    return check_catalog(catalog.load(path), path, language, disabled=disabled, settings=settings)


def po_file_language(path: Path, po: catalog.Catalog) -> str:
    """The language of a PO file named by hand: its Language header (a template's is English).
    Raises CatalogError for a file without one."""
    language = (po.metadata.get("Language") or "").strip()
    if not language and path.suffix == ".pot":
        language = "en"
    if not language:
        raise CatalogError("the PO file has no Language header, so its language is unknown", path=path,
                           fix='Add "Language: xx\\n" to its header (Poedit: Catalogue > Properties)')
    return language


def load_named(path: Path) -> catalog.Catalog:
    """A PO file named on the command line; a missing one is an error naming it."""
    if not path.is_file():
        raise CatalogError("no such PO file", path=path, fix="Check the path")
    return catalog.load(path)


def check_catalog(po: catalog.Catalog, path: Path, language: str, *,
                  disabled: frozenset[str] = frozenset(), settings: Mapping[str, Any] | None = None) -> list[Finding]:
    """``check_file`` on a catalog already loaded from ``path``."""
    context = EntryContext.of(po, language, disabled=disabled, settings=settings)
    lines = path.read_bytes().split(b"\n")
    findings: list[Finding] = []
    for entry in catalog.live_entries(po):
        found = entry_findings(entry, context)
        if found:
            line = catalog.msgid_line(lines, entry.linenum)
            findings.extend(replace(f, path=path, line=line) for f in found)
    return findings


def entry_findings(entry: catalog.Entry, context: EntryContext) -> list[Finding]:
    """The findings of one entry, without path and line (the caller knows where it is)."""
    if entry.msgid in CREDITS:
        return []
    language = context.language
    comments = _lines(entry.comment)
    flags = frozenset(entry.flags)
    check_context = CheckContext(language, context.info, flags, comments, comments[0] if comments else "",
                                 context.settings)
    fuzzy = catalog.is_fuzzy(entry)
    ignored = ignored_checks(entry)
    findings: list[Finding] = []
    for sources, text, form_single in _pairs(entry, context.forms):
        form_context = replace(check_context, single_number_form=True) if form_single else check_context
        for rule in context.rules:
            if rule.id in ignored:
                continue
            fn = rule.fn
            if fn is None:
                continue
            source, messages = sources[0], fn(sources[0], text, form_context)
            if messages and len(sources) > 1 and not fn(sources[1], text, form_context):
                messages = []  # a form for 1 and other numbers may follow either English
            if messages:
                severity = draft_severity(rule.severity) if fuzzy else rule.severity
                message = "; ".join(dict.fromkeys(messages))
                findings.append(Finding(rule.id, severity, language, _NOWHERE, 0, source, text, message))
    return unique(findings)


#: msgids that hold the translators' names, not a translation (GNOME, KDE)
CREDITS = frozenset({"translator-credits", "translator_credits", "Your names", "Your emails"})


def _pairs(entry: catalog.Entry, forms: Mapping[int, tuple[int, bool]]) -> list[tuple[tuple[str, ...], str, bool]]:
    """(English texts the form may follow, translation, form used for one number only) for every
    non-empty form. The plural expression decides: a form for n=1 alone follows msgid, a form
    for other numbers msgid_plural, a form for 1 and others (Ukrainian 1, 21, 31…; French 0
    and 1) either. Without a usable expression, form 0 follows msgid."""
    if not entry.msgid_plural:
        return [((entry.msgid,), entry.msgstr, False)] if entry.msgstr else []
    one, many, either = (entry.msgid,), (entry.msgid_plural,), (entry.msgid, entry.msgid_plural)
    pairs: list[tuple[tuple[str, ...], str, bool]] = []
    for index, text in sorted(entry.msgstr_plural.items()):
        if not text:
            continue
        if not forms:
            english = either if len(entry.msgstr_plural) == 1 else one if index == 0 else many
            pairs.append((english, text, False))
            continue
        numbers, for_one = forms.get(index, (0, False))
        english = (one if numbers == 1 else either) if for_one else many
        pairs.append((english, text, numbers == 1))
    return pairs


def _plural_forms(plural_forms: str, info: LanguageInfo | None) -> Mapping[int, tuple[int, bool]]:
    """Form -> (how many n in 0..999 use it, whether n=1 does), from the file's Plural-Forms
    header or else the language's rule; empty when neither can be evaluated. A form used for
    exactly one n (Arabic's zero, one and two) may omit the number."""
    match = re.search(r"plural\s*=\s*([^;]+)", plural_forms)
    return _form_use(match.group(1).strip() if match else (info.plural_expr if info else ""))


@functools.cache
def _form_use(expression: str) -> Mapping[int, tuple[int, bool]]:
    if not expression:
        return {}
    import gettext
    try:
        plural = gettext.c2py(expression)
        used = Counter(plural(n) for n in range(1000))
        for_one = plural(1)
    except (ValueError, SyntaxError, ArithmeticError):
        return {}
    return {form: (count, form == for_one) for form, count in used.items()}


def _info(language: str) -> LanguageInfo | None:
    try:
        return language_info(language)
    except ConfigError:
        return None


def _lines(comment: str) -> tuple[str, ...]:
    return tuple(line for line in (comment or "").split("\n") if line)


def unique(findings: list[Finding]) -> list[Finding]:
    """One finding per (line, check, message): plural forms often repeat the same problem."""
    seen: set[tuple[Any, ...]] = set()
    result = []
    for finding in findings:
        key = (finding.path, finding.line, finding.check, finding.message)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result

