"""The one inline-Markdown scanner: what in a msgid is markup and what is text.

Every part of qrl10n that looks inside a string (the QA checks, the machine-translation tag
protection, import alignment, word counts) asks this module, so they can never disagree
about what is a link, a code span or emphasis.

Principles:

- **A unit is one msgid** (a paragraph, a heading, a cue): inline syntax only, never blocks.
- **CommonMark where the course uses it**: code spans (backtick runs of equal length), inline
  links and images with a destination and an optional title, reference links ``[text][ref]``,
  footnote marks ``[^1]``, autolinks ``<https://…>`` and ``<a@b.org>``, raw inline HTML and
  comments, entities, backslash escapes, and emphasis/strong paired by CommonMark's
  delimiter-run rules (flanking, the intraword ``_`` rule, the rule of three), as
  markdown-it pairs them. Link text is scanned on its own, so emphasis never pairs across a
  link's bracket.
- **Beyond CommonMark**, what translators must copy unchanged: bare ``http(s)://`` and
  ``ftp://`` URLs, ``{placeholders}``, ``{{ liquid }}`` and ``{% tags %}``, and printf
  conversions (``%s``, ``%(name)d``).
- **Nothing is lost**: concatenating every node's ``raw`` gives the input back exactly.
  A delimiter run that could open or close emphasis but found no partner is a ``Marker``
  (shown as typed by markdown-it, and counted by the emphasis check).
- **Whitespace is text**: a line break inside a msgid is a ``LineBreak`` node; nothing is trimmed.

The API is ``parse(text) -> tuple[Node, ...]``, ``walk(nodes)`` (every node, depth first) and a
few readers built on them: ``plain`` (reading text), ``emphasis_counts``, ``link_targets``,
``could_hold_markup`` (a fast test for plain prose) and ``summary`` (what the QA checks compare:
code, links, images, emphasis, unpaired markers, text and prose; on every string of the course
it equals ``qrl10n.checks.markup``, so the markup check can take it as it is).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass


# -- nodes -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Leaf:
    """A node that is nothing but its source text."""

    raw: str


@dataclass(frozen=True, slots=True)
class Text(Leaf):
    """Plain text."""


@dataclass(frozen=True, slots=True)
class Marker(Leaf):
    """Emphasis delimiters that found no partner: ``*`` in ``Kali (*)``, ``_`` in ``_Oblicz``."""


@dataclass(frozen=True, slots=True)
class LineBreak(Leaf):
    """A line break inside the msgid."""


@dataclass(frozen=True, slots=True)
class Escape(Leaf):
    """A backslash escape (``\\*``), or a backslash before a line break (a hard break)."""


@dataclass(frozen=True, slots=True)
class Entity(Leaf):
    """A character reference such as ``&amp;``."""


@dataclass(frozen=True, slots=True)
class Code(Leaf):
    """A code span, backticks included."""

    @property
    def content(self) -> str:
        """The code as CommonMark shows it: backticks off, one space each side stripped."""
        inner = self.raw.strip("`")
        if len(inner) > 1 and inner[0] == inner[-1] == " " and inner.strip(" "):
            inner = inner[1:-1]
        return inner


@dataclass(frozen=True, slots=True)
class Html(Leaf):
    """A raw inline HTML tag or comment."""


@dataclass(frozen=True, slots=True)
class Autolink(Leaf):
    """``<https://…>`` or ``<a@b.org>``."""

    @property
    def target(self) -> str:
        return self.raw[1:-1]


@dataclass(frozen=True, slots=True)
class Url(Leaf):
    """A bare URL in the text (not CommonMark syntax, but never to be translated)."""


@dataclass(frozen=True, slots=True)
class Placeholder(Leaf):
    """``{name}``, ``{{ liquid }}``, ``{% tag %}`` or a printf conversion."""


@dataclass(frozen=True, slots=True)
class Link:
    """``[text](dest "title")``, ``[text][ref]``, ``![alt](src)`` or a footnote mark ``[^1]``.

    ``opening`` and ``closing`` are the Markdown around ``children`` (the link text):
    ``"["`` or ``"!["``, and ``"](dest)"``, ``"][ref]"`` or ``"]"``.
    """

    kind: str  # "link" | "image" | "footnote"
    opening: str
    closing: str
    children: tuple[Node, ...]
    destination: str  # URL as written (angle brackets off); "" for references and footnotes
    title: str
    reference: str  # the label of a reference link, lower-cased; "" otherwise

    @property
    def raw(self) -> str:
        return self.opening + "".join(n.raw for n in self.children) + self.closing


@dataclass(frozen=True, slots=True)
class Emphasis:
    """``*em*``/``_em_`` (``marker`` of one character) or ``**strong**``/``__strong__``."""

    marker: str
    children: tuple[Node, ...]

    @property
    def strong(self) -> bool:
        return len(self.marker) == 2

    @property
    def raw(self) -> str:
        return self.marker + "".join(n.raw for n in self.children) + self.marker


Node = (Text | Marker | LineBreak | Escape | Entity | Code | Html | Autolink | Url | Placeholder
        | Link | Emphasis)
#: Leaves whose text must come back byte for byte from a translator or an engine.
ATOMS = (LineBreak, Escape, Entity, Code, Html, Autolink, Url, Placeholder)


# -- public ----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=16384)
def parse(text: str) -> tuple[Node, ...]:
    """The inline nodes of ``text``; cached, as English strings repeat in every language."""
    if not could_hold_markup(text):  # most strings are plain prose
        return (Text(text),) if text else ()
    return _Scanner(text).nodes(0, len(text))


def could_hold_markup(text: str) -> bool:
    """False when ``text`` has no character that can start markup: it is one Text node, so a
    caller counting or reading it may skip the scan."""
    return _SPECIAL.search(text) is not None


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    """Every node, depth first, parents before their children."""
    for node in nodes:
        yield node
        if isinstance(node, (Link, Emphasis)):
            yield from walk(node.children)


def plain(nodes: tuple[Node, ...], *, html: bool = True) -> str:
    """Reading text: link text without its URL, emphasis without markers, code without backticks,
    escapes as the character they escape, line breaks as spaces; HTML tags as written, or as a
    space when ``html`` is false."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, (Link, Emphasis)):
            out.append(plain(node.children, html=html))
        elif isinstance(node, Html) and not html:
            out.append(" ")
        elif isinstance(node, Code):
            out.append(node.raw.strip("`"))
        elif isinstance(node, (LineBreak, Escape)) and node.raw in ("\n", "\\\n"):
            out.append(" ")
        elif isinstance(node, Escape):
            out.append(node.raw[1])
        else:
            out.append(node.raw)
    return "".join(out)


def emphasis_counts(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(emphasis and strong spans, unpaired marker characters), each as (``*``, ``_``)."""
    spans = {"*": 0, "_": 0}
    stray = {"*": 0, "_": 0}
    for node in walk(parse(text)):
        if isinstance(node, Emphasis):
            spans[node.marker[0]] += 1
        elif isinstance(node, Marker):
            stray[node.raw[0]] += len(node.raw)
    return (spans["*"], spans["_"]), (stray["*"], stray["_"])


def link_targets(text: str) -> tuple[str, ...]:
    """Destinations of links (not images), autolinks and bare URLs, in order."""
    out: list[str] = []
    for node in walk(parse(text)):
        if isinstance(node, Link) and node.kind == "link" and node.destination:
            out.append(node.destination)
        elif isinstance(node, Autolink):
            out.append(node.target)
        elif isinstance(node, Url):
            out.append(node.raw)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Summary:
    """What the QA checks compare between an English string and its translation."""

    code: tuple[str, ...]  # code span contents, stripped
    links: tuple[str, ...]  # link destinations and autolink targets; "[label]" for a reference link
    images: tuple[str, ...]  # image sources ("[label]" for a reference image)
    empty_link_text: bool  # a link (not an image) whose text is blank
    emphasis: tuple[int, int]  # emphasis and strong spans, as (*, _)
    stray: tuple[int, int]  # unpaired marker characters, as (*, _)
    text: str  # the string with code spans and autolinks as spaces, links and images as their text
    prose: str  # ``text`` with bare URLs as spaces and emphasis markers taken out


@functools.lru_cache(maxsize=16384)
def summary(text: str) -> Summary:
    """The inline structure of ``text`` as the checks need it; cached like ``parse``."""
    code: list[str] = []
    links: list[str] = []
    images: list[str] = []
    empty = False
    for node in walk(parse(text)):
        if isinstance(node, Code):
            code.append(node.content.strip())
        elif isinstance(node, Autolink):
            links.append(node.target)
        elif isinstance(node, Link) and node.kind != "footnote":
            where = node.destination if not node.reference else f"[{node.reference}]"
            (images if node.kind == "image" else links).append(where)
            empty = empty or (node.kind == "link" and not "".join(n.raw for n in node.children).strip())
    spans, stray = emphasis_counts(text)
    shown, prose = _texts(parse(text))
    return Summary(tuple(code), tuple(links), tuple(images), empty, spans, stray, shown, prose)


def _texts(nodes: tuple[Node, ...]) -> tuple[str, str]:
    """(``Summary.text``, ``Summary.prose``) of ``nodes``."""
    text: list[str] = []
    prose: list[str] = []
    for node in nodes:
        if isinstance(node, (Link, Emphasis)):
            inner_text, inner_prose = _texts(node.children)
            marker = node.marker if isinstance(node, Emphasis) else ""
            text.append(marker + inner_text + marker)
            prose.append(inner_prose)
        elif isinstance(node, Marker):
            text.append(node.raw)
        elif isinstance(node, (Code, Autolink)):
            text.append(" ")
            prose.append(" ")
        elif isinstance(node, Url):
            text.append(node.raw)
            prose.append(" ")
        else:
            text.append(node.raw)
            prose.append(node.raw)
    return "".join(text), "".join(prose)


# -- scanning --------------------------------------------------------------------------------
_BACKTICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\(?:\n|[!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>")
_HTML = re.compile(
    r"<!--.*?-->"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>",
    re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{[A-Za-z_][\w.]*\}|%(?:\([A-Za-z_]\w*\))?[sdif]", re.S)
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\[\]]*[^\s<>\[\].,;:!?'\")*_]")
_RUN = re.compile(r"\*+|_+")
_FOOTNOTE = re.compile(r"\[\^[^\s\[\]]+\]")
_DESTINATION = re.compile(
    r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:\s+(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)", re.S)
#: Where markup can start: everything between two matches is plain text.
_SPECIAL = re.compile(r"[`\\\n<&{%!\[*_]|(?<!\w)(?:https?|ftp)://")


@dataclass(slots=True)
class _Delimiter:
    """A run of ``*`` or ``_`` while emphasis is paired (CommonMark's delimiter run)."""

    char: str
    length: int
    left: int  # characters not yet used by a pair
    opens: bool
    closes: bool


class _Scanner:
    """One left-to-right pass; link text is scanned as its own range of the same string."""

    def __init__(self, s: str) -> None:
        self.s = s

    def nodes(self, start: int, end: int) -> tuple[Node, ...]:
        s = self.s
        items: list[Node | _Delimiter] = []
        text: list[str] = []
        i = start
        while i < end:
            special = _SPECIAL.search(s, i, end)
            if special is None:
                text.append(s[i:end])
                break
            if special.start() > i:
                text.append(s[i:special.start()])
            i = special.start()
            node, after = self._node_at(i, end)
            if node is None:
                text.append(s[i])
                i += 1
                continue
            if text:
                items.append(Text("".join(text)))
                text.clear()
            items.append(node)
            i = after
        if text:
            items.append(Text("".join(text)))
        return _pair_emphasis(items)

    def _node_at(self, i: int, end: int) -> tuple[Node | _Delimiter | None, int]:
        """The node starting at ``s[i]`` and where it ends; (None, i) when ``s[i]`` is text."""
        s, c = self.s, self.s[i]
        if c == "`":
            close = self._code_end(i, end)
            run = _BACKTICKS.match(s, i, end)
            assert run is not None
            return (Code(s[i:close]), close) if close > 0 else (Text(run.group()), run.end())
        if c == "\n":
            return LineBreak("\n"), i + 1
        if c in "*_":
            return self._delimiter(i, end)
        if c == "[" or (c == "!" and s.startswith("[", i + 1)):
            return self._link(i, end)
        if c in "hf" and (i == 0 or not s[i - 1].isalnum()):
            return _match(Url, _URL, s, i, end)
        if c in "{%":
            if c == "%" and i and s[i - 1].isalnum():
                return None, i
            return _match(Placeholder, _PLACEHOLDER, s, i, end)
        if c == "<":
            found = _match(Autolink, _AUTOLINK, s, i, end)
            return found if found[0] is not None else _match(Html, _HTML, s, i, end)
        if c == "\\":
            return _match(Escape, _ESCAPE, s, i, end)
        return _match(Entity, _ENTITY, s, i, end) if c == "&" else (None, i)

    def _code_end(self, i: int, end: int) -> int:
        """End of the code span opening at ``s[i]`` (a backtick run), or -1."""
        run = _BACKTICKS.match(self.s, i, end)
        assert run is not None
        for m in _BACKTICKS.finditer(self.s, run.end(), end):
            if len(m.group()) == len(run.group()):
                return m.end()
        return -1

    def _bracket_end(self, i: int, end: int) -> int:
        """Index of the ``]`` matching ``s[i] == '['`` (skipping escapes and code), or -1."""
        s, depth, j = self.s, 0, i
        while j < end:
            c = s[j]
            if c == "\\":
                j += 2
                continue
            if c == "`":
                close = self._code_end(j, end)
                if close > 0:
                    j = close
                    continue
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    return j
            j += 1
        return -1

    def _link(self, i: int, end: int) -> tuple[Link | None, int]:
        s = self.s
        image = s[i] == "!"
        bracket = i + 1 if image else i
        close = self._bracket_end(bracket, end)
        if close < 0:
            return None, i
        opening = s[i:bracket + 1]
        if not image and _FOOTNOTE.match(s, i, close + 1):
            return Link("footnote", "[", "]", (Text(s[i + 1:close]),), "", "", ""), close + 1
        children = self.nodes(bracket + 1, close)
        m = _DESTINATION.match(s, close + 1, end)
        if m:
            destination = m.group(1)[1:-1] if m.group(1).startswith("<") else m.group(1)
            title = (m.group(2) or "")[1:-1]
            kind = "image" if image else "link"
            return Link(kind, opening, s[close:m.end()], children, destination, title, ""), m.end()
        if s.startswith("[", close + 1):
            ref = self._bracket_end(close + 1, end)
            if ref > 0:
                label = s[close + 2:ref] or s[bracket + 1:close]
                kind = "image" if image else "link"
                return Link(kind, opening, s[close:ref + 1], children, "", "", label.strip().lower()), ref + 1
        return None, i

    def _delimiter(self, i: int, end: int) -> tuple[_Delimiter, int]:
        s = self.s
        run = _RUN.match(s, i, end)
        assert run is not None
        after_end = run.end()
        before = s[i - 1] if i else " "
        after = s[after_end] if after_end < len(s) else " "
        left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
        right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
        if run.group()[0] == "*":
            opens, closes = left, right
        else:
            opens = left and (not right or _punctuation(before))
            closes = right and (not left or _punctuation(after))
        length = after_end - i
        return _Delimiter(run.group()[0], length, length, opens, closes), after_end


def _match(kind: Callable[[str], Node], pattern: re.Pattern[str], s: str, i: int,
           end: int) -> tuple[Node | None, int]:
    m = pattern.match(s, i, end)
    return (kind(m.group()), m.end()) if m else (None, i)


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


# -- emphasis (CommonMark's "process emphasis") ------------------------------------------------
def _pair_emphasis(items: list[Node | _Delimiter]) -> tuple[Node, ...]:
    """Pair delimiter runs as CommonMark does, nesting what lies between a pair."""
    if not any(isinstance(item, _Delimiter) for item in items):
        return tuple(_finish(items))
    position = 0
    while position < len(items):
        closer = items[position]
        if not (isinstance(closer, _Delimiter) and closer.closes and closer.left):
            position += 1
            continue
        found = _opener_for(items, position, closer)
        if found < 0:
            position += 1
            continue
        opener = items[found]
        assert isinstance(opener, _Delimiter)
        used = 2 if opener.left >= 2 and closer.left >= 2 else 1
        opener.left -= used
        closer.left -= used
        inner = tuple(_finish(items[found + 1:position]))
        items[found + 1:position] = [Emphasis(closer.char * used, inner)]
        position = found + 2  # the closer again, if it has characters left
    return tuple(_finish(items))


def _opener_for(items: list[Node | _Delimiter], position: int, closer: _Delimiter) -> int:
    for index in range(position - 1, -1, -1):
        opener = items[index]
        if (isinstance(opener, _Delimiter) and opener.opens and opener.left
                and opener.char == closer.char and not _rule_of_three(opener, closer)):
            return index
    return -1


def _rule_of_three(opener: _Delimiter, closer: _Delimiter) -> bool:
    """CommonMark: a run that can both open and close does not pair with one whose length makes
    the sum a multiple of 3, unless both lengths are ("*foo**bar**baz*")."""
    return ((opener.closes or closer.opens) and (opener.length + closer.length) % 3 == 0
            and not (opener.length % 3 == 0 and closer.length % 3 == 0))


def _finish(items: list[Node | _Delimiter]) -> Iterator[Node]:
    """Delimiters left over become Markers (if they could pair) or text; text runs are joined."""
    text: list[str] = []
    for item in items:
        if isinstance(item, _Delimiter):
            if not item.left:
                continue
            if item.opens or item.closes:
                if text:
                    yield Text("".join(text))
                    text.clear()
                yield Marker(item.char * item.left)
            else:
                text.append(item.char * item.left)
        elif isinstance(item, Text):
            if item.raw:
                text.append(item.raw)
        else:
            if text:
                yield Text("".join(text))
                text.clear()
            yield item
    if text:
        yield Text("".join(text))
