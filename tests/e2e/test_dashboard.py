"""The real dashboard in headless Chromium: markers, filters, popups, offline, no console errors."""

from __future__ import annotations

import re
import time

import pytest
from e2e_support import map_frame, open_section, settled

pytestmark = pytest.mark.e2e
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


def drawn_count(frame) -> int:
    """Events the map shows: the numbers on cluster bubbles plus single markers (SVG circles)."""
    clusters = frame.eval_on_selector_all(".marker-cluster span", "els => els.map(e => +e.textContent)")
    singles = frame.eval_on_selector_all("path.leaflet-interactive", "els => els.length")
    return sum(clusters) + singles


def shown_in_caption(page) -> int:
    text = page.get_by_text(re.compile(r"events? shown of")).first.inner_text()
    return int(re.search(r"([\d,]+) events? shown", text).group(1).replace(",", ""))


def caption_change(page, old: int, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            now = shown_in_caption(page)
        except Exception:
            now = old
        if now != old:
            return now
        time.sleep(0.2)
    raise AssertionError("the filter did not change the page")


def resting_box(locator, timeout: float = 20.0) -> dict:
    """``locator``'s bounding box once it is the same on three polls in a row (layout and drawing are over)."""
    locator.wait_for(state="visible", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    last, streak = None, 0
    while time.monotonic() < deadline:
        box = locator.bounding_box()
        streak = streak + 1 if box and box == last and box["width"] > 0 else 0
        if streak >= 2:
            return box
        last = box
        time.sleep(0.2)
    raise AssertionError("the element never came to rest")


def wait_for_count(page, expected: int, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            frame = map_frame(page, timeout=2)
            if frame.evaluate("incidentMapStats().visible") == expected:
                return frame
        except Exception:  # the iframe is replaced while the page reruns
            pass
        time.sleep(0.3)
    raise AssertionError(f"the map never showed {expected} events")


def test_map_markers_filters_popup_offline(server, page, artifacts):
    p = page.page
    p.goto(server.url)
    frame = map_frame(p)
    p.wait_for_timeout(800)
    total = shown_in_caption(p)
    assert total == 66
    assert drawn_count(frame) == total == frame.evaluate("incidentMapStats().visible")
    p.screenshot(path=str(artifacts / "01-map-all.png"), full_page=True)

    # dragging over a period of the timeline narrows the map
    open_section(p, "Timeline")
    settled(p)
    chart = p.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first
    box = resting_box(chart)  # the expander's opening and Vega's first layout move the chart: drag where it rests
    y = box["y"] + box["height"] * 0.4
    p.mouse.move(box["x"] + box["width"] * 0.1, y)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.4, y, steps=8)
    p.mouse.up()
    brushed = caption_change(p, total)
    assert 0 < brushed < total
    frame = wait_for_count(p, brushed)
    p.get_by_text("Map and table narrowed to").wait_for(timeout=5000)
    p.screenshot(path=str(artifacts / "01b-timeline-period.png"), full_page=True)
    p.goto(server.url)
    frame = wait_for_count(p, total)

    # narrow the dates with the quick choice: February's six events remain
    settled(p)  # a click while the page reruns for the map's first report could be lost
    p.get_by_role("button", name="7d", exact=True).click()
    narrowed = caption_change(p, total)
    assert narrowed == 2  # the events of 2021-02-17 and 2021-02-21
    frame = wait_for_count(p, narrowed)
    p.wait_for_timeout(800)
    assert drawn_count(frame) == narrowed
    settled(p)
    p.get_by_role("button", name="All", exact=True).click()
    frame = wait_for_count(p, total)

    # a shared link narrows the same way
    p.goto(f"{server.url}/?from=2021-02-01&to=2021-02-28")
    frame = wait_for_count(p, 6)
    p.wait_for_timeout(800)
    assert shown_in_caption(p) == 6 and drawn_count(frame) == 6

    # a popup shows the Arabic evidence, right to left
    frame = settled(p)
    frame.locator("path.leaflet-interactive").first.click(force=True)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "سقطت ثلاثة صواريخ" in popup.inner_text()
    assert popup.locator("[dir=rtl]").count() >= 1
    p.wait_for_timeout(1500)  # the click reruns the page: the row is selected
    p.screenshot(path=str(artifacts / "02-popup-arabic.png"), full_page=True)

    assert not page.errors, page.errors
    outside = [u for u in page.requests if not u.startswith(LOCAL)]
    assert not outside, outside
    assert any("/app/static/vendor/tiles/" in u for u in page.requests), "the offline basemap was not used"


def test_a_filter_change_keeps_the_map_its_centre_and_zoom(server, page, artifacts):
    """The map is not rebuilt by a filter: same Leaflet map (a mark set on it survives), same centre and zoom, and
    only the events change."""
    p = page.page
    p.goto(server.url)
    frame = settled(p)
    frame.evaluate("map.setView([36.19, 44.01], 7, {animate: false})")  # the analyst zooms in on Erbil
    frame = settled(p)  # the page has rerun for the new view (the caption counts what is in it)
    before = frame.evaluate("incidentMapStats()")
    assert before["zoom"] == 7 and abs(before["center"][0] - 36.19) < 1e-6
    frame.evaluate("window.analystWasHere = true")
    p.get_by_role("button", name="7d", exact=True).click()
    deadline = time.monotonic() + 20
    while frame.evaluate("incidentMapStats().loads") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    frame = settled(p)
    after = frame.evaluate("incidentMapStats()")
    assert after["loads"] == 2 and after["total"] == 2  # the new events arrived in the same map
    assert frame.evaluate("window.analystWasHere === true"), "the map was rebuilt"
    assert after["zoom"] == before["zoom"] and after["center"] == before["center"]
    assert len([f for f in p.frames if "st_folium" in f.url]) == 1
    p.screenshot(path=str(artifacts / "01c-filter-keeps-view.png"), full_page=True)
    assert not page.errors, page.errors


def test_review_and_add_pages_render(server, page, artifacts):
    p = page.page
    for path, title, ready in (("review", "Review events", "Confirm"), ("add", "Add articles", "Extract events")):
        p.goto(f"{server.url}/{path}")
        p.get_by_role("heading", name=title).wait_for(timeout=20000)
        p.get_by_role("button", name=ready, exact=True).wait_for(timeout=20000)
        p.wait_for_timeout(1500)
        p.screenshot(path=str(artifacts / f"03-{path}.png"), full_page=True)
        assert "Page not found" not in p.inner_text("body"), f"a direct link to /{path} shows 'Page not found'"
    assert not page.errors, page.errors
    assert not [u for u in page.requests if not u.startswith(LOCAL)]
