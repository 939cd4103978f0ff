"""The timeline panel (face layer: the page): events per day/week by type; dragging over a period narrows the map."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.app.language import current, tr
from dashboard.views.i18n import iso_day
from dashboard.views.timeline import selected_period, timeline_chart


def show(events: pd.DataFrame) -> tuple[date, date] | None:
    """Draw the chart; returns the selected period, if any."""
    if events.empty:
        st.info(tr("timeline.empty"))
        return None
    chart = timeline_chart(events, height=200, language=current())
    state = st.altair_chart(chart, on_select="rerun", key="timeline", width="stretch")
    selection = getattr(state, "selection", None) or (state.get("selection") if isinstance(state, dict) else None)
    period = selected_period(selection)
    if period:
        language = current()
        st.caption(tr("timeline.narrowed", start=iso_day(language, period[0]), end=iso_day(language, period[1])))
    return period


def period_from_state() -> tuple[date, date] | None:
    """The period selected on the chart in the analyst's last interaction (the chart's widget state), so the page can
    draw the map before the chart."""
    state = st.session_state.get("timeline")
    selection = getattr(state, "selection", None) or (state.get("selection") if isinstance(state, dict) else None)
    return selected_period(selection)
