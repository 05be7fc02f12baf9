"""Pages of a package, through one set of Jinja2 templates (autoescape on).

A SCORM package and the course site show the same page: the course's stylesheet, the body that
``build`` wrote, the module's table of contents, the video players with a subtitle track per
published language, and previous/next links (``<a rel="prev">``, ``<a rel="next">``). What
differs is data (where the package root is, which pages are previous and next, alternates and
a language switcher on the site, the SCORM page script), never markup written by hand: every
value from a PO file is escaped by the template, and only the body, which ``build`` already
made safe, is inserted as HTML.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .messages import Message, messages

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
#: Languages that write the family name first; SCORM's "Family, Given" is shown "Given Family" elsewhere.
FAMILY_NAME_FIRST = frozenset({"hu", "ja", "ko", "zh", "vi", "mn"})


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    href: str
    lang: str = ""
    current: bool = False
    dir: str = ""


@dataclass(frozen=True, slots=True)
class Track:
    src: str
    lang: str
    label: str
    default: bool = False


@dataclass(frozen=True, slots=True)
class Video:
    url: str | None  # None: not available yet (--allow-missing-videos)
    tracks: tuple[Track, ...]


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything one page shows; ``root`` is the relative way up to the package's root."""

    lang: str
    dir: str
    title: str
    course_name: str
    module_title: Link
    body: str
    root: str
    toc: tuple[Link, ...]
    prev: Link | None = None
    next: Link | None = None
    videos: tuple[Video, ...] = ()
    draft: bool = False
    scorm: bool = False
    certificate: bool = False
    alternates: tuple[Link, ...] = ()
    switcher: tuple[Link, ...] = ()
    home: str = ""  # the site's page of this language
    messages: dict[str, Message] = field(default_factory=dict)


@functools.cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def render_page(view: PageView) -> str:
    name_order = "family-first" if view.lang.split("-")[0] in FAMILY_NAME_FIRST else "given-first"
    return render("page.html", page=view, body=Markup(view.body), name_order=name_order,
                  m=view.messages or messages(view.lang.replace("-", "_")))


def stylesheet() -> bytes:
    """The course's page style (the one ``build`` puts in every page) and the package's additions."""
    from ..formats.markdown import _STYLE
    return (_STYLE + (STATIC / "package.css").read_text("utf-8")).encode("utf-8")


def static_file(name: str) -> bytes:
    return (STATIC / name).read_bytes()


def tracks(root: str, module_id: str, stem: str, own: str, labels: dict[str, str]) -> tuple[Track, ...]:
    """The package's own language first (default), then every other language in ``labels``."""
    order = [own, *(code for code in labels if code != own)]
    return tuple(Track(f"{root}subtitles/{code}/{module_id}/{stem}.vtt", bcp47(code), labels[code], code == own)
                 for code in order)


def bcp47(code: str) -> str:
    """``pt_BR`` -> ``pt-BR``: the form ``lang``, ``hreflang`` and ``srclang`` take."""
    return code.replace("_", "-")
