"""status and history: the numbers coordinators publish by, checked against independent counts.

The fast counting scanner (qrl10n.poscan) must agree with polib entry by entry, and with
``msgfmt --statistics`` message counts, on every real PO file of the corpus and on the course.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from qrl10n import catalog, history, poscan, status
from qrl10n.cli import main
from qrl10n.errors import CatalogError
from qrl10n.project import Project

from conftest import CORPUS, corpus_cases

CORPUS_PO = CORPUS / "po"
CORPUS_FILES = sorted([*CORPUS_PO.rglob("*.po"), *CORPUS_PO.rglob("*.pot")]) if CORPUS_PO.is_dir() else []

CONFIG = """
[course]
name = "Status test"

[[modules]]
id = "m1"
title = "Module one"

[languages]
active = ["es", "fr"]
planned = ["ar"]

[thresholds]
publish_percent = 60

[language.fr]
publish_percent = 40
"""

#: (English source, words) in the template of m1, and each language's (state, translation) for it.
SOURCE = [("Human rights belong to everyone.", 5),
          ("Read the [Convention](https://www.ohchr.org/crpd) first.", 4),
          ("Recovery is a **personal** journey.", 5),
          ("Peer support helps.", 3)]
FILLS = {
    "es": [("t", "Los derechos humanos son de todas las personas."), ("t", "Lea primero la [Convención](https://www.ohchr.org/crpd)."),
           ("m", "La recuperación es un camino **personal**."), ("u", "")],
    "fr": [("t", "Les droits humains appartiennent à tous."), ("f", "Lisez d'abord la Convention."),
           ("u", ""), ("u", "")],
}


def make_project(root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "qrl10n.toml").write_text(CONFIG, encoding="utf-8")
    (root / "source" / "m1").mkdir(parents=True)
    (root / "source" / "m1" / "01-page.md").write_text("\n\n".join(text for text, _ in SOURCE) + "\n", "utf-8")
    catalog.save(_catalog([("u", "")] * len(SOURCE)), root / "po" / "templates" / "m1.pot")
    for lang, fills in FILLS.items():
        catalog.save(_catalog(fills), root / "po" / lang / "m1.po")
    return Project(root)


def _catalog(fills: list[tuple[str, str]]) -> catalog.Catalog:
    po = catalog.new_catalog()
    po.metadata = {"MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit"}
    for (text, _), (state, translation) in zip(SOURCE, fills):
        entry = catalog.new_entry(msgid=text, msgstr=translation,
                                  comment="machine translation: deepl" if state == "m" else "paragraph")
        if state in "fm":
            entry.flags.append("fuzzy")
        po.append(entry)
    return po


# -- the scanner against polib and msgfmt ----------------------------------------------------
def _polib_view(path: Path) -> list[tuple]:
    """What status must see in a file, parsed by polib itself and classified by qrl10n.catalog."""
    view = []
    for entry in catalog.live_entries(polib.pofile(str(path))):
        if catalog.is_translated(entry):
            state = "translated"
        elif catalog.is_fuzzy(entry) and catalog.translation(entry):
            state = "fuzzy"
        else:
            state = "untranslated"
        machine = state == "fuzzy" and "machine translation" in (entry.comment or "")
        view.append((entry.msgctxt, entry.msgid, catalog.translation(entry), state, machine))
    return view


@pytest.mark.parametrize("path", corpus_cases(CORPUS_FILES, lambda p: p.relative_to(CORPUS_PO).as_posix()))
def test_scanner_agrees_with_polib_on_every_corpus_file(path):
    try:
        expected = _polib_view(path)
    except Exception as exc:  # files polib itself rejects (syntax errors, wrong charset): nothing to compare
        pytest.skip(f"polib cannot read it: {exc}")
    units = poscan.units(poscan.read_po_text(path))
    assert [(u.msgctxt, u.source, u.translation, u.state, u.machine) for u in units] == expected
    entries, words = status.count_file(path)
    assert entries.total == len(expected)
    assert (entries.translated, entries.fuzzy, entries.untranslated) == tuple(
        sum(1 for e in expected if e[3] == state) for state in ("translated", "fuzzy", "untranslated"))
    assert words.translated == sum(status.count_words(e[1]) for e in expected if e[3] == "translated")


def msgfmt_statistics(path: Path) -> dict[str, int] | None:
    """msgfmt's own message counts, or None when msgfmt rejects the file."""
    done = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True,
                          text=True, env={**os.environ, "LC_ALL": "C"})
    if done.returncode != 0:
        return None
    found = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr)}
    return {kind: found.get(kind, 0) for kind in ("translated", "fuzzy", "untranslated")}


def msgfmt_view(path: Path) -> dict[str, int]:
    """Our counts expressed the way msgfmt counts: it calls a plural translated when msgstr[0] is
    set (we need every form), and counts an empty header as an untranslated message."""
    entries, _ = status.count_file(path)
    counts = {"translated": entries.translated, "fuzzy": entries.fuzzy, "untranslated": entries.untranslated}
    text = poscan.read_po_text(path)
    po = polib.pofile(text) if "msgid_plural" in text else None
    for entry in catalog.live_entries(po) if po else ():
        partial = entry.msgid_plural and "fuzzy" not in entry.flags and entry.msgstr_plural.get(0) \
            and not catalog.is_translated(entry)
        if partial:
            counts["translated"] += 1
            counts["untranslated"] -= 1
    header = next((e for e in poscan.scan(text) if e.msgid == "" and e.msgctxt is None), None)
    if header is not None and not header.msgstr:
        counts["untranslated"] += 1
    return counts


@pytest.mark.parametrize("path", corpus_cases(CORPUS_FILES, lambda p: p.relative_to(CORPUS_PO).as_posix()))
def test_counts_equal_msgfmt_statistics_on_corpus(path):
    expected = msgfmt_statistics(path)
    if expected is None:
        pytest.skip("msgfmt rejects this file")
    assert msgfmt_view(path) == expected


def test_counts_equal_msgfmt_statistics_on_the_course(course):
    """Every PO file of the course (made by extract and update when po/ holds none yet)."""
    project = Project(course)
    files = sorted(project.po_dir.glob("*/*.po"))
    if not files:
        from qrl10n.extract import extract
        from qrl10n.update import update
        extract(project)
        update(project)
        files = sorted(project.po_dir.glob("*/*.po"))
    if not files:
        pytest.skip("the course has no components yet")
    for path in [*files, *sorted(project.templates_dir.glob("*.pot"))]:
        expected = msgfmt_statistics(path)
        assert expected is not None, f"msgfmt rejects {path}"
        assert msgfmt_view(path) == expected, path
    for lang in status.as_json(status.status(project))["languages"]:  # status reports those same numbers
        for comp in lang["components"]:
            path = project.po_dir / lang["code"] / f"{comp['name']}.po"
            if comp["exists"]:
                entries, words = status.count_file(path)
                assert comp["entries"] == entries.as_dict() and comp["words"] == words.as_dict(), path


def test_scanner_reads_escapes_contexts_plurals_and_obsolete_entries(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language-Team: Team <a@b.c>\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#~ msgid "old"\n#~ msgstr "viejo"\n\n'
        'msgctxt "menu"\nmsgid "Say \\"hi\\"\\n"\nmsgstr "Di \\"hola\\"\\n"\n\n'
        '#. machine translation: deepl\n#, fuzzy\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "uno"\nmsgstr[1] ""\n\n'
        'msgid "two"\nmsgid_plural "twos"\nmsgstr[0] "dos"\nmsgstr[1] ""\n', encoding="utf-8")
    units = poscan.units(poscan.read_po_text(path))
    assert [(u.msgctxt, u.source, u.translation, u.state, u.machine, u.line) for u in units] == [
        ("menu", 'Say "hi"\n', 'Di "hola"\n', "translated", False, 10),
        (None, "one", "uno", "fuzzy", True, 16),
        (None, "two", "dos", "untranslated", False, 21),  # a plural needs every form
    ]
    assert poscan.metadata(poscan.read_po_text(path))["Language-Team"] == "Team <a@b.c>"


def test_undecodable_file_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(CatalogError) as info:
        status.count_file(path)
    assert f"{path}:5:" in str(info.value)


def test_a_file_msgfmt_rejects_is_refused_not_counted_as_complete(tmp_path, corpus):
    """Merge-conflict markers or a syntax error: exit 2 naming the line, never "100% ready"."""
    project = make_project(tmp_path / "p")
    path = project.root / "po" / "es" / "m1.po"
    text = path.read_text("utf-8")
    cut = text.index("\nmsgid", text.index("msgid") + 5)
    path.write_text(text[:cut] + "\n<<<<<<< HEAD\n" + text[cut:], "utf-8")
    line = text[:cut].count("\n") + 2
    result = CliRunner().invoke(main, ["--project", str(project.root), "status", "--no-findings", "es"])
    assert result.exit_code == 2
    assert f"po/es/m1.po:{line}: this line is not PO syntax ('<<<<<<< HEAD')." in result.output
    shutil.copy(corpus / "po" / "polib-tests" / "test_syntax_error1.po", path)
    result = CliRunner().invoke(main, ["--project", str(project.root), "status", "--no-findings", "es"])
    assert result.exit_code == 2 and "po/es/m1.po:" in result.output and "ready" not in result.output


# -- status on a project ---------------------------------------------------------------------
def test_status_json_counts_words_machine_apart_and_thresholds(tmp_path):
    project = make_project(tmp_path / "p")
    document = status.as_json(status.status(project))
    by_code = {lang["code"]: lang for lang in document["languages"]}
    assert list(by_code) == ["es", "fr", "ar"]
    es, fr, ar = by_code["es"], by_code["fr"], by_code["ar"]
    assert es["entries"] == {"total": 4, "translated": 2, "fuzzy": 1, "untranslated": 1}
    assert es["words"] == {"total": 17, "translated": 9, "fuzzy": 5, "untranslated": 3}
    assert es["machine"] == {"entries": 1, "words": 5}
    assert es["percent"] == round(100 * 9 / 17, 2) and es["threshold"] == 60 and es["ready"] is False
    assert fr["words"]["translated"] == 5 and fr["machine"] == {"entries": 0, "words": 0}
    assert fr["threshold"] == 40 and fr["ready"] is False  # 29.41% < 40
    assert ar["state"] == "planned" and ar["ready"] is False
    assert ar["words"] == {"total": 17, "translated": 0, "fuzzy": 0, "untranslated": 17}
    assert ar["components"][0]["exists"] is False
    assert es["components"][0] | {"findings": None} == {
        "name": "m1", "kind": "pages", "entries": es["entries"], "words": es["words"], "percent": es["percent"],
        "machine": {"entries": 1, "words": 5}, "exists": True, "findings": None}
    assert es["kinds"]["pages"]["percent"] == es["percent"] and "videos" not in es["kinds"]


@pytest.mark.parametrize("args,exit_code,named", [
    (["--fail-under", "50"], 1, ["fr"]),  # es 52.94%, fr 29.41%; planned ar is never a failure
    (["--fail-under", "60"], 1, ["es", "fr"]),
    (["--fail-under", "20"], 0, []),
    (["es", "--fail-under", "50"], 0, []),
])
def test_fail_under_exits_1_and_names_the_languages(tmp_path, args, exit_code, named):
    project = make_project(tmp_path / "p")
    done = CliRunner().invoke(main, ["--project", str(project.root), "status", "--no-findings", *args])
    assert done.exit_code == exit_code, done.output
    for code in ("es", "fr"):
        assert (f"qrl10n: {code} (" in done.stderr) == (code in named)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_status_formats(tmp_path, fmt):
    project = make_project(tmp_path / "p")
    done = CliRunner().invoke(main, ["--project", str(project.root), "status", "--format", fmt, "-c"])
    assert done.exit_code == 0, done.output
    out = done.stdout
    if fmt == "json":
        assert [lang["code"] for lang in json.loads(out)["languages"]] == ["es", "fr", "ar"]
    elif fmt == "csv":
        rows = [line.split(",") for line in out.splitlines()]
        assert rows[0][:5] == ["language", "name", "state", "component", "kind"]
        assert ["es", "Spanish", "active", "m1", "pages", "4", "2", "1", "1", "1"] == rows[1][:10]
        assert rows[2][3:5] == ["", "all"] and rows[-1][:3] == ["ar", "Arabic", "planned"]
    else:
        lines = out.splitlines()
        assert lines[0].split()[:3] == ["language", "state", "words"]
        # words, translated, fuzzy (human), machine, untranslated: 17 = 9 + 0 + 5 + 3
        assert re.match(r"es Spanish\s+active\s+17\s+9\s+0\s+5\s+3\s+52\.9%\s+-\s+52\.9%", lines[1]), lines[1]
        assert lines[2].split()[0] == "m1"  # component line under its language
        assert lines[-2].split()[-1] == "planned"


def test_findings_are_counted_per_language_and_component(tmp_path):
    project = make_project(tmp_path / "p")
    po_path = project.root / "po" / "es" / "m1.po"
    po = catalog.load(po_path)
    po[1].msgstr = "Lea primero la Convención."  # the Markdown link is lost: an error-level finding
    catalog.save(po, po_path)
    stats = {s.language.code: s for s in status.status(project, findings=True)}
    es = stats["es"]
    assert es.findings is not None and es.findings.checks >= 1 and es.findings.errors >= 1
    assert es.components[0].findings.checks == es.findings.checks
    assert stats["ar"].findings.checks == 0
    assert status.status(project)[0].findings is None  # not asked: not computed


def test_status_is_read_only(tmp_path):
    project = make_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    CliRunner().invoke(main, ["--project", str(project.root), "status"])
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()} == before


# -- history ---------------------------------------------------------------------------------
def _git(root: Path, *args: str, when: str = "2024-01-01T00:00:00Z") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _translate(project: Project, lang: str, index: int, text: str) -> None:
    path = project.po_path(lang, project.components[0])
    po = catalog.load(path)
    entry = list(catalog.live_entries(po))[index]
    entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    catalog.save(po, path)


def test_history_follows_commits_and_caches_them(tmp_path):
    project = make_project(tmp_path / "p")
    _git(project.root, "init", "-q")
    _git(project.root, "add", ".")
    _git(project.root, "commit", "-q", "-m", "start", when="2024-01-01T10:00:00Z")
    _translate(project, "fr", 1, "Lisez d'abord la [Convention](https://www.ohchr.org/crpd).")
    _git(project.root, "commit", "-q", "-am", "fr", when="2024-02-01T10:00:00Z")
    (project.root / "README.md").write_text("not po\n", encoding="utf-8")
    _git(project.root, "add", "README.md")
    _git(project.root, "commit", "-q", "-m", "no po change", when="2024-02-15T10:00:00Z")

    points = history.history(project)
    assert [p.date for p in points] == ["2024-01-01", "2024-02-01"]  # commits that touched po/ only
    assert [p.languages["fr"].percent for p in points] == [round(100 * 5 / 17, 2), round(100 * 9 / 17, 2)]
    assert [p.languages["es"].percent for p in points] == [round(100 * 9 / 17, 2)] * 2
    assert "ar" not in points[0].languages  # no PO files: not in the history

    cache_path = project.build_dir / ".cache" / "history.json"
    cache = json.loads(cache_path.read_text("utf-8"))
    assert set(cache["commits"]) == {p.commit for p in points}
    # A second run reads the cache: a number planted there comes back, so nothing was recomputed.
    cache["commits"][points[0].commit]["languages"]["fr"] = [17, 17, 0]
    cache_path.write_text(json.dumps(cache), encoding="utf-8")
    _translate(project, "es", 3, "El apoyo entre pares ayuda.")
    _git(project.root, "commit", "-q", "-am", "es", when="2024-03-01T10:00:00Z")
    again = history.history(project)
    assert again[0].languages["fr"].percent == 100.0
    assert again[-1].languages["es"].percent == round(100 * 12 / 17, 2)  # the new commit was computed

    done = CliRunner().invoke(main, ["--project", str(project.root), "status", "--history", "--format", "csv"])
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[1].startswith(f"{points[0].commit},2024-01-01,es,52.94,17,9,5")


def test_history_is_empty_outside_git(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # never find a repository above tmp_path
    assert history.history(project) == []
    done = CliRunner().invoke(main, ["--project", str(project.root), "status", "--history"])
    assert done.exit_code == 0 and "No history" in done.stdout
