"""Property-based tests (hypothesis): arbitrary Unicode never crashes normalisation, dates or extraction.

Text strategies mix any Unicode with the material the pipeline reacts to (Arabic letters and diacritics,
Eastern Arabic digits, bidi controls, place names, trigger and date words, HTML), so the random texts reach
deep into the rules instead of stopping at "no place found".
"""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.errors import ArticleError, DateInputError, IncidentMapError
from dashboard.events.table import events_to_frame
from dashboard.export.data import FORMULA_PREFIXES, to_csv
from dashboard.extract.dates import find_dates, parse_published, resolve, resolve_text
from dashboard.pipeline.articles import article_from_text, decode_bytes, html_to_text
from dashboard.pipeline.extraction import extract_article
from dashboard.text.normalize import normalize, normalize_with_offsets
from dashboard.text.sentences import split_sentences

TOKENS = (
    "تكريت", "بغداد", "الموصل", "أربيل", "قاعدة عين الأسد", "مطار أربيل الدولي", "قصف", "صاروخ", "صواريخ",
    "عبوة ناسفة", "انفجرت", "مقتل", "إصابة", "ثلاثة", "١٥", "٢٠٢١", "شباط", "ليلة السبت", "أمس", "اليوم",
    "قبل ثلاثة أيام", "بعد ساعات على", "الثلاثاء", "في", "و", "بـ", "ال", "َ", "ً", "ّ", "ـ", "\u200f", "\u202b",
    "\u200d", "Tikrit", "Baghdad", "Erbil airport", "Ain al-Asad", "rocket", "rockets hit", "roadside bomb",
    "killed", "injuring", "two", "12", "on Monday", "yesterday", "last week", "in 2014", "February 23",
    "23/02/2021", "near", "north of", ".", "،", "؛", "!", "\n", " ", "  ", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "javascript:alert(1)", "=HYPERLINK(\"x\")", "'", "\"", "\u0000", "\ufeff",
    "🙂", "İ", "ß", "ﷲ", "ﻻ",
)
text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=60).map(" ".join),
)
published = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 30)))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text)
def test_normalisation_keeps_offsets_into_the_source(s: str) -> None:
    folded, offsets = normalize_with_offsets(s)
    assert len(folded) == len(offsets)
    assert all(0 <= o < len(s) for o in offsets)
    assert offsets == sorted(offsets)
    assert isinstance(normalize(s), str)


@FAST
@given(text)
def test_sentences_are_spans_of_the_text(s: str) -> None:
    for span in split_sentences(s):
        assert 0 <= span.start <= span.end <= len(s)


@FAST
@given(text, st.sampled_from(["ar", "en"]), published)
def test_dates_are_found_and_resolved_without_crashing(s: str, language: str, day: date | None) -> None:
    for mention in find_dates(s, language):
        assert 0 <= mention.start < mention.end <= len(s)
        span = resolve(mention, day)
        if span is not None:
            assert span.earliest <= span.best <= span.latest
            if day is not None:
                assert span.earliest <= day, "a resolved date may not start after publication"
    resolve_text(s, language, day)


@FAST
@given(st.one_of(st.text(max_size=60), st.sampled_from(TOKENS)))
def test_publication_dates_parse_or_say_why(s: str) -> None:
    try:
        parsed = parse_published(s)
    except DateInputError as exc:
        assert str(exc)
    else:
        assert parsed <= date.today()


@SLOW
@given(text, published, st.sampled_from([None, "ar", "en"]))
def test_extraction_never_crashes_and_gives_valid_events(s: str, day: date | None, language: str | None) -> None:
    try:
        article = article_from_text(s, url="hypothesis.txt", published=day, language=language)
    except ArticleError:
        return  # empty text: a clear answer, not a crash
    events = extract_article(article)
    for event in events:
        assert -90 <= event.latitude <= 90 and -180 <= event.longitude <= 180
        if day is not None and event.event_date is not None:
            assert event.event_date <= day
        assert all(piece in article.text for piece in event.evidence.split(" … ")), "evidence is quoted text"
    events_to_frame(events)


@FAST
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_are_refused_with_a_message(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "upload.txt")
    except ArticleError as exc:
        assert "upload.txt" in str(exc)
    else:
        assert isinstance(decoded, str)


@FAST
@given(text)
def test_html_to_text_never_crashes_and_drops_scripts(s: str) -> None:
    out = html_to_text(f"<html><body><p>{s}</p><script>var secret = 1;</script></body></html>")
    assert "var secret" not in out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text, min_size=1, max_size=5))
def test_csv_cells_never_start_a_formula(cells: list[str]) -> None:
    from factories import make_event

    events = [make_event(event_id=f"e{i}", evidence=c, notes=c, location=c, actor1=c) for i, c in enumerate(cells)]
    rows = list(csv.reader(io.StringIO(to_csv(events_to_frame(events)).decode("utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        for name, cell in zip(header, row, strict=True):
            if name not in ("latitude", "longitude", "confidence", "fatalities", "injured"):
                assert not cell.startswith(FORMULA_PREFIXES), (name, cell)


def test_errors_are_incident_map_errors() -> None:
    assert issubclass(ArticleError, IncidentMapError) and issubclass(DateInputError, IncidentMapError)
