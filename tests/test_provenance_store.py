"""Provenance in the store (schema 5) on both backends: article text, spans and candidates stored and read back,
re-ingest and merge keep them right, a schema-4 store migrates with its rows kept (and no provenance)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from factories import events_for, make_article, make_event

from dashboard.events import schema, store
from dashboard.events.provenance import spans_from_json, spans_to_json
from dashboard.models import EVENT_COLUMNS

TEXT = "Rockets hit Ain al-Asad base on Saturday, wounding two soldiers."


def _at(words: str, text: str = TEXT) -> tuple[int, int]:
    return text.index(words), text.index(words) + len(words)


SPANS = {"evidence": [(0, len(TEXT))], "place": [_at("Ain al-Asad base")], "date": [_at("Saturday")],
         "type": [_at("Rockets")], "casualties": [_at("wounding two soldiers")]}
CANDIDATES = [
    {"gazetteer_id": "g4", "name": "Ain al-Asad Air Base", "name_ar": "قاعدة عين الأسد", "feature": "military_base",
     "admin1": "Anbar", "admin2": "Hit", "latitude": 33.7856, "longitude": 42.4412, "score": 1.0},
    {"gazetteer_id": "g9", "name": "Ain al-Asad", "name_ar": "عين الأسد", "feature": "village",
     "admin1": "Anbar", "admin2": "Hit", "latitude": 33.8, "longitude": 42.45, "score": 0.5},
]


@pytest.fixture
def conn(store_target):
    conn = store.open_store(store_target)
    yield conn
    conn.close()


def _stored(conn, text=TEXT, url="a.txt", spans=SPANS, candidates=CANDIDATES, **event):
    article = make_article(text, url=url)
    [ev] = events_for(article, [make_event(evidence=text, language="en", spans=spans, candidates=candidates,
                                           **event)])
    store.store_article(conn, article, [ev])
    return article, ev


def test_spans_candidates_and_text_round_trip(conn):
    article, ev = _stored(conn)
    prov = store.event_provenance(conn, ev.event_id)
    assert prov["text"] == article.text == TEXT
    assert prov["language"] == "en"
    assert prov["spans"] == SPANS
    assert prov["candidates"] == CANDIDATES
    assert TEXT[slice(*prov["spans"]["place"][0])] == "Ain al-Asad base"
    assert conn.execute("SELECT text FROM articles WHERE article_id = ?", (article.article_id,)).fetchone()[0] == TEXT
    # the event table's columns are as before: provenance is not one of them
    assert not {"spans", "candidates"} & set(EVENT_COLUMNS)


def test_events_without_provenance_get_empty_values(conn):
    _stored(conn, spans={}, candidates=[])
    [event_id] = store.load_events(conn)["event_id"]
    assert store.event_provenance(conn, event_id) == {"text": TEXT, "language": "en", "spans": {}, "candidates": []}
    manual = store.add_event(conn, make_event(event_id="by-hand", article_id=""), "seen on TV")
    assert store.event_provenance(conn, manual) == {"text": "", "language": "ar", "spans": {}, "candidates": []}
    assert store.event_provenance(conn, "no-such-event")["spans"] == {}


def test_spans_beyond_the_text_are_dropped(conn):
    _, ev = _stored(conn, spans={**SPANS, "actor": [(50, 500)]})
    assert "actor" not in store.event_provenance(conn, ev.event_id)["spans"]


def test_reingesting_the_same_article_keeps_ids_and_provenance(conn):
    article, ev = _stored(conn)
    again = store.store_article(conn, article, [ev])
    assert again.unchanged
    # a new version of the same URL: same event id when place, type and date are the same
    changed = TEXT + " No group claimed it."
    article2 = make_article(changed, url="a.txt")
    [ev2] = events_for(article2, [make_event(evidence=changed, language="en", spans=SPANS)])
    ev2 = replace(ev2, event_id=ev.event_id)
    result = store.store_article(conn, article2, [ev2])
    assert result.added == [ev.event_id] and result.removed == 1
    prov = store.event_provenance(conn, ev.event_id)
    assert prov["text"] == changed and prov["spans"] == SPANS


def test_merged_event_keeps_its_first_articles_provenance(conn):
    _, ev = _stored(conn)
    other_text = "Two soldiers were hurt when rockets struck Ain al-Asad on Saturday."
    other_spans = {"evidence": [(0, len(other_text))], "place": [_at("Ain al-Asad", other_text)]}
    second = make_article(other_text, url="b.txt")
    [ev2] = events_for(second, [make_event(evidence=other_text, language="en", spans=other_spans)])
    result = store.store_article(conn, second, [ev2])
    assert result.merged == [ev.event_id] and not result.added
    assert store.event_provenance(conn, ev.event_id)["text"] == TEXT
    assert len(store.event_sources(conn, ev.event_id)) == 2
    # the first article changes and no longer reports it: the event now points into the second one's text
    store.store_article(conn, make_article("A ceasefire was agreed.", url="a.txt"), [])
    prov = store.event_provenance(conn, ev.event_id)
    assert prov["text"] == other_text
    assert prov["spans"] == other_spans
    assert other_text[slice(*prov["spans"]["place"][0])] == "Ain al-Asad"


def test_insert_events_records_carry_provenance(conn):
    record = make_event(event_id="bulk1").to_record()
    store.insert_events(conn, [{**record, "spans": {"place": [[0, 4]]}}, make_event(event_id="bulk2").to_record()])
    assert conn.execute("SELECT spans FROM events WHERE event_id = 'bulk1'").fetchone()[0] == '{"place":[[0,4]]}'
    assert conn.execute("SELECT spans FROM events WHERE event_id = 'bulk2'").fetchone()[0] is None


def test_a_schema_4_store_migrates_keeping_its_rows(store_target, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 4)
        old = schema.open_store(store_target)
        assert old.schema_version() == 4
        article = make_article()
        [ev] = events_for(article, [make_event()])
        row = {k: v for k, v in store._event_row(ev, store.now()).items() if k not in ("spans", "candidates")}
        old.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        old.execute("INSERT INTO event_sources (event_id, article_id) VALUES (?, ?)", (ev.event_id, ev.article_id))
        old.execute("INSERT INTO articles (article_id, url, ingested_at) VALUES (?, ?, ?)",
                    (article.article_id, article.url, store.now()))
        old.close()
    conn = store.open_store(store_target)
    try:
        assert conn.schema_version() == store.SCHEMA_VERSION >= 5
        assert list(store.load_events(conn)["event_id"]) == [ev.event_id]
        assert store.event_provenance(conn, ev.event_id) == {"text": "", "language": "ar", "spans": {},
                                                             "candidates": []}
        # the migrated store takes provenance for new articles
        _, new = _stored(conn, url="new.txt", gazetteer_id="g2")
        assert store.event_provenance(conn, new.event_id)["spans"] == SPANS
    finally:
        conn.close()


def test_spans_json_is_tolerant():
    assert spans_to_json({}) is None
    assert spans_to_json({"place": [(5, 5), (-1, 3)], "unknown": [(0, 1)]}) is None
    assert spans_from_json('{"place": [[1, 2], [1, 2], ["x", 3]], "date": "bad"}') == {"place": [(1, 2)]}
    assert spans_from_json("[1, 2]") == {} and spans_from_json(None) == {}
