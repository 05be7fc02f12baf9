"""A text's words and their keys at every matching level: what ``matching`` compares.

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

- A lemma or stem must keep the token's root: a key that is a short front piece of the token
  (less than two thirds of it), cut off before something the language's table
  does not list as inflection, is another dictionary word ("iyileşme", recovery, is not "iyi",
  good), and the token is keyed as itself at that level.
- Which levels a language has, and which of them the source text and forbidden terms use, is
  decided here once (``methods``, ``source_methods``, ``forbidden_methods``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

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

_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0963\u0966-\u0dff\u200c\u200d\u02bc")
WORD = re.compile(rf"[\w{_MARKS}]+")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


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


@cache
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
@cache
def _simplemma_code(lang: str) -> str | None:
    import simplemma  # noqa: F401  (imported here so `qrl10n --help` stays fast)
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES
    base = base_language(lang)
    code = SIMPLEMMA_CODES.get(base, base)
    return code if code in SUPPORTED_LANGUAGES else None


@cache
def _stemmer(lang: str):
    import snowballstemmer
    name = SNOWBALL_NAMES.get(base_language(lang))
    if name is None or name not in snowballstemmer.algorithms():
        return None
    return snowballstemmer.stemmer(name)


@cache
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


@cache
def _lemmas(code: str) -> Callable[[str], str]:
    """simplemma's lemma of a token, remembered across runs in the user's cache folder.

    Loading one language's dictionary costs about a second and over 100 MB even in simplemma's
    low-memory mode; the course's vocabulary is small and repeats, so after the first run the
    dictionaries are loaded only for words never seen before, and then from a remembered index
    (qrl10n.lemma_index). Saved when the process ends.
    """
    import atexit
    import json

    import simplemma

    from .files import write_if_changed
    from .lemma_index import lemmatizer
    from .project import user_cache_dir
    version = getattr(simplemma, "__version__", "")
    path = user_cache_dir() / "lemmas" / f"{code}-{version}.json"
    try:
        known: dict[str, str] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        known = {}
    size = len(known)

    lemmatize = lemmatizer(user_cache_dir() / "lemmas")

    def lemma(token: str) -> str:
        value = known.get(token)
        if value is None:
            value = known[token] = lemmatize(token, code)
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
