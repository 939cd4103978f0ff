"""Dashboard at scale: 300, 100,000 (and, with --million, 1,000,000) synthetic events, the real server, Chromium.

Prints, for each store size, every figure beside the floor measured in the same run (a bare two-line Streamlit page
showing its text, on this machine now): open page -> markers visible (target <= 1.3x the floor), a filter change
(the sidebar's "30d") -> the map updated (target <= 0.5 s at 300 events, <= 1.0 s at 100,000), and the server's
memory (target <= 600 MB at 100,000, <= 1.5 GB at 1,000,000). Each timing is the median of --repeat runs
(the machine is shared: compare ratios of one run, not seconds of two).

    .venv/bin/python bench/dashboard_scale.py [--events 100000] [--million] [--repeat 3] [--chromium PATH]
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from e2e_support import settled  # noqa: E402
from factories import synthetic_records  # noqa: E402

from dashboard.events.store import insert_events, open_store  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        todo.extend(int(c) for c in children)
    return total / 1024


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, INCIDENT_MAP_TILES="offline", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "serve", "--db", str(db), "--port", str(port), "--no-seed"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


def wait_map(page, predicate: str, timeout: float = 120.0) -> float:
    """Seconds until ``predicate`` (JS on incidentMapStats()) holds in the map's iframe."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        for frame in page.frames:
            try:
                if frame.evaluate(f"typeof incidentMapStats === 'function' && (s => {predicate})(incidentMapStats())"):
                    return time.perf_counter() - start
            except Exception:  # frames are replaced while Streamlit reruns
                continue
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {predicate}")


def settle(page) -> None:
    """Wait until the page is idle (no script run or map report pending), so the filter click is not lost."""
    settled(page, timeout=120)


def measure(n: int, chromium: str, repeat: int = 1) -> dict[str, float]:
    """Open / filter / memory figures for a store of ``n`` synthetic events."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        insert_events(open_store(db), synthetic_records(n, start=date(2024, 1, 1), days=700))
        print(f"store: {n:,} events written in {time.perf_counter() - t:.1f} s")
        process, url = start_server(db)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1200})
                page.goto(url)  # warm-up: the first run loads the store and builds the caches
                wait_map(page, "s.ready && s.visible > 0")
                page.close()
                opens, filters = [], []
                for _ in range(repeat):
                    page = browser.new_page(viewport={"width": 1400, "height": 1200})
                    t0 = time.perf_counter()
                    page.goto(url)
                    wait_map(page, f"s.ready && s.visible === {n}")
                    opens.append(time.perf_counter() - t0)
                    settle(page)
                    page.get_by_role("button", name="30d", exact=True).click()
                    t1 = time.perf_counter()
                    wait_map(page, f"s.ready && s.visible > 0 && s.visible < {n}")
                    filters.append(time.perf_counter() - t1)
                    page.screenshot(path=str(ROOT / "test-artifacts" / f"bench-dashboard-{n}.png"))
                    page.close()
                browser.close()
            memory = rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)
    return {"open": statistics.median(opens), "filter": statistics.median(filters), "memory": memory}


FLOOR_APP = 'import streamlit as st\nst.title("floor")\nst.caption("events shown of 0")\n'


def streamlit_floor(chromium: str, repeat: int = 1) -> float:
    """Seconds a two-line Streamlit page takes to show its text here: the floor under every figure."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        (Path(tmp) / "app.py").write_text(FLOOR_APP)
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
             "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=ARGS)
                page = browser.new_page()
                page.goto(url)
                page.get_by_text("events shown of").wait_for(timeout=60000)
                page.close()
                floors = []
                for _ in range(repeat):
                    page = browser.new_page(viewport={"width": 1400, "height": 1200})
                    t0 = time.perf_counter()
                    page.goto(url)
                    page.get_by_text("events shown of").wait_for(timeout=60000)
                    floors.append(time.perf_counter() - t0)
                    page.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    return statistics.median(floors)


TARGETS = {"open": 1.3}  # x the floor
FILTER_TARGET = {300: 0.5, 100_000: 1.0}
MEMORY_TARGET = {100_000: 600, 1_000_000: 1500}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--reference", type=int, default=300, help="a small store measured first, for scale")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 events (a few minutes more)")
    parser.add_argument("--repeat", type=int, default=3, help="page opens and filter changes per size (median)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    load = os.getloadavg()[0]
    floor = streamlit_floor(args.chromium, args.repeat)
    sizes = [n for n in (args.reference, args.events, 1_000_000 if args.million else 0) if n]
    results = {n: measure(n, args.chromium, args.repeat) for n in sizes}
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end; "
          f"median of {args.repeat}")
    print(f"floor: a two-line Streamlit page shows its text in {floor:.2f} s on this machine now")
    print("| events | open page -> markers visible | filter change -> map updated | server memory |")
    print("|---|---|---|---|")
    for n, r in results.items():
        filter_target = FILTER_TARGET.get(n)
        memory_target = MEMORY_TARGET.get(n)
        print(f"| {n:,} | {r['open']:.2f} s = {r['open'] / floor:.2f}x floor (target <= {TARGETS['open']}x) "
              f"| {r['filter']:.2f} s = {r['filter'] / floor:.2f}x floor"
              + (f" (target <= {filter_target} s)" if filter_target else "")
              + f" | {r['memory']:.0f} MB" + (f" (target <= {memory_target} MB)" if memory_target else "") + " |")


if __name__ == "__main__":
    main()
