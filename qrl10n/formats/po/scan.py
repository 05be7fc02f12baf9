"""What reports need of a PO file, fast enough to count a whole course on every ``status``.

Built on the one reader: per live entry its msgid, context, line and state, strings kept
escaped; callers unescape only what they show or count (word counts are cached per msgid,
the same across languages). tests/test_status.py checks it against polib objects and
``msgfmt --statistics`` on every corpus file.

State as msgfmt counts it: ``#, fuzzy`` with a translation is a draft, an empty or partly
empty translation is untranslated; ``#. machine translation...`` marks a machine-made draft.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .reader import ParsedEntry, decode, entries, read_po_text
from .strings import unescape

__all__ = ["FUZZY", "TRANSLATED", "UNTRANSLATED", "RawEntry", "Unit", "decode", "live", "metadata",
           "read_po_text", "scan", "unescape", "units"]

TRANSLATED, FUZZY, UNTRANSLATED = 0, 1, 2
STATE_NAMES = ("translated", "fuzzy", "untranslated")
MACHINE_MARK = "machine translation"


class RawEntry(NamedTuple):
    """One entry as written in the file: strings still escaped, ``msgstr`` is msgstr[0].

    A named tuple rather than a frozen dataclass: a course has ~10^5 of them per run.
    """

    msgctxt: str | None
    msgid: str
    line: int  # 1-based line of the first keyword (msgctxt or msgid)
    state: int  # TRANSLATED | FUZZY | UNTRANSLATED
    machine: bool
    msgstr: str


@dataclass(frozen=True, slots=True)
class Unit:
    """A live entry, unescaped, for pages that list what is missing or waiting for review."""

    msgctxt: str | None
    source: str
    translation: str
    line: int
    state: str  # "translated" | "fuzzy" | "untranslated"
    machine: bool


def scan(text: str, path: Path | str | None = None) -> Iterator[RawEntry]:
    """Every non-obsolete entry of a PO file's text, the header included (msgid "")."""
    return (_raw(entry) for entry in entries(text, path) if not entry.obsolete)


def _raw(entry: ParsedEntry) -> RawEntry:
    strings = entry.msgstr
    first = strings.get(0, "")
    if "fuzzy" in entry.flags:
        state = FUZZY if first else UNTRANSLATED
    elif first and all(strings.values()):
        state = TRANSLATED
    else:
        state = UNTRANSLATED
    machine = state == FUZZY and any(MACHINE_MARK in c for c in entry.extracted)
    return RawEntry(entry.msgctxt, entry.msgid, entry.line, state, machine, first)


def live(text: str, path: Path | str | None = None) -> Iterator[RawEntry]:
    """The entries reports count: not the header, not obsolete (catalog.live_entries)."""
    return (entry for entry in scan(text, path) if entry.msgid)


def metadata(text: str) -> dict[str, str]:
    """The header's fields ("Language-Team", ...), unescaped; empty when there is no header
    (reading stops at the header, which editors write first)."""
    for entry in scan(text):
        if entry.msgid == "" and entry.msgctxt is None:
            fields: dict[str, str] = {}
            for item in unescape(entry.msgstr).split("\n"):
                name, sep, value = item.partition(":")
                if sep and name.strip():
                    fields[name.strip()] = value.strip()
            return fields
    return {}


def units(text: str) -> list[Unit]:
    """Live entries of a PO file's text (see read_po_text), unescaped, in file order."""
    return [Unit(unescape(e.msgctxt) if e.msgctxt is not None else None, unescape(e.msgid),
                 unescape(e.msgstr), e.line, STATE_NAMES[e.state], e.machine)
            for e in live(text)]
