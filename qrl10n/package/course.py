"""One language of the course as a package shows it, read from what ``build`` wrote.

``build`` already turns the PO files into pages (``build/<lang>/modules/<module>/<page>.html``,
translation-added tags shown as text, blocks still in English marked ``lang="en"``) and
subtitles (``.vtt``); a package takes each page's ``<main>`` from there and adds only what a
learner needs around it. One thing is added to a page's body: on the certificate (the page
whose English has ``{learner_name}``), elements in place of its placeholders for the learner's
name and the date, and the titles of the core modules for ``{modules_completed}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from ..addenda import extra_pages
from ..build import translator
from ..errors import SourceError
from ..files import read_input, read_text
from ..model import Segment
from ..project import Component, Language, Module, Project

PLACEHOLDER = re.compile(r"\{(learner_name|date|modules_completed)\}")


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its file name (``01-why.html``), title, and ``<main>``'s HTML, as build wrote it."""

    name: str
    title: str
    body: str
    certificate: bool


@dataclass(frozen=True, slots=True)
class ModuleContent:
    """A module of one language: its title (and the title's language), pages, videos and images."""

    module: Module
    title: str
    title_lang: str
    pages: tuple[Page, ...]
    videos: tuple[str, ...]  # video stems, in course order
    assets: tuple[tuple[str, Path], ...]  # (path inside the module folder, file in build/)


@dataclass(frozen=True, slots=True)
class LocalizedCourse:
    language: Language
    draft: bool
    modules: tuple[ModuleContent, ...]


def localized_course(project: Project, language: Language, *, draft: bool) -> LocalizedCourse:
    """The course in ``language`` from ``build/<lang>/`` (build must have run for it)."""
    titles = _title_lookup(project, language)
    core_titles = [titles(m)[0] for m in project.modules if m.kind == "core"]
    modules = []
    for module in project.modules:
        pages_component = _component(project, module, "pages")
        videos_component = _component(project, module, "videos")
        if pages_component is None:
            continue
        title, title_lang = titles(module)
        modules.append(ModuleContent(
            module, title, title_lang,
            _pages(project, language, pages_component, core_titles),
            tuple(s.stem for s in videos_component.sources) if videos_component else (),
            tuple((relative.as_posix(), _built(project, language, module) / relative)
                  for _, relative in pages_component.assets)))
    return LocalizedCourse(language, draft, tuple(modules))


def _component(project: Project, module: Module, kind: str) -> Component | None:
    return next((c for c in project.components if c.module == module and c.kind == kind), None)


def _built(project: Project, language: Language, module: Module) -> Path:
    return project.build_dir / language.code / "modules" / module.id


def _title_lookup(project: Project, language: Language) -> Callable[[Module], tuple[str, str]]:
    """module -> (its title in ``language``, that title's language): the course pages' PO file
    translates a module title where a page names it (the welcome page's list of modules)."""
    tables = [translator(project, language, c, False) for c in project.components
              if c.kind == "pages" and c.module.kind == "course"]

    def title(module: Module) -> tuple[str, str]:
        for translate in tables:
            text = translate(Segment(module.title, 0, ""))
            if text != module.title:
                return text, language.code
        return module.title, project.source_language
    return title


def _pages(project: Project, language: Language, component: Component, core_titles: list[str]) -> tuple[Page, ...]:
    folder = _built(project, language, component.module)
    found = []
    for source in component.sources:
        certificate = "{learner_name}" in read_text(source, error=SourceError)
        found.append(_page(folder / f"{source.stem}.html", certificate, language, core_titles))
    for extra in extra_pages(project, language.code, component.module.id):
        found.append(_page(folder / f"{extra.stem}.html", False, language, core_titles))
    return tuple(found)


def _page(path: Path, certificate: bool, language: Language, core_titles: list[str]) -> Page:
    document = _parse(read_input(path, error=SourceError), path)
    main = document.find(".//main")
    if main is None:
        raise SourceError("the built page has no <main> element", path=path,
                          fix="Run 'qrl10n build' again; the page was not written by build")
    if certificate:
        _mark_placeholders(main, core_titles, language.code)
    body = (main.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in main)
    title = document.findtext(".//title") or path.stem
    return Page(path.name, title.strip(), body, certificate)


def _parse(data: bytes, path: Path):
    parser = lxml_html.HTMLParser(remove_comments=False, no_network=True, encoding="utf-8")
    try:
        return lxml_html.document_fromstring(data, parser=parser)
    except Exception as exc:  # lxml's ParserError for an empty file
        raise SourceError(f"cannot read the built page ({exc})", path=path, fix="Run 'qrl10n build' again") from exc


def _mark_placeholders(main, core_titles: list[str], code: str) -> None:
    """``{learner_name}`` and ``{date}`` -> empty elements the page fills (a script in a SCORM
    package, a blank line on the site); ``{modules_completed}`` -> the core modules' titles."""
    from babel.lists import format_list
    completed = format_list(core_titles, locale=code.replace("-", "_")) if core_titles else ""
    for element in list(main.iter()):
        for attribute in ("text", "tail") if isinstance(element.tag, str) else ("tail",):
            text = getattr(element, attribute)
            if not text or not PLACEHOLDER.search(text):
                continue
            target, index = (element, 0) if attribute == "text" else (element.getparent(), element.getparent().index(element) + 1)
            pieces = PLACEHOLDER.split(text)
            setattr(element, attribute, pieces[0])
            for name, after in zip(pieces[1::2], pieces[2::2]):
                span = lxml_html.Element("span", {"class": f"certificate-{name.replace('_', '-')}"})
                span.text = completed if name == "modules_completed" else ""
                span.tail = after
                target.insert(index, span)
                index += 1
