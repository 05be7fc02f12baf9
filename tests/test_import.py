"""import: existing translated pages and subtitles aligned with the English source, as fuzzy drafts.

The F-Droid measurement imports real translated pages (built by po4a from real PO files, see
../shared/corpus/SOURCES.md) and compares what was imported with those PO files. Their
msgids come from another extractor (po4a's text mode with Markdown options): both join a
paragraph's wrapped lines with one space and drop list markers and heading hashes, so
comparing msgids and msgstrs with runs of whitespace collapsed is enough to match them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n import align, catalog
from qrl10n.build import build
from qrl10n.cli import main
from qrl10n.extract import extract
from qrl10n.importer import align_blocks, import_file, import_files, misaligned
from qrl10n.model import Segment
from qrl10n.project import Project
from qrl10n.update import update

from conftest import REPO, msgfmt_check, report as session_report

FDROID_LANGUAGES = ["es", "fr", "pl", "cs", "tr", "ar"]
#: Measured on the corpus (2025-05 pages): aligned 97.2% (tr) to 100%, agreeing 100% in every
#: language. The floors leave a margin for small adapter changes.
ALIGNED_FLOOR = 0.92
AGREEING_FLOOR = 0.95


def squash(text: str) -> str:
    return " ".join(text.split())


def make_course(root: Path, languages: list[str], pages: dict[str, str] | None = None,
                videos: dict[str, str] | None = None, module: str = "m1") -> Project:
    """A project in ``root`` with one module holding ``pages`` and ``videos``, extracted and updated."""
    root.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(f'"{code}"' for code in languages)
    (root / "qrl10n.toml").write_text(
        f'[course]\nname = "Test"\n\n[[modules]]\nid = "{module}"\ntitle = "Module"\n\n'
        f"[languages]\nactive = [{quoted}]\n", encoding="utf-8")
    for name, text in (pages or {}).items():
        (root / "source" / module).mkdir(parents=True, exist_ok=True)
        (root / "source" / module / name).write_text(text, encoding="utf-8")
    for name, text in (videos or {}).items():
        (root / "subtitles" / "en" / module).mkdir(parents=True, exist_ok=True)
        (root / "subtitles" / "en" / module / name).write_text(text, encoding="utf-8")
    project = Project(root)
    extract(project)
    update(project)
    return project


def entries(project: Project, code: str, component: str) -> dict[str, catalog.Entry]:
    path = project.po_path(code, project.component(component))
    return {e.msgid: e for e in catalog.live_entries(catalog.load(path))}


# -- the F-Droid measurement ------------------------------------------------------------------
@pytest.fixture(scope="module")
def fdroid(corpus, tmp_path_factory) -> tuple[Path, Project]:
    base = corpus / "md" / "fdroid-website"
    pages = {p.name: p.read_text("utf-8") for p in sorted((base / "_pages").glob("*.md"))}
    return base, make_course(tmp_path_factory.mktemp("fdroid"), FDROID_LANGUAGES, pages, module="fdroid")


@pytest.mark.parametrize("code", FDROID_LANGUAGES)
def test_fdroid_translated_pages_align_with_their_english_pages(fdroid, code):
    base, project = fdroid
    ground = catalog.load(base / "po" / f"_pages.{code}.po")
    truth = {squash(e.msgid): squash(e.msgstr) for e in ground if e.msgstr and "fuzzy" not in e.flags}
    po4a_msgids = {squash(e.msgid) for e in ground}
    blocks = aligned = compared = agreeing = written = other_msgid = 0
    for page in sorted((base / "translated" / code).glob("*.md")):
        report = import_file(project, code, page, source=project.source_dir / "fdroid" / page.name)
        blocks += report.english_blocks
        aligned += len(report.aligned)
        written += report.written
        for block in report.aligned:
            expected = truth.get(squash(block.msgid))
            other_msgid += squash(block.msgid) not in po4a_msgids
            if expected is not None and squash(block.translation) != squash(block.msgid):
                compared += 1
                agreeing += squash(block.translation) == expected
    session_report(f"import-fdroid-{code}", [
        f"import F-Droid {code}: {aligned}/{blocks} English blocks aligned ({aligned / blocks:.1%}), "
        f"{written} entries written, {agreeing}/{compared} imported translations agree with "
        f"_pages.{code}.po ({agreeing / compared:.1%}); {other_msgid} aligned blocks have no po4a msgid"])
    assert aligned / blocks >= ALIGNED_FLOOR
    assert compared >= 150 and agreeing / compared >= AGREEING_FLOOR
    po_path = project.po_path(code, project.component("fdroid"))
    msgfmt_check(po_path)
    imported = [e for e in entries(project, code, "fdroid").values() if e.msgstr]
    assert len(imported) == written
    assert all("fuzzy" in e.flags and f"imported from translated/{code}/" in e.comment for e in imported)


def test_a_missing_and_an_extra_paragraph_cost_one_block_each(corpus, tmp_path):
    base = corpus / "md" / "fdroid-website"
    project = make_course(tmp_path / "c", ["es"], {"about.md": (base / "_pages" / "about.md").read_text("utf-8")},
                          module="fdroid")
    truth = {squash(e.msgid): squash(e.msgstr) for e in catalog.load(base / "po" / "_pages.es.po") if e.msgstr}
    paragraphs = (base / "translated" / "es" / "about.md").read_text("utf-8").split("\n\n")
    assert paragraphs[1].startswith("F-Droid es un robot")  # a paragraph with no link to anchor it
    extra = "Nota de la traducción: esta página se tradujo en 2021 y se revisó\nen 2024."
    edited = paragraphs[:1] + paragraphs[2:11] + [extra] + paragraphs[11:]
    page = tmp_path / "old" / "es" / "fdroid" / "about.md"
    page.parent.mkdir(parents=True)
    page.write_text("\n\n".join(edited), "utf-8")

    report = import_file(project, "es", page)

    missing = [m for m in report.not_aligned if m.side == "english"]
    added = [m for m in report.not_aligned if m.side == "translation"]
    assert [m.line for m in missing] == [7]
    assert [squash(m.text) for m in added] == [squash(extra)]
    extra_line = page.read_text("utf-8").splitlines().index(extra.splitlines()[0]) + 1
    assert [(r.source_lines, r.source_blocks, r.target_blocks) for r in report.lost][0] == ((7, 7), 1, 0)
    assert report.lost[1].target_lines == (extra_line, extra_line) and report.lost[1].source_blocks == 0
    assert len(report.lost) == 2
    wrong = [b.msgid for b in report.aligned
             if squash(b.msgid) in truth and squash(b.translation) not in (truth[squash(b.msgid)], squash(b.msgid))]
    assert wrong == []  # the alignment recovered right after each lost block
    assert len(report.aligned) == report.english_blocks - 1


def test_alignment_over_segments_tolerates_a_merged_list():
    english = [Segment("Contact", 1, "heading 2"), Segment("Write to [us](mailto:team@example.org).", 3, "paragraph"),
               Segment("One", 5, "list item"), Segment("Two", 6, "list item"),
               Segment("Read the [guide](https://example.org/guide) first.", 8, "paragraph")]
    translated = [Segment("Contacto", 1, "heading 2"),
                  Segment("Escríbenos a [nosotros](mailto:team@example.org).", 3, "paragraph"),
                  Segment("Uno y dos", 5, "paragraph"),
                  Segment("Lee primero la [guía](https://example.org/guide).", 7, "paragraph")]
    result = align_blocks(english, translated)
    pairs = {(a.source_line, a.line) for a in result.aligned}
    assert {(1, 1), (3, 3), (8, 7)} <= pairs
    assert all(m.line != 8 for m in result.not_aligned)
    assert result.lost and result.lost[0].source_lines[0] >= 5


# -- never overwrite ------------------------------------------------------------------------------
PAGE = """---
title: "Legal capacity"
---

# Legal capacity

Everyone has the right to [legal capacity](https://www.ohchr.org/crpd) on an equal basis.

Supported decision-making respects the will and preferences of the person.

- Advance plans
- Peer support, from 2 or more people

## Next steps

Read the [next page](02-next.md) when you are ready.
"""

PAGE_ES = """---
title: "Capacidad jurídica"
---

# Capacidad jurídica

Todas las personas tienen derecho a la [capacidad
jurídica](https://www.ohchr.org/crpd) en igualdad de condiciones.

La toma de decisiones con apoyo respeta la voluntad y las preferencias de la persona.

- Planes anticipados
- Apoyo entre pares, de 2 o más personas

## Próximos pasos

Lee la [página siguiente](02-next.md) cuando quieras.
"""


def po_chunks(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n\n")


def test_import_into_a_translated_file_changes_none_of_its_translations(tmp_path):
    project = make_course(tmp_path / "c", ["es"], {"01-legal-capacity.md": PAGE})
    po_path = project.po_path("es", project.component("m1"))
    po = catalog.load(po_path)
    by_id = {e.msgid: e for e in catalog.live_entries(po)}
    by_id["Legal capacity"].msgstr = "Capacidad legal"  # a reviewed translation
    by_id["Legal capacity"].tcomment = "Término de la CDPD."
    by_id["Advance plans"].msgstr = "Voluntades anticipadas"  # an unreviewed one
    by_id["Advance plans"].flags = ["fuzzy"]
    catalog.save(po, po_path)
    kept = [chunk for chunk in po_chunks(po_path) if 'msgstr ""' not in chunk and "msgid \"\"\n" not in chunk]
    assert len(kept) == 2
    page = tmp_path / "old" / "m1" / "01-legal-capacity.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE_ES, "utf-8")

    report = import_file(project, "es", page)

    after = po_chunks(po_path)
    assert all(chunk in after for chunk in kept)  # byte for byte
    reasons = {s.block.msgid: s.reason for s in report.skipped}
    assert reasons["Legal capacity"] == "already translated"
    assert reasons["Advance plans"] == "already has a fuzzy translation"
    assert report.written == len(report.aligned) - 3 == 5  # "Legal capacity" is the title and the heading
    new = entries(project, "es", "m1")
    assert new["Supported decision-making respects the will and preferences of the person."].msgstr == \
        "La toma de decisiones con apoyo respeta la voluntad y las preferencias de la persona."
    assert new["Everyone has the right to [legal capacity](https://www.ohchr.org/crpd) on an equal basis."].msgstr == \
        "Todas las personas tienen derecho a la [capacidad jurídica](https://www.ohchr.org/crpd) en igualdad de condiciones."
    assert "fuzzy" in new["Next steps"].flags and "imported from old/m1/01-legal-capacity.md:15" in new["Next steps"].comment
    msgfmt_check(po_path)

    before = po_path.read_bytes()
    again = import_file(project, "es", page)
    assert again.written == 0 and not again.changed and po_path.read_bytes() == before
    update(project)  # the import note survives an update, as every stage's comments do
    assert "imported from old/m1/01-legal-capacity.md:15" in entries(project, "es", "m1")["Next steps"].comment


# -- subtitles ----------------------------------------------------------------------------------
VIDEO = """1
00:00:01,000 --> 00:00:03,000
Welcome to the course on human rights

2
00:00:03,000 --> 00:00:05,500
and mental health.

3
00:00:06,000 --> 00:00:08,000
Recovery is a personal journey.

4
00:00:08,500 --> 00:00:10,000
- Are you ready?
- Yes, I am.

5
00:00:10,500 --> 00:00:12,000
Let us begin.
"""

VIDEO_ES = """WEBVTT

00:00:01.000 --> 00:00:02.400
Bienvenidos al curso

00:00:02.400 --> 00:00:04.000
sobre derechos humanos

00:00:04.000 --> 00:00:05.400
y salud mental.

00:00:06.000 --> 00:00:08.000
<i>La recuperación</i> es un camino personal.

00:00:08.500 --> 00:00:10.000
- ¿Estás lista?
- Sí, lo estoy.

00:00:20.000 --> 00:00:22.000
Subtítulos: Ana Pérez.
"""


def test_translated_subtitles_with_other_cue_splitting_align_by_time(tmp_path):
    project = make_course(tmp_path / "c", ["es"], {"01-intro.md": "# Intro\n"}, {"01-welcome.srt": VIDEO})
    old = tmp_path / "old" / "es" / "m1" / "01-welcome.vtt"
    old.parent.mkdir(parents=True)
    old.write_text(VIDEO_ES, "utf-8")

    (report,) = import_files(project, "es", [old])

    assert report.source == project.subtitles_dir / "m1" / "01-welcome.srt"
    got = {msgid: e.msgstr for msgid, e in entries(project, "es", "m1-videos").items()}
    assert got == {
        "Welcome to the course on human rights and mental health.":
            "Bienvenidos al curso sobre derechos humanos y salud mental.",
        "Recovery is a personal journey.": "<i>La recuperación</i> es un camino personal.",
        "Are you ready?": "¿Estás lista?",
        "Yes, I am.": "Sí, lo estoy.",
        "Let us begin.": "",
    }
    reasons = sorted((m.side, m.reason) for m in report.not_aligned)
    assert reasons == [("english", "no translated cue overlaps 00:00:10.500 --> 00:00:12.000"),
                       ("translation", "cue 6 (00:00:20.000) overlaps no English sentence")]
    msgfmt_check(report.po_path)


# -- HTML ---------------------------------------------------------------------------------------
PAGE_HTML = """<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><title>Capacidad jurídica</title>
<script>alert("no")</script></head>
<body><nav><a href="index.html">Inicio</a></nav>
<h1>Capacidad jurídica</h1>
<p>Todas las personas tienen derecho a la <a href="https://www.ohchr.org/crpd">capacidad
   jurídica</a> en igualdad de condiciones.</p>
<p>La toma de decisiones <em>con apoyo</em> respeta la <strong>voluntad</strong> de la persona.</p>
<ul><li>Planes anticipados</li><li>Apoyo entre pares, de 2 o más personas</li></ul>
<h2>Próximos pasos</h2>
<p>Lee la <a href="02-next.html">página siguiente</a> cuando quieras.</p>
</body></html>
"""


def test_html_page_is_imported_in_the_msgids_markdown_form(tmp_path):
    english = PAGE.replace("Supported decision-making respects the will and preferences",
                           "Supported decision-making _with support_ respects the **will**")
    project = make_course(tmp_path / "c", ["es"], {"01-legal-capacity.md": english})
    page = tmp_path / "site" / "m1" / "01-legal-capacity.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE_HTML, "utf-8")

    report = import_file(project, "es", page)

    got = {msgid: e.msgstr for msgid, e in entries(project, "es", "m1").items()}
    assert got["Legal capacity"] == "Capacidad jurídica"
    assert got["Everyone has the right to [legal capacity](https://www.ohchr.org/crpd) on an equal basis."] == \
        "Todas las personas tienen derecho a la [capacidad jurídica](https://www.ohchr.org/crpd) en igualdad de condiciones."
    assert got["Supported decision-making _with support_ respects the **will** of the person."] == \
        "La toma de decisiones _con apoyo_ respeta la **voluntad** de la persona."
    assert got["Read the [next page](02-next.md) when you are ready."] == \
        "Lee la [página siguiente](02-next.md) cuando quieras."
    assert got["Peer support, from 2 or more people"] == "Apoyo entre pares, de 2 o más personas"
    assert report.written == 7 and not report.not_aligned  # the title and the heading share one entry


PAGE_LINKS = """---
title: "Rights"
---

# Rights

The [CRPD][crpd] protects the rights of persons with disabilities. Read the [treaty] in full.

Who has a copy of this plan:

- [ ] My supporter
- [x] My doctor

Next: [Legal capacity](02-legal-capacity.md#start).

[crpd]: https://www.ohchr.org/crpd "Convention on the Rights of Persons with Disabilities"
[treaty]: https://www.ohchr.org/crpd-text
"""

PAGE_LINKS_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Droits</title></head>
<body><main>
<h1>Droits</h1>
<p>La <a href="https://www.ohchr.org/crpd" title="Convention relative aux droits des personnes
handicapées">CDPH</a> protège les droits des personnes handicapées. Lire le
<a href="https://www.ohchr.org/crpd-text">traité</a> en entier.</p>
<p>Qui a une copie de ce plan&nbsp;:</p>
<ul><li>[ ] Ma personne de soutien</li><li>[x] Mon médecin</li></ul>
<p>Page suivante&nbsp;: <a href="02-legal-capacity.html#start">Capacité juridique</a>.</p>
</main></body></html>
"""


def test_html_links_come_back_as_the_english_page_writes_them(tmp_path):
    project = make_course(tmp_path / "c", ["fr"], {"01-rights.md": PAGE_LINKS})
    page = tmp_path / "site" / "m1" / "01-rights.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE_LINKS_HTML, "utf-8")

    report = import_file(project, "fr", page)

    got = {msgid: e.msgstr for msgid, e in entries(project, "fr", "m1").items()}
    assert got["The [CRPD][crpd] protects the rights of persons with disabilities. Read the [treaty] in full."] == \
        "La [CDPH][crpd] protège les droits des personnes handicapées. Lire le [traité][treaty] en entier."
    assert got["Next: [Legal capacity](02-legal-capacity.md#start)."] == \
        "Page suivante\u00a0: [Capacité juridique](02-legal-capacity.md#start)."  # the built page links .html
    assert got["Convention on the Rights of Persons with Disabilities"] == \
        "Convention relative aux droits des personnes handicapées"  # the definition's title, by URL
    assert got["My supporter"] == "Ma personne de soutien" and got["My doctor"] == "Mon médecin"
    assert got["Who has a copy of this plan:"] == "Qui a une copie de ce plan\u00a0:"  # no-break space kept
    assert not report.not_aligned and report.written == len(report.aligned) - 1 == 7  # title = heading


def test_the_built_spanish_course_comes_back_as_its_translations(course):
    """Build the Spanish pages, empty the PO files, import the built pages: the translations
    come back, from the HTML pages as well as from the Markdown ones."""
    project = Project(course)
    build(project, ("es",), jobs=1)
    components = [c for c in project.components if c.kind == "pages"]
    original: dict[tuple, str] = {}
    for component in components:
        po_path = project.po_path("es", component)
        po = catalog.load(po_path)
        for entry in catalog.live_entries(po):
            if catalog.is_translated(entry) and squash(entry.msgstr) != squash(entry.msgid):
                original[(component.name, catalog.key(entry))] = entry.msgstr
            entry.msgstr, entry.flags = "", [f for f in entry.flags if f != "fuzzy"]
        catalog.save(po, po_path)
    empty = {c.name: project.po_path("es", c).read_bytes() for c in components}
    tally = {}
    for suffix in ("md", "html"):
        for component in components:
            project.po_path("es", component).write_bytes(empty[component.name])
        pages = sorted((project.build_dir / "es" / "modules").glob(f"*/*.{suffix}"))
        reports = import_files(project, "es", pages)
        got = {(c.name, catalog.key(e)): e.msgstr for c in components
               for e in catalog.live_entries(catalog.load(project.po_path("es", c)))}
        same = sum(got[key] == text for key, text in original.items())
        differ = sum(bool(got[key]) and got[key] != text for key, text in original.items())
        skipped = sorted(r.path.stem for r in reports if r.skipped_file)
        tally[suffix] = (same, differ, skipped)
    session_report("import-course-es", [
        f"import of the built Spanish course: {s} of {len(original)} translations back identical from .{x} "
        f"pages, {d} different, skipped {', '.join(k) or 'none'}" for x, (s, d, k) in tally.items()])
    assert tally["html"] == tally["md"]
    same, differ, skipped = tally["html"]
    assert differ == 0 and same >= 0.98 * len(original)
    assert skipped == ["90-creditos-de-la-traduccion"]  # built from source/course/addenda/es/


# -- evidently wrong alignments and files without an English page ---------------------------------
def test_a_page_that_does_not_translate_its_english_page_is_refused(corpus, tmp_path, monkeypatch):
    base = corpus / "md" / "fdroid-website"
    recovery = (REPO / "source" / "m3-recovery" / "01-recovery-personal-journey.md").read_text("utf-8")
    project = make_course(tmp_path / "c", ["tr"], {"about.md": (base / "_pages" / "about.md").read_text("utf-8"),
                                                   "01-recovery-personal-journey.md": recovery}, module="fdroid")
    po_path = project.po_path("tr", project.component("fdroid"))
    before = po_path.read_bytes()
    translated = base / "translated" / "tr" / "about.md"
    monkeypatch.chdir(tmp_path / "c")
    runner = CliRunner()

    for dry in (["--dry-run"], []):
        wrong = runner.invoke(main, ["import", "tr", str(translated), "--source",
                                     "source/fdroid/01-recovery-personal-journey.md", *dry])
        assert wrong.exit_code == 2, wrong.output
        assert (f"{translated}: does not look like a translation of source/fdroid/01-recovery-personal-journey.md: "
                "only ") in wrong.output and "--source" in wrong.output
        assert po_path.read_bytes() == before

    old = tmp_path / "c" / "old" / "tr" / "fdroid"  # one right file and one misnamed: nothing written
    old.mkdir(parents=True)
    (old / "about.md").write_bytes(translated.read_bytes())
    (old / "01-recovery-personal-journey.md").write_bytes(translated.read_bytes())
    both = runner.invoke(main, ["import", "tr", "old/tr/fdroid/about.md", "old/tr/fdroid/01-recovery-personal-journey.md"])
    assert both.exit_code == 2 and "old/tr/fdroid/01-recovery-personal-journey.md: does not look" in both.output
    assert po_path.read_bytes() == before

    right = runner.invoke(main, ["import", "tr", str(translated), "--source", "source/fdroid/about.md"])
    assert right.exit_code == 0 and po_path.read_bytes() != before


def test_pairs_that_share_no_link_number_or_code_are_an_evident_misalignment():
    english = [Segment("Welcome to the course.", 1, "paragraph"),
               Segment("Read [the guide](https://example.org/guide) first.", 3, "paragraph"),
               Segment("Thank you for taking part.", 5, "paragraph")]
    unrelated = [Segment("Bienvenue sur le site.", 1, "paragraph"),
                 Segment("Voir [la page](https://example.org/autre) ici.", 3, "paragraph"),
                 Segment("Merci de votre visite.", 5, "paragraph")]
    result = align_blocks(english, unrelated)
    assert len(result.aligned) == 3  # length and position alone pair everything
    assert "not one pair shares a link, number or code" in misaligned(english, result)
    related = [unrelated[0], Segment("Lisez [le guide](https://example.org/guide) d'abord.", 3, "paragraph"),
               unrelated[2]]
    assert misaligned(english, align_blocks(english, related)) is None
    assert misaligned(english[:1], align_blocks(english[:1], unrelated[:1])) is None  # nothing to share
    assert "only 0 of 3 English blocks align" in misaligned(english, align_blocks(english, unrelated[:1]))


def test_a_page_only_the_language_has_is_skipped(tmp_path, monkeypatch):
    project = make_course(tmp_path / "c", ["es"], {"01-legal-capacity.md": PAGE})
    credits = project.source_dir / "m1" / "addenda" / "es" / "90-creditos.md"
    credits.parent.mkdir(parents=True)
    credits.write_text("# Créditos\n\nTraducción: equipo de voluntariado.\n", "utf-8")
    built = tmp_path / "c" / "build" / "es" / "modules" / "m1"
    built.mkdir(parents=True)
    (built / "90-creditos.html").write_text("<h1>Créditos</h1><p>Traducción: equipo de voluntariado.</p>", "utf-8")
    monkeypatch.chdir(tmp_path / "c")

    done = CliRunner().invoke(main, ["import", "es", "build/es/modules/m1/90-creditos.html"])

    assert done.exit_code == 0, done.output
    assert ("build/es/modules/m1/90-creditos.html: skipped, a page only es has "
            "(built from source/m1/addenda/es/90-creditos.md), nothing to import") in done.output


# -- the command ----------------------------------------------------------------------------------
def test_cli_imports_reports_and_skips_or_refuses_files_without_an_english_counterpart(tmp_path, monkeypatch):
    project = make_course(tmp_path / "c", ["es"], {"01-legal-capacity.md": PAGE})
    old = tmp_path / "c" / "old" / "es" / "m1"
    old.mkdir(parents=True)
    (old / "01-legal-capacity.md").write_text(PAGE_ES + "\nUn párrafo que solo tiene la traducción.\n", "utf-8")
    (old / "99-unknown.md").write_text("# Nada\n", "utf-8")
    monkeypatch.chdir(tmp_path / "c")
    po_path = project.po_path("es", project.component("m1"))
    before = po_path.read_bytes()
    runner = CliRunner()

    refused = runner.invoke(main, ["import", "es", "old/es/m1/99-unknown.md"])
    assert refused.exit_code == 2
    assert "old/es/m1/99-unknown.md: no English counterpart found (looked for source/m1/99-unknown.md)" in refused.output

    dry = runner.invoke(main, ["import", "es", "old/es/m1/01-legal-capacity.md", "--dry-run"])
    assert dry.exit_code == 0 and "7 would be written" in dry.output and po_path.read_bytes() == before

    done = runner.invoke(main, ["import", "es", "old/es/m1/01-legal-capacity.md", "old/es/m1/99-unknown.md", "-v"])
    assert done.exit_code == 0, done.output  # among several files, one without an English page is skipped
    assert "old/es/m1/01-legal-capacity.md -> po/es/m1.po: 8 of 8 English blocks aligned, 7 written, 1 skipped" in done.output
    assert "old/es/m1/01-legal-capacity.md:19: not aligned, matches no English block (an addition?)" in done.output
    assert "source/m1/01-legal-capacity.md:16 <- old/es/m1/01-legal-capacity.md:17: imported" in done.output
    assert ("old/es/m1/99-unknown.md: skipped, no English counterpart found "
            "(looked for source/m1/99-unknown.md)") in done.output

    explicit = runner.invoke(main, ["import", "es", "old/es/m1/99-unknown.md", "--source", "source/m1/01-legal-capacity.md"])
    assert explicit.exit_code == 2 and "does not look like a translation of source/m1/01-legal-capacity.md" in explicit.output
    several = runner.invoke(main, ["import", "es", "old/es/m1/99-unknown.md", "old/es/m1/01-legal-capacity.md",
                                   "--source", "source/m1/01-legal-capacity.md"])
    assert several.exit_code == 2 and "source/m1/01-legal-capacity.md" in several.output


# -- anchors: what both pages share is never crossed -------------------------------------------
IMPORT_DATA = REPO / "tests" / "data" / "import"


def test_a_paragraph_only_the_translation_has_is_not_paired_across_a_shared_code_block(tmp_path):
    """tests/data/import: the Spanish page adds a translator's note before the code block and
    lacks the English paragraph after it; lengths alone would pair the two across the block."""
    english = (IMPORT_DATA / "en" / "01-support-plan.md").read_text("utf-8")
    project = make_course(tmp_path / "c", ["es"], {"01-support-plan.md": english})
    page = IMPORT_DATA / "es" / "01-support-plan.md"
    report = import_file(project, "es", page, source=project.source_dir / "m1" / "01-support-plan.md")
    note = "Nota de la traducción: en algunos países este documento tiene otro nombre legal."
    lacking = "Keep the plan where the people named in it can find it quickly."
    assert [(m.side, m.text) for m in report.not_aligned] == [("translation", note), ("english", lacking)]
    assert all(block.translation != note for block in report.aligned)
    assert [(b.source_line, b.line) for b in report.aligned] == [(1, 1), (3, 3), (5, 5), (19, 19), (23, 23)]
    got = entries(project, "es", "m1")
    review = "Review the plan every year, or sooner when something important changes."
    assert got[lacking].msgstr == "" and "fuzzy" in got[review].flags
    msgfmt_check(project.po_path("es", project.component("m1")))


@pytest.mark.parametrize("anchor_en, anchor_es", [
    ("https://example.org/plan", "https://example.org/plan"),  # identical on both sides
    ("Article 12 in one sentence.", "El artículo 12 en una frase."),  # the one block with "12" on each side
])
def test_identical_blocks_and_numbers_found_once_on_each_side_are_anchors(anchor_en, anchor_es):
    """Even when gaps cost more than any pair, nothing is paired across an anchor: the
    translation's extra paragraph (before it) stays apart from the English one it lacks (after)."""
    english = [Segment("Why a plan helps people keep control of their own care.", 1, "paragraph"),
               Segment(anchor_en, 3, "paragraph"),
               Segment("A plan written long before any crisis is the most useful.", 5, "paragraph"),
               Segment("Short closing words for the page, said once at the end.", 7, "paragraph")]
    translated = [Segment("Por qué un plan ayuda a mantener el control del propio cuidado.", 1, "paragraph"),
                  Segment("Nota: texto añadido por el equipo de traducción, sin original.", 3, "paragraph"),
                  Segment(anchor_es, 5, "paragraph"),
                  Segment("Un plan escrito mucho antes de una crisis es el más útil.", 7, "paragraph")]
    pairs = [(p.source, p.target) for p in align.align(english, translated, gap=-5.0)]
    assert (1, 2) in pairs
    assert all((i < 1) == (j < 2) for i, j in pairs if i is not None and j is not None and (i, j) != (1, 2))


def test_fixed_boundaries_are_never_crossed_and_skeleton_matches_in_order():
    english = [Segment("First paragraph of the page, long enough to pair.", 1, "paragraph"),
               Segment("Second paragraph, after the code block.", 5, "paragraph")]
    translated = [Segment("Primer párrafo de la página, bastante largo para emparejar.", 1, "paragraph"),
                  Segment("Segundo párrafo, antes del bloque de código.", 3, "paragraph")]
    free = [(p.source, p.target) for p in align.align(english, translated)]
    assert (1, 1) in free
    fenced = [(p.source, p.target) for p in align.align(english, translated, fixed=[(1, 2)])]
    assert fenced == [(0, 0), (1, None), (None, 1)] or fenced == [(0, 0), (None, 1), (1, None)]
    assert align.common_blocks(["---", "code a", "<div>x</div>", "---"], ["---", "<div>x</div>", "---", "more"]) \
        == [(0, 0), (2, 1), (3, 2)]
