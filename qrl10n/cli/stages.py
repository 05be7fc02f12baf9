"""The pipeline's commands: extract, update, build, package, run, and add-language.

Each is a thin wrapper over its stage module: parse options, call the stage, report the files.
"""

from __future__ import annotations

from pathlib import Path

import click

from .base import Context, handle_errors, jobs_option, locked, main, pass_ctx, report_files, show_progress


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a template would change.")
@jobs_option("components")
@pass_ctx
@handle_errors
@locked
def extract(ctx: Context, check: bool, jobs: int | None) -> None:
    """English pages and subtitles -> po/templates/*.pot.

    Example: qrl10n extract
    """
    from ..extract import extract as run_extract
    report_files(run_extract(ctx.project, check=check, jobs=jobs), check=check, verb="written")


@main.command()
@click.argument("languages", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a PO file would change.")
@jobs_option("languages")
@pass_ctx
@handle_errors
@locked
def update(ctx: Context, languages: tuple[str, ...], check: bool, jobs: int | None) -> None:
    """Templates -> po/<lang>/*.po, keeping every translation (msgmerge semantics).

    Example: qrl10n update es fr
    """
    from ..update import update as run_update
    report_files(run_update(ctx.project, languages, check=check, jobs=jobs), check=check, verb="updated")


@main.command()
@click.argument("languages", nargs=-1)
@click.option("--include-fuzzy", is_flag=True, help="Use fuzzy (unreviewed) translations instead of English.")
@click.option("--min-percent", type=click.FloatRange(0, 100), default=0.0,
              help="Skip languages with less than this share of source words translated.")
@jobs_option("languages")
@pass_ctx
@handle_errors
@locked
def build(ctx: Context, languages: tuple[str, ...], include_fuzzy: bool, min_percent: float,
          jobs: int | None) -> None:
    """PO files -> localized pages (.md, .html) and subtitles (.srt, .vtt) under build/<lang>/.

    Example: qrl10n build es --min-percent 50
    """
    from ..build import BuildOptions, build as run_build
    options = BuildOptions(include_fuzzy=include_fuzzy, min_percent=min_percent)
    report_files(run_build(ctx.project, languages, options, jobs=jobs), check=False, verb="built")


@main.command("package")
@click.argument("languages", nargs=-1)
@click.option("--format", "formats", type=click.Choice(["scorm12", "site"]), multiple=True,
              help="scorm12: a SCORM 1.2 zip per language, for any LMS; site: one static site with every "
                   "language. Repeat for both. Default: scorm12.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the packages. Default: build/packages/.")
@click.option("--include-draft", is_flag=True,
              help="Also package languages under their publishing threshold, marked as drafts on every page.")
@click.option("--allow-missing-videos", is_flag=True,
              help="A video without an address in [videos] gets a 'not available yet' notice instead of an error.")
@jobs_option("the build step")
@pass_ctx
@handle_errors
@locked
def package_command(ctx: Context, languages: tuple[str, ...], formats: tuple[str, ...], output: Path | None,
                    include_draft: bool, allow_missing_videos: bool, jobs: int | None) -> None:
    """The course for learners: SCORM 1.2 zips and a static site, under build/packages/.

    Example: qrl10n package es fr --format scorm12 --format site
    """
    from ..cache import RunCache
    from ..package import PackageOptions, package
    options = PackageOptions(formats or ("scorm12",), output, include_draft, allow_missing_videos)
    cache = RunCache(ctx.project.root)  # build's step is skipped where qrl10n run already built
    results = package(ctx.project, languages, options, jobs=jobs, cache=cache)
    cache.save()
    report_files(results, check=False, verb="written")


@main.command("add-language")
@click.argument("code")
@click.option("--planned", is_flag=True, help="Register it as planned (listed, not yet translated).")
@pass_ctx
@handle_errors
@locked
def add_language(ctx: Context, code: str, planned: bool) -> None:
    """Register a language in qrl10n.toml and create its PO files.

    Example: qrl10n add-language uk --planned
    """
    from ..config_edit import WORKFLOW, add_language_to_config, add_language_to_workflow
    from ..languages import gettext_code, language_info
    from ..project import Project
    from ..update import update as run_update
    info = language_info(code)
    if gettext_code(code) != code:
        click.echo(f"{code} is written {gettext_code(code)}, as gettext and PO editors name it.")
        code = gettext_code(code)
    state = "planned" if planned else "active"
    added = add_language_to_config(ctx.project.config_path, code, state)
    project = Project(ctx.project.root)
    report_files(run_update(project, (code,)), check=False, verb="created")
    if add_language_to_workflow(project.root, code):
        click.echo(f"{WORKFLOW}: {code} added to the per-language CI matrix.")
    if added:
        click.echo(f"{info.english_name} ({info.native_name}) added as {state}.")
    else:
        click.echo(f"{info.english_name} ({info.native_name}) is already {state}; its PO files are up to date.")


@main.command()
@jobs_option("languages")
@pass_ctx
@handle_errors
@locked
def run(ctx: Context, jobs: int | None) -> None:
    """The whole pipeline: extract, update, glossary annotate, build, dashboard.

    Example: qrl10n run
    """
    from ..pipeline import run_pipeline
    for stage, results in run_pipeline(ctx.project, progress=show_progress(), jobs=jobs):
        changed = sum(1 for r in results if r.changed)
        click.echo(f"{stage}: {changed} of {len(results)} files changed")
