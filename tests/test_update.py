"""update keeps every translation: kept, fuzzy with #| msgid, or obsolete and restored."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from qrl10n import catalog
from qrl10n.languages import language_info
from qrl10n.update import update

from conftest import REPO, make_project, msgfmt_check, write_template


def translate_all(path: Path, prefix: str = "ES ") -> dict[str, str]:
    po = catalog.load(path)
    done = {}
    for entry in catalog.live_entries(po):
        if not entry.msgstr:
            entry.msgstr = prefix + entry.msgid
        done[entry.msgid] = entry.msgstr
    catalog.save(po, path)
    return done


def test_new_language_files_have_the_header_translators_need(tmp_path):
    project = make_project(tmp_path / "c", ["Legal capacity is a right."])
    update(project)
    po_path = project.po_path("pl", project.components[0])
    po = catalog.load(po_path)
    assert po.metadata["Language"] == "pl"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Language-Team"] == "Polish"
    assert "POT-Creation-Date" not in po.metadata and "PO-Revision-Date" not in po.metadata
    assert (tmp_path / "c" / "po" / "ar" / "m1.po").exists()  # planned languages get files too
    msgfmt_check(po_path)


def test_update_twice_changes_nothing_and_check_mode_writes_nothing(tmp_path):
    project = make_project(tmp_path / "c", ["One.", "Two."])
    first = update(project)
    assert all(r.changed for r in first)
    before = {p: p.read_bytes() for p in (tmp_path / "c" / "po").rglob("*.po")}
    second = update(project)
    assert not any(r.changed for r in second)
    assert before == {p: p.read_bytes() for p in (tmp_path / "c" / "po").rglob("*.po")}

    write_template(tmp_path / "c", ["One.", "Two, changed."])
    would = update(project, check=True)
    assert any(r.changed for r in would)
    assert before == {p: p.read_bytes() for p in (tmp_path / "c" / "po").rglob("*.po")}


def test_changed_text_turns_fuzzy_with_previous_msgid(tmp_path):
    project = make_project(tmp_path / "c", ["Supported decision-making respects the will of the person."])
    update(project, ("es",))
    path = project.po_path("es", project.components[0])
    translate_all(path)
    write_template(tmp_path / "c", ["Supported decision-making respects the will and preferences of the person."])
    update(project, ("es",))
    entry = next(catalog.live_entries(catalog.load(path)))
    assert entry.flags[0] == "fuzzy"
    assert entry.previous_msgid == "Supported decision-making respects the will of the person."
    assert entry.msgstr == "ES Supported decision-making respects the will of the person."
    assert '#| msgid "Supported decision-making respects the will of the person."' in path.read_text("utf-8")
    msgfmt_check(path)


def test_removed_text_is_obsolete_and_comes_back_translated(tmp_path):
    project = make_project(tmp_path / "c", ["Recovery is personal.", "Nothing about us without us."])
    update(project, ("es",))
    path = project.po_path("es", project.components[0])
    translate_all(path)
    write_template(tmp_path / "c", ["Recovery is personal."])
    update(project, ("es",))
    assert '#~ msgid "Nothing about us without us."' in path.read_text("utf-8")
    write_template(tmp_path / "c", ["Nothing about us without us.", "Recovery is personal."])
    update(project, ("es",))
    entries = {e.msgid: e for e in catalog.live_entries(catalog.load(path))}
    restored = entries["Nothing about us without us."]
    assert restored.msgstr == "ES Nothing about us without us." and "fuzzy" not in restored.flags
    assert "#~" not in path.read_text("utf-8")


def test_translator_comments_and_ignore_flags_survive(tmp_path):
    project = make_project(tmp_path / "c", ["Dignity."])
    update(project, ("es",))
    path = project.po_path("es", project.components[0])
    po = catalog.load(path)
    entry = next(catalog.live_entries(po))
    entry.msgstr, entry.tcomment = "Dignidad.", "Checked with the national team."
    entry.flags.append("ignore-length-ratio")
    catalog.save(po, path)
    update(project, ("es",))
    entry = next(catalog.live_entries(catalog.load(path)))
    assert (entry.msgstr, entry.tcomment) == ("Dignidad.", "Checked with the national team.")
    assert "ignore-length-ratio" in entry.flags


def test_msgcat_leaves_our_files_alone(tmp_path):
    long_text = ("Persons with psychosocial disabilities have the right to legal capacity on an equal "
                 "basis with others in all aspects of life, including decisions about treatment and care.")
    project = make_project(tmp_path / "c", [long_text, "Line one\nline two"])
    update(project, ("es",))
    path = project.po_path("es", project.components[0])
    translate_all(path, "ES ")
    ours = path.read_text("utf-8")
    theirs = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
    assert ours == theirs


# -- property: no translation is ever dropped -------------------------------------------------

WORDS = ["rights", "care", "support", "choice", "dignity", "peer", "plan", "voice", "home", "work"]
sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
edit = st.tuples(st.sampled_from(["change", "remove", "move", "restore", "add"]), st.integers(0, 50), sentences)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(initial=st.lists(sentences, min_size=1, max_size=6, unique=True), edits=st.lists(edit, min_size=1, max_size=6))
def test_no_translation_is_ever_dropped(tmp_path_factory, initial, edits):
    root = tmp_path_factory.mktemp("prop")
    project = make_project(root, initial)
    update(project, ("es",))
    path = project.po_path("es", project.components[0])
    ever: dict[str, str] = translate_all(path)
    current, removed = list(initial), []
    for action, index, text in edits:
        if action == "change" and current:
            current[index % len(current)] = text
        elif action == "remove" and current:
            removed.append(current.pop(index % len(current)))
        elif action == "move" and len(current) > 1:
            current.insert(0, current.pop(index % len(current)))
        elif action == "restore" and removed:
            current.insert(index % (len(current) + 1), removed.pop())
        elif action == "add":
            current.append(text)
        current = list(dict.fromkeys(current))
        write_template(root, current)
        update(project, ("es",))
        po = catalog.load(path)
        kept = {e.msgstr for e in po if e.msgstr}
        assert set(ever.values()) <= kept, "a translation disappeared"
        for entry in catalog.live_entries(po):
            if entry.msgid in ever and ever[entry.msgid] == entry.msgstr:
                assert "fuzzy" not in entry.flags or entry.previous_msgid
            if "fuzzy" in entry.flags:
                assert entry.previous_msgid, "a fuzzy match must show the previous text"
        msgfmt_check(path)
        ever.update(translate_all(path))


@pytest.mark.parametrize(("code", "expected"), [
    ("es", "nplurals=2; plural=(n != 1);"), ("fr", "nplurals=2; plural=(n > 1);"),
    ("it", "nplurals=2; plural=(n != 1);"), ("pt_BR", "nplurals=2; plural=(n > 1);"),
    ("pl", "nplurals=3;"), ("ar", "nplurals=6;"), ("id", "nplurals=1; plural=0;"),
])
def test_plural_forms_are_the_ones_po_editors_expect(code, expected):
    """CLDR's compact-number "many" form (1 M) is not a gettext form: Spanish has two, not three."""
    assert language_info(code).plural_forms.startswith(expected)


def test_the_course_po_files_agree_with_their_language_facts():
    for path in sorted((REPO / "po").glob("*/*.po")):
        header = catalog.load(path).metadata.get("Plural-Forms")
        assert header == language_info(path.parent.name).plural_forms, path


def test_add_language_registers_it_creates_its_files_and_joins_the_ci_matrix(course, monkeypatch):
    import shutil

    from click.testing import CliRunner

    from qrl10n.cli import main
    from qrl10n.project import Project
    shutil.copytree(REPO / ".github", course / ".github")
    config_before = (course / "qrl10n.toml").read_text("utf-8")
    monkeypatch.chdir(course)
    result = CliRunner().invoke(main, ["add-language", "fa", "--planned"])
    assert result.exit_code == 0, result.output
    assert "Persian (فارسی) added as planned." in result.output
    config = (course / "qrl10n.toml").read_text("utf-8")
    assert '"ne", "fa"]' in config and config.replace(', "fa"', "") == config_before  # comments kept
    project = Project(course)
    assert project.language("fa").state == "planned" and project.language("fa").info.direction == "rtl"
    for component in project.components:
        path = project.po_path("fa", component)
        assert catalog.load(path).metadata["Language"] == "fa"
        msgfmt_check(path)
    workflow = (course / ".github" / "workflows" / "course.yml").read_text("utf-8")
    assert "id, ne, fa]" in workflow
    again = CliRunner().invoke(main, ["add-language", "fa", "--planned"])
    assert again.exit_code == 0 and "already planned" in again.output
    assert (course / ".github" / "workflows" / "course.yml").read_text("utf-8") == workflow


def test_add_language_writes_the_code_as_gettext_does(course, monkeypatch, tmp_path):
    """pt-BR becomes pt_BR (folder, qrl10n.toml, Language header), as msginit writes it."""
    import subprocess

    from click.testing import CliRunner

    from qrl10n.cli import main
    from qrl10n.languages import gettext_code, language_tag
    from qrl10n.project import Project
    monkeypatch.chdir(course)
    result = CliRunner().invoke(main, ["add-language", "pt-BR", "--planned"])
    assert result.exit_code == 0, result.output
    assert "pt-BR is written pt_BR" in result.output and '"pt_BR"' in (course / "qrl10n.toml").read_text("utf-8")
    project = Project(course)
    template = course / "po" / "templates" / f"{project.components[0].name}.pot"
    reference = tmp_path / "msginit.po"
    subprocess.run(["msginit", "--no-translator", "--locale=pt_BR.UTF-8", "-i", str(template), "-o", str(reference)],
                   check=True, capture_output=True)
    expected = catalog.load(reference).metadata["Language"]
    for component in project.components:
        path = course / "po" / "pt_BR" / f"{component.name}.po"
        assert catalog.load(path).metadata["Language"] == expected == "pt_BR"
        msgfmt_check(path)
    assert not (course / "po" / "pt-BR").exists()
    assert [gettext_code(c) for c in ("es", "pt-br", "sr-Latn", "zh_TW", "fil")] == ["es", "pt_BR", "sr@latin", "zh_TW", "fil"]
    assert [language_tag(gettext_code(c)) for c in ("pt-BR", "sr-Latn")] == ["pt-BR", "sr-Latn"]  # and back
    from qrl10n.build import build
    build(project, ("pt_BR",))
    page = next((course / "build" / "pt_BR" / "modules").rglob("*.html")).read_text("utf-8")
    assert '<html lang="pt-BR" dir="ltr">' in page
