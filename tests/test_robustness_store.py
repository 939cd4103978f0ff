"""Nothing lost in the store: atomic articles, concurrent writers, analysts' edits kept, parameterised SQL.

The SIGKILL test is in ``test_kill_ingest.py``; backups in ``test_backup.py``.
"""

from __future__ import annotations

import ast
import shutil
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from corpus import expected_events, incomplete_articles, integrity_problems, write_corpus
from factories import events_for, make_article, make_event

from dashboard.events import store
from dashboard.pipeline.ingest import ingest_articles

ROOT = Path(__file__).resolve().parent.parent


def together(n: int, work) -> list[BaseException]:
    """Run ``work(i)`` in ``n`` threads released at the same instant; the exceptions they raised."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


# --- concurrency ------------------------------------------------------------------------------------------------

def test_two_openers_of_a_new_store_both_succeed(tmp_path: Path) -> None:
    """Creating the schema is one locked step: the second opener waits and finds it done."""
    for trial in range(15):
        db = tmp_path / f"new{trial}.db"
        errors = together(3, lambda _i, db=db: store.open_store(db).close())
        assert errors == [], errors
        assert integrity_problems(db) == []


def test_same_article_from_two_writers_at_once_is_stored_once(tmp_path: Path) -> None:
    """Same content under two names, stored at the same instant: one article, no IntegrityError."""
    db = tmp_path / "s.db"
    store.open_store(db).close()
    for trial in range(10):
        article = make_article(f"سقطت صواريخ على قاعدة عين الأسد {trial}")
        copies = [replace(article, url=f"copy{i}/a.txt") for i in range(2)]
        conns = [store.open_store(db) for _ in copies]

        day = date(2021, 1, 1 + trial)

        def work(i: int, copies=copies, conns=conns, day=day) -> None:
            store.store_article(conns[i], copies[i], events_for(copies[i], [make_event(day=day)]))

        assert together(2, work) == []
        count = conns[0].execute("SELECT COUNT(*) FROM articles WHERE article_id = ?", (article.article_id,))
        assert count.fetchone()[0] == 1


def _ingest(db: Path, *folders: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", str(db), *map(str, folders)]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_ingest_processes_at_once_lose_nothing(tmp_path: Path) -> None:
    """Two ``incident-map ingest`` on a new store: overlapping folders, one a renamed copy of the other."""
    first = write_corpus(tmp_path / "first", 60)
    second = write_corpus(tmp_path / "second", 60, first=40)
    shutil.copytree(tmp_path / "second", tmp_path / "copy")
    expected = expected_events(first + second)
    db = tmp_path / "s.db"
    runs = [_ingest(db, tmp_path / "first", tmp_path / "copy"), _ingest(db, tmp_path / "second")]
    results = [p.communicate(timeout=240) for p in runs]
    for p, (_out, err) in zip(runs, results, strict=True):
        assert p.returncode == 0 and "Traceback" not in err, err
    assert integrity_problems(db) == []
    assert incomplete_articles(db, expected) == []
    stored = {r[0] for r in sqlite3.connect(db).execute("SELECT article_id FROM articles")}
    assert stored == set(expected)


# --- atomic per article ------------------------------------------------------------------------------------------

def test_an_error_in_the_middle_of_an_article_stores_nothing_of_it(tmp_path: Path, monkeypatch) -> None:
    conn = store.open_store(tmp_path / "s.db")
    good = make_article("خبر أول")
    store.store_article(conn, good, events_for(good, [make_event(day=date(2021, 1, 1))]))
    before = store.generation(conn)
    bad = make_article("خبر ثان")
    calls = {"n": 0}
    real = store._add_event

    def failing(*args, **kwargs) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        real(*args, **kwargs)

    monkeypatch.setattr(store, "_add_event", failing)
    events = events_for(bad, [make_event(day=date(2021, 3, d), gazetteer_id=f"g{d}") for d in range(1, 6)])
    with pytest.raises(sqlite3.OperationalError):
        store.store_article(conn, bad, events)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert store.count_events(conn) == 1 and store.generation(conn) == before
    assert not conn.in_transaction
    monkeypatch.setattr(store, "_add_event", real)
    assert len(store.store_article(conn, bad, events).added) == 5  # and it can be stored afterwards


# --- re-ingestion never overwrites an analyst's edit ----------------------------------------------------------

@pytest.fixture
def edited(tmp_path: Path):
    """A store with one article's event edited (moved to the airport), one confirmed, one rejected."""
    conn = store.open_store(tmp_path / "s.db")
    article = make_article("نص الخبر", url="news/a.txt")
    events = events_for(article, [make_event(day=date(2021, 2, d), gazetteer_id=f"g{d}") for d in (1, 5, 9)])
    store.store_article(conn, article, events)
    ids = [e.event_id for e in events]
    store.edit_event(conn, ids[0], {"location": "Erbil International Airport", "latitude": 36.2376,
                                    "longitude": 43.9632, "fatalities": 3}, "airport, not the city")
    store.set_status(conn, ids[1], "confirmed", "checked")
    store.set_status(conn, ids[2], "rejected", "duplicate")
    snapshot = {i: store.get_event(conn, i) for i in ids}
    return conn, article, events, snapshot


def _unchanged(conn, snapshot) -> None:
    for event_id, row in snapshot.items():
        now = store.get_event(conn, event_id)
        fields = (*store.EDITABLE_FIELDS, "status")
        assert {k: now[k] for k in fields} == {k: row[k] for k in fields}


def test_reingesting_the_same_article_changes_nothing(edited) -> None:
    conn, article, events, snapshot = edited
    result = store.store_article(conn, article, [replace(e, location="Somewhere else") for e in events])
    assert result.unchanged
    _unchanged(conn, snapshot)


def test_a_new_version_of_the_article_keeps_the_edited_events(edited) -> None:
    conn, article, events, snapshot = edited
    newer = make_article("نص الخبر بعد التحديث", url=article.url)
    renewed = events_for(newer, [replace(e, location="Wrong", fatalities=99) for e in events])
    result = store.store_article(conn, newer, renewed)
    assert result.removed == 0 and result.added == []  # all three matched the analyst's events
    _unchanged(conn, snapshot)
    edits = store.event_edits(conn, events[0].event_id)
    assert [e["field"] for e in edits].count("location") == 1


def test_another_article_on_the_same_incident_only_adds_a_source(edited) -> None:
    conn, _article, events, snapshot = edited
    other = make_article("خبر آخر عن الهجوم نفسه", url="news/b.txt")
    result = store.store_article(conn, other, events_for(other, [replace(events[0], location="Erbil", fatalities=0)]))
    assert result.merged == [events[0].event_id]
    _unchanged(conn, snapshot)
    assert len(store.event_sources(conn, events[0].event_id)) == 2


def test_ingest_of_many_versions_never_touches_edits(edited) -> None:
    conn, article, events, snapshot = edited
    versions = [make_article(f"نص الخبر نسخة {v}", url=article.url) for v in range(5)]
    ingest_articles(conn, versions, extract=lambda a: events_for(a, [replace(e, notes="auto") for e in events]))
    _unchanged(conn, snapshot)


# --- SQL is always parameterised ----------------------------------------------------------------------------------

INJECTIONS = (
    "'); DROP TABLE events; --", "\" OR 1=1 --", "x' UNION SELECT * FROM edits --", "؛'); DELETE FROM articles;",
)


def test_sql_payloads_in_every_text_field_are_stored_verbatim(tmp_path: Path) -> None:
    conn = store.open_store(tmp_path / "s.db")
    for i, payload in enumerate(INJECTIONS):
        article = make_article(f"خبر {payload}", url=f"{payload}.txt", title=payload, publisher=payload)
        event = make_event(day=date(2021, 1, 1 + i), gazetteer_id=payload, location=payload, notes=payload,
                           evidence=payload, source=payload, actor1=payload)
        [stored] = events_for(article, [event])
        store.store_article(conn, article, [stored])
        store.edit_event(conn, stored.event_id, {"target": payload}, payload)
        row = store.get_event(conn, stored.event_id)
        assert row["location"] == row["evidence"] == row["target"] == payload
        assert store.event_edits(conn, stored.event_id)[0]["reason"] == payload
    assert store.count_events(conn) == len(INJECTIONS)
    assert integrity_problems(tmp_path / "s.db") == []


def _sql_fstrings(path: Path) -> list[str]:
    """``execute``-like calls in ``path`` whose SQL is built with an f-string, as 'file:line name'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
            "execute", "executemany", "executescript", "read_sql_query", "read_sql", "read_frame"
        ) and node.args and isinstance(node.args[0], ast.JoinedStr):
            names = sorted({ast.unparse(v.value) for v in node.args[0].values if isinstance(v, ast.FormattedValue)})
            found.append(f"{path.relative_to(ROOT)}:{','.join(names)}")
    return found


#: f-strings that build SQL from constants or checked names only (reviewed): anything new must be reviewed too.
REVIEWED = {
    "dashboard/events/edits.py:name",  # edit_event: name is checked against EDITABLE_FIELDS first
    # review._insert: column names are the keys that are in the store's own column list (_RESTORABLE)
    "dashboard/events/review.py:', '.join(('?' for _ in names)),', '.join(names)",
    "dashboard/events/store.py:', '.join(('e.' + c for c in EVENT_COLUMNS))",  # constant column list
    # _load: the WHERE clause is a backend's constant bounds clause (its values are parameters)
    "dashboard/events/store.py:', '.join(('e.' + c for c in EVENT_COLUMNS)),'WHERE ' + where if where else ''",
    "dashboard/events/backends/sqlite.py:int(version)",  # PRAGMA user_version takes no parameter; an int
    "dashboard/events/backup.py:table",  # check_store_file: table names from the constant REQUIRED_TABLES
    # pg_backup: table names from the constant TABLES, column names from our own store's PRAGMA table_info
    "dashboard/events/pg_backup.py:table",
    "dashboard/events/pg_backup.py:names,table",
    "dashboard/events/pg_backup.py:marks,names,table",
    "dashboard/events/pg_backup.py:key,table",  # restore: the (table, id column) pairs are constants
}


def test_no_sql_is_built_from_values() -> None:
    found = {f for p in sorted((ROOT / "dashboard").rglob("*.py")) for f in _sql_fstrings(p)}
    assert found <= REVIEWED, f"SQL built with f-strings, review and parameterise: {sorted(found - REVIEWED)}"


# --- a store that fails under the ingest ------------------------------------------------------------------------


@pytest.mark.parametrize("problem", ["database or disk is full", "database is locked"])
def test_a_store_failure_during_ingest_is_one_line_and_keeps_what_was_stored(tmp_path, monkeypatch, capsys,
                                                                             problem: str) -> None:
    import dashboard.pipeline.ingest as ingest
    from dashboard.cli import main

    paths = write_corpus(tmp_path / "in", 5)
    real, calls = ingest.store_article, {"n": 0}

    def failing(conn, article, events, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise sqlite3.OperationalError(problem)
        return real(conn, article, events, **kwargs)

    monkeypatch.setattr(ingest, "store_article", failing)
    db = tmp_path / "s.db"
    code = main(["ingest", "--quiet", "--db", str(db), str(tmp_path / "in")])
    _out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err
    [line] = err.strip().splitlines()
    assert paths[2].name in line and problem in line and "again" in line
    assert incomplete_articles(db, expected_events(paths)) == []
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
