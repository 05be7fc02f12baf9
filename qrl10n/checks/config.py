"""What qrl10n.toml says about checks: ids switched off, a language's length ratio.

Settings are validated here, once, before any file is read: a misspelt check id is an error
naming its qrl10n.toml line, not a check that silently keeps running.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..project import Project

#: Ids owned by other stages whose findings ``check`` passes on (glossary, subtitle limits).
FOREIGN_PREFIXES = ("glossary-", "subtitle-")


def disabled_checks(project: Project, language: str) -> frozenset[str]:
    """Ids switched off for the course ([checks] disable) and for one language (disable_checks).
    Every id must be one of ``catalogue()``: a misspelt id is an error naming its line."""
    course = project.config.get("checks", {}).get("disable", [])
    own = project.language_settings(language).get("disable_checks", [])
    for where, section, ids in (("[checks] disable", "checks", course),
                                (f"[language.{language}] disable_checks", f"language.{language}", own)):
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ConfigError(f"{where} must be a list of check ids", path=project.config_path,
                              fix='Write it as disable = ["doubled-words"]; see qrl10n check --list')
        unknown = [i for i in ids if not _known_id(i)]
        if unknown:
            raise ConfigError(f"{where} names unknown check {unknown[0]!r}", path=project.config_path,
                              line=_config_line(project.config_path, section, unknown[0]),
                              fix="Use an id from 'qrl10n check --list'")
    return frozenset(course) | frozenset(own)


def _known_id(check_id: str) -> bool:
    """An id of ``catalogue()``. The ids of a stage not installed in this tree (glossary,
    subtitle limits) cannot be known, so there its prefix is enough."""
    from . import catalogue_ids
    ids = catalogue_ids()
    if check_id in ids:
        return True
    prefix = next((p for p in FOREIGN_PREFIXES if check_id.startswith(p)), None)
    return prefix is not None and not any(i.startswith(prefix) for i in ids)


_TABLE = re.compile(r"\s*\[\[?([^\[\]]+)\]\]?\s*(?:#.*)?$")


def _config_line(path: Path, section: str, check_id: str) -> int | None:
    """The line of qrl10n.toml naming ``check_id`` inside ``[section]`` (a list may span lines)."""
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    quoted = re.compile(r"[\"']" + re.escape(check_id) + r"[\"']")
    table = ""
    for number, text in enumerate(lines, start=1):
        header = _TABLE.match(text)
        if header:
            table = re.sub(r"[\s\"']", "", header.group(1))
        elif table == section and quoted.search(text):
            return number
    return next((number for number, text in enumerate(lines, start=1) if quoted.search(text)), None)


def language_settings(project: Project, language: str) -> dict[str, Any]:
    """The language's qrl10n.toml settings, with ``length_ratio`` checked."""
    settings = project.language_settings(language)
    ratio = settings.get("length_ratio")
    if ratio is not None and not (isinstance(ratio, list) and len(ratio) == 2
                                  and all(isinstance(x, int | float) and x > 0 for x in ratio) and ratio[0] < ratio[1]):
        raise ConfigError(f"[language.{language}] length_ratio must be [lowest, highest]", path=project.config_path,
                          fix="Write it as length_ratio = [0.5, 2.0]: translation length / English length")
    return settings
