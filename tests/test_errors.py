"""Bad input: exit 2, a message naming the file and line, and no file half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n.cli import main

CONFIG = """[course]
name = "Test course"

[[modules]]
id = "m1"
title = "Module one"

[languages]
active = ["es"]
"""


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(root), *args])


def tiny(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "source" / "m1").mkdir(parents=True)
    (root / "qrl10n.toml").write_text(CONFIG, encoding="utf-8")
    return root


def test_markdown_that_is_not_utf8(tmp_path):
    root = tiny(tmp_path)
    (root / "source" / "m1" / "01-page.md").write_bytes("# Title\n\nCaf\xe9 and rights.\n".encode("latin-1"))
    result = run(root, "extract")
    assert result.exit_code == 2
    assert "source/m1/01-page.md:3: the file is not valid UTF-8" in result.output
    assert "Save the file as UTF-8" in result.output
    assert not (root / "po" / "templates" / "m1.pot").exists()


def test_broken_config_names_the_line(tmp_path):
    root = tiny(tmp_path)
    (root / "qrl10n.toml").write_text(CONFIG + "\n[thresholds\npublish_percent = 90\n", encoding="utf-8")
    result = run(root, "extract")
    assert result.exit_code == 2
    assert "qrl10n.toml:11: invalid TOML" in result.output


def test_module_id_cannot_escape_the_project(tmp_path):
    root = tiny(tmp_path)
    (root / "qrl10n.toml").write_text(CONFIG.replace('id = "m1"', 'id = "../../etc"'), encoding="utf-8")
    result = run(root, "extract")
    assert result.exit_code == 2
    assert "qrl10n.toml:5: module id '../../etc' is not a plain folder name" in result.output


def test_po_syntax_error_leaves_the_file_untouched(tmp_path, corpus):
    root = tiny(tmp_path)
    (root / "source" / "m1" / "01-page.md").write_text("# Title\n\nRights.\n", encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    broken = root / "po" / "es" / "m1.po"
    broken.parent.mkdir(parents=True)
    shutil.copy(corpus / "po" / "polib-tests" / "test_syntax_error1.po", broken)
    before = broken.read_bytes()
    result = run(root, "update", "es")
    assert result.exit_code == 2
    assert "po/es/m1.po:5: syntax error in the PO file" in result.output
    assert broken.read_bytes() == before
    assert not list(broken.parent.glob(".*.tmp"))


def test_unknown_language_code(tmp_path):
    root = tiny(tmp_path)
    result = run(root, "add-language", "xx-notreal")
    assert result.exit_code == 2
    assert "unknown language code" in result.output


def test_no_project_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 2
    assert "no qrl10n.toml found" in result.output


@pytest.mark.parametrize(("extra", "expected"), [
    ('[thresholds]\npublish_percent = "ninety"\n',
     "qrl10n.toml:12: [thresholds] publish_percent must be a number from 0 to 100, not 'ninety'."),
    ("[thresholds]\npublish_percent = 150\n", "qrl10n.toml:12: [thresholds] publish_percent must be a number"),
    ('[language.es.subtitles]\nmax_cps = "fast"\n',
     "qrl10n.toml:12: [language.es.subtitles] max_cps must be a positive number, not 'fast'."),
    ("[subtitles]\nmax_line_lenght = 30\n", "qrl10n.toml:12: [subtitles] max_line_lenght is not a subtitle setting."),
    ('[language.es.subtitles]\nsegmentation = "cue"\n',
     "[language.es.subtitles] segmentation can only be set for the whole course"),
    ("[language.es]\npublsh_percent = 80\n", "qrl10n.toml:12: [language.es] publsh_percent is not a language setting."),
])
def test_settings_of_the_wrong_kind_name_their_line(tmp_path, extra, expected):
    root = tiny(tmp_path)
    (root / "qrl10n.toml").write_text(CONFIG + "\n" + extra, encoding="utf-8")
    for command in ("status", "check", "build"):
        result = run(root, command)
        assert result.exit_code == 2, (command, result.output)
        assert expected in result.output and "Traceback" not in result.output
