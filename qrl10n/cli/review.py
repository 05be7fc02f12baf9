"""What coordinators read: status (completeness), check (QA findings) and the dashboard."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import Context, emit_json, handle_errors, locked, main, pass_ctx, relative_path, report_files


@main.command()
@click.argument("languages", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table for people, json (its fields: README, 'For coordinators') or csv for spreadsheets.")
@click.option("-c", "--components", is_flag=True, help="Table: also one line per component (PO file).")
@click.option("--findings/--no-findings", default=True, show_default=True,
              help="Count QA and glossary findings (qrl10n check); --no-findings only counts, much faster.")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="N",
              help="Exit 1 when an active language has less than N% of the English words translated.")
@click.option("--history", "show_history", is_flag=True,
              help="Completeness after every commit to po/ instead, read from git (cached in build/.cache/).")
@pass_ctx
@handle_errors
def status(ctx: Context, languages: tuple[str, ...], fmt: str, components: bool, findings: bool,
           fail_under: float | None, show_history: bool) -> None:
    """Completeness per language and component, in entries and English source words.

    Fuzzy drafts and machine translations waiting for review are counted apart from
    translated entries; planned languages are listed as planned.

    Example: qrl10n status --fail-under 80
    """
    from ..status import as_csv, as_json, as_table, below, status as compute
    if show_history:
        _print_history(ctx.project, languages, fmt)
        return
    stats = compute(ctx.project, languages, findings=findings)
    if fmt == "json":
        emit_json(as_json(stats))
    elif fmt == "csv":
        click.echo(as_csv(stats), nl=False)
    else:
        click.echo(as_table(stats, components=components))
    if fail_under is not None:
        failing = below(stats, fail_under)
        for lang in failing:
            click.echo(f"qrl10n: {lang.language.code} ({lang.language.info.english_name}) is at "
                       f"{lang.percent:.2f}%, under --fail-under {fail_under:g}%.", err=True)
        if failing:
            sys.exit(1)


def _print_history(project, languages: tuple[str, ...], fmt: str) -> None:
    from ..history import as_csv, as_json, as_table, history
    codes = tuple(lang.code for lang in project.select_languages(languages))
    points = history(project)
    if fmt == "json":
        emit_json(as_json(points, codes))
    elif fmt == "csv":
        click.echo(as_csv(points, codes), nl=False)
    else:
        click.echo(as_table(points, codes))


@main.command("check")
@click.argument("languages", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True,
              help="text for people, json (a list of findings) or junit (JUnit XML for CI).")
@click.option("--list", "list_checks", is_flag=True, help="List every check (id, severity, what to do) and exit.")
@pass_ctx
@handle_errors
def check_command(ctx: Context, languages: tuple[str, ...], fmt: str, list_checks: bool) -> None:
    """Quality checks over the PO files: placeholders, Markdown, punctuation, subtitles, glossary.

    LANGUAGES are codes of the course (all of them when none is given), or paths of PO files
    (ending in .po or .pot): such a file, the course's or anyone's, is checked alone, in the
    language of its own Language header, with no project needed.

    Exits 1 when any finding is an error. Switch a check off for one entry with the comment
    '# qrl10n: ignore <id>', for a language with [language.<code>] disable_checks = [...] and for the
    course with [checks] disable = [...] in qrl10n.toml.

    \b
    Examples: qrl10n check es fr --format junit > check.xml
              qrl10n check ~/Downloads/util-linux-uk.po
    """
    from .. import report
    from ..checks import PO_SUFFIXES, advice, catalogue, check, check_po_files, each_finding
    if list_checks:
        for check_id, severity, description in catalogue():
            click.echo(f"{check_id:24} {severity:8} {description}")
        return
    files = [Path(arg) for arg in languages if arg.endswith(PO_SUFFIXES)]
    codes = tuple(arg for arg in languages if not arg.endswith(PO_SUFFIXES))
    whole = bool(codes or not files)  # languages (all by default), not only named files
    project = ctx.project if whole else _project_of(ctx, files)
    if fmt in ("json", "text") and project and whole and not files:  # a course's, printed as they come
        tally = report.Tally()
        found = tally.passing(each_finding(project, codes))
        pieces = (report.json_pieces(found, root=project.root) if fmt == "json"
                  else report.text_pieces(found, root=Path.cwd(), advice=advice()))
        for piece in pieces:
            click.echo(piece, nl=False)
        if fmt == "json":
            click.echo(tally.summary() if tally.files else "No findings.", err=True)
        if tally.counts["error"]:
            sys.exit(1)
        return
    findings = check(project, codes) if project and whole else []
    findings += check_po_files(files, project)
    root = project.root if project else Path.cwd()
    if fmt == "json":
        click.echo(report.to_json(findings, root=root), nl=False)
    elif fmt == "junit":
        checked = [path for _, _, path in project.po_files(codes)] if project and whole else []
        from ..formats.junit import junit

        click.echo(junit(findings, checked + files, root=root, advice=advice()), nl=False)
    else:
        click.echo(report.text(findings, root=Path.cwd(), advice=advice()), nl=False)
    if fmt != "text":
        click.echo(report.summary(findings) if findings else "No findings.", err=True)
    if report.counts(findings)["error"]:
        sys.exit(1)


def _project_of(ctx: Context, files: list[Path]):
    """The project the named PO files are in (they get the course's checks), or None."""
    from ..errors import ConfigError
    try:
        project = ctx.project
    except ConfigError:
        return None
    root = project.root.resolve()
    return project if any(root in path.resolve().parents for path in files) else None


@main.command()
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site to. Default: build/dashboard/.")
@pass_ctx
@handle_errors
@locked
def dashboard(ctx: Context, out_dir: Path | None) -> None:
    """Static HTML dashboard: language x module heatmap, a page per language, SVG badges.

    Self-contained (no script, no network); publish the folder on any static host.

    Example: qrl10n dashboard -o public/translations
    """
    from ..dashboard import write_dashboard
    results = write_dashboard(ctx.project, out_dir)
    report_files(results, check=False, verb="written")
    if results:
        click.echo(f"open {relative_path(results[0].path, Path.cwd())}", err=True)
