"""python -m qrl10n: the same as the qrl10n command."""

from .cli import main

main()
