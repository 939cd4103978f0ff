"""The briefing's words in the view's language (export layer): titles, captions, legend, table headings and cells.

The PNG, PDF and HTML exports take every text they draw from here, so an Arabic view gives an Arabic briefing
(messages of :mod:`dashboard.views.i18n`, Arabic-Indic digits, Iraq's month names; matplotlib and fpdf2 join the
letters and lay them out right to left). In English the texts are :mod:`dashboard.export.view`'s own.

>>> from dashboard.export.view import ExportView
>>> title(ExportView(language="ar")), title(ExportView(title="Erbil", language="ar"))
('خريطة الحوادث', 'Erbil')
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from dashboard.export.view import ExportView, date_range_text, describe_filters, event_sources, source_line
from dashboard.text.wording import counted
from dashboard.views import i18n


def rtl(view: ExportView) -> bool:
    """Whether the view's language is written right to left."""
    return i18n.direction(view.language) == "rtl"


def title(view: ExportView) -> str:
    """The view's title; the default title in the view's language."""
    return i18n.t(view.language, "brief.title") if view.title == ExportView().title else view.title


def _day(view: ExportView, value: Any) -> str:
    return i18n.iso_day(view.language, pd.Timestamp(value).date())


def date_range(events: pd.DataFrame, view: ExportView) -> str:
    """The filter's dates, else the events' first and last day."""
    if view.language == "en":
        return date_range_text(events, view)
    dates = pd.concat([events["date_earliest"], events["event_date"], events["date_latest"]]).dropna()
    first = view.filters.date_from or (dates.min().date() if not dates.empty else None)
    last = view.filters.date_to or (dates.max().date() if not dates.empty else None)
    if first is None and last is None:
        return i18n.t(view.language, "brief.undated")
    return f"{_day(view, first) if first else '…'} – {_day(view, last) if last else '…'}"


def filters_text(view: ExportView, events: pd.DataFrame | None = None) -> str:
    """The filters (dates left out: the captions show them), "all events" when none are set; with the view's
    ``events``, a map area is named by its governorates."""
    if view.language == "en":
        return describe_filters(view, dates=False, events=events)
    lang, f = view.language, view.filters
    parts = []
    if f.event_types:
        parts.append(i18n.t(lang, "filters.type") + ": " + "، ".join(i18n.type_name(lang, t) for t in f.event_types))
    if f.admin1:
        parts.append(i18n.t(lang, "filters.gov") + ": " + "، ".join(i18n.governorate_name(lang, g) for g in f.admin1))
    if f.admin2:
        parts.append(i18n.t(lang, "filters.district") + ": " + "، ".join(f.admin2))
    if f.text:
        parts.append(f"{i18n.t(lang, 'filters.search')}: «{f.text}»")
    if f.min_confidence:
        parts.append(f"{i18n.t(lang, 'filters.confidence')}: {i18n.number(lang, f.min_confidence, 2)}")
    if view.bounds is not None and events is not None and len(events):
        names = sorted({g for g in events["admin1"].astype(str) if g})
        parts.append(i18n.t(lang, "brief.area") + ": " + "، ".join(i18n.governorate_name(lang, g) for g in names))
    return "؛ ".join(parts) or i18n.t(lang, "brief.all_events")


def count_text(view: ExportView, n: int) -> str:
    """ "12 events" in the view's language."""
    if view.language == "en":
        return counted(n, "event")
    return i18n.t(view.language, "brief.events", n=i18n.number(view.language, n))


def separator(view: ExportView) -> str:
    """Between the parts of a caption: a middle dot, or a bar in Arabic (Arabic fonts draw the dot like a zero)."""
    return "  |  " if rtl(view) else "  ·  "


def subtitle(events: pd.DataFrame, view: ExportView, sep: str | None = None) -> str:
    """Dates, number of events and filters on one line."""
    return (sep or separator(view)).join((date_range(events, view), count_text(view, len(events)),
                                         filters_text(view, events)))


def source_text(events: pd.DataFrame, view: ExportView, limit: int = 4) -> str:
    """Who reported the events ("Source: Rudaw, Shafaq News (+2 more); events via Incident Map")."""
    if view.language == "en":
        return source_line(events, limit)
    sources = list(event_sources(events).loc[lambda s: s != ""].value_counts().index)  # the most reporting first
    shown = "، ".join(sources[:limit])
    if len(sources) > limit:
        shown += " " + i18n.t(view.language, "popup.more", n=i18n.number(view.language, len(sources) - limit))
    return i18n.t(view.language, "brief.source", sources=shown or i18n.t(view.language, "popup.unknown"))


def made_text(view: ExportView, made_at: datetime) -> str:
    """ "Made 2026-11-30 07:50 UTC with Incident Map" (in Arabic the day with its month's name)."""
    when = f"{made_at:%Y-%m-%d %H:%M}"
    if view.language != "en":
        when = f"{i18n.iso_day(view.language, made_at.date())} {i18n.digits(view.language, f'{made_at:%H:%M}')}"
    return i18n.t(view.language, "brief.made", when=when)


def attribution(view: ExportView, *, coarse: bool = False) -> str:
    """The basemap's attribution (OpenStreetMap's wording, translated), and a note when the tiles are coarse."""
    return i18n.t(view.language, "brief.attribution") + (" " + i18n.t(view.language, "brief.coarse") if coarse else "")


def scale_label(language: str, length_m: float) -> str:
    """The scale bar's length: 100 km / ١٠٠ كم."""
    km = length_m >= 1000
    length = length_m / 1000 if km else length_m
    value = i18n.number(language, length, 0 if float(length).is_integer() else 1)
    return f"{value} {i18n.t(language, 'brief.km' if km else 'brief.m')}"


def north(language: str) -> str:
    """The north arrow's letter."""
    return i18n.t(language, "brief.north")


def legend_title(view: ExportView) -> str:
    return i18n.t(view.language, "brief.legend")


def type_label(view: ExportView, event_type: str, count: int) -> str:
    """A legend entry: the type's name and how many events it has."""
    if view.language == "en":
        return f"{event_type or 'Unknown'} ({count})"
    name = i18n.type_name(view.language, event_type) or i18n.t(view.language, "popup.unknown")
    return f"{name} ({i18n.number(view.language, count)})"


def table_headings(view: ExportView) -> tuple[str, ...]:
    """Date, type, place (the view's language), place (the other language), casualties, source."""
    keys = ("brief.date", "brief.sub_type", "brief.place", "brief.place_other", "brief.casualties", "brief.source_col")
    return tuple(i18n.t(view.language, k) for k in keys)


def casualties(view: ExportView, fatalities: object, injured: object) -> str:
    """ "3 killed, 5 injured"; a missing number is left out, both missing is "not stated"."""
    lang = view.language
    parts = []
    if not pd.isna(fatalities):
        parts.append(f"{i18n.number(lang, int(fatalities))} {i18n.t(lang, 'col.fatalities')}" if lang != "en"
                     else f"{int(fatalities)} killed")
    if not pd.isna(injured):
        parts.append(f"{i18n.number(lang, int(injured))} {i18n.t(lang, 'col.injured')}" if lang != "en"
                     else f"{int(injured)} injured")
    return ("، " if lang != "en" else ", ").join(parts) or ("not stated" if lang == "en" else "غير مذكور")


def table_cells(view: ExportView, row: Any, source: str | None = None) -> tuple[str, ...]:
    """One event as the table's cells, in the order of :func:`table_headings` (``source``: the briefing's name of
    the event's source, else the stored one)."""
    lang = view.language
    day = i18n.short_day(lang, row.event_date.date()) if not pd.isna(row.event_date) else i18n.t(
        lang, "brief.undated")
    if lang == "en":
        day = row.event_date.date().isoformat() if not pd.isna(row.event_date) else "undated"
    kind = i18n.type_name(lang, str(row.sub_event_type or row.event_type or ""))
    first, second = (row.location_ar or row.location, row.location if row.location_ar else "") if lang == "ar" else (
        row.location, row.location_ar)
    return day, kind, first, second, casualties(view, row.fatalities, row.injured), source or row.source
