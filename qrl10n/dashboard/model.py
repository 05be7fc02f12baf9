"""The dashboard's data: status's numbers and findings, the history, and the addresses of PO files.

Everything here is plain data; the templates escape it. Counting is status's job (one data model
for ``status --format json`` and the dashboard); the language pages only read the entries they list.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..errors import ConfigError
from ..formats.po import scan as poscan
from ..history import LanguagePoint, Point, history
from ..model import Finding
from ..project import Module, Project
from ..status import LanguageStats, add_findings, load_findings, status

MAX_LISTED = 200  # entries shown per list and component; the PO file has the rest
MAX_SOURCE = 280  # characters of English source shown per entry
OPEN_UP_TO = 25  # a list this short is shown open; longer ones are one click away
HEAT_CLASSES = ((100, "h5"), (90, "h4"), (75, "h3"), (50, "h2"), (25, "h1"), (0, "h0"))
HEAT_COLORS = {"h0": "#fbd9d3", "h1": "#fde4c4", "h2": "#fdf1b8", "h3": "#e4f1c6", "h4": "#c9e7c3",
               "h5": "#a9d9a9"}
TEXT_COLOR = "#1b1b1b"

TrendPoint = tuple[Point, LanguagePoint]


@dataclass(slots=True)
class Site:
    """Everything the pages are made from, gathered once."""

    project: Project
    out_dir: Path
    stats: list[LanguageStats]
    points: list[Point]
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # by language; absent: checks not run
    checks_available: bool = False
    urls: dict[Path, str | None] = field(default_factory=dict)  # PO file -> its address from a language page

    def po_link(self, path: Path, line: int | None) -> str | None:
        """The address of a PO file (line) from a language page, or None where none would work."""
        if path not in self.urls:
            self.urls[path] = po_url(self.project, self.out_dir / "lang", path, None)
        base = self.urls[path]
        if base is None:
            return None
        return f"{base}#L{line}" if line else base


def gather(project: Project, out_dir: Path) -> Site:
    stats = status(project)
    site = Site(project, out_dir, stats, history(project))
    found = load_findings(project, tuple(s.language.code for s in stats))
    if found is not None:
        add_findings(stats, found)
        site.checks_available = True
        for finding in found:
            site.findings.setdefault(finding.language, []).append(finding)
    return site


def heat_class(value: float) -> str:
    return next(name for bound, name in HEAT_CLASSES if value >= bound)


def overall(stats: list[LanguageStats]) -> tuple[float, int]:
    """Share of English words translated over all active languages, and how many are active."""
    active = [s for s in stats if s.language.state == "active"]
    total = sum(s.words.total for s in active)
    done = sum(s.words.translated for s in active)
    return (round(100.0 * done / total, 2) if total else 0.0), len(active)


def short_labels(modules: list[Module]) -> dict[str, str]:
    """Column labels that keep the heatmap one screen wide: core modules M1, M2 …, advanced
    A1 …, course pages C (C1, C2 … when there are several), numbered in course order."""
    letters = {"core": "M", "advanced": "A", "course": "C"}
    counts = Counter(m.kind for m in modules)
    seen: Counter[str] = Counter()
    labels = {}
    for module in modules:
        seen[module.kind] += 1
        number = "" if module.kind == "course" and counts["course"] == 1 else str(seen[module.kind])
        labels[module.id] = f"{letters.get(module.kind, 'M')}{number}"
    return labels


def belongs(unit: poscan.Unit, which: str) -> bool:
    """Whether an entry goes in the list ``which`` (untranslated, machine, fuzzy-human)."""
    if which == "untranslated":
        return unit.state == "untranslated"
    if which == "machine":
        return unit.state == "fuzzy" and unit.machine
    return unit.state == "fuzzy" and not unit.machine


def clip(text: str) -> str:
    return text if len(text) <= MAX_SOURCE else text[:MAX_SOURCE].rstrip() + "…"


@functools.lru_cache(maxsize=4096)
def rel(project: Project, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def links_explained(site: Site) -> bool:
    """Whether the pages must say why PO files are named, not linked."""
    return not (repository_url(site.project) or site.out_dir.is_relative_to(site.project.root))


def po_url(project: Project, page_dir: Path, path: Path, line: int | None) -> str | None:
    """Where a PO file line is shown: ``[course] repository_url`` (a GitHub-style blob address);
    without it, a path relative to the page when the page is inside the project (it works where
    the dashboard is opened from a clone), and None when it is not: a relative path out of a
    site published elsewhere would lead nowhere."""
    course = project.config.get("course", {})
    anchor = f"#L{line}" if line else ""
    base = repository_url(project)
    if base:
        branch = str(course.get("repository_branch", "main"))
        relative = Path(path).resolve().relative_to(project.root).as_posix()
        return f"{base.rstrip('/')}/blob/{_url_path(branch)}/{_url_path(relative)}{anchor}"
    if not Path(page_dir).resolve().is_relative_to(project.root):
        return None
    relative = os.path.relpath(Path(path).resolve(), page_dir)
    return _url_path(Path(relative).as_posix()) + anchor


def repository_url(project: Project) -> str | None:
    base = project.config.get("course", {}).get("repository_url")
    if base and (not isinstance(base, str) or not re.match(r"https?://[^\s\"'<>]+$", base)):
        raise ConfigError("[course] repository_url must be an http(s) address", path=project.config_path,
                          fix='Write it as repository_url = "https://github.com/org/repo"')
    return str(base) if base else None


def _url_path(text: str) -> str:
    return quote(text, safe="/-._~")
