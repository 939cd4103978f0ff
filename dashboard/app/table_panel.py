"""The table of filtered events (face layer: the page); the event selected on the map is its first row."""

from __future__ import annotations

import pandas as pd
import streamlit as st

COLUMNS = ["event_date", "event_type", "sub_event_type", "location", "location_ar", "admin1", "fatalities",
           "injured", "confidence", "status", "source_count", "also_in", "source", "evidence", "notes", "event_id"]
MAX_ROWS = 1_000


def ordered(events: pd.DataFrame, selected: str | None) -> pd.DataFrame:
    """Newest first, the selected event on top, at most :data:`MAX_ROWS` rows."""
    table = events.sort_values("event_date", ascending=False, kind="stable")
    if selected and selected in set(table["event_id"].head(MAX_ROWS * 20)):
        table = pd.concat([table[table["event_id"] == selected], table[table["event_id"] != selected]])
    return table.head(MAX_ROWS)[[c for c in COLUMNS if c in table]].reset_index(drop=True)


def show(events: pd.DataFrame) -> None:
    """Draw the table; selecting a row makes it the session's ``selected_event``."""
    selected = st.session_state.get("selected_event")
    table = ordered(events, selected)
    has_selected = bool(selected) and not table.empty and table.at[0, "event_id"] == selected
    state = st.dataframe(
        table, key=f"table-{selected if has_selected else ''}", hide_index=True, on_select="rerun",
        selection_mode="single-row", selection_default={"selection": {"rows": [0]}} if has_selected else None,
        column_config={
            "event_date": st.column_config.DateColumn("date"),
            "confidence": st.column_config.ProgressColumn("confidence", min_value=0.0, max_value=1.0, format="%.2f"),
            "source_count": st.column_config.NumberColumn("sources"),
            "location_ar": st.column_config.TextColumn("place (ar)"),
        },
    )
    if len(events) > MAX_ROWS:
        st.caption(f"Showing the newest {MAX_ROWS:,} of {len(events):,} events; narrow the filters to see others.")
    rows = state.selection.rows if state and hasattr(state, "selection") else []
    if rows and table.at[rows[0], "event_id"] != selected:
        st.session_state["selected_event"] = str(table.at[rows[0], "event_id"])
        st.rerun()
