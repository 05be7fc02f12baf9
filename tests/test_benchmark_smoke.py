"""The benchmark runs end to end at a tiny scale and writes its table (no timing is asserted)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAKE_CORPUS = Path(os.environ.get("QRL10N_SHARED", REPO.parent / "shared")) / "bench" / "make_corpus.py"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    if not MAKE_CORPUS.exists():
        pytest.skip("../shared/bench is not available")
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import bench
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    work, out = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("out")
    code = bench.main(["--scale", "0.01", "--runs", "1", "--no-anchors", "--quiet", "--work", str(work),
                       "--out", str(out), "--skip", "update-all"])
    assert code == 0
    return json.loads((out / "results.json").read_text("utf-8")), (out / "results.md").read_text("utf-8")


def test_every_row_ran_and_succeeded(results: tuple[dict, str]) -> None:
    data, _ = results
    rows = {row["id"]: row for row in data["scales"][0]["rows"]}
    for expected in ("help", "status", "status-again", "status-counts", "check", "check-again", "extract", "update",
                     "build", "dashboard", "run-unchanged", "run-one-page", "run-one-po", "glossary-check",
                     "glossary-check-again"):
        assert expected in rows, expected
        assert rows[expected]["ours"]["failed"] == "", rows[expected]["ours"]["failed"]
        assert rows[expected]["ours"]["median"] is not None
        assert rows[expected]["ours"]["peak_mb"] > 0
        assert rows[expected]["ours"]["sum_mb"] >= rows[expected]["ours"]["peak_mb"]


def test_table_names_date_machine_and_tasks(results: tuple[dict, str]) -> None:
    data, table = results
    assert data["date"] in table and data["machine"] in table
    assert "| 0.01 | extract all pages |" in table
    assert "`qrl10n run`, nothing changed" in table
