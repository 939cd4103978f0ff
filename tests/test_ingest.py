"""Ingestion (files -> pipeline -> store) and the ``ingest`` / ``serve`` commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from factories import make_event

from dashboard.cli import main
from dashboard.cli.serve import APP_SCRIPT, SEEDS_DIR, seed_if_empty, streamlit_command
from dashboard.events import store
from dashboard.pipeline.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]


def fake_extract(article):
    """One event per article, at a place named by the article's first word (no real pipeline needed)."""
    return [make_event(event_id=f"{article.article_id}-0", article_id=article.article_id, article_url=article.url,
                       gazetteer_id=article.text.split()[0])]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text("g1 سقطت صواريخ على المطار", encoding="utf-8")
    (tmp_path / "b.md").write_text("g2 قصف على القاعدة", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    return tmp_path


def test_ingest_folder_is_idempotent(tmp_path, folder):
    conn = store.open_store(tmp_path / "s.db")
    first = ingest_paths(conn, [folder], extract=fake_extract)
    assert len(first.added) == 2 and not first.failures
    again = ingest_paths(conn, [folder], extract=fake_extract)
    assert not again.added and all(r.unchanged for r in again.results)
    assert store.count_events(conn) == 2


def test_changed_file_replaces_auto_events_keeps_edits(tmp_path, folder):
    conn = store.open_store(tmp_path / "s.db")
    report = ingest_paths(conn, [folder], extract=fake_extract)
    edited = report.added[0]
    store.edit_event(conn, edited, {"injured": 9}, "hospital figures")
    (folder / "a.txt").write_text("g3 نص جديد للخبر", encoding="utf-8")
    (folder / "b.md").write_text("g4 نص جديد آخر", encoding="utf-8")
    ingest_paths(conn, [folder], extract=fake_extract)
    df = store.load_events(conn).set_index("event_id")
    assert df.loc[edited, "injured"] == 9  # the analyst's edit survived
    assert set(df["gazetteer_id"]) == {"g1", "g3", "g4"}  # b's old automatic event was replaced


def test_unreadable_file_is_reported_not_fatal(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text("g1 خبر", encoding="utf-8")
    report = ingest_paths(store.open_store(tmp_path / "s.db"), [tmp_path], extract=fake_extract)
    assert len(report.added) == 1 and report.failures[0][0].endswith("empty.txt")


def test_progress_is_reported(tmp_path, folder):
    calls = []
    ingest_paths(store.open_store(tmp_path / "s.db"), [folder], extract=fake_extract,
                 progress=lambda done, total, name: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_cli_ingest_prints_what_it_added(tmp_path, folder, capsys, monkeypatch):
    monkeypatch.setattr("dashboard.pipeline.ingest.default_extractor", lambda: fake_extract)
    db = tmp_path / "cli.db"
    assert main(["ingest", "--quiet", "--db", str(db), str(folder)]) == 0
    out = capsys.readouterr().out
    assert "a.txt — g1 سقطت صواريخ على المطار: 1 new event," in out and "2 new events" in out
    assert main(["ingest", "--quiet", "--db", str(db), str(folder)]) == 0
    assert "a.txt — g1 سقطت صواريخ على المطار: unchanged" in capsys.readouterr().out


def test_cli_ingest_missing_file_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", "--db", str(tmp_path / "x.db"),
                             str(tmp_path / "nope.txt")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr


def test_db_from_environment(tmp_path, folder, monkeypatch):
    monkeypatch.setattr("dashboard.pipeline.ingest.default_extractor", lambda: fake_extract)
    monkeypatch.setenv("INCIDENT_MAP_DB", str(tmp_path / "env.db"))
    assert main(["ingest", "--quiet", str(folder)]) == 0
    assert (tmp_path / "env.db").exists()


def test_empty_store_is_seeded_once(tmp_path, monkeypatch):
    monkeypatch.setattr("dashboard.pipeline.ingest.default_extractor", lambda: fake_extract)
    db = str(tmp_path / "seed.db")
    report = seed_if_empty(db)
    assert report is not None and len(report.added) == len(list(SEEDS_DIR.glob("*.txt")))
    assert seed_if_empty(db) is None


def test_serve_binds_localhost_with_static_serving():
    command = streamlit_command("127.0.0.1", "8600")
    assert str(APP_SCRIPT) in command
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags["--server.address"] == "127.0.0.1"
    assert flags["--server.enableStaticServing"] == "true"
    assert flags["--browser.gatherUsageStats"] == "false"
