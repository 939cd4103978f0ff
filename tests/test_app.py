"""Smoke tests of every page with Streamlit's AppTest, and filter -> table behaviour."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import events_for, make_article, make_event, synthetic_records
from streamlit.testing.v1 import AppTest

from dashboard.events import store

MAIN = str(Path(__file__).resolve().parents[1] / "dashboard" / "app" / "main.py")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "app.db"
    conn = store.open_store(path)
    store.insert_events(conn, synthetic_records(120, start=date(2024, 1, 1), days=60))
    article = make_article()
    store.store_article(conn, article, events_for(article, [make_event(day=date(2024, 2, 29))]))
    monkeypatch.setenv("INCIDENT_MAP_DB", str(path))
    monkeypatch.setenv("INCIDENT_MAP_TILES", "offline")
    return path


def run(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.session_state["table_open"] = True  # the map page's table is drawn once its section is opened
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_rows(at: AppTest) -> int:
    return len(at.dataframe[0].value)


def test_map_page_shows_every_event(db):
    at = run()
    assert at.title[0].value == "Incident Map"
    assert table_rows(at) == 121
    assert "121" in at.caption[0].value


def test_narrowing_dates_removes_rows(db):
    at = run()
    before = table_rows(at)
    at.date_input(key="f_to").set_value(date(2024, 1, 10)).run()
    assert not at.exception
    after = table_rows(at)
    assert 0 < after < before
    assert at.query_params["to"] == ["2024-01-10"] or at.query_params["to"] == "2024-01-10"


def test_url_holds_the_filters(db):
    at = run(type="Protests", q="synthetic")
    assert at.multiselect(key="f_types").value == ["Protests"]
    shown = at.dataframe[0].value
    assert len(shown) and set(shown["event_type"].astype(str)) == {"Protests"}


def test_quick_choice_last_7_days(db):
    at = run()
    at.button[0].click().run()  # "7d"
    start, end = at.date_input(key="f_from").value, at.date_input(key="f_to").value
    assert (end - start).days == 6 and table_rows(at) < 121


def test_review_page_confirms_an_event(db):
    at = run("screens/review.py")
    assert at.title[0].value == "Review events"
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("confirm-"))).click().run()
    assert not at.exception
    statuses = store.load_events(store.open_store(db))["status"].astype(str)
    assert (statuses == "confirmed").sum() == 1


def test_add_articles_page(db):
    at = run("screens/add_articles.py")
    assert at.title[0].value == "Add articles"
    assert at.button[0].disabled  # nothing to extract yet


def test_empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("INCIDENT_MAP_DB", str(tmp_path / "empty.db"))
    at = run()
    assert any("No events" in i.value for i in at.info)


def test_pasted_article_adds_highlighted_events(db):
    at = run("screens/add_articles.py")
    at.text_area[0].input("سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية في محافظة الأنبار صباح اليوم، وأصيب جنديان.")
    assert at.date_input(key="published").value is None  # unknown: the text's "today" stays unresolved or vague
    at.radio[0].set_value("ar")
    at.run()
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("new event" in s.value for s in at.success)
    assert at.session_state["highlight"]


def test_review_edit_is_stored_with_reason(db):
    at = run("screens/review.py")
    event_id = at.session_state["selected_event"]
    at.number_input(key=f"killed-{event_id}").set_value(4).run()
    at.text_input(key=f"edit-reason-{event_id}").input("ministry statement").run()
    next(b for b in at.button if b.label == "Save edit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    edits = store.event_edits(store.open_store(db), event_id)
    first = edits[0]
    assert (first["field"], first["new"], first["reason"]) == ("fatalities", "4", "ministry statement")


def test_the_first_screen_defers_timeline_table_and_export_until_opened(db):
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    assert not at.exception
    assert not at.dataframe and not at.get("vega_lite_chart") and not at.get("download_button")
    assert [e.label for e in at.expander] == ["Timeline", "Events", "Export this view"]
    for key in ("timeline_open", "table_open", "export_open"):
        at.session_state[key] = True
    at.run()
    assert len(at.dataframe[0].value) == 121 and at.get("vega_lite_chart") and at.get("download_button")
