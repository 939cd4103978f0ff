"""The Review page for a team (AppTest): the analyst's name on every edit, and an edit made on a version another
analyst has changed since is refused with both versions shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import events_for, make_article, make_event
from streamlit.testing.v1 import AppTest

from dashboard.events import store

MAIN = str(Path(__file__).resolve().parents[1] / "dashboard" / "app" / "main.py")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "team.db"
    conn = store.open_store(path)
    article = make_article()
    store.store_article(conn, article, events_for(article, [make_event(day=date(2024, 2, 29))]))
    monkeypatch.setenv("INCIDENT_MAP_DB", str(path))
    monkeypatch.setenv("INCIDENT_MAP_TILES", "offline")
    monkeypatch.delenv("INCIDENT_MAP_TRUSTED_USER_HEADER", raising=False)
    return path


def review() -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("screens/review.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _save_killed(at: AppTest, event_id: str, killed: int, reason: str) -> None:
    at.number_input(key=f"killed-{event_id}").set_value(killed)
    next(t for t in at.text_input if t.label == "Reason for the edit").input(reason)
    next(b for b in at.button if b.label == "Save edit").click().run()


def test_the_name_field_goes_with_every_edit(db):
    at = review()
    event_id = at.session_state["selected_event"]
    at.text_input(key="analyst_name").input("Rana").run()
    at.button(key=f"confirm-{event_id}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    log = store.event_edits(store.open_store(db), event_id)
    assert [(e["new"], e["analyst"]) for e in log] == [("confirmed", "Rana")]


def test_an_edit_on_a_changed_event_is_refused_with_both_versions(db):
    at = review()
    event_id = at.session_state["selected_event"]
    at.text_input(key="analyst_name").input("Omar").run()
    other = store.open_store(db)  # meanwhile, another analyst saves a different figure
    store.edit_event(other, event_id, {"fatalities": 7}, "hospital", analyst="Rana")
    _save_killed(at, event_id, 3, "wire report")
    assert not at.exception
    assert any("changed since you opened it" in e.value and "Rana" in e.value for e in at.error)
    versions = next(d.value for d in at.dataframe if "your change" in d.value.columns)
    row = versions.set_index("field").loc["fatalities"]
    assert (row["your change"], row["now stored"]) == ("3", "7")
    assert store.get_event(other, event_id)["fatalities"] == 7  # nothing of Omar's was written
    _save_killed(at, event_id, 3, "wire report, checked against Rana's")  # saved again, on the current version
    assert not at.error, [e.value for e in at.error]
    assert store.get_event(other, event_id)["fatalities"] == 3
    assert [e["analyst"] for e in store.event_edits(other, event_id)][-1] == "Omar"


def test_with_a_trusted_header_an_edit_needs_the_proxy(db, monkeypatch):
    monkeypatch.setenv("INCIDENT_MAP_TRUSTED_USER_HEADER", "X-Forwarded-User")
    at = review()
    event_id = at.session_state["selected_event"]
    assert not [t for t in at.text_input if t.key == "analyst_name"]  # no name to type in: the proxy says who
    assert any("sign-in proxy" in w.value for w in at.sidebar.warning)
    at.button(key=f"confirm-{event_id}").click().run()
    assert any("sign-in proxy" in e.value for e in at.error)
    assert store.event_edits(store.open_store(db), event_id) == []
