"""Machine translation behind one small protocol, so the stage never sees an engine's client.

``pretranslate`` plans ``MTRequest`` objects (texts already protected by ``mt.markup``) and
hands them to a ``Translator``; the engine answers with translated texts and the characters
it billed. Only ``mt/deepl.py`` imports the ``deepl`` package. Engine failures become
EngineError subclasses here, so the stage can tell "the key was refused" (stop, nothing more
can be done) from "the quota ran out" (stop, keep what was done, say how to continue).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..errors import EngineError
from ..languages import LanguageInfo


class QuotaExceeded(EngineError):
    """The engine's character quota for this billing period is used up (DeepL: HTTP 456)."""


class KeyRefused(EngineError):
    """The engine refused the authentication key (DeepL: HTTP 403)."""


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the engine offers for one target language.

    ``code`` is the engine's target code ("TL" for our ``fil``); ``supported`` False means the
    language is skipped, ``reason`` says why. ``tags``: XML tag handling (Markdown inline markup
    travels as tags); without it, markup is masked with placeholders. ``glossary``: a glossary
    for English -> this language can be attached. ``beta``: the engine lists the language only
    as a beta language (requests must say so).
    """

    code: str
    supported: bool
    tags: bool = False
    glossary: bool = False
    formality: bool = False
    beta: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MTRequest:
    """One request: up to 50 texts of one PO file, in file order, with their shared context."""

    target: str
    texts: tuple[str, ...]
    context: str | None = None
    tags: bool = False
    formality: str | None = None
    beta: bool = False
    glossary_id: str | None = None

    @property
    def characters(self) -> int:
        """Characters the engine bills: every character of ``texts`` (context is free)."""
        return sum(len(text) for text in self.texts)


@dataclass(frozen=True, slots=True)
class MTResult:
    texts: tuple[str, ...]
    billed: int


@dataclass(frozen=True, slots=True)
class Quota:
    """Characters used and allowed this billing period (None when the account has no limit)."""

    used: int | None
    limit: int | None

    @property
    def remaining(self) -> int | None:
        if self.used is None or self.limit is None:
            return None
        return max(self.limit - self.used, 0)


class Translator(Protocol):
    """A machine-translation engine as the pretranslate stage uses it."""

    name: str

    def capabilities(self, info: LanguageInfo, settings: Mapping) -> Capabilities:
        """What the engine can do for this language (reads the engine's language lists once)."""
        ...

    def sync_glossary(self, lang: str, caps: Capabilities, entries: Mapping[str, str]) -> str | None:
        """Make sure the engine holds exactly ``entries`` for ``lang``; return the glossary id."""
        ...

    def translate(self, request: MTRequest) -> MTResult:
        """Translate every text of ``request``, in order."""
        ...

    def quota(self) -> Quota:
        ...

    def check(self) -> Quota:
        """One cheap call that proves the key and the server work (the stage calls it before
        writing anything); the account's quota as a bonus."""
        ...


def formality_option(value: object) -> str | None:
    """``[language.<code>] formality`` -> a ``prefer_*`` value, which never fails a request.

    "less"/"informal" -> "prefer_less", "more"/"formal" -> "prefer_more", unset/"default" -> None.
    Raises ValueError for anything else (the caller knows the file and line).
    """
    if value is None or value == "default":
        return None
    text = str(value).lower().removeprefix("prefer_")
    mapping = {"less": "prefer_less", "informal": "prefer_less", "more": "prefer_more", "formal": "prefer_more"}
    if text not in mapping:
        raise ValueError(value)
    return mapping[text]


def scrub(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every secret replaced by ``***``: engine messages never carry the key."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text
