"""What every dashboard page shares: the gathered site, the style, escaping, the page frame,
language labels and badges.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .. import badges
from ..history import Point
from ..model import Finding
from ..project import Language, Project
from ..status import LanguageStats, fmt_percent

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
class Site:
    """Everything the pages are made from, gathered once."""

    project: Project
    out_dir: Path
    stats: list[LanguageStats]
    points: list[Point]
    findings: dict[str, list[Finding]] = field(default_factory=dict)  # by language; absent: checks not run
    checks_available: bool = False
    urls: dict[Path, str | None] = field(default_factory=dict)  # PO file -> its address from a language page


def h(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return escape(str(value), quote=True)


def heat_class(value: float) -> str:
    return next(name for bound, name in HEAT_CLASSES if value >= bound)


def html_page(title: str, body: str, *, lang: str = "en") -> str:
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


def publish_tag(stats: LanguageStats) -> str:
    if stats.language.state == "planned":
        return '<span class="tag">planned</span>'
    if stats.ready:
        return '<span class="tag ready">ready to publish</span>'
    return f'<span class="tag notyet">below {h(f"{stats.threshold:g}")}%</span>'


def language_label(language: Language) -> str:
    info = language.info
    native = ""
    if info.native_name.casefold() != info.english_name.casefold():
        native = f' <span lang="{h(language.code)}" dir="{h(info.direction)}">{h(info.native_name)}</span>'
    return f"{h(info.english_name)}{native}"


def last_change(points: list[Point]) -> str:
    if not points:
        return ""
    last = points[-1]
    return f" Last change to the PO files: {h(last.date)} (commit <code>{h(last.commit[:10])}</code>)."


def overall(stats: list[LanguageStats]) -> tuple[float, int]:
    """Share of English words translated over all active languages, and how many are active."""
    active = [s for s in stats if s.language.state == "active"]
    total = sum(s.words.total for s in active)
    done = sum(s.words.translated for s in active)
    return (round(100.0 * done / total, 2) if total else 0.0), len(active)


def language_badge(stats: LanguageStats) -> str:
    planned = stats.language.state == "planned"
    color = badges.percent_color(stats.percent, stats.threshold, planned=planned)
    return badges.badge(f"{stats.language.info.english_name} translated", fmt_percent(stats.percent), color)


def overall_badge(stats: list[LanguageStats]) -> str:
    value, _ = overall(stats)
    thresholds = [s.threshold for s in stats if s.language.state == "active"] or [90.0]
    return badges.badge("translated", fmt_percent(value), badges.percent_color(value, min(thresholds)))


def mark_svg(svg: str) -> str:
    return svg.replace("<title>", f"{MARK}<title>", 1)


def inline_svg(svg: str) -> str:
    return svg.replace(' xmlns="http://www.w3.org/2000/svg"', "").strip()


def clip(text: str) -> str:
    return text if len(text) <= MAX_SOURCE else text[:MAX_SOURCE].rstrip() + "…"


@functools.lru_cache(maxsize=4096)
def rel_path(project: Project, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(project.root).as_posix()
    except ValueError:
        return str(path)
