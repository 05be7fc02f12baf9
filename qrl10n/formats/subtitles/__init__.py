"""SRT and WebVTT subtitles <-> sentence segments, re-split and re-timed on render.

Principles
----------
Unit. Translators get *sentences*, not cues. Consecutive cues join into one segment until a
cue ends a sentence (``. ? ! …`` or ``♪``, closing quotes and brackets after them allowed), a
group holds at most ``MAX_GROUP`` cues, and a group never crosses a dialogue cue, a sound
description or a change of whole-cue style (italic cue next to a plain one). In ``"cue"``
segmentation each cue is its own segment. Grouping reads only the text, never the timings,
so shifting or re-timing the English file changes no msgid.

What stays out (skeleton). Cue numbers and timings; ASS override blocks (``{\\an8}``) and a
WebVTT voice tag (``<v Anna>``) at the start of a cue; a style tag that wraps the whole cue or
each of its lines (``<i>…</i>``), which the entry's comment mentions instead; the speaker
dash of a dialogue line; WebVTT karaoke timestamps (``<00:17.500>``); NOTE, STYLE and REGION
blocks. Tags *inside* a sentence (``a <i>very</i> good idea``) stay in the msgid. A cue with
no letter or digit (``♪``, ``...``) has no entry and is rendered as it was.

Dialogue. A cue whose lines start with ``-`` holds two speakers: each speaker's line is its
own entry and the dash is added back on render; only the last speaker's sentence may go on
into the following cues. Sound descriptions alone in a cue (``[soft music]``) are their own
entry.

Whitespace. Lines of a cue are joined with one space; runs of spaces and tabs become one
space. Non-breaking spaces (French ``\u00a0?``) are kept and never broken.

Timing. Every English cue keeps its start and end. A translated sentence is spread over its
cues in proportion to their English length, at word boundaries, preferring a break after
punctuation and avoiding one after an article, preposition or conjunction that belongs to
the next word (``NO_BREAK_AFTER``, per language), and moving words to a neighbour rather
than overfilling a cue; each cue's lines are balanced (bottom-heavy) within
``max_line_length``. When the text cannot fit, no word is ever dropped: the cue gets more
than ``max_lines`` lines, or a lone longer word its own line, and ``qrl10n check`` reports
it. A translator forces a cue boundary with ``MARKER`` (a ``|`` between spaces; a newline
works too); markers beyond the entry's cues, or in a one-cue entry, force a line break.
A translation too short to give each cue ``MIN_WORDS_PER_CUE`` words, and without a marker,
fills only the fewest first cues that hold it within their limits (line length, lines,
reading speed), so "Sin embargo." is one cue rather than "Sin" and "embargo." one after the
other; when the first cues cannot hold it, it is spread over all of them as above. A cue
that a short translation leaves without a word is omitted rather than shown empty. When the
translation equals the English text the original lines come back untouched.
Between formats, tags the target does not know are dropped (they are formatting, not words)
except an ASS position (``{\\an8}``, legacy ``{\\a6}``), which becomes WebVTT cue settings
(``ASS_POSITION``: ``line:0`` for the top row, ``align:left``/``align:right`` for the side
columns, the screen's sides whatever the text's direction, as in ASS), and WebVTT's
``&amp; &lt;`` escapes are applied or undone; ``-->`` in a translation becomes
``→`` so it cannot end a cue.

Right to left. For ``direction="rtl"`` every rendered line of translated text, and any other
line that holds a right-to-left letter, is wrapped in U+202B RIGHT-TO-LEFT EMBEDDING ...
U+202C POP DIRECTIONAL FORMATTING, with leading ASS blocks and tags left outside. A
translated line of Latin letters only (a name, "QualityRights e-training.") is embedded
too, so its full stop sits at its left end as in the lines around it; English kept as it
was (an untranslated speaker of a dialogue cue) stays left to right. This is what Subtitle
Edit's "Fix RTL via Unicode control characters" does. The text itself stays in logical order: we never move punctuation to
the other end of the line ("reverse RTL start/end"), which is what turns Arabic punctuation
around in players that do apply the Unicode bidi algorithm. The embedding makes the line
right-to-left even in players that lay every line out left-to-right (TVs, some web players);
players that do run the bidi algorithm (mpv/libass, VLC, browsers for WebVTT) show the same.
Isolates (U+2067) would be cleaner but older renderers ignore them.

Reading. ``decode`` takes bytes as they come (UTF-8 with or without BOM, UTF-16/32, legacy
Windows code pages chosen by the letters of the languages each code page serves, then
charset-normalizer for the rest); ``parse`` is strict where a file is truly broken and says
``path:line``, and tolerant of what real files do (see ``cues``).

Modules: ``decode`` (bytes to text), ``cues`` (SRT/WebVTT parse and compose, visible text),
``segment`` (cue anatomy, sentences), ``layout`` (translations back onto cues, render),
``rtl`` (right-to-left embedding). Callers import from the package.
"""

from __future__ import annotations

from .cues import (
    ASS_BLOCK,
    ASS_POSITION,
    BIDI_MARKS,
    FORMAT_TAGS,
    NUMBER_RE,
    SSA_POSITION,
    TAG_RE,
    TIMING_RE,
    VTT_SIGNATURE,
    Cue,
    Document,
    compose,
    convert_line,
    display_length,
    format_time,
    parse,
    read,
    visible,
    vtt_settings,
)
from .decode import (
    ALPHABETS,
    BOMS,
    CODE_PAGES,
    LANGUAGE_CODE_PAGE,
    NEUTRAL,
    decode,
    guess_code_page,
)
from .layout import (
    AVOID_BREAK_COST,
    BREAK_AFTER_COST,
    NO_BREAK_AFTER,
    LayoutRules,
    Placed,
    break_lines,
    distribute,
    layout,
    render,
    tokens,
)
from .rtl import (
    embed_rtl,
)
from .segment import (
    CLOSERS,
    DASH_RE,
    FORCED_RE,
    KARAOKE_RE,
    LEAD_SKELETON_RE,
    MARKER,
    MARKER_HELP_MULTI,
    MARKER_HELP_SINGLE,
    MARKER_RE,
    MAX_GROUP,
    MIN_WORDS_PER_CUE,
    SENTENCE_END,
    SOUND_RE,
    WRAP_OPEN_RE,
    Anatomy,
    Part,
    Unit,
    anatomy,
    ends_sentence,
    extract,
    merged_limits,
    slot_budget,
    walk,
)

__all__ = [
    "ALPHABETS",
    "ASS_BLOCK",
    "ASS_POSITION",
    "AVOID_BREAK_COST",
    "Anatomy",
    "BIDI_MARKS",
    "BOMS",
    "BREAK_AFTER_COST",
    "CLOSERS",
    "CODE_PAGES",
    "Cue",
    "DASH_RE",
    "Document",
    "FORCED_RE",
    "FORMAT_TAGS",
    "KARAOKE_RE",
    "LANGUAGE_CODE_PAGE",
    "LEAD_SKELETON_RE",
    "LayoutRules",
    "MARKER",
    "MARKER_HELP_MULTI",
    "MARKER_HELP_SINGLE",
    "MARKER_RE",
    "MAX_GROUP",
    "MIN_WORDS_PER_CUE",
    "NEUTRAL",
    "NO_BREAK_AFTER",
    "NUMBER_RE",
    "Part",
    "Placed",
    "SENTENCE_END",
    "SOUND_RE",
    "SSA_POSITION",
    "TAG_RE",
    "TIMING_RE",
    "Unit",
    "VTT_SIGNATURE",
    "WRAP_OPEN_RE",
    "anatomy",
    "break_lines",
    "compose",
    "convert_line",
    "decode",
    "display_length",
    "distribute",
    "embed_rtl",
    "ends_sentence",
    "extract",
    "format_time",
    "guess_code_page",
    "layout",
    "merged_limits",
    "parse",
    "read",
    "render",
    "slot_budget",
    "tokens",
    "visible",
    "vtt_settings",
    "walk",
]
