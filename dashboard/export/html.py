"""Standalone HTML of the current view (export layer): the page's own map in one file that opens from disk offline.

The map is :func:`dashboard.views.mapview.build_map` (same markers, popups and legend as the page; it escapes
article text), made self-contained by :func:`dashboard.views.assets.standalone_html` (Leaflet inlined, the
offline basemap's tiles around the view embedded and drawn). folium names every element with a random id; they are
renumbered here so one view always gives the same file (page and CLI exports compare equal).
"""

from __future__ import annotations

import html
import re
from datetime import datetime

import pandas as pd

from dashboard.export import captions
from dashboard.export.view import ExportView, date_range_text, describe_filters, source_line, view_extent
from dashboard.text.wording import counted
from dashboard.views.assets import standalone_html
from dashboard.views.mapview import build_map

_FOLIUM_ID = re.compile(r"\b([a-z][a-z_]*?)_([0-9a-f]{32})\b")


def stable_ids(page: str) -> str:
    """Replace folium's random ``name_<32 hex>`` ids by ``name_<n>`` in order of first appearance.

    >>> stable_ids("map_0123456789abcdef0123456789abcdef map_0123456789abcdef0123456789abcdef")
    'map_1 map_1'
    """
    seen: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        key = match.group(0)
        if key not in seen:
            seen[key] = f"{match.group(1)}_{len(seen) + 1}"
        return seen[key]

    return _FOLIUM_ID.sub(renumber, page)


def _title_block(events: pd.DataFrame, view: ExportView, made_at: datetime) -> str:
    """A small caption box (title, dates, filters, time made) over the map."""
    title = html.escape(captions.title(view))
    if captions.rtl(view):
        caption = html.escape(captions.subtitle(events, view, sep=" | "))
        made = html.escape(f"{captions.source_text(events, view)} | {captions.made_text(view, made_at)}")
    else:
        caption = html.escape(
            f"{date_range_text(events, view)} · {counted(len(events), 'event')} · "
            f"{describe_filters(view, dates=False, events=events)}"
        )
        made = html.escape(f"{source_line(events)} · made {made_at:%Y-%m-%d %H:%M} UTC")
    side = "right:56px" if captions.rtl(view) else "left:56px"
    return (
        f"<div id='im-export-caption' style='position:fixed;top:8px;{side};z-index:1000;background:#fffe;"
        "padding:6px 10px;border-radius:4px;font:13px sans-serif;box-shadow:0 1px 4px #0004' "
        f"dir='{'rtl' if captions.rtl(view) else 'auto'}'>"
        f"<b style='font-size:15px'>{title}</b><br>{caption}<br><span style='color:#666'>{made}</span></div>"
    )


def render_html(
    events: pd.DataFrame, view: ExportView, *, made_at: datetime, tiles: str | None = None, **_: object
) -> bytes:
    """The standalone HTML bytes of the view (UTF-8)."""
    extent = view_extent(events, view)
    m = build_map(events, bounds=extent, tiles=tiles, playback=False, height="100%", language=view.language)
    page = standalone_html(m, tiles_bbox=extent)
    page = page.replace("</head>", f"<title>{html.escape(captions.title(view))}</title>\n</head>", 1)
    if view.language != "en":
        direction = "rtl" if captions.rtl(view) else "ltr"
        page = page.replace("<html>", f"<html lang='{view.language}' dir='{direction}'>", 1)
    page = page.replace("<body>", "<body>\n" + _title_block(events, view, made_at), 1)
    return stable_ids(page).encode("utf-8")
