"""run: the whole pipeline on the course; a second run changes nothing, a one-page change
touches only what depends on that page."""

from __future__ import annotations

from click.testing import CliRunner

from qrl10n.cli import main
from qrl10n.pipeline import run_pipeline
from qrl10n.project import Project


def stages(course) -> dict[str, list]:
    return {name: [r for r in results if r.changed] for name, results in run_pipeline(Project(course), jobs=1)}


def test_run_builds_everything_then_nothing_changes(course):
    result = CliRunner().invoke(main, ["--project", str(course), "run"])
    assert result.exit_code == 0, result.output
    assert (course / "build" / "es" / "modules" / "m1-human-rights" / "01-why-human-rights.html").is_file()
    assert (course / "build" / "ar" / "subtitles" / "m1-human-rights" / "01-why-human-rights-matter.vtt").is_file()
    assert (course / "build" / "dashboard" / "index.html").is_file()
    again = CliRunner().invoke(main, ["--project", str(course), "run"])
    assert again.exit_code == 0
    assert [line.split(":")[1].split(" of ")[0].strip() for line in again.output.splitlines()] == ["0"] * 5


def test_one_changed_page_rereads_only_its_module(course):
    stages(course)
    page = course / "source" / "m3-recovery" / "01-recovery-personal-journey.md"
    page.write_text(page.read_text("utf-8") + "\nA new paragraph on recovery and human rights.\n", "utf-8")
    changed = stages(course)
    assert {r.path.name for r in changed["extract"]} == {"m3-recovery.pot"}
    assert {r.path.name for r in changed["update"]} == {"m3-recovery.po"}
    assert changed["glossary annotate"] and {r.path.name for r in changed["glossary annotate"]} == {"m3-recovery.po"}
    assert {r.path.parent.name for r in changed["build"] if r.path.suffix == ".md"} == {"m3-recovery"}
