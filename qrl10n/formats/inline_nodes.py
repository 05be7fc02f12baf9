"""The nodes of an inline-Markdown tree, as ``formats.inline.parse`` builds them.

Principles: every node keeps its source text (``raw``), so concatenating a tree's ``raw`` gives
the msgid back exactly; leaves are nothing but their text; ``Link`` and ``Emphasis`` hold the
Markdown around their children apart from the children themselves. Callers name these types
through ``formats.inline``, which is the one place that makes them.
"""

from __future__ import annotations

from dataclasses import dataclass


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
