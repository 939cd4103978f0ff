"""The store's file (store layer): one SQLite file, WAL mode, a versioned schema migrated on open, transactions.

Tables (schema version :data:`SCHEMA_VERSION`):

``events``         one row per incident, the schema's columns plus ``match_*`` keys fixed when the event is
                   created (deduplication keeps working after an analyst edits the place or type),
                   ``created_at`` / ``updated_at``.
``event_sources``  which articles reported each event (event_id, article_id, article_url, source, evidence).
``edits``          every analyst change: event_id, field, old, new, reason, edited_at.
``articles``       what was ingested: article_id (content hash), url, title, publisher, language, ...
``meta``           ``generation``, bumped by every write, so a page can cache reads until the store changes.
``reference_events`` rows of ACLED / UCDP exports (schema 3, :mod:`dashboard.events.reference_schema`).

What is stored in those tables, and how, is :mod:`dashboard.events.store`.

>>> conn = open_store(":memory:")
>>> generation(conn)
0
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from dashboard.errors import StoreError
from dashboard.events import reference_schema
from dashboard.models import EVENT_COLUMNS

SCHEMA_VERSION = 3
_REAL = ("latitude", "longitude", "confidence")
_INTEGER = ("time_precision", "geo_precision", "fatalities", "injured")


def _column_sql(name: str) -> str:
    kind = "REAL" if name in _REAL else "INTEGER" if name in _INTEGER else "TEXT"
    return f"{name} {kind}" + (" PRIMARY KEY" if name == "event_id" else "")


#: Columns added after schema 1, each by its own migration.
_LATER_COLUMNS = ("admin2",)
_EVENT_COLUMN_SQL = ",\n    ".join(_column_sql(c) for c in EVENT_COLUMNS if c not in _LATER_COLUMNS)
MIGRATIONS: dict[int, str] = {
    1: f"""
CREATE TABLE events (
    {_EVENT_COLUMN_SQL},
    match_sub_event_type TEXT, match_gazetteer_id TEXT, match_earliest TEXT, match_latest TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX events_match ON events (match_gazetteer_id, match_sub_event_type);
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    article_id TEXT NOT NULL, article_url TEXT, source TEXT, evidence TEXT,
    PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_sources_article ON event_sources (article_id);
CREATE TABLE edits (
    edit_id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, field TEXT NOT NULL,
    old TEXT, new TEXT, reason TEXT NOT NULL, edited_at TEXT NOT NULL
);
CREATE INDEX edits_event ON edits (event_id);
CREATE TABLE articles (
    article_id TEXT PRIMARY KEY, url TEXT, title TEXT, publisher TEXT, language TEXT,
    published TEXT, ingested_at TEXT NOT NULL, n_events INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_url ON articles (url);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta (key, value) VALUES ('generation', '0');
""",
    2: """
ALTER TABLE events ADD COLUMN admin2 TEXT;
UPDATE events SET admin2 = '' WHERE admin2 IS NULL;
""",
    3: reference_schema.MIGRATION,
}


def now() -> str:
    """The current UTC time as ISO text (what ``edited_at`` / ``ingested_at`` hold)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_store(path: str | Path) -> sqlite3.Connection:
    """Open (creating and migrating) the store at ``path``; WAL mode, foreign keys on."""
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        _set_wal(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the event store ({exc}); is it an Incident Map .db file?") from exc
    except StoreError as exc:  # e.g. a newer schema: say which file
        raise StoreError(f"{path}: {exc}") from exc
    return conn


def _set_wal(conn: sqlite3.Connection, attempts: int = 100) -> None:
    """WAL mode. Switching a new file to WAL fails at once, without waiting, while another process opens it
    too ("database is locked"), so retry for a few seconds."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; returns the version found before."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise StoreError(f"the store has schema {found}, newer than this Incident Map ({SCHEMA_VERSION}); upgrade")
    if found == SCHEMA_VERSION:
        return found
    conn.execute("BEGIN IMMEDIATE")  # one migrator at a time; another process may have migrated meanwhile
    try:
        for version in range(conn.execute("PRAGMA user_version").fetchone()[0] + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            if version == 2:
                _fill_admin2(conn)
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


def _fill_admin2(conn: sqlite3.Connection) -> None:
    """Schema 2: give the events stored before it their district, from the shapes their point lies in."""
    from dashboard.geo.admin import locate

    rows = conn.execute("SELECT event_id, latitude, longitude FROM events").fetchall()
    updates = [(locate(lat, lon)[1], eid) for eid, lat, lon in rows if lat is not None and lon is not None]
    conn.executemany("UPDATE events SET admin2 = ? WHERE event_id = ?", updates)


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration script, one by one (``executescript`` would commit early)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that also bumps the store's generation; rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def generation(conn: sqlite3.Connection) -> int:
    """A number that changes whenever the store is written (a cache key for readers)."""
    return int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
