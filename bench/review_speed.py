"""Thirty events reviewed on the Review page by a script driving headless Chromium; seconds of page time per event.

Run by hand: ``.venv/bin/python bench/review_speed.py [--events 30] [--port 0]``. It seeds a fresh store with
``--events`` English reports (each with its highlighted words and three ranked places, as extraction stores
them: ``tests/review_support.py``), starts ``incident-map serve`` on it (offline basemap) and reviews the whole
queue as an analyst would, one decision per event: confirm (most), pick the runner-up place (every 5th), reject
(every 7th). The time of an event is from the click to the next event shown with the page idle again (Streamlit's
running indicator gone, the article of the next event on screen): page time only, no reading time. Prints each
event's time, then the median, mean, slowest and total; exits 1 when the median misses the 5 s aim.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from review_support import seed_review_store  # noqa: E402

from dashboard.events import store  # noqa: E402
from dashboard.export.screenshot import CHROMIUM_ARGS  # noqa: E402

AIM_S = 5.0
#: What a page still running shows: Streamlit's running indicator, or elements of the last run marked stale.
BUSY = ("[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon'], "
        "[data-stale='true']")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, INCIDENT_MAP_TILES="offline", PYTHONPATH=str(ROOT))
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", "--db", str(db), "--port",
                                    str(port), "--no-seed"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start: {log.read_text()}") from None
            time.sleep(0.3)


def idle(page, under: str | None, timeout: float = 60.0) -> str:
    """Wait until the page shows an event other than ``under`` and has stopped running; returns the shown one."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        running = (page.locator(BUSY).count() > 0
                   or page.get_by_role("button", name="Confirm", exact=True).count() > 1)
        texts = page.locator(".st-key-review-article mark.span-evidence").all_inner_texts()  # gone mid-rerun: []
        shown = texts[0].split(":")[0] if texts else None
        done = page.get_by_text("Nothing to review").count() > 0
        if not running and ((shown and shown != under) or done):
            quiet += 1
            if quiet >= 3:  # idle for three polls in a row: no rerun (e.g. the map's first report) pending
                return shown or "done"
        else:
            quiet = 0
        page.wait_for_timeout(100)
    raise SystemExit(f"the page did not move on from {under!r} within {timeout:.0f} s")


def decide(page, index: int) -> str:
    if index % 7 == 6:
        page.get_by_role("button", name="Reject", exact=True).click()
        return "reject"
    if index % 5 == 4:
        page.get_by_role("button", name="2. ", exact=False).first.click()
        return "pick place 2"
    page.get_by_role("button", name="Confirm", exact=True).click()
    return "confirm"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="incident-map-review-bench-"))
    db = folder / "review.db"
    seed_review_store(db, n=args.events, hostile=None, merge_pair=False)
    port = args.port or free_port()
    server = serve(db, port, folder / "serve.log")
    times: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("INCIDENT_MAP_CHROMIUM", "/usr/bin/chromium"),
                                        args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            start = time.monotonic()
            page.goto(f"http://127.0.0.1:{port}/review")
            under = idle(page, None)
            print(f"page open: {time.monotonic() - start:.2f} s")
            for i in range(args.events):
                t = time.monotonic()
                action = decide(page, i)
                nxt = idle(page, under)
                times.append(time.monotonic() - t)
                print(f"{i + 1:3d}  {under:<10} {action:<13} {times[-1]:.2f} s")
                under = nxt
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    conn = store.open_store(db)
    left = int(conn.execute("SELECT COUNT(*) FROM events WHERE status = 'auto'").fetchone()[0])
    print(f"\n{len(times)} events reviewed ({left} left in the queue): median {statistics.median(times):.2f} s, "
          f"mean {statistics.mean(times):.2f} s, slowest {max(times):.2f} s, total {sum(times):.1f} s "
          f"(aim: under {AIM_S:.0f} s of page time per event)")
    return 0 if statistics.median(times) < AIM_S and left == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
