"""The compiled glossary: a term base made ready for finding its terms in any text.

Principles:

- Compiled once per term base: the English side into one matcher, each language's side into
  another on first use (``qrl10n.matching``, inflection-aware), so finding the terms of an
  entry costs a few linear scans however many terms the base has.
- A hit names the concept and the term it found (an inflected variant is reported as its
  term), where it is in the NFC text and which matching level found it.
- A forbidden term inside a hyphenated word is no hit; a term joined to its neighbour by
  "and"/"or" is told apart (``coordinated``), as translations often split such phrases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from . import matching, word_keys
from .formats import tbx as termbase
from .formats.tbx import ALLOWED, BANNED, Concept, Term, TermBase


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in a text: which concept and term, where, and how it matched."""

    concept: Concept
    term: Term
    found: str
    start: int
    end: int
    method: str

    @property
    def banned(self) -> bool:
        return self.term.status in BANNED


@dataclass(frozen=True, slots=True)
class LangView:
    """One concept in one language: the approved term, admitted variants, forbidden ones, and
    which of them are provisional (hints only, never an error)."""

    preferred: str | None
    admitted: tuple[str, ...]
    banned: tuple[str, ...]
    provisional: frozenset[str] = frozenset()

    def shown(self, term: str) -> str:
        """A term as a hint shows it: provisional ones say so."""
        return f"{term} (provisional)" if term in self.provisional else term


class Glossary:
    """A TermBase made ready for matching: the English side once, a matcher per language."""

    def __init__(self, base: TermBase) -> None:
        self.base = base
        self.source = base.source_language
        self._targets: dict[str, matching.Matcher] = {}
        self._source_cache: dict[str, tuple[Hit, ...]] = {}
        self._views: dict[tuple[str, str], LangView] = {}

    @cached_property
    def _source_matcher(self) -> matching.Matcher:
        return self._matcher(self.source, source=True)

    def _matcher(self, lang: str, *, source: bool = False) -> matching.Matcher:
        """All terms of ``lang``. In the English source, words are matched exactly or by lemma only:
        a stem or prefix would turn "accessible" into "accessibility" and ask for a wrong term.
        In translations, approved terms may also be found by the prefix guess (an inflected
        ending only: matching.PREFIX_SLACK), forbidden ones only where nothing better exists."""
        matcher = matching.Matcher(lang)
        strict = word_keys.source_methods(lang) if source else word_keys.forbidden_methods(lang)
        loose = strict if source else None
        for ci, concept in enumerate(self.base.concepts):
            for ti, term in enumerate(concept.terms):
                if not termbase.same_language(term.lang, lang):
                    continue
                if term.status in BANNED and term.provisional and not source:
                    continue  # a provisional forbidden term is a hint, never an error
                matcher.add(term.text, (ci, ti), strict if term.status in BANNED else loose)
        return matcher

    def view(self, concept: Concept, lang: str) -> LangView:
        """The concept's terms in ``lang``, split by status (memoized: findings and hints ask often)."""
        key = (concept.id, lang)
        found = self._views.get(key)
        if found is None:
            preferred = concept.preferred(lang)
            found = self._views[key] = LangView(
                preferred.text if preferred else None,
                tuple(t.text for t in concept.terms_in(lang, ALLOWED) if t is not preferred),
                tuple(t.text for t in concept.terms_in(lang, BANNED)),
                frozenset(t.text for t in concept.terms_in(lang) if t.provisional))
        return found

    def target_matcher(self, lang: str) -> matching.Matcher:
        if lang not in self._targets:
            self._targets[lang] = self._matcher(lang)
        return self._targets[lang]

    def _hits(self, matcher: matching.Matcher, text: str, matches: Iterable[matching.Match]) -> list[Hit]:
        hits = []
        for m in matches:
            ci, ti = m.payload
            concept = self.base.concepts[ci]
            hits.append(Hit(concept, _owner(concept, concept.terms[ti]), text[m.start:m.end], m.start, m.end,
                            m.method))
        return hits

    def _closeness(self, text: str) -> Callable[[matching.Match], int]:
        """How many edits turn the matched words into the term's own spelling."""
        from rapidfuzz.distance import Levenshtein

        def distance(m: matching.Match) -> int:
            ci, ti = m.payload
            return Levenshtein.distance(text[m.start:m.end].casefold(), self.base.concepts[ci].terms[ti].text.casefold())
        return distance

    def source_hits(self, text: str) -> tuple[Hit, ...]:
        """Terms in an English text, leftmost-longest ("mental health services" hides "mental health")."""
        cached = self._source_cache.get(text)
        if cached is None:
            matcher = self._source_matcher
            nfc = nfc_text(text)
            hits = self._hits(matcher, nfc, matching.longest(matcher.find(nfc), self._closeness(nfc)))
            cached = tuple(h for h in hits if not (h.banned and _in_compound(nfc, h.start, h.end)))
            self._source_cache[text] = cached
        return cached

    def target_hits(self, lang: str, text: str) -> list[Hit]:
        """Every term of ``lang`` in a translation; a forbidden term inside a longer term, allowed or
        forbidden ("cacat" in "penyandang cacat"), is dropped: the longer one says it."""
        matcher = self.target_matcher(lang)
        nfc = nfc_text(text)
        hits = self._hits(matcher, nfc, matcher.find(nfc))

        def inside(h: Hit, other: Hit) -> bool:
            return other.start <= h.start and h.end <= other.end and (other.end - other.start) > (h.end - h.start)
        kept = [h for h in hits if not (h.banned and _in_compound(nfc, h.start, h.end))]
        return [h for h in kept if not h.banned or not any(inside(h, o) for o in kept)]


def _owner(concept: Concept, term: Term) -> Term:
    """The term an inflected variant belongs to (the term itself when it is no variant)."""
    if not term.variant_of:
        return term
    return next((t for t in concept.terms if t.text == term.variant_of and t.lang == term.lang and not t.variant_of),
                term)


_CONJUNCTIONS = frozenset({"and", "or", "nor", "&", "/"})
_LAST_WORD = re.compile(r"([\w&/]+)[\s*_]*$")
_FIRST_WORD = re.compile(r"^[\s*_]*([\w&/]+)")


def coordinated(text: str, start: int, end: int) -> bool:
    """True when an English term is joined to a neighbour by "and"/"or" ("physical and mental health",
    "community services and support"): translations often split such phrases, so a missing term
    there is a warning, not an error."""
    before = _LAST_WORD.search(text[:start])
    after = _FIRST_WORD.search(text[end:])
    return bool(before and before.group(1).lower() in _CONJUNCTIONS) or \
        bool(after and after.group(1).lower() in _CONJUNCTIONS)


def _in_compound(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is only part of a hyphenated word ("psycho" in "psycho-social"):
    a forbidden term is not reported there (an approved term still counts: "recovery-oriented").
    A reduplicated word ("orang-orang", the Indonesian plural) is no compound."""
    after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha()
    before = start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()
    if before and not after:
        word = _FIRST_WORD.search(text[start:end])
        previous = _LAST_WORD.search(text[: start - 1])
        return not (word and previous and word.group(1).casefold() == previous.group(1).casefold())
    return after or before


def nfc_text(text: str) -> str:
    """Hits are offsets in the NFC text: every caller normalizes the same way."""
    return unicodedata.normalize("NFC", text)
