"""Markdown and HTML markup a translation must keep: links, images, inline code, emphasis, tags.

Strings are read by qrl10n.formats.inline, the scanner every part of qrl10n shares, so the
check and the machine-translation tag protection can never disagree about what is a link or
emphasis; the other families read its ``prose`` (the text without markup).
"""

from __future__ import annotations

import re

from ..formats import inline
from .registry import CheckContext, Rule, entry_rule, multiset_diff
from .toolkit import fails

# -- Markdown inline structure ---------------------------------------------------------------
#: GNU's old quoting, `name': a backquote closed by an apostrophe (not followed by a letter, so
#: the one in `don't` is not) is a quotation, not the start of a code span.
_OLD_QUOTE = re.compile(r"(?<!`)`([^`'\n]*)'(?![\w`])")
WORD = re.compile(r"[^\W\d_]+")  # a word of letters


def markup(value: str) -> inline.Summary:
    """What the checks compare in one string, as the one inline-Markdown scanner reads it
    (qrl10n.formats.inline, cached there: English strings repeat in every language). GNU's
    old `quoting' of C strings is the checks' own rule: a quotation, not code."""
    if "`" in value and "'" in value:
        value = _OLD_QUOTE.sub(r"'\1'", value)
    return inline.summary(value)


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
