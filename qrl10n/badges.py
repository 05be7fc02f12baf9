"""SVG badges like Weblate's widgets ("translated | 87%"), for READMEs and the dashboard: their
colours and text metrics (the dashboard's template ``badge.svg.j2`` draws them).

Flat, 20 px high, no ids (so several can be inlined in one page), a ``<title>`` and an
``aria-label`` for screen readers, and colours that keep white text at WCAG AA contrast
(4.5:1 or more). Text widths are estimated from Verdana's metrics and pinned with
``textLength``, so the badge looks the same whatever font the viewer has.
"""

from __future__ import annotations

LABEL_COLOR = "#555555"
READY_COLOR = "#1a7f37"  # at or above the publish threshold
FAIR_COLOR = "#8a5300"  # half-way there
LOW_COLOR = "#c4201f"  # under half
PLANNED_COLOR = "#5a5a8c"  # not started: planned languages

# Advance widths of Verdana 11 px (the font shields.io and Weblate badges assume), by character class.
_NARROW = set("fijlrt.,:;!|'()[] ")
_WIDE = set("mwMW%")


def text_width(text: str) -> float:
    """Approximate rendered width in pixels of ``text`` in Verdana 11 px."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 4.0
        elif char in _WIDE:
            width += 10.5
        elif char.isupper() or char.isdigit():
            width += 7.5
        else:
            width += 6.6
    return round(width, 1)


def percent_color(percent: float, threshold: float, *, planned: bool = False) -> str:
    if planned:
        return PLANNED_COLOR
    if percent >= threshold:
        return READY_COLOR
    return FAIR_COLOR if percent >= 50 else LOW_COLOR

