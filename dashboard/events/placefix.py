"""The fields a place correction writes (store layer): a gazetteer place picked, or a point set on the map.

Both give the changes for :func:`dashboard.events.store.edit_event` (and the ``changes`` of a place rule,
:mod:`dashboard.events.rules`). The governorate and district of a point come from the shipped shapes, as for
extracted events (:func:`dashboard.geo.admin.locate`); an area (governorate, district) keeps its own.

>>> point_changes(33.3152, 44.3661, near="Baghdad")["geo_precision"]
1
>>> place_changes({"gazetteer_id": "g", "name": "Anbar", "latitude": 33.0, "longitude": 42.0,
...                "feature": "governorate", "admin1": "Anbar"})["geo_precision"]
3
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.geo.admin import locate

#: The geo_precision of a place an analyst picks, by its kind (ACLED: 1 the place itself, 2 a district or
#: the area around a place, 3 a governorate or larger).
PICKED_PRECISION = {"governorate": 3, "country": 3, "region": 3, "admin1": 3, "district": 2, "admin2": 2}
AREAS = frozenset({"governorate", "country", "region", "admin1", "district", "admin2"})
#: What the location of a point set on the map says, after the nearest named place.
SET_BY_HAND = "point set by hand"


def place_changes(place: Mapping[str, Any]) -> dict[str, Any]:
    """The event fields of gazetteer place ``place`` (a gazetteer row or a ranker's candidate)."""
    feature = str(place.get("feature") or "")
    lat, lon = float(place["latitude"]), float(place["longitude"])
    if feature in AREAS:
        admin1 = str(place.get("admin1") or "")
        admin2 = "" if PICKED_PRECISION.get(feature) == 3 else str(place.get("admin2") or "")
    else:
        admin1, admin2 = locate(lat, lon)
        admin1 = admin1 or str(place.get("admin1") or "")
    return {"gazetteer_id": str(place["gazetteer_id"]), "location": str(place.get("name") or ""),
            "location_ar": str(place.get("name_ar") or ""), "latitude": lat, "longitude": lon,
            "admin1": admin1, "admin2": admin2, "geo_precision": PICKED_PRECISION.get(feature, 1)}


def point_changes(latitude: float, longitude: float, *, near: str = "", near_ar: str = "") -> dict[str, Any]:
    """The event fields of a point an analyst set on the map: that point (geo_precision 1: the analyst put the
    event there), no gazetteer place, the location named after the nearest place and marked as set by hand."""
    admin1, admin2 = locate(latitude, longitude)
    where = f"{near} ({SET_BY_HAND})" if near else f"{latitude:.5f}, {longitude:.5f} ({SET_BY_HAND})"
    return {"gazetteer_id": "", "location": where, "location_ar": near_ar, "latitude": round(float(latitude), 6),
            "longitude": round(float(longitude), 6), "admin1": admin1, "admin2": admin2, "geo_precision": 1}


def hand_note(notes: str, latitude: float, longitude: float, analyst: str = "") -> str:
    """The event's notes with the sentence that says its point was set by hand (replacing an older one)."""
    base = " | ".join(p for p in (notes or "").split(" | ") if not p.startswith(SET_BY_HAND))
    who = f" by {analyst.strip()}" if analyst.strip() else ""
    return " | ".join(p for p in (base, f"{SET_BY_HAND} on the map{who} at {latitude:.5f}, {longitude:.5f}") if p)
