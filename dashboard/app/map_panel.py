"""The map panel: the filtered events on the folium map; a click selects the event."""

from __future__ import annotations

import copy
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.app import loaders
from dashboard.views.mapview import build_map

#: Only what the page uses: a click selects an event; bounds and zoom are kept for "export this view".
RETURNED = ["last_object_clicked", "bounds", "zoom"]


@st.cache_resource(max_entries=2, show_spinner="Drawing the map…")
def _map(key: tuple[Any, ...], _events: pd.DataFrame, highlight: tuple[str, ...], tiles: str) -> folium.Map:
    return build_map(_events, tiles=tiles, highlight=highlight)


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
    m = copy.deepcopy(_map((*cache_key, highlight), events, highlight, loaders.tiles_setting()))
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
