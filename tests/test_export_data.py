"""CSV, GeoJSON and KML exports, the view's selection, and the empty-view error."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import jsonschema
import pandas as pd
import pytest
from export_factories import make_frame

from dashboard.errors import ExportError
from dashboard.events.table import Filters
from dashboard.export.view import ExportView, made_at_now, view_events
from dashboard.export.writers import export_bytes
from dashboard.models import EVENT_COLUMNS

MADE_AT = datetime(2026, 11, 30, 7, 50, tzinfo=UTC)
KML = "{http://www.opengis.net/kml/2.2}"

#: The parts of RFC 7946 a FeatureCollection of points must satisfy (no "crs", [lon, lat] in range).
POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
}
GEOJSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {"type": {"const": "Point"}, "coordinates": POSITION},
                    },
                    "properties": {"type": ["object", "null"]},
                },
            },
        },
    },
}


def export(df: pd.DataFrame, fmt: str, view: ExportView | None = None, **options: object) -> bytes:
    return export_bytes(df, view or ExportView(), fmt, made_at=MADE_AT, **options)


def test_csv_round_trips_into_pandas_with_the_same_rows() -> None:
    df = make_frame(10)
    back = pd.read_csv(io.BytesIO(export(df, "csv")), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(EVENT_COLUMNS)
    assert list(back["event_id"]) == list(df["event_id"])
    assert list(back["location_ar"]) == list(df["location_ar"])
    assert back["latitude"].astype(float).tolist() == pytest.approx(df["latitude"].tolist())
    assert back["fatalities"].tolist() == ["" if pd.isna(v) else str(v) for v in df["fatalities"]]


def test_csv_bom_is_optional() -> None:
    df = make_frame(2)
    assert not export(df, "csv").startswith(b"\xef\xbb\xbf")
    with_bom = export(df, "csv", bom=True)
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert len(pd.read_csv(io.BytesIO(with_bom), encoding="utf-8-sig")) == 2


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_csv_neutralises_formulas(payload: str) -> None:
    df = make_frame(1, notes=payload, location=payload)
    back = pd.read_csv(io.BytesIO(export(df, "csv")), dtype=str, keep_default_na=False)
    assert back.loc[0, "notes"] == "'" + payload
    assert back.loc[0, "location"] == "'" + payload
    assert float(back.loc[0, "latitude"]) == pytest.approx(df.loc[0, "latitude"])  # numbers stay numbers


def test_geojson_validates_against_rfc7946_shape() -> None:
    df = make_frame(7)
    collection = json.loads(export(df, "geojson"))
    jsonschema.validate(collection, GEOJSON_SCHEMA)
    assert len(collection["features"]) == 7
    first = collection["features"][0]
    assert first["geometry"]["coordinates"] == [
        pytest.approx(df.loc[0, "longitude"]),
        pytest.approx(df.loc[0, "latitude"]),
    ]
    assert first["properties"]["fatalities"] is None  # unknown stays unknown, never 0
    assert first["properties"]["location_ar"] == "مطار أربيل الدولي"


def test_kml_parses_with_one_placemark_per_event_and_escapes_text() -> None:
    hostile = "<script>alert(1)</script> & ]]>"
    df = make_frame(5, notes=hostile)
    data = export(df, "kml")
    assert b"<script>" not in data
    root = ET.fromstring(data)
    placemarks = root.findall(f"{KML}Document/{KML}Placemark")
    assert len(placemarks) == 5
    assert hostile in placemarks[0].find(f"{KML}description").text
    coordinates = placemarks[0].find(f"{KML}Point/{KML}coordinates").text
    assert coordinates == f"{df.loc[0, 'longitude']},{df.loc[0, 'latitude']},0"


def test_view_selects_by_filters_and_map_bounds() -> None:
    df = make_frame(12)
    erbil = ExportView(filters=Filters(admin1=("Erbil",)))
    assert set(view_events(df, erbil)["admin1"]) == {"Erbil"}
    north = ExportView(bounds=(35.0, 42.0, 37.0, 45.0))
    assert set(view_events(df, north)["location"]) == {"Erbil International Airport", "Mosul", "Kirkuk"}
    dated = ExportView(filters=Filters(date_from=date(2026, 11, 3), date_to=date(2026, 11, 4)))
    assert len(view_events(df, dated)) == 2


@pytest.mark.parametrize("fmt", ["csv", "geojson", "kml", "png", "pdf", "html"])
def test_empty_view_says_so_instead_of_writing(fmt: str) -> None:
    view = ExportView(filters=Filters(admin1=("Dohuk",)))
    with pytest.raises(ExportError, match="no events"):
        export(make_frame(4), fmt, view)


def test_unknown_format_and_bad_view_are_errors() -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        export(make_frame(1), "docx")
    with pytest.raises(ExportError, match="S,W,N,E"):
        ExportView(bounds=(37.0, 42.0, 35.0, 45.0))
    with pytest.raises(ExportError, match="size"):
        ExportView(size=(10, 10))


@pytest.mark.parametrize("fmt", ["csv", "geojson", "kml"])
def test_data_exports_are_deterministic(fmt: str) -> None:
    df = make_frame(6)
    assert export(df, fmt) == export(df.sample(frac=1, random_state=1), fmt)


def test_made_at_can_be_fixed_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENT_MAP_MADE_AT", "2026-11-30T07:50:00")
    assert made_at_now() == MADE_AT
    monkeypatch.setenv("INCIDENT_MAP_MADE_AT", "yesterday")
    with pytest.raises(ExportError, match="ISO"):
        made_at_now()


@pytest.mark.parametrize("text", ["line one\nline two", "carriage\rreturn", 'quote " and, comma', "\r"])
def test_csv_keeps_cells_with_line_breaks_and_quotes_intact(text: str) -> None:
    df = make_frame(2, evidence=text)
    back = pd.read_csv(io.BytesIO(export(df, "csv")), dtype=str, keep_default_na=False)
    assert len(back) == 2
    assert back.loc[0, "evidence"] in (text, "'" + text)
