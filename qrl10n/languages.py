"""Language facts from Babel's CLDR data: names, plural forms, text direction, DeepL code.

Nothing here is typed by hand except the few places where a tool disagrees with CLDR
(DeepL calls Filipino "TL").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from babel.plural import PluralRule, to_gettext

from .errors import ConfigError

#: DeepL target codes that are not simply the upper-cased ISO code.
DEEPL_CODE_EXCEPTIONS = {"fil": "TL", "en": "EN-GB", "pt": "PT-PT", "zh": "ZH-HANS"}


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    code: str
    english_name: str
    native_name: str
    nplurals: int
    plural_expr: str
    direction: str  # "ltr" | "rtl"

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural_expr};"

    @property
    def deepl_code(self) -> str:
        """DeepL's target code: "pt_BR" -> "PT-BR", "es" -> "ES" (exceptions in the table)."""
        return DEEPL_CODE_EXCEPTIONS.get(self.code, self.code.replace("_", "-").upper())

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


def _gettext_plural(locale: Locale) -> tuple[int, str]:
    """The Plural-Forms of ``locale``, from CLDR, as PO editors expect them.

    CLDR 42 gave Spanish, French, Italian and Portuguese a "many" form used only for compact
    numbers ("1 M"), through the exponent operand ``e``. A gettext count is a plain integer, so
    that form never applies to it, and Poedit, Lokalize and Weblate expect two forms for these
    languages: a rule that only tests ``e`` is left out.
    """
    rules = locale.plural_form.rules
    plain = {tag: rule for tag, rule in rules.items() if not _ONLY_EXPONENT.search(rule)}
    if plain == rules:
        plural = get_plural(locale)
        return plural.num_plurals, plural.plural_expr
    rule = PluralRule(plain)
    ones = [n for n in range(1000) if rule(n) == "one"]
    if {rule(n) for n in range(1000)} == {"one", "other"} and ones in ([1], [0, 1]):
        return 2, "(n != 1)" if ones == [1] else "(n > 1)"  # gettext's usual spelling
    match = re.fullmatch(r"nplurals=(\d+); plural=(.*?);?", to_gettext(rule))
    return int(match.group(1)), match.group(2)


_ONLY_EXPONENT = re.compile(r"\be (?:not )?in\b")


#: The scripts gettext writes as a modifier (``sr@latin``) rather than a subtag.
_SCRIPT_MODIFIERS = {"latn": "latin", "cyrl": "cyrillic"}


def gettext_code(code: str) -> str:
    """``code`` as gettext, msginit and PO editors write it (the PO folder and the ``Language``
    header): "pt-BR" -> "pt_BR", "sr-Latn" -> "sr@latin", "es" -> "es"."""
    language, *parts = re.split(r"[-_]", code.strip())
    region, modifier = "", ""
    for part in parts:
        if len(part) == 4 and part.isalpha():
            modifier = "@" + _SCRIPT_MODIFIERS.get(part.lower(), part.lower())
        else:
            region += "_" + part.upper()
    return language.lower() + region + modifier


def language_tag(code: str) -> str:
    """A gettext language code as a BCP 47 tag (HTML ``lang``, XLIFF): "pt_BR" -> "pt-BR",
    "sr@latin" -> "sr-Latn"."""
    base, _, modifier = code.partition("@")
    script = next((s.title() for s, name in _SCRIPT_MODIFIERS.items() if name == modifier.lower()), "")
    language, *rest = base.replace("-", "_").split("_")
    return "-".join([language, *([script] if script else []), *rest])


@functools.cache
def language_info(code: str) -> LanguageInfo:
    """Facts about ``code`` (ISO 639 with optional region, ``pt_BR`` or ``pt-BR``)."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"unknown language code {code!r}",
                          fix="Use an ISO 639 code that CLDR knows, such as 'es', 'fil' or 'pt_BR'") from exc
    nplurals, plural_expr = _gettext_plural(locale)
    native = locale.get_display_name(locale) or code
    return LanguageInfo(
        code=code,
        english_name=locale.get_display_name("en") or code,
        native_name=native[:1].upper() + native[1:],
        nplurals=nplurals,
        plural_expr=plural_expr,
        direction=locale.text_direction,
    )
