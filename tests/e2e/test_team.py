"""A team's page end to end: ``incident-map serve`` on a PostgreSQL store behind a (simulated) signing-in proxy.

The proxy's header is set on every request of the browser context (as the proxy would); an edit made through
the page is stored with that name. Without the header, the page refuses edits and says why.
"""

from __future__ import annotations

import os
import sys

import pytest
from conftest import ROOT, seed_store
from e2e_support import free_port, running

from dashboard.events import store

pytestmark = pytest.mark.e2e


def test_an_edit_through_the_proxy_is_stored_with_the_analysts_name(browser, pg_url, tmp_path, artifacts):
    seed_store(pg_url)
    port = free_port()
    command = [sys.executable, "-m", "dashboard.cli", "serve", "--db", pg_url, "--port", str(port), "--no-seed",
               "--trusted-user-header", "X-Forwarded-User"]
    env = dict(os.environ, INCIDENT_MAP_TILES="offline", PYTHONPATH=str(ROOT))
    with running(command, port, env=env, log=tmp_path / "serve.log", timeout=60) as (url, _):
        signed_in = browser.new_context(viewport={"width": 1400, "height": 1500},
                                        extra_http_headers={"X-Forwarded-User": "rana.k"})
        page = signed_in.new_page()
        page.goto(f"{url}/review")
        page.get_by_text("Signed in as").wait_for(timeout=30000)
        assert "rana.k" in page.inner_text("section[data-testid='stSidebar']")
        page.get_by_role("button", name="Confirm", exact=True).click()
        conn = store.open_store(pg_url)
        for _ in range(100):
            edits = conn.execute("SELECT analyst, new FROM edits").fetchall()
            if edits:
                break
            page.wait_for_timeout(200)
        assert [tuple(e) for e in edits] == [("rana.k", "confirmed")]
        page.get_by_text("Confirmed.").wait_for(timeout=30000)  # and the page says so after its rerun (then moves on)
        page.screenshot(path=str(artifacts / "team-signed-in.png"), full_page=True)
        signed_in.close()

        anonymous = browser.new_context(viewport={"width": 1400, "height": 1500})
        page = anonymous.new_page()
        page.goto(f"{url}/review")
        page.get_by_text("sign-in proxy").first.wait_for(timeout=30000)
        page.get_by_role("button", name="Confirm", exact=True).click()
        page.get_by_text("nothing was changed").wait_for(timeout=30000)
        assert len(conn.execute("SELECT analyst FROM edits").fetchall()) == 1
        anonymous.close()
