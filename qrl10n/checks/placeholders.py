"""Placeholders a translation must copy: printf directives (%s, %1$d, %(name)s) and {name}."""

from __future__ import annotations

import re

from .registry import CheckContext, Rule, entry_rule, multiset_diff
from .toolkit import fails, printf_directives

_PRINTF_FLAGS = ("c-format", "python-format", "objc-format", "sh-format", "php-format",
                 "perl-format", "java-printf-format", "boost-format", "qt-format", "kde-format")
_ABSENCE = ("Missing printf variable", "Different number of printf variables",
            "Named placeholders absent", "Highest anonymous placeholder in original")


def placeholders_printf(source: str, translation: str, context: CheckContext) -> list[str]:
    """printf placeholders (%s, %d, %1$s, %(name)s), when the entry is printf-formatted.

    Without a format flag the test runs only if the English has printf directives and all
    of them are C ones, so a Turkish "%50" for "50%", or a strftime "%a %-e", is left alone.
    """
    if "no-c-format" in context.flags or "no-python-format" in context.flags:
        return []
    flagged = bool(context.flags.intersection(_PRINTF_FLAGS))
    source, translation = _without_flags(source, space=flagged), _without_flags(translation, space=flagged)
    if not flagged and not _looks_printf(source):
        return []
    messages = fails("printf", source, translation, context.language)
    if context.single_number_form:
        messages = [m for m in messages if not m.startswith(_ABSENCE)]
    return [_reword_printf(m) for m in messages]


_C_CONVERSIONS = frozenset("diouxXeEfFgGaAcspn")
#: printf flags before a conversion: - + space # 0, ' (thousands grouping) and glibc's I (the
#: locale's digits). How a number is laid out is the translation's business, as for msgfmt.
_FLAGS = re.compile(r"%%|(%(?:\d+\$|\(\w+\))?)([-+ #0'I]+)"
                    r"(?=[\d*]*(?:\.[\d*]*)?(?:hh|h|ll|l|j|z|t|L|q)?[diouxXeEfFgGaAcspn]|<PRI)")


def _without_flags(text: str, *, space: bool) -> str:
    """Directives with their flags taken out, so "%'d" and "%Id" compare equal to "%d". A space
    counts as a flag only in a printf-flagged entry: elsewhere "100% done" is prose."""
    if "%" not in text:
        return text

    def strip(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return str(match.group(0))
        if " " in match.group(2) and not space:
            return str(match.group(0))
        return str(match.group(1))
    return _FLAGS.sub(strip, text)


def _looks_printf(source: str) -> bool:
    """Unflagged text is printf only if every directive is a C one (as xgettext decides):
    a strftime format ("%a %-e_%R") or a percentage ("50%") is not."""
    if "%" not in source:
        return False
    found = printf_directives(source)
    return bool(found) and all(m.group("boost_ord") is None and m.group("type") in _C_CONVERSIONS for m in found)


def _reword_printf(message: str) -> str:
    for old, new in (("Added printf variable", "the placeholder is not in the English"),
                     ("Different printf variable", "the placeholder differs from the English"),
                     ("Missing printf variable", "the placeholder is missing"),
                     ("Different number of printf variables", "the number of placeholders differs from the English")):
        if message.startswith(old):
            return new + message[len(old):]
    return message


_BRACE = re.compile(r"{[^{}]*}")
_ANON = re.compile(r"{[0-9]*}")


def placeholders_brace(source: str, translation: str, context: CheckContext) -> list[str]:
    """{name} placeholders (python-brace-format, and the course's own {learner_name})."""
    if "no-python-brace-format" in context.flags or ("{" not in source and "{" not in translation):
        return []
    failures = fails("pythonbraceformat", source, translation, context.language)
    if context.single_number_form:
        failures = [m for m in failures if not m.startswith(_ABSENCE)]
    if not failures:
        return []
    named = [[v for v in _BRACE.findall(s.replace("{{", "").replace("}}", "")) if not _ANON.fullmatch(v)]
             for s in (source, translation)]
    missing, added = multiset_diff(*named)
    if context.single_number_form:
        missing = []
    messages = [f"the placeholder {v} is missing" for v in missing if v not in named[1]]
    messages += [f"the placeholder {v} is not in the English" for v in added if v not in named[0]]
    # pofilter's own words for anonymous {0} {} mismatches (its named-placeholder lists are sets).
    messages += [m for m in failures if "anonymous" in m]
    return messages or failures


RULES: tuple[Rule, ...] = (
    entry_rule("placeholders-printf", "error", "Copy every %s, %d, %1$s placeholder exactly as in the English; you may move "
                                               "it, not change it.",
               placeholders_printf),
    entry_rule("placeholders-brace", "error", "Copy every {name} placeholder exactly as in the English; never translate the "
                                              "word inside the braces.",
               placeholders_brace),
)
