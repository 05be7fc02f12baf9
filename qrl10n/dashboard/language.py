"""lang/<code>.html: a language's components, completeness trend, findings and entry lists."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import ConfigError
from ..formats.po import scan as poscan
from ..project import Language, Project
from ..status import ComponentStats, LanguageStats, fmt_percent
from .shared import (
    MAX_LISTED,
    OPEN_UP_TO,
    TEXT_COLOR,
    WORDS_NOTE,
    Site,
    clip,
    h,
    heat_class,
    html_page,
    inline_svg,
    language_badge,
    language_label,
    publish_tag,
    rel_path,
)


def render_language(site: Site, stats: LanguageStats) -> str:
    language = stats.language
    code = language.code
    texts = {c.name: poscan.read_po_text(c.path) for c in stats.components if c.path}
    units = {name: poscan.units(text) for name, text in texts.items()}
    teams = sorted({team for text in texts.values() if (team := poscan.metadata(text).get("Language-Team", ""))})
    body = [
        f'<nav class="small"><a href="../index.html">← {h(site.project.name)}: all languages</a></nav>',
        "<header>",
        f"<h1>{language_label(language)} <span class=\"muted\">({h(code)})</span></h1>",
        f"<p>{publish_tag(stats)} {h(fmt_percent(stats.percent))} of English words translated; "
        f"threshold {h(f'{stats.threshold:g}')}%.</p>",
        f'<p class="small">{inline_svg(language_badge(stats))}</p>',
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
    return html_page(f"{language.info.english_name}: translation status of {site.project.name}", "\n".join(body))


def _components_table(site: Site, stats: LanguageStats) -> str:
    """One row per component; its name links to its PO file (a column of paths made the table
    wider than a 1280 px screen)."""
    folder = rel_path(site.project, site.project.po_dir / stats.language.code) + "/"
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


def _link_note(site: Site) -> str:
    """Why PO files are not links, when they are not, and how to make them links."""
    if _repository_url(site.project) or site.out_dir.is_relative_to(site.project.root):
        return ""
    return (" PO files and lines are named, not linked, because this dashboard is published outside the "
            "project; set <code>repository_url</code> under <code>[course]</code> in qrl10n.toml to link "
            "them to the repository.")


def _po_link(site: Site, path: Path, line: int | None, label: str) -> str:
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


def _trend(site: Site, stats: LanguageStats) -> str:
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


def _findings_section(site: Site, stats: LanguageStats) -> str:
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
        where = _po_link(site, Path(f.path), f.line, f"{rel_path(site.project, Path(f.path))}:{f.line}")
        rows.append(
            f'<tr><td class="nowrap">{where}</td><td class="nowrap"><code>{h(f.check)}</code></td><td>{h(f.severity)}</td>'
            f"<td>{h(f.message)}</td><td class=\"src\" lang=\"en\" dir=\"ltr\">{h(clip(f.source))}</td>"
            f'<td class="tr" lang="{h(lang.code)}" dir="{h(lang.info.direction)}">{h(clip(f.translation))}</td></tr>'
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


def _entries_section(site: Site, stats: LanguageStats, units: dict[str, list[poscan.Unit]],
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


def _entry_table(site: Site, comp: ComponentStats, chosen: list[poscan.Unit], which: str, lang: Language) -> str:
    assert comp.path is not None
    rel = rel_path(site.project, comp.path)
    show_draft = which != "untranslated"
    rows = []
    for unit in chosen[:MAX_LISTED]:
        context = f'<br><span class="small muted">context: {h(unit.msgctxt)}</span>' if unit.msgctxt else ""
        draft = (f'<td class="tr" lang="{h(lang.code)}" dir="{h(lang.info.direction)}">{h(clip(unit.translation))}</td>'
                 if show_draft else "")
        rows.append(f"<tr><td>{_po_link(site, comp.path, unit.line, f'line {unit.line}')}</td>"
                    f'<td class="src" lang="en" dir="ltr">{h(clip(unit.source))}{context}</td>{draft}</tr>')
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
