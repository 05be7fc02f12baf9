"""Write the dashboard's files: only those whose content changed, and with a run cache only the
language pages whose inputs moved."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..cache import FileMemo, RunCache
from ..files import write_if_changed
from ..jsontext import pretty
from ..model import FileResult
from ..project import Project
from ..status import LanguageStats, as_json
from .model import Site, gather
from .render import MARK, language_badge, overall_badge, render_index, render_language


def write_dashboard(project: Project, out_dir: Path | None = None, *, cache: RunCache | None = None) -> list[FileResult]:
    """Write the dashboard to ``out_dir`` (default build/dashboard/); unchanged files stay untouched.

    With ``cache`` (``qrl10n run``), a language page whose inputs are as they were when it was
    last written (its PO files, its numbers and findings, the history, qrl10n.toml, the page
    itself) is not made again: after one PO file changed, one language page is rendered.
    """
    out_dir = (out_dir or project.build_dir / "dashboard").resolve()
    site = gather(project, out_dir)
    pages: dict[Path, str] = {out_dir / "index.html": render_index(site)}
    pages[out_dir / "status.json"] = pretty(as_json(site.stats)) + "\n"
    kept: list[Path] = []
    units: dict[Path, tuple[str, list[Path], str]] = {}
    lists = FileMemo(project.root, "dashboard-lists", libraries=False)  # each PO file's listed entries
    for lang in site.stats:
        page = out_dir / "lang" / f"{lang.language.code}.html"
        if cache is not None:
            unit, inputs, extra = _page_unit(site, lang)
            if page.is_file() and cache.fresh(unit, cache.unit_digest(inputs, [page], extra=extra)):
                kept.append(page)
            else:
                units[page] = (unit, inputs, extra)
        if page not in kept:
            pages[page] = render_language(site, lang, lists)
        pages[out_dir / "badges" / f"{lang.language.code}.svg"] = language_badge(lang, standalone=True)
    pages[out_dir / "badges" / "overall.svg"] = overall_badge(site.stats, standalone=True)
    lists.save()
    results = [FileResult(path, write_if_changed(path, text.encode("utf-8"))) for path, text in pages.items()]
    results += [FileResult(page, False) for page in kept]
    if cache is not None:
        for page, (unit, inputs, extra) in units.items():
            cache.record(unit, cache.unit_digest(inputs, [page], extra=extra))
    results.extend(_remove_stale(out_dir, set(pages) | set(kept)))
    return results


def _page_unit(site: Site, stats: LanguageStats) -> tuple[str, list[Path], str]:
    """(cache unit, input files, digest of the numbers) of one language page."""
    code = stats.language.code
    findings = [(str(f.path), f.line, f.check, f.severity, f.message, f.source, f.translation)
                for f in site.findings.get(code, [])]
    numbers = json.dumps([as_json([stats]), findings, [repr(point) for point in site.points], str(site.out_dir),
                          site.checks_available], ensure_ascii=False, sort_keys=True)
    inputs = [c.path for c in stats.components if c.path is not None]
    return f"dashboard:{code}", inputs, hashlib.blake2b(numbers.encode("utf-8"), digest_size=16).hexdigest()


def _remove_stale(out_dir: Path, written: set[Path]) -> list[FileResult]:
    """Our pages and badges of languages no longer in qrl10n.toml; files we did not make stay."""
    removed = []
    for folder, suffix in (("lang", ".html"), ("badges", ".svg")):
        for path in sorted((out_dir / folder).glob(f"*{suffix}")):
            if path not in written and path.is_file() and MARK.encode() in path.read_bytes()[:2048]:
                path.unlink()
                removed.append(FileResult(path, True, "removed"))
    return removed
