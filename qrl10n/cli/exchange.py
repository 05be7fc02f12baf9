"""Translations in and out: XLIFF for CAT tools, import of existing translations, the
translation memory as TMX, and pretranslate (memory, then DeepL).
"""

from __future__ import annotations

from pathlib import Path

import click

from .base import Context, handle_errors, locked, main, pass_ctx, progress, relative_path, report_files


@main.command("export-xliff")
@click.argument("language")
@pass_ctx
@handle_errors
@locked
def export_xliff(ctx: Context, language: str) -> None:
    """PO files of LANGUAGE -> build/xliff/<lang>/<component>.xlf (XLIFF 1.2) for CAT tools.

    Example: qrl10n export-xliff fr
    """
    from ..formats.xliff import export_xliff as run_export
    report_files(run_export(ctx.project, language), check=False, verb="written")


@main.command("import-xliff")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
@handle_errors
@locked
def import_xliff(ctx: Context, files: tuple[Path, ...]) -> None:
    """Bring translations back from XLIFF files made by export-xliff into their PO files.

    Example: qrl10n import-xliff build/xliff/fr/m1-human-rights.xlf
    """
    from ..formats.xliff import import_xliff as run_import
    for path in files:
        report = run_import(ctx.project, path)
        click.echo(f"{path}: {report.updated} updated, {report.unchanged} unchanged, "
                   f"{len(report.skipped)} skipped -> {relative_path(report.po_path, Path.cwd())}")
        for line in report.skipped:
            click.echo(f"  {line}", err=True)


@main.command("import")
@click.argument("language")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The English page or subtitle file FILE translates. Default: found by module folder and file name.")
@click.option("--dry-run", is_flag=True, help="Align and report, write nothing.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every aligned block and what became of it.")
@pass_ctx
@handle_errors
@locked
def import_(ctx: Context, language: str, files: tuple[Path, ...], source: Path | None, dry_run: bool,
            verbose: bool) -> None:
    """Align existing translated pages (.md, .html) or subtitles (.srt, .vtt) with the English
    source and import them as fuzzy entries; translated entries are never changed.

    Example: qrl10n import es old-site/es/m3-recovery/01-recovery-personal-journey.md
    """
    from ..importer import import_files
    here = Path.cwd()
    for report in import_files(ctx.project, language, files, source=source, dry_run=dry_run):
        name, english = relative_path(report.path, here), relative_path(report.source, here)
        if report.skipped_file:
            click.echo(f"{name}: skipped, {report.skipped_file}")
            continue
        click.echo(f"{name} -> {relative_path(report.po_path, here)}: {len(report.aligned)} of "
                   f"{report.english_blocks} English blocks aligned, {report.written} "
                   f"{'would be written' if dry_run else 'written'}, {len(report.skipped)} skipped, "
                   f"{len(report.not_aligned)} not aligned")
        for miss in report.not_aligned:
            where = f"{english}:{miss.line}" if miss.side == "english" else f"{name}:{miss.line}"
            click.echo(f"  {where}: not aligned, {miss.reason}: {_excerpt(miss.text)}")
        for lost in report.lost:
            click.echo(f"  alignment lost: {english}:{lost.source_lines[0]}-{lost.source_lines[1]} "
                       f"({lost.source_blocks} English blocks) <-> {name}:{lost.target_lines[0]}-"
                       f"{lost.target_lines[1]} ({lost.target_blocks} translated blocks)")
        skipped = {id(s.block): s.reason for s in report.skipped}
        for block in report.aligned if verbose else ():
            state = skipped.get(id(block), "imported")
            click.echo(f"  {english}:{block.source_line} <- {name}:{block.line}: {state}: {_excerpt(block.translation)}")


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


@main.command("pretranslate")
@click.argument("languages", nargs=-1, required=True)
@click.option("--engine", type=click.Choice(["tm", "deepl"]), default="tm", show_default=True,
              help="tm: translation memory only; deepl: translation memory first, then DeepL for the rest.")
@click.option("--dry-run", is_flag=True,
              help="Write and send nothing; show what would be filled and the characters DeepL would bill.")
@pass_ctx
@handle_errors
@locked
def pretranslate_command(ctx: Context, languages: tuple[str, ...], engine: str, dry_run: bool) -> None:
    """Fill empty entries of LANGUAGES from the translation memory, then DeepL; every fill is
    fuzzy, to be reviewed. Human translations and drafts are never changed.

    DeepL reads its key from DEEPL_AUTH_KEY (and DEEPL_SERVER_URL for another server). An
    interrupted run keeps every finished batch; running again sends only what is left.

    Example: qrl10n pretranslate es fr --engine deepl --dry-run
    """
    from contextlib import ExitStack

    from ..pretranslate import pretranslate
    with ExitStack() as stack:
        bars: list = []

        def on_plan(total: int) -> None:
            if total and not dry_run:
                bars.append(stack.enter_context(progress(None, "DeepL", length=total)))

        def on_batch(done: int) -> None:
            if bars and bars[0] is not None:
                bars[0].update(done)

        result = pretranslate(ctx.project, languages, engine=engine, dry_run=dry_run,
                              on_plan=on_plan, on_batch=on_batch)
    for lang in result.languages:
        click.echo(_pretranslate_line(lang, engine, dry_run))
        if lang.skipped:
            click.echo(f"  skipped by DeepL: {lang.skipped}")
        if lang.markup_warnings:
            click.echo(f"  {lang.markup_warnings} machine translations came back with changed markup; "
                       "their comment says so")
    if result.quota is not None:
        _print_quota(result.quota, result.characters if dry_run else None)
    if not dry_run:
        report_files([f for lang in result.languages for f in lang.files], check=False, verb="written")


def _pretranslate_line(lang, engine: str, dry_run: bool) -> str:
    """``es (Spanish): filled 40: 3 exact and 2 near translation-memory matches, 35 by DeepL (...)``."""
    text = (f"{lang.code} ({lang.name}): {'would fill' if dry_run else 'filled'} {lang.filled}: "
            f"{lang.tm_exact} exact and {lang.tm_fuzzy} near translation-memory matches")
    if engine == "deepl":
        text += (f", {lang.mt} by DeepL ({lang.characters:,} characters "
                 f"{'would be billed' if dry_run else 'billed'})")
    return text + (f"; {lang.left} left empty" if lang.left else "")


def _print_quota(quota, needed: int | None) -> None:
    if quota.limit is None:
        click.echo(f"DeepL: {quota.used or 0:,} characters used this period (no limit reported).")
        return
    click.echo(f"DeepL quota: {quota.used:,} of {quota.limit:,} characters used, {quota.remaining:,} left.")
    if needed is not None and needed > quota.remaining:
        click.echo(f"qrl10n: the run needs {needed:,} characters, more than the {quota.remaining:,} left; "
                   "it would stop at the quota and keep what was done.", err=True)


@main.group("tm")
def tm_group() -> None:
    """Translation memory: exchange it with CAT tools as TMX 1.4.

    Example: qrl10n tm export es
    """


@tm_group.command("export")
@click.argument("language")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The TMX file to write. Default: build/tm/<lang>.tmx.")
@pass_ctx
@handle_errors
@locked
def tm_export(ctx: Context, language: str, output: Path | None) -> None:
    """Translated entries of LANGUAGE -> a TMX 1.4 file for OmegaT, Trados, memoQ or Weblate.

    Example: qrl10n tm export es -o qualityrights-es.tmx
    """
    from ..tm import export_tmx
    report_files([export_tmx(ctx.project, language, output)], check=False, verb="written")


@tm_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
@handle_errors
@locked
def tm_import(ctx: Context, files: tuple[Path, ...]) -> None:
    """Add the units of TMX files to the project's memory (tm/<lang>.tmx), which pretranslate uses.

    Example: qrl10n tm import old-course-es.tmx
    """
    from ..tm import import_tmx
    here = Path.cwd()
    for path in files:
        imported = import_tmx(ctx.project, path)
        if not imported:
            click.echo(f"{path}: no units in a language of this project", err=True)
        for item in imported:
            click.echo(f"{path}: {item.added} new units for {item.language} -> "
                       f"{relative_path(item.path, here)} ({item.units} in all)")
