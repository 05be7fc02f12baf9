"""build: PO files + English sources -> localized pages and subtitles under build/<lang>/.

Pages go to ``build/<lang>/modules/<module>/<page>.md`` and ``.html``; subtitles to
``build/<lang>/subtitles/<module>/<video>.srt`` and ``.vtt``. An entry that is untranslated
or fuzzy shows the English text, so a learner never sees a blank or an unreviewed draft
(``include_fuzzy`` lets reviewers preview drafts).
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .addenda import extra_pages
from .cache import RunCache, Unit, run_changed
from .errors import SourceError
from .files import read_input, remove_stale_temporaries, write_if_changed
from .formats.po import catalog
from .kinds import adapter
from .model import FileResult, Segment
from .project import Component, Language, Project


@dataclass(frozen=True, slots=True)
class BuildOptions:
    include_fuzzy: bool = False
    min_percent: float = 0.0


def build(project: Project, codes: tuple[str, ...] = (), options: BuildOptions = BuildOptions(),
          cache: RunCache | None = None, jobs: int | None = None) -> list[FileResult]:
    """Build every selected language; languages below ``min_percent`` are skipped (reported, not built).

    Languages are built in up to ``jobs`` processes (qrl10n.parallel); results keep their order.
    """
    languages = project.select_languages(codes)
    skipped: dict[str, FileResult] = {}
    units: list[Unit[list[FileResult]]] = []
    for language in languages:
        remove_stale_temporaries(project.build_dir / language.code)
        below = _below_threshold(project, language, options.min_percent) if options.min_percent > 0 else None
        if below is not None:
            skipped[language.code] = below
            continue
        units += [Unit(_unit(language, component, options),
                       functools.partial(_unit_digest, project, cache, language, component),
                       (language.code, component.name),
                       functools.partial(_unchanged, project, language, component))
                  for component in project.components]
    built = iter(run_changed(cache, units, _BuildJob(project, options), jobs=jobs))
    results: list[FileResult] = []
    for language in languages:
        if language.code in skipped:
            results.append(skipped[language.code])
            continue
        for _ in project.components:
            results += next(built)
    return results


def _below_threshold(project: Project, language: Language, min_percent: float) -> FileResult | None:
    """The language's result when it is under ``min_percent``: not built, and an earlier build of
    it removed, so that it is not published with the languages that qualify."""
    from .status import fmt_percent, language_stats
    reached = language_stats(project, language).percent
    if reached >= min_percent:
        return None
    folder = project.build_dir / language.code
    removed = folder.is_dir()
    if removed:
        shutil.rmtree(project.inside(folder))
    return FileResult(folder, removed, f"skipped: {fmt_percent(reached)} translated, below {min_percent:g}%"
                      + ("; its earlier build removed" if removed else ""))


def _unchanged(project: Project, language: Language, component: Component) -> list[FileResult]:
    return [FileResult(p, False) for p in _build_outputs(project, language, component)]


def build_language(project: Project, language: Language, options: BuildOptions,
                   cache: RunCache | None = None) -> list[FileResult]:
    """One language, in this process."""
    return build(project, (language.code,), BuildOptions(options.include_fuzzy), cache, jobs=1)


def _unit(language: Language, component: Component, options: BuildOptions) -> str:
    return f"build:{language.code}:{component.name}:{options.include_fuzzy}"


def _unit_digest(project: Project, cache: RunCache, language: Language, component: Component) -> str:
    return cache.unit_digest(_build_inputs(project, language, component), _build_outputs(project, language, component))


@dataclass(frozen=True, slots=True)
class _BuildJob:
    """One language's pages or videos of one module, picklable for worker processes."""

    project: Project
    options: BuildOptions

    def __call__(self, item: tuple[str, str]) -> list[FileResult]:
        code, name = item
        return _build_component(self.project, self.project.language(code), self.project.component(name), self.options)


def _build_inputs(project: Project, language: Language, component: Component) -> list[Path]:
    addenda = project.source_dir / component.module.id / "addenda" / language.code
    extra = sorted(addenda.glob("*.md")) if component.kind == "pages" and addenda.is_dir() else []
    assets = [source for source, _ in component.assets]
    return [*component.sources, project.po_path(language.code, component), *extra, *assets]


def _build_outputs(project: Project, language: Language, component: Component) -> list[Path]:
    kind = adapter(component)
    folder = project.build_dir / language.code / kind.folder / component.module.id
    sources = [folder / (source.stem + suffix) for source in component.sources for suffix in kind.suffixes]
    return sources + [folder / relative for _, relative in component.assets]


def _build_component(project: Project, language: Language, component: Component,
                     options: BuildOptions) -> list[FileResult]:
    translate = translator(project, language, component, options.include_fuzzy)
    results = []
    for source in component.sources:
        results.extend(build_file(project, language, component, source, translate, in_english=translate.missing))
    if component.kind == "pages":  # pages only this language has (qrl10n.addenda), as written
        for page in extra_pages(project, language.code, component.module.id):
            results.extend(build_file(project, language, component, page, lambda segment: segment.text))
        folder = project.build_dir / language.code / "modules" / component.module.id
        for source, relative in component.assets:  # images the pages show
            out = folder / relative
            results.append(FileResult(out, write_if_changed(out, read_input(source, error=SourceError))))
    return results


@dataclass(frozen=True, slots=True)
class Translations:
    """A component's usable translations: ``self(segment)`` is the text to show, its translation
    when there is one, else the English text; ``missing(segment)``: shown in English."""

    table: Mapping[tuple[str | None, str], str]

    def __call__(self, segment: Segment) -> str:
        return self.table.get((segment.context, segment.text), segment.text)

    def missing(self, segment: Segment) -> bool:
        return (segment.context, segment.text) not in self.table


def translator(project: Project, language: Language, component: Component,
               include_fuzzy: bool) -> Translations:
    """The translations ``build`` shows: translated entries, and fuzzy ones when asked."""
    path = project.po_path(language.code, component)
    table: dict[tuple[str | None, str], str] = {}
    if path.exists():
        for entry in catalog.live_entries(catalog.load(path)):
            text = catalog.translation(entry)
            if text and (catalog.is_translated(entry) or (include_fuzzy and catalog.is_fuzzy(entry))):
                table[catalog.key(entry)] = inert_tags(text, entry.msgid) if adapter(component).html else text
    return Translations(table)


_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)


def inert_tags(translation: str, english: str) -> str:
    """HTML tags the English does not have are shown as text, never run: a translation (from a
    volunteer, a CAT tool or a machine) cannot put a script or an event handler into the site."""
    allowed = set(_TAG.findall(english))
    return _TAG.sub(lambda m: m.group() if m.group() in allowed else "&lt;" + m.group()[1:], translation)


def build_file(project: Project, language: Language, component: Component, source: Path,
               translate: Callable[[Segment], str], *,
               in_english: Callable[[Segment], bool] = lambda segment: False) -> list[FileResult]:
    """One source of ``component`` in ``language``; on a page's HTML the blocks ``in_english``
    (no translation yet) say ``lang="en"``."""
    outputs = adapter(component).render(project, language, component, source, translate, in_english=in_english)
    return [FileResult(path, write_if_changed(path, data.encode("utf-8"))) for path, data in outputs.items()]
