"""ACLED and UCDP GED export files -> reference rows for the store (pipeline layer).

Both readers go by header names, never by position, so every shape of a dataset's export reads the same way:
ACLED's older 31-column layout (``data_id``, ``event_id_no_cnty``, ``iso3``), its current 31 columns
(``disorder_type``, ``civilian_targeting``, ``tags``) and API extracts; UCDP GED's full 49-column layout and extracts
with only some of its columns. A file without the columns a row needs is refused with one message naming the file
and the missing columns; a row that cannot be read is reported with its line number and the others are imported.

UCDP rows are mapped onto ACLED's codes (the README's "Reference datasets" section gives the same tables):

* ``type_of_violence`` 1 state-based and 2 non-state -> Battles / Armed clash; 3 one-sided -> Violence against
  civilians / Attack (and "Civilian targeting").
* ``where_prec`` -> ``geo_precision``: 1 exact place -> 1; 2 within ~25 km, 3 a district (second-order unit),
  5 a road, river or between places -> 2; 4 a province, 6 the country, 7 waters or airspace -> 3.
* ``date_prec`` -> ``time_precision``: 1 the day -> 1; 2 two to six days, 3 a week -> 2; 4 a month, 5 longer -> 3.
  ``date_start`` .. ``date_end`` become the date bounds and their middle day the event date.
* ``best`` -> fatalities (``low`` and ``high`` go to ``tags``); ``side_a`` / ``side_b`` -> actor1 / actor2, with inter
  code 1 for a government, 7 for civilians and 2 for the opposition side of a state-based conflict.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from dashboard.errors import DatasetError, ValidationError
from dashboard.events.acled_codes import COUNTRY_CODES, INTER_CODES, disorder_type, interaction, is_civilian_targeting
from dashboard.geo.distance import haversine_km
from dashboard.geo.gazetteer import Gazetteer, load_gazetteer
from dashboard.geo.governorates import canonical_governorate
from dashboard.geo.translit import skeleton
from dashboard.models import EVENT_TYPES, check_coordinates
from dashboard.text.normalize import normalize

DATASETS = ("acled", "ucdp")
NAMES = {"acled": "ACLED", "ucdp": "UCDP"}
LICENCES = {
    "acled": "ACLED (acleddata.com): ACLED terms of use; attribute ACLED, non-commercial use",
    "ucdp": "UCDP GED (ucdp.uu.se): CC BY 4.0; cite Sundberg & Melander 2013 and Davies et al.",
}
REQUIRED = {
    "acled": ("event_id_cnty", "event_date", "event_type", "latitude", "longitude", "geo_precision"),
    "ucdp": ("id", "date_start", "date_end", "type_of_violence", "where_prec", "latitude", "longitude"),
}
UCDP_TYPES = {
    "1": ("Battles", "Armed clash"),
    "2": ("Battles", "Armed clash"),
    "3": ("Violence against civilians", "Attack"),
}
UCDP_GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 2, 6: 3, 7: 3}
UCDP_TIME_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
_ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d %H:%M:%S")


class RowError(ValueError):
    """One row cannot be read; the message says which field and why."""


@dataclass(slots=True)
class ReferenceFile:
    """What reading one file gave: the rows to store and the rejected lines (line number, why)."""

    dataset: str
    path: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _int(row: dict[str, str], name: str, allowed: range | None = None, blank: int | None = None) -> int:
    text = row.get(name, "").strip()
    if not text:
        if blank is None:
            raise RowError(f"{name} is empty")
        return blank
    try:
        number = float(text)
    except ValueError:
        raise RowError(f"{name} {text!r} is not a number") from None
    if not number.is_integer() or (allowed is not None and int(number) not in allowed):
        expected = f"{allowed.start}..{allowed.stop - 1}" if allowed is not None else "a whole number"
        raise RowError(f"{name} {text!r} is not {expected}")
    return int(number)


def _position(row: dict[str, str]) -> tuple[float, float]:
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except ValueError:
        raise RowError(f"latitude/longitude {row['latitude']!r}, {row['longitude']!r} are not numbers") from None
    try:
        check_coordinates(latitude, longitude, "row")
    except ValidationError as exc:
        raise RowError(str(exc).removeprefix("row: ")) from None
    if latitude == 0 and longitude == 0:
        raise RowError("latitude/longitude are 0, 0 (no position)")
    return latitude, longitude


def acled_date(text: str) -> date:
    """An ACLED event date in any of its exports' spellings: 2020-02-29, 29-Feb-20, 29 February 2020."""
    text = text.strip()
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(f"event_date {text!r} is not a date like 2020-02-29 or 29-Feb-20")


def _iso_day(row: dict[str, str], name: str) -> date:
    text = row.get(name, "").strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(f"{name} {text!r} is not a date like 2020-02-29") from None


def _common(row: dict[str, str], dataset: str) -> dict[str, Any]:
    country = row.get("country", "").strip()
    return {
        "country": country, "country_code": COUNTRY_CODES.get(country, ""), "region": row.get("region", "").strip(),
        "licence": LICENCES[dataset],
    }


def acled_row(row: dict[str, str]) -> dict[str, Any]:
    """One ACLED row as a reference row; RowError when a field cannot be read."""
    ref_id = row["event_id_cnty"].strip()
    if not ref_id:
        raise RowError("event_id_cnty is empty")
    day = acled_date(row["event_date"])
    event_type, sub_event_type = row["event_type"].strip(), row.get("sub_event_type", "").strip()
    if event_type not in EVENT_TYPES:
        raise RowError(f"event_type {event_type!r} is not one of ACLED's event types ({', '.join(EVENT_TYPES)})")
    latitude, longitude = _position(row)
    geo, time = _int(row, "geo_precision", range(1, 4)), _int(row, "time_precision", range(1, 4), blank=1)
    inter1, inter2 = row.get("inter1", "").strip(), row.get("inter2", "").strip()
    targeting = row.get("civilian_targeting", "").strip()
    if "civilian_targeting" not in row and is_civilian_targeting(event_type, inter2):
        targeting = "Civilian targeting"
    return _common(row, "acled") | {
        "ref_id": ref_id, "event_date": day.isoformat(), "date_earliest": day.isoformat(),
        "date_latest": day.isoformat(), "time_precision": time,
        "disorder_type": row.get("disorder_type", "").strip() or disorder_type(event_type, sub_event_type),
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": row.get("actor1", "").strip(), "assoc_actor_1": row.get("assoc_actor_1", "").strip(),
        "inter1": inter1, "actor2": row.get("actor2", "").strip(),
        "assoc_actor_2": row.get("assoc_actor_2", "").strip(), "inter2": inter2,
        "interaction": row.get("interaction", "").strip() or interaction(inter1, inter2),
        "civilian_targeting": targeting, "iso": row.get("iso", "").strip(),
        "admin1": canonical_governorate(row.get("admin1", "")), "admin1_original": row.get("admin1", "").strip(),
        "admin2": row.get("admin2", "").strip(),
        "admin3": row.get("admin3", "").strip(), "location": row.get("location", "").strip(),
        "latitude": latitude, "longitude": longitude, "geo_precision": geo, "source": row.get("source", "").strip(),
        "source_scale": row.get("source_scale", "").strip(), "notes": row.get("notes", "").strip(),
        "fatalities": _int(row, "fatalities", range(0, 1_000_000), blank=0), "tags": row.get("tags", "").strip(),
        "timestamp": row.get("timestamp", "").strip(),
        "precision_note": f"ACLED geo_precision {geo}, time_precision {time}",
    }


def _ucdp_inter(side: str, violence: str, second: bool) -> str:
    if side.startswith("Government of"):
        return INTER_CODES["state"]
    if side == "Civilians":
        return INTER_CODES["civilians"]
    return INTER_CODES["rebel"] if violence == "1" and second else ""


def ucdp_row(row: dict[str, str]) -> dict[str, Any]:
    """One UCDP GED row as a reference row, with ACLED's codes (see the module's mapping); RowError if unreadable."""
    ref_id = row["id"].strip()
    if not ref_id:
        raise RowError("id is empty")
    start, end = _iso_day(row, "date_start"), _iso_day(row, "date_end")
    if end < start:
        raise RowError(f"date_end {end} is before date_start {start}")
    violence = row["type_of_violence"].strip()
    if violence not in UCDP_TYPES:
        raise RowError(f"type_of_violence {violence!r} is not 1, 2 or 3")
    event_type, sub_event_type = UCDP_TYPES[violence]
    where_prec = _int(row, "where_prec", range(1, 8))
    date_prec = _int(row, "date_prec", range(1, 6), blank=1 if start == end else 5)
    latitude, longitude = _position(row)
    side_a, side_b = row.get("side_a", "").strip(), row.get("side_b", "").strip()
    inter1, inter2 = _ucdp_inter(side_a, violence, False), _ucdp_inter(side_b, violence, True)
    best = _int(row, "best", range(0, 10_000_000), blank=0)
    parts = (row.get("dyad_name", ""), row.get("where_description", ""), row.get("source_headline", ""))
    notes = ". ".join(p.strip().rstrip(".") for p in parts if p.strip())
    middle = start + timedelta(days=(end - start).days // 2)
    return _common(row, "ucdp") | {
        "ref_id": ref_id, "event_date": middle.isoformat(), "date_earliest": start.isoformat(),
        "date_latest": end.isoformat(), "time_precision": UCDP_TIME_PRECISION[date_prec],
        "disorder_type": disorder_type(event_type), "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": side_a, "assoc_actor_1": "", "inter1": inter1, "actor2": side_b, "assoc_actor_2": "",
        "inter2": inter2, "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if violence == "3" else "", "iso": "",
        "admin1": canonical_governorate(row.get("adm_1", "")), "admin1_original": row.get("adm_1", "").strip(),
        "admin2": row.get("adm_2", "").strip(), "admin3": "",
        "location": row.get("where_coordinates", "").strip(), "latitude": latitude, "longitude": longitude,
        "geo_precision": UCDP_GEO_PRECISION[where_prec], "source": row.get("source_office", "").strip(),
        "source_scale": "", "notes": notes, "fatalities": best,
        "tags": f"deaths low={row.get('low', '').strip() or '?'}; high={row.get('high', '').strip() or '?'}",
        "timestamp": "", "precision_note": f"UCDP where_prec {where_prec}, date_prec {date_prec}",
    }


READERS: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {"acled": acled_row, "ucdp": ucdp_row}


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of every CSV record; DatasetError when the file cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader, line = csv.reader(handle), 1
            for fields in reader:
                yield line, fields
                line = reader.line_num + 1
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a folder; give the dataset's CSV file") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text (byte {exc.start}); export the dataset as UTF-8 CSV") from None
    except csv.Error as exc:
        raise DatasetError(f"{path}: not a readable CSV file ({exc})") from None


def _check_header(path: Path, dataset: str, header: list[str]) -> None:
    missing = [c for c in REQUIRED[dataset] if c not in header]
    if not missing:
        return
    other = next((d for d in DATASETS if d != dataset and all(c in header for c in REQUIRED[d])), None)
    hint = f"; it has {NAMES[other]}'s columns: use 'incident-map import {other}'" if other else ""
    raise DatasetError(f"{path}: not a {NAMES[dataset]} export, it has no {', '.join(missing)} column{hint}")


_PLACE_SUFFIX = re.compile(r"\s+(?:city|town|village|district|province|area)$", re.IGNORECASE)


def add_arabic_names(rows: list[dict[str, Any]], gazetteer: Gazetteer | None = None, max_km: float = 25.0) -> int:
    """Fill ``location_ar`` from the gazetteer: the place of the row's name (any spelling) nearest its point, within
    ``max_km``; returns how many rows got a name. The page shows it in Arabic with the dataset's name beside it."""
    gazetteer = gazetteer or load_gazetteer()
    found = 0
    for row in rows:
        name = _PLACE_SUFFIX.sub("", row.get("location", "").split(" - ")[0].strip())
        candidates = gazetteer.lookup(normalize(name)) or gazetteer.by_skeleton(skeleton(name))
        near = sorted((haversine_km(row["latitude"], row["longitude"], p.latitude, p.longitude), p.name_ar)
                      for p in candidates if p.name_ar)
        if near and near[0][0] <= max_km:
            row["location_ar"] = near[0][1]
            found += 1
    return found


def read_reference(path: str | Path, dataset: str) -> ReferenceFile:
    """Read an ACLED or UCDP export; rows that cannot be read are in ``rejected`` with their line numbers."""
    if dataset not in DATASETS:
        raise DatasetError(f"unknown dataset {dataset!r}: choose one of {', '.join(DATASETS)}")
    path = Path(path)
    result, records = ReferenceFile(NAMES[dataset], path), _records(path)
    first = next(records, None)
    if first is None:
        raise DatasetError(f"{path}: the file is empty")
    header = [name.strip().lower() for name in first[1]]
    _check_header(path, dataset, header)
    seen: dict[str, int] = {}
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            result.rejected.append((line, f"{len(fields)} fields where the header has {len(header)}"))
            continue
        try:
            row = READERS[dataset](dict(zip(header, fields, strict=True)))
        except RowError as exc:
            result.rejected.append((line, str(exc)))
            continue
        if row["ref_id"] in seen:
            result.rejected.append((line, f"id {row['ref_id']} repeats line {seen[row['ref_id']]}"))
            continue
        seen[row["ref_id"]] = line
        result.rows.append(row | {"file": str(path), "line": line})
    return result
