"""PO and POT files: the package's only PO code.

- ``reader``: the one reader (lines -> entries with escaped strings);
- ``strings``: the one escape and the one unescape;
- ``catalog``: polib objects read and written (what stages edit);
- ``scan``: what reports need, fast enough for ``status`` on a whole course;
- ``writer`` and ``linebreak``: gettext's exact layout (msgcat of our file is our file);
- ``comments``: check suppressions, qrl10n's own hints wrapped by editors;
- ``compare``: whether two files say the same, and what would change.
"""
