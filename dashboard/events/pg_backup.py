"""Backup and restore of a PostgreSQL store (store layer), through the single-file backup SQLite makes.

A team store backs up into an ordinary Incident Map ``.db`` file (checked, then renamed into place), so one
backup format serves both backends: a PostgreSQL backup can be opened by ``incident-map serve --db FILE`` on
a laptop, and a laptop's store restored into the team's server (how a team starts from one analyst's work).

* :func:`backup_postgres` reads every table in one ``REPEATABLE READ`` snapshot (writers go on; the copy is
  consistent) into a new SQLite store at the current schema.
* :func:`restore_postgres` refuses anything that is not a sound store file, migrates a private copy of it to the
  current schema, saves the live database into a file beside the backup first, then replaces every row in
  one write transaction (all or nothing; pages see the old content until it commits, then reload).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

from dashboard.errors import StoreError
from dashboard.events.backends import StoreConnection, database_errors
from dashboard.events.backup import StoreSummary, check_store_file, safety_copy_name
from dashboard.events.store import open_store

#: Tables in the order rows can be inserted (events before their sources).
TABLES = ("events", "event_sources", "edits", "articles", "correction_rules", "meta")
PER_BACKEND_META = ("schema_version",)  # kept by each backend its own way, never copied


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _copy_rows(source: StoreConnection, dest: StoreConnection, columns: dict[str, list[str]]) -> None:
    """Every row of every table from ``source`` into ``dest`` (inside the caller's transactions), in insertion order."""
    for table in TABLES:
        names = ", ".join(columns[table])
        rows = [tuple(r) for r in source.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()]
        if table == "meta":
            rows = [r for r in rows if r[0] not in PER_BACKEND_META]
        if rows:
            marks = ", ".join("?" for _ in columns[table])
            dest.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def backup_postgres(url: str, dest: str | Path, *, overwrite: bool = False) -> StoreSummary:
    """Copy the PostgreSQL store at ``url`` into the single store file ``dest`` (checked, renamed into place)."""
    dest = Path(dest)
    if dest.exists() and not overwrite:
        raise StoreError(f"{dest}: already exists; choose a new name or pass --force to replace it")
    if not dest.parent.is_dir():
        raise StoreError(f"{dest.parent}: no such folder")
    source = open_store(url)
    tmp = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        copy = open_store(tmp)
        columns = {t: _columns(copy, t) for t in TABLES}
        source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            with copy.write_transaction():
                copy.execute("DELETE FROM meta")
                _copy_rows(source, copy, columns)
        finally:
            with contextlib.suppress(*database_errors()):
                source.execute("COMMIT")
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.close()
        summary = check_store_file(tmp)
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError, *database_errors()) as exc:
        raise StoreError(f"{dest}: the backup of {source.label} failed ({exc}); the store is untouched") from exc
    finally:
        source.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return StoreSummary(dest, summary.events, summary.articles, summary.edits, dest.stat().st_size)


def _database_name(url: str) -> str:
    name = re.sub(r"[?#].*$", "", url).rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^\w.-]", "_", name) or "postgres"


def restore_postgres(backup: str | Path, url: str) -> tuple[StoreSummary, Path]:
    """Replace the PostgreSQL store at ``url`` by the store file ``backup``; returns its summary and where the
    replaced content was saved (a store file beside the backup)."""
    backup = Path(backup)
    summary = check_store_file(backup)
    saved = safety_copy_name(backup.parent / f"{_database_name(url)}.db")
    backup_postgres(url, saved)
    with tempfile.TemporaryDirectory(prefix="incident-map-restore-") as folder:
        private = Path(folder) / "backup.db"
        shutil.copyfile(backup, private)
        source = open_store(private)  # an older backup is migrated forward, on the copy only
        live = open_store(url)
        try:
            columns = {t: _columns(source, t) for t in TABLES}
            with live.write_transaction():
                before = int(live.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
                live.execute("DELETE FROM meta WHERE key <> 'schema_version'")
                for table in reversed(TABLES[:-1]):
                    live.execute(f"DELETE FROM {table}")
                _copy_rows(source, live, columns)
                restored = int(live.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
                live.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(max(before, restored) + 1),))
                for table, key in (("edits", "edit_id"), ("correction_rules", "rule_id")):
                    live.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                                 f"COALESCE((SELECT MAX({key}) FROM {table}), 0) + 1, false)")
        except database_errors() as exc:
            raise StoreError(f"{live.label}: restoring {backup} failed ({exc}); nothing was changed, and the "
                             f"previous content is also saved in {saved}") from exc
        finally:
            source.close()
            live.close()
    return summary, saved
