"""Translation memory: every translation a language already has, offered for its empty entries.

Sources, for one language: every translated (non-fuzzy, non-obsolete, singular) entry of every
PO file of that language, in course order, and the units imported from TMX into
``tm/<lang>.tmx``. A paragraph whose English and translation split into the same number of
sentences also gives one unit per sentence, so a subtitle sentence finds the page paragraph it
was taken from.

Lookup: an identical English text is an exact match (when several translations exist, the most
frequent wins, then the first in course order); otherwise rapidfuzz's ``ratio`` (normalised
Indel similarity, 0-100) over all sources, best first, at least ``FUZZY_CUTOFF``. Texts under
``FUZZY_MIN_CHARS`` only take exact matches: "**Hope**" and "**Home**" are 75% alike.

TMX 1.4 export writes one ``<tu>`` per distinct (English, translation) pair of the PO files;
import keeps the units of every project language found in the file. Neither writes a date, so
exporting twice gives the same bytes.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from . import catalog
from .files import write_if_changed
from .formats import tmx
from .formats.tmx import CONTEXT_PROP, ORIGIN_PROP, TmxError, Unit  # noqa: F401 (TmxError: callers' import)
from .model import FileResult
from .project import Project

#: Similarity (0-100) from which a near match is offered, as CAT tools default to.
FUZZY_CUTOFF = 75.0
#: Shorter English texts only take exact matches.
FUZZY_MIN_CHARS = 20
#: TMX language codes that name a project language differently.
LANGUAGE_ALIASES = {"tl": "fil"}


@dataclass(frozen=True, slots=True)
class Match:
    translation: str
    origin: str
    score: int  # 100 for an exact match; a near match is floored, so never shows 100
    source: str

    @property
    def exact(self) -> bool:
        return self.score == 100


class TranslationMemory:
    """Exact and near matches over a fixed list of units (see the module docstring)."""

    def __init__(self, units: Iterable[Unit]) -> None:
        by_source: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.source and unit.target:
                by_source.setdefault(unit.source, []).append(unit)
        self._best: dict[str, Unit] = {source: _most_frequent(found) for source, found in by_source.items()}
        # Sources sorted by length: a ratio of at least c needs lengths within c/(2-c) of each
        # other, so each lookup only scores the sources of plausible length.
        self._sources = sorted(self._best, key=len)
        self._lengths = [len(source) for source in self._sources]

    def __len__(self) -> int:
        return len(self._best)

    def lookup(self, source: str) -> Match | None:
        unit = self._best.get(source)
        if unit is not None:
            return Match(unit.target, unit.origin, 100, unit.source)
        if len(source) < FUZZY_MIN_CHARS:
            return None
        factor = FUZZY_CUTOFF / (200 - FUZZY_CUTOFF)
        low = bisect.bisect_left(self._lengths, math.floor(len(source) * factor))
        high = bisect.bisect_right(self._lengths, math.ceil(len(source) / factor))
        found = process.extractOne(source, self._sources[low:high], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if found is None:
            return None
        unit = self._best[found[0]]
        return Match(unit.target, unit.origin, min(int(found[1]), 99), unit.source)


def _most_frequent(units: Sequence[Unit]) -> Unit:
    counts = Counter(u.target for u in units)
    best = max(counts.values())
    return next(u for u in units if counts[u.target] == best)


# -- sources -------------------------------------------------------------------------------
def entry_units(po: catalog.Catalog, origin: str) -> list[Unit]:
    """Translated (non-fuzzy, singular, live) entries of one PO file."""
    return [Unit(e.msgid, e.msgstr, origin, e.msgctxt) for e in catalog.live_entries(po)
            if not e.msgid_plural and catalog.is_translated(e)]


_SENTENCE_BREAK = re.compile(r"(?<=[.!?\u0589\u3002\uff01\uff1f])[\"'”’»)*_]*\s+")
_ABBREVIATION = re.compile(r"(?:\b(?:No|Nr|Art|e\.g|i\.e|Dr|Mr|Mrs|Ms|St|vs|etc|cf|p|pp)\.|\b[A-Z]\.)$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph: a break after . ! ? (and Armenian/CJK stops) before a non-lowercase letter."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        following = text[m.end():m.end() + 1]
        if not following or following.islower() or _ABBREVIATION.search(text[start:m.start()]):
            continue
        parts.append(text[start:m.end()].strip())
        start = m.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def sentence_units(source: str, target: str, origin: str) -> list[Unit]:
    """One unit per sentence when both sides have the same number of sentences (2 or more)."""
    if "\n" in source:
        return []
    english, translated = split_sentences(source), split_sentences(target)
    if len(english) < 2 or len(english) != len(translated):
        return []
    pairs = list(zip(english, translated))
    if not all(_balanced(e) and _balanced(t) for e, t in pairs):
        return []
    return [Unit(e, t, origin) for e, t in pairs]


def _balanced(text: str) -> bool:
    """No sentence break inside emphasis, code or a link."""
    return (text.count("`") % 2 == 0 and text.count("**") % 2 == 0
            and text.count("[") == text.count("]") and text.count("(") == text.count(")"))


def memory_for(project: Project, lang: str,
               catalogs: Mapping[str, catalog.Catalog] | None = None) -> TranslationMemory:
    """The memory of ``lang``: its PO files (``catalogs`` by component, if already loaded) and TMX."""
    if catalogs is None:
        catalogs = {c.name: catalog.load(p) for c in project.components
                    if (p := project.po_path(lang, c)).exists()}
    entries = [unit for origin, po in catalogs.items() for unit in entry_units(po, origin)]
    sentences = [s for unit in entries for s in sentence_units(unit.source, unit.target, unit.origin)]
    return TranslationMemory([*entries, *sentences, *read_units(tm_path(project, lang), lang, project)])


def tm_path(project: Project, lang: str) -> Path:
    """Where imported TMX units of ``lang`` are kept: ``tm/<lang>.tmx`` in the project."""
    return project.root / "tm" / f"{lang}.tmx"


# -- TMX -----------------------------------------------------------------------------------
def export_tmx(project: Project, lang: str, out: Path | None = None) -> FileResult:
    """Write the translated entries of ``lang`` as TMX 1.4 (default ``build/tm/<lang>.tmx``)."""
    language = project.language(lang)
    units: list[Unit] = []
    for component in project.components:
        path = project.po_path(language.code, component)
        if path.exists():
            units.extend(entry_units(catalog.load(path), component.name))
    target = out or project.build_dir / "tm" / f"{language.code}.tmx"
    changed = write_if_changed(target, tmx.to_bytes(_distinct(units), project.source_language, language.code))
    return FileResult(target, changed, f"{len(_distinct(units))} units")


@dataclass(frozen=True, slots=True)
class TmxImport:
    """What importing one TMX file did for one language."""

    language: str
    path: Path
    changed: bool
    added: int
    units: int


def import_tmx(project: Project, source: Path) -> list[TmxImport]:
    """Add the units of ``source`` to ``tm/<lang>.tmx`` of every project language it contains."""
    tree = tmx.parse(source)
    srclang = tmx.source_language(tree, project.source_language)
    found: dict[str, list[Unit]] = {}
    for tu in tree.iter("tu"):
        texts = tmx.variants(tu)
        english = next((t for code, t in texts if _primary(code) == _primary(srclang)), None)
        if not english:
            continue
        origin = tmx.prop(tu, ORIGIN_PROP) or source.name
        context = tmx.prop(tu, CONTEXT_PROP)
        for code, text in texts:
            lang = _project_language(project, code)
            if lang and text and _primary(code) != _primary(srclang):
                found.setdefault(lang, []).append(Unit(english, text, origin, context))
    results = []
    for lang in sorted(found, key=lambda code: [lang.code for lang in project.languages].index(code)):
        path = tm_path(project, lang)
        old = read_units(path, lang, project)
        merged = _distinct([*old, *found[lang]])
        changed = write_if_changed(path, tmx.to_bytes(merged, project.source_language, lang))
        results.append(TmxImport(lang, path, changed, len(merged) - len(_distinct(old)), len(merged)))
    return results


def read_units(path: Path, lang: str, project: Project) -> list[Unit]:
    """Units of ``lang`` in a TMX file (none when the file does not exist)."""
    if not path.exists():
        return []
    tree = tmx.parse(path)
    srclang = tmx.source_language(tree, project.source_language)
    units = []
    for tu in tree.iter("tu"):
        texts = tmx.variants(tu)
        english = next((t for code, t in texts if _primary(code) == _primary(srclang)), None)
        target = next((t for code, t in texts if _project_language(project, code) == lang), None)
        if english and target:
            units.append(Unit(english, target, tmx.prop(tu, ORIGIN_PROP) or path.name, tmx.prop(tu, CONTEXT_PROP)))
    return units


def _primary(code: str) -> str:
    return re.split(r"[-_]", code.lower(), maxsplit=1)[0]


def _project_language(project: Project, code: str) -> str | None:
    """The project language a TMX ``xml:lang`` names: exact (es-ES = es_ES), else by primary subtag."""
    wanted = code.lower().replace("_", "-")
    codes = [lang.code for lang in project.languages]
    for lang in codes:
        if lang.lower().replace("_", "-") == wanted:
            return lang
    primary = LANGUAGE_ALIASES.get(_primary(code), _primary(code))
    matches = [lang for lang in codes if _primary(lang) == primary]
    return matches[0] if len(matches) == 1 else None


def _distinct(units: Iterable[Unit]) -> list[Unit]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for unit in units:
        if (unit.source, unit.target) not in seen:
            seen.add((unit.source, unit.target))
            kept.append(unit)
    return kept
