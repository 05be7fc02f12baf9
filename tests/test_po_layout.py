"""Our PO files are laid out exactly as GNU gettext 0.21 lays them out.

For every file we write, ``msgcat`` of it is the same bytes, apart from the flags gettext does
not know (``max-length:N``, ``ignore-<check>``), which msgcat drops. Checked on the course,
on tests/data/po/tricky.po (entries picked to hit every rule of gettext's wrap(): ``](``,
digit-hyphens, URLs, escapes, wide and combining characters, c-format directives, no-wrap,
long references, previous and obsolete strings) and on a sample of the corpus's PO files
after our writer rewrote them. The line-break opportunities are also compared directly
with libunistring's, which gettext uses, when the library is on the machine.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from pathlib import Path

import pytest

from qrl10n.formats.po import catalog
from qrl10n.formats.po.linebreak import MANDATORY, POSSIBLE, possible_breaks
from qrl10n.formats.po.writer import dumps

from conftest import REPO, msgfmt_check

TRICKY = REPO / "tests" / "data" / "po" / "tricky.po"
COURSE_FILES = sorted((REPO / "po").rglob("*.po")) + sorted((REPO / "po").rglob("*.pot"))
#: gettext's flags: the only ones msgcat writes back.
_GETTEXT_FLAG_ENDINGS = ("-format",)
_GETTEXT_FLAGS = ("fuzzy", "wrap", "no-wrap")

needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) is not installed")


def gettext_flags_only(text: str) -> str:
    """``text`` without the flags msgcat does not know (and without a '#,' line left empty)."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("#, "):
            flags = [f for f in line[3:].split(", ")
                     if f in _GETTEXT_FLAGS or f.endswith(_GETTEXT_FLAG_ENDINGS) or f.startswith("range: ")]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        lines.append(line)
    return "\n".join(lines)


def msgcat(text: str) -> str:
    done = subprocess.run(["msgcat", "-"], input=text.encode("utf-8"), capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


@needs_gettext
@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_course_file_is_its_own_msgcat(path):
    text = path.read_text("utf-8")
    assert msgcat(text) == gettext_flags_only(text)
    assert dumps(catalog.load(path)) == text  # and our writer writes it back unchanged
    if path.suffix == ".po":
        msgfmt_check(path)


@needs_gettext
def test_tricky_entries_are_laid_out_as_msgcat_lays_them_out():
    text = TRICKY.read_text("utf-8")
    assert dumps(catalog.load(TRICKY)) == text
    assert msgcat(text) == gettext_flags_only(text)
    msgfmt_check(TRICKY)


@needs_gettext
def test_a_file_in_another_layout_comes_back_in_gettexts(tmp_path):
    """The tricky file as polib lays it out (textwrap at 78 columns), read and written by us."""
    import polib
    polib_path = tmp_path / "polib.po"
    polib.pofile(str(TRICKY)).save(str(polib_path))
    assert polib_path.read_text("utf-8") != TRICKY.read_text("utf-8")
    ours, theirs = catalog.load(TRICKY), catalog.load(polib_path)
    for po in (ours, theirs):  # polib drops the '#~|' lines of obsolete entries
        po[:] = [e for e in po if not e.obsolete]
    assert dumps(theirs) == dumps(ours)


def _corpus_sample(corpus: Path) -> list[Path]:
    """Every PO/POT of the corpus that msgcat accepts as it is (a header with a charset)."""
    files = sorted(p for p in (corpus / "po").rglob("*") if p.suffix in (".po", ".pot"))
    return [p for p in files if subprocess.run(["msgcat", "-o", "/dev/null", str(p)], capture_output=True).returncode == 0]


@needs_gettext
def test_corpus_files_rewritten_by_us_are_their_own_msgcat(corpus, tmp_path):
    sample = _corpus_sample(corpus)
    assert len(sample) > 40
    mismatched = []
    for path in sample:
        try:
            po = catalog.load(path)
        except Exception:  # a file the corpus keeps to test readers' errors
            continue
        if po.metadata_is_fuzzy and not len(po):
            continue  # msgcat writes nothing for a header-only fuzzy file
        text = dumps(po)
        if msgcat(text) != gettext_flags_only(text):
            mismatched.append(path.relative_to(corpus).as_posix())
        out = tmp_path / "out.po"
        out.write_text(text, "utf-8")
        if path.suffix == ".po" and _msgfmt_accepts(path):
            msgfmt_check(out)
    assert mismatched == []


def _msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


# -- the break opportunities themselves, against libunistring ----------------------------------
def _libunistring():
    name = ctypes.util.find_library("unistring")
    if name is None:
        pytest.skip("libunistring (which gettext uses for line breaking) is not installed")
    library = ctypes.CDLL(name)
    function = library.u8_possible_linebreaks
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]
    return function


def _theirs(function, text: str) -> list[str]:
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data))
    function(data, len(data), b"UTF-8", out)
    marks, offset = [], 0
    for char in text:
        marks.append(out.raw[offset])
        offset += len(char.encode("utf-8"))
    # libunistring 1.0: 1 prohibited, 2 possible, 3 mandatory
    return ["possible" if m == 2 else "mandatory" if m == 3 else "no" for m in marks]


def _ours(text: str) -> list[str]:
    return ["possible" if m == POSSIBLE else "mandatory" if m == MANDATORY else "no" for m in possible_breaks(text)]


def test_break_opportunities_agree_with_libunistring_on_every_string_of_the_course():
    function = _libunistring()
    strings = set()
    for path in [*COURSE_FILES, TRICKY]:
        for entry in catalog.load(path):
            strings.update((entry.msgid, entry.msgstr, *entry.msgstr_plural.values()))
    disagree = [s for s in strings if s and _ours(s) != _theirs(function, s)]
    assert disagree == []


def test_break_opportunities_agree_with_libunistring_between_any_two_classes():
    """One character of every Line_Break class next to one of every other, with and without a space."""
    from qrl10n.formats.po.linebreak_table import CLASSES, STARTS
    function = _libunistring()
    samples: dict[str, str] = {}
    for start, name in zip(STARTS, CLASSES):
        if start > 32 and name not in samples and name != "SG":  # surrogates are no characters
            samples[name] = chr(start)
    pairs = [a + b for a in samples.values() for b in samples.values()]
    pairs += [a + " " + b for a in samples.values() for b in samples.values()]
    disagree = [p for p in pairs if _ours(p) != _theirs(function, p)]
    assert disagree == []
