"""The map panel (face layer: the page): the filtered events on one live folium map; a click selects the event.

The map is built once per store extent, language and tile setting (:func:`dashboard.views.mapview.live_map`) and
its script never changes with the filters, so streamlit-folium keeps the same Leaflet map across reruns. The events
are published as JSON where Streamlit serves static files, one file per filter set; a filter change sends the
component only a new :class:`~dashboard.views.mapview.DataLayer` (the file's URL), and the map's event layer
fetches and draws it: centre, zoom, the open popup's map and the playback control stay, nothing flashes.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.app import language, loaders
from dashboard.app.export_panel import bounds_from_state
from dashboard.views.aggregate import AGGREGATE_OVER
from dashboard.views.assets import STATIC_URL, VENDOR_DIR
from dashboard.views.mapview import INLINE_LIMIT, DataLayer, event_bounds, live_map, map_json

#: Only what the page uses: a click selects an event; bounds and zoom are kept for "export this view".
RETURNED = ["last_object_clicked", "bounds", "zoom"]


DATA_DIR = VENDOR_DIR / "data"
KEEP_DATA_FILES = 30


@st.cache_resource(max_entries=4, show_spinner=False)
def _map(bounds: tuple[float, float, float, float], tiles: str, language: str) -> folium.Map:
    return live_map(bounds, tiles=tiles, language=language)


@st.cache_resource(max_entries=8, show_spinner=False)
def _data_url(key: tuple[Any, ...], _events: pd.DataFrame, highlight: tuple[str, ...], language: str,
              view: tuple[Any, ...] = ()) -> tuple[str, str | None]:
    """The URL the map's data are published at, and the data themselves when small enough to inline."""
    name = hashlib.sha256(repr((key, highlight, language, view)).encode()).hexdigest()[:20] + ".json"
    zoom, bounds = view or (None, None)
    text = map_json(_events, highlight, language, zoom=zoom, bounds=bounds)
    publish(DATA_DIR / name, text)
    return f"{STATIC_URL}/data/{name}", (text if len(text) <= INLINE_LIMIT else None)


def _view(events: pd.DataFrame) -> tuple[Any, ...]:
    """The map's zoom and area (rounded) when the server clusters the events for the view, else () (the browser
    gets every event once, whatever the view)."""
    if len(events) <= AGGREGATE_OVER:
        return ()
    state = st.session_state.get("map_view") or {}
    bounds = bounds_from_state(state)
    zoom = state.get("zoom")
    return (int(zoom) if isinstance(zoom, int | float) else None,
            tuple(round(b, 1) for b in bounds) if bounds else None)


def publish(path: Path, text: str) -> None:
    """Write the map's data where Streamlit serves it (atomically), keeping only the newest files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    old = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP_DATA_FILES:]
    for stale in old:
        stale.unlink(missing_ok=True)


def clicked_event(events: pd.DataFrame, clicked: dict[str, float] | None) -> str | None:
    """Id of the event at the clicked position (markers report their own position), or None."""
    if not clicked or events.empty:
        return None
    distance = (events["latitude"] - clicked["lat"]).abs() + (events["longitude"] - clicked["lng"]).abs()
    nearest = distance.idxmin()
    return str(events.at[nearest, "event_id"]) if distance[nearest] < 1e-4 else None


def show(events: pd.DataFrame, cache_key: tuple[Any, ...]) -> None:
    """Draw the map of ``events``; a marker click stores ``selected_event`` in the session."""
    highlight = tuple(st.session_state.get("highlight", ()))
    lang = language.current()
    view = _view(events)
    url, inline = _data_url((*cache_key, highlight), events, highlight, lang, view)
    if not (DATA_DIR / url.rsplit("/", 1)[1]).exists():  # rotated away by another session or server: publish again
        _data_url.clear()
        url, inline = _data_url((*cache_key, highlight), events, highlight, lang, view)
    # The map's first view: the store's extent (the same on every rerun, so the map is never rebuilt by a filter).
    bounds = tuple(round(b, 2) for b in event_bounds(loaders.events()))
    # st_folium renames the map's elements as it renders; a fresh copy keeps its script, and so its key, stable.
    m = copy.deepcopy(_map(bounds, loaders.tiles_setting(), lang))
    out = st_folium(m, key="map", height=560, use_container_width=True, returned_objects=RETURNED,
                    feature_group_to_add=DataLayer(url, inline))
    if not out:
        return
    st.session_state["map_view"] = {"bounds": out.get("bounds"), "zoom": out.get("zoom")}
    clicked = out.get("last_object_clicked")
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked
        event_id = clicked_event(events, clicked)
        if event_id:
            st.session_state["selected_event"] = event_id
