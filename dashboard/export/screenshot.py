"""PNG by screenshot (export layer): the standalone HTML export (the page's own folium map) in headless Chromium.

The fidelity renderer: clusters, legend and scale exactly as on the page. It needs Debian's Chromium
(``/usr/bin/chromium``, or ``INCIDENT_MAP_CHROMIUM``) and Playwright's Python package, and never downloads a
browser. :func:`render_png` picks it when asked (``renderer="chromium"``) and falls back to matplotlib when
Chromium is missing, and the other way round. A blank screenshot raises ExportError, as the matplotlib one does.
"""

from __future__ import annotations

import io
import tempfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from dashboard.errors import ExportError
from dashboard.export.html import render_html
from dashboard.export.view import ExportView, check_not_blank
from dashboard.settings import resolve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
READY_JS = """() => window.incidentMapStats && window.incidentMapStats().ready &&
  [...document.querySelectorAll('img.leaflet-tile')].every(img => img.complete)"""
NORTH_ARROW = (
    "<style>.leaflet-control-zoom{display:none}</style>"
    "<div style='position:fixed;top:84px;left:12px;z-index:1000;font:bold 18px sans-serif;text-align:center;"
    "background:#fffd;border-radius:4px;padding:2px 6px'>▲<br>N</div>"
)


def chromium_path() -> Path | None:
    """Debian's Chromium (or INCIDENT_MAP_CHROMIUM: setting ``chromium``), None when absent."""
    candidate = Path(resolve("chromium"))
    return candidate if candidate.is_file() else None


def chromium_available() -> bool:
    """Whether the screenshot renderer can run here (browser binary and Playwright's package)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


def _screenshot(html_file: Path, size: tuple[int, int]) -> bytes:
    """Open ``html_file`` with the network blocked, wait for markers and tiles, return the PNG."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": size[0], "height": size[1]})
                page.route(
                    "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
                )
                page.goto(html_file.as_uri())
                page.wait_for_function(READY_JS, timeout=20_000)
                page.wait_for_timeout(250)  # cluster fade-in
                return page.screenshot(type="png")
            finally:
                browser.close()
    except Error as exc:
        raise ExportError(f"Chromium could not render the map ({exc}); retry with --renderer matplotlib") from exc


def render_png_chromium(
    events: pd.DataFrame, view: ExportView, *, made_at: datetime, tiles: str | None = None
) -> bytes:
    """The view as a Chromium screenshot of the standalone HTML export, checked not to be blank."""
    if not chromium_available():
        raise ExportError("the Chromium renderer needs /usr/bin/chromium (apt install chromium) and playwright")
    page = render_html(events, view, made_at=made_at, tiles=tiles).decode("utf-8")
    page = page.replace("<body>", "<body>\n" + NORTH_ARROW, 1)
    with tempfile.TemporaryDirectory(prefix="incident-map-") as folder:
        html_file = Path(folder) / "view.html"
        html_file.write_text(page, encoding="utf-8")
        png = _screenshot(html_file, view.size)
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    check_not_blank(rgb, (0, 0, rgb.shape[1], rgb.shape[0]))
    return png


RENDERERS = ("matplotlib", "chromium")


def render_png(
    events: pd.DataFrame,
    view: ExportView,
    *,
    made_at: datetime,
    tiles: str | None = None,
    renderer: str = "matplotlib",
    **_: object,
) -> bytes:
    """The PNG of the view by ``renderer``, falling back to the other one when it is missing here.

    matplotlib is the default: no browser process, byte-for-byte deterministic (page and CLI files are equal).
    """
    if renderer not in RENDERERS:
        raise ExportError(f"unknown PNG renderer {renderer!r}: choose one of {', '.join(RENDERERS)}")
    try:
        from dashboard.export.png import render_png as render_png_matplotlib
    except ImportError:
        render_png_matplotlib = None
    if render_png_matplotlib is None or (renderer == "chromium" and chromium_available()):
        return render_png_chromium(events, view, made_at=made_at, tiles=tiles)
    return render_png_matplotlib(events, view, made_at=made_at, tiles=tiles)
