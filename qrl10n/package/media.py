"""What every page of a package shares: the stylesheet and scripts, subtitle tracks and players.

A video gets a subtitle track in the package's own language (the default one), in the course's
source language and in every published language. The tracks are the WebVTT files ``build``
wrote (``build/<lang>/subtitles/<module>/<video>.vtt``); the source language's track is the
English subtitle file through the same WebVTT writer, with nothing translated.
"""

from __future__ import annotations

from ..errors import SourceError
from ..files import read_input
from ..formats import subtitles
from ..languages import language_info
from ..project import Project
from .pages import Video, static_file, stylesheet, tracks
from .settings import video_key


def track_labels(project: Project, published: set[str]) -> dict[str, str]:
    """code -> the language's own name, for the source language and every published one."""
    labels = {project.source_language: language_info(project.source_language).native_name}
    labels.update({lang.code: lang.info.native_name for lang in project.languages if lang.code in published})
    return labels


def shared_files(*, scorm: bool) -> dict[str, bytes]:
    files = {"static/course.css": stylesheet()}
    if scorm:
        files.update({"static/sco.js": static_file("sco.js"), "static/page.js": static_file("page.js")})
    return files


def subtitle_files(project: Project, labels: dict[str, str], memo: dict[str, bytes]) -> dict[str, bytes]:
    """``subtitles/<lang>/<module>/<video>.vtt`` for every language in ``labels`` (each file read or
    written once per ``memo``, which packages of one run share)."""
    files = {}
    for component in project.components:
        if component.kind != "videos":
            continue
        for source in component.sources:
            for code in labels:
                name = f"subtitles/{code}/{component.module.id}/{source.stem}.vtt"
                if name not in memo:
                    memo[name] = _vtt(project, code, component.module.id, source)
                files[name] = memo[name]
    return files


def _vtt(project: Project, code: str, module_id: str, source) -> bytes:
    if code == project.source_language:
        relative = source.relative_to(project.root).as_posix()
        text = subtitles.decode(read_input(source, error=SourceError), relative)
        return subtitles.render(text, relative, lambda segment: segment.text, limits=project.subtitle_limits(),
                                language=code, output_format="vtt").encode("utf-8")
    return read_input(project.build_dir / code / "subtitles" / module_id / f"{source.stem}.vtt", error=SourceError)


def videos(project: Project, root: str, own: str, labels: dict[str, str]) -> dict[tuple[str, str], Video]:
    """(module, video) -> its player: address from [videos] (None when missing) and tracks."""
    found = {}
    for component in project.components:
        if component.kind == "videos":
            for source in component.sources:
                url = project.package_settings.video_url(video_key(component.module.id, source.stem))
                found[(component.module.id, source.stem)] = Video(
                    url, tracks(root, component.module.id, source.stem, own, labels))
    return found

