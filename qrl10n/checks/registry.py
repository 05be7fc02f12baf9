"""The one rule record every check family registers, and the helpers the families share.

A ``Rule`` says what a check is called, how bad a finding is, what it applies to, what the
catalogue (``qrl10n check --list``) says about it, what a translator should do, and, for rules
run entry by entry, the function. Families (placeholders, markup, punctuation, text, subtitles,
glossary, addenda) each define a ``RULES`` tuple; ``qrl10n.checks.catalogue`` puts them in one
table. Rules whose findings a family computes for a whole file (subtitle cues laid out as the
build lays them, glossary terms matched by qrl10n.glossary) carry ``fn=None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..languages import LanguageInfo

IGNORE_FLAG = "ignore-"

#: What a rule is run on: one PO entry (its English and translation), the subtitle cues a videos
#: PO file fills, the English source (templates), a per-language addition.
APPLIES_TO = ("entries", "cues", "sources", "addenda")


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check may know about the entry besides its two strings."""

    language: str
    info: LanguageInfo | None = None
    flags: frozenset[str] = frozenset()
    comments: tuple[str, ...] = ()  # extracted comments ("#."), first one is the kind
    kind: str = ""  # "p", "h2", "li", "cue"… as the adapter wrote it
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    single_number_form: bool = False  # a plural form used for one number only may omit it


CheckFunction = Callable[[str, str, CheckContext], list[str]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: ``fn(source, translation, context)`` returns what is wrong (empty: passes)."""

    id: str
    severity: str  # "error" | "warning" | "info"
    applies_to: str  # one of APPLIES_TO
    description: str  # one line, shown by ``qrl10n check --list``
    advice: str  # one line telling a translator what to do about a finding
    fn: CheckFunction | None = None


def entry_rule(rule_id: str, severity: str, advice: str, fn: CheckFunction) -> Rule:
    """A rule run on every translated entry; its one line is both description and advice."""
    return Rule(rule_id, severity, "entries", advice, advice, fn)


def multiset_diff(source: Iterable[str], translation: Iterable[str]) -> tuple[list[str], list[str]]:
    """(missing from the translation, added by it), each in order of first appearance."""
    source, translation = list(source), list(translation)
    if source == translation:
        return [], []
    src, dst = Counter(source), Counter(translation)
    missing = list(dict.fromkeys(x for x in src if src[x] > dst[x]))
    added = list(dict.fromkeys(x for x in dst if dst[x] > src[x]))
    return missing, added


def draft_severity(severity: str) -> str:
    """A fuzzy entry is a draft the build does not use: its findings are at most warnings."""
    return "warning" if severity == "error" else severity
