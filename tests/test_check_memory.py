"""Remembered findings change nothing: check, glossary check and status answer the same cold,
warm and after a file changed; a changed term base, qrl10n.toml, tool version or check setting
is never answered from memory; ``check FILE.po`` inside a course is ``check LANG`` for that file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n import cache, checks
from qrl10n.checks.registry import Rule
from qrl10n.cli import main

from conftest import replace_a_translation

LANGS = ("fr", "pl")  # fr has glossary findings, pl subtitle ones
VIDEOS = Path("po") / "pl" / "m3-recovery-videos.po"
PAGES = Path("po") / "pl" / "m1-human-rights.po"


def qrl10n(course: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--project", str(course), *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def answers(course: Path) -> dict[str, object]:
    return {"check": json.loads(qrl10n(course, "check", *LANGS, "--format", "json")),
            "glossary": json.loads(qrl10n(course, "glossary", "check", *LANGS, "--format", "json")),
            "status": json.loads(qrl10n(course, "status", *LANGS, "--format", "json"))}


def fresh_memory(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("QRL10N_CACHE_DIR", str(folder))


def break_one_translation(course: Path) -> None:
    """A translator's edit: one translated entry gets a doubled word and loses its end mark."""
    replace_a_translation(course / PAGES, "to to jest zmienione")


def remembered_then_fresh(course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """The answers with what was remembered, asserted equal to the answers from nothing."""
    warm = answers(course)
    fresh_memory(monkeypatch, tmp_path / "fresh")
    assert warm == answers(course)
    return warm


def test_cold_warm_and_one_changed_file_answer_the_same(course, tmp_path, monkeypatch):
    fresh_memory(monkeypatch, tmp_path / "memory")
    cold = answers(course)
    assert cold["check"] and cold["glossary"], "the course has findings to remember"
    assert answers(course) == cold
    break_one_translation(course)
    after_change = answers(course)
    assert after_change != cold
    fresh_memory(monkeypatch, tmp_path / "fresh")
    assert answers(course) == after_change


def test_a_changed_term_base_is_not_answered_from_memory(course, tmp_path, monkeypatch):
    fresh_memory(monkeypatch, tmp_path / "memory")
    before = answers(course)
    tbx = course / "glossary" / "terms.tbx"
    text = tbx.read_text("utf-8")
    term = before["glossary"][0]["expected"]  # the concept of a finding leaves the term base
    start = text.rindex("<termEntry", 0, text.index(f">{term}<"))
    tbx.write_text(text[:start] + text[text.index("</termEntry>", start) + len("</termEntry>"):], "utf-8")
    assert remembered_then_fresh(course, tmp_path, monkeypatch)["glossary"] != before["glossary"]


def test_a_changed_check_setting_is_not_answered_from_memory(course, tmp_path, monkeypatch):
    fresh_memory(monkeypatch, tmp_path / "memory")
    before = answers(course)
    config = course / "qrl10n.toml"
    config.write_text(config.read_text("utf-8") + '\n[language.pl]\nlength_ratio = [0.99, 1.01]\n'
                      'disable_checks = ["doubled-words"]\n', "utf-8")
    assert remembered_then_fresh(course, tmp_path, monkeypatch)["check"] != before["check"]


def test_a_new_tool_version_is_not_answered_from_memory(course, tmp_path, monkeypatch):
    fresh_memory(monkeypatch, tmp_path / "memory")
    before = json.loads(qrl10n(course, "check", "pl", "--format", "json"))
    loud = Rule("numbers", "warning", "entries", "numbers", "numbers", lambda s, t, c: ["always"])
    monkeypatch.setattr(checks, "CHECKS", tuple(loud if r.id == "numbers" else r for r in checks.CHECKS))
    assert json.loads(qrl10n(course, "check", "pl", "--format", "json")) == before  # same version: remembered
    monkeypatch.setattr(cache, "__version__", "999.0")
    monkeypatch.setattr(cache, "_TOOL", [])
    after = json.loads(qrl10n(course, "check", "pl", "--format", "json"))
    assert sum(f["check"] == "numbers" for f in after) > sum(f["check"] == "numbers" for f in before)


def same_as_language(course: Path, language: str, relative: Path) -> list[dict]:
    whole = json.loads(qrl10n(course, "check", language, "--format", "json"))
    alone = json.loads(qrl10n(course, "check", str(course / relative), "--format", "json"))
    assert alone == [f for f in whole if f["path"] == relative.as_posix()]
    return alone


def test_check_of_one_videos_file_keeps_the_subtitle_limits(course):
    replace_a_translation(course / VIDEOS, "Bardzo długie tłumaczenie, które nie mieści się w żadnym napisie, " * 4)
    alone = same_as_language(course, "pl", VIDEOS)
    assert any(f["check"].startswith("subtitle-") for f in alone)


def test_check_of_one_pages_file_keeps_the_glossary(course):
    found = json.loads(qrl10n(course, "glossary", "check", "fr", "--format", "json"))
    relative = Path(found[0]["path"])
    alone = same_as_language(course, "fr", relative)
    assert any(f["check"].startswith("glossary-") for f in alone)


def test_each_language_remembers_its_findings_apart(course, tmp_path, monkeypatch):
    """A course of many languages never loads every language's findings at once: a changed file
    of one language leaves the other language's memory as it was."""
    fresh_memory(monkeypatch, tmp_path / "memory")
    legacy = cache.FileMemo.where(course.resolve(), "check")
    legacy.parent.mkdir(parents=True)
    legacy.write_text("{}", "utf-8")  # one file for all languages, as earlier versions kept it
    before = json.loads(qrl10n(course, "check", *LANGS, "--format", "json"))
    memos = {code: cache.FileMemo.where(course.resolve(), f"check-{code}") for code in LANGS}
    assert all(path.is_file() for path in memos.values()) and not legacy.exists()
    french = memos["fr"].read_bytes()
    break_one_translation(course)  # a Polish file
    after = json.loads(qrl10n(course, "check", *LANGS, "--format", "json"))
    assert memos["fr"].read_bytes() == french
    assert [f for f in after if f["language"] == "fr"] == [f for f in before if f["language"] == "fr"]
    assert [f for f in after if f["language"] == "pl"] != [f for f in before if f["language"] == "pl"]


def test_json_printed_language_by_language_is_the_whole_list(course, tmp_path, monkeypatch):
    """``check --format json`` prints a course's findings as each language's come (so memory
    holds one language); the text is the list ``check`` returns, laid out at once."""
    from qrl10n import report
    from qrl10n.project import Project
    fresh_memory(monkeypatch, tmp_path / "memory")
    template = next((course / "po" / "templates").glob("*.pot"))  # an English finding merged in
    template.write_text(template.read_text("utf-8") + '\nmsgid "Care for the mentally ill"\nmsgstr ""\n', "utf-8")
    printed = qrl10n(course, "check", "--format", "json")
    findings = checks.check(Project(course))
    assert findings and printed == report.to_json(findings, root=course.resolve())
    assert len({f.language for f in findings}) > 1, "findings of several languages, merged in order"
    assert any(f.path == template for f in findings)
    for batch in (1, 2, 7):
        assert "".join(report.json_pieces(findings, root=course.resolve(), batch=batch)) == printed
    assert "".join(report.json_pieces([], root=course)) == report.to_json([], root=course) == "[]\n"
