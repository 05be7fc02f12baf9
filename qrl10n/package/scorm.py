"""SCORM 1.2: one zip per language, the course as an organization and one SCO per module.

Layout inside the zip: ``imsmanifest.xml``; ``sco-<id>.html``, the page an LMS launches for
each SCO (it holds the SCORM session and shows the module's pages in a frame, so moving between
pages never ends the session); ``<module>/<page>.html`` and the module's images, as ``build``
lays them out, so the pages' own links resolve; ``static/`` (stylesheet, scripts); and
``subtitles/<lang>/<module>/<video>.vtt``. The course module's certificate is a SCO of its own,
last, with the core modules as its prerequisites; the module's other pages (the welcome page)
come first. Zips are byte-identical for the same input: entries sorted, fixed dates and modes.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from lxml import etree

from .course import LocalizedCourse, ModuleContent, Page
from .messages import messages
from .pages import Link, PageView, Video, bcp47, render, render_page

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (f"{IMSCP} imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 "
                    f"imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Sco:
    """One launchable unit: a module's pages (or the certificate) and what must come before it."""

    identifier: str
    title: Link
    module: ModuleContent
    pages: tuple[Page, ...]
    prerequisites: tuple[str, ...] = ()

    @property
    def launcher(self) -> str:
        return f"sco-{self.identifier}.html"


def scos(course: LocalizedCourse) -> list[Sco]:
    """The course's SCOs in learning order: course pages, modules, then the certificate."""
    opening, modules, closing = [], [], []
    core = tuple(f"item-{m.module.id}" for m in course.modules if m.module.kind == "core")
    for content in course.modules:
        title = Link(content.title, "", content.title_lang)
        if content.module.kind != "course":
            modules.append(Sco(content.module.id, title, content, content.pages))
            continue
        certificate = tuple(p for p in content.pages if p.certificate)
        others = tuple(p for p in content.pages if not p.certificate)
        if others:
            opening.append(Sco(content.module.id, Link(others[0].title, ""), content, others))
        if certificate:
            closing.append(Sco(f"{content.module.id}-certificate", Link(certificate[0].title, ""), content,
                               certificate, core))
    return opening + modules + closing


def sco_files(course: LocalizedCourse, course_name: str, videos: dict[tuple[str, str], Video]) -> dict[str, bytes]:
    """Every file of the SCOs (launchers, pages, images), keyed by their path in the package."""
    info = course.language.info
    files: dict[str, bytes] = {}
    for sco in scos(course):
        folder = sco.module.module.id
        files[sco.launcher] = render(
            "sco.html", lang=bcp47(info.code), dir=info.direction, title=sco.title.title, course_name=course_name,
            folder=folder, pages=json.dumps([p.name for p in sco.pages]),
            first=Link(sco.pages[0].title, sco.pages[0].name), m=messages(info.code)).encode("utf-8")
        toc = [Link(p.title, p.name) for p in sco.pages]
        for index, page in enumerate(sco.pages):
            view = PageView(
                lang=bcp47(info.code), dir=info.direction, title=page.title, course_name=course_name,
                module_title=sco.title, body=page.body, root="../",
                toc=tuple(Link(t.title, t.href, current=i == index) for i, t in enumerate(toc)),
                prev=toc[index - 1] if index else None, next=toc[index + 1] if index + 1 < len(toc) else None,
                videos=_videos(sco, page, videos), draft=course.draft, scorm=True, certificate=page.certificate)
            files[f"{folder}/{page.name}"] = render_page(view).encode("utf-8")
        for relative, path in sco.module.assets:
            files[f"{folder}/{relative}"] = path.read_bytes()
    return files


def _videos(sco: Sco, page: Page, videos: dict[tuple[str, str], Video]) -> tuple[Video, ...]:
    """A module's videos play on its first page."""
    if page is not sco.module.pages[0]:
        return ()
    return tuple(videos[(sco.module.module.id, stem)] for stem in sco.module.videos)


def manifest(course: LocalizedCourse, course_name: str, identifier: str, shared: list[str]) -> bytes:
    """``imsmanifest.xml``: one organization, an item and a SCO resource per SCO, one shared asset."""
    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap={None: IMSCP, "adlcp": ADLCP, "xsi": XSI},
                         identifier=identifier, version="1.0")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS)
    metadata = etree.SubElement(root, f"{{{IMSCP}}}metadata")
    etree.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = etree.SubElement(root, f"{{{IMSCP}}}organizations", default="course")
    organization = etree.SubElement(organizations, f"{{{IMSCP}}}organization", identifier="course")
    etree.SubElement(organization, f"{{{IMSCP}}}title").text = course_name
    resources = etree.SubElement(root, f"{{{IMSCP}}}resources")
    for sco in scos(course):
        item = etree.SubElement(organization, f"{{{IMSCP}}}item", identifier=f"item-{sco.identifier}",
                                identifierref=f"res-{sco.identifier}")
        etree.SubElement(item, f"{{{IMSCP}}}title").text = sco.title.title
        if sco.prerequisites:
            etree.SubElement(item, f"{{{ADLCP}}}prerequisites", type="aicc_script").text = " & ".join(sco.prerequisites)
        resource = etree.SubElement(resources, f"{{{IMSCP}}}resource", identifier=f"res-{sco.identifier}",
                                    type="webcontent", href=sco.launcher)
        resource.set(f"{{{ADLCP}}}scormtype", "sco")
        folder = sco.module.module.id + "/"
        own = [sco.launcher, *(folder + p.name for p in sco.pages),
               *(folder + relative for relative, _ in sco.module.assets)]
        for href in own:
            etree.SubElement(resource, f"{{{IMSCP}}}file", href=href)
        etree.SubElement(resource, f"{{{IMSCP}}}dependency", identifierref="shared")
    asset = etree.SubElement(resources, f"{{{IMSCP}}}resource", identifier="shared", type="webcontent")
    asset.set(f"{{{ADLCP}}}scormtype", "asset")
    for href in shared:
        etree.SubElement(asset, f"{{{IMSCP}}}file", href=href)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` that is the same bytes whenever the files are: sorted entries, one date."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, files[name], compresslevel=6)
    return buffer.getvalue()
