"""index.html: the language x module heatmap, the summary table and the README badges."""

from __future__ import annotations

from collections import Counter

from ..project import Module
from ..status import fmt_percent
from .shared import (
    HEAT_CLASSES,
    WORDS_NOTE,
    Site,
    h,
    heat_class,
    html_page,
    inline_svg,
    language_label,
    last_change,
    overall,
    overall_badge,
    publish_tag,
)


def render_index(site: Site) -> str:
    project = site.project
    value, active = overall(site.stats)
    modules = [m for m in project.modules if any(c.module == m for c in project.components)]
    intro = (
        f"<p>{h(fmt_percent(value))} of the English course (counted in source words) is translated, "
        f"over {active} active language{'s' if active != 1 else ''}. A language is ready to publish at "
        f"{h(f'{project.publish_percent:g}')}% unless its settings say otherwise.{last_change(site.points)}</p>"
    )
    body = [
        "<header>",
        f"<h1>Translation status: {h(project.name)}</h1>",
        intro,
        f'<p>{inline_svg(overall_badge(site.stats))}</p>',
        "</header>",
        "<main>",
        _heatmap(site, modules),
        _summary(site),
        _badge_section(site),
        "</main>",
    ]
    return html_page(f"Translation status: {project.name}", "\n".join(body))


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


def _heatmap(site: Site, modules: list[Module]) -> str:
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
            f'<a href="lang/{h(lang.language.code)}.html">{language_label(lang.language)}</a>'
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


def _summary(site: Site) -> str:
    rows = []
    for s in site.stats:
        found = s.findings
        gloss = str(found.glossary) if found else "–"
        checks = str(found.checks) if found else "–"
        pages, videos = s.kind("pages"), s.kind("videos")
        rows.append(
            f'<tr><th scope="row"><a href="lang/{h(s.language.code)}.html">{h(s.language.info.english_name)}</a></th>'
            f'<td>{publish_tag(s)}</td>'
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


def _badge_section(site: Site) -> str:
    items = ['<li><code>![translated](badges/overall.svg)</code></li>']
    for s in site.stats:
        name = s.language.info.english_name
        items.append(f"<li><code>![{h(name)} translation](badges/{h(s.language.code)}.svg)</code></li>")
    return (
        '<section aria-labelledby="badges-title">\n<h2 id="badges-title">Badges</h2>\n'
        "<p>SVG badges for READMEs live in <code>badges/</code> next to this page; link them from where the "
        "dashboard is published:</p>\n<ul>" + "".join(items) + "</ul>\n</section>"
    )
