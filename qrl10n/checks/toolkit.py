"""The one door to translate-toolkit's pofilter tests, for the few checks where its rules decide.

A test runs only when its trigger character is in either string (a placeholder, a bracket, a
tag), so most entries never reach it; translate-toolkit is imported on first use, not when the
CLI starts.
"""

from __future__ import annotations

import functools
import re
from typing import Any


@functools.cache
def checker(language: str) -> Any:
    """One translate-toolkit checker per language (building one costs ~0.5 ms, a test ~2 µs)."""
    from translate.filters.checks import CheckerConfig, StandardChecker
    return StandardChecker(CheckerConfig(targetlanguage=language.replace("-", "_")))


def fails(test: str, source: str, translation: str, language: str) -> list[str]:
    """pofilter's messages for ``test``, or [] when it passes."""
    from translate.filters.checks import FilterFailure
    tests = checker(language)
    if len(tests.results_cache) > 4096:
        tests.results_cache.clear()
    try:
        getattr(tests, test)(source, translation)
    except FilterFailure as failure:
        return [str(m) for m in failure.messages] or [test]
    return []


def printf_directives(text: str) -> list[re.Match[str]]:
    """pofilter's printf directives in ``text`` (match objects with ``type`` and ``boost_ord``)."""
    from translate.filters.checks.standard import printf_pat
    return list(printf_pat.finditer(text))


def addresses(kind: str, text: str) -> list[str]:
    """The URLs (``kind`` "geturls") or e-mail addresses ("getemails") translate-toolkit finds."""
    from translate.filters import decoration
    return [str(address) for address in getattr(decoration, kind)(text)]
