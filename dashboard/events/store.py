"""The event store (store layer): articles' events in, the event table out, analysts' edits logged.

The same functions run on a SQLite file and on a PostgreSQL database (:mod:`dashboard.events.backends`).
The store, its tables and their migrations are :mod:`dashboard.events.schema`; :func:`open_store`,
:func:`generation` and :data:`SCHEMA_VERSION` come from there and are this module's interface too; so are
the analysts' edits (:func:`edit_event`, :func:`set_status`, :func:`add_event`, :func:`event_edits`), written in
:mod:`dashboard.events.edits`.

Every event has a ``row_version``, bumped by every change to it: an edit made on a version that is no longer
the stored one is refused with :class:`~dashboard.errors.EditConflict` (optimistic concurrency: two analysts
editing one event never overwrite each other silently).

Rules the functions keep: SQL is parameterised; a row whose status is not ``auto`` is never overwritten by
ingestion; one incident reported by several articles (one kind family, places that are one, neighbour or
contain each other, overlapping date bounds: :mod:`dashboard.events.merge`) is one event with several sources,
its notes naming the rule and the articles.

>>> conn = open_store(":memory:")
>>> load_events(conn).empty
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dashboard.errors import StoreError
from dashboard.events.backends import StoreConnection
from dashboard.events.merge import find_duplicate, merge_note
from dashboard.events.provenance import event_provenance, provenance_columns
from dashboard.events.schema import SCHEMA_VERSION, generation, now, open_store, transaction
from dashboard.events.table import coerce_dtypes
from dashboard.models import EVENT_COLUMNS, Article, Event

__all__ = [  # the store's interface: what callers use as ``store.NAME``
    "EDITABLE_FIELDS", "SCHEMA_VERSION", "ArticleResult", "add_event", "count_events", "edit_event", "event_edits",
    "event_provenance", "event_sources", "events_within", "find_duplicate", "generation", "get_event",
    "insert_events", "known_places", "load_events", "now", "open_store", "set_status", "store_article",
    "store_articles", "transaction",
]

@dataclass(slots=True)
class ArticleResult:
    """What storing one article did: ids of new events, of events it merged into, removed auto events."""

    article_id: str
    url: str
    unchanged: bool = False
    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    removed: int = 0


def count_events(conn: StoreConnection) -> int:
    """Number of events in the store, rejected ones included."""
    return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])


def _event_row(event: Event | Mapping[str, Any], stamp: str) -> dict[str, Any]:
    record = event.to_record() if isinstance(event, Event) else {c: event.get(c) for c in EVENT_COLUMNS}
    for key, value in record.items():
        if isinstance(value, date):
            record[key] = value.isoformat()
    record["match_sub_event_type"] = record["sub_event_type"]
    record["match_gazetteer_id"] = record["gazetteer_id"]
    record["match_earliest"] = record["date_earliest"] or record["event_date"]
    record["match_latest"] = record["date_latest"] or record["event_date"]
    record["created_at"] = record["updated_at"] = stamp
    record.update(provenance_columns(event))
    return record


_INSERT_COLUMNS = (*EVENT_COLUMNS, "match_sub_event_type", "match_gazetteer_id", "match_earliest",
                   "match_latest", "created_at", "updated_at", "spans", "candidates")
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(_INSERT_COLUMNS)}) VALUES ({', '.join(':' + c for c in _INSERT_COLUMNS)})"
)
_INSERT_SOURCE = (
    "INSERT INTO event_sources (event_id, article_id, article_url, source, evidence, spans) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)


def _explain_merge(conn: StoreConnection, event_id: str, rule: str) -> None:
    """Write which rule merged which articles into an automatic event's notes (analysts' notes are kept)."""
    status, notes = conn.execute("SELECT status, notes FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if status != "auto":
        return
    articles = [r[0] for r in conn.execute(
        "SELECT article_id FROM event_sources WHERE event_id = ? ORDER BY rowid", (event_id,))]
    base = (notes or "").split(" | merged: ")[0]
    conn.execute("UPDATE events SET notes = ?, row_version = row_version + 1 WHERE event_id = ?",
                 (f"{base} | {merge_note(rule, articles)}" if base else merge_note(rule, articles), event_id))


def _add_event(conn: StoreConnection, event: Event, stamp: str, result: ArticleResult) -> None:
    row = _event_row(event, stamp)
    exists = conn.execute("SELECT 1 FROM events WHERE event_id = ?", (row["event_id"],)).fetchone()
    duplicate = None if exists else find_duplicate(conn, row)
    target = row["event_id"] if exists else duplicate[0] if duplicate else None
    if target is None:
        conn.execute(_INSERT_EVENT, row)
        result.added.append(row["event_id"])
        target = row["event_id"]
    elif target not in result.merged and target not in result.added:
        result.merged.append(target)
    conn.execute(_INSERT_SOURCE, (target, row["article_id"], row["article_url"], row["source"], row["evidence"],
                                  row["spans"]))
    if duplicate is not None:
        _explain_merge(conn, target, duplicate[1])


def _forget_article(conn: StoreConnection, article_id: str) -> int:
    """Unlink an old version of an article; delete its automatic events no other article reports."""
    linked = [r[0] for r in conn.execute("SELECT event_id FROM event_sources WHERE article_id = ?", (article_id,))]
    removed = 0
    for event_id in linked:
        status = conn.execute("SELECT status FROM events WHERE event_id = ?", (event_id,)).fetchone()
        if status is None or status[0] != "auto":
            continue  # analyst-touched: keep the event and its provenance
        conn.execute("DELETE FROM event_sources WHERE event_id = ? AND article_id = ?", (event_id, article_id))
        other = conn.execute(
            "SELECT article_id, article_url, source, evidence, spans FROM event_sources WHERE event_id = ? "
            "ORDER BY rowid LIMIT 1",
            (event_id,),
        ).fetchone()
        if other is None:
            conn.execute("DELETE FROM events WHERE event_id = ?", (event_id,))
            removed += 1
        else:
            conn.execute(
                "UPDATE events SET article_id = ?, article_url = ?, source = ?, evidence = ?, spans = ?, "
                "candidates = NULL, row_version = row_version + 1 WHERE event_id = ?",
                (*tuple(other), event_id),
            )
    conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
    return removed


def store_article(conn: StoreConnection, article: Article, events: Sequence[Event], *,
                  rules_version: int | None = None) -> ArticleResult:
    """Store one article's events in one transaction; idempotent.

    The same content again changes nothing, unless it was stored under older correction rules than
    ``rules_version`` (the version of the rules applied to ``events``; the store's current one when None): then
    its automatic events are replaced. A new version of a known URL replaces that article's automatic events;
    events an analyst confirmed, edited or rejected are kept. An event that duplicates a stored one becomes
    another source of it.
    """
    version = current_rules_version(conn) if rules_version is None else rules_version
    if _known_article(conn, article.article_id, version):
        return ArticleResult(article.article_id, article.url, unchanged=True)
    with transaction(conn):
        return _store_article(conn, article, events, now(), version)


def store_articles(conn: StoreConnection, items: Sequence[tuple[Article, Sequence[Event]]], *,
                   rules_version: int | None = None) -> list[ArticleResult]:
    """Store several articles in one transaction (batch ingest), in order, each exactly as :func:`store_article`
    would: all of them are stored, or (on a database error) none."""
    stamp = now()
    with transaction(conn):
        version = current_rules_version(conn) if rules_version is None else rules_version
        return [_store_article(conn, article, events, stamp, version) for article, events in items]


def current_rules_version(conn: StoreConnection) -> int:
    """The version of the correction rules (:mod:`dashboard.events.rules`): bumped by each added or removed rule."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'rules_version'").fetchone()
    return int(row[0]) if row else 0


def _known_article(conn: StoreConnection, article_id: str, rules_version: int) -> bool:
    """Whether the article is stored under these rules (or newer ones)."""
    row = conn.execute("SELECT rules_version FROM articles WHERE article_id = ?", (article_id,)).fetchone()
    return row is not None and int(row[0] or 0) >= rules_version


def _store_article(conn: StoreConnection, article: Article, events: Sequence[Event], stamp: str,
                   rules_version: int) -> ArticleResult:
    """The body of :func:`store_article`, inside the caller's write transaction."""
    result = ArticleResult(article.article_id, article.url)
    if _known_article(conn, article.article_id, rules_version):
        result.unchanged = True  # stored before, or by another writer while this one waited for the lock
        return result
    olds = conn.execute("SELECT article_id FROM articles WHERE url = ? OR article_id = ?",
                        (article.url, article.article_id)).fetchall()
    for (old_id,) in olds:  # older versions of the URL, and this article stored under older rules
        result.removed += _forget_article(conn, old_id)
    for event in events:
        _add_event(conn, event, stamp, result)
    conn.execute(
        "INSERT INTO articles (article_id, url, title, publisher, language, published, ingested_at, n_events, text, "
        "rules_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article.article_id, article.url, article.title, article.publisher, article.language,
         article.published.isoformat() if article.published else None, stamp, len(events), article.text,
         rules_version),
    )
    return result


def insert_events(conn: StoreConnection, records: Iterable[Mapping[str, Any]]) -> int:
    """Bulk-insert event records (no deduplication, one transaction): for benchmarks and imports."""
    stamp = now()
    rows = [_event_row(r, stamp) for r in records]
    with transaction(conn):
        conn.executemany(_INSERT_EVENT, rows)
        sources = [(r["event_id"], r["article_id"], r["article_url"], r["source"], r["evidence"], r["spans"])
                   for r in rows]
        conn.executemany(_INSERT_SOURCE, sources)
    return len(rows)


def load_events(conn: StoreConnection) -> pd.DataFrame:
    """The event table with schema dtypes, plus ``source_count``, ``created_at`` (datetime64) and ``spans`` (the
    stored spans JSON, "" when none: the map popup highlights its evidence line with them)."""
    return _load(conn)


def events_within(conn: StoreConnection, bounds: tuple[float, float, float, float]) -> pd.DataFrame:
    """The events inside ``bounds`` (south, west, north, east), as :func:`load_events` gives them, selected by
    the database: with PostGIS on a PostgreSQL server, a GiST index on the events' points; otherwise an index on
    latitude and longitude."""
    where, params = conn.bounds_sql(bounds)
    return _load(conn, where, params)


def _load(conn: StoreConnection, where: str = "", params: Sequence[Any] = ()) -> pd.DataFrame:
    raw = conn.read_frame(
        f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)}, e.created_at, e.spans, "
        "(SELECT COUNT(*) FROM event_sources s WHERE s.event_id = e.event_id) AS source_count "
        f"FROM events e {'WHERE ' + where if where else ''} ORDER BY e.event_date, e.event_id", params
    )
    df = coerce_dtypes(raw)
    df["source_count"] = raw["source_count"].astype("int64").to_numpy()
    df["created_at"] = pd.to_datetime(raw["created_at"], errors="coerce", utc=True).to_numpy()
    df["spans"] = raw["spans"].fillna("").to_numpy()
    return df


def get_event(conn: StoreConnection, event_id: str) -> dict[str, Any]:
    """One stored event as a dict; StoreError if there is none."""
    row = conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        raise StoreError(f"no event {event_id!r} in the store; reload the page")
    event = dict(row)
    event.pop("rowid", None)  # PostgreSQL's stand-in for SQLite's implicit rowid
    event.pop("geom", None)  # PostGIS's copy of latitude/longitude, when the server has PostGIS
    return event


def event_sources(conn: StoreConnection, event_id: str) -> list[dict[str, Any]]:
    """The articles that reported ``event_id``."""
    rows = conn.execute(
        "SELECT article_id, article_url, source, evidence FROM event_sources WHERE event_id = ? ORDER BY rowid",
        (event_id,),
    )
    return [dict(r) for r in rows]


def known_places(conn: StoreConnection) -> pd.DataFrame:
    """Distinct places already in the store (a fallback place picker when no gazetteer is at hand)."""
    return conn.read_frame(
        "SELECT gazetteer_id, location AS name, location_ar AS name_ar, latitude, longitude, admin1, "
        "country_code FROM events WHERE event_id IN "
        "(SELECT MIN(event_id) FROM events WHERE gazetteer_id != '' GROUP BY gazetteer_id) ORDER BY location"
    )


# The analysts' edits are this module's interface too (defined in their own module, which uses the names above).
from dashboard.events.edits import (  # noqa: E402
    EDITABLE_FIELDS,
    add_event,
    edit_event,
    event_edits,
    set_status,
)
