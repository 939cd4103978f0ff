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
  Offline, the map's zoom is capped at :data:`OFFLINE_MAX_ZOOM`: beyond it the zoom-6 tiles would be shown
  blown up 4, 8, 16 times (blurred pixels, not a map); at the cap every event is its own circle, so the cap
  hides none in a cluster. (Shipping Iraq's tiles to zoom 10 would take ~60 MB the package cannot carry.)

>>> from dashboard.events.table import events_to_frame
>>> m = build_map(events_to_frame([]), tiles="offline")
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Mapping
from typing import Any, ClassVar

import folium
import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from jinja2 import Template

from dashboard.resources import read_text
from dashboard.text.wording import counted
from dashboard.views import i18n
from dashboard.views.aggregate import AGGREGATE_OVER, around, cells
from dashboard.views.assets import ATTRIBUTION, BASEMAP_MAX_ZOOM, STATIC_URL, TILE_PATH, localize_map
from dashboard.views.highlight import evidence_line_html
from dashboard.views.style import RADIUS, SHAPES, TYPE_COLOURS, shape_svg, type_colour, type_shape

#: Iraq's bounding box (south, west, north, east): the view of an empty map.
IRAQ_BOUNDS = (29.0, 38.8, 37.4, 48.8)
#: Over this many events popups are built in the browser from shared labels (date, type, place; the
#: evidence stays in the table) so 100,000 events stay a few MB.
FULL_POPUP_LIMIT = 5_000
_ESCAPED = ("event_id", "event_type", "sub_event_type", "location", "location_ar", "admin1", "evidence", "source",
            "status", "also_in", "dataset")
_POPUP_COLUMNS = (*_ESCAPED, "event_date", "date_earliest", "date_latest", "fatalities", "injured", "language",
                  "confidence", "source_count", "news_matches", "spans")
#: The playback control's texts, from the catalogue (``L10N`` in mapview.js).
_PLAYBACK_KEYS = ("play.play", "play.all", "play.all_help", "play.window", "play.1", "play.7", "play.30",
                  "play.cumulative", "play.all_dates", "play.until", "popup.click")
#: The deepest zoom of an offline map: the bundled tiles' own zoom plus one (shown at twice their size).
OFFLINE_MAX_ZOOM = BASEMAP_MAX_ZOOM + 1
ONLINE_MAX_ZOOM = 18
_EPOCH = pd.Timestamp("1970-01-01")
_TEMPLATE = read_text("views", "mapview.js")


class EventLayer(JSCSSMixin):
    """All events as one cluster layer, plus legend, playback control and ``window.incidentMapStats()``.

    ``data_json`` inlines the events (exports); without it the layer waits for ``window.incidentMapLoad(url)``
    (the page's :class:`DataLayer`) and can be given other data again and again, keeping the map's view.
    ``bounds`` ((south, west), (north, east)) is fitted first, without animation; ``fit_first`` fits the first
    data's own bounds (the page: the events the analyst opens the page on; later data keep the view).
    """

    #: Only markercluster's stylesheet: its cluster bubbles' look, without its slow indexing script.
    default_css: ClassVar[list[tuple[str, str]]] = [
        ("markerclustercss", f"{STATIC_URL}/markercluster/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{STATIC_URL}/markercluster/MarkerCluster.Default.css"),
    ]

    _template = Template("{% macro script(this, kwargs) %}" + _TEMPLATE + "{% endmacro %}")

    def __init__(self, data_json: str | None, *, bounds: Any = None, fit_first: bool = False, playback: bool = True,
                 language: str = "en") -> None:
        super().__init__()
        self._name = "EventLayer"
        self.data_json = data_json or "null"
        self.bounds_json = json.dumps(bounds)
        self.fit_first_json = json.dumps(fit_first)
        self.playback = playback
        self.labels_json = _js({k: i18n.t(language, k, day="") for k in _PLAYBACK_KEYS})
        self.digits_json = _js(language == "ar")
        self.radius_json = json.dumps(RADIUS)
        self.shapes_json = json.dumps(SHAPES, separators=(",", ":"))


#: Payloads up to this many characters travel inside the :class:`DataLayer` (the component's arguments, on the
#: websocket that already carries the page), so the map draws them without a second request; larger ones
#: (100,000 events: ~4 MB) are fetched from the static file, compressed, off the websocket.
INLINE_LIMIT = 200_000


class DataLayer(folium.FeatureGroup):
    """The page's events, by URL: passed to ``st_folium(feature_group_to_add=...)``, it makes the live map's
    :class:`EventLayer` fetch and draw the JSON published at ``url``. A filter change sends only a new one of these,
    so streamlit-folium keeps its map (same script, same component key): centre, zoom and open controls stay.
    ``data`` (the JSON published at ``url``) is inlined when it is at most :data:`INLINE_LIMIT` characters: the
    map draws it at once, with no request after Leaflet has loaded."""

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = L.featureGroup();\n"
        "if (window.incidentMapLoad) { window.incidentMapLoad({{ this.url_json }}, {{ this.data_json }}); }\n"
        "{% endmacro %}"
    )

    def __init__(self, url: str, data: str | None = None) -> None:
        super().__init__(name="events", control=False)
        self.url_json = json.dumps(url)
        self.data_json = data if data is not None and len(data) <= INLINE_LIMIT else "null"


def _palette(events: pd.DataFrame) -> list[tuple[str, str]]:
    """The event types present, in legend order, with their colours."""
    present = set(pd.unique(events["event_type"].astype(str)))
    names = [t for t in TYPE_COLOURS if t in present] + sorted(present - set(TYPE_COLOURS))
    return [(n, type_colour(n)) for n in names]


def _shared(events: pd.DataFrame, types: list[tuple[str, str]], language: str) -> dict[str, Any]:
    """What every payload carries: type names, colours, shapes, the legend and the events' bounds (rounded)."""
    south, west, north, east = event_bounds(events)
    reference = int(reference_flags(events).sum())
    return {"types": [html.escape(i18n.type_name(language, t)) for t, _ in types], "colours": [c for _, c in types],
            "shapes": [type_shape(t) for t, _ in types], "legend": legend_html(types, len(events), reference, language),
            "bounds": [[round(south, 2), round(west, 2)], [round(north, 2), round(east, 2)]], "total": len(events)}


def map_data(events: pd.DataFrame, highlight: Collection[str] = (), language: str = "en",
             area: pd.DataFrame | None = None) -> dict[str, Any]:
    """What the browser needs to draw ``events`` (or only those in ``area``, a part of them): columns, popups
    (escaped), place labels, types, colours, shapes, the legend and the events' bounds."""
    shown = events if area is None else area
    cols, types, places = event_arrays(shown, highlight, language)
    popups = None
    if len(shown) <= FULL_POPUP_LIMIT:
        records = shown.reindex(columns=list(_POPUP_COLUMNS)).to_dict("records")
        popups = [popup_html(r, language=language) for r in records]
    data = _shared(events, _palette(events), language)  # the legend: every event of the view
    palette = _shared(shown, types, language) if area is not None else data  # what ``cols["t"]`` indexes
    return {**data, "types": palette["types"], "colours": palette["colours"], "shapes": palette["shapes"],
            "cols": cols, "popups": popups, "places": places}


def map_json(events: pd.DataFrame, highlight: Collection[str] = (), language: str = "en", *,
             zoom: int | None = None, bounds: tuple[float, float, float, float] | None = None) -> str:
    """What the page publishes for :class:`DataLayer`: every event (~40 bytes each) up to
    :data:`~dashboard.views.aggregate.AGGREGATE_OVER` around the map's view (``bounds``), else the server's clusters
    at ``zoom`` (:mod:`dashboard.views.aggregate`)."""
    if len(events) <= AGGREGATE_OVER:
        return _js(map_data(events, highlight, language))
    area = around(bounds, events)
    if len(area) <= AGGREGATE_OVER:
        return _js(map_data(events, highlight, language, area=area))
    return _js({**_shared(events, _palette(events), language), "cells": cells(area, zoom or 6, highlight)})


def _js(value: object) -> str:
    """JSON for inlining in a <script> (no "</" can close the script early)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _day(series: pd.Series) -> pd.Series:
    return ((series - _EPOCH) // pd.Timedelta(days=1)).astype("Int64")


def _fmt(value: object, language: str = "en") -> str:
    if value is None or pd.isna(value):
        return i18n.t(language, "popup.unknown")
    return i18n.number(language, int(value)) if isinstance(value, int | float) else str(value)


def _day_text(value: Any, language: str) -> str:
    return i18n.iso_day(language, value.date())


def _text(value: Any) -> str:
    """A cell as text; a missing one (None, NaN: a column the frame lacks) is empty, never "nan"."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def popup_html(row: Mapping[str, Any], *, full: bool = True, language: str = "en") -> str:
    """The popup of one event in ``language`` (all article text escaped; Arabic right to left)."""
    t = lambda key, **kw: i18n.t(language, key, **kw)  # noqa: E731
    e = {k: html.escape(_text(row.get(k))) for k in _ESCAPED}
    day = _day_text(row["event_date"], language) if pd.notna(row["event_date"]) else t("popup.date_unknown")
    if pd.notna(row["date_earliest"]) and pd.notna(row["date_latest"]) and row["date_earliest"] != row["date_latest"]:
        day += " (" + t("popup.between", first=_day_text(row["date_earliest"], language),
                        last=_day_text(row["date_latest"], language)) + ")"
    kind = (f"{html.escape(i18n.type_name(language, str(row.get('event_type') or '')))} — "
            f"{html.escape(i18n.type_name(language, str(row.get('sub_event_type') or '')))}")
    if language == "en":
        where = [f"<div><b>{e['location']}</b>, {e['admin1']}</div>",
                 f"<div dir='rtl' lang='ar' style='text-align:right'>{e['location_ar']}</div>"]
    else:
        name = i18n.place(language, str(row.get("location") or ""), str(row.get("location_ar") or ""))
        region = i18n.governorate_name(language, str(row.get("admin1") or ""))
        where = [f"<div><b>{html.escape(name)}</b>، {html.escape(region)}</div>"]
    also = ""
    if e["also_in"]:
        listed = re.sub(r"\(\+(\d+) more\)", lambda m: t("popup.more", n=i18n.number(language, int(m[1]))),
                        e["also_in"])  # matching's "(+4 more)" in the popup's language
        also = t("popup.also_in_news", n=_fmt(row.get("news_matches"), language)) if e["dataset"] else t(
            "popup.also_in", datasets=listed)
    parts = [
        f"<div class='im-popup' dir='{i18n.direction(language)}' data-event-id='{e['event_id']}'>"
        f"<b>{html.escape(day)}</b>",
        *([f"<div class='im-dataset'>{e['event_id'].replace(':', ' ', 1)} · {t('popup.reference')}</div>"]
          if e["dataset"] else []),
        f"<div>{kind}</div>",
        *where,
        "<div>" + t("popup.casualties", killed=_fmt(row["fatalities"], language),
                    injured=_fmt(row["injured"], language)) + "</div>",
        *([f"<div class='im-also'><b>{also}</b></div>"] if also else []),
    ]
    if full and row["evidence"]:
        direction = "dir='rtl' lang='ar' style='text-align:right'" if row["language"] == "ar" else "dir='ltr'"
        line = evidence_line_html(str(row["evidence"]), row.get("spans"), limit=600)  # escaped, spans highlighted
        parts.append(f"<blockquote class='im-evidence' {direction}>{line}</blockquote>")
    count = 1 if pd.isna(row.get("source_count")) else int(row["source_count"])
    more = " " + t("popup.more", n=i18n.number(language, count - 1)) if count > 1 else ""
    status = html.escape(i18n.status_name(language, str(row.get("status") or "")))
    confidence = i18n.number(language, float(row["confidence"]), 2)
    parts.append("<div class='im-source'>" + t("popup.source", source=e["source"], more=more, status=status,
                                                 confidence=confidence) + "</div></div>")
    return "".join(parts)


def place_html(location: str, location_ar: str, admin1: str, language: str = "en") -> str:
    """Place lines of a short popup (escaped; Arabic right to left)."""
    if language != "en":
        name = i18n.place(language, location, location_ar)
        return f"<div><b>{html.escape(name)}</b>، {html.escape(i18n.governorate_name(language, admin1))}</div>"
    return (f"<div><b>{html.escape(location)}</b>, {html.escape(admin1)}</div>"
            f"<div dir='rtl' lang='ar' style='text-align:right'>{html.escape(location_ar)}</div>")


def legend_html(types: list[tuple[str, str]], n_events: int, n_reference: int = 0, language: str = "en") -> str:
    """The legend in ``language``: one swatch (shape and colour) per event type shown, and how to read the
    markers."""
    items = "".join(
        f"<div>{shape_svg(type_shape(name), colour)}"
        f"{html.escape(i18n.type_name(language, name))}</div>"
        for name, colour in types
    )
    reference = i18n.t(language, "legend.reference", n=i18n.number(language, n_reference)) if n_reference else ""
    title = counted(n_events, "event") if language == "en" else i18n.t(
        language, "legend.events", n=i18n.number(language, n_events))
    return (
        f"<div class='im-legend-body' dir='{i18n.direction(language)}'><div class='im-legend-title'>"
        f"{title}</div>{items}"
        f"<div class='im-legend-note'>{i18n.t(language, 'legend.precision')}</div>"
        + (f"<div class='im-legend-note im-legend-ref'>{reference}</div>" if reference else "") + "</div>"
    )


def event_arrays(
    events: pd.DataFrame, highlight: Collection[str] = (), language: str = "en"
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
    return rows, [(n, type_colour(n)) for n in names], [place_html(*u, language) for u in uniques]


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


def is_offline(tiles: str | None) -> bool:
    """True when the map uses only the bundled basemap."""
    return not tiles or tiles == "offline"


def add_basemaps(m: folium.Map, tiles: str | None, asset_base: str, attribution: str = ATTRIBUTION,
                 language: str = "en") -> None:
    """The bundled offline basemap, and over it the online tile layer unless ``tiles`` is 'offline'."""
    top = OFFLINE_MAX_ZOOM if is_offline(tiles) else ONLINE_MAX_ZOOM
    folium.TileLayer(
        tiles=f"{asset_base.rstrip('/')}/{TILE_PATH}", name=f"Offline basemap (zoom ≤ {BASEMAP_MAX_ZOOM})",
        attr=attribution + (i18n.t(language, "map.offline", zoom=i18n.number(language, OFFLINE_MAX_ZOOM))
                            if is_offline(tiles) else ""),
        max_native_zoom=BASEMAP_MAX_ZOOM, max_zoom=top, overlay=False,
    ).add_to(m)
    if not is_offline(tiles):
        folium.TileLayer(tiles=tiles, attr=attribution, name="Online tiles", overlay=True,
                         max_zoom=ONLINE_MAX_ZOOM).add_to(m)


def _base_map(bounds: tuple[float, float, float, float], tiles: str | None, asset_base: str, height: str | int,
              language: str) -> folium.Map:
    south, west, north, east = bounds
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=6, tiles=None,
                   max_zoom=OFFLINE_MAX_ZOOM if is_offline(tiles) else ONLINE_MAX_ZOOM, min_zoom=2,
                   control_scale=True, height=height)
    add_basemaps(m, tiles, asset_base, ATTRIBUTION if language == "en" else i18n.t(language, "map.attribution"),
                 language)
    return m


def _finish(m: folium.Map, tiles: str | None, asset_base: str) -> folium.Map:
    if not is_offline(tiles):
        folium.LayerControl(collapsed=True).add_to(m)
    return localize_map(m, asset_base)


def build_map(
    events: pd.DataFrame,
    *,
    bounds: tuple[float, float, float, float] | None = None,
    tiles: str | None = None,
    highlight: Collection[str] = (),
    playback: bool = True,
    asset_base: str = STATIC_URL,
    height: str | int = "100%",
    language: str = "en",
) -> folium.Map:
    """A folium map of ``events`` (an event table, see :mod:`dashboard.events.table`), its data inlined.

    ``bounds`` (south, west, north, east) sets the view, else it fits the events. ``tiles`` is an online tile
    URL template ("offline" or None: only the bundled basemap). ``highlight`` holds event ids drawn with a ring.
    ``asset_base`` is where Leaflet and the basemap are served (see :func:`dashboard.views.assets.ensure_vendor`);
    every JS/CSS link already points there, so the map works with no internet. The map is pure data: render it
    with ``m.save()`` or :func:`dashboard.views.assets.standalone_html` (the exports). The page uses
    :func:`live_map` instead, which keeps its view while its data change.
    """
    south, west, north, east = bounds or event_bounds(events)
    m = _base_map((south, west, north, east), tiles, asset_base, height, language)
    EventLayer(_js(map_data(events, highlight, language)), bounds=[[south, west], [north, east]], playback=playback,
               language=language).add_to(m)
    return _finish(m, tiles, asset_base)


def live_map(
    bounds: tuple[float, float, float, float] = IRAQ_BOUNDS,
    *,
    tiles: str | None = None,
    playback: bool = True,
    asset_base: str = STATIC_URL,
    height: str | int = "100%",
    language: str = "en",
) -> folium.Map:
    """The page's map: basemaps, controls and an empty :class:`EventLayer` that draws whatever a
    :class:`DataLayer` points it at (the first data fit the view; later data keep it). Its script depends only
    on its arguments, so streamlit-folium keeps one map across reruns while the filters change."""
    m = _base_map(bounds, tiles, asset_base, height, language)
    south, west, north, east = bounds
    EventLayer(None, bounds=[[south, west], [north, east]], fit_first=True, playback=playback,
               language=language).add_to(m)
    return _finish(m, tiles, asset_base)
