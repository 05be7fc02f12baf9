"""Subtitles: decode, parse, sentence segments, re-split and re-timed render, limits checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from qrl10n.checks.subtitles import BY_ID as RULES, check_cues, check_file, to_finding
from qrl10n.errors import SourceError
from qrl10n.formats import subtitles as S
from qrl10n.formats.subtitles import Cue, compose, decode, extract, parse, render
from qrl10n.model import Segment

from conftest import CORPUS, REPO, corpus_cases

COURSE_VIDEOS = sorted((REPO / "subtitles" / "en").glob("*/*.srt")) + sorted((REPO / "subtitles" / "en").glob("*/*.vtt"))
LIMITS = {"max_line_length": 42, "max_lines": 2, "max_cps": 17, "min_duration": 5 / 6, "max_duration": 7.0,
          "segmentation": "sentence"}

SAMPLE = """1
00:00:01,105 --> 00:00:03,508
It is important to remember that dignity

2
00:00:03,554 --> 00:00:05,619
is not the same as discrimination.

3
00:00:05,856 --> 00:00:08,597
- Did you talk to the monitoring body?
- Yes, and a supporter agreed that

4
00:00:08,666 --> 00:00:11,914
mental health legislation
would be reviewed every month.

5
00:00:12,268 --> 00:00:14,784
{\\an8}<i>[soft music]</i>

6
00:00:14,939 --> 00:00:18,356
<i>Think about the last time you</i>
<i>talked about cultural safety.</i>

7
00:00:18,713 --> 00:00:21,398
Above all, a <i>psychiatrist</i>
is often confused with

8
00:00:21,490 --> 00:00:23,893
the Convention on the Rights of Persons

9
00:00:23,992 --> 00:00:26,790
with Disabilities, which leads
to coercive practices.

10
00:00:27,098 --> 00:00:28,543
♪ ♪
"""

# -- the corpus: which files are broken on purpose --------------------------------------------
#: Files we refuse, with the line the message must name and why. Every other SRT/VTT file of
#: ../shared/corpus must be read and round-tripped. Names are the corpus's, verdicts are ours:
#: webvtt-py's invalid_timeframe.srt only has a "." for ",", srtcheck's test3 only misses a cue
#: number and test6 only has stray CRs, pysrt's invalid.srt only lacks milliseconds - all of
#: which real files do, and none is ambiguous, so we read them.
BROKEN = {
    "srt/gaupol/subrip.srt": (2, "negative time"),  # sample for gaupol's time shifting
    "srt/gaupol/subrip-extended.srt": (2, "negative time"),
    "srt/srtcheck/test2.shouldfail.online.406.srt": (7, "starts"),  # cue 2 starts before cue 1; also line 406
    "srt/webvtt-py/invalid_format1.srt": (1, "not followed by a timing line"),
    "srt/webvtt-py/invalid_format2.srt": (1, "text outside any cue"),
    "srt/webvtt-py/invalid_format3.srt": (2, "not followed by a timing line"),
    "srt/webvtt-py/invalid_format4.srt": (1, "text outside any cue"),
    "srt/webvtt-py/missing_timeframe.srt": (6, "not followed by a timing line"),
    "vtt/go-astisub/broken-1-in.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/bad-double-webvtt.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/blank-file-with-bom.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/blank-file.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/bom-garbage-data.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/bom-tab-webvtt.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/garbage-signature.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/newline-before-webvtt.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/tab-after-bom-before-header.vtt": (1, "WEBVTT"),
    "vtt/vtt.js/file-layout/cue-spacing.vtt": (9, "two timing lines"),
    "vtt/vtt.js/integration/arrows.vtt": (5, "'-->' inside a cue's text"),
    "vtt/vtt.js/integration/id.vtt": (15, "bad timing line"),
    "vtt/webvtt-py/empty.vtt": (1, "WEBVTT"),
    "vtt/webvtt-py/invalid.vtt": (1, "WEBVTT"),
    "vtt/webvtt-py/invalid_timeframe.vtt": (6, "bad timing line"),
    "vtt/webvtt-py/invalid_timeframe_in_cue_text.vtt": (7, "two timing lines"),
    "vtt/webvtt-py/missing_timeframe.vtt": (6, "neither a timing line"),
}

#: Files in a legacy encoding or with a BOM, the encoding to decode them by hand, and the
#: language to pass when the file holds no words to tell code pages apart (a table of letters).
ENCODED = [
    ("srt/juvoplayer/media_player_subs_windows-1250.srt", "cp1250", None),
    ("srt/juvoplayer/reactnative_subs_windows-1250.srt", "cp1250", None),
    ("srt/subtitleedit/auto_detect_windows-1250.srt", "cp1250", None),
    ("srt/juvoplayer/media_player_subs_windows-1251.srt", "cp1251", None),
    ("srt/subtitleedit/auto_detect_windows-1251.srt", "cp1251", None),
    ("srt/juvoplayer/media_player_subs_windows-1252.srt", "cp1252", None),
    ("srt/pysrt/windows-1252.srt", "cp1252", None),
    ("srt/srtcheck/test5.shouldpass.srt", "latin-1", None),
    ("srt/srtcheck/test6.shouldfail.online.2815.srt", "latin-1", None),
    ("srt/srtcheck/test7.shouldpass.srt", "latin-1", None),
    ("srt/juvoplayer/media_player_subs_windows-1253.srt", "cp1253", None),
    ("srt/juvoplayer/media_player_subs_windows-1254.srt", "cp1254", None),
    ("srt/juvoplayer/media_player_subs_windows-1255.srt", "cp1255", None),
    ("srt/juvoplayer/media_player_subs_windows-1256.srt", "cp1256", None),
    ("srt/juvoplayer/media_player_subs_windows-1257.srt", "cp1257", "lt"),  # letters only: as Latin-1 too
    ("srt/juvoplayer/media_player_subs_windows-1258.srt", "cp1258", "vi"),  # letters only: as cp1252 too
    ("srt/juvoplayer/media_player_subs_windows-874.srt", "cp874", None),
    ("srt/juvoplayer/media_player_subs_big5.srt", "big5", None),
    ("srt/juvoplayer/media_player_subs_cp-949.srt", "cp949", None),
    ("srt/juvoplayer/media_player_subs_gb2312.srt", "gb2312", None),
    ("srt/cdown-srt/gb2312.srt", "gb2312", None),
    ("srt/pysrt/bom-utf-8.srt", "utf-8-sig", None),
    ("srt/pysrt/bom-utf-16-le.srt", "utf-16", None),
    ("srt/pysrt/bom-utf-16-be.srt", "utf-16", None),
    ("srt/pysrt/bom-utf-32-le.srt", "utf-32", None),
    ("srt/pysrt/bom-utf-32-be.srt", "utf-32", None),
    ("srt/go-astisub/example-in-non-utf8.srt", "utf-16", None),
    ("vtt/go-astisub/example-in-non-utf8.vtt", "utf-16", None),
    ("srt/subtitleedit/auto_detect_Danish.srt", "utf-8-sig", None),
    ("vtt/webvtt-py/captions_with_bom.vtt", "utf-8-sig", None),
]


def corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.relative_to(CORPUS).as_posix() for kind in ("srt", "vtt")
                  for p in (CORPUS / kind).rglob(f"*.{kind}"))


VALID = [f for f in corpus_files() if f not in BROKEN]


def words(lines) -> list[str]:
    """What a viewer reads: no tags, marks or entities, no dialogue dash."""
    out = []
    for line in lines:
        text = S.visible(line)
        for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " "), ("&lrm;", ""), ("&rlm;", ""),
                             ("&amp;", "&")):
            text = text.replace(entity, char)
        out.extend(w for w in text.split() if w != "-")
    return out


def identity(segment: Segment) -> str:
    return segment.text


def timings(cues) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in cues]


# -- round trips ---------------------------------------------------------------------------------
def check_identity(text: str, path: str) -> None:
    source = parse(text, path)
    kind = "vtt" if S.read(text, path).kind == "vtt" else "srt"
    same = parse(render(text, path, identity, output_format=kind), f"out.{kind}")
    assert timings(same) == timings(source)
    assert [c.lines for c in same] == [c.lines for c in source]
    other = "srt" if kind == "vtt" else "vtt"
    converted = parse(render(text, path, identity, output_format=other), f"out.{other}")
    assert timings(converted) == timings(source)
    assert [words(c.lines) for c in converted] == [words(c.lines) for c in source]


@pytest.mark.parametrize("name", corpus_cases(VALID))
def test_every_valid_corpus_file_round_trips(name, corpus):
    path = corpus / name
    check_identity(decode(path.read_bytes(), name), name)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_broken_corpus_file_is_refused_with_its_line(name, corpus):
    path = corpus / name
    line, words_in_message = BROKEN[name]
    with pytest.raises(SourceError) as caught:
        parse(decode(path.read_bytes(), name), name)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{name}:{line}: ")
    assert words_in_message in str(caught.value)


def test_the_corpus_classification_covers_every_file(corpus):
    assert set(BROKEN) <= set(corpus_files())
    assert len(VALID) > 100


@pytest.mark.parametrize("video", COURSE_VIDEOS, ids=lambda p: p.name)
def test_course_videos_round_trip(video):
    name = video.relative_to(REPO).as_posix()
    check_identity(decode(video.read_bytes(), name), name)


def test_identity_keeps_the_original_lines_exactly():
    out = render(SAMPLE, "s.srt", identity)
    assert out == compose(parse(SAMPLE, "s.srt"))
    assert "{\\an8}<i>[soft music]</i>" in out and "- Yes, and a supporter agreed that" in out


# -- decoding --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, encoding, language", ENCODED, ids=[e[0] for e in ENCODED])
def test_legacy_encodings_and_boms_decode_like_by_hand(name, encoding, language, corpus):
    data = (corpus / name).read_bytes()
    by_hand = data.decode(encoding).removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert decode(data, name, language=language) == by_hand


REAL_TEXT = [
    ("cp1250", "Każdy człowiek ma prawo do opieki. Příliš žluťoučký kůň úpěl ďábelské ódy."),
    ("cp1252", "Les droits de l’homme sont très importants. ¿Qué pasó? El niño está aquí."),
    ("cp1254", "Bu değil, şimdi için ılık bir gün. Çocuklar öğretmene söyledi."),
    ("cp1256", "حقوق الإنسان والصحة النفسية مهمة جدا. هذا صحيح؟"),
    ("cp1251", "Права людини та психічне здоров'я. Це дуже важливо, і ми знаємо це."),
    ("cp1257", "Inimõigused ja vaimne tervis. Žürii otsus on šokeeriv."),
]


@pytest.mark.parametrize("encoding, sentence", REAL_TEXT)
@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_code_pages_are_chosen_by_the_language_of_the_words(encoding, sentence, line_end):
    srt = f"1{line_end}00:00:01,000 --> 00:00:02,500{line_end}{sentence}{line_end}".encode(encoding)
    assert decode(srt, "x.srt") == f"1\n00:00:01,000 --> 00:00:02,500\n{sentence}\n"


def test_valid_utf8_always_wins_and_boms_are_dropped():
    text = "1\n00:00:01,000 --> 00:00:02,000\nÀ bientôt ça va\n"
    assert decode(text.encode("utf-8"), "x.srt") == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "x.srt") == text
    assert decode(text.encode("utf-16"), "x.srt") == text
    assert decode(text.encode("utf-16-le"), "x.srt") == text  # no BOM: told by its zero bytes


def test_a_bad_byte_after_a_bom_names_its_line():
    with pytest.raises(SourceError) as caught:
        decode(b"\xef\xbb\xbf1\n00:00:01,000 --> 00:00:02,000\nok\xff\n", "x.srt")
    assert caught.value.line == 3


# -- parsing: tolerant of real files, strict where a file is broken ---------------------------------
TOLERATED = [
    ("missing final blank line", "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo."),
    ("extra blank lines", "\n\n1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n\n\n"),
    ("no cue numbers", "00:00:01,000 --> 00:00:02,000\nOne.\n\n00:00:03,000 --> 00:00:04,000\nTwo.\n"),
    ("wrong cue numbers", "7\n00:00:01,000 --> 00:00:02,000\nOne.\n\n7\n00:00:03,000 --> 00:00:04,000\nTwo.\n"),
    ("dot for comma", "1\n00:00:01.000 --> 00:00:02.000\nOne.\n\n2\n00:00:03.000 --> 00:00:04.000\nTwo.\n"),
    ("no blank line before the next cue", "1\n00:00:01,000 --> 00:00:02,000\nOne.\n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n"),
    ("trailing spaces and tabs", "1  \n00:00:01,000 --> 00:00:02,000  \nOne.\t\n \n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n"),
    ("one-digit hours, short millis", "1\n0:00:01,0 --> 0:00:02,00\nOne.\n\n2\n0:00:03,000 --> 0:00:04,000\nTwo.\n"),
]


@pytest.mark.parametrize("label, text", TOLERATED, ids=[t[0] for t in TOLERATED])
def test_what_real_files_do_is_tolerated(label, text):
    cues = parse(text, "x.srt")
    assert [(c.start, c.end) for c in cues] == [(1000, 2000), (3000, 4000)]
    assert [c.index for c in cues] == [1, 2]
    assert [words(c.lines) for c in cues] == [["One."], ["Two."]]


BROKEN_INLINE = [
    ("bad timestamp", "1\n00:00:01,000 --> 00:00:0x,000\nOne.\n", 2, "bad timing line"),
    ("end before start", "1\n00:00:05,000 --> 00:00:02,000\nOne.\n", 2, "before it starts"),
    ("out of order", "1\n00:00:05,000 --> 00:00:06,000\nOne.\n\n2\n00:00:01,000 --> 00:00:02,000\nTwo.\n", 6, "starts"),
    ("text outside a cue", "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\nlost text\n", 5, "text outside any cue"),
    ("number without timing", "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\nTwo.\n", 6, "not followed"),
    ("negative time", "1\n-00:00:01,000 --> 00:00:02,000\nOne.\n", 2, "negative"),
    ("sixty seconds", "1\n00:00:60,000 --> 00:01:02,000\nOne.\n", 2, "above 59"),
    ("arrow in text", "1\n00:00:01,000 --> 00:00:02,000\nOne.\nsee --> there\n", 4, "inside a cue's text"),
]


@pytest.mark.parametrize("label, text, line, wording", BROKEN_INLINE, ids=[b[0] for b in BROKEN_INLINE])
def test_broken_files_raise_with_path_and_line(label, text, line, wording):
    with pytest.raises(SourceError) as caught:
        parse(text, "subtitles/en/m1/01.srt")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"subtitles/en/m1/01.srt:{line}: ")
    assert wording in str(caught.value)


def test_overlapping_cues_that_can_be_meant_are_kept():
    cues = parse("00:00:01,000 --> 00:00:09,000\nSign.\n\n00:00:02,000 --> 00:00:03,000\nSpeech.\n", "x.srt")
    assert len(cues) == 2


def test_webvtt_header_notes_ids_and_settings():
    text = ("WEBVTT - Title\nKind: captions\n\nSTYLE\n::cue { color: yellow; }\n\nNOTE a comment\n\n"
            "intro\n00:01.000 --> 00:04.000 line:0 align:start\nHello <c.loud>there</c>, &amp; welcome.\n\n"
            "NOTE between\n\n00:00:05.000 --> 00:00:06.000\n<v Anna>Bye.\n")
    cues = parse(text, "x.vtt")
    assert [(c.ident, c.start, c.end, c.settings) for c in cues] == [
        ("intro", 1000, 4000, "line:0 align:start"), ("", 5000, 6000, "")]
    assert [s.text for s in extract(text, "x.vtt")] == ["Hello <c.loud>there</c>, &amp; welcome.", "Bye."]
    out = render(text, "x.vtt", identity, output_format="vtt")
    assert out.startswith("WEBVTT - Title\nKind: captions\n\nSTYLE\n")
    assert "intro\n00:00:01.000 --> 00:00:04.000 line:0 align:start\n" in out
    srt = render(text, "x.vtt", identity, output_format="srt")
    assert "Hello there, & welcome." in srt and "line:0" not in srt and "<v Anna>" not in srt


@pytest.mark.parametrize("text", [
    pytest.param("WEBVTT\n\n  intro cue  \n00:00:01.000 --> 00:00:02.000\nHello there.\n\n"
                 "2 \n00:00:03.000 --> 00:00:04.000\nBye.\n", id="identifiers keep their spaces"),
    pytest.param("WEBVTT\n\nSTYLE\n::cue { color: red }\n\n::cue(b) { color: blue }\n\n"
                 "00:00:01.000 --> 00:00:02.000\nHello there.\n", id="blocks after a blank line stay apart"),
    pytest.param("WEBVTT\n\nRegion: id=fred width=40% lines=3\n\n"
                 "00:00:01.000 --> 00:00:02.000 region:fred\nHello there.\n", id="an old-style region stays put"),
])
def test_webvtt_writer_gives_back_what_it_read(text):
    """Nothing translated: the file comes back byte for byte, identifiers, blocks and all."""
    assert render(text, "x.vtt", identity, output_format="vtt") == text


# -- extraction ------------------------------------------------------------------------------------------
def test_sentences_span_cues_and_skeleton_stays_out():
    segments = extract(SAMPLE, "s.srt")
    assert [s.text for s in segments] == [
        "It is important to remember that dignity is not the same as discrimination.",
        "Did you talk to the monitoring body?",
        "Yes, and a supporter agreed that mental health legislation would be reviewed every month.",
        "[soft music]",
        "Think about the last time you talked about cultural safety.",
        "Above all, a <i>psychiatrist</i> is often confused with the Convention on the Rights of Persons "
        "with Disabilities, which leads to coercive practices.",
    ]
    assert [s.line for s in segments] == [1, 9, 9, 19, 23, 28]
    assert {s.kind for s in segments} == {"subtitle sentence"}
    first = segments[0]
    assert first.notes[0] == "cues 1-2: 00:00:01.105 --> 00:00:05.619 (4.5 s), budget 75 characters at 17 cps"
    assert first.notes[1] == "cue 1: 00:00:01.105 --> 00:00:03.508 (2.4 s), 40 characters"
    assert first.flags == ("max-length:84",)  # 75 and room for three " | " markers
    assert all(any('" | "' in note for note in s.notes) for s in segments)
    assert any("italics" in note for note in segments[4].notes)
    assert any("dash" in note for note in segments[1].notes)


def test_a_group_holds_at_most_four_cues():
    cues = [Cue(i + 1, i * 2000, i * 2000 + 1500, (f"word{i} and",), 0) for i in range(10)]
    segments = extract(compose(cues), "x.srt")
    assert [s.text.count(" and") for s in segments] == [4, 4, 2]


def test_cue_mode_gives_one_entry_per_cue():
    segments = extract(SAMPLE, "s.srt", segmentation="cue")
    assert segments[0].text == "It is important to remember that dignity"
    assert segments[4].text == "mental health legislation would be reviewed every month."
    assert {s.kind for s in segments} == {"subtitle cue"}
    assert len(segments) == 10  # cue 3 holds two speakers, cue 10 nothing to translate
    out = render(SAMPLE, "s.srt", lambda s: s.text.upper(), limits={"segmentation": "cue"})
    assert timings(parse(out, "o.srt")) == timings(parse(SAMPLE, "s.srt"))


def test_msgids_do_not_depend_on_timing():
    shifted = shift(SAMPLE, 2500)
    retimed = compose(Cue(c.index, c.start * 2, c.end * 2 + 700, c.lines, c.line) for c in parse(SAMPLE, "s.srt"))
    texts = [s.text for s in extract(SAMPLE, "s.srt")]
    assert [s.text for s in extract(shifted, "s.srt")] == texts
    assert [s.text for s in extract(retimed, "s.srt")] == texts


def shift(text: str, ms: int) -> str:
    return compose(Cue(c.index, c.start + ms, c.end + ms, c.lines, c.line) for c in parse(text, "x.srt"))


def test_ellipsis_continued_by_the_next_cue_is_one_sentence():
    text = compose([Cue(1, 0, 1000, ("I was thinking...",), 0), Cue(2, 1000, 2000, ("...that we could go.",), 0),
                    Cue(3, 2000, 3000, ("Wait...",), 0), Cue(4, 3000, 4000, ("Yes.",), 0)])
    assert [s.text for s in extract(text, "x.srt")] == ["I was thinking... ...that we could go.", "Wait...", "Yes."]


# -- rendering translations --------------------------------------------------------------------------------
def pseudo(segment: Segment) -> str:
    """Every word about 30% longer, punctuation kept at the end (translate-toolkit's podebug idea)."""
    out = []
    for word in segment.text.split(" "):
        core = word.rstrip(".,?!;:")
        out.append(core + "ø" * max(1, round(len(core) * 0.3)) + word[len(core):])
    return " ".join(out)


def check_pseudo(text: str, path: str) -> None:
    source = parse(text, path)
    translations = []

    def translate(segment: Segment) -> str:
        translations.append(pseudo(segment))
        return translations[-1]

    out = parse(render(text, path, translate, limits=LIMITS), "out.srt")
    assert timings(out) == timings(source)
    for cue in out:
        for line in cue.lines:
            if S.display_length(line) > LIMITS["max_line_length"]:
                assert len(words([line])) == 1, f"cue {cue.index}: {line!r}"
    untouched = {c.index for c in source if not any(ch.isalnum() for ch in S.visible(c.text))}
    rebuilt = [w for c in out if c.index not in untouched for w in words(c.lines)]
    assert rebuilt == [w for t in translations for w in words([t])]


def test_pseudo_translation_keeps_timings_limits_and_every_word():
    check_pseudo(SAMPLE, "s.srt")


@pytest.mark.parametrize("video", COURSE_VIDEOS, ids=lambda p: p.name)
def test_pseudo_translation_of_course_videos(video):
    name = video.relative_to(REPO).as_posix()
    check_pseudo(decode(video.read_bytes(), name), name)


def test_untranslated_cues_keep_their_english_lines():
    out = render(SAMPLE, "s.srt", lambda s: "Hola." if s.text.startswith("Think") else s.text)
    cues = parse(out, "o.srt")
    assert cues[5].lines == ("<i>Hola.</i>",)  # the italic wrap is skeleton: restored
    assert cues[0].lines == ("It is important to remember that dignity",)
    assert cues[4].lines == ("{\\an8}<i>[soft music]</i>",)


def test_skeleton_is_restored_around_translations():
    out = parse(render(SAMPLE, "s.srt", lambda s: {"[soft music]": "[música suave]",
                                                     "Did you talk to the monitoring body?": "¿Hablaste con ellos?"}
                       .get(s.text, s.text)), "o.srt")
    assert out[4].lines == ("{\\an8}<i>[música suave]</i>",)
    assert out[2].lines == ("- ¿Hablaste con ellos?", "- Yes, and a supporter agreed that")


def two_cues(first: str, second: str) -> str:
    return compose([Cue(1, 0, 3000, (first,), 0), Cue(2, 3000, 6000, (second,), 0)])


def test_force_break_marker_starts_the_next_cue():
    text = two_cues("One two three four five six", "seven eight nine ten eleven.")
    out = parse(render(text, "x.srt", lambda s: "Uno | dos tres cuatro cinco seis siete ocho nueve diez."), "o.srt")
    assert out[0].lines == ("Uno",)
    assert words(out[1].lines) == "dos tres cuatro cinco seis siete ocho nueve diez.".split()


def test_more_markers_than_cues_lose_no_word_and_show_no_bar():
    text = two_cues("One two three", "four five.")
    out = render(text, "x.srt", lambda s: "a | b | c | d | e.")
    cues = parse(out, "o.srt")
    assert "|" not in out
    assert [w for c in cues for w in words(c.lines)] == ["a", "b", "c", "d", "e."]


def test_marker_in_a_one_cue_entry_breaks_the_line():
    text = compose([Cue(1, 0, 4000, ("Short line.",), 0)])
    out = parse(render(text, "x.srt", lambda s: "Una línea | otra línea."), "o.srt")
    assert out[0].lines == ("Una línea", "otra línea.")


def test_a_cue_never_ends_with_an_article_before_its_noun():
    text = two_cues("We have to protect the", "dignity of every person.")
    translation = "Tenemos que proteger la dignidad de todas las personas."
    out = parse(render(text, "x.srt", lambda s: translation, language="es"), "o.srt")
    first = words(out[0].lines)
    assert first[-1] not in S.NO_BREAK_AFTER["es"]
    assert [w for c in out for w in words(c.lines)] == translation.split()


@pytest.mark.parametrize("language, sentence", [
    ("es", "La persona tiene derecho a decidir sobre la atención que recibe en el hospital"),
    ("fr", "Chaque personne a le droit de décider des soins qu'elle reçoit dans les hôpitaux"),
    ("en", "Every person has the right to decide about the care they get in the hospital"),
])
def test_a_line_never_ends_with_an_article(language, sentence):
    rules = S.LayoutRules.of(LIMITS, language)
    lines = S.break_lines(sentence.split(), rules)
    assert " ".join(lines) == sentence
    assert all(S.display_length(line) <= 42 for line in lines)
    assert lines[0].split()[-1].lower() not in S.NO_BREAK_AFTER[language]


def test_breaks_prefer_punctuation():
    text = two_cues("First part of the sentence here,", "and the rest of it comes here.")
    out = parse(render(text, "x.srt", lambda s: "Primera parte aquí, y el resto de la frase viene después."),
                "o.srt")
    assert out[0].lines == ("Primera parte aquí,",)


def test_a_single_long_word_gets_its_own_line_and_is_kept():
    text = compose([Cue(1, 0, 6000, ("A short one.",), 0)])
    long = "Rechtsschutzversicherungsgesellschaftenvertreter"
    out = parse(render(text, "x.srt", lambda s: f"Die {long} kommen."), "o.srt")
    assert long in out[0].lines
    assert words(out[0].lines) == ["Die", long, "kommen."]


def test_tags_opened_in_one_cue_are_closed_and_reopened_in_the_next():
    text = two_cues("One two three four", "five six seven eight.")
    out = parse(render(text, "x.srt", lambda s: "<i>uno dos tres cuatro cinco seis siete ocho.</i>"), "o.srt")
    assert out[0].text.count("<i>") == out[0].text.count("</i>") == 1
    assert out[1].text.count("<i>") == out[1].text.count("</i>") == 1


def test_a_short_translation_leaves_no_empty_cue():
    text = compose([Cue(i, i * 1000, i * 1000 + 900, (f"part{i}",), 0) for i in range(1, 4)])
    out = parse(render(text, "x.srt", lambda s: "Sí."), "o.srt")
    assert [words(c.lines) for c in out] == [["Sí."]]
    assert timings(out)[0] in timings(parse(text, "x.srt"))


def test_an_arrow_or_newline_in_a_translation_cannot_break_the_file():
    text = compose([Cue(1, 0, 4000, ("Go there.",), 0)])
    for fmt in ("srt", "vtt"):
        out = parse(render(text, "x.srt", lambda s: "Ve --> allí\nahora.", output_format=fmt), f"o.{fmt}")
        assert out[0].lines == ("Ve → allí", "ahora.")


def test_webvtt_output_from_srt():
    out = render(two_cues("Fish & chips < 5 <font color=red>€</font>", "{\\an8}are good."), "x.srt", identity,
                 output_format="vtt")
    assert out.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n")
    assert "Fish &amp; chips &lt; 5 €\n" in out and "{\\an8}" not in out


# -- right to left ---------------------------------------------------------------------------------------
ARABIC = {"It is important to remember that dignity is not the same as discrimination.":
          "من المهم أن نتذكر أن الكرامة ليست مثل التمييز.",
          "Think about the last time you talked about cultural safety.": "فكر في آخر مرة تحدثت فيها عن السلامة الثقافية؟",
          "Did you talk to the monitoring body?": "هل تحدثت إلى هيئة الرصد؟"}


def test_rtl_lines_are_embedded_and_punctuation_stays_at_the_logical_end():
    out = render(SAMPLE, "s.srt", lambda s: ARABIC.get(s.text, s.text), language="ar", direction="rtl")
    cues = parse(out, "o.srt")
    arabic_lines = [line for c in cues for line in c.lines if re.search("[\u0600-\u06ff]", line)]
    assert arabic_lines
    for line in arabic_lines:
        head, body, tail = re.match(r"^((?:\{[^}]*\}|<[^/][^>]*>)*)\u202b(.*)\u202c((?:</[^>]+>)*)$", line).groups()
        assert body[:1] not in ".،؟!?"  # never moved to the start ("reversed")
    assert "\u202b- هل تحدثت إلى هيئة الرصد؟\u202c" in out
    assert re.search("<i>\u202b[^<]*\u202c</i>", out)  # tags stay outside the embedding
    assert "dignity" not in out and "- Yes, and a supporter agreed that\n" in out  # English stays LTR
    assert out.count("\u202b") == out.count("\u202c") == len(arabic_lines)


def test_embed_rtl_is_idempotent_and_leaves_ltr_alone():
    line = "{\\an8}<i>هذا صحيح.</i>"
    once = S.embed_rtl(line)
    assert once == "{\\an8}<i>\u202bهذا صحيح.\u202c</i>"
    assert S.embed_rtl(once) == once
    assert S.embed_rtl("Hello.") == "Hello."


# -- re-timing the English file: extract + update keep every translation -------------------------------
PROJECT = """
[course]
name = "Test course"

[[modules]]
id = "m1"
title = "Module one"

[languages]
active = ["es"]
"""


def test_retimed_english_keeps_every_translation_and_the_build_follows(tmp_path):
    from qrl10n.extract import extract as extract_stage
    from qrl10n.formats.po import catalog
    from qrl10n.project import Project
    from qrl10n.update import update

    root = tmp_path / "course"
    (root / "subtitles" / "en" / "m1").mkdir(parents=True)
    (root / "qrl10n.toml").write_text(PROJECT, encoding="utf-8")
    video = root / "subtitles" / "en" / "m1" / "01-intro.srt"
    video.write_text(SAMPLE, encoding="utf-8")
    project = Project(root)
    extract_stage(project)
    update(project)
    po_path = project.po_path("es", project.component("m1-videos"))
    po = catalog.load(po_path)
    for entry in catalog.live_entries(po):
        entry.msgstr = "ES " + entry.msgid
    catalog.save(po, po_path)

    video.write_text(shift(SAMPLE, 2500), encoding="utf-8")
    project = Project(root)
    extract_stage(project)
    update(project)
    po = catalog.load(po_path)
    entries = list(catalog.live_entries(po))
    assert entries and all(catalog.is_translated(e) and not catalog.is_fuzzy(e) for e in entries)
    assert all(e.msgstr == "ES " + e.msgid for e in entries)

    table = {e.msgid: e.msgstr for e in entries}
    out = parse(render(video.read_text("utf-8"), "v.srt", lambda s: table[s.text]), "o.srt")
    assert timings(out) == [(s + 2500, e + 2500) for s, e in timings(parse(SAMPLE, "s.srt"))]


# -- property: random cue lists ----------------------------------------------------------------------------
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñç", min_size=1, max_size=14)
PUNCT = st.sampled_from(["", "", "", ",", ".", "?", "!", "...", "…"])


@st.composite
def cue_lists(draw):
    cues, time = [], 0
    for index in range(1, draw(st.integers(1, 9)) + 1):
        lines = []
        dialogue = draw(st.booleans()) and draw(st.booleans())
        for _ in range(draw(st.integers(1, 2))):
            text = " ".join(draw(st.lists(WORD, min_size=1, max_size=6))) + draw(PUNCT)
            lines.append(("- " if dialogue else "") + text)
        style = draw(st.sampled_from(["", "", "italic", "top"]))
        if style == "italic":
            lines = [f"<i>{line}</i>" for line in lines]
        elif style == "top":
            lines[0] = "{\\an8}" + lines[0]
        time += draw(st.integers(0, 2000))
        length = draw(st.integers(500, 7000))
        cues.append(Cue(index, time, time + length, tuple(lines), 0))
        time += length
    return compose(cues)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cue_lists(), st.data())
def test_random_cue_lists_round_trip_and_lose_no_word(text, data):
    source = parse(text, "x.srt")
    assert [c.lines for c in parse(render(text, "x.srt", identity), "o.srt")] == [c.lines for c in source]
    assert [s.text for s in extract(text, "x.srt")] == [s.text for s in extract(shift(text, 2500), "x.srt")]
    given_words: list[list[str]] = []

    def translate(segment: Segment) -> str:
        drawn = data.draw(st.lists(WORD, min_size=1, max_size=25))
        if " ".join(drawn) == segment.text:  # the English text comes back as it was written
            drawn.append("más")
        given_words.append(drawn)
        marks = data.draw(st.sets(st.integers(1, len(drawn)), max_size=3))  # force-break markers
        return " ".join(("| " if k in marks else "") + w for k, w in enumerate(drawn, start=1))

    out = parse(render(text, "x.srt", translate, limits=LIMITS), "o.srt")
    assert [w for c in out for w in words(c.lines)] == [w for ws in given_words for w in ws]
    assert set(timings(out)) <= set(timings(source))
    assert timings(out) == sorted(timings(out))
    for cue in out:
        assert all(S.display_length(line) <= 42 or len(words([line])) == 1 for line in cue.lines)


# -- limits checks -------------------------------------------------------------------------------------------
CHECKED = [
    ("line-length", Cue(14, 0, 6000, ("x" * 20 + " " + "x" * 27,), 57), "subtitle-line-length",
     "cue 14: 48 characters on a line, limit 42"),
    ("lines", Cue(3, 0, 6000, ("one", "two", "three"), 9), "subtitle-lines", "cue 3: 3 lines, limit 2"),
    ("reading speed", Cue(2, 0, 1000, ("twenty-five characters!!!",), 5), "subtitle-reading-speed",
     "cue 2: 25.0 characters per second (25 in 1 s), limit 17"),
    ("too short", Cue(1, 0, 500, ("Hi.",), 1), "subtitle-min-duration", "cue 1: shown 0.5 s, minimum 0.833 s"),
    ("too long", Cue(1, 0, 8000, ("Hi.",), 1), "subtitle-max-duration", "cue 1: shown 8 s, maximum 7 s"),
]


@pytest.mark.parametrize("label, cue, rule, message", CHECKED, ids=[c[0] for c in CHECKED])
def test_checks_report_the_cue_and_the_numbers(label, cue, rule, message):
    issues = check_cues([cue], LIMITS)
    assert [(i.rule, i.message) for i in issues] == [(rule, message)]
    assert issues[0].cue == cue.index and issues[0].line == cue.line
    assert issues[0].severity == RULES[rule].severity


def test_checks_count_what_a_viewer_sees():
    line = "\u202b{\\an8}<i>" + "ب" * 42 + "\u202c</i>"
    assert check_cues([Cue(1, 0, 6000, (line,), 1)], LIMITS) == []
    assert check_cues([Cue(1, 0, 6000, ("x" * 50,), 1)], LIMITS, disabled=["subtitle-line-length"]) == []


def test_check_file_attributes_issues_to_entries_and_skips_untranslated():
    long = "palabra " * 30
    issues = check_file(SAMPLE, "s.srt", lambda s: long.strip() if s.text.startswith("Think") else s.text,
                        limits=LIMITS, language="es")
    assert issues and {i.cue for i in issues} == {6}
    assert {s.text for i in issues for s in i.segments} == {
        "Think about the last time you talked about cultural safety."}
    rules = {i.rule for i in issues}
    assert {"subtitle-lines", "subtitle-reading-speed"} <= rules and "subtitle-line-length" not in rules
    finding = to_finding(issues[0], language="es", path=Path("po/es/m1-videos.po"), line=40,
                         source="Think…", translation="palabra…")
    assert finding.check.startswith("subtitle-") and finding.extra["cue"] == 6


def test_check_names_the_english_cue_when_a_short_translation_drops_one():
    text = compose([Cue(1, 0, 2000, ("We spoke about the right",), 0), Cue(2, 2000, 4000, ("to decide.",), 0),
                    Cue(3, 4000, 5000, ("Then we left.",), 0)])
    long = "Luego nos fuimos todos juntos a casa, muy despacio, hablando de lo que habíamos oído."
    issues = check_file(text, "x.srt", lambda s: "Sí." if s.text.startswith("We") else long, limits=LIMITS)
    assert issues and {i.cue for i in issues} == {3}  # the entry's comment says "cue 3"
    assert all(i.message.startswith("cue 3: ") for i in issues)
    assert {s.text for i in issues for s in i.segments} == {"Then we left."}


def test_rtl_latin_only_lines_of_a_translation_are_embedded_too():
    text = two_cues("Welcome to the", "QualityRights e-training.")
    out = parse(render(text, "x.srt", lambda s: "مرحبا بكم في | QualityRights e-training.", language="ar",
                       direction="rtl"), "o.srt")
    assert [c.lines for c in out] == [("\u202bمرحبا بكم في\u202c",), ("\u202bQualityRights e-training.\u202c",)]
    one = compose([Cue(1, 0, 4000, ("Welcome to the QualityRights e-training.",), 0)])
    out = parse(render(one, "x.srt", lambda s: "مرحبا بكم في | QualityRights e-training.", language="ar",
                       direction="rtl", output_format="vtt"), "o.vtt")
    assert out[0].lines == ("\u202bمرحبا بكم في\u202c", "\u202bQualityRights e-training.\u202c")
    assert S.embed_rtl("<i>QualityRights.</i>", force=True) == "<i>\u202bQualityRights.\u202c</i>"
    assert S.embed_rtl("{\\an8}", force=True) == "{\\an8}"  # nothing to embed


@pytest.mark.parametrize("tag, settings", [
    ("{\\an8}", "line:0"), ("{\\an7}", "line:0 align:left"), ("{\\an9}", "line:0 align:right"),
    ("{\\an4}", "line:50%,center align:left"), ("{\\an5}", "line:50%,center"),
    ("{\\an6}", "line:50%,center align:right"), ("{\\an1}", "align:left"), ("{\\an2}", ""),
    ("{\\an3}", "align:right"), ("{\\a6}", "line:0"), ("{\\pos(10,20)\\an8\\b1}", "line:0"), ("{\\b1}", ""),
])
def test_ass_positions_become_webvtt_cue_settings(tag, settings):
    text = compose([Cue(1, 0, 3000, (f"{tag}At the top.",), 0), Cue(2, 3000, 6000, ("At the bottom.",), 0)])
    for translate in (identity, lambda s: {"At the top.": "Arriba.", "At the bottom.": "Abajo."}[s.text]):
        vtt = render(text, "x.srt", translate, output_format="vtt")
        first, second = parse(vtt, "o.vtt")
        assert (first.settings, second.settings) == (settings, "")
        assert "{\\" not in vtt
        srt = parse(render(text, "x.srt", translate), "o.srt")
        assert srt[0].lines[0].startswith(tag) and srt[0].settings == ""  # SRT keeps the tag as it is


def test_a_short_translation_fills_the_first_cues_instead_of_one_word_per_cue():
    text = two_cues("However, as we saw in", "the previous module,")
    out = parse(render(text, "x.srt", lambda s: "Sin embargo.", language="es", limits=LIMITS), "o.srt")
    assert [(c.start, c.end, c.lines) for c in out] == [(0, 3000, ("Sin embargo.",))]
    three = compose([Cue(i, (i - 1) * 2000, i * 2000, (f"part {i} of it",), 0) for i in (1, 2, 3)])
    out = parse(render(three, "x.srt", lambda s: "Una frase corta, sin más.", limits=LIMITS), "o.srt")
    assert [words(c.lines) for c in out] == [["Una", "frase", "corta,"], ["sin", "más."]]
    assert timings(out) == [(0, 2000), (2000, 4000)]
    # enough words for every cue, a marker, or a first cue too short to hold them: spread as before
    out = parse(render(text, "x.srt", lambda s: "Sin embargo, como vimos.", limits=LIMITS), "o.srt")
    assert len(out) == 2
    out = parse(render(text, "x.srt", lambda s: "Sin | embargo.", limits=LIMITS), "o.srt")
    assert [c.lines for c in out] == [("Sin",), ("embargo.",)]
    quick = compose([Cue(1, 0, 400, ("However,",), 0), Cue(2, 400, 4000, ("as we saw in the previous module,",), 0)])
    out = parse(render(quick, "x.srt", lambda s: "Sin embargo.", limits=LIMITS), "o.srt")
    assert [w for c in out for w in words(c.lines)] == ["Sin", "embargo."] and len(out) == 2


def test_update_gives_a_language_with_its_own_limits_its_own_budgets(tmp_path):
    from qrl10n.extract import extract as extract_stage
    from qrl10n.formats.po import catalog
    from qrl10n.project import Project
    from qrl10n.update import update

    def course(name: str, config: str) -> Project:
        root = tmp_path / name
        (root / "subtitles" / "en" / "m1").mkdir(parents=True)
        (root / "qrl10n.toml").write_text(config, encoding="utf-8")
        (root / "subtitles" / "en" / "m1" / "01-intro.srt").write_text(SAMPLE, encoding="utf-8")
        (root / "subtitles" / "en" / "m1" / "02-again.srt").write_text(SAMPLE, encoding="utf-8")  # merged entries
        project = Project(root)
        extract_stage(project)
        update(project)
        return project

    config = PROJECT.replace('active = ["es"]', 'active = ["es", "ar"]')
    plain = course("plain", config)
    own = course("own", config + "\n[language.ar.subtitles]\nmax_cps = 12\nmax_line_length = 30\n")
    component = own.component("m1-videos")
    expected = {s.text: s for s in extract(SAMPLE, "s.srt", limits={**LIMITS, "max_cps": 12, "max_line_length": 30})}
    ar_path = own.po_path("ar", component)
    entries = list(catalog.live_entries(catalog.load(ar_path)))
    assert len(entries) == len(expected)
    for entry in entries:
        segment = expected[entry.msgid]
        assert entry.comment.split("\n")[:len(segment.notes) + 1] == [segment.kind, *segment.notes]
        assert entry.flags == list(segment.flags)
    first = next(e for e in entries if e.msgid.startswith("It is important"))
    assert "budget 52 characters at 12 cps" in first.comment and first.flags == ["max-length:61"]
    # the other languages and the template keep the course's limits, byte for byte
    for lang in ("es",):
        assert own.po_path(lang, component).read_bytes() == plain.po_path(lang, component).read_bytes()
    assert "at 17 cps" in catalog.load(own.template_path(component))[0].comment
    # translations are kept, and a second run changes nothing
    po = catalog.load(ar_path)
    for entry in catalog.live_entries(po):
        entry.msgstr = "ع " + entry.msgid
    catalog.save(po, ar_path)
    before = ar_path.read_bytes()
    assert not any(r.changed for r in update(Project(own.root)))
    assert ar_path.read_bytes() == before
