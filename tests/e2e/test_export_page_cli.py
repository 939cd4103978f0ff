"""The page's download buttons give the same files as ``incident-map export`` for the same view.

A small Streamlit script draws :func:`dashboard.app.export_panel.render_export_panel` exactly as the map page
does (store frame, Filters, st_folium-shaped bounds); Chromium clicks each button and the downloads are
compared byte for byte with the CLI's files. The "made at" time is fixed through INCIDENT_MAP_MADE_AT.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import free_port, running
from export_factories import make_event

from dashboard.export.screenshot import CHROMIUM_ARGS
from dashboard.export.view import EXTENSIONS, FORMATS

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
MADE_AT = "2026-11-30T07:50:00"
TITLE = "Erbil, Nineveh and Kirkuk — أربيل ونينوى وكركوك"
CLI_VIEW = [
    "--from",
    "2026-11-01",
    "--to",
    "2026-11-20",
    "--admin1",
    "Erbil",
    "--admin1",
    "Nineveh",
    "--admin1",
    "Kirkuk",
    "--bounds",
    "34.0,41.0,37.5,46.0",
    "--zoom",
    "7",
    "--size",
    "1280x720",
    "--title",
    TITLE,
    "--tiles",
    "offline",
]
HARNESS = """
from datetime import date

from dashboard.app.export_panel import render_export_panel, view_from_state
from dashboard.cli.export import load_store_frame
from dashboard.events.table import Filters

events = load_store_frame({db!r})
filters = Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 20), admin1=("Erbil", "Nineveh", "Kirkuk"))
map_state = {{"bounds": {{"_southWest": {{"lat": 34.0, "lng": 41.0}}, "_northEast": {{"lat": 37.5, "lng": 46.0}}}},
             "zoom": 7}}
render_export_panel(events, view_from_state(filters, map_state, title={title!r}, size=(1280, 720)), tiles="offline")
"""

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed"),
]


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = pytest.importorskip("dashboard.events.store")
    path = tmp_path_factory.mktemp("store") / "events.db"
    conn = store.open_store(path)
    store.insert_events(conn, [make_event(i).to_record() for i in range(40)])
    conn.close()
    return path


@pytest.fixture(scope="module")
def server(store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    script = tmp_path_factory.mktemp("app") / "export_harness.py"
    script.write_text(HARNESS.format(db=str(store_file), title=TITLE), encoding="utf-8")
    port = free_port()
    env = dict(os.environ, INCIDENT_MAP_MADE_AT=MADE_AT, PYTHONPATH=str(ROOT))
    command = [
        sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]
    with running(command, port, env=env, timeout=60) as (url, _):
        yield url


def cli_export(store_file: Path, fmt: str, out: Path) -> bytes:
    """``incident-map export`` in this process (same code as the script; saves a Python start per format)."""
    from dashboard.cli import main

    assert main(["export", "--db", str(store_file), "--format", fmt, *CLI_VIEW, "-o", str(out)]) == 0
    return out.read_bytes()


def test_page_downloads_equal_cli_exports(
    server: str, store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INCIDENT_MAP_MADE_AT", MADE_AT)
    sync_api = pytest.importorskip("playwright.sync_api")
    from dashboard.app.export_panel import LABELS

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(accept_downloads=True)
        page.goto(server)
        page.get_by_text("Export this view").wait_for(timeout=60_000)
        downloads = {}
        for fmt in FORMATS:
            button = page.get_by_role("button", name=LABELS[fmt], exact=True)
            with page.expect_download(timeout=60_000) as info:
                button.click()
            target = tmp_path / f"page.{fmt}"
            info.value.save_as(target)
            downloads[fmt] = (info.value.suggested_filename, target.read_bytes())
        browser.close()
    for fmt in FORMATS:
        name, data = downloads[fmt]
        assert name.endswith(f".{EXTENSIONS.get(fmt, fmt)}")  # acled-csv: NAME.acled.csv
        assert data == cli_export(store_file, fmt, tmp_path / f"cli.{fmt}"), f"{fmt}: page and CLI differ"
