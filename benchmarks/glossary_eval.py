"""The glossary check against a Weblate-style substring match, on labelled sentences.

    python benchmarks/glossary_eval.py                 # every benchmarks/glossary-eval/<lang>.tsv
    python benchmarks/glossary_eval.py ar bn --misses  # two languages, and every sentence judged wrongly
    python benchmarks/glossary_eval.py --data DIR --tbx glossary/terms.tbx

A data file is ``<lang>.tsv``: UTF-8, tab-separated, header ``expect english translation note``,
``#`` lines are comments. ``expect`` is ``correct`` (no glossary finding may be raised) or ``wrong``
(at least one must: a non-approved synonym where an approved term is required, or a forbidden
term); a wrong sentence whose note says "forbidden" must raise a forbidden-term finding.

A sentence is *flagged* when a check raises an error or a warning on it (an info finding, such as a
quoted mention, is not an alarm). Per language and per checker: false alarms (correct sentences
flagged / correct sentences), precision (wrong flagged / all flagged), recall (wrong flagged /
wrong) and forbidden terms caught. The substring baseline is what Weblate's "Does not follow
glossary" check does: an English term found in the source as a whole word, case-insensitive,
must have one of its allowed translations in the translation as a whole-word substring, and a
forbidden translation of it must not be there.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / "glossary-eval"
HEADER = ["expect", "english", "translation", "note"]
EXPECT = ("correct", "wrong")

#: The issue's targets, per language.
MAX_FALSE_ALARMS = 0.02
MIN_RECALL = 0.95


@dataclass(frozen=True, slots=True)
class Sentence:
    path: Path
    line: int
    expect: str
    english: str
    translation: str
    note: str

    @property
    def forbidden(self) -> bool:
        """A wrong sentence whose note says it holds a forbidden term."""
        return self.expect == "wrong" and "forbidden" in self.note.lower()


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one checker said about one sentence."""

    flagged: bool
    forbidden: bool
    why: str


@dataclass(frozen=True, slots=True)
class Scores:
    correct: int
    wrong: int
    false_alarms: int
    caught: int
    forbidden: int
    forbidden_caught: int

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.correct if self.correct else 0.0

    @property
    def recall(self) -> float:
        return self.caught / self.wrong if self.wrong else 1.0

    @property
    def precision(self) -> float:
        flagged = self.caught + self.false_alarms
        return self.caught / flagged if flagged else 1.0

    @property
    def meets_targets(self) -> bool:
        return (self.false_alarm_rate <= MAX_FALSE_ALARMS and self.recall >= MIN_RECALL
                and self.forbidden_caught == self.forbidden)


class EvalDataError(ValueError):
    """A data file that breaks the format: ``path:line: problem. fix.``"""


def read_sentences(path: Path) -> list[Sentence]:
    rows: list[Sentence] = []
    lines = path.read_text("utf-8").splitlines()
    if not lines or lines[0].split("\t") != HEADER:
        raise EvalDataError(f"{path}:1: the header is not {' '.join(HEADER)}. Write it tab-separated as the first line.")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise EvalDataError(f"{path}:{number}: {len(fields)} fields instead of 4. "
                                "Separate expect, english, translation and note by one tab each.")
        if fields[0] not in EXPECT:
            raise EvalDataError(f"{path}:{number}: expect is {fields[0]!r}. Write correct or wrong.")
        rows.append(Sentence(path, number, *fields))
    return rows


def read_language(lang: str, folders: Iterable[Path]) -> list[Sentence]:
    return [s for folder in folders if (folder / f"{lang}.tsv").is_file()
            for s in read_sentences(folder / f"{lang}.tsv")]


# -- the two checkers ------------------------------------------------------------------------
def ours(glossary) -> Callable[[str, Sentence], Verdict]:
    from qrl10n.glossary import check_entry

    def judge(lang: str, sentence: Sentence) -> Verdict:
        found = [f for f in check_entry(glossary, lang, sentence.english, sentence.translation)
                 if f.severity in ("error", "warning")]
        return Verdict(bool(found), any(f.check == "glossary-forbidden" for f in found),
                       "; ".join(f.message for f in found))
    return judge


def substring(glossary) -> Callable[[str, Sentence], Verdict]:
    """Weblate's check_glossary over the same term base (see the module's head)."""
    from qrl10n.formats.tbx import ALLOWED, BANNED

    base = glossary.base

    def whole_word(term: str, text: str) -> bool:
        return re.search(rf"\b{re.escape(term)}\b", text, re.IGNORECASE) is not None

    def judge(lang: str, sentence: Sentence) -> Verdict:
        missing, forbidden = [], []
        for concept in base.concepts:
            if not any(whole_word(t.text, sentence.english) for t in concept.terms_in(base.source_language)):
                continue
            allowed = concept.terms_in(lang, ALLOWED)
            if allowed and not any(whole_word(t.text, sentence.translation) for t in allowed):
                missing.append(allowed[0].text)
            forbidden += [t.text for t in concept.terms_in(lang, BANNED) if whole_word(t.text, sentence.translation)]
        why = "; ".join([*(f"missing {m}" for m in missing), *(f"forbidden {f}" for f in forbidden)])
        return Verdict(bool(missing or forbidden), bool(forbidden), why)
    return judge


def score(judge: Callable[[str, Sentence], Verdict], lang: str, sentences: Sequence[Sentence]
          ) -> tuple[Scores, list[tuple[Sentence, Verdict]]]:
    """The checker's scores on one language, and the sentences it judged wrongly."""
    misses = []
    false_alarms = caught = forbidden_caught = 0
    for sentence in sentences:
        verdict = judge(lang, sentence)
        if sentence.expect == "correct":
            false_alarms += verdict.flagged
            wrongly = verdict.flagged
        else:
            caught += verdict.flagged
            forbidden_caught += sentence.forbidden and verdict.forbidden
            wrongly = not verdict.flagged or (sentence.forbidden and not verdict.forbidden)
        if wrongly:
            misses.append((sentence, verdict))
    correct = sum(s.expect == "correct" for s in sentences)
    forbidden = sum(s.forbidden for s in sentences)
    return Scores(correct, len(sentences) - correct, false_alarms, caught, forbidden, forbidden_caught), misses


# -- the table -------------------------------------------------------------------------------
def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def table(results: dict[str, tuple[Scores, Scores]]) -> str:
    """Markdown: per language, ours and the substring baseline side by side."""
    lines = ["| language | correct | wrong | false alarms: ours | substring | precision: ours | substring "
             "| recall: ours | substring | forbidden caught: ours | substring |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for lang, (our, base) in results.items():
        lines.append(f"| {lang} | {our.correct} | {our.wrong} | {_pct(our.false_alarm_rate)} | "
                     f"{_pct(base.false_alarm_rate)} | {_pct(our.precision)} | {_pct(base.precision)} | "
                     f"{_pct(our.recall)} | {_pct(base.recall)} | {our.forbidden_caught}/{our.forbidden} | "
                     f"{base.forbidden_caught}/{base.forbidden} |")
    return "\n".join(lines)


def evaluate(languages: Sequence[str], folders: Sequence[Path], tbx: Path
             ) -> tuple[dict[str, tuple[Scores, Scores]], dict[str, list[tuple[Sentence, Verdict]]]]:
    from qrl10n.formats import tbx as termbase
    from qrl10n.glossary import Glossary

    glossary = Glossary(termbase.read_tbx(tbx))
    checkers = ours(glossary), substring(glossary)
    results, misses = {}, {}
    for lang in languages:
        sentences = read_language(lang, folders)
        (our, our_misses), (base, _) = (score(judge, lang, sentences) for judge in checkers)
        results[lang], misses[lang] = (our, base), our_misses
    return results, misses


def languages_in(folders: Iterable[Path]) -> list[str]:
    return sorted({p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.tsv")})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("languages", nargs="*", help="language codes (default: every data file)")
    parser.add_argument("--data", type=Path, action="append", help=f"folder of <lang>.tsv (default {DATA})")
    parser.add_argument("--tbx", type=Path, default=REPO / "glossary" / "terms.tbx", help="the term base")
    parser.add_argument("--misses", action="store_true", help="list every sentence our check judges wrongly")
    args = parser.parse_args(argv)
    folders = args.data or [DATA]
    try:
        results, misses = evaluate(args.languages or languages_in(folders), folders, args.tbx)
    except EvalDataError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(table(results))
    total = [sum(getattr(our, f) for our, _ in results.values()) for f in ("correct", "false_alarms", "wrong", "caught")]
    print(f"\nall languages: {total[1]}/{total[0]} correct sentences flagged, {total[3]}/{total[2]} wrong ones caught; "
          f"languages missing a target: {', '.join(c for c, (o, _) in results.items() if not o.meets_targets) or 'none'}")
    if args.misses:
        for found in misses.values():
            for sentence, verdict in found:
                print(f"{sentence.path.name}:{sentence.line}: {sentence.expect}: {sentence.translation}"
                      f"  [{sentence.note}]  -> {verdict.why or 'nothing found'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
