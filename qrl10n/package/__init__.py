"""package: the localized course as learners open it, SCORM 1.2 zips and a static site.

``package`` makes ``build/<lang>/`` current through ``build`` itself, reads the pages and
subtitles from there (qrl10n.package.course), and lays them out as one SCORM 1.2 zip per
language (qrl10n.package.scorm) and one multilingual site (qrl10n.package.site), under
``build/packages/`` unless told otherwise. Everything is checked before anything is written: a
language under its publishing threshold is refused unless drafts are asked for (and then says
so on every page), and a video without an address in ``[videos]`` is an error unless missing
videos are allowed (the page then says the video is not available yet). Files are written
atomically and only when their bytes change; the same input gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..model import FileResult
from ..project import Language, Project
from .settings import FORMATS, video_key

if TYPE_CHECKING:
    from .course import LocalizedCourse


@dataclass(frozen=True, slots=True)
class PackageOptions:
    formats: tuple[str, ...] = ("scorm12",)
    output: Path | None = None  # default: build/packages/
    include_draft: bool = False
    allow_missing_videos: bool = False


def package(project: Project, codes: tuple[str, ...] = (), options: PackageOptions = PackageOptions(),
            *, jobs: int | None = None, cache=None) -> list[FileResult]:
    """Write the packages of the languages named (default: every language ready to publish)."""
    from ..build import build
    from .course import EnglishPages, localized_course

    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown package format {unknown[0]!r}", fix="Use " + " or ".join(FORMATS))
    chosen, published, left_out = _languages(project, codes, options.include_draft)
    _check_videos(project, options.allow_missing_videos)
    # the pages of the languages packaged, and the subtitles of every published language (tracks)
    needed = [lang.code for lang in project.languages if lang in chosen or lang.code in published]
    build(project, tuple(needed), cache=cache, jobs=jobs)
    english = EnglishPages(project)
    courses = [localized_course(project, lang, draft=lang.code not in published, english=english) for lang in chosen]
    out = options.output or project.build_dir / "packages"
    wanted = _contents(project, courses, published, options.formats, out)
    skipped = [FileResult(out / code, False, f"skipped: {reason}") for code, reason in left_out.items()]
    return _write(wanted, out / "site" if "site" in options.formats else None) + skipped


def _languages(project: Project, codes: tuple[str, ...],
               include_draft: bool) -> tuple[list[Language], set[str], dict[str, str]]:
    """(languages to package, codes of every language that reaches its publishing threshold,
    code -> why a language is left out when none were named)."""
    from ..status import fmt_percent, status
    stats = {s.language.code: s for s in status(project)}  # counts remembered as status does
    published = {code for code, s in stats.items() if s.ready}
    named = [lang.code for lang in project.select_languages(codes)]
    unready = {code: ("planned, not yet published" if stats[code].language.state == "planned" else
                      f"{fmt_percent(stats[code].percent)} translated, below its publishing threshold "
                      f"of {stats[code].threshold:g}%") for code in named if code not in published}
    if codes and unready and not include_draft:
        code, reason = next(iter(unready.items()))
        raise ConfigError(f"language {code} ({stats[code].language.info.english_name}) is {reason}",
                          path=project.config_path,
                          fix=f"Translate more of it, or pass --include-draft to package {code} marked as a draft")
    chosen = [stats[code].language for code in named if include_draft or code in published]
    if not chosen:
        raise ConfigError("no language reaches its publishing threshold", path=project.config_path,
                          fix="Run 'qrl10n status' to see how far each one is, or pass --include-draft")
    return chosen, published, {} if include_draft else unready


def _check_videos(project: Project, allow_missing: bool) -> None:
    for component in project.components:
        if component.kind != "videos":
            continue
        for source in component.sources:
            key = video_key(component.module.id, source.stem)
            if project.package_settings.video_url(key) is None and not allow_missing:
                raise ConfigError(
                    f"module {component.module.id}: video {source.stem} has no address in [videos]",
                    path=project.config_path,
                    fix=f'Add "{key}" = "https://…" under [videos], or pass --allow-missing-videos '
                        "to say on its page that the video is not available yet")


def _contents(project: Project, courses: list[LocalizedCourse], published: set[str], formats: tuple[str, ...],
              out: Path) -> dict[Path, bytes]:
    """Every file to write, by its path, assembled in memory."""
    from . import media
    labels = media.track_labels(project, published)
    tracks: dict[str, bytes] = {}  # subtitle files, shared by the packages
    wanted: dict[Path, bytes] = {}
    if "scorm12" in formats:
        slug = _slug(project.name)
        for course in courses:
            wanted[out / f"{slug}-{course.language.code}-scorm12.zip"] = _scorm_zip(project, course, labels, slug, tracks)
    if "site" in formats:
        wanted.update({out / "site" / name: data for name, data in _site(project, courses, labels, tracks).items()})
    return wanted


def _scorm_zip(project: Project, course: LocalizedCourse, labels: dict[str, str], slug: str,
               tracks: dict[str, bytes]) -> bytes:
    from . import media, scorm
    code = course.language.code
    own = {code: course.language.info.native_name} | labels
    files = {**media.shared_files(scorm=True), **media.subtitle_files(project, own, tracks)}
    files.update(scorm.sco_files(course, project.name, media.videos(project, "../", code, own)))
    shared = sorted(f for f in files if f.startswith(("static/", "subtitles/")))
    files["imsmanifest.xml"] = scorm.manifest(course, project.name, f"{slug}-{code}", shared)
    return scorm.zip_bytes(files)


def _site(project: Project, courses: list[LocalizedCourse], labels: dict[str, str],
          tracks: dict[str, bytes]) -> dict[str, bytes]:
    from . import media, site
    everyone = {c.language.code: c.language.info.native_name for c in courses} | labels
    files = {**media.shared_files(scorm=False), **media.subtitle_files(project, everyone, tracks)}
    players = {c.language.code: media.videos(project, "../../", c.language.code,
                                             {c.language.code: c.language.info.native_name} | labels)
               for c in courses}
    files.update(site.site_files(courses, project.name, project.source_language, players))
    return files


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "course"


def _write(wanted: dict[Path, bytes], site_folder: Path | None) -> list[FileResult]:
    """Write what changed; files of an earlier site that the site no longer has are removed."""
    from ..files import write_if_changed
    results = [FileResult(path, write_if_changed(path, data)) for path, data in sorted(wanted.items())]
    if site_folder is not None and site_folder.is_dir():
        for path in sorted(site_folder.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                results.append(FileResult(path, True, "removed: no longer part of the site"))
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return results
