"""ACLED's own layout (export layer): ``export --format acled-csv`` writes the view's events in ACLED's 31 columns.

The columns and their order are ACLED's current export's (:data:`ACLED_COLUMNS`), so an analyst's ACLED workbook
takes the file as it is. Reference rows imported from ACLED go out with their own values; news events and UCDP rows
are coded with ACLED's conventions:

* ``event_id_cnty``: the row's own id (ACLED's, ``UCDP-<id>``, or the news event's ``ev-…`` id);
* ``event_date`` ISO, ``year`` from it; ``time_precision`` and ``geo_precision`` as stored (ACLED's codes);
* ``disorder_type`` from the event type (ACLED's grouping); ``fatalities`` 0 when unknown, as ACLED codes it;
* ``actor1`` as stated, ``actor2`` the stated target; ``inter1`` / ``inter2`` / ``interaction`` only where the
  actors' kinds are known (imported rows), else empty; ``civilian_targeting`` for violence against civilians;
* ``iso``, ``country``, ``region`` from the country code; ``admin2`` from the gazetteer when the table has it;
* ``source`` the publisher; ``notes`` the summary; ``tags`` says the row came from Incident Map and how sure it is;
* ``timestamp``: Unix time the row was stored.

Cells that a spreadsheet would run as a formula are neutralised, as in the plain CSV.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.events.acled_codes import COUNTRIES, disorder_type, is_civilian_targeting
from dashboard.export.data import neutralise_formula

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)


def _text(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _int_text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def _timestamp(row: dict[str, Any]) -> str:
    stamp = _text(row, "timestamp")
    if stamp:
        return stamp
    created = row.get("created_at")
    return "" if created is None or pd.isna(created) else str(int(pd.Timestamp(created).timestamp()))


def _news_tags(row: dict[str, Any]) -> str:
    confidence = row.get("confidence")
    sure = "" if confidence is None or pd.isna(confidence) else f"; confidence {float(confidence):.2f}"
    return f"incident-map{sure}; status {_text(row, 'status')}"


def acled_record(row: dict[str, Any]) -> dict[str, str]:
    """One event (news or reference) as ACLED's 31 fields, all text."""
    dataset = _text(row, "dataset")
    event_type, sub_type = _text(row, "event_type"), _text(row, "sub_event_type")
    day = row.get("event_date")
    iso_day = "" if day is None or pd.isna(day) else pd.Timestamp(day).date().isoformat()
    iso, country, region = COUNTRIES.get(_text(row, "country_code"), ("", "", ""))
    source = _text(row, "source")
    if dataset:
        source = source.removeprefix(f"{dataset}: ")
    inter2 = _text(row, "inter2")
    ref_id = _text(row, "ref_id")
    own_id = (ref_id if dataset == "ACLED" else f"{dataset}-{ref_id}") if dataset else _text(row, "event_id")
    return {
        "event_id_cnty": own_id,
        "event_date": iso_day, "year": iso_day[:4], "time_precision": _int_text(row.get("time_precision")),
        "disorder_type": _text(row, "disorder_type") or disorder_type(event_type, sub_type),
        "event_type": event_type, "sub_event_type": sub_type,
        "actor1": _text(row, "actor1"), "assoc_actor_1": _text(row, "assoc_actor_1"), "inter1": _text(row, "inter1"),
        "actor2": _text(row, "actor2") if dataset else _text(row, "target"),
        "assoc_actor_2": _text(row, "assoc_actor_2"), "inter2": inter2, "interaction": _text(row, "interaction"),
        "civilian_targeting": _text(row, "civilian_targeting") if dataset else (
            "Civilian targeting" if is_civilian_targeting(event_type, inter2) else ""),
        "iso": _text(row, "iso") or iso, "region": _text(row, "region") or region,
        "country": _text(row, "country") or country, "admin2": _text(row, "admin2"),
        "admin1": (_text(row, "admin1_original") if dataset == "ACLED" else "") or _text(row, "admin1"),
        "admin3": _text(row, "admin3"), "location": _text(row, "location"),
        "latitude": f"{float(row['latitude']):.4f}", "longitude": f"{float(row['longitude']):.4f}",
        "geo_precision": _int_text(row.get("geo_precision")), "source": source,
        "source_scale": _text(row, "source_scale"), "notes": _text(row, "notes"),
        "fatalities": _int_text(row.get("fatalities")) or "0",
        "tags": _text(row, "tags") if dataset else _news_tags(row), "timestamp": _timestamp(row),
    }


def to_acled_csv(events: pd.DataFrame, view: object = None, *, bom: bool = False, **_: object) -> bytes:
    """The view's events in ACLED's 31 columns (UTF-8, CRLF rows, formulas neutralised)."""
    records = [acled_record(row) for row in events.to_dict("records")]
    out = pd.DataFrame(records, columns=list(ACLED_COLUMNS))
    numeric = ("year", "time_precision", "latitude", "longitude", "geo_precision", "fatalities", "timestamp")
    for col in ACLED_COLUMNS:
        if col not in numeric:
            out[col] = out[col].map(neutralise_formula)
    text = out.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig" if bom else "utf-8")
