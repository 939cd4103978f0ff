"""When two articles report one incident (store layer): the cross-article merge rule of the event store.

Two events from different articles are one incident when their kinds are of one family (the same ACLED
sub-event type, or the same event type), their date bounds overlap, and their places are the same, neighbour
each other (within :data:`NEIGHBOUR_KM`), or one is the governorate-level place of the other's governorate.
Two incidents at one place a day apart have disjoint day bounds and stay two.

>>> a = {"sub_event_type": "Attack", "event_type": "Violence against civilians", "gazetteer_id": "g1",
...      "latitude": 33.3, "longitude": 44.4, "geo_precision": 1, "admin1": "Baghdad",
...      "match_earliest": "2026-03-01", "match_latest": "2026-03-01"}
>>> merge_rule(a, dict(a, gazetteer_id="g2", latitude=33.31))
'same kind, neighbouring places, overlapping dates'
>>> merge_rule(a, dict(a, match_earliest="2026-03-02", match_latest="2026-03-02")) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.geo.distance import haversine_km

#: Places of two reports closer than this are one site (a neighbourhood and its city centre point).
NEIGHBOUR_KM = 10.0


def _kind(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    if a.get("sub_event_type") and a.get("sub_event_type") == b.get("sub_event_type"):
        return "same kind"
    if a.get("event_type") and a.get("event_type") == b.get("event_type"):
        return "same kind family"
    return None


def _place(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    if a.get("gazetteer_id") and a.get("gazetteer_id") == b.get("gazetteer_id"):
        return "same place"
    try:
        km = haversine_km(float(a["latitude"]), float(a["longitude"]), float(b["latitude"]), float(b["longitude"]))
    except (KeyError, TypeError, ValueError):
        return None
    if km <= NEIGHBOUR_KM:
        return "neighbouring places"
    broad = [e for e in (a, b) if e.get("geo_precision") == 3]
    if len(broad) == 1 and a.get("admin1") and a.get("admin1") == b.get("admin1"):
        return "one place inside the other's governorate"
    return None


def _dates(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    ea, la, eb, lb = (a.get("match_earliest"), a.get("match_latest"), b.get("match_earliest"), b.get("match_latest"))
    if not (ea and la and eb and lb):
        return False
    return str(ea) <= str(lb) and str(eb) <= str(la)


def merge_rule(stored: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """The rule by which ``new`` is the same incident as ``stored``, or None when they are two incidents."""
    kind, place = _kind(stored, new), _place(stored, new)
    if kind is None or place is None or not _dates(stored, new):
        return None
    return f"{kind}, {place}, overlapping dates"


def merge_note(rule: str, article_ids: list[str]) -> str:
    """The sentence a merged event carries in its notes: which rule, which articles."""
    return f"merged: {len(article_ids)} reports ({', '.join(article_ids)}); rule: {rule}"
