"""Iraq's governorates under one spelling (geo layer): ACLED's, UCDP's and the gazetteer's names folded together.

The gazetteer writes ``Nineveh``, ACLED ``Ninewa``, UCDP GED ``Nīnawá province``; the page's governorate filter
must find all three. :func:`canonical_governorate` maps a spelling onto the gazetteer's ``admin1`` name by the
transliteration key of :mod:`dashboard.geo.translit`, after dropping "province" / "governorate", with a few
explicit aliases for names that are not spellings of each other (Babylon, At-Ta'mim, Hewlêr). A name it does not
know comes back as given (without the "province" suffix), so nothing is lost.

>>> canonical_governorate("Nīnawá province"), canonical_governorate("Thi-Qar"), canonical_governorate("Babylon")
('Nineveh', 'Dhi Qar', 'Babil')
"""

from __future__ import annotations

import functools
import re
import unicodedata

from dashboard.geo.translit import skeleton

#: The gazetteer's governorate names (``admin1``), Arabic beside them.
GOVERNORATES: dict[str, str] = {
    "Anbar": "الأنبار", "Babil": "بابل", "Baghdad": "بغداد", "Basra": "البصرة", "Dhi Qar": "ذي قار",
    "Diyala": "ديالى", "Duhok": "دهوك", "Erbil": "أربيل", "Halabja": "حلبجة", "Karbala": "كربلاء",
    "Kirkuk": "كركوك", "Maysan": "ميسان", "Muthanna": "المثنى", "Najaf": "النجف", "Nineveh": "نينوى",
    "Qadisiyah": "القادسية", "Salah al-Din": "صلاح الدين", "Sulaymaniyah": "السليمانية", "Wasit": "واسط",
}
#: Names that are not spellings of the gazetteer's name (other names of the same governorate).
ALIASES: dict[str, str] = {
    "Babylon": "Babil", "At-Ta'mim": "Kirkuk", "Tamim": "Kirkuk", "Hewler": "Erbil", "Arbil": "Erbil",
    "Ninewa": "Nineveh", "Ninawa": "Nineveh", "Dahuk": "Duhok", "Dohuk": "Duhok", "Thi-Qar": "Dhi Qar",
    "Missan": "Maysan", "Kerbala": "Karbala", "Sala al-Din": "Salah al-Din", "Salahuddin": "Salah al-Din",
    "Qadissiya": "Qadisiyah", "Diwaniya": "Qadisiyah", "Slemani": "Sulaymaniyah", "Kut": "Wasit",
}
_SUFFIX = re.compile(r"\s+(?:province|governorate|muhafazah)\s*$", re.IGNORECASE)


def _plain(name: str) -> str:
    """Latin letters without diacritics or apostrophes: 'Şalāḩ ad Dīn' -> 'Salah ad Din'."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[’‘'`ʿʾ]", "", text)


def _key(name: str) -> str:
    plain = _plain(name).replace("-", " ")
    return skeleton(plain) or re.sub(r"[^a-z]", "", plain.casefold())


@functools.cache
def _index() -> dict[str, str]:
    index = {_key(alias): name for alias, name in ALIASES.items()}
    index.update({_key(name): name for name in GOVERNORATES})
    return index


@functools.lru_cache(maxsize=4096)
def canonical_governorate(name: str) -> str:
    """The gazetteer's name of governorate ``name`` in any common spelling; ``name`` itself when unknown."""
    stripped = _SUFFIX.sub("", name.strip()).strip()
    if not stripped:
        return ""
    return _index().get(_key(stripped), stripped)
