"""What a language writes onto a word, read from the table in morphology.toml, as stems.

Principles:

- The table is data a linguist reads and extends: per language, slots of prefixes (clitics)
  and of endings (plural, case, postpositions, particles), stem changes before an ending,
  word-final alternations, and a linker word. No language is special-cased in code.
- ``stems(word)`` is the word itself and every form left when listed prefixes and endings are
  taken off (one item per slot, slots in order, changes undone), each at least ``min_stem``
  letters long. Two words whose stems meet are forms of one word: only inflection is listed,
  so "iyi" (good) and "iyileşme" (recovery) never meet.
- Lookups are memoized per distinct word (the course vocabulary repeats).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError

TABLE = Path(__file__).with_name("morphology.toml")
_KEYS = frozenset({"prefixes", "endings", "stem_changes", "final_changes", "linker", "min_stem"})


@dataclass(frozen=True, slots=True)
class Linker:
    """A word that links two words of a term ("na"), and the endings that stand for it ("-ng")."""

    word: str
    endings: tuple[str, ...]
    either_order: bool = False


@dataclass(frozen=True, slots=True)
class Morphology:
    """One language's section of the table, its entries normalized like text tokens."""

    lang: str
    prefixes: tuple[tuple[str, ...], ...] = ()
    endings: tuple[tuple[str, ...], ...] = ()
    stem_changes: tuple[tuple[str, str], ...] = ()
    final_changes: tuple[tuple[str, str], ...] = ()
    linker: Linker | None = None
    min_stem: int = 3
    _memo: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def stems(self, word: str) -> frozenset[str]:
        """``word`` and every stem it reduces to by the table."""
        found = self._memo.get(word)
        if found is None:
            found = self._memo[word] = frozenset(self._stems(word))
        return found

    def _stems(self, word: str) -> set[str]:
        found = {word}
        for body in self.unprefixed(word):
            for stem, ended in self._unended(body):
                candidates = {stem}
                if ended:
                    candidates |= {stem[: len(stem) - len(written)] + term for term, written in self.stem_changes
                                   if stem.endswith(written)}
                candidates |= {c[: len(c) - len(written)] + term for c in tuple(candidates)
                               for term, written in self.final_changes if c.endswith(written)}
                found |= {c for c in candidates if len(c) >= self.min_stem}
        return found

    def unprefixed(self, word: str) -> set[str]:
        """``word`` and what is left of it without listed prefixes."""
        forms = {word}
        for slot in self.prefixes:
            forms |= {f[len(p):] for f in forms for p in slot
                      if f.startswith(p) and len(f) - len(p) >= self.min_stem}
        return forms

    def _unended(self, word: str) -> set[tuple[str, bool]]:
        forms = {(word, False)}
        for slot in reversed(self.endings):
            forms |= {(f[: len(f) - len(e)], True) for f, _ in forms for e in slot
                      if f.endswith(e) and len(f) - len(e) >= self.min_stem}
        return forms


def for_language(lang: str, normalize: Callable[[str], str]) -> Morphology | None:
    """The table's section for ``lang`` (its base code), entries passed through ``normalize``;
    None when the table has none. ConfigError names the key a slip in the table is in."""
    entry = _table().get(lang)
    if entry is None:
        return None
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ConfigError(f"unknown key [{lang}] {unknown[0]}", path=TABLE,
                          fix=f"Use only {', '.join(sorted(_KEYS))} (the table's head explains them)")
    try:
        slots = lambda name: tuple(tuple(normalize(s) for s in slot) for slot in entry.get(name, ()))  # noqa: E731
        pairs = lambda name: tuple((normalize(a), normalize(b)) for a, b in entry.get(name, ()))  # noqa: E731
        linker = entry.get("linker")
        return Morphology(lang, slots("prefixes"), slots("endings"), pairs("stem_changes"), pairs("final_changes"),
                          Linker(normalize(linker["word"]), tuple(normalize(e) for e in linker["endings"]),
                                 bool(linker.get("either_order", False)))
                          if linker else None, int(entry.get("min_stem", 3)))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise ConfigError(f"[{lang}] is not in the table's shape ({exc})", path=TABLE,
                          fix="Slots are lists of lists of strings, changes lists of [term, written] pairs") from exc


@lru_cache(maxsize=1)
def _table() -> dict:
    with TABLE.open("rb") as handle:
        return tomllib.load(handle)
