"""Suite-wide rules: in CI (INCIDENT_MAP_REQUIRE_BROWSER=1) an end-to-end test may not skip, and some must run."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pg_support import (  # noqa: F401  (fixtures and a hook: a real PostgreSQL server)
    pg_server,
    pg_url,
    pytest_collection_modifyitems,
    store_target,
)

REQUIRE_BROWSER = bool(os.environ.get("INCIDENT_MAP_REQUIRE_BROWSER"))
_e2e_ran = 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    global _e2e_ran
    outcome = yield
    report = outcome.get_result()
    if item.get_closest_marker("e2e") is None:
        return
    if report.when == "call" and report.passed:
        _e2e_ran += 1
    if report.skipped and REQUIRE_BROWSER:
        report.outcome = "failed"
        report.longrepr = f"end-to-end test skipped while INCIDENT_MAP_REQUIRE_BROWSER is set: {report.longrepr}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    selected_e2e = any(item.get_closest_marker("e2e") for item in session.items)
    if REQUIRE_BROWSER and selected_e2e and _e2e_ran == 0 and exitstatus == 0:
        print("\nINCIDENT_MAP_REQUIRE_BROWSER is set but no end-to-end test ran")
        session.exitstatus = 1
