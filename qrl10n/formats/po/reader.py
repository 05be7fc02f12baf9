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

One ``PoReader`` per file, one method per kind of line over a small state (the entry being
read). Strings stay escaped here: ``status`` counts whole courses and unescapes only what it
shows; ``catalog`` unescapes everything into polib objects (strings.unescape, the one unescaper).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...errors import CatalogError

_FIX = "Open the file in a PO editor or run 'msgfmt --check' on it and correct that line"


@dataclass(slots=True)
class ParsedEntry:
    """One entry as written: strings escaped; ``msgstr`` maps the plural index (0 for a
    singular msgstr) to its escaped text; ``start`` is its first line, ``line`` its first keyword."""

    start: int
    line: int = 0
    obsolete: bool = False
    tcomments: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    plural: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete


class PoReader:
    """Reads one file's text; ``entries`` holds every entry, header and obsolete ones included."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = path
        self.entries: list[ParsedEntry] = []
        self._entry: ParsedEntry | None = None
        # Where a '"' continuation line goes: "msgctxt", "msgid", "msgid_plural", a msgstr
        # index, or "#|msgid"... for a previous string; None after a comment.
        self._target: str | int | None = None
        self._msgid_seen = False
        self._msgstr_seen = False

    def read(self, text: str) -> list[ParsedEntry]:
        comment, obsolete, keyword, string = self.comment_line, self.obsolete_line, self.keyword_line, self.string_line
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as gettext: \n, \r\n, \r
        for number, line in enumerate(lines, start=1):
            first = line[:1]
            if first == " " or first == "\t":
                line = line.strip()
                first = line[:1]
            if first == '"':
                string(line, number)
            elif first == "#":
                if line[1:2] == "~":
                    obsolete(line, number)
                else:
                    comment(line, number)
            elif first == "m":
                keyword(line, number)
            elif first:
                self._refuse(number, f"this line is not PO syntax ({line[:30]!r})")
        self._finish()
        return self.entries

    # -- one method per kind of line --------------------------------------------------------
    def comment_line(self, line: str, number: int) -> None:
        """``#`` translator, ``#.`` extracted, ``#:`` references, ``#,`` flags, ``#|`` previous."""
        if self._msgstr_seen:
            self._finish()
        entry = self._entry
        if entry is None:
            entry = self._entry = ParsedEntry(number)
        kind = line[1:2]
        self._target = None
        if kind == ".":
            rest = line[2:]
            entry.extracted.append(rest[1:] if rest[:1] == " " else rest)
        elif kind == ":":
            entry.references.extend(line[2:].split())
        elif kind == ",":
            entry.flags.extend(flag for flag in (f.strip() for f in line[2:].split(",")) if flag)
        elif kind == "|":
            self.previous_line(line[2:].strip(), number)
        else:
            rest = line[1:]
            entry.tcomments.append(rest[1:] if rest[:1] == " " else rest)

    def obsolete_line(self, line: str, number: int) -> None:
        """``#~ msgid ...``, ``#~ "..."``, ``#~ # comment``, ``#~| msgid ...``."""
        rest = line[2:]
        if rest[:1] == "|":
            self.comment_line("#" + rest, number)
            return
        rest = rest.strip()
        if not rest:
            return
        if rest[0] == "#":
            self.comment_line(rest, number)
        elif rest[0] == '"':
            self.string_line(rest, number)
        else:
            self.keyword_line(rest, number, obsolete=True)

    def previous_line(self, rest: str, number: int) -> None:
        """``#| msgid "..."`` and its ``#| "..."`` continuations."""
        entry = self._entry
        assert entry is not None
        if rest[:1] == '"':
            self._target = self._previous_target
            self.string_line(rest, number)
            return
        keyword, _, value = rest.replace("\t", " ").partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            self._refuse(number, f"'#|' is followed by {keyword!r}, not msgctxt, msgid or msgid_plural")
        entry.previous[keyword] = self._quoted(value.strip(), number)
        self._target = self._previous_target = "#|" + keyword

    _previous_target: str | None = None

    def keyword_line(self, line: str, number: int, *, obsolete: bool = False) -> None:
        quote = line.find('"')
        name = line[:quote].rstrip() if quote > 0 else line
        value = self._quoted(line[quote:], number) if quote > 0 else ""
        if name == "msgid" or name == "msgctxt":
            if self._msgstr_seen:
                self._finish()
            entry = self._entry
            if entry is None:
                entry = self._entry = ParsedEntry(number)
            if name == "msgid":
                if self._msgid_seen:
                    self._refuse(number, "a second msgid without a msgstr before it")
                self._msgid_seen = True
                entry.msgid = value
            else:
                if entry.line:
                    self._refuse(number, "msgctxt after the msgid it belongs to")
                entry.msgctxt = value
            entry.line = entry.line or number
        else:
            entry = self._entry
            if entry is None or not self._msgid_seen:
                self._refuse(number, f"{name or 'this line'} without its msgid")
            assert entry is not None
            if name == "msgstr":
                if self._msgstr_seen:
                    self._refuse(number, "a second msgstr for one msgid")
                entry.msgstr[0] = value
                name_or_index: str | int = 0
            elif name.startswith("msgstr[") and name.endswith("]") and name[7:-1].isdigit():
                name_or_index = int(name[7:-1])
                entry.msgstr[name_or_index] = value
                entry.plural = True
            elif name == "msgid_plural" and not self._msgstr_seen:
                entry.msgid_plural = value
                entry.plural = True
                self._target = name
                return
            else:
                self._refuse(number, f"this line is not PO syntax ({line[:30]!r})")
            self._msgstr_seen = True
            self._target = name_or_index
            entry.obsolete = entry.obsolete or obsolete
            return
        entry.obsolete = entry.obsolete or obsolete
        self._target = name

    def string_line(self, line: str, number: int) -> None:
        """A ``"..."`` line continues the string of the keyword before it."""
        target, entry = self._target, self._entry
        if target is None or entry is None:
            self._refuse(number, "a string continues no msgid or msgstr")
        assert entry is not None
        value = self._quoted(line, number)
        if isinstance(target, int):
            entry.msgstr[target] += value
        elif target == "msgid":
            entry.msgid += value
        elif target == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif target == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            key = str(target)[2:]
            entry.previous[key] = entry.previous.get(key, "") + value

    # -- state --------------------------------------------------------------------------------
    def _finish(self) -> None:
        entry = self._entry
        if entry is not None and entry.line:
            if not self._msgstr_seen:
                self._refuse(entry.line, "msgid without a msgstr")
            self.entries.append(entry)
        self._entry = None
        self._target = self._previous_target = None
        self._msgid_seen = self._msgstr_seen = False

    def _quoted(self, text: str, number: int) -> str:
        if text[-1:] != '"':
            text = text.rstrip()
        if len(text) < 2 or text[0] != '"' or text[-1] != '"':
            self._refuse(number, "a string that does not start and end with a double quote")
        return text[1:-1]

    def _refuse(self, line: int, problem: str) -> None:
        raise CatalogError(f"syntax error in the PO file: {problem}", path=self.path, line=line, fix=_FIX)


def read(text: str, path: Path | str | None = None) -> list[ParsedEntry]:
    """Every entry of a PO file's text (header and obsolete entries included)."""
    return PoReader(path).read(text)
