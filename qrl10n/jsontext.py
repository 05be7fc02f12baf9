"""JSON documents for people and scripts, laid out as ``json.dumps(indent=2, ensure_ascii=False)``.

The standard library indents with its pure-Python encoder, which took longer than checking to
print 40,000 findings; orjson writes the same layout in C. Where orjson would write something
else (a number outside 64 bits, NaN, a lone surrogate, a key that is not a string) it refuses,
and the standard library writes the document; so it does when the document holds a float that
Python writes with an exponent ("1e+16", where orjson writes "1e16"), or NaN or infinity.

The memories in the user's cache folder (tens of megabytes of findings on a large course) are
read and written through ``load`` and ``compact`` for the same reason.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - a declared dependency; the standard library still works
    orjson = None


def pretty(document: object, *, floats: bool = True) -> str:
    """``document`` as indented JSON text, without a final newline; ``floats=False`` from a
    caller whose documents hold no float skips looking for them."""
    if orjson is not None:
        if not (floats and _odd_floats(document)):
            try:
                return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
            except (TypeError, ValueError):
                pass
    return json.dumps(document, ensure_ascii=False, indent=2)


def _odd_floats(document: object) -> bool:
    """True when a float in ``document`` is one Python's repr writes with an exponent (or NaN, or
    infinity): there orjson's text would differ."""
    stack: list[Any] = [document]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend(value.values())
        elif kind is list or kind is tuple:
            stack.extend(value)
        elif kind is float and value and not 1e-4 <= abs(value) < 1e16:
            return True
    return False


def load(data: bytes | str) -> Any:
    """A JSON document read (ValueError when it is not JSON, as ``json.loads``)."""
    if orjson is not None:
        return orjson.loads(data)
    return json.loads(data)


def compact(document: object) -> bytes:
    """``document`` as compact UTF-8 JSON with sorted keys, for files only qrl10n reads."""
    if orjson is not None:
        try:
            return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
        except (TypeError, ValueError):
            pass
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
