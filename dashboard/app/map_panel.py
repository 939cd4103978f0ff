"""The map panel (face layer: the page): the filtered events on the folium map; a click selects the event."""

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
from dashboard.views.assets import STATIC_URL, VENDOR_DIR
from dashboard.views.mapview import build_map

#: Only what the page uses: a click selects an event; bounds and zoom are kept for "export this view".
RETURNED = ["last_object_clicked", "bounds", "zoom"]


DATA_DIR = VENDOR_DIR / "data"
KEEP_DATA_FILES = 30


@st.cache_resource(max_entries=2, show_spinner="Drawing the map…")
def _map(key: tuple[Any, ...], _events: pd.DataFrame, highlight: tuple[str, ...], tiles: str,
         language: str = "en") -> folium.Map:
    name = hashlib.sha256(repr((key, highlight, language)).encode()).hexdigest()[:20] + ".json"
    m = build_map(_events, tiles=tiles, highlight=highlight, data_url=f"{STATIC_URL}/data/{name}", language=language)
    m.event_data_path = DATA_DIR / name
    publish(m.event_data_path, m.event_data_json)
    return m


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
    # st_folium renames the map's elements as it renders; a fresh copy keeps its component key stable.
    cached = _map((*cache_key, highlight), events, highlight, loaders.tiles_setting(), language.current())
    if not cached.event_data_path.exists():  # rotated away by another session or server: publish again
        publish(cached.event_data_path, cached.event_data_json)
    m = copy.deepcopy(cached)
    out = st_folium(m, key="map", height=560, use_container_width=True, returned_objects=RETURNED)
    if not out:
        return
    st.session_state["map_view"] = {"bounds": out.get("bounds"), "zoom": out.get("zoom")}
    clicked = out.get("last_object_clicked")
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked
        event_id = clicked_event(events, clicked)
        if event_id:
            st.session_state["selected_event"] = event_id
