"""The course's settings from qrl10n.toml, typed, frozen and validated once where the file is read.

``load(config, path)`` turns the parsed TOML into ``Settings`` or raises ConfigError naming the
line of the first bad value (an unknown key, a number out of range, a per-language setting that
only the course may set), so a typo is an error rather than a setting silently ignored. The
stages take the typed values (``project.settings``, ``project.subtitle_limits(code)``); nothing
below reads the raw dictionary.

Precedence: defaults, then the course's table (``[subtitles]``, ``[thresholds]``, ``[checks]``),
then the language's own (``[language.<code>]``, ``[language.<code>.subtitles]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: Keys a [language.<code>] table may hold (see the README's settings table).
LANGUAGE_SETTINGS = ("publish_percent", "disable_checks", "length_ratio", "formality", "deepl_beta", "subtitles")


@dataclass(frozen=True, slots=True)
class SubtitleLimits:
    """What a subtitle cue may hold, and how cues become entries."""

    max_line_length: int = 42
    max_lines: int = 2
    max_cps: float = 17.0
    min_duration: float = 5 / 6
    max_duration: float = 7.0
    segmentation: str = "sentence"  # "sentence" | "cue"

    @classmethod
    def of(cls, limits: SubtitleLimits | Mapping[str, Any] | None) -> SubtitleLimits:
        """Limits as given, or the defaults updated with a table of them (keys as in qrl10n.toml)."""
        if isinstance(limits, SubtitleLimits):
            return limits
        return cls().updated(limits or {})

    def updated(self, table: Mapping[str, Any]) -> SubtitleLimits:
        """These limits with the keys of ``table`` (already validated) set."""
        kinds = {f.name: f.type for f in fields(self)}
        values: dict[str, Any] = {key: (int(value) if kinds[key] == "int" else float(value) if kinds[key] == "float" else value)
                  for key, value in table.items()}
        return replace(self, **values) if values else self

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


SUBTITLE_DEFAULTS: Mapping[str, Any] = SubtitleLimits().as_dict()


@dataclass(frozen=True, slots=True)
class CourseSettings:
    name: str
    source_language: str = "en"
    team_url: str = ""
    repository_url: str | None = None


@dataclass(frozen=True, slots=True)
class LanguageSettings:
    """One language's own table, ``[language.<code>]``: what it sets, nothing inherited."""

    publish_percent: float | None = None
    disable_checks: tuple[str, ...] = ()
    length_ratio: Any = None
    formality: str | None = None
    deepl_beta: bool = False
    subtitles: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Settings:
    course: CourseSettings
    subtitles: SubtitleLimits = SubtitleLimits()
    publish_percent: float = 90.0
    disabled_checks: tuple[str, ...] = ()
    languages: Mapping[str, LanguageSettings] = field(default_factory=dict)

    def language(self, code: str | None) -> LanguageSettings:
        return self.languages.get(code or "", LanguageSettings())

    def subtitle_limits(self, code: str | None = None) -> SubtitleLimits:
        """The course's limits, with the language's own over them when ``code`` is given."""
        return self.subtitles.updated(self.language(code).subtitles) if code else self.subtitles


def load(config: Mapping[str, Any], path: Path, *, default_name: str = "") -> Settings:
    """Validated settings of a parsed qrl10n.toml at ``path``; ConfigError at the first bad value."""
    _Validator(path).check(config)
    course = config.get("course", {})
    languages = {code: LanguageSettings(
        publish_percent=float(table["publish_percent"]) if "publish_percent" in table else None,
        disable_checks=_strings(table.get("disable_checks")),
        length_ratio=table.get("length_ratio"),
        formality=table.get("formality"),
        deepl_beta=bool(table.get("deepl_beta", False)),
        subtitles=dict(table.get("subtitles", {})),
    ) for code, table in config.get("language", {}).items()}
    return Settings(
        course=CourseSettings(name=course.get("name", default_name),
                              source_language=course.get("source_language", "en"),
                              team_url=course.get("team_url", ""),
                              repository_url=course.get("repository_url")),
        subtitles=SubtitleLimits().updated(config.get("subtitles", {})),
        publish_percent=float(config.get("thresholds", {}).get("publish_percent", 90)),
        disabled_checks=_strings(config.get("checks", {}).get("disable")),
        languages=languages,
    )


def _strings(value: object) -> tuple[str, ...]:
    """The strings of a TOML list (anything else, as ever, switches nothing off)."""
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


class _Validator:
    """Thresholds, subtitle limits and per-language settings: known keys, values of the right kind."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def refuse(self, section: str, key: str, problem: str, fix: str) -> None:
        raise ConfigError(f"[{section}] {key} {problem}", path=self.path, line=line_in(self.path, section, key), fix=fix)

    def check(self, config: Mapping[str, Any]) -> None:
        thresholds = config.get("thresholds", {})
        if "publish_percent" in thresholds:
            self.percent("thresholds", thresholds["publish_percent"])
        self.limits("subtitles", config.get("subtitles", {}), per_language=False)
        for code, settings in config.get("language", {}).items():
            section = f"language.{code}"
            if not isinstance(settings, dict):
                self.refuse(section, "", "must be a table", f"Write it as [{section}]")
            for key in settings:
                if key not in LANGUAGE_SETTINGS:
                    self.refuse(section, key, "is not a language setting", "Use one of " + ", ".join(LANGUAGE_SETTINGS))
            if "publish_percent" in settings:
                self.percent(section, settings["publish_percent"])
            if "subtitles" in settings:
                self.limits(f"{section}.subtitles", settings["subtitles"], per_language=True)

    def percent(self, section: str, value: object) -> None:
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 100:
            self.refuse(section, "publish_percent", f"must be a number from 0 to 100, not {value!r}",
                        "Write it as publish_percent = 90")

    def limits(self, section: str, table: object, per_language: bool) -> None:
        if not isinstance(table, dict):
            self.refuse(section, "", "must be a table", f"Write it as [{section}] with keys such as max_cps = 17")
            return
        for key, value in table.items():
            if key not in SUBTITLE_DEFAULTS:
                self.refuse(section, key, "is not a subtitle setting", "Use one of " + ", ".join(SUBTITLE_DEFAULTS))
            if key == "segmentation":
                if per_language:
                    self.refuse(section, key, "can only be set for the whole course (the templates are shared)",
                                "Move it to [subtitles]")
                if value not in ("sentence", "cue"):
                    self.refuse(section, key, f"must be \"sentence\" or \"cue\", not {value!r}",
                                'Write it as segmentation = "sentence"')
            elif not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                self.refuse(section, key, f"must be a positive number, not {value!r}",
                            f"Write it as {key} = {SUBTITLE_DEFAULTS[key]}")


# -- where a setting is written ---------------------------------------------------------------
def line_in(path: Path, section: str, key: str) -> int | None:
    """The line of ``key = ...`` inside ``[section]`` (the section's own line when key is "")."""
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    header = re.compile(r"\s*\[\s*" + re.escape(section).replace(r"\.", r"\s*\.\s*") + r"\s*\]")
    inside = False
    for number, text in enumerate(lines, start=1):
        if header.match(text):
            if not key:
                return number
            inside = True
        elif inside and text.lstrip().startswith("["):
            inside = False
        elif inside and re.match(r"\s*" + re.escape(key) + r"\s*=", text):
            return number
    return line_of(path, key) if key else None


def line_of(path: Path, needle: str) -> int | None:
    """First line of ``path`` containing ``needle``, to point errors at the right place."""
    try:
        for number, text in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
            if needle in text:
                return number
    except OSError:
        pass
    return None
