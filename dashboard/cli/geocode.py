"""``incident-map geocode`` (face layer): look place names up in the gazetteer: one name, a stream, a CSV column.

    incident-map geocode "Zummar, Nineveh"               # one JSON object
    incident-map geocode - < names.txt                   # one JSON object per input line, in order
    incident-map geocode --csv sites.csv --column place -o sites_geocoded.csv

A name may carry context ("Karbala town, Karbala province", "X, Tarmiyah district"). Every output record
has ``query`` and the match's fields (``latitude`` null on a miss) and ``match`` (how it was found, see
:data:`dashboard.geo.geocoder.MATCH_QUALITIES`). This module imports only the geocoder, so the command
starts fast (the CLI loads it without the extraction and store modules).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from dashboard.errors import GeocodeInputError

#: Columns appended to a geocoded CSV (prefixed ``geo_`` where the file already has the name).
CSV_COLUMNS = ("latitude", "longitude", "gazetteer_id", "location", "admin1", "admin2", "match")


def record(geocoder: Any, query: str) -> dict[str, Any]:
    """The JSON-ready result for one query: ``query``, the best place's fields (nulls on a miss), ``match``."""
    places, how = geocoder.resolve_with_quality(query) if query.strip() else ([], "none")
    if not places:
        return {"query": query, "name": None, "name_ar": None, "latitude": None, "longitude": None,
                "feature": None, "admin1": None, "admin2": None, "country_code": None, "gazetteer_id": None,
                "match": "none"}
    p = places[0]
    return {"query": query, "name": p.name, "name_ar": p.name_ar, "latitude": p.latitude, "longitude": p.longitude,
            "feature": p.feature, "admin1": p.admin1, "admin2": p.admin2, "country_code": p.country_code,
            "gazetteer_id": p.gazetteer_id, "match": how}


def geocode_lines(geocoder: Any, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One record per input line, in order (blank lines give a miss, so lines stay aligned)."""
    for line in lines:
        yield record(geocoder, line.rstrip("\r\n").strip())


def _read_csv(path: Path, column: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            if column not in header:
                raise GeocodeInputError(
                    f"{path}: no column {column!r}; the columns are: {', '.join(header) or '(none: empty file)'}"
                )
            rows = list(reader)
    except FileNotFoundError:
        raise GeocodeInputError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise GeocodeInputError(f"{path}: not UTF-8 text; save the spreadsheet as CSV UTF-8") from None
    except csv.Error as error:
        raise GeocodeInputError(f"{path}: not a readable CSV ({error})") from None
    return header, rows


def geocode_csv(geocoder: Any, path: Path, column: str, out: TextIO) -> int:
    """Write ``path`` back to ``out`` with CSV_COLUMNS appended; return how many rows matched."""
    header, rows = _read_csv(path, column)
    added = [f"geo_{c}" if c in header else c for c in CSV_COLUMNS]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*header, *added])
    matched = 0
    for row in rows:
        rec = record(geocoder, (row.get(column) or "").strip())
        matched += rec["latitude"] is not None
        values = [rec["latitude"], rec["longitude"], rec["gazetteer_id"], rec["name"], rec["admin1"],
                  rec["admin2"], rec["match"]]
        writer.writerow([*(row.get(h, "") for h in header), *("" if v is None else v for v in values)])
    return matched


def _write_atomically(target: Path, write: Any) -> Any:
    """Run ``write(handle)`` into a temporary file beside ``target``, then move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            result = write(handle)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def cmd_geocode(args: argparse.Namespace) -> int:
    """One name (exit 1 on a miss), ``-`` for names on standard input, or ``--csv FILE --column NAME``."""
    from dashboard.geo.geocoder import GazetteerGeocoder

    geocoder = GazetteerGeocoder()
    if args.csv:
        if not args.column:
            raise GeocodeInputError("--csv needs --column NAME: the column holding the place names")
        if args.output:
            matched = _write_atomically(args.output, lambda h: geocode_csv(geocoder, args.csv, args.column, h))
            print(f"incident-map geocode: wrote {args.output} ({matched} names matched)", file=sys.stderr)
        else:
            geocode_csv(geocoder, args.csv, args.column, sys.stdout)
        return 0
    if args.name is None:
        raise GeocodeInputError("give a place name, '-' to read names from standard input, or --csv FILE")
    if args.name == "-":
        for rec in geocode_lines(geocoder, sys.stdin):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return 0
    rec = record(geocoder, args.name)
    if rec["latitude"] is None:
        print(f"incident-map geocode: no gazetteer match for {args.name!r}", file=sys.stderr)
        return 1
    print(json.dumps({k: v for k, v in rec.items() if k != "query"}, ensure_ascii=False))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``geocode`` to the CLI."""
    p = subparsers.add_parser("geocode", help="look place names up in the gazetteer (one, a stream, or a CSV)")
    p.add_argument("name", nargs="?", help='a place name, optionally with context ("Balad, Salah al-Din"), '
                   "or - to read one name a line from standard input (JSON lines out)")
    p.add_argument("--csv", type=Path, metavar="FILE", help="geocode a column of this CSV file")
    p.add_argument("--column", metavar="NAME", help="the CSV column holding place names")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the geocoded CSV here (default: stdout)")
    p.set_defaults(func=cmd_geocode)
