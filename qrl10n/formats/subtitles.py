"""SRT and WebVTT subtitles <-> sentence segments, re-split and re-timed on render.

Principles
----------
Unit. Translators get *sentences*, not cues. Consecutive cues join into one segment until a
cue ends a sentence (``. ? ! …`` or ``♪``, closing quotes and brackets after them allowed), a
group holds at most ``MAX_GROUP`` cues, and a group never crosses a dialogue cue, a sound
description or a change of whole-cue style (italic cue next to a plain one). In ``"cue"``
segmentation each cue is its own segment. Grouping reads only the text, never the timings,
so shifting or re-timing the English file changes no msgid.

What stays out (skeleton). Cue numbers and timings; ASS override blocks (``{\\an8}``) and a
WebVTT voice tag (``<v Anna>``) at the start of a cue; a style tag that wraps the whole cue or
each of its lines (``<i>…</i>``), which the entry's comment mentions instead; the speaker
dash of a dialogue line; WebVTT karaoke timestamps (``<00:17.500>``); NOTE, STYLE and REGION
blocks. Tags *inside* a sentence (``a <i>very</i> good idea``) stay in the msgid. A cue with
no letter or digit (``♪``, ``...``) has no entry and is rendered as it was.

Dialogue. A cue whose lines start with ``-`` holds two speakers: each speaker's line is its
own entry and the dash is added back on render; only the last speaker's sentence may go on
into the following cues. Sound descriptions alone in a cue (``[soft music]``) are their own
entry.

Whitespace. Lines of a cue are joined with one space; runs of spaces and tabs become one
space. Non-breaking spaces (French ``\u00a0?``) are kept and never broken.

Timing. Every English cue keeps its start and end. A translated sentence is spread over its
cues in proportion to their English length, at word boundaries, preferring a break after
punctuation and avoiding one after an article, preposition or conjunction that belongs to
the next word (``NO_BREAK_AFTER``, per language), and moving words to a neighbour rather
than overfilling a cue; each cue's lines are balanced (bottom-heavy) within
``max_line_length``. When the text cannot fit, no word is ever dropped: the cue gets more
than ``max_lines`` lines, or a lone longer word its own line, and ``qrl10n check`` reports
it. A translator forces a cue boundary with ``MARKER`` (a ``|`` between spaces; a newline
works too); markers beyond the entry's cues, or in a one-cue entry, force a line break.
A translation too short to give each cue ``MIN_WORDS_PER_CUE`` words, and without a marker,
fills only the fewest first cues that hold it within their limits (line length, lines,
reading speed), so "Sin embargo." is one cue rather than "Sin" and "embargo." one after the
other; when the first cues cannot hold it, it is spread over all of them as above. A cue
that a short translation leaves without a word is omitted rather than shown empty. When the translation equals the English text the original lines come back untouched.
Between formats, tags the target does not know are dropped (they are formatting, not words)
except an ASS position (``{\\an8}``, legacy ``{\\a6}``), which becomes WebVTT cue settings
(``ASS_POSITION``: ``line:0`` for the top row, ``align:left``/``align:right`` for the side
columns, the screen's sides whatever the text's direction, as in ASS), and WebVTT's
``&amp; &lt;`` escapes are applied or undone; ``-->`` in a translation becomes
``→`` so it cannot end a cue.

Right to left. For ``direction="rtl"`` every rendered line of translated text, and any other
line that holds a right-to-left letter, is wrapped in U+202B RIGHT-TO-LEFT EMBEDDING ...
U+202C POP DIRECTIONAL FORMATTING, with leading ASS blocks and tags left outside. A
translated line of Latin letters only (a name, "QualityRights e-training.") is embedded
too, so its full stop sits at its left end as in the lines around it; English kept as it
was (an untranslated speaker of a dialogue cue) stays left to right. This is what Subtitle
Edit's "Fix RTL via Unicode control characters" does. The text itself stays in logical order: we never move punctuation to
the other end of the line ("reverse RTL start/end"), which is what turns Arabic punctuation
around in players that do apply the Unicode bidi algorithm. The embedding makes the line
right-to-left even in players that lay every line out left-to-right (TVs, some web players);
players that do run the bidi algorithm (mpv/libass, VLC, browsers for WebVTT) show the same.
Isolates (U+2067) would be cleaner but older renderers ignore them.

Reading. ``decode`` takes bytes as they come (UTF-8 with or without BOM, UTF-16/32, legacy
Windows code pages chosen by the letters of the languages each code page serves, then
charset-normalizer for the rest); ``parse`` is strict where a file is truly broken (bad
timestamps, end before start, a cue starting before the previous one, text outside any
cue, a broken timing line) and raises SourceError with the line, and tolerant of what real
files do (missing or wrong cue numbers, extra blank lines, a missing final blank line or a
missing blank line before the next cue, ``.`` instead of ``,`` in SRT times).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import ConfigError, SourceError
from ..model import Segment
from ..project import SUBTITLE_DEFAULTS

# -- rules (data) ------------------------------------------------------------------------

#: At most this many cues form one sentence entry, so a run-on never becomes a page.
MAX_GROUP = 4

#: A translation with fewer words than this per cue of its entry (and no marker) fills only its
#: first cues, as many as hold it within their limits, instead of showing a word or two per cue.
MIN_WORDS_PER_CUE = 2

#: A translator's forced cue boundary: a vertical bar with whitespace (or the text's end) on
#: both sides. It survives PO editors, msgcat and machine translation, and is never shown.
MARKER = "|"
MARKER_RE = re.compile(r"(?:(?<=\s)|^)\|(?=\s|$)")
_FORCED_RE = re.compile(r"\n|" + MARKER_RE.pattern)  # a newline in a translation forces a break too
MARKER_HELP_MULTI = ('Put " | " (a vertical bar between spaces) where the next cue must start; '
                     "otherwise qrl10n spreads the text over the cues by length.")
MARKER_HELP_SINGLE = ('Put " | " (a vertical bar between spaces) where a line must break; '
                      "otherwise qrl10n balances the lines.")

#: Sentence-final characters (after stripping closing quotes, brackets and tags).
SENTENCE_END = frozenset(".?!…♪。？！؟۔।‼⁇⁈⁉՞։")
CLOSERS = "\"'”’»›)]}」』"
#: Punctuation that makes a good place to break, and how good (lower is better).
BREAK_AFTER_COST = {".": -25, "?": -25, "!": -25, "…": -20, "♪": -20, "。": -25, "؟": -25,
                    "։": -25, "।": -25, ",": -15, ";": -15, ":": -15, "،": -15, "؛": -15, "—": -10,
                    "–": -10}
AVOID_BREAK_COST = 60  # after an article or preposition that belongs to the next word

#: Words a cue or line should not end with when another word follows: articles, determiners,
#: prepositions, clitic pronouns, negations and conjunctions that belong to the next word. Keys are ISO 639 codes; a language
#: without an entry (or with an empty one: Estonian, Armenian, Bengali, Nepali put articles
#: and postpositions after the noun) gets no such rule.
NO_BREAK_AFTER: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "en": "a an the of to in on at by for with from into my your his her its our their this that these those "
          "and or but not",
    "es": "el la los las lo un una unos unas al del de a en con por para su sus mi mis tu tus este esta "
          "estos estas ese esa esos esas aquel aquella y e o u no que se me te le les nos",
    "fr": "le la les un une des du au aux de à en dans par pour sur avec sans ce cet cette ces mon ma mes "
          "ton ta tes son sa ses notre nos votre vos leur leurs et ou ne que qui je tu il elle on nous vous ils elles",
    "it": "il lo la i gli le un uno una di a da in con su per tra fra del dello della dei degli delle al "
          "allo alla ai agli alle nel nello nella nei negli nelle sul sulla suo sua suoi sue e o non che si mi ti ci",
    "pt": "o a os as um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas com "
          "para ao à aos às seu sua seus suas e ou não que se",
    "de": "der die das den dem des ein eine einen einem einer eines zu zum zur von vom mit im am in an "
          "auf für bei aus nach über unter und oder",
    "ca": "el la els les un una de del a al en amb per",
    "nl": "de het een van in op aan met voor bij",
    "pl": "w we z ze na do o od po za dla przez przy i a nie że",
    "cs": "v ve z ze na do o od po za s se k ke u pro při a i že",
    "sk": "v vo z zo na do o od po za s so k ku u pre pri",
    "hr": "u na o od do za s sa iz k ka po pri i a da ne",
    "bs": "u na o od do za s sa iz k ka po pri i a da ne",
    "sr": "u na o od do za s sa iz k ka po pri",
    "sl": "v na o od do za s z iz k h po pri",
    "uk": "в у з із зі на до о об від по за для при",
    "ru": "в во с со на до о об от по за для при к ко у",
    "fil": "ang ng mga sa si ni kay na",
    "tl": "ang ng mga sa si ni kay na",
    "id": "di ke dari yang untuk dengan pada",
    "ro": "un o unui unei de la în pe cu din pentru",
    "tr": "bir bu şu",
    "ar": "في من إلى على عن مع",
    "et": "",
    "hy": "",
    "bn": "",
    "ne": "",
}.items()}

FORMAT_TAGS = ("i", "b", "u", "font", "c", "v", "lang", "ruby", "rt")
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>|<\d[^<>]*>|\{\\[^{}]*\}")
ASS_BLOCK = r"\{\\[^{}]*\}"
LEAD_SKELETON_RE = re.compile(rf"^(?:{ASS_BLOCK}|<v(?:\.[^\s>]*)?(?:\s[^>]*)?>)+")
WRAP_OPEN_RE = re.compile(r"^<(i|b|u|font|c)((?:\.[\w.-]+)?(?:\s[^<>]*)?)>")
KARAOKE_RE = re.compile(r"<(?:\d+:)?\d{1,2}:\d{2}\.\d{3}>")
DASH_RE = re.compile(r"^-(?![-\s]*$)(?!-|>)\s?")
SOUND_RE = re.compile(r"^(?:\[[^\[\]]*\]|\([^()]*\))$")
BIDI_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RLE, PDF = "\u202b", "\u202c"

#: An ASS ``{\anN}`` position (numeric keypad: 7 8 9 top, 4 5 6 middle, 1 2 3 bottom) as
#: WebVTT cue settings; the bottom centre is WebVTT's default. ``{\aN}`` is SSA's older
#: numbering of the same nine places (1-3 bottom, 5-7 top, 9-11 middle).
ASS_POSITION = {1: "align:left", 2: "", 3: "align:right",
                4: "line:50%,center align:left", 5: "line:50%,center", 6: "line:50%,center align:right",
                7: "line:0 align:left", 8: "line:0", 9: "line:0 align:right"}
SSA_POSITION = {1: 1, 2: 2, 3: 3, 5: 7, 6: 8, 7: 9, 9: 4, 10: 5, 11: 6}
_ASS_ALIGN_RE = re.compile(r"\\(an|a)(\d+)")
_NO_BIDI = dict.fromkeys(map(ord, BIDI_MARKS))

# -- cues ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue as written in the file.

    ``index`` is the 1-based position in the file (what "cue 14" means in messages, whatever
    number the file wrote); ``start`` and ``end`` are milliseconds; ``lines`` the text lines
    as written (tags included); ``line`` the 1-based line where the cue's block starts;
    ``ident`` the SRT number or WebVTT identifier as written; ``settings`` what follows the
    end time (WebVTT cue settings, SRT ``X1:…`` coordinates).
    """

    index: int
    start: int
    end: int
    lines: tuple[str, ...]
    line: int
    ident: str = ""
    settings: str = ""

    @property
    def duration(self) -> float:
        return (self.end - self.start) / 1000

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed subtitle file: its format ("srt" | "vtt"), WebVTT header block, and cues."""

    kind: str
    cues: tuple[Cue, ...]
    header: tuple[str, ...] = ()


def format_time(ms: int, sep: str = ",") -> str:
    """``hh:mm:ss,mmm`` (SRT) or, with ``sep="."``, ``hh:mm:ss.mmm`` (WebVTT)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


# -- decoding ------------------------------------------------------------------------------

#: Letters of each language beyond ASCII (lower case): Latin-script languages list their
#: accented letters; other scripts list the whole alphabet, or "" for any letter of the script.
ALPHABETS: dict[str, tuple[str, str]] = {
    "es": ("LATIN", "áéíóúñü"), "fr": ("LATIN", "àâæçéèêëîïôœùûüÿ"), "it": ("LATIN", "àèéìíîòóùú"),
    "pt": ("LATIN", "áâãàçéêíóôõú"), "de": ("LATIN", "äöüß"), "nl": ("LATIN", "éëïóöüè"),
    "ca": ("LATIN", "àçèéíïòóúü·"), "da": ("LATIN", "æøåé"), "sv": ("LATIN", "åäöé"),
    "fi": ("LATIN", "äöåšž"), "is": ("LATIN", "áðéíóúýþæö"), "fil": ("LATIN", "ñáàâéèêíìîóòôúùû"),
    "et": ("LATIN", "õäöüšž"), "pl": ("LATIN", "ąćęłńóśźż"), "cs": ("LATIN", "áčďéěíňóřšťúůýž"),
    "sk": ("LATIN", "áäčďéíĺľňóôŕšťúýž"), "hu": ("LATIN", "áéíóöőúüű"), "hr": ("LATIN", "čćđšž"),
    "sl": ("LATIN", "čšž"), "ro": ("LATIN", "ăâîșțşţ"), "sq": ("LATIN", "çë"), "tr": ("LATIN", "çğıöşüîâû"),
    "lt": ("LATIN", "ąčęėįšųūž"), "lv": ("LATIN", "āčēģīķļņšūž"),
    "vi": ("LATIN", "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ"
                    "ỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"),
    "ru": ("CYRILLIC", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "uk": ("CYRILLIC", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "bg": ("CYRILLIC", "абвгдежзийклмнопрстуфхцчшщъьюя"),
    "sr": ("CYRILLIC", "абвгдђежзијклљмнњопрстћуфхцчџш"),
    "el": ("GREEK", "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς"),
    "ar": ("ARABIC", ""), "he": ("HEBREW", ""), "th": ("THAI", ""),
}
#: Legacy Windows code pages, in the order exact ties are broken, with the languages each
#: serves. cp1254 comes before cp1252 (they differ only where Turkish has ğ ı ş and Icelandic
#: ð ý þ); cp1255 before cp1253 and cp1251 (Greek and Russian text has capitals and accents
#: that cp1255 cannot read, Hebrew read as Greek or Cyrillic looks like lower-case words).
CODE_PAGES: dict[str, tuple[str, ...]] = {
    "cp1254": ("tr",),
    "cp1252": ("es", "fr", "it", "pt", "de", "nl", "ca", "da", "sv", "fi", "is", "fil", "et"),
    "cp1250": ("pl", "cs", "sk", "hu", "hr", "sl", "ro", "sq", "de"),
    "cp1257": ("lt", "lv", "et", "pl", "da", "de", "sv"),
    "cp1258": ("vi", "fr"),
    "cp1256": ("ar", "fr"),
    "cp1255": ("he",),
    "cp1253": ("el",),
    "cp1251": ("ru", "uk", "bg", "sr"),
    "cp874": ("th",),
}
LANGUAGE_CODE_PAGE = {"bs": "cp1250", "hr": "cp1250", "cs": "cp1250", "pl": "cp1250", "sk": "cp1250",
                      "hu": "cp1250", "sl": "cp1250", "ro": "cp1250", "tr": "cp1254", "ar": "cp1256",
                      "fa": "cp1256", "ur": "cp1256", "uk": "cp1251", "ru": "cp1251", "bg": "cp1251",
                      "sr": "cp1251", "et": "cp1257", "lt": "cp1257", "lv": "cp1257", "el": "cp1253", "he": "cp1255",
                      "vi": "cp1258", "th": "cp874"}
#: Non-ASCII punctuation that says nothing about the language.
NEUTRAL = "\u00a0“”‘’‚„–—…•€«»‹›¿¡°·§©®™£µ\u200e\u200f\u202b\u202c\ufeff"
#: A "word" of a legacy-encoded file: ASCII letters and high bytes, with at least one high byte.
_BYTE_WORD = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))


def decode(data: bytes, path: str, *, language: str | None = None) -> str:
    """Bytes of an SRT/VTT file -> text with ``"\\n"`` line ends and no BOM.

    BOM first, then UTF-16 without BOM, then valid UTF-8 (always wins), then the legacy code
    page whose letters best fit one language it serves (``language`` tips a tie), then
    charset-normalizer. Raises SourceError with the line of the first undecodable byte.
    """
    text = None
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec.removesuffix("-sig"), path)
            break
    if text is None:
        codec = _utf16_without_bom(data)
        if codec:
            text = _strict(data, codec, path)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _legacy(data, path, language, exc)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise SourceError("the file holds NUL characters; it is not a text subtitle file", path=path,
                          line=text[: text.index("\x00")].count("\n") + 1,
                          fix="Export the subtitles again as SRT or WebVTT in UTF-8")
    return text


def guess_code_page(data: bytes, language: str | None = None) -> tuple[str, float] | None:
    """The legacy code page under which the file's words look most like real words, and the
    share of its non-ASCII words that do (1.0 when there are none).

    A word is plausible when its letters are of one script, its case does not flip inside it
    ("ÚáÇÁ" is Arabic read as cp1252) and one language the code page serves has every one of
    its non-ASCII letters ("ùìåí" is Hebrew read as cp1252: no language has all four). Exact
    ties go to the earlier code page of ``CODE_PAGES``; the code page of ``language`` gets 0.2 more.
    """
    words: dict[bytes, int] = {}
    for word in _BYTE_WORD.findall(data):
        words[word] = words.get(word, 0) + 1
    preferred = LANGUAGE_CODE_PAGE.get((language or "").replace("-", "_").split("_")[0])
    best: tuple[float, str] | None = None
    for codec, languages in CODE_PAGES.items():
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        good = bad = 0
        for word, n in words.items():
            verdict = _plausible(word.decode(codec), languages)
            if verdict is not None:
                good, bad = (good + n, bad) if verdict else (good, bad + n)
        score = good / (good + bad) if good + bad else 1.0
        if codec == preferred:
            score += 0.2  # the caller knows the language: its code page wins unless implausible
        if best is None or score > best[0]:
            best = (score, codec)
    return (best[1], min(1.0, best[0])) if best else None


def _plausible(word: str, languages: Sequence[str]) -> bool | None:
    """Whether a decoded word looks like a word of one of ``languages``; None: no letters."""
    word = word.strip(NEUTRAL)
    if not any(ch.isalpha() for ch in word):
        return None
    if word.isascii():
        return True
    if not word.isalpha() or any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
        return False
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in word}
    if len(scripts) != 1:
        return False
    letters = {ch.lower() for ch in word if ord(ch) > 127}
    for lang in languages:
        script, alphabet = ALPHABETS[lang]
        if scripts == {script} and (not alphabet or letters <= set(alphabet)):
            return True
    return False


def _legacy(data: bytes, path: str, language: str | None, exc: UnicodeDecodeError) -> str:
    guess = guess_code_page(data, language)
    if guess and guess[1] >= 0.5:
        return data.decode(guess[0])
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    if high < 0.01 * len(data):  # a few stray bytes in ASCII text: too little to weigh
        fallback = LANGUAGE_CODE_PAGE.get((language or "").replace("-", "_").split("_")[0], "cp1252")
        for codec in (fallback, "cp1252", "latin-1"):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    import charset_normalizer  # CJK and other multi-byte encodings: worth its import time here

    match = charset_normalizer.from_bytes(data).best()
    if match is not None:
        return str(match)
    if guess:
        return data.decode(guess[0])
    line = data[: exc.start].count(b"\n") + 1
    raise SourceError(f"cannot tell the file's encoding (byte 0x{data[exc.start]:02x} is not UTF-8)",
                      path=path, line=line, fix="Save the file as UTF-8 in your subtitle editor")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise SourceError(f"the file starts with a {codec} byte-order mark but is not valid {codec}",
                          path=path, line=line, fix="Save the file again as UTF-8") from exc


# -- parsing -------------------------------------------------------------------------------

_TS = r"(-?)(?:(\d+):)?(\d\d):(\d\d)(?:[,.](\d{1,3}))?"
TIMING_RE = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}(?:(?:\s+|(?=[A-Za-z]))(.*?))?\s*$")
NUMBER_RE = re.compile(r"^\s*\d+\s*$")
VTT_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")


def parse(text: str, path: str) -> list[Cue]:
    """The cues of an SRT or WebVTT file (WebVTT when it starts with ``WEBVTT`` or is ``.vtt``)."""
    return list(read(text, path).cues)


def read(text: str, path: str) -> Document:
    """Parse into a Document; SourceError (with path and line) when the file is broken."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if first.startswith("WEBVTT") or str(path).lower().endswith(".vtt"):
        if not VTT_SIGNATURE.match(first):
            raise SourceError("a WebVTT file must start with the line 'WEBVTT'", path=path, line=1,
                              fix="Make 'WEBVTT' the very first line (nothing before it, not even a blank line)")
        return _read_vtt(lines, path)
    return Document("srt", _read_srt(lines, path))


def _read_srt(lines: list[str], path: str) -> tuple[Cue, ...]:
    cues: list[Cue] = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        block_line = i + 1
        ident = ""
        if NUMBER_RE.match(lines[i]) and i + 1 < n and "-->" in lines[i + 1]:
            ident = lines[i].strip()
            i += 1
        elif "-->" not in lines[i]:
            if NUMBER_RE.match(lines[i]):
                raise SourceError(f"cue number {lines[i].strip()} is not followed by a timing line",
                                  path=path, line=i + 2 if i + 1 < n else i + 1,
                                  fix="Write the timing as 'hh:mm:ss,mmm --> hh:mm:ss,mmm' on the line after the number")
            raise SourceError("text outside any cue (a blank line inside a cue's text, or a lost timing line?)",
                              path=path, line=i + 1,
                              fix="Remove the blank line above it, or give the text its own number and timing line")
        start, end, settings = _timing(lines[i], path, i + 1)
        timing_line = i + 1
        i += 1
        body: list[str] = []
        while i < n and lines[i].strip():
            if "-->" in lines[i]:
                _next_timing(lines[i], body, path, i + 1)
                if NUMBER_RE.match(body[-1]):
                    body.pop()
                    i -= 1
                break
            body.append(lines[i])
            i += 1
        cue = Cue(len(cues) + 1, start, end, tuple(body), block_line, ident, settings)
        _check_order(cues, cue, path, timing_line)
        cues.append(cue)
    return tuple(cues)


def _read_vtt(lines: list[str], path: str) -> Document:
    header = [lines[0]]
    i, n = 1, len(lines)
    while i < n and lines[i].strip() and "-->" not in lines[i]:
        header.append(lines[i])
        i += 1
    cues: list[Cue] = []
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        block_line = i + 1
        word = lines[i].strip().split(None, 1)[0] if lines[i].strip() else ""
        if word in ("NOTE", "STYLE", "REGION") and "-->" not in lines[i]:
            block = []
            while i < n and lines[i].strip():
                block.append(lines[i])
                i += 1
            if not cues:
                header.extend(["", *block])
            continue
        ident = ""
        if "-->" not in lines[i] and (i + 1 >= n or "-->" not in lines[i + 1]) and not cues:
            while i < n and lines[i].strip():  # header material before the first cue (CSS with a
                header.append(lines[i])          # blank line in it, metadata): kept, never a cue
                i += 1
            continue
        if "-->" not in lines[i]:
            if i + 1 >= n or "-->" not in lines[i + 1]:
                raise SourceError("a block with neither a timing line nor NOTE/STYLE/REGION", path=path,
                                  line=i + 1, fix="Add 'hh:mm:ss.mmm --> hh:mm:ss.mmm' before the cue's text, "
                                  "or remove the blank line above it")
            ident = lines[i].strip()
            i += 1
        start, end, settings = _timing(lines[i], path, i + 1)
        timing_line = i + 1
        i += 1
        body: list[str] = []
        while i < n and lines[i].strip():
            if "-->" in lines[i]:
                _next_timing(lines[i], body, path, i + 1)
                break
            body.append(lines[i])
            i += 1
        cue = Cue(len(cues) + 1, start, end, tuple(body), block_line, ident, settings)
        _check_order(cues, cue, path, timing_line)
        cues.append(cue)
    return Document("vtt", tuple(cues), tuple(header))


def _next_timing(line: str, body: list[str], path: str, number: int) -> None:
    """A "-->" line inside a cue's text: the next cue, when the blank line before it is missing."""
    if not TIMING_RE.match(line):
        raise SourceError(f"'-->' inside a cue's text: {line.strip()!r}", path=path, line=number,
                          fix="Correct the timing line, or put a blank line before it")
    if not body:
        raise SourceError("two timing lines in a row", path=path, line=number,
                          fix="Remove the repeated timing line or add the cue's text between them")


def _timing(line: str, path: str, number: int) -> tuple[int, int, str]:
    match = TIMING_RE.match(line)
    if not match:
        raise SourceError(f"bad timing line {line.strip()!r}", path=path, line=number,
                          fix="Write it as 'hh:mm:ss,mmm --> hh:mm:ss,mmm' (WebVTT: '.' before the milliseconds)")
    g = match.groups()
    if g[0] or g[5]:
        raise SourceError(f"negative time in {line.strip()!r}", path=path, line=number,
                          fix="Shift the subtitles so that no cue starts before 00:00:00,000")
    start, end = _ms(g[1:5]), _ms(g[6:10])
    if max(int(g[2]), int(g[3]), int(g[7]), int(g[8])) > 59:
        raise SourceError(f"minutes or seconds above 59 in {line.strip()!r}", path=path, line=number,
                          fix="Write the time as hh:mm:ss,mmm")
    if end < start:
        raise SourceError(f"the cue ends ({format_time(end)}) before it starts ({format_time(start)})",
                          path=path, line=number, fix="Correct the timing line")
    return start, end, (g[10] or "").strip()


def _ms(parts: Sequence[str | None]) -> int:
    hours, minutes, seconds, fraction = parts
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def _check_order(cues: list[Cue], cue: Cue, path: str, line: int) -> None:
    """Overlapping cues can be meant (two speakers, a sign); a cue that starts before the one
    above it cannot: players sort by time, and our sentences would run backwards."""
    if cues and cue.start < cues[-1].start:
        prev = cues[-1]
        raise SourceError(f"cue {cue.index} starts ({format_time(cue.start)}) before cue {prev.index} "
                          f"({format_time(prev.start)})", path=path, line=line,
                          fix="Cues must be in time order; correct the timing or move the cue")


# -- anatomy of a cue: skeleton and translatable parts ------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One speaker's text in a cue (the whole cue unless it is a dialogue)."""

    dash: str  # "- " for a dialogue line, else ""
    lines: tuple[str, ...]  # as written, without dash, wrap and prefix
    text: str  # lines joined with one space: the msgid piece

    @property
    def translatable(self) -> bool:
        return any(ch.isalnum() for ch in visible(self.text))


@dataclass(frozen=True, slots=True)
class Anatomy:
    prefix: str  # ASS blocks / voice tag before the first line
    wrap: tuple[str, str] | None  # a tag around the whole cue or each line
    per_line: bool
    parts: tuple[Part, ...]

    @property
    def dialogue(self) -> bool:
        return len(self.parts) > 1 or bool(self.parts and self.parts[0].dash)

    @property
    def sound(self) -> bool:
        return not self.dialogue and len(self.parts) == 1 and bool(SOUND_RE.match(visible(self.parts[0].text)))

    @property
    def style(self) -> str:
        return self.wrap[0] if self.wrap else ""


def anatomy(cue: Cue) -> Anatomy:
    lines = [line.strip() for line in cue.lines if line.strip()]
    prefix = ""
    if lines:
        match = LEAD_SKELETON_RE.match(lines[0])
        if match:
            prefix = match.group(0)
            lines[0] = lines[0][match.end():].strip()
            if not lines[0]:
                lines.pop(0)
    wrap, per_line, lines = _unwrap(lines)
    parts: list[Part] = []
    for line in lines:
        dash = DASH_RE.match(line)
        if dash or not parts:
            body = line[dash.end():] if dash else line
            parts.append(Part(dash.group(0) if dash else "", (body,), ""))
        else:
            last = parts[-1]
            parts[-1] = Part(last.dash, (*last.lines, line), "")
    return Anatomy(prefix, wrap, per_line, tuple(Part(p.dash, p.lines, _join(p.lines)) for p in parts))


def _unwrap(lines: list[str]) -> tuple[tuple[str, str] | None, bool, list[str]]:
    if not lines:
        return None, False, lines
    match = WRAP_OPEN_RE.match(lines[0])
    if not match:
        return None, False, lines
    name, opening = match.group(1), match.group(0)
    closing = f"</{name}>"
    pattern = re.compile(rf"</?{name}\b")

    def inner(text: str) -> str | None:
        if text.startswith(opening) and text.endswith(closing):
            core = text[len(opening):len(text) - len(closing)]
            if not pattern.search(core):
                return core.strip()
        return None

    each = [inner(line) for line in lines]
    if all(core for core in each):
        return (opening, closing), True, [core for core in each if core]
    whole = inner("\n".join(lines))
    if whole:
        return (opening, closing), False, [line.strip() for line in whole.split("\n") if line.strip()]
    return None, False, lines


def _join(lines: Iterable[str]) -> str:
    return re.sub(r"[ \t]+", " ", KARAOKE_RE.sub("", " ".join(lines))).strip()


_ENTITY_CHARS = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&nbsp;": "\u00a0", "&lrm;": "", "&rlm;": ""}
_ENTITY_RE = re.compile("|".join(_ENTITY_CHARS))


def visible(text: str) -> str:
    """Text as a viewer sees it: no tags, ASS blocks or directional marks; entities decoded."""
    if "<" in text or "{" in text:
        text = TAG_RE.sub("", text)
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: _ENTITY_CHARS[m.group(0)], text)
    return text.translate(_NO_BIDI) if not text.isascii() else text


def display_length(text: str) -> int:
    """Characters a viewer counts: visible text without combining marks."""
    return sum(1 for ch in visible(text) if not unicodedata.combining(ch))


# -- the walk: which parts form which segment ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """One segment and the cue parts (slots) its text is laid over."""

    segment: Segment
    slots: tuple[tuple[int, int], ...]  # (cue position 0-based, part position)


def walk(doc: Document, *, segmentation: str = "sentence", limits: Mapping | None = None
         ) -> tuple[list[Anatomy], list[Unit]]:
    """Every cue's anatomy and the units (segments with their slots), in file order."""
    if segmentation not in ("sentence", "cue"):
        raise ConfigError(f"unknown subtitle segmentation {segmentation!r}",
                          fix='Set segmentation = "sentence" or "cue" under [subtitles] in qrl10n.toml')
    lim = _limits(limits)
    cues = doc.cues
    anatomies = [anatomy(cue) for cue in cues]
    groups: list[list[tuple[int, int]]] = []
    open_group: list[tuple[int, int]] | None = None
    for c, an in enumerate(anatomies):
        simple = not an.dialogue and not an.sound and len(an.parts) == 1 and an.parts[0].translatable
        if segmentation == "cue" or not simple:
            open_group = None
            groups.extend([(c, p)] for p, part in enumerate(an.parts) if part.translatable)
            if segmentation == "sentence" and an.dialogue and an.parts[-1].translatable:
                open_group = groups[-1]  # the last speaker's sentence may go on in the next cue
        elif (open_group is not None and len(open_group) < MAX_GROUP
                and anatomies[open_group[-1][0]].style == an.style):
            open_group.append((c, 0))
        else:
            open_group = [(c, 0)]
            groups.append(open_group)
        if open_group is not None:
            nxt = anatomies[c + 1] if c + 1 < len(anatomies) else None
            following = nxt.parts[0].text if nxt and nxt.parts else ""
            if ends_sentence(an.parts[open_group[-1][1]].text, following):
                open_group = None
    units = []
    for slots in groups:
        segment = _segment(cues, anatomies, slots, segmentation, lim)
        units.append(Unit(segment, tuple(slots)))
    return anatomies, units


def ends_sentence(text: str, following: str = "") -> bool:
    """True when ``text`` ends a sentence; a trailing ellipsis continued by ``following``
    ("..." or a lower-case start) does not."""
    core = visible(text).rstrip().rstrip(CLOSERS).rstrip()
    if not core or core[-1] not in SENTENCE_END:
        return False
    if core.endswith(("...", "…")):
        nxt = visible(following).lstrip().lstrip("\"'“‘¿¡")
        if nxt.startswith(("...", "…")) or (nxt[:1].islower()):
            return False
    return True


def _segment(cues: Sequence[Cue], anatomies: Sequence[Anatomy], slots: list[tuple[int, int]],
             segmentation: str, lim: Mapping) -> Segment:
    parts = [anatomies[c].parts[p] for c, p in slots]
    text = " ".join(part.text for part in parts)
    budgets = [_slot_budget(cues[c], anatomies[c], p, lim) for c, p in slots]
    first, last = cues[slots[0][0]], cues[slots[-1][0]]
    cps = f"{lim['max_cps']:g}"
    notes: list[str] = []
    total = sum(b for b, _ in budgets)
    if len(slots) == 1:
        span = f"cue {first.index}: {_span(first.start, first.end)}"
    else:
        span = f"cues {first.index}-{last.index}: {_span(first.start, last.end)}"
    notes.append(f"{span}, budget {total} characters{_why(budgets, cps, lim)}")
    if len(slots) > 1:
        for (c, _p), (budget, _) in zip(slots, budgets):
            cue = cues[c]
            notes.append(f"cue {cue.index}: {_span(cue.start, cue.end)}, {budget} characters")
    an = anatomies[slots[0][0]]
    if an.dialogue:
        notes.append("a speaker's line in a dialogue cue (qrl10n adds the dash)"
                     + ("; the sentence goes on in the next cues" if len(slots) > 1 else ""))
    elif an.sound:
        notes.append("sound description")
    if an.wrap and not an.dialogue:
        style = {"i": "italics", "b": "bold", "u": "underlined"}.get(an.wrap[0][1:2], f"{an.wrap[0]}…{an.wrap[1]}")
        notes.append(f"shown in {style}; qrl10n adds the tags")
    notes.append(MARKER_HELP_MULTI if len(slots) > 1 else MARKER_HELP_SINGLE)
    flags = (f"max-length:{total + _marker_room(len(slots), lim)}",) if total > 0 else ()
    kind = "subtitle cue" if segmentation == "cue" else "subtitle sentence"
    return Segment(text=text, line=first.line, kind=kind, notes=tuple(notes), flags=flags)


def _marker_room(slots: int, lim: Mapping) -> int:
    """Characters the max-length flag adds for " | " markers (one between cues and one between
    lines): Weblate and other editors count them against max-length, the budget does not."""
    return len(f" {MARKER} ") * (slots * int(lim["max_lines"]) - 1)


def _span(start: int, end: int) -> str:
    return f"{format_time(start, '.')} --> {format_time(end, '.')} ({(end - start) / 1000:.1f} s)"


def _why(budgets: Sequence[tuple[int, str]], cps: str, lim: Mapping) -> str:
    if {why for _, why in budgets} == {"lines"}:
        return f" ({lim['max_lines']} lines of {lim['max_line_length']})"
    return f" at {cps} cps"


def _slot_budget(cue: Cue, an: Anatomy, part: int, lim: Mapping) -> tuple[int, str]:
    """Characters the reading speed allows in one slot, capped by the cue's lines."""
    by_speed = math.floor((cue.end - cue.start) / 1000 * float(lim["max_cps"]) + 1e-9)
    by_lines = int(lim["max_lines"]) * int(lim["max_line_length"])
    budget, why = (by_speed, "speed") if by_speed <= by_lines else (by_lines, "lines")
    if len(an.parts) > 1:
        sizes = [max(1, len(visible(p.text))) for p in an.parts]
        budget = math.floor(budget * sizes[part] / sum(sizes))
    return budget, why


def _limits(limits: Mapping | None) -> dict:
    merged = dict(SUBTITLE_DEFAULTS)
    merged.update(limits or {})
    return merged


# -- extract -------------------------------------------------------------------------------


def extract(text: str, path: str, *, segmentation: str = "sentence", limits: Mapping | None = None
            ) -> list[Segment]:
    """The translatable segments of a subtitle file, in order (see the module docstring)."""
    _, units = walk(read(text, path), segmentation=segmentation, limits=limits)
    return [unit.segment for unit in units]


# -- layout: translations back onto the cues ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placed:
    """One output cue: the English ``source`` cue it takes its timing from, the ``cue`` as
    rendered (same times, new lines, RTL marks not yet added) and the segments filling it.
    ``translated`` says, line by line, whether a line holds translated text (empty: none)."""

    cue: Cue
    source: Cue
    segments: tuple[Segment, ...] = ()
    changed: bool = False
    translated: tuple[bool, ...] = ()


def layout(text: str, path: str, translate: Callable[[Segment], str], *, limits: Mapping | None = None,
           language: str = "en", segmentation: str | None = None) -> tuple[Document, list[Placed]]:
    """Lay ``translate(segment)`` over each segment's cues; see ``render``."""
    lim = _limits(limits)
    doc = read(text, path)
    anatomies, units = walk(doc, segmentation=segmentation or lim["segmentation"], limits=lim)
    rules = LayoutRules.of(lim, language)
    pieces: dict[tuple[int, int], list[str]] = {}
    owners: dict[int, list[Segment]] = {}
    for unit in units:
        for c, _ in unit.slots:
            if unit.segment not in owners.setdefault(c, []):
                owners[c].append(unit.segment)
        translation = translate(unit.segment)
        if not translation or translation == unit.segment.text or not tokens(translation)[0]:
            continue  # untranslated (or nothing but markers): the English cues as they are
        translation = translation.replace("-->", "→")  # would read as a timing line
        weights = [display_length(anatomies[c].parts[p].text) for c, p in unit.slots]
        budgets = [_slot_budget(doc.cues[c], anatomies[c], p, lim)[0] for c, p in unit.slots]
        for slot, piece in zip(unit.slots, distribute(translation, weights, rules, budgets=budgets)):
            pieces[slot] = piece
    placed: list[Placed] = []
    for c, (cue, an) in enumerate(zip(doc.cues, anatomies)):
        segs = tuple(owners.get(c, ()))
        if not any((c, p) in pieces for p in range(len(an.parts))):
            placed.append(Placed(cue, cue, segs))
            continue
        lines, translated = _cue_lines(an, [pieces.get((c, p)) for p in range(len(an.parts))], rules)
        if not any(visible(line).strip() for line in lines):
            continue  # a slot left empty by a short translation: no empty cue on screen
        placed.append(Placed(Cue(len(placed) + 1, cue.start, cue.end, tuple(lines), cue.line, cue.ident,
                                 cue.settings), cue, segs, True, tuple(translated)))
    placed = [p if p.cue.index == i else Placed(_renumber(p.cue, i), p.source, p.segments, p.changed, p.translated)
              for i, p in enumerate(placed, start=1)]
    return doc, placed


def _renumber(cue: Cue, index: int) -> Cue:
    return Cue(index, cue.start, cue.end, cue.lines, cue.line, cue.ident, cue.settings)


@dataclass(frozen=True, slots=True)
class LayoutRules:
    """Limits and language rules the layout needs, resolved once per file."""

    width: int = 42
    lines: int = 2
    no_break_after: frozenset[str] = frozenset()

    @classmethod
    def of(cls, limits: Mapping | None, language: str = "en") -> LayoutRules:
        lim = _limits(limits)
        base = (language or "en").replace("-", "_").split("_")[0].lower()
        return cls(int(lim["max_line_length"]), int(lim["max_lines"]), NO_BREAK_AFTER.get(base, frozenset()))

    def break_cost(self, word: str) -> int:
        """Cost of breaking (a cue or a line) after ``word``: negative is good."""
        core = visible(word).rstrip(CLOSERS)
        if not core:
            return 0
        if core[-1] in BREAK_AFTER_COST:
            return BREAK_AFTER_COST[core[-1]]
        if core.lower().lstrip("¿¡\"'“‘(") in self.no_break_after:
            return AVOID_BREAK_COST
        return 0


def tokens(translation: str) -> tuple[list[str], set[int]]:
    """Words of a translation (split at spaces, tabs and newlines only, so no-break spaces
    hold) and the positions where a forced break (marker or newline) comes before a word."""
    words: list[str] = []
    forced: set[int] = set()
    for chunk_no, chunk in enumerate(_FORCED_RE.split(translation)):
        if chunk_no and words:
            forced.add(len(words))
        words.extend(w for w in re.split(r"[ \t\r\f\v]+", chunk) if w)
    forced.discard(0)
    forced.discard(len(words))
    return words, forced


def distribute(translation: str, weights: Sequence[int], rules: LayoutRules, *,
               budgets: Sequence[int] | None = None) -> list[list[str]]:
    """Split a translation over slots: each slot gets a list of line chunks (text pieces that
    must start a new line); every word of the translation lands in exactly one slot. With the
    slots' character ``budgets``, a short translation fills only the first slots that hold it
    (see ``MIN_WORDS_PER_CUE``); the others get no chunk."""
    words, forced = tokens(translation)
    n = len(weights)
    if n == 1:
        return [_chunks(words, forced, 0, len(words))]
    used = _slots_used(words, forced, weights, rules, budgets)
    bounds = _split(words, forced, weights[:used], rules)
    slots = [(bounds[j], bounds[j + 1]) for j in range(used)] + [(len(words), len(words))] * (n - used)
    words = _balance_tags(words, [b for _, b in slots[:-1]])
    return [_chunks(words, forced, a, b) for a, b in slots]


def _slots_used(words: list[str], forced: set[int], weights: Sequence[int], rules: LayoutRules,
                budgets: Sequence[int] | None) -> int:
    """How many first slots a translation fills: all of them, unless it has fewer than
    ``MIN_WORDS_PER_CUE`` words a slot and no marker, and fewer slots hold it within their
    budgets and lines."""
    n, m = len(weights), len(words)
    if budgets is None or forced or m >= MIN_WORDS_PER_CUE * n:
        return n
    lengths = [display_length(w) for w in words]
    for used in range(max(1, m // MIN_WORDS_PER_CUE), n):
        bounds = _split(words, forced, weights[:used], rules)
        if all(a < b and sum(lengths[a:b]) + (b - a - 1) <= budgets[j]
               and _greedy_count(lengths[a:b], rules.width) <= rules.lines
               for j, (a, b) in enumerate(zip(bounds, bounds[1:]))):
            return used
    return n


def _chunks(words: list[str], forced: set[int], a: int, b: int) -> list[str]:
    chunks: list[list[str]] = [[]]
    for k in range(a, b):
        if k in forced and k != a and chunks[-1]:
            chunks.append([])
        chunks[-1].append(words[k])
    return [" ".join(chunk) for chunk in chunks if chunk]


def _split(words: list[str], forced: set[int], weights: Sequence[int], rules: LayoutRules) -> list[int]:
    """Boundaries 0 = b0 <= b1 <= ... <= bn = len(words) chosen by dynamic programming:
    near the proportional target, after punctuation rather than after an article, every
    forced break honoured while slots remain, slots within their capacity when possible."""
    m, n = len(words), len(weights)
    lengths = [display_length(w) for w in words]
    before = [0]
    for length in lengths:
        before.append(before[-1] + length + 1)  # characters up to each boundary, spaces included
    total = max(1, before[-1] - 1)
    wsum = sum(max(1, w) for w in weights)
    targets, acc = [], 0
    for w in weights[:-1]:
        acc += max(1, w)
        targets.append(total * acc / wsum)
    scale = 40 / max(1.0, total / n)  # a slot's width off target costs 40, like an extra line
    over = _extra_lines(lengths, rules.width, rules.lines)
    cut_cost = [0] + [rules.break_cost(words[p - 1]) + (-1000 if p in forced else 0) for p in range(1, m)] + [0]
    inside = [0] * (m + 1)  # inside[k]: forced breaks at positions 1..k
    for k in range(1, m + 1):
        inside[k] = inside[k - 1] + (k in forced)
    inf = float("inf")
    allow_empty = m < n
    # best[j][p]: cost of placing the first j boundaries with the j-th at p.
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(1, n + 1):
        last = j == n
        for p in (range(m + 1) if not last else (m,)):
            if not last and not allow_empty and (p == m or p == 0):
                continue
            here = 0.0 if last else abs(before[p] - targets[j - 1]) * scale + cut_cost[p]
            for a in range(p + 1):
                prev = best[j - 1][a]
                if prev == inf or (a == p and not allow_empty):
                    continue
                cost = prev + here + over[a][p] * 40
                if p - 1 > a:
                    cost += 1000 * (inside[p - 1] - inside[a])
                if cost < best[j][p]:
                    best[j][p] = cost
                    back[j][p] = a
    bounds = [m]
    p = m
    for j in range(n, 0, -1):
        p = back[j][p]
        bounds.append(p)
    return bounds[::-1]


def _extra_lines(lengths: Sequence[int], width: int, max_lines: int) -> list[list[int]]:
    """extra[a][b]: lines beyond ``max_lines`` that words a..b-1 need at ``width``."""
    m = len(lengths)
    extra = [[0] * (m + 1) for _ in range(m + 1)]
    for a in range(m):
        count, current = 1, -1
        row = extra[a]
        for b in range(a + 1, m + 1):
            length = lengths[b - 1]
            if current >= 0 and current + 1 + length > width:
                count, current = count + 1, length
            else:
                current = length if current < 0 else current + 1 + length
            row[b] = max(0, count - max_lines)
    return extra


def _balance_tags(words: list[str], cuts: Sequence[int]) -> list[str]:
    """Close formatting tags still open at a cue boundary and reopen them in the next cue."""
    words = list(words)
    stack: list[tuple[str, str]] = []
    cut_set = set(cuts)
    for k in range(len(words)):
        if k in cut_set and stack and k > 0:
            words[k - 1] += "".join(f"</{name}>" for name, _ in reversed(stack))
            words[k] = "".join(tag for _, tag in stack) + words[k]
            # the reopened tags are in words[k] and are scanned below
            stack = []
        for match in re.finditer(r"<(/?)([a-z]+)\b[^<>]*>", words[k]):
            closing, name = match.group(1), match.group(2)
            if name not in FORMAT_TAGS:
                continue
            if not closing:
                stack.append((name, match.group(0)))
            elif stack and stack[-1][0] == name:
                stack.pop()
    return words


def _cue_lines(an: Anatomy, pieces: Sequence[list[str] | None], rules: LayoutRules
               ) -> tuple[list[str], list[bool]]:
    """The lines of one cue (each part's chunks broken into balanced lines, skeleton restored)
    and, for each line, whether it holds translated text (a part with ``None`` keeps its own)."""
    out: list[str] = []
    translated: list[bool] = []
    for part, chunks in zip(an.parts, pieces):
        if chunks is None:
            body = list(part.lines)
        else:
            width = rules.width - len(part.dash)
            body = [line for chunk in chunks for line in break_lines(chunk.split(" "), rules, width=width)]
        if not body:
            continue
        out.append(part.dash + body[0])
        out.extend(body[1:])
        translated.extend([chunks is not None] * len(body))
    if an.wrap:
        opening, closing = an.wrap
        if an.per_line:
            out = [f"{opening}{line}{closing}" for line in out]
        elif out:
            out[0] = opening + out[0]
            out[-1] = out[-1] + closing
    if an.prefix:
        out, translated = ([an.prefix + out[0], *out[1:]], translated) if out else ([an.prefix], [False])
    return out, translated


def break_lines(words: Sequence[str], rules: LayoutRules, *, width: int | None = None) -> list[str]:
    """Balanced lines: as few as keep every line within the width (a longer word gets a line
    of its own), then the most even split, bottom-heavy, after punctuation, never after an
    article. ``max_lines`` is not enforced here: no word is dropped to honour it, and
    ``qrl10n check`` reports the cue."""
    words = [w for w in words if w]
    if not words:
        return []
    width = rules.width if width is None else width
    lengths = [display_length(w) for w in words]
    if sum(lengths) + len(words) - 1 <= width:
        return [" ".join(words)]
    return _best_lines(words, lengths, _greedy_count(lengths, width), rules, width)


def _greedy_count(lengths: Sequence[int], width: int) -> int:
    count, current = 1, -1
    for length in lengths:
        if current >= 0 and current + 1 + length > width:
            count += 1
            current = length
        else:
            current = length if current < 0 else current + 1 + length
    return count


def _best_lines(words: Sequence[str], lengths: Sequence[int], count: int, rules: LayoutRules, width: int) -> list[str]:
    m = len(words)
    count = min(count, m)
    span = [[0] * (m + 1) for _ in range(m + 1)]
    for a in range(m):
        total = -1
        for b in range(a + 1, m + 1):
            total += lengths[b - 1] + 1
            span[a][b] = total
    mean = (sum(lengths) + m - 1) / count
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(count + 1)]
    back = [[0] * (m + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for b in range(k, m + 1):
            if k == count and b != m:
                continue
            for a in range(k - 1, b):
                if best[k - 1][a] == inf:
                    continue
                size = span[a][b]
                if size > width and b - a > 1:
                    continue
                cost = best[k - 1][a] + (size - mean) ** 2 / 4
                if k < count:
                    cost += rules.break_cost(words[b - 1]) * 2
                    # bottom-heavy: a first line longer than the rest costs a little more
                    cost += max(0, size - mean) * 0.5
                if cost < best[k][b]:
                    best[k][b] = cost
                    back[k][b] = a
    if best[count][m] == inf:  # cannot happen with count from the greedy fill; stay safe
        return [" ".join(words)]
    bounds = [m]
    b = m
    for k in range(count, 0, -1):
        b = back[k][b]
        bounds.append(b)
    bounds.reverse()
    return [" ".join(words[bounds[i]:bounds[i + 1]]) for i in range(count)]


# -- right to left ---------------------------------------------------------------------------

_EDGE_RE = re.compile(rf"^((?:{ASS_BLOCK}|<[^/<>][^<>]*>)*)(.*?)((?:</[^<>]+>)*)$", re.S)


def embed_rtl(line: str, *, force: bool = False) -> str:
    """Wrap a line holding right-to-left letters in RLE ... PDF, outside leading and
    trailing tags; idempotent. Lines without right-to-left letters are left alone unless
    ``force`` (a line of translated text in a right-to-left language); a line with no
    visible text is always left alone."""
    if not force and not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in line):
        return line
    match = _EDGE_RE.match(line)
    head, body, tail = match.groups() if match else ("", line, "")
    body = body.strip(RLE + PDF + "\u200f")
    if not visible(body).strip():
        return line
    return f"{head}{RLE}{body}{PDF}{tail}"


# -- render -----------------------------------------------------------------------------------


def render(text: str, path: str, translate: Callable[[Segment], str], *, limits: Mapping | None = None,
           language: str = "en", direction: str = "ltr", output_format: str = "srt") -> str:
    """The subtitle file with each segment's translation laid over its cues.

    Same cues and timings as the source (a cue left with no word by a very short translation
    is omitted rather than shown empty); lines rebuilt only for cues whose text changed.
    ``output_format`` is "srt" or "vtt" (from SRT, an ASS position becomes WebVTT cue settings,
    see ``vtt_settings``); ``direction="rtl"`` adds the embedding marks.
    """
    if output_format not in ("srt", "vtt"):
        raise ValueError(f"output_format must be 'srt' or 'vtt', not {output_format!r}")
    doc, placed = layout(text, path, translate, limits=limits, language=language)
    rtl = direction == "rtl"
    cues = []
    for item in placed:
        if doc.kind == output_format:
            ident, settings = item.cue.ident, item.cue.settings
        else:  # SRT coordinates and WebVTT identifiers and settings mean nothing in the other format
            ident, settings = "", vtt_settings(item.cue.lines) if output_format == "vtt" else ""
        translated = item.translated or (False,) * len(item.cue.lines)
        pairs = list(zip(item.cue.lines, translated))
        if doc.kind != output_format:  # a line of nothing but an ASS block would end the cue
            pairs = [(line.rstrip(), own) for line, own in
                     ((_convert(line, output_format), own) for line, own in pairs) if line.strip()]
        lines = [embed_rtl(line, force=own) if rtl else line for line, own in pairs]
        cues.append(Cue(item.cue.index, item.cue.start, item.cue.end, tuple(lines), item.cue.line, ident, settings))
    return compose(cues, output_format, header=doc.header if doc.kind == output_format else ())


def vtt_settings(lines: Sequence[str]) -> str:
    """WebVTT cue settings for the position the cue's first ASS ``\\an``/``\\a`` tag asks for
    ("" for none, or for the bottom centre)."""
    for block in re.findall(ASS_BLOCK, "\n".join(lines)):
        match = _ASS_ALIGN_RE.search(block)
        if match:
            number = int(match.group(2))
            place = number if match.group(1) == "an" else SSA_POSITION.get(number, 0)
            return ASS_POSITION.get(place, "")
    return ""


def compose(cues: Iterable[Cue], output_format: str = "srt", *, header: Sequence[str] = (),
            keep_settings: bool = True) -> str:
    """Serialize cues: SRT numbered from 1, or WebVTT with its header and ``.`` millis."""
    out: list[str] = []
    if output_format == "vtt":
        out.append("\n".join(header or ("WEBVTT",)) + "\n")
    for number, cue in enumerate(cues, start=1):
        block: list[str] = []
        if output_format == "vtt":
            if cue.ident and keep_settings:
                block.append(cue.ident)
            timing = f"{format_time(cue.start, '.')} --> {format_time(cue.end, '.')}"
        else:
            block.append(str(number))
            timing = f"{format_time(cue.start)} --> {format_time(cue.end)}"
        if cue.settings and keep_settings:
            timing += " " + cue.settings
        block.append(timing)
        block.extend(cue.lines)
        out.append("\n".join(block) + "\n")
    return "\n".join(out)


_TAGLIKE_RE = re.compile(r"</?[A-Za-z][^<>]*>|<\d[^<>]*>")
_VTT_TAG_RE = re.compile(r"</?(?:i|b|u|c|v|lang|ruby|rt)(?:[.\s][^<>]*)?>|<\d[^<>]*>")
_SRT_TAG_RE = re.compile(r"</?(?:i|b|u|font)(?:\s[^<>]*)?>", re.I)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u00a0"), ("&lrm;", "\u200e"), ("&rlm;", "\u200f"),
             ("&amp;", "&"))


def _convert(line: str, target: str) -> str:
    """Carry a line to the other format. Tags the target does not know are formatting, not
    words, and are dropped (SRT ``<font>`` and ASS blocks in WebVTT, ``<c.x>``, ``<v>``,
    karaoke times in SRT); WebVTT escapes ``&`` and ``<``, SRT has no escapes."""
    if target == "vtt":
        line = re.sub(ASS_BLOCK, "", line)
        line = re.sub(r"&(?!(?:amp|lt|gt|nbsp|lrm|rlm);)", "&amp;", line)
        pieces = _TAGLIKE_RE.split(line)
        tags = [tag if _VTT_TAG_RE.fullmatch(tag) else "" for tag in _TAGLIKE_RE.findall(line)]
        return "".join(piece.replace("<", "&lt;") + (tags[k] if k < len(tags) else "")
                       for k, piece in enumerate(pieces))
    line = _TAGLIKE_RE.sub(lambda m: m.group(0) if _SRT_TAG_RE.fullmatch(m.group(0)) else "", line)
    for entity, char in _ENTITIES:
        line = line.replace(entity, char)
    return line
