"""What the words of a translation must keep: addresses, numbers, something written, its own language.

Numbers are ours, not pofilter's: pofilter takes 3,5 for another number than 3.5, and ١٢
(Arabic-Indic digits) for another number than 12.
"""

from __future__ import annotations

import re
import unicodedata

from .markup import WORD, markup
from .punctuation import base_language
from .registry import CheckContext, CheckFunction, Rule, entry_rule, multiset_diff
from .toolkit import addresses, fails


def _items(extract: str, what: str, triggers: tuple[str, ...]) -> CheckFunction:
    """URLs / e-mails: the same ones, in any order, outside Markdown link targets."""
    def run(source: str, translation: str, context: CheckContext) -> list[str]:
        if not any(t in source or t in translation for t in triggers):
            return []
        missing, added = multiset_diff(addresses(extract, markup(source).text),
                                       addresses(extract, markup(translation).text))
        return ([f"the {what} {x} is missing or was changed" for x in missing]
                + [f"the {what} {x} is not in the English" for x in added])
    run.__name__ = f"{what}s"
    return run


urls = _items("geturls", "URL", ("http", "www.", "ftp:"))
emails = _items("getemails", "e-mail address", ("@",))

_NATIVE_DIGITS = {c: str(unicodedata.digit(chr(c))) for c in range(0x660, 0x1100)
                  if unicodedata.category(chr(c)) == "Nd"}
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+|[\u00a0\u202f' ]\d{3}(?!\d))*")
_THOUSANDS = re.compile(r"(?<=\d)[,.\u00a0\u202f' ](?=\d{3}(?!\d))")


def _numbers_in(text: str) -> list[str]:
    """Numbers with the separators normalized: 1,000 = 1.000 = 1 000 = 1000 and 3.5 = 3,5."""
    return [_THOUSANDS.sub("", n).replace(",", ".") for n in _NUMBER.findall(text.translate(_NATIVE_DIGITS))]


def numbers(source: str, translation: str, context: CheckContext) -> list[str]:
    """The same numbers, in any order. Ours, not pofilter's: pofilter takes 3,5 for another
    number than 3.5, and ١٢ (Arabic-Indic digits) for another number than 12."""
    src, dst = markup(source).prose, markup(translation).prose
    if not _DIGIT.search(src) and not _DIGIT.search(dst):
        return []
    missing, added = multiset_diff(_numbers_in(src), _numbers_in(dst))
    return ([f"the number {n} is missing or was changed" for n in missing]
            + [f"the number {n} is not in the English" for n in added])



def copied_english(source: str, translation: str, context: CheckContext) -> list[str]:
    """The English copied as the translation; names and one- or two-word labels are left alone."""
    src, dst = markup(source).prose, markup(translation).prose
    if src.strip().lower() != dst.strip().lower() or base_language(context.language) == "en":
        return []
    if sum(1 for token in src.split() if WORD.search(token)) < 3:
        return []
    if fails("unchanged", src, dst, context.language):
        return ["the translation is the English text"]
    return []



def blank(source: str, translation: str, context: CheckContext) -> list[str]:
    if translation.strip():
        return []
    return ["the translation is only whitespace"] if fails("blank", source, translation, context.language) else []



DEFAULT_LENGTH_RATIO = (0.4, 2.5)
MIN_RATIO_LENGTH = 30


def length_ratio(source: str, translation: str, context: CheckContext) -> list[str]:
    """Translation length / English length out of range (default 0.4-2.5; longer strings only)."""
    src, dst = markup(source).prose.strip(), markup(translation).prose.strip()
    if len(src) < MIN_RATIO_LENGTH or not dst:
        return []
    low, high = context.settings.get("length_ratio", DEFAULT_LENGTH_RATIO)
    ratio = len(dst) / len(src)
    if ratio < low:
        return [f"the translation is {ratio:.0%} as long as the English; is something left out?"]
    if ratio > high:
        return [f"the translation is {ratio:.0%} as long as the English; is something added or repeated?"]
    return []


RULES: tuple[Rule, ...] = (
    entry_rule("blank", "error", "Write the translation, or leave the entry empty so the English shows.",
               blank),
    entry_rule("urls", "warning", "Copy web addresses unchanged, unless there is a page in your language at another address.",
               urls),
    entry_rule("emails", "warning", "Copy e-mail addresses unchanged.",
               emails),
    entry_rule("numbers", "warning", "Keep the numbers of the English (articles, years, counts); your own digits are fine.",
               numbers),
    entry_rule("copied-english", "warning", "Translate the text, or add the comment "
                                            "'# qrl10n: ignore copied-english' if the English is right here (a name, a title).",
               copied_english),
    entry_rule("length-ratio", "warning", "Compare with the English: something may be missing or added.",
               length_ratio),
)
