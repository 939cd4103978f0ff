"""The page's "Export this view" panel (face layer: the page): one download button per format.

The page calls :func:`render_export_panel` with its event table and an
:class:`~dashboard.export.view.ExportView` built from its state (:func:`view_from_state` helps); files are
made only when a button is clicked (Streamlit's deferred download data), by the same
:func:`~dashboard.export.writers.export_bytes` the CLI uses, so page and CLI files are equal.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.app.language import current, num, tr
from dashboard.errors import ExportError
from dashboard.events.table import Filters
from dashboard.export.view import FORMATS, MIME_TYPES, Bounds, ExportView, file_name, view_events, view_to_argv
from dashboard.export.writers import export_bytes
from dashboard.text.wording import counted
from dashboard.views import i18n

#: The buttons' English labels (the page shows them in its language: catalogue keys ``format.FMT``).
LABELS = {fmt: i18n.t("en", f"format.{fmt}") for fmt in FORMATS}


def bounds_from_state(map_state: Mapping[str, object] | None) -> Bounds | None:
    """(S, W, N, E) from ``st_folium``'s ``bounds`` (``{"_southWest": {"lat", "lng"}, "_northEast": ...}``)."""
    raw = map_state.get("bounds") if isinstance(map_state, Mapping) else None
    if not isinstance(raw, Mapping):
        return None
    try:
        sw, ne = raw["_southWest"], raw["_northEast"]
        south, west = max(float(sw["lat"]), -90.0), max(float(sw["lng"]), -180.0)
        north, east = min(float(ne["lat"]), 90.0), min(float(ne["lng"]), 180.0)
    except (KeyError, TypeError, ValueError):
        return None
    return (south, west, north, east) if south < north and west < east else None


def view_from_state(
    filters: Filters,
    map_state: Mapping[str, object] | None,
    *,
    period: tuple[date, date] | None = None,
    title: str = ExportView().title,
    size: tuple[int, int] = ExportView().size,
) -> ExportView:
    """The view from the page's filters, the timeline's ``period`` (narrows the dates, as the page's
    selection does) and what ``st_folium`` returned (``bounds``, ``zoom``; None before the map loads)."""
    if period:
        start = max(period[0], filters.date_from) if filters.date_from else period[0]
        end = min(period[1], filters.date_to) if filters.date_to else period[1]
        filters = replace(filters, date_from=start, date_to=end)
    zoom = map_state.get("zoom") if isinstance(map_state, Mapping) else None
    return ExportView(
        filters=filters,
        bounds=bounds_from_state(map_state),
        zoom=int(zoom) if isinstance(zoom, int | float) else None,
        size=size,
        title=tr("brief.title") if title == ExportView().title else title,  # the default title, translated
        language=current(),
    )


def cli_command(view: ExportView) -> str:
    """``incident-map export`` with the flags of ``view`` (shell-quoted), for the panel to show."""
    layers = list(st.session_state.get("layers_argv", []))  # the reference layer's flags (reference_panel)
    argv = ["incident-map", "export", "--format", "pdf", *view_to_argv(view), *layers, "-o", "brief.pdf"]
    return " ".join(shlex.quote(arg) for arg in argv)


def _maker(
    events_df: pd.DataFrame, view: ExportView, fmt: str, options: dict[str, object], made_at: datetime | None
) -> Callable[[], bytes]:
    """A no-argument function making the file on click (what ``st.download_button`` defers to)."""
    return partial(export_bytes, events_df, view, fmt, made_at=made_at, **options)


def render_export_panel(
    events_df: pd.DataFrame, view: ExportView, *, tiles: str | None = None, made_at: datetime | None = None
) -> None:
    """Download buttons for the view's PNG, PDF, HTML, CSV, GeoJSON and KML (or a note when it is empty)."""
    st.markdown(f"**{tr('export.header')}**")
    try:
        shown = view_events(events_df, view)
    except ExportError as exc:
        st.info(str(exc))
        return
    shown_text = counted(len(shown), "event") if current() == "en" else tr("legend.events", n=num(len(shown)))
    st.caption(tr("export.caption", n=shown_text, size=f"{view.size[0]}×{view.size[1]}"))
    title = st.text_input(tr("export.title"), value=view.title, key="export-title").strip()
    view = replace(view, title=title or view.title)
    with st.expander(tr("export.cli")):
        st.code(cli_command(view), language=None)  # no syntax highlighter: it costs ~2 s of page load
    bom = st.checkbox(tr("export.bom"), value=False, key="export-csv-bom")
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS, strict=True):
        options: dict[str, object] = {"bom": bom} if fmt in ("csv", "acled-csv") else {"tiles": tiles}
        with column:
            st.download_button(
                tr(f"format.{fmt}"),
                data=_maker(events_df, view, fmt, options, made_at),
                file_name=file_name(view, fmt),
                mime=MIME_TYPES[fmt],
                key=f"export-{fmt}",
                on_click="ignore",
                width="stretch",
            )
