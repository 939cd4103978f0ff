"""Reviewing events (store layer): the review queue, statuses set on many events at once, merge and split.

The queue is the events that still need an analyst (status ``auto``), most doubtful first: lowest confidence,
then newest. Confirming or rejecting several events is one transaction, each change logged and version-checked
like :func:`dashboard.events.store.set_status`.

Two events that are one incident merge (:func:`merge_events`): the second's sources (articles) become the first's
(``source_count`` counts them), the second is removed, and the edit history of both says so; the second event
as it was, with its sources, is kept in its own history (``field = 'merged_into'``), so :func:`split_event` can
bring it back. Any event reported by several articles (merged by an analyst or by the ingest's deduplication)
can be split: the chosen article's report becomes an event of its own again.

>>> from dashboard.events.store import open_store
>>> review_queue(load_events(open_store(":memory:"))).empty
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.errors import StoreError
from dashboard.events.backends import StoreConnection
from dashboard.events.edits import _check_version, _log
from dashboard.events.schema import now, transaction
from dashboard.events.store import _INSERT_COLUMNS, _INSERT_SOURCE, event_sources, get_event, load_events
from dashboard.models import STATUSES

__all__ = ["load_events", "merge_events", "review_queue", "set_statuses", "split_event", "splittable"]

#: Statuses that mean an analyst has dealt with the event.
REVIEWED = ("confirmed", "edited", "rejected")
_RESTORABLE = frozenset({*_INSERT_COLUMNS, "row_version"})


def review_queue(events: pd.DataFrame) -> pd.DataFrame:
    """The events that need review (status ``auto``), most doubtful first: confidence ascending, then the newest
    (latest event date, then latest stored) first; undated events after dated ones of equal confidence."""
    queue = events[events["status"].astype(str) == "auto"]
    if queue.empty:
        return queue
    created = queue["created_at"] if "created_at" in queue else pd.Series(pd.NaT, index=queue.index)
    order = pd.DataFrame({"confidence": queue["confidence"], "day": queue["event_date"], "created": created,
                          "id": queue["event_id"]}, index=queue.index)
    order = order.sort_values(["confidence", "day", "created", "id"], ascending=[True, False, False, True],
                              na_position="last", kind="stable")
    return queue.loc[order.index]


def _set_status(conn: StoreConnection, event_id: str, status: str, reason: str, stamp: str, analyst: str,
                expected: int | None) -> bool:
    current = get_event(conn, event_id)
    _check_version(conn, current, expected, {"status": status})
    if current["status"] == status:
        return False
    version = int(current["row_version"]) + 1
    _log(conn, event_id, "status", current["status"], status, reason or status, stamp, analyst, version)
    conn.execute("UPDATE events SET status = ?, updated_at = ?, row_version = ? WHERE event_id = ?",
                 (status, stamp, version, event_id))
    return True


def set_statuses(conn: StoreConnection, event_ids: Sequence[str], status: str, reason: str = "", *,
                 analyst: str = "", expected_versions: Mapping[str, int] | None = None) -> list[str]:
    """Give every one of ``event_ids`` ``status`` in one transaction (all or none: a conflict on one changes
    nothing); returns the ids whose status changed. ``expected_versions`` maps ids to the version the analyst saw."""
    if status not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    stamp, expected = now(), dict(expected_versions or {})
    with transaction(conn):
        return [e for e in dict.fromkeys(event_ids)
                if _set_status(conn, e, status, reason, stamp, analyst, expected.get(e))]


def _row(conn: StoreConnection, event_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        raise StoreError(f"no event {event_id!r} in the store; reload the page")
    return {k: v for k, v in dict(row).items() if k in _RESTORABLE}


def _insert(conn: StoreConnection, row: Mapping[str, Any]) -> None:
    names = [k for k in row if k in _RESTORABLE]  # column names from our own list, never from the data
    conn.execute(f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                 [row[k] for k in names])


def _sources(conn: StoreConnection, event_id: str) -> list[dict[str, Any]]:
    """The event's sources with their spans (what moves with a report)."""
    rows = conn.execute("SELECT article_id, article_url, source, evidence, spans FROM event_sources "
                        "WHERE event_id = ? ORDER BY rowid", (event_id,))
    return [dict(r) for r in rows]


def _move_sources(conn: StoreConnection, sources: Sequence[Mapping[str, Any]], target: str, source_of: str) -> None:
    for s in sources:
        conn.execute("DELETE FROM event_sources WHERE event_id = ? AND article_id = ?", (source_of, s["article_id"]))
        conn.execute(_INSERT_SOURCE, (target, s["article_id"], s["article_url"], s["source"], s["evidence"],
                                      s.get("spans")))


def _touch(conn: StoreConnection, current: Mapping[str, Any], field: str, old: Any, new: Any, reason: str,
           stamp: str, analyst: str) -> int:
    """Log ``field``'s change on an event, make it analyst-touched (``auto`` becomes ``edited``), bump its version."""
    version = int(current["row_version"]) + 1
    _log(conn, current["event_id"], field, old, new, reason, stamp, analyst, version)
    status = current["status"]
    if status == "auto":
        _log(conn, current["event_id"], "status", "auto", "edited", reason, stamp, analyst, version)
        status = "edited"
    conn.execute("UPDATE events SET status = ?, updated_at = ?, row_version = ? WHERE event_id = ?",
                 (status, stamp, version, current["event_id"]))
    return version


def merge_events(conn: StoreConnection, keep_id: str, other_id: str, reason: str, *, analyst: str = "",
                 expected_versions: Mapping[str, int] | None = None) -> int:
    """Merge ``other_id`` into ``keep_id`` (one incident): its sources move to ``keep_id``, it is removed, and
    both histories record the merge (the removed event, with its sources, as JSON). Returns the number of reports
    ``keep_id`` now has. The kept event's fields stay as they are (edit them afterwards if the other was right)."""
    if keep_id == other_id:
        raise StoreError("pick two different events to merge")
    if not reason.strip():
        raise StoreError("say why the two events are one incident (the reason is kept with the merge)")
    stamp, expected = now(), dict(expected_versions or {})
    with transaction(conn):
        keep, other = get_event(conn, keep_id), get_event(conn, other_id)
        _check_version(conn, keep, expected.get(keep_id), {"merged": other_id})
        _check_version(conn, other, expected.get(other_id), {"merged_into": keep_id})
        sources = _sources(conn, other_id)
        snapshot = json.dumps({"event": _row(conn, other_id), "sources": sources}, ensure_ascii=False, default=str)
        _log(conn, other_id, "merged_into", snapshot, keep_id, reason, stamp, analyst, int(other["row_version"]) + 1)
        _move_sources(conn, sources, keep_id, other_id)
        conn.execute("DELETE FROM events WHERE event_id = ?", (other_id,))
        _touch(conn, keep, "merged", None, other_id, reason, stamp, analyst)
    return len(event_sources(conn, keep_id))


def splittable(conn: StoreConnection, event_id: str) -> list[dict[str, Any]]:
    """The reports ``event_id`` could be split into: its sources, when it has more than one."""
    sources = event_sources(conn, event_id)
    return sources if len(sources) > 1 else []


def _snapshot_for(conn: StoreConnection, event_id: str, article_id: str) -> dict[str, Any] | None:
    """The newest event merged into ``event_id`` that brought ``article_id``, if it is not back already."""
    rows = conn.execute("SELECT event_id, old FROM edits WHERE field = 'merged_into' AND new = ? ORDER BY edit_id DESC",
                        (event_id,)).fetchall()
    for merged_id, old in rows:
        snapshot = json.loads(old or "{}")
        if any(s["article_id"] == article_id for s in snapshot.get("sources", ())):
            exists = conn.execute("SELECT 1 FROM events WHERE event_id = ?", (merged_id,)).fetchone()
            return None if exists else snapshot
    return None


def split_event(conn: StoreConnection, event_id: str, article_id: str, reason: str, *, analyst: str = "",
                expected_version: int | None = None) -> str:
    """Make ``article_id``'s report of ``event_id`` an event of its own again; returns its id.

    An event merged in by an analyst comes back as it was, with the sources it brought; otherwise (the ingest
    merged the two reports) the new event is a copy of this one with that article as its source, to correct.
    """
    if not reason.strip():
        raise StoreError("say why the reports are two incidents (the reason is kept with the split)")
    stamp = now()
    with transaction(conn):
        current = get_event(conn, event_id)
        _check_version(conn, current, expected_version, {"split": article_id})
        sources = _sources(conn, event_id)
        if len(sources) < 2 or article_id not in {s["article_id"] for s in sources}:
            raise StoreError(f"event {event_id!r} has no second report from article {article_id!r} to split off")
        snapshot = _snapshot_for(conn, event_id, article_id)
        if snapshot is not None:
            row = dict(snapshot["event"], updated_at=stamp, row_version=int(snapshot["event"]["row_version"]) + 2)
            moving = [s for s in sources if s["article_id"] in {m["article_id"] for m in snapshot["sources"]}]
        else:
            source = next(s for s in sources if s["article_id"] == article_id)
            suffix = hashlib.sha256(f"{event_id}|{article_id}".encode()).hexdigest()[:8]
            row = dict(_row(conn, event_id), event_id=f"{event_id}-s{suffix}", article_id=article_id,
                       article_url=source["article_url"], source=source["source"], evidence=source["evidence"],
                       spans=source.get("spans"), candidates=None, status="edited", created_at=stamp,
                       updated_at=stamp, row_version=1)
            moving = [source]
        if len(moving) >= len(sources):
            moving = [s for s in moving if s["article_id"] == article_id]
        _insert(conn, row)
        _move_sources(conn, moving, row["event_id"], event_id)
        _log(conn, row["event_id"], "split_from", None, event_id, reason, stamp, analyst, int(row["row_version"]))
        left = _sources(conn, event_id)
        if current["article_id"] not in {s["article_id"] for s in left}:  # its first report left: the next one
            first = left[0]
            conn.execute("UPDATE events SET article_id = ?, article_url = ?, source = ?, evidence = ?, spans = ?, "
                         "candidates = NULL WHERE event_id = ?", (first["article_id"], first["article_url"],
                                                                  first["source"], first["evidence"], first["spans"],
                                                                  event_id))
        _touch(conn, current, "split", None, row["event_id"], reason, stamp, analyst)
    return str(row["event_id"])
