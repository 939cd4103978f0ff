"""How events look, on the page and in every export (map-view layer): one palette, one shape per type and precision.

The page's map, legend and timeline and the PNG, PDF, HTML and KML exports all import these names, so a briefing's
markers look like the page's. Event type = colour (colour-blind-safe Okabe-Ito palette, in the legend order of
:data:`dashboard.models.EVENT_TYPES`) *and* shape (:data:`TYPE_SHAPES`), so types stay apart for a reader who
cannot tell the colours apart, and in greyscale print; radius, fill opacity and dashing = geo precision (a bigger,
fainter, dashed marker is a less certain place).

>>> type_colour("Battles"), type_colour("something new")
('#D55E00', '#555555')
>>> type_shape("Explosions/Remote violence"), type_shape("something new")
('star', 'circle')
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from dashboard.models import EVENT_TYPES

#: ACLED event types in legend order, with their colours (colour-blind-safe Okabe-Ito palette).
TYPE_COLOURS: dict[str, str] = dict(
    zip(EVENT_TYPES, ("#D55E00", "#CC79A7", "#E69F00", "#0072B2", "#56B4E9", "#009E73"), strict=True)
)
#: Colour of an event type outside the ACLED taxonomy (imported or hand-added rows).
OTHER_COLOUR = "#555555"
#: Marker radius (px on the page) and fill opacity by geo precision.
RADIUS = {1: 6, 2: 9, 3: 13}
FILL_OPACITY = {1: 0.8, 2: 0.5, 3: 0.3}


def _polygon(corners: int, size: float, start: float = -90.0, inner: float | None = None
             ) -> tuple[tuple[float, float], ...]:
    """A regular polygon (or a star, with ``inner`` radius) around (0, 0), y down as on screen, radius ``size``."""
    steps = corners * (2 if inner else 1)
    points = []
    for k in range(steps):
        angle = math.radians(start + 360.0 * k / steps)
        r = inner if inner and k % 2 else size
        points.append((round(r * math.cos(angle), 3), round(r * math.sin(angle), 3)))
    return tuple(points)


#: Each marker shape as a polygon for a marker of radius 1 (screen coordinates, y down); ``circle`` is a circle.
#: Sizes are chosen so every shape covers about the area of the circle of the same radius.
SHAPES: dict[str, tuple[tuple[float, float], ...] | None] = {
    "circle": None,
    "square": _polygon(4, 1.25, start=-45.0),
    "star": _polygon(5, 1.55, inner=0.65),
    "triangle": _polygon(3, 1.45),
    "triangle_down": _polygon(3, 1.45, start=90.0),
    "diamond": _polygon(4, 1.3),
}
#: The shape of each ACLED event type (legend order); any other type is a circle.
TYPE_SHAPES: dict[str, str] = dict(
    zip(EVENT_TYPES, ("square", "star", "triangle", "circle", "diamond", "triangle_down"), strict=True)
)
#: matplotlib's marker of each shape (PNG and PDF exports; their polygons are :data:`SHAPES`).
MATPLOTLIB_MARKERS = {"circle": "o", "square": "s", "star": "*", "triangle": "^", "triangle_down": "v",
                      "diamond": "D"}


def type_colour(event_type: str) -> str:
    """Colour of an event type on the map, the legend, the timeline and the exports."""
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def type_colors(event_types: Iterable[str]) -> dict[str, str]:
    """Colour of each of ``event_types`` (see :func:`type_colour`)."""
    return {t: type_colour(t) for t in event_types}


def type_shape(event_type: str) -> str:
    """Marker shape of an event type (a key of :data:`SHAPES`)."""
    return TYPE_SHAPES.get(event_type, "circle")


def shape_svg(shape: str, colour: str, size: int = 14, *, opacity: float = 0.8) -> str:
    """An inline SVG swatch of ``shape`` in ``colour`` (the legends of the page and the HTML export)."""
    half = size / 2
    points = SHAPES.get(shape)
    scale = half / 1.6 if points else half - 1.5
    style = f"fill='{colour}' fill-opacity='{opacity}' stroke='{colour}' stroke-width='1.5'"
    if points is None:
        body = f"<circle cx='{half:g}' cy='{half:g}' r='{scale:g}' {style}/>"
    else:
        coords = " ".join(f"{half + x * scale:.1f},{half + y * scale:.1f}" for x, y in points)
        body = f"<polygon points='{coords}' {style}/>"
    return (f"<svg class='im-swatch' width='{size}' height='{size}' viewBox='0 0 {size} {size}' "
            f"aria-hidden='true'>{body}</svg>")


_KML_SHAPES = "http://maps.google.com/mapfiles/kml/shapes/"
#: Google Earth's white (so tinted by the style's colour) icon of each shape, and its rotation in degrees (KML
#: ``IconStyle``: ``Icon/href`` and ``heading``): the KML export's markers match the page's.
KML_ICONS: dict[str, tuple[str, int]] = {
    "circle": (_KML_SHAPES + "placemark_circle.png", 0),
    "square": (_KML_SHAPES + "placemark_square.png", 0),
    "star": (_KML_SHAPES + "star.png", 0),
    "triangle": (_KML_SHAPES + "triangle.png", 0),
    "triangle_down": (_KML_SHAPES + "triangle.png", 180),
    "diamond": (_KML_SHAPES + "placemark_square.png", 45),
}
