"""Fonts and attribution text of the rendered exports (export layer): PNG and PDF find the same fonts.

Font files are searched in the system font folders; the first Latin and the first Arabic one found are used.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dashboard.errors import ExportError

#: Font files searched in order; the first Latin and the first Arabic one found are used.
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
LATIN_FONTS = ("NotoSans-Regular.ttf", "DejaVuSans.ttf")
LATIN_BOLD_FONTS = ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")
ARABIC_FONTS = ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", "DejaVuSans.ttf")
#: Matplotlib families in fallback order: Latin first, then Arabic glyphs.
MPL_FAMILIES = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans"]

ATTRIBUTION = "Basemap © OpenStreetMap contributors"


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


def require_fonts() -> tuple[Path, Path, Path]:
    """(latin regular, latin bold, arabic) font files, or ExportError naming the package to install."""
    latin, bold, arabic = find_font(LATIN_FONTS), find_font(LATIN_BOLD_FONTS), find_font(ARABIC_FONTS)
    if latin is None or arabic is None:
        raise ExportError(
            "no font with Latin and Arabic glyphs found under /usr/share/fonts; "
            "install fonts-noto-core (or fonts-dejavu-core) and retry"
        )
    return latin, bold or latin, arabic
