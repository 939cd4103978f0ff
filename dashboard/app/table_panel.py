"""The table of filtered events (face layer: the page); the event selected on the map is its first row."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app.language import current, num, tr
from dashboard.views import i18n
from dashboard.views.i18n import governorate_name, status_name, type_name

COLUMNS = ["event_date", "event_type", "sub_event_type", "location", "location_ar", "admin1", "fatalities",
           "injured", "confidence", "status", "source_count", "also_in", "source", "evidence", "notes", "event_id"]
MAX_ROWS = 1_000


def ordered(events: pd.DataFrame, selected: str | None) -> pd.DataFrame:
    """Newest first, the selected event on top, at most :data:`MAX_ROWS` rows; a casualty count the text does not
    state is an empty cell (not "None"; 0 stays 0)."""
    table = events.sort_values("event_date", ascending=False, kind="stable")
    if selected and selected in set(table["event_id"].head(MAX_ROWS * 20)):
        table = pd.concat([table[table["event_id"] == selected], table[table["event_id"] != selected]])
    table = table.head(MAX_ROWS)[[c for c in COLUMNS if c in table]].reset_index(drop=True)
    for column in ("fatalities", "injured"):
        table[column] = [f"{int(v):,}" if pd.notna(v) else "" for v in table[column]]
    return table


def localised(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Type, status and governorate names in ``language``; in Arabic the place column shows the Arabic name
    (the English one in the next column)."""
    if language == "en":
        return table
    table = table.copy()
    for col in ("event_type", "sub_event_type"):
        table[col] = table[col].astype(str).map(lambda v: type_name(language, v))
    table["status"] = table["status"].astype(str).map(lambda v: status_name(language, v))
    table["admin1"] = table["admin1"].astype(str).map(lambda v: governorate_name(language, v))
    for col in ("fatalities", "injured"):  # text already, "" when the report does not say
        table[col] = [i18n.digits(language, str(v).replace(",", "٬")) for v in table[col]]
    table["source_count"] = [i18n.number(language, v) for v in table["source_count"]]
    table["event_date"] = [i18n.iso_day(language, v.date()) if pd.notna(v) else "" for v in table["event_date"]]
    arabic = table["location_ar"].where(table["location_ar"] != "", table["location"])
    table["location_ar"] = table["location"].where(table["location_ar"] != "", "")
    table["location"] = arabic
    return table


def show(events: pd.DataFrame) -> None:
    """Draw the table; selecting a row makes it the session's ``selected_event``."""
    selected = st.session_state.get("selected_event")
    table = localised(ordered(events, selected), current())
    has_selected = bool(selected) and not table.empty and table.at[0, "event_id"] == selected
    state = st.dataframe(
        table, key=f"table-{selected if has_selected else ''}", hide_index=True, on_select="rerun",
        selection_mode="single-row", selection_default={"selection": {"rows": [0]}} if has_selected else None,
        column_config={
            **{c: st.column_config.Column(tr(f"col.{c}")) for c in table.columns},
            **({"event_date": st.column_config.DateColumn(tr("col.event_date"))} if current() == "en" else {}),
            "confidence": st.column_config.ProgressColumn(tr("col.confidence"), min_value=0.0, max_value=1.0,
                                                          format="%.2f"),
            **({"source_count": st.column_config.NumberColumn(tr("col.source_count"))} if current() == "en" else {}),
            "fatalities": st.column_config.TextColumn(tr("col.fatalities"), help=tr("table.not_stated_help")),
            "injured": st.column_config.TextColumn(tr("col.injured"), help=tr("table.not_stated_help")),
        },
    )
    if len(events) > MAX_ROWS:
        st.caption(tr("table.more", n=num(MAX_ROWS), total=num(len(events))))
    rows = state.selection.rows if state and hasattr(state, "selection") else []
    if rows and table.at[rows[0], "event_id"] != selected:
        st.session_state["selected_event"] = str(table.at[rows[0], "event_id"])
        st.rerun()
