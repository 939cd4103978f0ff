"""The page with news and reference events: hollow reference markers, "also in ACLED …", the "seen in" filter."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from e2e_support import free_port, map_frame, running, serve_command

pytestmark = pytest.mark.e2e
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture(scope="module")
def reference_server(tmp_path_factory) -> Iterator[str]:
    """Three news events (Erbil airport, Baghdad, Mosul) and three hand-written ACLED rows, two of them matching."""
    from factories import PLACES, events_for, make_article, make_event
    from reference_fixtures import ACLED_ROWS, acled_csv

    from dashboard.cli import main
    from dashboard.events import store

    folder = tmp_path_factory.mktemp("e2e-reference")
    db = folder / "store.db"
    conn = store.open_store(db)
    for (gid, name, name_ar, lat, lon, admin1), day in zip(PLACES[:3], (15, 9, 13), strict=True):
        article = make_article(f"خبر {name}", url=f"e2e/{gid}.txt")
        event = make_event(day=date(2021, 2, day), gazetteer_id=gid, location=name, location_ar=name_ar,
                           latitude=lat, longitude=lon, admin1=admin1)
        store.store_article(conn, article, events_for(article, [event]))
    conn.close()
    (folder / "acled.csv").write_text(acled_csv(ACLED_ROWS), encoding="utf-8")
    assert main(["import", "acled", str(folder / "acled.csv"), "--db", str(db)]) == 0
    port = free_port()
    with running(serve_command(db, port), port, log=folder / "server.log", timeout=60) as (url, _):
        yield url


def stats(page, expected_visible: int, timeout: float = 30.0):
    """The map's frame once it shows ``expected_visible`` events."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            frame = map_frame(page, timeout=3)
            if frame.evaluate("incidentMapStats().visible") == expected_visible:
                return frame
        except Exception:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the map never showed {expected_visible} events")


def test_both_layers_and_the_only_in_news_filter(reference_server, page, artifacts):
    p = page.page
    p.goto(reference_server + "/?ref=1")
    frame = stats(p, 6)
    p.wait_for_timeout(800)
    hollow = frame.eval_on_selector_all("path.im-ref", "els => els.map(e => e.getAttribute('fill-opacity'))")
    assert hollow == ["0", "0", "0"]  # the three ACLED rows, drawn hollow
    assert frame.eval_on_selector_all("path.im-news", "els => els.length") == 3
    assert "hollow circle = reference dataset (3)" in frame.inner_text(".im-legend")
    p.get_by_text("in both").first.wait_for(timeout=10000)
    p.screenshot(path=str(artifacts / "20-reference-layer.png"), full_page=True)

    # each news event's popup says whether a reference event matches it
    popups = []
    for i in range(3):
        frame.locator("path.im-news").nth(i).dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=20000)
        popups.append(popup.inner_text())
        frame.locator(".leaflet-popup-close-button").dispatch_event("click")
        popup.wait_for(state="detached", timeout=10000)
    also = sorted(line for text in popups for line in text.splitlines() if line.startswith("also in"))
    assert also == ["also in ACLED IRQ90001", "also in ACLED IRQ90003"]

    # only in the news: the Baghdad event, which no reference row matches
    p.goto(reference_server + "/?ref=1&seen=news")
    frame = stats(p, 1)
    assert frame.eval_on_selector_all("path.im-ref", "els => els.length") == 0
    p.wait_for_timeout(500)
    assert "seen=news" in p.url and "ref=1" in p.url  # the choice stays in the URL
    p.screenshot(path=str(artifacts / "21-only-in-news.png"), full_page=True)

    # in both: two news events and the two ACLED rows they match
    p.goto(reference_server + "/?ref=1&seen=both")
    frame = stats(p, 4)
    assert frame.eval_on_selector_all("path.im-ref", "els => els.length") == 2
    assert not page.errors, page.errors
