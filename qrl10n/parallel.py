"""Languages are independent: update and build spread them over processes.

``run_each`` maps a function over work items (one PO file, or one language's pages of one
module) in worker processes when there are enough of them to pay for the processes, in the
calling process otherwise.
Results come back in the order of the items, so output never depends on scheduling. A
Qrl10nError raised in a worker reaches the caller as the same class with the same path, line
and fix (the CLI prints the same message and exits 2); any other exception is re-raised as is.
Other items still run to completion (each file is written atomically, languages are independent).
Workers die with their parent (Linux), so a killed run leaves no process writing or holding the lock.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import Qrl10nError

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items, starting processes costs more than it saves.
MIN_ITEMS = 4
#: Environment variable that sets the default number of worker processes (CI: QRL10N_JOBS=1).
JOBS_ENV = "QRL10N_JOBS"


def default_jobs() -> int:
    value = os.environ.get(JOBS_ENV, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_each(func: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None) -> list[R]:
    """``[func(item) for item in items]``, in up to ``jobs`` processes when worth it.

    ``func`` must be picklable (a module-level function or a frozen dataclass with __call__),
    and so must the items and results.
    """
    return list(each_result(func, items, jobs=jobs))


def each_result(func: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None) -> Iterator[R]:
    """``run_each`` one result at a time, in the items' order, as the workers finish them: a
    caller that keeps a summary of each result holds one at a time, not all of them."""
    workers = min(jobs or default_jobs(), len(items))
    if workers <= 1 or len(items) < MIN_ITEMS:
        yield from map(func, items)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        for outcome in pool.map(_Call(func), items, chunksize=max(1, len(items) // (workers * 4))):
            if isinstance(outcome, _Raised):
                raise outcome.rebuild()  # leaving the pool waits for the other items to finish
            yield outcome


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed qrl10n: it would go on writing and hold the project lock."""
    try:
        import ctypes
        import signal
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # other systems: workers stop at their next task, when the pipe to the parent breaks
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


@dataclass(frozen=True, slots=True)
class _Raised:
    """A Qrl10nError crossing the process boundary with all its attributes."""

    kind: type
    problem: str
    path: Any
    line: int | None
    fix: str

    def rebuild(self) -> Qrl10nError:
        return self.kind(self.problem, path=self.path, line=self.line, fix=self.fix)


@dataclass(frozen=True, slots=True)
class _Call:
    func: Callable

    def __call__(self, item):
        try:
            return self.func(item)
        except Qrl10nError as exc:
            return _Raised(type(exc), exc.problem, exc.path, exc.line, exc.fix)
