"""The labelled glossary sentences: every language meets the targets (the regression test that a
rule added for one language changes no result in another), and the matching rules behind them."""

from __future__ import annotations

import sys

import pytest

from qrl10n import matching

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
try:
    import glossary_eval
finally:
    sys.path.remove(str(REPO / "benchmarks"))

FOLDERS = [glossary_eval.DATA, REPO / "tests" / "data" / "glossary-eval"]
LANGUAGES = glossary_eval.languages_in(FOLDERS)


@pytest.fixture(scope="module")
def results():
    return glossary_eval.evaluate(LANGUAGES, FOLDERS, REPO / "glossary" / "terms.tbx")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_meets_the_targets(results, lang):
    """At most 2% of correct sentences flagged, at least 95% of wrong ones caught, every forbidden
    term caught (inflected, plural, with clitics)."""
    scores, misses = results[0][lang], results[1][lang]
    ours, substring = scores
    assert ours.correct >= 2 and ours.wrong >= 2
    listed = "\n".join(f"{s.path.name}:{s.line}: {s.translation} [{s.note}] -> {v.why or 'nothing'}" for s, v in misses)
    assert ours.false_alarm_rate <= glossary_eval.MAX_FALSE_ALARMS, listed
    assert ours.recall >= glossary_eval.MIN_RECALL, listed
    assert ours.forbidden_caught == ours.forbidden, listed
    assert ours.false_alarms <= substring.false_alarms  # never worse than a substring match


def test_the_command_prints_both_checkers_side_by_side(capsys):
    assert glossary_eval.main(["tr", "--data", str(FOLDERS[1]), "--misses"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| language | correct | wrong | false alarms: ours | substring |")
    assert "\n| tr | " in out and "languages missing a target: none" in out


@pytest.mark.parametrize("line, problem", [
    ("correct\tA.\tB.", "3 fields instead of 4"),
    ("right\tA.\tB.\tnote", "expect is 'right'. Write correct or wrong."),
])
def test_a_slip_in_a_data_file_names_its_line(tmp_path, line, problem):
    (tmp_path / "xx.tsv").write_text("expect\tenglish\ttranslation\tnote\n# a comment\n" + line + "\n", "utf-8")
    with pytest.raises(glossary_eval.EvalDataError, match=rf"xx.tsv:3: {problem}"):
        glossary_eval.read_sentences(tmp_path / "xx.tsv")
    assert glossary_eval.main(["xx", "--data", str(tmp_path)]) == 2


# -- the matching rules, on terms of their own (not the course's term base) --------------------------
def _found(lang: str, term: str, text: str) -> list[str]:
    matcher = matching.Matcher(lang)
    matcher.add(term, "t")
    return [m.method for m in matcher.find(text)]


@pytest.mark.parametrize("lang, term, text, method", [
    ("bn", "মানবাধিকার", "মানবাধিকারের জন্য", "affixes"),  # genitive -এর written solid
    ("bn", "প্রতিবন্ধী ব্যক্তি", "প্রতিবন্ধী ব্যক্তিদেরও অধিকার", "affixes"),  # plural + emphatic particle
    ("ne", "मानव अधिकार", "मानव अधिकारहरूको रक्षा", "affixes"),  # plural + genitive postposition
    ("ne", "अपाङ्गता भएका व्यक्ति", "अपाङ्गता भएको व्यक्तिलाई", "affixes"),  # agreement + dative
    ("ar", "الأهلية القانونية", "أهليتهم القانونية", "affixes"),  # attached pronoun, ة written ت
    ("ar", "حقوق الإنسان", "وبحقوق الإنسان", "affixes"),  # و + ب on the first word
    ("et", "teovõime", "teovõimeta", "affixes"),  # abessive, which simplemma takes for a verb
    ("fil", "taong may kapansanan", "tao na may kapansanan", "exact"),  # the linker as a word
    ("fil", "kalusugang pangkaisipan", "pangkaisipang kalusugan", "exact"),  # either order
    ("tr", "iyileşme", "iyileşmesine", "affixes"),
    ("hy", "հոգեկան առողջություն", "հոգեկան առողջության", "affixes"),
])
def test_inflected_forms_from_the_morphology_table_are_found(lang, term, text, method):
    assert _found(lang, term, text) == [method]


@pytest.mark.parametrize("lang, term, text", [
    ("tr", "iyileşme", "İyi bir yaşam"),  # simplemma: iyileşme -> iyi (good)
    ("tr", "destekli karar alma", "destekli karar alan kişi"),  # alma / alan -> al (take)
    ("tr", "insan hakları", "insan hakkında"),  # hakkında (about) is not haklar
    ("tr", "yaşanmış deneyim", "yaşanmış de"),  # Snowball: deneyim -> de (also)
    ("tr", "kişi merkezli", "kişisel merkezli"),  # -sel derives another word: not in the table
])
def test_a_lemma_or_stem_collapsing_onto_another_word_is_no_match(lang, term, text):
    assert _found(lang, term, text) == []


def test_a_rule_for_one_language_leaves_the_others_alone():
    """Bengali endings are not taken off a Hindi or English word (no section, no affix level)."""
    assert matching.AFFIXES not in matching.methods("en") and matching.AFFIXES not in matching.methods("hi")
    assert matching.AFFIXES not in _found("hi", "मानव अधिकार", "मानव अधिकारहरूको")
    assert _found("ne", "मानव अधिकार", "मानव अधिकारहरूको") == [matching.AFFIXES]


def test_every_section_of_the_table_loads_and_a_slip_names_its_key(monkeypatch):
    from qrl10n import morphology
    from qrl10n.errors import ConfigError
    for lang in morphology._table():
        table = morphology.for_language(lang, str)
        assert table is not None and (table.endings or table.prefixes or table.linker), lang
    monkeypatch.setattr(morphology, "_table", lambda: {"xx": {"ending": [["a"]]}})
    with pytest.raises(ConfigError, match=r"morphology.toml: unknown key \[xx\] ending"):
        morphology.for_language("xx", str)


def test_remembered_findings_depend_on_the_table():
    """A linguist's edit to morphology.toml changes what is found, so it is part of the tool's digest
    that remembered check findings are keyed on."""
    from qrl10n import cache, morphology
    assert morphology.TABLE in cache.tool_files()
