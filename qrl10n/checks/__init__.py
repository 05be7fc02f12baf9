"""check: quality checks over translated PO entries, so a coordinator knows a language is right.

Rules are data: every family registers ``Rule(id, severity, applies_to, description, advice,
fn)`` records (qrl10n.checks.registry), and ``RULES`` is the one table of them, in the order
findings on one line are reported. Entry rules run in one pass per entry
(qrl10n.checks.entries); the subtitle limits and the glossary compute their findings per file
and per entry through the modules that own them. A translator switches a check off for one
entry with the comment ``# qrl10n: ignore <id>`` (or the flag ``#, ignore-<id>``,
which gettext's tools drop); a coordinator for a language with
``[language.<code>] disable_checks`` or for the course with ``[checks] disable`` in qrl10n.toml.

The families: placeholders (printf, {name}), markup (Markdown links, images, code, emphasis,
HTML tags), punctuation (whitespace, line breaks, brackets, doubled words, the conventions of
the course's languages), text (blank, URLs, e-mails, numbers, copied English, length ratio),
subtitles, glossary, addenda. Where translate-toolkit's pofilter tests are right for us they
decide (qrl10n.checks.toolkit, the only door to it, imported on first use); we word the
messages so a translator can act on them.

Severity: "error" when the output breaks (placeholders, Markdown links, targets, code,
images, tags); "warning" for style. Fuzzy entries are drafts: their findings are at most
warnings. Only entries with a translation are checked.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Finding
from . import addenda, glossary, markup, placeholders, punctuation, subtitles, text
from .config import FOREIGN_PREFIXES, disabled_checks, language_settings
from .course import check, each_finding, file_check, glossary_check, tallies
from .entries import PO_SUFFIXES, check_catalog, check_file, load_named, po_file_language
from .registry import IGNORE_FLAG, CheckContext, Rule, draft_severity

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["BY_ID", "CHECKS", "FOREIGN_PREFIXES", "IGNORE_FLAG", "PO_SUFFIXES", "RULES", "CheckContext", "Rule",
           "advice", "catalogue", "check", "check_catalog", "check_file", "check_po_files", "disabled_checks",
           "draft_severity", "each_finding", "glossary_check", "language_settings", "tallies"]

#: The order findings on one line are reported in (and ``check --list`` shows).
_ENTRY_ORDER = ("placeholders-printf", "placeholders-brace", "markdown-links", "markdown-images", "markdown-code",
                "markdown-emphasis", "xml-tags", "blank", "urls", "emails", "numbers", "start-whitespace",
                "end-whitespace", "line-breaks", "doubled-words", "brackets", "end-punctuation",
                "native-punctuation", "punctuation-spacing", "copied-english", "length-ratio")
_ENTRY_RULES = {r.id: r for r in (*placeholders.RULES, *markup.RULES, *punctuation.RULES, *text.RULES)}

#: Rules run on every translated entry, in report order.
CHECKS: tuple[Rule, ...] = tuple(_ENTRY_RULES[rule_id] for rule_id in _ENTRY_ORDER)
#: Every rule ``check`` runs: entry rules, addenda, subtitle limits, glossary.
RULES: tuple[Rule, ...] = (*CHECKS, *addenda.RULES, *subtitles.RULES, *glossary.RULES)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in CHECKS}
_ORDER = {rule.id: n for n, rule in enumerate(CHECKS)}


def entry_rules() -> tuple[Rule, ...]:
    return CHECKS


def catalogue() -> list[tuple[str, str, str]]:
    """(id, severity, description) of every check ``check`` runs."""
    return [(rule.id, rule.severity, rule.description) for rule in RULES]


@functools.cache
def catalogue_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in RULES)


def advice() -> dict[str, str]:
    """Check id -> the one line telling a translator what to do."""
    return {rule.id: rule.advice for rule in RULES}


def order(finding: Finding) -> tuple[str, int, int, str, str]:
    return (str(finding.path), finding.line, _ORDER.get(finding.check, len(CHECKS)), finding.check, finding.message)


def check_po_files(paths: Iterable[Path], project: Project | None = None) -> list[Finding]:
    """Findings of PO files named by hand. A file of ``project`` gets exactly what ``check LANG``
    reports for it (the glossary, subtitle limits and the course's settings); any other file is
    checked in the language of its own Language header (a template's is English) with our entry
    rules only. Raises CatalogError for a missing or unreadable file, or one without a Language
    header."""
    findings: list[Finding] = []
    for path in paths:
        po = load_named(path)
        course = file_check(project, path) if project is not None else None
        if course is not None:
            findings.extend(course)
            continue
        findings.extend(check_catalog(po, path, po_file_language(path, po)))
    return findings
