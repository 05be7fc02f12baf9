"""Findings as text for people, JSON for scripts and JUnit XML for CI.

The three views show the same findings in the same order (the order ``check`` returns). Text
groups by PO file; every finding is ``path:line: [severity] check-id: message`` with the
English, the translation and what to do under it, and ends with counts by severity. JSON is a
list of flat objects. JUnit has one testsuite per PO file and one testcase per (file, check):
error findings are its ``<failure>``, warnings and infos its ``<system-out>`` (so CI shows them
without failing), and a file without findings gets one passing testcase. Nothing here depends
on the time or the machine, so two runs on the same files print the same bytes.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from .jsontext import pretty
from .model import Finding

KEYS = ("check", "severity", "language", "path", "line", "source", "translation", "message")
SHOWN = 300  # characters of a source or translation shown in the text report


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings by severity, every severity present (``{"error": 0, "warning": 2, "info": 0}``)."""
    counted = Counter(f.severity for f in findings)
    return {severity: counted.get(severity, 0) for severity in ("error", "warning", "info")}


def summary(findings: list[Finding]) -> str:
    c = counts(findings)
    files = len({f.path for f in findings})
    parts = [_plural(c["error"], "error"), _plural(c["warning"], "warning"), f"{c['info']} info"]
    return f"{', '.join(parts)} in {_plural(files, 'file')}."


@functools.lru_cache(maxsize=4096)
def relative(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` in POSIX form, or as it is when it lies elsewhere."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


# -- text -----------------------------------------------------------------------------------
def text(findings: list[Finding], *, root: Path | None = None, advice: Mapping[str, str] | None = None) -> str:
    """The readable report: one block per finding, grouped by file, then the summary line."""
    out: list[str] = []
    for path, group in _by_file(findings):
        name = relative(path, root)
        c = counts(group)
        out.append(f"{name}: {', '.join(_plural(n, s) if s != 'info' else f'{n} info' for s, n in c.items() if n)}")
        for f in group:
            out.append(f"{name}:{f.line}: [{f.severity}] {f.check}: {f.message}")
            out.append(f"    English:     {_one_line(f.source)}")
            out.append(f"    Translation: {_one_line(f.translation)}")
            what = (advice or {}).get(f.check)
            if what:
                out.append(f"    What to do:  {what}")
        out.append("")
    out.append(summary(findings) if findings else "No findings.")
    return "\n".join(out) + "\n"


def _one_line(value: str) -> str:
    shown = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return shown if len(shown) <= SHOWN else shown[: SHOWN - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _by_file(findings: list[Finding]) -> list[tuple[Path, list[Finding]]]:
    groups: dict[Path, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path, []).append(f)
    return list(groups.items())


# -- JSON -----------------------------------------------------------------------------------
def as_json(findings: list[Finding], *, root: Path | None = None) -> list[dict]:
    return [{"check": f.check, "severity": f.severity, "language": f.language, "path": relative(f.path, root),
             "line": f.line, "source": f.source, "translation": f.translation, "message": f.message}
            for f in findings]


def to_json(findings: list[Finding], *, root: Path | None = None) -> str:
    return pretty(as_json(findings, root=root)) + "\n"


# -- JUnit ----------------------------------------------------------------------------------
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
