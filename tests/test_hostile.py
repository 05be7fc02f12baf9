"""Hostile or runaway input: files far too large, endless lines, symlinks out of the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_errors import CONFIG, run

from qrl10n import catalog
from qrl10n.files import MAX_INPUT_BYTES


def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "source" / "m1").mkdir(parents=True)
    (root / "subtitles" / "en" / "m1").mkdir(parents=True)
    (root / "qrl10n.toml").write_text(CONFIG, encoding="utf-8")
    (root / "source" / "m1" / "01-page.md").write_text("# Title\n\nRights for all.\n", encoding="utf-8")
    return root


def sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (a hole), as large as the test needs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


def test_a_po_file_of_hundreds_of_megabytes_is_refused_before_it_is_read(tmp_path):
    root = course(tmp_path)
    assert run(root, "extract").exit_code == 0
    huge = root / "po" / "es" / "m1.po"
    sparse(huge, 300 * 1024 * 1024)
    for command in (("update", "es"), ("status",), ("check", "es"), ("build", "es")):
        result = run(root, *command)
        assert result.exit_code == 2, (command, result.output)
        assert "po/es/m1.po: the file is 315 MB; qrl10n reads files up to 64 MB." in result.output
        assert "Traceback" not in result.output
    assert huge.stat().st_size == 300 * 1024 * 1024  # left alone


def test_a_huge_subtitle_file_and_page_are_refused_with_their_path(tmp_path):
    root = course(tmp_path)
    sparse(root / "subtitles" / "en" / "m1" / "01-video.srt", MAX_INPUT_BYTES + 1)
    result = run(root, "extract")
    assert result.exit_code == 2 and "subtitles/en/m1/01-video.srt: the file is" in result.output
    assert not (root / "po" / "templates" / "m1-videos.pot").exists()
    (root / "subtitles" / "en" / "m1" / "01-video.srt").unlink()
    (root / "po" / "templates" / "m1.pot").unlink()
    sparse(root / "source" / "m1" / "02-page.md", MAX_INPUT_BYTES + 1)
    result = run(root, "extract")
    assert result.exit_code == 2 and "source/m1/02-page.md: the file is" in result.output
    assert not (root / "po" / "templates" / "m1.pot").exists()


def test_a_million_character_line_goes_through_the_pipeline_in_bounded_memory(tmp_path):
    """One paragraph and one subtitle cue of a million characters: extracted, merged, built,
    in a child process whose peak memory is measured."""
    root = course(tmp_path)
    words = ("dignity " * 125_000).strip()  # 1,000,000 characters, one line
    (root / "source" / "m1" / "01-page.md").write_text(f"# Title\n\n{words}\n", encoding="utf-8")
    (root / "subtitles" / "en" / "m1" / "01-video.srt").write_text(
        f"1\n00:00:01,000 --> 00:00:09,000\n{words}\n", encoding="utf-8")
    script = ("import resource, sys\nfrom qrl10n.cli import main\n"
              "try:\n    main(['--project', sys.argv[1], 'run'])\nexcept SystemExit as e:\n    code = e.code\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True,
                          env={**os.environ, "QRL10N_JOBS": "1"}, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    peak_mb = int(done.stdout.strip().splitlines()[-1])
    assert peak_mb < 400, f"peak memory {peak_mb} MB for a 1 MB line"
    po = catalog.load(root / "po" / "es" / "m1.po")
    assert any(len(e.msgid) == len(words) for e in po)
    assert words in (root / "build" / "es" / "modules" / "m1" / "01-page.md").read_text("utf-8")
    built = (root / "build" / "es" / "subtitles" / "m1" / "01-video.srt").read_text("utf-8")
    assert " ".join(built.split("\n", 2)[2].split()) == words  # no word dropped


def test_a_source_symlinked_from_outside_the_project_is_refused(tmp_path):
    root = course(tmp_path)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Secret\n", encoding="utf-8")
    (root / "source" / "m1" / "02-link.md").symlink_to(outside)
    result = run(root, "extract")
    assert result.exit_code == 2
    assert "source/m1/02-link.md: this path points outside the project folder." in result.output
    assert not (root / "po" / "templates" / "m1.pot").exists()


def test_a_po_folder_symlinked_outside_is_not_written_through(tmp_path):
    root = course(tmp_path)
    assert run(root, "extract").exit_code == 0
    outside = tmp_path / "outside-po"
    outside.mkdir()
    (root / "po" / "es").symlink_to(outside)
    result = run(root, "update", "es")
    assert result.exit_code == 2, result.output
    assert "points outside the project folder" in result.output
    assert list(outside.iterdir()) == []
