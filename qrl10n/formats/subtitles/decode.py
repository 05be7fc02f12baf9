"""Bytes of a subtitle file as text: BOMs, UTF-16 without a BOM, UTF-8, then the legacy code page
whose letters fit a language it serves, then charset-normalizer; SourceError with the line of
the first byte that cannot be read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ...errors import SourceError

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
    text: str | None = None
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec.removesuffix("-sig"), path)
            break
    if text is None:
        utf16 = _utf16_without_bom(data)
        if utf16:
            text = _strict(data, utf16, path)
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
