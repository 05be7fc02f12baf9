"""qrl10n check: one table of good and bad cases per check, in the course's languages; the
ways to switch a check off; the real corpus PO files; the three report formats; the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n import report
from qrl10n.checks import BY_ID, CHECKS, CheckContext, catalogue, check, check_file
from qrl10n.cli import main
from qrl10n.errors import CatalogError
from qrl10n.formats.junit import junit
from qrl10n.formats.po import catalog
from qrl10n.languages import language_info
from qrl10n.model import Finding
from qrl10n.project import Project

REPO = Path(__file__).resolve().parent.parent

NB = "\u00a0"  # no-break space
NNB = "\u202f"  # narrow no-break space

# (check id, language, English, translation, flags, finds something?)
GOOD, BAD = False, True
CASES = [
    # printf placeholders: reordering with %1$s is fine; a Turkish "%50" is not a placeholder
    ("placeholders-printf", "es", "%s files deleted", "%s archivos eliminados", ("c-format",), GOOD),
    ("placeholders-printf", "pl", "%1$s of %2$s", "%2$s z %1$s", ("c-format",), GOOD),
    ("placeholders-printf", "tr", "50% of people", "insanların %50'si", (), GOOD),
    ("placeholders-printf", "es", "%s files deleted", "%d archivos eliminados", ("c-format",), BAD),
    ("placeholders-printf", "pl", "Deleted %d files", "Usunięto pliki", ("c-format",), BAD),
    ("placeholders-printf", "fr", "Hello %(name)s", "Bonjour %(nom)s", ("python-format",), BAD),
    ("placeholders-printf", "hy", "%a %b %-e_%R", "%a %-e %b_%R", (), GOOD),  # strftime, not printf
    # flags are the translation's business (Czech groups thousands with %'d; glibc's %Id: native digits)
    ("placeholders-printf", "cs", "Disk %s: %ju bytes, %d kB", f"Disk %s: %'ju bajtů, %'d{NB}kB", ("c-format",), GOOD),
    ("placeholders-printf", "ar", "CRTC %d cannot drive output %s", "تعذَّر على CRTC %Id تحريك الخرج %s", ("c-format",), GOOD),
    ("placeholders-printf", "fr", "%-8s|%+d|%#x|%05.1f", "%8s|% d|%x|%5.1f", ("c-format",), GOOD),
    ("placeholders-printf", "cs", "Total capacity %'d kB.", "Celková kapacita %'d kB.", (), GOOD),
    ("placeholders-printf", "cs", "%d kB", "%'s kB", ("c-format",), BAD),
    ("placeholders-printf", "tr", "100% done", "%100 tamam", (), GOOD),
    # {name} placeholders: the course's own and python-brace-format
    ("placeholders-brace", "es", "Well done, {learner_name}!", "¡Bien hecho, {learner_name}!", (), GOOD),
    ("placeholders-brace", "ar", "{count} modules completed", "أكملت {count} وحدات", (), GOOD),
    ("placeholders-brace", "fr", "Welcome, {learner_name}!", f"Bienvenue, {{nom_apprenant}}{NB}!", (), BAD),
    ("placeholders-brace", "hy", "Certificate for {name}", "Վկայական", (), BAD),
    ("placeholders-brace", "tr", "{0} of {1}", "{0}", (), BAD),
    # Markdown links: text translated, target copied; order may change
    ("markdown-links", "es", "Read the [CRPD](https://www.ohchr.org/crpd).",
     "Lea la [CDPD](https://www.ohchr.org/crpd).", (), GOOD),
    ("markdown-links", "ar", "See [A](a.md) and [B](b.md).", "انظر [ب](b.md) و[أ](a.md).", (), GOOD),
    ("markdown-links", "pl", "Go to <https://who.int>.", "Przejdź do <https://who.int>.", (), GOOD),
    ("markdown-links", "fr", "Read the [CRPD](https://www.ohchr.org/crpd).",
     "Lisez la [CDPH](https://www.ohchr.org/fr/cdph).", (), BAD),
    ("markdown-links", "pl", "Continue to [Module 2](../m2/01.md).", "Przejdź do modułu 2.", (), BAD),
    ("markdown-links", "tr", "See the [convention][crpd].", "[Sözleşmeye][sözleşme] bakın.", (), BAD),
    ("markdown-links", "es", "See [the guide](guide.md).", "Vea [](guide.md).", (), BAD),
    # Markdown images: alt text translated, file kept
    ("markdown-images", "es", "![A nurse listening](images/listen.png)",
     "![Una enfermera escuchando](images/listen.png)", (), GOOD),
    ("markdown-images", "hy", "![A nurse](images/nurse.png)", "![Բուժքույր](images/բուժքույր.png)", (), BAD),
    ("markdown-images", "ar", "Look: ![A nurse](images/nurse.png)", "انظر:", (), BAD),
    # inline code: identical
    ("markdown-code", "pl", "Run `qrl10n check` now.", "Uruchom teraz `qrl10n check`.", (), GOOD),
    ("markdown-code", "es", "Run `qrl10n check` now.", "Ejecute `qrl10n comprobar` ahora.", (), BAD),
    ("markdown-code", "tr", "Run `qrl10n check` now.", "Şimdi qrl10n check komutunu çalıştırın.", (), BAD),
    # `%s' is old-style quoting (GNU), not code
    ("markdown-code", "cs", "Skipping existing link: `%s' -> `%s'", "Přeskakuje se odkaz: „%s“ → „%s“", (), GOOD),
    ("markdown-code", "et", "%s: bad directory: '.' isn't first", "`%s': vigane kataloog: `.' pole esimene", (), GOOD),
    ("markdown-code", "fr", "Type `don't` here.", "Tapez `ne pas` ici.", (), BAD),
    # emphasis: every marker closed
    ("markdown-emphasis", "fr", "Talk about *a person who lives with depression*.",
     "Parlez d'*une personne qui vit avec une dépression*.", (), GOOD),
    ("markdown-emphasis", "tr", "Set learner_name in the file.", "Dosyada learner_name değerini ayarlayın.", (), GOOD),
    ("markdown-emphasis", "ar", "Cost: 5 * 3 units", "التكلفة: 5 * 3 وحدات", (), GOOD),
    ("markdown-emphasis", "es", "**Learning objectives:** after this page",
     "**Objetivos de aprendizaje:* después de esta página", (), BAD),
    ("markdown-emphasis", "pl", "Say *died by suicide*.", "Mów *zmarł w wyniku samobójstwa.", (), BAD),
    # GNOME accelerators and a lone * are no emphasis to markdown-it: they show as typed
    ("markdown-emphasis", "pl", "C_alculate", "_Oblicz", (), GOOD),
    ("markdown-emphasis", "fr", "A_bout Calculator", "À _propos de Calculatrice", (), GOOD),
    ("markdown-emphasis", "tr", "Multiply (×)", "Çarp (*)", (), GOOD),
    ("markdown-emphasis", "cs", "a _fs_passno_ of 2", "hodnotu _fs_passno rovnu 2", (), BAD),
    ("markdown-emphasis", "es", "Say *this*.", "Diga _esto.", (), BAD),
    # tags: kept, may move; "<file>" in a usage line is a word, not a tag
    ("xml-tags", "es", "Press <b>Save</b> then <i>Close</i>.", "Pulse <i>Cerrar</i> tras <b>Guardar</b>.", (), GOOD),
    ("xml-tags", "pl", "Usage: cmd <file>", "Użycie: cmd <plik>", (), GOOD),
    ("xml-tags", "uk", " %1$s [options] <source> <destination>", " %1$s [параметри] <джерело> <призначення>", (), GOOD),
    ("xml-tags", "cs", "Play <source>clip</source>", "Přehrát klip", (), BAD),  # closed: markup
    ("xml-tags", "es", "One<br/>two", "Uno dos", (), BAD),
    ("xml-tags", "pl", "Press <b>Save", "Naciśnij Zapisz", (), BAD),  # a known inline tag
    ("xml-tags", "fr", 'The <abbr title="Convention">CRPD</abbr> says', "La CDPH dit", (), BAD),
    ("xml-tags", "hy", "Line one<br>line two", "Տող մեկ տող երկու", (), BAD),
    # blank
    ("blank", "es", "Hello", "Hola", (), GOOD),
    ("blank", "tr", "Hello", "   ", (), BAD),
    # URLs and e-mail addresses
    ("urls", "es", "See https://www.who.int/ and https://qualityrights.org/",
     "Vea https://qualityrights.org/ y https://www.who.int/", (), GOOD),
    ("urls", "fr", "See https://www.who.int/mental-health", "Voir https://www.who.int/sante-mentale", (), BAD),
    ("emails", "pl", "Write to help@example.org.", "Napisz na help@example.org.", (), GOOD),
    ("emails", "hy", "Write to help@example.org.", "Գրեք օգնություն@example.org հասցեին։", (), BAD),
    # numbers: separators and native digits are the language's business
    ("numbers", "fr", "More than 1,000 people, 3.5 percent", f"Plus de 1{NB}000 personnes, 3,5 pour cent", (), GOOD),
    ("numbers", "ar", "Article 12 of the CRPD", "المادة ١٢ من الاتفاقية", (), GOOD),
    ("numbers", "pl", "Article 12 of the CRPD", "Artykuł 13 KPON", (), BAD),
    ("numbers", "tr", "Adopted in 2006.", "2008'de kabul edildi.", (), BAD),
    # whitespace and line breaks
    ("start-whitespace", "es", "  indented", "  sangrado", (), GOOD),
    ("start-whitespace", "pl", "  indented", "wcięty", (), BAD),
    ("end-whitespace", "fr", "Name: ", f"Nom{NB}: ", (), GOOD),
    ("end-whitespace", "tr", "Name: ", "Ad:", (), BAD),
    ("line-breaks", "es", "one\ntwo", "uno\ndos", (), GOOD),
    ("line-breaks", "hy", "one\ntwo\n", "մեկ երկու", (), BAD),
    # doubled words
    ("doubled-words", "es", "the person", "la persona", (), GOOD),
    ("doubled-words", "pl", "This is important.", "To jest jest ważne.", (), BAD),
    ("doubled-words", "tr", "slowly", "yavaş yavaş", (), BAD),  # Turkish repeats on purpose: disable per language
    # brackets
    ("brackets", "es", "the Convention (CRPD)", "la Convención (CDPD)", (), GOOD),
    ("brackets", "fr", "the Convention (CRPD)", "la Convention (CDPH", (), BAD),
    # end punctuation, with each language's conventions
    ("end-punctuation", "es", "Is it your choice?", "¿Es su decisión?", (), GOOD),
    ("end-punctuation", "es", "Is it your choice?", "¿Es su decisión.", (), BAD),
    ("end-punctuation", "tr", "It is your choice.", "Bu sizin seçiminiz.", (), GOOD),
    ("end-punctuation", "tr", "It is your choice.", "Bu sizin seçiminiz", (), BAD),
    ("end-punctuation", "pl", "You can:", "Możesz:", (), GOOD),
    ("end-punctuation", "cs", 'It asks "What do you want?"', "Ptá se: „Co chcete?“", (), GOOD),
    ("end-punctuation", "cs", 'It asks "What do you want?"', "Ptá se: „Co chcete“", (), BAD),
    ("end-punctuation", "pl", "You can:", "Możesz", (), BAD),
    ("end-punctuation", "ar", "Why does it matter?", "لماذا يهم ذلك؟", (), GOOD),
    ("end-punctuation", "ar", "Why does it matter?", "لماذا يهم ذلك?", (), BAD),
    ("end-punctuation", "hy", "It matters.", "Դա կարևոր է։", (), GOOD),
    ("end-punctuation", "hy", "It matters.", "Դա կարևոր է.", (), BAD),
    ("end-punctuation", "hy", "Why does it matter?", "Ինչո՞ւ է դա կարևոր։", (), GOOD),
    ("end-punctuation", "hy", "Why does it matter?", "Ինչու է դա կարևոր?", (), BAD),
    ("end-punctuation", "hy", "You can:", "Դուք կարող եք.", (), GOOD),  # "." is the Armenian colon
    ("end-punctuation", "fr", "**Why?**", f"**Pourquoi{NB}?**", (), GOOD),
    # the language's own marks
    ("native-punctuation", "es", "Why? Because it matters.", "¿Por qué? Porque importa.", (), GOOD),
    ("native-punctuation", "es", "Why? Because it matters.", "Por qué? Porque importa.", (), BAD),
    ("native-punctuation", "es", "Listen!", "¡Escuche!", (), GOOD),
    ("native-punctuation", "es", "Listen!", "Escuche!", (), BAD),
    ("native-punctuation", "ar", "Yes, it does.", "نعم، إنه كذلك.", (), GOOD),
    ("native-punctuation", "ar", "Yes, it does.", "نعم, إنه كذلك.", (), BAD),
    ("native-punctuation", "ar", "degree,degrees,deg", "درجة,درجات,درجة", (), GOOD),  # a keyword list
    ("native-punctuation", "pl", "Why? Because.", "Dlaczego? Ponieważ.", (), GOOD),
    # French spacing
    ("punctuation-spacing", "fr", "Why?", f"Pourquoi{NB}?", (), GOOD),
    ("punctuation-spacing", "fr", "Note: at 10:30", f"Remarque{NNB}: à 10:30", (), GOOD),
    ("punctuation-spacing", "fr", '"Hello"', f"«{NB}Bonjour{NB}»", (), GOOD),
    ("punctuation-spacing", "fr", "Why?", "Pourquoi?", (), BAD),
    ("punctuation-spacing", "fr", "Why?", "Pourquoi ?", (), BAD),
    ("punctuation-spacing", "fr", '"Hello"', "« Bonjour »", (), BAD),
    ("punctuation-spacing", "es", "Why?", "¿Por qué?", (), GOOD),
    # English copied as the translation
    ("copied-english", "es", "WHO QualityRights", "WHO QualityRights", (), GOOD),
    ("copied-english", "pl", "Recovery is a personal journey.", "Zdrowienie to osobista droga.", (), GOOD),
    ("copied-english", "hy", "Recovery is a personal journey.", "Recovery is a personal journey.", (), BAD),
    ("copied-english", "tr", "See the [guide](guide.md) first.", "See the [guide](guide.md) first.", (), BAD),
    # length ratio
    ("length-ratio", "es", "Recovery is a personal journey for every person.",
     "La recuperación es un camino personal para cada persona.", (), GOOD),
    ("length-ratio", "tr", "Recovery is a personal journey for every person who uses services.", "İyileşme.", (), BAD),
    ("length-ratio", "pl", "Recovery is a personal journey for everyone.",
     "Zdrowienie to osobista droga każdego człowieka " * 4, (), BAD),
]


def context(language: str, flags: tuple[str, ...] = ()) -> CheckContext:
    return CheckContext(language, language_info(language), flags=frozenset(flags))


@pytest.mark.parametrize("check_id, language, source, translation, flags, bad", CASES,
                         ids=[f"{c[0]}-{c[1]}-{'bad' if c[5] else 'good'}-{n}" for n, c in enumerate(CASES)])
def test_check_table(check_id, language, source, translation, flags, bad):
    messages = BY_ID[check_id].fn(source, translation, context(language, flags))
    assert bool(messages) is bad, messages
    assert all(isinstance(m, str) and m and "\n" not in m for m in messages)


def test_every_check_has_good_and_bad_cases_and_one_line_advice():
    for entry in CHECKS:
        outcomes = {bad for check_id, *_, bad in CASES if check_id == entry.id}
        assert outcomes == {GOOD, BAD}, entry.id
        assert entry.severity in ("error", "warning", "info")
        assert "\n" not in entry.description and entry.description.endswith(".")
    assert len({c.id for c in CHECKS}) == len(CHECKS)
    assert [row[0] for row in catalogue()][: len(CHECKS)] == [c.id for c in CHECKS]


# -- PO files ---------------------------------------------------------------------------------
def write_po(path: Path, language: str, entries: list[dict], plural_forms: str = "") -> Path:
    po = catalog.new_catalog()
    po.metadata = {"Language": language, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    if plural_forms:
        po.metadata["Plural-Forms"] = plural_forms
    for fields in entries:
        po.append(catalog.new_entry(**fields))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(po, path)
    return path


BROKEN_LINK = {"msgid": "Read the [CRPD](https://www.ohchr.org/crpd).", "msgstr": "Lea la CDPD.",
               "comment": "paragraph"}
DOUBLED = {"msgid": "Slowly, step by step.", "msgstr": "Yavaş yavaş, adım adım."}


def test_check_file_reports_the_msgid_line_and_what_is_wrong(tmp_path):
    path = write_po(tmp_path / "es.po", "es", [
        {"msgid": "Hello", "msgstr": "Hola", "comment": "heading 1", "occurrences": [("a.md", "1")]},
        dict(BROKEN_LINK, occurrences=[("a.md", "3")]),
        {"msgid": "Not translated yet, {learner_name}.", "msgstr": ""},
    ])
    findings = check_file(path, "es")
    assert [(f.check, f.severity) for f in findings] == [("markdown-links", "error")]
    found = findings[0]
    lines = path.read_text("utf-8").splitlines()
    assert lines[found.line - 1].startswith("msgid ") and "CRPD" in lines[found.line - 1]
    assert (found.language, found.source, found.translation) == ("es", BROKEN_LINK["msgid"], "Lea la CDPD.")
    assert "https://www.ohchr.org/crpd" in found.message


def test_ignore_flag_switches_one_check_off_for_one_entry(tmp_path):
    path = write_po(tmp_path / "tr.po", "tr", [
        dict(DOUBLED, flags=["ignore-doubled-words"]),
        dict(DOUBLED, msgctxt="again"),
        dict(BROKEN_LINK, flags=["ignore-doubled-words"]),
    ])
    found = [(f.check, f.source) for f in check_file(path, "tr")]
    assert ("doubled-words", DOUBLED["msgid"]) in found
    assert found.count(("doubled-words", DOUBLED["msgid"])) == 1
    assert ("markdown-links", BROKEN_LINK["msgid"]) in found  # other checks still run
    assert {f.check for f in check_file(path, "tr", disabled=frozenset({"doubled-words", "markdown-links"}))} \
        .isdisjoint({"doubled-words", "markdown-links"})


def test_fuzzy_entries_are_checked_as_drafts(tmp_path):
    path = write_po(tmp_path / "es.po", "es", [dict(BROKEN_LINK, flags=["fuzzy"])])
    assert [(f.check, f.severity) for f in check_file(path, "es")] == [("markdown-links", "warning")]


def test_plural_forms_used_for_one_number_may_omit_it(tmp_path):
    path = write_po(tmp_path / "ar.po", "ar", [
        {"msgid": "%d module", "msgid_plural": "%d modules", "flags": ["c-format"],
         "msgstr_plural": {0: "لا وحدات", 1: "وحدة واحدة", 2: "وحدتان", 3: "%d وحدات", 4: "%d وحدة", 5: "%d وحدة"}},
        {"msgid": "%d file", "msgid_plural": "%d files", "flags": ["c-format"],
         "msgstr_plural": {0: "%d ملف", 1: "ملف", 2: "%d ملفان", 3: "%s ملفات", 4: "%d ملفا", 5: "%d ملف"}},
    ])
    findings = check_file(path, "ar")
    assert [(f.check, f.translation) for f in findings] == [("placeholders-printf", "%s ملفات")]


SEGMENTS = {"msgid": "%u free segment.", "msgid_plural": "%u free segments (the largest is %s).",
            "flags": ["c-format"]}


def test_plural_forms_compare_with_the_english_of_the_numbers_they_serve(tmp_path):
    """Ukrainian form 0 serves 1, 21, 31…: it may follow msgid or msgid_plural. util-linux's
    Ukrainian header keeps form 3 for n=1 alone: only that form follows msgid."""
    babel_rule = write_po(tmp_path / "uk.po", "uk", [dict(SEGMENTS, msgstr_plural={
        0: "%u вільний фрагмент (найбільший - %s).", 1: "%u вільні фрагменти (найбільший - %s).",
        2: "%u вільних фрагментів (найбільший - %s)."})])
    assert check_file(babel_rule, "uk") == []
    util_linux = ("nplurals=4; plural=n==1 ? 3 : n%10==1 && n%100!=11 ? 0 : "
                  "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2;")
    path = write_po(tmp_path / "uk4.po", "uk", [
        dict(SEGMENTS, msgstr_plural={0: "%u фрагменті (найбільший - %s).", 1: "%u фрагментах (найбільший - %s).",
                                      2: "%u фрагментах (найбільший - %s).", 3: "%u фрагменті."}),
        dict(SEGMENTS, msgctxt="bad", msgstr_plural={0: "%u фрагменті.", 1: "%u фрагментах (найбільший - %s).",
                                                     2: "%u фрагментах (найбільший - %s).", 3: "%u фрагменті."}),
    ], plural_forms=util_linux)
    found = [(f.check, f.translation, f.source) for f in check_file(path, "uk") if f.severity == "error"]
    assert found == [("placeholders-printf", "%u фрагменті.", SEGMENTS["msgid_plural"])]


# -- the real corpus --------------------------------------------------------------------------
def corpus_language(path: Path) -> str:
    if len(path.stem) <= 3:
        return path.stem  # po/gnome-calculator/hy.po
    return "fr" if ".fr." in path.name else "en"


def test_every_corpus_po_file_is_checked_without_crashing(corpus):
    files = sorted((corpus / "po").rglob("*.po"))
    assert len(files) > 60
    checked = 0
    for path in files:
        if path.name == "test_syntax_error1.po":
            with pytest.raises(CatalogError):
                check_file(path, "en")
            continue
        findings = check_file(path, corpus_language(path))
        assert all(f.check in BY_ID and f.line >= 1 for f in findings), path
        checked += 1
    assert checked == len(files) - 1


def test_finds_the_known_python_brace_mismatch(corpus):
    path = corpus / "po" / "translate-toolkit" / "python-brace-format-mismatch.po"
    findings = check_file(path, "en")
    assert [(f.check, f.severity, f.line) for f in findings] == [("placeholders-brace", "error", 8)]
    assert "{input}" in findings[0].message and "{value}" in findings[0].message


def test_gnome_calculator_in_our_languages_has_no_false_printf_errors(corpus):
    for language in ("es", "fr", "ar", "hy", "pl", "tr"):
        errors = [f for f in check_file(corpus / "po" / "gnome-calculator" / f"{language}.po", language)
                  if f.severity == "error" and f.check.startswith("placeholders")]
        assert errors == [], (language, errors[:2])


# -- a tiny course ----------------------------------------------------------------------------
CONFIG = """
[course]
name = "Tiny"

[[modules]]
id = "m1"
title = "Module one"

[languages]
active = ["es", "tr"]

[checks]
disable = ["length-ratio"]

[language.tr]
disable_checks = ["doubled-words"]
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    root = tmp_path / "tiny"
    (root / "source" / "m1").mkdir(parents=True)
    (root / "source" / "m1" / "01-intro.md").write_text("# Intro\n\nRead the [CRPD](https://www.ohchr.org/crpd).\n")
    (root / "qrl10n.toml").write_text(CONFIG)
    write_po(root / "po" / "es" / "m1.po", "es", [BROKEN_LINK, DOUBLED])
    write_po(root / "po" / "tr" / "m1.po", "tr", [DOUBLED])
    return root


def test_course_check_applies_language_and_course_settings(tiny):
    findings = check(Project(tiny))
    by_language = {(f.language, f.check) for f in findings}
    assert ("es", "markdown-links") in by_language
    assert ("es", "doubled-words") in by_language  # only Turkish switched it off
    assert ("tr", "doubled-words") not in by_language
    assert not any(f.check == "length-ratio" for f in findings)
    assert [f.language for f in check(Project(tiny), ["tr"])] == [f.language for f in findings if f.language == "tr"]


def test_cli_exit_codes_and_formats(tiny):
    runner = CliRunner()
    run = lambda *args: runner.invoke(main, ["--project", str(tiny), "check", *args])  # noqa: E731

    done = run("es")
    assert done.exit_code == 1, done.output
    assert "po/es/m1.po:" in done.output and "[error] markdown-links" in done.output
    assert "What to do:" in done.output and "1 error" in done.output

    done = run("--format", "json")
    assert done.exit_code == 1
    document = json.loads(done.stdout)
    assert document and all(set(item) == set(report.KEYS) for item in document)
    assert {item["path"] for item in document} == {"po/es/m1.po"}

    done = run("--format", "junit")
    assert done.exit_code == 1
    suites = ET.fromstring(done.stdout)
    names = [s.get("name") for s in suites.iter("testsuite")]
    assert names == ["po/es/m1.po", "po/tr/m1.po"]  # the file without findings is a passing suite
    failing = [c.get("name") for c in suites.iter("testcase") if c.find("failure") is not None]
    assert failing == ["markdown-links"]

    assert run("tr").exit_code == 0  # nothing left for Turkish
    assert run("--list").exit_code == 0 and "doubled-words" in run("--list").output

    config = tiny / "qrl10n.toml"
    config.write_text(CONFIG.replace('"doubled-words"]', '"doubled-word"]'))
    done = run()
    assert done.exit_code == 2 and "doubled-word" in done.output and "qrl10n.toml" in done.output


def test_misspelt_check_ids_are_refused_with_their_line(tiny):
    """Every id is checked against the full catalogue, glossary and subtitle rules too."""
    config = tiny / "qrl10n.toml"
    config.write_text(CONFIG.replace('disable_checks = ["doubled-words"]',
                                     'disable_checks = [\n    "doubled-words",\n    "glossary-mising",\n]'))
    done = CliRunner().invoke(main, ["--project", str(tiny), "check"])
    line = config.read_text().splitlines().index('    "glossary-mising",') + 1
    assert done.exit_code == 2, done.output
    assert f"qrl10n.toml:{line}:" in done.output and "'glossary-mising'" in done.output
    config.write_text(CONFIG.replace('disable = ["length-ratio"]', 'disable = ["subtitle-line-lenght"]'))
    done = CliRunner().invoke(main, ["--project", str(tiny), "check"])
    line = config.read_text().splitlines().index('disable = ["subtitle-line-lenght"]') + 1
    assert done.exit_code == 2 and f"qrl10n.toml:{line}:" in done.output and "subtitle-line-lenght" in done.output
    known = [check_id for check_id, *_ in catalogue() if check_id.startswith(("glossary-", "subtitle-"))]
    config.write_text(CONFIG.replace('disable = ["length-ratio"]', f"disable = {json.dumps(known)}"))
    assert CliRunner().invoke(main, ["--project", str(tiny), "check"]).exit_code in (0, 1)


def test_cli_checks_po_files_named_on_the_command_line(tmp_path, tiny):
    """A PO file path instead of a language: checked in the language of its own header, no
    project needed; beside languages, both are reported."""
    path = write_po(tmp_path / "elsewhere" / "team.po", "uk", [BROKEN_LINK])
    done = CliRunner().invoke(main, ["check", str(path)])
    assert done.exit_code == 1, done.output
    assert "team.po:" in done.output and "[error] markdown-links" in done.output and "add-language" not in done.output
    done = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert [(item["language"], item["check"]) for item in json.loads(done.stdout)] == [("uk", "markdown-links")]
    done = CliRunner().invoke(main, ["--project", str(tiny), "check", "tr", str(path), "--format", "junit"])
    assert done.exit_code == 1
    names = [s.get("name") for s in ET.fromstring(done.stdout).iter("testsuite")]
    assert len(names) == 2 and "po/tr/m1.po" in names and any(name.endswith("team.po") for name in names)
    done = CliRunner().invoke(main, ["check", str(tmp_path / "missing.po")])
    assert done.exit_code == 2 and "missing.po" in done.output
    (tmp_path / "nolang.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    done = CliRunner().invoke(main, ["check", str(tmp_path / "nolang.po")])
    assert done.exit_code == 2 and "Language" in done.output


def test_cli_bad_po_file_exits_2(tiny):
    (tiny / "po" / "es" / "m1.po").write_text('msgid "a"\nmsgstr "b"\nmsgstr "c"\n')
    done = CliRunner().invoke(main, ["--project", str(tiny), "check"])
    assert done.exit_code == 2 and "po/es/m1.po" in done.output


# -- reports ------------------------------------------------------------------------------------
def test_junit_escapes_everything_and_stays_valid_xml(tmp_path):
    nasty = 'a <b> & "c" \x1b[1m ]]> \x00'
    finding = Finding("markdown-links", "error", "es", tmp_path / "po" / "es" / "m1.po", 3, nasty, nasty, nasty)
    warning = Finding("doubled-words", "warning", "es", tmp_path / "po" / "es" / "m1.po", 5, "x", "y y", "z")
    xml = junit([finding, warning], root=tmp_path, advice={"markdown-links": "Keep <links> & targets."})
    suites = ET.fromstring(xml)
    failure = suites.find("testsuite/testcase/failure")
    assert failure is not None and '<b> & "c"' in failure.text and "\\x1b" in failure.text
    assert suites.find("testsuite/testcase/system-out") is not None
    assert suites.get("failures") == "1"
    assert junit([finding, warning], root=tmp_path) == junit([finding, warning], root=tmp_path)


def test_text_report_groups_by_file_and_counts(tmp_path):
    first = Finding("numbers", "warning", "es", tmp_path / "a.po", 9, "12", "13", "the number 12 is missing")
    second = Finding("markdown-code", "error", "fr", tmp_path / "b.po", 4, "`x`", "x", "the inline code `x` is missing")
    text = report.text([first, second], root=tmp_path, advice={"numbers": "Keep the numbers."})
    assert text.splitlines()[0] == "a.po: 1 warning"
    assert "a.po:9: [warning] numbers: the number 12 is missing" in text
    assert "    What to do:  Keep the numbers." in text
    assert text.rstrip().endswith("1 error, 1 warning, 0 info in 2 files.")


def test_help_does_not_import_translate_toolkit():
    code = ("import sys; from click.testing import CliRunner; from qrl10n.cli import main; "
            "import qrl10n.checks, qrl10n.report; "
            "assert CliRunner().invoke(main, ['--help']).exit_code == 0; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'translate'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_subtitle_limits_are_reported_on_the_entry_that_fills_the_cue(tiny):
    pytest.importorskip("qrl10n.checks.subtitles")
    from qrl10n.extract import build_template
    (tiny / "subtitles" / "en" / "m1").mkdir(parents=True)
    (tiny / "subtitles" / "en" / "m1" / "01-intro.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nWelcome to the course.\n\n"
        "2\n00:00:03,500 --> 00:00:06,000\nWe talk about rights.\n")
    project = Project(tiny)
    videos = project.component("m1-videos")
    po = build_template(project, videos)
    po.metadata["Language"] = "es"
    for entry in po:
        entry.msgstr = ("Bienvenidos al curso, que es muy largo y tiene muchísimas palabras para leer en tan poco tiempo."
                        if "Welcome" in entry.msgid else "Hablamos de derechos.")
    path = project.po_path("es", videos)
    catalog.save(po, path)
    found = [f for f in check(project, ["es"]) if f.path == path]
    assert {f.check for f in found} >= {"subtitle-reading-speed", "subtitle-lines"}
    assert all(f.source == "Welcome to the course." for f in found)
    assert all(path.read_text("utf-8").splitlines()[f.line - 1] == 'msgid "Welcome to the course."' for f in found)
    assert any(f.severity == "error" for f in found)  # too many lines for the cue


def test_glossary_findings_join_the_report_and_obey_the_settings(tiny):
    """The course's term base: a forbidden term is an error, except where the entry's flag or the
    language's settings switch the rule off; in a fuzzy draft it is a warning."""
    (tiny / "glossary").mkdir()
    shutil.copy2(REPO / "glossary" / "terms.tbx", tiny / "glossary" / "terms.tbx")
    write_po(tiny / "po" / "es" / "m1.po", "es", [
        {"msgid": "Persons with disabilities vote.", "msgstr": "Los minusválidos votan."},
        {"msgid": "Persons with disabilities work.", "msgstr": "Los minusválidos trabajan.",
         "flags": ["ignore-glossary-forbidden"]},
        {"msgid": "Persons with disabilities rest.", "msgstr": "Los minusválidos descansan.", "flags": ["fuzzy"]}])
    write_po(tiny / "po" / "tr" / "m1.po", "tr",
             [{"msgid": "Persons with disabilities vote.", "msgstr": "Sakatlar oy verir."}])
    config = tiny / "qrl10n.toml"
    config.write_text(CONFIG.replace('disable_checks = ["doubled-words"]',
                                     'disable_checks = ["doubled-words", "glossary-forbidden", "glossary-missing"]'))
    for _ in range(2):  # the second time from the remembered findings
        findings = check(Project(tiny))
        forbidden = [(f.language, f.source, f.severity) for f in findings if f.check == "glossary-forbidden"]
        assert forbidden == [("es", "Persons with disabilities vote.", "error"),
                             ("es", "Persons with disabilities rest.", "warning")]
        assert not [f for f in findings if f.language == "tr" and f.check.startswith("glossary-")]
        paths = [str(f.path) for f in findings]
        assert paths == sorted(paths)
    # another term base: what was remembered is not used
    tbx = tiny / "glossary" / "terms.tbx"
    tbx.write_text(tbx.read_text("utf-8").replace("minusválido", "inválido-de-antes"), "utf-8")
    assert not [f for f in check(Project(tiny)) if f.check == "glossary-forbidden" and "minusválido" in f.message]
