"""What the corpus tests cover, on small files this repository owns (tests/data/), so a clone
with no ../shared beside it still tests it: every reader handles or refuses with path, line and
fix; checks find the real mistakes and no false ones; counts agree with polib and msgfmt;
subtitles round-trip or are refused with their line; TBX dialects and spreadsheets read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_corpus_sweep import LINED, READERS
from test_errors import run, tiny
from test_status import _polib_view, msgfmt_statistics, msgfmt_view
from test_subtitles import check_identity

from qrl10n.checks import check_file
from qrl10n.errors import CatalogError, GlossaryError, Qrl10nError, SourceError
from qrl10n.formats import tbx as termbase
from qrl10n.formats.subtitles import decode, parse

DATA = Path(__file__).resolve().parent / "data"
#: The folders of tests/data this module sweeps (others belong to other tests).
FOLDERS = ("po", "srt", "vtt", "md", "tbx", "glossary-csv", "import")

#: Files of tests/data a reader must refuse, with the line its message names.
REFUSED = {
    "po/syntax-error.po": 5,
    "srt/cue-before-the-previous.srt": 6,
    "srt/number-without-timing.srt": 2,
    "srt/text-outside-any-cue.srt": 1,
    "vtt/bad-timing.vtt": 4,
    "vtt/no-header.vtt": 1,
    "vtt/two-timing-lines.vtt": 4,
    "tbx/not-well-formed.tbx": 7,
    "tbx/two-terms-in-one-section.tbx": 9,
}


def data_files(*suffixes: str) -> list[str]:
    return sorted(p.relative_to(DATA).as_posix() for folder in FOLDERS for p in (DATA / folder).rglob("*")
                  if p.suffix in suffixes)


def test_every_data_file_is_handled_or_refused_with_path_line_and_fix():
    files = data_files(*READERS)
    assert set(REFUSED) <= set(files) and len(files) >= 20
    for name in files:
        path = DATA / name
        try:
            READERS[path.suffix](path)
        except Qrl10nError as error:
            assert name in REFUSED, f"{name}: {error}"
            assert str(error).startswith(f"{path}:{REFUSED[name]}: ") and error.fix, str(error)
        else:
            assert name not in REFUSED, f"{name} was read"
    assert {Path(name).suffix for name in REFUSED} <= LINED | {".tbx"}


# -- checks -------------------------------------------------------------------------------
def test_finds_a_python_brace_mismatch():
    findings = check_file(DATA / "po" / "python-brace-mismatch.po", "en")
    assert [(f.check, f.severity, f.line) for f in findings] == [("placeholders-brace", "error", 7)]
    assert "{input}" in findings[0].message and "{value}" in findings[0].message


@pytest.mark.parametrize("name, language", [("printf-formats.po", "pl"), ("mixed.po", "es")])
def test_reordered_and_plural_printf_formats_are_no_errors(name, language):
    errors = [f for f in check_file(DATA / "po" / name, language)
              if f.severity == "error" and f.check.startswith("placeholders")]
    assert errors == []


def test_a_po_syntax_error_is_refused_with_its_line_and_nothing_is_written(tmp_path):
    root = tiny(tmp_path)
    (root / "source" / "m1" / "01-page.md").write_text("# Title\n\nRights.\n", encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    broken = root / "po" / "es" / "m1.po"
    broken.parent.mkdir(parents=True)
    shutil.copy(DATA / "po" / "syntax-error.po", broken)
    before = broken.read_bytes()
    for command in (("update", "es"), ("status", "--no-findings", "es")):
        result = run(root, *command)
        assert result.exit_code == 2 and "po/es/m1.po:5: " in result.output, result.output
        assert broken.read_bytes() == before and "ready" not in result.output
    with pytest.raises(CatalogError):
        check_file(broken, "es")


# -- counting -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["mixed.po", "printf-formats.po", "python-brace-mismatch.po"])
def test_counts_agree_with_polib_and_msgfmt_statistics(name):
    from qrl10n import poscan, status
    path = DATA / "po" / name
    expected = _polib_view(path)
    units = poscan.units(poscan.read_po_text(path))
    assert [(u.msgctxt, u.source, u.translation, u.state, u.machine) for u in units] == expected
    entries, _ = status.count_file(path)
    assert (entries.translated, entries.fuzzy, entries.untranslated) == tuple(
        sum(1 for e in expected if e[3] == state) for state in ("translated", "fuzzy", "untranslated"))
    statistics = msgfmt_statistics(path)
    if name != "python-brace-mismatch.po":  # msgfmt rejects the mismatch itself
        assert statistics is not None and msgfmt_view(path) == statistics


def test_the_mixed_file_holds_each_kind_of_entry():
    """So the agreement above means something: contexts, plurals, fuzzy, machine, obsolete."""
    view = _polib_view(DATA / "po" / "mixed.po")
    assert {state for *_, state, _machine in view} == {"translated", "fuzzy", "untranslated"}
    assert any(machine for *_, machine in view) and sum(1 for v in view if v[0]) == 2
    assert "#~ msgid" in (DATA / "po" / "mixed.po").read_text("utf-8")


# -- subtitles ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", [n for n in data_files(".srt", ".vtt") if n not in REFUSED])
def test_valid_subtitles_round_trip(name):
    check_identity(decode((DATA / name).read_bytes(), name), name)


@pytest.mark.parametrize("name", [n for n in data_files(".srt", ".vtt") if n in REFUSED])
def test_broken_subtitles_are_refused_with_their_line(name):
    with pytest.raises(SourceError) as caught:
        parse(decode((DATA / name).read_bytes(), name), name)
    assert str(caught.value).startswith(f"{name}:{REFUSED[name]}: ")


# -- term bases ---------------------------------------------------------------------------
def statuses(base: termbase.TermBase) -> set[tuple[str, str]]:
    return {(t.text, t.status) for c in base.concepts for t in c.terms}


def test_tbx_dialects_and_statuses():
    v2 = termbase.read_tbx(DATA / "tbx" / "basic-v2.tbx")
    v3 = termbase.read_tbx(DATA / "tbx" / "dca-v3.tbx")
    assert [c.terms for c in v2.concepts] == [c.terms for c in v3.concepts]
    assert ("asylum care", "forbidden") in statuses(v2) and ("servicio de base comunitaria", "admitted") in statuses(v2)
    assert any("'---'" in w for w in v2.warnings)  # a section that is not a language: skipped, said
    assert v2.concepts[0].definition.startswith("Care provided")
    dct = termbase.read_tbx(DATA / "tbx" / "min-dct-v3.tbx")
    assert {("peer support", "preferred"), ("peer counselling", "superseded")} <= statuses(dct)
    weblate = termbase.read_tbx(DATA / "tbx" / "weblate-notes.tbx")
    assert ("handicapé", "superseded") in statuses(weblate) and ("QualityRights", "forbidden") in statuses(weblate)
    assert weblate.concepts[0].definition == "Replaced by a newer word, still seen in old leaflets."
    assert weblate.concepts[0].note == "Avoid this word in new material."
    assert weblate.concepts[1].note == "Do not translate."
    assert weblate.concepts[1].terms[0].note == "A programme name."


@pytest.mark.parametrize("name, language, languages, words", [
    ("no-header.csv", None, None, "--language"),
    ("no-header.csv", "es", ("en", "es"), 3),
    ("target-header.csv", None, None, "target"),
    ("target-header.csv", "pl", ("en", "pl"), 2),
    ("semicolons-forbidden.csv", None, ("en", "es", "fr"), 3),
])
def test_spreadsheets_import_or_fail_clearly(name, language, languages, words):
    path = DATA / "glossary-csv" / name
    if languages is None:
        with pytest.raises(GlossaryError, match=words) as error:
            termbase.read_csv(path, language=language)
        assert str(error.value).startswith(f"{path}:1: ")
        return
    base = termbase.read_csv(path, language=language)
    assert base.languages == languages and len(base.concepts) == words
    if name.startswith("semicolons"):
        assert {t.status for t in base.concepts[1].terms} == {"forbidden"}
