"""The Review page's small map (map-view layer): one event's point and the runner-up places the ranker weighed.

A plain folium map (the main map's event layer is not used): the event as a ring in its type's colour, each
other candidate as a grey dashed circle with its rank, name, district and distance in the tooltip (escaped: the
names come from the gazetteer and the article). Markers do not pass their clicks on to the map, so the page can
tell a click on a candidate (pick it) from a click on the map (put the event there). Offline basemap as on the
main map (:func:`dashboard.views.mapview.add_basemaps`).

>>> m = review_map({"latitude": 33.3, "longitude": 44.4, "location": "<b>x</b>", "event_type": "Battles"}, [])
>>> "&lt;b&gt;x&lt;/b&gt;" in m.get_root().render()
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import folium

from dashboard.geo.distance import haversine_km
from dashboard.views import i18n
from dashboard.views.assets import STATIC_URL, localize_map
from dashboard.views.mapview import OFFLINE_MAX_ZOOM, add_basemaps, is_offline
from dashboard.views.style import type_colour

CANDIDATE_COLOUR = "#444444"
#: Zoom of a map that shows one point only.
SINGLE_ZOOM = 9


def candidate_rows(event: Mapping[str, Any], candidates: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The candidates other than the event's current place, each with ``rank`` (1 = the ranker's best),
    ``km`` from the event's point and ``district``."""
    rows = []
    for rank, c in enumerate(candidates, start=1):
        if c.get("gazetteer_id") and c.get("gazetteer_id") == event.get("gazetteer_id"):
            continue
        try:
            lat, lon = float(c["latitude"]), float(c["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        km = haversine_km(float(event["latitude"]), float(event["longitude"]), lat, lon)
        rows.append(dict(c, rank=rank, km=km, district=c.get("admin2") or "", latitude=lat, longitude=lon))
    return rows


def candidate_label(row: Mapping[str, Any], language: str = "en") -> str:
    """'2. Name (District, Governorate) · 12 km' (not escaped: for widgets, which show text as text)."""
    where = ", ".join(v for v in (row.get("district"), row.get("admin1")) if v)
    name = row.get("name_ar") if language == "ar" and row.get("name_ar") else row.get("name") or ""
    return (f"{i18n.number(language, row['rank'])}. {name}" + (f" ({where})" if where else "")
            + f" · {i18n.number(language, row['km'], 1 if row['km'] < 10 else 0)} km")


def review_map(event: Mapping[str, Any], candidates: Sequence[Mapping[str, Any]], *, tiles: str | None = None,
               asset_base: str = STATIC_URL, language: str = "en") -> folium.Map:
    """The map of one event (its current point) and the other candidates of ``candidate_rows``."""
    lat, lon = float(event["latitude"]), float(event["longitude"])
    m = folium.Map(location=[lat, lon], zoom_start=SINGLE_ZOOM, tiles=None, min_zoom=2, control_scale=True,
                   max_zoom=OFFLINE_MAX_ZOOM if is_offline(tiles) else 18)
    add_basemaps(m, tiles, asset_base, language=language)
    points = [(lat, lon)]
    for row in candidates:
        folium.CircleMarker(
            [row["latitude"], row["longitude"]], radius=8, color=CANDIDATE_COLOUR, weight=2, dash_array="4 3",
            fill=True, fill_color="#ffffff", fill_opacity=0.7, bubbling_mouse_events=False,
            tooltip=folium.Tooltip(html.escape(candidate_label(row, language))),
        ).add_to(m)
        points.append((row["latitude"], row["longitude"]))
    colour = type_colour(str(event.get("event_type") or ""))
    folium.CircleMarker([lat, lon], radius=11, color=colour, weight=4, fill=True, fill_color=colour,
                        fill_opacity=0.5, bubbling_mouse_events=False,
                        tooltip=folium.Tooltip(html.escape(str(event.get("location") or "")))).add_to(m)
    if len(points) > 1:
        south, north = min(p[0] for p in points), max(p[0] for p in points)
        west, east = min(p[1] for p in points), max(p[1] for p in points)
        pad = max(0.05, 0.15 * max(north - south, east - west))
        m.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]])
    return localize_map(m, asset_base)
