"""JSON documents for people and scripts, laid out as ``json.dumps(indent=2, ensure_ascii=False)``.

The standard library indents with its pure-Python encoder, which took longer than checking to
print 40,000 findings; orjson writes the same layout in C. Where orjson would write something
else (a number outside 64 bits, NaN, a lone surrogate, a key that is not a string) it refuses,
and the standard library writes the document; so it does where orjson wrote a float with an
exponent ("1e16", where Python writes "1e+16"), found by a digit, "e" and a digit anywhere.
"""

from __future__ import annotations

import json
import re

try:
    import orjson
except ImportError:  # pragma: no cover - a declared dependency; the standard library still works
    orjson = None

_EXPONENT = re.compile(r"\de-?\d")


def pretty(document: object) -> str:
    """``document`` as indented JSON text, without a final newline."""
    if orjson is not None:
        try:
            text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (TypeError, ValueError):
            pass
        else:
            if not _EXPONENT.search(text):
                return text
    return json.dumps(document, ensure_ascii=False, indent=2)
