"""The blocks of a Markdown page as slots: where each segment's text sits in the source and how
a translation is written back there, and the markdown-it parser with the hooks that record
where each block's text starts (see qrl10n.formats.markdown for the principles)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate
from typing import Any

from markdown_it import MarkdownIt, rules_block, rules_inline
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..errors import SourceError
from ..model import Segment

# A piece of one source line: (0-based line, start column, end column).
_Piece = tuple[int, int, int]

_NEWLINE = re.compile(r"\r\n|\r|\n")
_COLUMNS = "qrl10n_columns"    # Token.meta key: text start column of each line of the block
_BREAK = "qrl10n_break"        # Token.meta key on a hardbreak: (line boundary, rule name)
_DO_NOT_TRANSLATE = "do-not-translate"
_BOX = re.compile(r"\[[ xX]\][ \t]+(?=\S)")      # a task-list box before the item's text
_CELL_PIPE = re.compile(r"(?<!\\)\|")   # a pipe that splits cells (markdown-it's escapedSplit)
_COMMENTS_ONLY = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.S)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_NOT_PREFIX = re.compile(r"[^>\t ]")             # list markers and task boxes -> spaces
_HARD_BREAK = re.compile(r"\\?\n")
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+[ \t]*)$")
_BRACKET = re.compile(r"(?<!\\)[\[\]]")
_INTERRUPTS = re.compile(r" {0,3}(?:[-#>*+=_|~<`]|\d{1,9}[.)])")   # may start a block
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_MD_LINK = re.compile(r"(?P<path>[^?#]*)\.md(?P<rest>[?#].*)?", re.S)
# What markdown-it trims off a block or a cell: ASCII and Unicode (Zs) whitespace.
_TRIM = (" \t\n\r\f\v\xa0\u1680\u202f\u205f\u3000\u2028\u2029"
         + "".join(map(chr, range(0x2000, 0x200B))))



# --------------------------------------------------------------------------- the walk

@dataclass(frozen=True, slots=True)
class _Slot:
    """Where one segment sits in the original text and how a translation is written there."""

    segment: Segment
    start: int
    end: int
    encode: Callable[[str], str]


@dataclass(frozen=True, slots=True)
class _Source:
    """The page as lines: markdown-it's view of them plus where each begins in the original."""

    text: str
    path: str
    lines: list[str]      # without line endings; U+0000 -> U+FFFD and no BOM, like markdown-it
    starts: list[int]     # offset in ``text`` where each line begins
    eols: list[str]       # each line's ending ("" for the last)

    @classmethod
    def read(cls, text: str, path: str) -> _Source:
        bom = 1 if text.startswith("\ufeff") else 0
        body = text[bom:].replace("\0", "\ufffd")
        lines = _NEWLINE.split(body)
        eols = _NEWLINE.findall(body) + [""]
        starts = list(accumulate((len(line) + len(eol) for line, eol in zip(lines, eols)),
                                 initial=bom))
        return cls(text, path, lines, starts, eols)

    def offset(self, line: int, column: int) -> int:
        return self.starts[line] + column

    def eol(self, line: int) -> str:
        return self.eols[line] or next((eol for eol in self.eols if eol), "\n")

    def text_of(self, piece: _Piece) -> str:
        line, start, end = piece
        return self.lines[line][start:end]

    def slot(self, pieces: Sequence[_Piece], segment: Segment,
             encode: Callable[[str], str]) -> _Slot:
        first, last = pieces[0], pieces[-1]
        return _Slot(segment, self.offset(first[0], first[1]), self.offset(last[0], last[2]),
                     encode)



# --------------------------------------------------------------------------- blocks

def _lines(token: Token) -> list[int]:
    """[first, end) source lines of a block token (markdown-it sets them on every block token)."""
    assert token.map is not None
    return token.map


def _line_pieces(source: _Source, token: Token, count: int | None = None) -> list[_Piece]:
    """Each line of a block from where its text starts to its last non-blank character."""
    first = _lines(token)[0]
    columns = token.meta[_COLUMNS] if count is None else token.meta[_COLUMNS][:count]
    pieces = []
    for offset, start in enumerate(columns):
        line = first + offset
        pieces.append((line, start, len(source.lines[line].rstrip(" \t"))))
    return pieces


def _trimmed(source: _Source, pieces: list[_Piece]) -> tuple[list[_Piece], int]:
    """The pieces without the Unicode whitespace markdown-it trims off a block's ends (a
    line of only no-break spaces goes), and how many lines went from the start."""
    texts = [source.text_of(piece) for piece in pieces]
    first = next(index for index, text in enumerate(texts) if text.strip(_TRIM))
    last = next(index for index in range(len(texts) - 1, -1, -1) if texts[index].strip(_TRIM))
    kept = pieces[first:last + 1]
    line, start, end = kept[0]
    kept[0] = (line, end - len(texts[first].lstrip(_TRIM)), end)
    line, start, end = kept[-1]
    kept[-1] = (line, start, start + len(source.text_of(kept[-1]).rstrip(_TRIM)))
    return kept, first


def _hard_breaks(inline: Token, lines: int) -> dict[int, str]:
    """Line boundary -> the inline rule that made a hard break there ("escape" or "newline")."""
    if lines < 2:
        return {}
    return dict(child.meta[_BREAK] for child in inline.children or ()
                if child.type == "hardbreak" and _BREAK in child.meta)


def _joined(source: _Source, pieces: Sequence[_Piece], breaks: dict[int, str]) -> str:
    """The msgid of a run of line pieces: soft breaks -> one space, hard breaks -> ``\\`` + LF."""
    texts = [source.text_of(piece) for piece in pieces]
    if not breaks:
        return " ".join(texts)
    out = []
    for boundary, text in enumerate(texts):
        out.append(text)
        if boundary < len(texts) - 1:
            rule = breaks.get(boundary)
            if rule is None:
                out.append(" ")
            elif rule == "escape":
                out.append("\n")
            else:
                out.append(" \\\n" if text.endswith("\\") else "\\\n")
    return "".join(out)


def _block_slot(source: _Source, pieces: list[_Piece], inline: Token, kind: str,
                notes: tuple[str, ...]) -> _Slot:
    kept, dropped = _trimmed(source, pieces)
    breaks = {boundary - dropped: rule
              for boundary, rule in _hard_breaks(inline, len(pieces)).items()
              if 0 <= boundary - dropped < len(kept) - 1}
    line, start, _ = kept[0]
    text = _joined(source, kept, breaks)
    encode = partial(_encode_block, source.lines[line][:start], source.eol(line))
    return source.slot(kept, Segment(text, pieces[0][0] + 1, kind, notes), encode)


def _heading_slots(source: _Source, opening: Token, inline: Token,
                   notes: tuple[str, ...]) -> Iterator[_Slot]:
    kind = f"heading {opening.tag[1]}"
    if not inline.content:
        return
    if opening.markup in ("=", "-"):                       # setext: the underline is skeleton
        pieces = _line_pieces(source, opening, len(opening.meta[_COLUMNS]) - 1)
        yield _block_slot(source, pieces, inline, kind, notes)
        return
    line = _lines(opening)[0]
    text = source.lines[line]
    after_hashes = opening.meta[_COLUMNS][0] + len(opening.markup)
    start = text.find(inline.content, after_hashes)
    if start < 0:
        raise SourceError("cannot locate the text of this heading", path=source.path,
                          line=line + 1, fix="Report this page to the qrl10n maintainers")
    piece = (line, start, start + len(inline.content))
    yield source.slot([piece], Segment(inline.content, line + 1, kind, notes), _encode_heading)


def _paragraph_slots(source: _Source, opening: Token, inline: Token, notes: tuple[str, ...],
                     kind: str, first_in_item: bool) -> Iterator[_Slot]:
    pieces = _line_pieces(source, opening)
    if first_in_item:
        line, start, end = pieces[0]
        box = _BOX.match(source.lines[line], start, end)
        if box:
            pieces[0] = (line, box.end(), end)
    alt = _image_alt(source, pieces, inline)
    if alt is not None:
        if alt:
            text = " ".join(map(source.text_of, alt))
            yield source.slot(alt, Segment(text, _lines(opening)[0] + 1, "image alt text", notes),
                              _encode_alt)
        return
    if inline.content:
        yield _block_slot(source, pieces, inline, kind, notes)


def _image_alt(source: _Source, pieces: list[_Piece], inline: Token) -> list[_Piece] | None:
    """The pieces of the alt text when the paragraph is only an image (maybe linked), else None."""
    children = [child.type for child in inline.children or ()]
    if children == ["image"]:
        bang = 0
    elif children == ["link_open", "image", "link_close"]:
        bang = 1
    else:
        return None
    joined = "\n".join(map(source.text_of, pieces))
    if joined[bang:bang + 2] != "![":
        return None
    state = StateInline(joined, _parser(), {}, [])
    end = parseLinkLabel(state, bang + 1, False)
    if end < 0:
        return None
    return _sub_pieces(source, pieces, bang + 2, end)


def _sub_pieces(source: _Source, pieces: Sequence[_Piece], start: int, end: int) -> list[_Piece]:
    """The pieces covering ``[start, end)`` of the pieces' texts joined with one character,
    each trimmed of spaces and tabs, blank ones dropped."""
    out = []
    offset = 0
    for line, first, last in pieces:
        length = last - first
        low, high = max(start - offset, 0), min(end - offset, length)
        if low < high:
            text = source.lines[line][first + low:first + high]
            lead = len(text) - len(text.lstrip(" \t"))
            trail = len(text) - len(text.rstrip(" \t"))
            if lead < len(text):
                out.append((line, first + low + lead, first + high - trail))
        offset += length + 1
    return out


def _table_slots(source: _Source, opening: Token, notes: tuple[str, ...]) -> Iterator[_Slot]:
    first, columns = _lines(opening)[0], opening.meta[_COLUMNS]
    width = 0
    for offset, start in enumerate(columns):
        if offset == 1:                                   # the delimiter row
            continue
        line = first + offset
        cells = _row_cells(source.lines[line], start)
        if offset == 0:
            width = len(cells)
        for cell_start, cell_end in cells[:width]:
            if cell_start < cell_end:
                piece = (line, cell_start, cell_end)
                segment = Segment(source.text_of(piece), line + 1, "table cell", notes)
                yield source.slot([piece], segment, _encode_cell)


def _row_cells(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) columns of each trimmed cell of a table row, split like markdown-it does."""
    row = text[start:]
    trimmed = row.strip(_TRIM)
    base = start + len(row) - len(row.lstrip(_TRIM))
    bounds = [-1, *(match.start() for match in _CELL_PIPE.finditer(trimmed)), len(trimmed)]
    cells = [(low + 1, high) for low, high in zip(bounds, bounds[1:])]
    if cells and cells[0][0] == cells[0][1]:
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    out = []
    for low, high in cells:
        cell = trimmed[low:high]
        lead = len(cell) - len(cell.lstrip(_TRIM))
        trail = len(cell) - len(cell.rstrip(_TRIM))
        out.append((base + low + lead, base + max(high - trail, low + lead)))
    return out


def _definition_slots(source: _Source, token: Token, notes: tuple[str, ...]) -> Iterator[_Slot]:
    """The title of a reference definition ``[id]: url "Title"``, when it has one."""
    if not token.meta.get("title"):
        return
    pieces = [(line, start, len(source.lines[line]))
              for line, start in enumerate(token.meta[_COLUMNS], _lines(token)[0])]
    string = "".join(source.text_of(piece) + "\n" for piece in pieces)   # as markdown-it reads it
    title = _title_range(string)
    if title is None:
        return
    inner = _sub_pieces(source, pieces, title[0] + 1, title[1] - 1)
    if inner:
        closing = string[title[1] - 1]
        segment = Segment(" ".join(map(source.text_of, inner)), _lines(token)[0] + 1, "link title",
                          notes)
        yield source.slot(inner, segment,
                          partial(_encode_title, "()" if closing == ")" else closing))


def _title_range(string: str) -> tuple[int, int] | None:
    """[start, end) of the delimited title in a reference definition, delimiters included."""
    pos = 1
    while pos < len(string) and string[pos] != "]":
        pos += 2 if string[pos] == "\\" else 1
    pos = _skip_blank(string, pos + 2)                 # past "]:"
    destination = parseLinkDestination(string, pos, len(string))
    if not destination.ok:
        return None
    start = _skip_blank(string, destination.pos)
    title = parseLinkTitle(string, start, len(string), None)
    return (start, title.pos) if title.ok else None


def _skip_blank(string: str, pos: int) -> int:
    while pos < len(string) and string[pos] in " \t\n":
        pos += 1
    return pos


# --------------------------------------------------------------------------- encoders

def _encode_block(prefix: str, eol: str, translation: str) -> str:
    """A translation in place of a block: continuation lines get the container's prefix, and
    one that would start a new block (``# x``, ``- x``, ``<div>``, ``===``) is indented four
    more spaces, which keeps it inside the paragraph without changing what it says."""
    continuation = _NOT_PREFIX.sub(" ", prefix)
    if continuation.endswith(">"):
        continuation += " "
    lines = translation.split("\n")
    out = [_escape_block_start(lines[0])]
    for previous, line in zip(lines, lines[1:]):
        if previous.strip() and _INTERRUPTS.match(line):
            out.append(continuation + "    " + line)
        else:
            out.append(continuation + line)
    return eol.join(out)


#: What makes a line start another block than the one it replaces: a list marker ("2006. godine",
#: "- x"), a heading, a quote, a fence or a thematic break. Its first character is escaped.
_BLOCK_START = re.compile(r"( {0,3})(?:(\d{1,9})(?=[.)](?:[ \t]|$))|(?=[-+*](?:[ \t]|$))|(?=#{1,6}(?:[ \t]|$))|(?=>)"
                          r"|(?=`{3,}|~{3,})|(?=([-*_])(?:[ \t]*\3){2,}[ \t]*$))")


def _escape_block_start(line: str) -> str:
    """``2006. godine`` -> ``2006\\. godine``: a translation stays the paragraph or item it replaces."""
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(2):  # an ordered-list number: escape its delimiter
        end = match.end(2)
        return line[:end] + "\\" + line[end:]
    end = match.end(1)
    return line[:end] + "\\" + line[end:]


def _encode_line(translation: str) -> str:
    return _HARD_BREAK.sub(" ", translation)


def _encode_heading(translation: str) -> str:
    """One line; a closing ``#`` run the translation ends with is escaped, so it stays text."""
    return _CLOSING_HASHES.sub(r"\1\\\2", _encode_line(translation))


def _encode_alt(translation: str) -> str:
    """One line; brackets that would not pair up are escaped, so the image stays an image."""
    text = _encode_line(translation)
    depth = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group() == "[" else -1
        if depth < 0:
            break
    return text if depth == 0 else _BRACKET.sub(r"\\\g<0>", text)


def _encode_cell(translation: str) -> str:
    return _CELL_PIPE.sub(r"\\|", _encode_line(translation))


def _encode_title(delimiters: str, translation: str) -> str:
    pattern = r"(?<!\\)([" + re.escape(delimiters) + "])"
    return re.sub(pattern, r"\\\1", _encode_line(translation))


# --------------------------------------------------------------------------- parsers

@cache
def _parser() -> MarkdownIt:
    """CommonMark + tables, with hooks that tell the walk where each block's text is."""
    md = MarkdownIt("commonmark", {"inline_definitions": True}).enable("table")
    for name in ("paragraph", "heading", "lheading", "table", "reference"):
        original = getattr(rules_block, name)
        alt = [chain for chain in ("paragraph", "reference", "blockquote", "list")
               if original in md.block.ruler.getRules(chain)]
        md.block.ruler.at(name, _with_columns(original), {"alt": alt})
    for name in ("newline", "escape"):
        md.inline.ruler.at(name, _with_break_position(getattr(rules_inline, name), name))
    return md


def _with_columns(rule: Callable[..., bool]) -> Callable[..., bool]:
    """Wrap a block rule: its first token records where each of its lines' text starts."""
    def recorded(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        count = len(state.tokens)
        if not rule(state, start_line, end_line, silent):
            return False
        if not silent and len(state.tokens) > count:
            ends, marks, shifts = state.eMarks, state.bMarks, state.tShift
            state.tokens[count].meta[_COLUMNS] = [
                marks[line] + shifts[line] - (ends[line - 1] + 1 if line else 0)
                for line in range(start_line, state.line)]
        return True
    return recorded


def _with_break_position(rule: Callable[..., bool], name: str) -> Callable[..., bool]:
    """Wrap an inline rule: a hard break it makes records the line boundary it sits on."""
    def recorded(state: Any, silent: bool) -> bool:
        count, pos = len(state.tokens), state.pos
        if not rule(state, silent):
            return False
        if not silent and len(state.tokens) > count and state.tokens[-1].type == "hardbreak":
            state.tokens[-1].meta[_BREAK] = (state.src.count("\n", 0, pos), name)
        return True
    return recorded
