"""XLIFF 1.2 exchange with CAT tools (OmegaT, Trados, memoQ), with the PO file as the master.

``export_xliff`` writes one ``build/xliff/<lang>/<component>.xlf`` per PO file: every live
entry is a ``trans-unit`` with its source, target, state (fuzzy = ``needs-review-translation``,
``approved="no"``), notes (the extracted comments, glossary hints included, as
``from="developer"``; translator comments as ``from="translator"``) and references.
``import_xliff`` puts targets, states and translator notes back into the PO file the XLIFF
came from (its ``original`` attribute) and touches nothing else, so PO -> XLIFF -> PO is
byte-identical and obsolete entries, headers and references can never be lost in a CAT tool.
Units whose source text changed in the PO file since the export are not imported (reported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from qrl10n.formats import xmlsafe

from . import catalog
from .errors import Qrl10nError
from .files import check_size, write_if_changed
from .model import FileResult
from .project import Project

NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{NS}}}"
FUZZY_STATE = "needs-review-translation"


class XliffError(Qrl10nError):
    """An XLIFF file cannot be read or does not belong to this project."""


@dataclass(slots=True)
class ImportReport:
    path: Path
    po_path: Path
    changed: bool
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


def export_xliff(project: Project, code: str) -> list[FileResult]:
    language = project.language(code)
    results = []
    for component in project.components:
        po_path = project.po_path(code, component)
        if not po_path.exists():
            continue
        out = project.build_dir / "xliff" / code / f"{component.name}.xlf"
        data = to_xliff(catalog.load(po_path), po_path.relative_to(project.root).as_posix(),
                        project.source_language, language.code)
        results.append(FileResult(out, write_if_changed(out, data)))
    return results


def to_xliff(po: catalog.Catalog, original: str, source_lang: str, target_lang: str) -> bytes:
    root = etree.Element(X + "xliff", nsmap={None: NS}, version="1.2")
    file_el = etree.SubElement(root, X + "file", original=original, datatype="po",
                               **{"source-language": source_lang, "target-language": target_lang})
    body = etree.SubElement(file_el, X + "body")
    for entry in catalog.live_entries(po):
        if entry.msgid_plural:
            continue  # course templates have no plurals; PO editors handle them better
        unit = etree.SubElement(body, X + "trans-unit", id=unit_id(entry))
        unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if catalog.is_fuzzy(entry):
            unit.set("approved", "no")
        etree.SubElement(unit, X + "source").text = entry.msgid
        if entry.msgstr:
            target = etree.SubElement(unit, X + "target")
            target.text = entry.msgstr
            target.set("state", FUZZY_STATE if catalog.is_fuzzy(entry) else "translated")
        for text in filter(None, (entry.comment or "").split("\n")):
            etree.SubElement(unit, X + "note", {"from": "developer"}).text = text
        if entry.tcomment:
            etree.SubElement(unit, X + "note", {"from": "translator"}).text = entry.tcomment
        if entry.occurrences:
            group = etree.SubElement(unit, X + "context-group", name="po-reference", purpose="location")
            for path, line in entry.occurrences:
                etree.SubElement(group, X + "context", {"context-type": "sourcefile"}).text = path
                etree.SubElement(group, X + "context", {"context-type": "linenumber"}).text = line
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def unit_id(entry: catalog.Entry) -> str:
    """Stable and unique per (msgctxt, msgid), readable in a CAT tool's id column."""
    import hashlib
    digest = hashlib.sha1(f"{entry.msgctxt}\x04{entry.msgid}".encode()).hexdigest()[:12]
    return digest


def import_xliff(project: Project, path: Path) -> ImportReport:
    file_el = _parse(path)
    original = file_el.get("original") or ""
    po_path = project.inside(project.root / original)
    if not original.startswith("po/") or not po_path.exists():
        raise XliffError(f"the XLIFF file belongs to {original!r}, which is not a PO file of this project",
                         path=path, line=file_el.sourceline,
                         fix="Import an XLIFF file made by 'qrl10n export-xliff' for this course")
    language = file_el.get("target-language")
    expected = po_path.parent.name
    if language and language.replace("-", "_").lower() != expected.lower():
        raise XliffError(f"target-language is {language!r} but the PO file is for {expected!r}",
                         path=path, line=file_el.sourceline, fix="Check that the CAT tool kept the target language")
    stamp = catalog.stamp(po_path)
    po = catalog.load(po_path)
    by_id = {unit_id(e): e for e in catalog.live_entries(po)}
    report = ImportReport(path, po_path, False)
    for unit in file_el.iter(X + "trans-unit"):
        entry = by_id.get(unit.get("id", ""))
        source = _text(unit.find(X + "source"))
        if entry is None or entry.msgid != source:
            report.skipped.append(f"{path}:{unit.sourceline}: the source text changed since the export; "
                                  "translate it again in the PO file")
            continue
        if _apply(entry, unit):
            report.updated += 1
        else:
            report.unchanged += 1
    report.changed = catalog.save(po, po_path, expected=stamp)
    return report


#: Target states that mean a person finished the segment; any other (none, "new",
#: "needs-*") comes back as a fuzzy draft to review, never as a published translation.
FINISHED_STATES = frozenset({"translated", "final", "signed-off"})


def _apply(entry: catalog.Entry, unit) -> bool:
    """Copy target, state and translator note into ``entry``; True when something changed."""
    before = (entry.msgstr, list(entry.flags), entry.tcomment)
    target = unit.find(X + "target")
    text = _text(target)
    state = (target.get("state") or "") if target is not None else ""
    finished = unit.get("approved") == "yes" or state in FINISHED_STATES
    if text and text == entry.msgid and not entry.msgstr and not finished:
        text = ""  # the CAT tool copied the English into an untranslated segment: not a translation
    if text:
        entry.msgstr = text
        fuzzy = unit.get("approved") == "no" or not finished
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    notes = [_text(n) for n in unit.findall(X + "note") if n.get("from") == "translator"]
    if notes:
        entry.tcomment = "\n".join(notes)
    return before != (entry.msgstr, list(entry.flags), entry.tcomment)


def _text(element) -> str:
    """All text of an element, inline markup (<g>, <x/>) flattened as CAT tools may add it."""
    return "".join(element.itertext()) if element is not None else ""


def _parse(path: Path):
    check_size(path, error=XliffError)
    try:
        tree = etree.parse(str(path), xmlsafe.parser())
    except etree.XMLSyntaxError as exc:
        raise XliffError(f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno,
                         fix="Export the file again from the CAT tool") from exc
    except OSError as exc:
        raise XliffError(f"cannot read the file ({exc})", path=path, fix="Check the path") from exc
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise XliffError("the file declares a DTD; entities are not accepted", path=path, line=1,
                         fix="Remove the <!DOCTYPE> declaration")
    file_el = tree.getroot().find(X + "file")
    if tree.getroot().tag != X + "xliff" or file_el is None:
        raise XliffError("not an XLIFF 1.2 document", path=path, line=tree.getroot().sourceline,
                         fix="Use XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2)")
    return file_el
