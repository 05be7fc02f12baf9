"""The ``qrl10n`` command: one short click command per stage.

Commands find the project from the current folder upward (or ``--project DIR``), hold the
project lock while they write, print what the library returns, and turn a Qrl10nError into
its message and exit code 2. Exit 1 means findings, or files that ``--check`` would change.
Heavy libraries are imported inside the commands that need them, so ``--help`` is instant.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from . import __version__
from .errors import Qrl10nError
from .model import FileResult


class Context:
    def __init__(self, project_dir: Path | None) -> None:
        self.project_dir = project_dir
        self._project = None

    @property
    def project(self):
        if self._project is None:
            from .project import Project, find_project
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
        from .files import project_lock
        with project_lock(ctx.project.root):
            return func(ctx, *args, **kwargs)
    return wrapper


pass_ctx = click.make_pass_decorator(Context)


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
        click.echo(f"{label}: {_relative(result.path, project_root)}{detail}" + (f"\n{diff}" if diff else ""))
    for result in results:
        if result.detail.startswith("skipped") or (check and result.detail == "layout only"):
            click.echo(f"{_relative(result.path, project_root)}: {result.detail}")
    click.echo(f"{len(changed)} of {len(results)} files {'would change' if check else verb}.", err=True)
    if check and changed:
        sys.exit(1)


def _relative(path: Path, root: Path) -> str:
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


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a template would change.")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
              help="Worker processes for components. Default: every CPU (or $QRL10N_JOBS).")
@pass_ctx
@handle_errors
@locked
def extract(ctx: Context, check: bool, jobs: int | None) -> None:
    """English pages and subtitles -> po/templates/*.pot.

    Example: qrl10n extract
    """
    from .extract import extract as run_extract
    report_files(run_extract(ctx.project, check=check, jobs=jobs), check=check, verb="written")


@main.command()
@click.argument("languages", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a PO file would change.")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
              help="Worker processes for languages. Default: every CPU (or $QRL10N_JOBS).")
@pass_ctx
@handle_errors
@locked
def update(ctx: Context, languages: tuple[str, ...], check: bool, jobs: int | None) -> None:
    """Templates -> po/<lang>/*.po, keeping every translation (msgmerge semantics).

    Example: qrl10n update es fr
    """
    from .update import update as run_update
    report_files(run_update(ctx.project, languages, check=check, jobs=jobs), check=check, verb="updated")


@main.command()
@click.argument("languages", nargs=-1)
@click.option("--include-fuzzy", is_flag=True, help="Use fuzzy (unreviewed) translations instead of English.")
@click.option("--min-percent", type=click.FloatRange(0, 100), default=0.0,
              help="Skip languages with less than this share of source words translated.")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
              help="Worker processes for languages. Default: every CPU (or $QRL10N_JOBS).")
@pass_ctx
@handle_errors
@locked
def build(ctx: Context, languages: tuple[str, ...], include_fuzzy: bool, min_percent: float,
          jobs: int | None) -> None:
    """PO files -> localized pages (.md, .html) and subtitles (.srt, .vtt) under build/<lang>/.

    Example: qrl10n build es --min-percent 50
    """
    from .build import BuildOptions, build as run_build
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
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
              help="Worker processes for the build step. Default: every CPU (or $QRL10N_JOBS).")
@pass_ctx
@handle_errors
@locked
def package_command(ctx: Context, languages: tuple[str, ...], formats: tuple[str, ...], output: Path | None,
                    include_draft: bool, allow_missing_videos: bool, jobs: int | None) -> None:
    """The course for learners: SCORM 1.2 zips and a static site, under build/packages/.

    Example: qrl10n package es fr --format scorm12 --format site
    """
    from .cache import RunCache
    from .package import PackageOptions, package
    options = PackageOptions(formats or ("scorm12",), output, include_draft, allow_missing_videos)
    cache = RunCache(ctx.project.root)  # build's step is skipped where qrl10n run already built
    results = package(ctx.project, languages, options, jobs=jobs, cache=cache)
    cache.save()
    report_files(results, check=False, verb="written")


@main.command("export-xliff")
@click.argument("language")
@pass_ctx
@handle_errors
@locked
def export_xliff(ctx: Context, language: str) -> None:
    """PO files of LANGUAGE -> build/xliff/<lang>/<component>.xlf (XLIFF 1.2) for CAT tools.

    Example: qrl10n export-xliff fr
    """
    from .formats.xliff import export_xliff as run_export
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
    from .formats.xliff import import_xliff as run_import
    for path in files:
        report = run_import(ctx.project, path)
        click.echo(f"{path}: {report.updated} updated, {report.unchanged} unchanged, "
                   f"{len(report.skipped)} skipped -> {_relative(report.po_path, Path.cwd())}")
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
    from .importer import import_files
    here = Path.cwd()
    for report in import_files(ctx.project, language, files, source=source, dry_run=dry_run):
        name, english = _relative(report.path, here), _relative(report.source, here)
        if report.skipped_file:
            click.echo(f"{name}: skipped, {report.skipped_file}")
            continue
        click.echo(f"{name} -> {_relative(report.po_path, here)}: {len(report.aligned)} of "
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

    from .pretranslate import pretranslate
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
    from .tm import export_tmx
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
    from .tm import import_tmx
    here = Path.cwd()
    for path in files:
        imported = import_tmx(ctx.project, path)
        if not imported:
            click.echo(f"{path}: no units in a language of this project", err=True)
        for item in imported:
            click.echo(f"{path}: {item.added} new units for {item.language} -> "
                       f"{_relative(item.path, here)} ({item.units} in all)")


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
    from .glossary import annotate
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
    from . import report
    from .checks import glossary_check
    from .glossary import as_json
    findings = glossary_check(ctx.project, languages)
    if fmt == "json":
        _emit_json(as_json(findings, root=ctx.project.root))
        click.echo(report.summary(findings) if findings else "No findings.", err=True)
    else:
        click.echo(report.text(findings, root=Path.cwd()), nl=False)
    if report.counts(findings)["error"]:
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
    from .glossary import export
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
    from .glossary import import_csv
    result, _merge, warnings = import_csv(ctx.project, file, language=language, replace_all=replace_all,
                                          dry_run=dry_run)
    for warning in warnings:
        click.echo(f"qrl10n: warning: {warning}", err=True)
    verb = "would change" if dry_run else "written"
    state = verb if result.changed else "unchanged"
    click.echo(f"{_relative(result.path, Path.cwd())}: {state} ({result.detail})")


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
    from .status import as_csv, as_json, as_table, below, status as compute
    if show_history:
        _print_history(ctx.project, languages, fmt)
        return
    stats = compute(ctx.project, languages, findings=findings)
    if fmt == "json":
        _emit_json(as_json(stats))
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
    from .history import as_csv, as_json, as_table, history
    codes = tuple(lang.code for lang in project.select_languages(languages))
    points = history(project)
    if fmt == "json":
        _emit_json(as_json(points, codes))
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

    Exits 1 when any finding is an error. Switch a check off for one entry with the flag
    '#, ignore-<id>', for a language with [language.<code>] disable_checks = [...] and for the
    course with [checks] disable = [...] in qrl10n.toml.

    \b
    Examples: qrl10n check es fr --format junit > check.xml
              qrl10n check ~/Downloads/util-linux-uk.po
    """
    from . import report
    from .checks import PO_SUFFIXES, advice, catalogue, check, check_po_files
    if list_checks:
        for check_id, severity, description in catalogue():
            click.echo(f"{check_id:24} {severity:8} {description}")
        return
    files = [Path(arg) for arg in languages if arg.endswith(PO_SUFFIXES)]
    codes = tuple(arg for arg in languages if not arg.endswith(PO_SUFFIXES))
    whole = bool(codes or not files)  # languages (all by default), not only named files
    project = ctx.project if whole else _project_of(ctx, files)
    findings = check(project, codes) if project and whole else []
    findings += check_po_files(files, project)
    root = project.root if project else Path.cwd()
    if fmt == "json":
        click.echo(report.to_json(findings, root=root), nl=False)
    elif fmt == "junit":
        checked = [path for _, _, path in project.po_files(codes)] if project and whole else []
        from .formats.junit import junit

        click.echo(junit(findings, checked + files, root=root, advice=advice()), nl=False)
    else:
        click.echo(report.text(findings, root=Path.cwd(), advice=advice()), nl=False)
    if fmt != "text":
        click.echo(report.summary(findings) if findings else "No findings.", err=True)
    if report.counts(findings)["error"]:
        sys.exit(1)


def _project_of(ctx: Context, files: list[Path]):
    """The project the named PO files are in (they get the course's checks), or None."""
    from .errors import ConfigError
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
    from .dashboard import write_dashboard
    results = write_dashboard(ctx.project, out_dir)
    report_files(results, check=False, verb="written")
    if results:
        click.echo(f"open {_relative(results[0].path, Path.cwd())}", err=True)


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
    from .config_edit import WORKFLOW, add_language_to_config, add_language_to_workflow
    from .languages import gettext_code, language_info
    from .project import Project
    from .update import update as run_update
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
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
              help="Worker processes for languages. Default: every CPU (or $QRL10N_JOBS).")
@pass_ctx
@handle_errors
@locked
def run(ctx: Context, jobs: int | None) -> None:
    """The whole pipeline: extract, update, glossary annotate, build, dashboard.

    Example: qrl10n run
    """
    from .pipeline import run_pipeline
    for stage, results in run_pipeline(ctx.project, progress=show_progress(), jobs=jobs):
        changed = sum(1 for r in results if r.changed)
        click.echo(f"{stage}: {changed} of {len(results)} files changed")


def _emit_json(document) -> None:
    from .jsontext import pretty
    click.echo(pretty(document))
