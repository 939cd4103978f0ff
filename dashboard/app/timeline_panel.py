"""The timeline panel (face layer: the page): events per day/week by type; dragging over a period narrows the map."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.views.timeline import selected_period, timeline_chart


def show(events: pd.DataFrame) -> tuple[date, date] | None:
    """Draw the chart; returns the selected period, if any."""
    if events.empty:
        st.info("No events match the filters: widen the dates or clear a filter.")
        return None
    state = st.altair_chart(timeline_chart(events, height=200), on_select="rerun", key="timeline", width="stretch")
    selection = getattr(state, "selection", None) or (state.get("selection") if isinstance(state, dict) else None)
    period = selected_period(selection)
    if period:
        st.caption(f"Map and table narrowed to {period[0]} – {period[1]} (drag elsewhere or double-click to clear).")
    return period
