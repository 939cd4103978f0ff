"""Where the open-page seconds go: the resource timeline of the page and of every frame, from performance.getEntries().

Opens the real dashboard on a synthetic store twice (after a warm-up) and prints, per frame, each resource's start
and end (ms from that frame's own start), its transferred bytes, and the paint entries; docs/performance.md reads them.

    .venv/bin/python bench/page_profile.py [--events 300] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import dashboard_scale as bench  # noqa: E402
from factories import synthetic_records  # noqa: E402

from dashboard.events.store import insert_events, open_store  # noqa: E402

ENTRIES_JS = """() => ({origin: performance.timeOrigin, rows: [
  ...performance.getEntriesByType('resource').map(e => [Math.round(e.startTime), Math.round(e.responseEnd),
                                                       e.transferSize, e.name.slice(-70)]),
  ...performance.getEntriesByType('paint').map(e => ['paint', e.name, Math.round(e.startTime)])]})"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "profile.db"
        insert_events(open_store(db), synthetic_records(args.events, start=date(2024, 1, 1), days=700))
        process, url = bench.start_server(db)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=bench.ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1200})
                page.goto(url)
                bench.wait_map(page, "s.ready && s.visible > 0")
                page.close()
                for _ in range(2):
                    page = browser.new_page(viewport={"width": 1400, "height": 1200})
                    t0 = time.perf_counter()
                    page.goto(url)
                    bench.wait_map(page, f"s.ready && s.visible === {args.events}")
                    print(f"=== markers visible {time.perf_counter() - t0:.2f} s after navigation")
                    start = None
                    for frame in page.frames:
                        try:
                            entries = frame.evaluate(ENTRIES_JS)
                        except Exception:  # a frame going away
                            continue
                        start = start or entries["origin"]
                        print(f"--- {frame.url[-70:]} (starts {entries['origin'] - start:.0f} ms after the page)")
                        for row in entries["rows"]:
                            print("   ", *row)
                    page.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
