"""The event store on both backends (SQLite file, PostgreSQL server): schema, idempotent article storage, dedup,
analyst edits. Every test taking ``conn`` runs once per backend (``store_target`` in pg_support.py)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pandas as pd
import pytest
from factories import EVIDENCE_AR, events_for, make_article, make_event, synthetic_records

from dashboard.errors import StoreError
from dashboard.events import schema, store


@pytest.fixture
def conn(store_target):
    conn = store.open_store(store_target)
    yield conn
    conn.close()


def test_new_store_is_wal_and_versioned(tmp_path):
    conn = store.open_store(tmp_path / "s.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert schema.migrate(conn) == store.SCHEMA_VERSION  # re-opening migrates nothing


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer"):
        store.open_store(path)


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        store.open_store(bad)


def test_load_events_dtypes(conn):
    article = make_article()
    store.store_article(conn, article, events_for(article, [make_event()]))
    df = store.load_events(conn)
    assert len(df) == 1
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert isinstance(df["event_type"].dtype, pd.CategoricalDtype)
    assert df.loc[0, "evidence"] == EVIDENCE_AR
    assert df.loc[0, "source_count"] == 1


def test_same_article_twice_changes_nothing(conn):
    article = make_article()
    events = events_for(article, [make_event()])
    first = store.store_article(conn, article, events)
    gen = store.generation(conn)
    again = store.store_article(conn, article, events)
    assert first.added and again.unchanged and not again.added
    assert store.generation(conn) == gen and store.count_events(conn) == 1


def test_changed_article_replaces_auto_events_and_keeps_edits(conn):
    v1 = make_article("نص أول عن الهجوم", url="same.txt")
    kept, dropped = events_for(v1, [make_event(), make_event(gazetteer_id="g2", location="Baghdad")])
    store.store_article(conn, v1, [kept, dropped])
    store.edit_event(conn, kept.event_id, {"fatalities": 3}, "ministry statement")
    v2 = make_article("نص ثان معدل عن الهجوم", url="same.txt")
    result = store.store_article(conn, v2, events_for(v2, [make_event(gazetteer_id="g5", location="Basra")]))
    df = store.load_events(conn).set_index("event_id")
    assert result.removed == 1 and dropped.event_id not in df.index
    assert df.loc[kept.event_id, "fatalities"] == 3 and df.loc[kept.event_id, "status"] == "edited"
    assert len(df) == 2


def test_one_incident_from_three_articles_is_one_event(conn):
    for i, day in enumerate((date(2021, 2, 20), date(2021, 2, 20), date(2021, 2, 21))):
        article = make_article(f"تقرير رقم {i}", url=f"{i}.txt", publisher=f"P{i}")
        vague = make_event(day=day, date_earliest=date(2021, 2, 19), date_latest=date(2021, 2, 21))
        store.store_article(conn, article, events_for(article, [vague]))
    df = store.load_events(conn)
    assert len(df) == 1 and df.loc[0, "source_count"] == 3
    assert len(store.event_sources(conn, df.loc[0, "event_id"])) == 3


def test_different_place_or_far_dates_are_not_merged(conn):
    a, b = make_article("أ", url="a.txt"), make_article("ب", url="b.txt")
    store.store_article(conn, a, events_for(a, [make_event()]))
    store.store_article(conn, b, events_for(b, [make_event(day=date(2021, 3, 9)), make_event(gazetteer_id="g3")]))
    assert store.count_events(conn) == 3


def test_rejected_duplicate_stays_rejected_after_reingest(conn):
    a = make_article("أ", url="a.txt")
    (event,) = events_for(a, [make_event()])
    store.store_article(conn, a, [event])
    store.set_status(conn, event.event_id, "rejected", "duplicate of ev9")
    b = make_article("ب", url="b.txt")
    result = store.store_article(conn, b, events_for(b, [make_event()]))
    assert result.merged == [event.event_id] and not result.added
    assert store.get_event(conn, event.event_id)["status"] == "rejected"


def test_edits_are_logged_with_reason_and_time(conn):
    a = make_article()
    (event,) = events_for(a, [make_event()])
    store.store_article(conn, a, [event])
    changed = store.edit_event(conn, event.event_id, {"event_type": "Battles", "injured": 2}, "re-read")
    assert changed == ["event_type"]  # injured was already 2
    log = store.event_edits(conn, event.event_id)
    assert [(e["field"], e["old"], e["new"]) for e in log] == [
        ("event_type", "Explosions/Remote violence", "Battles"), ("status", "auto", "edited")]
    assert all(e["reason"] == "re-read" and e["edited_at"] for e in log)
    with pytest.raises(StoreError, match="why"):
        store.edit_event(conn, event.event_id, {"injured": 4}, " ")
    with pytest.raises(StoreError, match="cannot edit"):
        store.edit_event(conn, event.event_id, {"status": "x"}, "r")


def test_confirm_and_manual_add(conn):
    manual = make_event(event_id="manual-1", article_id="", article_url="", source="phone call")
    store.add_event(conn, manual, "reported by our driver")
    assert store.get_event(conn, "manual-1")["status"] == "confirmed"
    with pytest.raises(StoreError, match="already exists"):
        store.add_event(conn, manual, "again")
    store.set_status(conn, "manual-1", "rejected", "false report")
    assert store.event_edits(conn, "manual-1")[-1]["new"] == "rejected"


def test_failed_article_rolls_back(conn, monkeypatch):
    a = make_article()
    bad = events_for(a, [make_event(), make_event(gazetteer_id="g9")])
    original = store._add_event
    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk full")
        original(*args)

    monkeypatch.setattr(store, "_add_event", failing)
    with pytest.raises(sqlite3.OperationalError):
        store.store_article(conn, a, bad)
    assert store.count_events(conn) == 0


def test_bulk_insert_and_known_places(conn):
    assert store.insert_events(conn, synthetic_records(500)) == 500
    df = store.load_events(conn)
    assert len(df) == 500 and df["source_count"].eq(1).all()
    assert len(store.known_places(conn)) == 500


def test_sql_is_parameterised(conn):
    a = make_article()
    tricky = make_event(notes="x'); DROP TABLE events; --", evidence="<script>alert(1)</script>")
    store.store_article(conn, a, events_for(a, [tricky]))
    assert store.load_events(conn).loc[0, "notes"].startswith("x');")


def test_events_within_bounds_are_selected_by_the_database(conn):
    from dashboard.events.table import Filters, apply_filters

    store.insert_events(conn, synthetic_records(300))
    everything = store.load_events(conn)
    for bounds in ((33.0, 43.0, 36.5, 45.0), (29.0, 38.0, 38.0, 49.0), (0.0, 0.0, 1.0, 1.0)):
        inside = store.events_within(conn, bounds)
        expected = apply_filters(everything, Filters(statuses=(), bounds=bounds))
        assert inside["event_id"].tolist() == expected["event_id"].tolist()


def test_a_duplicate_merges_into_the_first_stored_of_equal_candidates(conn):
    """Events stored in one batch share their created_at: the tie is broken by insertion order on both backends.
    (PostgreSQL returns ties in physical order, which an UPDATE changes: without the tie-break, a batch ingest
    and a serial one, or the two backends, could merge a report into different events.)"""
    batch = []
    for i in range(40):
        article = make_article(f"تقرير {i}", url=f"{i}.txt")
        batch.append((article, events_for(article, [make_event(day=date(2021, 3, 1) + timedelta(days=2 * i))])))
    store.store_articles(conn, batch)  # 40 events at one place, one kind, distinct days, one created_at
    first = batch[0][1][0].event_id
    store.set_status(conn, first, "confirmed", "checked")  # an UPDATE: PostgreSQL moves the row to the end
    vague = make_article("تقرير مبهم", url="vague.txt")
    wide = make_event(day=date(2021, 3, 1), date_earliest=date(2021, 3, 1), date_latest=date(2021, 5, 30))
    result = store.store_article(conn, vague, events_for(vague, [wide]))
    assert result.merged == [first]
