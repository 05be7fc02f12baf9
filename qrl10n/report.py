"""Findings as text for people, JSON for scripts and JUnit XML for CI.

The three views show the same findings in the same order (the order ``check`` returns). Text
groups by PO file; every finding is ``path:line: [severity] check-id: message`` with the
English, the translation and what to do under it, and ends with counts by severity. JSON is a
list of flat objects; JUnit is written by ``qrl10n.formats.junit``. Nothing here depends on
the time or the machine, so two runs on the same files print the same bytes.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from .jsontext import pretty
from .model import Finding

KEYS = ("check", "severity", "language", "path", "line", "source", "translation", "message")
SHOWN = 300  # characters of a source or translation shown in the text report


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings by severity, every severity present (``{"error": 0, "warning": 2, "info": 0}``)."""
    counted = Counter(f.severity for f in findings)
    return {severity: counted.get(severity, 0) for severity in ("error", "warning", "info")}


def summary(findings: list[Finding]) -> str:
    c = counts(findings)
    files = len({f.path for f in findings})
    parts = [_plural(c["error"], "error"), _plural(c["warning"], "warning"), f"{c['info']} info"]
    return f"{', '.join(parts)} in {_plural(files, 'file')}."


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
    out: list[str] = []
    for path, group in _by_file(findings):
        name = relative(path, root)
        c = counts(group)
        out.append(f"{name}: {', '.join(_plural(n, s) if s != 'info' else f'{n} info' for s, n in c.items() if n)}")
        for f in group:
            out.append(f"{name}:{f.line}: [{f.severity}] {f.check}: {f.message}")
            out.append(f"    English:     {_one_line(f.source)}")
            out.append(f"    Translation: {_one_line(f.translation)}")
            what = (advice or {}).get(f.check)
            if what:
                out.append(f"    What to do:  {what}")
        out.append("")
    out.append(summary(findings) if findings else "No findings.")
    return "\n".join(out) + "\n"


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
    return pretty(as_json(findings, root=root), floats=False) + "\n"
