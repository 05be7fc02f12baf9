"""run: every stage in order, each unit of work skipped when its inputs did not change.

The stages share one RunCache (qrl10n.cache): a template, a PO file or a language's pages of a
module is only parsed when a file it reads changed since the last run, so an unchanged course
is checked with a ``stat`` per file. Glossary annotation and the dashboard read every PO file;
they run when any of those files changed.
"""

from __future__ import annotations

from collections.abc import Iterator

from .cache import RunCache
from .model import FileResult
from .project import Project


def run_pipeline(project: Project, *, progress: bool = False,
                 jobs: int | None = None) -> Iterator[tuple[str, list[FileResult]]]:
    """Yield (stage name, results) as each stage finishes: extract, update, annotate, build, dashboard
    (and package, when qrl10n.toml's [package] formats names any).

    Extract, update and build spread components and languages over up to ``jobs`` processes (qrl10n.parallel).
    """
    from .build import build
    from .extract import extract
    from .update import update

    cache = RunCache(project.root)
    try:
        yield "extract", extract(project, cache=cache, jobs=jobs)
        yield "update", update(project, cache=cache, jobs=jobs)
        po_files = sorted(project.po_dir.glob("*/*.po"))
        if project.glossary_path.exists():
            # per PO file: after a one-page change only that module's files are read again
            def stale(path) -> bool:
                return not cache.fresh(f"annotate:{path.name}:{path.parent.name}",
                                       cache.unit_digest([project.glossary_path, path]))
            todo = {path for path in po_files if stale(path)}
            if not todo:
                yield "glossary annotate", []
            else:
                from .glossary import annotate
                yield "glossary annotate", annotate(project, only=todo.__contains__)
                for path in todo:
                    cache.record(f"annotate:{path.name}:{path.parent.name}",
                                 cache.unit_digest([project.glossary_path, path]))
        yield "build", build(project, cache=cache, jobs=jobs)
        dashboard_inputs = [*po_files, *([project.glossary_path] if project.glossary_path.exists() else []),
                            *_git_head(project)]
        dashboard_dir = project.build_dir / "dashboard"
        digest = cache.unit_digest(dashboard_inputs, [dashboard_dir / "index.html"])
        if cache.fresh("dashboard", digest):
            yield "dashboard", []
        else:
            from .dashboard import write_dashboard
            yield "dashboard", write_dashboard(project, cache=cache)
            cache.record("dashboard", cache.unit_digest(dashboard_inputs, [dashboard_dir / "index.html"]))
        if project.package_settings.formats:
            from .package import PackageOptions, package
            yield "package", package(project, options=PackageOptions(project.package_settings.formats),
                                     cache=cache, jobs=jobs)
    finally:
        cache.save()


def _git_head(project: Project) -> list:
    """The files that change when a commit is made, so the dashboard's history stays current."""
    head = project.root / ".git" / "HEAD"
    if not head.exists():
        return []
    files = [head]
    ref = head.read_text("utf-8").strip()
    if ref.startswith("ref: "):
        files.append(project.root / ".git" / ref[5:])
    return files
