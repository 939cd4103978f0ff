"""Fonts and attribution text of the rendered exports (export layer): PNG and PDF find the same fonts.

Font files are searched in the system font folders; the first Latin and the first Arabic one found are used.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from pathlib import Path

from dashboard.errors import ExportError

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
