"""TMX 1.4, the translation-memory exchange format of CAT tools: units written and read.

A unit (``Unit``) is an English text, its translation, where it comes from (a ``<prop>`` of
type ``x-qrl10n-origin``) and its PO context. ``to_bytes`` writes one ``<tu>`` per unit with
no date, so writing twice gives the same bytes; text XML cannot hold (control characters)
leaves its unit out. ``parse`` reads a file from outside through the hardened XML parser and
raises TmxError with the line; ``variants`` gives a ``<tu>``'s (language, text) pairs with
inline markup flattened. Which project language a code means is the translation memory's
business (qrl10n.tm), not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import Qrl10nError
from . import xmlsafe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN_PROP = "x-qrl10n-origin"
CONTEXT_PROP = "x-qrl10n-context"


class TmxError(Qrl10nError):
    """A TMX file cannot be read."""


@dataclass(frozen=True, slots=True)
class Unit:
    """An English text, its translation and where it comes from (component or TMX file)."""

    source: str
    target: str
    origin: str
    context: str | None = None


def to_bytes(units: Sequence[Unit], srclang: str, lang: str) -> bytes:
    """A TMX 1.4 document: header, then one ``<tu>`` with a ``<prop>`` of origin per unit."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "qrl10n", "creationtoolversion": __version__, "segtype": "paragraph",
        "o-tmf": "PO", "adminlang": "en", "srclang": srclang, "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for unit in units:
        if not (_xml_safe(unit.source) and _xml_safe(unit.target)):
            continue
        tu = etree.SubElement(body, "tu")
        etree.SubElement(tu, "prop", type=ORIGIN_PROP).text = unit.origin
        if unit.context is not None:
            etree.SubElement(tu, "prop", type=CONTEXT_PROP).text = unit.context
        for code, text in ((srclang, unit.source), (lang, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: code})
            etree.SubElement(tuv, "seg").text = text
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                                 doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">'))


def parse(path: Path) -> etree._ElementTree:
    try:
        tree = etree.parse(str(path), xmlsafe.parser())
    except etree.XMLSyntaxError as exc:
        raise TmxError(f"not well-formed XML ({exc.msg})", path=path, line=exc.lineno or None,
                       fix="Export the memory again from your CAT tool, as TMX 1.4") from exc
    except OSError as exc:
        raise TmxError(f"cannot read the file ({exc})", path=path, fix="Check the path") from exc
    if tree.getroot().tag != "tmx":
        raise TmxError(f"this is not a TMX file (root element <{tree.getroot().tag}>)", path=path,
                       line=tree.getroot().sourceline, fix="Pass a .tmx file exported by a CAT tool")
    return tree


def source_language(tree: etree._ElementTree, default: str) -> str:
    header = tree.getroot().find("header")
    value = header.get("srclang", "") if header is not None else ""
    return default if not value or value == "*all*" else value


def variants(tu: etree._Element) -> list[tuple[str, str]]:
    found = []
    for tuv in tu.findall("tuv"):
        code = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if code and seg is not None:
            found.append((code, "".join(seg.itertext())))
    return found


def prop(tu: etree._Element, name: str) -> str | None:
    for prop in tu.findall("prop"):
        if prop.get("type") == name:
            return prop.text or ""
    return None


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> bool:
    return not _XML_INVALID.search(text)
