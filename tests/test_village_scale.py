"""The village-scale gazetteer: evidence before a village, the stated district, shapes, one ranker, geocode CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dashboard.extract.mentions import find_mentions
from dashboard.geo.admin import admin_areas
from dashboard.geo.gazetteer import load_gazetteer
from dashboard.geo.geocoder import GazetteerGeocoder
from dashboard.geo.ranking import needs_evidence, ranked
from dashboard.models import Article
from dashboard.pipeline.extraction import extract_article
from dashboard.text.normalize import normalize


def _article(text: str, language: str = "en") -> Article:
    return Article(text=text, article_id="t", url="test:t", language=language, published=date(2016, 5, 2))


def _places(text: str, language: str = "en") -> list[tuple[str, str, str]]:
    return [(m.text, m.place.feature, m.place.admin2) for m in find_mentions(_article(text, language)).mentions]


def test_shipped_gazetteer_is_village_scale() -> None:
    gazetteer = load_gazetteer()
    villages = [p for p in gazetteer.places if p.feature in ("village", "abandoned")]
    assert len(gazetteer) > 20_000 and len(villages) > 19_000
    assert len(gazetteer.lookup(normalize("Jasim Muhammad"))) > 10  # the trap the evidence rule is for
    assert all(p.admin2 for p in villages[:2000:50])  # districts from the shapes


@pytest.mark.parametrize(("text", "language"), [
    ("Gunmen killed Jasim Muhammad in Baghdad on Monday.", "en"),
    ("Police said Husayn Ali was wounded when a bomb exploded in Tikrit.", "en"),
    ("اغتال مسلحون المواطن جاسم محمد في بغداد", "ar"),
])
def test_a_persons_name_that_is_also_a_village_is_not_a_place(text: str, language: str) -> None:
    found = _places(text, language)
    assert found and all(feature not in ("village", "abandoned") for _, feature, _ in found), found


def test_a_cue_word_makes_the_same_name_a_village() -> None:
    found = _places("An IED exploded in Jasim Muhammad village, Diyala governorate.")
    assert ("Jasim Muhammad", "village", "Baladrooz") in found


def test_the_same_named_village_in_the_stated_district_wins() -> None:
    homonyms = load_gazetteer().lookup(normalize("Jasim Muhammad"))
    salah_al_din = {p.admin2 for p in homonyms if p.admin1 == "Salah al-Din"}
    assert {"Tikrit", "Balad"} <= salah_al_din  # several in one governorate: only the district tells them apart
    for district in ("Tikrit", "Balad"):
        text = f"An IED exploded in Jasim Muhammad village, {district} district, Salah al-Din governorate."
        village = next(m.place for m in find_mentions(_article(text)).mentions if m.text == "Jasim Muhammad")
        assert (village.admin1, village.admin2) == ("Salah al-Din", district)


@pytest.mark.parametrize(("text", "language"), [
    ("A car bomb exploded in Al Harithiyah, Baghdad, on Monday, killing three people.", "en"),
    ("انفجرت سيارة مفخخة في حي الحارثية ببغداد صباح اليوم مما أسفر عن مقتل ثلاثة أشخاص", "ar"),
])
def test_a_neighbourhood_inside_baghdad_beats_baghdad(text: str, language: str) -> None:
    events = extract_article(_article(text, language))
    assert events and events[0].gazetteer_id != "98182"
    assert (events[0].admin1, events[0].admin2) == ("Baghdad", "Karkh")
    assert normalize(events[0].location) == "al harithiyah"


def test_admin2_from_the_shape_of_a_point_near_a_district_border() -> None:
    areas = admin_areas()
    district = next(a for a in areas.districts if a.admin2 == "Tikrit")
    inner = district.geometry.buffer(-0.01)  # about 1 km inside the border
    point = inner.exterior.coords[0] if inner.geom_type == "Polygon" else inner.geoms[0].exterior.coords[0]
    lon, lat = point
    assert district.geometry.exterior.distance(__import__("shapely").Point(lon, lat)) < 0.02
    assert areas.locate(lat, lon) == ("Salah al-Din", "Tikrit")
    outer = district.geometry.buffer(0.01)  # about 1 km outside: a neighbouring district
    lon, lat = outer.exterior.coords[0] if outer.geom_type == "Polygon" else outer.geoms[0].exterior.coords[0]
    assert areas.locate(lat, lon)[1] not in ("", "Tikrit")
    assert areas.locate(48.85, 2.35) == ("", "")  # Paris: outside every shape


def test_event_admin_fields_come_from_the_point_not_the_row() -> None:
    events = extract_article(_article("A roadside bomb exploded in Tikrit on Sunday, killing two soldiers."))
    assert (events[0].admin1, events[0].admin2) == ("Salah al-Din", "Tikrit")


def test_geocoder_and_pipeline_share_the_ranker() -> None:
    geocoder = GazetteerGeocoder()
    key = normalize("Balad")
    assert geocoder.candidates(key) == ranked(load_gazetteer().lookup(key), key)
    best = geocoder.geocode("Balad").raw
    assert best["feature"] == "town" and best["admin1"] == "Salah al-Din"
    assert not needs_evidence(geocoder.resolve("Kuwait")[0])  # the country, not an Iraqi village of that name


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_geocode_stdin_gives_one_json_line_per_input_line_in_order() -> None:
    names = ["Zummar, Nineveh", "", "no such place xyz", "Karbala town, Karbala province", "بلد"]
    result = _cli("geocode", "-", stdin="\n".join(names) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["query"] for r in records] == names
    assert records[0]["admin1"] == "Nineveh" and records[0]["match"] == "exact+context"
    assert records[1]["latitude"] is None and records[2]["latitude"] is None and records[2]["match"] == "none"
    assert records[3]["name"] == "Karbala" and records[3]["feature"] == "city"
    assert records[4]["admin1"] == "Salah al-Din"


def test_geocode_csv_writes_the_file_back_with_coordinates(tmp_path: Path) -> None:
    source = tmp_path / "sites.csv"
    source.write_text("id,place,latitude\n1,Balad,\n2,\"Tikrit, Salah al-Din\",\n3,nowhere xyz,\n", encoding="utf-8")
    out = tmp_path / "out" / "sites_geocoded.csv"
    result = _cli("geocode", "--csv", str(source), "--column", "place", "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,place,latitude,geo_latitude,longitude,gazetteer_id,location,admin1,admin2,match"
    assert lines[2].startswith('2,"Tikrit, Salah al-Din",,34.6')
    assert lines[2].endswith(",Salah al-Din,Tikrit,exact+context")
    assert lines[3].endswith(",,,,,,,none")


def test_geocode_csv_without_the_column_names_the_file_and_keeps_the_output(tmp_path: Path) -> None:
    source = tmp_path / "sites.csv"
    source.write_text("id,place\n1,Balad\n", encoding="utf-8")
    out = tmp_path / "kept.csv"
    out.write_text("earlier results\n", encoding="utf-8")
    result = _cli("geocode", "--csv", str(source), "--column", "town", "-o", str(out))
    assert result.returncode == 2
    assert str(source) in result.stderr and "'town'" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "earlier results\n"


def test_a_schema_1_store_gets_admin2_from_the_shapes(tmp_path: Path) -> None:
    import sqlite3

    from dashboard.events import schema

    conn = sqlite3.connect(tmp_path / "old.db")
    for statement in schema._statements(schema.MIGRATIONS[1]):
        conn.execute(statement)
    values = {c: None for c in schema.EVENT_COLUMNS if c != "admin2"}
    values.update(event_id="e1", latitude=34.6, longitude=43.68, location="Tikrit", admin1="Salah al-Din",
                  status="auto", created_at="x", updated_at="x")
    marks = ",".join("?" * len(values))
    conn.execute(f"INSERT INTO events ({','.join(values)}) VALUES ({marks})", list(values.values()))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    assert schema.migrate(conn) == 1
    assert conn.execute("SELECT admin2 FROM events").fetchall() == [("Tikrit",)]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 2  # 3: reference_events
