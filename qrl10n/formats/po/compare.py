"""Whether two PO files say the same thing, and what would change between them.

Content, not bytes: a file that msgcat, msgmerge, Poedit, Weblate (translate-toolkit's
writer) or polib saved holds the same entries as ours laid out another way. Two files have
the same content when their canonical texts are equal: every entry in gettext's layout,
flags in a fixed order, comments as their words (polib wraps long comments onto
several lines), the header's fields as a set, and ``Plural-Forms`` compared by what
the formula computes (Weblate rewrites its spacing and parentheses). Stages leave a file whose
content is already right untouched, so an editor's next save and ours never undo each other.
"""

from __future__ import annotations

import copy
import difflib
import re

import polib

from .plural import plural_meaning
from .writer import dumps

#: What ``update`` reports for a file whose content is right and whose layout is another tool's.
LAYOUT_ONLY = "layout only"
#: How many diff lines ``explain`` shows for one file.
DIFF_LINES = 12


def canonical(catalog: polib.POFile) -> str:
    """The catalog in gettext's layout with everything that carries no meaning normalised."""
    normal = copy.copy(catalog)
    normal.metadata = {name: _field_meaning(name, value) for name, value in sorted(catalog.metadata.items())}
    entries = []
    for entry in catalog:
        flags = sorted(set(entry.flags), key=lambda f: (f != "fuzzy", f))
        comment, tcomment = _unwrapped(entry.comment), _unwrapped(entry.tcomment)
        if flags != entry.flags or comment != entry.comment or tcomment != entry.tcomment:
            entry = copy.copy(entry)
            entry.flags, entry.comment, entry.tcomment = flags, comment, tcomment
        entries.append(entry)
    normal[:] = entries
    return dumps(normal)


def _unwrapped(comment: str) -> str:
    """A comment's words on one line: gettext never wraps comments, polib wraps long ones."""
    return " ".join(comment.split()) if comment else ""


def _field_meaning(name: str, value: str) -> str:
    if name == "Plural-Forms":
        return plural_meaning(value)
    if name == "Content-Type":
        return re.sub(r"\s+", "", value.lower())
    return value.strip()


def same_content(old: polib.POFile, new: polib.POFile) -> bool:
    return canonical(old) == canonical(new)


def explain(old_text: str, new_text: str) -> list[str]:
    """What would change, for ``update --check``: a few unified-diff lines between the two
    catalogs, both in gettext's layout (``writer.dumps``), so only content shows."""
    diff = list(difflib.unified_diff(old_text.split("\n"), new_text.split("\n"),
                                     "now", "after update", n=1, lineterm=""))[2:]
    if len(diff) > DIFF_LINES:
        diff = [*diff[:DIFF_LINES], f"... ({len(diff) - DIFF_LINES} more diff lines)"]
    return diff
