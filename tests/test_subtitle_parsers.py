"""Our strict SRT/WebVTT reader against the libraries players and tools use (srt, pysrt, webvtt-py).

pysrt is the library the project started from. These tests are why we replaced it: on a
well-formed file the two read the same cues, and where a file is broken pysrt drops or
changes a cue without a word, while we stop at ``path:line``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pysrt
import pytest
import srt
import webvtt

from qrl10n.build import build
from qrl10n.errors import SourceError
from qrl10n.formats import subtitles as S
from qrl10n.project import Project

DATA = Path(__file__).parent / "data" / "subtitles"


def ours(text: str, path: str) -> list[tuple[int, int, str]]:
    return [(c.start, c.end, "\n".join(line.rstrip() for line in c.lines)) for c in S.parse(text, path)]


def theirs(text: str, **options) -> list[tuple[int, int, str]]:
    """pysrt's reading; it trims the spaces at the end of each line, so that is no difference."""
    return [(s.start.ordinal, s.end.ordinal, s.text) for s in pysrt.from_string(text, **options)]


def read(path: Path) -> str:
    return S.decode(path.read_bytes(), str(path))


# -- well-formed files: the same cues -------------------------------------------------------------
def test_a_well_formed_file_reads_as_pysrt_reads_it() -> None:
    path = DATA / "well-formed.srt"
    text = read(path)
    assert ours(text, str(path)) == theirs(text, error_handling=pysrt.ERROR_RAISE)
    assert len(ours(text, str(path))) == 5


def _corpus_srt(corpus: Path) -> list[Path]:
    return sorted((corpus / "srt").rglob("*.srt"))


def test_every_well_formed_corpus_file_reads_as_pysrt_reads_it(corpus: Path) -> None:
    """Well-formed: both readers accept it (pysrt raising on any error)."""
    compared = 0
    for path in _corpus_srt(corpus):
        text = read(path)
        try:
            expected = theirs(text, error_handling=pysrt.ERROR_RAISE)
            found = ours(text, str(path))
        except (SourceError, pysrt.Error):
            continue
        assert found == expected, path
        compared += 1
    assert compared >= 40


# -- broken files: pysrt is silent, we say where ---------------------------------------------------
BROKEN = {
    # file: (line we stop at, what pysrt reads instead of the file's cues)
    "blank-line-inside-cue.srt": (5, ["The first cue.", "The second cue."]),  # the lost line is gone
    "broken-timing-line.srt": (6, ["The first cue.", "The third cue."]),  # cue 2 is gone
    "out-of-order.srt": (6, ["The first cue.", "A cue out of time order."]),  # plays backwards
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_where_pysrt_silently_drops_a_cue_we_stop_at_its_line(name: str) -> None:
    path = DATA / name
    text = read(path)
    line, pysrt_reads = BROKEN[name]
    assert [t for _, _, t in theirs(text)] == pysrt_reads
    with pytest.raises(SourceError) as caught:
        S.parse(text, str(path))
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_a_time_without_milliseconds_is_read_where_pysrt_drops_the_cue() -> None:
    path = DATA / "time-without-milliseconds.srt"
    text = read(path)
    assert [t for _, _, t in theirs(text)] == ["The second cue."]
    assert [(start, t) for start, _, t in ours(text, str(path))] == [
        (1000, "A start time without milliseconds."), (4000, "The second cue.")]


def test_every_corpus_file_pysrt_cannot_read_faithfully_stops_us_or_is_read_whole(corpus: Path) -> None:
    """A corpus file pysrt rejects when asked to be strict: by default it drops cues silently."""
    for path in _corpus_srt(corpus):
        text = read(path)
        try:
            theirs(text, error_handling=pysrt.ERROR_RAISE)
            continue
        except pysrt.Error:
            pass
        silent = theirs(text)  # no exception: pysrt's default
        timings = len(re.findall(r"-->", text))
        try:
            found = ours(text, str(path))
        except SourceError as error:
            assert re.match(rf"{re.escape(str(path))}:\d+: ", str(error)), error
            continue
        assert len(found) == timings > len(silent), path


# -- what we write, read by the others --------------------------------------------------------------
def test_the_vtt_sample_round_trips_through_webvtt_py() -> None:
    path = DATA / "sample.vtt"
    text = read(path)
    written = S.render(text, str(path), lambda segment: segment.text, output_format="vtt")
    assert written == text
    captions = webvtt.from_string(written)
    assert [(c.identifier, c.start) for c in captions] == [("  intro cue  ", "00:00:01.000"), (None, "00:00:03.500")]


def test_built_subtitles_parse_with_srt_pysrt_and_webvtt_py(course: Path) -> None:
    """The course's subtitles built for a left-to-right and a right-to-left language, as SRT
    and converted to WebVTT, read the same by every library."""
    build(Project(course), ("es", "ar"))
    built = sorted((course / "build").rglob("*.srt"))
    assert len(built) >= 10
    for path in built:
        text = path.read_text("utf-8")
        expected = ours(text, str(path))
        assert [(s.start // timedelta(milliseconds=1), s.content) for s in srt.parse(text)] == [
            (start, body) for start, _, body in expected], path
        assert theirs(text, error_handling=pysrt.ERROR_RAISE) == expected, path
        vtt = S.render(text, str(path), lambda segment: segment.text, output_format="vtt")
        captions = webvtt.from_string(vtt)
        assert [c.start for c in captions] == [S.format_time(start, ".") for start, _, _ in expected], path
        assert [c.raw_text for c in captions] == [body for _, _, body in ours(vtt, "x.vtt")], path
