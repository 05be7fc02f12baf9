"""PO text exactly as GNU gettext 0.21 writes it (msgcat, msgmerge, Poedit's gettext layout).

Principles, from gettext's write-po.c:
- an entry is: translator comments (``#`` then a space unless empty), extracted comments
  (``#.``), references (``#:`` lines filled to 79 columns), flags (``#,``, fuzzy first; fuzzy
  is not written on an empty translation), previous strings (``#|``), then the strings;
- a string is cut into portions after each ``\\n``; each portion is escaped and broken where
  Unicode line breaking allows (``linebreak``), so that no line passes 79 columns;
- a string that is broken, or has more than one portion, starts with an empty ``""`` line;
- no break inside an escape sequence, nor just before the ``\\n`` that ends a portion, nor
  inside a printf directive of a c-format or python-format string; ``no-wrap`` turns it off;
- obsolete entries (``#~``) without a translation are not written.
Flags gettext does not know (``max-length:N``, ``ignore-...``) are written where it writes
flags; msgcat drops them, which is the only difference between our files and msgcat's.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polib

from .linebreak import PROHIBITED, width, width_breaks
from .strings import ESCAPED, escape_char

PAGE_WIDTH = 79

#: Header fields in the order gettext writes them.
HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms",
)

_CHARSET = re.compile(r"charset=[\w.:-]+")  # we always write UTF-8

#: printf-like directives gettext will not break inside (write-po.c: fmtdir attributes).
_DIRECTIVES = {
    "c-format": re.compile(r"%(?:\d+\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?))?"
                           r"(?:hh|h|ll|l|L|q|j|z|Z|t)?(?:[diouxXeEfFgGaAcCsSpnm%]|<PRI\w+>)"),
    "python-format": re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]"),
}


def dumps(catalog: polib.POFile) -> str:
    """The whole file; the header entry is built from ``catalog.header`` and ``metadata``."""
    out: list[str] = []
    header = polib.POEntry(msgid="", msgstr=header_text(catalog.metadata), tcomment=catalog.header or "",
                           flags=["fuzzy"] if catalog.metadata_is_fuzzy else [])
    if catalog.metadata or catalog.header:
        out.extend(entry_lines(header))
    for entry in catalog:
        if entry.msgid == "" and not entry.msgctxt and not entry.obsolete:
            continue  # a second header cannot exist in a valid PO file
        if entry.obsolete and not _first_translation(entry):
            continue  # gettext drops an obsolete entry that has no translation
        if out:
            out.append("")
        out.extend(entry_lines(entry))
    return "\n".join(out) + "\n"


def header_text(metadata: dict[str, str]) -> str:
    """The header's msgstr: known fields in gettext's order, the others after them."""
    known = [(k, metadata[k]) for k in HEADER_ORDER if k in metadata]
    rest = [(k, v) for k, v in metadata.items() if k not in HEADER_ORDER]
    fields = [(k, _CHARSET.sub("charset=UTF-8", v) if k == "Content-Type" else v) for k, v in known + rest]
    return "".join(f"{name}: {value}\n" for name, value in fields)


def _first_translation(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return str(entry.msgstr_plural.get(0, "")) if entry.msgstr_plural else ""
    return str(entry.msgstr)


def entry_lines(entry: polib.POEntry) -> list[str]:
    lines: list[str] = []
    if entry.tcomment:
        lines.extend("# " + c if c else "#" for c in entry.tcomment.split("\n"))
    if entry.comment:
        lines.extend("#. " + c if c else "#." for c in entry.comment.split("\n"))
    if entry.occurrences:
        lines.extend(reference_lines(entry.occurrences))
    flags = [f for f in entry.flags if f and (f != "fuzzy" or _first_translation(entry))]
    if "fuzzy" in flags:
        flags.remove("fuzzy")
        flags.insert(0, "fuzzy")
    if entry.obsolete:
        flags = flags[:1] if flags[:1] == ["fuzzy"] else []
    if flags:
        lines.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in entry.flags
    formats = tuple(sorted(f for f in entry.flags if f in _DIRECTIVES))
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines.extend(field_lines(previous, "msgctxt", entry.previous_msgctxt, wrap, formats))
    if entry.previous_msgid is not None:
        lines.extend(field_lines(previous, "msgid", entry.previous_msgid, wrap, formats))
    if entry.previous_msgid_plural is not None:
        lines.extend(field_lines(previous, "msgid_plural", entry.previous_msgid_plural, wrap, formats))
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines.extend(field_lines(prefix, "msgctxt", entry.msgctxt, wrap, formats))
    lines.extend(field_lines(prefix, "msgid", entry.msgid, wrap, formats))
    if entry.msgid_plural:
        lines.extend(field_lines(prefix, "msgid_plural", entry.msgid_plural, wrap, formats))
        for index in sorted(entry.msgstr_plural):
            lines.extend(field_lines(prefix, f"msgstr[{index}]", entry.msgstr_plural[index], wrap, formats))
    else:
        lines.extend(field_lines(prefix, "msgstr", entry.msgstr, wrap, formats))
    return lines


def reference_lines(occurrences: list[tuple[str, str]]) -> list[str]:
    """``#:`` lines as gettext fills them: a new line when the next reference would pass 79."""
    lines: list[str] = []
    current, column = "#:", 2
    for path, line in occurrences:
        while path.startswith("./"):
            path = path[2:]
        ref = f"{path}:{line}" if line else path
        if column > 2 and column + len(ref) + 1 > PAGE_WIDTH:
            lines.append(current)
            current, column = "#:", 2
        current += " " + ref
        column += len(ref) + 1
    lines.append(current)
    return lines


@lru_cache(maxsize=65536)
def field_lines(prefix: str, name: str, value: str, wrap: bool = True,
                formats: tuple[str, ...] = ()) -> tuple[str, ...]:
    """``name "value"`` laid out as gettext's wrap() does; ``prefix`` is "", "#~ ", "#| "..."""
    room = (PAGE_WIDTH if wrap else 1 << 30) - 1 - (len(prefix) + 1)
    spans = _directive_spans(value, formats, name.startswith("msgstr"))
    lines: list[str] = []
    first = True
    start = 0
    while True:
        end = value.find("\n", start) + 1 or len(value)
        portion, overrides = _escaped(value, start, end, spans)
        more = end < len(value)
        while True:
            column = len(name) + 1 if first else 0
            breaks = width_breaks(portion, room, column, overrides) if column + width(portion) > room else []
            if first and portion and (more or column > room or breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        head = f"{prefix}{name} " if first else prefix
        first = False
        cuts = [0, *breaks, len(portion)]
        lines.append(f'{head}"{portion[cuts[0]:cuts[1]]}"')
        lines.extend(f'{prefix}"{portion[a:b]}"' for a, b in zip(cuts[1:], cuts[2:]))
        start = end
        if start >= len(value):
            return tuple(lines)


def _escaped(value: str, start: int, end: int, spans: frozenset[int]) -> tuple[str, list[int | None]]:
    """A portion escaped, and per escaped character: PROHIBITED where gettext forbids a break."""
    text = value[start:end]
    if not spans and not ESCAPED.search(text):
        return text, [None] * len(text)
    pieces: list[str] = []
    overrides: list[int | None] = []
    for index, char in enumerate(text, start):
        brk = PROHIBITED if index in spans else None
        escaped = escape_char(char)
        if escaped is None:
            pieces.append(char)
            overrides.append(brk)
        else:
            pieces.append(escaped)
            overrides.extend((brk, PROHIBITED))
    if text.endswith("\n"):
        overrides[-2] = PROHIBITED  # never break just before the final \n
    return "".join(pieces), overrides


def _directive_spans(value: str, formats: tuple[str, ...], is_msgstr: bool) -> frozenset[int]:
    """Indices inside (not at the start of) a format directive of the entry's first format."""
    if not formats or "%" not in value:
        return frozenset()
    pattern = _DIRECTIVES[formats[0]]
    return frozenset(i for m in pattern.finditer(value) for i in range(m.start() + 1, m.end()))
