"""history: how complete each language was at every commit that touched po/, read from git.

No state of our own is kept: the repository's history is the record. Each commit's po/ tree
is listed and its PO files counted through one ``git cat-file --batch`` process. Results go
to ``build/.cache/history.json``, keyed by commit hash (and counts keyed by blob hash, which
most commits share), so a second run only asks git for the list of commits and computes the
new ones. Outside a git repository, or without git, the history is simply empty.

A language's percentage at a commit follows status: English words of translated entries over
English words of the course's templates at that commit; a component whose PO file did not
exist yet counts as untranslated.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from . import poscan
from .errors import Qrl10nError
from .files import write_if_changed
from .project import Project
from .status import count_text, fmt_percent

CACHE_VERSION = 1  # bump when counting changes, so cached numbers are recomputed
_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


@dataclass(frozen=True, slots=True)
class LanguagePoint:
    total: int  # English words of the course at that commit
    translated: int
    fuzzy: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.translated / self.total, 2) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Point:
    """The state of po/ after one commit."""

    commit: str
    time: int  # committer date, seconds since the epoch
    languages: dict[str, LanguagePoint]

    @property
    def date(self) -> str:
        return datetime.fromtimestamp(self.time, UTC).date().isoformat()


def history(project: Project) -> list[Point]:
    """One point per commit that touched po/, oldest first; [] outside a git repository."""
    repo = _git_root(project.root)
    if repo is None:
        return []
    po_rel = project.po_dir.relative_to(repo).as_posix() if project.po_dir != repo else "."
    commits = _commits(repo, po_rel)
    if not commits:
        return []
    cache_path = project.build_dir / ".cache" / "history.json"
    cache = _read_cache(cache_path, po_rel)
    missing = [(sha, when) for sha, when in commits if sha not in cache["commits"]]
    if missing:
        with _CatFile(repo) as git:
            for sha, when in missing:
                cache["commits"][sha] = {"time": when, "languages": _at_commit(git, sha, po_rel, cache["blobs"])}
        _write_cache(cache_path, cache, {sha for sha, _ in commits})
    points = []
    for sha, when in reversed(commits):
        langs = cache["commits"][sha]["languages"]
        points.append(Point(sha, when, {code: LanguagePoint(*langs[code]) for code in sorted(langs)}))
    return points


# -- git -------------------------------------------------------------------------------------
def _run_git(repo: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              env={**os.environ, **_GIT_ENV}, check=False)
    except OSError:  # git is not installed
        return None
    return done.stdout if done.returncode == 0 else None


def _git_root(folder: Path) -> Path | None:
    out = _run_git(folder, "rev-parse", "--show-toplevel")
    return Path(out.strip()).resolve() if out and out.strip() else None


def _commits(repo: Path, po_rel: str) -> list[tuple[str, int]]:
    """(hash, committer time) of the commits that touched po/, newest first.

    Only the first-parent chain: the states the main branch went through. A merged branch's
    own commits would add points where the other languages' work is missing (a sawtooth).
    """
    out = _run_git(repo, "log", "--first-parent", "--format=%H %ct", "--", po_rel)
    if not out:
        return []
    commits = []
    for line in out.splitlines():
        sha, _, when = line.partition(" ")
        if sha and when.isdigit():
            commits.append((sha, int(when)))
    return commits


class _CatFile:
    """One ``git cat-file --batch`` process: ask for an object, read it back, repeat."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo

    def __enter__(self) -> _CatFile:
        self.proc = subprocess.Popen(["git", "-C", str(self.repo), "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env={**os.environ, **_GIT_ENV})
        return self

    def __exit__(self, *exc) -> None:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.proc.wait()

    def get(self, name: str) -> tuple[str, bytes] | None:
        """(type, content) of an object (``<commit>:<path>`` or a hash); None when missing."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(name.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3:
            if not header:
                raise Qrl10nError("git cat-file stopped answering", path=self.repo,
                                  fix="Check the repository with 'git fsck', then run the command again")
            return None  # "<name> missing"
        size = int(header[2])
        data = self.proc.stdout.read(size + 1)[:size]
        return header[1], data


def _tree(git: _CatFile, name: str) -> list[tuple[str, str, str]]:
    """(mode, name, hash) of a tree's entries; [] when it does not exist."""
    found = git.get(name)
    if found is None or found[0] != "tree":
        return []
    data = found[1]
    size = 32 if len(name.split(":", 1)[0]) == 64 else 20  # SHA-256 or SHA-1 repositories
    entries = []
    index = 0
    while index < len(data):
        space = data.index(b" ", index)
        nul = data.index(b"\0", space)
        digest = data[nul + 1:nul + 1 + size]
        entries.append((data[index:space].decode(), data[space + 1:nul].decode("utf-8", "replace"), digest.hex()))
        index = nul + 1 + size
    return entries


def _at_commit(git: _CatFile, sha: str, po_rel: str, blobs: dict[str, list[int]]) -> dict[str, list[int]]:
    """{language: [total, translated, fuzzy] words} after commit ``sha``."""
    prefix = f"{sha}:" if po_rel == "." else f"{sha}:{po_rel}"
    templates: dict[str, str] = {}
    per_language: dict[str, dict[str, str]] = {}
    for mode, name, digest in _tree(git, prefix):
        if not mode.startswith("4"):  # not a folder
            continue
        suffix = ".pot" if name == "templates" else ".po"
        files = {PurePosixPath(n).stem: d for m, n, d in _tree(git, digest)
                 if not m.startswith("4") and n.endswith(suffix)}
        if name == "templates":
            templates = files
        else:
            per_language[name] = files
    languages: dict[str, list[int]] = {}
    for code, files in sorted(per_language.items()):
        total = translated = fuzzy = 0
        for component in sorted(set(templates) | set(files)):
            if component in files:
                counts = _blob_counts(git, files[component], blobs)
                total, translated, fuzzy = total + counts[0], translated + counts[1], fuzzy + counts[2]
            else:
                total += _blob_counts(git, templates[component], blobs)[0]
        if files:
            languages[code] = [total, translated, fuzzy]
    return languages


def _blob_counts(git: _CatFile, digest: str, blobs: dict[str, list[int]]) -> list[int]:
    if digest not in blobs:
        found = git.get(digest)
        counts = [0, 0, 0]
        if found is not None:
            try:
                _, words = count_text(poscan.decode(found[1], digest), digest)
                counts = [words.total, words.translated, words.fuzzy]
            except Qrl10nError:
                pass  # an undecodable or broken file at some past commit counts as nothing
        blobs[digest] = counts
    return blobs[digest]


# -- cache -----------------------------------------------------------------------------------
def _read_cache(path: Path, po_rel: str) -> dict:
    empty = {"version": CACHE_VERSION, "po": po_rel, "commits": {}, "blobs": {}}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return empty
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or data.get("po") != po_rel:
        return empty
    if not isinstance(data.get("commits"), dict) or not isinstance(data.get("blobs"), dict):
        return empty
    return data


def _write_cache(path: Path, cache: dict, live: set[str]) -> None:
    """Keep the commits still in history (a rebase drops some) and the counts they used."""
    cache["commits"] = {sha: entry for sha, entry in cache["commits"].items() if sha in live}
    text = json.dumps(cache, sort_keys=True, separators=(",", ":"))
    try:
        write_if_changed(path, text.encode("utf-8") + b"\n")
    except Qrl10nError:
        pass  # a read-only build folder costs speed next time, never the answer


# -- output ----------------------------------------------------------------------------------
def as_json(points: list[Point], codes: tuple[str, ...]) -> dict:
    """``status --history --format json``: one item per commit, oldest first."""
    return {"history": [
        {"commit": p.commit, "time": p.time, "date": p.date, "languages": {
            code: {"percent": lp.percent, "words": {"total": lp.total, "translated": lp.translated,
                                                     "fuzzy": lp.fuzzy}}
            for code in codes if (lp := p.languages.get(code)) is not None}}
        for p in points
    ]}


def as_csv(points: list[Point], codes: tuple[str, ...]) -> str:
    """One row per commit and language: commit,date,language,percent,words_total,words_translated,words_fuzzy."""
    lines = ["commit,date,language,percent,words_total,words_translated,words_fuzzy"]
    for p in points:
        for code in codes:
            lp = p.languages.get(code)
            if lp is not None:
                lines.append(f"{p.commit},{p.date},{code},{lp.percent:.2f},{lp.total},{lp.translated},{lp.fuzzy}")
    return "\n".join(lines) + "\n"


def as_table(points: list[Point], codes: tuple[str, ...]) -> str:
    """Date, short commit, then one percent column per language; newest first."""
    if not points:
        return "No history: the project is not in a git repository, or no commit touched po/ yet."
    shown = [c for c in codes if any(c in p.languages for p in points)]
    rows = [("date", "commit", *shown)]
    for p in reversed(points):
        rows.append((p.date, p.commit[:10], *(fmt_percent(p.languages[c].percent) if c in p.languages else "-"
                                               for c in shown)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(widths[i]) if i >= 2 else cell.ljust(widths[i])
                               for i, cell in enumerate(row)).rstrip() for row in rows)
