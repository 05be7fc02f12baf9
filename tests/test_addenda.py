"""Per-language additions: extra pages and paragraphs that only one language's build gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qrl10n import catalog
from qrl10n.addenda import apply_addenda, check_addenda, extra_pages
from qrl10n.build import BuildOptions, build
from qrl10n.checks import check
from qrl10n.cli import main
from qrl10n.errors import SourceError
from qrl10n.extract import extract
from qrl10n.formats import markdown
from qrl10n.project import Project
from qrl10n.update import update

from conftest import REPO

PAGE = """---
title: "Recovery-oriented services"
---

# Recovery-oriented services

Recovery-oriented services support people to define their own goals.

## Finding support

Peer support groups meet in many towns.

- Ask your local service.
- Ask a peer-run organisation.

Next: [Legal capacity](02-legal-capacity.md).
"""

HELPLINE = """<!-- after: ## Finding support -->
En España, la **Red Estatal de Apoyo Mutuo** reúne grupos de apoyo mutuo
de todas las comunidades autónomas.

<!-- after: - Ask your local service. -->
Si estás en crisis, llama al **024**: es gratuito y atiende las 24 horas.
"""

CREDITS = """---
title: "Créditos de la traducción"
---

# Créditos de la traducción

Traducción: equipo de voluntariado del curso.
"""


def course(root: Path, additions: str = HELPLINE) -> Project:
    root.mkdir(parents=True)
    (root / "qrl10n.toml").write_text('[course]\nname = "T"\n\n[[modules]]\nid = "m3"\ntitle = "Recovery"\n\n'
                                      '[languages]\nactive = ["es", "fr"]\n', encoding="utf-8")
    (root / "source" / "m3" / "addenda" / "es").mkdir(parents=True)
    (root / "source" / "m3" / "01-services.md").write_text(PAGE, encoding="utf-8")
    (root / "source" / "m3" / "addenda" / "es" / "01-services.md").write_text(additions, encoding="utf-8")
    (root / "source" / "m3" / "addenda" / "es" / "90-creditos.md").write_text(CREDITS, encoding="utf-8")
    project = Project(root)
    extract(project)
    update(project)
    return project


def translate_es(project: Project) -> None:
    path = project.po_path("es", project.component("m3"))
    po = catalog.load(path)
    for entry in catalog.live_entries(po):
        entry.msgstr = {"Finding support": "Encontrar apoyo",
                        "Ask your local service.": "Pregunta en tu servicio local."}.get(entry.msgid, "ES " + entry.msgid)
    catalog.save(po, path)


def test_addenda_never_reach_the_templates(tmp_path):
    project = course(tmp_path / "c")
    assert project.component("m3").sources == (project.source_dir / "m3" / "01-services.md",)
    template = (project.templates_dir / "m3.pot").read_text("utf-8")
    assert "Red Estatal" not in template and "Créditos" not in template and "addenda" not in template


def test_build_places_additions_after_their_english_anchors_in_that_language_only(tmp_path):
    project = course(tmp_path / "c")
    translate_es(project)
    build(project, ("es", "fr"), BuildOptions())
    es = (project.build_dir / "es" / "modules" / "m3" / "01-services.md").read_text("utf-8")
    assert ("## Encontrar apoyo\n\nEn España, la **Red Estatal de Apoyo Mutuo** reúne grupos de apoyo mutuo\n"
            "de todas las comunidades autónomas.\n\nES Peer support groups meet in many towns.\n") in es
    assert ("- Pregunta en tu servicio local.\n- ES Ask a peer-run organisation.\n\n"
            "Si estás en crisis, llama al **024**: es gratuito y atiende las 24 horas.\n\nES Next:") in es
    html = (project.build_dir / "es" / "modules" / "m3" / "01-services.html").read_text("utf-8")
    assert "<strong>Red Estatal de Apoyo Mutuo</strong>" in html
    credits = project.build_dir / "es" / "modules" / "m3" / "90-creditos.md"
    assert credits.read_text("utf-8") == CREDITS and credits.with_suffix(".html").exists()
    fr = project.build_dir / "fr" / "modules" / "m3"
    assert "Red Estatal" not in (fr / "01-services.md").read_text("utf-8")
    assert not (fr / "90-creditos.md").exists()
    assert extra_pages(project, "es", "m3") == [project.source_dir / "m3" / "addenda" / "es" / "90-creditos.md"]


@pytest.mark.parametrize("anchor, problem", [
    ("## Getting support", "the anchor '## Getting support' matches no block of 01-services.md"),
    ("Recovery-oriented", "the anchor 'Recovery-oriented' matches 2 blocks of 01-services.md (lines 5, 7)"),
    ("", "the 'after:' line names no English block"),
])
def test_a_bad_anchor_stops_the_build_with_path_and_line(tmp_path, anchor, problem, monkeypatch):
    project = course(tmp_path / "c", f"\n<!-- after: {anchor} -->\nTexto.\n")
    addition = Path("source/m3/addenda/es/01-services.md")
    with pytest.raises(SourceError) as caught:
        build(project, ("es",), BuildOptions())
    assert str(caught.value).startswith(f"{project.root / addition}:2: {problem}.")
    assert [str(e) for e in check_addenda(project)] == [str(caught.value)]
    (finding,) = [f for f in check(project, ["es"]) if f.check == "addenda"]  # qrl10n check finds it first
    assert (finding.path, finding.line, finding.severity) == (project.root / addition, 2, "error")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["build", "es"])
    assert result.exit_code == 2 and f"{addition.as_posix()}:2: {problem}" in result.output.replace(str(project.root) + "/", "")


def test_text_before_the_first_anchor_is_refused(tmp_path):
    project = course(tmp_path / "c", "Texto suelto.\n<!-- after: ## Finding support -->\nTexto.\n")
    (problem,) = check_addenda(project)
    assert problem.line == 1 and "text before the first '<!-- after: ... -->' line" in str(problem)


def test_the_course_spanish_addenda_are_valid_and_placed(tmp_path):
    project = Project(REPO)
    assert check_addenda(project) == []
    module, page = "a1-peer-support", "01-peer-support-and-lived-experience.md"
    english = (project.source_dir / module / page).read_text("utf-8")
    localized = markdown.render(english, page, lambda segment: segment.text)
    spanish = apply_addenda(project, "es", module, page, localized)
    assert spanish.index("Red Estatal de Apoyo Mutuo") > spanish.index("Peer workers sometimes face")
    assert spanish.index("Red Estatal de Apoyo Mutuo") < spanish.index("Next: [Case study: Amara]")
    assert apply_addenda(project, "fr", module, page, localized) == localized
    assert [p.name for p in extra_pages(project, "es", "course")] == ["90-creditos-de-la-traduccion.md"]
