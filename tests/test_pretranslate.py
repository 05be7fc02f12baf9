"""pretranslate: translation memory and DeepL fill empty entries, fuzzy, never touching people's work.

DeepL is the real ``deepl`` client talking to a local DeepL-compatible server
(tests/deepl_server.py); nothing is monkeypatched but environment variables.
"""

from __future__ import annotations

import http.server
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from qrl10n import catalog
from qrl10n.cli import main
from qrl10n.errors import EngineError
from qrl10n.languages import language_info
from qrl10n.mt import KeyRefused, QuotaExceeded
from qrl10n.mt.deepl import DeepLTranslator, glossary_name
from qrl10n.mt.markup import protect, restore
from qrl10n.pretranslate import pretranslate
from qrl10n.project import Project
from qrl10n.tm import TmxError, export_tmx, import_tmx, tm_path

from conftest import msgfmt_check
from deepl_server import FakeDeepL

KEY = "qrl10n-test-key-7c1e0f-SECRET:fx"

MARKUP = [
    "**Mutuality**: both people learn from each other; neither is \"the expert\".",
    "Next: [Case study: Amara](02-case-study-amara.md).",
    "The [CRPD][crpd] is a *treaty* & more: a < b.",
    "Fill in the `Date reviewed` line for {learner_name}.",
    "See https://www.who.int/publications/i/item/9789240080737 and [the *guide* here](../a_b/c_(d).md \"Guide\").",
    "First line\\\nsecond line",
]


# -- a tiny project, built with qrl10n.catalog only ------------------------------------------
def make_course(root: Path, files: dict[tuple[str, str], list], *, languages: tuple[str, ...] = ("es", "fr"),
                extra: str = "") -> Project:
    """``files[(lang, component)]`` = entries: a msgid, or (msgid, msgstr) or (msgid, msgstr, "fuzzy")."""
    modules = sorted({component.removesuffix("-videos") for _, component in files})
    config = ['[course]\nname = "Test course"\n']
    config += [f'[[modules]]\nid = "{m}"\ntitle = "Module {m}"\n' for m in modules]
    config.append("[languages]\nactive = [" + ", ".join(f'"{code}"' for code in languages) + "]\n")
    (root).mkdir(parents=True, exist_ok=True)
    (root / "qrl10n.toml").write_text("\n".join(config) + extra, encoding="utf-8")
    for (lang, component), specs in files.items():
        module = component.removesuffix("-videos")
        if component.endswith("-videos"):
            source = root / "subtitles" / "en" / module / "01-video.srt"
        else:
            source = root / "source" / module / "01-page.md"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("placeholder\n", encoding="utf-8")
        write_po(root / "po" / lang / f"{component}.po", lang, source.relative_to(root).as_posix(), specs)
    return Project(root)


def write_po(path: Path, lang: str, reference: str, specs: list) -> None:
    po = catalog.new_catalog()
    po.metadata = {"Project-Id-Version": "Test course", "Language": lang, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for line, spec in enumerate(specs, start=1):
        msgid, msgstr, *flags = (spec, "") if isinstance(spec, str) else spec
        po.append(catalog.new_entry(msgid=msgid, msgstr=msgstr, flags=list(flags), comment="paragraph",
                                    occurrences=[(reference, str(line))]))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(po, path)


def entries(path: Path) -> dict[str, catalog.Entry]:
    return {e.msgid: e for e in catalog.live_entries(catalog.load(path))}


def blocks(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n\n")


@pytest.fixture
def server(monkeypatch):
    with FakeDeepL(KEY) as fake:
        monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
        monkeypatch.setenv("DEEPL_SERVER_URL", fake.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        yield fake


# -- translation memory ----------------------------------------------------------------------
def test_memory_fills_exact_and_near_matches_fuzzy_with_their_origin(tmp_path):
    rights = "Legal capacity is a right of every person, with or without a disability."
    project = make_course(tmp_path / "c", {
        ("es", "m1"): [(rights, "La capacidad jurídica es un derecho de toda persona, con o sin discapacidad."),
                       ("Support is a choice. Nobody can be forced to accept it.",
                        "El apoyo es una elección. Nadie puede ser obligado a aceptarlo."),
                       ("**Hope**", "**Esperanza**")],
        ("es", "m2"): [rights, "Legal capacity is a right of every single person, with or without a disability.",
                       "**Home**", "Something else entirely, with nothing in common."],
        ("es", "m2-videos"): ["Nobody can be forced to accept it."],
    })
    result = pretranslate(project, ["es"])
    es = result.languages[0]
    assert (es.tm_exact, es.tm_fuzzy, es.left) == (2, 1, 2)

    m2 = entries(tmp_path / "c" / "po" / "es" / "m2.po")
    exact = m2[rights]
    assert exact.msgstr.startswith("La capacidad jurídica") and "fuzzy" in exact.flags
    assert "translation memory: exact match from m1" in exact.comment
    near = m2["Legal capacity is a right of every single person, with or without a disability."]
    assert "fuzzy" in near.flags and near.previous_msgid == rights
    score = int(near.comment.split("translation memory: ")[1].split("%")[0])
    assert 75 <= score < 100 and f"translation memory: {score}% match from m1" in near.comment
    assert m2["**Home**"].msgstr == ""  # short texts take exact matches only
    video = entries(tmp_path / "c" / "po" / "es" / "m2-videos.po")["Nobody can be forced to accept it."]
    assert video.msgstr == "Nadie puede ser obligado a aceptarlo." and "fuzzy" in video.flags

    before = {p: p.read_bytes() for p in (tmp_path / "c" / "po").rglob("*.po")}
    again = pretranslate(project, ["es"]).languages[0]
    assert again.filled == 0 and not any(f.changed for f in again.files)
    assert before == {p: p.read_bytes() for p in (tmp_path / "c" / "po").rglob("*.po")}
    for path in before:
        msgfmt_check(path)


def test_tmx_export_is_tmx_14_and_round_trips_into_another_project(tmp_path):
    from translate.storage.tmx import tmxfile

    pairs = [("Recovery is a personal journey.", "La recuperación es un camino personal."),
             ("Peer support & \"hope\" <matter>.", "El apoyo entre pares y la \"esperanza\" <importan>.")]
    source = make_course(tmp_path / "a", {("es", "m1"): [*pairs, "Not translated yet."]})
    result = export_tmx(source, "es")
    assert result.path == tmp_path / "a" / "build" / "tm" / "es.tmx" and result.detail == "2 units"
    data = result.path.read_bytes()
    assert export_tmx(source, "es").changed is False and result.path.read_bytes() == data  # deterministic

    root = etree.fromstring(data)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute), attribute
    for tu in root.find("body"):
        langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
        assert langs == ["en", "es"] and all(tuv.find("seg") is not None for tuv in tu.findall("tuv"))
    store = tmxfile(data)  # an independent TMX reader agrees
    assert [(u.source, u.target) for u in store.units] == pairs

    other = make_course(tmp_path / "b", {("es", "m9"): [pairs[1][0], "Recovery is a personal journey!"]})
    imported = import_tmx(other, result.path)
    assert [(i.language, i.added) for i in imported] == [("es", 2)]
    assert import_tmx(other, result.path)[0].changed is False
    assert tm_path(other, "es").exists()
    filled = pretranslate(other, ["es"]).languages[0]
    assert (filled.tm_exact, filled.tm_fuzzy) == (1, 1)
    got = entries(tmp_path / "b" / "po" / "es" / "m9.po")
    assert got[pairs[1][0]].msgstr == pairs[1][1]
    assert "translation memory: exact match from m1" in got[pairs[1][0]].comment


def test_tmx_from_another_tool_maps_regional_codes_and_bad_xml_names_the_line(tmp_path):
    project = make_course(tmp_path / "c", {("es", "m1"): ["Dignity matters."], ("fil", "m1"): ["Dignity matters."]},
                          languages=("es", "fil"))
    other_tool = tmp_path / "memoq.tmx"
    other_tool.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
        'segtype="sentence" o-tmf="x" adminlang="en-US" srclang="en-US" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Dignity matters.</seg></tuv><tuv xml:lang="es-ES"><seg>La dignidad importa.</seg></tuv>'
        '<tuv xml:lang="tl-PH"><seg>Mahalaga ang dignidad.</seg></tuv></tu></body></tmx>', encoding="utf-8")
    imported = import_tmx(project, other_tool)
    assert [(i.language, i.added) for i in imported] == [("es", 1), ("fil", 1)]
    pretranslate(project, ["es", "fil"])
    fil = entries(tmp_path / "c" / "po" / "fil" / "m1.po")["Dignity matters."]
    assert fil.msgstr == "Mahalaga ang dignidad." and "exact match from memoq.tmx" in fil.comment

    broken = tmp_path / "broken.tmx"
    broken.write_text('<tmx version="1.4">\n<body>\n<tu>\n</body></tmx>\n', encoding="utf-8")
    with pytest.raises(TmxError) as error:
        import_tmx(project, broken)
    assert str(error.value).startswith(f"{broken}:4:")


# -- DeepL -----------------------------------------------------------------------------------
def test_deepl_fills_every_empty_entry_fuzzy_with_markup_intact_and_never_touches_people(tmp_path, server):
    human = ("Recovery is a personal journey.", "La recuperación es un camino personal.")
    draft = ("Hope matters.", "La esperanza importa.", "fuzzy")
    project = make_course(tmp_path / "c", {("es", "m1"): [human, *MARKUP, draft, "  Padded text.  "]})
    path = tmp_path / "c" / "po" / "es" / "m1.po"
    human_blocks = [b for b in blocks(path) if "camino personal" in b or "La esperanza importa" in b]

    result = pretranslate(project, ["es"], engine="deepl")
    es = result.languages[0]
    assert (es.mt, es.left, es.markup_warnings) == (len(MARKUP) + 1, 0, 0)
    got = entries(path)
    for msgid in MARKUP:
        assert got[msgid].msgstr == "[ES] " + msgid  # the pseudo-translation kept every link, code span, tag
        assert "fuzzy" in got[msgid].flags and "machine translation: deepl" in got[msgid].comment
    assert got["  Padded text.  "].msgstr == "  [ES] Padded text.  "
    for block in human_blocks:
        assert block in blocks(path)  # byte-identical
    msgfmt_check(path)

    sent = server.translations[0]
    assert sent.target == "ES" and sent.options["tag_handling"] == "xml" and "formality" not in sent.options
    assert '<a id="1">Case study: Amara</a>' in sent.texts[1] and "02-case-study-amara.md" not in sent.texts[1]
    assert "Recovery is a personal journey." in sent.context  # the neighbours' English, not billed
    assert es.characters == server.billed == sum(len(t) for t in server.texts_sent)

    requests = server.translate_requests
    again = pretranslate(project, ["es"], engine="deepl")
    assert server.translate_requests == requests and again.languages[0].filled == 0
    assert not any(f.changed for f in again.languages[0].files)


def test_dry_run_sends_nothing_and_counts_what_the_real_run_is_billed(tmp_path, server):
    project = make_course(tmp_path / "c", {
        ("es", "m1"): [("Shared sentence here.", "Frase compartida aquí."), *MARKUP],
        ("es", "m2"): ["Shared sentence here.", *(f"Paragraph number {n} about *rights*." for n in range(60))],
        ("fr", "m1"): MARKUP,
    }, extra='\n[language.es]\nformality = "less"\n')
    before = {p: p.read_bytes() for p in (tmp_path / "c" / "po").rglob("*.po")}
    dry = pretranslate(project, ["es", "fr"], engine="deepl", dry_run=True)
    assert server.translate_requests == 0 and not server.glossaries
    assert before == {p: p.read_bytes() for p in (tmp_path / "c" / "po").rglob("*.po")}
    assert dry.quota is not None and dry.quota.remaining == server.character_limit
    assert [lang.tm_exact for lang in dry.languages] == [1, 0]

    real = pretranslate(project, ["es", "fr"], engine="deepl")
    assert dry.characters == real.characters == server.billed > 0
    assert [lang.characters for lang in dry.languages] == [lang.characters for lang in real.languages]
    assert [lang.mt for lang in dry.languages] == [lang.mt for lang in real.languages]
    assert all(len(t.texts) <= 50 for t in server.translations)
    assert [t.options.get("formality") for t in server.translations if t.target == "ES"] == ["prefer_less"] * 3


def test_quota_exceeded_halfway_keeps_finished_batches_and_the_next_run_sends_only_the_rest(tmp_path, server):
    texts = [f"Sentence {n:03} about supported decision-making." for n in range(120)]
    project = make_course(tmp_path / "c", {("es", "m1"): texts})
    path = tmp_path / "c" / "po" / "es" / "m1.po"
    server.character_limit = sum(len(t) for t in texts[:50]) + 10  # the second batch of 50 does not fit

    with pytest.raises(QuotaExceeded) as error:
        pretranslate(project, ["es"], engine="deepl")
    assert str(error.value) == ("DeepL quota exceeded (456); 50 entries were saved. Wait for the quota to reset "
                                "or raise it, then run again; finished entries will not be sent again.")
    msgfmt_check(path)
    done = [e.msgid for e in entries(path).values() if e.msgstr]
    assert done == texts[:50]

    server.character_limit = 10**6
    sent_before = len(server.texts_sent)
    pretranslate(project, ["es"], engine="deepl")
    assert server.texts_sent[sent_before:] == texts[50:]
    assert all(e.msgstr for e in entries(path).values())


def test_a_run_killed_mid_request_leaves_valid_files_and_the_next_run_sends_only_the_rest(tmp_path, server):
    texts = [f"Paragraph {n:03} on the right to live in the community." for n in range(120)]
    make_course(tmp_path / "c", {("es", "m1"): texts})
    path = tmp_path / "c" / "po" / "es" / "m1.po"
    server.hold(2)  # the second request hangs: the process is killed while waiting for it
    env = {**os.environ, "DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": server.url, "NO_PROXY": "127.0.0.1"}
    process = subprocess.Popen([sys.executable, "-m", "qrl10n", "--project", str(tmp_path / "c"), "pretranslate",
                                "es", "--engine", "deepl"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while server.translate_requests < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        assert server.translate_requests == 2, process.communicate(timeout=5)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        server.release()
    msgfmt_check(path)
    assert [e.msgid for e in entries(path).values() if e.msgstr] == texts[:50]
    assert not list(path.parent.glob(".*.tmp"))

    sent_before = len(server.texts_sent)
    pretranslate(Project(tmp_path / "c"), ["es"], engine="deepl")
    assert server.texts_sent[sent_before:] == texts[50:]


def test_429_and_500_are_retried_and_403_is_a_clear_error(tmp_path, server):
    project = make_course(tmp_path / "c", {("es", "m1"): ["One right.", "Two rights."]})
    server.fail(1, 429)
    server.fail(2, 500)
    result = pretranslate(project, ["es"], engine="deepl")
    assert result.languages[0].mt == 2 and server.translate_requests == 3

    make_course(tmp_path / "d", {("es", "m1"): ["Three rights."]})
    wrong = DeepLTranslator("not-the-key", server_url=server.url)
    with pytest.raises(KeyRefused, match=r"^DeepL refused the key \(403\); nothing was written\. Check DEEPL_AUTH_KEY\.$"):
        pretranslate(Project(tmp_path / "d"), ["es"], engine="deepl", translator=wrong)

    server.fail(server.translate_requests + 1, 429)
    impatient = DeepLTranslator(KEY, server_url=server.url, retries=0)
    with pytest.raises(EngineError, match=r"DeepL is overloaded \(429"):
        pretranslate(Project(tmp_path / "d"), ["es"], engine="deepl", translator=impatient)


# -- the engine is asked once before anything is written ------------------------------------
def memory_and_deepl_course(root: Path) -> Project:
    """A course where the memory fills one entry of es/m2 and DeepL would fill the rest."""
    return make_course(root, {("es", "m1"): [("Shared sentence here.", "Frase compartida aquí.")],
                              ("es", "m2"): ["Shared sentence here.", "Only DeepL knows this one."]})


def pretranslate_deepl_cli(root: Path, **env: str):
    return CliRunner().invoke(main, ["--project", str(root), "pretranslate", "es", "--engine", "deepl"], env=env)


def po_bytes(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "po").rglob("*.po"))}


def test_a_refused_key_stops_before_the_memory_fills_are_written(tmp_path, server):
    root = tmp_path / "c"
    memory_and_deepl_course(root)
    before = po_bytes(root)
    done = pretranslate_deepl_cli(root, DEEPL_AUTH_KEY=KEY + "-revoked")
    assert done.exit_code == 2
    assert "qrl10n: DeepL refused the key (403); nothing was written. Check DEEPL_AUTH_KEY." in done.output
    assert po_bytes(root) == before
    assert [(c.path, c.status) for c in server.requests] == [("/v2/usage", 403)]  # one call, then stop

    good = pretranslate_deepl_cli(root)
    assert good.exit_code == 0, good.output
    assert "Frase compartida aquí." in (root / "po" / "es" / "m2.po").read_text("utf-8")
    assert server.texts_sent == ["Only DeepL knows this one."]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_server_stops_before_anything_is_written_and_names_the_variable(tmp_path):
    root = tmp_path / "c"
    memory_and_deepl_course(root)
    before = po_bytes(root)
    url = f"http://127.0.0.1:{closed_port()}"
    done = pretranslate_deepl_cli(root, DEEPL_AUTH_KEY=KEY, DEEPL_SERVER_URL=url, NO_PROXY="127.0.0.1")
    assert done.exit_code == 2
    assert f"qrl10n: cannot reach DeepL at {url} (" in done.output
    assert "; nothing was written. Check the network, or check DEEPL_SERVER_URL" in done.output
    assert "qrl10n.toml" not in done.output and KEY not in done.output
    assert po_bytes(root) == before


class NotDeepL(http.server.BaseHTTPRequestHandler):
    """Some other web server at the address: every path is a 404 page."""

    def do_GET(self) -> None:
        self.send_error(404)

    def log_message(self, *args) -> None:
        return None


@pytest.fixture
def other_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotDeepL)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("url", ["127.0.0.1:8080", "http://[::1", "ftp://example.org", "other"])
def test_a_bad_deepl_server_url_is_explained_with_the_variable_not_qrl10n_toml(tmp_path, url, other_server):
    root = tmp_path / "c"
    memory_and_deepl_course(root)
    before = po_bytes(root)
    url = other_server if url == "other" else url
    done = pretranslate_deepl_cli(root, DEEPL_AUTH_KEY=KEY, DEEPL_SERVER_URL=url, NO_PROXY="127.0.0.1")
    assert done.exit_code == 2, done.output
    assert "DEEPL_SERVER_URL" in done.output and url in done.output
    assert "qrl10n.toml" not in done.output and "Traceback" not in done.output
    assert po_bytes(root) == before


@pytest.mark.parametrize(("code", "settings", "target", "reason"), [
    ("es", {}, "ES", ""),
    ("fil", {"deepl_beta": True}, "TL", ""),
    ("fil", {}, "TL", "Filipino (TL)"),
    ("hy", {}, "HY", "Armenian (HY)"),
    ("pt_BR", {}, "PT-BR", ""),
    ("pt", {}, "PT-PT", ""),
    ("zh", {}, "ZH-HANS", ""),
    ("uk", {}, "UK", ""),
])
def test_language_codes_map_to_deepl_and_unsupported_ones_are_explained(server, code, settings, target, reason):
    caps = DeepLTranslator(KEY, server_url=server.url).capabilities(language_info(code), settings)
    assert caps.code == target and caps.supported == (not reason)
    assert reason in caps.reason
    if settings.get("deepl_beta"):
        assert caps.beta and not caps.tags and not caps.glossary


def test_beta_languages_are_masked_and_unsupported_ones_skipped(tmp_path, server):
    project = make_course(tmp_path / "c", {("fil", "m1"): MARKUP, ("hy", "m1"): MARKUP},
                          languages=("fil", "hy"), extra="\n[language.fil]\ndeepl_beta = true\n")
    result = pretranslate(project, ["fil", "hy"], engine="deepl")
    fil, hy = result.languages
    assert fil.mt == len(MARKUP) and (hy.mt, hy.left) == (0, len(MARKUP))
    assert "does not list Armenian (HY)" in hy.skipped
    request = server.translations[0]
    assert request.target == "TL" and request.options["enable_beta_languages"] is True
    assert "tag_handling" not in request.options and "\u27e6" in request.texts[0]
    got = entries(tmp_path / "c" / "po" / "fil" / "m1.po")
    assert all(got[m].msgstr == "[TL] " + m for m in MARKUP)


def test_glossary_is_created_once_reused_by_content_and_replaced_when_it_changes(server):
    translator = DeepLTranslator(KEY, server_url=server.url)
    caps = translator.capabilities(language_info("es"), {})
    terms = {"psychosocial disability": "discapacidad psicosocial", "peer support": "apoyo entre pares"}
    first = translator.sync_glossary("es", caps, terms)
    assert translator.sync_glossary("es", caps, dict(reversed(terms.items()))) == first
    assert len(server.calls("/v2/glossaries")) == 3  # create, then two lists
    assert [g["name"] for g in server.glossaries.values()] == [glossary_name("es", terms)]

    other = translator.sync_glossary("pt-BR", translator.capabilities(language_info("pt_BR"), {}), {"hope": "esperança"})
    changed = translator.sync_glossary("es", caps, {**terms, "coercion": "coerción"})
    assert changed not in (first, None)
    assert {g["glossary_id"] for g in server.glossaries.values()} == {changed, other}  # pt-BR kept
    assert translator.sync_glossary("es", caps, {}) is None
    assert {g["glossary_id"] for g in server.glossaries.values()} == {other}


def test_the_key_never_appears_in_output_logs_or_files(tmp_path, server, caplog):
    caplog.set_level(logging.DEBUG)
    root = tmp_path / "c"
    make_course(root, {("es", "m1"): MARKUP})
    runner = CliRunner()
    outputs = []
    for args in (["pretranslate", "es", "--engine", "deepl", "--dry-run"],
                 ["pretranslate", "es", "--engine", "deepl"]):
        done = runner.invoke(main, ["--project", str(root), *args])
        assert done.exit_code == 0, done.output
        outputs.append(done.output)
    assert "characters would be billed" in outputs[0] and "DeepL quota:" in outputs[0]

    make_course(root, {("es", "m1"): MARKUP})
    server.fail(server.translate_requests + 1, 456)
    quota = runner.invoke(main, ["--project", str(root), "pretranslate", "es", "--engine", "deepl"])
    assert quota.exit_code == 2 and "DeepL quota exceeded (456); 0 entries were saved" in quota.output
    outputs.append(quota.output)
    refused = runner.invoke(main, ["--project", str(root), "pretranslate", "es", "--engine", "deepl"],
                            env={"DEEPL_AUTH_KEY": KEY + "-revoked"})
    assert refused.exit_code == 2 and "DeepL refused the key (403); nothing was written. Check DEEPL_AUTH_KEY." in refused.output
    outputs.append(refused.output)

    assert KEY not in repr(DeepLTranslator(KEY, server_url=server.url))
    assert not any(KEY in text for text in outputs)
    assert KEY not in caplog.text
    for path in root.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_a_translation_that_lost_markup_is_kept_fuzzy_with_a_warning_for_the_reviewer(tmp_path, server):
    project = make_course(tmp_path / "c", {("es", "m1"): ["Read the [guide](guide.md) first.", "Plain text."]})
    server.mangle = lambda text: text.replace('<a id="1">', "").replace("</a>", "")
    result = pretranslate(project, ["es"], engine="deepl").languages[0]
    assert (result.mt, result.markup_warnings) == (2, 1)
    got = entries(tmp_path / "c" / "po" / "es" / "m1.po")
    damaged = got["Read the [guide](guide.md) first."]
    assert damaged.msgstr == "[ES] Read the guide first." and "fuzzy" in damaged.flags
    assert "machine translation: deepl (markup changed" in damaged.comment
    assert got["Plain text."].comment.endswith("machine translation: deepl")
    msgfmt_check(tmp_path / "c" / "po" / "es" / "m1.po")


# -- markup ----------------------------------------------------------------------------------
@pytest.mark.parametrize("tags", [True, False])
def test_markup_survives_reordering_and_reports_what_the_engine_lost(tags):
    sent = protect("Read **the plan** and [the guide](guide.md).", tags=tags)
    if tags:
        assert sent.text == 'Read <b id="1">the plan</b> and <a id="2">the guide</a>.'
        moved = 'Lisez <a id="2">le guide</a> et <b id="1">le plan</b>.'
        lost = 'Lisez le guide et <b id="1">le plan</b>.'
    else:
        assert sent.text == "Read \u27e61\u27e7the plan\u27e62\u27e7 and \u27e63\u27e7the guide\u27e64\u27e7."
        moved = "Lisez \u27e63\u27e7le guide\u27e64\u27e7 et \u27e61\u27e7le plan\u27e62\u27e7."
        lost = "Lisez le guide et \u27e61\u27e7le plan\u27e62\u27e7."
    assert restore(sent, moved).text == "Lisez [le guide](guide.md) et **le plan**."
    assert restore(sent, moved).problems == ()
    damaged = restore(sent, lost)
    assert damaged.text == "Lisez le guide et **le plan**." and damaged.problems
