"""One adapter per source format, all with the same two verbs.

``extract(text, path) -> list[Segment]`` finds the translatable segments of a document;
``render(text, path, translate) -> str`` walks the same document again and puts
``translate(segment)`` where each segment's text was. Both walk the document through one
function of the adapter, so what is extracted and what is replaced can never disagree, and
``render(text, path, lambda s: s.text) == text`` byte for byte.
"""
