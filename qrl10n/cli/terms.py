"""``qrl10n glossary``: hints in PO files, term checks, exports for editors and DeepL, CSV import."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import Context, handle_errors, locked, main, pass_ctx, relative_path, report_files


@main.group("glossary")
def glossary_group() -> None:
    """Rights terminology (glossary/terms.tbx): hints in PO files, term checks, TBX/CSV/DeepL exports.

    Example: qrl10n glossary check pl --format json
    """


@glossary_group.command("annotate")
@click.argument("languages", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a PO file would change.")
@pass_ctx
@handle_errors
@locked
def glossary_annotate(ctx: Context, languages: tuple[str, ...], check: bool) -> None:
    """Glossary hints on every PO entry with a term, as extracted comments.

    Each reads '#. glossary: term = approved translation (also: …) (not: …)'. Re-running
    replaces them; translator comments are never touched; 'qrl10n update' keeps them.

    Example: qrl10n glossary annotate es fr
    """
    from ..glossary import annotate
    report_files(annotate(ctx.project, languages, check=check), check=check, verb="annotated")


@glossary_group.command("check")
@click.argument("languages", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json: a list of findings (language, path, line, kind, term, expected, ...).")
@pass_ctx
@handle_errors
def glossary_check(ctx: Context, languages: tuple[str, ...], fmt: str) -> None:
    """Missing approved terms, forbidden terms in translations, forbidden English in the source.

    Inflected forms count ("zdolności prawnej" is "zdolność prawna"); each finding says how it
    matched. Exits 1 when any finding is an error.

    Example: qrl10n glossary check pl cs --format json
    """
    from .. import report
    from ..checks import each_finding
    from ..glossary import as_json
    tally = report.Tally()  # findings printed as they come: a course has hundreds of thousands
    found = tally.passing(each_finding(ctx.project, languages, glossary_only=True))
    pieces = (report.json_pieces(found, root=ctx.project.root, shape=as_json) if fmt == "json"
              else report.text_pieces(found, root=Path.cwd()))
    for piece in pieces:
        click.echo(piece, nl=False)
    if fmt == "json":
        click.echo(tally.summary() if tally.files else "No findings.", err=True)
    if tally.counts["error"]:
        sys.exit(1)


@glossary_group.command("export")
@click.argument("languages", nargs=-1)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write to. Default: build/glossary/.")
@pass_ctx
@handle_errors
@locked
def glossary_export(ctx: Context, languages: tuple[str, ...], out_dir: Path | None) -> None:
    """The term base for editors and DeepL, under build/glossary/.

    Writes terms.csv (everything, for spreadsheets), per language <lang>.tbx and <lang>.csv
    (English + that language, for Weblate, Lokalize, OmegaT, Trados) and deepl/<lang>.tsv
    (glossary entries, for the languages DeepL has glossaries for).

    Example: qrl10n glossary export es fr -o build/glossary
    """
    from ..glossary import export
    report_files(export(ctx.project, languages, out_dir), check=False, verb="written")


@glossary_group.command("import-csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-l", "--language", help="The target language of a CSV without a header or with a 'target' column.")
@click.option("--replace", "replace_all", is_flag=True, help="Make the CSV the whole term base instead of merging it.")
@click.option("--dry-run", is_flag=True, help="Read and merge, report, write nothing.")
@pass_ctx
@handle_errors
@locked
def glossary_import_csv(ctx: Context, file: Path, language: str | None, replace_all: bool, dry_run: bool) -> None:
    """Merge a glossary spreadsheet (CSV) into glossary/terms.tbx.

    Concepts are matched by id or English term; the languages the CSV has replace theirs.

    Example: qrl10n glossary import-csv terms-pl.csv --language pl
    """
    from ..glossary import import_csv
    result, _merge, warnings = import_csv(ctx.project, file, language=language, replace_all=replace_all,
                                          dry_run=dry_run)
    for warning in warnings:
        click.echo(f"qrl10n: warning: {warning}", err=True)
    verb = "would change" if dry_run else "written"
    state = verb if result.changed else "unchanged"
    click.echo(f"{relative_path(result.path, Path.cwd())}: {state} ({result.detail})")
