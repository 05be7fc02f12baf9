"""The course site: every published language in one static folder, readable with no script.

Layout: ``index.html`` (the languages, each in its own name), ``<lang>/index.html`` (the
modules and their pages), ``<lang>/<module>/<page>.html`` with the module's images beside them
as ``build`` lays them out, ``static/course.css`` and ``subtitles/<lang>/<module>/<video>.vtt``.
Every page links the same page in the other languages (a switcher and ``hreflang`` alternates);
previous and next follow the whole course in learning order, the certificate last.
"""

from __future__ import annotations

from .course import LocalizedCourse
from .messages import messages
from .pages import Link, PageView, Video, bcp47, render, render_page
from .scorm import scos


def site_files(courses: list[LocalizedCourse], course_name: str, source_language: str,
               videos: dict[str, dict[tuple[str, str], Video]]) -> dict[str, bytes]:
    """Every page of the site, keyed by its path in the site folder."""
    pages_of = {c.language.code: {f"{s.module.module.id}/{p.name}" for s in scos(c) for p in s.pages}
                for c in courses}
    files = {"index.html": render(
        "site_index.html", lang=bcp47(source_language), course_name=course_name,
        alternates=[Link("", f"{c.language.code}/index.html", bcp47(c.language.code)) for c in courses],
        languages=[Link(c.language.info.native_name, f"{c.language.code}/index.html", bcp47(c.language.code),
                        dir=c.language.info.direction) for c in courses]).encode("utf-8")}
    for course in courses:
        files.update(_language_files(course, courses, pages_of, course_name, videos))
    return files


def _switcher(course: LocalizedCourse, courses: list[LocalizedCourse], pages_of: dict[str, set[str]],
              path: str, up: str) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    """(language switcher, hreflang alternates) for the page at ``path`` inside a language folder."""
    switcher, alternates = [], []
    for other in courses:
        code = other.language.code
        has_page = path == "index.html" or path in pages_of[code]
        href = f"{up}{code}/{path if has_page else 'index.html'}"
        switcher.append(Link(other.language.info.native_name, href, bcp47(code), current=other is course))
        if has_page:
            alternates.append(Link("", href, bcp47(code)))
    return tuple(switcher), tuple(alternates)


def _language_files(course: LocalizedCourse, courses: list[LocalizedCourse], pages_of: dict[str, set[str]],
                    course_name: str, videos: dict[str, dict[tuple[str, str], Video]]) -> dict[str, bytes]:
    info, code = course.language.info, course.language.code
    order = [(sco, page) for sco in scos(course) for page in sco.pages]
    links = [Link(page.title, f"../{sco.module.module.id}/{page.name}") for sco, page in order]
    switcher, alternates = _switcher(course, courses, pages_of, "index.html", "../")
    files = {f"{code}/index.html": render(
        "site_language.html", lang=bcp47(code), dir=info.direction, course_name=course_name, draft=course.draft,
        switcher=switcher, alternates=alternates, m=messages(code),
        modules=[{"title": sco.title, "pages": [Link(p.title, f"{sco.module.module.id}/{p.name}") for p in sco.pages]}
                 for sco in scos(course)]).encode("utf-8")}
    for index, (sco, page) in enumerate(order):
        folder = sco.module.module.id
        switcher, alternates = _switcher(course, courses, pages_of, f"{folder}/{page.name}", "../../")
        toc = tuple(Link(p.title, p.name, current=p is page) for p in sco.pages)
        first = page is sco.module.pages[0]
        view = PageView(
            lang=bcp47(code), dir=info.direction, title=page.title, course_name=course_name,
            module_title=sco.title, body=page.body, root="../../", toc=toc,
            prev=links[index - 1] if index else None, next=links[index + 1] if index + 1 < len(links) else None,
            videos=tuple(videos[code][(folder, stem)] for stem in sco.module.videos) if first else (),
            draft=course.draft, certificate=page.certificate, alternates=alternates, switcher=switcher,
            home="../index.html")
        files[f"{code}/{folder}/{page.name}"] = render_page(view).encode("utf-8")
        for relative, path in sco.module.assets:
            files[f"{code}/{folder}/{relative}"] = path.read_bytes()
    return files
