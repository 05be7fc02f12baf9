"""Findings remembered per entry, so a re-run checks only the entries that changed.

An entry's findings (our rules and the glossary's) depend on the entry (its texts, flags,
comments, fuzziness, the file's plural rule for plural entries), its language, qrl10n.toml,
the term base and the tool (qrl10n's code, translate-toolkit's and simplemma's versions). The
last four make the ``key`` of a language's memory: when any of them changes, nothing
remembered is used. Stored in the user's cache folder, one file per project and language;
a missing or unreadable memory only costs time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import jsontext
from ..cache import tool_digest
from ..files import write_if_changed
from ..formats.po import catalog

#: Past this many remembered entries per language, only those used in the last run are kept.
MAX_REMEMBERED = 200_000


def inputs_digest(paths: list[Path]) -> str:
    """Digest of the files findings depend on besides the PO file (qrl10n.toml, the term base...)."""
    h = hashlib.blake2b(tool_digest().encode("utf-8"), digest_size=16)
    for path in paths:
        h.update(str(path).encode("utf-8") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()


def entry_key(entry: catalog.Entry, plural_forms: str) -> str:
    """What an entry's findings depend on, as a short digest."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr or "",
             *(f"{k}\0{v}" for k, v in sorted(entry.msgstr_plural.items())),
             "\1".join(sorted(entry.flags)), entry.comment or "", entry.tcomment or "",
             plural_forms if entry.msgid_plural else ""]
    return hashlib.blake2b("\2".join(parts).encode("utf-8"), digest_size=12).hexdigest()


class EntryMemory:
    """One language's remembered entry findings: ``memory.get(key, part, compute)``, where
    ``part`` is "rules" (our entry rules) or "glossary", remembered apart so ``glossary check``
    computes only its own."""

    def __init__(self, folder: Path, project_id: str, language: str, key: str) -> None:
        self.path = folder / f"entries-{language}-{project_id}.json"
        self.key = key
        try:
            data = jsontext.load(self.path.read_bytes())
            known = data["entries"] if data.get("key") == key else {}
        except (OSError, ValueError, KeyError, TypeError):
            known = {}
        self._known: dict[str, dict[str, list[Any]]] = known
        self._used: dict[str, dict[str, list[Any]]] = {}
        self._new = False

    def get(self, key: str, part: str, compute: Callable[[], list[Any]]) -> list[Any]:
        parts = self._used.get(key)
        if parts is None:
            parts = self._used[key] = dict(self._known.get(key, {}))
        value = parts.get(part)
        if value is None:
            value = parts[part] = compute()
            self._new = True
        return value

    def save(self) -> None:
        if not self._new:
            return
        entries = self._used if len(self._known) + len(self._used) > MAX_REMEMBERED else {**self._known, **self._used}
        try:
            write_if_changed(self.path, jsontext.compact({"key": self.key, "entries": entries}))
        except OSError:
            pass  # a read-only home: the next run computes again
