"""A read-only PO scanner for reports: fast enough to count a whole course on every ``status``.

polib (behind catalog.py) stays the one parser for anything that edits a PO file. Reports only
need, per live entry, its msgid, context, line and state, so this module walks the lines once
with a small state machine and keeps the strings in their escaped form; callers unescape only
what they show or count (word counts are cached per msgid, the same across languages).
tests/test_status.py checks it against polib and ``msgfmt --statistics`` on every corpus file.

What it follows from gettext: an entry is its comments then ``msgctxt``/``msgid``/``msgstr``
lines; obsolete ``#~`` entries and the header (msgid "" without context) are not entries;
``#, fuzzy`` marks a draft; ``#. machine translation...`` marks a machine-made one.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .errors import CatalogError
from .files import read_input

TRANSLATED, FUZZY, UNTRANSLATED = 0, 1, 2
STATE_NAMES = ("translated", "fuzzy", "untranslated")
MACHINE_MARK = "machine translation"

_CHARSET = re.compile(rb"charset=\s*([A-Za-z0-9_.:-]+)")
_UNESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


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


def read_po_text(path: Path) -> str:
    """The file decoded with the charset its header names (UTF-8 when none or a placeholder)."""
    return decode(read_input(path, error=CatalogError), path)


def decode(data: bytes, path: Path | str) -> str:
    """PO bytes as text: BOM dropped, charset from the header; ``path`` names the file in errors."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    encoding = "utf-8"
    match = _CHARSET.search(data)
    if match:
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            pass  # "CHARSET" in a fresh template, or a name Python does not know: like polib, use UTF-8
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CatalogError(f"the file is not valid {encoding}", path=path,
                           line=data[: exc.start].count(b"\n") + 1,
                           fix="Set the charset in the Content-Type header to the file's real encoding") from exc


def unescape(raw: str) -> str:
    """A PO string literal's content (C escapes) as text."""
    if "\\" not in raw:
        return raw
    return _UNESCAPE.sub(_unescape_one, raw)


def _unescape_one(match: re.Match) -> str:
    octal, hexa, char = match.groups()
    if octal:
        return chr(int(octal, 8))
    if hexa:
        return chr(int(hexa, 16))
    return _SIMPLE.get(char, char)


def scan(text: str, path: Path | str | None = None) -> Iterator[RawEntry]:
    """Every non-obsolete entry of a PO file's text, the header included (msgid "").

    A line that is none of blank, comment, keyword or string (a merge-conflict marker, a stray
    word) raises CatalogError naming ``path`` and the line: counting around it would report a
    broken file as complete.
    """
    ctx: list[str] | None = None
    msgid: list[str] = []
    msgstrs: list[list[str]] = []
    field: list[str] | None = None  # where a continuation line goes
    fuzzy = machine = False
    start = 0
    phase = 0  # 0: comments, 1: msgctxt/msgid seen, 2: msgstr seen
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as gettext: \n, \r\n, \r only
    for number, line in enumerate(lines, start=1):
        first = line[:1]
        if first == " " or first == "\t":
            line = line.strip()
            first = line[:1]
        if first == '"':
            if field is None:
                _refuse(path, number, "a string continues no msgid or msgstr")
            field.append(line[1:line.rstrip().rfind('"')])
            continue
        if not first:
            continue
        if phase == 2 and (first == "#" or line.startswith("msgid") or line.startswith("msgctxt")):
            yield _entry(ctx, msgid, msgstrs, start, fuzzy, machine)
            ctx, msgid, msgstrs, fuzzy, machine, phase = None, [], [], False, False, 0
        field = None
        if first == "#":
            second = line[1:2]
            if second == ",":
                fuzzy = fuzzy or "fuzzy" in (flag.strip() for flag in line[2:].split(","))
            elif second == ".":
                machine = machine or MACHINE_MARK in line
            elif second == "~":  # an obsolete entry: its comments were not for the next entry
                fuzzy = machine = False
            continue
        if not _KEYWORD.match(line):
            _refuse(path, number, f"this line is not PO syntax ({line[:30]!r})")
        quote = line.find('"')
        content = line[quote + 1:line.rstrip().rfind('"')] if quote >= 0 else ""
        if line.startswith("msgctxt"):
            field = ctx = [content]
            phase, start = 1, number
        elif line.startswith("msgid_plural"):
            field = []  # the plural's text is not needed
        elif line.startswith("msgid"):
            if phase == 0:
                start = number
            field = msgid = [content]
            phase = 1
        elif line.startswith("msgstr"):
            if phase == 0 or (phase == 2 and not line.startswith("msgstr[")):
                _refuse(path, number, "msgstr without its msgid")
            field = [content]
            msgstrs.append(field)
            phase = 2
    if phase == 2:
        yield _entry(ctx, msgid, msgstrs, start, fuzzy, machine)


_KEYWORD = re.compile(r'(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*"')


def _refuse(path: Path | str | None, line: int, problem: str) -> None:
    raise CatalogError(problem, path=path, line=line,
                       fix="Open the file in a PO editor or run 'msgfmt --check' on it and correct that line")


def _entry(ctx: list[str] | None, msgid: list[str], msgstrs: list[list[str]], line: int,
           fuzzy: bool, machine: bool) -> RawEntry:
    """State as catalog.is_translated / is_fuzzy see it (and msgfmt --statistics counts it)."""
    first = "".join(msgstrs[0]) if msgstrs else ""
    if fuzzy:
        state = FUZZY if first else UNTRANSLATED
    elif first and (len(msgstrs) == 1 or all(any(parts) for parts in msgstrs)):
        state = TRANSLATED
    else:
        state = UNTRANSLATED
    return RawEntry("".join(ctx) if ctx is not None else None, "".join(msgid), line, state,
                    machine and state == FUZZY, first)


def live(text: str, path: Path | str | None = None) -> Iterator[RawEntry]:
    """The entries reports count: not the header, not obsolete (catalog.live_entries)."""
    return (entry for entry in scan(text, path) if entry.msgid)


def metadata(text: str) -> dict[str, str]:
    """The header's fields ("Language-Team", ...), unescaped; empty when there is no header."""
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
