"""The Markdown adapter: golden segments, byte-exact round trips, pseudo-translation, HTML pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from markdown_it import MarkdownIt

from qrl10n.errors import SourceError
from qrl10n.files import read_text
from qrl10n.formats.markdown import extract, render, to_html
from qrl10n.model import Segment

from conftest import CORPUS

REPO = Path(__file__).resolve().parents[1]
CORPUS_MD = CORPUS / "md"


def identity(segment: Segment) -> str:
    return segment.text


def pseudo(segment: Segment) -> str:
    return "[[" + segment.text + " ~~~]]"


def found(text: str) -> list[tuple[str, str, int]]:
    return [(s.kind, s.text, s.line) for s in extract(text, "page.md")]


# --------------------------------------------------------------------------- golden cases

GOLDEN = [
    ("atx headings, closing hashes",
     "# One\n\n## Two ##\n\n###### Six ######   \n",
     [("heading 1", "One", 1), ("heading 2", "Two", 3), ("heading 6", "Six", 5)]),
    ("setext headings, two lines",
     "First\n=====\n\nSecond part\nof it\n---\n",
     [("heading 1", "First", 1), ("heading 2", "Second part of it", 4)]),
    ("soft wrap joined, prefixes and indentation dropped",
     "  A paragraph that\n   is wrapped\tover\nthree lines.  \n",
     [("paragraph", "A paragraph that is wrapped\tover three lines.", 1)]),
    ("hard breaks become a backslash break",
     "two spaces  \nbackslash\\\nend\n",
     [("paragraph", "two spaces\\\nbackslash\\\nend", 1)]),
    ("inline markup, entities and escapes stay verbatim",
     "A *b* **c** `d|e` [f](g.md \"t\") <span>h</span> &amp; &copy; \\* ![i](j.png)\n",
     [("paragraph",
       "A *b* **c** `d|e` [f](g.md \"t\") <span>h</span> &amp; &copy; \\* ![i](j.png)", 1)]),
    ("bullet and ordered lists, nested, wrapped",
     "- one\n  wrapped\n- two\n  * nested\n    + deeper\n\n1. first\n2) other\n",
     [("list item", "one wrapped", 1), ("list item", "two", 3), ("list item", "nested", 4),
      ("list item", "deeper", 5), ("list item", "first", 7), ("list item", "other", 8)]),
    ("list item with two paragraphs, task boxes",
     "* [ ] task\n\n  more\n  text\n* [x] done\n",
     [("list item", "task", 1), ("list item", "more text", 3), ("list item", "done", 5)]),
    ("block quote, nested, lazy continuation",
     "> quoted\n> text\n>\n> > inner\nlazy line\n",
     [("block quote", "quoted text", 1), ("block quote", "inner lazy line", 4)]),
    ("nested block quote list",
     "> > - item in\n> >   two quotes\n> > - next\n",
     [("list item", "item in two quotes", 1), ("list item", "next", 3)]),
    ("table: header cells, escaped pipe, code, short row, empty cell",
     "| Name | What \\| why |\n|:-----|-----:|\n| `a` | b \\| c |\n| only |\n|  | x |\n",
     [("table cell", "Name", 1), ("table cell", "What \\| why", 1), ("table cell", "`a`", 3),
      ("table cell", "b \\| c", 3), ("table cell", "only", 4), ("table cell", "x", 5)]),
    ("table without outer pipes, extra cells dropped",
     "a | b\n--|--\nc | d | e\n",
     [("table cell", "a", 1), ("table cell", "b", 1),
      ("table cell", "c", 3), ("table cell", "d", 3)]),
    ("image alone is its alt text, linked image too, inline image stays in the paragraph",
     "![An *alt*\ntext](a.png \"t\")\n\n[![Linked](b.png)](c.md)\n\n"
     "See ![x](y.png) here.\n\n![](empty.png)\n",
     [("image alt text", "An *alt* text", 1), ("image alt text", "Linked", 4),
      ("paragraph", "See ![x](y.png) here.", 6)]),
    ("reference definitions: title only, three delimiters, none without a title",
     "[a]: http://x.org \"Title A\"\n[b]: <http://y.org> 'Title B'\n[c]: http://z.org (Title C)\n"
     "[d]: http://w.org\n[e]: http://v.org\n  \"Title\n  E\"\n",
     [("link title", "Title A", 1), ("link title", "Title B", 2), ("link title", "Title C", 3),
      ("link title", "Title E", 5)]),
    ("front matter: title only, other keys skeleton",
     "---\nlayout: page\ntitle: \"Welcome \\\"here\\\"\"\norder: 1\n---\n\n# Page\n",
     [("front matter title", 'Welcome "here"', 3), ("heading 1", "Page", 7)]),
    ("front matter: plain title, its comment dropped",
     "---\ntitle: It's plain # a comment\n---\ntext\n",
     [("front matter title", "It's plain", 2), ("paragraph", "text", 4)]),
    ("front matter: single quotes",
     "---\ntitle: 'It''s quoted'\n---\n",
     [("front matter title", "It's quoted", 2)]),
    ("a first --- followed by a blank line is a thematic break, not front matter",
     "---\n\ntitle: not yaml\n\n---\n",
     [("paragraph", "title: not yaml", 3)]),
    ("code, html and comments are skeleton",
     "```md\n# not a heading\n```\n\n    indented code\n\n"
     "<div>\n<p>html</p>\n</div>\n\n<!-- a comment -->\n",
     []),
    ("empty blocks have no segment",
     "#\n\n-\n\n>\n\n| a |\n|---|\n|   |\n",
     [("table cell", "a", 7)]),
    ("headings keep their kind inside containers",
     "- ## In a list\n\n> # In a quote\n",
     [("heading 2", "In a list", 1), ("heading 1", "In a quote", 3)]),
    ("tabs after markers",
     ">\tquoted\n-\titem\n",
     [("block quote", "quoted", 1), ("list item", "item", 2)]),
    ("CRLF, BOM, no final newline",
     "\ufeff# Title\r\n\r\nline one\r\nline two",
     [("heading 1", "Title", 1), ("paragraph", "line one line two", 3)]),
]


@pytest.mark.parametrize(("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in GOLDEN])
def test_golden_segments(source, expected):
    assert found(source) == expected
    assert render(source, "page.md", identity) == source


NOTES = [
    ("a note on the next block",
     "<!-- i18n: Keep {name} as written. -->\nHello {name}.\n",
     [("Hello {name}.", ("Keep {name} as written.",))]),
    ("several comments stack, a plain comment does not break them",
     "<!-- i18n: one -->\n<!-- not a note -->\n<!--   i18n:   two\n   lines -->\n# Head\n",
     [("Head", ("one", "two lines"))]),
    ("a note reaches every segment of a table",
     "<!-- i18n: cells -->\n| a | b |\n|---|---|\n| c | d |\n\nafter\n",
     [("a", ("cells",)), ("b", ("cells",)), ("c", ("cells",)), ("d", ("cells",)), ("after", ())]),
    ("a blank line between comment and block drops the note",
     "<!-- i18n: lost -->\n\nText\n",
     [("Text", ())]),
    ("notes nest: list note and item note",
     "<!-- i18n: list -->\n- <!-- i18n: item -->\n  first\n- second\n",
     [("first", ("list", "item")), ("second", ("list",))]),
    ("do-not-translate makes the next block skeleton",
     "<!-- i18n: do-not-translate -->\n- x\n- y\n\nz\n\n"
     "<!-- i18n: DO-NOT-TRANSLATE -->\n# Brand\n\nkept\n",
     [("z", ()), ("kept", ())]),
    ("do-not-translate on a reference definition",
     "<!-- i18n: do-not-translate -->\n[a]: http://x \"A\"\n[b]: http://y \"B\"\n",
     [("B", ())]),
]


@pytest.mark.parametrize(("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in NOTES])
def test_author_notes(source, expected):
    assert [(s.text, s.notes) for s in extract(source, "page.md")] == expected


# --------------------------------------------------------------------------- rendering

RENDERED = [
    ("wrapped paragraph becomes one line",
     "Some text\nwrapped here.\n\nNext.\n", {"Some text wrapped here.": "Un texte."},
     "Un texte.\n\nNext.\n"),
    ("quote prefix on the first line and on continuation lines",
     "> quoted\n> text\n", {"quoted text": "uno\ndos"},
     "> uno\n> dos\n"),
    ("list item continuation gets the item's indentation",
     "- item\n  wrapped\n- b\n\n10. ten\n", {"item wrapped": "a\\\nb", "ten": "diez\nmás"},
     "- a\\\n  b\n- b\n\n10. diez\n    más\n"),
    ("nested quote list",
     "> > - item\n> >   two\n", {"item two": "x\ny"},
     "> > - x\n> >   y\n"),
    ("CRLF kept for inserted lines",
     "> a\r\n> b\r\n", {"a b": "c\nd"},
     "> c\r\n> d\r\n"),
    ("table cells replaced inside their row, bare pipes escaped",
     "| a | b |\n|---|---|\n| c | d |\n", {"a": "A | A", "d": "D\nD"},
     "| A \\| A | b |\n|---|---|\n| c | D D |\n"),
    ("heading keeps its hashes, setext its underline",
     "## Title ##\n\nSet\next\n===\n", {"Title": "Título", "Set ext": "Uno"},
     "## Título ##\n\nUno\n===\n"),
    ("task box stays",
     "- [ ] task\n", {"task": "tarea"}, "- [ ] tarea\n"),
    ("image alt text, unpaired bracket escaped",
     "![old alt](a.png)\n", {"old alt": "nuevo ]texto"}, "![nuevo \\]texto](a.png)\n"),
    ("heading text ending in # is escaped",
     "## Title ##\n", {"Title": "C #"}, "## C \\# ##\n"),
    ("a continuation line that would start a block stays in the paragraph",
     "> Some\n> text\n", {"Some text": "Uno\n# dos\n- tres"}, "> Uno\n>     # dos\n>     - tres\n"),
    ("a blank line in a translation is the translator's paragraph break",
     "- item\n", {"item": "uno\n\ndos"}, "- uno\n  \n  dos\n"),
    ("link title escapes its delimiter",
     "[a]: http://x \"Old\"\n", {"Old": 'Say "hi"'}, "[a]: http://x \"Say \\\"hi\\\"\"\n"),
    ("front matter keeps its quoting",
     "---\ntitle: \"Old\"\nx: 1\n---\n", {"Old": 'New "one"'},
     "---\ntitle: \"New \\\"one\\\"\"\nx: 1\n---\n"),
    ("plain front matter title that needs quotes",
     "---\ntitle: Old\n---\n", {"Old": "Key: value"}, "---\ntitle: \"Key: value\"\n---\n"),
    ("a translation that would start another block is escaped (a date in Czech, a dash)",
     "In 2006 it passed.\n\n- In 2006 too.\n\nA note.\n", {"In 2006 it passed.": "2006. přijata.",
     "In 2006 too.": "2006. také.", "A note.": "- poznámka"},
     "2006\\. přijata.\n\n- 2006\\. také.\n\n\\- poznámka\n"),
    ("untranslated blocks keep their bytes",
     "a  \nb\t\n\n-  x\n", {}, "a  \nb\t\n\n-  x\n"),
]


@pytest.mark.parametrize(("source", "table", "expected"),
                         [pytest.param(s, t, e, id=i) for i, s, t, e in RENDERED])
def test_render(source, table, expected):
    assert render(source, "page.md", lambda s: table.get(s.text, s.text)) == expected


EVERYTHING = "---\ntitle: 'All'\n---\n" + "\n".join(
    source.removeprefix("\ufeff")
    for _, source, _ in GOLDEN + NOTES if not source.startswith("---"))


def test_render_gives_translate_the_extracted_segments_in_order():
    seen: list[Segment] = []
    assert render(EVERYTHING, "page.md", lambda s: seen.append(s) or s.text) == EVERYTHING
    assert seen == extract(EVERYTHING, "page.md")
    assert len(seen) > 50 and any(s.notes for s in seen)


@pytest.mark.parametrize(("source", "line", "words"), [
    ("---\ntitle: x\nlayout: page\n\n# Body\n", 1, "never closed"),
    ("---\ntitle: >\n  folded\n---\n", 2, "cannot read"),
    ("---\ntitle: \"open\n  quote\"\n---\n", 2, "cannot read"),
    ("---\ntitle: plain\n  continued\n---\n", 2, "cannot read"),
])
def test_bad_input_raises_source_error(source, line, words):
    with pytest.raises(SourceError) as caught:
        extract(source, "source/m1/01-page.md")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"source/m1/01-page.md:{line}: ")
    assert words in str(caught.value)


# --------------------------------------------------------------------------- real pages

def _pages() -> list:
    corpus = sorted(CORPUS_MD.rglob("*.md")) if CORPUS_MD.is_dir() else []
    course = sorted((REPO / "source").glob("**/*.md")) + sorted((REPO / "tests" / "data").glob("*/*.md"))
    params = [pytest.param(path, id=str(path.relative_to(CORPUS_MD.parent))) for path in corpus]
    params += [pytest.param(path, id=str(path.relative_to(REPO))) for path in course]
    if not corpus:
        params.append(pytest.param(None, id="corpus",
                                   marks=pytest.mark.skip(reason="../shared/corpus is absent")))
    return params


def _decoded(path: Path) -> str:
    """The page as the extract stage reads it; a file that is not UTF-8 must be reported."""
    try:
        return read_text(path, error=SourceError)
    except SourceError as error:
        assert str(path) in str(error) and "not valid UTF-8" in str(error)
        pytest.skip(f"not UTF-8, reported as: {error}")


@pytest.mark.parametrize("path", _pages())
def test_identity_round_trip(path):
    text = _decoded(path)
    assert render(text, str(path), identity) == text


_PLAIN = MarkdownIt("commonmark").enable("table")


def _without_front_matter(text: str) -> str:
    """The page with its YAML front matter blanked out: ``---`` then a ``key:`` line."""
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    opens = len(lines) > 2 and lines[0].rstrip() == "---"
    if opens and re.match(r"\w[\w .-]*:(\s|$)|---|\.\.\.", lines[1]):
        end = next(n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "..."))
        lines[:end + 1] = [""] * (end + 1)
    return "\n".join(lines)


def shape(text: str) -> dict:
    """What translation must not change: headings, list items, tables, links, code."""
    tokens = _PLAIN.parse(_without_front_matter(text))
    tables: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            tables[-1][-1] += 1
    inline = [child for token in tokens for child in token.children or ()]
    return {
        "headings": [token.tag for token in tokens if token.type == "heading_open"],
        "list items": sum(token.type == "list_item_open" for token in tokens),
        "quotes": sum(token.type == "blockquote_open" for token in tokens),
        "tables": tables,
        "hrefs": [child.attrs.get("href") for child in inline if child.type == "link_open"],
        "images": [child.attrs.get("src") for child in inline if child.type == "image"],
        "code": [token.content for token in tokens if token.type in ("fence", "code_block")],
    }


@pytest.mark.parametrize("path", _pages())
def test_pseudo_translation_keeps_structure(path):
    text = _decoded(path)
    translated = render(text, str(path), pseudo)
    assert shape(translated) == shape(text)
    assert len(extract(translated, str(path))) == len(extract(text, str(path)))


_LOOSE = re.compile(r"\\?\s+")
_BOX = re.compile(r"\[[ xX]\]\s+(?=\S)")


def own_view(text: str) -> list[str]:
    """markdown-it's own content of every paragraph, heading and cell, whitespace loosened."""
    tokens = _PLAIN.parse(_without_front_matter(text))
    texts = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.content.strip():
            continue
        children = [child.type for child in token.children or ()]
        if children in (["image"], ["link_open", "image", "link_close"]):
            continue
        content = token.content
        if index > 1 and tokens[index - 2].type == "list_item_open":
            content = _BOX.sub("", content, count=1)
        texts.append(_LOOSE.sub(" ", content))
    return texts


@pytest.mark.parametrize("path", _pages())
def test_msgids_are_the_source_markdown_it_sees(path):
    text = _decoded(path)
    kinds = {"front matter title", "link title", "image alt text"}
    ours = [_LOOSE.sub(" ", s.text.replace("\\|", "|") if s.kind == "table cell" else s.text)
            for s in extract(text, str(path)) if s.kind not in kinds]
    theirs = own_view(text)
    if "i18n: do-not-translate" in text:                # some blocks are skeleton on purpose
        remaining = iter(theirs)
        assert all(any(ours_text == their_text for their_text in remaining) for ours_text in ours)
    else:
        assert ours == theirs


# --------------------------------------------------------------------------- properties

WORDS = st.sampled_from(["rights", "care", "peer", "support", "choice", "dignity", "consent", "a",
                         "to", "*hope*", "**free will**", "`code`", "[link](http://example.org/x)",
                         "[page](02-next.md)", "&amp;", "<b>bold</b>", "don't", "(CRPD)", "café"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=30)


@st.composite
def documents(draw) -> list[tuple]:
    blocks = []
    for kind in draw(st.lists(st.sampled_from(
            ["heading", "paragraph", "bullets", "numbers", "quote", "table", "code", "nested"]),
            min_size=1, max_size=7)):
        if kind == "heading":
            blocks.append((kind, draw(st.integers(1, 6)), draw(SENTENCE)))
        elif kind in ("bullets", "numbers", "nested"):
            blocks.append((kind, draw(st.lists(SENTENCE, min_size=1, max_size=4))))
        elif kind == "table":
            columns = draw(st.integers(1, 4))
            row = st.lists(st.lists(WORDS.filter(lambda w: "`" not in w), min_size=1, max_size=3),
                           min_size=columns, max_size=columns)
            blocks.append((kind, draw(st.lists(row, min_size=2, max_size=4))))
        elif kind == "code":
            blocks.append((kind, draw(st.lists(SENTENCE, min_size=1, max_size=3))))
        else:
            blocks.append((kind, draw(SENTENCE)))
    return blocks


def wrap(words: list[str], width: int, first: str, rest: str) -> list[str]:
    lines, line = [], first + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) > width:
            lines.append(line)
            line = rest + word
        else:
            line += " " + word
    return lines + [line]


def write(blocks: list[tuple], width: int) -> str:
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "heading":
            out.append(["#" * block[1] + " " + " ".join(block[2])])
        elif kind == "paragraph":
            out.append(wrap(block[1], width, "", ""))
        elif kind == "quote":
            out.append(wrap(block[1], width, "> ", "> "))
        elif kind == "bullets":
            out.append([line for item in block[1] for line in wrap(item, width, "- ", "  ")])
        elif kind == "numbers":
            out.append([line for n, item in enumerate(block[1], 1)
                        for line in wrap(item, width, f"{n}. ", " " * len(f"{n}. "))])
        elif kind == "nested":
            out.append([line for depth, item in enumerate(block[1])
                        for line in wrap(item, width, "> " + "  " * depth + "* ",
                                         "> " + "  " * depth + "  ")])
        elif kind == "table":
            rows = ["| " + " | ".join(" ".join(cell) for cell in row) + " |" for row in block[1]]
            out.append([rows[0], "|" + "---|" * len(block[1][0]), *rows[1:]])
        elif kind == "code":
            out.append(["```", *(" ".join(line) for line in block[1]), "```"])
    return "\n\n".join("\n".join(lines) for lines in out) + "\n"


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(documents(), st.integers(20, 100), st.sampled_from(["\n", "\r\n"]), st.booleans(),
       st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=1, max_size=8))
def test_identity_round_trip_property(blocks, width, eol, final, trailing):
    lines = write(blocks, width).split("\n")
    lines = [line + trailing[n % len(trailing)] if line else line for n, line in enumerate(lines)]
    text = eol.join(lines)
    if not final:
        text = text.rstrip("\r\n")
    assert render(text, "page.md", identity) == text


@PROPERTY
@given(documents(), st.integers(20, 60), st.integers(61, 200))
def test_rewrapping_keeps_msgids(blocks, narrow, wide):
    assert [s.text for s in extract(write(blocks, narrow), "page.md")] == \
           [s.text for s in extract(write(blocks, wide), "page.md")]


@PROPERTY
@given(documents(), st.integers(20, 100))
def test_pseudo_translation_property(blocks, width):
    text = write(blocks, width)
    assert shape(render(text, "page.md", pseudo)) == shape(text)


LINE_STARTS = st.sampled_from(["", "> ", ">", "- ", "* ", "1. ", "2) ", "  ", "    ", "\t", "# ",
                                "> > ", "- [ ] ", "| ", "---", "===", "```", "<div>", "\u00a0"])
LINE_BODIES = st.lists(st.sampled_from(
    ["word", " ", "  ", "|", "\\", "*em*", "`c|d`", "![alt](i.png)", "[l](u.md)", "&amp;", "\t",
     "[r]: /x \"T\"", "<!-- i18n: n -->", "<!-- i18n: do-not-translate -->", "title: x", "#"]),
    max_size=6).map("".join)
MESSY = st.lists(st.tuples(LINE_STARTS, LINE_BODIES, st.sampled_from(["\n", "\r\n", "\r"]))
                 .map("".join), max_size=10).map("".join)


@PROPERTY
@given(MESSY)
def test_any_text_round_trips_or_is_reported(text):
    try:
        segments = extract(text, "page.md")
    except SourceError as error:
        assert str(error).startswith("page.md:")
        return
    assert all(s.text and s.text == s.text.strip() and s.line >= 1 for s in segments)
    assert render(text, "page.md", identity) == text
    assert "~~~]]" in render(text, "page.md", pseudo) or not segments


# --------------------------------------------------------------------------- HTML pages

def test_to_html_is_a_complete_page():
    page = to_html("---\ntitle: x\n---\n# Hi\n\n| a |\n|---|\n| b |\n", lang="es", direction="ltr",
                   title="Hola")
    assert page.startswith('<!DOCTYPE html>\n<html lang="es" dir="ltr">')
    assert '<meta charset="utf-8">' in page and 'name="viewport"' in page
    assert "<title>Hola</title>" in page and "<style>" in page
    assert "<h1>Hi</h1>" in page and "<td>b</td>" in page
    assert "title: x" not in page
    assert page == to_html("---\ntitle: x\n---\n# Hi\n\n| a |\n|---|\n| b |\n", lang="es",
                           direction="ltr", title="Hola")


def test_to_html_right_to_left_and_escaped_title():
    page = to_html("نص\n", lang="ar", direction="rtl", title="<script>alert(1)</script> & co")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>" in page
    assert "<script>" not in page


def test_to_html_right_to_left_blocks_take_their_own_direction():
    """An English fallback paragraph in an Arabic page reads left to right (dir="auto")."""
    page = to_html("# عنوان\n\nWhat is it?\n\n- بند\n\n| a |\n|---|\n| b |\n", lang="ar", direction="rtl",
                   title="t")
    assert '<h1 dir="auto">' in page and '<p dir="auto">What is it?</p>' in page
    assert '<li dir="auto">' in page and '<td dir="auto">b</td>' in page
    assert 'dir="auto"' not in to_html("Text\n", lang="es", direction="ltr", title="t")


def test_to_html_rewrites_links_to_sibling_pages():
    page = to_html("[a](02-next.md) [b](../m2/01-x.md#part) [c](https://x.org/r.md) [d](#top)\n\n"
                   "[e][ref]\n\n[ref]: 03-more.md\n", lang="fr", direction="ltr", title="t")
    assert 'href="02-next.html"' in page and 'href="../m2/01-x.html#part"' in page
    assert 'href="https://x.org/r.md"' in page and 'href="#top"' in page
    assert 'href="03-more.html"' in page
