"""The filter sidebar (face layer: the page). Its state lives in the URL query string, so a view can be shared.

Query keys: ``from``, ``to`` (ISO dates), ``type``, ``gov``, ``status`` (comma-separated), ``q`` (text),
``dist`` (districts), ``conf`` (minimum confidence). Defaults are left out of the URL.
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
_KEYS = {"from": "f_from", "to": "f_to", "type": "f_types", "gov": "f_gov", "dist": "f_dist", "q": "f_text",
         "conf": "f_conf", "status": "f_status"}


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


def _districts(df: pd.DataFrame, governorates: tuple[str, ...]) -> list[str]:
    """The districts of the events (of these governorates when any are chosen), sorted."""
    if "admin2" not in df:
        return []
    rows = df[df["admin1"].astype(str).isin(governorates)] if governorates else df
    return sorted(d for d in rows["admin2"].dropna().astype(str).unique() if d)


#: The sidebar's widget keys. Streamlit drops a widget's state when a run on another page does not draw it
#: (the page switch from the sidebar), so their values are also kept under :data:`_SAVED`, which is no widget's.
WIDGET_KEYS = ("f_from", "f_to", "f_types", "f_gov", "f_dist", "f_text", "f_conf", "f_status")
_SAVED = "f_saved"


def url_state(df: pd.DataFrame) -> dict[str, object]:
    """The widgets' values the query string gives (defaults for what it leaves out)."""
    params = st.query_params
    first, last = data_range(df)
    start = _parse_date(params.get("from")) or first
    end = _parse_date(params.get("to")) or last
    try:
        conf = min(max(float(params.get("conf", 0.0)), 0.0), 1.0)
    except ValueError:
        conf = 0.0
    return {
        "f_from": min(start, end),
        "f_to": max(start, end),
        "f_types": _list(params.get("type"), sorted(df["event_type"].astype(str).unique())),
        "f_gov": _list(params.get("gov"), sorted(df["admin1"].astype(str).unique())),
        "f_dist": _list(params.get("dist"), _districts(df, ())),
        "f_text": params.get("q", ""),
        "f_conf": conf,
        "f_status": _list(params.get("status"), list(STATUSES)) or list(DEFAULT_STATUSES),
    }


def init_from_url(df: pd.DataFrame) -> None:
    """Seed the widgets' state: from the query string on the session's first run, afterwards from the values
    kept for the session (so a page switched to from the sidebar shows the same filters, never a KeyError)."""
    state = st.session_state
    saved = state.get(_SAVED) if state.get("f_initialised") else None
    missing = [k for k in WIDGET_KEYS if k not in state]
    if not missing:
        state["f_initialised"] = True
        return
    defaults = url_state(df) if not saved or any(k not in saved for k in missing) else {}
    for key in missing:
        state[key] = saved[key] if saved and key in saved else defaults[key]
    state["f_initialised"] = True


def _save() -> None:
    st.session_state[_SAVED] = {k: st.session_state[k] for k in WIDGET_KEYS if k in st.session_state}


def follow_data_range(first: date, last: date) -> None:
    """When the store's dates grow (articles were just added), a date bound the analyst left at the edge of the
    data moves with it, so the new events are shown; a bound the analyst set stays."""
    state = st.session_state
    old = state.get("f_range")
    state["f_range"] = (first, last)
    if not old or old == (first, last):
        return
    if state.get("f_from") == old[0]:
        state["f_from"] = first
    if state.get("f_to") == old[1]:
        state["f_to"] = last


def _quick(first: date, last: date, days: int | None) -> None:
    st.session_state["f_from"] = max(first, last - timedelta(days=days - 1)) if days else first
    st.session_state["f_to"] = last


def chosen(df: pd.DataFrame) -> Filters:
    """The analyst's :class:`Filters` from the session (seeded from the URL), before the sidebar is drawn: the map
    page draws its map first, then :func:`sidebar` (which gives the same filters)."""
    init_from_url(df)
    first, last = data_range(df)
    follow_data_range(first, last)
    state = st.session_state
    start, end = state["f_from"] or first, state["f_to"] or last
    if start > end:
        start, end = end, start
    return Filters(date_from=start, date_to=end, event_types=tuple(state["f_types"]), admin1=tuple(state["f_gov"]),
                   admin2=tuple(state["f_dist"]), text=str(state["f_text"]).strip(),
                   min_confidence=float(state["f_conf"]), statuses=tuple(state["f_status"]))


def sidebar(df: pd.DataFrame) -> Filters:
    """Draw the filter widgets and return the analyst's :class:`Filters`; mirrors them into the URL."""
    init_from_url(df)
    first, last = data_range(df)
    follow_data_range(first, last)
    with st.sidebar:
        st.header(tr("filters.header"))
        cols = st.columns(3)
        cols[0].button(tr("filters.7d"), on_click=_quick, args=(first, last, 7), help=tr("filters.quick_help"))
        cols[1].button(tr("filters.30d"), on_click=_quick, args=(first, last, 30), help=tr("filters.quick_help"))
        cols[2].button(tr("filters.all"), on_click=_quick, args=(first, last, None))
        # Two single dates, not one range picker: a range applies only once the calendar closes, a single date
        # as soon as it is picked.
        low = min(first, st.session_state["f_from"] or first, st.session_state["f_to"] or first)
        high = max(last, st.session_state["f_from"] or last, st.session_state["f_to"] or last)
        start = st.date_input(tr("filters.from"), key="f_from", min_value=low, max_value=high, format="YYYY-MM-DD")
        end = st.date_input(tr("filters.to"), key="f_to", min_value=low, max_value=high, format="YYYY-MM-DD")
        language = current()
        types = st.multiselect(tr("filters.type"), sorted(df["event_type"].astype(str).unique()), key="f_types",
                               placeholder=tr("filters.all_types"), format_func=lambda v: type_name(language, v))
        gov = st.multiselect(tr("filters.gov"), sorted(a for a in df["admin1"].astype(str).unique() if a),
                             key="f_gov", placeholder=tr("filters.all_govs"),
                             format_func=lambda v: governorate_name(language, v))
        dist = st.multiselect(tr("filters.district"), _districts(df, ()), key="f_dist",
                              placeholder=tr("filters.all_dists"), help=tr("filters.district_help"))
        text = st.text_input(tr("filters.search"), key="f_text")
        conf = st.slider(tr("filters.confidence"), 0.0, 1.0, step=0.05, key="f_conf")
        statuses = st.multiselect(tr("filters.status"), list(STATUSES), key="f_status",
                                  placeholder=tr("filters.all_statuses"),
                                  format_func=lambda v: status_name(language, v))
    start, end = start or first, end or last
    if start > end:
        start, end = end, start
    filters = Filters(date_from=start, date_to=end, event_types=tuple(types), admin1=tuple(gov), admin2=tuple(dist),
                      text=text.strip(),
                      min_confidence=float(conf), statuses=tuple(statuses))
    _save()
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
    if filters.admin2:
        params["dist"] = ",".join(filters.admin2)
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
