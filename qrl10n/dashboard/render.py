"""Render the dashboard's pages and SVG from the Jinja2 templates in ``templates/``.

Autoescape is on and every ``{{ value }}`` goes through ``html.escape`` (``finalize``), so text
from a PO file or qrl10n.toml reaches the pages escaped wherever the template puts it: text,
attribute or SVG. Only markup we render ourselves (a badge, a macro) is passed on as is.
StrictUndefined turns a misspelt name into an error instead of an empty cell.
"""

from __future__ import annotations

import functools
from dataclasses import astuple, dataclass
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import badges
from ..cache import FileMemo
from ..formats.po import scan as poscan
from ..status import ComponentStats, LanguageStats, fmt_percent
from . import model
from .trend import trend

MARK = "<!-- made by qrl10n dashboard -->"  # what tells our files from others in the output folder
BADGE_PAD = 6


def _finalize(value: object) -> object:
    """Escape as ``html.escape`` does (``'`` as ``&#x27;``), so pages stay as they were written."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(str(value), quote=True))


@functools.cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("qrl10n.dashboard", "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(pct=fmt_percent, g=lambda value: f"{value:g}", heat=model.heat_class, clip=model.clip)
    env.globals.update(mark=Markup(MARK), text_color=model.TEXT_COLOR, heat_colors=model.HEAT_COLORS,
                       label_color=badges.LABEL_COLOR, pad=BADGE_PAD, open_up_to=model.OPEN_UP_TO)
    return env


def _render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def badge(label: str, value: str, color: str, *, standalone: bool) -> str:
    """A badge: an SVG file of its own (``standalone``) or markup to inline in a page."""
    left = round(badges.text_width(label) + 2 * BADGE_PAD)
    right = round(badges.text_width(value) + 2 * BADGE_PAD)
    shape = {"label": label, "value": value, "color": color, "left": left, "right": right,
             "width": left + right, "title": f"{label}: {value}"}
    return _render("badge.svg.j2", b=shape, standalone=standalone, mark=Markup(MARK) if standalone else "")


def language_badge(stats: LanguageStats, *, standalone: bool) -> str:
    planned = stats.language.state == "planned"
    color = badges.percent_color(stats.percent, stats.threshold, planned=planned)
    return badge(f"{stats.language.info.english_name} translated", fmt_percent(stats.percent), color,
                 standalone=standalone)


def overall_badge(stats: list[LanguageStats], *, standalone: bool) -> str:
    value, _ = model.overall(stats)
    thresholds = [s.threshold for s in stats if s.language.state == "active"] or [90.0]
    return badge("translated", fmt_percent(value), badges.percent_color(value, min(thresholds)),
                 standalone=standalone)


def render_index(site: model.Site) -> str:
    project = site.project
    value, active = model.overall(site.stats)
    modules = [m for m in project.modules if any(c.module == m for c in project.components)]
    labels = model.short_labels(modules)
    comps = {(c.module.id, c.kind): c for c in project.components}
    heads = [(m, [k for k in ("pages", "videos") if (m.id, k) in comps]) for m in modules]
    columns = [(m, k) for m, kinds in heads for k in kinds]
    groups: dict[str, list[dict[str, Any]]] = {"active": [], "planned": []}
    for lang in site.stats:
        by_name = {c.name: c for c in lang.components}
        name = lang.language.info.english_name
        cells = [(lang.percent, f"{name}, all modules")]
        cells += [(by_name[comps[(m.id, k)].name].percent, f"{name}, {labels[m.id]} {m.title}, {k}")
                  for m, k in columns]
        groups[lang.language.state].append({"state": lang.language.state, "language": lang.language,
                                            "cells": cells})
    return _render(
        "index.html.j2", lang="en", title=f"Translation status: {project.name}", project=project,
        overall=value, active=active, last=site.points[-1] if site.points else None,
        badge=Markup(overall_badge(site.stats, standalone=False)),
        legend=[(bound, name) for bound, name in reversed(model.HEAT_CLASSES)], modules=modules,
        labels=labels, heads=heads, columns=columns, groups=[(s, rows) for s, rows in groups.items() if rows],
        grouped=bool(groups["planned"]), stats=site.stats, checks_available=site.checks_available)


@dataclass(frozen=True, slots=True)
class EntryTable:
    """The entries of one PO file in one list (missing, fuzzy, machine), as many as are shown."""

    component: ComponentStats
    shown: list[poscan.Unit]  # the first MAX_LISTED
    count: int  # all of them
    rel: str  # the PO file's path in the project

    @property
    def more(self) -> int:
        return self.count - len(self.shown)


@dataclass(frozen=True, slots=True)
class EntryList:
    which: str  # untranslated | fuzzy-human | machine
    title: str
    explain: str
    tables: list[EntryTable]
    missing: list[ComponentStats]  # components without a PO file (listed under untranslated)
    total: int


LISTS = (
    ("untranslated", "Missing translations", "Entries with no translation yet (a learner sees the English text)."),
    ("fuzzy-human", "Fuzzy: drafts waiting for review",
     "Human or imported drafts marked fuzzy; not shown to learners until reviewed."),
    ("machine", "Machine translations waiting for review",
     "Made by a translation engine; a translator must review each before it counts."),
)


def render_language(site: model.Site, stats: LanguageStats, memo: FileMemo | None = None) -> str:
    """A language's page; what each PO file contributes (its team, its listed entries) comes
    from ``memo`` while the file is unchanged: a page edit re-renders every language's page."""
    language = stats.language
    files = {c.name: file_lists(c.path, memo) for c in stats.components if c.path}
    teams = sorted({team for team, _ in files.values() if team})
    units = {name: lists for name, (_, lists) in files.items()}
    project = site.project
    return _render(
        "language.html.j2", lang="en", title=f"{language.info.english_name}: translation status of {project.name}",
        project=project, language=language, stats=stats, teams=teams,
        badge=Markup(language_badge(stats, standalone=False)), link=site.po_link,
        explain_links=model.links_explained(site), folder=model.rel(project, project.po_dir / language.code) + "/",
        trend=trend(stats, site.points), any_history=bool(site.points), checks_available=site.checks_available,
        findings=_findings(site, stats), lists=[_entries(site, stats, units, *spec) for spec in LISTS])


def _findings(site: model.Site, stats: LanguageStats) -> dict[str, Any]:
    found = sorted(site.findings.get(stats.language.code, []),
                   key=lambda f: (not f.check.startswith("glossary"), str(f.path), f.line, f.check))
    rows = [{"finding": f, "href": site.po_link(Path(f.path), f.line),
             "label": f"{model.rel(site.project, Path(f.path))}:{f.line}"} for f in found[:model.MAX_LISTED * 5]]
    return {"total": len(found), "rows": rows, "more": len(found) - len(rows)}


def _entries(site: model.Site, stats: LanguageStats, units: dict[str, dict[str, tuple[int, list[poscan.Unit]]]],
             which: str, title: str, explain: str) -> EntryList:
    tables = []
    for comp in stats.components:
        count, shown = units[comp.name][which] if comp.path else (0, [])
        if count and comp.path is not None:
            tables.append(EntryTable(comp, shown, count, model.rel(site.project, comp.path)))
    missing = [c for c in stats.components if c.path is None] if which == "untranslated" else []
    total = sum(t.count for t in tables) + sum(c.entries.total for c in missing)
    return EntryList(which, title, explain, tables, missing, total)


def file_lists(path: Path, memo: FileMemo | None = None) -> tuple[str, dict[str, tuple[int, list[poscan.Unit]]]]:
    """A PO file's Language-Team and, per list of ``LISTS``, how many of its entries belong there
    and the first MAX_LISTED of them (remembered in ``memo`` while the file is unchanged)."""
    def compute(path: Path) -> list[Any]:
        text = poscan.read_po_text(path)
        units = poscan.units(text)
        lists = {}
        for which, _, _ in LISTS:
            chosen = [u for u in units if model.belongs(u, which)]
            lists[which] = [len(chosen), [list(astuple(u)) for u in chosen[:model.MAX_LISTED]]]
        return [poscan.metadata(text).get("Language-Team", ""), lists]

    team, lists = memo.get(path, compute) if memo is not None else compute(path)
    return team, {which: (count, [poscan.Unit(*fields) for fields in shown]) for which, (count, shown) in lists.items()}
