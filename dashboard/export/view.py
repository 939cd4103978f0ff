"""The view an export shows (export layer): what the page's download buttons and ``incident-map export`` share.

A :class:`ExportView` is what the analyst sees: the page's filters, the map's bounds and zoom, the
image size and a title; its defaults are the only export defaults, and :func:`view_to_argv` gives the
command-line flags that rebuild it. :func:`dashboard.export.writers.export_bytes` turns an event table and a
view into the bytes of one format; the same view gives the same bytes (``made_at`` is injected, so the PDF's
"made at" line can be fixed too).

>>> view = ExportView(title="Erbil, last 7 days")
>>> view.size
(1920, 1080)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from dashboard.errors import ExportError
from dashboard.events.table import Filters, apply_filters
from dashboard.settings import SETTINGS, resolve
from dashboard.views.i18n import LANGUAGES

Bounds = tuple[float, float, float, float]
FORMATS = ("png", "pdf", "html", "csv", "geojson", "kml", "acled-csv")
MIME_TYPES = {
    "png": "image/png",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "kml": "application/vnd.google-earth.kml+xml",
    "acled-csv": "text/csv",
}
EXTENSIONS = {"acled-csv": "acled.csv"}  # a format whose file name does not end in its name
MIN_SPAN_DEGREES = 1.5  # a view of one town still shows its surroundings (and a basemap less blown up)
MAX_SIZE = 8000
MIN_DETAIL_FRACTION = 0.01  # share of map pixels that must differ from its commonest colour


@dataclass(frozen=True, slots=True)
class ExportView:
    """The current view: filters, map bounds (south, west, north, east) and zoom, image size, title.

    ``bounds`` is None before the map has reported its bounds; the view is then the filtered events' extent.
    """

    filters: Filters = field(default_factory=Filters)
    bounds: Bounds | None = None
    zoom: int | None = None
    size: tuple[int, int] = (1920, 1080)
    title: str = "Incident Map"
    #: Interface language of the briefing's texts ("en", "ar": title, legend, captions, table headings).
    language: str = "en"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ExportError(f"export language must be one of {', '.join(LANGUAGES)}, got {self.language!r}")
        width, height = self.size
        if not (100 <= width <= MAX_SIZE and 100 <= height <= MAX_SIZE):
            raise ExportError(f"image size {width}x{height} is outside 100..{MAX_SIZE} pixels a side")
        if self.bounds is not None:
            check_bounds(self.bounds)


def check_bounds(bounds: Bounds) -> None:
    """Raise ExportError unless ``bounds`` is (south, west, north, east) with south < north, west < east."""
    south, west, north, east = bounds
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ExportError(f"bounds {bounds} must be S,W,N,E with S < N within ±90 and W < E within ±180")


def view_events(df: pd.DataFrame, view: ExportView) -> pd.DataFrame:
    """The rows the view shows (filters, then map bounds), in date then id order; ExportError if none."""
    bounds = view.bounds if view.bounds is not None else view.filters.bounds
    rows = apply_filters(df, replace(view.filters, bounds=bounds))
    if rows.empty:
        raise ExportError(
            f"the view has no events ({describe_filters(view)}): widen the dates, filters or map area, "
            "nothing was written"
        )
    return rows.sort_values(["event_date", "event_id"], kind="stable", na_position="last").reset_index(drop=True)


def view_extent(events: pd.DataFrame, view: ExportView) -> Bounds:
    """The map's bounds when known, else the events' bounds padded to at least MIN_SPAN_DEGREES a side."""
    if view.bounds is not None:
        return view.bounds
    south, north = float(events["latitude"].min()), float(events["latitude"].max())
    west, east = float(events["longitude"].min()), float(events["longitude"].max())
    pad_lat = max((north - south) * 0.15, (MIN_SPAN_DEGREES - (north - south)) / 2, 0.05)
    pad_lon = max((east - west) * 0.15, (MIN_SPAN_DEGREES - (east - west)) / 2, 0.05)
    return (
        max(south - pad_lat, -85.0),
        max(west - pad_lon, -180.0),
        min(north + pad_lat, 85.0),
        min(east + pad_lon, 180.0),
    )


def date_range_text(events: pd.DataFrame, view: ExportView) -> str:
    """ "2026-11-23 – 2026-11-30": the filter's dates, else the events' own first and last day."""
    dates = pd.concat([events["date_earliest"], events["event_date"], events["date_latest"]]).dropna()
    first = view.filters.date_from or (dates.min().date() if not dates.empty else None)
    last = view.filters.date_to or (dates.max().date() if not dates.empty else None)
    if first is None and last is None:
        return "undated"
    return f"{first.isoformat() if first else '…'} – {last.isoformat() if last else '…'}"


#: A map area is named by the governorates of its events up to this many; a wider one is left unnamed.
AREA_NAMES = 4


def area_text(events: pd.DataFrame) -> str:
    """ "area: Erbil, Nineveh": the governorates of the view's events (they are what the map area holds), or ""
    when they are more than :data:`AREA_NAMES` (the map shows the area better than a list would)."""
    names = sorted({str(a) for a in events["admin1"].dropna() if str(a).strip()}) if "admin1" in events else []
    return "area: " + ", ".join(names) if 0 < len(names) <= AREA_NAMES else ""


def describe_filters(view: ExportView, *, dates: bool = True, events: pd.DataFrame | None = None) -> str:
    """The filters in one line, for captions and messages ("all events" when none are set).

    ``dates=False`` leaves the dates out, for captions that show the date range already. With ``events`` (the
    view's), a map area is named by its governorates (see :func:`area_text`), never by raw coordinates.
    """
    f = view.filters
    parts = []
    if f.event_types:
        parts.append("type: " + ", ".join(f.event_types))
    if f.admin1:
        parts.append("governorate: " + ", ".join(f.admin1))
    if f.admin2:
        parts.append("district: " + ", ".join(f.admin2))
    if f.text:
        parts.append(f"text: “{f.text}”")
    if f.min_confidence:
        parts.append(f"confidence ≥ {f.min_confidence:g}")
    if dates and (f.date_from or f.date_to):
        parts.append(f"dates: {f.date_from or '…'} – {f.date_to or '…'}")
    if view.bounds is not None and events is not None:
        parts.append(area_text(events))
    elif view.bounds is not None:  # a message about an empty view: the area the analyst gave
        parts.append("area: {:.2f},{:.2f},{:.2f},{:.2f}".format(*view.bounds))
    parts = [p for p in parts if p]
    return "; ".join(parts) or "all events"


def event_sources(events: pd.DataFrame) -> pd.Series:
    """Each event's source as the briefing names it: the stored ``source`` (the publisher), else the article
    URL's domain, else its file name (events stored before sources were named so)."""
    from dashboard.pipeline.articles import source_name

    if events.empty:
        return pd.Series([], dtype=object)
    urls = events["article_url"] if "article_url" in events else pd.Series("", index=events.index)
    return pd.Series(
        [source_name(str(s) if pd.notna(s) else "", str(u) if pd.notna(u) else "")
         for s, u in zip(events["source"], urls, strict=True)],
        index=events.index,
    )


def source_line(events: pd.DataFrame, limit: int = 4) -> str:
    """ "Source: Rudaw (9), Shafaq News (5), Kurdistan24 (3), 964 (2) and 4 more; events via Incident Map":
    the sources of the view's events, the ones reporting most of them first."""
    counts = event_sources(events).loc[lambda s: s != ""].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{name} ({n})" if len(ranked) > 1 else name for name, n in ranked[:limit])
    if len(ranked) > limit:
        shown += f" and {len(ranked) - limit} more"
    return f"Source: {shown or 'unknown'}; events via Incident Map"


def made_at_now() -> datetime:
    """The "made at" time: INCIDENT_MAP_MADE_AT if set (ISO), else now, in UTC to the second."""
    fixed = resolve("made_at").strip()
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError as exc:
            env = SETTINGS["made_at"].env
            raise ExportError(f"{env}={fixed!r} is not an ISO date-time like 2026-11-30T07:50") from exc
    else:
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def check_not_blank(rgb: np.ndarray, box: tuple[int, int, int, int]) -> None:
    """Raise ExportError when the map area is (nearly) one colour: a blank render, not a map."""
    left, top, right, bottom = box
    area = rgb[top:bottom, left:right, :3].reshape(-1, 3)[::7].astype(np.uint32)
    if area.size == 0:
        raise ExportError("the map area of the image is empty: choose a larger --size")
    packed = (area[:, 0] << 16) | (area[:, 1] << 8) | area[:, 2]
    colours, counts = np.unique(packed, return_counts=True)
    detail = 1.0 - counts.max() / counts.sum()
    if detail < MIN_DETAIL_FRACTION:
        top_colour = int(colours[counts.argmax()])
        colour = (top_colour >> 16, (top_colour >> 8) & 255, top_colour & 255)
        raise ExportError(f"the rendered map is blank (all {colour}): the basemap or markers failed to draw")


def file_name(view: ExportView, fmt: str) -> str:
    """A download file name from the title and date range, e.g. ``incident-map_2026-11-23_2026-11-30.pdf``."""
    f = view.filters
    stem = "incident-map"
    if f.date_from or f.date_to:
        stem += f"_{f.date_from or 'start'}_{f.date_to or 'end'}"
    return f"{stem}.{EXTENSIONS.get(fmt, fmt)}"


def view_to_argv(view: ExportView) -> list[str]:
    """The ``incident-map export`` flags that rebuild ``view`` (defaults left out): the page shows them so an
    analyst can make the same files from the command line.

    >>> view_to_argv(ExportView(filters=Filters(admin1=("Erbil",)), bounds=(35.5, 43.0, 37.0, 45.0)))
    ['--admin1', 'Erbil', '--bounds', '35.5,43.0,37.0,45.0']
    """
    f, default = view.filters, ExportView()
    argv = [
        *(["--from", f.date_from.isoformat()] if f.date_from else []),
        *(["--to", f.date_to.isoformat()] if f.date_to else []),
    ]
    for event_type in f.event_types:
        argv += ["--type", event_type]
    for governorate in f.admin1:
        argv += ["--admin1", governorate]
    for district in f.admin2:
        argv += ["--admin2", district]
    argv += ["--text", f.text] if f.text else []
    argv += ["--min-confidence", repr(f.min_confidence)] if f.min_confidence else []
    if tuple(f.statuses) != default.filters.statuses:
        for status in f.statuses:
            argv += ["--status", status]
    argv += ["--bounds", ",".join(repr(float(v)) for v in view.bounds)] if view.bounds else []
    argv += ["--zoom", str(view.zoom)] if view.zoom is not None else []
    argv += ["--size", f"{view.size[0]}x{view.size[1]}"] if view.size != default.size else []
    argv += ["--title", view.title] if view.title != default.title else []
    argv += ["--language", view.language] if view.language != default.language else []
    return argv
