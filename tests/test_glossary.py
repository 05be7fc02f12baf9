"""The rights glossary: inflection-aware checks per language, annotation, TBX/CSV, exports, CLI."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n import catalog
from qrl10n.cli import main
from qrl10n.errors import GlossaryError
from qrl10n.formats import tbx as termbase
from qrl10n.glossary import (
    DEEPL_GLOSSARY_LANGUAGES,
    Glossary,
    annotate,
    check,
    check_entry,
    deepl_entries,
    export,
    hints,
    import_csv,
)
from qrl10n.project import Project
from qrl10n.update import update

from conftest import REPO, make_project, msgfmt_check

TERMS = REPO / "glossary" / "terms.tbx"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary(termbase.read_tbx(TERMS))


# -- the table: good translations pass in any inflected form, wrong and forbidden terms are flagged --
# (language, English, translation, expected findings as "kind:term" — empty when it must pass)
TABLE = [
    # Polish: cases and number on both words of the term
    ("pl", "Everyone has legal capacity.", "Każdy ma zdolność prawną.", []),
    ("pl", "Respect legal capacity.", "Nie wolno pozbawiać nikogo zdolności prawnej.", []),
    ("pl", "Respect legal capacity.", "Zdolność do czynności prawnych jest prawem.", []),  # admitted variant
    ("pl", "Respect legal capacity.", "Kompetencja prawna jest prawem.", ["missing:legal capacity"]),
    ("pl", "Respect legal capacity.", "Każdy ma zdolność prawniczą.", ["missing:legal capacity"]),  # a lawyer's
    ("pl", "Respect legal capacity.", "Ma zdolność prawodawczą.", ["missing:legal capacity"]),  # legislative
    ("pl", "Supported decision-making helps.", "Uczymy wspieranego podejmowania decyzji.", []),
    ("pl", "Persons with disabilities decide.", "Osobom z niepełnosprawnościami przysługuje prawo.", []),
    ("pl", "People with lived experience.", "Chorzy psychicznie i inwalidzi.",
     ["missing:lived experience", "forbidden:chory psychicznie", "forbidden:inwalida"]),
    # Czech
    ("cs", "Legal capacity is a right.", "Právní způsobilost je právo.", []),
    ("cs", "Legal capacity is a right.", "Svéprávnosti nelze nikoho zbavit.", []),
    ("cs", "Legal capacity is a right.", "Způsobilost k právním úkonům je právo.", ["missing:legal capacity"]),
    ("cs", "Legal capacity is a right.", "Má právnickou způsobilost.", ["missing:legal capacity"]),
    ("cs", "Persons with disabilities", "Osobám se zdravotním postižením", []),
    ("cs", "Recovery takes time.", "Jsou duševně nemocní.", ["missing:recovery", "forbidden:duševně nemocný"]),
    # Spanish
    ("es", "Legal capacity is a right.", "Las capacidades jurídicas son derechos.", []),
    ("es", "Legal capacity is a right.", "La capacidad legal es un derecho.", ["missing:legal capacity"]),
    ("es", "It respects their will and preferences.", "Respeta su voluntad y sus preferencias.", []),
    ("es", "Seclusion and restraint", "El aislamiento y las sujeciones", []),
    # "plans" and "planning" share the lemma "plan": the closer spelling decides the concept
    ("es", "Advance plans help.", "Los planes anticipados ayudan.", []),
    ("es", "Advance planning helps.", "La planificación anticipada ayuda.", []),
    ("es", "Advance planning helps.", "El plan anticipado ayuda.", ["missing:advance planning"]),
    ("es", "Persons with disabilities", "Los enfermos mentales y los minusválidos",
     ["forbidden:enfermo mental", "forbidden:minusválido"]),  # a forbidden variant says it all
    # French
    ("fr", "Supported decision-making", "Les prises de décision accompagnées", []),
    ("fr", "Recovery", "Le rétablissement de chacun", []),
    ("fr", "Recovery", "La guérison", ["missing:recovery"]),
    ("fr", "They were called lunatics.", "On les traitait de fous.", ["forbidden:fou"]),
    # Turkish: suffixes and the dotted capital İ
    ("tr", "Legal capacity", "Hukuki ehliyetin tanınması", []),
    ("tr", "Legal capacity", "Yasal kapasite", ["missing:legal capacity"]),
    ("tr", "Persons with disabilities", "Özür dileriz; engelli bireylerin hakları", []),
    ("tr", "Persons with disabilities", "Özürlülerin hakları", ["forbidden:özürlü"]),
    ("tr", "Human rights", "İNSAN HAKLARI", []),
    # Bosnian, Croatian
    ("bs", "Legal capacity", "Lišavanje poslovne sposobnosti", []),
    ("hr", "Persons with disabilities", "Prava osoba s invaliditetom", []),
    ("hr", "Persons with disabilities", "Prava invalida", ["forbidden:invalid"]),
    ("hr", "Involuntary admission", "Protiv prisilnog smještaja", []),
    # Ukrainian (the apostrophe of "здоров'я" in two spellings)
    ("uk", "Legal capacity", "Визнання правоздатності особи", []),
    ("uk", "Mental health", "Охорона психічного здоров’я", []),
    ("uk", "Persons with disabilities", "Права інвалідів", ["forbidden:інвалід"]),
    # Estonian
    ("et", "Legal capacity", "Teovõimet ei tohi piirata.", []),
    ("et", "Mental health", "Vaimse tervise eest hoolitsemine", []),
    ("et", "Persons with disabilities", "Puuetega inimeste õigused", []),
    # Italian, Arabic (clitics), Indonesian
    ("it", "Legal capacity", "Le capacità giuridiche", []),
    ("it", "Mentally ill", "I malati di mente", ["forbidden:malato di mente"]),
    ("ar", "Legal capacity", "والأهلية القانونية", []),
    ("ar", "Included in the community", "العيش المستقل والإدماج في المجتمع", []),
    ("ar", "Included in the community", "حقوق الأشخاص للإدماج في المجتمع", []),
    ("ar", "Included in the community", "العيش المستقل في المجتمع", ["missing:community inclusion"]),
    ("id", "Persons with disabilities", "Penyandang cacat", ["forbidden:penyandang cacat"]),
    # words in a link target or URL are not text
    ("es", "See [the module](../m4/01-legal-and-mental-capacity.md).", "Vea [el módulo](../m4/01-legal-and-mental-capacity.md).", []),
]


@pytest.mark.parametrize("lang, english, translation, expected", TABLE)
def test_good_translations_pass_and_wrong_or_forbidden_terms_are_flagged(glossary, lang, english, translation, expected):
    findings = check_entry(glossary, lang, english, translation)
    got = sorted(f"{f.extra['kind']}:{f.extra['term']}" for f in findings)
    assert got == sorted(expected), [f.message for f in findings]


def test_each_match_says_how_it_was_made(glossary):
    pl = {h.found: h.method for h in glossary.target_hits("pl", "Zdolność prawna i zdolności prawnej")}
    assert pl == {"Zdolność prawna": "exact", "zdolności prawnej": "lemma:simplemma"}
    (bengali,) = glossary.target_hits("bn", "মানবাধিকারের")  # the genitive ending, from morphology.toml
    assert bengali.method == "affixes"
    (guess,) = glossary.target_hits("bn", "মানবাধিকারী")  # no table entry: only the prefix guess
    assert guess.method == "prefix"
    (finding,) = check_entry(glossary, "fr", "Lunatics", "des fous")
    assert finding.extra["method"] == "lemma:simplemma" and finding.extra["term"] == "fou"


def test_a_quoted_mention_is_info_and_hyphenated_parts_are_not_terms(glossary):
    (mention,) = check_entry(glossary, "fr", "Do not say “lunatic”.", "Ne dites pas « fou ».")
    assert mention.severity == "info"
    assert not [h for h in glossary.source_hits("a psycho-social approach") if h.banned]
    assert [h.found for h in glossary.source_hits("He suffers from depression.")] == ["suffers from"]


def test_a_coordinated_term_missing_is_a_warning(glossary):
    (finding,) = check_entry(glossary, "es", "physical and mental health", "salud física y mental")
    assert finding.check == "glossary-missing" and finding.severity == "warning"


# -- annotate ----------------------------------------------------------------------------------------
def _project_with_translations(root: Path, paragraphs: list[str], translations: dict[str, str]) -> Project:
    project = make_project(root, paragraphs)
    (root / "glossary").mkdir()
    shutil.copy2(TERMS, root / "glossary" / "terms.tbx")
    update(project)
    path = project.po_path("pl", project.components[0])
    po = catalog.load(path)
    for entry in catalog.live_entries(po):
        entry.msgstr = translations.get(entry.msgid, "")
        entry.tcomment = "translator: keep this note"
    catalog.save(po, path)
    return project


def test_annotate_is_idempotent_leaves_translator_comments_and_survives_update(tmp_path):
    project = _project_with_translations(tmp_path / "c", ["Legal capacity belongs to everyone.", "Hello."],
                                         {"Legal capacity belongs to everyone.": "Każdy ma zdolność prawną."})
    path = project.po_path("pl", project.components[0])
    first = annotate(project)
    assert any(r.changed for r in first)
    once = path.read_bytes()
    assert not any(r.changed for r in annotate(project))
    assert path.read_bytes() == once
    text = once.decode("utf-8")
    assert "#. glossary: legal capacity = zdolność prawna (also: zdolność do czynności prawnych)" in text
    assert text.count("# translator: keep this note") == 2
    assert text.count("#. glossary:") == 1
    msgfmt_check(path)

    update(project)
    assert "#. glossary: legal capacity = zdolność prawna" in path.read_text("utf-8")
    assert not any(r.changed for r in annotate(project))
    assert path.read_bytes() == once


def test_annotate_check_mode_writes_nothing_and_stale_hints_are_removed(tmp_path):
    project = _project_with_translations(tmp_path / "c", ["Legal capacity matters."], {})
    path = project.po_path("pl", project.components[0])
    po = catalog.load(path)
    for entry in catalog.live_entries(po):
        entry.comment += "\nglossary: stale = hint"
    catalog.save(po, path)
    before = path.read_bytes()
    assert all(r.changed for r in annotate(project, ("pl",), check=True))
    assert path.read_bytes() == before
    annotate(project, ("pl",))
    assert "stale" not in path.read_text("utf-8") and "#. paragraph" in path.read_text("utf-8")


# -- check on a project ------------------------------------------------------------------------------
def test_check_reports_file_line_term_and_source_findings_once(tmp_path):
    project = _project_with_translations(
        tmp_path / "c", ["Legal capacity belongs to everyone.", "He suffers from anxiety."],
        {"Legal capacity belongs to everyone.": "Kompetencja prawna należy do każdego."})
    findings = check(project)
    missing = [f for f in findings if f.check == "glossary-missing"]
    assert len(missing) == 1 and missing[0].language == "pl" and missing[0].severity == "error"
    po_lines = project.po_path("pl", project.components[0]).read_text("utf-8").split("\n")
    assert po_lines[missing[0].line - 1].startswith('msgid "Legal capacity')
    assert missing[0].extra["expected"] == "zdolność prawna"
    source = [f for f in findings if f.check == "glossary-forbidden-source"]
    assert len(source) == 1  # three languages, one template entry: reported once
    assert source[0].path == project.root / "source/m1/01-page.md" and source[0].line == 2
    assert source[0].language == "en" and "has, lives with" in source[0].message


def test_cli_glossary_check_json_and_exit_codes(tmp_path):
    root = tmp_path / "c"
    _project_with_translations(root, ["Legal capacity belongs to everyone."],
                               {"Legal capacity belongs to everyone.": "Zdolność prawna należy do każdego."})
    runner = CliRunner()
    ok = runner.invoke(main, ["--project", str(root), "glossary", "check", "--format", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == []

    path = root / "po" / "pl" / "m1.po"
    po = catalog.load(path)
    for entry in catalog.live_entries(po):
        entry.msgstr = "Chorzy psychicznie mają kompetencję prawną."
    catalog.save(po, path)
    bad = runner.invoke(main, ["--project", str(root), "glossary", "check", "pl", "--format", "json"])
    assert bad.exit_code == 1
    rows = json.loads(bad.stdout)
    assert {r["kind"] for r in rows} == {"missing", "forbidden"}
    for row in rows:
        assert {"language", "path", "line", "kind", "term", "expected", "source", "translation", "method"} <= set(row)
        assert row["path"] == "po/pl/m1.po" and row["language"] == "pl"
    forbidden = next(r for r in rows if r["kind"] == "forbidden")
    assert forbidden["term"] == "chory psychicznie" and forbidden["found"] == "Chorzy psychicznie"
    text = runner.invoke(main, ["--project", str(root), "glossary", "check"])
    assert text.exit_code == 1 and "glossary-forbidden" in text.output
    usage = runner.invoke(main, ["--project", str(root), "glossary", "check", "xx"])
    assert usage.exit_code == 2


# -- TBX ----------------------------------------------------------------------------------------------
TBX_EXPECTED = {  # file -> None (parses) or the line GlossaryError names
    "ltac-test-files/poorly_formed_xml.tbx": 42,
    "ltac-test-files/core_structure_bad.tbx": 32,  # two <term> in one <termSec>
}


def test_every_corpus_tbx_parses_or_fails_with_path_and_line(corpus):
    files = sorted((corpus / "tbx").glob("*/*.tbx"))
    assert len(files) >= 15
    for path in files:
        name = path.relative_to(corpus / "tbx").as_posix()
        if name in TBX_EXPECTED:
            with pytest.raises(GlossaryError) as error:
                termbase.read_tbx(path)
            assert f"{path}:{TBX_EXPECTED[name]}:" in str(error.value)
        else:
            base = termbase.read_tbx(path)
            assert base.concepts and "en" in base.languages, name


def test_tbx_statuses_and_dialects(corpus):
    dct = termbase.read_tbx(corpus / "tbx/ltac-min/Example_Astronomy_DCT_VALID.tbx")  # <min:administrativeStatus>
    statuses = {(t.text, t.status) for t in dct.concepts[0].terms}
    assert ("open cluster", "preferred") in statuses and ("galactic cluster", "superseded") in statuses
    basic = termbase.read_tbx(corpus / "tbx/ltac-test-files/basic_good.tbx")
    assert ("galactic cluster", "forbidden") in {(t.text, t.status) for t in basic.concepts[0].terms}
    weblate = termbase.read_tbx(corpus / "tbx/weblate/fr-extended-metadata.tbx")
    assert weblate.concepts[0].definition == "Superseded but still found in older manuals."
    assert weblate.concepts[1].note == "Do not translate."
    assert weblate.concepts[1].terms[0].note == "Do not translate error codes."
    assert weblate.concepts[0].note == "Avoid using this term in any documentation."
    v2 = termbase.read_tbx(corpus / "tbx/ltac-converter/Good-Basic1.tbx")
    v3 = termbase.read_tbx(corpus / "tbx/ltac-converter/Good-Basic1.converted-v3.tbx")
    assert [c.terms for c in v2.concepts] == [c.terms for c in v3.concepts]
    assert any("'---'" in w for w in v2.warnings)  # xml:lang="---": skipped with a warning


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet>
</termEntry></body></text></martif>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet>
</termEntry></body></text></martif>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_are_refused(tmp_path, data):
    path = tmp_path / "evil.tbx"
    path.write_bytes(data)
    with pytest.raises(GlossaryError) as error:
        termbase.read_tbx(path)
    assert "entit" in str(error.value) and str(path) in str(error.value) and "root:" not in str(error.value)


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"), (b"<html><body/></html>", "not TBX"),
    (b'<martif><text><body><termEntry><langSet><tig><term>x</term></tig></langSet></termEntry></body></text></martif>',
     "xml:lang"),
])
def test_malformed_tbx_gets_a_clear_error(tmp_path, data, problem):
    path = tmp_path / "bad.tbx"
    path.write_bytes(data)
    with pytest.raises(GlossaryError, match=problem):
        termbase.read_tbx(path)


def test_our_term_base_round_trips_through_tbx_csv_and_exports(tmp_path):
    base = termbase.read_tbx(TERMS)
    assert len(base.concepts) >= 40 and not base.warnings
    assert TERMS.read_bytes() == termbase.write_tbx(base)  # deterministic, as committed
    assert termbase.parse_tbx(termbase.write_tbx(base)).concepts == base.concepts
    assert termbase.parse_csv(termbase.write_csv(base)).concepts == _csv_side(base).concepts
    per_language = {lang: sum(1 for c in base.concepts if c.preferred(lang)) for lang in ("es", "fr", "it", "pl", "cs", "tr")}
    assert min(per_language.values()) >= 40, per_language
    forbidden_english = [c for c in base.concepts if c.terms_in("en", ("forbidden",))]
    assert len(forbidden_english) >= 8 and all(c.note.startswith("Use instead") for c in forbidden_english)

    project = make_project(tmp_path / "c", ["x"])
    (project.root / "glossary").mkdir()
    shutil.copy2(TERMS, project.glossary_path)
    results = export(project, ("pl", "ar"))
    out = project.build_dir / "glossary"
    assert {r.path.relative_to(out).as_posix() for r in results} == {
        "terms.csv", "pl.tbx", "pl.csv", "deepl/pl.tsv", "ar.tbx", "ar.csv", "deepl/ar.tsv"}
    assert "hy" not in DEEPL_GLOSSARY_LANGUAGES and "bs" not in DEEPL_GLOSSARY_LANGUAGES
    assert termbase.read_tbx(out / "pl.tbx").concepts == base.only(["pl"]).concepts
    assert termbase.read_csv(out / "pl.csv").concepts == _csv_side(base.only(["pl"])).concepts
    assert "legal capacity\tzdolność prawna\n" in (out / "deepl" / "pl.tsv").read_text("utf-8")
    assert not any(r.changed for r in export(project, ("pl", "ar")))


def _csv_side(base: termbase.TermBase) -> termbase.TermBase:
    """What a spreadsheet carries: terms and statuses, no sources, provisional marks or variants."""
    return replace(base, concepts=tuple(replace(c, terms=tuple(replace(t, source="", provisional=False)
                                                                for t in c.terms if not t.variant_of))
                                        for c in base.concepts))


def test_deepl_entries_are_preferred_pairs_without_forbidden_terms(tmp_path):
    project = make_project(tmp_path / "c", ["x"])
    (project.root / "glossary").mkdir()
    shutil.copy2(TERMS, project.glossary_path)
    entries = deepl_entries(project, "es")
    assert entries["legal capacity"] == "capacidad jurídica"
    assert entries["QualityRights"] == "QualityRights"
    assert "mentally ill" not in entries and all(k.strip() == k and v.strip() == v for k, v in entries.items())
    assert deepl_entries(make_project(tmp_path / "empty", ["x"]), "es") == {}


# -- CSV ----------------------------------------------------------------------------------------------
CSV_EXPECTED = {  # file -> (language passed, concepts, languages) or the error's words
    "weblate/terms.csv": [(None, "--language"), ("cs", 163, ("en", "cs"))],
    "weblate/terms-header.csv": [(None, "target"), ("cs", 163, ("en", "cs"))],
    "weblate/pl-simple.csv": [("pl", 2, ("en", "pl"))],
    "armenian-math-glossary/glossary.csv": [("hy", None, ("en", "hy"))],
    "iati/glossary.csv": [(None, None, ("en", "es", "fr"))],
}


def test_every_corpus_csv_imports_or_fails_clearly(corpus):
    files = sorted((corpus / "glossary-csv").glob("*/*.csv"))
    assert {f.relative_to(corpus / "glossary-csv").as_posix() for f in files} == set(CSV_EXPECTED)
    for path in files:
        for case in CSV_EXPECTED[path.relative_to(corpus / "glossary-csv").as_posix()]:
            if len(case) == 2:
                with pytest.raises(GlossaryError, match=case[1]) as error:
                    termbase.read_csv(path, language=case[0])
                assert f"{path}:1:" in str(error.value)
                continue
            language, count, languages = case
            base = termbase.read_csv(path, language=language)
            assert base.languages == languages
            if count is not None:
                assert len(base.concepts) == count
    iati = termbase.read_csv(corpus / "glossary-csv/iati/glossary.csv")
    assert iati.concepts[0].terms[0].pos == "noun" and iati.concepts[0].definition.startswith("A piece of")
    armenian = termbase.read_csv(corpus / "glossary-csv/armenian-math-glossary/glossary.csv", language="hy")
    assert any("the same row again" in w for w in armenian.warnings)


def test_spreadsheet_with_a_forbidden_column_and_language_columns(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("term,pos,definition,forbidden,note,es,id\n"
                    "legal capacity,noun phrase,The right to decide.,0,,capacidad jurídica,kapasitas hukum\n"
                    "mental patient,phrase,Stigmatizing.,1,Use instead: person using services,paciente mental,\n",
                    encoding="utf-8")
    base = termbase.read_csv(path)
    assert base.languages == ("en", "es", "id")  # "id" is Indonesian, not a concept id
    assert [t.status for t in base.concepts[1].terms] == ["forbidden", "forbidden"]
    assert base.concepts[1].note == "Use instead: person using services"


def test_import_csv_merges_into_the_term_base(tmp_path):
    project = make_project(tmp_path / "c", ["x"])
    (project.root / "glossary").mkdir()
    shutil.copy2(TERMS, project.glossary_path)
    sheet = tmp_path / "pl.csv"
    sheet.write_text("en,pl,pl admitted\nlegal capacity,zdolność prawna,zdolność do czynności prawnych | "
                     "podmiotowość prawna\npeer worker,asystent zdrowienia,\n", encoding="utf-8")
    result, report, warnings = import_csv(project, sheet)
    assert result.changed and (report.added, report.updated) == (1, 1) and not warnings
    base = termbase.read_tbx(project.glossary_path)
    legal = next(c for c in base.concepts if c.id == "legal-capacity")
    assert [t.text for t in legal.terms_in("pl")] == ["zdolność prawna", "zdolność do czynności prawnych",
                                                     "podmiotowość prawna"]
    assert legal.preferred("es").text == "capacidad jurídica"  # other languages untouched
    assert base.concepts[-1].id == "peer-worker"
    again, report, _ = import_csv(project, sheet)
    assert not again.changed and report.unchanged == 2

    runner = CliRunner()
    done = runner.invoke(main, ["--project", str(project.root), "glossary", "import-csv",
                                str(REPO / "tests/data/glossary-csv/no-header.csv")])
    assert done.exit_code == 2 and "--language" in done.output


def test_a_slip_in_the_course_term_base_stops_every_command_with_its_line(course):
    """A misspelt status would make a forbidden term admitted: the course's own term base must
    be right, so the slip is an error naming the line, not a silent change of what is checked."""
    root = course
    tbx = root / "glossary" / "terms.tbx"
    text = tbx.read_text("utf-8")
    at = text.index("<term>chory psychicznie</term>")
    status = text.index("deprecatedTerm-admn-sts", at)
    tbx.write_text(text[:status] + "deprecatedTerm-admin-sts" + text[status + len("deprecatedTerm-admn-sts"):], "utf-8")
    line = text[:status].count("\n") + 1
    for args in (["glossary", "check", "pl"], ["check", "pl"], ["glossary", "annotate", "pl"]):
        result = CliRunner().invoke(main, ["--project", str(root), *args])
        assert result.exit_code == 2, (args, result.output)
        assert f"glossary/terms.tbx:{line}: unknown administrativeStatus 'deprecatedTerm-admin-sts'" in result.output


# -- TBX conventions: sources, provisional terms, inflected variants ----------------------------------
SMALL_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="legal-capacity">
    <langSet xml:lang="en"><tig><term>legal capacity</term></tig></langSet>
    <langSet xml:lang="ar">
      <tig><term>الأهلية القانونية</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
        <termNote type="processStatus">provisionallyProcessed</termNote>
        <admin type="source">CRPD, official Arabic text</admin></tig>
    </langSet>
  </termEntry>
  <termEntry id="avoid-lunatic">
    <langSet xml:lang="en"><tig><term>lunatic</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
    <langSet xml:lang="ar">
      <tig><term>مجنون</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      <tig><term>مجانين</term><termNote type="termType">variant</termNote></tig>
      <tig><term>معتوه</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
        <termNote type="processStatus">provisionallyProcessed</termNote></tig>
    </langSet>
  </termEntry>
</body></text></martif>
"""


def test_a_variant_is_matched_as_its_term_and_a_provisional_term_never_raises():
    base = termbase.parse_tbx(SMALL_TBX.encode("utf-8"))
    legal, lunatic = base.concepts
    assert legal.terms[1].source == "CRPD, official Arabic text" and legal.terms[1].provisional
    plural = lunatic.terms_in("ar", variants=True)[1]
    assert (plural.text, plural.status, plural.variant_of) == ("مجانين", "forbidden", "مجنون")
    assert [t.text for t in lunatic.terms_in("ar")] == ["مجنون", "معتوه"]  # hints name the terms
    glossary = Glossary(base)
    # a broken plural of a forbidden term, with clitics, is reported as that term
    (finding,) = check_entry(glossary, "ar", "Do not say it.", "ولا تقل للمجانين ذلك")
    assert finding.check == "glossary-forbidden" and finding.extra["term"] == "مجنون"
    # a provisional approved term is a hint, not a missing-term error; a provisional forbidden one is no error
    assert check_entry(glossary, "ar", "Legal capacity for all.", "معتوه") == []
    assert hints(glossary, "ar", "Legal capacity for all.") == [
        "glossary: legal capacity = الأهلية القانونية (provisional)"]
    assert termbase.parse_tbx(termbase.write_tbx(base)).concepts == base.concepts


@pytest.mark.parametrize("tig, problem", [
    ('<tig><term>مجانين</term><termNote type="termType">variant</termNote></tig>',
     "the variant 'مجانين' has no term before it in its <langSet>"),
    ('<tig><term>مجنون</term><termNote type="processStatus">maybe</termNote></tig>', "unknown processStatus 'maybe'"),
    ("<tig><term> </term></tig>", "empty <term>"),
])
def test_bad_term_base_input_stops_with_the_tbx_line(tmp_path, tig, problem):
    project = make_project(tmp_path / "c", ["x"])
    (project.root / "glossary").mkdir()
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en"><text><body>\n'
            '<termEntry><langSet xml:lang="en"><tig><term>lunatic</term></tig></langSet>\n'
            f'<langSet xml:lang="ar">\n{tig}\n</langSet></termEntry>\n</body></text></martif>\n')
    project.glossary_path.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["--project", str(project.root), "glossary", "check", "es"])
    assert result.exit_code == 2 and f"terms.tbx:5: {problem}" in result.output, result.output
