"""The spans are the words behind the fields: for the seed and for English examples, every span's text is the words
that gave its field (``span_checks.span_problems``, plus the exact words expected), through extraction, the jsonl
output and the store."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from span_checks import span_problems

from dashboard.events import store
from dashboard.pipeline.articles import article_from_text, read_article
from dashboard.pipeline.extraction import extract_article
from dashboard.pipeline.ingest import ingest_articles
from dashboard.views.highlight import highlight_evidence

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_9dd459dba4470899.txt"

#: Per event (by place): the words each field must come from, as they are written in the article.
SEED_WORDS = {
    "US Embassy Baghdad": {"place": ["السفارة الأميركية"], "type": ["صواريخ"], "date": ["بعد ساعات على"]},
    "Balad Air Base": {"place": ["قاعدة بلد الجوية"], "type": ["قصف صاروخي"], "date": ["ليلة السبت"],
                       "casualties": ["إصابة متعاقد"]},
    "Erbil International Airport": {"place": ["مطار أربيل"], "type": ["قذائف"],
                                    "date": ["ليلة السبت", "بعد أقل من أسبوع على"]},
}

ENGLISH = [
    ("A roadside bomb exploded near a police patrol in Tarmiyah district, Baghdad, on Monday, killing two policemen "
     "and wounding three others.",
     {"place": ["Tarmiyah"], "place_context": ["district, Baghdad"], "type": ["roadside bomb"], "date": ["on Monday"],
      "casualties": ["killing two", "wounding three"]}),
    ("Two rockets struck Ain al-Asad air base in Anbar province on Wednesday night. No casualties were reported.",
     {"place": ["Ain al-Asad air base"], "place_context": ["in Anbar province"], "type": ["rockets"],
      "date": ["on Wednesday night"], "casualties": ["No casualties"]}),
    ("Gunmen killed a shepherd in the village of Albu Bali, east of Ramadi, on Sunday.",
     {"place": ["Albu Bali"], "place_context": ["east of Ramadi"], "type": ["Gunmen"], "actor": ["Gunmen"],
      "date": ["on Sunday"]}),
    ("A Turkish drone strike hit a car near Sinjar on Tuesday, killing three PKK fighters.",
     {"place": ["Sinjar"], "type": ["drone"], "actor": ["PKK"], "casualties": ["killing three"],
      "date": ["on Tuesday"]}),
    ("BAGHDAD - A car bomb exploded in Sadr City on Thursday, killing at least 12 people and injuring 30, police said.",
     {"place": ["Sadr City"], "type": ["car bomb"], "date": ["on Thursday"],
      "casualties": ["killing at least 12", "injuring 30"]}),
]


def _words(text: str, spans: dict) -> dict[str, list[str]]:
    return {name: [text[s:e] for s, e in pairs] for name, pairs in spans.items() if name != "evidence"}


def test_seed_spans_are_the_words_behind_each_field():
    article = read_article(SEED)
    events = {e.location: e for e in extract_article(article)}
    assert set(events) == set(SEED_WORDS)
    for location, expected in SEED_WORDS.items():
        event = events[location]
        assert span_problems(article, event) == [], location
        words = _words(article.text, event.spans)
        for name, wanted in expected.items():
            assert all(w in words[name] for w in wanted), (location, name, words.get(name))
        assert set(words) - {"place_context"} == set(expected), (location, words)
        assert event.candidates[0]["gazetteer_id"] == event.gazetteer_id


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[e[1]["place"][0] for e in ENGLISH])
def test_english_spans_are_the_words_behind_each_field(text, expected):
    article = article_from_text(text, url="en.txt", published=date(2024, 5, 10), language="en")
    [event] = extract_article(article)
    assert span_problems(article, event) == []
    assert _words(article.text, event.spans) == expected
    assert article.text[slice(*event.spans["evidence"][0])] in text


def test_a_merged_incident_keeps_the_spans_of_each_value():
    text = ("A roadside bomb struck an army patrol in Tikrit on Monday. Two soldiers were killed in the explosion, "
            "police said.")
    article = article_from_text(text, url="m.txt", published=date(2024, 5, 10), language="en")
    [event] = extract_article(article)
    words = _words(text, event.spans)
    assert event.fatalities == 2 and words["casualties"] == ["Two soldiers were killed"]
    assert words["type"][0] == "roadside bomb" and span_problems(article, event) == []
    assert len(event.spans["evidence"]) == 2


def test_jsonl_prints_spans_and_candidates():
    out = subprocess.run([sys.executable, "-m", "dashboard.cli", "extract", str(SEED)], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    text = SEED.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert set(row["spans"]) >= {"evidence", "place", "date", "type"}
        assert all(isinstance(p, list) and len(p) == 2 for pairs in row["spans"].values() for p in pairs)
        start, end = row["spans"]["place"][0]
        assert text[start:end] == SEED_WORDS[row["location"]]["place"][0]  # offsets index the file's text as read
        assert row["candidates"][0]["gazetteer_id"] == row["gazetteer_id"]
        assert " … ".join(text[s:e] for s, e in row["spans"]["evidence"]) == row["evidence"]


def test_stored_provenance_points_into_the_stored_text_and_survives_reingest(store_target, tmp_path):
    path = tmp_path / SEED.name
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / SEED.with_suffix(".meta.json").name).write_bytes(SEED.with_suffix(".meta.json").read_bytes())
    conn = store.open_store(store_target)

    def check(article) -> list[str]:
        ids = sorted(store.load_events(conn)["event_id"])
        assert len(ids) == 3
        for event_id in ids:
            prov = store.event_provenance(conn, event_id)
            assert prov["language"] == "ar" and prov["text"] == article.text
            location = store.get_event(conn, event_id)["location"]
            assert _words(prov["text"], prov["spans"])["place"] == SEED_WORDS[location]["place"]
            assert highlight_evidence(prov)  # the popup line has something to show
        return ids

    try:
        first = read_article(path)
        ingest_articles(conn, [first])
        ids = check(first)
        ingest_articles(conn, [read_article(path)])  # the same article again: nothing changes
        assert check(first) == ids
        # the file edited in place (a line added above the text): its events are replaced, and the spans point
        # into the new text, whose offsets have moved
        path.write_text("تحديث: أضيفت فقرة.\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
        second = read_article(path)
        ingest_articles(conn, [second])
        assert check(second) != ids
    finally:
        conn.close()


def test_the_checks_catch_spans_that_are_off():
    article = read_article(SEED)
    event = next(e for e in extract_article(article) if e.location == "Balad Air Base")
    for name in ("place", "type", "casualties", "date", "evidence"):
        moved = {**event.spans, name: [(s + 4, e + 4) for s, e in event.spans[name]]}
        assert span_problems(article, replace(event, spans=moved)), name
    assert span_problems(article, replace(event, spans={k: v for k, v in event.spans.items() if k != "type"}))
