"""Nothing lost: real SIGKILLs, a full disk, two runs at once, a translator saving mid-run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n.cli import main
from qrl10n.errors import ConcurrentChangeError
from qrl10n.files import project_lock
from qrl10n.formats.po import catalog
from qrl10n.update import update

from conftest import make_project, msgfmt_check, write_template

WORDS = "rights dignity recovery support choice community voice plan peer person capacity".split()


def big_paragraphs(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + f" ({i})."
            for i in range(count)]


def many_languages(root: Path) -> None:
    text = (root / "qrl10n.toml").read_text("utf-8")
    text = text.replace('active = ["es", "pl"]', 'active = ["es", "pl", "fr", "it", "cs", "tr", "et", "bs"]')
    (root / "qrl10n.toml").write_text(text, "utf-8")


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted((root / "po").rglob("*.po"))}


def test_sigkill_during_update_leaves_every_file_old_or_new(tmp_path):
    root = tmp_path / "c"
    project = make_project(root, big_paragraphs(900, 1))
    many_languages(root)
    update(type(project)(root))
    old = snapshot(root)
    write_template(root, big_paragraphs(900, 2))  # every entry changes: a heavy merge
    reference = tmp_path / "ref"
    shutil.copytree(root, reference)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "qrl10n", "--project", str(reference), "update"], check=True,
                   capture_output=True)
    duration = time.monotonic() - started
    new = snapshot(reference)
    assert old.keys() == new.keys(), (sorted(old), sorted(new))
    assert old != new

    rng = random.Random(7)
    for attempt in range(6):
        work = tmp_path / f"kill{attempt}"
        shutil.copytree(root, work)
        proc = subprocess.Popen([sys.executable, "-m", "qrl10n", "--project", str(work), "update"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name, data in snapshot(work).items():
            assert data in (old[name], new[name]), f"{name} is neither the old nor the new file"
        leftovers = [p for p in (work / "po").rglob("*") if p.name.endswith(".tmp")]
        assert all(p.name.startswith(".") for p in leftovers)  # only our hidden temporaries, never the PO
        # the next run completes the work and removes the killed run's temporaries
        subprocess.run([sys.executable, "-m", "qrl10n", "--project", str(work), "update"], check=True,
                       capture_output=True)
        assert snapshot(work) == new
        assert not [p for p in (work / "po").rglob("*") if p.name.endswith(".tmp")]


def test_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    project = make_project(tmp_path / "c", ["Dignity."])
    with project_lock(project.root):
        result = CliRunner().invoke(main, ["--project", str(project.root), "update"])
    assert result.exit_code == 2
    assert "another qrl10n command is running on this project" in result.output
    assert not (project.root / "po" / "es").exists()


def test_translator_saving_during_update_is_not_overwritten(tmp_path, monkeypatch):
    project = make_project(tmp_path / "c", ["Dignity.", "Recovery."])
    update(project, ("es",))
    write_template(project.root, ["Dignity.", "Recovery.", "Peer support."])
    path = project.po_path("es", project.components[0])
    saved_by_translator = path.read_text("utf-8").replace('msgid "Dignity."\nmsgstr ""', 'msgid "Dignity."\nmsgstr "Dignidad."')

    import qrl10n.update as stage
    real_merge = stage.merge

    def merge_while_translator_saves(*args, **kwargs):
        result = real_merge(*args, **kwargs)
        time.sleep(0.01)
        path.write_text(saved_by_translator, "utf-8")  # Poedit saves in the middle of our run
        return result

    monkeypatch.setattr(stage, "merge", merge_while_translator_saves)
    with pytest.raises(ConcurrentChangeError) as error:
        update(project, ("es",))
    assert str(path) in str(error.value) and "changed on disk" in str(error.value)
    assert path.read_text("utf-8") == saved_by_translator


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here to fill the disk")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_leaves_files_old_and_says_so(tiny_disk):
    root = tiny_disk / "c"
    project = make_project(root, big_paragraphs(60, 3))
    update(project, ("es",))
    old = snapshot(root)
    write_template(root, big_paragraphs(60, 4))
    filler = tiny_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 1024)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(filler, max(0, filler.stat().st_size - 4096))  # a few KiB free: less than the new file needs
    result = CliRunner().invoke(main, ["--project", str(root), "update", "es"])
    assert result.exit_code == 2
    assert "no space left on the device" in result.output
    assert snapshot(root) == old
    for path in (root / "po").rglob("*.po"):
        msgfmt_check(path)


def test_sigkill_during_build_leaves_every_page_and_subtitle_old_or_new(course, tmp_path):
    """The course's Spanish build, killed at random points while every page changes."""
    def built(root: Path) -> dict[Path, bytes]:
        return {p.relative_to(root): p.read_bytes() for p in sorted((root / "build" / "es").rglob("*")) if p.is_file()}

    def qrl10n_build(root: Path) -> None:
        subprocess.run([sys.executable, "-m", "qrl10n", "--project", str(root), "build", "es", "-j", "1"],
                       check=True, capture_output=True)

    qrl10n_build(course)
    old = built(course)
    for path in sorted((course / "po" / "es").glob("*.po")):  # every translation changes
        po = catalog.load(path)
        for entry in po:
            if entry.msgstr:
                entry.msgstr = "¡" + entry.msgstr
        catalog.save(po, path)
    reference = tmp_path / "reference"
    shutil.copytree(course, reference)
    started = time.monotonic()
    qrl10n_build(reference)
    duration = time.monotonic() - started
    new = built(reference)
    assert old.keys() == new.keys()
    changed = [k for k in old if old[k] != new[k]]
    assert len(changed) > 0.9 * len(old), sorted(set(old) - set(changed))

    rng = random.Random(11)
    for attempt in range(5):
        work = tmp_path / f"kill{attempt}"
        shutil.copytree(course, work)
        proc = subprocess.Popen([sys.executable, "-m", "qrl10n", "--project", str(work), "build", "es", "-j", "1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name, data in built(work).items():
            if name.name.startswith("."):
                continue  # our hidden temporary, never a page
            assert data in (old[name], new[name]), f"{name} is neither the old nor the new file"
        qrl10n_build(work)  # the next run completes the work and leaves no temporary behind
        assert built(work) == new
