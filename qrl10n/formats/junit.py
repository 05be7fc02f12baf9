"""Findings as JUnit XML for CI: one testsuite per PO file and one testcase per (file, check).

Error findings are a testcase's ``<failure>``, warnings and infos its ``<system-out>`` (so CI
shows them without failing), and a file without findings gets one passing testcase. Text the
XML cannot hold (control characters) is written as ``\\xNN``; nothing depends on the time or
the machine, so two runs on the same files print the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..model import Finding
from ..report import _by_file, _one_line, _plural, relative

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: str) -> str:
    """Characters XML 1.0 cannot hold at all (control characters) written as \\xNN."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def junit(findings: list[Finding], files: Iterable[Path] = (), *, root: Path | None = None,
          advice: Mapping[str, str] | None = None) -> str:
    """JUnit XML: a testsuite per PO file (``files`` adds the files without findings)."""
    groups = dict(_by_file(findings))
    for path in files:
        groups.setdefault(path, [])
    suites = ET.Element("testsuites", name="qrl10n check")
    total_tests = total_failures = 0
    for path, group in groups.items():
        name = relative(path, root)
        suite = ET.SubElement(suites, "testsuite", name=name)
        by_check: dict[str, list[Finding]] = {}
        for f in group:
            by_check.setdefault(f.check, []).append(f)
        classname = _classname(name)
        failures = 0
        if not by_check:
            ET.SubElement(suite, "testcase", classname=classname, name="all checks", file=name)
        for check_id, items in by_check.items():
            case = ET.SubElement(suite, "testcase", classname=classname, name=check_id, file=name)
            errors = [f for f in items if f.severity == "error"]
            others = [f for f in items if f.severity != "error"]
            if errors:
                failures += 1
                failure = ET.SubElement(case, "failure", type="error",
                                        message=_xml_safe(f"{_plural(len(errors), 'error')}: {errors[0].message}"))
                failure.text = _xml_safe(_details(errors, name, advice))
            if others:
                ET.SubElement(case, "system-out").text = _xml_safe(_details(others, name, advice))
        tests = max(len(by_check), 1)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += tests
        total_failures += failures
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _classname(name: str) -> str:
    """po/es/m1-human-rights.po -> po.es.m1-human-rights (how CI tools group test cases)."""
    return name.removesuffix(".po").replace("/", ".")


def _details(findings: list[Finding], name: str, advice: Mapping[str, str] | None) -> str:
    lines = []
    for f in findings:
        lines.append(f"{name}:{f.line}: [{f.severity}] {f.message}")
        lines.append(f"  English:     {_one_line(f.source)}")
        lines.append(f"  Translation: {_one_line(f.translation)}")
    what = (advice or {}).get(findings[0].check)
    if what:
        lines.append(f"What to do: {what}")
    return "\n".join(lines)
