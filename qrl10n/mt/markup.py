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

The recogniser is a deliberately small subset of CommonMark inline syntax (what the course's
pages and subtitles use); anything it does not recognise travels as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

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
    return _plain(_parse(text.strip()))


# -- parsing -------------------------------------------------------------------------------
_BACKTICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\(?:\n|[!-/:-@\[-`{-~])")
_ANGLE = re.compile(
    r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"            # autolink
    r"|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>"                   # e-mail autolink
    r"|<!--.*?-->"                                       # comment
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>",
    re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PLACEHOLDER = re.compile(r"\{\{\s*[\w.]+\s*\}\}|\{[A-Za-z_][\w.]*\}|%(?:\([A-Za-z_]\w*\))?[sdif]")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\[\]]*[^\s<>\[\].,;:!?'\")*_]")
_RUN = {"*": re.compile(r"\*+"), "_": re.compile(r"_+")}
#: Where markup can start: everything between two matches is plain text.
_SPECIAL = re.compile(r"[`\\\n<&{%!\[*_\u27e6\u27e7]|(?<!\w)(?:https?|ftp)://")


def _parse(s: str) -> list:
    out: list = []
    buf: list[str] = []
    i = 0
    while i < len(s):
        special = _SPECIAL.search(s, i)
        if special is None:
            buf.append(s[i:])
            break
        if special.start() > i:
            buf.append(s[i:special.start()])
            i = special.start()
        node, end = _node_at(s, i)
        if node is None:
            buf.append(s[i])
            i += 1
        elif isinstance(node, str):
            buf.append(node)
            i = end
        else:
            if buf:
                out.append("".join(buf))
                buf.clear()
            out.append(node)
            i = end
    if buf:
        out.append("".join(buf))
    return out


def _node_at(s: str, i: int) -> tuple[object, int]:
    """The markup node starting at ``s[i]`` and where it ends; (None, i) for plain text."""
    c = s[i]
    if c == "`":
        run = _BACKTICKS.match(s, i).group()
        end = _code_end(s, i)
        return (_Keep(s[i:end]), end) if end > 0 else (run, i + len(run))
    if c == "\\":
        m = _ESCAPE.match(s, i)
        return (_Keep(m.group()), m.end()) if m else (None, i)
    if c == "\n":
        return _Keep("\n"), i + 1
    if c == "<":
        m = _ANGLE.match(s, i)
        return (_Keep(m.group()), m.end()) if m else (None, i)
    if c == "&":
        m = _ENTITY.match(s, i)
        return (_Keep(m.group()), m.end()) if m else (None, i)
    if c in "{%":
        m = _PLACEHOLDER.match(s, i)
        if m and not (c == "%" and i and s[i - 1].isalnum()):
            return _Keep(m.group()), m.end()
        return None, i
    if c in (OPEN, CLOSE):
        return _Keep(c), i + 1
    if c in "hf" and (i == 0 or not s[i - 1].isalnum()):
        m = _URL.match(s, i)
        return (_Keep(m.group()), m.end()) if m else (None, i)
    if c == "!" and s.startswith("[", i + 1):
        end = _link_end(s, i + 1)
        return (_Keep(s[i:end]), end) if end > 0 else (None, i)
    if c == "[":
        return _link(s, i)
    if c in _RUN:
        return _emphasis(s, i)
    return None, i


def _code_end(s: str, i: int) -> int:
    """End of the code span opening at ``s[i]`` (a backtick run), or -1."""
    run = _BACKTICKS.match(s, i).group()
    for m in _BACKTICKS.finditer(s, i + len(run)):
        if len(m.group()) == len(run):
            return m.end()
    return -1


def _bracket_end(s: str, i: int) -> int:
    """Index of the ``]`` matching ``s[i] == '['``, or -1."""
    depth = 0
    j = i
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "`":
            end = _code_end(s, j)
            if end > 0:
                j = end
                continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _destination_end(s: str, i: int) -> int:
    """Index just after the ``)`` closing the link destination that opens at ``s[i] == '('``."""
    depth = 0
    j = i
    quote = ""
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'" and s[j - 1] in " \t":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1


def _link_end(s: str, i: int) -> int:
    """End of ``[text](dest)`` or ``[text][ref]`` starting at ``s[i] == '['``, or -1."""
    close = _bracket_end(s, i)
    if close < 0 or close + 1 >= len(s):
        return -1
    if s[close + 1] == "(":
        return _destination_end(s, close + 1)
    if s[close + 1] == "[":
        ref = _bracket_end(s, close + 1)
        return ref + 1 if ref > 0 else -1
    return -1


def _link(s: str, i: int) -> tuple[object, int]:
    if s.startswith("[^", i):
        close = _bracket_end(s, i)
        return (_Keep(s[i:close + 1]), close + 1) if close > 0 else (None, i)
    end = _link_end(s, i)
    if end < 0:
        return None, i
    close = _bracket_end(s, i)
    return _Pair("link", "[", s[close:end], tuple(_parse(s[i + 1:close]))), end


def _emphasis(s: str, i: int) -> tuple[object, int]:
    c = s[i]
    run = _RUN[c].match(s, i).group()
    k = len(run)
    after = i + k
    opens = (k in (1, 2) and after < len(s) and not s[after].isspace()
             and not (c == "_" and i and s[i - 1].isalnum()))
    if not opens:
        return run, after
    j = after
    while j < len(s):
        ch = s[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "`":
            end = _code_end(s, j)
            if end > 0:
                j = end
                continue
        if ch == "<":
            m = _ANGLE.match(s, j)
            if m:
                j = m.end()
                continue
        if ch == "]" and s.startswith("(", j + 1):
            end = _destination_end(s, j + 1)
            if end > 0:
                j = end
                continue
        if ch == c:
            length = len(_RUN[c].match(s, j).group())
            end = j + length
            if (length == k and j > after and not s[j - 1].isspace()
                    and not (c == "_" and end < len(s) and s[end].isalnum())):
                kind = "strong" if k == 2 else "em"
                return _Pair(kind, run, run, tuple(_parse(s[after:j]))), end
            j = end
            continue
        j += 1
    return run, after


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


def _plain(nodes: list) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Keep):
            out.append(" " if node.raw in ("\n", "\\\n") else node.raw.strip("`"))
        else:
            out.append(_plain(list(node.children)))
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
