"""One language of the course as a package shows it, read from what ``build`` wrote.

``build`` already turns the PO files into pages (``build/<lang>/modules/<module>/<page>.html``,
translation-added tags shown as text) and subtitles (``.vtt``); a package takes each page's
``<main>`` from there and adds only what a learner needs around it. Two things are added to a
page's body: ``lang="en"`` on a text block that is still the English one (a screen reader then
reads it with English pronunciation), and, on the certificate (the page whose English has
``{learner_name}``), elements in place of its placeholders for the learner's name and the date.
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
from ..formats import markdown
from ..model import Segment
from ..project import Component, Language, Module, Project

#: Blocks whose text a reader sees as one piece; the innermost ones are compared with the English.
TEXT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "figcaption"})
_CONTAINERS = TEXT_BLOCKS | {"ul", "ol", "table", "blockquote", "div", "pre", "dl"}
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


class EnglishPages:
    """The source pages' text blocks and which page is the certificate, read once for every language."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._known: dict[Path, tuple[frozenset[str], bool]] = {}

    def blocks(self, source: Path) -> tuple[frozenset[str], bool]:
        if source not in self._known:
            text = read_text(source, error=SourceError)
            page = markdown.to_html(text, lang=self.project.source_language, direction="ltr", title="")
            self._known[source] = (frozenset(_leaf_blocks(page)), "{learner_name}" in text)
        return self._known[source]


def localized_course(project: Project, language: Language, *, draft: bool,
                     english: EnglishPages | None = None) -> LocalizedCourse:
    """The course in ``language`` from ``build/<lang>/`` (build must have run for it)."""
    english = english or EnglishPages(project)
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
            _pages(project, language, pages_component, core_titles, english),
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


def _pages(project: Project, language: Language, component: Component, core_titles: list[str],
           english: EnglishPages) -> tuple[Page, ...]:
    folder = _built(project, language, component.module)
    found = []
    for source in component.sources:
        blocks, certificate = english.blocks(source)
        found.append(_page(folder / f"{source.stem}.html", blocks, certificate, language, core_titles,
                           project.source_language))
    for extra in extra_pages(project, language.code, component.module.id):
        found.append(_page(folder / f"{extra.stem}.html", frozenset(), False, language, core_titles))
    return tuple(found)


def _page(path: Path, english_blocks: frozenset[str], certificate: bool, language: Language,
          core_titles: list[str], source_language: str = "en") -> Page:
    document = _parse(read_input(path, error=SourceError), path)
    main = document.find(".//main")
    if main is None:
        raise SourceError("the built page has no <main> element", path=path,
                          fix="Run 'qrl10n build' again; the page was not written by build")
    if english_blocks:
        for block in _leaves(main):
            if _inner(block) in english_blocks:
                block.set("lang", source_language)
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


def _leaves(root) -> list:
    """Text blocks with no block inside (an ``<li>`` holding ``<p>``s gives the ``<p>``s)."""
    return [e for e in root.iter() if isinstance(e.tag, str) and e.tag in TEXT_BLOCKS
            and not any(isinstance(d.tag, str) and d.tag in _CONTAINERS for d in e.iterdescendants())]


def _inner(element) -> str:
    return (element.text or "") + "".join(lxml_html.tostring(c, encoding="unicode") for c in element)


def _leaf_blocks(page_html: str) -> set[str]:
    document = lxml_html.document_fromstring(page_html.encode("utf-8"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8"))
    return {_inner(block) for block in _leaves(document)}


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
