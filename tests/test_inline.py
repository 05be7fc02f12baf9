"""The one inline-Markdown scanner, and every caller reading a string the same way through it."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from qrl10n import align, checks, status
from qrl10n.formats import inline
from qrl10n.mt import markup as mt

#: (text, emphasis spans, strong spans): the cases where a hand-written recogniser goes wrong.
TRICKY = [
    ("plain words", 0, 0),
    ("*em* and **strong**", 1, 1),
    ("***both***", 1, 1),
    ("*a **b** c*", 1, 1),
    ("*foo**bar**baz*", 1, 1),
    ("**a*", 1, 0),
    ("*--bytes**", 1, 0),
    ("snake_case_name and C_alculate", 0, 0),
    ("_Oblicz_ teraz", 1, 0),
    ("_Oblicz teraz", 0, 0),
    ("Kali (*)", 0, 0),
    ("a * b * c", 0, 0),
    (r"\*not emphasis\*", 0, 0),
    (r"\\*emphasis after an escaped backslash*", 1, 0),
    (r"a\qb\'c *x*", 1, 0),
    ("`*code*` is not *emphasis*", 1, 0),
    ("[**bold link**](https://example.org/a_b_c) *x", 0, 1),
    ("*a [link* text](https://example.org)", 0, 0),
    ("<span title='*x*'>y</span> __z__", 0, 1),
    ("see https://example.org/*a*/ now", 0, 0),
    ("{name_with_underscores} and %(count_of_it)d", 0, 0),
]

_md = MarkdownIt("commonmark")


def _emphasis(text: str) -> tuple[int, int]:
    found = [n for n in inline.walk(inline.parse(text)) if isinstance(n, inline.Emphasis)]
    return sum(not n.strong for n in found), sum(n.strong for n in found)


@pytest.mark.parametrize(("text", "em", "strong"), TRICKY)
def test_the_scanner_pairs_emphasis_as_commonmark_does(text: str, em: int, strong: int) -> None:
    assert _emphasis(text) == (em, strong)
    if "http" not in text and "{" not in text:  # bare URLs and placeholders are ours, not CommonMark's
        tokens = _md.parseInline(text)[0].children or []
        assert (sum(t.type == "em_open" for t in tokens), sum(t.type == "strong_open" for t in tokens)) == (em, strong)


@pytest.mark.parametrize(("text", "em", "strong"), TRICKY)
def test_every_caller_sees_the_same_markup(text: str, em: int, strong: int) -> None:
    """Machine translation, import alignment and word counts agree with the scanner."""
    sent = mt.protect(text, tags=True)
    assert (sent.text.count("<i "), sent.text.count("<b ")) == (em, strong)
    masked = mt.protect(text, tags=False)
    assert sum(1 for kind in masked.pieces if kind[1].strip("*_") == "") >= 2 * (em + strong)
    assert align.markup(text)[0] == 2 * strong
    if "http" not in text and "{" not in text:
        tokens = _md.parseInline(text)[0].children or []
        shown = "".join(t.content if t.type in ("text", "code_inline") else "" if t.type.startswith(("em_", "strong_"))
                        else " " for t in tokens)
        assert status.count_words(text) == len(re.findall(r"\w+(?:[-'’]\w+)*", re.sub(r"[*_#>|]", " ", shown)))


@pytest.mark.parametrize(("text", "em", "strong"), [case for case in TRICKY if "[" not in case[0]])
def test_the_markup_check_sees_the_same_emphasis(text: str, em: int, strong: int) -> None:
    assert sum(checks.markup.markup(text).emphasis) == em + strong


@pytest.mark.parametrize("text", [t for t, _, _ in TRICKY] + ["[x][ref] ![i](a.png \"t\") [^1] <a@b.org> &amp;\nz"])
def test_nothing_is_lost(text: str) -> None:
    assert "".join(n.raw for n in inline.parse(text)) == text
    assert mt.restore(mt.protect(text, tags=True), mt.protect(text, tags=True).text).text == text.strip()


def test_links_carry_destination_title_and_reference() -> None:
    nodes = inline.parse('[a](<https://x.org/a b> "T") ![i](p.png) [c][Ref] [^2] <https://y.org>')
    links = [n for n in nodes if isinstance(n, inline.Link)]
    assert [(n.kind, n.destination, n.title, n.reference) for n in links] == [
        ("link", "https://x.org/a b", "T", ""), ("image", "p.png", "", ""), ("link", "", "", "ref"),
        ("footnote", "", "", "")]
    assert inline.link_targets("[a](u1) <https://y.org> see http://z.org.") == ("u1", "https://y.org", "http://z.org")


def test_unpaired_markers_are_counted() -> None:
    assert inline.emphasis_counts("_Oblicz and Kali (*)") == ((0, 0), (1, 1))
    assert inline.emphasis_counts("snake_case") == ((0, 0), (0, 0))


def test_code_content_as_commonmark_shows_it() -> None:
    code = [n for n in inline.parse("`` `x` `` and `y`") if isinstance(n, inline.Code)]
    assert [c.content for c in code] == ["`x`", "y"]


def test_summary_gives_what_the_checks_compare() -> None:
    found = inline.summary("See [the *CRPD*](https://un.org/crpd \"T\"), [GC 1][gc1], ![logo](a.png), "
                           "`code` and <https://who.int> at https://x.org/a_b. _Oblicz")
    assert found.code == ("code",) and found.images == ("a.png",)
    assert found.links == ("https://un.org/crpd", "[gc1]", "https://who.int")
    assert found.emphasis == (1, 0) and found.stray == (0, 1) and not found.empty_link_text
    assert found.text.startswith("See the *CRPD*, GC 1, logo,   and   at https://x.org/a_b. _Oblicz")
    assert "https" not in found.prose and "*" not in found.prose and "_Oblicz" not in found.prose
    assert inline.summary("[ ](https://x.org)").empty_link_text


def test_summary_reads_every_string_of_the_course_as_the_markup_check_does() -> None:
    """Every msgid and msgstr of the course's PO files: the scanner's summary equals what the
    QA check's own recogniser finds, so the check can move onto it without a changed finding.
    (GNU's old `quoting' of C strings stays the check's own rule; the course has none.)"""
    import polib

    from conftest import REPO

    strings = {text for path in sorted((REPO / "po").rglob("*.po")) for entry in polib.pofile(str(path))
               for text in (entry.msgid, entry.msgstr) if text}
    assert len(strings) > 1000
    fields = ("code", "links", "images", "empty_link_text", "emphasis", "stray", "text", "prose")
    for text in strings:
        ours, theirs = inline.summary(text), checks.markup.markup(text)
        assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields], text
