"""``incident-map backup`` / ``restore``: online copies that are complete, checked, and never lose the store.

"While the page is reading" is simulated as the page reads (``store.load_events`` on its own long-lived
connection, in a loop, in another thread) and, for backups, while an ingest writes too.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from corpus import expected_events, incomplete_articles, integrity_problems, write_corpus
from factories import events_for, make_article, make_event

from dashboard.cli import main
from dashboard.errors import StoreError
from dashboard.events import store
from dashboard.events.backup import backup_store, check_store_file, restore_store
from dashboard.pipeline.ingest import ingest_paths


class Reader(threading.Thread):
    """The page: reads the whole event table again and again on one connection; records what it saw."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.conn = store.open_store(db)
        self.stop = threading.Event()
        self.reads: list[tuple[int, int]] = []
        self.errors: list[BaseException] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.reads.append((store.generation(self.conn), len(store.load_events(self.conn))))
            except BaseException as exc:
                self.errors.append(exc)
            time.sleep(0.002)

    def finish(self) -> None:
        self.stop.set()
        self.join(10)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, dict[str, set[str]]]:
    """A store with 40 ingested articles and one analyst edit."""
    paths = write_corpus(tmp_path / "in", 40)
    db = tmp_path / "live.db"
    conn = store.open_store(db)
    ingest_paths(conn, [tmp_path / "in"])
    first = store.load_events(conn)["event_id"].iloc[0]
    store.edit_event(conn, first, {"location": "Erbil International Airport"}, "the airport, not the city")
    conn.close()
    return db, expected_events(paths)


def test_backup_while_the_page_reads_and_an_ingest_writes(filled, tmp_path: Path) -> None:
    db, expected = filled
    more = write_corpus(tmp_path / "more", 60, first=40)
    expected |= expected_events(more)
    reader = Reader(db)
    reader.start()
    while not reader.reads:  # the page is reading before the first backup
        time.sleep(0.01)
    writer = threading.Thread(target=lambda: ingest_paths(store.open_store(db), [tmp_path / "more"]))
    writer.start()
    copies = []
    for i in range(5):
        copies.append(backup_store(db, tmp_path / f"copy{i}.db"))
        time.sleep(0.05)
    writer.join(60)
    reader.finish()
    assert reader.errors == [] and len(reader.reads) >= 2
    for summary in copies:
        assert integrity_problems(summary.path) == []
        assert incomplete_articles(summary.path, expected) == []
        assert 40 <= summary.articles <= 100 and summary.edits == 2  # location + status
        assert not summary.path.with_name(summary.path.name + "-wal").exists()  # one self-contained file
    assert copies[-1].articles >= copies[0].articles


def test_restore_while_the_page_reads(filled, tmp_path: Path) -> None:
    db, expected = filled
    saved = backup_store(db, tmp_path / "monday.db")
    conn = store.open_store(db)
    extra = make_article("خبر بعد النسخة الاحتياطية", url="later.txt")
    store.store_article(conn, extra, events_for(extra, [make_event(day=date(2030, 1, 1))]))
    store.set_status(conn, store.load_events(conn)["event_id"].iloc[0], "rejected", "wrong")
    after_edit = store.generation(conn)
    reader = Reader(db)
    reader.start()
    time.sleep(0.1)
    summary, kept = restore_store(tmp_path / "monday.db", db)
    time.sleep(0.1)
    reader.finish()
    assert reader.errors == []
    assert summary.articles == saved.articles == 40
    # the page's own connection, opened before the restore, sees the restored store on its next read
    assert reader.reads[-1][1] == summary.events and reader.reads[0][1] == summary.events + 1
    assert reader.reads[-1][0] > after_edit  # a new generation: the page's caches reload
    assert incomplete_articles(db, expected) == [] and integrity_problems(db) == []
    # nothing lost: the replaced store, with the later article and the rejection, is kept beside it
    assert kept is not None and kept.exists()
    old = check_store_file(kept)
    assert old.articles == 41 and old.edits == saved.edits + 1
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_backup_refuses_to_overwrite_or_copy_onto_itself(filled, tmp_path: Path) -> None:
    db, _ = filled
    target = tmp_path / "b.db"
    target.write_text("precious")
    with pytest.raises(StoreError, match="already exists"):
        backup_store(db, target)
    assert target.read_text() == "precious"
    with pytest.raises(StoreError, match="store itself"):
        backup_store(db, db)
    assert backup_store(db, target, overwrite=True).articles == 40
    with pytest.raises(StoreError, match="no such store"):
        backup_store(tmp_path / "missing.db", tmp_path / "c.db")
    assert not (tmp_path / "missing.db").exists()


def _damaged(path: Path, source: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # wreck page 2
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("kind", ["text", "empty-sqlite", "other-sqlite", "damaged", "missing"])
def test_restore_refuses_what_is_not_a_sound_store_and_changes_nothing(filled, tmp_path: Path, kind: str) -> None:
    db, _ = filled
    bad = tmp_path / f"{kind}.db"
    if kind == "text":
        bad.write_text("not a database")
    elif kind == "empty-sqlite":
        sqlite3.connect(bad).close()
        bad.write_bytes(b"")
    elif kind == "other-sqlite":
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.commit()
    elif kind == "damaged":
        good = backup_store(db, tmp_path / "good.db").path
        _damaged(bad, good)
    before = db.read_bytes()
    with pytest.raises(StoreError) as info:
        restore_store(bad, db)
    assert str(bad) in str(info.value)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("live.before-restore-*"))


def test_restored_edits_are_kept(filled, tmp_path: Path) -> None:
    db, _ = filled
    conn = store.open_store(db)
    edited = [e for e in store.load_events(conn).itertuples() if e.status == "edited"]
    backup_store(db, tmp_path / "b.db")
    conn.execute("DELETE FROM edits")  # disaster
    restore_store(tmp_path / "b.db", db)
    conn = store.open_store(db)
    assert store.get_event(conn, edited[0].event_id)["location"] == "Erbil International Airport"
    assert [e["field"] for e in store.event_edits(conn, edited[0].event_id)] == ["location", "status"]


def test_cli_backup_and_restore(filled, tmp_path: Path, capsys) -> None:
    db, _ = filled
    target = tmp_path / "b.db"
    code, out, err = cli(capsys, "backup", "--db", str(db), str(target))
    assert (code, err) == (0, "") and "40 articles" in out and str(target) in out
    code, out, err = cli(capsys, "backup", "--db", str(db), str(target))
    assert code == 2 and out == "" and err.count("\n") == 1 and "already exists" in err
    code, out, err = cli(capsys, "restore", "--db", str(db), str(target))
    assert code == 0 and "previous store is saved as" in out
    code, out, err = cli(capsys, "restore", "--db", str(db), str(tmp_path / "nope.db"))
    assert code == 2 and err.count("\n") == 1 and "no such file" in err


def test_two_restores_in_one_second_keep_both_old_stores(filled, tmp_path: Path) -> None:
    db, _ = filled
    backup_store(db, tmp_path / "b.db")
    kept = {restore_store(tmp_path / "b.db", db)[1] for _ in range(3)}
    assert len(kept) == 3 and all(p.exists() for p in kept)


def test_a_backup_of_an_article_being_stored_is_all_or_nothing(tmp_path: Path) -> None:
    """Backups taken while one large article's transaction is open see it entirely or not at all."""
    db = tmp_path / "s.db"
    conn = store.open_store(db)
    article = make_article("خبر كبير", url="big.txt")
    events = events_for(article, [replace(make_event(day=date(2021, 1, 1)), gazetteer_id=f"g{i}")
                                  for i in range(300)])
    writer = threading.Thread(target=store.store_article, args=(conn, article, events))
    writer.start()
    counts = set()
    for i in range(10):
        counts.add(check_store_file(backup_store(db, tmp_path / f"c{i}.db").path).events)
    writer.join(30)
    assert counts <= {0, 300}
