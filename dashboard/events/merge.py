"""When two articles report one incident (store layer): the cross-article merge rule of the event store.

Two events from different articles are one incident when their kinds are of one family (the same ACLED
sub-event type, or the same event type), their date bounds overlap, and their places are the same, neighbour
each other (within :data:`NEIGHBOUR_KM`), or one is the governorate-level place of the other's governorate.
Two incidents at one place a day apart have disjoint day bounds and stay two. :func:`find_duplicate` finds
the stored event a new one merges into.

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

from dashboard.events.backends import StoreConnection
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


_CANDIDATE_COLUMNS = ("event_id", "sub_event_type", "event_type", "gazetteer_id", "latitude", "longitude",
                      "geo_precision", "admin1", "match_earliest", "match_latest", "match_gazetteer_id",
                      "match_sub_event_type", "status", "notes")
#: Stored events whose date bounds overlap a new one's, from other articles (column names are constants).
_CANDIDATE_SQL = (
    "SELECT " + ", ".join(_CANDIDATE_COLUMNS) + " FROM events WHERE match_earliest <= ? AND match_latest >= ? "
    "AND (match_gazetteer_id = ? OR admin1 = ? OR (latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?)) "
    "AND event_id NOT IN (SELECT event_id FROM event_sources WHERE article_id = ?) "
    "ORDER BY created_at, rowid"  # ties in insertion order: every backend and every run picks the same event
)
#: Half the side of the box, in degrees, that holds every place within NEIGHBOUR_KM of a point in Iraq.
_BOX_DEG = 0.15


def find_duplicate(conn: StoreConnection, row: Mapping[str, Any]) -> tuple[str, str] | None:
    """(id, rule) of a stored event, from another article, that is the same incident as ``row``; or None.

    The rule is :func:`dashboard.events.merge.merge_rule` on the keys fixed when each event was created
    (an analyst's edit of the place or type does not break deduplication): the same kind family, places
    that are one, neighbour or contain each other, overlapping date bounds. The closest candidate wins,
    one with the same gazetteer place and sub-event type first; of equally close ones, the first stored.
    """
    if not (row.get("match_sub_event_type") and row.get("match_earliest")):
        return None
    lat, lon = float(row["latitude"]), float(row["longitude"])
    found = conn.execute(_CANDIDATE_SQL, (
        row["match_latest"], row["match_earliest"], row.get("match_gazetteer_id") or "", row.get("admin1") or "\0",
        lat - _BOX_DEG, lat + _BOX_DEG, lon - _BOX_DEG, lon + _BOX_DEG, row.get("article_id") or "",
    )).fetchall()
    best: tuple[tuple[int, float], str, str] | None = None
    new = {**row, "gazetteer_id": row.get("match_gazetteer_id"), "sub_event_type": row.get("match_sub_event_type")}
    for values in found:
        stored = dict(zip(_CANDIDATE_COLUMNS, values, strict=True))
        stored.update(gazetteer_id=stored["match_gazetteer_id"], sub_event_type=stored["match_sub_event_type"])
        rule = merge_rule(stored, new)
        if rule is None:
            continue
        exact = stored["gazetteer_id"] == new["gazetteer_id"] and stored["sub_event_type"] == new["sub_event_type"]
        km = haversine_km(float(stored["latitude"]), float(stored["longitude"]),
                          float(new["latitude"]), float(new["longitude"]))
        key = (0 if exact else 1, km)
        if best is None or key < best[0]:
            best = (key, stored["event_id"], rule)
    return (best[1], best[2]) if best else None
