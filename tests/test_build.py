"""build: localized pages and subtitles from the PO files, English where there is no usable
translation, images beside the pages, nothing from a translation that could run in a browser."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qrl10n import catalog
from qrl10n.build import BuildOptions, build
from qrl10n.cli import main
from qrl10n.project import Project
from qrl10n.status import fmt_percent, language_stats

PAGE = Path("modules/m1-human-rights/01-why-human-rights")


def set_translation(path: Path, msgid_start: str, msgstr: str, *, fuzzy: bool = False) -> str:
    po = catalog.load(path)
    entry = next(e for e in catalog.live_entries(po) if e.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    entry.flags = ["fuzzy"] if fuzzy else [f for f in entry.flags if f != "fuzzy"]
    catalog.save(po, path)
    return entry.msgid


def test_untranslated_and_fuzzy_entries_fall_back_to_english_unless_asked(course):
    project = Project(course)
    po = course / "po" / "es" / "m1-human-rights.po"
    english = set_translation(po, "Human rights belong", "Borrador sin revisar.", fuzzy=True)
    build(project, ("es",))
    page = (course / "build" / "es" / PAGE.with_suffix(".md")).read_text("utf-8")
    assert " ".join(english.split()[:4]) in page and "Borrador sin revisar." not in page
    assert "Por qué los derechos humanos" in page  # the translated heading
    build(project, ("es",), BuildOptions(include_fuzzy=True))
    page = (course / "build" / "es" / PAGE.with_suffix(".md")).read_text("utf-8")
    assert "Borrador sin revisar." in page


def test_pages_are_html_with_lang_and_direction_and_keep_their_images(course):
    build(Project(course), ("es", "ar"))
    spanish = (course / "build" / "es" / PAGE.with_suffix(".html")).read_text("utf-8")
    assert spanish.startswith('<!DOCTYPE html>\n<html lang="es" dir="ltr">')
    arabic = (course / "build" / "ar" / PAGE.with_suffix(".html")).read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic and '<p dir="auto">' in arabic
    for lang in ("es", "ar"):
        for image in (course / "source").glob("*/images/*.svg"):
            built = course / "build" / lang / "modules" / image.parent.parent.name / "images" / image.name
            assert built.read_bytes() == image.read_bytes()
    html = (course / "build" / "es" / "modules" / "m4-legal-capacity" / "03-forms-of-support.html").read_text("utf-8")
    assert 'src="images/m4-circle-of-support.svg"' in html


def test_markup_a_translation_adds_is_shown_as_text_never_run(course):
    po = course / "po" / "es" / "m1-human-rights.po"
    set_translation(po, "Human rights belong", 'Hola <script>alert(1)</script><img src=x onerror="alert(2)"> *mundo*')
    build(Project(course), ("es",))
    html = (course / "build" / "es" / PAGE.with_suffix(".html")).read_text("utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html and "<em>mundo</em>" in html


def test_min_percent_skips_a_language_and_removes_its_earlier_build(course, monkeypatch):
    project = Project(course)
    build(project, ("es", "tr"))
    assert (course / "build" / "tr").is_dir()
    monkeypatch.chdir(course)
    result = CliRunner().invoke(main, ["build", "es", "tr", "--min-percent", "50"])
    assert result.exit_code == 0, result.output
    percent = fmt_percent(language_stats(project, project.language("tr")).percent)  # as status shows it
    assert percent in CliRunner().invoke(main, ["status", "tr", "--no-findings"]).output
    assert f"skipped: {percent} translated, below 50%; its earlier build removed" in result.output
    assert not (course / "build" / "tr").exists() and (course / "build" / "es").is_dir()


def test_blocks_shown_in_english_say_lang_en_in_every_language(course):
    """Screen readers and hyphenation need to know which blocks of a Spanish or Arabic page
    are still English: those, and only those, carry lang="en"."""
    from lxml import html as lxml_html
    spanish_po = course / "po" / "es" / "m1-human-rights.po"
    untranslated = set_translation(spanish_po, "Human rights belong", "")
    fuzzy = set_translation(spanish_po, "What we see in many services", "Lo que vemos", fuzzy=True)
    set_translation(course / "po" / "ar" / "m1-human-rights.po", "What we see in many services", "")
    build(Project(course), ("es", "ar"))
    page = lxml_html.fromstring((course / "build" / "es" / PAGE.with_suffix(".html")).read_bytes())
    english = {" ".join(e.text_content().split()) for e in page.iter() if e.get("lang") == "en"}
    assert english == {" ".join(untranslated.split()), fuzzy}
    arabic = (course / "build" / "ar" / PAGE.with_suffix(".html")).read_text("utf-8")
    for element in lxml_html.fromstring(arabic.encode("utf-8")).iter("p", "li", "h1", "h2", "td", "th"):
        if element.get("lang") == "en":
            assert element.get("dir") == "auto"
            assert not any("\u0600" <= c <= "\u06ff" for c in element.text_content())
    assert 'lang="en" dir="auto"' in arabic


def test_a_translated_item_inside_an_english_list_item_says_its_own_language():
    from qrl10n.formats.markdown import to_html
    page = to_html("- Still English\n  - Traducido\n- Also English, hard  \n  broken\n", lang="es",
                   direction="ltr", title="t", english=["Still English", "Also English, hard\\\nbroken"])
    assert '<li lang="en">Still English\n<ul>\n<li lang="es">Traducido</li>' in page
    assert '<li lang="en">Also English, hard<br />' in page
