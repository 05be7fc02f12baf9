"""qrl10n against the tools people use today, on the same synthetic course, in one table.

    python benchmarks/bench.py                      # scale 1, 3 runs, anchors set up if missing
    python benchmarks/bench.py --scale 1 --scale 10 --runs 5
    python benchmarks/bench.py --scale 0.05 --runs 1 --no-anchors   # what the smoke test runs

For every scale it builds the course with ../shared/bench/make_corpus.py (under --work, never
in the repository), lays it out as qrl10n projects (hard links: our writes are atomic renames,
so the corpus is never modified), then times whole processes: ours (``python -m qrl10n``) and
the anchors (``../shared/bench/anchors.sh OP``), alternating ours, anchor, ours, anchor... and
keeping the median. Peak memory is the largest resident set of the process or of a child it
waited for (GNU time's %M when /usr/bin/time exists, else wait4 rusage). Results go to --out as results.json and results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.util
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("QRL10N_SHARED", REPO.parent / "shared")) / "bench"  # ../shared unless set
MAKE_CORPUS = SHARED / "make_corpus.py"
ANCHORS = SHARED / "anchors.sh"
FILL_PO = SHARED / "fill_po.py"
ACTIVE = 10  # the first ten languages of the corpus are active, the rest planned (as in qrl10n.toml)
RLANG = "es"  # the language rebuilt by the build rows
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None  # measures peak memory
MERGE_MODULE = "m1-human-rights"  # the module the update rows merge (as anchors.sh does)
#: every language (drafts too), both formats; the generated course has no [videos] addresses
PACKAGE_ARGS = ("package", "--include-draft", "--allow-missing-videos", "--format", "scorm12", "--format", "site")


# -- what a row is ---------------------------------------------------------------------------
@dataclass(slots=True)
class Command:
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[], None] | None = None  # untimed, before every timed run
    cwd: Path | None = None
    once: bool = False  # a slow anchor measured in the first run only


@dataclass(slots=True)
class Measure:
    label: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0  # the largest single process
    sum_mb: float = 0.0  # the largest sum over the process and its workers at one time
    failed: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds and not self.failed else None


@dataclass(slots=True)
class Row:
    id: str
    what: str
    ours: Command
    anchors: list[Command]
    target: str = ""  # "half-fastest" | "half-first" | "faster-than-all" | "under-1s" | "twentieth-first"
    #                   | "F*first" / "F*second" (at most F times that anchor), comma-separated | ""
    per_second: tuple[str, int] | None = None  # (unit, count) to report throughput


# -- running ---------------------------------------------------------------------------------
def _tree_rss_mb(root: int) -> float:
    """Resident MB of ``root`` and every process under it, now (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21])
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid and child not in tree)
    return sum(rss.get(pid, 0) for pid in tree) * os.sysconf("SC_PAGE_SIZE") / 2**20


class _TreeSampler(threading.Thread):
    """The largest sum of resident memory over a process and its workers, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            try:
                self.peak = max(self.peak, _tree_rss_mb(self.pid))
            except (OSError, ValueError):
                pass


def timed(command: Command) -> tuple[float, float, str, float]:
    """(seconds, peak resident MB of the largest process, error, peak sum over its workers) of
    one whole process."""
    if command.prepare is not None:
        command.prepare()
    env = {**os.environ, **command.env}
    argv, report = command.argv, None
    if GNU_TIME:  # a small parent, so the fork of this big Python process does not count
        report = Path(os.environ.get("TMPDIR", "/tmp")) / f"qrl10n-bench-rss-{os.getpid()}"
        argv = [GNU_TIME, "-f", "%M", "-o", str(report), *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=command.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    error = ""
    if proc.returncode not in (0, 1):
        error = f"exit {proc.returncode}: {stderr.decode('utf-8', 'replace').strip()[-400:]}"
    peak_kb = usage.ru_maxrss
    if report is not None:
        try:
            peak_kb = int(report.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
    # GNU time's own few MB are in the sum; the largest process is the better floor for it
    return seconds, peak_kb / 1024, error, max(sampler.peak, peak_kb / 1024)


def measure_row(row: Row, runs: int, log: Callable[[str], None]) -> dict:
    commands = [row.ours, *row.anchors]
    measures = [Measure(c.label) for c in commands]
    for run in range(runs):
        for command, result in zip(commands, measures):
            if result.failed or (command.once and result.seconds):
                continue
            seconds, peak, error, total = timed(command)
            if error:
                result.failed = error
                log(f"  {row.id}: {command.label} failed: {error}")
                continue
            result.seconds.append(round(seconds, 3))
            result.peak_mb = max(result.peak_mb, round(peak, 1))
            result.sum_mb = max(result.sum_mb, round(total, 1))
            log(f"  {row.id} run {run + 1}/{runs}: {command.label} {seconds:.2f} s, {peak:.0f} MB "
                f"(all processes {total:.0f} MB)")
    ours = measures[0]
    anchors = measures[1:]
    ratios = {a.label: round(ours.median / a.median, 3) for a in anchors
              if ours.median is not None and a.median}
    return {"id": row.id, "what": row.what, "ours": asdict(ours) | {"median": ours.median},
            "anchors": [asdict(a) | {"median": a.median} for a in anchors], "ratios": ratios,
            "target": row.target, "verdict": verdict(row.target, ours.median, anchors),
            "per_second": _throughput(row.per_second, ours.median)}


def _throughput(per_second: tuple[str, int] | None, median: float | None) -> dict | None:
    if per_second is None or not median:
        return None
    unit, count = per_second
    return {"unit": unit, "count": count, "rate": round(count / median)}


def verdict(target: str, ours: float | None, anchors: list[Measure]) -> str:
    """"met" / "missed by N%" against the row's target, or "" when it has none."""
    if not target or ours is None:
        return ""
    if "," in target or "*" in target:
        verdicts = [_factor_verdict(part, ours, anchors) for part in target.split(",")]
        verdicts = [v for v in verdicts if v]
        missed = [v for v in verdicts if v != "met"]
        return "; ".join(missed) if missed else ("met" if verdicts else "")
    medians = [a.median for a in anchors if a.median]
    if target == "under-1s":
        bound = 1.0
    elif not medians:
        return ""
    elif target == "half-fastest":
        bound = min(medians) / 2
    elif target == "half-first":
        bound = medians[0] / 2
    elif target == "twentieth-first":
        bound = medians[0] / 20
    else:  # faster-than-all
        bound = min(medians)
    if ours <= bound:
        return "met"
    return f"missed by {ours / bound:.2f}x (bound {bound:.2f} s)"


def _factor_verdict(target: str, ours: float, anchors: list[Measure]) -> str:
    """"F*first": at most F times the first anchor's median ("second": the second anchor's)."""
    factor, _, which = target.partition("*")
    index = {"first": 0, "second": 1}[which]
    if index >= len(anchors) or not anchors[index].median:
        return ""
    bound = float(factor) * anchors[index].median
    if ours <= bound:
        return "met"
    return f"missed by {ours / bound:.2f}x ({factor}x {anchors[index].label}: {bound:.2f} s)"


# -- corpus and projects ---------------------------------------------------------------------
def run(argv: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], check=True, **kwargs)


def make_corpus(work: Path, scale: float, seed: int) -> Path:
    corpus = work / f"corpus-s{scale:g}"
    manifest = corpus / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text("utf-8"))
        if data.get("scale") == scale and data.get("seed") == seed:
            return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    run([sys.executable, MAKE_CORPUS, corpus, "--scale", scale, "--seed", seed], stdout=subprocess.DEVNULL)
    return corpus


def write_config(root: Path, modules: list[str], languages: list[str]) -> None:
    lines = ['[course]', 'name = "QualityRights e-training (benchmark)"', 'source_language = "en"', '']
    for module in modules:
        kind = "advanced" if module.startswith("a") else "core"
        lines += ["[[modules]]", f'id = "{module}"', f'title = "{module}"', f'kind = "{kind}"', ""]
    active, planned = languages[:ACTIVE], languages[ACTIVE:]
    lines += ["[languages]", f"active = {json.dumps(active)}", f"planned = {json.dumps(planned)}", ""]
    root.mkdir(parents=True, exist_ok=True)
    (root / "qrl10n.toml").write_text("\n".join(lines), "utf-8")


def link_tree(source: Path, target: Path, pattern: str, *, copy: bool = False) -> None:
    """Hard-link (or copy) ``source/pattern`` into ``target``, replacing what was there."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in sorted(source.glob(pattern)):
        if copy:
            shutil.copy2(path, target / path.name)
        else:
            os.link(path, target / path.name)


def layout(corpus: Path, root: Path, *, modules: list[str], languages: list[str], pages: bool = True,
           videos: bool = True, bench_po: bool = False, copy: bool = False) -> Path:
    """A qrl10n project made of the corpus's files (bench-po files as our PO files if asked)."""
    shutil.rmtree(root, ignore_errors=True)
    write_config(root, modules, languages)
    for module in modules:
        if pages:
            link_tree(corpus / "source" / "modules" / module, root / "source" / module, "*.md", copy=copy)
        if videos:
            link_tree(corpus / "source" / "videos" / module, root / "subtitles" / "en" / module, "*.srt", copy=copy)
    if bench_po:
        link_bench_po(corpus, root, modules, languages, pages=pages, videos=videos)
    return root


def link_bench_po(corpus: Path, root: Path, modules: list[str], languages: list[str], *,
                  pages: bool = True, videos: bool = True) -> None:
    for lang in languages:
        folder = root / "po" / lang
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for module in modules:
            if pages:
                os.link(corpus / "bench-po" / lang / f"{module}.po", folder / f"{module}.po")
            if videos:
                os.link(corpus / "bench-po" / lang / f"videos-{module}.po", folder / f"{module}-videos.po")


def glossary_tbx(csv_path: Path, tbx_path: Path, languages: list[str]) -> int:
    """The corpus's terms.csv as a TBX-Basic file (forbidden terms marked deprecated)."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc>'
           '<p>qrl10n benchmark glossary</p></sourceDesc></fileDesc></martifHeader><text><body>']
    for number, row in enumerate(rows, start=1):
        status = "deprecatedTerm-admn-sts" if row.get("forbidden") == "1" else "preferredTerm-admn-sts"
        out.append(f'<termEntry id="t{number}"><descrip type="definition">{escape(row["definition"])}</descrip>')
        out.append(f'<langSet xml:lang="en"><tig><term>{escape(row["term"])}</term>'
                   f'<termNote type="partOfSpeech">{escape(row["pos"])}</termNote>'
                   f'<termNote type="administrativeStatus">{status}</termNote></tig></langSet>')
        for lang in languages:
            if row.get(lang) and row.get("forbidden") != "1":
                out.append(f'<langSet xml:lang="{lang}"><tig><term>{escape(row[lang])}</term></tig></langSet>')
        out.append("</termEntry>")
    out.append("</body></text></martif>")
    tbx_path.parent.mkdir(parents=True, exist_ok=True)
    tbx_path.write_text("\n".join(out) + "\n", "utf-8")
    return len(rows)


def change_sources(root: Path, share: float = 0.05) -> int:
    """Edit ``share`` of the paragraph lines of every page (a word inserted), as an author would."""
    changed = 0
    step = round(1 / share)
    for page in sorted((root / "source").glob("*/*.md")):
        lines = page.read_text("utf-8").split("\n")
        seen = 0
        for index, line in enumerate(lines):
            if not re.match(r"[A-Z][a-z]+ \w", line):
                continue
            seen += 1
            if seen % step == 0:
                head, _, tail = line.partition(" ")
                lines[index] = f"{head} also {tail}"
                changed += 1
        page.write_text("\n".join(lines), "utf-8")
    return changed


def fill_po(lang: str, source: Path, target: Path) -> None:
    """../shared/bench/fill_po.py in this process: pseudo-translate every template into ``lang``."""
    if "fill_po" not in sys.modules:
        spec = importlib.util.spec_from_file_location("fill_po", FILL_PO)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["fill_po"] = module
    with contextlib.redirect_stdout(io.StringIO()):
        sys.modules["fill_po"].main(["fill_po.py", lang, str(source), str(target)])


def entries_in(paths: list[Path]) -> int:
    """Live entries (msgid lines outside obsolete blocks, header excluded) in PO files."""
    total = 0
    for path in paths:
        total += sum(1 for line in path.read_text("utf-8").split("\n") if line.startswith("msgid "))
        total -= 1
    return total


# -- the rows --------------------------------------------------------------------------------
class Bench:
    def __init__(self, work: Path, corpus: Path, scale: float, *, anchors: bool, skip: set[str],
                 venv: Path, log: Callable[[str], None]) -> None:
        self.work, self.corpus, self.scale = work / f"s{scale:g}", corpus, scale
        self.anchors, self.skip, self.venv, self.log = anchors, skip, venv, log
        manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
        self.modules: list[str] = manifest["modules"]
        self.languages: list[str] = manifest["languages"]
        self.anchor_work = self.work / "anchors"
        self.user_cache = self.work / "user-cache"
        self.qrl10n = [sys.executable, "-m", "qrl10n"]

    # projects ---------------------------------------------------------------------------
    def setup(self) -> None:
        c, m, langs = self.corpus, self.modules, self.languages
        self.log(f"scale {self.scale:g}: laying out projects under {self.work}")
        # status and glossary check read the corpus's own PO files, as the anchors do
        self.stats = layout(c, self.work / "stats", modules=m, languages=langs, bench_po=True)
        self.glossary_terms = glossary_tbx(c / "glossary" / "terms.csv",
                                           self.stats / "glossary" / "terms.tbx", langs)
        self.stats_entries = entries_in(sorted(self.stats.glob("po/*/*.po")))
        # update: the corpus's changed templates merged into its PO files (anchors.sh's inputs)
        self.merge = layout(c, self.work / "merge", modules=[MERGE_MODULE], languages=langs, videos=False)
        (self.merge / "po" / "templates").mkdir(parents=True)
        os.link(c / "bench-pot" / f"{MERGE_MODULE}.pot", self.merge / "po" / "templates" / f"{MERGE_MODULE}.pot")
        # extract and build: pages only, as the Markdown anchors; es filled by fill_po.py
        self.pages = layout(c, self.work / "pages", modules=m, languages=langs, videos=False)
        run(self.qrl10n + ["--project", self.pages, "extract"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        fill_po(RLANG, self.pages / "po" / "templates", self.pages / "po" / RLANG)
        # run: the whole course with our templates and PO files, pseudo-translated in every language
        self.full = self.work / "full"
        if {"update-all", "run-unchanged", "run-one-page", "run-one-po", "dashboard", "package"} <= self.skip:
            return self.prepare_anchors() if self.anchors else None
        self.full = layout(c, self.work / "full", modules=m, languages=langs, copy=True)
        run(self.qrl10n + ["--project", self.full, "extract"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for lang in langs:
            fill_po(lang, self.full / "po" / "templates", self.full / "po" / lang)
        self.full_po = self.work / "full-po"
        shutil.rmtree(self.full_po, ignore_errors=True)
        shutil.copytree(self.full / "po", self.full_po)
        self.full_sources = self.work / "full-source"
        shutil.rmtree(self.full_sources, ignore_errors=True)
        shutil.copytree(self.full / "source", self.full_sources)
        run(self.qrl10n + ["--project", self.full, "run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.anchors:
            self.prepare_anchors()

    def prepare_anchors(self) -> None:
        """The untimed inputs of the rebuild anchors (anchors.sh prep, minus what we skip)."""
        for tool, extract_op in (("tt", "md-extract-tt"), ("mdpo", "md-extract-mdpo"), ("po4a", "md-extract-po4a")):
            rebuild = f"md-rebuild-{tool}"
            if rebuild in self.skip:
                continue
            out = self.anchor_work / "out" / extract_op
            if not out.exists() or extract_op in self.skip:
                run(["bash", ANCHORS, extract_op, self.corpus, self.anchor_work], env=self._anchor_env(),
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            prep = self.anchor_work / "prep" / f"{tool}-{RLANG}"
            if not prep.exists():
                fill_po(RLANG, out, prep)

    def _anchor_env(self) -> dict[str, str]:
        return {**os.environ, "VENV": str(self.venv), "MODULE": MERGE_MODULE, "RLANG": RLANG}

    # commands ---------------------------------------------------------------------------
    def ours(self, label: str, project: Path, *args: str, prepare: Callable[[], None] | None = None) -> Command:
        # The user cache (remembered counts and findings, lemmas, language facts) is the
        # benchmark's own, so "nothing cached" rows can empty it and nothing leaks from the machine.
        return Command(label, [*self.qrl10n, "--project", str(project), *args],
                       {"CI": "1", "QRL10N_CACHE_DIR": str(self.user_cache)}, prepare)

    def _cold(self, then: Callable[[], None] | None = None) -> Callable[[], None]:
        """Preparation for a "nothing cached" run: no user cache, no project cache."""
        def prepare() -> None:
            shutil.rmtree(self.user_cache, ignore_errors=True)
            if then is not None:
                then()
        return prepare

    def anchor(self, op: str) -> Command | None:
        if not self.anchors or op in self.skip:
            return None
        return Command(op, ["bash", str(ANCHORS), op, str(self.corpus), str(self.anchor_work)],
                       {"VENV": str(self.venv), "MODULE": MERGE_MODULE, "RLANG": RLANG})

    def anchors_of(self, *ops: str) -> list[Command]:
        return [a for a in map(self.anchor, ops) if a is not None]

    def rows(self) -> list[Row]:
        cold_stats = self._cold(self._clear(self.stats / ".qrl10n-cache"))
        msgfmt = self.anchors_of("stats-msgfmt")
        rows = [
            Row("help", "`qrl10n --help` (start-up and imports)", Command("qrl10n --help", [*self.qrl10n, "--help"]), []),
            Row("status", "`status` (default: with check and glossary findings), nothing remembered",
                self.ours("qrl10n status", self.stats, "status", "--format", "json", prepare=cold_stats),
                self.anchors_of("stats-msgfmt", "stats-pocount", "stats-polib"), "1*first"),
            Row("status-again", "`status` (default), second run (files unchanged)",
                self.ours("qrl10n status", self.stats, "status", "--format", "json"), msgfmt, "0.1*first"),
            Row("status-counts", "`status --no-findings`, nothing cached",
                self.ours("qrl10n status --no-findings", self.stats, "status", "--no-findings", "--format", "json",
                          prepare=cold_stats), msgfmt, "half-first"),
            Row("status-counts-again", "`status --no-findings`, second run",
                self.ours("qrl10n status --no-findings", self.stats, "status", "--no-findings", "--format", "json"),
                msgfmt, "twentieth-first"),
            Row("check", "`check`, all languages (JSON), nothing remembered",
                self.ours("qrl10n check", self.stats, "check", "--format", "json", prepare=self._cold()),
                [*msgfmt, *self._pofilter()], "1.5*first,0.1*second"),
            Row("check-again", "`check`, all languages, second run",
                self.ours("qrl10n check", self.stats, "check", "--format", "json"), msgfmt, "0.1*first"),
            Row("extract", "extract all pages",
                self.ours("qrl10n extract", self.pages, "extract", prepare=self._clear(self.pages / "po" / "templates")),
                self.anchors_of("md-extract-po4a", "md-extract-tt", "md-extract-mdpo"), "half-fastest"),
            Row("update", f"update 16 languages of {MERGE_MODULE} after a 5% source change",
                self.ours("qrl10n update", self.merge, "update", prepare=self._relink_merge),
                self.anchors_of("merge-pot2po", "merge-msgmerge"), "faster-than-all"),
            Row("update-all", "update every language and component (our templates, 5% of paragraphs edited)",
                self.ours("qrl10n update", self.full, "update", prepare=self._changed_full), []),
            Row("build", f"build one language ({RLANG}) of all pages",
                self.ours(f"qrl10n build {RLANG}", self.pages, "build", RLANG, prepare=self._clear(self.pages / "build")),
                self.anchors_of("md-rebuild-tt", "md-rebuild-mdpo", "md-rebuild-po4a"), "half-fastest"),
            Row("dashboard", "`dashboard` of the whole course (findings remembered, as after `run`)",
                self.ours("qrl10n dashboard", self.full, "dashboard", prepare=self._steady_full), msgfmt),
            Row("run-unchanged", "`qrl10n run`, nothing changed",
                self.ours("qrl10n run", self.full, "run", prepare=self._steady_full),
                msgfmt, "under-1s" if self.scale == 1 else ""),
            Row("run-one-page", "`qrl10n run`, one page changed",
                self.ours("qrl10n run", self.full, "run", prepare=self._one_page_changed), msgfmt, "0.5*first"),
            Row("run-one-po", "`qrl10n run`, one PO file changed (a translator's edit)",
                self.ours("qrl10n run", self.full, "run", prepare=self._one_po_changed), msgfmt, "0.25*first"),
            Row("package", "package every language: SCORM 1.2 zips and the site (build already current)",
                self.ours("qrl10n package", self.full, *PACKAGE_ARGS, prepare=self._packages_cleared), []),
        ]
        if self._has_glossary_check():
            rows.append(Row("glossary-check", f"glossary check, {self.glossary_terms} terms, every language, nothing cached",
                            self.ours("qrl10n glossary check", self.stats, "glossary", "check", prepare=self._cold()),
                            msgfmt, "1*first", per_second=("entries", self.stats_entries)))
            rows.append(Row("glossary-check-again", "glossary check, second run (findings remembered)",
                            self.ours("qrl10n glossary check", self.stats, "glossary", "check"), msgfmt, "0.1*first",
                            per_second=("entries", self.stats_entries)))
        return [r for r in rows if r.id not in self.skip]

    def _pofilter(self) -> list[Command]:
        """translate-toolkit's pofilter (its default tests) over every bench-po file, once: it is slow."""
        tool = self.venv / "bin" / "pofilter"
        tool = str(tool) if tool.exists() else shutil.which("pofilter")
        if not self.anchors or tool is None or "pofilter" in self.skip:
            return []
        out = self.anchor_work / "out" / "pofilter"
        return [Command("pofilter", [tool, "--progress=none", "-i", str(self.corpus / "bench-po"), "-o", str(out)],
                        prepare=self._clear(out), once=True)]

    def _has_glossary_check(self) -> bool:
        done = subprocess.run([*self.qrl10n, "glossary", "check", "--help"], capture_output=True)
        return done.returncode == 0

    # preparations (untimed) -------------------------------------------------------------
    @staticmethod
    def _clear(folder: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(folder, ignore_errors=True)

    def _relink_merge(self) -> None:
        link_bench_po(self.corpus, self.merge, [MERGE_MODULE], self.languages, videos=False)

    def _restore_full(self) -> None:
        shutil.rmtree(self.full / "po")
        shutil.copytree(self.full_po, self.full / "po")
        shutil.rmtree(self.full / "source")
        shutil.copytree(self.full_sources, self.full / "source")

    def _changed_full(self) -> None:
        self._restore_full()
        change_sources(self.full)
        run(self.qrl10n + ["--project", self.full, "extract"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _steady_full(self) -> None:
        # the timed commands' user cache, so what this run remembers is what they find
        run(self.qrl10n + ["--project", self.full, "run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "CI": "1", "QRL10N_CACHE_DIR": str(self.user_cache)})

    def _one_po_changed(self) -> None:
        """A translator's edit: one translated entry of one PO file says something else."""
        self._restore_full()
        self._steady_full()
        path = sorted((self.full / "po" / RLANG).glob("*.po"))[0]
        text = path.read_text("utf-8")
        start = text.index('msgstr "', text.index("\nmsgid ", text.index("\nmsgid ") + 1))
        path.write_text(text[:start] + 'msgstr "Una traducción revisada."' + text[text.index("\n", start):], "utf-8")

    def _packages_cleared(self) -> None:
        self._steady_full()
        shutil.rmtree(self.full / "build" / "packages", ignore_errors=True)

    def _one_page_changed(self) -> None:
        self._restore_full()
        self._steady_full()
        page = sorted((self.full / "source").glob("*/*.md"))[0]
        page.write_text(page.read_text("utf-8") + "\nOne more paragraph, written for this run.\n", "utf-8")


# -- report ----------------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        memory = ""
    return f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def markdown(results: dict) -> str:
    runs = ", ".join(f"{s.get('runs', results['runs'])} at scale {s['scale']:g}" for s in results["scales"])
    lines = [f"Measured {results['date']} on {results['machine']}; medians of alternating runs ({runs}).",
             "", "Peak MB: the largest single process / all its processes together (workers included).", "",
             "| scale | task | qrl10n | peak MB | anchors (median) | ours / anchor | target |",
             "|---|---|---|---|---|---|---|"]
    for scale in results["scales"]:
        for row in scale["rows"]:
            ours = row["ours"]
            anchors = "<br>".join(f"{a['label']}: {fmt(a['median'])}" + (f" ({a['peak_mb']:.0f} MB)" if a["median"] else
                                  " (failed)" if a["failed"] else "") for a in row["anchors"]) or "—"
            ratios = "<br>".join(f"{v:.2f}" for v in row["ratios"].values()) or "—"
            extra = f"<br>{row['per_second']['rate']:,} {row['per_second']['unit']}/s" if row["per_second"] else ""
            target = row["verdict"] or "—"
            shown = fmt(ours["median"]) if not ours["failed"] else "failed"
            peak = f"{ours['peak_mb']:.0f} / {ours.get('sum_mb', 0):.0f}"
            lines.append(f"| {scale['scale']:g} | {row['what']} | {shown}{extra} | {peak} | "
                         f"{anchors} | {ratios} | {target} |")
    growth = results.get("growth")
    if growth:
        lines += ["", "Cost growth (scale {b:g} / scale {a:g}, ours): ".format(**growth["scales"]) +
                  ", ".join(f"{k} {v:.1f}x" for k, v in growth["ratios"].items())]
    return "\n".join(lines) + "\n"


def growth(scales: list[dict]) -> dict | None:
    if len(scales) < 2:
        return None
    small, big = scales[0], scales[-1]
    by_id = {r["id"]: r["ours"]["median"] for r in small["rows"]}
    ratios = {r["id"]: round(r["ours"]["median"] / by_id[r["id"]], 2) for r in big["rows"]
              if r["ours"]["median"] and by_id.get(r["id"])}
    return {"scales": {"a": small["scale"], "b": big["scale"]}, "ratios": ratios}


#: Anchors that need the venv or po4a, left out by --system-anchors.
SYSTEM_SKIP = ("stats-pocount", "stats-polib", "merge-msgmerge-nofuzzy", "merge-pot2po", "md-extract-tt",
               "md-extract-mdpo", "md-extract-po4a", "md-rebuild-tt", "md-rebuild-mdpo", "md-rebuild-po4a")


def ensure_anchors(venv: Path, log: Callable[[str], None]) -> None:
    if (venv / "bin" / "pocount").exists() and shutil.which("msgmerge") and shutil.which("po4a-translate"):
        return
    log(f"setting up the anchors (venv {venv}, gettext, po4a): anchors.sh setup")
    run(["bash", ANCHORS, "setup"], env={**os.environ, "VENV": str(venv)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, action="append", help="corpus scale (repeatable); default 1")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per command (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "qrl10n-bench",
                        help="where corpora and projects go (default $TMPDIR/qrl10n-bench)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks", help="folder for results.json/results.md")
    default_venv = Path(os.environ.get("VENV", Path(os.environ.get("TMPDIR", "/tmp")) / "perfvenv"))
    parser.add_argument("--venv", type=Path, default=default_venv)
    parser.add_argument("--no-anchors", action="store_true", help="time qrl10n only (no venv, gettext or po4a needed)")
    parser.add_argument("--system-anchors", action="store_true",
                        help="only the anchors the system has (msgfmt loop, pofilter): no venv, no po4a")
    parser.add_argument("--skip", default="", help="comma-separated row ids or anchor ops to leave out")
    parser.add_argument("--append", action="store_true",
                        help="add these scales to the results already in --out (e.g. scale 10 measured later)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    scales = args.scale or [1.0]
    skip = {s for s in args.skip.split(",") if s}
    log = (lambda message: None) if args.quiet else (lambda message: print(message, file=sys.stderr, flush=True))
    if not MAKE_CORPUS.exists():
        parser.error(f"{MAKE_CORPUS} is missing: the benchmark needs ../shared/bench beside the repository")
    if args.system_anchors:
        skip |= set(SYSTEM_SKIP)
    elif not args.no_anchors:
        ensure_anchors(args.venv, log)
    args.work.mkdir(parents=True, exist_ok=True)
    results = {"date": dt.date.today().isoformat(), "machine": machine(), "runs": args.runs, "scales": []}
    # --append keeps earlier scales (each with its own run count), replacing the ones measured now
    for scale in scales:
        log(f"scale {scale:g}: making the corpus")
        corpus = make_corpus(args.work, scale, args.seed)
        bench = Bench(args.work, corpus, scale, anchors=not args.no_anchors, skip=skip, venv=args.venv, log=log)
        bench.setup()
        manifest = json.loads((corpus / "manifest.json").read_text("utf-8"))
        rows = [measure_row(row, args.runs, log) for row in bench.rows()]
        results["scales"].append({"scale": scale, "runs": args.runs, "manifest": manifest, "rows": rows})
    previous = args.out / "results.json"
    if args.append and previous.exists():
        earlier = json.loads(previous.read_text("utf-8"))
        done = {s["scale"] for s in results["scales"]}
        results["scales"] = [s for s in earlier["scales"] if s["scale"] not in done] + results["scales"]
        results["scales"].sort(key=lambda s: s["scale"])
    results["growth"] = growth(results["scales"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (args.out / "results.md").write_text(markdown(results), "utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
