"""Every real-world file in ../shared/corpus goes through the stage that reads it: handled, or
refused with its path, a line where the format has lines, and what to do. Never a traceback.

The tally (handled / refused per format) is printed at the end of the test session.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from qrl10n import catalog, checks, status
from qrl10n.errors import Qrl10nError, SourceError
from qrl10n.files import read_input, read_text
from qrl10n.formats import markdown, subtitles, tbx as termbase

from conftest import report


def read_markdown(path: Path) -> None:
    text = read_text(path, error=SourceError)
    markdown.extract(text, str(path))
    assert markdown.render(text, str(path), lambda segment: segment.text) == text


def read_subtitles(path: Path) -> None:
    subtitles.read(subtitles.decode(read_input(path, error=SourceError), str(path)), str(path))


def read_po(path: Path) -> None:
    po = catalog.load(path)
    status.count_file(path)
    checks.check_catalog(po, path, po.metadata.get("Language", "") or "xx")


def read_tbx(path: Path) -> None:
    termbase.read_tbx(path)


def read_csv(path: Path) -> None:
    termbase.read_csv(path, language="fr")  # a sheet without a header needs its target language


READERS = {".md": read_markdown, ".srt": read_subtitles, ".vtt": read_subtitles, ".po": read_po,
           ".pot": read_po, ".tbx": read_tbx, ".csv": read_csv}
#: Formats whose refusals must name a line (a CSV or TBX problem may concern the whole file).
LINED = {".md", ".srt", ".vtt", ".po", ".pot"}


def test_every_corpus_file_is_handled_or_refused_with_path_line_and_fix(corpus):
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
    assert len(files) > 500
    tally: Counter[str] = Counter()
    refusals = []
    for path in files:
        suffix = path.suffix.lower()
        try:
            READERS[suffix](path)
        except Qrl10nError as error:
            message = str(error)
            assert message.startswith(f"{path}:"), message
            if suffix in LINED:
                assert error.line, f"{message} (no line)"
            assert error.fix, f"{message} (no advice)"
            tally[f"{suffix} refused"] += 1
            refusals.append(message.replace(str(corpus) + "/", ""))
        else:
            tally[f"{suffix} handled"] += 1
    lines = [f"corpus sweep: {len(files)} files"]
    for suffix in sorted(READERS):
        lines.append(f"  {suffix:5} handled {tally[f'{suffix} handled']:4}, refused {tally[f'{suffix} refused']:3}")
    report("corpus-sweep", lines, refusals=refusals)
    # files valid for their format are handled: every refusal is a broken or unsupported file
    assert tally[".md refused"] == 0 and tally[".po handled"] > 140
