"""One base exception; every message reads ``path:line: what is wrong. How to fix it.``

The CLI turns any Qrl10nError into exit code 2 and prints ``str(error)``; library code raises
and never prints.
"""

from __future__ import annotations

from pathlib import Path


class Qrl10nError(Exception):
    """Bad input or a refused operation, located in a file when we know which one."""

    def __init__(self, problem: str, *, path: Path | str | None = None,
                 line: int | None = None, fix: str = "") -> None:
        self.problem = problem.rstrip(".")
        self.path = Path(path) if path is not None else None
        self.line = line
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.problem}."
        if self.fix:
            text += " " + self.fix.rstrip(".") + "."
        return text


class ConfigError(Qrl10nError):
    """qrl10n.toml is missing, malformed or names something that does not exist."""


class SourceError(Qrl10nError):
    """An English source file (Markdown, SRT, WebVTT) cannot be read."""


class CatalogError(Qrl10nError):
    """A PO or POT file cannot be parsed."""


class GlossaryError(Qrl10nError):
    """The term base (TBX or CSV) cannot be read."""


class ConcurrentChangeError(Qrl10nError):
    """A file changed on disk while a stage was working on it; we refuse to overwrite it."""


class LockError(Qrl10nError):
    """Another qrl10n process holds the project lock."""


class EngineError(Qrl10nError):
    """A translation engine (DeepL) refused or failed."""
