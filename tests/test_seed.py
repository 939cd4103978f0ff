"""The seed article end to end through the real CLI: the product's specification example."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from geopy.distance import great_circle

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("000_*.txt"))
BALAD_AIR_BASE = (33.94, 44.36)
BALAD_TOWN = (34.0147, 44.1456)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.fixture(scope="module")
def seed_events() -> list[dict]:
    result = run_cli("extract", str(SEED))
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def by_place(events: list[dict], word: str) -> dict:
    matches = [e for e in events if word in e["location"]]
    assert len(matches) == 1, [e["location"] for e in events]
    return matches[0]


def days_between(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def test_exactly_three_shelling_events(seed_events: list[dict]) -> None:
    assert len(seed_events) == 3
    for event in seed_events:
        assert event["event_type"] == "Explosions/Remote violence"
        assert event["sub_event_type"] == "Shelling/artillery/missile attack"
        assert event["country_code"] == "IQ"


def test_embassy_in_green_zone_dated_monday(seed_events: list[dict]) -> None:
    event = by_place(seed_events, "Embassy")
    assert event["admin1"] == "Baghdad"
    assert great_circle((event["latitude"], event["longitude"]), (33.30, 44.39)).km < 3  # the Green Zone
    assert days_between(event["event_date"], "2021-02-22") <= 1
    assert event["fatalities"] is None and event["injured"] is None


def test_balad_air_base_not_town(seed_events: list[dict]) -> None:
    event = by_place(seed_events, "Balad")
    here = (event["latitude"], event["longitude"])
    assert great_circle(here, BALAD_AIR_BASE).km < 5
    assert great_circle(here, BALAD_TOWN).km > 10
    assert days_between(event["event_date"], "2021-02-20") <= 1
    assert event["injured"] == 1
    assert event["admin1"] == "Salah al-Din"
    assert "قاعدة بلد الجوية" in event["evidence"]


def test_erbil_airport_is_vague_within_week_before_balad(seed_events: list[dict]) -> None:
    event = by_place(seed_events, "Erbil")
    assert "Airport" in event["location"]
    assert "2021-02-13" <= event["date_earliest"] <= event["event_date"] <= event["date_latest"] <= "2021-02-20"
    assert event["time_precision"] >= 2


def test_no_event_outside_iraq_or_for_statements(seed_events: list[dict]) -> None:
    evidence = " ".join(e["evidence"] for e in seed_events)
    assert "اتصال هاتفي" not in evidence and "2017" not in evidence and "3500" not in evidence
    assert all(e["country_code"] == "IQ" for e in seed_events)
    assert all(e["event_date"] <= "2021-02-23" for e in seed_events)


def test_places_roles() -> None:
    result = run_cli("places", str(SEED))
    assert result.returncode == 0, result.stderr
    mentions = [json.loads(line) for line in result.stdout.splitlines()]
    names = {m["name"] for m in mentions}
    assert {"Baghdad", "Balad Air Base", "Salah al-Din", "Erbil International Airport", "Iraq", "Iran"} <= names
    roles = {m["name"]: {x["role"] for x in mentions if x["name"] == m["name"]} for m in mentions}
    assert roles["Iran"] == {"affiliation"}
    assert "incident" in roles["Balad Air Base"] and "incident" in roles["Erbil International Airport"]
    assert "incident" not in roles.get("White House", set())
    text = SEED.read_text(encoding="utf-8")
    for word in ("بلدينا", "البلدين"):
        at = text.index(word)
        assert not any(m["start"] <= at < m["end"] for m in mentions), word
    assert not any(m["name"] == "Balad" for m in mentions)
