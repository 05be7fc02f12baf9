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

Modules: this one holds the public API, the walk and the HTML page; ``markdown_blocks`` the
slots of each kind of block, their encoders and the parser hooks; ``markdown_frontmatter``
the YAML front matter.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import Segment
from .markdown_blocks import (
    _COMMENT,
    _COMMENTS_ONLY,
    _DO_NOT_TRANSLATE,
    _MD_LINK,
    _NEWLINE,
    _SCHEME,
    _definition_slots,
    _heading_slots,
    _lines,
    _paragraph_slots,
    _parser,
    _Slot,
    _Source,
    _table_slots,
)
from .markdown_frontmatter import _front_matter_length, _front_matter_slots

__all__ = ["VerbatimBlock", "extract", "render", "to_html", "verbatim_blocks"]


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
                    and _lines(token)[0] == pending[1])
        comments = _comment_notes(token)
        if comments is not None:
            earlier = pending[2] if pending is not None and adjacent else ()
            self._pending = (token.level, _lines(token)[1], earlier + comments)
        elif pending is not None and adjacent and pending[2]:
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


# --------------------------------------------------------------------------- HTML

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
