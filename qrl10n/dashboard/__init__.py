"""dashboard: the coordinators' static site (build/dashboard/), one folder to publish anywhere.

- ``index.html``: a language x module heatmap (pages and videos apart, active then planned
  languages), a summary table, and the README badges;
- ``lang/<code>.html``: what is missing, fuzzy, machine-made and awaiting review, the glossary
  and QA findings with links to the PO lines, and a completeness trend from git history;
- ``badges/<code>.svg``, ``badges/overall.svg``; ``status.json`` (``status --format json``).

The numbers are status's (``model``); the pages, the trend chart and the badges are Jinja2
templates (``templates/``, rendered by ``render``) that escape everything they print; ``write``
writes only what changed. Every page is self-contained (inline CSS and SVG, no script, no web
font, no network) and carries a Content-Security-Policy that forbids loading anything. Tables
are real tables (caption, scoped headers), colours carry the number as text too and keep dark
text at AA contrast, translations carry their ``lang`` and ``dir``. Pages hold no timestamp but
the date of the last commit to po/, so rebuilding an unchanged project changes no file.
"""

from __future__ import annotations

from .model import HEAT_COLORS, TEXT_COLOR, heat_class, po_url, short_labels
from .write import write_dashboard

__all__ = ["HEAT_COLORS", "TEXT_COLOR", "heat_class", "po_url", "short_labels", "write_dashboard"]
