"""PO and POT files: the only module that imports polib.

Reading goes through polib. Writing is ours: polib wraps lines with textwrap, which breaks
differently from gettext, so a file saved by Poedit or msgcat and then by polib would churn in
git. ``dumps`` follows msgcat's layout (width 79, breaks after spaces, a new line after every
``\\n``, the empty first line for long or multi-line strings), so our files and gettext's agree.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import TypeAlias

import polib

from .errors import CatalogError
from .files import check_size, fingerprint, write_if_changed

WIDTH = 79
Entry: TypeAlias = polib.POEntry
Catalog: TypeAlias = polib.POFile

# Header fields in the order gettext writes them.
HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms",
)


# -- reading -------------------------------------------------------------------------------
def load(path: Path) -> Catalog:
    """Parse a PO/POT file; a syntax error becomes a CatalogError naming the line."""
    check_size(Path(path), error=CatalogError)
    try:
        return _fast_load(Path(path))
    except (_Fallback, UnicodeDecodeError, LookupError, ValueError):
        pass  # polib decides, and words the error
    except FileNotFoundError as exc:
        raise CatalogError("the PO file does not exist", path=path, fix="Run 'qrl10n update' to create it") from exc
    try:
        return polib.pofile(str(path), wrapwidth=WIDTH)
    except OSError as exc:
        message = str(exc)
        match = re.search(r"\(line (\d+)\)", message)
        if match or "Syntax error" in message:
            raise CatalogError("syntax error in the PO file", path=path,
                               line=int(match.group(1)) if match else None,
                               fix="Open the file in a PO editor or run 'msgfmt --check' on it and correct that line") from exc
        raise CatalogError(f"cannot read the PO file ({exc})", path=path,
                           fix="Check that the file exists and is readable") from exc
    except (UnicodeDecodeError, LookupError) as exc:
        raise CatalogError(f"cannot decode the PO file ({exc})", path=path,
                           fix="Set the charset in the Content-Type header to the file's real encoding") from exc


def new_catalog() -> Catalog:
    return polib.POFile(wrapwidth=WIDTH)


def new_entry(**fields) -> Entry:
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
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def set_extracted(entry: Entry, prefix: str, lines: Iterable[str]) -> None:
    """Replace the extracted-comment lines that start with ``prefix`` by ``lines``.

    Stages own their own prefix ("glossary:", "machine translation:"), so re-running one
    replaces its comments, never duplicates them, and leaves every other comment alone.
    """
    kept = [c for c in entry.comment.split("\n") if c and not c.startswith(prefix)] if entry.comment else []
    entry.comment = "\n".join([*kept, *lines])


# -- writing -------------------------------------------------------------------------------
def save(catalog: Catalog, path: Path, *, expected: tuple[int, int] | None | bool = False) -> bool:
    """Write ``catalog`` deterministically and atomically; False when the bytes were already right."""
    return write_if_changed(path, dumps(catalog).encode("utf-8"), expected=expected)


def save_text(text: str, path: Path, *, expected: tuple[int, int] | None | bool = False) -> bool:
    """Write the result of ``dumps`` (for callers that already compared it with the file)."""
    return write_if_changed(path, text.encode("utf-8"), expected=expected)


def stamp(path: Path) -> tuple[int, int] | None:
    """Fingerprint to pass back to ``save`` so a file edited meanwhile is not overwritten."""
    return fingerprint(path)


def dumps(catalog: Catalog) -> str:
    out: list[str] = []
    header = catalog.header
    if header:
        out.extend(("# " + line).rstrip() for line in header.split("\n"))
    if catalog.metadata_is_fuzzy:
        out.append("#, fuzzy")
    out.append('msgid ""')
    out.append('msgstr ""')
    for name, value in _ordered_metadata(catalog.metadata):
        if name == "Content-Type":
            value = re.sub(r"charset=[\w.:-]+", "charset=UTF-8", value)  # we always write UTF-8
        out.extend(f'"{piece}"' for piece in _break(_escape(f"{name}: {value}\n"), WIDTH - 2))
    for entry in catalog:
        if entry.msgid == "" and not entry.msgctxt and not entry.obsolete:
            continue  # a second header-like entry cannot exist in a valid PO file
        out.append("")
        out.extend(_entry_lines(entry))
    return "\n".join(out) + "\n"


def _ordered_metadata(metadata: dict[str, str]) -> list[tuple[str, str]]:
    known = [(k, metadata[k]) for k in HEADER_ORDER if k in metadata]
    rest = [(k, v) for k, v in metadata.items() if k not in HEADER_ORDER]
    return known + rest


def _entry_lines(entry: Entry) -> list[str]:
    lines: list[str] = []
    if entry.tcomment:
        lines.extend(("# " + c).rstrip() for c in entry.tcomment.split("\n"))
    if entry.comment:
        lines.extend(("#. " + c).rstrip() for c in entry.comment.split("\n"))
    if entry.occurrences and not entry.obsolete:
        lines.extend(_wrap_references(entry.occurrences))
    flags = [f for f in entry.flags if f]
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix = "#~ " if entry.obsolete else ""
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines.extend(_field(prev + "msgctxt", entry.previous_msgctxt))
    if entry.previous_msgid:
        lines.extend(_field(prev + "msgid", entry.previous_msgid))
    if entry.previous_msgid_plural:
        lines.extend(_field(prev + "msgid_plural", entry.previous_msgid_plural))
    if entry.msgctxt is not None:
        lines.extend(_field(prefix + "msgctxt", entry.msgctxt))
    lines.extend(_field(prefix + "msgid", entry.msgid))
    if entry.msgid_plural:
        lines.extend(_field(prefix + "msgid_plural", entry.msgid_plural))
        for index in sorted(entry.msgstr_plural):
            lines.extend(_field(f"{prefix}msgstr[{index}]", entry.msgstr_plural[index]))
    else:
        lines.extend(_field(prefix + "msgstr", entry.msgstr))
    return lines


def _wrap_references(occurrences: list[tuple[str, str]]) -> list[str]:
    refs = [f"{path}:{line}" if line else path for path, line in occurrences]
    lines: list[str] = []
    current = "#:"
    for ref in refs:
        if len(current) + 1 + len(ref) > WIDTH and current != "#:":
            lines.append(current)
            current = "#:"
        current += " " + ref
    lines.append(current)
    return lines


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_ESCAPE_RE = re.compile(r'[\\"\n\t\r\a\b\f\v]')


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)


def _field(keyword: str, value: str) -> list[str]:
    """``keyword "value"`` laid out the way msgcat does it."""
    comment = keyword.startswith("#")
    # "#~ msgid" / "#| msgid": the comment marker is repeated on continuation lines.
    marker = keyword.split(" ")[0] + " " if comment else ""
    portions = _portions(value)
    single = f'{keyword} "{_escape(value)}"'
    if len(portions) <= 1 and _width(single) <= WIDTH:
        return [single]
    lines = [f'{keyword} ""']
    room = WIDTH - len(marker) - 2
    for portion in portions:
        for piece in _break(_escape(portion), room):
            lines.append(f'{marker}"{piece}"')
    return lines


def _portions(value: str) -> list[str]:
    """Split after every newline; a trailing newline does not start an empty portion."""
    parts = value.split("\n")
    portions = [p + "\n" for p in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    return portions


def _break(escaped: str, room: int) -> list[str]:
    """Break an escaped string into pieces of at most ``room`` columns, after spaces.

    A piece with no space in reach stays whole, as gettext does with a long URL.
    """
    pieces: list[str] = []
    while _width(escaped) > room:
        cut = _last_break(escaped, room)
        if cut <= 0:
            cut = _first_break(escaped, room)
            if cut <= 0:
                break
        pieces.append(escaped[:cut])
        escaped = escaped[cut:]
    pieces.append(escaped)
    return pieces


def _last_break(escaped: str, room: int) -> int:
    """Index just after the last break opportunity that keeps the piece within ``room`` columns."""
    if escaped.isascii():
        limit = room  # every character is one column
    else:
        limit = bisect_right(list(accumulate(map(_WIDTHS.__getitem__, escaped))), room)
    for match in reversed(list(_BREAK_CANDIDATE.finditer(escaped, 0, limit))):
        if _breaks_after(escaped, match.start()):
            return match.start() + 1
    return -1


def _first_break(escaped: str, room: int) -> int:
    for match in _BREAK_CANDIDATE.finditer(escaped):
        if _breaks_after(escaped, match.start()):
            return match.start() + 1
    return -1


#: The only characters after which gettext may break a line (see ``_breaks_after``).
_BREAK_CANDIDATE = re.compile(r"[ ,;/-]")


def _breaks_after(text: str, index: int) -> bool:
    """Line-break opportunities gettext takes (Unicode UAX #14, the cases that occur in PO files):
    after a space, after a hyphen between letters ("Unix-|like", not "-1" or " -x"), and after
    ',', ';' or '/' followed by a letter ("gnome-calculator/|issues")."""
    if index + 1 >= len(text):
        return False
    char, following = text[index], text[index + 1]
    if char == " ":
        return following != " "
    if char == "-" and index > 0:
        return text[index - 1].isalpha() and following.isalpha()
    if char in ",;/":
        return following.isalpha()
    return False


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def _char_width(char: str) -> int:
    """Columns as gettext counts them: combining marks 0, East Asian wide 2, the rest 1."""
    if char < "\u0300":
        return 1
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class _Widths(dict):
    """char -> columns, computed once per distinct character (wrapping measures every string)."""

    def __missing__(self, char: str) -> int:
        width = self[char] = _char_width(char)
        return width


_WIDTHS = _Widths()


# -- fast reading ----------------------------------------------------------------------------
# polib's parser walks every line through a general state machine and costs ~18 ms per
# thousand entries; status and update read every PO file of every language, so we parse with
# one tight loop over the lines and build the same polib objects. Anything that loop does not
# understand is handed to polib, so its error message (with the line) is what users see.

_UNESCAPE_RE = re.compile(r'\\(?:([\\"ntrabfv])|([0-7]{1,3})|x([0-9a-fA-F]{1,2}))')
_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_CHARSET_RE = re.compile(rb"charset=\s*([\w.:-]+)")


class _Fallback(Exception):
    """The fast reader met something unusual; polib parses this file instead."""


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    def one(match: re.Match) -> str:
        if match.group(1):
            return _UNESCAPES[match.group(1)]
        return chr(int(match.group(2), 8) if match.group(2) else int(match.group(3), 16))
    return _UNESCAPE_RE.sub(one, text)


def _quoted(rest: str) -> str:
    rest = rest.strip()
    if len(rest) < 2 or rest[0] != '"' or rest[-1] != '"':
        raise _Fallback
    return rest[1:-1]


def _fast_load(path: Path) -> Catalog:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = _CHARSET_RE.search(data, 0, 4096)
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":
        charset = "utf-8"
    text = data.decode(charset)
    po = polib.POFile(wrapwidth=WIDTH)
    po.fpath = str(path)
    po.encoding = charset
    entries: list[polib.POEntry] = []
    fields: dict[str, list[str]] = {}
    comments: list[str] = []
    extracted: list[str] = []
    occurrences: list[tuple[str, str]] = []
    flags: list[str] = []
    previous: dict[str, list[str]] = {}
    current: list[str] | None = None
    obsolete = False
    linenum = 0
    have_msgstr = False

    def flush() -> None:
        nonlocal fields, comments, extracted, occurrences, flags, previous, current, obsolete, linenum, have_msgstr
        if "msgid" not in fields:
            if fields or previous:
                raise _Fallback
            if comments or extracted or occurrences or flags:
                # trailing comments with no entry: polib keeps them nowhere useful either
                pass
        else:
            entry = polib.POEntry(
                msgid=_unescape("".join(fields["msgid"])),
                msgstr=_unescape("".join(fields["msgstr"])) if "msgstr" in fields else "",
                tcomment="\n".join(comments), comment="\n".join(extracted),
                occurrences=occurrences, flags=flags, obsolete=obsolete, linenum=linenum)
            if "msgctxt" in fields:
                entry.msgctxt = _unescape("".join(fields["msgctxt"]))
            if "msgid_plural" in fields:
                entry.msgid_plural = _unescape("".join(fields["msgid_plural"]))
                entry.msgstr_plural = {int(k[7:-1]): _unescape("".join(v)) for k, v in fields.items()
                                       if k.startswith("msgstr[")}
            if previous:
                if "msgctxt" in previous:
                    entry.previous_msgctxt = _unescape("".join(previous["msgctxt"]))
                if "msgid" in previous:
                    entry.previous_msgid = _unescape("".join(previous["msgid"]))
                if "msgid_plural" in previous:
                    entry.previous_msgid_plural = _unescape("".join(previous["msgid_plural"]))
            entries.append(entry)
        fields, comments, extracted, occurrences, flags, previous = {}, [], [], [], [], {}
        current, obsolete, linenum, have_msgstr = None, False, 0, False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not linenum and not have_msgstr:
            linenum = number  # like polib: an entry's line is its first line, comments included
        if line.startswith("#~"):
            line = line[2:].lstrip()
            if not line:
                continue
            if line.startswith("|"):
                line = "#" + line
            elif not line.startswith("#"):
                if have_msgstr and line.startswith(("msgid", "msgctxt")):
                    flush()
                    linenum = number
                obsolete = True
        head = line[0]
        if head == "#":
            if have_msgstr:
                flush()
                linenum = number
            kind = line[1:2]
            if kind == ".":
                extracted.append(line[3:] if line.startswith("#. ") else line[2:])
            elif kind == ":":
                for token in line[2:].split():
                    path_part, _, line_part = token.rpartition(":")
                    occurrences.append((path_part, line_part) if path_part and line_part.isdigit() else (token, ""))
            elif kind == ",":
                flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
            elif kind == "|":
                rest = line[2:].strip()
                if rest.startswith('"'):
                    if current is None:
                        raise _Fallback
                    current.append(_quoted(rest))
                else:
                    keyword, _, value = rest.partition(" ")
                    if keyword not in ("msgctxt", "msgid", "msgid_plural"):
                        raise _Fallback
                    current = previous.setdefault(keyword, [])
                    current.append(_quoted(value))
            elif kind in (" ", ""):
                comments.append(raw.rstrip("\n")[2:] if raw.startswith("# ") else line[1:])
            else:
                raise _Fallback
            continue
        if head == '"':
            if current is None:
                raise _Fallback
            current.append(_quoted(line))
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid"):
            if have_msgstr or (keyword == "msgid" and "msgid" in fields) or (keyword == "msgctxt" and fields):
                flush()
                linenum = number
        elif keyword == "msgid_plural":
            if "msgid" not in fields:
                raise _Fallback
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            if "msgid" not in fields:
                raise _Fallback
            have_msgstr = True
        else:
            raise _Fallback
        current = fields.setdefault(keyword, [])
        if current:
            raise _Fallback
        current.append(_quoted(value))
    flush()

    if entries and entries[0].msgid == "" and entries[0].msgctxt is None and not entries[0].obsolete:
        header = entries.pop(0)
        po.header = header.tcomment
        po.metadata_is_fuzzy = "fuzzy" in header.flags
        for item in header.msgstr.split("\n"):
            if not item.strip():
                continue
            name, sep, value = item.partition(":")
            if not sep:
                raise _Fallback
            po.metadata[name.strip()] = value.strip()
    if any(e.msgid == "" and e.msgctxt is None and not e.obsolete for e in entries):
        raise _Fallback  # a header that is not the first entry: polib's layout rules apply
    po.extend(entries)
    return po


def msgid_line(lines: list[bytes], start: int) -> int:
    """The line of the entry's msgid (polib's linenum is the entry's first comment line)."""
    for index in range(max(start - 1, 0), min(start + 200, len(lines))):
        if lines[index].lstrip().startswith(b"msgid "):
            return index + 1
    return start
