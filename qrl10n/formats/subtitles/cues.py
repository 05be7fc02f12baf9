"""Cues: SRT and WebVTT read strictly and written back, and a cue's text as a viewer sees it.

Reading. ``parse`` is strict where a file is truly broken (bad timestamps, end before start, a
cue starting before the previous one, text outside any cue, a broken timing line) and raises
SourceError with ``path:line``, and tolerant of what real files do (missing or wrong cue
numbers, extra blank lines, a missing final blank line or a missing blank line before the
next cue, ``.`` instead of ``,`` in SRT times).

Why not pysrt, the library the project started from: on every well-formed SRT of the corpus
the two read the same cues (tests/test_subtitle_parsers.py), but where a file is broken pysrt
carries on without a word: it drops a line that follows a blank line inside a cue, drops a
cue whose timing line has a typo or a time without milliseconds, and keeps a cue that starts
before the one above it. A translator's sentence would vanish from the PO file, or play
backwards. We stop at that ``path:line`` instead (and read a time without milliseconds).

Writing. ``compose`` writes SRT numbered from 1, or WebVTT with its header blocks as read
(NOTE, STYLE and REGION blocks before the first cue, each as it was separated) and each cue's
identifier as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...errors import SourceError

# -- cues ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue as written in the file.

    ``index`` is the 1-based position in the file (what "cue 14" means in messages, whatever
    number the file wrote); ``start`` and ``end`` are milliseconds; ``lines`` the text lines
    as written (tags included); ``line`` the 1-based line where the cue's block starts;
    ``ident`` the SRT number or WebVTT identifier as written; ``settings`` what follows the
    end time (WebVTT cue settings, SRT ``X1:…`` coordinates).
    """

    index: int
    start: int
    end: int
    lines: tuple[str, ...]
    line: int
    ident: str = ""
    settings: str = ""

    @property
    def duration(self) -> float:
        return (self.end - self.start) / 1000

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed subtitle file: its format ("srt" | "vtt"), WebVTT header block, and cues."""

    kind: str
    cues: tuple[Cue, ...]
    header: tuple[str, ...] = ()


def format_time(ms: int, sep: str = ",") -> str:
    """``hh:mm:ss,mmm`` (SRT) or, with ``sep="."``, ``hh:mm:ss.mmm`` (WebVTT)."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


FORMAT_TAGS = ("i", "b", "u", "font", "c", "v", "lang", "ruby", "rt")
TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>|<\d[^<>]*>|\{\\[^{}]*\}")
ASS_BLOCK = r"\{\\[^{}]*\}"
BIDI_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RLE, PDF = "\u202b", "\u202c"

#: An ASS ``{\anN}`` position (numeric keypad: 7 8 9 top, 4 5 6 middle, 1 2 3 bottom) as
#: WebVTT cue settings; the bottom centre is WebVTT's default. ``{\aN}`` is SSA's older
#: numbering of the same nine places (1-3 bottom, 5-7 top, 9-11 middle).
ASS_POSITION = {1: "align:left", 2: "", 3: "align:right",
                4: "line:50%,center align:left", 5: "line:50%,center", 6: "line:50%,center align:right",
                7: "line:0 align:left", 8: "line:0", 9: "line:0 align:right"}
SSA_POSITION = {1: 1, 2: 2, 3: 3, 5: 7, 6: 8, 7: 9, 9: 4, 10: 5, 11: 6}
_ASS_ALIGN_RE = re.compile(r"\\(an|a)(\d+)")
_NO_BIDI = dict.fromkeys(map(ord, BIDI_MARKS))

# -- parsing -------------------------------------------------------------------------------

_TS = r"(-?)(?:(\d+):)?(\d\d):(\d\d)(?:[,.](\d{1,3}))?"
TIMING_RE = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}(?:(?:\s+|(?=[A-Za-z]))(.*?))?\s*$")
NUMBER_RE = re.compile(r"^\s*\d+\s*$")
VTT_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")


def parse(text: str, path: str) -> list[Cue]:
    """The cues of an SRT or WebVTT file (WebVTT when it starts with ``WEBVTT`` or is ``.vtt``)."""
    return list(read(text, path).cues)


def read(text: str, path: str) -> Document:
    """Parse into a Document; SourceError (with path and line) when the file is broken."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if first.startswith("WEBVTT") or str(path).lower().endswith(".vtt"):
        if not VTT_SIGNATURE.match(first):
            raise SourceError("a WebVTT file must start with the line 'WEBVTT'", path=path, line=1,
                              fix="Make 'WEBVTT' the very first line (nothing before it, not even a blank line)")
        return _read_vtt(lines, path)
    return Document("srt", _read_srt(lines, path))


def _read_srt(lines: list[str], path: str) -> tuple[Cue, ...]:
    cues: list[Cue] = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        block_line = i + 1
        ident = ""
        if NUMBER_RE.match(lines[i]) and i + 1 < n and "-->" in lines[i + 1]:
            ident = lines[i].strip()
            i += 1
        elif "-->" not in lines[i]:
            if NUMBER_RE.match(lines[i]):
                raise SourceError(f"cue number {lines[i].strip()} is not followed by a timing line",
                                  path=path, line=i + 2 if i + 1 < n else i + 1,
                                  fix="Write the timing as 'hh:mm:ss,mmm --> hh:mm:ss,mmm' on the line after the number")
            raise SourceError("text outside any cue (a blank line inside a cue's text, or a lost timing line?)",
                              path=path, line=i + 1,
                              fix="Remove the blank line above it, or give the text its own number and timing line")
        i = _read_cue(lines, i, path, cues, block_line, ident, numbered=True)
    return tuple(cues)


def _read_vtt(lines: list[str], path: str) -> Document:
    header = [lines[0]]
    i, n = 1, len(lines)
    while i < n and lines[i].strip() and "-->" not in lines[i]:
        header.append(lines[i])
        i += 1
    cues: list[Cue] = []
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        block_line = i + 1
        word = lines[i].strip().split(None, 1)[0]
        comment = word in ("NOTE", "STYLE", "REGION") and "-->" not in lines[i]
        no_timing = "-->" not in lines[i] and (i + 1 >= n or "-->" not in lines[i + 1])
        if comment or (no_timing and not cues):
            # A NOTE, STYLE or REGION block, or other header material before the first cue (CSS
            # after a blank line, an old-style "Region:" line): kept as its own block, where it
            # was, before the first cue; such blocks between cues are dropped.
            block = []
            while i < n and lines[i].strip():
                block.append(lines[i])
                i += 1
            if not cues:
                header.extend(["", *block])
            continue
        ident = ""
        if "-->" not in lines[i]:
            if i + 1 >= n or "-->" not in lines[i + 1]:
                raise SourceError("a block with neither a timing line nor NOTE/STYLE/REGION", path=path,
                                  line=i + 1, fix="Add 'hh:mm:ss.mmm --> hh:mm:ss.mmm' before the cue's text, "
                                  "or remove the blank line above it")
            ident = lines[i]  # as written: WebVTT keeps an identifier's spaces
            i += 1
        i = _read_cue(lines, i, path, cues, block_line, ident, numbered=False)
    return Document("vtt", tuple(cues), tuple(header))


def _read_cue(lines: list[str], i: int, path: str, cues: list[Cue], block_line: int, ident: str, *,
              numbered: bool) -> int:
    """Read the cue whose timing line is ``lines[i]`` into ``cues``; the index of the line after it.
    ``numbered`` (SRT): a number just before a timing line inside the text is the next cue's."""
    n = len(lines)
    start, end, settings = _timing(lines[i], path, i + 1)
    timing_line = i + 1
    i += 1
    body: list[str] = []
    while i < n and lines[i].strip():
        if "-->" in lines[i]:
            _next_timing(lines[i], body, path, i + 1)
            if numbered and NUMBER_RE.match(body[-1]):
                body.pop()
                i -= 1
            break
        body.append(lines[i])
        i += 1
    cue = Cue(len(cues) + 1, start, end, tuple(body), block_line, ident, settings)
    _check_order(cues, cue, path, timing_line)
    cues.append(cue)
    return i


def _next_timing(line: str, body: list[str], path: str, number: int) -> None:
    """A "-->" line inside a cue's text: the next cue, when the blank line before it is missing."""
    if not TIMING_RE.match(line):
        raise SourceError(f"'-->' inside a cue's text: {line.strip()!r}", path=path, line=number,
                          fix="Correct the timing line, or put a blank line before it")
    if not body:
        raise SourceError("two timing lines in a row", path=path, line=number,
                          fix="Remove the repeated timing line or add the cue's text between them")


def _timing(line: str, path: str, number: int) -> tuple[int, int, str]:
    match = TIMING_RE.match(line)
    if not match:
        raise SourceError(f"bad timing line {line.strip()!r}", path=path, line=number,
                          fix="Write it as 'hh:mm:ss,mmm --> hh:mm:ss,mmm' (WebVTT: '.' before the milliseconds)")
    g = match.groups()
    if g[0] or g[5]:
        raise SourceError(f"negative time in {line.strip()!r}", path=path, line=number,
                          fix="Shift the subtitles so that no cue starts before 00:00:00,000")
    start, end = _ms(g[1:5]), _ms(g[6:10])
    if max(int(g[2]), int(g[3]), int(g[7]), int(g[8])) > 59:
        raise SourceError(f"minutes or seconds above 59 in {line.strip()!r}", path=path, line=number,
                          fix="Write the time as hh:mm:ss,mmm")
    if end < start:
        raise SourceError(f"the cue ends ({format_time(end)}) before it starts ({format_time(start)})",
                          path=path, line=number, fix="Correct the timing line")
    return start, end, (g[10] or "").strip()


def _ms(parts: Sequence[str | None]) -> int:
    hours, minutes, seconds, fraction = parts
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds or 0)) * 1000 + millis


def _check_order(cues: list[Cue], cue: Cue, path: str, line: int) -> None:
    """Overlapping cues can be meant (two speakers, a sign); a cue that starts before the one
    above it cannot: players sort by time, and our sentences would run backwards."""
    if cues and cue.start < cues[-1].start:
        prev = cues[-1]
        raise SourceError(f"cue {cue.index} starts ({format_time(cue.start)}) before cue {prev.index} "
                          f"({format_time(prev.start)})", path=path, line=line,
                          fix="Cues must be in time order; correct the timing or move the cue")


_ENTITY_CHARS = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&nbsp;": "\u00a0", "&lrm;": "", "&rlm;": ""}
_ENTITY_RE = re.compile("|".join(_ENTITY_CHARS))


def visible(text: str) -> str:
    """Text as a viewer sees it: no tags, ASS blocks or directional marks; entities decoded."""
    if "<" in text or "{" in text:
        text = TAG_RE.sub("", text)
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: _ENTITY_CHARS[m.group(0)], text)
    return text.translate(_NO_BIDI) if not text.isascii() else text


def display_length(text: str) -> int:
    """Characters a viewer counts: visible text without combining marks."""
    return sum(1 for ch in visible(text) if not unicodedata.combining(ch))


def vtt_settings(lines: Sequence[str]) -> str:
    """WebVTT cue settings for the position the cue's first ASS ``\\an``/``\\a`` tag asks for
    ("" for none, or for the bottom centre)."""
    for block in re.findall(ASS_BLOCK, "\n".join(lines)):
        match = _ASS_ALIGN_RE.search(block)
        if match:
            number = int(match.group(2))
            place = number if match.group(1) == "an" else SSA_POSITION.get(number, 0)
            return ASS_POSITION.get(place, "")
    return ""


def compose(cues: Iterable[Cue], output_format: str = "srt", *, header: Sequence[str] = (),
            keep_settings: bool = True) -> str:
    """Serialize cues: SRT numbered from 1, or WebVTT with its header and ``.`` millis."""
    out: list[str] = []
    if output_format == "vtt":
        out.append("\n".join(header or ("WEBVTT",)) + "\n")
    for number, cue in enumerate(cues, start=1):
        block: list[str] = []
        if output_format == "vtt":
            if cue.ident and keep_settings:
                block.append(cue.ident)
            timing = f"{format_time(cue.start, '.')} --> {format_time(cue.end, '.')}"
        else:
            block.append(str(number))
            timing = f"{format_time(cue.start)} --> {format_time(cue.end)}"
        if cue.settings and keep_settings:
            timing += " " + cue.settings
        block.append(timing)
        block.extend(cue.lines)
        out.append("\n".join(block) + "\n")
    return "\n".join(out)


_TAGLIKE_RE = re.compile(r"</?[A-Za-z][^<>]*>|<\d[^<>]*>")
_VTT_TAG_RE = re.compile(r"</?(?:i|b|u|c|v|lang|ruby|rt)(?:[.\s][^<>]*)?>|<\d[^<>]*>")
_SRT_TAG_RE = re.compile(r"</?(?:i|b|u|font)(?:\s[^<>]*)?>", re.I)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u00a0"), ("&lrm;", "\u200e"), ("&rlm;", "\u200f"),
             ("&amp;", "&"))


def convert_line(line: str, target: str) -> str:
    """Carry a line to the other format. Tags the target does not know are formatting, not
    words, and are dropped (SRT ``<font>`` and ASS blocks in WebVTT, ``<c.x>``, ``<v>``,
    karaoke times in SRT); WebVTT escapes ``&`` and ``<``, SRT has no escapes."""
    if target == "vtt":
        line = re.sub(ASS_BLOCK, "", line)
        line = re.sub(r"&(?!(?:amp|lt|gt|nbsp|lrm|rlm);)", "&amp;", line)
        pieces = _TAGLIKE_RE.split(line)
        tags = [tag if _VTT_TAG_RE.fullmatch(tag) else "" for tag in _TAGLIKE_RE.findall(line)]
        return "".join(piece.replace("<", "&lt;") + (tags[k] if k < len(tags) else "")
                       for k, piece in enumerate(pieces))
    line = _TAGLIKE_RE.sub(lambda m: m.group(0) if _SRT_TAG_RE.fullmatch(m.group(0)) else "", line)
    for entity, char in _ENTITIES:
        line = line.replace(entity, char)
    return line
