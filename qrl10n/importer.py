"""import: existing translated pages and subtitles -> fuzzy entries in po/<lang>/*.po.

The course exists in many languages as finished pages and subtitle files made outside any PO
workflow. ``import_file`` pairs such a file with its English counterpart and brings each
translated block into the entry of the English block it translates:

- pages (Markdown, or HTML read with lxml's HTML parser) are cut into blocks by the same
  adapter that makes the templates, and the two block lists are aligned globally (qrl10n.align),
  so a missing or an extra paragraph costs one block, not the rest of the page, and never
  across the code blocks, HTML blocks and rules both Markdown pages share;
- subtitles (SRT, WebVTT) are aligned by time: each translated cue goes to the English sentence
  whose cues overlap it most, and the cue texts of a sentence are joined into its translation.

Imported text is a draft: it is written only into entries that have no translation yet, marked
fuzzy, with the extracted comment ``imported from <file>:<line>`` so a reviewer can see where
it came from and confirm it. A translated or fuzzy entry is never touched. The report says what
was aligned, what was not and why, and where the alignment was lost. A page whose alignment is
evidently wrong (``misaligned``: under half of the English blocks align, or not one pair shares
a link, number or code although both pages have some) is refused whole: pairing unrelated text
on length alone would fill the PO file with wrong drafts.

The English counterpart of ``.../<module>/<page>.md`` (or ``.html``) is ``source/<module>/<page>.md``;
of ``.../<module>/<video>.srt`` (or ``.vtt``) it is ``subtitles/en/<module>/<video>.srt|.vtt``;
``source=`` names it explicitly. A page built from ``source/<module>/addenda/<lang>/`` (a page
only that language has) has none and is skipped, as is any file without one when several are
imported at once.

HTML limits: headings, paragraphs, list items (task box left out), table cells, block quotes,
image alt text and the ``<title>`` are read; links, strong/emphasis, inline code and images come
back as Markdown (``[text](url)``, or ``[text][label]`` and ``02-next.md`` where the English
page writes them so; ``**``, ``*`` or ``_`` as the English uses; backticks); the titles of
the English reference definitions are paired with the titles of the translated links to the
same URL. Anything else becomes plain text, and characters that Markdown would need escaped
are not escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import align, catalog
from .addenda import extra_pages
from .errors import Qrl10nError, SourceError
from .extract import segments_of
from .files import read_input, read_text
from .model import Segment
from .project import Component, Project

if TYPE_CHECKING:
    from .formats.html import LinkStyle
    from .formats.markdown import VerbatimBlock

PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")
VIDEO_SUFFIXES = (".srt", ".vtt")
COMMENT_PREFIX = "imported"


class ImportFileError(Qrl10nError):
    """A translated file cannot be matched with an English file or cannot be imported."""


class NoCounterpartError(ImportFileError):
    """No English file has the translated file's module folder and name."""


@dataclass(frozen=True, slots=True)
class Aligned:
    """A translated block paired with the English block (msgid) it translates."""

    source_line: int
    line: int
    kind: str
    msgid: str
    translation: str
    context: str | None = None


@dataclass(frozen=True, slots=True)
class NotAligned:
    """A block on one side ("english" or "translation") left without a counterpart, and why."""

    side: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """An aligned block not written into the PO file, and why."""

    block: Aligned
    reason: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: Path  # the translated file
    source: Path  # its English counterpart
    po_path: Path
    aligned: tuple[Aligned, ...]
    not_aligned: tuple[NotAligned, ...]
    lost: tuple[align.LostRegion, ...]
    skipped: tuple[Skipped, ...]
    written: int
    changed: bool
    english_blocks: int = 0
    translated_blocks: int = 0
    #: Why the whole file was skipped ("" when it was not); also its one NotAligned, so a report
    #: that lists what was not aligned shows it.
    skipped_file: str = ""


@dataclass(frozen=True, slots=True)
class Alignment:
    """What aligning one translated file with its English file found, before any PO file is read."""

    aligned: tuple[Aligned, ...]
    not_aligned: tuple[NotAligned, ...]
    lost: tuple[align.LostRegion, ...] = ()


# -- the stage ------------------------------------------------------------------------------
def import_files(project: Project, code: str, paths: Sequence[Path], *, source: Path | None = None,
                 dry_run: bool = False) -> list[ImportReport]:
    """Import every file. Every file is aligned before anything is written, so a file with no
    English counterpart, or one that evidently does not translate it, stops the command with
    nothing imported; but when several files are given, a file with no English counterpart is
    skipped (reported with the reason), and a page only the language has (built from
    source/<module>/addenda/<code>/) always is. ``source`` names the English file of one
    translated file."""
    if source is not None and len(paths) != 1:
        raise ImportFileError("--source names the English file of one translated file, but several were given",
                              path=source, fix="Import one file at a time when you use --source")
    code = project.language(code).code
    plans = [_plan(project, code, path, source, several=len(paths) > 1) for path in paths]
    return [_write(project, plan, dry_run=dry_run) for plan in plans]


def import_file(project: Project, code: str, path: Path, *, source: Path | None = None,
                dry_run: bool = False) -> ImportReport:
    """Align ``path`` with its English counterpart and write the result into po/<code>/."""
    (report,) = import_files(project, code, [path], source=source, dry_run=dry_run)
    return report


@dataclass(frozen=True, slots=True)
class _Plan:
    """One translated file aligned and checked, ready to write, or skipped (``skip``: why)."""

    path: Path
    source: Path
    po_path: Path
    alignment: Alignment
    english_blocks: int = 0
    translated_blocks: int = 0
    skip: str = ""


def _plan(project: Project, code: str, path: Path, source: Path | None, *, several: bool) -> _Plan:
    """Align one file; a file to skip gets its reason; an evidently wrong alignment raises."""
    try:
        component, english = counterpart(project, path, source)
    except ImportFileError as exc:
        reason = _language_only(project, code, path) if source is None else None
        if reason is None and several and isinstance(exc, NoCounterpartError):
            reason = exc.problem
        if reason is None:
            raise
        return _Plan(path, path, project.po_dir / code,
                     Alignment((), (NotAligned("translation", 1, path.name, f"file skipped: {reason}"),)),
                     skip=reason)
    po_path = project.po_path(code, component)
    if not po_path.exists():
        raise ImportFileError("there is no PO file to import into", path=po_path,
                              fix=f"Run 'qrl10n extract' and 'qrl10n update {code}' first")
    english_segments = segments_of(project, component, english)
    if component.kind == "pages":
        result, translated_blocks = align_page(english, english_segments, path)
        problem = misaligned(english_segments, result)
        if problem:
            shown = english.relative_to(project.root).as_posix()
            raise ImportFileError(f"does not look like a translation of {shown}: {problem}", path=path,
                                  fix="Nothing was imported. If it translates another page, pass that page "
                                      "with --source, or name the file and its folder like that page")
    else:
        result, translated_blocks = align_subtitles(project, english, path)
    return _Plan(path, english, po_path, result, len(english_segments), translated_blocks)


def _write(project: Project, plan: _Plan, *, dry_run: bool) -> ImportReport:
    result = plan.alignment
    written, skipped, changed = 0, [], False
    if not plan.skip:
        stamp = catalog.stamp(plan.po_path)
        po = catalog.load(plan.po_path)
        written, skipped = _fill(po, result.aligned, _label(project, plan.path))
        if written and not dry_run:
            changed = catalog.save(po, plan.po_path, expected=stamp)
    return ImportReport(plan.path, plan.source, plan.po_path, result.aligned, result.not_aligned, result.lost,
                        tuple(skipped), written, changed, plan.english_blocks, plan.translated_blocks, plan.skip)


def _language_only(project: Project, code: str, path: Path) -> str | None:
    """Why ``path`` has nothing to import when it is a page only ``code`` has (built from an
    addenda page, which is written in the language and never translated), else None."""
    if path.suffix.lower() not in PAGE_SUFFIXES:
        return None
    for page in extra_pages(project, code, path.parent.name):
        if page.stem == path.stem:
            shown = page.relative_to(project.root).as_posix()
            return f"a page only {code} has (built from {shown}), nothing to import"
    return None


def counterpart(project: Project, path: Path, source: Path | None = None) -> tuple[Component, Path]:
    """The component and English file a translated file belongs to (see the module docstring)."""
    suffix = path.suffix.lower()
    if suffix not in PAGE_SUFFIXES + VIDEO_SUFFIXES:
        raise ImportFileError(f"cannot import {suffix or 'a file without extension'} files", path=path,
                              fix="Import Markdown (.md), HTML (.html), SRT (.srt) or WebVTT (.vtt) files")
    kind = "pages" if suffix in PAGE_SUFFIXES else "videos"
    if source is not None:
        wanted = [source.resolve()]
        where = str(source)
    elif kind == "pages":
        wanted = [project.source_dir / path.parent.name / f"{path.stem}.md"]
        where = wanted[0].relative_to(project.root).as_posix()
    else:
        folder = project.subtitles_dir / path.parent.name
        wanted = [folder / f"{path.stem}{s}" for s in VIDEO_SUFFIXES]
        where = (folder / f"{path.stem}.srt").relative_to(project.root).as_posix()
    for component in project.components:
        for candidate in wanted:
            if component.kind == kind and candidate.resolve() in component.sources:
                return component, candidate.resolve()
    if source is not None:
        raise ImportFileError(f"{where} is not an English {'page' if kind == 'pages' else 'subtitle file'} of this course",
                              path=path,
                              fix="Pass --source a file under source/<module>/ (pages) or subtitles/en/<module>/ (videos)")
    raise NoCounterpartError(f"no English counterpart found (looked for {where})", path=path,
                          fix="Put the file in a folder named after its module, named like the English file, "
                              "or pass --source PATH")


# -- pages ----------------------------------------------------------------------------------
def align_page(english: Path, english_segments: Sequence[Segment], path: Path) -> tuple[Alignment, int]:
    """Align a translated page (Markdown or HTML) with its English page; also the number of
    translated blocks. An HTML page's links come back in the English page's form
    (html_blocks.LinkStyle) before the blocks are compared, and the titles of the English
    reference definitions are paired by link target, not by position."""
    if path.suffix.lower() not in (".html", ".htm"):
        from .formats import markdown
        text = read_text(path, error=SourceError)
        translated = markdown.extract(text, str(path))
        fixed = shared_skeleton(markdown.verbatim_blocks(read_text(english, error=SourceError), str(english)),
                                english_segments, markdown.verbatim_blocks(text, str(path)), translated)
        return align_blocks(english_segments, translated, fixed=fixed), len(translated)
    from .formats import html as html_blocks
    english_text = read_text(english, error=SourceError)
    style = html_blocks.link_style(english_text, english_segments, english.parent)
    translated = html_blocks.extract_html(read_input(path, error=SourceError), str(path), link=style)
    blocks = [s for s in english_segments if s.kind != "link title"]
    result = _as_markdown(align_blocks(blocks, translated))
    titles = [s for s in english_segments if s.kind == "link title"]
    if titles:
        urls = {line: url for line, _, url in html_blocks.reference_definitions(english_text)}
        result = _with_link_titles(result, titles, urls, style)
    return result, len(translated)


def _with_link_titles(result: Alignment, titles: Sequence[Segment], urls: dict[int, str],
                      style: LinkStyle) -> Alignment:
    """Each English definition title paired with the title of the translated links to its URL."""
    aligned, missed = list(result.aligned), list(result.not_aligned)
    for segment in titles:
        url = urls.get(segment.line, "")
        found = [link for link in style.titled if url and link.href == style.target(url)]
        distinct = {_collapse(link.title) for link in found}
        if len(distinct) == 1:
            aligned.append(Aligned(segment.line, found[0].line, segment.kind, segment.text,
                                   _collapse(found[0].title), segment.context))
        else:
            why = f"the links to {url} have {len(distinct)} different titles" if distinct else \
                f"no link to {url or 'its URL'} has a title in the translated page"
            missed.append(NotAligned("english", segment.line, segment.text, why))
    return Alignment(tuple(aligned), tuple(missed), result.lost)


def misaligned(english: Sequence[Segment], result: Alignment) -> str | None:
    """Why an alignment evidently pairs unrelated text, or None: under half of the English
    blocks aligned, or blocks with links, numbers or code on both sides and not one aligned
    pair sharing any (a translator keeps those; length alone pairs anything)."""
    if not english:
        return None
    if 2 * len(result.aligned) < len(english):
        return f"only {len(result.aligned)} of {len(english)} English blocks align with it"
    anchored = [align.anchors(a.msgid) & align.anchors(a.translation) for a in result.aligned]
    if not any(anchored):
        english_has = any(align.anchors(s.text) for s in english)
        translated_has = any(align.anchors(a.translation) for a in result.aligned) or \
            any(align.anchors(m.text) for m in result.not_aligned if m.side == "translation")
        if english_has and translated_has:
            return (f"{len(result.aligned)} blocks paired, but not one pair shares a link, number or code "
                    "(they were paired on length alone)")
    return None


def shared_skeleton(english_blocks: Sequence[VerbatimBlock], english: Sequence[Segment],
                    translated_blocks: Sequence[VerbatimBlock], translated: Sequence[Segment]) -> list[tuple[int, int]]:
    """The code, HTML blocks and rules both pages have, in order, as boundaries between
    segments (``(i, j)``: the first i English and j translated segments come before it)."""
    def before(segments: Sequence[Segment], line: int) -> int:
        return sum(1 for segment in segments if segment.line < line)
    common = align.common_blocks([b.text for b in english_blocks], [b.text for b in translated_blocks])
    return [(before(english, english_blocks[i].line), before(translated, translated_blocks[j].line))
            for i, j in common]


def align_blocks(english: Sequence[Segment], translated: Sequence[Segment], *,
                 fixed: Sequence[tuple[int, int]] = ()) -> Alignment:
    """Pair blocks (qrl10n.align), never across ``fixed`` boundaries; untrusted pairs and gaps
    become NotAligned with a reason."""
    pairs = align.align(english, translated, fixed=fixed)
    ratio = align.length_ratio(english, translated)
    aligned: list[Aligned] = []
    missed: list[NotAligned] = []
    for pair in pairs:
        s = english[pair.source] if pair.source is not None else None
        t = translated[pair.target] if pair.target is not None else None
        if pair.accepted and s is not None and t is not None:
            aligned.append(Aligned(s.line, t.line, s.kind, s.text, _fit(t.text, s.text), s.context))
        elif s is not None and t is not None:
            reason = f"paired with line {t.line} only weakly ({align.why_not(s, t, ratio)})"
            missed.append(NotAligned("english", s.line, s.text, reason))
            missed.append(NotAligned("translation", t.line, t.text, f"paired with English line {s.line} only weakly"))
        elif s is not None:
            missed.append(NotAligned("english", s.line, s.text, "no translated block matches it"))
        elif t is not None:
            missed.append(NotAligned("translation", t.line, t.text, "matches no English block (an addition?)"))
    return Alignment(tuple(aligned), tuple(missed), tuple(align.lost_regions(pairs, english, translated)))


def _fit(translation: str, msgid: str) -> str:
    """A block's text as a msgstr: wrapped lines joined when the msgid is one line. Only ASCII
    whitespace is collapsed: a no-break space (French « », 10 000) is the translator's."""
    if "\n" in msgid:
        return translation.strip(_ASCII_SPACE)
    return _collapse(translation)


def _collapse(text: str) -> str:
    return re.sub(f"[{_ASCII_SPACE}]+", " ", text).strip(_ASCII_SPACE)


_ASCII_SPACE = " \t\r\n\f"
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w*])_(?=\S)([^_]+?)(?<=\S)_(?!\w)")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])")


def _as_markdown(result: Alignment) -> Alignment:
    """HTML-made text in the msgid's own Markdown habits: its emphasis marker."""
    return Alignment(tuple(_adapt(a) for a in result.aligned), result.not_aligned, result.lost)


def _adapt(block: Aligned) -> Aligned:
    text = block.translation
    if _EMPHASIS_UNDERSCORE.search(block.msgid) and not _EMPHASIS_STAR.search(block.msgid):
        text = _EMPHASIS_STAR.sub(r"_\1_", text)
    return Aligned(block.source_line, block.line, block.kind, block.msgid, text, block.context)


# -- subtitles ------------------------------------------------------------------------------
def align_subtitles(project: Project, english: Path, path: Path) -> tuple[Alignment, int]:
    """Each translated cue to the English sentence whose cues overlap it most (time, not text);
    also the number of translated cues."""
    from .formats import subtitles
    limits = project.subtitle_limits()
    en_label = english.relative_to(project.root).as_posix()
    en_doc = subtitles.read(subtitles.decode(read_input(english, error=SourceError), en_label), en_label)
    _, units = subtitles.walk(en_doc, segmentation=limits.segmentation, limits=limits)
    cues = subtitles.parse(subtitles.decode(read_input(path, error=SourceError), str(path)), str(path))
    return align_cues(units, en_doc.cues, cues), len(cues)


def align_cues(units: Sequence, english_cues: Sequence, cues: Sequence) -> Alignment:
    """``units``: the English segments with their cue slots (subtitles.walk); ``cues``: translated."""
    from .formats.subtitles import anatomy, format_time
    spans = [(english_cues[u.slots[0][0]].start, english_cues[u.slots[-1][0]].end) for u in units]
    texts: list[list[str]] = [[] for _ in units]
    lines: list[int] = [0 for _ in units]
    missed: list[NotAligned] = []
    owners = align.assign_by_overlap(spans, [(c.start, c.end) for c in cues])
    for cue, owner in zip(cues, owners):
        parts = [p.text for p in anatomy(cue).parts if p.translatable]
        if not parts:
            continue
        if owner is None:
            missed.append(NotAligned("translation", cue.line, " ".join(parts),
                                     f"cue {cue.index} ({format_time(cue.start, '.')}) overlaps no English sentence"))
            continue
        for index, text in _share_dialogue(units, owner, parts):
            texts[index].append(text)
            lines[index] = lines[index] or cue.line
    aligned: list[Aligned] = []
    for unit, span, pieces, line in zip(units, spans, texts, lines):
        seg = unit.segment
        if pieces:
            aligned.append(Aligned(seg.line, line, seg.kind, seg.text, " ".join(pieces), seg.context))
        else:
            missed.append(NotAligned("english", seg.line, seg.text,
                                     f"no translated cue overlaps {format_time(span[0], '.')} --> "
                                     f"{format_time(span[1], '.')}"))
    return Alignment(tuple(aligned), tuple(missed))


def _share_dialogue(units: Sequence, owner: int, parts: list[str]) -> list[tuple[int, str]]:
    """A dialogue cue's speakers go to the English units of that same cue, one each, when they
    have as many speakers; any other cue goes whole to its owner."""
    cue_position = units[owner].slots[0][0]
    same_cue = [i for i, u in enumerate(units) if len(u.slots) == 1 and u.slots[0][0] == cue_position]
    if len(parts) > 1 and len(same_cue) == len(parts):
        return list(zip(same_cue, parts))
    return [(owner, " ".join(parts))]


# -- writing --------------------------------------------------------------------------------
def _fill(po: catalog.Catalog, aligned: Iterable[Aligned], label: str) -> tuple[int, list[Skipped]]:
    """Put each aligned translation into its entry when that entry has none; count and explain."""
    entries = {catalog.key(e): e for e in catalog.live_entries(po)}
    given: dict[tuple[str | None, str], Aligned] = {}
    written = 0
    skipped: list[Skipped] = []
    for block in aligned:
        key = (block.context, block.msgid)
        entry = entries.get(key)
        if entry is None:
            skipped.append(Skipped(block, "not in the PO file; run 'qrl10n extract' and 'qrl10n update'"))
        elif key in given:
            same = given[key].translation == block.translation
            skipped.append(Skipped(block, f"the same English text {'got the same' if same else 'already got a'} "
                                          f"translation from line {given[key].line}"))
        elif _squash(block.translation) == _squash(block.msgid):
            skipped.append(Skipped(block, "the translated block is the English text"))
        elif catalog.is_translated(entry):
            skipped.append(Skipped(block, "already translated"))
        elif catalog.translation(entry) or entry.msgid_plural:
            skipped.append(Skipped(block, "already has a fuzzy translation"))
        else:
            entry.msgstr = block.translation
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            catalog.set_extracted(entry, COMMENT_PREFIX, [f"{COMMENT_PREFIX} from {label}:{block.line}"])
            given[key] = block
            written += 1
    return written, skipped


def _label(project: Project, path: Path) -> str:
    """How the comment names the file: inside the project, its path there; else its last parts."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(project.root).as_posix()
    except ValueError:
        return "/".join(resolved.parts[-3:])


def _squash(text: str) -> str:
    return " ".join(text.split())
