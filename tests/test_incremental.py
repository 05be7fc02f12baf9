"""Work in proportion to the change: after one translator's PO file changes, ``run`` checks
that file's changed entries only and renders that language's dashboard page only, and the
dashboard is what a run from scratch writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qrl10n.checks import course as course_checks
from qrl10n.dashboard import write as dashboard_write
from qrl10n.pipeline import run_pipeline
from qrl10n.project import Project

from conftest import replace_a_translation

EDITED = Path("po") / "fr" / "m1-human-rights.po"


def run(course: Path) -> dict[str, list]:
    return {name: results for name, results in run_pipeline(Project(course), jobs=1)}


def edit_one_translation(course: Path) -> None:
    replace_a_translation(course / EDITED, "Une traduction revue, revue")


def test_one_changed_po_file_is_checked_and_shown_alone(course, tmp_path, monkeypatch):
    monkeypatch.setenv("QRL10N_CACHE_DIR", str(tmp_path / "memory"))
    run(course)
    edit_one_translation(course)
    checked_files: list[Path] = []
    checked_entries: list[str] = []
    rendered: list[str] = []
    file_records, entry_findings = course_checks.file_records, course_checks.entry_findings
    render = dashboard_write.render_language
    monkeypatch.setattr(course_checks, "file_records",
                        lambda project, language, component, path, *a, **k:
                        checked_files.append(path) or file_records(project, language, component, path, *a, **k))
    monkeypatch.setattr(course_checks, "entry_findings",
                        lambda entry, context: checked_entries.append(entry.msgid) or entry_findings(entry, context))
    monkeypatch.setattr(dashboard_write, "render_language",
                        lambda site, stats, *a: rendered.append(stats.language.code) or render(site, stats, *a))
    changed = run(course)
    assert [p.resolve() for p in checked_files] == [(course / EDITED).resolve()]
    assert len(checked_entries) == 1
    assert rendered == ["fr"]
    assert {r.path.name for r in changed["dashboard"] if r.changed} >= {"fr.html"}
    incremental = {p.relative_to(course): p.read_bytes() for p in (course / "build" / "dashboard").rglob("*")
                   if p.is_file()}
    monkeypatch.undo()
    monkeypatch.setenv("QRL10N_CACHE_DIR", str(tmp_path / "fresh"))
    shutil.rmtree(course / "build")
    run(course)
    assert incremental == {p.relative_to(course): p.read_bytes() for p in (course / "build" / "dashboard").rglob("*")
                           if p.is_file()}


@pytest.mark.parametrize("language", ["fr"])
def test_a_deleted_language_page_is_written_again(course, tmp_path, monkeypatch, language):
    monkeypatch.setenv("QRL10N_CACHE_DIR", str(tmp_path / "memory"))
    run(course)
    page = course / "build" / "dashboard" / "lang" / f"{language}.html"
    before = page.read_bytes()
    page.unlink()
    edit_one_translation(course)  # something changed, so the dashboard stage runs
    run(course)
    assert page.is_file() and page.read_bytes() != before
