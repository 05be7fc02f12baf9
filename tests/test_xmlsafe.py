"""One XML policy: every reader of XML from outside (TBX, TMX, XLIFF) parses through the same
hardened parser, so none of them expands an entity, loads a DTD or reads a local file."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from qrl10n.errors import GlossaryError
from qrl10n.formats import tbx, tmx, xmlsafe

SECRET = "the-secret-in-a-local-file"


def _evil(tmp_path: Path, body: str) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = tmp_path / "evil.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]>\n{body}',
                    encoding="utf-8")
    return path


def test_the_parser_expands_no_entity_and_drops_comments() -> None:
    data = b'<!DOCTYPE a [<!ENTITY e "expanded">]><a>one<!-- note -->&e;<?pi x?></a>'
    root = etree.fromstring(data, xmlsafe.parser())
    text = "".join(root.itertext())
    assert text.startswith("one") and "expanded" not in text and "note" not in text


def test_tmx_never_reads_a_local_file(tmp_path: Path) -> None:
    path = _evil(tmp_path, '<tmx version="1.4"><header srclang="en"/><body><tu>'
                           '<tuv xml:lang="en"><seg>&e;</seg></tuv><tuv xml:lang="es"><seg>x</seg></tuv>'
                           "</tu></body></tmx>")
    tree = tmx.parse(path)
    assert all(SECRET not in text for tu in tree.iter("tu") for _, text in tmx.variants(tu))


def test_tbx_refuses_an_entity(tmp_path: Path) -> None:
    path = _evil(tmp_path, '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig>'
                           "<term>&e;</term></tig></langSet></termEntry></body></text></martif>")
    with pytest.raises(GlossaryError) as caught:
        tbx.parse_tbx(path.read_bytes(), path)
    assert SECRET not in str(caught.value) and "entit" in str(caught.value)


def test_every_reader_asks_the_one_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """TBX, TMX and XLIFF readers each take their parser from formats.xmlsafe."""
    from qrl10n.errors import Qrl10nError
    from qrl10n.formats import xliff

    calls: list[str] = []
    real = xmlsafe.parser
    monkeypatch.setattr(xmlsafe, "parser", lambda: calls.append("x") or real())
    tmx.parse(_evil(tmp_path, '<tmx version="1.4"><body/></tmx>'))
    tbx.parse_tbx(b'<martif type="TBX"><text><body/></text></martif>', "t.tbx")
    with pytest.raises(Qrl10nError):  # the DTD is refused before the project is looked at
        xliff.import_xliff(None, _evil(tmp_path, "<xliff/>"))  # type: ignore[arg-type]
    assert len(calls) == 3
