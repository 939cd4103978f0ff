"""Shared by the end-to-end tests: a real ``incident-map serve`` on a free port, and the map's iframe."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(db: Path, port: int) -> list[str]:
    """``incident-map serve`` on ``db`` and ``port``, without seeding."""
    return [sys.executable, "-m", "dashboard.cli", "serve", "--db", str(db), "--port", str(port), "--no-seed"]


@contextmanager
def running(
    command: list[str], port: int, *, env: dict[str, str] | None = None, log: Path | None = None, timeout: float = 60.0
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run a Streamlit server ``command`` listening on ``port``; yield its URL and process once healthy, then stop it.

    The default environment uses the offline basemap; the server's output goes to ``log`` when given.
    """
    env = env or dict(os.environ, INCIDENT_MAP_TILES="offline", PYTHONPATH=str(ROOT))
    with (log.open("w") if log else open(os.devnull, "w")) as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start: {log.read_text() if log else command}")
                time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def map_frame(page, timeout: float = 30.0):
    """The streamlit-folium iframe once its markers are drawn."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("typeof incidentMapStats === 'function' && incidentMapStats().ready"):
                    return frame
            except Exception:
                continue
        time.sleep(0.2)
    raise AssertionError("the map never showed its markers")


#: True when the page has settled: Streamlit runs no script and awaits no rerun, the map's newest data are drawn
#: for the view it rests on, and streamlit-folium has reported that view (no debounced report is pending, which
#: would rerun the page). A click made then is not lost to a rerun.
_SETTLED_MAP_JS = """() => typeof incidentMapStats === 'function' && incidentMapStats().ready && window.map &&
  window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.previous_data &&
  JSON.stringify(window.__GLOBAL_DATA__.previous_data.bounds) === JSON.stringify(window.map.getBounds()) &&
  window.__GLOBAL_DATA__.previous_data.zoom === window.map.getZoom()"""
_IDLE = "[data-testid=stApp][data-test-script-state=notRunning][data-test-connection-state=CONNECTED]"


def settled(page, timeout: float = 30.0):
    """The map's iframe once the page has settled (see ``_SETTLED_MAP_JS``), checked on two polls in a row."""
    deadline = time.monotonic() + timeout
    streak = 0
    while time.monotonic() < deadline:
        frame = None
        if page.locator(_IDLE).count():
            for candidate in page.frames:
                try:
                    if candidate.evaluate(_SETTLED_MAP_JS):
                        frame = candidate
                        break
                except Exception:  # a frame being replaced
                    continue
        streak = streak + 1 if frame is not None else 0
        if streak >= 2:
            return frame
        time.sleep(0.15)
    raise AssertionError("the page never settled (a script still runs, or the map has not drawn or reported)")


def open_section(page, label: str, timeout: float = 60.0) -> None:
    """Open the map page's lazy section ``label`` (the table "Events", the export panel "Export this view") unless it
    is open, and wait until the page has drawn it (its script run is over)."""
    summary = page.locator("[data-testid=stExpander] summary", has_text=label).first
    summary.wait_for(timeout=timeout * 1000)
    if not summary.evaluate("s => s.parentElement.open"):
        summary.click()
    page.locator(f"{_IDLE} [data-testid=stExpander] details[open] summary", has_text=label).first.wait_for(
        timeout=timeout * 1000)
    page.locator(_IDLE).wait_for(timeout=timeout * 1000)
