"""A local DeepL-compatible HTTP server, so tests run the real ``deepl`` client end to end.

Standard library only: ``http.server`` in a thread on 127.0.0.1, a random port. It answers the
endpoints deepl-python 1.x calls for text translation (``/v2/translate``, ``/v2/usage``,
``/v2/languages``, ``/v2/glossary-language-pairs``, ``/v2/glossaries`` with ``/{id}`` and
``/{id}/entries``), in JSON or form bodies, and checks what the real API checks that matters
here: the ``Authorization: DeepL-Auth-Key`` header (403), the target language (400; beta
languages only with ``enable_beta_languages``), well-formed XML under ``tag_handling=xml``,
``less``/``more`` formality only where supported, the glossary's languages, the character
quota (456) and the request size (413 over 128 KiB). It is stricter than DeepL in one way:
more than 50 texts in a request is a 400, to catch batching mistakes.

A translation is ``"[<TARGET>] " + text`` with glossary terms replaced, so tags, placeholders
and tokens come back untouched and billing is ``len(text)`` per text, as DeepL counts.
Test controls: ``fail(n, status)`` makes the n-th translate request answer 429, 456, 500 or
403; ``delay`` (seconds, or a function of n) slows translate answers down; ``hold(n)`` keeps
the n-th one waiting until ``release()`` (to kill a client mid-request); ``mangle`` (a function
of the translated text) plays an engine that damages markup; ``requests`` and
``translations`` record everything that arrived (``translations``: answered 200 only).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

#: /v2/languages?type=target as DeepL answers it today (code, name, supports_formality).
TARGET_LANGUAGES = [
    ("AR", "Arabic", False), ("BG", "Bulgarian", False), ("CS", "Czech", False), ("DA", "Danish", False),
    ("DE", "German", True), ("EL", "Greek", False), ("EN-GB", "English (British)", False),
    ("EN-US", "English (American)", False), ("ES", "Spanish", True), ("ET", "Estonian", False),
    ("FI", "Finnish", False), ("FR", "French", True), ("HU", "Hungarian", False),
    ("ID", "Indonesian", False), ("IT", "Italian", True), ("JA", "Japanese", True), ("KO", "Korean", False),
    ("LT", "Lithuanian", False), ("LV", "Latvian", False), ("NB", "Norwegian Bokmål", False),
    ("NL", "Dutch", True), ("PL", "Polish", True), ("PT-BR", "Portuguese (Brazilian)", True),
    ("PT-PT", "Portuguese (European)", True), ("RO", "Romanian", False), ("RU", "Russian", True),
    ("SK", "Slovak", False), ("SL", "Slovenian", False), ("SV", "Swedish", False), ("TR", "Turkish", False),
    ("UK", "Ukrainian", False), ("ZH", "Chinese (simplified)", False), ("ZH-HANS", "Chinese (simplified)", False),
    ("ZH-HANT", "Chinese (traditional)", False),
]
#: Some of the languages DeepL offers only in beta (text only, not in /v2/languages).
BETA_LANGUAGES = {"AF", "BN", "BS", "HR", "HY", "KA", "NE", "SQ", "SR", "SW", "TL"}
#: Languages that can be a glossary's source or target (/v2/glossary-language-pairs).
GLOSSARY_LANGUAGES = ["ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hu", "id", "it",
                      "ja", "ko", "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr",
                      "uk", "vi", "zh"]
MAX_BODY = 128 * 1024
MAX_TEXTS = 50
MESSAGES = {403: "Authorization failure", 429: "Too many requests", 456: "Quota exceeded",
            500: "Internal server error", 503: "Service unavailable"}


@dataclass
class Call:
    method: str
    path: str
    status: int
    body: dict


@dataclass
class Translation:
    """One translate request that was answered 200."""

    target: str
    texts: list[str]
    context: str | None
    billed: int
    options: dict = field(default_factory=dict)


class FakeDeepL:
    """``with FakeDeepL(key) as server: ... server.url ...``"""

    def __init__(self, key: str, *, character_limit: int = 1_000_000) -> None:
        self.key = key
        self.character_limit = character_limit
        self.character_count = 0
        self.requests: list[Call] = []
        self.translations: list[Translation] = []
        self.glossaries: dict[str, dict] = {}
        self.failures: dict[int, int] = {}
        self.held: set[int] = set()
        self._release = threading.Event()
        self.delay: float | Callable[[int], float] = 0.0
        self.mangle: Callable[[str], str] | None = None
        self.translate_requests = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail(self, nth: int, status: int) -> None:
        """Make the ``nth`` translate request (1-based, counted from the start) answer ``status``."""
        self.failures[nth] = status

    def hold(self, nth: int) -> None:
        """Keep the ``nth`` translate request waiting until ``release()``, then answer 503 unrecorded."""
        self.held.add(nth)

    def release(self) -> None:
        self._release.set()

    @property
    def billed(self) -> int:
        return sum(t.billed for t in self.translations)

    @property
    def texts_sent(self) -> list[str]:
        return [text for t in self.translations for text in t.texts]

    def calls(self, path: str) -> list[Call]:
        return [c for c in self.requests if c.path == path]

    def __enter__(self) -> FakeDeepL:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    # -- endpoints -----------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict, body: dict, size: int, auth: str) -> tuple[int, object]:
        if auth != f"DeepL-Auth-Key {self.key}":
            return 403, {"message": "Authorization failure, check auth_key"}
        params = {**query, **body}
        if path == "/v2/translate" and method == "POST":
            return self._translate(params, size)
        if path == "/v2/usage":
            return 200, {"character_count": self.character_count, "character_limit": self.character_limit}
        if path == "/v2/languages":
            if str(params.get("type", "source")).lower() == "target":
                return 200, [{"language": c, "name": n, "supports_formality": f} for c, n, f in TARGET_LANGUAGES]
            return 200, [{"language": c.split("-")[0], "name": n} for c, n, _ in TARGET_LANGUAGES if "-" not in c]
        if path == "/v2/glossary-language-pairs":
            return 200, {"supported_languages": [{"source_lang": s, "target_lang": t}
                                                 for s in GLOSSARY_LANGUAGES for t in GLOSSARY_LANGUAGES if s != t]}
        if path == "/v2/glossaries":
            if method == "POST":
                return self._create_glossary(params)
            return 200, {"glossaries": [self._glossary_info(g) for g in self.glossaries.values()]}
        if path.startswith("/v2/glossaries/"):
            glossary_id, _, rest = path.removeprefix("/v2/glossaries/").partition("/")
            glossary = self.glossaries.get(glossary_id)
            if glossary is None:
                return 404, {"message": "Glossary not found"}
            if rest == "entries":
                return 200, "\n".join(f"{s}\t{t}" for s, t in glossary["entries"].items())
            if method == "DELETE":
                del self.glossaries[glossary_id]
                return 204, None
            return 200, self._glossary_info(glossary)
        return 404, {"message": f"no endpoint {method} {path}"}

    def _translate(self, params: dict, size: int) -> tuple[int, object]:
        with self._lock:
            self.translate_requests += 1
            number = self.translate_requests
        delay = self.delay(number) if callable(self.delay) else self.delay
        if delay:
            time.sleep(delay)
        if number in self.held:
            self._release.wait(60)
            return 503, {"message": "held by the test"}
        if number in self.failures:
            status = self.failures[number]
            return status, {"message": MESSAGES.get(status, "error")}
        texts = params.get("text") or []
        texts = [texts] if isinstance(texts, str) else list(texts)
        target = str(params.get("target_lang", "")).upper()
        listed = {c: f for c, _, f in TARGET_LANGUAGES}
        beta = params.get("enable_beta_languages") in (True, "1", "true")
        if size > MAX_BODY:
            return 413, {"message": "Request Entity Too Large"}
        if not texts or len(texts) > MAX_TEXTS:
            return 400, {"message": f"{len(texts)} texts; send 1 to {MAX_TEXTS}"}
        if target not in listed and not (beta and target in BETA_LANGUAGES):
            return 400, {"message": "Value for 'target_lang' not supported."}
        formality = str(params.get("formality", "default"))
        if formality in ("less", "more") and not listed.get(target):
            return 400, {"message": "'formality' is not supported for the given 'target_lang'."}
        if params.get("tag_handling") == "xml":
            for text in texts:
                try:
                    ET.fromstring(f"<r>{text}</r>")
                except ET.ParseError as exc:
                    return 400, {"message": f"Tag handling parsing failed: {exc}"}
        glossary_terms: dict[str, str] = {}
        if params.get("glossary_id"):
            glossary = self.glossaries.get(str(params["glossary_id"]))
            if glossary is None or not params.get("source_lang"):
                return 400, {"message": "Invalid glossary or missing source_lang"}
            if glossary["target_lang"].upper() != target.split("-")[0]:
                return 400, {"message": "Glossary does not match target_lang"}
            glossary_terms = glossary["entries"]
        billed = sum(len(text) for text in texts)
        with self._lock:
            if self.character_count + billed > self.character_limit:
                return 456, {"message": "Quota exceeded"}
            self.character_count += billed
            options = {k: v for k, v in params.items() if k not in ("text", "context", "target_lang")}
            self.translations.append(Translation(target, texts, params.get("context"), billed, options))
        out = []
        for text in texts:
            translated = text
            for source, term in glossary_terms.items():
                translated = translated.replace(source, term)
            if self.mangle is not None:
                translated = self.mangle(translated)
            out.append({"detected_source_language": "EN", "text": f"[{target}] {translated}",
                        "billed_characters": len(text)})
        return 200, {"translations": out}

    def _create_glossary(self, params: dict) -> tuple[int, object]:
        source, target = str(params.get("source_lang", "")).lower(), str(params.get("target_lang", "")).lower()
        if source not in GLOSSARY_LANGUAGES or target not in GLOSSARY_LANGUAGES:
            return 400, {"message": "Unsupported glossary language pair"}
        if params.get("entries_format", "tsv") != "tsv":
            return 400, {"message": "only tsv in this fake"}
        entries = dict(line.split("\t", 1) for line in str(params.get("entries", "")).splitlines() if "\t" in line)
        glossary_id = f"glossary-{next(self._ids)}"
        self.glossaries[glossary_id] = {"glossary_id": glossary_id, "name": str(params.get("name", "")),
                                        "source_lang": source, "target_lang": target, "entries": entries}
        return 201, self._glossary_info(self.glossaries[glossary_id])

    @staticmethod
    def _glossary_info(glossary: dict) -> dict:
        return {"glossary_id": glossary["glossary_id"], "name": glossary["name"], "ready": True,
                "source_lang": glossary["source_lang"], "target_lang": glossary["target_lang"],
                "creation_time": "2024-01-01T00:00:00.000000Z", "entry_count": len(glossary["entries"])}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def log_message(self, *args) -> None:  # keep pytest output clean
        return None

    def _serve(self, method: str) -> None:
        fake: FakeDeepL = self.server.fake  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        size = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(size) if size else b""
        body = _body(raw, self.headers.get("Content-Type", ""))
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        status, payload = fake.handle(method, url.path, query, body, size, self.headers.get("Authorization", ""))
        with fake._lock:
            fake.requests.append(Call(method, url.path, status, body))
        if isinstance(payload, str):
            data, kind = payload.encode("utf-8"), "text/tab-separated-values; charset=utf-8"
        else:
            data, kind = (b"" if payload is None else json.dumps(payload).encode("utf-8")), "application/json"
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a test killed it)


def _body(raw: bytes, content_type: str) -> dict:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw.decode("utf-8"))
    form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
    return {k: (v if k in ("text", "ignore_tags", "non_splitting_tags", "splitting_tags") else v[0])
            for k, v in form.items()}
