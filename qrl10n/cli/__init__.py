"""The ``qrl10n`` command: one short click command per stage.

Commands find the project from the current folder upward (or ``--project DIR``), hold the
project lock while they write, print what the library returns, and turn a Qrl10nError into
its message and exit code 2. Exit 1 means findings, or files that ``--check`` would change.
Heavy libraries are imported inside the commands that need them, so ``--help`` is instant.

The commands are grouped by area in this package: ``base`` (what they share, and the ``main``
group), ``stages``, ``exchange``, ``terms`` and ``review``; importing them registers their commands.
"""

from __future__ import annotations

from . import exchange, review, stages, terms  # noqa: F401  (importing a module registers its commands)
from .base import main

__all__ = ["main"]
