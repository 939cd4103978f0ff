"""Correct an event's place in one move (face layer: the page): pick a runner-up, or click the map.

The small map (:func:`dashboard.views.reviewmap.review_map`, through ``st_folium``) shows the event and the other
places the ranker considered; a button per candidate (its rank, district and distance from the current point)
or a click on its circle picks it; a click anywhere else on the map puts the event at that point
(geo_precision 1, the location and the notes say it was set by hand). Each correction is an edit (logged, version
checked) and, when "corrections teach" is on, a place rule for the next ingest (:mod:`dashboard.app.teach`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.app import analyst, loaders, teach
from dashboard.app.language import current, tr
from dashboard.events import placefix, store
from dashboard.geo.distance import haversine_km
from dashboard.views.reviewmap import candidate_label, candidate_rows, review_map

#: How close (km) a named place must be to a clicked point to name it.
NAME_WITHIN_KM = 25.0
_CLICKS = "review_map_clicks"


def nearest_place(places: pd.DataFrame, lat: float, lon: float) -> dict[str, Any] | None:
    """The gazetteer place nearest (lat, lon), within :data:`NAME_WITHIN_KM`, or None."""
    if places.empty:
        return None
    box = places[(places["latitude"] - lat).abs().lt(0.3) & (places["longitude"] - lon).abs().lt(0.3)]
    if box.empty:
        return None
    km = [haversine_km(lat, lon, a, b) for a, b in zip(box["latitude"], box["longitude"], strict=True)]
    best = min(range(len(km)), key=km.__getitem__)
    return box.iloc[best].to_dict() if km[best] <= NAME_WITHIN_KM else None


def _save(event: dict[str, Any], changes: dict[str, Any], reason: str, provenance: dict[str, Any],
          after: Any) -> None:
    conn = loaders.connection()
    changed = loaders.run_action(lambda: store.edit_event(conn, event["event_id"], changes, reason,
                                                          **analyst.edit_kwargs(event["event_id"])))
    if changed is None:
        return
    analyst.saved(event["event_id"])
    rule = teach.remember_place(event, provenance, changes, reason)
    st.session_state["review_flash"] = tr("review.place_saved", place=changes.get("location", "")) + (
        " " + tr("review.rule_saved", n=rule) if rule else "")
    after()
    st.rerun()


def pick(event: dict[str, Any], row: dict[str, Any], provenance: dict[str, Any], after: Any) -> None:
    """Make candidate ``row`` the event's place."""
    reason = tr("review.pick_reason", rank=row["rank"], was=event["location"] or "")
    _save(event, placefix.place_changes(row), reason, provenance, after)


def set_point(event: dict[str, Any], lat: float, lon: float, provenance: dict[str, Any], after: Any) -> None:
    """Put the event at a point clicked on the map."""
    near = nearest_place(loaders.places(), lat, lon)
    changes = placefix.point_changes(lat, lon, near=(near or {}).get("name", ""), near_ar=(near or {}).get("name_ar")
                                     or "")
    who = analyst.name() or ""
    changes["notes"] = placefix.hand_note(event["notes"] or "", lat, lon, who)
    _save(event, changes, tr("review.point_reason", lat=f"{lat:.5f}", lon=f"{lon:.5f}"), provenance, after)


def _clicked(out: dict[str, Any] | None, key: str) -> tuple[str, dict[str, float]] | None:
    """A click not handled yet: ("object", point) on a circle, ("map", point) elsewhere."""
    if not out:
        return None
    seen = st.session_state.setdefault(_CLICKS, {})
    for kind, name in (("object", "last_object_clicked"), ("map", "last_clicked")):
        point = out.get(name)
        if point and seen.get((key, name)) != point:
            seen[(key, name)] = point
            return kind, point
    return None


def show(event: dict[str, Any], provenance: dict[str, Any], after: Any) -> None:
    """The map and the candidate buttons of ``event``; ``after()`` runs after a saved correction (moves on)."""
    rows = candidate_rows(event, provenance.get("candidates") or [])
    language = current()
    m = review_map(event, rows, tiles=loaders.tiles_setting(), language=language)
    key = f"review-map-{event['event_id']}-{event['row_version']}"
    out = st_folium(m, key=key, height=330, use_container_width=True,
                    returned_objects=["last_clicked", "last_object_clicked"])
    st.caption(tr("review.map_help"))
    click = _clicked(out, key)
    if click:
        kind, point = click
        lat, lon = float(point["lat"]), float(point["lng"])
        if kind == "object":
            hit = [r for r in rows if abs(r["latitude"] - lat) + abs(r["longitude"] - lon) < 1e-5]
            if hit:
                pick(event, hit[0], provenance, after)
        else:
            set_point(event, lat, lon, provenance, after)
    if not rows:
        st.caption(tr("review.no_candidates"))
        return
    st.markdown(f"**{tr('review.candidates')}**")
    for row in rows:
        if st.button(candidate_label(row, language), key=f"cand-{event['event_id']}-{row['rank']}",
                     use_container_width=True, help=tr("review.pick_help")):
            pick(event, row, provenance, after)
