"""PO and POT files as polib objects: the package's only door to polib.

polib is the object model (POFile, POEntry) every stage edits; its parser and its writer are
not used. Files are read by ``reader`` (one reader for the package) and written by ``writer``
in gettext's exact layout, so a file msgcat, msgmerge or Poedit saved and a file we saved are
the same bytes, apart from the flags gettext does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeAlias

import polib

from ...errors import CatalogError
from ...files import check_size, fingerprint, write_if_changed
from .compare import canonical
from .reader import ParsedEntry, decode, read, read_po_text
from .strings import unescape
from .writer import PAGE_WIDTH, dumps

__all__ = ["WIDTH", "Catalog", "Entry", "decode", "dumps", "is_fuzzy", "is_translated", "key", "live_entries",
           "load", "loads", "msgid_line", "new_catalog", "new_entry", "read_po_text", "save", "save_text",
           "set_extracted", "stamp", "to_entry", "translation"]

WIDTH = PAGE_WIDTH
Entry: TypeAlias = polib.POEntry
Catalog: TypeAlias = polib.POFile

# -- reading -------------------------------------------------------------------------------
def load(path: Path) -> Catalog:
    """Parse a PO/POT file; a syntax error becomes a CatalogError naming the line."""
    path = Path(path)
    check_size(path, error=CatalogError)
    if not path.exists():
        raise CatalogError("the PO file does not exist", path=path, fix="Run 'qrl10n update' to create it")
    return loads(read_po_text(path), path)


def loads(text: str, path: Path | str | None = None) -> Catalog:
    """A catalog from a PO file's text (``path`` only names the file in errors)."""
    po = polib.POFile(wrapwidth=WIDTH)
    if path is not None:
        po.fpath = str(path)
    po.encoding = "utf-8"
    for parsed in read(text, path):
        if parsed.is_header and not po.metadata and not po.header:
            _set_header(po, parsed)
        elif not parsed.is_header:
            po.append(to_entry(parsed))
    return po


def to_entry(parsed: ParsedEntry) -> Entry:
    """The polib entry of a parsed one, strings unescaped."""
    entry = polib.POEntry(
        msgid=unescape(parsed.msgid), tcomment="\n".join(parsed.tcomments), comment="\n".join(parsed.extracted),
        occurrences=[_reference(token) for token in parsed.references], flags=list(parsed.flags),
        obsolete=parsed.obsolete, linenum=parsed.start)
    if parsed.msgctxt is not None:
        entry.msgctxt = unescape(parsed.msgctxt)
    if parsed.plural:
        entry.msgid_plural = unescape(parsed.msgid_plural or "")
        entry.msgstr_plural = {index: unescape(text) for index, text in sorted(parsed.msgstr.items())}
    else:
        entry.msgstr = unescape(parsed.msgstr.get(0, ""))
    previous = parsed.previous
    if "msgctxt" in previous:
        entry.previous_msgctxt = unescape(previous["msgctxt"])
    if "msgid" in previous:
        entry.previous_msgid = unescape(previous["msgid"])
    if "msgid_plural" in previous:
        entry.previous_msgid_plural = unescape(previous["msgid_plural"])
    return entry


def _reference(token: str) -> tuple[str, str]:
    path, _, line = token.rpartition(":")
    return (path, line) if path and line.isdigit() else (token, "")


def _set_header(po: Catalog, parsed: ParsedEntry) -> None:
    po.header = "\n".join(parsed.tcomments)
    po.metadata_is_fuzzy = "fuzzy" in parsed.flags
    for item in unescape(parsed.msgstr.get(0, "")).split("\n"):
        name, sep, value = item.partition(":")
        if sep and name.strip():
            po.metadata[name.strip()] = value.strip()


def new_catalog() -> Catalog:
    return polib.POFile(wrapwidth=WIDTH)


def new_entry(**fields) -> Entry:  # type: ignore[no-untyped-def]
    return polib.POEntry(**fields)


def key(entry: Entry) -> tuple[str | None, str]:
    """How entries are matched between template and translation: (msgctxt, msgid)."""
    return (entry.msgctxt, entry.msgid)


def live_entries(catalog: Catalog) -> Iterator[Entry]:
    """Every entry that is not obsolete and not the header."""
    return (e for e in catalog if not e.obsolete and e.msgid != "")


def is_translated(entry: Entry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_fuzzy(entry: Entry) -> bool:
    return not entry.obsolete and "fuzzy" in entry.flags


def translation(entry: Entry) -> str:
    """The singular translation (msgstr or msgstr[0])."""
    if entry.msgid_plural:
        return str(entry.msgstr_plural.get(0, ""))
    return str(entry.msgstr)


def set_extracted(entry: Entry, prefix: str, lines: Iterable[str]) -> None:
    """Replace the extracted-comment lines that start with ``prefix`` by ``lines``.

    Stages own their own prefix ("glossary:", "machine translation:"), so re-running one
    replaces its comments, never duplicates them, and leaves every other comment alone.
    """
    kept = [c for c in entry.comment.split("\n") if c and not c.startswith(prefix)] if entry.comment else []
    entry.comment = "\n".join([*kept, *lines])


def msgid_line(lines: list[bytes], start: int) -> int:
    """The line of the entry's msgid (an entry's linenum is its first comment line)."""
    for index in range(max(start - 1, 0), min(start + 200, len(lines))):
        if lines[index].lstrip().startswith(b"msgid "):
            return index + 1
    return start


# -- writing -------------------------------------------------------------------------------
def save(catalog: Catalog, path: Path, *, expected: tuple[int, int] | None | bool = False) -> bool:
    """Write ``catalog`` deterministically and atomically, in gettext's layout.

    False, and the file untouched, when its content is already right: a file an editor saved
    in its own layout (Weblate, polib) is not rewritten for layout alone (compare.canonical).
    """
    data = dumps(catalog).encode("utf-8")
    try:
        current = Path(path).read_bytes()
    except OSError:
        current = None
    if current is not None and current != data:
        try:
            if canonical(loads(decode(current, path), path)) == canonical(catalog):
                return False
        except CatalogError:
            pass  # a broken file is replaced
    return write_if_changed(path, data, expected=expected)


def save_text(text: str, path: Path, *, expected: tuple[int, int] | None | bool = False) -> bool:
    """Write the result of ``dumps`` (for callers that already compared it with the file)."""
    return write_if_changed(path, text.encode("utf-8"), expected=expected)


def stamp(path: Path) -> tuple[int, int] | None:
    """Fingerprint to pass back to ``save`` so a file edited meanwhile is not overwritten."""
    return fingerprint(path)
