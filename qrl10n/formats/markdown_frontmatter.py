"""The YAML front matter of a Markdown page: where it ends, and its ``title:`` as a slot whose
translation keeps the value's quoting style."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from ..errors import SourceError
from ..model import Segment
from .markdown_blocks import _Slot, _Source

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


def _encode_yaml(style: str, translation: str) -> str:
    if style == "single":
        return "'" + translation.replace("'", "''") + "'"
    if style == "plain" and translation and not _PLAIN_UNSAFE.search(translation):
        return translation
    escaped = translation.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped + '"'
