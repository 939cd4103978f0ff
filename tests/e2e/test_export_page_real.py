"""The real map page (``incident-map serve``): its download buttons equal the CLI for the view it shows.

The panel prints the ``incident-map export`` command of the page's view (filters, and the map's bounds and
zoom as streamlit-folium reports them once the map has loaded); the test runs that command for every format
and compares the files with the page's downloads byte for byte ("made at" fixed by INCIDENT_MAP_MADE_AT).
"""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import free_port, open_section, running, serve_command
from export_factories import make_event

from dashboard.export.screenshot import CHROMIUM_ARGS
from dashboard.export.view import FORMATS

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, INCIDENT_MAP_MADE_AT="2026-11-30T07:50:00", INCIDENT_MAP_TILES="offline", PYTHONPATH=str(ROOT))

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    store = pytest.importorskip("dashboard.events.store")
    db = tmp_path_factory.mktemp("real") / "events.db"
    conn = store.open_store(db)
    store.insert_events(conn, [make_event(i).to_record() for i in range(30)])
    conn.close()
    port = free_port()
    with running(serve_command(db, port), port, env=ENV, timeout=90) as (url, _):
        yield url, db


def page_command(page) -> list[str]:
    """The CLI command the panel shows, once it carries the map's bounds (the map has loaded)."""
    code = page.locator("code").filter(has_text="incident-map export")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if code.count() and "--bounds" in code.first.text_content():
            return shlex.split(code.first.text_content())
        time.sleep(0.3)
    raise AssertionError("the export panel never showed the map's bounds")


def settled_command(page, quiet_s: float = 3.0) -> list[str]:
    """The command once the map has stopped reporting new bounds for ``quiet_s`` (fit-bounds settles)."""
    deadline = time.monotonic() + 60
    argv = page_command(page)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        again = page_command(page)
        if again == argv:
            return argv
        argv = again
    raise AssertionError("the map's bounds never settled")


def cli_file(argv: list[str], db: Path, fmt: str, out: Path) -> bytes:
    """Run the panel's command (``incident-map export ...``) for ``fmt`` into ``out``, on the same store."""
    from dashboard.cli import main

    args = argv[1:]  # drop "incident-map"
    args[args.index("--format") + 1] = fmt
    args[args.index("-o") + 1] = str(out)
    assert main([*args, "--db", str(db)]) == 0
    return out.read_bytes()


def test_real_page_downloads_equal_cli(
    served: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("INCIDENT_MAP_MADE_AT", "INCIDENT_MAP_TILES"):
        monkeypatch.setenv(name, ENV[name])
    sync_api = pytest.importorskip("playwright.sync_api")
    from dashboard.app.export_panel import LABELS

    url, db = served
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        page.goto(url)
        open_section(page, "Export this view", timeout=90)
        argv = settled_command(page)
        downloads = {}
        for fmt in FORMATS:
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name=LABELS[fmt], exact=True).click()
            target = tmp_path / f"page.{fmt}"
            info.value.save_as(target)
            downloads[fmt] = target.read_bytes()
        assert page_command(page) == argv, "the view changed while downloading"
        browser.close()
    assert "--from" in argv and "--zoom" in argv
    for fmt in FORMATS:
        assert downloads[fmt] == cli_file(argv, db, fmt, tmp_path / f"cli.{fmt}"), f"{fmt}: page and CLI differ"
