"""What every command shares: the project context, errors as exit codes, the lock, output.

A command finds the project lazily (``--help`` needs none), holds the project lock while it
writes, and turns a Qrl10nError into ``qrl10n: path:line: problem. fix.`` and exit 2.
Exit 1 means findings, or files that ``--check`` would change. Progress bars are drawn on a
terminal only, never in CI logs.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from .. import __version__
from ..errors import Qrl10nError
from ..model import FileResult


class Context:
    def __init__(self, project_dir: Path | None) -> None:
        self.project_dir = project_dir
        self._project = None

    @property
    def project(self):
        if self._project is None:
            from ..project import Project, find_project
            self._project = Project(self.project_dir) if self.project_dir else find_project()
        return self._project


def handle_errors(func: Callable) -> Callable:
    """Our exceptions become ``qrl10n: path:line: problem. fix.`` and exit 2; Ctrl-C exits 130."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Qrl10nError as exc:
            click.echo(f"qrl10n: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("qrl10n: interrupted; files already written are complete, nothing is half-written.", err=True)
            sys.exit(130)
    return wrapper


def locked(func: Callable) -> Callable:
    """Hold the project lock for the duration of a writing command."""
    @functools.wraps(func)
    def wrapper(ctx: Context, *args, **kwargs):
        from ..files import project_lock
        with project_lock(ctx.project.root):
            return func(ctx, *args, **kwargs)
    return wrapper


pass_ctx = click.make_pass_decorator(Context)


def jobs_option(what: str) -> Callable:
    """``-j/--jobs N``, one option for every command that works in parallel; ``what`` is what runs in parallel."""
    return click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
                        help=f"Worker processes for {what}. Default: every CPU (or $QRL10N_JOBS).")


def show_progress() -> bool:
    """Progress bars on a terminal only; CI logs stay quiet."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def progress(items: Iterable, label: str, length: int | None = None):
    items = list(items) if length is None else items
    if not show_progress():
        return _Quiet(items)
    return click.progressbar(items, label=label, length=length, file=sys.stderr)


class _Quiet:
    def __init__(self, items) -> None:
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc) -> None:
        return None


def report_files(results: list[FileResult], *, check: bool, verb: str) -> None:
    """One line per changed file, then a summary; ``--check`` exits 1 when a file would change."""
    project_root = Path.cwd()
    changed = [r for r in results if r.changed]
    for result in changed:
        label = "would change" if check else verb
        summary, _, diff = result.detail.partition("\n")  # update --check: the content diff below
        detail = f" ({summary})" if summary else ""
        click.echo(f"{label}: {relative_path(result.path, project_root)}{detail}" + (f"\n{diff}" if diff else ""))
    for result in results:
        if result.detail.startswith("skipped") or (check and result.detail == "layout only"):
            click.echo(f"{relative_path(result.path, project_root)}: {result.detail}")
    click.echo(f"{len(changed)} of {len(results)} files {'would change' if check else verb}.", err=True)
    if check and changed:
        sys.exit(1)


def relative_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qrl10n")
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The course folder (the one with qrl10n.toml). Default: found from the current folder upward.")
@click.pass_context
def main(click_ctx: click.Context, project_dir: Path | None) -> None:
    """Localize the QualityRights e-training: pages and subtitles <-> PO files."""
    click_ctx.obj = Context(project_dir)


def emit_json(document) -> None:
    from ..jsontext import pretty
    click.echo(pretty(document))
