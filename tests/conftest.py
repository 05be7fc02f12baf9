"""Shared fixtures: the real corpus in ../shared/corpus and a throw-away copy of the course."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, or skip the test when it is not beside the repository."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


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
