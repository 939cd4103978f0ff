"""The Review page with Streamlit's AppTest: the queue's order, bulk confirm, highlighted (escaped) spans, candidate
pick, "not an incident" as a rule, the Rules page, merge then split."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_support import PAYLOAD, seed_review_store
from streamlit.testing.v1 import AppTest

from dashboard.events import review, rules, store

MAIN = str(Path(__file__).resolve().parents[1] / "dashboard" / "app" / "main.py")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "review.db"
    seed_review_store(path, n=8)
    monkeypatch.setenv("INCIDENT_MAP_DB", str(path))
    monkeypatch.setenv("INCIDENT_MAP_TILES", "offline")
    return path


def open_review(page: str = "screens/review.py", **state) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def queue_frame(at: AppTest):
    return next(d for d in at.dataframe if d.key and d.key.startswith("queue-")).value


def test_queue_lists_auto_events_most_doubtful_first(db):
    at = open_review()
    shown = queue_frame(at)
    conn = store.open_store(db)
    expected = review.review_queue(store.load_events(conn))
    assert list(shown["event_id"]) == list(expected["event_id"])
    assert list(shown["confidence"]) == sorted(shown["confidence"])  # least confident first
    assert set(shown.columns) >= {"event_date", "event_type", "location", "casualties", "source"}
    assert at.session_state["selected_event"] == shown["event_id"].iloc[0]  # the most doubtful is under review


def test_one_click_confirm_moves_on_to_the_next(db):
    at = open_review()
    first, second = queue_frame(at)["event_id"].iloc[:2]
    at.button(key=f"confirm-{first}").click().run()
    assert not at.exception
    assert store.get_event(store.open_store(db), first)["status"] == "confirmed"
    assert at.session_state["selected_event"] == second
    assert first not in set(queue_frame(at)["event_id"])


def test_ticked_rows_are_confirmed_at_once(db, tmp_path):
    conn = store.open_store(db)
    queue = review.review_queue(store.load_events(conn))
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.run()
    at.switch_page("screens/review.py")
    at.session_state[f"queue-{store.generation(conn)}"] = {"selection": {"rows": [0, 1, 2], "columns": [],
                                                                          "cells": []}}
    at.run()
    at.button(key="bulk-confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    statuses = store.load_events(store.open_store(db)).set_index("event_id")["status"].astype(str)
    assert set(statuses[list(queue["event_id"].iloc[:3])]) == {"confirmed"}
    assert (statuses == "confirmed").sum() == 3
    edits = store.event_edits(conn, queue["event_id"].iloc[1])
    assert edits[-1]["field"] == "status" and edits[-1]["new"] == "confirmed"


def test_highlighted_article_is_escaped(db):
    at = open_review(selected_event="rv-003")  # the hostile report
    html = " ".join(m.value for m in at.markdown)
    assert "<script>" not in html and "onerror=\"" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert 'class="span-place"' in html and 'class="span-type"' in html
    assert ">a roadside bomb exploded</mark>" in html  # the type trigger's words, highlighted


def test_candidate_pick_sets_the_place_and_teaches_a_rule(db):
    at = open_review(selected_event="rv-002", analyst_name="Hana")  # Baqubah; runner-ups Kirkuk, Samarra
    label = next(b for b in at.button if b.key == "cand-rv-002-2")
    assert "Kirkuk" in label.label and "km" in label.label
    label.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    conn = store.open_store(db)
    event = store.get_event(conn, "rv-002")
    assert (event["gazetteer_id"], event["location"], event["status"]) == ("t-kirkuk", "Kirkuk", "edited")
    assert event["admin1"] == "Kirkuk"
    edits = store.event_edits(conn, "rv-002")
    assert {"gazetteer_id", "latitude", "longitude"} <= {e["field"] for e in edits}
    assert all(e["analyst"] == "Hana" for e in edits)
    [rule] = rules.load_rules(conn)
    assert (rule.kind, rule.phrase, rule.scope, rule.changes["gazetteer_id"]) == ("place", "baqubah", "Baquba",
                                                                                  "t-kirkuk")
    assert at.session_state["selected_event"] != "rv-002"  # on to the next event


def test_not_an_incident_is_a_rule_listed_and_removable(db):
    at = open_review(selected_event="rv-001")
    at.button(key="notinc-rv-001").click().run()
    conn = store.open_store(db)
    assert store.get_event(conn, "rv-001")["status"] == "rejected"
    [rule] = rules.load_rules(conn)
    assert (rule.kind, rule.seen, rule.scope) == ("not_incident", "a roadside bomb exploded", "tikrit")
    at.switch_page("screens/rules.py")
    at.run()
    table = next(d for d in at.dataframe if d.key and d.key.startswith("rules-"))
    assert list(table.value["seen"]) == ["a roadside bomb exploded"]
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.button(key="rules-delete").click().run()
    assert not at.exception
    assert rules.load_rules(store.open_store(db)) == []
    assert any("Removed 1" in s.value for s in at.success)


def test_merge_then_split_from_the_page(db):
    at = open_review(selected_event="rv-pair-0")
    assert at.selectbox(key="merge-pick-rv-pair-0").value == "rv-pair-1"  # the nearest: same place, same day
    at.button(key="merge-rv-pair-0").click().run()
    conn = store.open_store(db)
    events = store.load_events(conn).set_index("event_id")
    assert "rv-pair-1" not in events.index and events.at["rv-pair-0", "source_count"] == 2
    assert store.event_edits(conn, "rv-pair-0")[0]["field"] == "merged"
    brought = store.event_sources(conn, "rv-pair-0")[1]["article_id"]  # the report rv-pair-1 brought
    at.button(key=f"split-rv-pair-0-{brought}").click().run()
    assert not at.exception
    events = store.load_events(store.open_store(db)).set_index("event_id")
    assert events.at["rv-pair-0", "source_count"] == 1 and events.at["rv-pair-1", "source_count"] == 1
    assert events.at["rv-pair-1", "sub_event_type"] == "Armed clash"  # back as it was
    assert "split" in {e["field"] for e in store.event_edits(store.open_store(db), "rv-pair-0")}


def test_review_page_in_arabic(db):
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.query_params["lang"] = "ar"
    at.run()
    at.switch_page("screens/review.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "مراجعة الأحداث"
    assert any(b.label == "تأكيد" for b in at.button)
    assert PAYLOAD not in " ".join(m.value for m in at.markdown)
