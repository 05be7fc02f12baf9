"""Whether two PO files say the same thing, and what would change between them.

Content, not bytes: a file that msgcat, msgmerge, Poedit, Weblate (translate-toolkit's
writer) or polib saved holds the same entries as ours laid out another way. Two files have
the same content when their canonical forms are equal: every entry's strings, comments,
references and flags (in any order; what gettext does not write, such as fuzzy on an empty
translation or an obsolete entry without one, left out), comments as their words (polib
wraps long comments onto several lines), the header's fields as a set, and ``Plural-Forms`` compared by what
the formula computes (Weblate rewrites its spacing and parentheses). Stages leave a file whose
content is already right untouched, so an editor's next save and ours never undo each other.
"""

from __future__ import annotations

import difflib
import re

import polib

from .plural import plural_meaning

#: What ``update`` reports for a file whose content is right and whose layout is another tool's.
LAYOUT_ONLY = "layout only"
#: How many diff lines ``explain`` shows for one file.
DIFF_LINES = 12


def canonical(catalog: polib.POFile) -> tuple[object, ...]:
    """What the catalog says, with everything that carries no meaning normalised: two files
    with equal canonical forms have the same content whatever their layout."""
    header = (_unwrapped(catalog.header or ""), catalog.metadata_is_fuzzy,
              tuple(sorted((name, _field_meaning(name, value)) for name, value in catalog.metadata.items())))
    return (header, *(_entry_meaning(entry) for entry in catalog
                      if not (entry.obsolete and not (entry.msgstr or any(entry.msgstr_plural.values())))))


def _entry_meaning(entry: polib.POEntry) -> tuple[object, ...]:
    fuzzy = "fuzzy" in entry.flags and bool(entry.msgstr or entry.msgstr_plural.get(0))
    flags = tuple(sorted({f for f in entry.flags if f != "fuzzy"}))
    return (entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural or None, entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())), _unwrapped(entry.comment), _unwrapped(entry.tcomment),
            tuple(entry.occurrences) if not entry.obsolete else (), fuzzy,
            flags if not entry.obsolete else (), entry.previous_msgctxt, entry.previous_msgid or None,
            entry.previous_msgid_plural or None)


def _unwrapped(comment: str) -> str:
    """A comment's words on one line: gettext never wraps comments, polib wraps long ones."""
    return " ".join(comment.split()) if comment else ""


def _field_meaning(name: str, value: str) -> str:
    if name == "Plural-Forms":
        return plural_meaning(value)
    if name == "Content-Type":
        return re.sub(r"\s+", "", value.lower())
    return value.strip()


def explain(old_text: str, new_text: str) -> list[str]:
    """What would change, for ``update --check``: a few unified-diff lines between the two
    catalogs, both in gettext's layout (``writer.dumps``), so only content shows."""
    diff = list(difflib.unified_diff(old_text.split("\n"), new_text.split("\n"),
                                     "now", "after update", n=1, lineterm=""))[2:]
    if len(diff) > DIFF_LINES:
        diff = [*diff[:DIFF_LINES], f"... ({len(diff) - DIFF_LINES} more diff lines)"]
    return diff
