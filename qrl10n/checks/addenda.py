"""Per-language additions (source/<module>/addenda/<lang>/) checked before the build stops on them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding
from .registry import Rule

if TYPE_CHECKING:
    from ..project import Project

ADDENDA_ADVICE = "Fix the addition under source/<module>/addenda/<lang>/: the build stops on it."

RULES: tuple[Rule, ...] = (Rule("addenda", "error", "addenda", ADDENDA_ADVICE, ADDENDA_ADVICE),)


def addenda_findings(project: Project, codes: list[str]) -> list[Finding]:
    """Problems in the per-language additions (unknown language folder, anchor matching no English
    block or several): found here, before the build stops on them."""
    from ..addenda import check_addenda
    found = []
    for problem in check_addenda(project):
        parts = problem.path.parts if problem.path else ()
        language = parts[parts.index("addenda") + 1] if "addenda" in parts[:-1] else ""
        if language in codes or language not in {lang.code for lang in project.languages}:
            found.append(Finding("addenda", "error", language, problem.path,  # type: ignore[arg-type]
                                 problem.line or 1, "", "",
                                 problem.problem + (f"; {problem.fix}" if problem.fix else "")))
    return found
