"""extract: English pages and subtitles -> po/templates/<component>.pot.

One template per component, entries in source order, identical texts merged into one entry
with every reference (as xgettext does). Nothing in a template depends on time or on the
machine, so extracting an unchanged source rewrites no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalog
from .cache import RunCache
from .kinds import adapter
from .model import FileResult, Segment
from .parallel import run_each
from .project import Component, Project


def extract(project: Project, *, check: bool = False, cache: RunCache | None = None,
            jobs: int | None = None) -> list[FileResult]:
    """Write (or with ``check``, only compare) every component's template.

    With a ``cache``, a component whose sources and template are as the last run left them is
    not parsed again. Components are extracted in up to ``jobs`` processes (qrl10n.parallel).
    """
    results: list[FileResult | None] = []
    work: list[tuple[int, str]] = []
    for component in project.components:
        path = project.template_path(component)
        if cache is not None and cache.fresh(f"extract:{component.name}", cache.unit_digest(component.sources, [path])):
            results.append(FileResult(path, False))
            continue
        results.append(None)
        work.append((len(results) - 1, component.name))
    done = run_each(_ExtractJob(project, check), [name for _, name in work], jobs=jobs)
    for (index, name), result in zip(work, done):
        results[index] = result
        if cache is not None and not check:
            component = project.component(name)
            cache.record(f"extract:{name}", cache.unit_digest(component.sources, [result.path]))
    return results  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class _ExtractJob:
    """One component's template, picklable so that components can run in worker processes."""

    project: Project
    check: bool

    def __call__(self, name: str) -> FileResult:
        component = self.project.component(name)
        path = self.project.template_path(component)
        text = catalog.dumps(build_template(self.project, component))
        current = path.read_bytes() if path.exists() else None
        changed = current != text.encode("utf-8")
        if changed and not self.check:
            catalog.save_text(text, path)
        return FileResult(path, changed)


def build_template(project: Project, component: Component, language: str | None = None) -> catalog.Catalog:
    """The component's template; for videos with ``language``'s own subtitle limits (its cue
    budgets and max-length flags), the course's segmentation kept so the msgids are the same."""
    template = catalog.new_catalog()
    template.header = (f"{project.name}: {component.module.title} ({component.kind}).\n"
                       "Template made by qrl10n from the English source; do not edit by hand.")
    template.metadata = template_metadata(project, component)
    by_key: dict[tuple[str | None, str], catalog.Entry] = {}
    for source in component.sources:
        reference = source.relative_to(project.root).as_posix()
        for segment in segments_of(project, component, source, language):
            entry_key = (segment.context, segment.text)
            entry = by_key.get(entry_key)
            if entry is None:
                entry = catalog.new_entry(msgid=segment.text, msgstr="", msgctxt=segment.context,
                                          comment="\n".join([segment.kind, *segment.notes]),
                                          flags=list(segment.flags))
                by_key[entry_key] = entry
                template.append(entry)
            else:
                extra = [n for n in [segment.kind, *segment.notes] if n not in entry.comment.split("\n")]
                if extra:
                    entry.comment = "\n".join([entry.comment, *extra])
            entry.occurrences.append((reference, str(segment.line)))
    return template


def template_metadata(project: Project, component: Component) -> dict[str, str]:
    return {
        "Project-Id-Version": f"{project.name} {component.name}",
        "Report-Msgid-Bugs-To": project.settings.course.team_url,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "qrl10n",
    }


def segments_of(project: Project, component: Component, source: Path, language: str | None = None) -> list[Segment]:
    """The segments of one English file, through the adapter for its kind."""
    return adapter(component).segments(project, source, language)
