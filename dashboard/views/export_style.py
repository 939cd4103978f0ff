"""What every export shares with the page: event-type colours, fonts, text for titles and captions.

The colours come from :mod:`dashboard.views.mapview` when it defines them, so a PNG's markers look like the
page's; this module's own ACLED palette stands in until then (and for types the page does not know).
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from dashboard.errors import ExportError

#: ACLED event types with a colour each (Tableau-like, readable on the OSM basemap and in print).
DEFAULT_TYPE_COLORS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#1f77b4",
    "Riots": "#8c564b",
    "Strategic developments": "#2ca02c",
}
OTHER_COLOR = "#7f7f7f"
#: Names the page's map module may give its palette, checked in order.
_PAGE_PALETTE_NAMES = ("TYPE_COLOURS", "EVENT_TYPE_COLORS", "TYPE_COLORS", "EVENT_COLORS", "COLORS")

#: Font files searched in order; the first Latin and the first Arabic one found are used.
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
LATIN_FONTS = ("NotoSans-Regular.ttf", "DejaVuSans.ttf")
LATIN_BOLD_FONTS = ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")
ARABIC_FONTS = ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", "DejaVuSans.ttf")
#: Matplotlib families in fallback order: Latin first, then Arabic glyphs (see :func:`mpl_families`).
MPL_FAMILIES = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans"]
#: matplotlib's own font, always there, last in every fallback list.
MPL_BUNDLED_FAMILY = "DejaVu Sans"

ATTRIBUTION = "Basemap © OpenStreetMap contributors · Places: Who's On First, GeoNames (CC BY 4.0)"


def page_palette() -> Mapping[str, str]:
    """The page's event-type colours if its map module exports a palette, else an empty mapping."""
    try:
        mapview = importlib.import_module("dashboard.views.mapview")
    except (ImportError, OSError, SyntaxError):  # absent or half-installed: the default palette stands in
        return {}
    for name in _PAGE_PALETTE_NAMES:
        palette = getattr(mapview, name, None)
        if isinstance(palette, Mapping):
            return palette
    return {}


#: Marker radius (px on the page) and fill opacity by geo precision, as the page draws them.
DEFAULT_RADIUS = {1: 6, 2: 9, 3: 13}
FILL_OPACITY = {1: 0.8, 2: 0.5, 3: 0.3}


def page_radius() -> dict[int, float]:
    """Circle radius by geo precision: the page's ``RADIUS`` when its map module has one."""
    try:
        radius = importlib.import_module("dashboard.views.mapview").RADIUS
    except (ImportError, OSError, SyntaxError, AttributeError):
        return dict(DEFAULT_RADIUS)
    return {int(k): float(v) for k, v in radius.items()}


def type_colors(event_types: Iterable[str]) -> dict[str, str]:
    """Colour of each event type, the page's first, then the ACLED default, then grey."""
    page = page_palette()
    return {t: str(page.get(t) or DEFAULT_TYPE_COLORS.get(t) or OTHER_COLOR) for t in event_types}


def find_font(names: Iterable[str]) -> Path | None:
    """First font file among ``names`` found under the system font folders, or None."""
    for name in names:
        for folder in FONT_DIRS:
            if not folder.is_dir():
                continue
            hit = next(iter(sorted(folder.rglob(name))), None)
            if hit is not None:
                return hit
    return None


@functools.cache
def mpl_families() -> list[str]:
    """The font families for matplotlib, registered by file path first.

    matplotlib finds fonts through a cache it builds once (``fontlist-*.json``); a cache built before
    fonts-noto-core was installed does not list the Noto fonts, and asking for them by name then prints a
    "findfont: Font family ... not found" warning per text. So the product's font files are added to the
    font manager by path (``addfont``), only families really registered are asked for, and matplotlib's
    bundled DejaVu Sans comes last; the font manager's warnings are silenced for good measure.
    """
    from matplotlib import font_manager

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    families: list[str] = []
    for names in (LATIN_FONTS, LATIN_BOLD_FONTS, ARABIC_FONTS, ("NotoSansArabic-Regular.ttf",)):
        path = find_font(names)
        if path is None:
            continue
        try:
            font_manager.fontManager.addfont(str(path))
            family = font_manager.FontProperties(fname=str(path)).get_name()
        except (OSError, RuntimeError, ValueError):  # an unreadable font file: the others stand in
            continue
        if family not in families:
            families.append(family)
    if MPL_BUNDLED_FAMILY not in families:
        families.append(MPL_BUNDLED_FAMILY)
    return families


def require_fonts() -> tuple[Path, Path, Path]:
    """(latin regular, latin bold, arabic) font files, or ExportError naming the package to install."""
    latin, bold, arabic = find_font(LATIN_FONTS), find_font(LATIN_BOLD_FONTS), find_font(ARABIC_FONTS)
    if latin is None or arabic is None:
        raise ExportError(
            "no font with Latin and Arabic glyphs found under /usr/share/fonts; "
            "install fonts-noto-core (or fonts-dejavu-core) and retry"
        )
    return latin, bold or latin, arabic
