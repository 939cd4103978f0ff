"""Issue 9's morning, walked again in the real server and headless Chromium: open the map, click a marker, go to
Review from the sidebar, paste and upload articles, see the new events listed, export the briefing, zoom offline,
then the CLI's ingest. Screenshots go to test-artifacts/e2e/morning-*.png.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from e2e_support import ROOT, free_port, map_frame, open_section, running, serve_command

from dashboard.events import store

pytestmark = pytest.mark.e2e
KIRKUK = "A car bomb exploded yesterday in Kirkuk, killing two people, police said."
BALAD = "Three rockets hit Balad Air Base in Salah al-Din on Saturday night, injuring a contractor."
AIN_AL_ASAD = "سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية في محافظة الأنبار، وأصيب جنديان."


@pytest.fixture
def morning(tmp_path):
    """A fresh store with the seed article (as the README's quick start gives) and its own server."""
    db = tmp_path / "morning.db"
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", str(db),
                           str(ROOT / "seeds")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    port = free_port()
    with running(serve_command(db, port), port, log=tmp_path / "serve.log", timeout=60) as (url, _):
        yield url, db


def shown(page) -> int:
    text = page.get_by_text(re.compile(r"events? shown of")).first.inner_text()
    return int(re.search(r"([\d,]+) events? shown", text).group(1).replace(",", ""))


def exported(page) -> int:
    text = page.get_by_text(re.compile(r"events? · PNG")).first.inner_text()
    return int(re.search(r"([\d,]+) events? · PNG", text).group(1).replace(",", ""))


def grid_rows(page) -> list[list[str]]:
    """The table's rows as text (the data grid keeps an accessible copy of its cells in the DOM)."""
    rows = page.locator("[data-testid=stDataFrame] [role=row]").all()
    return [r.locator("[role=gridcell]").all_inner_texts() for r in rows]


def type_date(page, label: str, iso: str) -> None:
    """Type ``iso`` into a Streamlit date field (segments year, month, day), then leave it, as an analyst does."""
    year, month, day = iso.split("-")
    page.get_by_role("spinbutton", name=f"year, {label}").first.click()
    page.keyboard.type(year + month + day, delay=40)
    page.keyboard.press("Escape")  # close the calendar the field may have opened
    page.keyboard.press("Tab")


def wait_until(condition, timeout: float = 30.0, what: str = "the page"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"{what} never happened")


def test_the_same_morning(morning, page, artifacts, tmp_path):
    url, db = morning
    p = page.page
    p.goto(url)
    frame = map_frame(p, timeout=60)
    open_section(p, "Events")
    open_section(p, "Export this view")
    p.wait_for_timeout(1500)
    # 8. one count: the header and the export panel agree
    assert shown(p) == exported(p) == 3
    p.screenshot(path=str(artifacts / "morning-01-map.png"), full_page=True)

    # 7. a marker click opens its popup and selects its row (the selected row comes first)
    newest = wait_until(lambda: next((r for r in grid_rows(p) if r), None), what="the table")
    place = None
    for index in range(frame.locator("path.leaflet-interactive").count()):
        frame.locator("path.leaflet-interactive").nth(index).click(force=True)
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        place = popup.locator(".im-popup > div > b").first.inner_text()
        if place not in " ".join(newest):
            break
    assert place and place not in " ".join(newest)
    wait_until(lambda: place in " ".join(next(r for r in grid_rows(p) if r)), what=f"the row of {place} on top")
    p.wait_for_timeout(1000)
    assert map_frame(p).locator(".leaflet-popup-content").count() == 1  # the popup stays open meanwhile
    p.screenshot(path=str(artifacts / "morning-02-marker-click.png"), full_page=True)

    # 14. offline, the map does not zoom past where its tiles stop
    frame = map_frame(p)
    top = frame.evaluate("() => { window.map.setZoom(14); return window.map.getMaxZoom(); }")
    p.wait_for_timeout(800)
    assert top == 7 and frame.evaluate("window.map.getZoom()") <= 7

    # 5. Review from the sidebar: no KeyError, and the clicked event is the one under review
    p.get_by_role("link", name="Review").click()
    p.get_by_role("heading", name="Review events").wait_for(timeout=30000)
    p.get_by_role("button", name="Confirm", exact=True).wait_for(timeout=30000)
    body = p.inner_text("body")
    assert "KeyError" not in body and "f_dates" not in body
    assert place in body  # not the newest event: the one clicked on the map
    p.screenshot(path=str(artifacts / "morning-03-review-from-sidebar.png"), full_page=True)

    # 2. the Add page: no invented date; 1. two pastes are two articles; 16. the new events are listed
    p.get_by_role("link", name="Add articles").click()
    p.get_by_role("heading", name="Add articles").wait_for(timeout=30000)
    assert p.get_by_role("spinbutton", name="year, Publication date").get_attribute("aria-valuetext") == "Empty"
    p.get_by_text("No publication date").first.wait_for(timeout=5000)
    for text, published in ((BALAD, "2024-03-04"), (AIN_AL_ASAD, "2024-03-04")):
        area = p.get_by_label("…or paste an article")
        area.fill(text)
        area.press("Control+Enter")
        type_date(p, "Publication date", published)
        button = p.get_by_role("button", name="Extract events")
        wait_until(button.is_enabled, what="the enabled Extract button")
        button.click()
        p.get_by_text(re.compile(r"new events?,")).first.wait_for(timeout=60000)
        wait_until(lambda: any(r for r in grid_rows(p)), what="the list of new events")
    rows = [" ".join(r) for r in grid_rows(p) if r]
    assert any("Ain al-Asad" in r and "2024-03-0" in r for r in rows), rows
    p.screenshot(path=str(artifacts / "morning-04-add-listed.png"), full_page=True)
    conn = store.open_store(db)
    pasted = [r[0] for r in conn.execute("SELECT url FROM articles WHERE url LIKE 'pasted:%'")]
    assert len(pasted) == 2, pasted  # the second paste did not replace the first

    # 2. a future date blocks the button
    p.get_by_label("…or paste an article").fill(KIRKUK)
    type_date(p, "Publication date", date(date.today().year + 1, 1, 1).isoformat())
    p.get_by_text(re.compile("is in the future")).first.wait_for(timeout=10000)
    assert p.get_by_role("button", name="Extract events").is_disabled()
    p.screenshot(path=str(artifacts / "morning-05-future-date.png"), full_page=True)

    # 9. the PDF from the page is one page
    p.get_by_role("link", name="Map").click()
    map_frame(p, timeout=60)
    open_section(p, "Export this view")
    p.wait_for_timeout(1500)
    assert shown(p) == exported(p)
    with p.expect_download(timeout=120000) as download:
        p.get_by_role("button", name="PDF briefing").click()
    pdf = tmp_path / "brief.pdf"
    download.value.save_as(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", info), info
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(artifacts / "morning-06-pdf")],
                   check=True)
    assert not [e for e in page.errors if "KeyError" in e]

    # 15. the CLI's ingest names files, not their 250-character URLs
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "kirkuk.txt").write_text(KIRKUK, encoding="utf-8")
    (folder / "kirkuk.meta.json").write_text(json.dumps({
        "url": "https://www.example.com/" + "%D8%A7%D9%84" * 20, "title": "Car bomb in Kirkuk",
        "published": "2024-03-02"}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", str(db), str(folder)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and "%D8" not in done.stdout, done.stdout
    assert done.stdout.splitlines()[0].startswith(f"{folder / 'kirkuk.txt'} — Car bomb in Kirkuk: 1 new event")


def test_date_filter_applies_when_a_date_is_picked(morning, page):
    url, _ = morning
    p = page.page
    p.goto(url)
    map_frame(p, timeout=60)
    p.wait_for_timeout(1000)
    assert shown(p) == 3
    type_date(p, "From", "2021-02-21")  # no calendar to close: the single date applies at once
    wait_until(lambda: shown(p) == 1, what="the date filter")
    assert Path(ROOT).exists()
