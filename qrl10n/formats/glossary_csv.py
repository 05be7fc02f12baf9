"""Glossary spreadsheets: the term base as CSV, read and written, and merged into the TBX.

CSV: terms and statuses only (sources, provisional marks and variants live in the TBX, and a
merged spreadsheet keeps them for the terms it still has); one row per concept; columns
``concept, pos, subject, definition, note``, then per language
``<lang>``, ``<lang> admitted``, ``<lang> forbidden`` (and ``<lang> superseded`` when used);
several terms in a cell are separated by `` | ``. Foreign spreadsheets are read too: a
header naming the English column (``en``, ``english``, ``term``, ``source``) and language
columns (``ES``, ``fr``) or ``target`` (with a language given), a ``forbidden`` 0/1 column, or
no header at all (English, then the target language); ``,``, ``;`` or tab delimited.

Merging: a spreadsheet is laid over the term base concept by concept (found by id, else by the
English preferred term); what the spreadsheet cannot hold (sources, provisional marks, variants)
is kept from the term base for every term the spreadsheet still has.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import GlossaryError
from ..files import read_input
from .tbx import ALLOWED, LANG_TAG, MULTI, STATUSES, Concept, Term, TermBase, clean, norm_lang


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


#: A column's (role, language, status): ("term", "es", "admitted"), ("note", "", "").
_Role = tuple[str, str, str]


def _columns(header: list[str], source: str, language: str | None, path: Path | str,
             line: int) -> dict[int, _Role] | None:
    """Column index -> (role, language, status); None when the first row is data, not a header."""
    names = [" ".join(h.lower().replace("_", " ").split()) for h in header]
    roles: dict[int, _Role] = {}
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


def _rows_to_termbase(rows: list[tuple[int, list[str]]], columns: dict[int, _Role], path: Path,
                      source: str) -> TermBase:
    concepts: list[Concept] = []
    warnings: list[str] = []
    seen_ids: set[str] = set()
    seen_content: set[tuple[tuple[Term, ...], str]] = set()
    for line, row in rows:
        fields = {"id": "", "pos": "", "subject": "", "definition": "", "note": "", "flag": ""}
        terms: list[Term] = []
        for index, cell in enumerate(row):
            role = columns.get(index)
            if role is None or not cell:
                continue
            kind, lang, status = role
            if kind == "term":
                for value in (v for v in (clean(p) for p in cell.split("|")) if v):
                    terms.append(Term(value, lang, status))
            else:
                fields[kind] = cell.strip() if kind in ("definition", "note") else clean(cell)
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


# -- merging -------------------------------------------------------------------------------------
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
    by_term: dict[tuple[str, str], int] = {}
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
