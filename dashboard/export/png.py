"""PNG of the current view (export layer): a slide-ready map image drawn with matplotlib (no browser needed).

Why matplotlib: it needs no browser process, is deterministic to the byte (page and CLI exports of one view
are equal), renders 1,000 markers in well under a second, and shapes Arabic from 3.11 on. The basemap
comes from :mod:`dashboard.export.tiles` (offline MBTiles, or a tile URL when reachable). The image
has the map, markers coloured as on the page, legend, title, date range, scale bar, north arrow, and a
source and attribution line. A blank image (a silent offline failure) raises ExportError
instead of being written.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.text import Text
from PIL import Image

from dashboard.export import captions
from dashboard.export.fonts import ATTRIBUTION, mpl_families
from dashboard.export.tiles import TileSource, mosaic, tile_source, world_xy
from dashboard.export.view import (
    Bounds,
    ExportView,
    check_not_blank,
    view_extent,
)
from dashboard.views.style import FILL_OPACITY, MATPLOTLIB_MARKERS, RADIUS, type_colors, type_shape

DPI = 100
EARTH_CIRCUMFERENCE_M = 40_075_016.686
COARSE_UPSCALE = 4.0
FADE = 0.45
MARKER_SCALE = 1.5  # slide markers are half again as big as the page's, for a room


@dataclass(frozen=True, slots=True)
class MapLayout:
    """Where things go in the image: the map's pixel box and the zoom-0 world box it shows."""

    width: int
    height: int
    header: int
    footer: int
    world: tuple[float, float, float, float]  # x0, y0, x1, y1 (zoom-0 world pixels)

    @property
    def map_box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of the map in image pixels."""
        return 0, self.header, self.width, self.height - self.footer

    @property
    def pixels_per_world(self) -> float:
        return self.width / (self.world[2] - self.world[0])

    def to_pixel(self, lat: float, lon: float) -> tuple[float, float]:
        """Image pixel (x right, y down) where (lat, lon) is drawn."""
        wx, wy = world_xy(lat, lon)
        return (wx - self.world[0]) * self.pixels_per_world, self.header + (wy - self.world[1]) * self.pixels_per_world


def layout_for(extent: Bounds, size: tuple[int, int], *, chrome: bool = True) -> MapLayout:
    """Fit ``extent`` (S, W, N, E) into the map area of an image of ``size``, keeping Mercator's aspect."""
    width, height = size
    header, footer = (round(height * 0.11), round(height * 0.04)) if chrome else (0, 0)
    south, west, north, east = extent
    (x0, y1), (x1, y0) = world_xy(south, west), world_xy(north, east)
    map_h = height - header - footer
    scale = min(width / max(x1 - x0, 1e-9), map_h / max(y1 - y0, 1e-9))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = width / 2 / scale, map_h / 2 / scale
    return MapLayout(width, height, header, footer, (cx - half_w, cy - half_h, cx + half_w, cy + half_h))


def tile_zoom(layout: MapLayout, source: TileSource) -> int:
    """The tile zoom nearest the image's scale (tiles drawn at most ~1.4x up or down), capped by the source."""
    return max(0, min(round(math.log2(max(layout.pixels_per_world, 1.0))), source.url_max_zoom))


def _draw_basemap(ax: matplotlib.axes.Axes, layout: MapLayout, source: TileSource) -> bool:
    """Draw the tiles; a basemap blown up 4x or more (offline tiles stop at zoom 6) is faded behind the
    markers, so its blurred giant labels do not compete with them. Returns whether it was faded."""
    x0, y0, x1, y1 = layout.world
    zoom = tile_zoom(layout, source)
    image, extent = mosaic(source, zoom, x0, y0, x1, y1)
    pixels = np.asarray(image)
    coarse = layout.pixels_per_world / (1 << zoom) >= COARSE_UPSCALE
    if coarse:
        pixels = (pixels * (1 - FADE) + 255 * FADE).astype(np.uint8)
    ax.imshow(pixels, extent=extent, interpolation="bilinear", aspect="auto", zorder=0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)
    return coarse


def _draw_markers(ax: matplotlib.axes.Axes, events: pd.DataFrame, scale: float, view: ExportView | None = None
                  ) -> None:
    """Markers as on the page (colour and shape: type; radius, opacity, dashes: geo precision), legend."""
    types = sorted(events["event_type"].astype(str).unique())
    colors = type_colors(types)
    radius = RADIUS
    precision = events["geo_precision"].fillna(1).astype(int).clip(1, 3)
    handles = []
    for event_type in types:
        of_type = events["event_type"].astype(str) == event_type
        for level in (3, 2, 1):  # precise places on top
            rows = events[of_type & (precision == level)]
            if rows.empty:
                continue
            xs, ys = zip(*map(world_xy, rows["latitude"], rows["longitude"]), strict=True)
            radius_pt = radius.get(level, 6) * MARKER_SCALE * scale * 72 / DPI
            ax.scatter(
                xs,
                ys,
                s=(2 * radius_pt) ** 2,
                marker=MATPLOTLIB_MARKERS[type_shape(event_type)],
                facecolors=to_rgba(colors[event_type], FILL_OPACITY[level]),
                edgecolors=colors[event_type],
                linewidths=1.5 * scale,
                linestyles="solid" if level == 1 else (0, (4, 3)),
                zorder=3 + (3 - level),
            )
        count = int(of_type.sum())
        size = 2 * radius[1] * MARKER_SCALE * scale * 72 / DPI
        handles.append(
            Line2D(
                [],
                [],
                marker=MATPLOTLIB_MARKERS[type_shape(event_type)],
                linestyle="",
                markersize=size,
                markerfacecolor=to_rgba(colors[event_type], FILL_OPACITY[1]),
                markeredgecolor=colors[event_type],
                label=no_mathtext(captions.type_label(view or ExportView(), event_type, count)),
            )
        )
    legend = ax.legend(
        handles=handles,
        loc="upper right",
        title=captions.legend_title(view or ExportView()),
        markerfirst=not (view is not None and captions.rtl(view)),
        fontsize=15 * scale,
        title_fontsize=16 * scale,
        framealpha=0.92,
        borderpad=0.8,
    )
    legend.set_zorder(10)


def no_mathtext(text: str) -> str:
    """Escape ``$`` so matplotlib draws article text (publishers, types) as written, never as mathtext.

    >>> print(no_mathtext("Al $Sumaria$"))
    Al \\$Sumaria\\$
    """
    return text.replace("$", r"\$")


def nice_length_m(target_m: float) -> float:
    """The 1-2-5 round length nearest below ``target_m``.

    >>> nice_length_m(37_000)
    20000.0
    """
    power = 10 ** math.floor(math.log10(target_m))
    return float(max(m for m in (1, 2, 5, 10) if m * power <= target_m) * power)


def _draw_scale_and_north(ov: matplotlib.axes.Axes, layout: MapLayout, scale: float, language: str = "en") -> None:
    """Scale bar (bottom left of the map) and north arrow (top left), in image pixel coordinates."""
    left, top, _right, bottom = layout.map_box
    y_mid = (layout.world[1] + layout.world[3]) / 2
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y_mid / 256))) - math.pi / 2)
    metres_per_px = EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)) / 256 / layout.pixels_per_world
    length_m = nice_length_m(layout.width / 6 * metres_per_px)
    bar_px = length_m / metres_per_px
    bx, by, bar_h = left + 30 * scale, bottom - 40 * scale, 10 * scale
    ov.add_patch(
        Rectangle(
            (bx - 10 * scale, by - 36 * scale),
            bar_px + 20 * scale,
            56 * scale,
            facecolor="white",
            alpha=0.85,
            edgecolor="none",
        )
    )
    ov.add_patch(Rectangle((bx, by), bar_px / 2, bar_h, facecolor="black"))
    ov.add_patch(Rectangle((bx + bar_px / 2, by), bar_px / 2, bar_h, facecolor="white", edgecolor="black"))
    label = f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"
    if language != "en":
        label = captions.scale_label(language, length_m)
    ov.text(bx + bar_px / 2, by - 8 * scale, label, ha="center", va="bottom", fontsize=14 * scale, parse_math=False)
    nx, ny = left + 55 * scale, top + 40 * scale
    ov.add_patch(
        Polygon(
            [(nx, ny), (nx - 16 * scale, ny + 50 * scale), (nx, ny + 38 * scale)],
            closed=True,
            facecolor="black",
        )
    )
    ov.add_patch(
        Polygon(
            [(nx, ny), (nx + 16 * scale, ny + 50 * scale), (nx, ny + 38 * scale)],
            closed=True,
            facecolor="white",
            edgecolor="black",
            linewidth=1.2 * scale,
        )
    )
    ov.text(nx, ny + 54 * scale, captions.north(language), ha="center", va="top", fontsize=20 * scale,
            fontweight="bold", parse_math=False)


def _draw_chrome(
    ov: matplotlib.axes.Axes,
    events: pd.DataFrame,
    view: ExportView,
    layout: MapLayout,
    made_at: datetime,
    scale: float,
    *,
    coarse: bool = False,
) -> None:
    """Title, date range and filters above the map; source, attribution and time below it."""
    margin = 30 * scale
    rtl = captions.rtl(view)  # Arabic: title and captions from the right, attribution on the left
    start, end = (layout.width - margin, margin) if rtl else (margin, layout.width - margin)
    near, far = ("right", "left") if rtl else ("left", "right")
    ov.text(start, layout.header * 0.45, captions.title(view), fontsize=30 * scale, fontweight="bold", va="center",
            ha=near, parse_math=False)
    subtitle = captions.subtitle(events, view)
    ov.text(start, layout.header * 0.82, subtitle, fontsize=15 * scale, color="#444444", va="center", ha=near,
            parse_math=False)
    foot_y = layout.height - layout.footer / 2
    ov.text(start, foot_y, captions.source_text(events, view), fontsize=12 * scale, color="#333333", va="center",
            ha=near, parse_math=False)
    if rtl:
        basemap, made = captions.attribution(view, coarse=coarse), captions.made_text(view, made_at)
    else:
        basemap = f"{ATTRIBUTION} (offline, zoom ≤ 6: coarse at this scale)" if coarse else ATTRIBUTION
        made = f"made {made_at:%Y-%m-%d %H:%M} UTC"
    ov.text(end, foot_y, f"{basemap}{captions.separator(view)}{made}", fontsize=12 * scale, color="#333333",
            va="center", ha=far, parse_math=False)


@dataclass(frozen=True)
class Rendered:
    """A drawn view: RGB pixels, the layout (where events project) and every text with its pixel box."""

    rgb: np.ndarray
    layout: MapLayout
    texts: tuple[tuple[str, tuple[float, float, float, float]], ...]


def _texts(fig: Figure, height: int) -> tuple[tuple[str, tuple[float, float, float, float]], ...]:
    """Visible texts and their boxes (left, top, right, bottom) in image pixels, for checks and tests."""
    renderer = fig.canvas.get_renderer()
    found = []
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text():
            box = text.get_window_extent(renderer)
            found.append((text.get_text(), (box.x0, height - box.y1, box.x1, height - box.y0)))
    return tuple(found)


def render_view(
    events: pd.DataFrame, view: ExportView, *, made_at: datetime, tiles: str | None = None, chrome: bool = True
) -> Rendered:
    """Draw the view (``chrome``: with title band and source line; without for the PDF's map figure)."""
    width, height = view.size
    layout = layout_for(view_extent(events, view), view.size, chrome=chrome)
    scale = height / 1080 if chrome else min(width / 1920, height / 1080) * 1.4
    source = tile_source(tiles)
    try:
        with matplotlib.rc_context({"font.family": mpl_families(), "font.size": 12}):
            fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
            canvas = FigureCanvasAgg(fig)
            map_height = (height - layout.header - layout.footer) / height
            ax = fig.add_axes((0, layout.footer / height, 1, map_height))
            ax.set_axis_off()
            coarse = _draw_basemap(ax, layout, source)
            _draw_markers(ax, events, scale, view)
            ov = fig.add_axes((0, 0, 1, 1), zorder=10)
            ov.set_axis_off()
            ov.set_xlim(0, width)
            ov.set_ylim(height, 0)
            _draw_scale_and_north(ov, layout, scale, view.language)
            if chrome:
                _draw_chrome(ov, events, view, layout, made_at, scale, coarse=coarse)
            canvas.draw()
            rgb = np.asarray(canvas.buffer_rgba())[:, :, :3].copy()
            texts = _texts(fig, height)
    finally:
        source.close()
    check_not_blank(rgb, layout.map_box)
    return Rendered(rgb, layout, texts)


def render_png(
    events: pd.DataFrame,
    view: ExportView,
    *,
    made_at: datetime,
    tiles: str | None = None,
    chrome: bool = True,
    **_: object,
) -> bytes:
    """The PNG bytes of the view (see module docstring); deterministic for the same input."""
    rendered = render_view(events, view, made_at=made_at, tiles=tiles, chrome=chrome)
    buffer = io.BytesIO()
    Image.fromarray(rendered.rgb).save(buffer, format="PNG", compress_level=4)
    return buffer.getvalue()
