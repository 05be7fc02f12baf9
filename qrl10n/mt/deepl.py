"""DeepL behind the Translator protocol: the only module that imports ``deepl``.

- Key from ``DEEPL_AUTH_KEY``, server from ``DEEPL_SERVER_URL`` when set (a local
  DeepL-compatible server in tests). The key lives only inside the deepl client; every message
  that leaves this module is scrubbed of it.
- Capabilities per language come from DeepL itself: ``/v2/languages?type=target`` (is it a target,
  does it take formality) and ``/v2/glossary-language-pairs``. DeepL's XML tag handling is
  offered for every language of that list. Languages DeepL has only in beta (Armenian, Bosnian,
  Filipino today) are not in the list; ``[language.<code>] deepl_beta = true`` sends them with
  ``enable_beta_languages``, markup masked, no glossary, no formality.
- Glossaries are named ``qrl10n-<lang>-<first 12 hex of sha256(entries)>``: an unchanged glossary
  is found by name and reused, a changed one is created and the stale ``qrl10n-<lang>-*`` deleted.
- 429 and 5xx are retried by the client with exponential backoff (``max_network_retries``);
  403 and 456 become KeyRefused and QuotaExceeded.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import deepl

from .. import __version__
from ..errors import EngineError
from ..languages import LanguageInfo
from . import Capabilities, KeyRefused, MTRequest, MTResult, Quota, QuotaExceeded, scrub
from .markup import IGNORE_TAGS, INLINE_TAGS

KEY_VARIABLE = "DEEPL_AUTH_KEY"
SERVER_VARIABLE = "DEEPL_SERVER_URL"
FREE_SERVER = "https://api-free.deepl.com"
RETRIES = 5
#: Retries of the first call: a key or an address that is wrong stays wrong, so say so soon.
CHECK_RETRIES = 1


class DeepLTranslator:
    """A DeepL account, as the pretranslate stage uses it."""

    name = "deepl"

    def __init__(self, auth_key: str, *, server_url: str | None = None, source_lang: str = "EN",
                 retries: int = RETRIES) -> None:
        if not auth_key:
            raise EngineError(f"{KEY_VARIABLE} is empty", fix=f"Set {KEY_VARIABLE} to your DeepL API key")
        self._retries = retries
        self._own_server = server_url is not None
        self._secrets = (auth_key,)
        self._client = deepl.Translator(auth_key, server_url=server_url or None, send_platform_info=False)
        self._client.set_app_info("qrl10n", __version__)
        self._source = source_lang.upper()
        self._targets: dict[str, deepl.Language] | None = None
        self._glossary_pairs: set[tuple[str, str]] | None = None
        self.server = server_url or self._client.server_url

    @classmethod
    def from_env(cls, source_lang: str = "EN") -> DeepLTranslator:
        key = os.environ.get(KEY_VARIABLE, "").strip()
        if not key:
            raise EngineError(f"{KEY_VARIABLE} is not set",
                              fix=f"Export {KEY_VARIABLE} with your DeepL API key (Account > API keys)")
        return cls(key, server_url=_server_from_env(), source_lang=source_lang)

    def __repr__(self) -> str:  # never the key
        return f"DeepLTranslator(server={self.server!r})"

    # -- languages -----------------------------------------------------------------------
    def capabilities(self, info: LanguageInfo, settings: Mapping) -> Capabilities:
        code = info.deepl_code
        targets = self._target_languages()
        listed = targets.get(code) or targets.get(deepl.Language.remove_regional_variant(code))
        if listed is None:
            if settings.get("deepl_beta"):
                return Capabilities(code, True, beta=True)
            return Capabilities(code, False, reason=(
                f"DeepL does not list {info.english_name} ({code}) among its target languages; "
                f"if DeepL has it in beta, set [language.{info.code}] deepl_beta = true in qrl10n.toml"))
        code = listed.code.upper()
        glossary = (self._source, deepl.Language.remove_regional_variant(code)) in self._glossary_languages()
        return Capabilities(code, True, tags=True, glossary=glossary,
                            formality=bool(listed.supports_formality))

    def _target_languages(self) -> dict[str, deepl.Language]:
        if self._targets is None:
            languages = self._call(self._client.get_target_languages)
            self._targets = {lang.code.upper(): lang for lang in languages}
        return self._targets

    def _glossary_languages(self) -> set[tuple[str, str]]:
        if self._glossary_pairs is None:
            pairs = self._call(self._client.get_glossary_languages)
            self._glossary_pairs = {(p.source_lang.upper(), p.target_lang.upper()) for p in pairs}
        return self._glossary_pairs

    # -- glossaries ----------------------------------------------------------------------
    def sync_glossary(self, lang: str, caps: Capabilities, entries: Mapping[str, str]) -> str | None:
        """The id of a DeepL glossary holding exactly ``entries``; stale ones of ``lang`` deleted."""
        clean = {s.strip(): t.strip() for s, t in entries.items() if _valid_term(s) and _valid_term(t)}
        name = glossary_name(lang, clean) if clean else None
        pattern = re.compile(rf"qrl10n-{re.escape(lang)}-[0-9a-f]{{12}}")
        target = deepl.Language.remove_regional_variant(caps.code)
        keep = None
        for glossary in self._call(self._client.list_glossaries):
            if (glossary.name == name and keep is None and glossary.ready
                    and glossary.source_lang.upper() == self._source and glossary.target_lang.upper() == target):
                keep = glossary.glossary_id
            elif pattern.fullmatch(glossary.name):
                self._call(self._client.delete_glossary, glossary.glossary_id)
        if keep is None and name:
            keep = self._call(self._client.create_glossary, name, self._source, target, clean).glossary_id
        return keep

    # -- translation ---------------------------------------------------------------------
    def translate(self, request: MTRequest) -> MTResult:
        options: dict = {"source_lang": self._source, "target_lang": request.target,
                         "preserve_formatting": True}
        if request.context:
            options["context"] = request.context
        if request.tags:
            options.update(tag_handling="xml", ignore_tags=list(IGNORE_TAGS),
                           non_splitting_tags=list(INLINE_TAGS))
        if request.formality:
            options["formality"] = request.formality
        if request.glossary_id:
            options["glossary"] = request.glossary_id
        if request.beta:
            options["extra_body_parameters"] = {"enable_beta_languages": True}
        results = self._call(self._client.translate_text, list(request.texts), **options)
        if len(results) != len(request.texts):
            raise EngineError(f"DeepL answered {len(results)} translations for {len(request.texts)} texts",
                              fix="Run again; finished entries will not be sent again")
        return MTResult(tuple(r.text for r in results), sum(r.billed_characters or 0 for r in results))

    def quota(self) -> Quota:
        usage = self._call(self._client.get_usage).character
        return Quota(usage.count, usage.limit)

    def check(self) -> Quota:
        """The account's usage, asked once with few retries: proves the key and the server."""
        usage = self._call(self._client.get_usage, retries=min(self._retries, CHECK_RETRIES)).character
        return Quota(usage.count, usage.limit)

    # -- errors --------------------------------------------------------------------------
    def _call(self, function, *args, retries: int | None = None, **kwargs):
        """Call the client; its exceptions become ours, worded for people, without the key."""
        retries = self._retries if retries is None else retries
        deepl.http_client.max_network_retries = retries  # a module global in the client
        try:
            return function(*args, **kwargs)
        except ValueError as exc:  # requests refusing the address before any connection
            raise EngineError(f"cannot use the DeepL address {self.server} ({self._clean(exc)})",
                              fix=self._server_fix()) from None
        except deepl.AuthorizationException:
            raise KeyRefused("DeepL refused the key (403)", fix=f"Check {KEY_VARIABLE}") from None
        except deepl.QuotaExceededException:
            raise QuotaExceeded("DeepL quota exceeded (456)",
                                fix="Wait for the quota to reset or raise it, then run again") from None
        except deepl.TooManyRequestsException:
            raise EngineError(f"DeepL is overloaded (429 after {retries} retries)",
                              fix="Wait a few minutes and run again") from None
        except deepl.ConnectionException as exc:
            raise EngineError(f"cannot reach DeepL at {self.server} ({self._network_reason(exc)})",
                              fix=self._server_fix("Check the network")) from None
        except deepl.DeepLException as exc:
            status = exc.http_status_code
            if status is not None and status >= 500:
                raise EngineError(f"DeepL failed ({status} after {retries} retries)",
                                  fix="Run again later") from None
            if status is None or status == 404:  # no answer at all, or no such endpoint: not DeepL's API
                raise EngineError(f"the server at {self.server} does not answer as DeepL's API "
                                  f"({self._clean(exc)})", fix=self._server_fix()) from None
            raise EngineError(f"DeepL refused the request ({self._clean(exc)})",
                              fix="Check the language settings in qrl10n.toml") from None

    def _server_fix(self, first: str = "") -> str:
        """How to fix an address that does not work: the environment variable that set it."""
        if not self._own_server:
            return first or "Check the network"
        hint = (f"check {SERVER_VARIABLE} (now {self.server}): a DeepL API address such as "
                f"{FREE_SERVER}, or unset it for DeepL's own server")
        return f"{first}, or {hint}" if first else hint[0].upper() + hint[1:]

    def _network_reason(self, exc: Exception) -> str:
        """The operating system's words ("Connection refused") out of the client's long message."""
        found = re.findall(r"\[Errno -?\d+\] ([^'\"()]+)", str(exc))
        return scrub(found[-1].strip(), self._secrets) if found else self._clean(exc)

    def _clean(self, exc: Exception) -> str:
        return scrub(str(exc), self._secrets)[:300]


def _server_from_env() -> str | None:
    """``DEEPL_SERVER_URL``, refused at once when it is not an http(s) address."""
    url = os.environ.get(SERVER_VARIABLE, "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        # reading .port raises ValueError when the port is not a number
        usable = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 1) > 0
    except ValueError:
        usable = False
    if not usable:
        raise EngineError(f"{SERVER_VARIABLE} is {url!r}, which is not an http(s) address",
                          fix=f"Set {SERVER_VARIABLE} to a DeepL API address such as {FREE_SERVER}, "
                              "or unset it for DeepL's own server")
    return url


def glossary_name(lang: str, entries: Mapping[str, str]) -> str:
    """``qrl10n-<lang>-<hash>``: the same entries always give the same name."""
    tsv = "\n".join(f"{s}\t{t}" for s, t in sorted(entries.items()))
    return f"qrl10n-{lang}-{hashlib.sha256(tsv.encode('utf-8')).hexdigest()[:12]}"


def _valid_term(term: str) -> bool:
    try:
        deepl.validate_glossary_term(term.strip())
    except ValueError:
        return False
    return bool(term.strip())
