"""The store's schema (store layer): tables, versioned migrations run on open, write transactions.

The store is a SQLite file (WAL mode) or a PostgreSQL database (:mod:`dashboard.events.backends` makes the
connection and renders the migrations for the engine); both run the same migrations.

Tables (schema version :data:`SCHEMA_VERSION`):

``events``         one row per incident, the schema's columns plus ``match_*`` keys fixed when the event is
                   created (deduplication keeps working after an analyst edits the place or type),
                   ``created_at`` / ``updated_at``.
``event_sources``  which articles reported each event (event_id, article_id, article_url, source, evidence).
``edits``          every analyst change: event_id, field, old, new, reason, edited_at, analyst, row_version.
``articles``       what was ingested: article_id (content hash), url, title, publisher, language, ...
``meta``           ``generation``, bumped by every write, so a page can cache reads until the store changes.
``reference_events`` rows of ACLED / UCDP exports (schema 4, :mod:`dashboard.events.reference_schema`).

Schema 5 adds provenance (:mod:`dashboard.events.provenance`): ``articles.text`` (the text the spans index),
``events.spans`` / ``events.candidates`` and ``event_sources.spans`` (JSON; NULL in rows stored before).
Schema 6 adds ``correction_rules`` (analysts' corrections as rules, :mod:`dashboard.events.rules`), the
``rules_version`` counter (meta) and ``articles.rules_version`` (the rules an article was stored under).

What is stored in those tables, and how, is :mod:`dashboard.events.store`.

>>> conn = open_store(":memory:")
>>> generation(conn)
0
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from dashboard.errors import StoreError
from dashboard.events import reference_schema
from dashboard.events.backends import StoreConnection, connect, display_name, split_statements
from dashboard.models import EVENT_COLUMNS

SCHEMA_VERSION = 6
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
    3: """
ALTER TABLE events ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE edits ADD COLUMN analyst TEXT NOT NULL DEFAULT '';
ALTER TABLE edits ADD COLUMN row_version INTEGER;
CREATE INDEX events_position ON events (latitude, longitude);
""",
    4: reference_schema.MIGRATION,
    # provenance: the article text the spans index, each event's spans and ranked candidates (JSON), and each
    # source's spans (an event re-pointed to another source when its first article changes takes that source's)
    5: """
ALTER TABLE articles ADD COLUMN text TEXT;
ALTER TABLE events ADD COLUMN spans TEXT;
ALTER TABLE events ADD COLUMN candidates TEXT;
ALTER TABLE event_sources ADD COLUMN spans TEXT;
""",
    # corrections that teach (:mod:`dashboard.events.rules`): the rules, their version, and the rules version
    # each article was stored under (an article stored under older rules is stored again when re-ingested)
    6: """
CREATE TABLE correction_rules (
    rule_id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, phrase TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '', changes TEXT NOT NULL DEFAULT '{}', seen TEXT NOT NULL DEFAULT '',
    event_id TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '', analyst TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX correction_rules_key ON correction_rules (kind, phrase, scope);
ALTER TABLE articles ADD COLUMN rules_version INTEGER NOT NULL DEFAULT 0;
INSERT INTO meta (key, value) VALUES ('rules_version', '0');
""",
}


def now() -> str:
    """The current UTC time as ISO text (what ``edited_at`` / ``ingested_at`` hold)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_store(target: str | Path) -> StoreConnection:
    """Open (creating and migrating) the store at ``target``: a SQLite file path or a ``postgresql://`` URL."""
    try:
        conn = connect(target)
        migrate(conn)
        conn.after_migrate()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: cannot open the event store ({exc}); is it an Incident Map .db file?") from exc
    except StoreError as exc:  # e.g. a newer schema: say which store
        label = display_name(target)
        raise StoreError(str(exc) if str(exc).startswith(label) else f"{label}: {exc}") from exc
    return conn


def migrate(conn: StoreConnection) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; returns the version found before."""
    found = conn.schema_version()
    if found > SCHEMA_VERSION:
        raise StoreError(f"the store has schema {found}, newer than this Incident Map ({SCHEMA_VERSION}); upgrade")
    if found == SCHEMA_VERSION:
        return found
    with conn.write_transaction():  # one migrator at a time; another process may have migrated meanwhile
        for version in range(conn.schema_version() + 1, SCHEMA_VERSION + 1):
            for statement in split_statements(conn.render_ddl(MIGRATIONS[version])):
                conn.execute(statement)
            if version == 2:
                _fill_admin2(conn)
            conn.set_schema_version(version)
    return found


def _fill_admin2(conn: StoreConnection) -> None:
    """Schema 2: give the events stored before it their district, from the shapes their point lies in."""
    from dashboard.geo.admin import locate

    rows = conn.execute("SELECT event_id, latitude, longitude FROM events").fetchall()
    updates = [(locate(lat, lon)[1], eid) for eid, lat, lon in rows if lat is not None and lon is not None]
    conn.executemany("UPDATE events SET admin2 = ? WHERE event_id = ?", updates)


@contextmanager
def transaction(conn: StoreConnection) -> Iterator[StoreConnection]:
    """One write transaction that also bumps the store's generation; rolled back on any error."""
    with conn.write_transaction():
        yield conn
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def generation(conn: StoreConnection) -> int:
    """A number that changes whenever the store is written (a cache key for readers)."""
    return int(conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
