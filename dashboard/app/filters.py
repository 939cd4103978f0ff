"""The filter sidebar (face layer: the page). Its state lives in the URL query string, so a view can be shared.

Query keys: ``from``, ``to`` (ISO dates), ``type``, ``gov``, ``status`` (comma-separated), ``q`` (text),
``conf`` (minimum confidence). Defaults are left out of the URL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.app.language import current, tr
from dashboard.events.table import Filters
from dashboard.models import STATUSES
from dashboard.views.i18n import governorate_name, status_name, type_name

DEFAULT_STATUSES = Filters().statuses
_KEYS = {"from": "f_from", "to": "f_to", "type": "f_types", "gov": "f_gov", "q": "f_text", "conf": "f_conf",
         "status": "f_status"}


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _list(text: str | None, allowed: list[str]) -> list[str]:
    return [v for v in (text or "").split(",") if v in allowed]


def data_range(df: pd.DataFrame) -> tuple[date, date]:
    """First and last day covered by the events (today when there are none)."""
    first = df["date_earliest"].fillna(df["event_date"]).min()
    last = df["date_latest"].fillna(df["event_date"]).max()
    if pd.isna(first) or pd.isna(last):
        return date.today(), date.today()
    return first.date(), last.date()


def init_from_url(df: pd.DataFrame) -> None:
    """Seed the widgets' state from the query string, once per session."""
    if st.session_state.get("f_initialised"):
        return
    params = st.query_params
    first, last = data_range(df)
    start = _parse_date(params.get("from")) or first
    end = _parse_date(params.get("to")) or last
    st.session_state["f_dates"] = (min(start, end), max(start, end))
    st.session_state["f_types"] = _list(params.get("type"), sorted(df["event_type"].astype(str).unique()))
    st.session_state["f_gov"] = _list(params.get("gov"), sorted(df["admin1"].astype(str).unique()))
    st.session_state["f_text"] = params.get("q", "")
    try:
        st.session_state["f_conf"] = min(max(float(params.get("conf", 0.0)), 0.0), 1.0)
    except ValueError:
        st.session_state["f_conf"] = 0.0
    st.session_state["f_status"] = _list(params.get("status"), list(STATUSES)) or list(DEFAULT_STATUSES)
    st.session_state["f_initialised"] = True


def _quick(first: date, last: date, days: int | None) -> None:
    st.session_state["f_dates"] = (max(first, last - timedelta(days=days - 1)), last) if days else (first, last)


def sidebar(df: pd.DataFrame) -> Filters:
    """Draw the filter widgets and return the analyst's :class:`Filters`; mirrors them into the URL."""
    init_from_url(df)
    first, last = data_range(df)
    with st.sidebar:
        st.header(tr("filters.header"))
        cols = st.columns(3)
        cols[0].button(tr("filters.7d"), on_click=_quick, args=(first, last, 7), help=tr("filters.quick_help"))
        cols[1].button(tr("filters.30d"), on_click=_quick, args=(first, last, 30), help=tr("filters.quick_help"))
        cols[2].button(tr("filters.all"), on_click=_quick, args=(first, last, None))
        dates = st.date_input(tr("filters.dates"), key="f_dates", min_value=min(first, st.session_state["f_dates"][0]),
                              max_value=max(last, st.session_state["f_dates"][-1]), format="YYYY-MM-DD")
        language = current()
        types = st.multiselect(tr("filters.type"), sorted(df["event_type"].astype(str).unique()), key="f_types",
                               placeholder=tr("filters.all_types"), format_func=lambda v: type_name(language, v))
        gov = st.multiselect(tr("filters.gov"), sorted(a for a in df["admin1"].astype(str).unique() if a),
                             key="f_gov", placeholder=tr("filters.all_govs"),
                             format_func=lambda v: governorate_name(language, v))
        text = st.text_input(tr("filters.search"), key="f_text")
        conf = st.slider(tr("filters.confidence"), 0.0, 1.0, step=0.05, key="f_conf")
        statuses = st.multiselect(tr("filters.status"), list(STATUSES), key="f_status",
                                  placeholder=tr("filters.all_statuses"),
                                  format_func=lambda v: status_name(language, v))
    start, end = (dates[0], dates[-1]) if isinstance(dates, tuple | list) and dates else (first, last)
    filters = Filters(date_from=start, date_to=end, event_types=tuple(types), admin1=tuple(gov), text=text.strip(),
                      min_confidence=float(conf), statuses=tuple(statuses))
    write_url(filters, (first, last))
    return filters


def filters_to_params(filters: Filters, full_range: tuple[date, date]) -> dict[str, str]:
    """The query-string form of ``filters`` (defaults omitted)."""
    params: dict[str, str] = {}
    if filters.date_from and filters.date_from != full_range[0]:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to and filters.date_to != full_range[1]:
        params["to"] = filters.date_to.isoformat()
    if filters.event_types:
        params["type"] = ",".join(filters.event_types)
    if filters.admin1:
        params["gov"] = ",".join(filters.admin1)
    if filters.text:
        params["q"] = filters.text
    if filters.min_confidence:
        params["conf"] = f"{filters.min_confidence:g}"
    if tuple(filters.statuses) != DEFAULT_STATUSES:
        params["status"] = ",".join(filters.statuses)
    return params


def write_url(filters: Filters, full_range: tuple[date, date]) -> None:
    """Replace the query string with ``filters`` (only when it changed, to keep history clean)."""
    params = filters_to_params(filters, full_range)
    params |= {k: v for k, v in st.query_params.to_dict().items() if k not in _KEYS}  # other panels' keys
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
