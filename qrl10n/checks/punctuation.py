"""Whitespace, line breaks, brackets, doubled words and the punctuation conventions of the course's languages.

The conventions are data (``PUNCTUATION``: how a language ends and marks sentences); a language
without an entry follows the English marks.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .markup import markup
from .registry import CheckContext, CheckFunction, Rule, entry_rule
from .toolkit import checker, fails


def _describe_space(space: str) -> str:
    if not space:
        return "no whitespace"
    names = {" ": "space", "\n": "line break", "\t": "tab", "\u00a0": "no-break space"}
    counted = Counter(names.get(c, f"U+{ord(c):04X}") for c in space)
    return ", ".join(f"{n} {name}{'s' if n > 1 else ''}" for name, n in counted.items())


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


def _edge_space(test: str, which: str) -> CheckFunction:
    edge = 0 if which == "start" else -1

    def run(source: str, translation: str, context: CheckContext) -> list[str]:
        if not (source[edge:][:1].isspace() or translation[edge:][:1].isspace()):
            return []
        if not fails(test, source, translation, context.language):
            return []
        pick = _leading if which == "start" else _trailing
        return [f"the English {which}s with {_describe_space(pick(source))}, "
                f"the translation with {_describe_space(pick(translation))}"]
    run.__name__ = f"{which}_whitespace"
    return run


start_whitespace = _edge_space("startwhitespace", "start")
end_whitespace = _edge_space("endwhitespace", "end")


def line_breaks(source: str, translation: str, context: CheckContext) -> list[str]:
    if "\n" not in source and "\n" not in translation and "\r" not in source + translation:
        return []
    if not fails("newlines", source, translation, context.language):
        return []
    a, b = source.count("\n"), translation.count("\n")
    if a != b:
        return [f"the English has {a} line break{'s' if a != 1 else ''}, the translation {b}"]
    return ["the line breaks at the start or end differ from the English"]


_WORD_EDGE = ".,;:!?…\"'()[]«»“”„‘’¿¡"


def doubled_words(source: str, translation: str, context: CheckContext) -> list[str]:
    """A word written twice in a row ("the the"), unless the English repeats it too.

    Ours, after pofilter's: pofilter drops every "." first, so "the end. End" counts as a
    repeat across two sentences. Words pofilter's language data allows twice stay allowed.
    """
    repeated = _repeated(markup(translation).prose)
    if not repeated or _repeated(markup(source).prose):
        return []
    allowed = set(checker(context.language).config.lang.validdoublewords)
    return [f"the word '{w}' is repeated" for w in repeated if w not in allowed]


def _repeated(text: str) -> list[str]:
    words = text.lower().split()
    return list(dict.fromkeys(
        b.strip(_WORD_EDGE) for a, b in zip(words, words[1:])
        if a == b.rstrip(_WORD_EDGE) and a.strip(_WORD_EDGE) == a and a and not b.startswith(tuple(_WORD_EDGE))))


_BRACKET = re.compile(r"[\[\](){}]")


def brackets(source: str, translation: str, context: CheckContext) -> list[str]:
    if not _BRACKET.search(source) and not _BRACKET.search(translation):
        return []
    failures = fails("brackets", markup(source).prose, markup(translation).prose, context.language)
    return [f"brackets differ from the English: {m[0].lower() + m[1:]}" for m in failures]




# -- punctuation conventions -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Punctuation:
    """How a language ends and marks sentences. Ends: English mark -> accepted endings, and
    None where the language places the mark elsewhere (then ``inside`` may require a mark)."""

    ends: Mapping[str, tuple[str, ...] | None] = field(default_factory=dict)
    inside: Mapping[str, str] = field(default_factory=dict)  # English end mark -> mark needed inside
    openers: Mapping[str, str] = field(default_factory=dict)  # closing mark -> its opener (¿…?)
    native: Mapping[str, str] = field(default_factory=dict)  # Latin mark -> native one after native script
    script: str = ""  # regex class of the native script for ``native``
    space_before: str = ""  # marks that take a no-break space before them (French)
    space_after: str = ""  # marks that take a no-break space after them («)


_DEFAULT_ENDS = {".": (".", "…"), "?": ("?",), "!": ("!",), ":": (":",), "…": ("…", "...")}
_ARABIC = {"?": "؟", ",": "،", ";": "؛"}

PUNCTUATION: dict[str, Punctuation] = {
    "es": Punctuation(openers={"?": "¿", "!": "¡"}),
    "fr": Punctuation(space_before="?!:;»", space_after="«"),
    "ar": Punctuation(ends={"?": ("؟",), ":": (":",), ".": (".", "…")}, native=_ARABIC, script="\u0600-\u06ff"),
    "fa": Punctuation(ends={"?": ("؟",)}, native=_ARABIC, script="\u0600-\u06ff"),
    "ur": Punctuation(ends={"?": ("؟",), ".": ("۔",)}, native=_ARABIC, script="\u0600-\u06ff"),
    # Armenian: ։ ends a sentence; ՞ and ՜ sit on the stressed word, "." is the colon.
    "hy": Punctuation(ends={".": ("։", "…"), "?": None, "!": None, ":": (".", ":")}, inside={"?": "՞"}),
    "bn": Punctuation(ends={".": ("।", "…")}),
    "ne": Punctuation(ends={".": ("।", ".", "…")}),
    "hi": Punctuation(ends={".": ("।", "…")}),
    "el": Punctuation(ends={"?": (";", "\u037e")}),
}

_MARK_NAMES = {"?": "question", "!": "exclamation", ".": "statement"}
_CLOSERS = " \t\n\u00a0\u202f*_\"'`»”’“‘›«」』)]}>"  # “ ‘ close quotes in Czech, German, Polish


@functools.cache
def _conventions(language: str) -> Punctuation:
    return PUNCTUATION.get(base_language(language), Punctuation())


def base_language(language: str) -> str:
    """"pt_BR" -> "pt"."""
    return language.replace("-", "_").split("_")[0]


def _end_mark(text: str) -> str:
    """The sentence mark a string ends with, ignoring closing quotes, brackets and emphasis."""
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith("..."):
        return "…"
    return stripped[-1:] if stripped[-1:] in ".?!:…;؟।։;\u037e۔" else ""


def end_punctuation(source: str, translation: str, context: CheckContext) -> list[str]:
    conventions = _conventions(context.language)
    src, dst = markup(source).prose, markup(translation).prose
    mark = _end_mark(src)
    if not mark or not dst.strip():
        return []
    messages = []
    accepted = conventions.ends[mark] if mark in conventions.ends else _DEFAULT_ENDS.get(mark)
    found = _end_mark(dst)
    if accepted is not None and found not in accepted:
        want = " or ".join(accepted)
        messages.append(f"the English ends with {mark}; end the translation with {want}"
                        + (f", not {found}" if found else ""))
    needed = conventions.inside.get(mark)
    if needed and needed not in dst:
        messages.append(f"the English is a {_MARK_NAMES.get(mark, mark)}: put {needed} on the stressed word")
    return messages


def native_punctuation(source: str, translation: str, context: CheckContext) -> list[str]:
    """Marks of the language's own: Arabic ؟ ، ؛ after Arabic text; Spanish ¿…? ¡…! in pairs."""
    conventions = _conventions(context.language)
    text = markup(translation).prose
    messages = []
    if conventions.native:
        body = text.rstrip(_CLOSERS)[:-1]  # the final mark is end-punctuation's business
        latin = re.escape("".join(conventions.native))
        # a mark in prose is followed by a space ("degree,degrees" is a keyword list, not prose)
        for mark in dict.fromkeys(re.findall(rf"(?<=[{conventions.script}])\s?([{latin}])(?=\s)", body)):
            name = context.info.english_name if context.info else context.language
            messages.append(f"use {conventions.native[mark]} instead of {mark} in {name} text")
    for closer, opener in conventions.openers.items():
        opened, closed = text.count(opener), len(re.findall(rf"(?<=[^\W\d_]){re.escape(closer)}", text))
        if opened != closed:
            messages.append(f"open every {_MARK_NAMES[closer]} with {opener} and close it with {closer} "
                            f"(the translation has {opened} {opener} and {closed} {closer})")
    return messages


def punctuation_spacing(source: str, translation: str, context: CheckContext) -> list[str]:
    """French: a no-break space before ? ! : ; » and after «, so the mark never starts a line."""
    conventions = _conventions(context.language)
    if not conventions.space_before and not conventions.space_after:
        return []
    text = markup(translation).prose
    messages = []
    if conventions.space_before:
        marks = re.escape(conventions.space_before)
        for space, mark in re.findall(rf"(?<=[\w»)\]])( ?)([{marks}])(?=\s|$|[\"'”»)\]])", text):
            messages.append(f"put a no-break space (U+00A0 or U+202F) before {mark}"
                            + (" instead of a plain space" if space else ""))
    if conventions.space_after:
        marks = re.escape(conventions.space_after)
        for mark, space in re.findall(rf"([{marks}])( ?)(?=\w)", text):
            messages.append(f"put a no-break space (U+00A0 or U+202F) after {mark}"
                            + (" instead of a plain space" if space else ""))
    return list(dict.fromkeys(messages))


RULES: tuple[Rule, ...] = (
    entry_rule("start-whitespace", "warning", "Start the translation with the same spaces or line breaks as the English.",
               start_whitespace),
    entry_rule("end-whitespace", "warning", "End the translation with the same spaces or line breaks as the English.",
               end_whitespace),
    entry_rule("line-breaks", "warning", "Keep the line breaks of the English.",
               line_breaks),
    entry_rule("doubled-words", "warning", "Remove the repeated word, or add the comment "
                                           "'# qrl10n: ignore doubled-words' if your language repeats it on purpose.",
               doubled_words),
    entry_rule("brackets", "warning", "Keep the brackets and parentheses of the English.",
               brackets),
    entry_rule("end-punctuation", "warning", "End the sentence the way your language ends this kind of sentence (question, "
                                             "statement, list lead-in).",
               end_punctuation),
    entry_rule("native-punctuation", "warning", "Use your language's own punctuation marks (Arabic ؟ ، ؛, Spanish ¿…? ¡…!).",
               native_punctuation),
    entry_rule("punctuation-spacing", "warning", "Put a no-break space before ? ! : ; » and after « (French typography).",
               punctuation_spacing),
)
