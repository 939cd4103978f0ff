"""Find date expressions in Arabic and English news and resolve them against the publication date (extract layer).

``find_dates`` runs compiled regexes (:mod:`dashboard.extract.date_rules`) over the text as given, so
offsets index the original string. ``resolve`` turns one mention into a :class:`DateSpan`: the project's
own rules for what dateparser gets wrong in Arabic (ليلة السبت, شباط, ١٥, قبل ثلاثة أيام, a weekday equal to
the publication day), dateparser with pinned languages for numeric dates. Nothing resolves after the
publication date, and nothing relative resolves without one.

>>> [m.rule for m in find_dates("قصف صاروخي ليلة السبت", "ar")]
['weekday_night']
>>> resolve_text("قصف صاروخي ليلة السبت", "ar", date(2021, 2, 23)).best
datetime.date(2021, 2, 20)
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from dashboard.errors import DateInputError, ValidationError
from dashboard.extract import date_rules as R
from dashboard.models import DateSpan
from dashboard.text.normalize import normalize

_DAY = timedelta(days=1)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
_MARK_CHARS = frozenset(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)))
_PAST_WORDS = {"الماضي", "المنصرم", "الفائت", "last", "previous"}
_WEEK_START = {"ar": 5, "en": 0}  # Saturday in Arabic usage, Monday in English


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text; ``start``/``end`` index the original string.

    ``kind`` is "absolute" (resolvable from the publication date), "anchored" (relative to another event
    named in the sentence; ``min_days``..``max_days`` and ``direction`` say how) or "history" (a past year).
    """

    start: int
    end: int
    text: str
    kind: str
    min_days: float = 0
    max_days: float = 0
    direction: str = ""
    rule: str = ""


# ---------------------------------------------------------------------------------- span helpers
def _span(earliest: date, latest: date, rule: str, published: date | None,
          best: date | None = None, precision: int | None = None) -> DateSpan | None:
    """A DateSpan clamped to ``published``; best defaults to the middle day, precision to the width.

    >>> _span(date(2021, 2, 13), date(2021, 2, 27), "x", date(2021, 2, 23)).latest
    datetime.date(2021, 2, 23)
    """
    if published is not None:
        if earliest > published:
            return None
        latest = min(latest, published)
    width = (latest - earliest).days
    best = earliest + timedelta(days=math.ceil(width / 2)) if best is None else best
    best = min(max(best, earliest), latest)
    if precision is None:
        precision = 1 if width <= 1 else 2 if width <= 14 else 3
    return DateSpan(best, earliest, latest, precision, rule)


def _day(day: date, rule: str, published: date | None) -> DateSpan | None:
    return _span(day, day, rule, published, precision=1)


def _last_weekday(published: date, weekday: int, strict: bool = False) -> date:
    """Most recent ``weekday`` on or before ``published`` (strictly before when ``strict``).

    >>> _last_weekday(date(2021, 2, 23), 1)  # a Tuesday, published on a Tuesday
    datetime.date(2021, 2, 23)
    """
    back = (published.weekday() - weekday) % 7
    return published - timedelta(days=back or (7 if strict else 0))


def _month_span(year: int, month: int, rule: str, published: date | None) -> DateSpan | None:
    last = calendar.monthrange(year, month)[1]
    return _span(date(year, month, 1), date(year, month, last), rule, published, date(year, month, 15), 3)


def _recent_day_month(day: int, month: int, published: date) -> date | None:
    """Latest valid ``day``/``month`` on or before ``published`` (29 February looks back up to 8 years)."""
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _weekday(m: re.Match[str], rule: R.Rule) -> int:
    lexicon = R.AR_WEEKDAYS if rule.language == "ar" else R.EN_WEEKDAYS
    return R.lookup(lexicon, R.group(m, "wd", "wd2"))


# ------------------------------------------------------------------------------------- resolvers
def _r_weekday(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    if published is None:
        return None
    strict = bool(R.group(m, "past"))
    return _day(_last_weekday(published, _weekday(m, rule), strict), rule.name, published)


def _r_weekday_night(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    """Arabic "ليلة السبت" is Friday evening into Saturday; English "Saturday night" runs into Sunday."""
    if published is None:
        return None
    day = _last_weekday(published, _weekday(m, rule))
    if rule.language == "ar":
        return _span(day - _DAY, day, rule.name, published, day, 1)
    return _span(day, day + _DAY, rule.name, published, day, 1)


def _r_yesterday_night(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    if published is None:
        return None
    return _span(published - _DAY, published, rule.name, published, published - _DAY, 1)


def _r_today(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    if published is None:
        return None
    back = R.DAY_OFFSETS[" ".join(normalize(m["word"]).split())]
    return _day(published - timedelta(days=back), rule.name, published)


def _r_ago(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    """"قبل ثلاثة أيام" exact day; "قبل أسبوع" +/-3 days; "منذ أيام" 1..6 days back; months, years vaguer."""
    if published is None:
        return None
    per, low, high = R.quantity(m, rule.language)
    slack = R.AGO_SLACK[per]
    best = published - timedelta(days=(low + high) // 2)
    earliest, latest = published - timedelta(days=high + slack), published - timedelta(days=low - slack)
    return _span(earliest, latest, rule.name, published, best, 3 if per >= 30 else None)


def _r_day_month(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    day, month = R.to_int(R.group(m, "d", "d2")), R.group(m, "m", "m2")
    month_no = R.lookup(R.AR_MONTHS if rule.language == "ar" else R.EN_MONTHS, month)
    if m["y"]:
        return _day(date(R.to_int(m["y"]), month_no, day), rule.name, published)
    if published is None:
        return None
    found = _recent_day_month(day, month_no, published)
    return None if found is None else _day(found, rule.name, published)


def _r_month(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    month_no = R.lookup(R.AR_MONTHS if rule.language == "ar" else R.EN_MONTHS, m["m"])
    if m["y"]:
        return _month_span(R.to_int(m["y"]), month_no, rule.name, published)
    if published is None:
        return None
    rel = normalize(R.group(m, "rel") or m.group(0).split()[0])
    strict = rel in _PAST_WORDS
    year = published.year if month_no < published.month or (month_no == published.month and not strict) \
        else published.year - 1
    return _month_span(year, month_no, rule.name, published)


def _r_period(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    """Last/this week, month, year; English "the past week" is the trailing seven days."""
    if published is None:
        return None
    unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}.get(
        normalize(m["unit"]), m["unit"].lower())
    rel = " ".join(normalize(R.group(m, "rel")).split())
    if rel in ("past", "the past"):
        days = {"week": 7, "month": 30, "year": 365}[unit]
        return _span(published - timedelta(days=days), published, rule.name, published)
    previous = rel in _PAST_WORDS
    if unit == "week":
        start = published - timedelta(days=(published.weekday() - _WEEK_START[rule.language]) % 7)
        if previous:
            return _span(start - 7 * _DAY, start - _DAY, rule.name, published, precision=2)
        return _span(start, published, rule.name, published, precision=2)
    if unit == "month":
        first = published.replace(day=1)
        if previous:
            prior = first - _DAY
            return _month_span(prior.year, prior.month, rule.name, published)
        return _span(first, published, rule.name, published, precision=3)
    year = published.year - 1 if previous else published.year
    return _span(date(year, 1, 1), date(year, 12, 31), rule.name, published, precision=3)


def _r_history(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    year = R.to_int(m["y"])
    return _span(date(year, 1, 1), date(year, 12, 31), rule.name, published, date(year, 7, 1), 3)


def _r_numeric(m: re.Match[str], published: date | None, rule: R.Rule) -> DateSpan | None:
    """Numeric dates go to dateparser, languages pinned; DMY in Arabic text, MDY in English."""
    text = m.group(0).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    found = _dateparser(text, rule.language, "DMY" if rule.language == "ar" else "MDY", published)
    return None if found is None else _day(found, rule.name, published)


@lru_cache(maxsize=8192)
def _dateparser(text: str, language: str, order: str, published: date | None) -> date | None:
    """dateparser on a short candidate, never auto-detecting the language (that costs up to 1.4 s)."""
    settings = {"PREFER_DATES_FROM": "past", "DATE_ORDER": order, "STRICT_PARSING": True}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(text, languages=[language], settings=settings)
    return None if parsed is None else parsed.date()


Resolver = Callable[[re.Match[str], date | None, R.Rule], DateSpan | None]
_RESOLVERS: dict[str, Resolver] = {
    "weekday_night": _r_weekday_night, "weekday_part": _r_weekday, "yesterday_night": _r_yesterday_night,
    "relative_day": _r_today, "weekday": _r_weekday, "ago": _r_ago, "numeric_dmy": _r_numeric,
    "numeric_mdy": _r_numeric, "day_month": _r_day_month, "month": _r_month, "period": _r_period,
    "history": _r_history}
_BY_NAME: dict[str, list[R.Rule]] = {}
for _rule in (*R.RULES["ar"], *R.RULES["en"]):
    _BY_NAME.setdefault(_rule.name, []).append(_rule)


# -------------------------------------------------------------------------------------- mentions
def _anchored_mention(m: re.Match[str], language: str) -> tuple[str, float, float, str]:
    """(rule, min_days, max_days, direction) of "بعد ساعات على", "less than a week after", ...

    >>> _anchored_mention(R.AR["anchored"].search("بعد أقل من أسبوع على"), "ar")
    ('relative_less_than_week', 0, 7, 'before_anchor')
    """
    direction = "before_anchor" if m["conn"].lower() in ("بعد", "after") else "after_anchor"
    per, low, high = (1, 1, 1) if R.group(m, "the") else R.quantity(m, language)
    unit = {0: "hours", 1: "days", 7: "weeks", 30: "months", 365: "years"}[per]
    if R.group(m, "less"):
        name = "relative_less_than_week" if (per, high) == (7, 7) else "relative_less_than"
        return name, 0, high, direction
    return f"{unit}_{'after' if direction == 'before_anchor' else 'before'}", low, high, direction


def _mention(m: re.Match[str], rule: R.Rule, text: str, back: list[int] | None) -> DateMention:
    start, end = m.start(), m.end()
    if back is not None:  # map back, keeping the harakat of the last letter
        start, end = back[start], back[end - 1] + 1
        while end < len(text) and text[end] in _MARK_CHARS:
            end += 1
    if rule.kind == "anchored":
        name, low, high, direction = _anchored_mention(m, rule.language)
        return DateMention(start, end, text[start:end], "anchored", low, high, direction, name)
    kind = "history" if rule.name == "ago" and R.quantity(m, rule.language)[0] == 365 else rule.kind
    return DateMention(start, end, text[start:end], kind, rule=rule.name)


def _strip_marks(text: str) -> tuple[str, list[int] | None]:
    """Text without harakat/tatweel and, when any were dropped, each kept character's original index."""
    if not _MARKS.search(text):
        return text, None
    kept = [i for i, ch in enumerate(text) if ch not in _MARK_CHARS]
    return "".join(text[i] for i in kept), kept


def find_dates(text: str, language: str) -> list[DateMention]:
    """Date mentions in ``text`` ("ar" or "en"), sorted by start, longest match first where they overlap.

    >>> [(m.text, m.kind) for m in find_dates("hours after the attack in 2014", "en")]
    [('hours after', 'anchored'), ('in 2014', 'history')]
    """
    if language not in R.RULES:
        raise ValidationError(f"date language must be 'ar' or 'en', got {language!r}")
    stripped, back = _strip_marks(text)
    return [_mention(m, rule, text, back) for m, rule in R.candidates(stripped, language)]


# ------------------------------------------------------------------------------------- resolving
def _resolve_anchored(mention: DateMention, anchor: DateSpan | None,
                      published: date | None) -> DateSpan | None:
    """Shift ``anchor`` by min..max days; "less than a week" is strict, so at most 6 whole days."""
    if anchor is None:
        return None
    low, high = math.floor(mention.min_days), math.ceil(mention.max_days)
    if mention.rule.startswith("relative_less_than") and high >= 2:
        high -= 1
    if mention.direction == "before_anchor":
        earliest, latest = anchor.earliest - timedelta(days=high), anchor.latest - timedelta(days=low)
    else:
        earliest, latest = anchor.earliest + timedelta(days=low), anchor.latest + timedelta(days=high)
    return _span(earliest, latest, mention.rule, published)


def resolve(mention: DateMention, published: date | None, anchor: DateSpan | None = None) -> DateSpan | None:
    """The DateSpan a mention stands for, or None (relative without ``published``, future, unparseable).

    >>> resolve(find_dates("قبل ثلاثة أيام", "ar")[0], date(2021, 2, 23)).best
    datetime.date(2021, 2, 20)
    """
    try:
        if mention.kind == "anchored":
            return _resolve_anchored(mention, anchor, published)
        text = _MARKS.sub("", mention.text)
        for rule in _BY_NAME.get(mention.rule, ()):
            m = rule.pattern.fullmatch(text)
            if m is not None and rule.name in _RESOLVERS:
                return _RESOLVERS[rule.name](m, published, rule)
    except (ValueError, OverflowError, KeyError):  # 30 February, year 0, dates beyond date.min/max
        return None
    return None


def resolve_text(text: str, language: str, published: date | None,
                 anchor: DateSpan | None = None) -> DateSpan | None:
    """First resolvable non-history mention in ``text``; a history year only when nothing else resolves.

    >>> resolve_text("Gunmen attacked a checkpoint on Saturday.", "en", date(2021, 2, 23)).best
    datetime.date(2021, 2, 20)
    """
    fallback = None
    for mention in find_dates(text, language):
        span = resolve(mention, published, anchor)
        if span is not None and mention.kind != "history":
            return span
        fallback = fallback or span
    return fallback


# ----------------------------------------------------------------------------- publication date
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")


def _parse_date_input(text: str) -> date | None:
    """ISO, day/month/year, "23 February 2021", "23 شباط 2021"; dateparser (en, ar pinned) last."""
    ascii_digits = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))
    for pattern, order in ((_ISO, (0, 1, 2)), (_DMY, (2, 1, 0))):
        m = pattern.fullmatch(ascii_digits)
        if m:
            year, month, day = (int(m.group(i + 1)) for i in order)
            return date(year, month, day)
    for language in ("ar", "en"):
        m = R.AR["day_month"].fullmatch(text) if language == "ar" else R.EN["day_month"].fullmatch(text)
        if m and m["y"]:
            span = _r_day_month(m, None, _BY_NAME["day_month"][0 if language == "ar" else 1])
            return None if span is None else span.best
    if len(text) > 64:
        return None
    parsed = dateparser.parse(text, languages=["en", "ar"],
                              settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return None if parsed is None else parsed.date()


def parse_published(value: str) -> date:
    """Publication date from user input (``--published``); garbage and future dates raise DateInputError.

    >>> parse_published("23 شباط ٢٠٢١")
    datetime.date(2021, 2, 23)
    """
    text = value.strip() if isinstance(value, str) else ""
    try:
        parsed = _parse_date_input(text) if text else None
    except (ValueError, OverflowError) as exc:
        raise DateInputError(f"publication date {value!r} is not a valid date ({exc}); "
                             "give it as YYYY-MM-DD, e.g. 2021-02-23") from exc
    if parsed is None:
        raise DateInputError(f"publication date {value!r} is not a date; "
                             "give it as YYYY-MM-DD, e.g. 2021-02-23")
    if parsed > date.today():
        raise DateInputError(f"publication date {value!r} is in the future (today is {date.today()}); "
                             "check the value")
    return parsed
