"""``[package]`` and ``[videos]`` of qrl10n.toml, checked once when the project is read.

The videos themselves are not in the repository (they live on a video host); ``[videos]`` maps
each video, named ``"<module>/<video>"`` after its English subtitle file, to the address a
player loads. A key that names no video, a value that is not an http(s) address and a format
qrl10n cannot write stop every command with the line to fix, like every other setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..settings import line_in

if TYPE_CHECKING:
    from ..project import Project

#: What ``qrl10n package --format`` and ``[package] formats`` accept.
FORMATS = ("scorm12", "site")
PACKAGE_KEYS = ("formats",)
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True, slots=True)
class PackageSettings:
    """What ``qrl10n run`` packages (nothing by default) and where each video is."""

    formats: tuple[str, ...] = ()
    videos: tuple[tuple[str, str], ...] = ()  # (module/video, url), in qrl10n.toml's order

    def video_url(self, key: str) -> str | None:
        return dict(self.videos).get(key)


def video_key(module_id: str, video_stem: str) -> str:
    """How ``[videos]`` names a video: ``m1-human-rights/01-why-human-rights-matter``."""
    return f"{module_id}/{video_stem}"


def package_settings(project: Project) -> PackageSettings:
    """The validated ``[package]`` and ``[videos]`` tables (ConfigError with the line otherwise)."""
    def refuse(section: str, key: str, problem: str, fix: str) -> None:
        raise ConfigError(f"[{section}] {key} {problem}".replace("  ", " "), path=project.config_path,
                          line=line_in(project.config_path, section, key), fix=fix)

    table = project.config.get("package", {})
    if not isinstance(table, dict):
        refuse("package", "", "must be a table", 'Write it as [package] with formats = ["scorm12", "site"]')
    for key in table:
        if key not in PACKAGE_KEYS:
            refuse("package", key, "is not a package setting", "Use one of " + ", ".join(PACKAGE_KEYS))
    formats = table.get("formats", [])
    if not isinstance(formats, list) or any(f not in FORMATS for f in formats):
        refuse("package", "formats", f"must be a list of {' and '.join(FORMATS)}, not {formats!r}",
               'Write it as formats = ["scorm12", "site"], or formats = [] to package nothing in qrl10n run')
    videos = project.config.get("videos", {})
    if not isinstance(videos, dict):
        refuse("videos", "", "must be a table", 'Write it as [videos] with "<module>/<video>" = "https://..."')
    known = {video_key(c.module.id, s.stem) for c in project.components if c.kind == "videos" for s in c.sources}
    for key, url in videos.items():
        quoted = f'"{key}"'
        if key not in known:
            refuse("videos", quoted, "names no video of the course",
                   "Name a video as <module>/<subtitle file name without .srt>: "
                   + (", ".join(sorted(known)[:3]) + " ..." if known else "the course has no videos"))
        if not isinstance(url, str) or not _URL.fullmatch(url):
            refuse("videos", quoted, f"must be an http(s) address, not {url!r}",
                   f'Write it as {quoted} = "https://videos.example.org/{key}.mp4"')
    return PackageSettings(tuple(dict.fromkeys(formats)), tuple(videos.items()))
