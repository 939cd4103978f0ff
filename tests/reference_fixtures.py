"""Reference-dataset rows written by hand for the tests, in ACLED's and UCDP GED's column layouts.

The rows are invented (places and dates chosen to meet the tests' news events); no third-party row is shipped.
The real exports in ``../shared/reference`` are read where present, by the tests that measure with them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ACLED_2020 = SHARED / "reference" / "acled_iraq_2020_02.csv"
UCDP_V26 = SHARED / "reference" / "ucdp_ged_v26_iraq_original_header.csv"
UCDP_EXTRACT = SHARED / "eval" / "dev" / "ucdp_ged_iraq.csv"

#: ACLED's current 31 columns (since 2023).
ACLED_CURRENT = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)


def acled_row(event_id: str, day: str, event_type: str, sub: str, location: str, admin1: str, lat: float,
              lon: float, **extra: object) -> dict[str, object]:
    """One ACLED row in the current layout (fields not given are empty or ACLED's usual values)."""
    row: dict[str, object] = {c: "" for c in ACLED_CURRENT}
    row.update(event_id_cnty=event_id, event_date=day, year=day[:4], time_precision=1, event_type=event_type,
               sub_event_type=sub, actor1="Unidentified Armed Group (Iraq)", inter1=3, iso=368,
               region="Middle East", country="Iraq", admin1=admin1, location=location, latitude=lat, longitude=lon,
               geo_precision=1, source="Shafaq News", source_scale="National",
               notes=f"On {day}, an incident at {location}, as a test says.", fatalities=0, timestamp=1700000000)
    row.update(extra)
    return row


#: Three hand-written ACLED rows near the factories' places (Erbil airport, Baghdad, Mosul), February 2021.
ACLED_ROWS = [
    acled_row("IRQ90001", "2021-02-15", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              "Erbil", "Erbil", 36.2200, 43.9900, disorder_type="Political violence",
              notes="On 15 February 2021, rockets hit Erbil airport, injuring 5, a contractor killed."),
    acled_row("IRQ90002", "2021-02-09", "Protests", "Peaceful protest", "Baghdad - Tahrir Square", "Baghdad",
              33.3150, 44.3650, disorder_type="Demonstrations", actor1="Protesters (Iraq)", inter1=6,
              interaction=60, tags="crowd size=no report"),
    acled_row("IRQ90003", "2021-02-13", "Battles", "Armed clash", "Mosul", "Ninewa", 36.3400, 43.1300,
              disorder_type="Political violence", actor2="Military Forces of Iraq (2020-)", inter2=1,
              interaction=13, fatalities=2),
]


def acled_csv(rows: list[dict[str, object]], columns: tuple[str, ...] = ACLED_CURRENT) -> str:
    """The rows as an ACLED CSV export (quoted where needed, as ACLED writes them)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


#: UCDP GED extract columns (a subset of GED's 49, as analysts download them).
UCDP_COLUMNS = ("id", "year", "date_start", "date_end", "date_prec", "type_of_violence", "dyad_name", "side_a",
                "side_b", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude",
                "source_office", "source_headline", "low", "best", "high")


def ucdp_row(ref_id: str, start: str, end: str, violence: int, lat: float, lon: float, **extra: object) -> dict:
    row = {c: "" for c in UCDP_COLUMNS}
    row.update(id=ref_id, year=start[:4], date_start=f"{start} 00:00:00.000", date_end=f"{end} 00:00:00.000",
               date_prec=1 if start == end else 2, type_of_violence=violence, dyad_name="Government of Iraq - IS",
               side_a="Government of Iraq", side_b="IS", where_prec=1, where_coordinates="Mosul town",
               adm_1="Nīnawá province", adm_2="Qaḑā’ al Mawşil", latitude=lat, longitude=lon,
               source_office="Test Agency", source_headline="A headline, with a comma", low=1, best=2, high=3)
    row.update(extra)
    return row
