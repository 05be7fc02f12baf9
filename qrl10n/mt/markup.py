"""Markdown inline markup in and out of machine translation, so links and code come back intact.

A msgid keeps its inline Markdown (``**bold**``, ``[text](url)``, ```code```, ``{name}``). An
engine would translate URLs, break ``](`` apart or move a backtick, so before sending:

- with tag handling (``tags=True``): a link becomes ``<a id="1">text</a>`` (the URL stays here),
  strong emphasis ``<b id="2">…</b>``, emphasis ``<i id="3">…</i>``, and everything that must
  come back byte for byte (code spans, HTML tags, entities, escapes, autolinks, bare URLs,
  ``{placeholders}``, images, footnote marks, line breaks) one empty ``<x id="4"/>``; the
  rest is XML-escaped text. The engine translates the text around and inside the tags.
- without tag handling (``tags=False``): every such piece, and each side of a link or an
  emphasis, becomes an opaque token ``⟦n⟧`` that the engine copies.

``restore`` puts the Markdown back by id, so the engine may reorder tags as the target
language needs. It also reports what did not survive (a tag dropped, duplicated or made up);
the stage still keeps such a draft, fuzzy, with a note for the reviewer. Leading and trailing
whitespace never travels: it is put back exactly, as ``msgfmt --check`` requires.
``plain`` is the reading text of a msgid (no URLs, no markers), used as engine context.

What is markup is decided by ``qrl10n.formats.inline`` (the scanner the QA checks use too), so
emphasis is paired by CommonMark's rules; anything it does not recognise travels as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..formats import inline

OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧: never in Markdown source, copied by engines
TAG_NAMES = {"link": "a", "strong": "b", "em": "i", "keep": "x"}
#: Tags the engine must keep inside a sentence (never a sentence boundary).
INLINE_TAGS = ("a", "b", "i", "x")
#: Tags whose content is never translated.
IGNORE_TAGS = ("x",)


@dataclass(frozen=True, slots=True)
class _Keep:
    raw: str


@dataclass(frozen=True, slots=True)
class _Pair:
    kind: str  # "link" | "strong" | "em"
    open: str
    close: str
    children: tuple


@dataclass(frozen=True, slots=True)
class Protected:
    """A msgid ready for an engine: ``text`` is what is sent (and billed)."""

    text: str
    lead: str
    trail: str
    tags: bool
    #: tags: piece ``id`` -> (kind, opening Markdown, closing Markdown); mask: token -> ("", raw, "")
    pieces: tuple[tuple[str, str, str], ...]
    #: mask mode: (opening token, closing token) of each link or emphasis, to check their order
    pairs: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Restored:
    text: str
    problems: tuple[str, ...] = ()


# -- public --------------------------------------------------------------------------------
def protect(text: str, *, tags: bool) -> Protected:
    """``text`` with its inline markup turned into tags (``tags``) or tokens, for an engine."""
    core = text.strip()
    if not core:
        return Protected("", text, "", tags, ())
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    nodes = _parse(core)
    if tags:
        pieces: list[tuple[str, str, str]] = []
        return Protected(_render_tags(nodes, pieces), lead, trail, True, tuple(pieces))
    raws: list[tuple[str, str, str]] = []
    pairs: list[tuple[int, int]] = []
    return Protected(_render_mask(nodes, raws, pairs), lead, trail, False, tuple(raws), tuple(pairs))


def restore(sent: Protected, translated: str) -> Restored:
    """The engine's answer with the Markdown put back; ``problems`` lists what was lost."""
    body = _restore_tags(sent, translated) if sent.tags else _restore_mask(sent, translated)
    return Restored(sent.lead + body.text.strip() + sent.trail, body.problems)


def plain(text: str) -> str:
    """Reading text of a msgid: link text without URL, emphasis without markers."""
    return inline.plain(inline.parse(text.strip()))


# -- parsing -------------------------------------------------------------------------------
def _parse(s: str) -> list:
    """``s`` as text, pieces to keep and pairs (links, emphasis), from the one inline scanner."""
    return _nodes(inline.parse(s))


def _nodes(nodes: tuple[inline.Node, ...]) -> list:
    out: list = []
    for node in nodes:
        if isinstance(node, inline.Link) and node.kind == "link":
            out.append(_Pair("link", node.opening, node.closing, tuple(_nodes(node.children))))
        elif isinstance(node, inline.Emphasis):
            kind = "strong" if node.strong else "em"
            out.append(_Pair(kind, node.marker, node.marker, tuple(_nodes(node.children))))
        elif isinstance(node, (inline.Text, inline.Marker)):
            out.extend(_tokens(node.raw))
        else:
            out.append(_Keep(node.raw))
    return out


def _tokens(text: str) -> list:
    """Text, with any ⟦ or ⟧ already in it kept apart so it cannot pass for one of our tokens."""
    return [_Keep(part) if part in (OPEN, CLOSE) else part
            for part in re.split(f"([{OPEN}{CLOSE}])", text) if part]


# -- rendering -----------------------------------------------------------------------------
def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render_tags(nodes: list, pieces: list[tuple[str, str, str]]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_xml_escape(node))
        elif isinstance(node, _Keep):
            pieces.append(("keep", node.raw, ""))
            out.append(f'<x id="{len(pieces)}"/>')
        else:
            pieces.append((node.kind, node.open, node.close))
            name = TAG_NAMES[node.kind]
            out.append(f'<{name} id="{len(pieces)}">{_render_tags(list(node.children), pieces)}</{name}>')
    return "".join(out)


def _token(number: int) -> str:
    return f"{OPEN}{number}{CLOSE}"


def _render_mask(nodes: list, raws: list[tuple[str, str, str]], pairs: list[tuple[int, int]]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Keep):
            raws.append(("", node.raw, ""))
            out.append(_token(len(raws)))
        else:
            raws.append(("", node.open, ""))
            opening = len(raws)
            inner = _render_mask(list(node.children), raws, pairs)
            raws.append(("", node.close, ""))
            pairs.append((opening, len(raws)))
            out.append(_token(opening) + inner + _token(len(raws)))
    return "".join(out)


# -- restoring -----------------------------------------------------------------------------
_TAG = re.compile(r"<(/?)\s*([A-Za-z][\w-]*)((?:\s+[\w:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ID = re.compile(r"""\bid\s*=\s*["'](\d+)["']""")
_MASK = re.compile(OPEN + r"\s*(\d+)\s*" + CLOSE)


def _restore_tags(sent: Protected, translated: str) -> Restored:
    out: list[str] = []
    problems: list[str] = []
    used: set[int] = set()
    stack: list[int] = []
    position = 0
    for m in _TAG.finditer(translated):
        out.append(html.unescape(translated[position:m.start()]))
        position = m.end()
        closing, name, attrs, empty = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
        if closing:
            if name == "x":
                continue  # <x id="1"></x>: the placeholder was already written at its opening
            if not stack:
                problems.append(f"a closing </{name}> without its opening tag")
                continue
            number = stack.pop()
            out.append(sent.pieces[number - 1][2])
            continue
        found = _ID.search(attrs)
        number = int(found.group(1)) if found else 0
        if not 1 <= number <= len(sent.pieces) or TAG_NAMES[sent.pieces[number - 1][0]] != name:
            problems.append(f"an unknown tag <{name}{attrs}>")
            continue
        if number in used:
            problems.append(f"tag {number} twice")
            continue
        used.add(number)
        kind, opening, _ = sent.pieces[number - 1]
        out.append(opening)
        if kind != "keep" and not empty:
            stack.append(number)
        elif kind != "keep":
            out.append(sent.pieces[number - 1][2])
    out.append(html.unescape(translated[position:]))
    while stack:
        number = stack.pop()
        problems.append(f"tag {number} was not closed")
        out.append(sent.pieces[number - 1][2])
    missing = [str(n) for n in range(1, len(sent.pieces) + 1) if n not in used]
    if missing:
        problems.append(_missing(sent, missing))
    return Restored("".join(out), tuple(problems))


def _restore_mask(sent: Protected, translated: str) -> Restored:
    problems: list[str] = []
    used: list[int] = []

    def put(m: re.Match) -> str:
        number = int(m.group(1))
        if not 1 <= number <= len(sent.pieces) or number in used:
            problems.append(f"token {number} {'twice' if number in used else 'unknown'}")
            return ""
        used.append(number)
        return sent.pieces[number - 1][1]

    text = _MASK.sub(put, translated)
    order = {n: i for i, n in enumerate(used)}
    for opening, closing in sent.pairs:
        if opening in order and closing in order and order[opening] > order[closing]:
            problems.append(f"tokens {opening} and {closing} swapped")
    missing = [str(n) for n in range(1, len(sent.pieces) + 1) if n not in order]
    if missing:
        problems.append(_missing(sent, missing))
    return Restored(text, tuple(problems))


def _missing(sent: Protected, numbers: list[str]) -> str:
    what = sorted({(sent.pieces[int(n) - 1][1] or sent.pieces[int(n) - 1][2]).strip() or "line break"
                   for n in numbers})
    return "lost " + ", ".join(repr(w) for w in what)
