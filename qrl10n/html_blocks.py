"""Blocks of a translated HTML page, in the Markdown form our msgids have (for import only).

Old translations of the course often survive only as published web pages. What counts as a
block mirrors the Markdown adapter's segment kinds: ``<title>`` ("front matter title"),
``h1``-``h6`` ("heading N"), ``p`` ("paragraph"; "list item", "table cell" or "block quote"
inside those), ``li``, ``td``/``th`` with no paragraph inside, and the ``alt`` of every image
("image alt text"). Inline markup comes back as Markdown: ``<a href>`` as ``[text](url)``
(``"title"`` kept), ``<strong>``/``<b>`` as ``**``, ``<em>``/``<i>`` as ``*``, ``<code>`` as
backticks, ``<img>`` as ``![alt](src)``, ``<br>`` as a new line; other tags give their text.
Whitespace is collapsed as a browser does. ``script``, ``style``, ``pre`` and navigation are
skipped. Not handled: Markdown escaping of literal ``*``/``[`` in the text, nested emphasis
spanning links in odd ways, and text lying loose in a ``div`` outside any paragraph.

lxml's HTML parser is used with comments and processing instructions removed and no network
access; HTML has no external entities, so nothing outside the file is read.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from .errors import SourceError
from .model import Segment

SKIP = {"script", "style", "pre", "nav", "template", "noscript", "svg", "math", "head"}
BLOCK = {"p", "ul", "ol", "table", "blockquote", "div", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
         "section", "article", "figure", "dl", "hr", "form"}
_BREAK = "\x00"


def extract_html(data: bytes, path: str) -> list[Segment]:
    """Every block of an HTML page, in document order, as segments with their source lines."""
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
    _walk(body if body is not None else root, segments)
    return segments


def _walk(element, out: list[Segment]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in SKIP or not tag:
            continue
        if re.fullmatch(r"h[1-6]", tag):
            _emit(child, f"heading {tag[1]}", out)
        elif tag == "p":
            _emit(child, _paragraph_kind(child), out)
        elif tag in ("li", "td", "th", "dd", "dt"):
            if any(isinstance(c.tag, str) and c.tag in BLOCK for c in child):
                _emit(child, _item_kind(tag), out)  # its own text before the first block, if any
                _walk(child, out)
            else:
                _emit(child, _item_kind(tag), out)
        elif tag == "img":
            _alt(child, out)
        else:
            _walk(child, out)


def _emit(element, kind: str, out: list[Segment]) -> None:
    text = _text(element)
    if text:
        out.append(Segment(text, element.sourceline or 1, kind))
    for image in _inline_images(element):
        _alt(image, out)


def _inline_images(element):
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "img":
            yield child
        elif tag and tag not in BLOCK and tag not in SKIP and tag != "li":
            yield from _inline_images(child)


def _alt(image, out: list[Segment]) -> None:
    alt = _squash(image.get("alt") or "")
    if alt:
        out.append(Segment(alt, image.sourceline or 1, "image alt text"))


def _paragraph_kind(element) -> str:
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


def _text(element) -> str:
    """The element's inline content as Markdown, nested blocks left out."""
    raw = _inline(element)
    raw = re.sub(r"[ \t\r\n\f]+", " ", raw)
    return "\n".join(line.strip() for line in raw.split(_BREAK)).strip()


def _inline(element) -> str:
    pieces = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "img" or (tag and tag not in BLOCK and tag not in SKIP and tag != "li"):
            pieces.append(_markdown(child, tag))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _markdown(element, tag: str) -> str:
    if tag == "br":
        return _BREAK
    if tag == "img":
        alt, src = element.get("alt") or "", element.get("src") or ""
        return f"![{_squash(alt)}]({src})" if src else ""
    if tag == "code":
        return f"`{element.text_content()}`"
    inner = _inline(element)
    if tag == "a" and element.get("href"):
        title = element.get("title")
        suffix = f' "{title}"' if title else ""
        return f"[{inner.strip()}]({element.get('href')}{suffix})"
    marker = {"strong": "**", "b": "**", "em": "*", "i": "*"}.get(tag)
    if marker and inner.strip():
        lead = " " if inner[:1].isspace() else ""
        trail = " " if inner[-1:].isspace() else ""
        return f"{lead}{marker}{inner.strip()}{marker}{trail}"
    return inner


def _squash(text: str) -> str:
    return " ".join(text.split())
