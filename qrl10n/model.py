"""Small frozen data types shared by the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit found in a source document.

    ``text`` becomes the msgid; ``line`` the 1-based line of the reference; ``kind`` the
    extracted comment that tells a translator what the block is ("heading 2", "table cell").
    ``notes`` are further extracted comments (author notes, a subtitle cue map); ``flags``
    PO flags (subtitle limits); ``context`` a msgctxt when the same text needs two entries.
    """

    text: str
    line: int
    kind: str
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    context: str | None = None


@dataclass(frozen=True, slots=True)
class FileResult:
    """What a stage did to one file: ``changed`` is False when the bytes were already right."""

    path: Path
    changed: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One QA or glossary finding, located in a PO file."""

    check: str
    severity: str  # "error" | "warning" | "info"
    language: str
    path: Path
    line: int
    source: str
    translation: str
    message: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)
