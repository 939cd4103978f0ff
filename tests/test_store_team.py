"""A team on one store, on both backends: concurrent edits, concurrent ingest jobs, the page seeing new events,
and (PostgreSQL) versioned migrations, text order, and a server restarted under the page and under an ingest."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_support import records, snapshot
from factories import events_for, make_article, make_event
from pg_support import PostgresServer, find_bindir, unavailable

from dashboard.errors import EditConflict, StoreError
from dashboard.events import schema, store
from dashboard.events.backends import BackendError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def conn(store_target):
    conn = store.open_store(store_target)
    yield conn
    conn.close()


def _one_event(conn) -> str:
    article = make_article()
    (event,) = events_for(article, [make_event()])
    store.store_article(conn, article, [event])
    return event.event_id


def test_second_analyst_gets_a_conflict_with_both_versions(conn, store_target):
    event_id = _one_event(conn)
    other = store.open_store(store_target)  # another analyst's page
    opened = store.get_event(conn, event_id)["row_version"]
    assert store.get_event(other, event_id)["row_version"] == opened
    store.edit_event(other, event_id, {"fatalities": 4}, "hospital figures", analyst="Rana", expected_version=opened)
    with pytest.raises(EditConflict, match="changed since you opened it") as caught:
        store.edit_event(conn, event_id, {"fatalities": 2, "notes": "two killed"}, "wire report", analyst="Omar",
                         expected_version=opened)
    conflict = caught.value
    assert "Rana" in str(conflict) and "fatalities" in str(conflict)
    assert conflict.mine == {"fatalities": 2, "notes": "two killed"} and conflict.theirs["fatalities"] == 4
    assert [(e["analyst"], e["field"]) for e in conflict.since] == [("Rana", "fatalities"), ("Rana", "status")]
    stored = store.get_event(conn, event_id)
    assert stored["fatalities"] == 4 and stored["row_version"] == opened + 1  # nothing of Omar's was written
    # Omar reloads and saves on the current version: accepted, and both names are in the log
    store.edit_event(conn, event_id, {"notes": "two killed"}, "wire report", analyst="Omar",
                     expected_version=stored["row_version"])
    assert [e["analyst"] for e in store.event_edits(conn, event_id)] == ["Rana", "Rana", "Omar"]
    other.close()


def test_status_changes_are_version_checked_too(conn):
    event_id = _one_event(conn)
    opened = store.get_event(conn, event_id)["row_version"]
    store.set_status(conn, event_id, "confirmed", "checked", analyst="Rana", expected_version=opened)
    with pytest.raises(EditConflict):
        store.set_status(conn, event_id, "rejected", "duplicate", analyst="Omar", expected_version=opened)
    assert store.get_event(conn, event_id)["status"] == "confirmed"
    log = store.event_edits(conn, event_id)
    assert [(e["analyst"], e["new"]) for e in log] == [("Rana", "confirmed")]


def test_edit_without_a_version_still_works_and_is_logged(conn):
    event_id = _one_event(conn)
    store.edit_event(conn, event_id, {"injured": 5}, "update")  # the CLI and scripts: no version, no name
    assert store.event_edits(conn, event_id)[0]["analyst"] == ""
    assert store.get_event(conn, event_id)["row_version"] == 2


def _archive(path: Path, rows: list[dict]) -> Path:
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    return path


def test_two_ingest_jobs_at_once_lose_and_double_nothing(store_target, tmp_path):
    rows = records(40, extras=False)  # 40 incidents, each reported by wire A and wire B
    wire_a, wire_b = rows[0::2], rows[1::2]
    first = _archive(tmp_path / "one.jsonl.gz", wire_a + wire_b[:20])  # the jobs overlap on 20 articles
    second = _archive(tmp_path / "two.jsonl.gz", wire_b + wire_a[:20])
    cmd = [sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--batch-size", "1", "--db", store_target]
    store.open_store(store_target).close()  # the schema first, as a team's server has it
    jobs = [subprocess.Popen([*cmd, str(a)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for a in (first, second)]
    for job in jobs:
        _out, err = job.communicate(timeout=300)
        assert job.returncode == 0, err[-2000:]
    conn = store.open_store(store_target)
    state = snapshot(conn)
    assert len(state["articles"]) == len({r["url"] for r in rows}) == 80  # every article exactly once
    assert len(state["events"]) == 40  # one event per incident: the two wires merged, whichever job came first
    per_event = {}
    for event_id, *_ in state["sources"]:
        per_event[event_id] = per_event.get(event_id, 0) + 1
    assert sorted(per_event.values()) == [2] * 40
    conn.close()


def test_the_page_sees_new_events_without_a_restart(store_target, tmp_path):
    page = store.open_store(store_target)  # the page's long-lived connection
    before = store.generation(page)
    assert store.load_events(page).empty
    (tmp_path / "a.txt").write_text("A rocket hit a house in Kirkuk today, injuring 3 civilians.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": "2021-02-20"}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", store_target,
                           str(tmp_path / "a.txt")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert store.generation(page) > before
    assert store.load_events(page)["location"].tolist() == ["Kirkuk"]
    page.close()


# --- PostgreSQL only ----------------------------------------------------------------------------------------------

def test_postgres_store_migrates_a_version_1_schema(pg_url):
    from dashboard.events.backends import connect

    raw = connect(pg_url)
    with raw.write_transaction():
        for statement in schema.split_statements(raw.render_ddl(schema.MIGRATIONS[1])):
            raw.execute(statement)
        raw.set_schema_version(1)
    raw.close()
    conn = store.open_store(pg_url)
    assert conn.schema_version() == store.SCHEMA_VERSION
    event_id = _one_event(conn)
    assert store.get_event(conn, event_id)["row_version"] == 1
    assert schema.migrate(conn) == store.SCHEMA_VERSION


def test_postgres_newer_schema_is_refused_naming_the_store(pg_url):
    conn = store.open_store(pg_url)
    conn.set_schema_version(99)
    conn.close()
    with pytest.raises(StoreError, match=r"postgresql://postgres@127\.0\.0\.1:\d+/\w+: .*newer"):
        store.open_store(pg_url)


def test_postgres_orders_text_as_sqlite_does(pg_url, tmp_path):
    names = ["Zakho", "al-Qaim", "أربيل", "Ērbil", "basra", "Basra", "الموصل", "_x", "Zummar"]
    orders = []
    for target in (pg_url, str(tmp_path / "s.db")):
        conn = store.open_store(target)
        article = make_article()
        events = [make_event(event_id=f"e{i}", location=n, gazetteer_id=f"g{i}") for i, n in enumerate(names)]
        store.insert_events(conn, events_for(article, events))
        orders.append(store.known_places(conn)["name"].tolist())
    assert orders[0] == orders[1] == sorted(names)


def test_unreachable_postgres_is_one_line(tmp_path):
    with pytest.raises(StoreError, match=r"cannot connect to the PostgreSQL store .*is the server running") as err:
        store.open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "\n" not in str(err.value) and "secret" not in str(err.value)


@pytest.fixture(scope="module")
def own_server():
    """A server of its own, for the tests that restart it."""
    bindir = find_bindir()
    if bindir is None:
        unavailable("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    server = PostgresServer(bindir).start()
    yield server
    server.stop()


@pytest.mark.postgres
def test_page_connection_recovers_after_a_server_restart(own_server):
    url = own_server.fresh_database()
    page = store.open_store(url)
    _one_event(page)
    own_server.restart()
    with pytest.raises(BackendError, match="connection to the PostgreSQL server was lost"):
        store.generation(page)  # the statement in flight fails, with one line
    assert store.count_events(page) == 1  # the next one reconnects: the page goes on without a restart
    page.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_server_restarted_during_an_ingest(own_server, tmp_path):
    from corpus import expected_events, write_corpus

    url = own_server.fresh_database()
    folder = tmp_path / "articles"
    paths = write_corpus(folder, 150)
    cmd = [sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", url, str(folder)]
    job = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watcher = store.open_store(url)
    deadline = time.monotonic() + 120
    while job.poll() is None and store.count_events(watcher) < 20 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert job.poll() is None, "the ingest ended before the restart"
    own_server.restart()
    out, err = job.communicate(timeout=120)
    assert job.returncode == 2, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("incident-map ingest: error: ") and "PostgreSQL server" in lines[0]
    assert "run the same ingest again" in lines[0]
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    conn = store.open_store(url)
    expected = expected_events(paths)
    state = snapshot(conn)
    assert len(state["articles"]) == len(paths)  # nothing lost, nothing doubled
    assert sorted(e[0] for e in state["events"]) == sorted(e for ids in expected.values() for e in ids)
    assert len(state["sources"]) == len(state["events"])


def test_postgis_when_the_server_has_it(pg_url, tmp_path):
    """Optional: with PostGIS in the database, bounds queries use a GiST index on the events' points."""
    import psycopg
    from factories import synthetic_records

    with psycopg.connect(pg_url, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone():
            pytest.skip("PostGIS is optional and this server has none (apt-get install postgresql-15-postgis-3)")
        admin.execute("CREATE EXTENSION postgis")
    conn = store.open_store(pg_url)
    assert conn.postgis
    store.insert_events(conn, synthetic_records(300))
    plain = store.open_store(str(tmp_path / "s.db"))
    store.insert_events(plain, synthetic_records(300))
    bounds = (33.0, 43.0, 36.5, 45.0)
    assert store.events_within(conn, bounds)["event_id"].tolist() == \
        store.events_within(plain, bounds)["event_id"].tolist()
    where, params = conn.bounds_sql(bounds)
    conn.execute("SET enable_seqscan = off")
    plan = " ".join(r[0] for r in conn.execute(f"EXPLAIN SELECT event_id FROM events e WHERE {where}", params))
    assert "events_geom" in plan
    event_id = store.load_events(conn)["event_id"].iloc[0]
    assert "geom" not in store.get_event(conn, event_id)
    from dashboard.events.backup import backup_store

    assert backup_store(pg_url, tmp_path / "b.db").events == 300  # the backup holds the plain columns only
