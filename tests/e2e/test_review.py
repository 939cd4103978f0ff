"""The Review page in headless Chromium against a real ``incident-map serve``: the queue's order, ticking rows to
confirm them at once, the article's highlighted (and escaped) words, picking a runner-up place, setting a point by
clicking the map and that correction applied to another article naming the place, merge then split."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import free_port, running, serve_command
from review_support import SHAYKHAN_OTHER, SHAYKHAN_PUBLISHED, seed_review_store, seed_shaykhan_store

from dashboard.events import rules, store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e
ROW_PX, HEADER_PX, TICK_PX = 35, 35, 18  # the queue table's row and header heights, its tick column's middle


@pytest.fixture(scope="module")
def review_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("review") / "review.db"
    seed_review_store(db, n=5, hostile=4)  # the hostile report is the least confident: first in the queue
    port = free_port()
    with running(serve_command(db, port), port, log=db.with_suffix(".log"), timeout=60) as (url, _):
        yield url, db


#: What a page still running shows: Streamlit's running indicator, or elements of the last run marked stale.
BUSY = ("[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon'], "
        "[data-stale='true']")


def idle(page, timeout: float = 60.0) -> None:
    """Wait until the page has finished its runs (a click during a rerun, e.g. the map's first report, can be
    lost), idle for three polls in a row."""
    deadline, quiet = time.monotonic() + timeout, 0
    while quiet < 3:
        if time.monotonic() > deadline:
            raise AssertionError("the page kept running")
        busy = page.locator(BUSY).count() > 0 or page.get_by_role("button", name="Confirm", exact=True).count() > 1
        quiet = 0 if busy else quiet + 1
        page.wait_for_timeout(150)


def open_review(page, url: str) -> None:
    page.goto(f"{url}/review")
    page.get_by_role("button", name="Confirm", exact=True).wait_for(timeout=60000)
    idle(page)


def queue_rows(page) -> list[list[str]]:
    """The queue's rows, each a list of its cells' text (the table's accessible copy of its canvas)."""
    rows = page.locator("[data-testid='stDataFrame'] [role='row']")
    deadline = time.monotonic() + 20
    while rows.count() < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return [rows.nth(i).locator("[role='gridcell']").all_inner_texts() for i in range(1, rows.count())]


def tick(page, row: int) -> None:
    """Tick a row of the queue (its checkbox is drawn on the table's canvas)."""
    box = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    page.mouse.click(box["x"] + TICK_PX, box["y"] + HEADER_PX + ROW_PX * row + ROW_PX / 2)
    page.wait_for_timeout(600)


def stored(db: Path, event_id: str) -> dict:
    conn = store.open_store(db)
    try:
        return store.get_event(conn, event_id)
    finally:
        conn.close()


def test_the_article_is_highlighted_and_its_payload_runs_nothing(review_server, page, artifacts):
    url, _ = review_server
    open_review(page.page, url)
    p = page.page
    article = p.locator(".st-key-review-article")
    article.locator("mark.span-place").first.wait_for(timeout=20000)
    assert article.locator("mark.span-type").inner_text() == "a roadside bomb exploded"
    assert article.locator("mark.span-date").inner_text() == "on Monday"
    assert "<script>window.__pwned = 1</script>" in article.locator("mark.span-place").inner_text()
    assert article.locator("script, img").count() == 0
    evidence = p.locator(".st-key-review-evidence")  # the evidence sentence, highlighted the same way
    assert evidence.locator("mark.span-type").inner_text() == "a roadside bomb exploded"
    assert evidence.locator("script, img").count() == 0
    assert article.locator("[dir=ltr] mark.span-casualties").inner_text() == "killing 1 people"
    p.wait_for_timeout(500)
    assert p.evaluate("window.__pwned") is None
    p.screenshot(path=str(artifacts / "review-highlighted.png"), full_page=True)
    assert not page.errors, page.errors


def test_picking_a_runner_up_sets_the_place_in_one_click(review_server, page, artifacts):
    url, db = review_server
    open_review(page.page, url)
    p = page.page
    first = stored(db, "rv-004")  # under review: the least confident
    assert first["status"] == "auto"
    candidate = p.get_by_role("button", name=re.compile(r"^2\. Ramadi .* km$"))
    candidate.click()
    p.get_by_text("Place set: Ramadi").wait_for(timeout=30000)
    after = stored(db, "rv-004")
    assert (after["gazetteer_id"], after["status"]) == ("t-ramadi", "edited")
    assert after["latitude"] == pytest.approx(33.4258)
    p.screenshot(path=str(artifacts / "review-candidate-picked.png"), full_page=True)


def test_queue_order_and_ticked_rows_confirmed_at_once(review_server, page, artifacts):
    url, db = review_server
    open_review(page.page, url)
    p = page.page
    rows = queue_rows(p)
    conf = [float(r[-1]) for r in rows]
    assert conf == sorted(conf) and len(rows) >= 4  # most doubtful first
    ids = [e for e in store.load_events(store.open_store(db)).sort_values(
        ["confidence", "event_date"], ascending=[True, False])["event_id"] if stored(db, e)["status"] == "auto"]
    tick(p, 0)
    idle(p)
    tick(p, 1)
    idle(p)
    p.get_by_role("button", name="Confirm 2 ticked").click()
    p.get_by_text("Confirmed 2 events.").wait_for(timeout=30000)
    assert [stored(db, e)["status"] for e in ids[:3]] == ["confirmed", "confirmed", "auto"]
    assert len(queue_rows(p)) == len(rows) - 2
    p.screenshot(path=str(artifacts / "review-bulk-confirmed.png"), full_page=True)


def test_merge_then_split(review_server, page, artifacts):
    url, db = review_server
    open_review(page.page, url)
    p = page.page
    rows = queue_rows(p)
    pair = [i for i, r in enumerate(rows) if r[2] == "Kirkuk, Kirkuk" and r[-1] == "0.99"]
    assert len(pair) == 2, rows
    for i in pair:
        tick(p, i)
        idle(p)
    p.get_by_role("button", name="Merge the two ticked").click()
    p.get_by_text("Merged: the event now has 2 reports.").wait_for(timeout=30000)
    idle(p)
    events = store.load_events(store.open_store(db)).set_index("event_id")
    kept = [e for e in ("rv-pair-0", "rv-pair-1") if e in events.index]
    assert len(kept) == 1 and events.at[kept[0], "source_count"] == 2
    p.get_by_text("Merge or split").click()
    split = p.get_by_role("button", name=re.compile("^Split off: Test Wire"))
    split.last.wait_for(timeout=20000)
    assert split.count() == 2
    split.last.click()
    p.get_by_text(re.compile("is an event of its own again")).wait_for(timeout=30000)
    events = store.load_events(store.open_store(db)).set_index("event_id")
    assert {"rv-pair-0", "rv-pair-1"} <= set(events.index)
    assert events.loc[["rv-pair-0", "rv-pair-1"], "source_count"].tolist() == [1, 1]
    fields = [e["field"] for e in store.event_edits(store.open_store(db), kept[0])]
    assert "merged" in fields and "split" in fields
    p.screenshot(path=str(artifacts / "review-merge-split.png"), full_page=True)


def test_a_point_clicked_on_the_map_applies_to_another_article_naming_the_place(browser, tmp_path, artifacts):
    db = tmp_path / "shaykhan.db"
    event_id = seed_shaykhan_store(db)
    port = free_port()
    with running(serve_command(db, port), port, log=tmp_path / "serve.log", timeout=60) as (url, _):
        context = browser.new_context(viewport={"width": 1400, "height": 1500})
        p = context.new_page()
        open_review(p, url)
        p.get_by_role("textbox", name="Your name").fill("Hana")
        p.keyboard.press("Tab")
        idle(p)
        frame = p.frame_locator("iframe[title='streamlit_folium.st_folium']").first
        container = frame.locator(".leaflet-container")
        container.wait_for(timeout=30000)
        box = container.bounding_box()
        container.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.8})
        p.get_by_text("Place set").wait_for(timeout=30000)
        p.screenshot(path=str(artifacts / "review-map-click.png"), full_page=True)
        context.close()
    moved = stored(db, event_id)
    assert (moved["geo_precision"], moved["gazetteer_id"], moved["status"]) == (1, "", "edited")
    assert "point set by hand on the map by Hana" in moved["notes"]
    conn = store.open_store(db)
    [rule] = rules.load_rules(conn)
    assert (rule.kind, rule.seen, rule.scope) == ("place", "Shaykhan", "Shikhan")
    conn.close()

    other = tmp_path / "other.txt"
    other.write_text(SHAYKHAN_OTHER, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", "--db", str(db), "--published",
                           SHAYKHAN_PUBLISHED.isoformat(), "--language", "en", str(other)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    events = store.load_events(store.open_store(db)).set_index("event_id")
    new = events.drop(index=event_id)
    assert len(new) == 1
    assert new["latitude"].iloc[0] == pytest.approx(moved["latitude"])
    assert new["longitude"].iloc[0] == pytest.approx(moved["longitude"])
    assert "corrected by rule" in new["notes"].iloc[0]
