"""Language facts from Babel's CLDR data: names, plural forms, text direction, DeepL code.

Nothing here is typed by hand except the few places where a tool disagrees with CLDR
(DeepL calls Filipino "TL").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

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


@functools.cache
def language_info(code: str) -> LanguageInfo:
    """Facts about ``code`` (ISO 639 with optional region, ``pt_BR`` or ``pt-BR``)."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"unknown language code {code!r}",
                          fix="Use an ISO 639 code that CLDR knows, such as 'es', 'fil' or 'pt_BR'") from exc
    plural = get_plural(locale)
    native = locale.get_display_name(locale) or code
    return LanguageInfo(
        code=code,
        english_name=locale.get_display_name("en") or code,
        native_name=native[:1].upper() + native[1:],
        nplurals=plural.num_plurals,
        plural_expr=plural.plural_expr,
        direction=locale.text_direction,
    )
