"""Finding a gazetteer place by name for the Review page's place picker (face layer; pure functions, no streamlit).

The analyst types a name in English or Arabic (any spelling the gazetteer's matching folds together:
"أربيل" = "اربيل", "Erbil" = "erbil"); each entry says what it is and where ("Erbil (أربيل) — city, Erbil"),
so the city and the governorate of the same name can be told apart. Only Iraqi places are offered (the
product maps incidents in Iraq), plus the event's current place whatever it is.

>>> import pandas as pd
>>> places = pd.DataFrame([
...     dict(gazetteer_id="1", name="Erbil", name_ar="أربيل", feature="city", admin1="Erbil", country_code="IQ"),
...     dict(gazetteer_id="2", name="Erbil", name_ar="أربيل", feature="governorate", admin1="Erbil",
...          country_code="IQ"),
...     dict(gazetteer_id="3", name="Tehran", name_ar="طهران", feature="city", admin1="", country_code="IR")])
>>> search_places(places, "اربيل")
['1', '2']
>>> place_label(places.iloc[0])
'Erbil (أربيل) — city, Erbil governorate'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.text.normalize import normalize

#: How each gazetteer feature is named to the analyst.
FEATURE_NAMES = {
    "military_base": "military base", "government_building": "government building", "neighbourhood": "neighbourhood",
    "admin1": "governorate", "admin2": "district",
}
#: Entries listed at most (the analyst narrows by typing).
MAX_OPTIONS = 50
# A city before the governorate of the same name, both before a neighbourhood of it.
_FEATURE_ORDER = {"city": 0, "town": 1, "airport": 2, "military_base": 2, "governorate": 3, "district": 3}


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def place_label(row: Mapping[str, object]) -> str:
    """ "Erbil (أربيل) — city, Erbil governorate": name, Arabic name, kind, district (when the gazetteer has
    one) and governorate, or the country outside Iraq."""
    name, name_ar = _text(row.get("name")), _text(row.get("name_ar"))
    feature = _text(row.get("feature"))
    kind = FEATURE_NAMES.get(feature, feature.replace("_", " ")) or "place"
    parts = [kind]
    admin2, admin1 = _text(row.get("admin2")), _text(row.get("admin1"))
    if admin2 and kind != "district":
        parts.append(f"{admin2} district")
    if admin1 and kind != "governorate":
        parts.append(f"{admin1} governorate")
    country = _text(row.get("country_code"))
    if country and country != "IQ":
        parts.append(country)
    head = f"{name} ({name_ar})" if name_ar and name_ar != name else name
    return f"{head} — {', '.join(parts)}"


def _keys(row: Mapping[str, object]) -> list[str]:
    names = [_text(row.get("name")), _text(row.get("name_ar"))]
    alt = row.get("alt_names")
    if isinstance(alt, str):
        names += alt.split("|")
    elif isinstance(alt, tuple | list):
        names += [str(a) for a in alt]
    return [k for k in dict.fromkeys(normalize(n) for n in names if n) if k]


@dataclass(frozen=True, slots=True)
class PlaceIndex:
    """The places' search keys, normalised once (a page keeps one per gazetteer, not one per rerun)."""

    ids: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    order: tuple[int, ...]  # the feature's rank (:data:`_FEATURE_ORDER`)
    iraqi: tuple[bool, ...]


def build_index(places: pd.DataFrame) -> PlaceIndex:
    """The search index of ``places`` (a gazetteer frame)."""
    rows = places.to_dict("records") if not places.empty else []
    return PlaceIndex(
        ids=tuple(str(r["gazetteer_id"]) for r in rows), keys=tuple(tuple(_keys(r)) for r in rows),
        order=tuple(_FEATURE_ORDER.get(_text(r.get("feature")), 4) for r in rows),
        iraqi=tuple(_text(r.get("country_code")) in ("IQ", "") for r in rows))


def search_index(index: PlaceIndex, query: str, current: str | None = None, limit: int = MAX_OPTIONS) -> list[str]:
    """:func:`search_places` on a prebuilt index."""
    wanted = normalize(query or "")
    ranked: list[tuple[int, int, int, str]] = []
    for order, (gid, keys, rank, iraqi) in enumerate(zip(index.ids, index.keys, index.order, index.iraqi,
                                                         strict=True)):
        if not iraqi and gid != current:
            continue
        if not wanted or wanted in keys:
            score = 0
        elif any(f" {wanted}" in f" {k}" for k in keys):  # a word of the name starts with it
            score = 1
        elif any(wanted in k for k in keys):
            score = 2
        else:
            continue
        ranked.append((score if gid != current else -1, -1 if gid == current else rank, order, gid))
    ranked.sort()
    return [gid for *_, gid in ranked[:limit]]


def search_places(places: pd.DataFrame, query: str, current: str | None = None,
                  limit: int = MAX_OPTIONS) -> list[str]:
    """Ids of the Iraqi places whose name (any script or alternate) matches ``query``: exact names first,
    then names starting with it, then names containing it; ``current`` stays first when it matches or the
    query is empty."""
    return search_index(build_index(places), query, current, limit)
