"""The README is the users' manual: it must show every command and the CI's own test command."""

from __future__ import annotations

import re
from pathlib import Path

import click

from qrl10n.cli import main

REPO = Path(__file__).resolve().parents[1]


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command, as the words a user types after ``qrl10n``."""
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.extend(command_paths(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


def test_every_command_has_an_example_in_the_readme():
    readme = (REPO / "README.md").read_text("utf-8")
    missing = [" ".join(words) for words in command_paths(main)
               if not re.search(r"`qrl10n " + re.escape(" ".join(words)) + r"( [^`]*)?`", readme)]
    assert not missing, f"commands without an example in README.md: {missing}"


def test_ci_runs_the_test_command_of_the_quick_start():
    readme = (REPO / "README.md").read_text("utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.split("```sh", 1)[1].split("```", 1)[0].splitlines()]
    commands = [c for c in commands if c]
    assert len(commands) == 2, "the Quick start has exactly two commands"
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    test_command = commands[1].removeprefix("python ").removeprefix("python3 ")
    assert re.search(r"^python3? " + re.escape(test_command) + r"\s*$", ci, re.MULTILINE)


def test_the_ci_matrix_builds_every_language_of_the_course():
    from qrl10n.project import Project
    workflow = (REPO / ".github" / "workflows" / "course.yml").read_text("utf-8")
    listed = re.search(r"language: \[([^\]]*)\]", workflow).group(1)
    assert [c.strip() for c in listed.split(",")] == [lang.code for lang in Project(REPO).languages]
