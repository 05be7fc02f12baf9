"""Markdown and HTML markup a translation must keep: links, images, inline code, emphasis, tags.

The subset of CommonMark inline syntax the course uses is found with regular expressions, so a
check costs microseconds; ``markup`` parses a string once (English strings repeat in every
language, so it is cached) and the other families read its ``prose`` (the text without markup).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .registry import CheckContext, Rule, entry_rule, multiset_diff
from .toolkit import fails


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
WORD = re.compile(r"[^\W\d_]+")  # a word of letters


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




def markdown_links(source: str, translation: str, context: CheckContext) -> list[str]:
    src, dst = markup(source), markup(translation)
    missing, added = multiset_diff(src.links, dst.links)
    messages = [f"the link to {t} is missing or its target was changed" for t in missing]
    messages += [f"the link to {t} is not in the English" for t in added]
    if dst.empty_link_text and not src.empty_link_text:
        messages.append("a link has no text, so readers cannot see or click it")
    return messages


def markdown_images(source: str, translation: str, context: CheckContext) -> list[str]:
    missing, added = multiset_diff(markup(source).images, markup(translation).images)
    return ([f"the image {t} is missing or its file name was changed" for t in missing]
            + [f"the image {t} is not in the English" for t in added])


def markdown_code(source: str, translation: str, context: CheckContext) -> list[str]:
    missing, added = multiset_diff(markup(source).code, markup(translation).code)
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



def xml_tags(source: str, translation: str, context: CheckContext) -> list[str]:
    if "<" not in source and "<" not in translation:
        return []
    if not fails("xmltags", source, translation, context.language):
        return []
    missing, added = multiset_diff(_tags(markup(source).text), _tags(markup(translation).text))
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


RULES: tuple[Rule, ...] = (
    entry_rule("markdown-links", "error", "Keep every link [text](target): translate the text, copy the target unchanged.",
               markdown_links),
    entry_rule("markdown-images", "error", "Keep every image ![alt](file): translate the alt text, copy the file name unchanged.",
               markdown_images),
    entry_rule("markdown-code", "error", "Copy text between `backticks` unchanged; it is code, not prose.",
               markdown_code),
    entry_rule("markdown-emphasis", "error", "Close every *emphasis* and **bold** you open, with the same marker.",
               markdown_emphasis),
    entry_rule("xml-tags", "error", "Keep every <tag> of the English, unchanged; only the text between tags is translated.",
               xml_tags),
)
