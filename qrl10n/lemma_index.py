"""simplemma's memory-frugal dictionaries, with the index they build on every load remembered.

simplemma's low-memory backend keeps a language's word list as one front-coded stream and, on
every load, walks all its records (millions for Polish) to note where each block of 32 starts:
about a second and a half per language, paid again by every process that meets one word it has
not lemmatized before (a translator's edit, a new paragraph). That index depends only on the
shipped data, so it is kept (one entry per 256 records) in the user's cache folder, per language
and simplemma version, and checked against the data's length and record count when read back.
The process that walks the list keeps simplemma's finer index (one entry per 32 records) for
its own many lookups. Lookups stay simplemma's
own (its DefaultStrategy over this factory), so the lemmas are the same; should simplemma's
internals differ from what this module expects, its own loading is used.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from . import jsontext
from .files import write_if_changed

#: Records per index entry when the list is walked (simplemma's own choice): a lookup decodes at
#: most this many, cheap enough for the thousands of lookups of a first run.
BLOCK = 32
#: Every how many entries are kept on disk: a later process looks up only words its lemma cache
#: has not seen (a few), so it would rather load an index eight times smaller.
KEPT = 8


def lemmatizer(folder: Path) -> Callable[[str, str], str]:
    """``lemmatize(token, simplemma_code)``, as ``simplemma.lemmatize(..., low_memory=True)``."""
    import simplemma
    try:
        from simplemma import Lemmatizer
        from simplemma.strategies import DefaultStrategy
        factory = _factory(folder, getattr(simplemma, "__version__", ""))
    except (ImportError, AttributeError):  # another simplemma: its own loading
        return lambda token, code: simplemma.lemmatize(token, lang=code, low_memory=True)
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)).lemmatize


def _factory(folder: Path, version: str):  # type: ignore[no-untyped-def]
    """A simplemma dictionary factory whose maps read their block index from ``folder``."""
    from simplemma.strategies.dictionaries import frontcode
    from simplemma.strategies.dictionaries.dictionary_factory import _read_decompressed
    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory, StreamMap

    class IndexedStreamMap(StreamMap):
        def __init__(self, lang: str) -> None:  # simplemma's own __init__ walks every record
            path = folder / f"{lang}-{version}.index.json"
            data = _read_decompressed(lang)
            self._data = data
            self._rev, self._count, self._pos = frontcode._read_header(data)
            shape = [len(data), self._count, BLOCK * KEPT]
            try:
                stored = jsontext.load(path.read_bytes())
                if stored["shape"] != shape:
                    raise ValueError("another data file")
                self._firsts = [_bytes(k) for k in stored["firsts"]]
                self._blocks = [(offset, _bytes(k), _bytes(v)) for offset, k, v in stored["blocks"]]
            except (OSError, ValueError, KeyError, TypeError):
                self._firsts, self._blocks = _index(frontcode._iter_records(data, self._pos))
                index = {"shape": shape, "firsts": [_text(k) for k in self._firsts[::KEPT]],
                         "blocks": [[offset, _text(k), _text(v)] for offset, k, v in self._blocks[::KEPT]]}
                try:
                    write_if_changed(path, jsontext.compact(index))
                except OSError:
                    pass  # a read-only home: the next process walks the word list again

    class IndexedFactory(StreamDictionaryFactory):
        def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
            return IndexedStreamMap(lang)

    return IndexedFactory()


def _index(records: Iterable[tuple[int, bytes, bytes]]) -> tuple[list[bytes], list[tuple[int, bytes, bytes]]]:
    """Every BLOCK-th record's key (what a lookup bisects) and where decoding resumes for it:
    its offset and the record before it (front coding stores each key against the previous)."""
    firsts: list[bytes] = []
    blocks: list[tuple[int, bytes, bytes]] = []
    before = (b"", b"")
    for number, (offset, key, value) in enumerate(records):
        if number % BLOCK == 0:
            firsts.append(key)
            blocks.append((offset, *before))
        before = (key, value)
    return firsts, blocks


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _bytes(text: str) -> bytes:
    return base64.b64decode(text)
