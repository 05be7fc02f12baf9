"""Blocks of a translated HTML page, in the Markdown form our msgids have (for import only).

Old translations of the course often survive only as published web pages. What counts as a
block mirrors the Markdown adapter's segment kinds: ``<title>`` ("front matter title"),
``h1``-``h6`` ("heading N"), ``p`` ("paragraph"; "list item", "table cell" or "block quote"
inside those), ``li``, ``td``/``th`` with no paragraph inside, and the ``alt`` of every image
("image alt text"). A list item's task box (``[ ] ``, ``[x] ``) is left out, as the Markdown
adapter leaves it with the list marker. Inline markup comes back as Markdown: ``<a href>`` as
``[text](url)`` (``"title"`` kept), or as the caller's ``link`` function writes it (the importer
gives page links and reference links back in the English page's form), ``<strong>``/``<b>``
as ``**``, ``<em>``/``<i>`` as ``*``, ``<code>`` as backticks, ``<img>`` as ``![alt](src)``,
``<br>`` as a new line; other tags give their text.
Whitespace is collapsed as a browser does. ``script``, ``style``, ``pre`` and navigation are
skipped. Not handled: Markdown escaping of literal ``*``/``[`` in the text, nested emphasis
spanning links in odd ways, and text lying loose in a ``div`` outside any paragraph.

lxml's HTML parser is used with comments and processing instructions removed and no network
access; HTML has no external entities, so nothing outside the file is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lxml import html as lxml_html

from ..errors import SourceError
from ..model import Segment

SKIP = {"script", "style", "pre", "nav", "template", "noscript", "svg", "math", "head"}
BLOCK = {"p", "ul", "ol", "table", "blockquote", "div", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
         "section", "article", "figure", "dl", "hr", "form"}
_BREAK = "\x00"
_BOX = re.compile(r"^\[[ xX]\][ \t]+(?=\S)")  # a task-list box before a list item's text


@dataclass(frozen=True, slots=True)
class Link:
    """An ``<a href>`` of the page: its text (already Markdown), target, title and line."""

    text: str
    href: str
    title: str | None
    line: int


def markdown_link(link: Link) -> str:
    """``[text](href "title")``: how a link comes back when the caller does not say otherwise."""
    suffix = f' "{link.title}"' if link.title else ""
    return f"[{link.text}]({link.href}{suffix})"


@dataclass(slots=True)
class LinkStyle:
    """How the English page writes its links, so a translated page's links come back that way.

    A built page links ``02-next.html`` where the English writes ``02-next.md``: a relative
    ``.html`` target comes back as the English target of the same page (or as ``.md`` when that
    page is beside the English page). A URL the English gives only through a reference
    definition (``[CRPD][crpd]`` and ``[crpd]: https://… "Title"``) comes back as a reference
    link, ``[CDPD][crpd]``, without the title: the title is the definition's own entry, found
    in ``titled`` (every link with a title, target in the English form, in page order).
    """

    targets: dict[str, str]  # _key(target) -> the English target, for relative page links
    labels: dict[str, str]  # _key(url) -> the label the English writes for it, when only by reference
    shortcuts: dict[str, str]  # _label_key(label) -> "[{}]" or "[{}][]" when the English writes it so
    folder: Path | None = None  # the English page's folder
    titled: list[Link] = field(default_factory=list)

    def __call__(self, link: Link) -> str:
        href = self.target(link.href)
        if link.title:
            self.titled.append(Link(link.text, href, link.title, link.line))
        label = self.labels.get(_key(href))
        if label is not None:
            form = self.shortcuts.get(_label_key(label))
            if form and _label_key(link.text) == _label_key(label):
                return form.format(link.text)
            return f"[{link.text}][{label}]"
        return markdown_link(Link(link.text, href, link.title, link.line))

    def target(self, href: str) -> str:
        """``href`` as the English page writes the same target."""
        if not _relative(href):
            return href
        known = self.targets.get(_key(href))
        if known is not None:
            return known
        page = _PAGE_SUFFIX.sub(".md", href, count=1)
        if page != href and self.folder is not None and (self.folder / unquote(page.split("#")[0])).is_file():
            return page
        return href


def link_style(english_text: str, english: Sequence[Segment], folder: Path | None = None) -> LinkStyle:
    """The LinkStyle of an English Markdown page: ``english_text`` for its reference
    definitions, ``english`` (its segments) for the links its text uses."""
    definitions = {_label_key(label): url for _, label, url in reference_definitions(english_text)}
    inline: set[str] = set()
    used: dict[str, str] = {}  # label key -> label as written
    shortcuts: dict[str, str] = {}
    for segment in english:
        inline.update(_key(u) for u in _INLINE_TARGET.findall(segment.text))
        for text, label in _FULL_REFERENCE.findall(segment.text):
            written = label or text
            used.setdefault(_label_key(written), written)
            if not label:
                shortcuts.setdefault(_label_key(written), "[{}][]")
        for label in _SHORTCUT_REFERENCE.findall(segment.text):
            if _label_key(label) in definitions:
                used.setdefault(_label_key(label), label)
                shortcuts.setdefault(_label_key(label), "[{}]")
    targets = {_key(u): u for u in [*_INLINE_TARGET.findall("\n".join(s.text for s in english)),
                                    *definitions.values()] if _relative(u)}
    labels: dict[str, str] = {}
    for key, label in used.items():
        url = definitions.get(key)
        if url is not None and _key(url) not in inline:
            labels.setdefault(_key(url), label)
    return LinkStyle(targets, labels, shortcuts, folder)


def reference_definitions(text: str) -> list[tuple[int, str, str]]:
    """(line, label, url) of every reference definition ``[label]: url`` of a Markdown page
    (one line each; a title may follow). Lines inside fenced code are left out."""
    found: list[tuple[int, str, str]] = []
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)[:3]
            continue
        match = None if fence else _DEFINITION.match(line)
        if match:
            found.append((number, match.group(1), match.group(2) or match.group(3)))
    return found


_INLINE_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_FULL_REFERENCE = re.compile(r"(?<!\\)\[((?:[^\[\]\\]|\\.)*)\]\[((?:[^\[\]\\]|\\.)*)\]")
_SHORTCUT_REFERENCE = re.compile(r"(?<![\\\]!])\[((?:[^\[\]\\]|\\.)+)\](?![\[(:])")
_DEFINITION = re.compile(r" {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(?:<([^>\n]*)>|(\S+))")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_PAGE_SUFFIX = re.compile(r"\.html?(?=$|[#?])")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _relative(url: str) -> bool:
    return not _SCHEME.match(url) and not url.startswith(("/", "#"))


def _key(url: str) -> str:
    """What two spellings of one target share: ``02-next.html#x``, ``02-next.md#x``, ``%20``."""
    url = unquote(url)
    return re.sub(r"\.(?:md|html?)(?=$|[#?])", "", url, count=1) if _relative(url) else url.rstrip("/")


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def extract_html(data: bytes, path: str, *, link: Callable[[Link], str] = markdown_link) -> list[Segment]:
    """Every block of an HTML page, in document order, as segments with their source lines;
    ``link`` writes each ``<a href>`` as Markdown."""
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except Exception as exc:  # lxml raises ParserError/ValueError for empty or binary input
        raise SourceError(f"cannot read the HTML page ({exc})", path=path,
                          fix="Check that the file is an HTML page") from exc
    segments: list[Segment] = []
    title = root.find("head/title")
    if title is not None and _squash(title.text_content()):
        segments.append(Segment(_squash(title.text_content()), title.sourceline or 1, "front matter title"))
    body = root.find("body")
    _walk(body if body is not None else root, segments, link)
    return segments


def _walk(element: Any, out: list[Segment], link: Callable[[Link], str]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in SKIP or not tag:
            continue
        if re.fullmatch(r"h[1-6]", tag):
            _emit(child, f"heading {tag[1]}", out, link)
        elif tag == "p":
            _emit(child, _paragraph_kind(child), out, link)
        elif tag in ("li", "td", "th", "dd", "dt"):
            _emit(child, _item_kind(tag), out, link)  # with blocks inside: its text before the first
            if any(isinstance(c.tag, str) and c.tag in BLOCK for c in child):
                _walk(child, out, link)
        elif tag == "img":
            _alt(child, out)
        else:
            _walk(child, out, link)


def _emit(element: Any, kind: str, out: list[Segment], link: Callable[[Link], str]) -> None:
    text = _text(element, link)
    if kind == "list item":
        text = _BOX.sub("", text, count=1)
    if text:
        out.append(Segment(text, element.sourceline or 1, kind))
    for image in _inline_images(element):
        _alt(image, out)


def _inline_images(element: Any) -> Iterator[Any]:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "img":
            yield child
        elif tag and tag not in BLOCK and tag not in SKIP and tag != "li":
            yield from _inline_images(child)


def _alt(image: Any, out: list[Segment]) -> None:
    alt = _squash(image.get("alt") or "")
    if alt:
        out.append(Segment(alt, image.sourceline or 1, "image alt text"))


def _paragraph_kind(element: Any) -> str:
    for ancestor in element.iterancestors():
        if ancestor.tag == "blockquote":
            return "block quote"
        if ancestor.tag == "li":
            return "list item"
        if ancestor.tag in ("td", "th"):
            return "table cell"
    return "paragraph"


def _item_kind(tag: str) -> str:
    return {"li": "list item", "td": "table cell", "th": "table cell"}.get(tag, "paragraph")


def _text(element: Any, link: Callable[[Link], str]) -> str:
    """The element's inline content as Markdown, nested blocks left out."""
    raw = _inline(element, link)
    raw = re.sub(r"[ \t\r\n\f]+", " ", raw)
    return "\n".join(line.strip() for line in raw.split(_BREAK)).strip()


def _inline(element: Any, link: Callable[[Link], str]) -> str:
    pieces = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "img" or (tag and tag not in BLOCK and tag not in SKIP and tag != "li"):
            pieces.append(_markdown(child, tag, link))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _markdown(element: Any, tag: str, link: Callable[[Link], str]) -> str:
    if tag == "br":
        return _BREAK
    if tag == "img":
        alt, src = element.get("alt") or "", element.get("src") or ""
        return f"![{_squash(alt)}]({src})" if src else ""
    if tag == "code":
        return f"`{element.text_content()}`"
    inner = _inline(element, link)
    if tag == "a" and element.get("href"):
        return link(Link(inner.strip(), element.get("href"), element.get("title"), element.sourceline or 1))
    marker = {"strong": "**", "b": "**", "em": "*", "i": "*"}.get(tag)
    if marker and inner.strip():
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        return f"{lead}{marker}{inner.strip()}{marker}{trail}"
    return inner


def _squash(text: str) -> str:
    """Runs of HTML whitespace as one space, as a browser shows them (a no-break space stays)."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip(" \t\r\n\f")
