"""The PostgreSQL test fixture's rule: without the server, skip with the reason locally, fail in CI."""

from __future__ import annotations

import pg_support
import pytest


def test_missing_server_skips_locally_with_the_reason(monkeypatch):
    monkeypatch.setattr(pg_support, "REQUIRE_POSTGRES", False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        pg_support.unavailable("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")


def test_missing_server_fails_when_required(monkeypatch):
    monkeypatch.setattr(pg_support, "REQUIRE_POSTGRES", True)
    with pytest.raises(pytest.fail.Exception, match="INCIDENT_MAP_REQUIRE_POSTGRES"):
        pg_support.unavailable("no PostgreSQL server binaries")


def test_the_server_runs_as_a_non_root_user(pg_server):
    import psycopg

    with psycopg.connect(pg_server.url()) as conn:
        owner = conn.execute("SELECT current_setting('data_directory')").fetchone()[0]
    assert owner.startswith(str(pg_server.root))
    assert pg_server.user != "root"
