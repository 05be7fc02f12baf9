"""Edits to qrl10n.toml that keep the maintainers' comments and layout.

tomllib only reads; rewriting the whole file from a dict would drop every comment, so we
change the one list we need in place.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .errors import ConfigError
from .files import read_text, write_if_changed


def add_language_to_config(path: Path, code: str, state: str) -> bool:
    """Add ``code`` to ``[languages] <state> = [...]``; False when it is already there."""
    text = read_text(path, error=ConfigError)
    config = tomllib.loads(text)
    languages = config.get("languages", {})
    for other in ("active", "planned"):
        if code in languages.get(other, []):
            if other == state:
                return False
            text = _remove_from_list(text, other, code, path)
    pattern = re.compile(rf"^(\s*{state}\s*=\s*\[)([^\]]*)(\])", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        if "[languages]" not in text:
            text = text.rstrip("\n") + "\n\n[languages]\n"
        text = text.replace("[languages]\n", f'[languages]\n{state} = ["{code}"]\n', 1)
    else:
        items = match.group(2).strip().rstrip(",")
        joined = f'{items}, "{code}"' if items else f'"{code}"'
        text = text[: match.start(2)] + joined + text[match.end(2):]
    tomllib.loads(text)  # never write a file we could not read back
    return write_if_changed(path, text.encode("utf-8"))


def _remove_from_list(text: str, state: str, code: str, path: Path) -> str:
    pattern = re.compile(rf"^(\s*{state}\s*=\s*\[)([^\]]*)(\])", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        raise ConfigError(f"cannot find the {state} language list", path=path,
                          fix=f'Write it on one line as {state} = ["..."]')
    items = [i.strip() for i in match.group(2).split(",") if i.strip() and i.strip().strip('"') != code]
    return text[: match.start(2)] + ", ".join(items) + text[match.end(2):]


#: The CI workflow whose per-language matrix lists the course's languages (README, For coordinators).
WORKFLOW = Path(".github") / "workflows" / "course.yml"
_MATRIX = re.compile(r"^(\s*language:\s*\[)([^\]]*)(\])", re.MULTILINE)


def add_language_to_workflow(root: Path, code: str) -> bool:
    """Add ``code`` to the CI matrix of the project's workflow, if it has one; True when written."""
    path = root / WORKFLOW
    if not path.is_file():
        return False
    text = read_text(path, error=ConfigError)
    match = _MATRIX.search(text)
    if match is None:
        return False
    codes = [c.strip() for c in match.group(2).split(",") if c.strip()]
    if code in codes:
        return False
    text = text[: match.start(2)] + ", ".join([*codes, code]) + text[match.end(2):]
    return write_if_changed(path, text.encode("utf-8"))
