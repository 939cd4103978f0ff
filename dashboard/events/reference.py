"""Reference events in the store (store layer): ACLED / UCDP rows in, the reference table out as an event frame.

Rows arrive as dicts of :data:`~dashboard.events.reference_schema.REFERENCE_FIELDS` plus ``dataset`` and ``ref_id``
(made by :mod:`dashboard.pipeline.reference`). :func:`store_reference` is idempotent: a row whose content is
unchanged is left alone, a changed row (a newer export of the same event) is updated, a new one inserted, all in one
transaction; importing the same file twice changes nothing, not even the store's generation.

:func:`load_reference` gives the table in the event table's shape (:data:`dashboard.models.EVENT_COLUMNS`, same
dtypes), so the page's filters, the map and the exports take reference rows as they take news events, with
``dataset``, ``ref_id``, ``licence`` and ACLED's own columns beside them.

>>> from dashboard.events.schema import open_store
>>> load_reference(open_store(":memory:")).empty
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.events.backends import StoreConnection
from dashboard.events.reference_schema import REFERENCE_FIELDS
from dashboard.events.schema import now, transaction
from dashboard.events.table import coerce_dtypes

#: ACLED's columns a reference frame carries beside the event columns (the ``acled-csv`` export reads them).
ACLED_EXTRA = (
    "ref_id", "dataset", "licence", "disorder_type", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1_original",
    "admin2", "admin3", "source_scale", "tags",
    "timestamp", "precision_note",
)
_KEY = ("dataset", "ref_id")
_ALL = (*_KEY, *REFERENCE_FIELDS)
_DATA = tuple(f for f in REFERENCE_FIELDS if f not in ("file", "line"))  # what the content hash covers


@dataclass(slots=True)
class ReferenceImport:
    """What one import did: rows added, updated (changed since the last import), unchanged."""

    dataset: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def content_hash(row: Mapping[str, Any]) -> str:
    """A hash of the row's data (not of the file or line it was read from)."""
    data = json.dumps([row.get(f) for f in _DATA], ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]


_INSERT = (
    f"INSERT INTO reference_events ({', '.join(_ALL)}, content_hash, imported_at, updated_at) "
    f"VALUES ({', '.join(':' + c for c in _ALL)}, :content_hash, :stamp, :stamp)"
)
_UPDATE = (
    f"UPDATE reference_events SET {', '.join(f'{c} = :{c}' for c in REFERENCE_FIELDS)}, "
    "content_hash = :content_hash, updated_at = :stamp WHERE dataset = :dataset AND ref_id = :ref_id"
)


def store_reference(conn: StoreConnection, dataset: str, rows: Iterable[Mapping[str, Any]]) -> ReferenceImport:
    """Add or update ``dataset``'s rows in one transaction; unchanged rows (same content hash) are left alone."""
    result = ReferenceImport(dataset)
    known = dict(conn.execute("SELECT ref_id, content_hash FROM reference_events WHERE dataset = ?", (dataset,)))
    inserts, updates, stamp = [], [], now()
    for row in rows:
        record = {c: row.get(c) for c in _ALL} | {"dataset": dataset, "stamp": stamp}
        record["content_hash"] = content_hash(record)
        old = known.get(record["ref_id"])
        if old == record["content_hash"]:
            result.unchanged += 1
        else:
            (updates if old is not None else inserts).append(record)
            known[record["ref_id"]] = record["content_hash"]  # a row repeated in the file counts once
    if inserts or updates:
        with transaction(conn):
            conn.executemany(_INSERT, inserts)
            conn.executemany(_UPDATE, updates)
    result.added, result.updated = len(inserts), len(updates)
    return result


def count_reference(conn: StoreConnection) -> dict[str, int]:
    """Number of reference rows per dataset."""
    return dict(conn.execute("SELECT dataset, COUNT(*) FROM reference_events GROUP BY dataset ORDER BY dataset"))


def load_reference(conn: StoreConnection) -> pd.DataFrame:
    """The reference rows as an event table (schema columns and dtypes) plus :data:`ACLED_EXTRA`.

    ``event_id`` is ``DATASET:ref_id``; ``source`` names the dataset before the dataset's own source
    ("ACLED: Al Ghad Press"), so every export says where a row came from; status ``confirmed``, confidence 1.
    """
    raw = conn.read_frame("SELECT * FROM reference_events ORDER BY date_earliest, dataset, ref_id")
    raw["location_ar"] = raw["location_ar"].fillna("")
    frame = raw.assign(
        event_id=raw["dataset"] + ":" + raw["ref_id"],
        gazetteer_id="", injured=pd.NA, target="", evidence="", language="en",
        article_id="", article_url="", confidence=1.0, status="confirmed",
        source=raw["dataset"] + ": " + raw["source"].fillna(""),
    )
    df = coerce_dtypes(frame)
    for col in ACLED_EXTRA:
        df[col] = raw[col].fillna("").astype(str).to_numpy() if len(raw) else pd.Series(dtype=str)
    df["actor1"] = raw["actor1"].fillna("").astype(str).to_numpy() if len(raw) else df["actor1"]
    df["source_count"] = 1
    df["created_at"] = pd.to_datetime(raw["imported_at"], errors="coerce", utc=True).to_numpy()
    return df
