"""XLIFF 1.2 exchange: PO -> XLIFF -> PO is byte-identical; a CAT tool's work comes back."""

from __future__ import annotations

import re
import subprocess

import polib
import pytest
from click.testing import CliRunner
from lxml import etree
from translate.storage import xliff

from qrl10n import catalog
from qrl10n.cli import main
from qrl10n.formats.xliff import NS, export_xliff, import_xliff
from qrl10n.languages import language_tag
from qrl10n.project import Project
from qrl10n.update import update

from conftest import SHARED, make_project, msgfmt_check

X = f"{{{NS}}}"


def translated_project(tmp_path):
    project = make_project(tmp_path / "c", ["Legal capacity.", "Supported decision-making.", "Recovery."])
    update(project, ("es",))
    path = project.po_path("es", project.components[0])
    po = catalog.load(path)
    entries = list(catalog.live_entries(po))
    entries[0].msgstr = "Capacidad jurídica."
    entries[0].tcomment = "Término de la CDPD."
    entries[1].msgstr, entries[1].flags = "Toma de decisiones con apoyo.", ["fuzzy"]
    entries[1].comment += "\nglossary: supported decision-making = toma de decisiones con apoyo"
    catalog.save(po, path)
    return project, path


def test_round_trip_is_byte_identical(tmp_path):
    project, path = translated_project(tmp_path)
    before = path.read_bytes()
    (result,) = export_xliff(project, "es")
    report = import_xliff(project, result.path)
    assert path.read_bytes() == before
    assert not report.changed and report.updated == 0 and report.unchanged == 3


def test_export_carries_state_notes_and_references(tmp_path):
    project, _ = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    root = etree.parse(str(result.path)).getroot()
    file_el = root.find(X + "file")
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("en", "es")
    units = file_el.findall(f"{X}body/{X}trans-unit")
    assert [u.find(X + "source").text for u in units] == ["Legal capacity.", "Supported decision-making.", "Recovery."]
    assert units[1].get("approved") == "no"
    assert units[1].find(X + "target").get("state") == "needs-review-translation"
    notes = [n.text for n in units[1].findall(X + "note")]
    assert "glossary: supported decision-making = toma de decisiones con apoyo" in notes
    assert units[0].find(f"{X}note[@from='translator']").text == "Término de la CDPD."
    assert units[2].find(X + "target") is None


def test_cat_tool_translations_and_approvals_come_back(tmp_path):
    project, path = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    tree = etree.parse(str(result.path))
    units = tree.getroot().findall(f".//{X}trans-unit")
    units[1].attrib.pop("approved")
    units[1].find(X + "target").set("state", "translated")
    target = etree.SubElement(units[2], X + "target", state="translated")
    target.text = "Recuperación."
    tree.write(str(result.path), xml_declaration=True, encoding="UTF-8")
    report = import_xliff(project, result.path)
    assert report.updated == 2
    entries = {e.msgid: e for e in catalog.live_entries(catalog.load(path))}
    assert entries["Recovery."].msgstr == "Recuperación." and not entries["Recovery."].flags
    assert "fuzzy" not in entries["Supported decision-making."].flags
    msgfmt_check(path)


def test_units_whose_source_changed_are_skipped(tmp_path):
    project, path = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    text = result.path.read_text("utf-8").replace("<source>Recovery.</source>", "<source>Recovery!</source>")
    result.path.write_text(text, "utf-8")
    report = import_xliff(project, result.path)
    assert len(report.skipped) == 1 and "source text changed" in report.skipped[0]


def test_external_entities_are_refused(tmp_path):
    project, path = translated_project(tmp_path)
    evil = tmp_path / "evil.xlf"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
                    f'<xliff xmlns="{NS}" version="1.2"><file original="po/es/m1.po" source-language="en" '
                    'target-language="es" datatype="po"><body><trans-unit id="x"><source>&e;</source>'
                    '</trans-unit></body></file></xliff>\n', "utf-8")
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["--project", str(project.root), "import-xliff", str(evil)])
    assert result.exit_code == 2
    assert "declares a DTD" in result.output and "root:" not in result.output
    assert path.read_bytes() == before


def test_xliff_for_another_project_is_refused(tmp_path):
    project, _ = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    result.path.write_text(result.path.read_text("utf-8").replace('original="po/es/m1.po"', 'original="../../etc/passwd"'), "utf-8")
    cli = CliRunner().invoke(main, ["--project", str(project.root), "import-xliff", str(result.path)])
    assert cli.exit_code == 2
    assert "outside the project" in cli.output or "not a PO file of this project" in cli.output


def test_course_po_files_round_trip_byte_identical(course):
    project = Project(course)
    for code in ("es", "fr", "it", "ar"):
        before = {p: p.read_bytes() for p in (course / "po" / code).glob("*.po")}
        for result in export_xliff(project, code):
            import_xliff(project, result.path)
        assert {p: p.read_bytes() for p in before} == before, code


def test_english_copied_into_a_segment_or_an_unconfirmed_state_is_not_a_translation(tmp_path):
    project, path = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    tree = etree.parse(str(result.path))
    units = {u.find(X + "source").text: u for u in tree.getroot().iter(X + "trans-unit")}
    etree.SubElement(units["Recovery."], X + "target").text = "Recovery."  # copied source, no state
    units["Legal capacity."].find(X + "target").set("state", "new")
    units["Legal capacity."].find(X + "target").text = "Capacidad legal."
    tree.write(str(result.path), xml_declaration=True, encoding="UTF-8")
    import_xliff(project, result.path)
    entries = {e.msgid: e for e in catalog.live_entries(catalog.load(path))}
    assert entries["Recovery."].msgstr == ""
    assert entries["Legal capacity."].msgstr == "Capacidad legal." and "fuzzy" in entries["Legal capacity."].flags
    msgfmt_check(path)


# --- What other tools read: the strict schema, translate-toolkit, CAT tools' states ---------

XLIFF_SCHEMA = SHARED / "schemas" / "xliff-1.2" / "xliff-core-1.2-strict.xsd"


def test_every_exported_file_validates_against_the_strict_schema(course):
    """The OASIS XLIFF 1.2 strict schema from ../shared (skips without it; the structural test
    below checks the same rules on its own)."""
    if not XLIFF_SCHEMA.is_file():
        pytest.skip("../shared/schemas/xliff-1.2 is not available")
    schema = etree.XMLSchema(etree.parse(str(XLIFF_SCHEMA)))
    project, written = Project(course), []
    for language in project.languages:
        written += [r.path for r in export_xliff(project, language.code)]
    assert written
    for path in written:
        assert schema.validate(etree.parse(str(path))), f"{path}: {schema.error_log.last_error}"


def structural_problems(path) -> list[str]:
    """The strict schema's rules that our writer could break, checked without the schema."""
    root = etree.parse(str(path)).getroot()
    problems = []
    if root.tag != X + "xliff" or root.get("version") != "1.2":
        problems.append("root is not <xliff version='1.2'> in the 1.2 namespace")
    for file_el in root.iter(X + "file"):
        for side in ("source-language", "target-language"):
            if not re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", file_el.get(side) or ""):
                problems.append(f"{side} {file_el.get(side)!r} is not an xsd:language tag")
        datatype = file_el.get("datatype") or ""
        if datatype not in ("po", "plaintext") and not re.fullmatch(r"x-\S+", datatype):
            problems.append(f"datatype {datatype!r} is not in the schema's list nor x-*")
        names = [g.get("name") for g in file_el.iter(X + "context-group") if g.get("name") is not None]
        if len(names) != len(set(names)):
            problems.append("context-group names repeat within a file")
        ids = [u.get("id") for u in file_el.iter(X + "trans-unit")]
        if len(ids) != len(set(ids)) or not all(ids):
            problems.append("trans-unit ids missing or repeated")
    order = {"source": 0, "target": 1, "note": 2, "context-group": 2}
    for unit in root.iter(X + "trans-unit"):
        kinds = [etree.QName(child).localname for child in unit]
        if kinds.count("source") != 1 or kinds.count("target") > 1 or set(kinds) - set(order):
            problems.append(f"unit {unit.get('id')}: children {kinds}")
        elif [order[k] for k in kinds] != sorted(order[k] for k in kinds):
            problems.append(f"unit {unit.get('id')}: children out of order {kinds}")
        target = unit.find(X + "target")
        if target is not None and target.get("state") not in STATE_VALUES:
            problems.append(f"unit {unit.get('id')}: state {target.get('state')!r}")
        if unit.get("approved") not in (None, "yes", "no"):
            problems.append(f"unit {unit.get('id')}: approved {unit.get('approved')!r}")
        for group in unit.iter(X + "context-group"):
            kinds = [c.get("context-type") for c in group]
            if group.get("purpose") != "location" or kinds not in (["sourcefile"], ["sourcefile", "linenumber"]):
                problems.append(f"unit {unit.get('id')}: a context-group is not one location: {kinds}")
    return problems


#: The strict schema's state values (AttrType_state, without x-*).
STATE_VALUES = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation", "needs-review-l10n",
                "needs-review-translation", "needs-translation", "new", "signed-off", "translated"}


def test_exported_files_keep_the_strict_schemas_rules_on_repository_data(course):
    project = Project(course)
    for language in project.languages:
        for result in export_xliff(project, language.code):
            assert structural_problems(result.path) == [], result.path


def test_one_location_per_context_group_with_approved_and_state_set_together(tmp_path):
    project, path = translated_project(tmp_path)
    po = catalog.load(path)
    first = next(catalog.live_entries(po))
    first.occurrences = [("source/m1/01-page.md", "1"), ("source/m1/02-page.md", "7")]
    catalog.save(po, path)
    (result,) = export_xliff(project, "es")
    assert structural_problems(result.path) == []
    units = etree.parse(str(result.path)).getroot().findall(f".//{X}trans-unit")
    groups = units[0].findall(X + "context-group")
    assert [[c.text for c in g] for g in groups] == [["source/m1/01-page.md", "1"], ["source/m1/02-page.md", "7"]]
    described = [(u.get("approved"), None if u.find(X + "target") is None else u.find(X + "target").get("state"))
                 for u in units]
    assert described == [("yes", "translated"), ("no", "needs-review-translation"), (None, None)]


def test_translate_toolkit_xliff2po_keeps_translated_fuzzy_notes_and_locations(tmp_path):
    project, path = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    converted = tmp_path / "back.po"
    done = subprocess.run(["xliff2po", str(result.path), str(converted)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    ours = {e.msgid: e for e in catalog.live_entries(catalog.load(path))}
    theirs = {e.msgid: e for e in polib.pofile(str(converted)) if e.msgid}
    assert theirs.keys() == ours.keys()
    for msgid, entry in ours.items():
        assert (theirs[msgid].msgstr, "fuzzy" in theirs[msgid].flags) == (entry.msgstr, catalog.is_fuzzy(entry)), msgid
        assert theirs[msgid].occurrences == entry.occurrences
        assert theirs[msgid].comment == entry.comment
    assert theirs["Legal capacity."].tcomment == "Término de la CDPD."


def test_the_course_survives_xliff2po_translated_stays_translated(course):
    project = Project(course)
    for result in export_xliff(project, "es"):
        po_path = course / "po" / "es" / f"{result.path.stem}.po"
        converted = result.path.with_suffix(".back.po")
        subprocess.run(["xliff2po", str(result.path), str(converted)], capture_output=True, check=True)
        ours = {e.msgid: (e.msgstr, catalog.is_fuzzy(e)) for e in catalog.live_entries(catalog.load(po_path))
                if not e.msgid_plural}
        theirs = {e.msgid: (e.msgstr, "fuzzy" in e.flags) for e in polib.pofile(str(converted)) if e.msgid}
        assert theirs == ours, result.path.name


def test_import_reads_what_translate_toolkit_po2xliff_writes(tmp_path):
    """po2xliff writes XLIFF 1.1 with its own numeric ids and a header unit: nothing changes on
    import, and a unit a translator finished there comes back translated."""
    project, path = translated_project(tmp_path)
    before = path.read_bytes()
    xlf = project.root / "tt.xlf"
    done = subprocess.run(["po2xliff", "po/es/m1.po", str(xlf)], cwd=project.root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = import_xliff(project, xlf)
    assert path.read_bytes() == before and report.skipped == [] and report.unchanged == 3
    store = xliff.xlifffile.parsefile(str(xlf))
    for unit in store.units:
        if unit.source == "Recovery.":
            unit.target = "Recuperación."
            unit.markfuzzy(False)
        elif unit.source == "Supported decision-making.":
            unit.markfuzzy(False)
    store.savefile(str(xlf))
    report = import_xliff(project, xlf)
    assert report.updated == 2 and report.skipped == []
    entries = {e.msgid: e for e in catalog.live_entries(catalog.load(path))}
    assert entries["Recovery."].msgstr == "Recuperación." and not catalog.is_fuzzy(entries["Recovery."])
    assert not catalog.is_fuzzy(entries["Supported decision-making."])
    msgfmt_check(path)


@pytest.mark.parametrize("approved, state, finished", [
    ("yes", "translated", True), ("yes", None, True), (None, "translated", True), (None, "final", True),
    (None, "signed-off", True), ("yes", "needs-review-translation", False), ("no", "translated", False),
    (None, "needs-translation", False), (None, "new", False), (None, None, False), ("yes", "new", False),
])
def test_a_segment_comes_back_translated_only_when_a_person_finished_it(tmp_path, approved, state, finished):
    project, path = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    tree = etree.parse(str(result.path))
    unit = next(u for u in tree.getroot().iter(X + "trans-unit") if u.find(X + "source").text == "Recovery.")
    unit.attrib.pop("approved", None)
    if approved:
        unit.set("approved", approved)
    target = etree.SubElement(unit, X + "target", **({"state": state} if state else {}))
    target.text = "Recuperación."
    unit.insert(1, target)
    tree.write(str(result.path), xml_declaration=True, encoding="UTF-8")
    import_xliff(project, result.path)
    entry = next(e for e in catalog.live_entries(catalog.load(path)) if e.msgid == "Recovery.")
    assert (entry.msgstr, not catalog.is_fuzzy(entry)) == ("Recuperación.", finished)


def test_a_file_translate_toolkit_edited_and_saved_comes_back(tmp_path):
    """Virtaal, Pootle and Weblate's XLIFF support read and write through translate-toolkit."""
    project, path = translated_project(tmp_path)
    (result,) = export_xliff(project, "es")
    store = xliff.xlifffile.parsefile(str(result.path))
    units = {unit.source: unit for unit in store.units}
    units["Recovery."].target = "Recuperación."
    units["Recovery."].markfuzzy(False)
    units["Legal capacity."].markfuzzy(True)
    store.savefile(str(result.path))
    report = import_xliff(project, result.path)
    assert report.updated == 2 and report.skipped == []
    entries = {e.msgid: e for e in catalog.live_entries(catalog.load(path))}
    assert entries["Recovery."].msgstr == "Recuperación." and not catalog.is_fuzzy(entries["Recovery."])
    assert catalog.is_fuzzy(entries["Legal capacity."]) and entries["Legal capacity."].msgstr == "Capacidad jurídica."
    msgfmt_check(path)


def test_a_regional_language_is_a_bcp47_tag_and_its_file_comes_back(tmp_path):
    project, path = translated_project(tmp_path)
    regional = project.root / "po" / "pt_BR" / "m1.po"
    regional.parent.mkdir()
    regional.write_bytes(path.read_bytes().replace(b"Language: es", b"Language: pt_BR"))
    config = project.root / "qrl10n.toml"
    config.write_text(config.read_text("utf-8").replace('active = ["es", "pl"]', 'active = ["es", "pl", "pt_BR"]'), "utf-8")
    project = Project(project.root)
    (result,) = export_xliff(project, "pt_BR")
    assert etree.parse(str(result.path)).getroot().find(X + "file").get("target-language") == "pt-BR"
    assert structural_problems(result.path) == []
    before = regional.read_bytes()
    assert not import_xliff(project, result.path).changed and regional.read_bytes() == before
    assert [language_tag(c) for c in ("es", "pt_BR", "sr@latin", "fil")] == ["es", "pt-BR", "sr-Latn", "fil"]
