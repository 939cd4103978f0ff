"""Reference datasets: importing ACLED and UCDP exports, re-importing, bad rows, matching, the ACLED layout out."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from factories import make_event
from reference_fixtures import (
    ACLED_2020,
    ACLED_CURRENT,
    ACLED_ROWS,
    UCDP_COLUMNS,
    UCDP_EXTRACT,
    UCDP_V26,
    acled_csv,
    ucdp_row,
)

from dashboard.cli import main
from dashboard.errors import DatasetError
from dashboard.events import store
from dashboard.events.matching import annotate, layers_frame, match_events, select_presence
from dashboard.events.reference import count_reference, load_reference, store_reference
from dashboard.events.table import Filters, apply_filters, events_to_frame
from dashboard.export.acled import ACLED_COLUMNS, to_acled_csv
from dashboard.pipeline.reference import read_reference

OLDER = ("data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision", "event_type",
         "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
         "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
         "source", "source_scale", "notes", "fatalities", "timestamp", "iso3")
API = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1", "location", "latitude",
       "longitude", "geo_precision", "notes", "fatalities")


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- import -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [ACLED_CURRENT, OLDER, API], ids=["current", "older", "api"])
def test_acled_reads_every_layout_by_header_names(tmp_path, columns) -> None:
    rows = [dict(r, data_id=i, event_id_no_cnty=r["event_id_cnty"][3:], iso3="IRQ") for i, r in enumerate(ACLED_ROWS)]
    parsed = read_reference(write(tmp_path, "a.csv", acled_csv(rows, columns)), "acled")
    assert parsed.rejected == []
    assert [r["ref_id"] for r in parsed.rows] == ["IRQ90001", "IRQ90002", "IRQ90003"]
    first, protest, battle = parsed.rows
    assert first["event_date"] == "2021-02-15" and first["geo_precision"] == 1 and first["time_precision"] == 1
    assert first["notes"].startswith("On 15 February 2021, rockets hit Erbil airport, injuring 5")  # quoted commas
    assert protest["disorder_type"] == "Demonstrations" and battle["disorder_type"] == "Political violence"
    assert battle["admin1"] == "Nineveh" and battle["admin1_original"] == "Ninewa"  # filters find it as Nineveh
    assert battle["fatalities"] == (2 if "fatalities" in columns else 0)
    assert first["line"] == 2 and battle["line"] == 4


def test_acled_older_export_from_the_shared_reference_reads_whole() -> None:
    if not ACLED_2020.exists():
        pytest.skip(f"{ACLED_2020} is not here")
    parsed = read_reference(ACLED_2020, "acled")
    assert (len(parsed.rows), parsed.rejected) == (407, [])
    kinds = pd.Series([r["event_type"] for r in parsed.rows]).value_counts()
    assert (kinds["Protests"], kinds["Explosions/Remote violence"], kinds["Battles"]) == (192, 82, 43)
    assert {r["event_date"][:7] for r in parsed.rows} == {"2020-02"}  # 29-Feb-20 read as a date
    assert all(r["disorder_type"] for r in parsed.rows)  # derived where the older layout has none


def test_ucdp_original_and_extract_layouts() -> None:
    for path, expected in ((UCDP_V26, 6), (UCDP_EXTRACT, 2232)):
        if not path.exists():
            pytest.skip(f"{path} is not here")
        parsed = read_reference(path, "ucdp")
        assert (len(parsed.rows), parsed.rejected) == (expected, [])
        assert {r["event_type"] for r in parsed.rows} <= {"Battles", "Violence against civilians"}
        assert {r["geo_precision"] for r in parsed.rows} <= {1, 2, 3}


def test_ucdp_precisions_and_types_map_onto_acleds(tmp_path) -> None:
    rows = [
        ucdp_row("1", "2021-02-13", "2021-02-13", 1, 36.34, 43.13),
        ucdp_row("2", "2021-02-01", "2021-02-28", 3, 36.34, 43.13, date_prec=4, where_prec=4, side_b="Civilians"),
        ucdp_row("3", "2021-02-10", "2021-02-16", 2, 36.34, 43.13, date_prec=3, where_prec=6,
                 side_a="IS", side_b="PKK"),
    ]
    parsed = read_reference(write(tmp_path, "u.csv", acled_csv(rows, UCDP_COLUMNS)), "ucdp")
    state, civilians, non_state = parsed.rows
    assert (state["event_type"], state["sub_event_type"], state["geo_precision"], state["time_precision"]) == (
        "Battles", "Armed clash", 1, 1)
    assert (state["inter1"], state["inter2"], state["interaction"]) == ("1", "2", "12")
    assert state["admin1"] == "Nineveh" and state["fatalities"] == 2 and "low=1; high=3" in state["tags"]
    assert civilians["event_type"] == "Violence against civilians" and civilians["civilian_targeting"]
    assert (civilians["geo_precision"], civilians["time_precision"]) == (3, 3)
    assert (civilians["date_earliest"], civilians["event_date"], civilians["date_latest"]) == (
        "2021-02-01", "2021-02-14", "2021-02-28")
    assert (non_state["geo_precision"], non_state["time_precision"], non_state["inter1"]) == (3, 2, "")


def test_bad_rows_are_reported_by_line_and_the_rest_imported(tmp_path) -> None:
    good = ACLED_ROWS[0]
    text = acled_csv([
        dict(good, notes="a note\nover two lines"),                     # line 2-3
        dict(good, event_id_cnty="IRQ1", latitude="north"),             # line 4
        dict(good, event_id_cnty="IRQ2", event_date="yesterday"),       # line 5
        dict(good, event_id_cnty="IRQ3", event_type="Riots/Protests"),  # line 6: a pre-2019 type
        dict(good, event_id_cnty="IRQ4", geo_precision=7),              # line 7
        dict(good, event_id_cnty="IRQ5", latitude=95),                  # line 8
        dict(good, event_id_cnty="IRQ6"),                               # line 9: good
    ]) + "IRQ7,2021-02-01\n" + acled_csv([good]).splitlines()[1] + "\n"  # line 10 short, line 11 repeats line 2
    parsed = read_reference(write(tmp_path, "bad.csv", text), "acled")
    assert [r["ref_id"] for r in parsed.rows] == ["IRQ90001", "IRQ6"]
    lines = dict(parsed.rejected)
    assert sorted(lines) == [4, 5, 6, 7, 8, 10, 11]
    assert "latitude/longitude 'north'" in lines[4] and "event_date 'yesterday'" in lines[5]
    assert "Riots/Protests" in lines[6] and "geo_precision '7'" in lines[7] and "outside -90..90" in lines[8]
    assert "2 fields" in lines[10] and "repeats line 2" in lines[11]


def test_a_file_that_is_not_the_dataset_is_refused_with_its_name(tmp_path) -> None:
    acled = write(tmp_path, "acled.csv", acled_csv(ACLED_ROWS))
    with pytest.raises(DatasetError, match=r"acled\.csv: not a UCDP export.*import acled"):
        read_reference(acled, "ucdp")
    with pytest.raises(DatasetError, match="the file is empty"):
        read_reference(write(tmp_path, "empty.csv", ""), "acled")
    (tmp_path / "latin1.csv").write_bytes("event_id_cnty,notes\nIRQ1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(DatasetError, match="not UTF-8"):
        read_reference(tmp_path / "latin1.csv", "acled")
    with pytest.raises(DatasetError, match="no such file"):
        read_reference(tmp_path / "missing.csv", "acled")


def test_import_twice_changes_nothing_and_a_changed_row_is_updated(tmp_path, store_target) -> None:
    """On both store engines: the reference table is part of the one schema."""
    conn = store.open_store(store_target)
    rows = read_reference(write(tmp_path, "a.csv", acled_csv(ACLED_ROWS)), "acled").rows
    first = store_reference(conn, "ACLED", rows)
    generation = store.generation(conn)
    again = store_reference(conn, "ACLED", read_reference(tmp_path / "a.csv", "acled").rows)
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3) and store.generation(conn) == generation
    changed = [dict(ACLED_ROWS[0], fatalities=1), *ACLED_ROWS[1:]]
    third = store_reference(conn, "ACLED", read_reference(write(tmp_path, "b.csv", acled_csv(changed)), "acled").rows)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 2) and store.generation(conn) == generation + 1
    assert count_reference(conn) == {"ACLED": 3} and store.count_events(conn) == 0  # news table untouched
    frame = load_reference(conn)
    assert frame.loc[frame["event_id"] == "ACLED:IRQ90001", "fatalities"].item() == 1
    assert set(frame["licence"]) == {read_reference(tmp_path / "a.csv", "acled").rows[0]["licence"]}
    assert frame["source"].str.startswith("ACLED: ").all()


def test_cli_import_reports_rejected_lines_and_exit_status(tmp_path, capsys) -> None:
    path = write(tmp_path, "a.csv", acled_csv([*ACLED_ROWS, dict(ACLED_ROWS[0], event_id_cnty="X", latitude="")]))
    db = str(tmp_path / "s.db")
    assert main(["import", "acled", str(path), "--db", db]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:5: skipped:" in err and "3 new, 0 updated, 0 unchanged, 1 rejected" in out
    assert main(["import", "ACLED", str(path), "--db", db]) == 1
    assert "0 new, 0 updated, 3 unchanged, 1 rejected" in capsys.readouterr().out
    assert main(["import", "ucdp", str(path), "--db", db]) == 2
    assert "not a UCDP export" in capsys.readouterr().err


# --- matching ---------------------------------------------------------------------------------------------------


def news(**overrides) -> pd.DataFrame:
    return events_to_frame([make_event(**overrides)])


def reference(*rows: dict, tmp_path) -> pd.DataFrame:
    conn = store.open_store(":memory:")
    store_reference(conn, "ACLED", read_reference(write(tmp_path, "r.csv", acled_csv(list(rows))), "acled").rows)
    return load_reference(conn)


ERBIL = dict(event_id="n1", day=date(2021, 2, 15), location="Erbil International Airport", latitude=36.2376,
             longitude=43.9632, admin1="Erbil")


def test_a_news_event_matches_the_reference_event_at_the_same_place_and_day(tmp_path) -> None:
    ref = reference(*ACLED_ROWS, tmp_path=tmp_path)
    pairs = match_events(news(**ERBIL), ref)
    assert [(n, r) for n, r, _ in pairs] == [("n1", "ACLED:IRQ90001")] and pairs[0][2] < 10
    annotated_news, annotated_ref = annotate(news(**ERBIL), ref)
    assert annotated_news["also_in"].tolist() == ["ACLED IRQ90001"]
    assert annotated_ref.set_index("event_id").loc["ACLED:IRQ90001", "also_in"] == "news (1 event)"


def test_near_miss_in_space(tmp_path) -> None:
    ref = reference(*ACLED_ROWS, tmp_path=tmp_path)
    assert match_events(news(**dict(ERBIL, latitude=36.2376 - 0.10)), ref)  # ~6 km from the ACLED point
    assert not match_events(news(**dict(ERBIL, latitude=36.2200 - 0.095)), ref)  # 10.5 km south of it


def test_near_miss_in_time_and_widening_by_precision(tmp_path) -> None:
    ref = reference(*ACLED_ROWS, tmp_path=tmp_path)
    assert match_events(news(**dict(ERBIL, day=date(2021, 2, 17))), ref)  # 1 + 1 days of slack
    assert not match_events(news(**dict(ERBIL, day=date(2021, 2, 18))), ref)
    weekly = reference(dict(ACLED_ROWS[0], time_precision=2), tmp_path=tmp_path)  # ACLED: "that week"
    assert match_events(news(**dict(ERBIL, day=date(2021, 2, 20))), weekly)
    vague = news(**dict(ERBIL, day=date(2021, 2, 20)), date_earliest=date(2021, 2, 17), time_precision=2)
    assert match_events(vague, ref)  # the news event's own bounds reach back to the 17th


def test_the_type_family_must_agree(tmp_path) -> None:
    ref = reference(*ACLED_ROWS, tmp_path=tmp_path)
    mosul = dict(event_id="n3", day=date(2021, 2, 13), latitude=36.335, longitude=43.1189, admin1="Nineveh")
    assert [r for _, r, _ in match_events(news(**mosul), ref)] == ["ACLED:IRQ90003"]  # shelling ~ armed clash
    baghdad = dict(event_id="n2", day=date(2021, 2, 9), latitude=33.3152, longitude=44.3661)
    assert not match_events(news(**baghdad), ref)  # shelling is not the protest there that day
    assert match_events(news(**baghdad, event_type="Riots", sub_event_type="Violent demonstration"), ref)


def test_seen_in_filter_and_same_filters_on_both_layers(tmp_path) -> None:
    ref = reference(*ACLED_ROWS, tmp_path=tmp_path)
    both_layers = pd.concat([news(**ERBIL), news(event_id="n9", day=date(2021, 2, 1))], ignore_index=True)
    for col in ("event_type", "sub_event_type", "admin1", "status", "language"):
        both_layers[col] = both_layers[col].astype(str).astype("category")
    n, r = annotate(both_layers, ref)
    ids = lambda frame: sorted(frame["event_id"])  # noqa: E731
    assert ids(select_presence(n, r, "all")) == ["ACLED:IRQ90001", "ACLED:IRQ90002", "ACLED:IRQ90003", "n1", "n9"]
    assert ids(select_presence(n, r, "all", show_reference=False)) == ["n1", "n9"]
    assert ids(select_presence(n, r, "news")) == ["n9"]
    assert ids(select_presence(n, r, "reference")) == ["ACLED:IRQ90002", "ACLED:IRQ90003"]
    assert ids(select_presence(n, r, "both")) == ["ACLED:IRQ90001", "n1"]
    combined = layers_frame(both_layers, ref)
    assert ids(apply_filters(combined, Filters(admin1=("Nineveh",)))) == ["ACLED:IRQ90003"]  # ACLED's Ninewa
    assert ids(apply_filters(combined, Filters(event_types=("Protests",)))) == ["ACLED:IRQ90002"]


# --- ACLED's layout out -----------------------------------------------------------------------------------------


def test_acled_csv_has_acleds_31_columns_and_conventions(tmp_path) -> None:
    ref = reference(*ACLED_ROWS, tmp_path=tmp_path)
    frame = layers_frame(news(**ERBIL, fatalities=None, actor1="Islamic Resistance in Iraq"), ref)
    rows = list(csv.DictReader(io.StringIO(to_acled_csv(frame).decode("utf-8"))))
    assert tuple(rows[0]) == ACLED_COLUMNS == ACLED_CURRENT and len(ACLED_COLUMNS) == 31
    by_id = {r["event_id_cnty"]: r for r in rows}
    ours = by_id["n1"]
    assert (ours["event_date"], ours["year"], ours["fatalities"], ours["country"], ours["iso"]) == (
        "2021-02-15", "2021", "0", "Iraq", "368")
    assert ours["disorder_type"] == "Political violence" and ours["actor1"] == "Islamic Resistance in Iraq"
    assert ours["actor2"] == "US forces" and ours["inter1"] == "" and ours["interaction"] == ""
    assert ours["tags"].startswith("incident-map") and ours["source"] == "Sky News Arabia"
    theirs = by_id["IRQ90003"]
    assert (theirs["admin1"], theirs["inter2"], theirs["interaction"], theirs["source"]) == (
        "Ninewa", "1", "13", "Shafaq News")


def test_acled_rows_go_out_and_come_back_unchanged(tmp_path) -> None:
    conn = store.open_store(tmp_path / "s.db")
    store_reference(conn, "ACLED", read_reference(write(tmp_path, "a.csv", acled_csv(ACLED_ROWS)), "acled").rows)
    exported = write(tmp_path, "out.csv", to_acled_csv(load_reference(conn).assign(dataset="ACLED")).decode())
    again = store_reference(conn, "ACLED", read_reference(exported, "acled").rows)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_export_cli_writes_acled_csv_with_both_layers(tmp_path, capsys) -> None:
    db = tmp_path / "s.db"
    conn = store.open_store(db)
    store.insert_events(conn, [make_event(**{k: v for k, v in ERBIL.items() if k != "day"},
                                          event_date=date(2021, 2, 15), date_earliest=date(2021, 2, 15),
                                          date_latest=date(2021, 2, 15)).to_record()])
    conn.close()
    assert main(["import", "acled", str(write(tmp_path, "a.csv", acled_csv(ACLED_ROWS))), "--db", str(db)]) == 0
    out = tmp_path / "view.acled.csv"
    assert main(["export", "--format", "acled-csv", "--reference", "--seen", "both", "--db", str(db),
                 "-o", str(out)]) == 0
    ids = [r["event_id_cnty"] for r in csv.DictReader(out.open(encoding="utf-8"))]
    assert sorted(ids) == ["IRQ90001", "n1"]
    plain = tmp_path / "view.csv"
    assert main(["export", "--format", "csv", "--reference", "--db", str(db), "-o", str(plain)]) == 0
    sources = sorted(r["source"] for r in csv.DictReader(plain.open(encoding="utf-8")))
    assert sources == ["ACLED: Shafaq News"] * 3 + ["Sky News Arabia"]


def test_arabic_place_names_come_from_the_gazetteer_near_the_row(tmp_path) -> None:
    from dashboard.geo.gazetteer import Gazetteer
    from dashboard.models import Place
    from dashboard.pipeline.reference import add_arabic_names

    gazetteer = Gazetteer([
        Place("1", "Mosul", 36.335, 43.119, "city", name_ar="الموصل"),
        Place("2", "Erbil", 36.19, 44.01, "city", name_ar="أربيل"),
        Place("3", "Baghdad", 33.315, 44.366, "city", name_ar="بغداد"),
    ])
    rows = [ucdp_row("1", "2021-02-13", "2021-02-13", 1, 36.34, 43.13),                   # "Mosul town"
            ucdp_row("2", "2021-02-13", "2021-02-13", 1, 33.0, 44.0),                     # Mosul, but far away
            ucdp_row("3", "2021-02-13", "2021-02-13", 1, 36.2, 44.0, where_coordinates="Arbīl town")]
    parsed = read_reference(write(tmp_path, "u.csv", acled_csv(rows, UCDP_COLUMNS)), "ucdp")
    assert add_arabic_names(parsed.rows, gazetteer) == 2
    assert [r.get("location_ar", "") for r in parsed.rows] == ["الموصل", "", "أربيل"]
