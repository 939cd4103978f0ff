"""Review in the store, on SQLite and PostgreSQL: the queue, statuses at once, merge and split, correction rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from factories import events_for, make_article, make_event
from review_support import report

from dashboard.errors import EditConflict, StoreError
from dashboard.events import placefix, review, rules, store


@pytest.fixture
def conn(store_target):
    conn = store.open_store(store_target)
    yield conn
    conn.close()


def _store_reports(conn, *indices: int) -> None:
    for i in indices:
        article, event = report(i)
        store.store_article(conn, article, [event])


def test_queue_is_auto_events_least_confident_then_newest(conn):
    _store_reports(conn, 0, 1, 2, 3)
    store.set_status(conn, "rv-002", "confirmed")
    a = make_article("x", url="tie-a.txt")
    b = make_article("y", url="tie-b.txt")
    store.store_article(conn, a, events_for(a, [make_event(confidence=0.2, day=date(2024, 1, 1), gazetteer_id="q1")]))
    store.store_article(conn, b, events_for(b, [make_event(confidence=0.2, day=date(2024, 2, 1), gazetteer_id="q2")]))
    queue = review.review_queue(store.load_events(conn))
    assert list(queue["event_id"]) == [f"{b.article_id}-0", f"{a.article_id}-0", "rv-003", "rv-001", "rv-000"]


def test_statuses_at_once_are_all_or_none(conn):
    _store_reports(conn, 0, 1, 2)
    changed = review.set_statuses(conn, ["rv-000", "rv-001"], "confirmed", "fine", analyst="Hana")
    assert changed == ["rv-000", "rv-001"]
    assert store.event_edits(conn, "rv-001")[-1]["analyst"] == "Hana"
    with pytest.raises(EditConflict):
        review.set_statuses(conn, ["rv-002", "rv-001"], "rejected", "no", expected_versions={"rv-001": 1})
    assert store.get_event(conn, "rv-002")["status"] == "auto"  # the conflict on rv-001 changed nothing


def test_merge_keeps_both_reports_and_split_brings_the_event_back(conn):
    _store_reports(conn, 0, 1)
    before = store.get_event(conn, "rv-001")
    assert review.merge_events(conn, "rv-000", "rv-001", "one incident", analyst="Omar") == 2
    events = store.load_events(conn).set_index("event_id")
    assert "rv-001" not in events.index and events.at["rv-000", "source_count"] == 2
    assert events.at["rv-000", "status"] == "edited"
    assert [e["field"] for e in store.event_edits(conn, "rv-000")] == ["merged", "status"]
    assert store.event_edits(conn, "rv-001")[0]["field"] == "merged_into"
    brought = store.event_sources(conn, "rv-000")[1]["article_id"]
    assert review.split_event(conn, "rv-000", brought, "two incidents", analyst="Omar") == "rv-001"
    back = store.get_event(conn, "rv-001")
    assert {k: back[k] for k in ("location", "event_date", "confidence", "status", "spans")} == {
        k: before[k] for k in ("location", "event_date", "confidence", "status", "spans")}
    assert store.event_provenance(conn, "rv-001")["spans"]["place"]  # its words come back with it
    assert len(store.event_sources(conn, "rv-000")) == len(store.event_sources(conn, "rv-001")) == 1
    assert "split" in {e["field"] for e in store.event_edits(conn, "rv-000")}
    with pytest.raises(StoreError, match="no second report"):
        review.split_event(conn, "rv-000", brought, "again")


def test_an_event_the_ingest_merged_splits_into_a_copy_to_correct(conn):
    a, b = make_article("one", url="a.txt"), make_article("two", url="b.txt")
    store.store_article(conn, a, events_for(a, [make_event()]))
    store.store_article(conn, b, events_for(b, [make_event()]))  # the same incident: merged by the store
    [event_id] = store.load_events(conn)["event_id"]
    new = review.split_event(conn, event_id, b.article_id, "two rockets, two days")
    split = store.get_event(conn, new)
    assert (split["article_id"], split["status"], split["location"]) == (b.article_id, "edited", "Ain al-Asad Air Base")
    assert [s["article_id"] for s in store.event_sources(conn, event_id)] == [a.article_id]


def test_merge_needs_two_events_and_a_reason(conn):
    _store_reports(conn, 0, 1)
    with pytest.raises(StoreError):
        review.merge_events(conn, "rv-000", "rv-000", "same")
    with pytest.raises(StoreError, match="say why"):
        review.merge_events(conn, "rv-000", "rv-001", " ")


def test_rules_are_stored_replaced_and_removed(conn):
    assert rules.rules_version(conn) == 0
    first = rules.add_rule(conn, "place", "الرشيدية", {"latitude": 33.4, "longitude": 44.4}, scope="Mosul",
                           analyst="Hana", reason="wrong Rashidiya")
    again = rules.add_rule(conn, "place", "الرشيديّة", {"latitude": 33.5, "longitude": 44.5}, scope="Mosul")
    rules.add_rule(conn, "not_incident", "اتصال هاتفي", scope="بلدينا")
    found = rules.load_rules(conn)
    assert [r.kind for r in found] == ["place", "not_incident"] and again != first  # same words, same district
    assert found[0].changes == {"latitude": 33.5, "longitude": 44.5} and found[0].seen == "الرشيديّة"
    assert rules.rules_version(conn) == 3
    assert rules.delete_rules(conn, [found[1].rule_id]) == 1 and rules.rules_version(conn) == 4
    with pytest.raises(StoreError, match="cannot change"):
        rules.add_rule(conn, "type", "clashes", {"latitude": 1.0})
    with pytest.raises(StoreError):
        rules.add_rule(conn, "place", "  ", {"latitude": 1.0})


SHAYKHAN_SHAQLAWA = {"gazetteer_id": "91001", "name": "Shaykhan", "name_ar": "شيخان", "feature": "village",
                     "admin1": "Erbil", "admin2": "Shaqlawa", "latitude": 36.40613, "longitude": 44.13588}


def _ingest(conn, text: str, url: str):
    from dashboard.pipeline.articles import article_from_text
    from dashboard.pipeline.ingest import ingest_articles

    article = article_from_text(text, url=url, published=date(2024, 3, 6), language="en")
    return ingest_articles(conn, [article])


def test_a_place_correction_applies_to_another_article_naming_the_place(conn):
    """The real pipeline: 'Shaykhan' goes to the Nineveh town; the analyst says it is the village near Shaqlawa."""
    first = "A roadside bomb exploded in Shaykhan on Monday, killing two soldiers."
    [event_id] = _ingest(conn, first, "one.txt").added
    event = store.get_event(conn, event_id)
    assert (event["gazetteer_id"], event["admin2"]) == ("98293", "Shikhan")
    changes = placefix.place_changes(SHAYKHAN_SHAQLAWA) | {"fatalities": 3}
    store.edit_event(conn, event_id, changes, "the Erbil village", analyst="Hana")
    rules.add_rule(conn, "place", "Shaykhan", placefix.place_changes(SHAYKHAN_SHAQLAWA), scope=event["admin2"],
                   event_id=event_id)

    [other] = _ingest(conn, "Gunmen attacked a checkpoint near Shaykhan on Tuesday night, wounding three "
                            "policemen.", "two.txt").added
    corrected = store.get_event(conn, other)
    assert (corrected["gazetteer_id"], corrected["admin1"], corrected["status"]) == ("91001", "Erbil", "auto")
    assert "corrected by rule" in corrected["notes"]

    again = _ingest(conn, first, "one.txt")  # the same article again, now under the rule
    assert not again.results[0].unchanged and again.added == []
    kept = store.get_event(conn, event_id)
    assert (kept["status"], kept["fatalities"], kept["gazetteer_id"]) == ("edited", 3, "91001")
    assert store.count_events(conn) == 2
    assert _ingest(conn, first, "one.txt").results[0].unchanged  # and a third time, nothing to do


def test_not_an_incident_and_type_rules_apply_on_ingest(conn):
    from dashboard.pipeline.corrections import apply_rules

    article, event = report(0)
    rules.add_rule(conn, "type", "a roadside bomb exploded", {"event_type": "Battles", "sub_event_type": "Armed clash"})
    [typed] = apply_rules(article, [event], rules.load_rules(conn))
    assert (typed.event_type, typed.sub_event_type, typed.event_id) == ("Battles", "Armed clash", event.event_id)
    rules.add_rule(conn, "not_incident", "A roadside bomb EXPLODED", scope="Ramadi")
    assert apply_rules(article, [event], rules.load_rules(conn)) == []
    elsewhere = replace(event, spans=dict(event.spans, place=[(0, 6)]))  # said of another place: kept
    assert len(apply_rules(article, [elsewhere], rules.load_rules(conn))) == 1


def test_batch_ingest_applies_the_rules_too(conn, tmp_path):
    from dashboard.pipeline.batch import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A roadside bomb exploded in Shaykhan on Monday, killing two soldiers.")
    rules.add_rule(conn, "place", "Shaykhan", placefix.place_changes(SHAYKHAN_SHAQLAWA), scope="Shikhan")
    report_ = run_batch(conn, [folder], published=date(2024, 3, 6), language="en")
    [event_id] = report_.added
    assert store.get_event(conn, event_id)["gazetteer_id"] == "91001"
    assert run_batch(conn, [folder], published=date(2024, 3, 6), language="en").skipped == 1
