"""pretranslate: fill empty entries with drafts, always fuzzy, so people review instead of retype.

Order, per language: the translation memory first (qrl10n.tm: the same or a similar English text
already translated anywhere in the language), then, with ``engine="deepl"``, DeepL for what is
left. What is filled, and how it is marked:

- only entries that are empty, not fuzzy, not obsolete and not plural; a human translation,
  a draft or a reviewed entry is never touched;
- every fill is fuzzy, so nothing machine-made is published before a person confirms it, with
  an extracted comment naming its origin ("translation memory: exact match from m1",
  "translation memory: 87% match from m3-videos" plus the matched English as ``#| msgid``,
  "machine translation: deepl"), which ``update`` keeps and ``status`` counts;
- DeepL requests hold the texts of one PO file, at most 50 and 128 KiB; the English around them
  (previous and next entries) goes in ``context``, which DeepL does not bill. Markdown inline
  markup travels as XML tags or placeholders (qrl10n.mt.markup) and comes back intact.

Safety: with DeepL, one usage call comes first, so a refused key, an unreachable server or a
wrong ``DEEPL_SERVER_URL`` stops the run before anything, memory fills included, is written.
Each file is saved after each batch, atomically, refusing to overwrite a file a
translator saved meanwhile. A run stopped by Ctrl-C, a lost network or an exhausted quota
keeps every finished batch; those entries are no longer empty, so the next run sends only the
rest and nothing is paid twice. A dry run plans exactly the requests a real run would send
(same code) and reports their characters without sending one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import catalog, tm
from .errors import ConfigError, EngineError
from .model import FileResult
from .mt import Capabilities, KeyRefused, MTRequest, Quota, QuotaExceeded, Translator, formality_option
from .mt.markup import Protected, plain, protect, restore
from .project import Component, Language, Project

ENGINES = ("tm", "deepl")
TM_PREFIX = "translation memory"
MT_PREFIX = "machine translation"
#: DeepL's limits per request: texts, and bytes of the whole request body.
MAX_TEXTS = 50
MAX_BODY = 128 * 1024
#: Room kept in a request body for the parameters besides ``text`` and ``context``.
BODY_MARGIN = 2048
#: Characters of surrounding English sent as context (free, but no use beyond a few paragraphs).
CONTEXT_CHARS = 5000


@dataclass(frozen=True, slots=True)
class LanguageResult:
    """What one language got. ``characters``: billed by the engine (dry run: would be billed).

    ``left``: entries still empty afterwards; ``skipped``: why the engine did not take the language.
    """

    code: str
    name: str
    tm_exact: int = 0
    tm_fuzzy: int = 0
    mt: int = 0
    characters: int = 0
    left: int = 0
    skipped: str = ""
    markup_warnings: int = 0
    files: tuple[FileResult, ...] = ()

    @property
    def filled(self) -> int:
        return self.tm_exact + self.tm_fuzzy + self.mt


@dataclass(frozen=True, slots=True)
class PretranslateResult:
    engine: str
    dry_run: bool
    languages: tuple[LanguageResult, ...]
    quota: Quota | None = None  # the account after the run (dry run: now); None without DeepL calls

    @property
    def characters(self) -> int:
        return sum(lang.characters for lang in self.languages)


def pretranslate(project: Project, codes: tuple[str, ...] | list[str] = (), *, engine: str = "tm",
                 dry_run: bool = False, on_batch: Callable[[int], None] | None = None,
                 on_plan: Callable[[int], None] | None = None,
                 translator: Translator | None = None) -> PretranslateResult:
    """Fill the empty entries of the named languages (default: every active one).

    ``on_plan(n)`` is called once with the number of entries the engine will translate,
    ``on_batch(n)`` after each saved batch with its number of entries. ``translator`` replaces
    the engine built from the environment (``DEEPL_AUTH_KEY``, ``DEEPL_SERVER_URL``).
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}", fix=f"Use one of: {', '.join(ENGINES)}")
    languages = project.select_languages(codes) if codes else project.select_languages(include_planned=False)
    if engine == "deepl" and translator is None:
        from .mt.deepl import DeepLTranslator
        translator = DeepLTranslator.from_env(project.source_language)
    quota = _check_engine(translator) if translator is not None else None
    works = [_prepare(project, language, engine, translator, dry_run) for language in languages]
    if on_plan is not None:
        on_plan(sum(len(batch.entries) for work in works for batch in work.batches))
    if translator is not None and not dry_run and any(work.batches for work in works):
        _translate_all(project, works, translator, on_batch)
        quota = translator.quota()
    return PretranslateResult(engine, dry_run, tuple(work.result() for work in works), quota)


def _check_engine(translator: Translator) -> Quota:
    """Ask the engine once before the memory fills are written: a refused key, an unreachable
    server or a wrong address stops the run with nothing written."""
    try:
        return translator.check()
    except EngineError as exc:
        raise type(exc)(f"{exc.problem}; nothing was written", path=exc.path, line=exc.line, fix=exc.fix) from None


# -- per language --------------------------------------------------------------------------
@dataclass(slots=True)
class _File:
    component: Component
    path: Path
    po: catalog.Catalog
    stamp: tuple[int, int] | None
    tm: int = 0
    mt: int = 0
    changed: bool = False


@dataclass(frozen=True, slots=True)
class _Batch:
    file: _File
    entries: tuple[catalog.Entry, ...]
    sent: tuple[Protected, ...]
    request: MTRequest


@dataclass(slots=True)
class _Work:
    language: Language
    files: list[_File]
    dry_run: bool
    engine: str = "tm"
    caps: Capabilities | None = None
    batches: list[_Batch] = field(default_factory=list)
    tm_exact: int = 0
    tm_fuzzy: int = 0
    mt: int = 0
    characters: int = 0
    warnings: int = 0
    skipped: str = ""

    def result(self) -> LanguageResult:
        planned = sum(len(b.entries) for b in self.batches) if self.dry_run else 0
        left = sum(1 for f in self.files for e in f.po if _is_empty(e)) - planned
        files = tuple(FileResult(f.path, f.changed if not self.dry_run else bool(f.tm or f.mt),
                                 _file_detail(f, self.engine)) for f in self.files if f.tm or f.mt)
        mt = planned if self.dry_run else self.mt
        return LanguageResult(self.language.code, self.language.info.english_name, self.tm_exact,
                              self.tm_fuzzy, mt, self.characters, left, self.skipped, self.warnings, files)


def _file_detail(f: _File, engine: str) -> str:
    parts = [f"{f.tm} from translation memory"] if f.tm else []
    if f.mt:
        parts.append(f"{f.mt} by {engine}")
    return ", ".join(parts)


def _prepare(project: Project, language: Language, engine: str, translator: Translator | None,
             dry_run: bool) -> _Work:
    """Load the language's PO files, fill from memory (saved unless dry run), plan MT batches."""
    files = _load(project, language)
    work = _Work(language, files, dry_run, engine)
    memory = tm.memory_for(project, language.code, {f.component.name: f.po for f in files})
    for f in files:
        _fill_from_memory(f, memory, work)
        if f.tm and not dry_run:
            _save(f)
    if translator is None or not any(_is_empty(e) for f in files for e in f.po):
        return work
    work.caps = translator.capabilities(language.info, language.settings)
    if not work.caps.supported:
        work.skipped = work.caps.reason
        return work
    formality = _formality(project, language)
    for f in files:
        work.batches.extend(plan_batches(f, work.caps, formality))
    if dry_run:
        work.characters = sum(b.request.characters for b in work.batches)
        for batch in work.batches:
            batch.file.mt += len(batch.entries)
    return work


def _load(project: Project, language: Language) -> list[_File]:
    files = []
    for component in project.components:
        path = project.po_path(language.code, component)
        stamp = catalog.stamp(path)
        if stamp is not None:
            files.append(_File(component, path, catalog.load(path), stamp))
    return files


def _is_empty(entry: catalog.Entry) -> bool:
    return (not entry.obsolete and entry.msgid != "" and not entry.msgid_plural
            and not entry.msgstr and "fuzzy" not in entry.flags)


def _save(f: _File) -> None:
    """Write the file unless a translator saved it meanwhile; stamp it again for the next batch."""
    f.changed = catalog.save(f.po, f.path, expected=f.stamp) or f.changed
    f.stamp = catalog.stamp(f.path)


def _mark_fuzzy(entry: catalog.Entry) -> None:
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


# -- translation memory --------------------------------------------------------------------
def _fill_from_memory(f: _File, memory: tm.TranslationMemory, work: _Work) -> None:
    for entry in f.po:
        if not _is_empty(entry):
            continue
        match = memory.lookup(entry.msgid)
        if match is None:
            continue
        entry.msgstr = _same_edges(entry.msgid, match.translation)
        _mark_fuzzy(entry)
        catalog.set_extracted(entry, MT_PREFIX, [])
        if match.exact:
            note = f"{TM_PREFIX}: exact match from {match.origin}"
            work.tm_exact += 1
        else:
            note = f"{TM_PREFIX}: {match.score}% match from {match.origin}"
            entry.previous_msgid = match.source
            work.tm_fuzzy += 1
        catalog.set_extracted(entry, TM_PREFIX, [note])
        f.tm += 1


def _same_edges(msgid: str, text: str) -> str:
    """``text`` starting and ending with a newline exactly when ``msgid`` does (msgfmt --check)."""
    if msgid.startswith("\n") != text.startswith("\n"):
        text = "\n" + text if msgid.startswith("\n") else text.lstrip("\n")
    if msgid.endswith("\n") != text.endswith("\n"):
        text = text + "\n" if msgid.endswith("\n") else text.rstrip("\n")
    return text


# -- planning ------------------------------------------------------------------------------
def plan_batches(f: _File, caps: Capabilities, formality: str | None) -> list[_Batch]:
    """The requests that translate the empty entries of one file, in file order.

    A dry run and a real run both plan through here, so the characters a dry run reports are
    the characters the real run sends.
    """
    live = [e for e in f.po if not e.obsolete and e.msgid != ""]
    plains = [plain(e.msgid) for e in live]
    batches: list[_Batch] = []
    current: list[tuple[int, Protected]] = []
    texts_size = 0
    for index, entry in enumerate(live):
        if not _is_empty(entry):
            continue
        sent = protect(entry.msgid, tags=caps.tags)
        if not sent.text:
            continue
        size = len(json.dumps(sent.text)) + 2
        if current and (len(current) == MAX_TEXTS
                        or texts_size + size + _context_size(plains, [*current, (index, sent)]) > MAX_BODY):
            batches.append(_batch(f, live, plains, current, caps, formality))
            current, texts_size = [], 0
        if size + _context_size(plains, [(index, sent)]) > MAX_BODY:
            raise EngineError("this entry is too long for one DeepL request (the limit is 128 KiB)",
                              path=f.path, line=entry.linenum or None,
                              fix="Split the paragraph in the English source")
        current.append((index, sent))
        texts_size += size
    if current:
        batches.append(_batch(f, live, plains, current, caps, formality))
    return batches


def _batch(f: _File, live: list, plains: list[str], items: list[tuple[int, Protected]],
           caps: Capabilities, formality: str | None) -> _Batch:
    request = MTRequest(caps.code, tuple(s.text for _, s in items), _context(plains, items),
                        caps.tags, formality, caps.beta)
    return _Batch(f, tuple(live[i] for i, _ in items), tuple(s for _, s in items), request)


def _context(plains: list[str], items: list[tuple[int, Protected]]) -> str | None:
    """The English of the entries before and after each text, in file order, as plain text."""
    wanted = sorted({n for i, _ in items for n in (i - 1, i + 1) if 0 <= n < len(plains)})
    parts: list[str] = []
    size = 0
    for n in wanted:
        if size + len(plains[n]) > CONTEXT_CHARS:
            break
        parts.append(plains[n])
        size += len(plains[n]) + 1
    return "\n".join(parts) or None


def _context_size(plains: list[str], items: list[tuple[int, Protected]]) -> int:
    """Bytes the context and the other parameters take in the JSON body (non-ASCII escaped,
    as requests sends it)."""
    return len(json.dumps(_context(plains, items))) + BODY_MARGIN


def _formality(project: Project, language: Language) -> str | None:
    value = project.settings.language(language.code).formality
    try:
        return formality_option(value)
    except ValueError:
        raise ConfigError(f"[language.{language.code}] formality = {value!r} is not understood",
                          path=project.config_path,
                          fix='Use formality = "less" or "more" (sent to DeepL as prefer_less / prefer_more)') from None


# -- machine translation -------------------------------------------------------------------
def _translate_all(project: Project, works: list[_Work], translator: Translator,
                   on_batch: Callable[[int], None] | None) -> None:
    saved = sum(w.tm_exact + w.tm_fuzzy for w in works)
    for work in works:
        if not work.batches:
            continue
        glossary_id = None
        if work.caps.glossary:
            glossary_id = translator.sync_glossary(work.language.code, work.caps,
                                                   _glossary_entries(project, work.language.code))
        for batch in work.batches:
            try:
                result = translator.translate(replace(batch.request, glossary_id=glossary_id))
            except QuotaExceeded:
                raise QuotaExceeded(f"DeepL quota exceeded (456); {saved} entries were saved",
                                    fix="Wait for the quota to reset or raise it, then run again; "
                                        "finished entries will not be sent again") from None
            except KeyRefused:
                raise
            except EngineError as exc:
                raise EngineError(f"{exc.problem}; {saved} entries were saved", path=exc.path, line=exc.line,
                                  fix=f"{exc.fix.rstrip('.')}; finished entries will not be sent again") from None
            _apply(batch, result.texts, translator.name, work)
            work.characters += result.billed
            _save(batch.file)
            saved += len(batch.entries)
            if on_batch is not None:
                on_batch(len(batch.entries))


def _apply(batch: _Batch, texts: tuple[str, ...], engine: str, work: _Work) -> None:
    for entry, sent, text in zip(batch.entries, batch.sent, texts):
        if not _is_empty(entry):
            continue  # cannot happen while we hold the file; never overwrite anything
        restored = restore(sent, text)
        if not restored.text.strip():
            continue  # an empty answer stays empty, to be sent again next time
        entry.msgstr = restored.text
        _mark_fuzzy(entry)
        note = f"{MT_PREFIX}: {engine}"
        if restored.problems:
            note += " (markup changed: compare links, code and emphasis with the English)"
            work.warnings += 1
        catalog.set_extracted(entry, TM_PREFIX, [])
        catalog.set_extracted(entry, MT_PREFIX, [note])
        batch.file.mt += 1
        work.mt += 1


def _glossary_entries(project: Project, lang: str) -> Mapping[str, str]:
    """English -> ``lang`` terms for a DeepL glossary, from the rights glossary when it has some."""
    if not project.glossary_path.exists():
        return {}
    try:
        from . import glossary
    except ImportError:
        return {}
    provider = getattr(glossary, "deepl_entries", None)  # until the glossary stage offers it
    if provider is None:
        return {}
    return dict(provider(project, lang))
