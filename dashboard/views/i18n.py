"""The interface's two languages (map-view layer): message catalogues, event-type names, numbers, dates, direction.

Every label, button, legend, message and event-type name the page and the briefing exports show is a key of
``views/messages/en.json`` and ``views/messages/ar.json`` (one catalogue per language, package data; a test fails
when a key is missing in either). :func:`t` looks a key up and fills its ``{placeholders}``; numbers and dates are
formatted for the language by Babel (CLDR: Arabic-Indic digits and Iraq's month names, شباط, in Arabic); Arabic is
laid out right to left. Place names show in the interface language where the gazetteer has them, the other beside.

>>> t("ar", "legend.events", n=number("ar", 1234))
'١٬٢٣٤ من الأحداث'
>>> type_name("ar", "Battles"), direction("ar"), day("en", __import__("datetime").date(2021, 2, 23))
('معارك', 'rtl', '23 Feb 2021')
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from dashboard.geo.governorates import GOVERNORATES
from dashboard.resources import read_text

#: Interface languages, the default first.
LANGUAGES = ("en", "ar")
NAMES = {"en": "English", "ar": "العربية"}
LOCALES = {"en": "en_GB", "ar": "ar_IQ"}
RTL = frozenset({"ar"})
_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The messages of ``language`` (key -> text with ``{placeholders}``)."""
    if language not in LANGUAGES:
        raise ValueError(f"interface language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return json.loads(read_text("views", "messages", f"{language}.json"))


def language_or_default(value: object) -> str:
    """``value`` if it names an interface language, else the default (for URL parameters and flags)."""
    return value if isinstance(value, str) and value in LANGUAGES else LANGUAGES[0]


def t(language: str, key: str, **values: Any) -> str:
    """The message ``key`` in ``language`` with ``values`` filled in (English if the key were ever missing)."""
    text = catalogue(language).get(key)
    if text is None:
        text = catalogue(LANGUAGES[0])[key]
    return text.format(**values) if values else text


def type_name(language: str, event_type: str) -> str:
    """An ACLED event type (or sub-event type) in ``language``; a type outside the catalogue as it is."""
    messages = catalogue(language)
    return messages.get(f"type.{event_type}") or messages.get(f"sub.{event_type}") or event_type


def status_name(language: str, status: str) -> str:
    """A review status in ``language``."""
    return catalogue(language).get(f"status.{status}", status)


def direction(language: str) -> str:
    """ "rtl" or "ltr"."""
    return "rtl" if language in RTL else "ltr"


def digits(language: str, text: str) -> str:
    """``text`` with Arabic-Indic digits in Arabic."""
    return text.translate(_DIGITS) if language == "ar" else text


def number(language: str, value: float, decimals: int = 0) -> str:
    """A number for ``language``: 1,234 / ١٬٢٣٤ (``decimals`` fixed places)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    system = "arab" if language == "ar" else "latn"
    return digits(language, format_decimal(value, format=pattern, locale=LOCALES[language], numbering_system=system))


def day(language: str, value: date, fmt: str = "d MMM y") -> str:
    """A date for ``language``: 23 Feb 2021 / ٢٣ شباط ٢٠٢١."""
    return digits(language, format_date(value, format=fmt, locale=LOCALES[language]))


def iso_day(language: str, value: date) -> str:
    """A short date: ISO in English (2021-02-23); day, month name and year in Arabic (٢٣ شباط ٢٠٢١), since
    Arabic-Indic digits joined by hyphens read in the wrong order inside right-to-left text."""
    return value.isoformat() if language == "en" else day(language, value)


def short_day(language: str, value: date) -> str:
    """A compact date for tables: 2021-02-23; ٢٣/٢/٢٠٢١ in Arabic (slashes keep the digits in order)."""
    return value.isoformat() if language == "en" else digits(language, f"{value.day}/{value.month}/{value.year}")


def place(language: str, name_en: str, name_ar: str) -> str:
    """A place name in the interface language, the other language beside it: "أربيل (Erbil)" / "Erbil (أربيل)"."""
    first, second = (name_ar, name_en) if language == "ar" else (name_en, name_ar)
    first, second = first.strip(), second.strip()
    if not first:
        return second
    return f"{first} ({second})" if second and second != first else first


def governorate_name(language: str, name: str) -> str:
    """A governorate (the gazetteer's English ``admin1``) in ``language``, the other beside it in Arabic."""
    return place(language, name, GOVERNORATES.get(name, "")) if language == "ar" else name


#: Vega's number and time locale for Arabic (d3-format / d3-time-format definitions; Iraq's month names).
_VEGA_AR = {
    "number": {"decimal": "٫", "thousands": "٬", "grouping": [3], "currency": ["", " د.ع"],
               "numerals": list("٠١٢٣٤٥٦٧٨٩")},
    "time": {
        "dateTime": "%A، %e %B %Y، %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["ص", "م"],
        "days": ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
        "shortDays": ["أحد", "اثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة", "سبت"],
        "months": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                   "تشرين الأول", "تشرين الثاني", "كانون الأول"],
        "shortMonths": ["كانون٢", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين١",
                        "تشرين٢", "كانون١"],
    },
}


def vega_locale(language: str) -> dict[str, Any] | None:
    """The Vega/Vega-Lite ``config.locale`` of ``language`` (None for English, Vega's default)."""
    return _VEGA_AR if language == "ar" else None
