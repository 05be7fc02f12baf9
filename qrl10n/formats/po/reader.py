"""The one PO reader: lines in, entries out, strings still escaped.

Principles (gettext's po-lex/po-gram, as msgcat, msgmerge, Poedit, Weblate and polib write):
- an entry is its comments, then ``msgctxt``/``msgid``/``msgid_plural``/``msgstr``/``msgstr[N]``
  lines, each keyword's string continued by ``"..."`` lines; blank lines separate nothing (a
  comment or a keyword after a msgstr starts the next entry);
- ``# text`` is a translator comment, ``#. text`` an extracted one (one leading space dropped,
  the rest kept), one list item per line: a comment that an editor wrapped onto several lines
  reads as several lines, in order, so nothing is cut (``comments.unwrap_owned`` joins qrl10n's
  own wrapped hints back); ``#:`` references, ``#,`` flags, ``#|`` previous strings;
- ``#~`` marks an obsolete entry (``#~|`` its previous strings);
- a line that is none of these (a merge-conflict marker, a stray word) is a CatalogError with
  the file and line: reading around it would report a broken file as complete.

``read`` is one loop that looks at each line once (a course is millions of lines, 40% of them
string continuations): continuations and comments are handled in the loop itself, keywords and
previous strings by a function each. The entry being read (``_Open``) keeps its strings as
lists of pieces, joined once when it ends. Strings stay escaped here: ``status``
counts whole courses and unescapes only what it shows; ``catalog`` unescapes everything into
polib objects (strings.unescape, the one unescaper).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from ...errors import CatalogError
from ...files import read_input

_CHARSET = re.compile(rb"charset=\s*([A-Za-z0-9_.:-]+)")
_FIX = "Open the file in a PO editor or run 'msgfmt --check' on it and correct that line"


@dataclass(slots=True)
class ParsedEntry:
    """One entry as written: strings escaped; ``msgstr`` maps the plural index (0 for a
    singular msgstr) to its escaped text; ``start`` is its first line, ``line`` its first keyword."""

    start: int
    line: int
    obsolete: bool
    tcomments: list[str]
    extracted: list[str]
    references: list[str]
    flags: list[str]
    previous: dict[str, str]
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstr: dict[int, str]
    plural: bool

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete


class _Open:
    """The entry being read: its strings as lists of pieces until it ends."""

    __slots__ = ("start", "line", "obsolete", "tcomments", "extracted", "references", "flags", "previous",
                 "previous_target", "msgctxt", "msgid", "msgid_plural", "msgstr", "plural")

    def __init__(self, start: int) -> None:
        self.start = start  # first line
        self.line = 0  # first keyword line
        self.obsolete = self.plural = False
        self.tcomments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.previous_target: list[str] | None = None  # what a '#| "..."' line continues
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] | None = None  # None until the msgid line
        self.msgid_plural: list[str] | None = None
        self.msgstr: dict[int, list[str]] = {}  # empty until the first msgstr line

    def close(self, path: Path | str | None) -> ParsedEntry:
        msgstr, ctxt, plural = self.msgstr, self.msgctxt, self.msgid_plural
        if not msgstr:
            _refuse(path, self.line, "msgid without a msgstr")
        previous = {k: "".join(v) for k, v in self.previous.items()} if self.previous else {}
        return ParsedEntry(
            self.start, self.line, self.obsolete, self.tcomments, self.extracted, self.references, self.flags,
            previous, "".join(ctxt) if ctxt is not None else None, "".join(self.msgid or ()),
            "".join(plural) if plural is not None else None, {i: "".join(p) for i, p in msgstr.items()},
            self.plural or plural is not None)


def read(text: str, path: Path | str | None = None) -> list[ParsedEntry]:
    """Every entry of a PO file's text (header and obsolete entries included); ``path`` only
    names the file in errors."""
    return list(entries(text, path))


def entries(text: str, path: Path | str | None = None) -> Iterator[ParsedEntry]:
    """The entries of ``read`` one by one, so a reader that wants only the header stops there
    (an error further down is then not seen)."""
    entry: _Open | None = None
    target: list[str] | None = None  # the pieces a '"' line continues; None after a comment
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as gettext: \n, \r\n, \r
    for number, line in enumerate(lines, start=1):
        first = line[:1]
        if first == " " or first == "\t":
            line = line.strip()
            first = line[:1]
        obsolete = first == "#" and line[1:2] == "~"
        if obsolete:  # "#~ msgid ...", '#~ "..."', "#~ # note", "#~| msgid ...": the line after "#~"
            line = "#" + line[2:] if line[2:3] == "|" else line[2:].strip()
            first = line[:1]
        if first == '"':  # a string continued
            if target is None:
                _refuse(path, number, "a string continues no msgid or msgstr")
            target.append(line[1:-1] if len(line) > 1 and line[-1] == '"' else _quoted(path, line, number))
            continue
        if first != "#" and first != "m":
            if first:
                _refuse(path, number, f"this line is not PO syntax ({line[:30]!r})")
            continue
        if entry is not None and entry.msgstr and (first == "#" or line.startswith(("msgid ", "msgctxt"))):
            yield entry.close(path)
            entry = None
        if entry is None:
            entry = _Open(number)
        if first == "m":
            target = _keyword(path, entry, line, number)
            entry.obsolete = entry.obsolete or obsolete
            continue
        target = None
        kind = line[1:2]
        if kind == ".":
            rest = line[2:]
            entry.extracted.append(rest[1:] if rest[:1] == " " else rest)
        elif kind == ":":
            entry.references.extend(line[2:].split())
        elif kind == ",":
            entry.flags.extend(flag for flag in (f.strip() for f in line[2:].split(",")) if flag)
        elif kind == "|":
            target = _previous(path, entry, line[2:].strip(), number)
        else:
            rest = line[1:]
            entry.tcomments.append(rest[1:] if rest[:1] == " " else rest)
    if entry is not None and entry.line:
        yield entry.close(path)


def _keyword(path: Path | str | None, entry: _Open, line: str, number: int) -> list[str]:
    """``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` or ``msgstr[N]``: the pieces its
    string starts, which '"' lines continue."""
    quote = line.find('"')
    if quote > 0:
        name = line[:quote].rstrip()
        value = line[quote + 1:-1] if line[-1] == '"' and len(line) > quote + 1 else _quoted(path, line[quote:], number)
    else:
        name, value = line, ""
    target = [value]
    if name == "msgid":
        if entry.msgid is not None:
            _refuse(path, number, "a second msgid without a msgstr before it")
        entry.msgid = target
        entry.line = entry.line or number
    elif name == "msgctxt":
        if entry.line:
            _refuse(path, number, "msgctxt after the msgid it belongs to")
        entry.msgctxt = target
        entry.line = number
    elif entry.msgid is None:
        _refuse(path, number, f"{name or 'this line'} without its msgid")
    elif name == "msgstr":
        if entry.msgstr:
            _refuse(path, number, "a second msgstr for one msgid")
        entry.msgstr[0] = target
    elif name == "msgid_plural" and not entry.msgstr:
        entry.msgid_plural = target
    elif name.startswith("msgstr[") and name.endswith("]") and name[7:-1].isdigit():
        entry.msgstr[int(name[7:-1])] = target
        entry.plural = True
    else:
        _refuse(path, number, f"this line is not PO syntax ({line[:30]!r})")
    return target


def _previous(path: Path | str | None, entry: _Open, rest: str, number: int) -> list[str] | None:
    """``#| msgid "..."`` and its ``#| "..."`` continuations (what a bare '"' line after them
    continues: nothing, as after any comment)."""
    if rest[:1] == '"':
        target = entry.previous_target
        if target is None:
            return _refuse(path, number, "a string continues no msgid or msgstr")
        target.append(_quoted(path, rest, number))
        return None
    keyword, _, value = rest.replace("\t", " ").partition(" ")
    if keyword not in ("msgctxt", "msgid", "msgid_plural"):
        _refuse(path, number, f"'#|' is followed by {keyword!r}, not msgctxt, msgid or msgid_plural")
    target = entry.previous[keyword] = entry.previous_target = [_quoted(path, value.strip(), number)]
    return None


def _quoted(path: Path | str | None, text: str, number: int) -> str:
    if text[-1:] != '"':
        text = text.rstrip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        _refuse(path, number, "a string that does not start and end with a double quote")
    return text[1:-1]


def _refuse(path: Path | str | None, line: int, problem: str) -> NoReturn:
    raise CatalogError(f"syntax error in the PO file: {problem}", path=path, line=line, fix=_FIX)


# -- files --------------------------------------------------------------------------------
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
            pass  # "CHARSET" in a fresh template, or a name Python does not know: use UTF-8
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CatalogError(f"the file is not valid {encoding}", path=path,
                           line=data[: exc.start].count(b"\n") + 1,
                           fix="Set the charset in the Content-Type header to the file's real encoding") from exc
