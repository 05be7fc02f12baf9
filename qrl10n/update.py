"""update: templates -> po/<lang>/<component>.po, with msgmerge's semantics.

- an entry whose text is unchanged keeps its translation, flags and translator comments;
- an entry whose text changed is matched to the most similar old entry, gets its translation,
  becomes fuzzy and records the old text as ``#| msgid`` so the translator sees the difference;
- an entry that disappeared becomes obsolete (``#~``) and comes back with its translation
  when its text returns;
- extracted comments, references and format flags always come from the template, except in
  the videos of a language with its own subtitle limits (``[language.<code>.subtitles]``):
  there the cue map's budgets and the ``max-length`` flag are the ones those limits give, as
  ``build`` and ``check`` use them (``language_subtitle_notes``).

Nothing in the header depends on the time, so an unchanged template rewrites no PO file.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .cache import RunCache, Unit, run_changed
from .files import remove_stale_temporaries
from .formats.po import catalog
from .formats.po.comments import IGNORE_FLAG, OWNED_PREFIXES, unwrap_owned
from .formats.po.compare import LAYOUT_ONLY, canonical, explain
from .model import FileResult
from .project import Component, Language, Project

#: Similarity (0-100) above which an old translation is offered as a fuzzy match, as msgmerge does.
FUZZY_CUTOFF = 60.0
#: Translator-owned flags that survive an update (format flags come from the template).
KEPT_FLAGS = ("fuzzy",)
#: Subtitle limits that a videos entry's cue map (budgets) and max-length flag depend on.
BUDGET_LIMITS = ("max_cps", "max_line_length", "max_lines")


@dataclass(frozen=True, slots=True)
class MergeCounts:
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsoleted: int = 0
    restored: int = 0


def update(project: Project, codes: tuple[str, ...] = (), *, check: bool = False,
           cache: RunCache | None = None, jobs: int | None = None) -> list[FileResult]:
    """Merge every component's template into every selected language's PO file.

    With a ``cache``, a PO file whose template and own content are as the last run left them
    is not parsed again. Languages are merged in up to ``jobs`` processes (qrl10n.parallel).
    """
    languages = project.select_languages(codes)
    if not check:
        for language in languages:
            remove_stale_temporaries(project.po_dir / language.code)
    units = [Unit(f"update:{language.code}:{component.name}",
                  functools.partial(_unit_digest, project, cache, language, component),
                  (language.code, component.name),
                  functools.partial(FileResult, project.po_path(language.code, component), False))
             for language in languages for component in project.components]
    return run_changed(cache, units, _UpdateJob(project, check), jobs=jobs, record=not check)


def _unit_digest(project: Project, cache: RunCache, language: Language, component: Component) -> str:
    return cache.unit_digest([project.template_path(component)], [project.po_path(language.code, component)])


@dataclass(frozen=True, slots=True)
class _UpdateJob:
    """One PO file's update, picklable so that languages can run in worker processes."""

    project: Project
    check: bool

    def __call__(self, item: tuple[str, str]) -> FileResult:
        code, name = item
        return update_file(self.project, self.project.language(code), self.project.component(name), check=self.check)


def update_file(project: Project, language: Language, component: Component, *, check: bool = False) -> FileResult:
    template_path = project.template_path(component)
    template = catalog.load(template_path)
    if component.kind == "videos":
        _use_language_budgets(template, language_subtitle_notes(project, language, component))
    path = project.po_path(language.code, component)
    stamp = catalog.stamp(path)
    old = catalog.load(path) if stamp is not None else None
    before = canonical(old) if old is not None else None  # merge reuses old's entries
    before_text = catalog.dumps(old) if old is not None and check else ""
    merged, counts = merge(template, old, language, project, component)
    text = catalog.dumps(merged)
    changed = before != canonical(merged)  # content, not bytes: an editor's layout is left as it is
    if changed and not check:
        catalog.save_text(text, path, expected=stamp)  # compared above: no second read and parse
    detail = (f"{counts.kept} kept, {counts.fuzzy} fuzzy, {counts.new} new, "
              f"{counts.obsoleted} obsolete, {counts.restored} restored")
    if check and changed and before is not None:
        detail += "".join("\n    " + line for line in explain(before_text, text))
    elif check and not changed and path.read_bytes() != text.encode("utf-8"):
        detail = LAYOUT_ONLY
    return FileResult(path, changed, detail)


def language_subtitle_notes(project: Project, language: Language, component: Component
                            ) -> dict[tuple[str | None, str], tuple[str, list[str]]]:
    """(msgctxt, msgid) -> (extracted comment, flags) of a videos component as the English
    subtitles give them with the language's own limits; empty when its limits that matter
    are the course's (the template's comments and flags are then right as they are)."""
    course, own = project.subtitle_limits(), project.subtitle_limits(language.code)
    if all(getattr(course, k) == getattr(own, k) for k in BUDGET_LIMITS):
        return {}
    from .extract import build_template
    return {catalog.key(e): (e.comment, list(e.flags)) for e in build_template(project, component, language.code)}


def _use_language_budgets(template: catalog.Catalog,
                          notes: dict[tuple[str | None, str], tuple[str, list[str]]]) -> None:
    """Put the language's cue map and max-length flag on the template's entries (in place)."""
    for tentry in template:
        found = notes.get(catalog.key(tentry))
        if found is not None:
            tentry.comment = found[0]
            tentry.flags = [*found[1], *(f for f in tentry.flags if not f.startswith("max-length:"))]


def merge(template: catalog.Catalog, old: catalog.Catalog | None, language: Language,
          project: Project, component: Component) -> tuple[catalog.Catalog, MergeCounts]:
    result = catalog.new_catalog()
    result.header = old.header if old is not None and old.header else (
        f"{language.info.english_name} translation of {project.name}: {component.module.title} ({component.kind}).")
    result.metadata = header_metadata(template, old, language, project)
    live = {catalog.key(e): e for e in old if not e.obsolete and e.msgid} if old else {}
    obsolete = {catalog.key(e): e for e in old if e.obsolete} if old else {}
    used: set[tuple[str | None, str]] = set()
    pending: list[tuple[int, catalog.Entry]] = []
    kept = restored = new = fuzzy = 0

    for tentry in template:
        if not tentry.msgid:
            continue
        entry_key = catalog.key(tentry)
        if entry_key in live:
            result.append(_carry(tentry, live[entry_key]))
            used.add(entry_key)
            kept += 1
        elif entry_key in obsolete:
            result.append(_carry(tentry, obsolete[entry_key]))
            used.add(entry_key)
            restored += 1
        else:
            result.append(None)  # placeholder, filled below once exact matches are known
            pending.append((len(result) - 1, tentry))

    candidates = [e for k, e in {**obsolete, **live}.items()
                  if k not in used and (e.msgstr or any(e.msgstr_plural.values()))]
    texts = [e.msgid for e in candidates]
    if pending and texts:
        from rapidfuzz import fuzz, process  # only when some text changed
    for index, tentry in pending:
        match = process.extractOne(tentry.msgid, texts, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) if texts else None
        if match is None:
            result[index] = _fresh(tentry, language)
            new += 1
        else:
            source = candidates[match[2]]
            entry = _carry(tentry, source)
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            entry.previous_msgctxt = source.msgctxt if source.msgctxt != tentry.msgctxt else None
            entry.previous_msgid = source.previous_msgid if source.previous_msgid and "fuzzy" in source.flags else source.msgid
            entry.previous_msgid_plural = source.msgid_plural or None
            used.add(catalog.key(source))
            result[index] = entry
            fuzzy += 1

    obsoleted = 0
    for entry_key, entry in {**obsolete, **live}.items():
        if entry_key in used or not (entry.msgstr or any(entry.msgstr_plural.values())):
            continue
        entry.obsolete = True
        entry.occurrences = []
        if entry_key in live:
            obsoleted += 1
        result.append(entry)
    return result, MergeCounts(kept, fuzzy, new, obsoleted, restored)


def header_metadata(template: catalog.Catalog, old: catalog.Catalog | None, language: Language,
                    project: Project) -> dict[str, str]:
    """The old header, with the fields qrl10n owns brought up to date and nothing time-dependent."""
    metadata = dict(old.metadata) if old is not None else {}
    metadata["Project-Id-Version"] = template.metadata.get("Project-Id-Version", "")
    metadata["Report-Msgid-Bugs-To"] = template.metadata.get("Report-Msgid-Bugs-To", "")
    team_url = project.settings.course.team_url
    metadata.setdefault("Last-Translator", "")
    metadata.setdefault("Language-Team", f"{language.info.english_name} <{team_url}>" if team_url else language.info.english_name)
    metadata["Language"] = language.code
    metadata["MIME-Version"] = "1.0"
    metadata["Content-Type"] = "text/plain; charset=UTF-8"
    metadata["Content-Transfer-Encoding"] = "8bit"
    metadata.setdefault("Plural-Forms", language.info.plural_forms)
    metadata.pop("POT-Creation-Date", None)
    metadata["X-Generator"] = metadata.get("X-Generator") or "qrl10n"
    return metadata


def _carry(tentry: catalog.Entry, old: catalog.Entry) -> catalog.Entry:
    """The template's entry carrying the old entry's translation and translator-owned data."""
    flags = list(tentry.flags)
    for flag in old.flags:
        if (flag in KEPT_FLAGS or flag.startswith(IGNORE_FLAG)) and flag not in flags:
            flags.append(flag)
    if "fuzzy" in flags:  # gettext writes fuzzy first
        flags.remove("fuzzy")
        flags.insert(0, "fuzzy")
    entry = catalog.new_entry(
        msgid=tentry.msgid, msgctxt=tentry.msgctxt, msgid_plural=tentry.msgid_plural,
        msgstr=old.msgstr, msgstr_plural=dict(old.msgstr_plural),
        comment=_keep_stage_comments(tentry.comment, old.comment), tcomment=old.tcomment,
        occurrences=list(tentry.occurrences), flags=flags)
    if "fuzzy" in flags:
        # A fuzzy entry keeps showing what it was translated from, also when it comes back from
        # obsolete; an editor that dropped the `#~|` lines leaves us the msgid itself at least.
        entry.previous_msgid = old.previous_msgid or old.msgid
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid_plural = old.previous_msgid_plural
    return entry


#: Extracted comments that later stages add to PO files (glossary hints, machine-translation
#: and import notes): the template does not have them, and update must not drop them.
STAGE_COMMENT_PREFIXES = OWNED_PREFIXES


def _keep_stage_comments(template_comment: str, old_comment: str) -> str:
    """The template's comments, then the stage comments of the old entry (a hint an editor
    wrapped onto several lines joined back, so no part of it is lost)."""
    template_lines = [c for c in (template_comment or "").split("\n") if c]
    old_lines = unwrap_owned((old_comment or "").split("\n"), STAGE_COMMENT_PREFIXES, template_lines)
    return "\n".join([*template_lines, *(c for c in old_lines if c.startswith(STAGE_COMMENT_PREFIXES))])


def _fresh(tentry: catalog.Entry, language: Language) -> catalog.Entry:
    entry = catalog.new_entry(msgid=tentry.msgid, msgctxt=tentry.msgctxt, msgid_plural=tentry.msgid_plural,
                              msgstr="", comment=tentry.comment, occurrences=list(tentry.occurrences),
                              flags=list(tentry.flags))
    if tentry.msgid_plural:
        entry.msgstr_plural = {i: "" for i in range(language.info.nplurals)}
    return entry

