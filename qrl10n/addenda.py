"""Per-language additions (addenda): text that only one language's pages have.

A Spanish page should list the Spanish helpline and the national network of persons with
lived experience; the Polish build credits its translators. Such text is written directly in
that language, is never translated, and so never goes through a template or a PO file.

Where it lives (the English source tree, one folder per module and language)::

    source/<module>/addenda/<lang>/<page>.md    same file name as an English page of the module:
                                                additions to that page
    source/<module>/addenda/<lang>/<other>.md   any other name: an extra page of its own, built
                                                only for <lang> (name it NN-slug.md to place it)

An additions file holds one or more additions, each starting with a line that names the
English block it follows::

    <!-- after: ## Where to find support -->
    Text in the language, any Markdown, up to the next "after" line or the end of the file.

The anchor is an English heading (with or without its ``#``) or the first words of an English
paragraph, list or table, as they are written in the English page; it must match exactly one
block. The addition is inserted after the localized version of that block, as blocks of its
own. Blocks are counted the same way in the English page and in the localized page (blank
lines separate them, a heading line is a block, fenced code and front matter are one block
each), so the place survives translation. An anchor that matches no block, or several, stops
the build with ``path:line`` and the lines that did match.

``qrl10n extract`` never sees these files: a component's sources are the ``*.md`` files
directly in ``source/<module>/`` (Project.components), not in its sub-folders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .files import read_text
from .project import Project

FOLDER = "addenda"
_MARKER = re.compile(r"^\s*<!--\s*after\s*:\s*(.*?)\s*-->\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_LEAD = re.compile(r"^(?:\s*(?:#{1,6}|[-*+]|\d{1,9}[.)]|>|\|)\s*)+")
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")


@dataclass(frozen=True, slots=True)
class Addition:
    anchor: str
    text: str
    line: int  # line of the "after" marker in the addenda file
    path: Path


@dataclass(frozen=True, slots=True)
class Block:
    start: int  # 0-based first line
    end: int  # 0-based last line
    text: str  # the block's lines joined by spaces, leading comment lines left out


# -- what a language has ----------------------------------------------------------------------
def addenda_dir(project: Project, code: str, module_id: str) -> Path:
    return project.source_dir / module_id / FOLDER / code


def extra_pages(project: Project, code: str, module_id: str) -> list[Path]:
    """The pages only ``code`` has in this module, sorted by name."""
    english = _english_names(project, module_id)
    return [p for p in _files(addenda_dir(project, code, module_id)) if p.name not in english]


def additions(project: Project, code: str, module_id: str, page_name: str) -> list[Addition]:
    """The additions to one English page for one language, in file order (none: empty list)."""
    path = addenda_dir(project, code, module_id) / page_name
    if not path.is_file():
        return []
    return parse_additions(read_text(path, error=SourceError), path)


def parse_additions(text: str, path: Path) -> list[Addition]:
    found: list[Addition] = []
    anchor, start, body = None, 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.match(line)
        if match:
            if anchor is not None:
                found.append(Addition(anchor, _trim(body), start, path))
            anchor, start, body = match.group(1), number, []
            if not anchor:
                raise SourceError("the 'after:' line names no English block", path=path, line=number,
                                  fix='Write the English heading or first words after it: <!-- after: ## Heading -->')
        elif anchor is None:
            if line.strip():
                raise SourceError("text before the first '<!-- after: ... -->' line", path=path, line=number,
                                  fix="Start every addition with <!-- after: English heading or first words --> "
                                      "(or give the file a name no English page has, to make it an extra page)")
        else:
            body.append(line)
    if anchor is not None:
        found.append(Addition(anchor, _trim(body), start, path))
    for addition in found:
        if not addition.text:
            raise SourceError("this addition has no text", path=path, line=addition.line,
                              fix="Write the text under the 'after:' line, or remove the line")
    if not found:
        raise SourceError("the additions file has no '<!-- after: ... -->' line", path=path, line=1,
                          fix="Start every addition with <!-- after: English heading or first words -->")
    return found


def check_addenda(project: Project) -> list[SourceError]:
    """Every problem in every addenda folder: unknown language folders, unreadable additions,
    anchors that match no English block or several. Empty when all is well."""
    codes = {lang.code for lang in project.languages}
    problems: list[SourceError] = []
    for module in project.modules:
        root = project.source_dir / module.id / FOLDER
        if not root.is_dir():
            continue
        english = _english_names(project, module.id)
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            if folder.name not in codes:
                problems.append(SourceError(f"{folder.name!r} is not a language of the course", path=folder,
                                            fix="Name the folder after a language code in qrl10n.toml"))
                continue
            for path in _files(folder):
                if path.name not in english:
                    continue
                try:
                    found = parse_additions(read_text(path, error=SourceError), path)
                    english_path = project.source_dir / module.id / path.name
                    english_blocks = blocks(read_text(english_path, error=SourceError))
                    for addition in found:
                        anchor_block(english_blocks, addition, english_path)
                except SourceError as exc:
                    problems.append(exc)
    return problems


# -- placing additions ----------------------------------------------------------------------
def apply_addenda(project: Project, code: str, module_id: str, page_name: str, localized_text: str) -> str:
    """``localized_text`` (the built page ``page_name`` in ``code``) with that language's additions."""
    if page_name not in _english_names(project, module_id):
        return localized_text  # an extra page is built as written
    found = additions(project, code, module_id, page_name)
    if not found:
        return localized_text
    english_path = project.source_dir / module_id / page_name
    english = read_text(english_path, error=SourceError)
    return insert_additions(english, localized_text, found, english_path)


def insert_additions(english: str, localized: str, found: list[Addition], english_path: Path) -> str:
    """Put each addition after the localized block that stands where its anchor is in ``english``."""
    english_blocks, localized_blocks = blocks(english), blocks(localized)
    placed = [(anchor_block(english_blocks, a, english_path), order, a) for order, a in enumerate(found)]
    if len(english_blocks) != len(localized_blocks):
        first = found[0]
        raise SourceError(f"cannot place the additions: the localized page has {len(localized_blocks)} blocks "
                          f"and the English page {len(english_blocks)}", path=first.path, line=first.line,
                          fix=f"A translation of {english_path.name} adds or removes a blank line or a heading line; "
                              "correct it in the PO file")
    eol = "\r\n" if "\r\n" in localized else "\n"
    lines = localized.splitlines(keepends=True)
    for index, _, addition in sorted(placed, key=lambda p: (p[0], p[1]), reverse=True):
        end = localized_blocks[index].end
        if not lines[end].endswith(("\n", "\r")):
            lines[end] += eol
        insert = [eol] + [line + eol for line in addition.text.split("\n")]
        if end + 1 < len(lines) and lines[end + 1].strip():
            insert.append(eol)
        lines[end + 1:end + 1] = insert
    return "".join(lines)


def anchor_block(english_blocks: list[Block], addition: Addition, english_path: Path) -> int:
    """Index of the one English block the anchor names; SourceError when none or several."""
    wanted = _squash(addition.anchor)
    plain = _squash(_LEAD.sub("", addition.anchor))
    hits = [i for i, b in enumerate(english_blocks)
            if b.text.startswith(wanted) or (plain and _squash(_LEAD.sub("", b.text)).startswith(plain))]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise SourceError(f"the anchor {addition.anchor!r} matches no block of {english_path.name}",
                          path=addition.path, line=addition.line,
                          fix="Copy the English heading or the first words of the English paragraph exactly "
                              f"as they are in {english_path.name}")
    lines = ", ".join(str(english_blocks[i].start + 1) for i in hits)
    raise SourceError(f"the anchor {addition.anchor!r} matches {len(hits)} blocks of {english_path.name} "
                      f"(lines {lines})", path=addition.path, line=addition.line,
                      fix="Quote more of the English text so that it names one block")


def blocks(text: str) -> list[Block]:
    """Blank-line separated blocks; a heading line, fenced code and front matter are one block each."""
    lines = text.splitlines()
    found: list[Block] = []
    start: int | None = None
    fence: str | None = None
    index = 0
    if lines and lines[0].strip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if close is not None:
            found.append(Block(0, close, ""))
            index = close + 1

    def close_block(end: int) -> None:
        nonlocal start
        if start is not None:
            body = [ln for ln in lines[start:end + 1]]
            while body and _COMMENT_LINE.match(body[0]):
                body.pop(0)
            found.append(Block(start, end, _squash(" ".join(body))))
            start = None

    for number in range(index, len(lines)):
        line = lines[number]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        fenced = _FENCE.match(line)
        if fenced:
            fence = fenced.group(1)[:3]
            start = number if start is None else start
            continue
        if not line.strip():
            close_block(number - 1)
        elif _HEADING.match(line):
            close_block(number - 1)
            start = number
            close_block(number)
        elif start is None:
            start = number
    close_block(len(lines) - 1)
    return found


# -- helpers --------------------------------------------------------------------------------
def _english_names(project: Project, module_id: str) -> set[str]:
    for component in project.components:
        if component.kind == "pages" and component.module.id == module_id:
            return {p.name for p in component.sources}
    return set()


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file() and not p.name.startswith("."))


def _trim(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def _squash(text: str) -> str:
    return " ".join(text.split())
