"""What differs between the kinds of component, in one adapter per kind behind one protocol.

A component is the pages of a module (Markdown) or its videos (SRT/WebVTT subtitles). The
stages ask ``adapter(component)`` how to read a source into segments, what one source becomes
in the build and where, instead of testing ``component.kind`` themselves. A new kind (slides,
say) is one class here and one line in ``ADAPTERS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from .addenda import apply_addenda
from .errors import SourceError
from .files import read_input, read_text
from .languages import language_tag
from .model import Segment
from .project import Component, Language, Project

Translate = Callable[[Segment], str]
#: Whether a segment is shown in English (it has no usable translation yet).
InEnglish = Callable[[Segment], bool]


def _never(segment: Segment) -> bool:
    return False


class KindAdapter(Protocol):
    #: the folder of build/<lang>/ its outputs go to, and the suffixes one source becomes there
    folder: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    #: whether the build shows translations as HTML (so tags the English lacks are made inert)
    html: ClassVar[bool]

    def segments(self, project: Project, source: Path, language: str | None) -> list[Segment]:
        """The segments of one English source (with ``language``'s own limits, where they matter)."""
        ...

    def render(self, project: Project, language: Language, component: Component, source: Path,
               translate: Translate, *, in_english: InEnglish = _never) -> dict[Path, str]:
        """Each output file of one source of ``component`` in ``language``, and its text;
        where the output can say so, the segments ``in_english`` are marked as English."""
        ...


@dataclass(frozen=True, slots=True)
class Pages:
    folder: ClassVar[str] = "modules"
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".html")
    html: ClassVar[bool] = True

    def segments(self, project: Project, source: Path, language: str | None) -> list[Segment]:
        from .formats import markdown
        return markdown.extract(read_text(source, error=SourceError), _relative(project, source))

    def render(self, project: Project, language: Language, component: Component, source: Path,
               translate: Translate, *, in_english: InEnglish = _never) -> dict[Path, str]:
        """The page in Markdown and in HTML, where each block shown in English says lang="en"."""
        from .formats import markdown
        module = component.module.id
        text = read_text(source, error=SourceError)
        english: set[str] = set()

        def shown(segment: Segment) -> str:
            if in_english(segment):
                english.add(segment.text)
            return translate(segment)
        localized = markdown.render(text, _relative(project, source), shown)
        localized = apply_addenda(project, language.code, module, source.name, localized)
        out = project.build_dir / language.code / self.folder / module / source.name
        html = markdown.to_html(localized, lang=language_tag(language.code), direction=language.info.direction,
                                title=page_title(localized, source), english=english)
        return {out: localized, out.with_suffix(".html"): html}


@dataclass(frozen=True, slots=True)
class Videos:
    folder: ClassVar[str] = "subtitles"
    suffixes: ClassVar[tuple[str, ...]] = (".srt", ".vtt")
    html: ClassVar[bool] = False

    def segments(self, project: Project, source: Path, language: str | None) -> list[Segment]:
        from .formats import subtitles
        relative = _relative(project, source)
        limits = project.subtitle_limits(language)  # segmentation is the course's: never per language
        text = subtitles.decode(read_input(source, error=SourceError), relative)
        return subtitles.extract(text, relative, segmentation=limits.segmentation, limits=limits)

    def render(self, project: Project, language: Language, component: Component, source: Path,
               translate: Translate, *, in_english: InEnglish = _never) -> dict[Path, str]:
        from .formats import subtitles
        relative = _relative(project, source)
        text = subtitles.decode(read_input(source, error=SourceError), relative)
        limits = project.subtitle_limits(language.code)
        out = project.build_dir / language.code / self.folder / component.module.id / source.name
        return {out.with_suffix(suffix): subtitles.render(text, relative, translate, limits=limits,
                                                          language=language.code, direction=language.info.direction,
                                                          output_format=suffix[1:])
                for suffix in self.suffixes}


#: The adapter of each component kind.
ADAPTERS: dict[str, KindAdapter] = {"pages": Pages(), "videos": Videos()}


def adapter(component: Component) -> KindAdapter:
    return ADAPTERS[component.kind]


def _relative(project: Project, source: Path) -> str:
    return source.relative_to(project.root).as_posix()


def page_title(markdown_text: str, source: Path) -> str:
    """The page's front-matter title, else its first heading, else its file name."""
    in_front = False
    for index, line in enumerate(markdown_text.splitlines()):
        stripped = line.strip()
        if index == 0 and stripped == "---":
            in_front = True
            continue
        if in_front:
            if stripped == "---":
                in_front = False
            elif stripped.startswith("title:"):
                return _yaml_scalar(stripped[6:].strip())
            continue
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
    return source.stem


def _yaml_scalar(value: str) -> str:
    """A one-line YAML scalar's text: double quotes use JSON-like escapes, single quotes double ''."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return json.loads(value)
        except ValueError:
            return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value
