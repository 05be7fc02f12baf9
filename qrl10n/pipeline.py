"""run: every stage in order, each skipped cheaply when its inputs did not change."""

from __future__ import annotations

from collections.abc import Iterator

from .model import FileResult
from .project import Project


def run_pipeline(project: Project, *, progress: bool = False) -> Iterator[tuple[str, list[FileResult]]]:
    """Yield (stage name, results) as each stage finishes: extract, update, annotate, build, dashboard."""
    from .build import build
    from .extract import extract
    from .update import update

    yield "extract", extract(project)
    yield "update", update(project)
    if project.glossary_path.exists():
        from .glossary import annotate
        yield "glossary annotate", annotate(project)
    yield "build", build(project)
    from .dashboard import write_dashboard
    yield "dashboard", write_dashboard(project)
