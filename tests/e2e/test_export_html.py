"""The standalone HTML export, opened from disk in headless Chromium with the network blocked."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from export_factories import make_frame

from dashboard.events.table import Filters
from dashboard.export.screenshot import CHROMIUM_ARGS
from dashboard.export.view import ExportView, view_events
from dashboard.export.writers import export_bytes

CHROMIUM = "/usr/bin/chromium"
MADE_AT = datetime(2026, 11, 30, 7, 50, tzinfo=UTC)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
        reason="Debian's chromium (/usr/bin/chromium) is not installed",
    ),
]

#: What the map shows: single circle markers plus the counts written on cluster icons.
SHOWN_JS = """() => {
  const singles = document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length;
  const clustered = [...document.querySelectorAll('.marker-cluster span')]
      .reduce((sum, span) => sum + parseInt(span.textContent, 10), 0);
  const tiles = document.querySelectorAll('img.leaflet-tile-loaded').length;
  return {singles, clustered, tiles};
}"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def open_offline(browser, path: Path) -> tuple[object, list[str]]:
    """A page showing ``path`` with every non-file request aborted (and recorded)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url in (path.as_uri(), "about:blank") or r.request.url.startswith("data:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(path.as_uri())
    return page, blocked


@pytest.mark.parametrize("n", [5, 60])
def test_html_shows_every_event_of_the_view_offline(browser, tmp_path: Path, n: int) -> None:
    df = make_frame(n)
    view = ExportView(
        filters=Filters(event_types=("Battles", "Protests", "Explosions/Remote violence")),
        title="Export <b>test</b> & co",
    )
    expected = len(view_events(df, view))
    path = tmp_path / "view.html"
    path.write_bytes(export_bytes(df, view, "html", made_at=MADE_AT, tiles="offline"))
    page, blocked = open_offline(browser, path)
    page.wait_for_function("() => window.incidentMapStats && window.incidentMapStats().ready", timeout=15000)
    page.wait_for_timeout(300)
    shown = page.evaluate(SHOWN_JS)
    assert shown["singles"] + shown["clustered"] == expected
    assert shown["tiles"] > 0, "the embedded offline basemap did not draw"
    assert blocked == [], f"the file asked the network for {blocked[:3]}"
    assert page.title() == "Export <b>test</b> & co"  # escaped, shown as text
    assert page.locator("#im-export-caption b").inner_text() == "Export <b>test</b> & co"
    page.context.close()


def test_html_popups_show_the_event(browser, tmp_path: Path) -> None:
    df = make_frame(1, notes="x", evidence="<img src=x onerror=alert(1)> قصف")
    path = tmp_path / "one.html"
    path.write_bytes(export_bytes(df, ExportView(), "html", made_at=MADE_AT, tiles="offline"))
    page, _blocked = open_offline(browser, path)
    page.wait_for_function("() => window.incidentMapStats && window.incidentMapStats().ready", timeout=15000)
    page.locator(".leaflet-overlay-pane path.leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert "Erbil International Airport" in text and "مطار أربيل الدولي" in text
    assert page.locator(".leaflet-popup-content img").count() == 0  # article text was escaped
    page.context.close()


def test_html_is_deterministic() -> None:
    df = make_frame(4)
    first = export_bytes(df, ExportView(), "html", made_at=MADE_AT, tiles="offline")
    assert first == export_bytes(df, ExportView(), "html", made_at=MADE_AT, tiles="offline")
