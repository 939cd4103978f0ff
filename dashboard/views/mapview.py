"""The event map (map-view layer): ``build_map(events) -> folium.Map``, pure (no Streamlit), fast at 100,000 events.

Design:

* Events go to the browser as compact columns (lat, lon, type index, geo precision, first and last day, flags)
  plus one pre-escaped popup string each (up to :data:`FULL_POPUP_LIMIT` events; beyond, short popups are
  assembled from shared escaped labels). One :class:`EventLayer` clusters them on a screen-space grid
  recomputed for the view on every move (O(n) over typed arrays, ~10 ms for 100,000 events) and draws only
  what is visible: cluster bubbles (styled by markercluster's CSS) and ``L.circleMarker`` singles.
  Individual folium ``Marker`` objects take ~30 s for 10,000 points; Leaflet.markercluster needs ~18 s just
  to index 100,000 on this project's reference machine, hence the grid.
* Colour = event type (legend bottom right); radius and dashing = geo precision (a bigger, fainter, dashed
  circle is a less certain place; palette and shapes: :mod:`dashboard.views.style`); a black ring = highlighted
  (e.g. just added) events.
* Popups: date (with bounds when vague), type, place in English and Arabic (``dir="rtl"``), casualties,
  evidence, source and source count. Everything from articles is ``html.escape``d here, in Python.
* A playback control (bottom left) steps through the period, showing the events of a moving window, as
  Kepler.gl's playback does; it needs no plugin from a CDN.
* Basemap: the bundled OpenStreetMap tiles (zoom 0-6, :mod:`dashboard.views.assets`) always, with the
  configurable online tile layer on top (unless ``tiles="offline"``), so the map is never a grey void.
  ``maxZoom`` is set, which markercluster needs.

>>> from dashboard.events.table import events_to_frame
>>> m = build_map(events_to_frame([]), tiles="offline")
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

import html
import json
from collections.abc import Collection, Mapping
from typing import Any, ClassVar

import folium
import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from jinja2 import Template

from dashboard.resources import read_text
from dashboard.views.assets import ATTRIBUTION, BASEMAP_MAX_ZOOM, STATIC_URL, TILE_PATH, localize_map
from dashboard.views.style import RADIUS, TYPE_COLOURS, type_colour

#: Iraq's bounding box (south, west, north, east): the view of an empty map.
IRAQ_BOUNDS = (29.0, 38.8, 37.4, 48.8)
#: Over this many events popups are built in the browser from shared labels (date, type, place; the
#: evidence stays in the table) so 100,000 events stay a few MB.
FULL_POPUP_LIMIT = 5_000
_ESCAPED = ("event_id", "event_type", "sub_event_type", "location", "location_ar", "admin1", "evidence", "source",
            "status", "also_in", "dataset")
_POPUP_COLUMNS = (*_ESCAPED, "event_date", "date_earliest", "date_latest", "fatalities", "injured", "language",
                  "confidence", "source_count")
_EPOCH = pd.Timestamp("1970-01-01")
_TEMPLATE = read_text("views", "mapview.js")


class EventLayer(JSCSSMixin):
    """All events as one cluster layer, plus legend, playback control and ``window.incidentMapStats()``."""

    #: Only markercluster's stylesheet: its cluster bubbles' look, without its slow indexing script.
    default_css: ClassVar[list[tuple[str, str]]] = [
        ("markerclustercss", f"{STATIC_URL}/markercluster/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{STATIC_URL}/markercluster/MarkerCluster.Default.css"),
    ]

    _template = Template("{% macro script(this, kwargs) %}" + _TEMPLATE + "{% endmacro %}")

    def __init__(self, data_json: str, data_url: str | None, legend: str, playback: bool = True) -> None:
        super().__init__()
        self._name = "EventLayer"
        self.data_json = "null" if data_url else data_json
        self.data_url_json = json.dumps(data_url)
        self.legend_json = _js(legend)
        self.playback = playback
        self.radius_json = json.dumps(RADIUS)


def map_data(events: pd.DataFrame, highlight: Collection[str] = ()) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """What the browser needs to draw ``events``: columns, popups (escaped), place labels, types, colours."""
    cols, types, places = event_arrays(events, highlight)
    popups = None
    if len(events) <= FULL_POPUP_LIMIT:
        records = events.reindex(columns=list(_POPUP_COLUMNS)).to_dict("records")
        popups = [popup_html(r) for r in records]
    data = {"cols": cols, "popups": popups, "places": places, "types": [html.escape(t) for t, _ in types],
            "colours": [c for _, c in types]}
    return data, types


def _js(value: object) -> str:
    """JSON for inlining in a <script> (no "</" can close the script early)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _day(series: pd.Series) -> pd.Series:
    return ((series - _EPOCH) // pd.Timedelta(days=1)).astype("Int64")


def _fmt(value: object) -> str:
    return "unknown" if value is None or pd.isna(value) else str(value)


def popup_html(row: Mapping[str, Any], *, full: bool = True) -> str:
    """The popup of one event (all article text escaped; Arabic right to left)."""
    e = {k: html.escape(str(row.get(k) or "")) for k in _ESCAPED}
    day = row["event_date"].date().isoformat() if pd.notna(row["event_date"]) else "date unknown"
    if pd.notna(row["date_earliest"]) and pd.notna(row["date_latest"]) and row["date_earliest"] != row["date_latest"]:
        day += f" (between {row['date_earliest'].date()} and {row['date_latest'].date()})"
    parts = [
        f"<div class='im-popup' data-event-id='{e['event_id']}'><b>{html.escape(day)}</b>",
        *([f"<div class='im-dataset'>{e['event_id'].replace(':', ' ', 1)} · reference dataset</div>"]
          if e["dataset"] else []),
        f"<div>{e['event_type']} — {e['sub_event_type']}</div>",
        f"<div><b>{e['location']}</b>, {e['admin1']}</div>",
        f"<div dir='rtl' lang='ar' style='text-align:right'>{e['location_ar']}</div>",
        f"<div>killed: {_fmt(row['fatalities'])}, injured: {_fmt(row['injured'])}</div>",
        *([f"<div class='im-also'><b>also in {e['also_in']}</b></div>"] if e["also_in"] else []),
    ]
    if full and row["evidence"]:
        direction = "dir='rtl' lang='ar' style='text-align:right'" if row["language"] == "ar" else "dir='ltr'"
        parts.append(f"<blockquote class='im-evidence' {direction}>{e['evidence'][:600]}</blockquote>")
    count = 1 if pd.isna(row.get("source_count")) else int(row["source_count"])
    sources = f" (+{count - 1} more)" if count > 1 else ""
    parts.append(f"<div class='im-source'>source: {e['source']}{sources} · status: {e['status']} · "
                 f"confidence {float(row['confidence']):.2f}</div></div>")
    return "".join(parts)


def place_html(location: str, location_ar: str, admin1: str) -> str:
    """Place lines of a short popup (escaped; Arabic right to left)."""
    return (f"<div><b>{html.escape(location)}</b>, {html.escape(admin1)}</div>"
            f"<div dir='rtl' lang='ar' style='text-align:right'>{html.escape(location_ar)}</div>")


def legend_html(types: list[tuple[str, str]], n_events: int, n_reference: int = 0) -> str:
    """The legend: one swatch per event type shown, and how to read the circles."""
    items = "".join(
        f"<div><span class='im-swatch' style='background:{colour}'></span>{html.escape(name)}</div>"
        for name, colour in types
    )
    return (
        f"<div class='im-legend-title'>{n_events:,} events</div>{items}"
        "<div class='im-legend-note'>bigger, dashed circle = less precise place</div>"
        + (f"<div class='im-legend-note im-legend-ref'>hollow circle = reference dataset ({n_reference:,})</div>"
           if n_reference else "")
    )


def event_arrays(
    events: pd.DataFrame, highlight: Collection[str] = ()
) -> tuple[dict[str, list], list[tuple[str, str]], list[str]]:
    """Columns ``lat, lon, t`` (type index), ``p`` (geo precision), ``a``/``b`` (first/last day since 1970),
    ``h`` (highlighted), ``k`` (place index); the type palette; the escaped place labels ``k`` points into."""
    present = set(pd.unique(events["event_type"].astype(str)))
    names = [t for t in TYPE_COLOURS if t in present]
    names += sorted(present - set(names))
    index = {name: i for i, name in enumerate(names)}
    first = _day(events["date_earliest"].fillna(events["event_date"])).fillna(0)
    last = _day(events["date_latest"].fillna(events["event_date"])).fillna(0)
    keys = pd.MultiIndex.from_arrays([events["location"].astype(str), events["location_ar"].astype(str),
                                      events["admin1"].astype(str)])
    codes, uniques = pd.factorize(keys)
    columns = {
        "lat": events["latitude"].round(5).to_numpy(dtype="float64"),
        "lon": events["longitude"].round(5).to_numpy(dtype="float64"),
        "t": events["event_type"].astype(str).map(index).to_numpy(dtype="int64"),
        "p": events["geo_precision"].fillna(1).to_numpy(dtype="int64"),
        "a": first.to_numpy(dtype="int64"), "b": last.to_numpy(dtype="int64"),
        "h": events["event_id"].isin(list(highlight)).to_numpy(dtype="int64"), "k": codes.astype("int64"),
        "r": reference_flags(events),
    }
    rows = {name: values.tolist() for name, values in columns.items()}
    return rows, [(n, type_colour(n)) for n in names], [place_html(*u) for u in uniques]


def reference_flags(events: pd.DataFrame) -> np.ndarray:
    """1 for a reference dataset's row (drawn hollow), 0 for a news event."""
    if "dataset" not in events:
        return np.zeros(len(events), dtype="int64")
    return events["dataset"].fillna("").astype(str).ne("").to_numpy(dtype="int64")


def event_bounds(events: pd.DataFrame) -> tuple[float, float, float, float]:
    """(south, west, north, east) around ``events``, padded; Iraq when there are none."""
    if events.empty:
        return IRAQ_BOUNDS
    south, north = float(events["latitude"].min()), float(events["latitude"].max())
    west, east = float(events["longitude"].min()), float(events["longitude"].max())
    pad = max(0.2, 0.05 * max(north - south, east - west))
    return south - pad, west - pad, north + pad, east + pad


def add_basemaps(m: folium.Map, tiles: str | None, asset_base: str) -> None:
    """The bundled offline basemap, and over it the online tile layer unless ``tiles`` is 'offline'."""
    folium.TileLayer(
        tiles=f"{asset_base.rstrip('/')}/{TILE_PATH}", attr=ATTRIBUTION, name="Offline basemap (zoom ≤ 6)",
        max_native_zoom=BASEMAP_MAX_ZOOM, max_zoom=18, overlay=False,
    ).add_to(m)
    if tiles and tiles != "offline":
        folium.TileLayer(tiles=tiles, attr=ATTRIBUTION, name="Online tiles", overlay=True, max_zoom=18).add_to(m)


def build_map(
    events: pd.DataFrame,
    *,
    bounds: tuple[float, float, float, float] | None = None,
    tiles: str | None = None,
    highlight: Collection[str] = (),
    playback: bool = True,
    asset_base: str = STATIC_URL,
    height: str | int = "100%",
    data_url: str | None = None,
) -> folium.Map:
    """A folium map of ``events`` (an event table, see :mod:`dashboard.events.table`).

    ``bounds`` (south, west, north, east) sets the view, else it fits the events. ``tiles`` is an online tile
    URL template ("offline" or None: only the bundled basemap). ``highlight`` holds event ids drawn with a ring.
    ``asset_base`` is where Leaflet and the basemap are served (see :func:`dashboard.views.assets.ensure_vendor`);
    every JS/CSS link already points there, so the map works with no internet. The map is pure data: render it
    with ``streamlit_folium.st_folium``, ``m.save()``, or :func:`dashboard.views.assets.standalone_html`.

    The events' data (columns and escaped popups, ~4 MB for 100,000 events) is inlined in the map's script,
    unless ``data_url`` is given: then the browser fetches it from there, and the caller must publish
    ``m.event_data_json`` (set on the returned map in both cases) at that URL. The dashboard does so, which
    keeps the multi-megabyte payload out of Streamlit's websocket and the component's re-render path.
    """
    south, west, north, east = bounds or event_bounds(events)
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=6, tiles=None,
                   max_zoom=18, min_zoom=2, control_scale=True, height=height)
    add_basemaps(m, tiles, asset_base)
    data, types = map_data(events, highlight)
    data_json = _js(data)
    legend = legend_html(types, len(events), int(sum(data["cols"]["r"])))
    EventLayer(data_json, data_url, legend, playback=playback).add_to(m)
    m.event_data_json = data_json  # what to publish at ``data_url``
    m.fit_bounds([[south, west], [north, east]])
    if tiles and tiles != "offline":
        folium.LayerControl(collapsed=True).add_to(m)
    return localize_map(m, asset_base)
