"""Shared fixtures: the real corpus in ../shared/corpus and a throw-away copy of the course."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from qrl10n.formats.po import catalog
from qrl10n.project import Project

REPO = Path(__file__).resolve().parents[1]
#: ../shared beside the checkout (the corpus, the schemas); a worktree one folder deeper finds it
#: one folder up. Absent on a lone clone: the tests that need it skip with their reason.
SHARED = next((p for p in (REPO.parent / "shared", REPO.parents[1] / "shared") if p.is_dir()), REPO.parent / "shared")
CORPUS = SHARED / "corpus"
#: Where tests leave tallies (corpus sweep, property runs) for the session summary (git-ignored).
REPORTS = REPO / "build" / "test-reports"
_STARTED: list[float] = []


def pytest_configure(config) -> None:
    import time
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist)
        _STARTED.append(time.time())


def report(name: str, summary: list[str], **details) -> None:
    """Leave lines for the session summary (and details for whoever opens the file)."""
    import json
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps({"summary": summary, **details}, indent=1), "utf-8")


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the tallies tests wrote during this session (also from xdist workers)."""
    import json
    if not _STARTED or not REPORTS.is_dir():
        return
    for path in sorted(REPORTS.glob("*.json")):
        if path.stat().st_mtime >= _STARTED[0]:
            for line in json.loads(path.read_text("utf-8")).get("summary", []):
                terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory) -> Path:
    """The user cache folder (language facts, remembered findings) of the test session, so
    tests neither read nor fill the cache of the person running them."""
    folder = tmp_path_factory.mktemp("user-cache")
    os.environ["QRL10N_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, or skip the test when it is not beside the repository."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


def corpus_cases(items: list, ids=str) -> list:
    """Parameters of a test over corpus files; without the corpus, one case that skips saying why."""
    if items:
        return [pytest.param(item, id=ids(item)) for item in items]
    return [pytest.param(None, id="corpus", marks=pytest.mark.skip(reason="../shared/corpus is not available"))]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of this repository's course (config, sources, glossary, PO files) to run stages on."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy2(REPO / "qrl10n.toml", root / "qrl10n.toml")
    for folder in ("source", "subtitles", "glossary", "po"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


def msgfmt_check(path: Path) -> None:
    """Fail the test with msgfmt's own message when ``msgfmt --check`` rejects ``path``."""
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, f"msgfmt --check {path}:\n{done.stderr}"


TINY_CONFIG = """
[course]
name = "Test course"

[[modules]]
id = "m1"
title = "Module one"

[languages]
active = ["es", "pl"]
planned = ["ar"]
"""


def make_project(root: Path, paragraphs: list[str]) -> Project:
    """A project whose one component's template holds ``paragraphs`` (no adapter involved)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "qrl10n.toml").write_text(TINY_CONFIG, encoding="utf-8")
    (root / "source" / "m1").mkdir(parents=True, exist_ok=True)
    (root / "source" / "m1" / "01-page.md").write_text("placeholder\n", encoding="utf-8")
    write_template(root, paragraphs)
    return Project(root)


def write_template(root: Path, paragraphs: list[str]) -> None:
    template = catalog.new_catalog()
    template.metadata = {"Project-Id-Version": "Test course m1", "MIME-Version": "1.0",
                         "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    for line, text in enumerate(paragraphs, start=1):
        template.append(catalog.new_entry(msgid=text, msgstr="", comment="paragraph",
                                          occurrences=[("source/m1/01-page.md", str(line))]))
    catalog.save(template, root / "po" / "templates" / "m1.pot")


def replace_a_translation(path: Path, msgstr: str) -> None:
    """A translator's edit: the second entry of a PO file gets ``msgstr`` as its translation."""
    text = path.read_text("utf-8")
    start = text.index('msgstr "', text.index("\nmsgid ", text.index("\nmsgid ") + 1))
    path.write_text(text[:start] + f'msgstr "{msgstr}"' + text[text.index("\n", start):], "utf-8")
