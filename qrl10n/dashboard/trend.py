"""The completeness trend of one language: where every mark of the SVG chart goes.

One equal step per commit (most commits can fall on one day: a time axis would squash them into
a vertical spike), dated below where the date changes. Only numbers are computed here; the
template ``trend.svg.j2`` writes the chart and escapes the texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..history import Point
from ..status import LanguageStats, fmt_percent
from .model import TrendPoint

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 258, 44, 16, 12, 52
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
LABEL_WIDTH = 84  # 'YYYY-MM-DD' at 14 px is about 80 units wide


@dataclass(frozen=True, slots=True)
class Tick:
    """A tick where the date changes; its date on row 0 or 1 below it, or no date (no room)."""

    at: float
    row: int | None
    end: bool  # the label ends at the tick (it would run off the right edge)
    date: str


@dataclass(frozen=True, slots=True)
class Trend:
    points: list[TrendPoint]
    title: str
    desc: str
    threshold: float
    coords: list[tuple[float, float]]
    dots: list[tuple[float, float]]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    base: float = TOP + PLOT_H

    def y(self, value: float) -> float:
        return round(TOP + PLOT_H * (1 - value / 100), 1)


def trend(stats: LanguageStats, history: list[Point]) -> Trend | None:
    """The chart of one language, or None when the history holds nothing for it."""
    code = stats.language.code
    name = stats.language.info.english_name
    points = [(p, p.languages[code]) for p in history if code in p.languages]
    if not points:
        return None
    first, last = points[0], points[-1]
    desc = (f"{name}: {fmt_percent(first[1].percent)} on {first[0].date}, "
            f"{fmt_percent(last[1].percent)} on {last[0].date}, over {len(points)} commit"
            f"{'s' if len(points) != 1 else ''} to po/ (one step each, dated where the date changes); "
            f"publish threshold {stats.threshold:g}%.")
    step = PLOT_W / (len(points) - 1) if len(points) > 1 else 0.0
    xs = [_x(i, step) for i in range(len(points))]
    coords = [(xs[i], round(TOP + PLOT_H * (1 - lp.percent / 100), 1)) for i, (_, lp) in enumerate(points)]
    dots = coords if step >= 6 or len(coords) == 1 else coords[-1:]  # dots while they stay apart
    return Trend(points, f"Completeness of {name} over time", desc, stats.threshold, coords, dots,
                 _ticks(points, xs))


def _x(index: int, step: float) -> float:
    return round(LEFT + index * step if step else LEFT + PLOT_W / 2, 1)


def _ticks(points: list[TrendPoint], xs: list[float]) -> list[Tick]:
    """Place the dates on one of two rows where there is room, the first and the latest first."""
    changes = [i for i, (p, _) in enumerate(points) if i == 0 or p.date != points[i - 1][0].date]

    def span(i: int) -> tuple[float, float]:
        at = xs[i]
        return (at - LABEL_WIDTH, at) if at + LABEL_WIDTH > WIDTH else (at, at + LABEL_WIDTH)

    rows: tuple[list[tuple[float, float]], ...] = ([], [])
    placed: dict[int, int] = {}
    for i in dict.fromkeys([changes[0], changes[-1], *changes[1:-1]]):
        low, high = span(i)
        for row, taken in enumerate(rows):
            if all(high + 6 < a or low - 6 > b for a, b in taken):
                taken.append((low, high))
                placed[i] = row
                break
    return [Tick(xs[i], placed.get(i), span(i)[0] < xs[i], points[i][0].date) for i in changes]
