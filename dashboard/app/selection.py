"""The events the page shows (face layer): the store's table through the sidebar filters and the timeline period."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.app import loaders
from dashboard.events.table import Filters, apply_filters


def filters_key(filters: Filters) -> tuple[Any, ...]:
    """A hashable key of ``filters`` (for caches)."""
    return (filters.date_from, filters.date_to, filters.event_types, filters.admin1, filters.text,
            filters.min_confidence, filters.statuses, filters.bounds, filters.admin2)


@st.cache_resource(max_entries=2, show_spinner=False)
def _filtered(path: str, generation: int, key: tuple[Any, ...], _filters: Filters) -> pd.DataFrame:
    return apply_filters(loaders.events(), _filters)


def filtered(filters: Filters, period: tuple[date, date] | None = None) -> tuple[pd.DataFrame, tuple[Any, ...]]:
    """The filtered events (narrowed to ``period`` if given) and the cache key describing them."""
    if period:
        start = max(period[0], filters.date_from) if filters.date_from else period[0]
        end = min(period[1], filters.date_to) if filters.date_to else period[1]
        filters = replace(filters, date_from=start, date_to=end)
    key = (loaders.db_path(), loaders.generation(), filters_key(filters))
    return _filtered(key[0], key[1], key[2], filters), key


def in_area(events: pd.DataFrame, bounds: tuple[float, float, float, float] | None) -> pd.DataFrame:
    """The events inside the map's ``bounds`` (south, west, north, east), all of them before the map reports any:
    the same area test as the exports' (:func:`dashboard.export.view.view_events`)."""
    if bounds is None or events.empty:
        return events
    return apply_filters(events, Filters(bounds=bounds))
