"""simplemma's word lists with their index remembered: the same lemmas, without walking the list.

A translator's edit brings a word the lemma cache has not seen; loading simplemma's list for it
used to cost a walk over every record of the language in every process. The index is now kept
in the user's cache folder; these tests hold that the lemmas stay simplemma's own.
"""

from __future__ import annotations

import json

import pytest

simplemma = pytest.importorskip("simplemma")

from qrl10n import lemma_index  # noqa: E402

WORDS = {
    "pl": ["zdolności", "prawnej", "osobom", "niepełnosprawnościami", "wspieranego", "decyzji", "psychiatrycznym",
           "ą", "aaaa", "żyć", "zzzzzz", "X"],
    "es": ["capacidades", "jurídica", "personas", "apoyos", "decisiones", "internados", "ábaco", "zzzz"],
}


def simplemma_lemmas(code: str) -> list[str]:
    return [simplemma.lemmatize(word, lang=code, low_memory=True) for word in WORDS[code]]


@pytest.mark.parametrize("code", sorted(WORDS))
def test_lemmas_are_simplemmas_built_then_remembered(code, tmp_path, monkeypatch):
    expected = simplemma_lemmas(code)
    fresh = lemma_index.lemmatizer(tmp_path)
    assert [fresh(word, code) for word in WORDS[code]] == expected
    assert list(tmp_path.glob(f"{code}-*.index.json"))

    def walked(records):
        raise AssertionError("the word list was walked although its index was remembered")
    monkeypatch.setattr(lemma_index, "_index", walked)
    remembered = lemma_index.lemmatizer(tmp_path)
    assert [remembered(word, code) for word in WORDS[code]] == expected


def test_an_index_of_other_data_is_not_trusted(tmp_path):
    expected = simplemma_lemmas("pl")
    lemma_index.lemmatizer(tmp_path)("prawnej", "pl")
    stored = next(tmp_path.glob("pl-*.index.json"))
    index = json.loads(stored.read_text("utf-8"))
    index["shape"][0] += 1  # another data file: offsets would point into the wrong records
    index["blocks"] = [[0, "", ""] for _ in index["blocks"]]
    stored.write_text(json.dumps(index), "utf-8")
    again = lemma_index.lemmatizer(tmp_path)
    assert [again(word, "pl") for word in WORDS["pl"]] == expected
    assert json.loads(stored.read_text("utf-8"))["shape"][0] == index["shape"][0] - 1


def test_an_unreadable_index_is_rebuilt(tmp_path):
    lemma_index.lemmatizer(tmp_path)("prawnej", "pl")
    stored = next(tmp_path.glob("pl-*.index.json"))
    stored.write_text("{not json", "utf-8")
    assert lemma_index.lemmatizer(tmp_path)("prawnej", "pl") == simplemma.lemmatize("prawnej", lang="pl", low_memory=True)
    assert json.loads(stored.read_text("utf-8"))["shape"]
