"""The glossary rules, registered from qrl10n.glossary (which owns the term base and the matching).

This family only calls that module: ``entry_findings`` is its verdict on one entry (with the
entry's suppressions and draft severity applied: ``glossary.entry_findings``), so the course
memory can remember it per entry; ``source_findings`` is its verdict on the English templates.
The term base is loaded the first time an entry has to be matched, not at all when every
finding is remembered.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .. import glossary
from ..formats.po import catalog
from ..model import Finding
from .registry import Rule

if TYPE_CHECKING:
    from ..glossary_index import Glossary
    from ..project import Project

RULES: tuple[Rule, ...] = tuple(
    Rule(rule.id, rule.severity, "sources" if rule.id.endswith("-source") else "entries",
         rule.description, rule.description)
    for rule in glossary.RULES)


class TermChecks:
    """The project's term base, made ready for matching on first use."""

    def __init__(self, project: Project) -> None:
        self.project = project

    @cached_property
    def terms(self) -> Glossary | None:
        return glossary.load(self.project) if self.project.glossary_path.is_file() else None

    def entry_findings(self, language: str, entry: catalog.Entry) -> list[Finding]:
        """Missing and forbidden terms of one entry, without path and line."""
        if not catalog.translation(entry) or not self.project.glossary_path.is_file() or self.terms is None:
            return []
        return glossary.entry_findings(self.terms, language, entry)

    def source_findings(self) -> list[Finding]:
        """Forbidden English terms in the source (once per run, not per language)."""
        if self.terms is None:
            return []
        return glossary.source_findings(self.project, self.terms)
