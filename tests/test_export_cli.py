"""``incident-map export``: flags -> view -> file, exit codes and messages."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from export_factories import make_event

from dashboard.cli import export as export_cli
from dashboard.export.view import view_to_argv


def make_store(path: Path, n: int = 8) -> Path:
    store = pytest.importorskip("dashboard.events.store")
    conn = store.open_store(path)
    try:
        store.insert_events(conn, [make_event(i).to_record() for i in range(n)])
    finally:
        conn.close()
    return path


def run(*argv: str) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="incident-map")
    export_cli.register(parser.add_subparsers(dest="command"))
    from dashboard.errors import IncidentMapError

    args = parser.parse_args(list(argv))
    try:
        return args.func(args)
    except IncidentMapError as exc:
        print(f"error: {exc}")
        return 2


def test_csv_from_the_store_with_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_store(tmp_path / "events.db")
    out = tmp_path / "erbil.csv"
    code = run(
        "export",
        "--db",
        str(db),
        "--format",
        "csv",
        "--admin1",
        "Erbil",
        "--admin1",
        "Nineveh",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "-o",
        str(out),
    )
    assert code == 0
    frame = pd.read_csv(out)
    assert set(frame["admin1"]) == {"Erbil", "Nineveh"}
    assert "wrote" in capsys.readouterr().err


def test_bounds_size_and_title_reach_the_view(tmp_path: Path) -> None:
    db = make_store(tmp_path / "events.db")
    out = tmp_path / "north.png"
    code = run(
        "export",
        "--db",
        str(db),
        "--format",
        "png",
        "--bounds",
        "35,42,37.5,45.5",
        "--size",
        "800x450",
        "--title",
        "North",
        "--tiles",
        "offline",
        "-o",
        str(out),
    )
    assert code == 0
    from PIL import Image

    assert Image.open(io.BytesIO(out.read_bytes())).size == (800, 450)


def test_empty_view_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_store(tmp_path / "events.db")
    out = tmp_path / "none.kml"
    assert run("export", "--db", str(db), "--format", "kml", "--type", "Riots", "-o", str(out)) == 2
    assert "no events" in capsys.readouterr().out
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_missing_store_is_a_plain_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    assert run("export", "--db", str(tmp_path / "nope.db"), "--format", "csv", "-o", str(out)) == 2
    assert "no event store" in capsys.readouterr().out
    assert not (tmp_path / "nope.db").exists()


@pytest.mark.parametrize("flag", [["--bounds", "37,42,35,45"], ["--size", "big"], ["--from", "30/11/2026"]])
def test_bad_flags_are_usage_errors(tmp_path: Path, flag: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("export", "--format", "csv", "-o", str(tmp_path / "x.csv"), *flag)
    assert exit_info.value.code == 2


def test_registered_in_the_main_cli() -> None:
    from dashboard.cli import command_modules

    assert export_cli in command_modules()


def test_view_to_argv_round_trips_through_the_parser() -> None:
    import argparse
    from datetime import date

    from dashboard.events.table import Filters
    from dashboard.export.view import ExportView

    view = ExportView(
        filters=Filters(
            date_from=date(2026, 11, 23),
            date_to=date(2026, 11, 30),
            event_types=("Battles",),
            admin1=("Erbil", "Nineveh"),
            text="مطار",
            min_confidence=0.55,
            statuses=("confirmed",),
        ),
        bounds=(35.123456789, 42.5, 37.0, 45.987654321),
        zoom=8,
        size=(1280, 720),
        title="Brief — إيجاز",
    )
    parser = argparse.ArgumentParser()
    export_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", "--format", "png", "-o", "x.png", *view_to_argv(view)])
    assert export_cli.view_from_args(args) == view
    assert view_to_argv(ExportView()) == []
