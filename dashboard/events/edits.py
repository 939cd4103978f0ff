"""Analysts' edits (store layer): change fields, set a status, add an event by hand; every change logged.

Every event has a ``row_version``, bumped by every change to it: an edit made on a version that is no longer
the stored one is refused with :class:`~dashboard.errors.EditConflict` (optimistic concurrency: two analysts
editing one event never overwrite each other silently). Every change is a row of ``edits`` (field, old, new,
reason, time, analyst, version). These functions are part of :mod:`dashboard.events.store`'s interface
(import them from there).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from dashboard.errors import EditConflict, StoreError
from dashboard.events.backends import StoreConnection
from dashboard.events.schema import now, transaction
from dashboard.events.store import _INSERT_EVENT, _INSERT_SOURCE, _event_row, get_event
from dashboard.models import STATUSES, Event

EDITABLE_FIELDS = (
    "event_date", "date_earliest", "date_latest", "time_precision", "event_type", "sub_event_type",
    "location", "location_ar", "latitude", "longitude", "geo_precision", "admin1", "admin2", "gazetteer_id",
    "fatalities", "injured", "actor1", "target", "notes",
)


def event_edits(conn: StoreConnection, event_id: str) -> list[dict[str, Any]]:
    """Every analyst change to ``event_id``, oldest first."""
    rows = conn.execute(
        "SELECT field, old, new, reason, edited_at, analyst, row_version FROM edits WHERE event_id = ? "
        "ORDER BY edit_id", (event_id,)
    )
    return [dict(r) for r in rows]


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _log(conn: StoreConnection, event_id: str, name: str, old: Any, new: Any, reason: str, stamp: str,
         analyst: str = "", version: int | None = None) -> None:
    conn.execute(
        "INSERT INTO edits (event_id, field, old, new, reason, edited_at, analyst, row_version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, name, _text(old), _text(new), reason, stamp, analyst.strip(), version),
    )


def _check_version(conn: StoreConnection, current: Mapping[str, Any], expected: int | None,
                   mine: Mapping[str, Any]) -> None:
    """EditConflict when the event changed since the analyst opened it at version ``expected``."""
    if expected is None or int(current["row_version"]) == int(expected):
        return
    since = [e for e in event_edits(conn, current["event_id"]) if (e["row_version"] or 0) > int(expected)]
    raise EditConflict(current["event_id"], int(expected), dict(current), dict(mine), since)


def edit_event(conn: StoreConnection, event_id: str, changes: Mapping[str, Any], reason: str, *,
               analyst: str = "", expected_version: int | None = None) -> list[str]:
    """Change fields of an event (status becomes ``edited``); every change is logged with time, reason and analyst.

    ``expected_version`` is the event's ``row_version`` when the analyst opened it: if the stored event has
    changed since, nothing is written and :class:`~dashboard.errors.EditConflict` says what changed.
    Returns the names of the fields that really changed.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise StoreError(f"cannot edit {sorted(unknown)}; editable fields are {', '.join(EDITABLE_FIELDS)}")
    if not reason.strip():
        raise StoreError("say why you change the event (the reason is kept with the edit)")
    stamp = now()
    with transaction(conn):
        current = get_event(conn, event_id)
        _check_version(conn, current, expected_version, changes)
        changed = [k for k, v in changes.items() if _text(v) != _text(current[k])]
        version = int(current["row_version"]) + 1
        for name in changed:
            _log(conn, event_id, name, current[name], changes[name], reason, stamp, analyst, version)
            conn.execute(f"UPDATE events SET {name} = ? WHERE event_id = ?", (_text(changes[name]), event_id))
        if changed:
            if current["status"] != "edited":
                _log(conn, event_id, "status", current["status"], "edited", reason, stamp, analyst, version)
            conn.execute("UPDATE events SET status = 'edited', updated_at = ?, row_version = ? WHERE event_id = ?",
                         (stamp, version, event_id))
    return changed


def set_status(conn: StoreConnection, event_id: str, status: str, reason: str = "", *, analyst: str = "",
               expected_version: int | None = None) -> None:
    """Confirm, reject (or reset) an event; logged and version-checked like any edit."""
    if status not in STATUSES:
        raise StoreError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    stamp = now()
    with transaction(conn):
        current = get_event(conn, event_id)
        _check_version(conn, current, expected_version, {"status": status})
        if current["status"] == status:
            return
        version = int(current["row_version"]) + 1
        _log(conn, event_id, "status", current["status"], status, reason or status, stamp, analyst, version)
        conn.execute("UPDATE events SET status = ?, updated_at = ?, row_version = ? WHERE event_id = ?",
                     (status, stamp, version, event_id))


def add_event(conn: StoreConnection, event: Event, reason: str, *, analyst: str = "") -> str:
    """Add an event by hand (status ``confirmed`` unless given otherwise); logged as a creation edit."""
    stamp = now()
    row = _event_row(event, stamp)
    if row["status"] == "auto":
        row["status"] = "confirmed"
    with transaction(conn):
        if conn.execute("SELECT 1 FROM events WHERE event_id = ?", (row["event_id"],)).fetchone():
            raise StoreError(f"an event {row['event_id']!r} already exists; pick another id")
        conn.execute(_INSERT_EVENT, row)
        conn.execute(_INSERT_SOURCE, (row["event_id"], row["article_id"] or "manual", row["article_url"],
                                      row["source"], row["evidence"], row["spans"]))
        _log(conn, row["event_id"], "created", None, row["status"], reason or "added by hand", stamp, analyst, 1)
    return row["event_id"]
