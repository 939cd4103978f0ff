"""News events beside reference events (store layer): which news event a reference dataset also has, and the reverse.

A news event and a reference event are the same incident when all three hold:

* the same event-type family (ACLED's disorder type: political violence, demonstrations, strategic developments;
  an air strike in the news matches a UCDP state-based "battle" at the same place and day);
* within :data:`MATCH_KM` (10 km) of each other (great-circle, :mod:`dashboard.geo.distance`);
* overlapping date bounds, each side's ``[date_earliest, date_latest]`` widened by its time precision
  (:data:`WIDEN_DAYS`: 1 day for a day, 4 for a week, 16 for a month: half the period ACLED's date stands for,
  plus a day for reports dated the morning after).

:func:`match_events` gives the pairs; :func:`annotate` writes them into both tables (``also_in``: "ACLED IRQ23689"
on a news event, "news (2 events)" on a reference event; ``matched``); :func:`select_presence` is the page's view
filter (everything, only in the news, only in the reference, in both).

>>> WIDEN_DAYS[1], MATCH_KM
(1, 10.0)
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from dashboard.events.acled_codes import family
from dashboard.geo.distance import haversine_km

MATCH_KM = 10.0
WIDEN_DAYS = {1: 1, 2: 4, 3: 16}
#: The page's "seen where" choices, in the order it shows them.
PRESENCE = ("all", "news", "reference", "both")
#: How many matching reference events a news event lists by id (the rest are counted).
SHOWN_MATCHES = 3
_DEG_LAT_KM = 110.574  # km per degree of latitude (the cheap box before the exact distance)


def _days(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Widened first and last day of each row (days since 1970; NaT rows get an empty interval)."""
    widen = df["time_precision"].fillna(3).astype("int64").map(WIDEN_DAYS).fillna(16).to_numpy("int64")
    first = df["date_earliest"].fillna(df["event_date"]).to_numpy("datetime64[D]").astype("int64")
    last = df["date_latest"].fillna(df["event_date"]).to_numpy("datetime64[D]").astype("int64")
    undated = np.isnat(df["date_earliest"].fillna(df["event_date"]).to_numpy("datetime64[D]"))
    first, last = first - widen, last + widen
    first[undated], last[undated] = 1, 0
    return first, last


def match_events(news: pd.DataFrame, reference: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(news event_id, reference event_id, km) for every matching pair; for each news event the nearest first,
    then the one whose dates are centred closest."""
    if news.empty or reference.empty:
        return []
    n_first, n_last = _days(news)
    r_first, r_last = _days(reference)
    r_lat, r_lon = reference["latitude"].to_numpy(float), reference["longitude"].to_numpy(float)
    r_family = reference["event_type"].astype(str).map(family).to_numpy(object)
    r_ids = reference["event_id"].astype(str).to_numpy(object)
    lat_box = MATCH_KM / _DEG_LAT_KM
    pairs = []
    rows = zip(news["event_id"].astype(str), news["event_type"].astype(str), news["latitude"], news["longitude"],
               n_first, n_last, strict=True)
    for event_id, event_type, lat, lon, first, last in rows:
        lon_box = lat_box / max(np.cos(np.radians(lat)), 0.01)
        near = (np.abs(r_lat - lat) <= lat_box) & (np.abs(r_lon - lon) <= lon_box)
        near &= (r_first <= last) & (r_last >= first) & (r_family == family(event_type))
        middle = (first + last) / 2
        found = [(haversine_km(lat, lon, r_lat[j], r_lon[j]), abs((r_first[j] + r_last[j]) / 2 - middle), r_ids[j])
                 for j in np.flatnonzero(near)]
        pairs += [(event_id, ref_id, km) for km, _, ref_id in sorted(found) if km <= MATCH_KM]
    return pairs


def reference_label(event_id: str) -> str:
    """ "ACLED:IRQ23689" -> "ACLED IRQ23689"."""
    return event_id.replace(":", " ", 1)


def _listed(labels: list[str], limit: int = SHOWN_MATCHES) -> str:
    """ "ACLED IRQ1, UCDP 2, UCDP 3 (+4 more)": the best matches first."""
    more = f" (+{len(labels) - limit} more)" if len(labels) > limit else ""
    return ", ".join(labels[:limit]) + more


def annotate(
    news: pd.DataFrame, reference: pd.DataFrame, pairs: list[tuple[str, str, float]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables with ``also_in`` (what the other side has of the incident) and ``matched`` (a bool column)."""
    pairs = match_events(news, reference) if pairs is None else pairs
    in_reference: dict[str, list[str]] = defaultdict(list)
    in_news: dict[str, list[str]] = defaultdict(list)
    for news_id, ref_id, _ in pairs:
        in_reference[news_id].append(reference_label(ref_id))
        in_news[ref_id].append(news_id)
    also_in = news["event_id"].map(lambda i: _listed(in_reference.get(i, []))).astype(str)
    news = news.assign(dataset="", also_in=also_in)
    news["matched"] = news["also_in"] != ""
    count = reference["event_id"].map(lambda i: len(in_news.get(i, ()))) if len(reference) else pd.Series(dtype=int)
    reference = reference.assign(
        also_in=[f"news ({n} event{'s' if n > 1 else ''})" if n else "" for n in count], matched=count.gt(0),
        news_matches=count.astype("int64"),
    )
    return news, reference


def select_presence(news: pd.DataFrame, reference: pd.DataFrame, presence: str, *, show_reference: bool = True
                    ) -> pd.DataFrame:
    """The rows a "seen where" choice shows, news first (both tables annotated by :func:`annotate`).

    ``all``: every news event, and the reference layer when ``show_reference``; ``news``: news events no reference
    event matches; ``reference``: reference events no news event matches (shown even with the layer off, since
    that is what was asked for); ``both``: matched news events, and their reference events when the layer is on.
    """
    if presence not in PRESENCE:
        raise ValueError(f"presence must be one of {', '.join(PRESENCE)}, got {presence!r}")
    parts = {
        "all": (news, reference if show_reference else reference.iloc[:0]),
        "news": (news[~news["matched"]], reference.iloc[:0]),
        "reference": (news.iloc[:0], reference[~reference["matched"]]),
        "both": (news[news["matched"]], reference[reference["matched"]] if show_reference else reference.iloc[:0]),
    }[presence]
    frames = [p for p in parts if len(p)] or [parts[0]]
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    for col in combined.columns:
        if combined[col].dtype == object and col not in ("event_date", "date_earliest", "date_latest"):
            combined[col] = combined[col].fillna("")
    for col in ("event_type", "sub_event_type", "admin1", "status", "language"):
        if col in combined and combined[col].dtype != "category":
            combined[col] = combined[col].astype(str).astype("category")
    return combined


def layers_frame(news: pd.DataFrame, reference: pd.DataFrame, presence: str = "all", *,
                 show_reference: bool = True) -> pd.DataFrame:
    """News and reference events in one table, annotated and narrowed by ``presence`` (page and CLI share it)."""
    annotated_news, annotated_reference = annotate(news, reference)
    return select_presence(annotated_news, annotated_reference, presence, show_reference=show_reference)
