"""Right-to-left lines wrapped in RLE ... PDF, so players that lay out every line left to right
show them right to left (see the package docstring)."""

from __future__ import annotations

import re
import unicodedata

from .cues import ASS_BLOCK, PDF, RLE, visible

# -- right to left ---------------------------------------------------------------------------

_EDGE_RE = re.compile(rf"^((?:{ASS_BLOCK}|<[^/<>][^<>]*>)*)(.*?)((?:</[^<>]+>)*)$", re.S)


def embed_rtl(line: str, *, force: bool = False) -> str:
    """Wrap a line holding right-to-left letters in RLE ... PDF, outside leading and
    trailing tags; idempotent. Lines without right-to-left letters are left alone unless
    ``force`` (a line of translated text in a right-to-left language); a line with no
    visible text is always left alone."""
    if not force and not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in line):
        return line
    match = _EDGE_RE.match(line)
    head, body, tail = match.groups() if match else ("", line, "")
    body = body.strip(RLE + PDF + "\u200f")
    if not visible(body).strip():
        return line
    return f"{head}{RLE}{body}{PDF}{tail}"
