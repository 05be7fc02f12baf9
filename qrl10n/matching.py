"""Inflection-aware multi-pattern term matching: every term of a language found in one pass.

Principles:

- A text is cut into word tokens once (NFC, casefolded; Turkish dotted/dotless I; Arabic
  diacritics, tatweel and alef forms folded; apostrophes and hyphens separate words, except
  an apostrophe inside a Cyrillic word; link
  targets, URLs and HTML tags are not words). Each
  token is then keyed at every *level* the language has, most exact first:

  ============== ============================================================================
  exact          the normalized token
  affixes        the term word the token is an inflected form of by the language's table in
                 morphology.toml (solid-written case endings and postpositions, Arabic clitics
                 and attached pronouns): "মানবাধিকারের" -> "মানবাধিকার"; only languages the
                 table has a section for
  lemma:simplemma simplemma's dictionary lemma ("zdolności" -> "zdolność")
  stem:snowball  the Snowball stemmer of the language ("prawnej" -> "prawn")
  prefix         the token starts with the first ~2/3 of the term word (at least 4 letters;
                 shorter words must be a prefix as a whole): a documented heuristic for
                 languages no lemmatizer or stemmer covers, and a last resort for the others
  ============== ============================================================================

- A term matches when each of its words, in order and adjacent, has the same key as the
  text's token at one level (at the lemma and stem levels, a token's key may also be the term
  word itself: Snowball cuts "hendikepiran" further than "hendikepirani"); the match records
  that level as its ``method``. Terms are
  found with one Aho-Corasick automaton per level (pyahocorasick) over the joined keys,
  so an entry costs a few linear scans however many terms there are.
- A lemma or stem must keep the token's root: a key that is a short front piece of the token
  (less than two thirds of it), cut off before something the language's table
  does not list as inflection, is another dictionary word ("iyileşme", recovery, is not "iyi",
  good), and the token is keyed as itself at that level.
- A term whose words are joined by the language's linker ("taong ..." / "tao na ...") is
  registered in both spellings.
- The prefix level is loose, even with a token at most two letters longer than the term word
  (an ending, not "prawnicza" for "prawna"): it is offered for *presence* (is the approved
  term there?), never for forbidden terms, where a false alarm would be an error on a correct
  text, except in a language that has nothing better.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from . import morphology

EXACT = "exact"
AFFIXES = "affixes"
LEMMA = "lemma:simplemma"
STEM = "stem:snowball"
PREFIX = "prefix"
METHODS = (EXACT, AFFIXES, LEMMA, STEM, PREFIX)

#: Our language code -> simplemma's (Bosnian and Croatian share the Serbo-Croatian data).
SIMPLEMMA_CODES = {"bs": "hbs", "hr": "hbs", "sr": "hbs", "fil": "tl", "tl": "tl", "nb": "nb", "no": "nb"}
#: Our language code -> Snowball algorithm.
SNOWBALL_NAMES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "no": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "bs": "serbian", "hr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}

SEP = "\x1f"
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0963\u0966-\u0dff\u200c\u200d\u02bc")
WORD = re.compile(rf"[\w{_MARKS}]+")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_QUOTES_OPEN = "\"'“”‘’«»„‚‹›「『"
_QUOTES_CLOSE = "\"'“”‘’«»‟‛‹›」』"
_SPACING = " \u00a0\u202f*_"  # spaces (French quotes have them) and Markdown emphasis


def base_language(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def normalize_token(token: str, lang: str) -> str:
    """The exact key of a token: casefolded, with the script-specific folds above."""
    base = base_language(lang)
    if base in ("tr", "az"):
        token = token.replace("I", "ı").replace("İ", "i")
    token = token.casefold().replace("i\u0307", "i").replace("\u02bc", "")
    if base in ("ar", "fa", "ur"):
        token = _ARABIC_MARKS.sub("", token)
    return token


def fold(key: str, lang: str) -> str:
    """Spelling variants folded after lemmatizing (which needs them): Arabic alef forms."""
    return key.translate(_ALEF) if base_language(lang) in ("ar", "fa", "ur") else key


#: Not prose: Markdown link targets, URLs, e-mail addresses, HTML tags and entities.
NOT_PROSE = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<[^<>\n]*>|\b(?:https?|ftp)://\S+|\bwww\.\S+"
                       r"|[\w.+-]+@[\w-]+\.[\w.-]+|&[A-Za-z]+;|&#\d+;")


def tokenize(text: str, lang: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of every word of ``text`` (offsets in the NFC text); words inside link
    targets, URLs and tags are skipped ("01-legal-and-mental-capacity.md" is not a term)."""
    text = unicodedata.normalize("NFC", text)
    if any(c in text for c in "](<@&") or "://" in text or "www." in text:
        text = NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    if "'" in text or "’" in text:
        text = _LETTER_APOSTROPHE.sub("\u02bc", text)
    normalize = _normalizer(lang)
    return [(normalize(m.group()), m.start(), m.end()) for m in WORD.finditer(text)]


#: Between two Cyrillic letters an apostrophe is a letter of the word (Ukrainian "здоров'я"), not
#: a quotation mark: it is read as U+02BC, which the exact key drops.
_LETTER_APOSTROPHE = re.compile(r"(?<=[\u0400-\u04ff])['’](?=[\u0400-\u04ff])")


@lru_cache(maxsize=None)
def _normalizer(lang: str) -> Callable[[str], str]:
    """normalize_token for one language, memoized per token (the course vocabulary repeats)."""
    cache: dict[str, str] = {}

    def normalize(token: str) -> str:
        value = cache.get(token)
        if value is None:
            value = cache[token] = normalize_token(token, lang)
        return value
    return normalize


# -- per-language keys ---------------------------------------------------------------------
@lru_cache(maxsize=None)
def _simplemma_code(lang: str) -> str | None:
    import simplemma  # noqa: F401  (imported here so `qrl10n --help` stays fast)
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES
    base = base_language(lang)
    code = SIMPLEMMA_CODES.get(base, base)
    return code if code in SUPPORTED_LANGUAGES else None


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    import snowballstemmer
    name = SNOWBALL_NAMES.get(base_language(lang))
    if name is None or name not in snowballstemmer.algorithms():
        return None
    return snowballstemmer.stemmer(name)


@lru_cache(maxsize=None)
def morphology_of(lang: str) -> morphology.Morphology | None:
    """The language's section of morphology.toml, normalized like its tokens (None: no section)."""
    return morphology.for_language(base_language(lang), lambda s: fold(normalize_token(s, lang), lang))


def methods(lang: str) -> tuple[str, ...]:
    """The levels available for ``lang``, most exact first (prefix always last)."""
    found = [EXACT]
    if morphology_of(lang) is not None:
        found.append(AFFIXES)
    if _simplemma_code(lang):
        found.append(LEMMA)
    if _stemmer(lang) is not None:
        found.append(STEM)
    found.append(PREFIX)
    return tuple(found)


def source_methods(lang: str) -> tuple[str, ...]:
    """Levels for the source text (authors' words, where a false hint costs attention): exact and
    lemma, or exact and stem when no lemmatizer exists; prefix only when nothing else does."""
    levels = [level for level in methods(lang) if level != AFFIXES]
    return tuple(levels[:2])


def forbidden_methods(lang: str) -> tuple[str, ...]:
    """Levels used to find forbidden terms, where a false alarm is an error on a correct text: the
    morphology table where the language has one (a lemmatizer maps the Arabic "الإعاقة",
    disability, onto the forbidden "معاق"), else no prefix guessing unless nothing better exists."""
    levels = methods(lang)
    if AFFIXES in levels:
        return (EXACT, AFFIXES)
    return levels if len(levels) == 2 else tuple(m for m in levels if m != PREFIX)


@lru_cache(maxsize=None)
def _lemmas(code: str) -> Callable[[str], str]:
    """simplemma's lemma of a token, remembered across runs in the user's cache folder.

    Loading one language's dictionary costs about a second and over 100 MB even in simplemma's
    low-memory mode; the course's vocabulary is small and repeats, so after the first run the
    dictionaries are not loaded at all. Saved when the process ends.
    """
    import atexit
    import json

    import simplemma

    from .files import write_if_changed
    from .project import user_cache_dir
    version = getattr(simplemma, "__version__", "")
    path = user_cache_dir() / "lemmas" / f"{code}-{version}.json"
    try:
        known: dict[str, str] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        known = {}
    size = len(known)

    def lemma(token: str) -> str:
        value = known.get(token)
        if value is None:
            value = known[token] = simplemma.lemmatize(token, lang=code, low_memory=True)
        return value

    saved = [size]

    def save() -> None:
        if len(known) != saved[0]:
            try:
                write_if_changed(path, json.dumps(known, ensure_ascii=False, sort_keys=True).encode("utf-8"))
                saved[0] = len(known)
            except OSError:
                pass  # a read-only home: the next run looks the words up again
    atexit.register(save)
    _SAVERS.append(save)
    return lemma


_SAVERS: list[Callable[[], None]] = []


def save_lemmas() -> None:
    """Write the lemmas learnt so far (at exit they are written anyway, but not by a worker)."""
    for save in _SAVERS:
        save()


class Keys:
    """Token -> key at every level of one language, memoized (course vocabulary repeats).

    The affix level keys a token by the term word it is a form of, so it knows the term words
    (``learn``); a word learnt after keys were made clears them.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.levels = methods(lang)
        self.morphology = morphology_of(lang)
        code = _simplemma_code(lang)
        stemmer = _stemmer(lang)
        exact = lambda t: fold(t, lang)  # noqa: E731
        fns: dict[str, Callable[[str], str]] = {EXACT: exact, AFFIXES: lambda t: self._affix_key(exact(t))}
        if code:
            lemma = _lemmas(code)
            fns[LEMMA] = lambda t: self._rooted(exact(t), fold(normalize_token(lemma(t), lang), lang))
        if stemmer is not None:
            fns[STEM] = lambda t: self._rooted(exact(t), fold(stemmer.stemWord(t), lang))
        fns[PREFIX] = fns[EXACT]
        self._fns = tuple(fns[level] for level in self.levels)
        self.index = {level: i for i, level in enumerate(self.levels)}
        self._rows: dict[str, tuple[str, ...]] = {}
        self._words: set[str] = set()
        self._owners: dict[str, str] = {}  # a stem -> the term word it belongs to
        self._heads: set[str] = set()  # the stems' first letters: most tokens need no stems at all

    def learn(self, word: str) -> None:
        """A term word (exact key) the affix level looks for."""
        if self.morphology is None or word in self._words:
            return
        self._words.add(word)
        for stem in self.morphology.stems(word):
            self._heads.add(stem[: self.morphology.min_stem])
            owner = self._owners.get(stem)
            if owner is None or (len(word), word) < (len(owner), owner):
                self._owners[stem] = word
        self._rows.clear()

    def _affix_key(self, token: str) -> str:
        """The shortest term word sharing a stem with ``token`` (the same for every form of one
        word, term word or text word alike), else the token itself."""
        table = self.morphology
        if table is None or not any(form[: table.min_stem] in self._heads for form in table.unprefixed(token)):
            return token
        owners = [o for o in map(self._owners.get, table.stems(token)) if o is not None]
        return min(owners, key=lambda o: (len(o), o)) if owners else token

    def _rooted(self, token: str, key: str) -> str:
        """``key`` when it keeps the token's root, else the token itself (see the module's head)."""
        if not key or key == token or not token.startswith(key) or len(key) >= len(token) - len(token) // 3:
            return key or token
        if self.morphology is not None and key in self.morphology.stems(token):
            return key
        return token

    def row(self, token: str) -> tuple[str, ...]:
        """The token's key at every level, in ``levels`` order."""
        value = self._rows.get(token)
        if value is None:
            value = self._rows[token] = tuple(fn(token) or token for fn in self._fns)
        return value

    def key(self, level: str, token: str) -> str:
        return self.row(token)[self.index[level]]


def prefix_of(word: str) -> str:
    """The part of a term word a token must start with at the prefix level."""
    n = len(word)
    return word if n <= 4 else word[: max(4, n - n // 3)]


#: At the prefix level a token may be at most this much longer than the term word: an inflected
#: ending ("prawnej", "smještaja"), not another word built on the same root ("prawniczą").
PREFIX_SLACK = 2


def _fits(token: str, word_length: int) -> bool:
    return len(token) <= word_length + PREFIX_SLACK


# -- matching ------------------------------------------------------------------------------
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

