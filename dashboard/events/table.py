"""The event table (store layer): a pandas DataFrame with the schema's columns and dtypes, filters, URL form.

>>> df = events_to_frame([])
>>> list(df.columns) == list(EVENT_COLUMNS)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date

import pandas as pd

from dashboard.models import EVENT_COLUMNS, Event

DATE_COLUMNS = ("event_date", "date_earliest", "date_latest")
INT_COLUMNS = ("time_precision", "geo_precision", "fatalities", "injured")
FLOAT_COLUMNS = ("latitude", "longitude", "confidence")
CATEGORY_COLUMNS = ("event_type", "sub_event_type", "admin1", "status", "language")

__all__ = ["EVENT_COLUMNS", "Filters", "apply_filters", "coerce_dtypes", "events_to_frame"]


def coerce_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Give an event frame its schema dtypes: datetime64 dates, nullable ints, categories."""
    df = df.reindex(columns=list(EVENT_COLUMNS)).copy()
    for col in DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col], errors="coerce")
    for col in INT_COLUMNS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    for col in FLOAT_COLUMNS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in CATEGORY_COLUMNS:
        df[col] = df[col].fillna("").astype(str).astype("category")
    text_cols = [c for c in EVENT_COLUMNS if c not in (*DATE_COLUMNS, *INT_COLUMNS, *FLOAT_COLUMNS, *CATEGORY_COLUMNS)]
    for col in text_cols:  # object first: a column absent from older frames (admin2) arrives as float NaN
        df[col] = df[col].astype(object).fillna("").astype(str)
    return df


def events_to_frame(events: Iterable[Event]) -> pd.DataFrame:
    """Events -> event table with schema dtypes."""
    return coerce_dtypes(pd.DataFrame([e.to_record() for e in events], columns=list(EVENT_COLUMNS)))


@dataclass(frozen=True, slots=True)
class Filters:
    """What the analyst asked to see. Empty fields filter nothing.

    ``bounds`` is (south, west, north, east) in degrees.
    """

    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    text: str = ""
    min_confidence: float = 0.0
    statuses: tuple[str, ...] = ("auto", "confirmed", "edited")
    bounds: tuple[float, float, float, float] | None = None
    #: Districts (qada) to keep; empty keeps all.
    admin2: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


def _overlaps_dates(df: pd.DataFrame, start: date | None, end: date | None) -> pd.Series:
    """Rows whose [date_earliest, date_latest] overlaps [start, end]; undated rows only when unbounded."""
    keep = pd.Series(True, index=df.index)
    earliest = df["date_earliest"].fillna(df["event_date"])
    latest = df["date_latest"].fillna(df["event_date"])
    if start is not None:
        keep &= latest >= pd.Timestamp(start)
    if end is not None:
        keep &= earliest <= pd.Timestamp(end)
    return keep


def apply_filters(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``df`` that ``filters`` selects (a vague event is kept if its bounds overlap the range)."""
    keep = _overlaps_dates(df, filters.date_from, filters.date_to)
    if filters.event_types:
        keep &= df["event_type"].astype(str).isin(filters.event_types) | df["sub_event_type"].astype(str).isin(
            filters.event_types
        )
    if filters.admin1:
        keep &= df["admin1"].astype(str).isin(filters.admin1)
    if filters.admin2 and "admin2" in df:
        keep &= df["admin2"].astype(str).isin(filters.admin2)
    if filters.text:
        needle = filters.text.casefold()
        haystack = (df["evidence"] + " " + df["notes"] + " " + df["location"] + " " + df["location_ar"]).str.casefold()
        keep &= haystack.str.contains(needle, regex=False)
    if filters.min_confidence:
        keep &= df["confidence"] >= filters.min_confidence
    if filters.statuses:
        keep &= df["status"].astype(str).isin(filters.statuses)
    if filters.bounds is not None:
        south, west, north, east = filters.bounds
        keep &= df["latitude"].between(south, north) & df["longitude"].between(west, east)
    return df[keep]


def filter_field_names() -> tuple[str, ...]:
    """Names of the Filters fields (used for URL query-string round trips)."""
    return tuple(f.name for f in fields(Filters) if f.name != "extra")
