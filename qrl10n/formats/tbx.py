"""The term base: its data (concepts, terms, statuses) and the only reader and writer of TBX.

What it holds: concepts, each with an id, a definition, a note and, per language, terms with
a status: ``preferred`` (the approved translation), ``admitted`` (an accepted variant),
``superseded`` (replaced, should no longer be used) and ``forbidden`` (must never be used).

Reading TBX:

- TBX-Basic / TBX v2 (``<martif>``, ``termEntry/langSet/tig|ntig``) and TBX v3 (``<tbx>``,
  ``conceptEntry/langSec/termSec``), namespaced or not, DCA (``termNote type=...``) or DCT
  (``<min:administrativeStatus>``) style. A reader, not a validator: data categories we do
  not use are skipped; what we cannot make sense of (a term list without a language, two
  terms in one term section) is an error naming the line; what we can skip safely (an
  ``xml:lang="---"`` section, an unknown status) becomes a warning on the TermBase.
- ``administrativeStatus``: preferredTerm-admn-sts, admittedTerm-admn-sts,
  deprecatedTerm-admn-sts and supersededTerm-admn-sts, plus Weblate's ``forbidden`` and
  ``obsolete`` and TBX-Min's ``usageStatus`` values. A term with no status is preferred when
  it is the first of its language in the concept, admitted otherwise.
- A term's source (the CRPD translation, a national law, WHO material) is
  ``<admin type="source">`` in its ``<tig>``. A term the terminologists are not sure of carries
  ``<termNote type="processStatus">provisionallyProcessed</termNote>``: it is shown as a hint
  and never raises an error. An inflected or irregular form (an Arabic broken plural) is a
  ``<tig>`` with ``<termNote type="termType">variant</termNote>`` after its term in the same
  language section: it takes that term's status and is matched like it. A variant with no term
  before it, like an unknown status or an empty term, is a warning naming the line.
- Parsed with lxml, entities never resolved, no network, no huge trees; a document that
  declares entities (XXE, "billion laughs") is refused with a GlossaryError.

CSV spreadsheets, and merging one into the term base, are ``formats/glossary_csv.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GlossaryError
from ..files import read_input
from . import xmlsafe

if TYPE_CHECKING:  # lxml is imported where a file is read or written: `qrl10n --help` stays fast
    from lxml import etree

STATUSES = ("preferred", "admitted", "superseded", "forbidden")
ALLOWED = ("preferred", "admitted")
BANNED = ("superseded", "forbidden")

#: TBX administrativeStatus / usageStatus values -> our status.
STATUS_VALUES = {
    "preferredterm-admn-sts": "preferred", "preferred": "preferred", "standardizedterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "admitted", "admitted": "admitted",
    "supersededterm-admn-sts": "superseded", "superseded": "superseded", "obsolete": "superseded",
    "deprecatedterm-admn-sts": "forbidden", "deprecated": "forbidden", "forbidden": "forbidden",
    "notrecommended": "forbidden",
}
#: Our status -> the TBX-Basic picklist value written.
TBX_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
              "superseded": "supersededTerm-admn-sts", "forbidden": "deprecatedTerm-admn-sts"}

#: TBX processStatus values -> provisional (shown as a hint, never an error).
PROCESS_STATUSES = {"finalized": False, "provisionallyProcessed": True, "unprocessed": True}

LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
MULTI = " | "


# -- data ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Term:
    """One term; ``variant_of`` is the text of the term an inflected or irregular form belongs to."""

    text: str
    lang: str
    status: str = "preferred"
    pos: str = ""
    note: str = ""
    source: str = ""
    provisional: bool = False
    variant_of: str = ""


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    terms: tuple[Term, ...]
    definition: str = ""
    note: str = ""
    subject: str = ""
    line: int = field(default=0, compare=False)

    def terms_in(self, lang: str, statuses: Sequence[str] = STATUSES, *, variants: bool = False) -> tuple[Term, ...]:
        """The terms of ``lang`` (``es`` also finds ``es-ES``) with one of ``statuses`` (their
        inflected variants only when asked: hints and exports name the terms themselves)."""
        return tuple(t for t in self.terms if same_language(t.lang, lang) and t.status in statuses
                     and (variants or not t.variant_of))

    def preferred(self, lang: str) -> Term | None:
        allowed = self.terms_in(lang, ALLOWED)
        return next((t for t in allowed if t.status == "preferred"), allowed[0] if allowed else None)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.lang for t in self.terms))

    @property
    def pos(self) -> str:
        return next((t.pos for t in self.terms if t.pos), "")


@dataclass(frozen=True, slots=True)
class TermBase:
    concepts: tuple[Concept, ...]
    source_language: str = "en"
    title: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language with a term: the source language first, the rest in the order met."""
        found = dict.fromkeys(t.lang for c in self.concepts for t in c.terms)
        rest = tuple(lang for lang in found if lang != self.source_language)
        return ((self.source_language,) if self.source_language in found else ()) + rest

    def only(self, languages: Iterable[str]) -> TermBase:
        """The concepts restricted to the source language and ``languages`` (a bilingual view)."""
        keep = [self.source_language, *languages]
        concepts = []
        for concept in self.concepts:
            terms = tuple(t for t in concept.terms if any(same_language(t.lang, k) for k in keep))
            if terms:
                concepts.append(replace(concept, terms=terms))
        return replace(self, concepts=tuple(concepts))


def same_language(tag: str, lang: str) -> bool:
    tag, lang = norm_lang(tag), norm_lang(lang)
    return tag == lang or tag.startswith(lang + "-")


def norm_lang(tag: str) -> str:
    return tag.strip().replace("_", "-").lower()


def clean(text: str | None) -> str:
    """NFC, whitespace runs as one space, trimmed: how every term is compared and stored."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


# -- TBX reading -----------------------------------------------------------------------------
def read_tbx(path: Path) -> TermBase:
    try:
        data = read_input(Path(path), error=GlossaryError)
    except FileNotFoundError as exc:
        raise GlossaryError("the term base does not exist", path=path,
                            fix="Create glossary/terms.tbx, or import a CSV with 'qrl10n glossary import-csv'") from exc
    except OSError as exc:
        raise GlossaryError(f"cannot read the term base ({exc.strerror})", path=path,
                            fix="Check that the file is readable") from exc
    return parse_tbx(data, path)


def parse_tbx(data: bytes, path: Path | str = "<tbx>") -> TermBase:
    """A TermBase from TBX bytes; GlossaryError (with the line) when it is not usable TBX."""
    from lxml import etree

    try:
        root = etree.fromstring(data, xmlsafe.parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = re.sub(r"\s*\(.*line \d+\)$", "", str(exc.msg or exc)).rstrip(".")
        if "entity" in message.lower() or "amplification" in message.lower():
            raise GlossaryError(f"the file declares or uses XML entities ({message})", path=path, line=line,
                                fix="Entities are refused for safety (XXE, billion laughs); write the text out") from exc
        raise GlossaryError(f"not well-formed XML: {message}", path=path, line=line,
                            fix="Fix the XML on that line (a TBX editor or 'xmllint --noout' shows it)") from exc
    if root is None:
        raise GlossaryError("the file is empty", path=path, fix="Write a TBX document into it")
    _refuse_entities(root, path)
    kind = _local(root)
    if kind not in ("martif", "tbx"):
        raise GlossaryError(f"this is not TBX: the root element is <{kind}>", path=path, line=root.sourceline,
                            fix="Use a TBX file (<martif> for TBX-Basic, <tbx> for TBX v3), or import a CSV")
    reader = _TbxReader(Path(str(path)), _attr_lang(root) or "en")
    concepts: list[Concept] = []
    for element in root.iter():
        if isinstance(element.tag, str) and _local(element) in ("termEntry", "conceptEntry"):
            concept = reader.concept(element, len(concepts) + 1)
            if concept is not None:
                concepts.append(concept)
    title = clean(next((e.text for e in root.iter() if isinstance(e.tag, str) and _local(e) == "title"), ""))
    return TermBase(tuple(concepts), reader.source, title, tuple(reader.warnings))


def _refuse_entities(root: etree._Element, path: Path | str) -> None:
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise GlossaryError("the file declares XML entities in its DOCTYPE", path=path, line=1,
                            fix="Entities are refused for safety (XXE, billion laughs); remove the <!ENTITY> declarations")
    from lxml import etree
    for node in root.iter(etree.Entity):
        raise GlossaryError(f"the file uses the XML entity {node.text}", path=path, line=node.sourceline,
                            fix="Entities are refused for safety; write the character itself")


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].split(":")[-1] if isinstance(tag, str) else ""


def _attr_lang(element: etree._Element) -> str:
    return element.get("{http://www.w3.org/XML/1998/namespace}lang") or element.get("lang") or ""


def _text(element: etree._Element) -> str:
    return clean("".join(element.itertext()))


class _TbxReader:
    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.source = norm_lang(source)
        self.warnings: list[str] = []
        self.ids: set[str] = set()

    def warn(self, line: int | None, problem: str) -> None:
        self.warnings.append(f"{self.path}:{line or 0}: {problem}")

    def concept(self, element: etree._Element, number: int) -> Concept | None:
        definition, note, subject = "", [], ""
        terms: list[Term] = []
        lang_definitions: dict[str, str] = {}
        for child in element:
            name = _local(child)
            if name in ("descrip", "descripGrp"):
                found = self._descrips(child)
                definition = definition or found.get("definition", "")
                subject = subject or found.get("subjectfield", "")
                if found.get("usage note"):
                    note.append(found["usage note"])
                if found.get("translation needed", "").lower() == "no":  # Weblate: a read-only term
                    note.append("Do not translate.")
            elif name == "note":
                note.append(_text(child))
            elif name in ("langSet", "langSec"):
                lang_terms, lang_definition = self._language(child)
                terms.extend(lang_terms)
                if lang_definition:  # TBX-Basic puts the definition in the language section
                    lang_definitions[norm_lang(_attr_lang(child))] = lang_definition
        if not definition and lang_definitions:
            definition = lang_definitions.get(self.source) or next(iter(lang_definitions.values()))
        concept_id = element.get("id") or f"c{number}"
        if concept_id in self.ids:
            self.warn(element.sourceline, f"concept id {concept_id!r} is used twice; the second is kept as {concept_id}-{number}")
            concept_id = f"{concept_id}-{number}"
        self.ids.add(concept_id)
        if not terms:
            self.warn(element.sourceline, f"concept {concept_id!r} has no term; skipped")
            return None
        return Concept(concept_id, tuple(terms), definition, "\n".join(n for n in note if n), subject,
                       element.sourceline or 0)

    def _descrips(self, element: etree._Element) -> dict[str, str]:
        found = {}
        items = [element] if _local(element) == "descrip" else [c for c in element if _local(c) == "descrip"]
        for item in items:
            kind = (item.get("type") or "").strip().lower()
            if kind and kind not in found:
                found[kind] = _text(item)
        return found

    def _language(self, element: etree._Element) -> tuple[list[Term], str]:
        raw = _attr_lang(element)
        if not raw:
            raise GlossaryError(f"<{_local(element)}> has no xml:lang", path=self.path, line=element.sourceline,
                                fix='Add the language, as in <langSet xml:lang="es">')
        if not LANG_TAG.fullmatch(raw.strip()):
            self.warn(element.sourceline, f"xml:lang={raw!r} is not a language code; its terms were skipped")
            return [], ""
        lang = norm_lang(raw)
        definition = ""
        terms: list[Term] = []
        for child in element:
            name = _local(child)
            if name in ("descrip", "descripGrp"):
                definition = definition or self._descrips(child).get("definition", "")
            elif name in ("tig", "ntig", "termSec"):
                term = self._term(child, lang, first=not terms)
                if term is None:
                    continue
                if term.variant_of:  # an inflected form: it belongs to the last term before it
                    owner = next((t for t in reversed(terms) if not t.variant_of), None)
                    if owner is None:
                        self.warn(child.sourceline, f"the variant {term.text!r} has no term before it in its "
                                                    f"<{_local(element)}>; skipped")
                        continue
                    term = replace(term, status=owner.status, provisional=owner.provisional,
                                   pos=term.pos or owner.pos, variant_of=owner.text)
                terms.append(term)
        return terms, definition

    def _term(self, element: etree._Element, lang: str, *, first: bool) -> Term | None:
        texts = [e for e in element.iter() if isinstance(e.tag, str) and _local(e) == "term"]
        if not texts:
            raise GlossaryError(f"<{_local(element)}> has no <term>", path=self.path, line=element.sourceline,
                                fix="Every term section holds exactly one <term>")
        if len(texts) > 1:
            raise GlossaryError(f"<{_local(element)}> holds {len(texts)} <term> elements", path=self.path,
                                line=texts[1].sourceline, fix="Put each term in its own <tig>/<termSec>")
        text = _text(texts[0])
        if not text:
            self.warn(texts[0].sourceline, "empty <term>; skipped")
            return None
        status, pos, notes, source = "", "", [], ""
        provisional = variant = False
        for item in element.iter():
            if not isinstance(item.tag, str):
                continue
            name = _local(item)
            kind = (item.get("type") or "").strip() if name in ("termNote", "descrip", "admin") else name
            value = _text(item)
            if kind in ("administrativeStatus", "usageStatus", "normativeAuthorization"):
                mapped = STATUS_VALUES.get(value.lower())
                if mapped is None:
                    self.warn(item.sourceline, f"unknown {kind} {value!r}; the term is taken as admitted")
                    mapped = "admitted"
                if not status or mapped in BANNED:
                    status = mapped
            elif kind == "partOfSpeech":
                pos = pos or value.lower()
            elif kind == "processStatus":
                if value not in PROCESS_STATUSES:
                    self.warn(item.sourceline, f"unknown processStatus {value!r}; the term is taken as provisional")
                provisional = provisional or PROCESS_STATUSES.get(value, True)
            elif kind == "termType":
                variant = variant or value == "variant"
            elif kind == "source" and name == "admin":
                source = source or value
            elif name == "note" and value:
                notes.append(value)
            elif kind in ("translationNote", "Translation needed") and value.lower() == "no":
                notes.append("Do not translate.")
        return Term(text, lang, status or ("preferred" if first else "admitted"), pos, " ".join(notes), source,
                    provisional, text if variant else "")


# -- TBX writing -----------------------------------------------------------------------------
def write_tbx(termbase: TermBase, *, title: str = "") -> bytes:
    """TBX-Basic (``<martif type="TBX-Basic">``), UTF-8, indented, the same bytes for the same data."""
    from lxml import etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = etree.Element("martif", {"type": "TBX-Basic", xml_lang: termbase.source_language})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(desc, "titleStmt"), "title").text = title or termbase.title or "Term base"
    etree.SubElement(etree.SubElement(desc, "sourceDesc"), "p").text = "Written by qrl10n."
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in termbase.concepts:
        entry = etree.SubElement(body, "termEntry", id=concept.id)
        if concept.subject:
            etree.SubElement(entry, "descrip", type="subjectField").text = concept.subject
        if concept.definition:
            etree.SubElement(entry, "descrip", type="definition").text = concept.definition
        if concept.note:
            etree.SubElement(entry, "note").text = concept.note
        for lang in concept.languages:
            lang_set = etree.SubElement(entry, "langSet", {xml_lang: lang})
            for term in concept.terms_in(lang, variants=True):
                if term.lang != lang:
                    continue
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = term.text
                if term.pos:
                    etree.SubElement(tig, "termNote", type="partOfSpeech").text = term.pos
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = TBX_STATUS[term.status]
                if term.variant_of:
                    etree.SubElement(tig, "termNote", type="termType").text = "variant"
                if term.provisional:
                    etree.SubElement(tig, "termNote", type="processStatus").text = "provisionallyProcessed"
                if term.source:
                    etree.SubElement(tig, "admin", type="source").text = term.source
                if term.note:
                    etree.SubElement(tig, "note").text = term.note
    etree.indent(root, space="  ")
    document: bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + document


# -- loading ----------------------------------------------------------------------------------

_CACHE: dict[Path, tuple[tuple[int, int], TermBase]] = {}


def load(path: Path) -> TermBase:
    """``read_tbx`` memoized on the file's (mtime, size): stages in one run share the parse."""
    from ..files import fingerprint

    path = Path(path).resolve()
    stamp = fingerprint(path)
    cached = _CACHE.get(path)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    termbase = read_tbx(path)
    if stamp is not None:
        _CACHE[path] = (stamp, termbase)
    return termbase
