"""End-to-end fixtures: a real ``incident-map serve`` on a free port and headless Chromium.

Browser tests skip (with the reason) when Playwright or a Chromium binary is missing. Screenshots go to
``test-artifacts/e2e/``. Set ``INCIDENT_MAP_CHROMIUM`` to use another Chromium binary.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from dashboard.export.screenshot import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
sys.path.insert(0, str(ROOT / "tests"))

from e2e_support import free_port, running, serve_command  # noqa: E402


def chromium_path() -> str | None:
    """A Chromium binary to drive, never downloaded."""
    for candidate in (os.environ.get("INCIDENT_MAP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen
    log: Path


def seed_store(path: Path) -> None:
    """Six Arabic-evidence events at six places over February 2021, plus 60 synthetic ones in January."""
    from factories import PLACES, events_for, make_article, make_event, synthetic_records

    from dashboard.events import store

    conn = store.open_store(path)
    store.insert_events(conn, synthetic_records(60, start=date(2021, 1, 1), days=28))
    for i, (gid, name, name_ar, lat, lon, admin1) in enumerate(PLACES):
        article = make_article(f"خبر رقم {i}", url=f"e2e/{i}.txt")
        event = make_event(day=date(2021, 2, 1 + 4 * i), gazetteer_id=gid, location=name, location_ar=name_ar,
                           latitude=lat, longitude=lon, admin1=admin1)
        store.store_article(conn, article, events_for(article, [event]))
    conn.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("e2e") / "e2e.db"
    seed_store(db)
    port = free_port()
    log = db.with_suffix(".log")
    with running(serve_command(db, port), port, log=log, timeout=45) as (url, process):
        yield Server(url, db, process, log)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium binary (set INCIDENT_MAP_CHROMIUM); browser tests need one")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@dataclass
class Watched:
    """A page plus everything it asked the network for and every console error."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _resource(message: str) -> bool:
    """A "Failed to load resource" console line: judged by its response instead (it names no URL)."""
    return message.startswith("Failed to load resource")


def _failed(response) -> bool:
    """A failed response, except Streamlit's own probe for a base path when a page is opened by its URL."""
    probe = re.search(r"/[^/]+/_stcore/(health|host-config)$", response.url)
    return response.status >= 400 and not probe


@pytest.fixture
def page(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    page = context.new_page()
    watched = Watched(page)
    page.on("request", lambda r: watched.requests.append(r.url))
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" and not _resource(m.text) else None)
    page.on("response", lambda r: watched.errors.append(f"{r.status} {r.url}") if _failed(r) else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield watched
    context.close()
