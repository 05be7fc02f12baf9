"""The course project: qrl10n.toml, its modules, languages, components and paths.

A component is what one PO file holds: the pages of a module (``<module>``, kind "pages") or
its videos (``<module>-videos``, kind "videos"). Component names are also Weblate's file mask.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import settings as settings_
from .errors import ConfigError
from .files import write_if_changed
from .languages import LanguageInfo, language_info
from .settings import LANGUAGE_SETTINGS, SUBTITLE_DEFAULTS, Settings, SubtitleLimits, line_of as _line_of  # noqa: F401

CONFIG_NAME = "qrl10n.toml"
MODULE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
LANG_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?")
PAGE_SUFFIXES = (".md",)
VIDEO_SUFFIXES = (".srt", ".vtt")

@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: str
    kind: str  # "core" | "advanced" | "course"
    order: int


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    module: Module
    kind: str  # "pages" | "videos"
    sources: tuple[Path, ...]  # absolute paths of the English files, sorted
    #: pages only: (file, path relative to the module folder) of the images and other files
    #: beside the pages that the build copies as they are
    assets: tuple[tuple[Path, Path], ...] = ()


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    state: str  # "active" | "planned"
    info: LanguageInfo
    settings: dict = field(default_factory=dict, compare=False, hash=False)


class Project:
    """A course read from ``root/qrl10n.toml``. Paths it hands out never leave ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.config_path = self.root / CONFIG_NAME
        self.config = _read_config(self.config_path)
        self.modules = _parse_modules(self.config, self.config_path)
        #: Typed, validated settings: what stages read instead of ``config``.
        self.settings: Settings = settings_.load(self.config, self.config_path, default_name=self.root.name)
        self._check_folders()
        from .package.settings import package_settings  # [package] and [videos]
        self.package_settings = package_settings(self)

    def _check_folders(self) -> None:
        """Refuse a project whose own folders lead outside it (a symlinked po/<lang> or build/),
        before any stage reads through them or writes through them."""
        codes = [c for state in ("active", "planned")
                 for c in self.config.get("languages", {}).get(state, []) if isinstance(c, str) and LANG_CODE.fullmatch(c)]
        folders = [self.source_dir, self.root / "subtitles", self.subtitles_dir, self.po_dir, self.templates_dir,
                   self.build_dir, self.glossary_path.parent, self.root / "tm",
                   *(self.source_dir / m.id for m in self.modules), *(self.subtitles_dir / m.id for m in self.modules),
                   *(self.po_dir / c for c in codes), *(self.build_dir / c for c in codes)]
        for folder in folders:
            if folder.is_symlink() or folder.exists():
                self.inside(folder)

    # -- paths -------------------------------------------------------------------------
    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def subtitles_dir(self) -> Path:
        return self.root / "subtitles" / self.source_language

    @property
    def po_dir(self) -> Path:
        return self.root / "po"

    @property
    def templates_dir(self) -> Path:
        return self.po_dir / "templates"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def glossary_path(self) -> Path:
        return self.root / "glossary" / "terms.tbx"

    @property
    def source_language(self) -> str:
        return self.settings.course.source_language

    @property
    def name(self) -> str:
        return self.settings.course.name

    def template_path(self, component: Component) -> Path:
        return self.templates_dir / f"{component.name}.pot"

    def po_path(self, lang: str, component: Component) -> Path:
        return self.po_dir / lang / f"{component.name}.po"

    def po_files(self, codes: tuple[str, ...] | list[str] = ()) -> list[tuple[Language, Component, Path]]:
        """Every existing PO file of the selected languages, in course order."""
        return [(language, component, path)
                for language in self.select_languages(codes)
                for component in self.components
                if (path := self.po_path(language.code, component)).is_file()]

    def inside(self, path: Path) -> Path:
        """``path`` resolved, refused if it (or a symlink on the way) points outside the project."""
        resolved = path.resolve()
        if resolved != self.root and self.root not in resolved.parents:
            raise ConfigError("this path points outside the project folder", path=path,
                              fix="Keep sources, PO files and output inside the project; remove the symlink or '..'")
        return resolved

    # -- components ----------------------------------------------------------------------
    @cached_property
    def components(self) -> tuple[Component, ...]:
        """Every component that has at least one English source file, in course order."""
        found: list[Component] = []
        for module in self.modules:
            pages = self._sources(self.source_dir / module.id, PAGE_SUFFIXES)
            if pages:
                found.append(Component(module.id, module, "pages", pages, self._assets(self.source_dir / module.id)))
            videos = self._sources(self.subtitles_dir / module.id, VIDEO_SUFFIXES)
            if videos:
                found.append(Component(f"{module.id}-videos", module, "videos", videos))
        return tuple(found)

    def component(self, name: str) -> Component:
        for comp in self.components:
            if comp.name == name:
                return comp
        raise ConfigError(f"no component named {name!r}", path=self.config_path,
                          fix="Use a module id from qrl10n.toml, with '-videos' for its subtitles")

    def _assets(self, folder: Path) -> tuple[tuple[Path, Path], ...]:
        """Everything below a module's page folder that is not a page or an addition."""
        found = []
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if (path.is_file() and path.suffix.lower() != ".md" and relative.parts[0] != "addenda"
                    and not any(part.startswith(".") for part in relative.parts)):
                found.append((self.inside(path), relative))
        return tuple(found)

    def _sources(self, folder: Path, suffixes: tuple[str, ...]) -> tuple[Path, ...]:
        if not folder.is_dir():
            return ()
        files = sorted(p for p in folder.iterdir()
                       if p.suffix.lower() in suffixes and p.is_file() and not p.name.startswith("."))
        return tuple(self.inside(p) for p in files)

    # -- languages -----------------------------------------------------------------------
    @cached_property
    def languages(self) -> tuple[Language, ...]:
        """Active languages first, then planned, each in the order qrl10n.toml lists them."""
        section = self.config.get("languages", {})
        per_lang = self.config.get("language", {})
        result: list[Language] = []
        seen: set[str] = set()
        for state in ("active", "planned"):
            codes = section.get(state, [])
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"[languages] {state} must be a list of language codes",
                                  path=self.config_path, line=_line_of(self.config_path, state),
                                  fix='Write it as active = ["es", "fr"]')
            for code in codes:
                if not LANG_CODE.fullmatch(code) or code in seen or code == self.source_language:
                    raise ConfigError(f"invalid or repeated language code {code!r}", path=self.config_path,
                                      line=_line_of(self.config_path, f'"{code}"'),
                                      fix="Use each ISO 639 code once, and not the source language")
                seen.add(code)
                result.append(Language(code, state, self._language_info(code), per_lang.get(code, {})))
        self._save_language_cache()
        return tuple(result)

    # Babel loads each locale's CLDR data to name it and read its plural rule (~8 ms a language,
    # half of an unchanged `qrl10n run`), so the facts are kept in the user's cache folder
    # (never in the project: status is read-only), keyed by Babel's version and
    # qrl10n.languages' source. Losing the file only costs time.
    def _language_info(self, code: str) -> LanguageInfo:
        cache = self._language_cache
        known = cache["infos"].get(code)
        if known is not None:
            try:
                return LanguageInfo(**known)
            except TypeError:
                pass
        info = language_info(code)
        cache["infos"][code] = {name: getattr(info, name) for name in LanguageInfo.__slots__}
        cache["dirty"] = True
        return info

    @cached_property
    def _language_cache(self) -> dict:
        path = user_cache_dir() / "languages.json"
        key = _language_facts_key()
        try:
            data = json.loads(path.read_text("utf-8"))
            infos = data["infos"] if data.get("key") == key else {}
        except (OSError, ValueError, KeyError, TypeError):
            infos = {}
        return {"path": path, "key": key, "infos": dict(infos), "dirty": False}

    def _save_language_cache(self) -> None:
        cache = self._language_cache
        if not cache["dirty"]:
            return
        data = json.dumps({"key": cache["key"], "infos": cache["infos"]}, sort_keys=True, ensure_ascii=False)
        with contextlib.suppress(OSError):
            write_if_changed(cache["path"], data.encode("utf-8"))
        cache["dirty"] = False

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise ConfigError(f"language {code!r} is not in qrl10n.toml", path=self.config_path,
                          fix=f"Add it with 'qrl10n add-language {code}'")

    def select_languages(self, codes: tuple[str, ...] | list[str] = (), *, include_planned: bool = True) -> list[Language]:
        """The languages named on the command line, or all of them (planned ones too by default)."""
        if codes:
            return [self.language(c) for c in codes]
        return [lang for lang in self.languages if include_planned or lang.state == "active"]

    # -- settings ------------------------------------------------------------------------
    def subtitle_limits(self, lang: str | None = None) -> SubtitleLimits:
        """Subtitle limits: defaults, then [subtitles], then [language.<lang>.subtitles]."""
        return self.settings.subtitle_limits(lang)

    def language_settings(self, lang: str) -> dict:
        return self.config.get("language", {}).get(lang, {})

    @property
    def publish_percent(self) -> float:
        return self.settings.publish_percent


def user_cache_dir() -> Path:
    """$QRL10N_CACHE_DIR, else $XDG_CACHE_HOME/qrl10n, else ~/.cache/qrl10n."""
    if os.environ.get("QRL10N_CACHE_DIR"):
        return Path(os.environ["QRL10N_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "qrl10n"


@functools.cache
def _language_facts_key() -> str:
    """What cached language facts depend on: Babel's version and qrl10n.languages' code."""
    import babel

    from . import languages
    source = Path(languages.__file__).read_bytes()
    return f"{babel.__version__}:{hashlib.blake2b(source, digest_size=8).hexdigest()}"


def find_project(start: Path | None = None) -> Project:
    """The project whose qrl10n.toml is in ``start`` or the nearest folder above it."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Project(folder)
    raise ConfigError(f"no {CONFIG_NAME} found in {here} or any folder above it",
                      fix="Run qrl10n inside the course repository, or pass --project DIR")


def _read_config(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError("the project file is missing", path=path,
                          fix="Create it, or pass --project DIR pointing at the course") from exc
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError("the file is not valid UTF-8", path=path, line=line,
                          fix="Save qrl10n.toml as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        problem = re.sub(r"\s*\(at line.*\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {problem}", path=path, line=line,
                          fix="Correct the syntax on that line (see https://toml.io)") from exc


def _parse_modules(config: dict, path: Path) -> tuple[Module, ...]:
    raw = config.get("modules")
    if not isinstance(raw, list) or not raw:
        raise ConfigError("no [[modules]] defined", path=path,
                          fix='Add a [[modules]] table with id = "...", title = "..." and kind = "core"')
    modules: list[Module] = []
    for order, item in enumerate(raw, start=1):
        mid = item.get("id") if isinstance(item, dict) else None
        if not isinstance(mid, str) or not MODULE_ID.fullmatch(mid):
            raise ConfigError(f"module id {mid!r} is not a plain folder name", path=path,
                              line=_line_of(path, f'"{mid}"') if isinstance(mid, str) else None,
                              fix="Use lower-case letters, digits and '-' only (no '/', '..' or spaces)")
        if any(m.id == mid for m in modules):
            raise ConfigError(f"module id {mid!r} is used twice", path=path, line=_line_of(path, f'"{mid}"'),
                              fix="Give every module its own id")
        kind = item.get("kind", "core")
        if kind not in ("core", "advanced", "course"):
            raise ConfigError(f"module {mid!r} has kind {kind!r}", path=path, line=_line_of(path, f'"{kind}"'),
                              fix='Use kind = "core", "advanced" or "course"')
        modules.append(Module(mid, str(item.get("title", mid)), kind, order))
    return tuple(modules)
