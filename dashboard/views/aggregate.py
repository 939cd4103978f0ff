"""Clusters made on the server for large views (map-view layer): what the page's map gets when it would show more
than :data:`AGGREGATE_OVER` events.

The browser clusters up to that many events itself (``mapview.js``: a screen-space grid, every event sent). Beyond,
sending every event costs more than the clustering: ~40 bytes of JSON an event, 40 MB for a million. So the server
groups the events on the same 80-pixel Web-Mercator grid the browser uses, for the map's current zoom and the area
around its view (one view's width and height on every side), and sends one bubble per cell: its count, centre and
extent. The JSON then scales with the cells shown (tens to a few thousand), not with the events stored. Zooming or
panning reruns the page (the map reports its view) and the cells are made again for the new view; once the area
holds no more than :data:`AGGREGATE_OVER` events, they are sent one by one as usual.

>>> import pandas as pd
>>> df = pd.DataFrame({"latitude": [33.3, 33.31, 36.2], "longitude": [44.4, 44.41, 44.0],
...                    "event_id": ["a", "b", "c"], "dataset": ["", "", ""]})
>>> c = cells(df, zoom=6)
>>> sorted(c["n"])
[1, 2]
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

#: Over this many events in the map's area, the server sends clusters (see the module's docstring).
AGGREGATE_OVER = 20_000
#: Cell size in screen pixels (as ``CELL`` in ``mapview.js``).
CELL = 80


def mercator(lat: np.ndarray, lon: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web-Mercator pixel coordinates at ``zoom`` (Leaflet's ``map.project``)."""
    scale = 256.0 * 2.0 ** zoom
    s = np.sin(np.radians(np.clip(lat, -85.0, 85.0)))
    return (lon + 180.0) / 360.0 * scale, (0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)) * scale


def around(bounds: tuple[float, float, float, float] | None, events: pd.DataFrame) -> pd.DataFrame:
    """The events within ``bounds`` (south, west, north, east) widened by its own size on every side."""
    if bounds is None:
        return events
    south, west, north, east = bounds
    dy, dx = north - south, east - west
    inside = (events["latitude"].between(south - dy, north + dy)
              & events["longitude"].between(west - dx, east + dx))
    return events[inside.to_numpy()]


def cells(events: pd.DataFrame, zoom: int, highlight: Collection[str] = ()) -> dict[str, list]:
    """``events`` grouped on the grid of ``zoom``: per cell its count ``n``, mean position ``lat``/``lon``, extent
    ``s``/``w``/``nn``/``e``, ``h`` (holds a highlighted event) and ``r`` (reference rows, clustered apart)."""
    lat = events["latitude"].to_numpy(dtype="float64")
    lon = events["longitude"].to_numpy(dtype="float64")
    x, y = mercator(lat, lon, zoom)
    ref = (events["dataset"].fillna("").astype(str).ne("").to_numpy() if "dataset" in events
           else np.zeros(len(events), dtype=bool))
    frame = pd.DataFrame({"cx": np.floor(x / CELL).astype("int64"), "cy": np.floor(y / CELL).astype("int64"),
                          "r": ref.astype("int64"), "lat": lat, "lon": lon,
                          "h": events["event_id"].isin(list(highlight)).to_numpy(dtype="int64")})
    grouped = frame.groupby(["cx", "cy", "r"], sort=True).agg(
        n=("lat", "size"), lat=("lat", "mean"), lon=("lon", "mean"), s=("lat", "min"), nn=("lat", "max"),
        w=("lon", "min"), e=("lon", "max"), h=("h", "max")).reset_index()
    out: dict[str, Any] = {"n": grouped["n"].astype(int).tolist(), "r": grouped["r"].astype(int).tolist(),
                           "h": grouped["h"].astype(int).tolist()}
    for column in ("lat", "lon", "s", "nn", "w", "e"):
        out[column] = grouped[column].round(5).tolist()
    return out
