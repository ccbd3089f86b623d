"""Numbers, shares and money in the reader's language, through Babel's locale data.

Every page, the command line's tables and the debrief format numbers here, so Turkish reads
``%2,7``, ``3.195`` and ``1.393 beğeni`` and English ``2.7%``, ``3,195`` and ``1,393 likes``
from the same call. The formats come from the Unicode CLDR (Babel), not from hand-written
rules.

    >>> percent(0.027, "tr")
    '%2,7'
    >>> number(3195, "tr")
    '3.195'
    >>> fill("{likes:,} beğeni", "tr", likes=1393)
    '1.393 beğeni'

``fill`` is how every text table's template is filled: a number with a Python format spec
(``{n:,}``, ``{x:.2f}``, ``{p:+,.0f}``, ``{h:g}``) is written in the language's own digits,
separators and signs.
"""

from __future__ import annotations

import math
import numbers
import re
import string
from functools import cache
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

__all__ = [
    "LOCALES",
    "fill",
    "format_spec",
    "locale_of",
    "metric_value",
    "money",
    "number",
    "percent",
    "seconds",
]

#: The Babel locale of each teaching language.
LOCALES = {"en": "en_US", "tr": "tr_TR"}

_UNITS = {"seconds": {"en": "s", "tr": "sn"}, "hours": {"en": "h", "tr": "sa"}}
_SPEC = re.compile(r"^(?P<sign>\+)?(?P<group>,)?(?:\.(?P<digits>\d+))?(?P<type>[fgd%n])?$")


@cache
def locale_of(language: str) -> Locale:
    """The Babel locale of ``language`` (English for an unknown one)."""
    return Locale.parse(LOCALES.get(language, LOCALES["en"]))


@cache
def _pattern(language: str, digits: int, sign: bool, group: bool, percent: bool) -> str:
    base = locale_of(language).percent_formats[None].pattern if percent else "#,##0"
    if ";" in base:
        base = base.split(";")[0]
    body = "#,##0" if group else "0"
    if digits:
        body += "." + "0" * digits
    core = base.replace("#,##0", body) if "#,##0" in base else base.replace("#0", body)
    return f"+{core};-{core}" if sign else core


def _finite(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _missing(value: Any) -> str:
    x = _finite(value)
    if x is None:
        try:
            if math.isnan(float(value)):
                return "–"
        except (TypeError, ValueError):
            return str(value)
        return "∞" if float(value) > 0 else "−∞"
    return ""


def number(value: float, language: str = "en", digits: int = 0, sign: bool = False,
           group: bool = True) -> str:
    """``value`` with ``digits`` decimals, grouped in thousands, in the language's style."""
    x = _finite(value)
    if x is None:
        return _missing(value)
    x = round(x, digits)
    if x == 0:
        x, sign = 0.0, False  # no "-0", no "+0"
    return format_decimal(x, format=_pattern(language, digits, sign, group, False),
                          locale=locale_of(language))


def percent(share: float, language: str = "en", digits: int = 1, sign: bool = False) -> str:
    """A share (0.027) as a percentage: ``2.7%`` in English, ``%2,7`` in Turkish."""
    x = _finite(share)
    if x is None:
        return _missing(share)
    x = round(x * 100, digits) / 100
    if x == 0:
        x, sign = 0.0, False
    from babel.numbers import format_percent
    return format_percent(x, format=_pattern(language, digits, sign, True, True),
                          locale=locale_of(language))


def money(value: float, currency: str, language: str = "en", digits: int = 0,
          sign: bool = False) -> str:
    """An amount with its currency as the scenario names it: ``3.195 TL``."""
    text = number(value, language, digits, sign)
    return f"{text} {currency}" if currency else text


def seconds(value: float, language: str = "en") -> str:
    """A duration in seconds with one decimal: ``3.5 s``, ``3,5 sn``."""
    unit = _UNITS["seconds"].get(language, _UNITS["seconds"]["en"])
    return f"{number(value, language, 1)} {unit}"


def metric_value(unit: str, value: float, language: str = "en", currency: str = "",
                 sign: bool = False) -> str:
    """A metric's value by its unit (the units of :data:`casekit.kinds.contract.UNITS`)."""
    if unit == "share":
        return percent(value, language, 2, sign)
    if unit == "sentiment":
        return number(value, language, 3, True)
    if unit == "currency":
        return money(value, currency, language, 0, sign)
    if unit == "hours":
        hours = _UNITS["hours"].get(language, _UNITS["hours"]["en"])
        return f"{number(value, language, 1, sign)} {hours}"
    if unit == "count":
        x = _finite(value)
        digits = 0 if x is None or abs(x) >= 10 or float(x).is_integer() else 1
        return number(value, language, digits, sign)
    return number(value, language, 1, sign)  # points and anything else


def format_spec(value: Any, spec: str, language: str = "en") -> str:
    """``format(value, spec)`` in the language's number style, for the specs text tables use
    (``,`` ``.2f`` ``+,.0f`` ``g`` ``d``); anything else is Python's own ``format``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return format(value, spec)
    match = _SPEC.match(spec)
    if match is None:
        return format(value, spec)
    sign, group = bool(match["sign"]), bool(match["group"])
    kind, digits = match["type"], match["digits"]
    if kind == "%":
        return percent(float(value), language, int(digits or 0), sign)
    if kind == "g" or (not spec and not isinstance(value, numbers.Integral)):
        x = _finite(value)
        if x is None:
            return _missing(value)
        places = int(digits) if digits else 6
        shown = float(f"{x:.{places}g}")
        decimals = 0 if shown.is_integer() else min(6, len(repr(shown).split(".")[1]))
        return number(shown, language, decimals, sign, group or abs(shown) >= 10000)
    if not spec:
        return str(value)
    if digits is None:
        digits = "0" if isinstance(value, numbers.Integral) or kind in ("d", "n") else "6"
    return number(float(value), language, int(digits), sign, group)


class _LocaleFormatter(string.Formatter):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        return globals()["format_spec"](value, format_spec, self.language)


#: A Turkish ordinal hour ("12. saatte": in the 12th hour) cannot take a fraction ("0,5.
#: saatte"); such an hour is said as a time since the start instead, by its case ending.
_TR_FRACTIONAL_HOUR = re.compile(
    r"(\d+,\d+)\. saat(ten itibaren|ten sonra|ten önce|ten|te|e kadar|e|)(?![a-zçğıöşü])")
_TR_HOUR_ENDINGS = {"te": "{x} saat sonra", "ten itibaren": "{x} saat sonrasından itibaren",
                    "ten sonra": "{x} saat geçtikten sonra", "ten önce": "{x} saat dolmadan",
                    "ten": "{x} saat sonrasından", "e kadar": "{x} saat dolana kadar",
                    "e": "{x} saat sonrasına", "": "{x} saat sonrası"}


def fill(template: str, language: str = "en", **values: Any) -> str:
    """``template.format(**values)`` with every number in the language's style."""
    if not values:
        return template
    text = _LocaleFormatter(language).format(template, **values)
    if language == "tr" and ". saat" in text:
        text = _TR_FRACTIONAL_HOUR.sub(
            lambda m: _TR_HOUR_ENDINGS[m.group(2)].format(x=m.group(1)), text)
    return text
