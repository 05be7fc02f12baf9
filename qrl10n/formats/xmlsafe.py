"""The one way qrl10n reads XML that comes from outside: TBX term bases, TMX memories, XLIFF.

Such files come from CAT tools, other teams and the web, so the parser trusts nothing in
them: no entity is expanded (no XXE, no "billion laughs"), no DTD is loaded or validated,
nothing is fetched from the network, lxml's limits on huge trees and deep nesting stay on,
and comments and processing instructions are dropped (they are never the text of a unit).
Every reader calls ``parser()``; a reader that needs another setting changes it here, for all.
"""

from __future__ import annotations

from lxml import etree


def parser() -> etree.XMLParser:
    """A fresh hardened parser (an lxml parser keeps state, so each parse gets its own)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)
