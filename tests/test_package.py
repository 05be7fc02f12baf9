"""qrl10n package: what a learner opens, checked as an LMS and a browser see it.

The SCORM manifest is validated against the SCORM 1.2 schemas (../shared/schemas) and checked
for what those schemas cannot see (every reference resolves inside the zip); each SCO runs in
headless Chromium inside a host page that gives it scorm-again's Scorm12API, the SCORM 1.2
runtime LMSs embed; every page passes the Nu Html Checker (vnu.jar) and our own checks of
lang, dir, titles, alt text and links. The course is this repository's own.
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html as lxml_html

from qrl10n import catalog
from qrl10n.cli import main
from qrl10n.package import PackageOptions, package
from qrl10n.project import Project

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO.parent / "shared" / "schemas" / "scorm12"
NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
SCORM_AGAIN = NODE_MODULES / "scorm-again" / "dist" / "scorm12.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-dev-shm-usage"]
INJECTED = '<script>alert("injected")</script><img src=x onerror=alert(2)>'
IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ZIP = "qualityrights-e-training-{}-scorm12.zip"


def _copy_course(root: Path) -> Path:
    root.mkdir()
    shutil.copy2(REPO / "qrl10n.toml", root / "qrl10n.toml")
    for folder in ("source", "subtitles", "po"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _inject(root: Path) -> None:
    """A Spanish translator's paragraph that tries to run script."""
    path = root / "po" / "es" / "m1-human-rights.po"
    po = catalog.load(path)
    entry = next(e for e in po if e.msgid.startswith("Human rights belong to every person"))
    entry.msgstr = f"Los derechos humanos {INJECTED} son de todas las personas."
    catalog.save(po, path)


@pytest.fixture(scope="module")
def packaged(tmp_path_factory) -> Path:
    """The course packaged in both formats: Spanish (published) and Arabic (a draft)."""
    root = _copy_course(tmp_path_factory.mktemp("package") / "course")
    _inject(root)
    package(Project(root), ("es", "ar"), PackageOptions(("scorm12", "site"), include_draft=True), jobs=1)
    return root / "build" / "packages"


def _unzip(path: Path, folder: Path) -> Path:
    if not folder.exists():
        with zipfile.ZipFile(path) as archive:
            archive.extractall(folder)
    return folder


# -- the manifest -----------------------------------------------------------------------------
def _manifest(packaged: Path, code: str) -> tuple[etree._ElementTree, set[str]]:
    with zipfile.ZipFile(packaged / ZIP.format(code)) as archive:
        return etree.parse(io.BytesIO(archive.read("imsmanifest.xml"))), set(archive.namelist())


def test_manifest_validates_against_the_scorm12_schemas(packaged):
    if not SCHEMAS.is_dir():
        pytest.skip("../shared/schemas/scorm12 is not available")
    try:
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "scorm12.xsd")))
    except etree.XMLSchemaParseError:
        # libxml2 2.14 refuses imsmd's content model as non-deterministic; the manifest has no
        # imsmd element, so the package and SCORM schemas alone decide its validity
        wrapper = (f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x-scorm12">'
                   f'<xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
                   f'schemaLocation="{(SCHEMAS / "imscp_rootv1p1p2.xsd").as_uri()}"/>'
                   f'<xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" '
                   f'schemaLocation="{(SCHEMAS / "adlcp_rootv1p2.xsd").as_uri()}"/></xsd:schema>')
        schema = etree.XMLSchema(etree.fromstring(wrapper))
    for code in ("es", "ar"):
        document, _ = _manifest(packaged, code)
        assert schema.validate(document), schema.error_log
        broken = etree.fromstring(etree.tostring(document))
        broken.insert(0, broken.find(f"{IMSCP}resources"))  # resources before organizations
        assert not schema.validate(broken)


def test_manifest_references_resolve_and_follow_the_course(packaged):
    document, names = _manifest(packaged, "es")
    root = document.getroot()
    assert root.findtext(f"{IMSCP}metadata/{IMSCP}schemaversion") == "1.2"
    resources = {r.get("identifier"): r for r in root.iter(f"{IMSCP}resource")}
    items = list(root.iter(f"{IMSCP}item"))
    assert [i.get("identifier") for i in items] == [
        "item-course", "item-m1-human-rights", "item-m2-disability-inclusion", "item-m3-recovery",
        "item-m4-legal-capacity", "item-m5-freedom-from-coercion", "item-m6-community-inclusion",
        "item-a1-peer-support", "item-a2-advance-planning", "item-course-certificate"]
    assert items[1].findtext(f"{IMSCP}title") == "Derechos humanos y salud mental"
    prerequisites = items[-1].findtext("{http://www.adlnet.org/xsd/adlcp_rootv1p2}prerequisites")
    assert prerequisites.split(" & ") == [i.get("identifier") for i in items[1:7]]
    for item in items:
        resource = resources[item.get("identifierref")]
        assert resource.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"
        assert resource.get("href") in names
    listed = {f.get("href") for f in root.iter(f"{IMSCP}file")}
    assert listed <= names
    assert names - listed == {"imsmanifest.xml"}


def test_players_have_a_track_per_published_language_their_own_first(packaged):
    for code, languages in (("es", ["es", "en", "fr", "it"]), ("ar", ["ar", "en", "es", "fr", "it"])):
        with zipfile.ZipFile(packaged / ZIP.format(code)) as archive:
            names = archive.namelist()
            page = lxml_html.fromstring(archive.read("m1-human-rights/01-why-human-rights.html"))
        tracks = list(page.iter("track"))
        assert [t.get("srclang") for t in tracks] == languages
        assert [t.get("default") is not None for t in tracks] == [True] + [False] * (len(languages) - 1)
        assert all(t.get("src").removeprefix("../") in names for t in tracks)
        video = next(page.iter("video"))
        assert video.get("src") == ("https://videos.example.org/qualityrights/m1-human-rights/"
                                    "01-why-human-rights-matter.mp4")


# -- pages --------------------------------------------------------------------------------------
def _all_pages(packaged: Path, tmp_path_factory) -> list[tuple[Path, Path]]:
    """(page, package root) for every HTML file of both zips and of the site."""
    scratch = tmp_path_factory.mktemp("unzipped")
    roots = [_unzip(packaged / ZIP.format(code), scratch / code) for code in ("es", "ar")] + [packaged / "site"]
    return [(page, root) for root in roots for page in sorted(root.rglob("*.html"))]


_LOCAL = re.compile(r"^(?![a-z][a-z0-9+.-]*:|#|/)", re.I)


def test_every_page_has_lang_dir_title_alt_and_links_that_resolve(packaged, tmp_path_factory):
    pages = _all_pages(packaged, tmp_path_factory)
    assert len(pages) > 100
    for page, root in pages:
        document = lxml_html.parse(str(page)).getroot()
        where = page.relative_to(root)
        assert document.get("lang") and document.get("dir") in ("ltr", "rtl"), where
        assert (document.findtext("head/title") or "").strip(), where
        for image in document.iter("img"):
            assert image.get("alt") is not None, where
        for element, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("track", "src"),
                                   ("img", "src")):
            for node in document.iter(element):
                target = (node.get(attribute) or "").split("#")[0]
                if target and _LOCAL.match(target):
                    resolved = (page.parent / target).resolve()
                    assert resolved.is_file() and root.resolve() in resolved.parents, f"{where}: {target}"


def test_every_page_passes_the_nu_html_checker(packaged, tmp_path_factory):
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.skip("vnu.jar or java is missing (cd tests && npm ci --ignore-scripts; .ci/run does it)")
    folders = {root for _, root in _all_pages(packaged, tmp_path_factory)}
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                           *map(str, sorted(folders))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[:3000]


def test_a_fallback_block_is_marked_english_and_a_draft_says_so(packaged, tmp_path_factory):
    site = packaged / "site"
    arabic = lxml_html.parse(str(site / "ar" / "m2-disability-inclusion" / "02-models-of-disability.html")).getroot()
    assert arabic.get("dir") == "rtl"
    english = [p for p in arabic.iter("p", "li", "h2") if p.get("lang") == "en"]
    assert english, "an untranslated Arabic block is not marked lang=en"
    assert arabic.find_class("draft")
    spanish = lxml_html.parse(str(site / "es" / "m1-human-rights" / "02-crpd-principles.html")).getroot()
    assert not [p for p in spanish.iter("p") if p.get("lang") == "en"]
    assert not spanish.find_class("draft")
    hreflang = {link.get("hreflang") for link in spanish.iter("link") if link.get("rel") == "alternate"}
    assert hreflang == {"es", "ar"}


def test_a_translation_cannot_inject_script(packaged, tmp_path_factory):
    for page, _ in _all_pages(packaged, tmp_path_factory):
        document = lxml_html.parse(str(page)).getroot()
        sources = [s.get("src") for s in document.iter("script")]
        assert all(s and s.endswith(("static/page.js", "static/sco.js")) for s in sources), page
        assert not [a for e in document.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")]
    text = lxml_html.parse(str(packaged / "site" / "es" / "m1-human-rights" / "01-why-human-rights.html")).getroot()
    assert INJECTED in text.text_content()


def test_packages_are_byte_identical_when_nothing_changed(packaged, tmp_path):
    root = packaged.parent.parent
    before = {p: p.read_bytes() for p in packaged.rglob("*") if p.is_file()}
    again = package(Project(root), ("es", "ar"), PackageOptions(("scorm12", "site"), include_draft=True), jobs=1)
    assert not [r.path for r in again if r.changed]
    elsewhere = tmp_path / "out"
    package(Project(root), ("es", "ar"), PackageOptions(("scorm12",), output=elsewhere, include_draft=True), jobs=1)
    for code in ("es", "ar"):
        assert (elsewhere / ZIP.format(code)).read_bytes() == before[packaged / ZIP.format(code)]
    with zipfile.ZipFile(packaged / ZIP.format("es")) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist() == sorted(archive.namelist())


# -- refusals -------------------------------------------------------------------------------------
@pytest.fixture
def small_course(tmp_path) -> Path:
    return _copy_course(tmp_path / "course")


def test_a_language_under_its_threshold_is_refused_and_nothing_written(small_course):
    result = CliRunner().invoke(main, ["--project", str(small_course), "package", "es", "hy"])
    assert result.exit_code == 2
    assert "language hy (Armenian) is 0% translated, below its publishing threshold of 90%" in result.output
    assert "--include-draft" in result.output
    assert not (small_course / "build").exists()


def test_a_missing_video_address_is_an_error_or_a_notice(small_course):
    config = small_course / "qrl10n.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r'"m3-recovery/01-recovery-as-a-personal-journey" = .*\n', "", text), "utf-8")
    result = CliRunner().invoke(main, ["--project", str(small_course), "package", "es", "--format", "site"])
    assert result.exit_code == 2
    assert "module m3-recovery: video 01-recovery-as-a-personal-journey has no address in [videos]" in result.output
    assert not (small_course / "build" / "packages").exists()
    result = CliRunner().invoke(main, ["--project", str(small_course), "package", "es", "--format", "site",
                                       "--allow-missing-videos"])
    assert result.exit_code == 0, result.output
    folder = small_course / "build" / "packages" / "site" / "es"
    page = lxml_html.parse(str(folder / "m3-recovery" / "01-recovery-personal-journey.html")).getroot()
    assert page.find_class("video-missing") and not list(page.iter("video"))
    assert list(lxml_html.parse(str(folder / "m1-human-rights" / "01-why-human-rights.html")).getroot().iter("video"))


@pytest.mark.parametrize(("table", "problem"), [
    ('[videos]\n"m1-human-rights/no-such-video" = "https://videos.example.org/x.mp4"\n', "names no video"),
    ('[videos]\n"m1-human-rights/01-why-human-rights-matter" = 3\n', "must be an http(s) address"),
    ('[package]\nformats = ["pdf"]\n', "[package] formats must be a list"),
    ('[package]\nformat = ["site"]\n', "is not a package setting"),
])
def test_package_settings_are_checked_with_their_line(small_course, table, problem):
    config = small_course / "qrl10n.toml"
    text = config.read_text("utf-8")
    text = text[:text.index("[package]")] + table
    config.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["--project", str(small_course), "status"])
    assert result.exit_code == 2
    line = len(text.splitlines())
    assert f"qrl10n.toml:{line}: " in result.output and problem in result.output, result.output


def test_run_packages_only_when_qrl10n_toml_asks(small_course):
    from qrl10n.pipeline import run_pipeline
    stages = dict(run_pipeline(Project(small_course), jobs=1))
    assert "package" not in stages and not (small_course / "build" / "packages").exists()
    config = small_course / "qrl10n.toml"
    config.write_text(config.read_text("utf-8").replace("formats = []", 'formats = ["site"]'), "utf-8")
    stages = dict(run_pipeline(Project(small_course), jobs=1))
    assert any(r.changed and r.path.name == "index.html" for r in stages["package"])
    assert (small_course / "build" / "packages" / "site" / "fr" / "index.html").is_file()
    assert not (small_course / "build" / "packages" / "site" / "hy").exists()  # under its threshold
    stages = dict(run_pipeline(Project(small_course), jobs=1))
    assert not [r.path for r in stages["package"] if r.changed]


# -- in a SCORM runtime -----------------------------------------------------------------------
HOST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
window.API = new Scorm12API({logLevel: 5});
window.API.cmi.core.student_id = "42";
window.API.cmi.core.student_name = decodeURIComponent(new URLSearchParams(location.search).get("name"));
</script></head>
<body><iframe id="lms" style="width:100%;height:90vh"></iframe>
<script>document.getElementById("lms").src = "sco/" + new URLSearchParams(location.search).get("sco");</script>
</body></html>
"""


@pytest.fixture(scope="module")
def lms(packaged, tmp_path_factory):
    """An LMS on 127.0.0.1: the host page with scorm-again and the packages unzipped under it."""
    if not SCORM_AGAIN.is_file():
        pytest.skip("scorm-again is not installed (cd tests && npm ci --ignore-scripts; .ci/run does it)")
    served = tmp_path_factory.mktemp("lms")
    for code in ("es", "ar"):
        _unzip(packaged / ZIP.format(code), served / code / "sco")
        (served / code / "host.html").write_text(HOST, "utf-8")
        shutil.copy2(SCORM_AGAIN, served / code / "scorm12.js")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, url: str):
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    return page, problems


@pytest.mark.parametrize(("code", "name", "shown"), [
    ("es", "García Márquez, Ana", "Ana García Márquez"),
    ("ar", "الحسيني, ليلى", "ليلى الحسيني"),
])
def test_a_module_walked_to_its_last_page_is_completed_and_finished(lms, browser, code, name, shown):
    page, problems = _open(browser, f"{lms}/{code}/host.html?sco=sco-m1-human-rights.html&name=x")
    inner = page.frame_locator("#lms").frame_locator("#sco-page")
    pages = ["01-why-human-rights.html", "02-crpd-principles.html", "03-dignity-in-practice.html"]
    page.wait_for_function("API.cmi.core.lesson_location === '01-why-human-rights.html'")
    assert page.evaluate("API.cmi.core.lesson_status") == "incomplete"
    assert inner.locator("html").get_attribute("lang") == code
    for following in pages[1:]:
        inner.locator('a[rel="next"]').click()
        page.wait_for_function(f"API.cmi.core.lesson_location === '{following}'")
    assert inner.locator('a[rel="next"]').count() == 0
    assert page.evaluate("API.cmi.core.lesson_status") == "completed"
    if code == "es":
        assert f"Los derechos humanos {INJECTED}" not in inner.locator("main").inner_text()  # page 3 now
    page.evaluate("document.getElementById('lms').remove()")
    page.wait_for_function("API.isTerminated()")
    assert problems == []
    page.close()


@pytest.mark.parametrize(("code", "name", "shown"), [
    ("es", "García Márquez, Ana", "Ana García Márquez"),
    ("ar", "الحسيني, ليلى", "ليلى الحسيني"),
])
def test_the_certificate_shows_the_learner_named_by_the_lms(lms, browser, code, name, shown):
    from urllib.parse import quote
    page, problems = _open(browser, f"{lms}/{code}/host.html?sco=sco-course-certificate.html&name={quote(name)}")
    main_area = page.frame_locator("#lms").frame_locator("#sco-page").locator("main.certificate")
    learner = main_area.locator(".certificate-learner-name")
    learner.filter(has_text=shown).wait_for()
    assert main_area.locator(".certificate-date").inner_text().strip()
    direction = main_area.evaluate("e => getComputedStyle(e).direction")
    assert direction == ("rtl" if code == "ar" else "ltr")
    assert page.evaluate("API.cmi.core.lesson_status") == "completed"  # its one page is its last
    assert problems == []
    page.close()


def test_injected_markup_is_text_in_the_runtime_and_without_an_lms_pages_still_work(lms, browser, packaged,
                                                                                     tmp_path_factory):
    page, problems = _open(browser, f"{lms}/es/host.html?sco=sco-m1-human-rights.html&name=x")
    inner = page.frame_locator("#lms").frame_locator("#sco-page")
    assert INJECTED in inner.locator("main").inner_text()
    page.close()
    folder = _unzip(packaged / ZIP.format("es"), tmp_path_factory.mktemp("disk") / "es")
    page, more = _open(browser, (folder / "sco-m1-human-rights.html").as_uri())
    page.locator("#not-recorded").wait_for(state="visible")
    page.frame_locator("#sco-page").locator('a[rel="next"]').click()
    page.frame_locator("#sco-page").locator("h1").filter(has_text="La CDPD y sus principios").wait_for()
    assert problems == [] and more == []
    page.close()
