"""XLIFF 1.2 exchange with CAT tools (OmegaT, Trados, memoQ), with the PO file as the master.

``export_xliff`` writes one ``build/xliff/<lang>/<component>.xlf`` per PO file, valid against
the OASIS XLIFF 1.2 *strict* schema. Every live entry is a ``trans-unit``:

- a translated entry: ``approved="yes"`` and ``<target state="translated">``, both set, since
  tools read one or the other (translate-toolkit's ``xliff2po`` makes every unit without
  ``approved="yes"`` fuzzy; OmegaT's Okapi filter loads a target that is approved or whose
  state is ``translated``; the state is the XLIFF 1.2 value for "translated, not yet
  reviewed", which is what a PO entry without the fuzzy flag says); a fuzzy
  one: ``approved="no"`` and ``state="needs-review-translation"``, a draft to every tool; an
  untranslated one: no target and no ``approved``;
- languages as BCP 47 tags, as the schema's ``xsd:language`` wants (``pt_BR`` -> ``pt-BR``);
- notes: the extracted comments, glossary hints included, as ``from="developer"``; the
  translator comment as ``from="translator"``;
- one ``context-group purpose="location"`` per ``#:`` reference, without a name (the strict
  schema wants context-group names unique in the whole file, so a name per location is out).

``import_xliff`` puts targets, states and translator notes back into the PO file the XLIFF
came from (its ``original`` attribute) and touches nothing else, so PO -> XLIFF -> PO is
byte-identical and obsolete entries, headers and references can never be lost in a CAT tool.
It also reads XLIFF 1.0/1.1 and what translate-toolkit's ``po2xliff`` writes (its own unit ids,
a header unit). Units whose source text changed in the PO file since the export are not
imported (reported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import catalog
from ..errors import Qrl10nError
from ..files import check_size, write_if_changed
from ..languages import language_tag
from ..model import FileResult
from ..project import Project
from . import xmlsafe

NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{NS}}}"
FUZZY_STATE = "needs-review-translation"
TRANSLATED_STATE = "translated"
#: Not the schema's "po": translate-toolkit reads a "po" file with its own conventions (one
#: context-group *named* po-reference per location), which the strict schema forbids (a
#: context-group name is unique in a file). Any other value reads locations by purpose.
DATATYPE = "x-gettext-po"
OLDER_NAMESPACES = frozenset({"urn:oasis:names:tc:xliff:document:1.1", "urn:oasis:names:tc:xliff:document:1.0"})
HEADER_RESTYPE = "x-gettext-domain-header"
#: Note authors whose notes come back as the entry's translator comment (po2xliff says "po-translator").
TRANSLATOR_NOTES = frozenset({"translator", "po-translator"})


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
                        language_tag(project.source_language), language_tag(language.code))
        results.append(FileResult(out, write_if_changed(out, data)))
    return results


def to_xliff(po: catalog.Catalog, original: str, source_lang: str, target_lang: str) -> bytes:
    root = etree.Element(X + "xliff", nsmap={None: NS}, version="1.2")
    file_el = etree.SubElement(root, X + "file", original=original, datatype=DATATYPE,
                               **{"source-language": source_lang, "target-language": target_lang})
    body = etree.SubElement(file_el, X + "body")
    for entry in catalog.live_entries(po):
        if entry.msgid_plural:
            continue  # course templates have no plurals; PO editors handle them better
        body.append(_trans_unit(entry))
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _trans_unit(entry: catalog.Entry) -> etree._Element:
    """One entry as a trans-unit, its children in the order the strict schema wants."""
    unit = etree.Element(X + "trans-unit", id=unit_id(entry))
    unit.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    etree.SubElement(unit, X + "source").text = entry.msgid
    if entry.msgstr:
        fuzzy = catalog.is_fuzzy(entry)
        unit.set("approved", "no" if fuzzy else "yes")
        target = etree.SubElement(unit, X + "target", state=FUZZY_STATE if fuzzy else TRANSLATED_STATE)
        target.text = entry.msgstr
    for text in filter(None, (entry.comment or "").split("\n")):
        etree.SubElement(unit, X + "note", {"from": "developer"}).text = text
    if entry.tcomment:
        etree.SubElement(unit, X + "note", {"from": "translator"}).text = entry.tcomment
    for path, line in entry.occurrences:
        group = etree.SubElement(unit, X + "context-group", purpose="location")
        etree.SubElement(group, X + "context", {"context-type": "sourcefile"}).text = path
        if line:
            etree.SubElement(group, X + "context", {"context-type": "linenumber"}).text = line
    return unit


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
    if language and language_tag(language).lower() != language_tag(expected).lower():
        raise XliffError(f"target-language is {language!r} but the PO file is for {expected!r}",
                         path=path, line=file_el.sourceline, fix="Check that the CAT tool kept the target language")
    stamp = catalog.stamp(po_path)
    po = catalog.load(po_path)
    find = _EntryFinder(po)
    report = ImportReport(path, po_path, False)
    for unit in file_el.iter(X + "trans-unit"):
        if unit.get("restype") == HEADER_RESTYPE:
            continue  # translate-toolkit's copy of the PO header: the PO file keeps its own
        entry = find(unit)
        if entry is None:
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


def _finished(approved: str | None, state: str) -> bool:
    """Whether a person finished the segment. ``approved="no"`` never is; otherwise the target's
    state decides when it has one (a tool that keeps our ``approved="yes"`` but marks an edited
    segment ``needs-review-translation`` means a draft), and ``approved="yes"`` when it has none."""
    if approved == "no":
        return False
    return state in FINISHED_STATES if state else approved == "yes"


class _EntryFinder:
    """The PO entry a trans-unit translates: by our unit id, or (for files that other tools
    such as translate-toolkit's po2xliff numbered their own way) by its source text when one
    live entry alone has it. None when the source changed since the export."""

    def __init__(self, po: catalog.Catalog) -> None:
        entries = list(catalog.live_entries(po))
        self.by_id = {unit_id(e): e for e in entries}
        by_source: dict[str, list[catalog.Entry]] = {}
        for entry in entries:
            by_source.setdefault(entry.msgid, []).append(entry)
        self.by_source = {text: found[0] for text, found in by_source.items() if len(found) == 1}

    def __call__(self, unit: etree._Element) -> catalog.Entry | None:
        source = _text(unit.find(X + "source"))
        entry = self.by_id.get(unit.get("id", ""))
        if entry is not None and entry.msgid == source:
            return entry
        return self.by_source.get(source)


def _apply(entry: catalog.Entry, unit: etree._Element) -> bool:
    """Copy target, state and translator note into ``entry``; True when something changed."""
    before = (entry.msgstr, list(entry.flags), entry.tcomment)
    target = unit.find(X + "target")
    text = _text(target)
    state = (target.get("state") or "") if target is not None else ""
    finished = _finished(unit.get("approved"), state)
    if text and text == entry.msgid and not entry.msgstr and not finished:
        text = ""  # the CAT tool copied the English into an untranslated segment: not a translation
    if text:
        entry.msgstr = text
        fuzzy = not finished
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    notes = [_text(n) for n in unit.findall(X + "note") if n.get("from") in TRANSLATOR_NOTES]
    if notes:
        entry.tcomment = "\n".join(notes)
    return before != (entry.msgstr, list(entry.flags), entry.tcomment)


def _text(element: etree._Element | None) -> str:
    """All text of an element, inline markup (<g>, <x/>) flattened as CAT tools may add it."""
    return "".join(element.itertext()) if element is not None else ""


def _parse(path: Path) -> etree._Element:
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
    _read_older_versions_as_1_2(tree.getroot())
    file_el = tree.getroot().find(X + "file")
    if tree.getroot().tag != X + "xliff" or file_el is None:
        raise XliffError("not an XLIFF 1.2 document", path=path, line=tree.getroot().sourceline,
                         fix="Use XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2)")
    return file_el


def _read_older_versions_as_1_2(root: etree._Element) -> None:
    """XLIFF 1.0 and 1.1 (translate-toolkit's po2xliff writes 1.1) name the same elements we
    read in an older namespace: rename them in memory so one reader serves all three."""
    namespace = etree.QName(root).namespace
    if namespace not in OLDER_NAMESPACES:
        return
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).namespace == namespace:
            element.tag = X + etree.QName(element).localname
