"""status: how complete every language is, by component, in entries and English words.

Translated means non-empty, not fuzzy, not obsolete (DESIGN.md). Words are counted on the
English msgid, so a language's percentage says how much of the course a learner can read in
it, whatever the translation's own length. Machine-made drafts waiting for review are fuzzy
and carry a "machine translation" comment; they are counted apart as ``machine``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import catalog
from .project import Component, Language, Project

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|[*_`#>|]")


def count_words(text: str) -> int:
    """Words of an English msgid, not counting link targets or markup characters."""
    return len(_WORD.findall(_MARKUP.sub(" ", text)))


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
class ComponentStats:
    name: str
    kind: str
    entries: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)

    @property
    def percent(self) -> float:
        return percent(self.words)


@dataclass(slots=True)
class LanguageStats:
    language: Language
    components: list[ComponentStats]
    entries: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)

    @property
    def percent(self) -> float:
        return percent(self.words)


def percent(words: Counts) -> float:
    return round(100.0 * words.translated / words.total, 2) if words.total else 0.0


def is_machine(entry: catalog.Entry) -> bool:
    return "machine translation" in (entry.comment or "")


def component_stats(project: Project, language: Language, component: Component) -> ComponentStats:
    """Counts for one PO file; a missing PO file counts as all untranslated (from the template)."""
    stats = ComponentStats(component.name, component.kind)
    path = project.po_path(language.code, component)
    source = catalog.load(path if path.exists() else project.template_path(component))
    for entry in catalog.live_entries(source):
        words = count_words(entry.msgid)
        stats.entries.total += 1
        stats.words.total += words
        if catalog.is_translated(entry):
            stats.entries.translated += 1
            stats.words.translated += words
        elif catalog.is_fuzzy(entry) and catalog.translation(entry):
            stats.entries.fuzzy += 1
            stats.words.fuzzy += words
            if is_machine(entry):
                stats.entries.machine += 1
                stats.words.machine += words
        else:
            stats.entries.untranslated += 1
            stats.words.untranslated += words
    return stats


def language_stats(project: Project, language: Language) -> LanguageStats:
    result = LanguageStats(language, [])
    for component in project.components:
        stats = component_stats(project, language, component)
        result.components.append(stats)
        result.entries.add(stats.entries)
        result.words.add(stats.words)
    return result


def status(project: Project, codes: tuple[str, ...] = ()) -> list[LanguageStats]:
    return [language_stats(project, lang) for lang in project.select_languages(codes)]


def as_json(stats: list[LanguageStats]) -> dict:
    """The document ``status --format json`` prints (schema in DESIGN.md)."""
    return {"languages": [
        {
            "code": s.language.code,
            "name": s.language.info.english_name,
            "state": s.language.state,
            "entries": s.entries.as_dict(),
            "words": s.words.as_dict(),
            "percent": s.percent,
            "machine": {"entries": s.entries.machine, "words": s.words.machine},
            "components": [
                {"name": c.name, "kind": c.kind, "entries": c.entries.as_dict(),
                 "words": c.words.as_dict(), "percent": c.percent}
                for c in s.components
            ],
        }
        for s in stats
    ]}
