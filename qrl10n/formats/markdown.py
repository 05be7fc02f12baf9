"""Markdown pages <-> translatable blocks, rendered back into the English page's own layout.

Principles
----------
Unit. One segment per block a reader sees as one piece of text: a heading (ATX or setext,
kind ``heading 1``..``heading 6``), a paragraph (``paragraph``; ``list item`` inside a list
item, ``block quote`` inside a block quote, whichever container is nearest), a table cell,
header cells included (``table cell``), the alt text of an image that is a paragraph on its
own (``image alt text``), the title of a reference definition ``[id]: url "Title"`` (``link
title``) and the ``title:`` of the YAML front matter (``front matter title``). Nested lists
give their own items; a list item with two paragraphs gives two segments. A task-list box
(``- [ ] ``) stays with the list marker. ``Segment.line`` is the 1-based line where the block
starts (a cell: its row; a front-matter title: its own line).

What stays out (skeleton). Container prefixes (``>``, list markers, indentation), heading
hashes (``## Title ##`` -> ``Title``) and setext underlines, table pipes and the delimiter
row, fenced and indented code, HTML blocks and comments, reference labels and URLs, every
front-matter key and every other front-matter value. Empty blocks have no segment.
Inline markup (emphasis, links with their URLs, inline code, inline HTML, images inside
running text, escapes and entity references such as ``&amp;``) stays in the msgid exactly as
written: a msgid is a slice of the source, never markdown-it's decoded content.

Whitespace. Leading and trailing spaces and tabs of every line are dropped and a soft line
break becomes one space, so re-wrapping the English never changes a msgid. A hard break
(two trailing spaces or a backslash at the end of a line) becomes a backslash and a line
feed (``"\\\\\\n"`` in the PO file) whatever the source used: it stays visible in a PO
editor, means the same to every Markdown reader, and the translator writes it the same way.
The first line's leading and the last line's trailing Unicode spaces go, as markdown-it trims
them; every other character of a line, tabs and runs of spaces included, is kept.

Author notes. ``<!-- i18n: some note -->`` on the line(s) right before a block (no blank line
between) adds "some note" to every segment of that block; ``<!-- i18n: do-not-translate -->``
makes the block skeleton. Other comments are skeleton and do not break that adjacency.

Rendering. ``extract`` and ``render`` share one walk (``_walk``). Where ``translate`` returns
the segment's own text the English bytes come back untouched (CRLF, tabs, trailing spaces,
BOM, missing final newline, wrapping). Any other translation replaces the block's whole span
and is written on one line after the first line's prefix; a newline in it gets the
container's continuation prefix (``> ``, the list indentation) and the file's line ending,
and a continuation line that would start a block of its own (``# x``, ``- x``, ``<div>``)
is indented four spaces more so it stays in the paragraph. A blank line in a translation is
the translator's paragraph break and is kept. A cell, ATX heading, alt text or link title is
one line: a newline there becomes a space; a cell escapes a bare ``|``, a heading a closing
``#`` run, an alt text unpaired brackets, a title its delimiter. A front-matter title keeps
its YAML quoting style (quoted when a plain value would change meaning).

Parsing. markdown-it-py (CommonMark + GFM tables) finds the blocks; three small hooks record
where each block line's text starts after the container prefixes (the parser alone knows
them), which hard breaks the inline parser made, and the reference definitions it read
(``inline_definitions``). Bad input raises SourceError with the line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import accumulate
from typing import Any

from markdown_it import MarkdownIt
from markdown_it import rules_block, rules_inline
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..errors import SourceError
from ..model import Segment

__all__ = ["extract", "render", "to_html"]

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


# --------------------------------------------------------------------------- public API

def extract(text: str, path: str) -> list[Segment]:
    """The translatable segments of a Markdown page, in document order."""
    return [slot.segment for slot in _walk(text, path)]


def render(text: str, path: str, translate: Callable[[Segment], str]) -> str:
    """The page with each segment's span replaced by ``translate(segment)``."""
    out: list[str] = []
    done = 0
    for slot in _walk(text, path):
        translation = translate(slot.segment)
        out.append(text[done:slot.start])
        if translation == slot.segment.text:
            out.append(text[slot.start:slot.end])
        else:
            out.append(slot.encode(translation.replace("\r\n", "\n").replace("\r", "\n")))
        done = slot.end
    out.append(text[done:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class VerbatimBlock:
    """A block every language keeps as written: code, an HTML block, a thematic break."""

    line: int  # 1-based, where the block starts
    text: str  # its content (a thematic break: "---", whatever characters drew it)


def verbatim_blocks(text: str, path: str) -> list[VerbatimBlock]:
    """The page's code blocks, HTML blocks and thematic breaks, in document order (front matter
    left out): skeleton that a translated page repeats, so import can align across it."""
    source = _Source.read(text, path)
    front = _front_matter_length(source.lines, path)
    tokens = _parser().parse("\n".join([""] * front + source.lines[front:]), {})
    return [VerbatimBlock(token.map[0] + 1, "---" if token.type == "hr" else token.content.strip())
            for token in tokens if token.type in _VERBATIM and token.map]


_VERBATIM = frozenset({"fence", "code_block", "html_block", "hr"})


def to_html(markdown_text: str, *, lang: str, direction: str, title: str,
            english: Collection[str] = ()) -> str:
    """A complete, self-contained HTML5 page: front matter dropped, ``.md`` links -> ``.html``.

    ``english``: the texts (segments' source text) of blocks shown in English because they have
    no translation yet; each such block says ``lang="en"``, so screen readers, hyphenation and
    fonts treat it as English on a page in another language."""
    if direction not in ("ltr", "rtl"):
        raise ValueError(f"direction must be 'ltr' or 'rtl', not {direction!r}")
    lines = _NEWLINE.split(markdown_text.removeprefix("\ufeff"))
    body_lines = lines[_front_matter_length(lines, None):]
    md = _html_renderer()
    env: dict[str, Any] = {}
    tokens = md.parse("\n".join(body_lines), env)
    _rewrite_page_links(tokens)
    if english:
        _mark_english(tokens, frozenset(_block_key(text) for text in english), lang)
    if direction == "rtl":
        _own_direction(tokens)
    body = md.renderer.render(tokens, md.options, env)
    return _PAGE.format(lang=html.escape(lang), dir=direction, title=html.escape(title),
                        style=_STYLE, body=body)


_BLOCKS_WITH_TEXT = frozenset({"paragraph_open", "heading_open", "list_item_open", "td_open", "th_open",
                               "blockquote_open", "dt_open", "dd_open"})


def _mark_english(tokens: list[Token], english: frozenset[str], lang: str) -> None:
    """``lang="en"`` on the block holding each English text (a tight list's item, whose
    paragraph is not rendered), and the page's ``lang`` back on a translated block nested in one."""
    items: list[Token] = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            items.append(token)
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "inline" and index:
            holder = tokens[index - 1]
            if holder.hidden and items:
                holder = items[-1]
            inside_english = any(item.attrGet("lang") == "en" for item in items if item is not holder)
            if _block_key(token.content) in english:
                if not inside_english:
                    holder.attrSet("lang", "en")
            elif inside_english:
                holder.attrSet("lang", lang)


def _block_key(text: str) -> str:
    """A block's text with its line breaks (soft, hard) and runs of spaces as one space: a msgid
    and markdown-it's content of the same block give the same key."""
    return " ".join(text.replace("\\\n", " ").split())


def _own_direction(tokens: list[Token]) -> None:
    """``dir="auto"`` on every text block of a right-to-left page: a block still in English (not
    translated yet) reads left to right, with its question mark at the end, not the start."""
    for token in tokens:
        if token.type in _BLOCKS_WITH_TEXT and not token.hidden:
            token.attrSet("dir", "auto")


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


def _walk(text: str, path: str) -> list[_Slot]:
    """Every segment of the page with its span, in document order: the one walk."""
    source = _Source.read(text, path)
    front = _front_matter_length(source.lines, path)
    slots = list(_front_matter_slots(source, front))
    parse_lines = [""] * front + source.lines[front:]
    tokens = _parser().parse("\n".join(parse_lines), {})
    slots.extend(_block_slots(source, tokens))
    return slots


def _block_slots(source: _Source, tokens: list[Token]) -> Iterator[_Slot]:
    containers: list[str] = []
    notes = _Notes()
    for index, token in enumerate(tokens):
        notes.see(token)
        kind = token.type
        if kind in ("blockquote_open", "list_item_open"):
            containers.append(kind)
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif notes.skip:
            continue
        elif kind == "heading_open":
            yield from _heading_slots(source, token, tokens[index + 1], notes.notes)
        elif kind == "paragraph_open":
            first_in_item = index > 0 and tokens[index - 1].type == "list_item_open"
            yield from _paragraph_slots(source, token, tokens[index + 1], notes.notes,
                                        _container_kind(containers), first_in_item)
        elif kind == "table_open":
            yield from _table_slots(source, token, notes.notes)
        elif kind == "definition":
            yield from _definition_slots(source, token, notes.notes)


def _container_kind(containers: list[str]) -> str:
    if not containers:
        return "paragraph"
    return "list item" if containers[-1] == "list_item_open" else "block quote"


class _Notes:
    """Author notes from ``<!-- i18n: ... -->`` and the block each one applies to.

    A comment-only HTML block is *pending* until the next block at its level: when that block
    starts on the very next line its notes apply to it, and to all it contains, until its
    closing token (a block without one, such as a definition, only to itself); anything
    else drops them. ``notes`` and ``skip`` describe the token last seen.
    """

    def __init__(self) -> None:
        self._pending: tuple[int, int, tuple[str, ...]] | None = None   # level, next line, notes
        self._open: list[tuple[int, tuple[str, ...], bool]] = []          # level, notes, single
        self.notes: tuple[str, ...] = ()
        self.skip = False

    def see(self, token: Token) -> None:
        changed = False
        if self._open and self._open[-1][2]:
            self._open.pop()
            changed = True
        if token.nesting == -1:
            if self._open and self._open[-1][0] == token.level:
                self._open.pop()
                changed = True
            self._pending = None
        elif token.map is not None and token.type != "inline":
            changed |= self._see_block(token)
        if changed:
            notes = [note for _, notes, _ in self._open for note in notes]
            self.skip = _DO_NOT_TRANSLATE in notes
            self.notes = tuple(note for note in notes if note != _DO_NOT_TRANSLATE)

    def _see_block(self, token: Token) -> bool:
        """Track a block-level token; True when it opens a scope of notes."""
        pending, self._pending = self._pending, None
        adjacent = (pending is not None and pending[0] == token.level
                    and token.map[0] == pending[1])
        comments = _comment_notes(token)
        if comments is not None:
            earlier = pending[2] if adjacent else ()
            self._pending = (token.level, token.map[1], earlier + comments)
        elif adjacent and pending[2]:
            self._open.append((token.level, pending[2], token.nesting == 0))
            return True
        return False


def _comment_notes(token: Token) -> tuple[str, ...] | None:
    """The i18n notes of an HTML block made only of comments; None for any other token."""
    if token.type != "html_block" or not _COMMENTS_ONLY.fullmatch(token.content):
        return None
    notes = []
    for body in _COMMENT.findall(token.content):
        body = body.strip()
        if body[:5].lower() == "i18n:":
            note = " ".join(body[5:].split())
            notes.append(_DO_NOT_TRANSLATE if note.lower() == _DO_NOT_TRANSLATE else note)
    return tuple(note for note in notes if note)


# --------------------------------------------------------------------------- blocks

def _line_pieces(source: _Source, token: Token, count: int | None = None) -> list[_Piece]:
    """Each line of a block from where its text starts to its last non-blank character."""
    first = token.map[0]
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
    line = opening.map[0]
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
            yield source.slot(alt, Segment(text, opening.map[0] + 1, "image alt text", notes),
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
    first, columns = opening.map[0], opening.meta[_COLUMNS]
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
              for line, start in enumerate(token.meta[_COLUMNS], token.map[0])]
    string = "".join(source.text_of(piece) + "\n" for piece in pieces)   # as markdown-it reads it
    title = _title_range(string)
    if title is None:
        return
    inner = _sub_pieces(source, pieces, title[0] + 1, title[1] - 1)
    if inner:
        closing = string[title[1] - 1]
        segment = Segment(" ".join(map(source.text_of, inner)), token.map[0] + 1, "link title",
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


# --------------------------------------------------------------------------- front matter

_FENCES = ("---", "...")
_YAML_KEY = re.compile(r"[A-Za-z0-9_][\w .-]*:(?:[ \t]|$)")
_TITLE = re.compile(r"title:[ \t]*")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_AFTER_VALUE = re.compile(r"[ \t]*(?:#.*)?")
_YAML_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
                 "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
                 "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_YAML_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |:$| #|\s$|[\x00-\x1f]""")


def _front_matter_length(lines: list[str], path: str | None) -> int:
    """How many lines the YAML front matter takes, fences included; 0 when there is none.

    Front matter opens with ``---`` on the first line, directly followed by a ``key:`` line
    (or the closing fence), so a page that starts with a thematic break is not mistaken for
    one; it closes with ``---`` or ``...``.
    """
    if len(lines) < 2 or lines[0].rstrip() != "---":
        return 0
    if lines[1].rstrip() in _FENCES:
        return 2
    if not _YAML_KEY.match(lines[1]):
        return 0
    for index in range(2, len(lines)):
        if lines[index].rstrip() in _FENCES:
            return index + 1
    raise SourceError("the YAML front matter that opens on line 1 is never closed", path=path,
                      line=1, fix="Add a line with --- after the last front-matter line (or, if "
                                  "the first --- is a thematic break, put a blank line after it)")


def _front_matter_slots(source: _Source, length: int) -> Iterator[_Slot]:
    """The top-level ``title:`` of the front matter; every other line is skeleton."""
    for line in range(1, max(length - 1, 1)):
        text = source.lines[line]
        key = _TITLE.match(text)
        if key is None:
            continue
        value, start, end, style = _yaml_title(source, line, key.end())
        if value:
            piece = (line, start, end)
            yield source.slot([piece], Segment(value, line + 1, "front matter title"),
                              partial(_encode_yaml, style))
        return


def _yaml_title(source: _Source, line: int, start: int) -> tuple[str, int, int, str]:
    """(value, start, end, quoting style) of a one-line YAML scalar starting at ``start``."""
    text = source.lines[line]
    first = text[start:start + 1]
    if first == '"':
        match, style = _DOUBLE.match(text, start), "double"
    elif first == "'":
        match, style = _SINGLE.match(text, start), "single"
    elif first in ("|", ">"):
        match, style = None, "block"
    else:
        value = text[start:].split(" #", 1)[0].rstrip(" \t")
        follows = source.lines[line + 1]
        if value and follows[:1] in (" ", "\t") and follows.strip():
            match, style = None, "multi-line"
        else:
            return value, start, start + len(value), "plain"
    if match is None or not _AFTER_VALUE.fullmatch(text, match.end()):
        raise SourceError(f"the front-matter title is a {style} YAML value qrl10n cannot read",
                          path=source.path, line=line + 1,
                          fix='Write the title on one line, e.g. title: "Welcome"')
    raw = match.group(1)
    if style == "single":
        value = raw.replace("''", "'")
    else:
        value = _YAML_ESCAPE.sub(_yaml_unescape, raw)
    return value, start, match.end(), style


def _yaml_unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        return chr(int(code[1:], 16))
    return _YAML_ESCAPES.get(code, match.group(0))


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


def _encode_yaml(style: str, translation: str) -> str:
    if style == "single":
        return "'" + translation.replace("'", "''") + "'"
    if style == "plain" and translation and not _PLAIN_UNSAFE.search(translation):
        return translation
    escaped = translation.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped + '"'


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


@cache
def _html_renderer() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _rewrite_page_links(tokens: list[Token]) -> None:
    """``page.md#part`` -> ``page.html#part`` for relative links, so the built site navigates."""
    for token in tokens:
        for child in token.children or ():
            if child.type != "link_open":
                continue
            href = str(child.attrs.get("href", ""))
            if _SCHEME.match(href) or href.startswith(("/", "#")):
                continue
            match = _MD_LINK.fullmatch(href)
            if match and match.group("path"):
                child.attrs["href"] = match.group("path") + ".html" + (match.group("rest") or "")


_STYLE = """\
body{margin:0;font:1.05rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;\
color:#1d1d1f;background:#fff}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1,h2,h3{line-height:1.25}
a{color:#0b57d0}
img{max-width:100%;height:auto}
blockquote{margin:1.2rem 0;padding:.2rem 1rem;border-inline-start:4px solid #c8d1dc;color:#374151}
pre{overflow-x:auto;padding:.8rem;background:#f5f7f9;border-radius:4px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
table{border-collapse:collapse;margin:1.2rem 0;width:100%}
th,td{border:1px solid #b8c2cc;padding:.4rem .6rem;text-align:start;vertical-align:top}
th{background:#eef2f6}
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{style}</style>
</head>
<body>
<main>
{body}</main>
</body>
</html>
"""
