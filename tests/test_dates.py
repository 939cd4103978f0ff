"""Date mentions: finding them in Arabic and English, resolving them against the publication date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.errors import DateInputError, ValidationError
from dashboard.extract.dates import DateMention, find_dates, parse_published, resolve, resolve_text
from dashboard.models import DateSpan

PUB = date(2021, 2, 23)  # a Tuesday
D = date.fromisoformat


def only(text: str, language: str) -> DateMention:
    """The single mention found in ``text``."""
    found = find_dates(text, language)
    assert len(found) == 1, found
    return found[0]


def span(text: str, language: str, published: date | None = PUB) -> DateSpan | None:
    return resolve(only(text, language), published)


def bounds(result: DateSpan | None) -> tuple[str, str, str, int]:
    assert result is not None
    return result.best.isoformat(), result.earliest.isoformat(), result.latest.isoformat(), result.precision


# ----------------------------------------------------------------------------------- single days
@pytest.mark.parametrize(("text", "language", "best"), [
    ("الثلاثاء", "ar", "2021-02-23"),          # the publication day's own weekday is that day
    ("يوم السبت", "ar", "2021-02-20"),
    ("الأحد الماضي", "ar", "2021-02-21"),
    ("يوم الاثنين", "ar", "2021-02-22"),
    ("مساء الجمعة", "ar", "2021-02-19"),
    ("فجر السبت", "ar", "2021-02-20"),
    ("صباح الأحد", "ar", "2021-02-21"),
    ("أمس", "ar", "2021-02-22"),
    ("بالأمس", "ar", "2021-02-22"),
    ("أول أمس", "ar", "2021-02-21"),
    ("اليوم", "ar", "2021-02-23"),
    ("قبل ثلاثة أيام", "ar", "2021-02-20"),
    ("منذ يومين", "ar", "2021-02-21"),
    ("قبل خمسة عشر يوما", "ar", "2021-02-08"),
    ("قبل 4 أيام", "ar", "2021-02-19"),
    ("١٥ شباط", "ar", "2021-02-15"),
    ("١٥ شباط ٢٠٢١", "ar", "2021-02-15"),
    ("يوم 15 فبراير", "ar", "2021-02-15"),
    ("في 3 آذار الماضي", "ar", "2020-03-03"),  # day-month without year: the latest one on or before
    ("20 كانون الثاني 2021", "ar", "2021-01-20"),
    ("23/02/2021", "ar", "2021-02-23"),
    ("on Saturday", "en", "2021-02-20"),
    ("Tuesday", "en", "2021-02-23"),
    ("last Sunday", "en", "2021-02-21"),
    ("Sunday morning", "en", "2021-02-21"),
    ("yesterday", "en", "2021-02-22"),
    ("today", "en", "2021-02-23"),
    ("this morning", "en", "2021-02-23"),
    ("the previous day", "en", "2021-02-22"),
    ("three days ago", "en", "2021-02-20"),
    ("on February 15, 2021", "en", "2021-02-15"),
    ("15 Feb", "en", "2021-02-15"),
    ("March 3", "en", "2020-03-03"),
    ("02/20/2021", "en", "2021-02-20"),
])
def test_single_day(text: str, language: str, best: str) -> None:
    assert bounds(span(text, language)) == (best, best, best, 1)


def test_last_weekday_equal_to_publication_day_is_a_week_back() -> None:
    assert bounds(span("الثلاثاء الماضي", "ar")) == ("2021-02-16", "2021-02-16", "2021-02-16", 1)
    assert bounds(span("last Tuesday", "en")) == ("2021-02-16", "2021-02-16", "2021-02-16", 1)


# --------------------------------------------------------------------------------------- nights
def test_arabic_night_is_the_evening_before() -> None:
    mention = only("تعرضت القاعدة إلى قصف صاروخي ليلة السبت، مما أدى", "ar")
    assert (mention.text, mention.kind, mention.rule) == ("ليلة السبت", "absolute", "weekday_night")
    assert bounds(resolve(mention, PUB)) == ("2021-02-20", "2021-02-19", "2021-02-20", 1)


def test_arabic_night_of_two_days() -> None:
    assert bounds(span("ليل الجمعة السبت", "ar")) == ("2021-02-20", "2021-02-19", "2021-02-20", 1)


@pytest.mark.parametrize("text", ["Saturday night", "overnight Saturday"])
def test_english_night_runs_into_the_next_day(text: str) -> None:
    assert bounds(span(text, "en")) == ("2021-02-20", "2021-02-20", "2021-02-21", 1)


def test_last_night_spans_midnight() -> None:
    assert bounds(span("ليلة أمس", "ar")) == ("2021-02-22", "2021-02-22", "2021-02-23", 1)
    assert bounds(span("last night", "en")) == ("2021-02-22", "2021-02-22", "2021-02-23", 1)


def test_night_ending_on_publication_day_is_clamped() -> None:
    assert bounds(span("Tuesday night", "en")) == ("2021-02-23", "2021-02-23", "2021-02-23", 1)


# --------------------------------------------------------------------------------- vaguer spans
@pytest.mark.parametrize(("text", "language", "expected"), [
    ("الأسبوع الماضي", "ar", ("2021-02-16", "2021-02-13", "2021-02-19", 2)),  # Saturday-first weeks
    ("last week", "en", ("2021-02-18", "2021-02-15", "2021-02-21", 2)),       # Monday-first weeks
    ("الشهر الماضي", "ar", ("2021-01-15", "2021-01-01", "2021-01-31", 3)),
    ("last month", "en", ("2021-01-15", "2021-01-01", "2021-01-31", 3)),
    ("قبل أسبوع", "ar", ("2021-02-16", "2021-02-13", "2021-02-19", 2)),
    ("قبل أسبوعين", "ar", ("2021-02-09", "2021-02-06", "2021-02-12", 2)),
    ("two weeks ago", "en", ("2021-02-09", "2021-02-06", "2021-02-12", 2)),
    ("منذ أيام", "ar", ("2021-02-20", "2021-02-17", "2021-02-22", 2)),
    ("في شباط الماضي", "ar", ("2020-02-15", "2020-02-01", "2020-02-29", 3)),
    ("in March 2015", "en", ("2015-03-15", "2015-03-01", "2015-03-31", 3)),
    ("هذا الشهر", "ar", ("2021-02-12", "2021-02-01", "2021-02-23", 3)),
])
def test_vague_spans(text: str, language: str, expected: tuple[str, str, str, int]) -> None:
    assert bounds(span(text, language)) == expected


# ------------------------------------------------------------------------------------- anchored
ANCHOR_NIGHT = DateSpan(D("2021-02-20"), D("2021-02-19"), D("2021-02-20"), 1)
ANCHOR_DAY = DateSpan(PUB, PUB, PUB, 1)


@pytest.mark.parametrize(("text", "language"), [
    ("وجاء ذلك بعد أقل من أسبوع على هجوم صاروخي", "ar"),
    ("less than a week after a rocket attack", "en"),
])
def test_less_than_a_week_after(text: str, language: str) -> None:
    mention = only(text, language)
    assert (mention.kind, mention.rule, mention.direction) == ("anchored", "relative_less_than_week",
                                                                "before_anchor")
    assert (mention.min_days, mention.max_days) == (0, 7)
    result = resolve(mention, PUB, ANCHOR_NIGHT)
    assert result is not None
    assert (result.earliest, result.latest, result.precision) == (D("2021-02-13"), D("2021-02-20"), 2)


@pytest.mark.parametrize(("text", "language"), [
    ("وجاء كلام الكاظمي بعد ساعات على إطلاق صواريخ", "ar"), ("hours after rockets were fired", "en")])
def test_hours_after(text: str, language: str) -> None:
    mention = only(text, language)
    assert (mention.min_days, mention.max_days, mention.direction) == (0, 1, "before_anchor")
    assert bounds(resolve(mention, PUB, ANCHOR_DAY)) == ("2021-02-23", "2021-02-22", "2021-02-23", 1)


@pytest.mark.parametrize(("text", "language", "days", "direction"), [
    ("بعد يومين من الهجوم", "ar", (2, 2), "before_anchor"),
    ("بعد أيام من الهجوم", "ar", (1, 6), "before_anchor"),
    ("قبل يومين من الانتخابات", "ar", (2, 2), "after_anchor"),
    ("two days after the attack", "en", (2, 2), "before_anchor"),
    ("a day after the blast", "en", (1, 1), "before_anchor"),
    ("days after the raid", "en", (1, 6), "before_anchor"),
])
def test_anchored_offsets(text: str, language: str, days: tuple[int, int], direction: str) -> None:
    mention = only(text, language)
    assert (mention.kind, (mention.min_days, mention.max_days), mention.direction) == ("anchored", days,
                                                                                        direction)


def test_two_days_after_resolves_two_days_before_anchor() -> None:
    result = resolve(only("بعد يومين من الهجوم", "ar"), PUB, ANCHOR_DAY)
    assert bounds(result) == ("2021-02-21", "2021-02-21", "2021-02-21", 1)


def test_two_days_before_never_passes_publication() -> None:
    assert resolve(only("قبل يومين من الانتخابات", "ar"), PUB, ANCHOR_DAY) is None


def test_anchored_without_anchor_is_none() -> None:
    assert resolve(only("بعد ساعات على الهجوم", "ar"), PUB) is None


def test_ago_without_object_is_not_anchored() -> None:
    assert only("قبل يومين", "ar").kind == "absolute"


# -------------------------------------------------------------------------------------- history
@pytest.mark.parametrize(("text", "language", "year"), [
    ("سيطر التنظيم على المدينة عام 2017", "ar", 2017), ("في 2014", "ar", 2014), ("منذ ٢٠٠٣", "ar", 2003),
    ("the city fell in 2014", "en", 2014), ("since 2003", "en", 2003)])
def test_history(text: str, language: str, year: int) -> None:
    mention = only(text, language)
    assert mention.kind == "history"
    assert bounds(resolve(mention, PUB)) == (f"{year}-07-01", f"{year}-01-01", f"{year}-12-31", 3)


def test_history_year_of_publication_is_clamped() -> None:
    assert bounds(span("في 2021", "ar")) == ("2021-02-23", "2021-01-01", "2021-02-23", 3)


# ------------------------------------------------------------------------------- never the future
@pytest.mark.parametrize(("text", "language"), [
    ("25 شباط 2021", "ar"), ("February 25, 2021", "en"), ("في 2022", "ar"), ("in 2030", "en"),
    ("02/24/2021", "en")])
def test_future_dates_resolve_to_none(text: str, language: str) -> None:
    assert span(text, language) is None


@pytest.mark.parametrize(("text", "language"), [("السبت المقبل", "ar"), ("next Monday", "en")])
def test_future_weekdays_are_not_mentions(text: str, language: str) -> None:
    assert find_dates(text, language) == []


def test_day_month_after_publication_goes_back_a_year() -> None:
    assert bounds(span("25 شباط", "ar")) == ("2020-02-25", "2020-02-25", "2020-02-25", 1)


@pytest.mark.parametrize(("text", "language"), [
    ("ليلة السبت", "ar"), ("الثلاثاء", "ar"), ("قبل ثلاثة أيام", "ar"), ("١٥ شباط", "ar"), ("أمس", "ar"),
    ("الشهر الماضي", "ar"), ("yesterday", "en"), ("on Saturday", "en"), ("last week", "en")])
def test_relative_without_publication_date_is_none(text: str, language: str) -> None:
    assert span(text, language, published=None) is None


def test_explicit_date_without_publication_date() -> None:
    assert bounds(span("15 شباط 2021", "ar", published=None)) == ("2021-02-15",) * 3 + (1,)


def test_impossible_date_is_none() -> None:
    assert span("30 شباط 2021", "ar") is None


# ------------------------------------------------------------------------------ finding and offsets
def test_offsets_point_into_the_original_text_with_harakat() -> None:
    text = "قَصْفٌ لَيْلَةَ السَّبْتِ على القاعدة"
    mention = only(text, "ar")
    assert text[mention.start:mention.end] == mention.text == "لَيْلَةَ السَّبْتِ"
    assert bounds(resolve(mention, PUB)) == ("2021-02-20", "2021-02-19", "2021-02-20", 1)


def test_seed_sentence_mentions_are_sorted_and_typed() -> None:
    text = ("وجاء كلام الكاظمي بعد ساعات على إطلاق صواريخ. وتعرضت قاعدة بلد إلى قصف ليلة السبت. "
            "وكان التنظيم قد سيطر عليها عام 2017.")
    found = find_dates(text, "ar")
    assert [(m.text, m.kind) for m in found] == [
        ("بعد ساعات على", "anchored"), ("ليلة السبت", "absolute"), ("عام 2017", "history")]
    assert [m.start for m in found] == sorted(m.start for m in found)


@pytest.mark.parametrize(("text", "language"), [
    ("بين البلدين الاثنين في المنطقة", "ar"), ("we march on", "en"), ("they may 5 times", "en"),
    ("اليوم التالي", "ar")])
def test_false_friends_are_not_dates(text: str, language: str) -> None:
    assert find_dates(text, language) == []


def test_resolve_text_skips_history_for_the_event_date() -> None:
    result = resolve_text("في عام 2014 سقطت المدينة، وقصفت أمس", "ar", PUB)
    assert result is not None and result.best == D("2021-02-22")


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValidationError, match="language"):
        find_dates("yesterday", "fr")


# ----------------------------------------------------------------------------- publication date
@pytest.mark.parametrize("value", [
    "2021-02-23", "23/02/2021", "23 February 2021", "February 23, 2021", "23 شباط 2021", "٢٣ شباط ٢٠٢١",
    "٢٠٢١-٠٢-٢٣", " 2021-02-23 "])
def test_parse_published(value: str) -> None:
    assert parse_published(value) == PUB


@pytest.mark.parametrize("value", ["", "banana", "31/02/2021", "2021-13-01", "yesterday-ish"])
def test_parse_published_rejects_garbage_naming_the_value(value: str) -> None:
    with pytest.raises(DateInputError, match="publication date"):
        parse_published(value)


def test_parse_published_rejects_the_future() -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(DateInputError, match=tomorrow):
        parse_published(tomorrow)


# ------------------------------------------------------------------------------------ properties
@settings(max_examples=300, deadline=None)
@given(text=st.text(), language=st.sampled_from(["ar", "en"]),
       published=st.one_of(st.none(), st.dates(max_value=date(2026, 11, 30))))
def test_never_raises_and_never_in_the_future(text: str, language: str, published: date | None) -> None:
    anchor = DateSpan(PUB, PUB, PUB, 1)
    for mention in find_dates(text, language):
        assert text[mention.start:mention.end] == mention.text
        result = resolve(mention, published, anchor)
        if result is not None and published is not None:
            assert result.latest <= published


_PIECES = ["ليلة", "السبت", "قبل", "بعد", "أقل من", "أسبوع", "على", "١٥", "31", "شباط", "عام", "2017", "أمس",
           "الماضي", "yesterday", "Saturday", "night", "days", "ago", "after", "February", "29", "in", "0000",
           "٩٩٩٩", "/", " ", "،", "ً"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_PIECES), max_size=12), language=st.sampled_from(["ar", "en"]),
       published=st.one_of(st.none(), st.dates(min_value=date(1, 1, 8))))
def test_date_like_noise_never_raises(words: list[str], language: str, published: date | None) -> None:
    text = " ".join(words)
    for mention in find_dates(text, language):
        result = resolve(mention, published, DateSpan(PUB, PUB, PUB, 1))
        if result is not None and published is not None:
            assert result.latest <= published
