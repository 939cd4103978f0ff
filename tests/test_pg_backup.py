"""Backup and restore of a PostgreSQL store: one backup file format for both backends, nothing ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_support import snapshot
from corpus import write_corpus

from dashboard.cli import main
from dashboard.errors import StoreError
from dashboard.events import store
from dashboard.events.backup import backup_store, check_store_file, restore_store
from dashboard.pipeline.ingest import ingest_paths


def _fill(target: str, folder: Path, n: int = 30) -> dict:
    write_corpus(folder, n)
    conn = store.open_store(target)
    ingest_paths(conn, [folder])
    first = store.load_events(conn)["event_id"].iloc[0]
    store.edit_event(conn, first, {"fatalities": 9}, "ministry figure", analyst="Rana")
    state = snapshot(conn), store.event_edits(conn, first)
    conn.close()
    return state


def test_postgres_backup_is_a_store_file_with_everything(pg_url, tmp_path):
    state, edits = _fill(pg_url, tmp_path / "in")
    summary = backup_store(pg_url, tmp_path / "team.db")
    assert check_store_file(tmp_path / "team.db").events == summary.events == len(state["events"]) == 30
    copy = store.open_store(tmp_path / "team.db")
    assert snapshot(copy) == state
    assert store.event_edits(copy, store.load_events(copy)["event_id"].iloc[0]) == edits  # analyst names too
    with pytest.raises(StoreError, match="already exists"):
        backup_store(pg_url, tmp_path / "team.db")


def test_restore_into_postgres_replaces_everything_and_keeps_the_old_content(pg_url, tmp_path, pg_server):
    laptop = str(tmp_path / "laptop.db")
    state, _ = _fill(laptop, tmp_path / "in", 20)  # one analyst's work ...
    _fill(pg_url, tmp_path / "other", 5)  # ... restored over a team store that had other events
    page = store.open_store(pg_url)
    before = store.generation(page)
    old_team = snapshot(page)
    summary, saved = restore_store(laptop, pg_url)
    assert summary.events == 20 and saved.parent == tmp_path and saved.name.startswith(pg_url.rsplit("/", 1)[1])
    assert snapshot(page) == state  # the page sees the restored store, without a restart
    assert store.generation(page) > before
    assert snapshot(store.open_store(saved)) == old_team  # the replaced content is kept in a store file
    event_id = store.load_events(page)["event_id"].iloc[-1]
    store.edit_event(page, event_id, {"injured": 1}, "after the restore")  # identity columns go on after restore
    assert len(store.event_edits(page, event_id)) == 2


def test_restore_refuses_a_bad_file_and_changes_nothing(pg_url, tmp_path):
    state, _ = _fill(pg_url, tmp_path / "in", 5)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a store" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        restore_store(bad, pg_url)
    assert snapshot(store.open_store(pg_url)) == state


def test_cli_backup_and_restore_on_a_url_never_print_the_password(pg_url, tmp_path, capsys):
    _fill(pg_url, tmp_path / "in", 5)
    url = pg_url.replace("postgres@", "postgres:sekrit@")  # trust auth: the password is ignored by the server
    assert main(["backup", "--db", url, str(tmp_path / "b.db")]) == 0
    assert main(["restore", "--db", url, str(tmp_path / "b.db")]) == 0
    out = capsys.readouterr().out
    assert "sekrit" not in out and "postgres:***@" in out and "5 events" in out


def test_every_export_format_is_the_same_from_both_backends(pg_url, tmp_path):
    """``incident-map export`` reads a PostgreSQL store exactly as it reads a SQLite one."""
    sqlite_db = str(tmp_path / "s.db")
    for target in (pg_url, sqlite_db):
        _fill(target, tmp_path / "in", 12)
    for fmt in ("csv", "geojson", "kml"):
        outputs = []
        for target in (pg_url, sqlite_db):
            out = tmp_path / f"{fmt}-{len(outputs)}.{fmt}"
            assert main(["export", "--db", target, "--format", fmt, "-o", str(out)]) == 0
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1], fmt
