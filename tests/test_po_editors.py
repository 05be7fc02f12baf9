"""No churn, nothing lost, whatever saved the file.

A translator's tool saves a PO file its own way: msgcat and msgmerge (gettext, Poedit), Weblate
(translate-toolkit's writer), polib. When the content is right, ``update --check`` passes and
``update`` leaves the file alone ("layout only"); when a tool dropped something qrl10n owns
(max-length flags, ``#. glossary:`` hints), ``update`` and ``glossary annotate`` bring it back;
what translators own (translations, a suppression as ``# qrl10n: ignore <check>``) survives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from translate.storage import pypo

from qrl10n.cli import main
from qrl10n.formats.po import catalog

LANG = "fr"  # a language with check findings, glossary hints and videos
needs_gettext = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")


def qrl10n(root: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(root), *args], catch_exceptions=False)


def po_files(root: Path) -> list[Path]:
    return sorted((root / "po" / LANG).glob("*.po"))


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in po_files(root)}


def findings(root: Path) -> list[tuple[str, str, str]]:
    done = qrl10n(root, "check", LANG, "--format", "json")
    return sorted((f["check"], f["source"], f["message"]) for f in json.loads(done.stdout))


def save_as_weblate(path: Path) -> None:
    """translate-toolkit's PO writer, which Weblate uses for every commit it makes, with the
    header lines Weblate rewrites its own way (team, plural formula, revision, generator)."""
    store = pypo.pofile.parsefile(str(path))
    store.updateheader(add=True, Language_Team="French <https://weblate.example.org/projects/qualityrights/>",
                       PO_Revision_Date="2026-11-30 10:00+0000", Last_Translator="Translator <t@example.org>",
                       X_Generator="Weblate 5.14")
    store.updateheaderplural(2, "n > 1")
    path.write_bytes(bytes(store))


def save_as_polib(path: Path) -> None:
    polib.pofile(str(path)).save(str(path))


@pytest.mark.parametrize("save", [save_as_weblate, save_as_polib], ids=["weblate", "polib"])
def test_a_file_another_writer_saved_is_left_as_it_is(course, save):
    before_findings = findings(course)
    original = snapshot(course)
    for path in po_files(course):
        save(path)
    saved = snapshot(course)
    assert saved != original  # the writer laid some files out its own way
    check = qrl10n(course, "update", LANG, "--check")
    assert check.exit_code == 0, check.output
    assert qrl10n(course, "update", LANG).exit_code == 0
    assert snapshot(course) == saved  # no churn: the tool's next save and ours never undo each other
    assert findings(course) == before_findings


def test_weblate_and_polib_layouts_are_reported_as_layout_only(course):
    path = course / "po" / LANG / "a1-peer-support-videos.po"
    save_as_polib(path)
    done = qrl10n(course, "update", LANG, "--check")
    assert done.exit_code == 0
    assert "a1-peer-support-videos.po: layout only" in done.output


@needs_gettext
def test_msgmerge_drops_what_qrl10n_owns_and_qrl10n_brings_it_back(course):
    """Weblate's msgmerge add-on and Poedit's "Update from POT" run msgmerge: it drops the
    max-length flags and the glossary hints; update restores the flags from the templates,
    glossary annotate the hints, and the files are again what they were."""
    original = snapshot(course)
    before_findings = findings(course)
    for path in po_files(course):
        template = course / "po" / "templates" / (path.stem + ".pot")
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(path), str(path), str(template)], check=True)
    assert snapshot(course) != original
    assert "glossary:" not in (course / "po" / LANG / "m3-recovery.po").read_text("utf-8")
    done = qrl10n(course, "update", LANG, "--check")
    assert done.exit_code == 1 and "+#, max-length:" in done.output  # says what would change
    assert qrl10n(course, "update", LANG).exit_code == 0
    assert qrl10n(course, "glossary", "annotate", LANG).exit_code == 0
    assert snapshot(course) == original
    assert findings(course) == before_findings
    assert qrl10n(course, "update", LANG, "--check").exit_code == 0


@needs_gettext
def test_msgcat_keeps_a_suppression_written_as_a_translator_comment(course):
    path = course / "po" / LANG / "m3-recovery.po"
    po = catalog.load(path)
    flagged = [f for f in findings(course) if f[1] in {e.msgid for e in po}]
    assert flagged, "the test needs a finding in m3-recovery.po"
    check_id, source, _ = flagged[0]
    entry = next(e for e in po if e.msgid == source)
    entry.tcomment = f"qrl10n: ignore {check_id}"
    catalog.save(po, path)
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    assert f"# qrl10n: ignore {check_id}" in path.read_text("utf-8")
    assert (check_id, source) not in {(c, s) for c, s, _ in findings(course)}
    assert qrl10n(course, "update", LANG).exit_code == 0
    assert f"# qrl10n: ignore {check_id}" in path.read_text("utf-8")


def test_update_joins_a_glossary_hint_an_editor_wrapped(course):
    """polib wraps a long '#. glossary:' hint onto two '#.' lines; the file is left as it is
    while its content is right, and when update does rewrite it the hint is whole again."""
    path = course / "po" / LANG / "m3-recovery.po"
    before = catalog.load(path)
    hints = {e.msgid: [c for c in e.comment.split("\n") if c.startswith("glossary:")] for e in before}
    assert any(len(c) > 60 for h in hints.values() for c in h), "the test needs a hint longer than 60 columns"
    wrapped = polib.pofile(str(path), wrapwidth=60)
    removed = wrapped.pop(-1).msgid  # update will have to write the file: one entry is missing
    wrapped.save(str(path))
    assert qrl10n(course, "update", LANG).exit_code == 0
    after = catalog.load(path)
    hints.pop(removed)
    assert {e.msgid: [c for c in e.comment.split("\n") if c.startswith("glossary:")]
            for e in after if e.msgid != removed} == hints
