"""Comments that carry meaning: check suppressions, and qrl10n's own hints wrapped by editors.

Suppressions belong to translators. gettext keeps translator comments through msgcat,
msgmerge and every editor, but drops flags it does not know; so a suppression is written
``# qrl10n: ignore <check-id>`` (a translator comment) and the older ``#, ignore-<check-id>``
flag is still read. ``ignored_checks`` is the one place that reads both.

Hints belong to qrl10n (``#. glossary: ...``, ``#. machine translation ...``). polib wraps an
extracted comment longer than its width onto several ``#.`` lines; ``unwrap_owned`` joins
such continuation lines back onto the hint they belong to, so nothing is cut when ``update``
keeps the hints it owns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polib

IGNORE_FLAG = "ignore-"
#: Extracted comments that qrl10n's stages add to PO files (glossary hints, machine-translation,
#: import and memory notes): templates do not have them, and update keeps them.
OWNED_PREFIXES = ("glossary:", "machine translation", "imported", "translation memory")
#: ``# qrl10n: ignore doubled-words, copied-english`` (commas or spaces between ids).
_IGNORE_COMMENT = re.compile(r"^\s*qrl10n:\s*ignore\s+(.+)$")
_NONE: frozenset[str] = frozenset()


def ignored_checks(entry: polib.POEntry) -> frozenset[str]:
    """Check ids a translator switched off for this entry, by comment or by flag."""
    ids = {flag[len(IGNORE_FLAG):] for flag in entry.flags if flag.startswith(IGNORE_FLAG)}
    if not entry.tcomment or "qrl10n:" not in entry.tcomment:
        return frozenset(ids) if ids else _NONE
    for line in entry.tcomment.split("\n"):
        match = _IGNORE_COMMENT.match(line)
        if match:
            ids.update(part for part in re.split(r"[\s,]+", match.group(1)) if part)
    return frozenset(ids)


def unwrap_owned(lines: list[str], prefixes: tuple[str, ...], known: Iterable[str] = ()) -> list[str]:
    """Extracted-comment lines with continuations of an owned hint joined back onto it.

    A line continues the hint above it when that hint starts with one of ``prefixes`` and the
    line itself starts with none of them and is not one of the ``known`` lines (the
    template's own comments).
    """
    known = set(known)
    result: list[str] = []
    owned = False
    for line in lines:
        starts = line.startswith(prefixes)
        if owned and not starts and line and line not in known:
            result[-1] = f"{result[-1]} {line.strip()}"
            continue
        result.append(line)
        owned = starts
    return result
