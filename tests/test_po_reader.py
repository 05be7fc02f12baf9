"""The one PO reader: every path that reads a PO file reads it the same way.

catalog (polib objects: check, glossary, pretranslate, xliff, tm, build), scan (status'
counts, the dashboard's lists) and history (status over git history) all go through
formats/po/reader and strings.unescape; the escapes that used to be read two ways are fed to
each of them here, and checked against gettext where gettext accepts them.
"""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest

from qrl10n import status
from qrl10n.errors import CatalogError
from qrl10n.formats.po import catalog, scan
from qrl10n.formats.po.comments import ignored_checks, unwrap_owned

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
#: (as written between the quotes, as text)
ESCAPES = [
    ("a\\qb\\'c", "aqb'c"),  # gettext refuses these; we read the character itself, everywhere
    ('say \\"hi\\"', 'say "hi"'),
    ("two \\\\n chars", "two \\n chars"),
    ("line\\nbreak\\ttab", "line\nbreak\ttab"),
    ("octal \\101\\060x and hex \\x41\\x4a", "octal A0x and hex AJ"),
    ("lone backslash at the end\\", "lone backslash at the end\\"),
]
GETTEXT_ACCEPTS = ESCAPES[1:5]


def po_text(pairs) -> str:
    return HEADER + "".join(f'msgctxt "{i}"\nmsgid "{raw}"\nmsgstr "{raw}"\n\n' for i, (raw, _) in enumerate(pairs))


def test_every_reading_path_unescapes_alike():
    text = po_text(ESCAPES)
    expected = [text_ for _, text_ in ESCAPES]
    entries = list(catalog.live_entries(catalog.loads(text)))
    assert [e.msgstr for e in entries] == expected
    assert [e.msgid for e in entries] == expected
    units = scan.units(text)
    assert [u.translation for u in units] == expected
    assert [u.source for u in units] == [e.msgid for e in entries]
    _, words = status.count_text(text)
    assert words.translated == sum(status.count_words(e.msgid) for e in entries)


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) is not installed")
def test_escapes_read_as_gettext_reads_them():
    """msgcat re-escapes what it read; reading its output gives what we read from the input."""
    text = po_text(GETTEXT_ACCEPTS)
    done = subprocess.run(["msgcat", "-"], input=text.encode(), capture_output=True, check=True)
    theirs = [e.msgstr for e in catalog.live_entries(catalog.loads(done.stdout.decode()))]
    assert theirs == [t for _, t in GETTEXT_ACCEPTS]
    assert catalog.dumps(catalog.loads(text)) == done.stdout.decode()


def test_comments_and_entries_as_editors_write_them():
    text = HEADER + (
        "# translator line one\n#\n#  indented\n#. glossary: legal capacity = zdolność prawna (also:\n"
        "#. podmiotowość prawna)\n#: a.md:1 b.md\n#, fuzzy, max-length:40\n"
        '#| msgctxt "old ctx"\n#| msgid "old"\n#| "er"\nmsgctxt "ctx"\nmsgid ""\n"new"\n"er"\n'
        'msgid_plural "newers"\nmsgstr[0] "a"\nmsgstr[1] ""\n"b"\n\n'
        '#~ # obsolete note\n#~| msgid "gone before"\n#~ msgid "gone"\n#~ msgstr ""\n#~ "was"\n')
    po = catalog.loads(text)
    live, gone = list(po)
    assert live.tcomment == "translator line one\n\n indented"
    assert live.comment.split("\n") == ["glossary: legal capacity = zdolność prawna (also:", "podmiotowość prawna)"]
    assert live.occurrences == [("a.md", "1"), ("b.md", "")]
    assert live.flags == ["fuzzy", "max-length:40"]
    assert (live.previous_msgctxt, live.previous_msgid) == ("old ctx", "older")
    assert (live.msgctxt, live.msgid, live.msgid_plural, live.msgstr_plural) == ("ctx", "newer", "newers", {0: "a", 1: "b"})
    assert gone.obsolete
    assert (gone.msgid, gone.msgstr, gone.previous_msgid, gone.tcomment) == ("gone", "was", "gone before", "obsolete note")
    assert [(u.source, u.state) for u in scan.units(text)] == [("newer", "fuzzy")]
    # polib, the object model, reads the same file the same way
    theirs = polib.pofile(text)
    assert [(e.msgid, e.msgstr_plural, e.comment, e.flags) for e in theirs] == [
        (e.msgid, e.msgstr_plural, e.comment, e.flags) for e in po]


@pytest.mark.parametrize("body, line, problem", [
    ('msgid "a"\nmsgstr "b"\n<<<<<<< HEAD\n', 6, "not PO syntax"),
    ('msgid "a"\n"continued"\nmsgstr "b"\nmsgstr "c"\n', 7, "a second msgstr"),
    ('#. note\nmsgstr "b"\n', 5, "msgstr without its msgid"),
    ('msgid "a"\n', 4, "msgid without a msgstr"),
    ('msgid "a\nmsgstr "b"\n', 4, "double quote"),
])
def test_a_broken_file_is_refused_with_its_line(tmp_path, body, line, problem):
    path = tmp_path / "broken.po"
    path.write_text(HEADER + body, "utf-8")
    for read in (catalog.load, lambda p: list(scan.live(catalog.read_po_text(p), p))):
        with pytest.raises(CatalogError) as caught:
            read(path)
        assert caught.value.line == line and problem in caught.value.problem and caught.value.path == path


def test_a_suppression_reads_from_a_translator_comment_or_a_flag():
    entry = catalog.new_entry(msgid="x", msgstr="y", flags=["ignore-doubled-words"],
                              tcomment="keep this\nqrl10n: ignore copied-english, punctuation-end")
    assert ignored_checks(entry) == {"doubled-words", "copied-english", "punctuation-end"}
    assert ignored_checks(catalog.new_entry(msgid="x", tcomment="qrl10n is great")) == frozenset()


def test_a_hint_an_editor_wrapped_is_joined_back():
    lines = ["paragraph", "glossary: legal capacity = zdolność prawna (also:", "podmiotowość prawna)",
             "glossary: peer = rówieśnik"]
    assert unwrap_owned(lines, ("glossary:",), known=["paragraph"]) == [
        "paragraph", "glossary: legal capacity = zdolność prawna (also: podmiotowość prawna)", "glossary: peer = rówieśnik"]
