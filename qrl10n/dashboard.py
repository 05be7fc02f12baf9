"""dashboard: the coordinators' static site (build/dashboard/), one folder to publish anywhere.

- ``index.html``: a language x module heatmap (pages and videos apart, active then planned
  languages), a summary table, and the README badges;
- ``lang/<code>.html``: what is missing, fuzzy, machine-made and awaiting review, the glossary
  and QA findings with links to the PO lines, and a completeness trend from git history;
- ``badges/<code>.svg``, ``badges/overall.svg``; ``status.json`` (``status --format json``).

Principles: every page is self-contained (inline CSS and SVG, no script, no web font, no
network) and carries a Content-Security-Policy that forbids loading anything, so even a
missed escape could not run. Everything that comes from a PO file or qrl10n.toml goes
through ``html.escape``. Tables are real tables (caption, scoped headers), colours carry the
number as text too and keep dark text at AA contrast, translations carry their ``lang`` and
``dir``. Pages hold no timestamp but the date of the last commit to po/, so rebuilding an
unchanged project changes no file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import badges
from .cache import RunCache
from .errors import ConfigError
from .files import write_if_changed
from .formats.po import scan as poscan
from .history import Point, history
from .jsontext import pretty
from .model import FileResult, Finding
from .project import Language, Module, Project
from .status import ComponentStats, LanguageStats, add_findings, as_json, fmt_percent, load_findings, status

MAX_LISTED = 200  # entries shown per list and component; the PO file has the rest
MAX_SOURCE = 280  # characters of English source shown per entry
WORDS_NOTE = ("Translated, Fuzzy (human drafts), Machine (machine translations to review) and "
              "Untranslated count English source words.")
OPEN_UP_TO = 25  # a list this short is shown open; longer ones are one click away
HEAT_CLASSES = ((100, "h5"), (90, "h4"), (75, "h3"), (50, "h2"), (25, "h1"), (0, "h0"))
HEAT_COLORS = {"h0": "#fbd9d3", "h1": "#fde4c4", "h2": "#fdf1b8", "h3": "#e4f1c6", "h4": "#c9e7c3", "h5": "#a9d9a9"}
TEXT_COLOR = "#1b1b1b"

CSS = f"""
*{{box-sizing:border-box}}
body{{margin:0 auto;max-width:80rem;padding:1rem;color:{TEXT_COLOR};background:#fff;
font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif}}
h1{{font-size:1.6rem;margin:.2rem 0 .6rem}} h2{{font-size:1.25rem;margin-top:2rem}} h3{{font-size:1.05rem}}
a{{color:#0a53be}} a:visited{{color:#6a1b9a}}
a:focus-visible,summary:focus-visible,.scroll:focus-visible{{outline:3px solid #0a53be;outline-offset:2px}}
.muted{{color:#4a4a4a}} .small{{font-size:.875rem}}
.scroll{{overflow-x:auto;max-width:100%;position:relative}}
table{{border-collapse:collapse;margin:.5rem 0}}
caption{{text-align:start;font-weight:600;padding:.3rem 0}}
th,td{{border:1px solid #c8c8c8;padding:.3rem .5rem;vertical-align:top;text-align:start}}
thead th{{background:#f1f3f5}}
td.num,th.num{{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}}
.heat td{{text-align:center;font-variant-numeric:tabular-nums;white-space:nowrap;min-width:3rem;padding:.25rem .3rem;font-size:.875rem}}
.heat thead th{{text-align:center;padding:.25rem .3rem}} .heat thead th:first-child{{text-align:start}}
.heat thead tr+tr th{{font-weight:normal;font-size:.8125rem}}
.heat tbody th{{position:sticky;left:0;background:#fff;z-index:1;white-space:nowrap;padding:.25rem .5rem}}
.heat tr.group th{{position:static;background:#f1f3f5;font-size:.875rem}}
abbr[title]{{text-decoration:underline dotted;cursor:help}}
.heat tr.planned th{{font-style:italic}}
{''.join(f'.{name}{{background:{color}}}' for name, color in HEAT_COLORS.items())}
.none{{color:#4a4a4a;background:#f6f6f6}}
.tag{{display:inline-block;border:1px solid #6b6b6b;border-radius:.6rem;padding:0 .45rem;font-size:.8rem;white-space:nowrap}}
.nowrap{{white-space:nowrap}}
dl.modules{{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(24rem,100%),1fr));gap:0 1.5rem;font-size:.875rem;margin:.6rem 0}}
dl.modules div{{display:flex;gap:.5rem}} dl.modules dt{{font-weight:600;min-width:1.7rem}} dl.modules dd{{margin:0}}
dl.modules .id{{white-space:nowrap}}
.ready{{color:#14632b;border-color:#14632b}} .notyet{{color:#8f1d1b;border-color:#8f1d1b}}
.legend span{{display:inline-block;padding:0 .4rem;margin:.1rem;border:1px solid #c8c8c8}}
.src{{max-width:40rem}} .tr{{max-width:30rem}}
details{{margin:.4rem 0}} summary{{cursor:pointer}}
svg.trend{{width:100%;max-width:44rem;height:auto;display:block}}
code{{background:#f1f3f5;padding:0 .2rem;overflow-wrap:anywhere}}
.visually-hidden{{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}}
@media (max-width:40rem){{body{{padding:.5rem}} h1{{font-size:1.3rem}} th,td{{padding:.25rem .35rem}}
.heat tbody th{{white-space:normal;max-width:9rem;font-size:.875rem}} dl.modules .id{{display:none}}}}
""".strip()

MARK = "<!-- made by qrl10n dashboard -->"  # what tells our files from others in the output folder
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@dataclass(slots=True)
class _Site:
    """Everything the pages are made from, gathered once."""

    project: Project
    out_dir: Path
    stats: list[LanguageStats]
    points: list[Point]
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # by language; absent: checks not run
    checks_available: bool = False
    urls: dict[Path, str | None] = field(default_factory=dict)  # PO file -> its address from a language page


def write_dashboard(project: Project, out_dir: Path | None = None, *, cache: RunCache | None = None) -> list[FileResult]:
    """Write the dashboard to ``out_dir`` (default build/dashboard/); unchanged files stay untouched.

    With ``cache`` (``qrl10n run``), a language page whose inputs are as they were when it was
    last written (its PO files, its numbers and findings, the history, qrl10n.toml, the page
    itself) is not made again: after one PO file changed, one language page is rendered.
    """
    out_dir = (out_dir or project.build_dir / "dashboard").resolve()
    site = _gather(project, out_dir)
    pages: dict[Path, str] = {out_dir / "index.html": render_index(site)}
    pages[out_dir / "status.json"] = pretty(as_json(site.stats)) + "\n"
    kept: list[Path] = []
    units: dict[Path, tuple[str, list[Path], str]] = {}
    for lang in site.stats:
        page = out_dir / "lang" / f"{lang.language.code}.html"
        if cache is not None:
            unit, inputs, extra = _page_unit(site, lang)
            if page.is_file() and cache.fresh(unit, cache.unit_digest(inputs, [page], extra=extra)):
                kept.append(page)
            else:
                units[page] = (unit, inputs, extra)
        if page not in kept:
            pages[page] = render_language(site, lang)
        pages[out_dir / "badges" / f"{lang.language.code}.svg"] = _mark_svg(_language_badge(lang))
    pages[out_dir / "badges" / "overall.svg"] = _mark_svg(_overall_badge(site.stats))
    results = [FileResult(path, write_if_changed(path, text.encode("utf-8"))) for path, text in pages.items()]
    results += [FileResult(page, False) for page in kept]
    if cache is not None:
        for page, (unit, inputs, extra) in units.items():
            cache.record(unit, cache.unit_digest(inputs, [page], extra=extra))
    results.extend(_remove_stale(out_dir, set(pages) | set(kept)))
    return results


def _page_unit(site: _Site, stats: LanguageStats) -> tuple[str, list[Path], str]:
    """(cache unit, input files, digest of the numbers) of one language page."""
    code = stats.language.code
    numbers = json.dumps([as_json([stats]), [(str(f.path), f.line, f.check, f.severity, f.message, f.source,
                                              f.translation) for f in site.findings.get(code, [])],
                          [repr(point) for point in site.points], str(site.out_dir), site.checks_available],
                         ensure_ascii=False, sort_keys=True)
    inputs = [c.path for c in stats.components if c.path is not None]
    return f"dashboard:{code}", inputs, hashlib.blake2b(numbers.encode("utf-8"), digest_size=16).hexdigest()


def _gather(project: Project, out_dir: Path) -> _Site:
    stats = status(project)
    site = _Site(project, out_dir, stats, history(project))
    found = load_findings(project, tuple(s.language.code for s in stats))
    if found is not None:
        add_findings(stats, found)
        site.checks_available = True
        for finding in found:
            site.findings.setdefault(finding.language, []).append(finding)
    return site


def _remove_stale(out_dir: Path, written: set[Path]) -> list[FileResult]:
    """Our pages and badges of languages no longer in qrl10n.toml; files we did not make stay."""
    removed = []
    for folder, suffix in (("lang", ".html"), ("badges", ".svg")):
        for path in sorted((out_dir / folder).glob(f"*{suffix}")):
            if path not in written and path.is_file() and MARK.encode() in path.read_bytes()[:2048]:
                path.unlink()
                removed.append(FileResult(path, True, "removed"))
    return removed


# -- shared pieces ---------------------------------------------------------------------------
def h(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return escape(str(value), quote=True)


def heat_class(value: float) -> str:
    return next(name for bound, name in HEAT_CLASSES if value >= bound)


def _page(title: str, body: str, *, lang: str = "en") -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{h(lang)}" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="color-scheme" content="light">\n'
        '<link rel="icon" href="data:,">\n'
        f"{MARK}\n"
        f"<title>{h(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _publish_tag(stats: LanguageStats) -> str:
    if stats.language.state == "planned":
        return '<span class="tag">planned</span>'
    if stats.ready:
        return '<span class="tag ready">ready to publish</span>'
    return f'<span class="tag notyet">below {h(f"{stats.threshold:g}")}%</span>'


def _language_label(language: Language) -> str:
    info = language.info
    native = ""
    if info.native_name.casefold() != info.english_name.casefold():
        native = f' <span lang="{h(language.code)}" dir="{h(info.direction)}">{h(info.native_name)}</span>'
    return f"{h(info.english_name)}{native}"


def _last_change(points: list[Point]) -> str:
    if not points:
        return ""
    last = points[-1]
    return f" Last change to the PO files: {h(last.date)} (commit <code>{h(last.commit[:10])}</code>)."


def _overall(stats: list[LanguageStats]) -> tuple[float, int]:
    """Share of English words translated over all active languages, and how many are active."""
    active = [s for s in stats if s.language.state == "active"]
    total = sum(s.words.total for s in active)
    done = sum(s.words.translated for s in active)
    return (round(100.0 * done / total, 2) if total else 0.0), len(active)


def _language_badge(stats: LanguageStats) -> str:
    planned = stats.language.state == "planned"
    color = badges.percent_color(stats.percent, stats.threshold, planned=planned)
    return badges.badge(f"{stats.language.info.english_name} translated", fmt_percent(stats.percent), color)


def _overall_badge(stats: list[LanguageStats]) -> str:
    value, _ = _overall(stats)
    thresholds = [s.threshold for s in stats if s.language.state == "active"] or [90.0]
    return badges.badge("translated", fmt_percent(value), badges.percent_color(value, min(thresholds)))


def _mark_svg(svg: str) -> str:
    return svg.replace("<title>", f"{MARK}<title>", 1)


def _inline_svg(svg: str) -> str:
    return svg.replace(' xmlns="http://www.w3.org/2000/svg"', "").strip()


# -- index -----------------------------------------------------------------------------------
def render_index(site: _Site) -> str:
    project = site.project
    value, active = _overall(site.stats)
    modules = [m for m in project.modules if any(c.module == m for c in project.components)]
    intro = (
        f"<p>{h(fmt_percent(value))} of the English course (counted in source words) is translated, "
        f"over {active} active language{'s' if active != 1 else ''}. A language is ready to publish at "
        f"{h(f'{project.publish_percent:g}')}% unless its settings say otherwise.{_last_change(site.points)}</p>"
    )
    body = [
        "<header>",
        f"<h1>Translation status: {h(project.name)}</h1>",
        intro,
        f'<p>{_inline_svg(_overall_badge(site.stats))}</p>',
        "</header>",
        "<main>",
        _heatmap(site, modules),
        _summary(site),
        _badge_section(site),
        "</main>",
    ]
    return _page(f"Translation status: {project.name}", "\n".join(body))


def short_labels(modules: list[Module]) -> dict[str, str]:
    """Column labels that keep the heatmap one screen wide: core modules M1, M2 …, advanced
    A1 …, course pages C (C1, C2 … when there are several), numbered in course order."""
    letters = {"core": "M", "advanced": "A", "course": "C"}
    counts = Counter(m.kind for m in modules)
    seen: Counter[str] = Counter()
    labels = {}
    for module in modules:
        seen[module.kind] += 1
        number = "" if module.kind == "course" and counts["course"] == 1 else str(seen[module.kind])
        labels[module.id] = f"{letters.get(module.kind, 'M')}{number}"
    return labels


def _heatmap(site: _Site, modules: list[Module]) -> str:
    comps = {(c.module.id, c.kind): c for c in site.project.components}
    labels = short_labels(modules)
    head1 = ['<th scope="col" rowspan="2">Language</th>', '<th scope="col" rowspan="2">All</th>']
    head2 = []
    columns = []  # (module, kind) of every column; a module without videos has no Videos column
    for module in modules:
        kinds = [k for k in ("pages", "videos") if (module.id, k) in comps]
        columns += [(module, k) for k in kinds]
        head1.append(f'<th scope="colgroup" colspan="{len(kinds)}"><abbr title="{h(_module_name(module))}">'
                     f"{h(labels[module.id])}</abbr></th>")
        head2 += [f'<th scope="col">{kind.capitalize()}</th>' for kind in kinds]
    groups: dict[str, list[str]] = {"active": [], "planned": []}
    for lang in site.stats:
        by_name = {c.name: c for c in lang.components}
        name = lang.language.info.english_name
        cells = [_heat_cell(lang.percent, f"{name}, all modules")]
        for module, kind in columns:
            comp = comps[(module.id, kind)]
            cells.append(_heat_cell(by_name[comp.name].percent, f"{name}, {labels[module.id]} {module.title}, {kind}"))
        groups[lang.language.state].append(
            f'<tr class="{h(lang.language.state)}"><th scope="row">'
            f'<a href="lang/{h(lang.language.code)}.html">{_language_label(lang.language)}</a>'
            f' <span class="muted small">{h(lang.language.code)}</span></th>{"".join(cells)}</tr>'
        )
    bodies = []
    for state, rows in groups.items():
        if rows and groups["planned"]:  # with planned languages, a heading row for each group
            title = "Active languages" if state == "active" else "Planned languages"
            rows = [f'<tr class="group"><th scope="rowgroup" colspan="{len(columns) + 2}">{title}</th></tr>', *rows]
        if rows:
            bodies.append(f"<tbody>\n{chr(10).join(rows)}\n</tbody>")
    legend = " ".join(f'<span class="{name}">{"≥ " if bound < 100 else ""}{bound}%</span>'
                      for bound, name in reversed(HEAT_CLASSES))
    return (
        '<section aria-labelledby="heatmap-title">\n<h2 id="heatmap-title">Languages by module</h2>\n'
        f'<p class="small">Each cell is the share of English words translated (fuzzy and machine drafts do '
        f'not count), pages and videos apart; active languages first, then planned ones. '
        f'Colour scale: <span class="legend">{legend}</span>.</p>\n'
        f"{_module_key(modules, labels)}\n"
        '<div class="scroll" role="region" aria-labelledby="heatmap-title" tabindex="0">\n'
        '<table class="heat">\n<caption>Translated share of English words by module</caption>\n'
        f'<thead><tr>{"".join(head1)}</tr><tr>{"".join(head2)}</tr></thead>\n'
        f'{chr(10).join(bodies)}\n</table>\n</div>\n</section>'
    )


def _module_name(module: Module) -> str:
    return f"{module.title} ({module.id})"


def _module_key(modules: list[Module], labels: dict[str, str]) -> str:
    items = "".join(f'<div><dt>{h(labels[m.id])}</dt><dd>{h(m.title)} <span class="muted id">{h(m.id)}</span></dd>'
                    "</div>" for m in modules)
    return f'<dl class="modules" aria-label="Modules: the column labels of the table">{items}</dl>'


def _heat_cell(value: float, what: str) -> str:
    return f'<td class="{heat_class(value)}" title="{h(what)}">{h(fmt_percent(value))}</td>'


def _summary(site: _Site) -> str:
    rows = []
    for s in site.stats:
        found = s.findings
        gloss = str(found.glossary) if found else "–"
        checks = str(found.checks) if found else "–"
        pages, videos = s.kind("pages"), s.kind("videos")
        rows.append(
            f'<tr><th scope="row"><a href="lang/{h(s.language.code)}.html">{h(s.language.info.english_name)}</a></th>'
            f'<td>{_publish_tag(s)}</td>'
            f'<td class="num">{h(fmt_percent(s.percent))}</td>'
            f'<td class="num">{h(fmt_percent(pages.percent)) if pages else "–"}</td>'
            f'<td class="num">{h(fmt_percent(videos.percent)) if videos else "–"}</td>'
            f'<td class="num">{s.words.translated}</td><td class="num">{s.words.fuzzy - s.words.machine}</td>'
            f'<td class="num">{s.words.machine}</td><td class="num">{s.words.untranslated}</td>'
            f'<td class="num">{gloss}</td><td class="num">{checks}</td></tr>'
        )
    note = "" if site.checks_available else ('<p class="small muted">QA and glossary checks are not available '
                                               "in this installation, so findings are not counted.</p>")
    return (
        '<section aria-labelledby="summary-title">\n<h2 id="summary-title">Summary</h2>\n' + note +
        f'<p class="small">{WORDS_NOTE} Glossary and Checks count findings.</p>\n' +
        '<div class="scroll" role="region" aria-labelledby="summary-title" tabindex="0">\n<table>\n'
        "<caption>Completeness and findings per language</caption>\n"
        '<thead><tr><th scope="col">Language</th><th scope="col">Publish</th><th scope="col" class="num">All</th>'
        '<th scope="col" class="num">Pages</th><th scope="col" class="num">Videos</th>'
        '<th scope="col" class="num">Translated</th><th scope="col" class="num">Fuzzy</th>'
        '<th scope="col" class="num">Machine</th><th scope="col" class="num">Untranslated</th>'
        '<th scope="col" class="num">Glossary</th><th scope="col" class="num">Checks</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</div>\n</section>"
    )


def _badge_section(site: _Site) -> str:
    items = ['<li><code>![translated](badges/overall.svg)</code></li>']
    for s in site.stats:
        name = s.language.info.english_name
        items.append(f"<li><code>![{h(name)} translation](badges/{h(s.language.code)}.svg)</code></li>")
    return (
        '<section aria-labelledby="badges-title">\n<h2 id="badges-title">Badges</h2>\n'
        "<p>SVG badges for READMEs live in <code>badges/</code> next to this page; link them from where the "
        "dashboard is published:</p>\n<ul>" + "".join(items) + "</ul>\n</section>"
    )


# -- language pages --------------------------------------------------------------------------
def render_language(site: _Site, stats: LanguageStats) -> str:
    language = stats.language
    code = language.code
    texts = {c.name: poscan.read_po_text(c.path) for c in stats.components if c.path}
    units = {name: poscan.units(text) for name, text in texts.items()}
    teams = sorted({team for text in texts.values() if (team := poscan.metadata(text).get("Language-Team", ""))})
    body = [
        f'<nav class="small"><a href="../index.html">← {h(site.project.name)}: all languages</a></nav>',
        "<header>",
        f"<h1>{_language_label(language)} <span class=\"muted\">({h(code)})</span></h1>",
        f"<p>{_publish_tag(stats)} {h(fmt_percent(stats.percent))} of English words translated; "
        f"threshold {h(f'{stats.threshold:g}')}%.</p>",
        f'<p class="small">{_inline_svg(_language_badge(stats))}</p>',
    ]
    if teams:
        body.append(f'<p>Team: {", ".join(h(t) for t in teams)}</p>')
    body += ["</header>", "<main>", _components_table(site, stats), _trend(site, stats)]
    body.append(_findings_section(site, stats))
    body.append(_entries_section(site, stats, units, "untranslated", "Missing translations",
                                 "Entries with no translation yet (a learner sees the English text)."))
    body.append(_entries_section(site, stats, units, "fuzzy-human", "Fuzzy: drafts waiting for review",
                                 "Human or imported drafts marked fuzzy; not shown to learners until reviewed."))
    body.append(_entries_section(site, stats, units, "machine", "Machine translations waiting for review",
                                 "Made by a translation engine; a translator must review each before it counts."))
    body.append("</main>")
    return _page(f"{language.info.english_name}: translation status of {site.project.name}", "\n".join(body))


def _components_table(site: _Site, stats: LanguageStats) -> str:
    """One row per component; its name links to its PO file (a column of paths made the table
    wider than a 1280 px screen)."""
    folder = _rel(site.project, site.project.po_dir / stats.language.code) + "/"
    rows = []
    for c in stats.components:
        found = c.findings
        name = _po_link(site, c.path, None, c.name) if c.path else \
            f'{h(c.name)}<br><span class="muted small">no PO file yet</span>'
        rows.append(
            f'<tr><th scope="row" class="nowrap">{name}</th><td>{h(c.kind)}</td>'
            f'<td class="num {heat_class(c.percent)}">{h(fmt_percent(c.percent))}</td>'
            f'<td class="num">{c.entries.total}</td><td class="num">{c.words.total}</td>'
            f'<td class="num">{c.words.translated}</td><td class="num">{c.words.fuzzy - c.words.machine}</td>'
            f'<td class="num">{c.words.machine}</td><td class="num">{c.words.untranslated}</td>'
            f'<td class="num">{found.glossary if found else "–"}</td>'
            f'<td class="num">{found.checks if found else "–"}</td></tr>'
        )
    return (
        '<section aria-labelledby="components-title">\n<h2 id="components-title">By component</h2>\n'
        f'<p class="small">{WORDS_NOTE} Done is the translated share of the words.{_link_note(site)}</p>\n'
        '<div class="scroll" role="region" aria-labelledby="components-title" tabindex="0">\n<table>\n'
        f"<caption>Completeness per PO file (component.po in {h(folder)})</caption>\n"
        '<thead><tr><th scope="col">Component</th><th scope="col">Kind</th>'
        '<th scope="col" class="num">Done</th><th scope="col" class="num">Entries</th>'
        '<th scope="col" class="num">Words</th><th scope="col" class="num">Translated</th>'
        '<th scope="col" class="num">Fuzzy</th><th scope="col" class="num">Machine</th>'
        '<th scope="col" class="num">Untranslated</th><th scope="col" class="num">Glossary</th>'
        '<th scope="col" class="num">Checks</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</div>\n</section>"
    )


def _link_note(site: _Site) -> str:
    """Why PO files are not links, when they are not, and how to make them links."""
    if _repository_url(site.project) or site.out_dir.is_relative_to(site.project.root):
        return ""
    return (" PO files and lines are named, not linked, because this dashboard is published outside the "
            "project; set <code>repository_url</code> under <code>[course]</code> in qrl10n.toml to link "
            "them to the repository.")


def _po_link(site: _Site, path: Path, line: int | None, label: str) -> str:
    """A link to a PO file (line), or the label as plain text where no address would work."""
    if path not in site.urls:
        site.urls[path] = po_url(site.project, site.out_dir / "lang", path, None)
    base = site.urls[path]
    if base is None:
        return f'<span class="nowrap">{h(label)}</span>'
    return f'<a href="{h(base)}{f"#L{line}" if line else ""}">{h(label)}</a>'


def po_url(project: Project, page_dir: Path, path: Path, line: int | None) -> str | None:
    """Where a PO file line is shown: ``[course] repository_url`` (a GitHub-style blob address);
    without it, a path relative to the page when the page is inside the project (it works where
    the dashboard is opened from a clone), and None when it is not: a relative path out of a
    site published elsewhere would lead nowhere."""
    course = project.config.get("course", {})
    anchor = f"#L{line}" if line else ""
    base = _repository_url(project)
    if base:
        branch = str(course.get("repository_branch", "main"))
        rel = Path(path).resolve().relative_to(project.root).as_posix()
        return f"{base.rstrip('/')}/blob/{_url_path(branch)}/{_url_path(rel)}{anchor}"
    if not Path(page_dir).resolve().is_relative_to(project.root):
        return None
    rel = os.path.relpath(Path(path).resolve(), page_dir)
    return _url_path(Path(rel).as_posix()) + anchor


def _repository_url(project: Project) -> str | None:
    base = project.config.get("course", {}).get("repository_url")
    if base and (not isinstance(base, str) or not re.match(r"https?://[^\s\"'<>]+$", base)):
        raise ConfigError("[course] repository_url must be an http(s) address", path=project.config_path,
                          fix='Write it as repository_url = "https://github.com/org/repo"')
    return base or None


def _url_path(text: str) -> str:
    from urllib.parse import quote
    return quote(text, safe="/-._~")


# -- trend -----------------------------------------------------------------------------------
def _trend(site: _Site, stats: LanguageStats) -> str:
    code = stats.language.code
    name = stats.language.info.english_name
    points = [(p, p.languages[code]) for p in site.points if code in p.languages]
    head = '<section aria-labelledby="trend-title">\n<h2 id="trend-title">Completeness over time</h2>\n'
    if not points:
        why = ("po/ has no commits for this language yet" if site.points
               else "the project is not in a git repository, or po/ has no commits yet")
        return head + f'<p class="muted">No history to show: {h(why)}.</p>\n</section>'
    first, last = points[0], points[-1]
    desc = (f"{name}: {fmt_percent(first[1].percent)} on {first[0].date}, "
            f"{fmt_percent(last[1].percent)} on {last[0].date}, over {len(points)} commit"
            f"{'s' if len(points) != 1 else ''} to po/ (one step each, dated where the date changes); "
            f"publish threshold {stats.threshold:g}%.")
    rows = "\n".join(
        f'<tr><td>{h(p.date)}</td><td><code>{h(p.commit[:10])}</code></td>'
        f'<td class="num">{h(fmt_percent(lp.percent))}</td><td class="num">{lp.translated}</td>'
        f'<td class="num">{lp.total}</td></tr>'
        for p, lp in reversed(points))
    return (
        head + _trend_svg(points, stats.threshold, f"Completeness of {name} over time", desc) +
        '\n<details><summary>The same data as a table</summary>\n'
        '<div class="scroll" role="region" aria-label="Completeness over time, table" tabindex="0">\n<table>\n'
        f"<caption>{h(name)}: translated share of English words after each commit to po/, newest first</caption>\n"
        '<thead><tr><th scope="col">Date</th><th scope="col">Commit</th><th scope="col" class="num">Translated</th>'
        '<th scope="col" class="num">Translated words</th><th scope="col" class="num">Words</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>\n</details>\n</section>"
    )


def _trend_svg(points: list, threshold: float, title: str, desc: str) -> str:
    """One equal step per commit (most commits can fall on one day: a time axis would squash them
    into a vertical spike), dated below where the date changes."""
    width, height, left, right, top, bottom = 640, 258, 44, 16, 12, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / (len(points) - 1) if len(points) > 1 else 0.0

    def x(index: int) -> float:
        return round(left + index * step if step else left + plot_w / 2, 1)

    def y(value: float) -> float:
        return round(top + plot_h * (1 - value / 100), 1)

    grid = "".join(
        f'<line x1="{left}" x2="{width - right}" y1="{y(v)}" y2="{y(v)}" stroke="#d0d0d0"/>'
        f'<text x="{left - 6}" y="{y(v) + 4}" text-anchor="end">{v}%</text>'
        for v in (0, 25, 50, 75, 100))
    limit = (f'<line x1="{left}" x2="{width - right}" y1="{y(threshold)}" y2="{y(threshold)}" '
             f'stroke="#14632b" stroke-dasharray="6 4"/>'
             f'<text x="{width - right}" y="{y(threshold) - 4}" text-anchor="end" fill="#14632b">'
             f'publish {threshold:g}%</text>')
    coords = [(x(i), y(lp.percent)) for i, (_, lp) in enumerate(points)]
    line = (f'<polyline fill="none" stroke="#0a53be" stroke-width="2" '
            f'points="{" ".join(f"{a},{b}" for a, b in coords)}"/>') if len(coords) > 1 else ""
    shown = coords if step >= 6 or len(coords) == 1 else coords[-1:]  # dots while they stay apart
    dots = "".join(f'<circle cx="{a}" cy="{b}" r="3" fill="#0a53be"/>' for a, b in shown)
    return (
        f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" aria-labelledby="trend-svg-title trend-svg-desc">'
        f'<title id="trend-svg-title">{h(title)}</title><desc id="trend-svg-desc">{h(desc)}</desc>'
        f'<g font-size="14" fill="{TEXT_COLOR}" font-family="system-ui,sans-serif">{grid}{limit}'
        f'{_date_axis(points, x, top + plot_h, width)}</g>'
        f"{line}{dots}</svg>\n<p class=\"small\">{h(desc)}</p>"
    )


def _date_axis(points: list, x, base: float, edge: int) -> str:
    """A tick where the date changes, and below it the date, on one of two rows, where there is
    room (the first and the latest date first; 'YYYY-MM-DD' at 14 px is about 80 units wide)."""
    changes = [i for i, (p, _) in enumerate(points) if i == 0 or p.date != points[i - 1][0].date]

    def span(i: int) -> tuple[float, float]:
        at = x(i)
        return (at - 84, at) if at + 84 > edge else (at, at + 84)

    rows: tuple[list[tuple[float, float]], ...] = ([], [])
    placed = {}
    for i in dict.fromkeys([changes[0], changes[-1], *changes[1:-1]]):
        low, high = span(i)
        for row, taken in enumerate(rows):
            if all(high + 6 < a or low - 6 > b for a, b in taken):
                taken.append((low, high))
                placed[i] = row
                break
    parts = []
    for i in changes:
        at, row = x(i), placed.get(i)
        parts.append(f'<line x1="{at}" x2="{at}" y1="{base}" y2="{base + 6}" stroke="{TEXT_COLOR}"/>')
        if row is not None:
            end = span(i)[0] < at
            parts.append(f'<text x="{at}" y="{base + 20 + 18 * row}" '
                         f'text-anchor="{"end" if end else "start"}">{h(points[i][0].date)}</text>')
    return "".join(parts)


# -- findings and entry lists ----------------------------------------------------------------
def _findings_section(site: _Site, stats: LanguageStats) -> str:
    head = '<section aria-labelledby="findings-title">\n<h2 id="findings-title">Glossary and check findings</h2>\n'
    if not site.checks_available:
        return head + '<p class="muted">QA checks are not available in this installation.</p>\n</section>'
    found = sorted(site.findings.get(stats.language.code, []),
                   key=lambda f: (not f.check.startswith("glossary"), str(f.path), f.line, f.check))
    if not found:
        return head + "<p>No findings.</p>\n</section>"
    lang = stats.language
    rows = []
    for f in found[:MAX_LISTED * 5]:
        where = _po_link(site, Path(f.path), f.line, f"{_rel(site.project, Path(f.path))}:{f.line}")
        rows.append(
            f'<tr><td class="nowrap">{where}</td><td class="nowrap"><code>{h(f.check)}</code></td><td>{h(f.severity)}</td>'
            f"<td>{h(f.message)}</td><td class=\"src\" lang=\"en\" dir=\"ltr\">{h(_clip(f.source))}</td>"
            f'<td class="tr" lang="{h(lang.code)}" dir="{h(lang.info.direction)}">{h(_clip(f.translation))}</td></tr>'
        )
    more = len(found) - len(rows)
    tail = f'<p class="small">{more} more not shown; run <code>qrl10n check {h(lang.code)}</code>.</p>' if more > 0 else ""
    return (
        head + '<div class="scroll" role="region" aria-labelledby="findings-title" tabindex="0">\n<table>\n'
        f"<caption>{len(found)} finding{'s' if len(found) != 1 else ''}: glossary first, then other checks</caption>\n"
        '<thead><tr><th scope="col">Where</th><th scope="col">Check</th><th scope="col">Severity</th>'
        '<th scope="col">What</th><th scope="col">English</th><th scope="col">Translation</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</div>\n{tail}</section>"
    )


def _entries_section(site: _Site, stats: LanguageStats, units: dict[str, list[poscan.Unit]],
                     which: str, title: str, explain: str) -> str:
    anchor = f"list-{which}"
    lang = stats.language
    parts = []
    total = 0
    for comp in stats.components:
        if comp.path is None:
            continue
        chosen = [u for u in units[comp.name] if _belongs(u, which)]
        if not chosen:
            continue
        total += len(chosen)
        parts.append(_entry_table(site, comp, chosen, which, lang))
    missing_files = [c for c in stats.components if c.path is None]
    note = ""
    if which == "untranslated" and missing_files:
        total += sum(c.entries.total for c in missing_files)
        note = (f'<p class="small">No PO file yet, so every entry is missing: '
                f'{h(", ".join(c.name for c in missing_files))}. '
                f"Run <code>qrl10n update {h(lang.code)}</code> to create them.</p>\n")
    body = "\n".join(parts) if parts or note else "<p>None.</p>"
    return (f'<section aria-labelledby="{anchor}">\n<h2 id="{anchor}">{h(title)} ({total})</h2>\n'
            f'<p class="small">{h(explain)}</p>\n{note}{body}\n</section>')


def _belongs(unit: poscan.Unit, which: str) -> bool:
    if which == "untranslated":
        return unit.state == "untranslated"
    if which == "machine":
        return unit.state == "fuzzy" and unit.machine
    return unit.state == "fuzzy" and not unit.machine


def _entry_table(site: _Site, comp: ComponentStats, chosen: list[poscan.Unit], which: str, lang: Language) -> str:
    assert comp.path is not None
    rel = _rel(site.project, comp.path)
    show_draft = which != "untranslated"
    rows = []
    for unit in chosen[:MAX_LISTED]:
        context = f'<br><span class="small muted">context: {h(unit.msgctxt)}</span>' if unit.msgctxt else ""
        draft = (f'<td class="tr" lang="{h(lang.code)}" dir="{h(lang.info.direction)}">{h(_clip(unit.translation))}</td>'
                 if show_draft else "")
        rows.append(f"<tr><td>{_po_link(site, comp.path, unit.line, f'line {unit.line}')}</td>"
                    f'<td class="src" lang="en" dir="ltr">{h(_clip(unit.source))}{context}</td>{draft}</tr>')
    more = len(chosen) - len(rows)
    tail = (f'<p class="small">{more} more in {_po_link(site, comp.path, None, rel)}.</p>' if more > 0 else "")
    draft_head = '<th scope="col">Draft</th>' if show_draft else ""
    return (
        f"<details{' open' if len(chosen) <= OPEN_UP_TO else ''}><summary>{h(comp.name)} ({h(comp.kind)}): {len(chosen)} "
        f"entr{'ies' if len(chosen) != 1 else 'y'}</summary>\n"
        f'<div class="scroll" role="region" aria-label="{h(comp.name)} {h(which)} entries" tabindex="0">\n<table>\n'
        f"<caption>{h(rel)}</caption>\n"
        f'<thead><tr><th scope="col">Line</th><th scope="col">English</th>{draft_head}</tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</div>\n{tail}</details>"
    )


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SOURCE else text[:MAX_SOURCE].rstrip() + "…"


@functools.lru_cache(maxsize=4096)
def _rel(project: Project, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(project.root).as_posix()
    except ValueError:
        return str(path)
