"""Inflection-aware multi-pattern term matching: every term of a language found in one pass.

Principles:

- Texts and terms are cut into words and keyed at every level the language has by
  ``word_keys`` (exact, affixes, lemma, stem, prefix; see there).
- A term matches when each of its words, in order and adjacent, has the same key as the
  text's token at one level (at the lemma and stem levels, a token's key may also be the term
  word itself: Snowball cuts "hendikepiran" further than "hendikepirani"); the match records
  that level as its ``method``. Terms are
  found with one Aho-Corasick automaton per level (pyahocorasick) over the joined keys,
  so an entry costs a few linear scans however many terms there are.
- A term whose words are joined by the language's linker ("taong ..." / "tao na ...") is
  registered in both spellings.
- The prefix level is loose, even with a token at most two letters longer than the term word
  (an ending, not "prawnicza" for "prawna"): it is offered for *presence* (is the approved
  term there?), never for forbidden terms, where a false alarm would be an error on a correct
  text, except in a language that has nothing better.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import ahocorasick

from . import morphology
from .word_keys import AFFIXES, EXACT, LEMMA, METHODS, PREFIX, STEM, Keys, base_language, methods, tokenize

SEP = "\x1f"
_QUOTES_OPEN = "\"'“”‘’«»„‚‹›「『"
_QUOTES_CLOSE = "\"'“”‘’«»‟‛‹›」』"
_SPACING = " \u00a0\u202f*_"  # spaces (French quotes have them) and Markdown emphasis


def prefix_of(word: str) -> str:
    """The part of a term word a token must start with at the prefix level."""
    n = len(word)
    return word if n <= 4 else word[: max(4, n - n // 3)]


#: At the prefix level a token may be at most this much longer than the term word: an inflected
#: ending ("prawnej", "smještaja"), not another word built on the same root ("prawniczą").
PREFIX_SLACK = 2


def _fits(token: str, word_length: int) -> bool:
    return len(token) <= word_length + PREFIX_SLACK


@dataclass(frozen=True, slots=True)
class Match:
    """``payload`` found at tokens [first, last) and characters [start, end) of the text."""

    payload: Hashable
    first: int
    last: int
    start: int
    end: int
    method: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text cut into tokens once, with the per-level key strings built lazily."""

    text: str
    tokens: tuple[tuple[str, int, int], ...]


#: Articles and possessive determiners, ignored between the words of a term at every level but
#: "exact" ("la volonté et les préférences" is "volonté et préférences"). A term that starts or
#: ends with one ("the disabled") is only matched exactly.
FUNCTION_WORDS = {
    "en": frozenset("the a an their his her its our your my".split()),
    "es": frozenset("el la los las un una unos unas su sus lo".split()),
    "fr": frozenset("le la les l un une des du sa son ses leur leurs mon ma mes notre nos votre vos".split()),
    "it": frozenset("il lo la i gli le l un uno una suo sua suoi sue loro".split()),
    "pt": frozenset("o a os as um uma uns umas seu sua seus suas".split()),
    "ca": frozenset("el la els les l un una uns unes".split()),
}


class Matcher:
    """Every pattern of one language, one automaton per level.

    ``add(words_text, payload, levels)`` registers a term; ``find(text)`` returns every match
    (overlapping ones included), each with the most exact level that found it.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.keys = Keys(lang)
        self.skip = FUNCTION_WORDS.get(base_language(lang), frozenset())
        self._patterns: dict[str, dict[str, list]] = {}
        self._terms: list[tuple[list[str], Hashable, tuple[str, ...]]] = []
        self._automata: dict[str, ahocorasick.Automaton] | None = None

    def add(self, text: str, payload: Hashable, levels: Iterable[str] | None = None) -> bool:
        """Register ``text`` (a term) for ``payload``; False when it has no word to match."""
        words = [t for t, _, _ in tokenize(text, self.lang)]
        if not words:
            return False
        levels = tuple(levels or self.keys.levels)
        for spelling in _linked(words, self.keys.morphology):
            self._terms.append((spelling, payload, levels))
            if AFFIXES in levels:
                for word in spelling:
                    self.keys.learn(self.keys.key(EXACT, word))
        self._automata = None
        return True

    def _add(self, words: list[str], payload: Hashable, levels: tuple[str, ...]) -> None:
        for level in levels:
            if level not in self._patterns:
                continue
            used = words
            if level != EXACT and self.skip:
                if words[0] in self.skip or words[-1] in self.skip:
                    continue
                used = [w for w in words if w not in self.skip]
            if level == PREFIX:
                exact = [self.keys.key(EXACT, w) for w in used]
                pattern = SEP + prefix_of(exact[0])
                rest = tuple((prefix_of(w), len(w)) for w in exact)
                self._patterns[level].setdefault(pattern, []).append((payload, len(used), rest))
            else:
                keyed = [self.keys.key(level, w) for w in used]
                spellings = {tuple(keyed)}
                if level in (LEMMA, STEM):  # a token whose lemma or stem is the term word itself
                    spellings.add(tuple(self.keys.key(EXACT, w) for w in used))
                for spelling in sorted(spellings):
                    pattern = SEP + SEP.join(spelling) + SEP
                    self._patterns[level].setdefault(pattern, []).append((payload, len(used), ()))

    def _build(self) -> dict[str, ahocorasick.Automaton]:
        """The automata, patterns keyed once every term word is known (the affix level's keys
        depend on all of them)."""
        self._patterns = {level: {} for level in self.keys.levels}
        for words, payload, levels in self._terms:
            self._add(words, payload, levels)
        automata = {}
        for level, patterns in self._patterns.items():
            if not patterns:
                continue
            automaton = ahocorasick.Automaton()
            for pattern, values in patterns.items():
                automaton.add_word(pattern, (pattern, tuple(values)))
            automaton.make_automaton()
            automata[level] = automaton
        return automata

    def analyse(self, text: str) -> Analysis:
        return Analysis(text, tuple(tokenize(text, self.lang)))

    def find(self, text: str | Analysis) -> list[Match]:
        """Every match in ``text``, the most exact level winning for the same payload and span."""
        if self._automata is None:
            self._automata = self._build()
        analysis = text if isinstance(text, Analysis) else self.analyse(text)
        tokens = analysis.tokens
        if not tokens:
            return []
        best: dict[tuple, Match] = {}
        row = self.keys.row
        rows = [row(t) for t, _, _ in tokens]
        everything = list(range(len(tokens)))
        content = [i for i, (t, _, _) in enumerate(tokens) if t not in self.skip] if self.skip else everything
        for column, level in enumerate(self.keys.levels):
            automaton = self._automata.get(level)
            if automaton is None:
                continue
            kept = everything if level == EXACT else content
            keys = [rows[i][column] for i in kept]
            index_of = {}  # character offset of a token's separator -> its index in ``keys``
            position = 0
            for i, k in enumerate(keys):
                index_of[position] = i
                position += len(k) + 1
            joined = SEP + SEP.join(keys) + SEP
            for end, (pattern, values) in automaton.iter(joined):
                first = index_of.get(end - len(pattern) + 1)
                if first is None:
                    continue
                for payload, count, rest in values:
                    if level == PREFIX and not _rest_matches(keys, first, rest):
                        continue
                    if first + count > len(kept):
                        continue
                    start_token, last_token = kept[first], kept[first + count - 1]
                    spot = (payload, start_token, last_token + 1)
                    if spot not in best:
                        best[spot] = Match(payload, start_token, last_token + 1, tokens[start_token][1],
                                           tokens[last_token][2], level)
        return sorted(best.values(), key=lambda m: (m.first, -m.last, METHODS.index(m.method), str(m.payload)))


def _linked(words: list[str], table: morphology.Morphology | None) -> list[list[str]]:
    """The term's words, and the same with one linker written the other way ("taong" / "tao na");
    a two-word term also the other way round when the language allows ("pangkaisipang kalusugan")."""
    spellings = [words]
    linker = table.linker if table is not None else None
    if linker is None:
        return spellings
    for i, word in enumerate(words[:-1]):
        if words[i + 1] == linker.word:
            spellings += [words[:i] + [word + e] + words[i + 2:] for e in linker.endings]
        else:
            spellings += [words[:i] + [word[: len(word) - len(e)], linker.word] + words[i + 1:]
                          for e in linker.endings if word.endswith(e) and len(word) - len(e) >= 2]
    if linker.either_order:
        for first, second in [s for s in spellings if len(s) == 2] + [[s[0], s[2]] for s in spellings
                                                                      if len(s) == 3 and s[1] == linker.word]:
            bare = [first[: len(first) - len(e)] for e in linker.endings if first.endswith(e)] or [first]
            spellings += [[second + e, b] for b in bare for e in linker.endings] + \
                         [[second, linker.word, b] for b in bare]
    return spellings


def _rest_matches(keys: list[str], first: int, words: tuple[tuple[str, int], ...]) -> bool:
    """Every word of the term (prefix, length) begins the token in its place, which is no more
    than PREFIX_SLACK longer."""
    if first + len(words) > len(keys):
        return False
    return all(keys[first + i].startswith(p) and _fits(keys[first + i], n) for i, (p, n) in enumerate(words))


def longest(matches: Iterable[Match], closeness: Callable[[Match], int] | None = None) -> list[Match]:
    """Leftmost-longest, non-overlapping: "mental health services" hides "mental health".

    Between matches of the same span and level, the lowest ``closeness`` wins: "advance plans"
    and "advance planning" share a lemma, and the text decides which term it is.
    """
    chosen: list[Match] = []
    taken_until = -1
    order = closeness or (lambda m: 0)
    for match in sorted(matches, key=lambda m: (m.first, -(m.last - m.first), METHODS.index(m.method), order(m))):
        if match.first >= taken_until:
            chosen.append(match)
            taken_until = match.last
    return chosen


def quoted(text: str, start: int, end: int) -> bool:
    """True when text[start:end] stands inside quotation marks: a mention, not a use."""
    text = unicodedata.normalize("NFC", text)
    before = text[:start].rstrip(_SPACING)
    after = text[end:].lstrip(_SPACING)
    return bool(before) and bool(after) and before[-1] in _QUOTES_OPEN and after[0] in _QUOTES_CLOSE


def fallback_note(lang: str) -> str:
    """How ``lang`` is matched, for the report: the levels in order."""
    return " > ".join(methods(lang))

