"""The dashboard: a static site a coordinator opens in a browser, on a desk or on a phone.

Pages are checked as a browser sees them (headless Chromium through Playwright: no console
errors, injected markup shown as text, right-to-left languages right to left) and as files
(escaping, deterministic output, valid SVG badges, colour contrast).
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n import badges, dashboard
from qrl10n.cli import main
from qrl10n.dashboard import model as dashboard_model
from qrl10n.formats.po import catalog
from qrl10n.project import Project
from qrl10n.status import fmt_percent

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
INJECTED = "<script>alert(1)</script>"

CONFIG = """
[course]
name = "Demo course <i>QualityRights</i>"

[[modules]]
id = "m1"
title = "Human rights <b>and</b> mental health"

[[modules]]
id = "m2"
title = "Recovery"

[languages]
active = ["es", "ar"]
planned = ["uk"]

[thresholds]
publish_percent = 80
"""

PAGES_M1 = [
    "Human rights belong to everyone.",
    "Persons with psychosocial disabilities have the right to decide.",
    "Recovery is a personal journey.",
    "Supported decision-making respects the will and preferences of the person.",
    "Read the [Convention](https://www.ohchr.org/crpd) before the next module.",
    "<img src=x onerror=alert(2)> is not a tag here.",
]
VIDEOS_M1 = ["Welcome to the first module.", "Let us start with dignity."]
PAGES_M2 = ["Hope is the foundation of recovery.", "Peer support helps.", "Listen first."]

#: (language, component) -> one (state, translation) per template entry: t translated, f fuzzy, m machine, u empty.
FILLS = {
    ("es", "m1"): [("t", "Los derechos humanos son de todas las personas."),
                   ("t", "Las personas con discapacidad psicosocial tienen derecho a decidir."),
                   ("f", f"La recuperación {INJECTED} es un camino personal."),
                   ("m", "La toma de decisiones con apoyo respeta la voluntad de la persona."),
                   ("u", ""), ("u", "")],
    ("es", "m1-videos"): [("t", "Bienvenidos al primer módulo."), ("t", "Empecemos por la dignidad.")],
    ("ar", "m1"): [("t", "حقوق الإنسان للجميع."), ("m", "للأشخاص ذوي الإعاقة النفسية الحق في اتخاذ القرار."),
                   ("u", ""), ("u", ""), ("u", ""), ("u", "")],
    ("ar", "m1-videos"): [("t", "مرحبا بكم في الوحدة الأولى."), ("u", "")],
    ("ar", "m2"): [("t", "الأمل أساس التعافي."), ("t", "دعم الأقران يساعد."), ("t", "استمع أولا.")],
}


def make_course(root: Path) -> Project:
    """Two modules (m1 with pages and videos, m2 pages only), es and ar active, uk planned; es has
    no m2 PO file yet, and its Language-Team header and one draft carry injected markup."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "qrl10n.toml").write_text(CONFIG, encoding="utf-8")
    srt = "".join(f"{n}\n00:00:0{2 * n},000 --> 00:00:0{2 * n + 1},500\n{text}\n\n"
                  for n, text in enumerate(VIDEOS_M1, start=1))
    sources = {"source/m1/01-rights.md": "\n\n".join(PAGES_M1) + "\n",
               "source/m2/01-recovery.md": "\n\n".join(PAGES_M2) + "\n",
               "subtitles/en/m1/01-welcome.srt": srt}
    for rel, text in sources.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    templates = {"m1": PAGES_M1, "m1-videos": VIDEOS_M1, "m2": PAGES_M2}
    for name, texts in templates.items():
        catalog.save(_catalog(texts, [("u", "")] * len(texts), "en"), root / "po" / "templates" / f"{name}.pot")
    for (lang, name), fills in FILLS.items():
        catalog.save(_catalog(templates[name], fills, lang), root / "po" / lang / f"{name}.po")
    return Project(root)


def _catalog(texts: list[str], fills: list[tuple[str, str]], lang: str) -> catalog.Catalog:
    po = catalog.new_catalog()
    po.metadata = {"Project-Id-Version": "Demo", "Language-Team": f"Spanish {INJECTED} team" if lang == "es" else
                   "Arabic team", "Language": lang, "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    for line, (text, (state, translation)) in enumerate(zip(texts, fills), start=1):
        entry = catalog.new_entry(msgid=text, msgstr=translation, occurrences=[("source/m1/01-rights.md", str(line))],
                                  comment="machine translation: deepl" if state == "m" else "paragraph")
        if state in "fm":
            entry.flags.append("fuzzy")
        po.append(entry)
    return po


@pytest.fixture
def site(tmp_path: Path) -> tuple[Project, Path]:
    project = make_course(tmp_path / "course")
    results = dashboard.write_dashboard(project)
    assert all(r.changed for r in results)
    return project, project.build_dir / "dashboard"


# -- as files --------------------------------------------------------------------------------
def test_dashboard_writes_index_language_pages_badges_and_json(site):
    _, out = site
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == ["badges/ar.svg", "badges/es.svg", "badges/overall.svg", "badges/uk.svg", "index.html",
                     "lang/ar.html", "lang/es.html", "lang/uk.html", "status.json"]


def test_second_run_changes_nothing(site):
    project, _ = site
    assert not any(r.changed for r in dashboard.write_dashboard(project))


def test_everything_from_po_files_and_config_is_escaped(site):
    _, out = site
    pages = {p.name: p.read_text("utf-8") for p in (out / "index.html", out / "lang" / "es.html")}
    for text in pages.values():
        assert "<script" not in text.lower()
        assert "<i>QualityRights" not in text and "&lt;i&gt;QualityRights&lt;/i&gt;" in text
    es = pages["es.html"]
    assert "Spanish &lt;script&gt;alert(1)&lt;/script&gt; team" in es  # Language-Team header
    assert "La recuperación &lt;script&gt;alert(1)&lt;/script&gt;" in es  # a fuzzy draft
    assert "&lt;img src=x onerror=alert(2)&gt;" in es  # an English source
    assert "<img" not in es


def test_pages_are_self_contained(site):
    """Nothing is fetched: no external URL in src/href except links to PO files, no script."""
    _, out = site
    for page in out.rglob("*.html"):
        text = page.read_text("utf-8")
        assert 'name="viewport"' in text and "Content-Security-Policy" in text
        assert not re.search(r"<(script|link rel=\"stylesheet\"|iframe|object)", text)
        assert not re.search(r'src="(https?:)?//', text)


def test_heatmap_rows_columns_and_planned_languages(site):
    _, out = site
    index = (out / "index.html").read_text("utf-8")
    heat = index[index.index('<table class="heat">'):index.index("</table>")]
    rows = re.findall(r'<tr class="(active|planned)"><th scope="row"><a href="lang/(\w+)\.html">', heat)
    assert rows == [("active", "es"), ("active", "ar"), ("planned", "uk")]
    assert "<caption>" in heat and 'scope="colgroup"' in heat
    # es: m1 pages 2 of 6 entries -> words; m1 videos 100%; m2 no PO file -> 0%; m2 has no videos.
    es_row = re.search(r'<tr class="active"><th scope="row"><a href="lang/es\.html">.*?</tr>', heat).group()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", es_row)
    assert cells[2] == "100%" and cells[3] == "0%"
    assert len(cells) == 4  # m2 has no videos in any language: no column of dashes for it


def test_heatmap_has_short_module_labels_with_titles_and_a_key(site):
    """M1, M2 … in the header (the full title in a tooltip and in a key), so the table fits a screen."""
    _, out = site
    index = (out / "index.html").read_text("utf-8")
    heat = index[index.index('<table class="heat">'):index.index("</table>")]
    heads = re.findall(r'<th scope="colgroup"[^>]*><abbr title="([^"]*)">(\w+)</abbr></th>', heat)
    assert heads == [("Human rights &lt;b&gt;and&lt;/b&gt; mental health (m1)", "M1"), ("Recovery (m2)", "M2")]
    key = index[index.index('<dl class="modules"'):index.index("</dl>")]
    assert re.findall(r"<dt>(\w+)</dt>", key) == ["M1", "M2"] and "Recovery" in key


@pytest.mark.parametrize("kinds,labels", [
    (["core"] * 6 + ["advanced"] * 2 + ["course"], ["M1", "M2", "M3", "M4", "M5", "M6", "A1", "A2", "C"]),
    (["course", "core", "course"], ["C1", "M1", "C2"]),
])
def test_short_module_labels(kinds, labels):
    from qrl10n.project import Module
    modules = [Module(f"x{n}", f"Module {n}", kind, n) for n, kind in enumerate(kinds)]
    assert list(dashboard.short_labels(modules).values()) == labels


def test_language_page_lists_missing_fuzzy_and_machine_with_line_links(site):
    project, out = site
    es = (out / "lang" / "es.html").read_text("utf-8")
    po = project.root / "po" / "es" / "m1.po"
    lines = po.read_text("utf-8").splitlines()
    links = re.findall(r'<a href="\.\./\.\./\.\./po/es/m1\.po#L(\d+)">line \d+</a>', es)
    assert links, "no links to PO lines"
    for number in links:  # every link points at the msgid of a listed entry
        assert lines[int(number) - 1].startswith("msgid ")
    for heading, count in (("Missing translations", 2 + 3), ("Fuzzy: drafts waiting for review", 1),
                           ("Machine translations waiting for review", 1)):
        assert f"{heading} ({count})" in es
    assert "no PO file yet" in es and "qrl10n update es" in es  # m2's 3 entries count as missing


def test_languages_removed_from_config_lose_their_pages_other_files_stay(site):
    project, out = site
    (out / "lang" / "notes.html").write_text("<p>a coordinator's own page</p>", encoding="utf-8")
    project.config_path.write_text(CONFIG.replace('planned = ["uk"]', "planned = []"), encoding="utf-8")
    results = dashboard.write_dashboard(Project(project.root))
    assert sorted(r.path.name for r in results if r.detail == "removed") == ["uk.html", "uk.svg"]
    assert (out / "lang" / "notes.html").exists() and not (out / "lang" / "uk.html").exists()


def test_repository_url_makes_github_links(tmp_path):
    project = make_course(tmp_path / "course")
    config = project.config_path.read_text("utf-8").replace(
        '[course]\n', '[course]\nrepository_url = "https://github.com/who/qualityrights"\n')
    project.config_path.write_text(config, encoding="utf-8")
    project = Project(project.root)
    dashboard.write_dashboard(project)
    es = (project.build_dir / "dashboard" / "lang" / "es.html").read_text("utf-8")
    assert re.search(r'href="https://github\.com/who/qualityrights/blob/main/po/es/m1\.po#L\d+"', es)


def test_badges_are_valid_svg_with_text_alternative(site):
    _, out = site
    for path in (out / "badges").glob("*.svg"):
        root = ET.fromstring(path.read_text("utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        title = root.find("{http://www.w3.org/2000/svg}title").text
        assert root.get("role") == "img" and root.get("aria-label") == title
    # es: 5 + 9 words of m1 pages and 5 + 5 of m1 videos translated, of 41 + 10 + 11 (m2 has no PO file).
    assert ET.fromstring((out / "badges" / "es.svg").read_text("utf-8")).get("aria-label") == "Spanish translated: 38.7%"


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("background,text", [
    *((color, dashboard.TEXT_COLOR) for color in dashboard.HEAT_COLORS.values()),
    *((color, "#ffffff") for color in (badges.LABEL_COLOR, badges.READY_COLOR, badges.FAIR_COLOR,
                                       badges.LOW_COLOR, badges.PLANNED_COLOR)),
])
def test_colours_meet_wcag_aa_contrast(background, text):
    assert contrast(background, text) >= 4.5


@pytest.mark.parametrize("value,shown", [(0, "0%"), (53.57, "53.5%"), (99.96, "99.9%"), (100, "100%")])
def test_percentages_round_down_so_unfinished_never_shows_100(value, shown):
    assert fmt_percent(value) == shown


def test_cli_dashboard_writes_to_output_folder(tmp_path):
    project = make_course(tmp_path / "course")
    out = tmp_path / "public"
    done = CliRunner().invoke(main, ["--project", str(project.root), "dashboard", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert (out / "index.html").is_file() and (out / "lang" / "ar.html").is_file()


def test_dashboard_outside_the_project_shows_po_lines_as_text_not_dead_links(tmp_path):
    """Published elsewhere, a relative link to ../../course/po/… leads nowhere: path:line as text."""
    project = make_course(tmp_path / "course")
    dashboard.write_dashboard(project, tmp_path / "public")
    ar = (tmp_path / "public" / "lang" / "ar.html").read_text("utf-8")
    assert ".po#L" not in ar and not re.search(r'href="[^"]*\.po', ar)
    assert "po/ar/m1.po" in ar and "repository_url" in ar  # the file named, and how to get links


def test_dashboard_inside_the_project_links_po_lines_relatively(tmp_path):
    project = make_course(tmp_path / "course")
    dashboard.write_dashboard(project, project.root / "public" / "translations")
    ar = (project.root / "public" / "translations" / "lang" / "ar.html").read_text("utf-8")
    assert re.search(r'href="\.\./\.\./\.\./po/ar/m1\.po#L\d+"', ar)


def test_trend_chart_from_git_history(tmp_path):
    project = make_course(tmp_path / "course")
    git = ["git", "-C", str(project.root), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-01-02T10:00:00Z", "GIT_COMMITTER_DATE": "2024-01-02T10:00:00Z"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "first"]):
        subprocess.run([*git, *args], check=True, capture_output=True, env=env)
    dashboard.write_dashboard(project)
    es = (project.build_dir / "dashboard" / "lang" / "es.html").read_text("utf-8")
    svg = es[es.index('<svg class="trend"'):]
    assert "<title" in svg and "<desc" in svg and "2024-01-02" in svg
    assert "<details><summary>The same data as a table</summary>" in es


def test_trend_chart_spaces_commits_evenly_and_dates_where_they_change(tmp_path):
    """Most commits on one day must not squash into a vertical spike: one equal step per commit."""
    project = make_course(tmp_path / "course")
    git = ["git", "-C", str(project.root), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True, capture_output=True)
    po = project.root / "po" / "es" / "m1.po"
    days = ["2024-01-02T10:00:00Z", "2024-03-01T09:00:00Z", "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z"]
    for n, when in enumerate(days):
        if n:  # one more entry translated in each later commit
            fills = [("t", f"traducción {k}") if k <= n + 1 else ("u", "") for k in range(len(PAGES_M1))]
            catalog.save(_catalog(PAGES_M1, fills, "es"), po)
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        for args in (["add", "."], ["commit", "-q", "-m", f"commit {n}"]):
            subprocess.run([*git, *args], check=True, capture_output=True, env=env)
    dashboard.write_dashboard(project)
    es = (project.build_dir / "dashboard" / "lang" / "es.html").read_text("utf-8")
    start = es.index('<svg class="trend"')
    svg = es[start:es.index("</svg>", start)]
    xs = [float(pair.split(",")[0]) for pair in re.search(r'<polyline[^>]* points="([^"]+)"', svg).group(1).split()]
    assert len(xs) == 4
    steps = [b - a for a, b in zip(xs, xs[1:])]
    assert max(steps) - min(steps) < 0.2 and min(steps) > 100  # equal steps, not squashed into one day's width
    labels = re.findall(r">(\d{4}-\d\d-\d\d)</text>", svg)
    assert labels == ["2024-01-02", "2024-03-01"]  # a label where the date changes, not one per commit


# -- in a browser ----------------------------------------------------------------------------
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium "
                    "(apt-get install chromium; .ci/run does it)")
def test_pages_in_headless_chromium(site, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    _, out = site
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
                page = browser.new_page(viewport=viewport)
                problems: list[str] = []
                page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                        if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
                page.on("request", lambda r: problems.append(f"request: {r.url}")
                        if not r.url.startswith("file://") else None)
                for target in ("index.html", "lang/es.html", "lang/ar.html", "lang/uk.html"):
                    page.goto((out / target).as_uri())
                    page.wait_for_load_state("load")
                    shot = tmp_path / f"{name}-{target.replace('/', '-')}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    assert shot.stat().st_size > 5000
                    assert page.locator("script").count() == 0
                    if target == "lang/es.html":
                        text = page.inner_text("body")
                        assert f"Spanish {INJECTED} team" in text
                        assert f"La recuperación {INJECTED} es un camino personal." in text
                    if target == "lang/ar.html":
                        cell = page.locator('td.tr[lang="ar"]').first
                        assert cell.get_attribute("dir") == "rtl"
                        assert cell.evaluate("e => getComputedStyle(e).direction") == "rtl"
                    if target == "index.html" and name == "desktop":
                        assert _heatmap_fits(page), "the heatmap needs sideways scrolling at 1280px"
                    if target == "index.html" and name == "phone":
                        # the page itself does not scroll sideways on a phone: wide tables scroll in their box
                        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
                page.close()
                assert problems == []
        finally:
            browser.close()


def _heatmap_fits(page) -> bool:
    return page.evaluate("() => { const t = document.querySelector('table.heat');"
                         " return t.scrollWidth <= t.parentElement.clientWidth; }")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_course_heatmap_fits_a_1280px_screen(course):
    """The real course (9 modules, 17 languages): the whole heatmap, and each language's table of
    components, is visible at 1280px without scrolling."""
    sync_api = pytest.importorskip("playwright.sync_api")
    project = Project(course)
    dashboard.write_dashboard(project)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((project.build_dir / "dashboard" / "index.html").as_uri())
            assert _heatmap_fits(page)
            for code in ("fr", "ar"):  # the per-language table of components too
                page.goto((project.build_dir / "dashboard" / "lang" / f"{code}.html").as_uri())
                assert page.evaluate("() => { const t = document.querySelector('#components-title ~ .scroll table');"
                                     " return t.scrollWidth <= t.parentElement.clientWidth; }"), code
        finally:
            browser.close()


# -- escaping everywhere the templates print -------------------------------------------------
HOSTILE = '<script>alert("x")</script> & "quoted"'


class _Collector(HTMLParser):
    """What a browser would see: the text of the page and the value of every attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [value for _, value in attrs if value]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _seen(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    return parser


def test_hostile_module_title_and_translation_reach_text_and_attributes_only_escaped(tmp_path):
    project = make_course(tmp_path / "course")
    toml = project.config_path.read_text("utf-8").replace("Human rights <b>and</b> mental health",
                                                          HOSTILE.replace('"', '\\"'))
    project.config_path.write_text(toml, encoding="utf-8")
    po = project.root / "po" / "es" / "m1.po"
    fuzzy = "La recuperación <script>alert(1)</script> es un camino personal."
    po.write_text(po.read_text("utf-8").replace(fuzzy, HOSTILE.replace('"', '\\"')), encoding="utf-8")
    dashboard.write_dashboard(Project(project.root))
    out = project.build_dir / "dashboard"
    index, es = (out / "index.html").read_text("utf-8"), (out / "lang" / "es.html").read_text("utf-8")
    for page in (index, es):
        assert "<script" not in page and 'alert("x")' not in page
        assert "script" not in _seen(page).tags
    seen = _seen(index)
    assert HOSTILE in "".join(seen.text)  # the module key under the heatmap
    assert any(value.startswith(HOSTILE) for value in seen.attributes)  # the column's abbr title
    assert any(HOSTILE in value for value in seen.attributes if value.startswith("Spanish, M1"))  # a cell title
    assert HOSTILE in "".join(_seen(es).text)  # the fuzzy draft, listed for review


def test_hostile_text_in_svg_is_escaped(tmp_path):
    from qrl10n.dashboard import render
    from qrl10n.history import LanguagePoint, Point
    from qrl10n.status import LanguageStats

    svg = render.badge(HOSTILE, "50%", "#1a7f37", standalone=True)
    root = ET.fromstring(svg)
    assert root.get("aria-label") == f"{HOSTILE}: 50%"
    assert [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")][0] == HOSTILE
    project = make_course(tmp_path / "course")
    language = project.languages[0]
    hostile = dataclasses.replace(language, info=dataclasses.replace(language.info, english_name=HOSTILE))
    points = [Point(f"{n:040x}", 1_700_000_000 + 86_400 * n, {language.code: LanguagePoint(10, n, 0)})
              for n in range(3)]
    page = render.render_language(dashboard_model.Site(project, project.root / "build" / "dashboard",
                                                       [LanguageStats(hostile, [])], points), LanguageStats(hostile, []))
    start = page.index('<svg class="trend"')
    chart = page[start:page.index("</svg>", start) + len("</svg>")]
    tree = ET.fromstring(chart)
    assert tree.find("title").text == f"Completeness of {HOSTILE} over time"
    assert tree.find("desc").text.startswith(f"{HOSTILE}: ")
    assert "<script" not in page
