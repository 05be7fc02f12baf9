"""XLIFF 1.2 exchange: PO -> XLIFF -> PO is byte-identical; a CAT tool's work comes back."""

from __future__ import annotations

from click.testing import CliRunner
from lxml import etree

from qrl10n.cli import main
from qrl10n.formats.po import catalog
from qrl10n.project import Project
from qrl10n.update import update
from qrl10n.xliff import NS, export_xliff, import_xliff

from conftest import make_project, msgfmt_check

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
