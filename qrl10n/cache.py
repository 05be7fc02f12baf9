"""A content-hash cache so that ``qrl10n run`` on an unchanged course parses nothing.

Each unit of work (one template, one PO file, one language's pages of one module) is keyed by
a digest of every file it reads, plus the configuration and the tool's own code. When the
digest equals the one recorded after the unit last ran, the unit is skipped. Files are hashed
by content; a file whose size and modification time are unchanged reuses its recorded hash,
so an unchanged run costs one ``stat`` per file. The cache lives in build/.cache/ (git-ignored)
and losing it only costs time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import __version__, jsontext
from .files import write_if_changed

CACHE_VERSION = 1


class RunCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / "build" / ".cache" / "run.json"
        try:
            data = jsontext.load(self.path.read_bytes())
            if data.get("version") != CACHE_VERSION:
                raise ValueError
        except (OSError, ValueError):
            data = {}
        self._files: dict[str, list] = data.get("files", {})
        self._units: dict[str, str] = data.get("units", {})
        self._tool = self.digest(tool_files(), extra=__version__)

    def file_hash(self, path: Path) -> str:
        """Content hash of ``path`` ("-" when absent), reusing the last one if stat is unchanged."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return "-"
        key = str(path)
        known = self._files.get(key)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return known[2]
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        self._files[key] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def digest(self, paths: Iterable[Path], *, extra: str = "") -> str:
        h = hashlib.blake2b(extra.encode("utf-8"), digest_size=16)
        for path in paths:
            h.update(f"{path}\0{self.file_hash(path)}\0".encode())
        return h.hexdigest()

    def unit_digest(self, inputs: Iterable[Path], outputs: Iterable[Path] = (), *, extra: str = "") -> str:
        """Digest of a unit of work: its inputs, its outputs as left last time, config and tool."""
        config = self.root / "qrl10n.toml"
        return self.digest([config, *inputs, *outputs], extra=f"{self._tool}\0{extra}")

    def fresh(self, unit: str, digest: str) -> bool:
        return self._units.get(unit) == digest

    def record(self, unit: str, digest: str) -> None:
        self._units[unit] = digest

    def save(self) -> None:
        data = {"version": CACHE_VERSION, "files": self._files, "units": self._units}
        write_if_changed(self.path, jsontext.compact(data))


def project_id(root: Path) -> str:
    """A short name for a project folder, so one user's memories of two courses stay apart."""
    return hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=8).hexdigest()


class FileMemo:
    """Results computed from single files, reused while a file's size and mtime are unchanged.

    For read-only stages (status counts, QA findings): ``memo.get(path, compute)`` returns the
    value recorded for ``path`` if the file is as it was, else ``compute(path)``, recorded.
    Values must be JSON-serializable. ``key`` names what the values depend on besides the
    file (settings, glossary digest); the tool's own code is always part of it, the versions
    of the libraries it remembers answers of unless ``libraries`` is false. Stored in the
    user's cache folder (qrl10n.project.user_cache_dir), one file per project and name, so
    read-only commands leave the project untouched; a missing or unreadable memo only costs time.
    """

    def __init__(self, root: Path, name: str, *, key: str = "", libraries: bool = True) -> None:
        self.path = self.where(root, name)
        self.key = f"{tool_digest(libraries=libraries)}\0{key}"
        try:
            data = jsontext.load(self.path.read_bytes())
            entries = data["entries"] if data.get("key") == self.key else {}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}
        self._entries: dict[str, list] = entries
        self._dirty = False

    @staticmethod
    def where(root: Path, name: str) -> Path:
        from .project import user_cache_dir
        return user_cache_dir() / "memo" / f"{name}-{project_id(root)}.json"

    @staticmethod
    def remove(root: Path, name: str) -> None:
        """Forget the memo ``name`` of the project at ``root`` (a name no longer used)."""
        FileMemo.where(root, name).unlink(missing_ok=True)

    def get(self, path: Path, compute):
        try:
            st = path.stat()
        except FileNotFoundError:
            return compute(path)
        known = self._entries.get(str(path))
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return known[2]
        value = compute(path)
        self._entries[str(path)] = [st.st_size, st.st_mtime_ns, value]
        self._dirty = True
        return value

    def peek(self, path: Path):
        """The value recorded for ``path`` if the file is as it was, else None."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        known = self._entries.get(str(path))
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return known[2]
        return None

    def put(self, path: Path, value, stat: tuple[int, int] | None = None) -> None:
        """Record ``value`` for ``path`` as the file is now (or was: ``stat`` = (size, mtime_ns))."""
        if stat is None:
            st = path.stat()
            stat = (st.st_size, st.st_mtime_ns)
        self._entries[str(path)] = [stat[0], stat[1], value]
        self._dirty = True

    def save(self) -> None:
        if self._dirty:
            data = {"key": self.key, "entries": self._entries}
            try:
                write_if_changed(self.path, jsontext.compact(data))
            except OSError:
                pass  # a read-only home: the next run computes again
            self._dirty = False


_TOOL: list[str] = []


#: Libraries whose version changes what qrl10n finds (pofilter's tests, lemmas).
_TOOL_LIBRARIES = ("translate-toolkit", "simplemma")


def tool_files() -> list[Path]:
    """qrl10n's own code and the data tables that change what it finds (morphology.toml)."""
    package = Path(__file__).parent
    return sorted([*package.rglob("*.py"), *package.rglob("*.toml")])


def tool_digest(*, libraries: bool = True) -> str:
    """Digest of qrl10n's own source files, data tables and version, and (unless told not to:
    counting words depends on no library) the versions of the libraries whose answers we
    remember; computed once per process."""
    if not _TOOL:
        h = hashlib.blake2b(__version__.encode("utf-8"), digest_size=16)
        for path in tool_files():
            h.update(path.read_bytes())
        _TOOL.append(h.hexdigest())
    if not libraries:
        return _TOOL[0]
    if len(_TOOL) == 1:
        from importlib.metadata import PackageNotFoundError, version
        h = hashlib.blake2b(_TOOL[0].encode("utf-8"), digest_size=16)
        for library in _TOOL_LIBRARIES:
            try:
                h.update(f"\0{library} {version(library)}".encode())
            except PackageNotFoundError:
                h.update(f"\0{library} absent".encode())
        _TOOL.append(h.hexdigest())
    return _TOOL[1]


R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Unit(Generic[R]):
    """One unit of work for ``run_changed``: its cache key, how to digest its files now (before
    the work and again after it, as the work writes some of them), the item the job takes, and
    the result it stands for when nothing changed."""

    key: str
    digest: Callable[[], str]
    item: object
    unchanged: Callable[[], R]


def run_changed(cache: RunCache | None, units: Sequence[Unit[R]], job: Callable[[Any], R], *,
                jobs: int | None = None, record: bool = True) -> list[R]:
    """``job(unit.item)`` for every unit whose files changed since the cache recorded it (every
    unit without a cache), in up to ``jobs`` processes; a fresh unit gives its ``unchanged``
    result. Results keep the units' order; each unit that ran is recorded unless ``record`` is
    false (a ``--check`` run wrote nothing)."""
    results: list[R | None] = []
    work: list[tuple[int, Unit[R]]] = []
    for unit in units:
        if cache is not None and cache.fresh(unit.key, unit.digest()):
            results.append(unit.unchanged())
            continue
        results.append(None)
        work.append((len(results) - 1, unit))
    from .parallel import run_each  # imported here: status and check start without processes
    done = run_each(job, [unit.item for _, unit in work], jobs=jobs)
    for (index, unit), result in zip(work, done):
        results[index] = result
        if cache is not None and record:
            cache.record(unit.key, unit.digest())
    return results  # type: ignore[return-value]  # every None was replaced by the job's result

