"""The term base: the only module that reads and writes TBX and glossary CSV.

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

CSV: terms and statuses only (sources, provisional marks and variants live in the TBX, and a
merged spreadsheet keeps them for the terms it still has); one row per concept; columns
``concept, pos, subject, definition, note``, then per language
``<lang>``, ``<lang> admitted``, ``<lang> forbidden`` (and ``<lang> superseded`` when used);
several terms in a cell are separated by `` | ``. Foreign spreadsheets are read too: a
header naming the English column (``en``, ``english``, ``term``, ``source``) and language
columns (``ES``, ``fr``) or ``target`` (with a language given), a ``forbidden`` 0/1 column, or
no header at all (English, then the target language); ``,``, ``;`` or tab delimited.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import GlossaryError
from ..files import read_input
from . import xmlsafe

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


def _clean(text: str | None) -> str:
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
    concepts = []
    for element in root.iter():
        if isinstance(element.tag, str) and _local(element) in ("termEntry", "conceptEntry"):
            concept = reader.concept(element, len(concepts) + 1)
            if concept is not None:
                concepts.append(concept)
    title = _clean(next((e.text for e in root.iter() if isinstance(e.tag, str) and _local(e) == "title"), ""))
    return TermBase(tuple(concepts), reader.source, title, tuple(reader.warnings))


def _refuse_entities(root, path) -> None:
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise GlossaryError("the file declares XML entities in its DOCTYPE", path=path, line=1,
                            fix="Entities are refused for safety (XXE, billion laughs); remove the <!ENTITY> declarations")
    from lxml import etree
    for node in root.iter(etree.Entity):
        raise GlossaryError(f"the file uses the XML entity {node.text}", path=path, line=node.sourceline,
                            fix="Entities are refused for safety; write the character itself")


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].split(":")[-1] if isinstance(tag, str) else ""


def _attr_lang(element) -> str:
    return element.get("{http://www.w3.org/XML/1998/namespace}lang") or element.get("lang") or ""


def _text(element) -> str:
    return _clean("".join(element.itertext()))


class _TbxReader:
    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.source = norm_lang(source)
        self.warnings: list[str] = []
        self.ids: set[str] = set()

    def warn(self, line: int | None, problem: str) -> None:
        self.warnings.append(f"{self.path}:{line or 0}: {problem}")

    def concept(self, element, number: int) -> Concept | None:
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

    def _descrips(self, element) -> dict[str, str]:
        found = {}
        items = [element] if _local(element) == "descrip" else [c for c in element if _local(c) == "descrip"]
        for item in items:
            kind = (item.get("type") or "").strip().lower()
            if kind and kind not in found:
                found[kind] = _text(item)
        return found

    def _language(self, element) -> tuple[list[Term], str]:
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

    def _term(self, element, lang: str, *, first: bool) -> Term | None:
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
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", pretty_print=True)


# -- CSV -----------------------------------------------------------------------------------------
def write_csv(termbase: TermBase, languages: Sequence[str] | None = None) -> str:
    """One row per concept; the source language first, then ``languages`` (default: all)."""
    langs = [termbase.source_language, *[code for code in (languages or termbase.languages) if code != termbase.source_language]]
    superseded = {t.lang for c in termbase.concepts for t in c.terms if t.status == "superseded"}
    header = ["concept", "pos", "subject", "definition", "note"]
    for lang in langs:
        header += [lang, f"{lang} admitted", f"{lang} forbidden"]
        if lang in superseded:
            header.append(f"{lang} superseded")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for concept in termbase.concepts:
        row = [concept.id, concept.pos, concept.subject, concept.definition, concept.note]
        for lang in langs:
            exact = [t for t in concept.terms if t.lang == lang and not t.variant_of]
            for status in ("preferred", "admitted", "forbidden", "superseded"):
                if status == "superseded" and lang not in superseded:
                    continue
                row.append(MULTI.join(t.text for t in exact if t.status == status))
        if any(row[5:]):
            writer.writerow(row)
    return out.getvalue()


_ID_NAMES = ("concept", "concept id", "entry id")  # not "id": that is Indonesian
_POS_NAMES = ("pos", "part of speech", "partofspeech", "part-of-speech")
_DEF_NAMES = ("definition", "description", "explanation", "meaning")
_NOTE_NAMES = ("note", "notes", "comment", "comments", "usage note", "context")
_SUBJECT_NAMES = ("subject", "subject field", "domain")
_SOURCE_NAMES = ("english", "term", "source term", "source")  # after the source language code itself
_FLAG_NAMES = ("forbidden",)
_SUFFIXES = {"": "preferred", "preferred": "preferred", "admitted": "admitted", "variants": "admitted",
             "forbidden": "forbidden", "superseded": "superseded"}


def read_csv(path: Path, *, language: str | None = None, source_language: str = "en") -> TermBase:
    """Read a glossary spreadsheet (see the module docstring for the layouts understood)."""
    try:
        raw = read_input(Path(path), error=GlossaryError)
    except OSError as exc:
        raise GlossaryError(f"cannot read the CSV file ({exc.strerror})", path=path,
                            fix="Check the path and that the file is readable") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GlossaryError(f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", path=path, line=line,
                            fix="Export the spreadsheet as 'CSV UTF-8'") from exc
    if "\x00" in text:
        raise GlossaryError("the file holds NUL bytes: it is not a text CSV", path=path,
                            line=text[: text.index("\x00")].count("\n") + 1, fix="Export the spreadsheet as 'CSV UTF-8'")
    return parse_csv(text, path, language=language, source_language=source_language)


def parse_csv(text: str, path: Path | str = "<csv>", *, language: str | None = None,
              source_language: str = "en") -> TermBase:
    if not text.strip():
        raise GlossaryError("the CSV file is empty", path=path, fix="Export the glossary with at least one row")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV: {exc}", path=path, line=reader.line_num,
                            fix="Re-export the spreadsheet as CSV; check quotes on that line") from exc
    rows = [(n, [c.strip() for c in row]) for n, row in rows if any(c.strip() for c in row)]
    if not rows:
        raise GlossaryError("the CSV file has no rows", path=path, fix="Export the glossary with at least one row")
    columns = _columns(rows[0][1], source_language, language, path, rows[0][0])
    if columns is None:  # no header: English, then the target language, then a note
        if not language:
            raise GlossaryError("this CSV has no header naming its languages", path=path, line=rows[0][0],
                                fix="Pass the target language (--language CODE), or add a header such as 'en,es'")
        columns = {0: ("term", source_language, "preferred"), 1: ("term", norm_lang(language), "preferred"),
                   2: ("note", "", "")}
    else:
        rows = rows[1:]
    return _rows_to_termbase(rows, columns, Path(str(path)), source_language)


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","


#: Header name -> the role of a column that holds no term (id, part of speech, definition...).
_PLAIN_ROLES = {name: role for role, names in (("id", _ID_NAMES), ("pos", _POS_NAMES), ("definition", _DEF_NAMES),
                                               ("note", _NOTE_NAMES), ("subject", _SUBJECT_NAMES),
                                               ("flag", _FLAG_NAMES))
                for name in names}


def _columns(header: list[str], source: str, language: str | None, path, line: int) -> dict[int, tuple] | None:
    """Column index -> (role, language, status); None when the first row is data, not a header."""
    names = [" ".join(h.lower().replace("_", " ").split()) for h in header]
    roles: dict[int, tuple] = {}
    for index, name in enumerate(names):
        lang_part, _, suffix = name.partition(" ")
        if name in _PLAIN_ROLES:
            roles[index] = (_PLAIN_ROLES[name], "", "")
        elif name == "target" or (name.startswith("target ") and suffix in _SUFFIXES):
            roles[index] = ("target", "", _SUFFIXES[suffix if name != "target" else ""])
        elif suffix in _SUFFIXES and LANG_TAG.fullmatch(lang_part) and _known_language(lang_part):
            roles[index] = ("term", norm_lang(lang_part), _SUFFIXES[suffix])
    if not any(r[0] in ("term", "target") for r in roles.values()) and not any(n in _SOURCE_NAMES for n in names):
        return None
    if not any(r[0] == "term" and r[1] == source for r in roles.values()):
        for wanted in _SOURCE_NAMES:  # "term" wins over "source" (IATI's "source" is a citation)
            if wanted in names:
                roles[names.index(wanted)] = ("term", source, "preferred")
                break
    if not any(r[0] == "term" and r[1] == source for r in roles.values()):
        raise GlossaryError("no column holds the English term", path=path, line=line,
                            fix="Name it 'en' (or 'source' / 'term') in the header row")
    if any(r[0] == "target" for r in roles.values()):
        if not language:
            raise GlossaryError("the 'target' column does not say which language it is", path=path, line=line,
                                fix="Pass the language (--language CODE), or name the column with its code, e.g. 'es'")
        roles = {i: (("term", norm_lang(language), r[2]) if r[0] == "target" else r) for i, r in roles.items()}
    return roles


def _known_language(code: str) -> bool:
    from babel import Locale, UnknownLocaleError
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _rows_to_termbase(rows, columns: dict[int, tuple], path: Path, source: str) -> TermBase:
    concepts: list[Concept] = []
    warnings: list[str] = []
    seen_ids: set[str] = set()
    seen_content: set[tuple] = set()
    for line, row in rows:
        fields = {"id": "", "pos": "", "subject": "", "definition": "", "note": "", "flag": ""}
        terms: list[Term] = []
        for index, cell in enumerate(row):
            role = columns.get(index)
            if role is None or not cell:
                continue
            kind, lang, status = role
            if kind == "term":
                for value in (v for v in (_clean(p) for p in cell.split("|")) if v):
                    terms.append(Term(value, lang, status))
            else:
                fields[kind] = cell.strip() if kind in ("definition", "note") else _clean(cell)
        if fields["flag"].lower() in ("1", "yes", "true", "x", "y", "forbidden"):
            terms = [replace(t, status="forbidden") for t in terms]
        if not terms:
            continue
        english = [t for t in terms if t.lang == source]
        if not english:
            warnings.append(f"{path}:{line}: no English term on this row; skipped")
            continue
        pos = fields["pos"].lower()
        terms = [replace(t, pos=pos) if pos and t.status in ALLOWED else t for t in terms]
        content = (tuple(terms), fields["definition"])
        if content in seen_content:
            warnings.append(f"{path}:{line}: the same row again; skipped")
            continue
        seen_content.add(content)
        concept_id = _unique_id(fields["id"] or _slug(english[0].text), seen_ids)
        concepts.append(Concept(concept_id, _ordered(terms, source), fields["definition"], fields["note"],
                                fields["subject"], line))
    return TermBase(tuple(concepts), source, "", tuple(warnings))


def _ordered(terms: list[Term], source: str) -> tuple[Term, ...]:
    """Source language first, then languages in column order, preferred before the others."""
    order = list(dict.fromkeys([source, *(t.lang for t in terms)]))
    unique = list(dict.fromkeys(terms))
    return tuple(sorted(unique, key=lambda t: (order.index(t.lang), STATUSES.index(t.status))))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60] or "term"


def _unique_id(base: str, seen: set[str]) -> str:
    candidate, n = base, 1
    while candidate in seen:
        n += 1
        candidate = f"{base}-{n}"
    seen.add(candidate)
    return candidate


# -- loading and merging -------------------------------------------------------------------------
def read(path: Path, *, language: str | None = None) -> TermBase:
    """TBX or CSV, by the file's suffix."""
    if Path(path).suffix.lower() in (".csv", ".tsv", ".txt"):
        return read_csv(path, language=language)
    return read_tbx(path)


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


def _keep_tbx_details(old: Sequence[Term], incoming: Sequence[Term]) -> list[Term]:
    """Incoming terms (a spreadsheet has no sources, provisional marks or variants) with what the
    term base knew of the same term: its source, its provisional mark, and its variants after it."""
    known = {(t.lang, t.text): t for t in old if not t.variant_of}
    kept: list[Term] = []
    for term in incoming:
        before = known.get((term.lang, term.text))
        if before is None or term.variant_of:
            kept.append(term)
            continue
        kept.append(replace(term, source=term.source or before.source, provisional=term.provisional or before.provisional))
        kept += [replace(v, status=term.status, provisional=kept[-1].provisional) for v in old
                 if v.variant_of == term.text and v.lang == term.lang]
    return kept


@dataclass(frozen=True, slots=True)
class MergeReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def merge(base: TermBase, incoming: TermBase) -> tuple[TermBase, MergeReport]:
    """``incoming`` laid over ``base``: a concept is found by id, else by its English preferred
    term (and part of speech); for every language the incoming row has, its terms replace the
    old ones. Concepts not found are added at the end."""
    concepts = list(base.concepts)
    by_id = {c.id: i for i, c in enumerate(concepts)}
    by_term = {}
    for i, c in enumerate(concepts):
        pref = c.preferred(base.source_language) or next(iter(c.terms_in(base.source_language)), None)
        if pref is not None:
            by_term.setdefault((pref.text.casefold(), c.pos), i)
            by_term.setdefault((pref.text.casefold(), ""), i)
    added = updated = unchanged = 0
    ids = set(by_id)
    for concept in incoming.concepts:
        pref = concept.preferred(incoming.source_language) or next(iter(concept.terms_in(incoming.source_language)), None)
        index = by_id.get(concept.id)
        if index is None and pref is not None:
            index = by_term.get((pref.text.casefold(), concept.pos), by_term.get((pref.text.casefold(), "")))
        if index is None:
            concepts.append(replace(concept, id=_unique_id(concept.id, ids)))
            added += 1
            continue
        old = concepts[index]
        langs = set(concept.languages)
        terms = [t for t in old.terms if t.lang not in langs] + _keep_tbx_details(old.terms, concept.terms)
        order = list(dict.fromkeys([base.source_language, *old.languages, *concept.languages]))
        new = replace(old, terms=tuple(sorted(terms, key=lambda t: order.index(t.lang))),
                      definition=concept.definition or old.definition, note=concept.note or old.note)
        if new == old:
            unchanged += 1
        else:
            concepts[index] = new
            updated += 1
    return replace(base, concepts=tuple(concepts), warnings=incoming.warnings), MergeReport(added, updated, unchanged)
