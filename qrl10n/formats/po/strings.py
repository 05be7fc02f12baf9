"""PO string literals: the one unescape and the one escape of the package.

gettext's reader (po-lex.c) knows the C escapes ``\\n \\t \\r \\a \\b \\f \\v \\\\ \\"``,
octal ``\\ooo`` and hex ``\\xhh``, and refuses any other ("invalid control sequence"). We read
such a file anyway, the same way on every path: the character after the backslash stands for
itself (``\\q`` reads ``q``, ``\\'`` reads ``'``), and a lone backslash at the very end stays.
Every reading path (catalogs, status, dashboard, history) unescapes through ``unescape``.
"""

from __future__ import annotations

import re

_UNESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
ESCAPED = re.compile(r'[\\"\n\t\r\a\b\f\v]')


def unescape(raw: str) -> str:
    """A PO string literal's content (between the quotes) as text."""
    if "\\" not in raw:
        return raw
    return _UNESCAPE.sub(_unescape_one, raw)


def _unescape_one(match: re.Match[str]) -> str:
    octal, hexa, char = match.groups()
    if octal:
        return chr(int(octal, 8))
    if hexa:
        return chr(int(hexa, 16))
    return _SIMPLE.get(char, char)


def escape_char(char: str) -> str | None:
    """The escape gettext writes for ``char``, or None when it is written as it is."""
    return _ESCAPES.get(char)


def escape(text: str) -> str:
    """C escapes as gettext writes them (other characters stay as they are)."""
    return ESCAPED.sub(lambda m: _ESCAPES[m.group()], text)
