"""The reference-events table (store layer): rows of ACLED and UCDP exports, kept apart from the news events.

Migration 4 of :mod:`dashboard.events.schema` creates it. One row per dataset row, keyed by the dataset's name and
the row's own id (ACLED ``event_id_cnty``, UCDP ``id``), with ACLED's columns (UCDP rows mapped onto them, see
:mod:`dashboard.pipeline.reference`), our date bounds, the licence note, the file it came from and a content hash
(re-importing an unchanged row changes nothing). What is stored, and how, is :mod:`dashboard.events.reference`.
"""

from __future__ import annotations

#: Text columns, then the typed ones; the order of :data:`REFERENCE_FIELDS`.
_TEXT = (
    "event_date", "date_earliest", "date_latest", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
    "region", "country", "country_code", "admin1",
    "admin1_original", "admin2", "admin3", "location", "location_ar", "source", "source_scale", "notes",
    "tags", "timestamp", "precision_note", "licence", "file",
)
_INTEGER = ("time_precision", "geo_precision", "fatalities", "line")
_REAL = ("latitude", "longitude")
#: Every column of a reference row besides its key (dataset, ref_id) and bookkeeping.
REFERENCE_FIELDS: tuple[str, ...] = (*_TEXT, *_INTEGER, *_REAL)

_COLUMNS_SQL = ",\n    ".join(
    [f"{c} TEXT" for c in _TEXT] + [f"{c} INTEGER" for c in _INTEGER] + [f"{c} REAL" for c in _REAL]
)
MIGRATION = f"""
CREATE TABLE reference_events (
    dataset TEXT NOT NULL, ref_id TEXT NOT NULL,
    {_COLUMNS_SQL},
    content_hash TEXT NOT NULL, imported_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (dataset, ref_id)
);
CREATE INDEX reference_events_date ON reference_events (date_earliest, date_latest);
"""
