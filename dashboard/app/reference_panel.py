"""The reference layer on the page (face layer): ACLED / UCDP events beside the news events, and "seen where".

The sidebar's "Reference datasets" section holds a toggle (the layer, drawn as hollow circles) and the view
filter "seen in": everything, only in the news, only in the reference, in both. Both live in the URL (``ref=1``,
``seen=news|reference|both``), like the filters. Matches are computed once per store generation over the whole
tables (:mod:`dashboard.events.matching`), then the reference rows go through the same filters as the news events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.app import loaders
from dashboard.app.language import num, tr
from dashboard.events.matching import PRESENCE, annotate, select_presence
from dashboard.events.reference import count_reference, load_reference
from dashboard.events.table import Filters, apply_filters


@dataclass(frozen=True, slots=True)
class Layers:
    """What the analyst chose: the reference layer on or off, and the "seen in" filter."""

    show_reference: bool = False
    presence: str = "all"

    @property
    def default(self) -> bool:
        return not self.show_reference and self.presence == "all"

    def argv(self) -> list[str]:
        """The ``incident-map export`` flags of this choice."""
        return (["--reference"] if self.show_reference else []) + (
            ["--seen", self.presence] if self.presence != "all" else [])


@st.cache_resource(max_entries=1, show_spinner="Matching news and reference events…")
def _annotated(path: str, generation: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    return annotate(loaders.events(), load_reference(loaders.connection()))


def annotated() -> tuple[pd.DataFrame, pd.DataFrame]:
    """News and reference tables with ``also_in`` / ``matched`` (shared: never modify them in place)."""
    return _annotated(loaders.db_path(), loaders.generation())


def _init_from_url() -> None:
    if st.session_state.get("ref_initialised"):
        return
    params = st.query_params
    st.session_state["ref_show"] = params.get("ref") == "1"
    seen = params.get("seen", "all")
    st.session_state["ref_seen"] = seen if seen in PRESENCE else "all"
    st.session_state["ref_initialised"] = True


def _write_url(layers: Layers) -> None:
    wanted = {"ref": "1" if layers.show_reference else None, "seen": None if layers.presence == "all" else
              layers.presence}
    for key, value in wanted.items():
        if value is None and key in st.query_params:
            del st.query_params[key]
        elif value is not None and st.query_params.get(key) != value:
            st.query_params[key] = value


def current() -> Layers:
    """The analyst's choice from the session (seeded from the URL), before the sidebar is drawn."""
    if not count_reference(loaders.connection()):
        return Layers()
    _init_from_url()
    return Layers(bool(st.session_state.get("ref_show")), str(st.session_state.get("ref_seen", "all")))


def sidebar() -> Layers:
    """Draw the section (only when the store holds reference events) and return the analyst's choice."""
    counts = count_reference(loaders.connection())
    if not counts:
        return Layers()
    _init_from_url()
    with st.sidebar:
        st.subheader(tr("ref.header"))
        names = ", ".join(f"{name} {num(n)}" for name, n in counts.items())
        show = st.toggle(tr("ref.show"), key="ref_show", help=tr("ref.show_help", names=names))
        seen = st.radio(tr("ref.seen"), PRESENCE, format_func=lambda v: tr(f"seen.{v}"), key="ref_seen",
                        help=tr("ref.seen_help"))
    layers = Layers(bool(show), str(seen))
    _write_url(layers)
    st.session_state["layers_argv"] = layers.argv()
    return layers


def _narrowed(filters: Filters, period: tuple[date, date] | None) -> Filters:
    if not period:
        return filters
    start = max(period[0], filters.date_from) if filters.date_from else period[0]
    end = min(period[1], filters.date_to) if filters.date_to else period[1]
    return replace(filters, date_from=start, date_to=end)


def with_layers(shown: pd.DataFrame, key: tuple[Any, ...], filters: Filters, layers: Layers,
                period: tuple[date, date] | None = None) -> tuple[pd.DataFrame, tuple[Any, ...]]:
    """The page's filtered news events with ``also_in``, the reference layer and the "seen in" filter applied."""
    if not count_reference(loaders.connection()):
        return shown, key
    news, reference = annotated()
    news_shown = news[news["event_id"].isin(shown["event_id"])]
    reference_shown = apply_filters(reference, _narrowed(filters, period))
    rows = select_presence(news_shown, reference_shown, layers.presence, show_reference=layers.show_reference)
    return rows, (*key, layers)


def all_layers(events: pd.DataFrame, layers: Layers) -> pd.DataFrame:
    """Every row the export panel filters by the view: the news events and the chosen reference layer."""
    if not count_reference(loaders.connection()):
        return events
    news, reference = annotated()
    return select_presence(news, reference, layers.presence, show_reference=layers.show_reference)


def store_total(events: pd.DataFrame) -> int:
    """News events plus reference events in the store (the caption's "of N in the store")."""
    return len(events) + sum(count_reference(loaders.connection()).values())


def everything(events: pd.DataFrame) -> pd.DataFrame:
    """News and every reference event: what the filters' choices (dates, types, governorates) range over."""
    if not count_reference(loaders.connection()):
        return events
    news, reference = annotated()
    return select_presence(news, reference, "all", show_reference=True)
