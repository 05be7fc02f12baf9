"""Findings as text for people, JSON for scripts and JUnit XML for CI.

The three views show the same findings in the same order (the order ``check`` returns). Text
groups by PO file; every finding is ``path:line: [severity] check-id: message`` with the
English, the translation and what to do under it, and ends with counts by severity. JSON is a
list of flat objects; JUnit is written by ``qrl10n.formats.junit``. Nothing here depends on
the time or the machine, so two runs on the same files print the same bytes.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from .jsontext import pretty
from .model import Finding

KEYS = ("check", "severity", "language", "path", "line", "source", "translation", "message")
SHOWN = 300  # characters of a source or translation shown in the text report


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings by severity, every severity present (``{"error": 0, "warning": 2, "info": 0}``)."""
    counted = Counter(f.severity for f in findings)
    return {severity: counted.get(severity, 0) for severity in ("error", "warning", "info")}


def summary(findings: Iterable[Finding]) -> str:
    tally = Tally()
    for _ in tally.passing(findings):
        pass
    return tally.summary()


class Tally:
    """Findings counted by severity and file as they pass (a streamed report's summary)."""

    def __init__(self) -> None:
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.files: set[Path] = set()

    def passing(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        for finding in findings:
            self.counts[finding.severity] = self.counts.get(finding.severity, 0) + 1
            self.files.add(finding.path)
            yield finding

    def summary(self) -> str:
        c = self.counts
        parts = [_plural(c["error"], "error"), _plural(c["warning"], "warning"), f"{c['info']} info"]
        return f"{', '.join(parts)} in {_plural(len(self.files), 'file')}."


@functools.lru_cache(maxsize=4096)
def relative(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` in POSIX form, or as it is when it lies elsewhere."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


# -- text -----------------------------------------------------------------------------------
def text(findings: list[Finding], *, root: Path | None = None, advice: Mapping[str, str] | None = None) -> str:
    """The readable report: one block per finding, grouped by file, then the summary line."""
    grouped = [f for _, group in _by_file(findings) for f in group]
    return "".join(text_pieces(grouped, root=root, advice=advice))


def text_pieces(findings: Iterable[Finding], *, root: Path | None = None,
                advice: Mapping[str, str] | None = None) -> Iterator[str]:
    """``text`` a file at a time, for findings that come one by one, a file's together."""
    tally = Tally()
    for path, each in itertools.groupby(tally.passing(findings), key=lambda f: f.path):
        group = list(each)
        name = relative(path, root)
        c = counts(group)
        out = [f"{name}: {', '.join(_plural(n, s) if s != 'info' else f'{n} info' for s, n in c.items() if n)}"]
        for f in group:
            out.append(f"{name}:{f.line}: [{f.severity}] {f.check}: {f.message}")
            out.append(f"    English:     {_one_line(f.source)}")
            out.append(f"    Translation: {_one_line(f.translation)}")
            what = (advice or {}).get(f.check)
            if what:
                out.append(f"    What to do:  {what}")
        yield "\n".join(out) + "\n\n"
    yield (tally.summary() if tally.files else "No findings.") + "\n"


def _one_line(value: str) -> str:
    shown = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return shown if len(shown) <= SHOWN else shown[: SHOWN - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _by_file(findings: list[Finding]) -> list[tuple[Path, list[Finding]]]:
    groups: dict[Path, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path, []).append(f)
    return list(groups.items())


# -- JSON -----------------------------------------------------------------------------------
def as_json(findings: list[Finding], *, root: Path | None = None) -> list[dict]:
    return [{"check": f.check, "severity": f.severity, "language": f.language, "path": relative(f.path, root),
             "line": f.line, "source": f.source, "translation": f.translation, "message": f.message}
            for f in findings]


def to_json(findings: list[Finding], *, root: Path | None = None) -> str:
    return "".join(json_pieces(findings, root=root))


def json_pieces(findings: Iterable[Finding], *, root: Path | None = None, batch: int = 2000,
                shape: Callable[..., list[dict]] | None = None) -> Iterator[str]:
    """``to_json``'s text in pieces, for findings that come one by one: a few thousand at a
    time are laid out as one list and joined to the next at the seam. ``shape`` makes the
    objects (``as_json`` unless told: findings hold no float then)."""
    first = True
    for chunk in _batches(findings, batch):
        rows = (shape or as_json)(chunk, root=root)
        laid_out = pretty(rows, floats=shape is not None)  # "[\n  {...},\n  {...}\n]"
        yield ("[\n" if first else ",\n") + laid_out[2:-2]
        first = False
    yield "[]\n" if first else "\n]\n"


def _batches(findings: Iterable[Finding], size: int) -> Iterator[list[Finding]]:
    chunk: list[Finding] = []
    for finding in findings:
        chunk.append(finding)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
