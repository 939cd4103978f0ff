"""How events look, on the page and in every export (map-view layer): one palette, one shape per precision.

The page's map, legend and timeline and the PNG, PDF and KML exports all import these names, so a briefing's
markers look like the page's. Colour = event type (colour-blind-safe Okabe-Ito palette, in the legend order of
:data:`dashboard.models.EVENT_TYPES`); radius, fill opacity and dashing = geo precision (a bigger, fainter,
dashed circle is a less certain place).

>>> type_colour("Battles"), type_colour("something new")
('#D55E00', '#555555')
"""

from __future__ import annotations

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


def type_colour(event_type: str) -> str:
    """Colour of an event type on the map, the legend, the timeline and the exports."""
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def type_colors(event_types: Iterable[str]) -> dict[str, str]:
    """Colour of each of ``event_types`` (see :func:`type_colour`)."""
    return {t: type_colour(t) for t in event_types}
