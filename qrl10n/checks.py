"""check: quality checks over translated PO entries, so a coordinator knows a language is right.

Rules are data: ``CHECKS`` is one table of ``Check(id, severity, description, function)``;
``function(source, translation, context)`` returns the messages of what is wrong (empty when
the translation passes). A translator switches a check off for one entry with the flag
``#, ignore-<id>``; a coordinator for a language with ``[language.<code>] disable_checks``
or for the course with ``[checks] disable`` in qrl10n.toml.

Where translate-toolkit's pofilter tests are right for us they decide (printf, python-brace,
whitespace, line breaks, brackets, copied English, XML tags, blank), and its
extractors find URLs and e-mail addresses; we word the messages so a translator can act on
them, and compare URLs and tags as multisets, because a translation may reorder them. Our own
checks cover what pofilter gets wrong or does not know: numbers (pofilter takes 3,5 for another
number than 3.5), doubled words (pofilter counts "end. End" as one), Markdown structure (links, images, inline code, emphasis), the punctuation
conventions of the course's languages (a data table below) and the length ratio.

Severity: "error" when the output breaks (placeholders, Markdown links, targets, code,
images, tags); "warning" for style. Fuzzy entries are drafts: their findings are at most
warnings. Only entries with a translation are checked. translate-toolkit is imported on
first use, not when the CLI starts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogError, ConfigError, SourceError
from .files import read_input
from .formats.po import catalog
from .formats.po.comments import ignored_checks
from .languages import LanguageInfo, language_info
from .model import Finding

if TYPE_CHECKING:
    from .project import Component, Language, Project

IGNORE_FLAG = "ignore-"
#: Ids owned by other stages whose findings ``check`` passes on (glossary, subtitle limits).
FOREIGN_PREFIXES = ("glossary-", "subtitle-")


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check may know about the entry besides its two strings."""

    language: str
    info: LanguageInfo | None = None
    flags: frozenset[str] = frozenset()
    comments: tuple[str, ...] = ()  # extracted comments ("#."), first one is the kind
    kind: str = ""  # "p", "h2", "li", "cue"… as the adapter wrote it
    settings: Mapping = field(default_factory=dict, compare=False, hash=False)
    single_number_form: bool = False  # a plural form used for one number only may omit it


CheckFunction = Callable[[str, str, CheckContext], list[str]]


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    severity: str  # "error" | "warning" | "info"
    description: str  # one line: what to do about a finding
    function: CheckFunction


# -- Markdown inline structure ---------------------------------------------------------------
# The subset of CommonMark inline syntax the course uses, found with regular expressions so a
# check costs microseconds: code spans, inline and reference links and images, autolinks.
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"            # [text] or ![alt]
    r"(?:\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"  # (target
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"                  #  "title")
    r"|\[([^\[\]]*)\])", re.S)                                          # or [label]
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_BARE_URL = re.compile(r"(?:https?|ftp)://[^\s<>)\]]+|www\.[^\s<>)\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: GNU's old quoting, `name': a backquote closed by an apostrophe (not followed by a letter, so
#: the one in `don't` is not) is a quotation, not the start of a code span.
_OLD_QUOTE = re.compile(r"(?<!`)`([^`'\n]*)'(?![\w`])")
_EMPHASIS_RUN = re.compile(r"\*+|_+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Markup:
    """The inline structure of one string, and its text with the structure taken out."""

    code: tuple[str, ...]
    links: tuple[str, ...]  # targets: URL, "[label]" for reference links
    images: tuple[str, ...]
    empty_link_text: bool
    text: str  # without code spans and link targets; bare URLs kept
    prose: str  # ``text`` without bare URLs, e-mails and emphasis markers
    emphasis: tuple[int, int]  # emphasis and strong spans, as markdown-it pairs them: (*, _)
    stray: tuple[int, int]  # marker characters that could open or close a span but found no partner


@functools.lru_cache(maxsize=16384)
def markup(value: str) -> Markup:
    """Parse once; English strings repeat in every language, so this is cached.

    Each regular expression runs only when its trigger character is present: most
    strings are plain prose and cost a few string scans.
    """
    if "`" in value and "'" in value:
        value = _OLD_QUOTE.sub(r"'\1'", value)
    code = tuple(m.group(2).strip() for m in _CODE.finditer(value)) if "`" in value else ()
    text = _CODE.sub(" ", value) if code else value
    links: list[str] = []
    images: list[str] = []
    empty = False

    def link(match: re.Match) -> str:
        nonlocal empty
        bang, label_text, target, ref = match.groups()
        if target is None and ref is None:
            return match.group(0)
        where = target.strip("<>") if target is not None else f"[{(ref or label_text).strip().lower()}]"
        (images if bang else links).append(where)
        if not bang and not label_text.strip():
            empty = True
        return label_text

    if "[" in text:
        text = _LINK.sub(link, text)
    if "<" in text:
        text = _AUTOLINK.sub(lambda m: links.append(m.group(1)) or " ", text)
    bare = _BARE_URL.sub(" ", text) if ("@" in text or "ftp" in text or "www." in text or "http" in text) else text
    if "*" in bare or "_" in bare:
        spans, stray = _emphasis(bare)
        prose = _EMPHASIS_RUN.sub(lambda m: "" if _is_delimiter(m) else m.group(0), bare)
    else:
        spans, stray, prose = (0, 0), (0, 0), bare
    return Markup(code, tuple(links), tuple(images), empty, text, prose, spans, stray)


@dataclass(slots=True)
class _Run:
    """A run of * or _ while emphasis is paired (CommonMark's delimiter run)."""

    mark: str
    length: int
    left: int  # characters not yet paired
    opens: bool
    closes: bool


def _emphasis(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(spans, unpaired marker characters), each as (*, _), paired the way markdown-it pairs them:
    CommonMark's flanking rules (an intraword _ neither opens nor closes, so "C_alculate" is
    text), its rule of three, and delimiters between a pair dropped. "_Oblicz" or "Kali (*)"
    can open but find no partner: markdown-it shows them as typed, and they count as unpaired.
    """
    text = _ESCAPED.sub("..", text)
    runs: list[_Run] = []
    for match in _EMPHASIS_RUN.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
        right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
        mark = match.group(0)[0]
        if mark == "*":
            opens, closes = left, right
        else:
            opens = left and (not right or _punctuation(before))
            closes = right and (not left or _punctuation(after))
        if opens or closes:
            runs.append(_Run(mark, end - start, end - start, opens, closes))
    spans = Counter()
    openers: list[_Run] = []
    for run in runs:
        index = len(openers) - 1
        while run.closes and run.left and index >= 0:
            opener = openers[index]
            if opener.mark != run.mark or _rule_of_three(opener, run):
                index -= 1
                continue
            used = 2 if opener.left >= 2 and run.left >= 2 else 1
            opener.left -= used
            run.left -= used
            spans[run.mark] += 1
            del openers[index + 1:]  # delimiters inside the span stay text
            if not opener.left:
                openers.pop()
            index = len(openers) - 1
        if run.opens and run.left:
            openers.append(run)
    stray = Counter()
    for run in runs:
        stray[run.mark] += run.left
    return (spans["*"], spans["_"]), (stray["*"], stray["_"])


_ESCAPED = re.compile(r"\\[\\*_]")


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _rule_of_three(opener: _Run, closer: _Run) -> bool:
    """CommonMark: a run that can both open and close does not pair with one whose length makes
    the sum a multiple of 3, unless both lengths are ("*foo**bar**baz*")."""
    return ((opener.closes or closer.opens) and (opener.length + closer.length) % 3 == 0
            and not (opener.length % 3 == 0 and closer.length % 3 == 0))


def _is_delimiter(match: re.Match) -> bool:
    """A run of * or _ that can open or close emphasis (CommonMark's flanking rule, simplified)."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() and after.isspace():
        return False
    if match.group(0)[0] == "_" and before.isalnum() and after.isalnum():
        return False  # snake_case, not emphasis
    return True


def _multiset_diff(source: Iterable[str], translation: Iterable[str]) -> tuple[list[str], list[str]]:
    """(missing from the translation, added by it), each in order of first appearance."""
    source, translation = list(source), list(translation)
    if source == translation:
        return [], []
    src, dst = Counter(source), Counter(translation)
    missing = list(dict.fromkeys(x for x in src if src[x] > dst[x]))
    added = list(dict.fromkeys(x for x in dst if dst[x] > src[x]))
    return missing, added


def markdown_links(source: str, translation: str, context: CheckContext) -> list[str]:
    src, dst = markup(source), markup(translation)
    missing, added = _multiset_diff(src.links, dst.links)
    messages = [f"the link to {t} is missing or its target was changed" for t in missing]
    messages += [f"the link to {t} is not in the English" for t in added]
    if dst.empty_link_text and not src.empty_link_text:
        messages.append("a link has no text, so readers cannot see or click it")
    return messages


def markdown_images(source: str, translation: str, context: CheckContext) -> list[str]:
    missing, added = _multiset_diff(markup(source).images, markup(translation).images)
    return ([f"the image {t} is missing or its file name was changed" for t in missing]
            + [f"the image {t} is not in the English" for t in added])


def markdown_code(source: str, translation: str, context: CheckContext) -> list[str]:
    missing, added = _multiset_diff(markup(source).code, markup(translation).code)
    messages = [f"the inline code `{c}` is missing or was changed" for c in missing]
    messages += [f"the inline code `{c}` is not in the English" for c in added]
    return messages


def markdown_emphasis(source: str, translation: str, context: CheckContext) -> list[str]:
    """A marker the translation leaves unpaired where the English pairs all of its own.

    Compared as markdown-it pairs them, and only where the English has emphasis: a GNOME
    accelerator ("C_alculate" -> "_Oblicz") or a "(*)" in a string without emphasis shows
    as typed, so nothing breaks.
    """
    src, dst = markup(source), markup(translation)
    if not any(src.emphasis):
        return []
    return [f"an emphasis marker {mark} is not closed (the translation has {b} unpaired)"
            for mark, a, b in zip("*_", src.stray, dst.stray) if b and not a]


# -- pofilter, wrapped -----------------------------------------------------------------------
@functools.cache
def _pofilter(language: str):
    """One translate-toolkit checker per language (building one costs ~0.5 ms, a test ~2 µs)."""
    from translate.filters.checks import CheckerConfig, StandardChecker
    return StandardChecker(CheckerConfig(targetlanguage=language.replace("-", "_")))


def _fails(test: str, source: str, translation: str, language: str) -> list[str]:
    """pofilter's messages for ``test``, or [] when it passes."""
    from translate.filters.checks import FilterFailure
    checker = _pofilter(language)
    if len(checker.results_cache) > 4096:
        checker.results_cache.clear()
    try:
        getattr(checker, test)(source, translation)
    except FilterFailure as failure:
        return [str(m) for m in failure.messages] or [test]
    return []


_PRINTF_FLAGS = ("c-format", "python-format", "objc-format", "sh-format", "php-format",
                 "perl-format", "java-printf-format", "boost-format", "qt-format", "kde-format")
_ABSENCE = ("Missing printf variable", "Different number of printf variables",
            "Named placeholders absent", "Highest anonymous placeholder in original")


def placeholders_printf(source: str, translation: str, context: CheckContext) -> list[str]:
    """printf placeholders (%s, %d, %1$s, %(name)s), when the entry is printf-formatted.

    Without a format flag the test runs only if the English has printf directives and all
    of them are C ones, so a Turkish "%50" for "50%", or a strftime "%a %-e", is left alone.
    """
    if "no-c-format" in context.flags or "no-python-format" in context.flags:
        return []
    flagged = bool(context.flags.intersection(_PRINTF_FLAGS))
    source, translation = _without_flags(source, space=flagged), _without_flags(translation, space=flagged)
    if not flagged and not _looks_printf(source):
        return []
    messages = _fails("printf", source, translation, context.language)
    if context.single_number_form:
        messages = [m for m in messages if not m.startswith(_ABSENCE)]
    return [_reword_printf(m) for m in messages]


_C_CONVERSIONS = frozenset("diouxXeEfFgGaAcspn")
#: printf flags before a conversion: - + space # 0, ' (thousands grouping) and glibc's I (the
#: locale's digits). How a number is laid out is the translation's business, as for msgfmt.
_FLAGS = re.compile(r"%%|(%(?:\d+\$|\(\w+\))?)([-+ #0'I]+)"
                    r"(?=[\d*]*(?:\.[\d*]*)?(?:hh|h|ll|l|j|z|t|L|q)?[diouxXeEfFgGaAcspn]|<PRI)")


def _without_flags(text: str, *, space: bool) -> str:
    """Directives with their flags taken out, so "%'d" and "%Id" compare equal to "%d". A space
    counts as a flag only in a printf-flagged entry: elsewhere "100% done" is prose."""
    if "%" not in text:
        return text

    def strip(match: re.Match) -> str:
        if match.group(1) is None:
            return match.group(0)
        if " " in match.group(2) and not space:
            return match.group(0)
        return match.group(1)
    return _FLAGS.sub(strip, text)


def _looks_printf(source: str) -> bool:
    """Unflagged text is printf only if every directive is a C one (as xgettext decides):
    a strftime format ("%a %-e_%R") or a percentage ("50%") is not."""
    if "%" not in source:
        return False
    from translate.filters.checks.standard import printf_pat
    found = list(printf_pat.finditer(source))
    return bool(found) and all(m.group("boost_ord") is None and m.group("type") in _C_CONVERSIONS for m in found)


def _reword_printf(message: str) -> str:
    for old, new in (("Added printf variable", "the placeholder is not in the English"),
                     ("Different printf variable", "the placeholder differs from the English"),
                     ("Missing printf variable", "the placeholder is missing"),
                     ("Different number of printf variables", "the number of placeholders differs from the English")):
        if message.startswith(old):
            return new + message[len(old):]
    return message


_BRACE = re.compile(r"{[^{}]*}")
_ANON = re.compile(r"{[0-9]*}")


def placeholders_brace(source: str, translation: str, context: CheckContext) -> list[str]:
    """{name} placeholders (python-brace-format, and the course's own {learner_name})."""
    if "no-python-brace-format" in context.flags or ("{" not in source and "{" not in translation):
        return []
    failures = _fails("pythonbraceformat", source, translation, context.language)
    if context.single_number_form:
        failures = [m for m in failures if not m.startswith(_ABSENCE)]
    if not failures:
        return []
    named = [[v for v in _BRACE.findall(s.replace("{{", "").replace("}}", "")) if not _ANON.fullmatch(v)]
             for s in (source, translation)]
    missing, added = _multiset_diff(*named)
    if context.single_number_form:
        missing = []
    messages = [f"the placeholder {v} is missing" for v in missing if v not in named[1]]
    messages += [f"the placeholder {v} is not in the English" for v in added if v not in named[0]]
    # pofilter's own words for anonymous {0} {} mismatches (its named-placeholder lists are sets).
    messages += [m for m in failures if "anonymous" in m]
    return messages or failures


def _items(extract: str, what: str, triggers: tuple[str, ...]) -> CheckFunction:
    """URLs / e-mails: the same ones, in any order, outside Markdown link targets."""
    def run(source: str, translation: str, context: CheckContext) -> list[str]:
        if not any(t in source or t in translation for t in triggers):
            return []
        from translate.filters import decoration
        get = getattr(decoration, extract)
        missing, added = _multiset_diff(get(markup(source).text), get(markup(translation).text))
        return ([f"the {what} {x} is missing or was changed" for x in missing]
                + [f"the {what} {x} is not in the English" for x in added])
    run.__name__ = f"{what}s"
    return run


urls = _items("geturls", "URL", ("http", "www.", "ftp:"))
emails = _items("getemails", "e-mail address", ("@",))

_NATIVE_DIGITS = {c: str(unicodedata.digit(chr(c))) for c in range(0x660, 0x1100)
                  if unicodedata.category(chr(c)) == "Nd"}
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+|[\u00a0\u202f' ]\d{3}(?!\d))*")
_THOUSANDS = re.compile(r"(?<=\d)[,.\u00a0\u202f' ](?=\d{3}(?!\d))")


def _numbers_in(text: str) -> list[str]:
    """Numbers with the separators normalized: 1,000 = 1.000 = 1 000 = 1000 and 3.5 = 3,5."""
    return [_THOUSANDS.sub("", n).replace(",", ".") for n in _NUMBER.findall(text.translate(_NATIVE_DIGITS))]


def numbers(source: str, translation: str, context: CheckContext) -> list[str]:
    """The same numbers, in any order. Ours, not pofilter's: pofilter takes 3,5 for another
    number than 3.5, and ١٢ (Arabic-Indic digits) for another number than 12."""
    src, dst = markup(source).prose, markup(translation).prose
    if not _DIGIT.search(src) and not _DIGIT.search(dst):
        return []
    missing, added = _multiset_diff(_numbers_in(src), _numbers_in(dst))
    return ([f"the number {n} is missing or was changed" for n in missing]
            + [f"the number {n} is not in the English" for n in added])


def _describe_space(space: str) -> str:
    if not space:
        return "no whitespace"
    names = {" ": "space", "\n": "line break", "\t": "tab", "\u00a0": "no-break space"}
    counted = Counter(names.get(c, f"U+{ord(c):04X}") for c in space)
    return ", ".join(f"{n} {name}{'s' if n > 1 else ''}" for name, n in counted.items())


def _edge_space(test: str, which: str) -> CheckFunction:
    edge = 0 if which == "start" else -1

    def run(source: str, translation: str, context: CheckContext) -> list[str]:
        if not (source[edge:][:1].isspace() or translation[edge:][:1].isspace()):
            return []
        if not _fails(test, source, translation, context.language):
            return []
        pick = (lambda s: s[: len(s) - len(s.lstrip())]) if which == "start" else (lambda s: s[len(s.rstrip()):])
        return [f"the English {which}s with {_describe_space(pick(source))}, "
                f"the translation with {_describe_space(pick(translation))}"]
    run.__name__ = f"{which}_whitespace"
    return run


start_whitespace = _edge_space("startwhitespace", "start")
end_whitespace = _edge_space("endwhitespace", "end")


def line_breaks(source: str, translation: str, context: CheckContext) -> list[str]:
    if "\n" not in source and "\n" not in translation and "\r" not in source + translation:
        return []
    if not _fails("newlines", source, translation, context.language):
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
    allowed = set(_pofilter(context.language).config.lang.validdoublewords)
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
    failures = _fails("brackets", markup(source).prose, markup(translation).prose, context.language)
    return [f"brackets differ from the English: {m[0].lower() + m[1:]}" for m in failures]


def copied_english(source: str, translation: str, context: CheckContext) -> list[str]:
    """The English copied as the translation; names and one- or two-word labels are left alone."""
    src, dst = markup(source).prose, markup(translation).prose
    if src.strip().lower() != dst.strip().lower() or _base(context.language) == "en":
        return []
    if sum(1 for token in src.split() if _WORD.search(token)) < 3:
        return []
    if _fails("unchanged", src, dst, context.language):
        return ["the translation is the English text"]
    return []


def xml_tags(source: str, translation: str, context: CheckContext) -> list[str]:
    if "<" not in source and "<" not in translation:
        return []
    if not _fails("xmltags", source, translation, context.language):
        return []
    missing, added = _multiset_diff(_tags(markup(source).text), _tags(markup(translation).text))
    return ([f"the tag {t} is missing or was changed" for t in missing]
            + [f"the tag {t} is not in the English" for t in added])  # reordered tags pass


_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(\s[^<>]*|/)?>")
#: Inline HTML a translator meets unclosed or empty; any other <name> is markup only when it is
#: closed in the string, has attributes or closes itself.
_INLINE = frozenset({"b", "i", "u", "s", "em", "strong", "small", "big", "tt", "sub", "sup", "span",
                     "br", "hr", "wbr"})


def _tags(text: str) -> list[str]:
    """HTML/XML tags: a closing tag, a tag with attributes, a self-closing tag (<br/>), a known
    inline tag, or one that is closed in the same string. "<source>", "<file>" or "<disk device>"
    in a usage message is a word, not a tag."""
    found = list(_TAG.finditer(text))
    closed = {m.group(2) for m in found if m.group(1)}
    return [m.group(0) for m in found
            if m.group(1) or m.group(2) in closed or m.group(2).lower() in _INLINE
            or (m.group(3) and ("=" in m.group(3) or m.group(3).strip() == "/"))]


def blank(source: str, translation: str, context: CheckContext) -> list[str]:
    if translation.strip():
        return []
    return ["the translation is only whitespace"] if _fails("blank", source, translation, context.language) else []


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
    return PUNCTUATION.get(_base(language), Punctuation())


def _base(language: str) -> str:
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


DEFAULT_LENGTH_RATIO = (0.4, 2.5)
MIN_RATIO_LENGTH = 30


def length_ratio(source: str, translation: str, context: CheckContext) -> list[str]:
    """Translation length / English length out of range (default 0.4-2.5; longer strings only)."""
    src, dst = markup(source).prose.strip(), markup(translation).prose.strip()
    if len(src) < MIN_RATIO_LENGTH or not dst:
        return []
    low, high = context.settings.get("length_ratio", DEFAULT_LENGTH_RATIO)
    ratio = len(dst) / len(src)
    if ratio < low:
        return [f"the translation is {ratio:.0%} as long as the English; is something left out?"]
    if ratio > high:
        return [f"the translation is {ratio:.0%} as long as the English; is something added or repeated?"]
    return []


# -- the table -------------------------------------------------------------------------------
CHECKS: tuple[Check, ...] = (
    Check("placeholders-printf", "error", "Copy every %s, %d, %1$s placeholder exactly as in the English; you may move it, not change it.", placeholders_printf),
    Check("placeholders-brace", "error", "Copy every {name} placeholder exactly as in the English; never translate the word inside the braces.", placeholders_brace),
    Check("markdown-links", "error", "Keep every link [text](target): translate the text, copy the target unchanged.", markdown_links),
    Check("markdown-images", "error", "Keep every image ![alt](file): translate the alt text, copy the file name unchanged.", markdown_images),
    Check("markdown-code", "error", "Copy text between `backticks` unchanged; it is code, not prose.", markdown_code),
    Check("markdown-emphasis", "error", "Close every *emphasis* and **bold** you open, with the same marker.", markdown_emphasis),
    Check("xml-tags", "error", "Keep every <tag> of the English, unchanged; only the text between tags is translated.", xml_tags),
    Check("blank", "error", "Write the translation, or leave the entry empty so the English shows.", blank),
    Check("urls", "warning", "Copy web addresses unchanged, unless there is a page in your language at another address.", urls),
    Check("emails", "warning", "Copy e-mail addresses unchanged.", emails),
    Check("numbers", "warning", "Keep the numbers of the English (articles, years, counts); your own digits are fine.", numbers),
    Check("start-whitespace", "warning", "Start the translation with the same spaces or line breaks as the English.", start_whitespace),
    Check("end-whitespace", "warning", "End the translation with the same spaces or line breaks as the English.", end_whitespace),
    Check("line-breaks", "warning", "Keep the line breaks of the English.", line_breaks),
    Check("doubled-words", "warning", "Remove the repeated word, or add '#, ignore-doubled-words' if your language repeats it on purpose.", doubled_words),
    Check("brackets", "warning", "Keep the brackets and parentheses of the English.", brackets),
    Check("end-punctuation", "warning", "End the sentence the way your language ends this kind of sentence (question, statement, list lead-in).", end_punctuation),
    Check("native-punctuation", "warning", "Use your language's own punctuation marks (Arabic ؟ ، ؛, Spanish ¿…? ¡…!).", native_punctuation),
    Check("punctuation-spacing", "warning", "Put a no-break space before ? ! : ; » and after « (French typography).", punctuation_spacing),
    Check("copied-english", "warning", "Translate the text, or add '#, ignore-copied-english' if the English is right here (a name, a title).", copied_english),
    Check("length-ratio", "warning", "Compare with the English: something may be missing or added.", length_ratio),
)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}


# -- running ---------------------------------------------------------------------------------
def check_file(path: Path, language: str, *, disabled: frozenset[str] = frozenset(),
               settings: Mapping | None = None) -> list[Finding]:
    """Every finding in one PO file (any PO file: a course file or a third-party one).

    ``disabled`` check ids are skipped, and so is a check on an entry flagged ``ignore-<id>``;
    ``settings`` are the language's qrl10n.toml settings (``length_ratio``). Raises
    CatalogError when the file cannot be parsed.
    """
    return check_catalog(catalog.load(path), path, language, disabled=disabled, settings=settings)


PO_SUFFIXES = (".po", ".pot")


def check_po_files(paths: Iterable[Path]) -> list[Finding]:
    """Findings of PO files named by hand (a course's or anyone's), each checked in the language
    of its own Language header (a template's is English), with our checks only: no course
    settings, subtitle limits or glossary. Raises CatalogError for a missing or unreadable
    file, or a PO file without a Language header."""
    findings: list[Finding] = []
    for path in paths:
        if not path.is_file():
            raise CatalogError("no such PO file", path=path, fix="Check the path")
        po = catalog.load(path)
        language = (po.metadata.get("Language") or "").strip()
        if not language and path.suffix == ".pot":
            language = "en"
        if not language:
            raise CatalogError("the PO file has no Language header, so its language is unknown", path=path,
                               fix='Add "Language: xx\\n" to its header (Poedit: Catalogue > Properties)')
        findings.extend(check_catalog(po, path, language))
    return findings


def check_catalog(po: catalog.Catalog, path: Path, language: str, *,
                  disabled: frozenset[str] = frozenset(), settings: Mapping | None = None) -> list[Finding]:
    """``check_file`` on a catalog already loaded from ``path``."""
    checks = [c for c in CHECKS if c.id not in disabled]
    info = _info(language)
    base_settings = settings or {}
    forms = _plural_forms(po.metadata.get("Plural-Forms", ""), info)
    lines = _file_lines(path)
    findings: list[Finding] = []
    for entry in catalog.live_entries(po):
        if entry.msgid in CREDITS:
            continue
        comments = _lines(entry.comment)
        context = CheckContext(language, info, frozenset(entry.flags), comments, comments[0] if comments else "",
                               base_settings)
        line = catalog.msgid_line(lines, entry.linenum)
        for sources, text, form_single in _pairs(entry, forms):
            form_context = replace(context, single_number_form=True) if form_single else context
            for check in checks:
                if check.id in ignored_checks(entry):
                    continue
                source, messages = sources[0], check.function(sources[0], text, form_context)
                if messages and len(sources) > 1 and not check.function(sources[1], text, form_context):
                    messages = []  # a form for 1 and other numbers may follow either English
                if messages:
                    severity = draft_severity(check.severity) if catalog.is_fuzzy(entry) else check.severity
                    message = "; ".join(dict.fromkeys(messages))
                    findings.append(Finding(check.id, severity, language, path, line, source, text, message))
    return _unique(findings)


def draft_severity(severity: str) -> str:
    """A fuzzy entry is a draft the build does not use: its findings are at most warnings."""
    return "warning" if severity == "error" else severity


#: msgids that hold the translators' names, not a translation (GNOME, KDE)
CREDITS = frozenset({"translator-credits", "translator_credits", "Your names", "Your emails"})


def _pairs(entry: catalog.Entry, forms: Mapping[int, tuple[int, bool]]) -> list[tuple[tuple[str, ...], str, bool]]:
    """(English texts the form may follow, translation, form used for one number only) for every
    non-empty form. The plural expression decides: a form for n=1 alone follows msgid, a form
    for other numbers msgid_plural, a form for 1 and others (Ukrainian 1, 21, 31…; French 0
    and 1) either. Without a usable expression, form 0 follows msgid."""
    if not entry.msgid_plural:
        return [((entry.msgid,), entry.msgstr, False)] if entry.msgstr else []
    one, many, either = (entry.msgid,), (entry.msgid_plural,), (entry.msgid, entry.msgid_plural)
    pairs = []
    for index, text in sorted(entry.msgstr_plural.items()):
        if not text:
            continue
        if not forms:
            english = either if len(entry.msgstr_plural) == 1 else one if index == 0 else many
            pairs.append((english, text, False))
            continue
        numbers, for_one = forms.get(index, (0, False))
        english = (one if numbers == 1 else either) if for_one else many
        pairs.append((english, text, numbers == 1))
    return pairs


def _plural_forms(plural_forms: str, info: LanguageInfo | None) -> Mapping[int, tuple[int, bool]]:
    """Form -> (how many n in 0..999 use it, whether n=1 does), from the file's Plural-Forms
    header or else the language's rule; empty when neither can be evaluated. A form used for
    exactly one n (Arabic's zero, one and two) may omit the number."""
    match = re.search(r"plural\s*=\s*([^;]+)", plural_forms)
    return _form_use(match.group(1).strip() if match else (info.plural_expr if info else ""))


@functools.cache
def _form_use(expression: str) -> Mapping[int, tuple[int, bool]]:
    if not expression:
        return {}
    import gettext
    try:
        plural = gettext.c2py(expression)
        used = Counter(plural(n) for n in range(1000))
        for_one = plural(1)
    except (ValueError, SyntaxError, ArithmeticError):
        return {}
    return {form: (count, form == for_one) for form, count in used.items()}


def _info(language: str) -> LanguageInfo | None:
    try:
        return language_info(language)
    except ConfigError:
        return None


def _lines(comment: str) -> tuple[str, ...]:
    return tuple(line for line in (comment or "").split("\n") if line)


def _file_lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per (line, check, message): plural forms often repeat the same problem."""
    seen: set[tuple] = set()
    result = []
    for finding in findings:
        key = (finding.path, finding.line, finding.check, finding.message)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result


# -- the course ------------------------------------------------------------------------------
def disabled_checks(project: Project, language: str) -> frozenset[str]:
    """Ids switched off for the course ([checks] disable) and for one language (disable_checks).
    Every id must be one of ``catalogue()``: a misspelt id is an error naming its line."""
    course = project.config.get("checks", {}).get("disable", [])
    own = project.language_settings(language).get("disable_checks", [])
    for where, section, ids in (("[checks] disable", "checks", course),
                                (f"[language.{language}] disable_checks", f"language.{language}", own)):
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ConfigError(f"{where} must be a list of check ids", path=project.config_path,
                              fix='Write it as disable = ["doubled-words"]; see qrl10n check --list')
        unknown = [i for i in ids if not _known_id(i)]
        if unknown:
            raise ConfigError(f"{where} names unknown check {unknown[0]!r}", path=project.config_path,
                              line=_config_line(project.config_path, section, unknown[0]),
                              fix="Use an id from 'qrl10n check --list'")
    return frozenset(course) | frozenset(own)


@functools.cache
def _catalogue_ids() -> frozenset[str]:
    return frozenset(check_id for check_id, _, _ in catalogue())


def _known_id(check_id: str) -> bool:
    """An id of ``catalogue()``. The ids of a stage not installed in this tree (glossary,
    subtitle limits) cannot be known, so there its prefix is enough."""
    ids = _catalogue_ids()
    if check_id in ids:
        return True
    prefix = next((p for p in FOREIGN_PREFIXES if check_id.startswith(p)), None)
    return prefix is not None and not any(i.startswith(prefix) for i in ids)


_TABLE = re.compile(r"\s*\[\[?([^\[\]]+)\]\]?\s*(?:#.*)?$")


def _config_line(path: Path, section: str, check_id: str) -> int | None:
    """The line of qrl10n.toml naming ``check_id`` inside ``[section]`` (a list may span lines)."""
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    quoted = re.compile(r"[\"']" + re.escape(check_id) + r"[\"']")
    table = ""
    for number, text in enumerate(lines, start=1):
        header = _TABLE.match(text)
        if header:
            table = re.sub(r"[\s\"']", "", header.group(1))
        elif table == section and quoted.search(text):
            return number
    return next((number for number, text in enumerate(lines, start=1) if quoted.search(text)), None)


def language_settings(project: Project, language: str) -> dict:
    """The language's qrl10n.toml settings, with ``length_ratio`` checked."""
    settings = project.language_settings(language)
    ratio = settings.get("length_ratio")
    if ratio is not None and not (isinstance(ratio, list) and len(ratio) == 2
                                  and all(isinstance(x, int | float) and x > 0 for x in ratio) and ratio[0] < ratio[1]):
        raise ConfigError(f"[language.{language}] length_ratio must be [lowest, highest]", path=project.config_path,
                          fix="Write it as length_ratio = [0.5, 2.0]: translation length / English length")
    return settings


def check(project: Project, codes: tuple[str, ...] | list[str] = ()) -> list[Finding]:
    """Every finding of the selected languages: our checks, subtitle limits and the glossary,
    sorted by file, line and check.

    Findings are remembered per PO file (cache.FileMemo) while the file, qrl10n.toml, the term
    base and the English subtitles are unchanged: the dashboard and ``status`` ask on every run,
    and re-checking a thousand unchanged entries is what made a one-page change slow.
    """
    from .cache import FileMemo
    languages = project.select_languages(codes)
    disabled = {lang.code: disabled_checks(project, lang.code) for lang in languages}
    settings = {lang.code: language_settings(project, lang.code) for lang in languages}
    glossary = _LazyGlossary(project)
    memo = FileMemo(project.root, "check", key=_inputs_digest(project))
    findings: list[Finding] = []
    try:
        for language, component, path in project.po_files(codes):
            def compute(path: Path, language=language, component=component) -> list[dict]:
                return [_as_record(f) for f in file_findings(project, language, component, path,
                                                              disabled[language.code], settings[language.code],
                                                              glossary)]
            findings.extend(_from_record(r) for r in memo.get(path, compute))
    finally:
        memo.save()
    findings.extend(glossary.source_findings())
    findings.extend(addenda_findings(project, [lang.code for lang in languages]))
    return sorted(_unique(findings), key=_order)


ADDENDA_ADVICE = "Fix the addition under source/<module>/addenda/<lang>/: the build stops on it."


def addenda_findings(project: Project, codes: list[str]) -> list[Finding]:
    """Problems in the per-language additions (unknown language folder, anchor matching no English
    block or several): found here, before the build stops on them."""
    from .addenda import check_addenda
    found = []
    for problem in check_addenda(project):
        parts = problem.path.parts if problem.path else ()
        language = parts[parts.index("addenda") + 1] if "addenda" in parts[:-1] else ""
        if language in codes or language not in {lang.code for lang in project.languages}:
            found.append(Finding("addenda", "error", language, problem.path, problem.line or 1, "", "",
                                 problem.problem + (f"; {problem.fix}" if problem.fix else "")))
    return found


def file_findings(project: Project, language: Language, component: Component, path: Path,
                  off: frozenset[str], settings: Mapping, glossary: _LazyGlossary) -> list[Finding]:
    """The findings of one course PO file: our checks, its subtitle limits, its glossary terms."""
    po = catalog.load(path)
    found = check_catalog(po, path, language.code, disabled=off, settings=settings)
    if component.kind == "videos":
        found.extend(subtitle_findings(project, language, component, po, path, disabled=off))
    found.extend(f for f in glossary.file_findings(language.code, path, po) if f.check not in off)
    return found


class _LazyGlossary:
    """The term base, loaded the first time a file has to be checked against it (not at all when
    every file's findings are remembered, or the glossary stage is not installed)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._loaded: list = []

    def _get(self):
        if not self._loaded:
            try:
                from . import glossary
            except ModuleNotFoundError as exc:
                if exc.name != f"{__package__}.glossary":
                    raise
                glossary = None
            if glossary is None or not self.project.glossary_path.is_file():
                self._loaded.append(None)
            else:
                self._loaded.append((glossary, glossary.load(self.project)))
        return self._loaded[0]

    def file_findings(self, language: str, path: Path, po: catalog.Catalog) -> list[Finding]:
        loaded = self._get()
        return loaded[0].check_file(loaded[1], language, path, po) if loaded else []

    def source_findings(self) -> list[Finding]:
        """Forbidden English terms in the source (once per run, not per language)."""
        loaded = self._get()
        return loaded[0].source_findings(self.project, loaded[1]) if loaded else []


def _inputs_digest(project: Project) -> str:
    """What a PO file's findings depend on besides the file: settings, terms, English subtitles."""
    import hashlib
    h = hashlib.blake2b(digest_size=16)
    paths = [project.config_path, project.glossary_path,
             *(source for component in project.components if component.kind == "videos" for source in component.sources)]
    for path in paths:
        h.update(str(path).encode("utf-8") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()


def _as_record(finding: Finding) -> dict:
    return {"check": finding.check, "severity": finding.severity, "language": finding.language,
            "path": str(finding.path), "line": finding.line, "source": finding.source,
            "translation": finding.translation, "message": finding.message, "extra": finding.extra or {}}


def _from_record(record: dict) -> Finding:
    return Finding(**{**record, "path": Path(record["path"])})


def subtitle_findings(project: Project, language: Language, component: Component, po: catalog.Catalog,
                      path: Path, *, disabled: frozenset[str] = frozenset()) -> list[Finding]:
    """Subtitle limits (line length, lines, reading speed, durations) of one language's videos,
    measured on the cues the build writes and reported on the entry that fills the cue."""
    try:
        from . import subtitle_checks
    except ModuleNotFoundError as exc:  # the subtitle stage is not installed in this tree
        if exc.name != f"{__package__}.subtitle_checks":
            raise
        return []
    from .formats import subtitles
    entries = {catalog.key(e): e for e in catalog.live_entries(po) if catalog.translation(e)}
    table = {key: catalog.translation(e) for key, e in entries.items()}
    lines = _file_lines(path)
    limits = project.subtitle_limits(language.code)
    found: list[Finding] = []
    for source in component.sources:
        relative = source.relative_to(project.root).as_posix()
        text = subtitles.decode(read_input(source, error=SourceError), relative)
        issues = subtitle_checks.check_file(
            text, relative, lambda segment: table.get((segment.context, segment.text), segment.text),
            limits=limits, language=language.code, disabled=disabled)
        for issue in issues:
            owner = next((entries[k] for k in ((s.context, s.text) for s in issue.segments) if k in entries), None)
            if owner is None or issue.rule in ignored_checks(owner):
                continue
            finding = subtitle_checks.to_finding(issue, language=language.code, path=path,
                                                 line=catalog.msgid_line(lines, owner.linenum), source=owner.msgid,
                                                 translation=catalog.translation(owner))
            if catalog.is_fuzzy(owner):
                finding = replace(finding, severity=draft_severity(finding.severity))
            found.append(finding)
    return found


def catalogue() -> list[tuple[str, str, str]]:
    """(id, severity, description) of every check ``check`` runs, ours first, then the
    subtitle limits and the glossary rules when those stages are installed."""
    rows = [(c.id, c.severity, c.description) for c in CHECKS]
    rows.append(("addenda", "error", ADDENDA_ADVICE))
    for module, table in (("subtitle_checks", "RULES"), ("glossary", "RULES")):
        try:
            rules = getattr(__import__(f"{__package__}.{module}", fromlist=[table]), table, {})
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module}":
                raise
            continue
        for rule in (rules.values() if isinstance(rules, Mapping) else rules):
            if all(hasattr(rule, name) for name in ("id", "severity", "description")):
                rows.append((rule.id, rule.severity, rule.description))
    return rows


#: What a translator can do about a subtitle limit (the subtitle stage's rules say what is wrong).
SUBTITLE_ADVICE = {
    "subtitle-line-length": "Say it in fewer words, or put ' | ' where the line should break.",
    "subtitle-lines": "Say it in fewer words so the cue fits on its lines.",
    "subtitle-reading-speed": "Say it in fewer words: viewers cannot read this much while the cue is shown.",
    "subtitle-min-duration": "Nothing to change in the translation: the English timing sets how long a cue shows.",
    "subtitle-max-duration": "Nothing to change in the translation: the English timing sets how long a cue shows.",
}


def advice() -> dict[str, str]:
    """Check id -> the one line telling a translator what to do."""
    return {check_id: SUBTITLE_ADVICE.get(check_id, description) for check_id, _, description in catalogue()}


_CHECK_ORDER = {c.id: n for n, c in enumerate(CHECKS)}


def _order(finding: Finding) -> tuple:
    return (str(finding.path), finding.line, _CHECK_ORDER.get(finding.check, len(CHECKS)),
            finding.check, finding.message)
