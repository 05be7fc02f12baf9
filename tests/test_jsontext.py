"""The fast JSON writer writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json

import pytest

from qrl10n.jsontext import pretty

DOCUMENTS = [
    {"languages": [{"code": "ar", "percent": 87.25, "findings": None, "kinds": {}, "components": []}]},
    [{"check": "numbers", "source": "Page 3 of 10", "translation": "Página 3 de 10\u2028«»", "line": 12}],
    {"text": "quote \" backslash \\ slash / tab \t newline \n control \x01 \x1f delete \x7f"},
    {"floats": [0.1 + 0.2, -0.0, 1e16, 1e-7, 123456789.125, 5e-324]},
    {"in range": [0.0001, 0.00011, 9999999999999998.0, 1e15, 123.456, 99.99, 2.5, 100.0, 0.0]},
    {"tuple": (1, 2.5, "x")},
    {"big": 10**20, "nan": float("nan"), "inf": float("inf")},
    {"not a string key": {1: "one", None: "none"}},
    ["\ud800"],  # a lone surrogate
    [], {}, "plain", 42, None, True,
]


@pytest.mark.parametrize("document", DOCUMENTS, ids=range(len(DOCUMENTS)))
def test_pretty_is_json_dumps_indented(document):
    assert pretty(document) == json.dumps(document, ensure_ascii=False, indent=2)
