"""The timeline (map-view layer): events per day, week, month or year (whichever suits the span) by type, Altair.

Counts are whole events: each event is counted once, in the bin of its best date (``event_date``, else the
middle of its bounds). A vague event (``date_earliest`` < ``date_latest``) is drawn fainter, so a "sometime
last week" report looks like what it is without turning into 0.25 of an event on four days. Bars span their
bin (never hairlines) and the axis is labelled in the bin's unit, with the year whenever the span needs it.
The PDF briefing's chart uses the same bins (:func:`bin_frequency`). The chart carries an interval selection
named :data:`SELECTION` on the time axis; in Streamlit ``st.altair_chart(..., on_select="rerun")`` returns it
and :func:`selected_period` turns it into dates that narrow the map.

>>> from dashboard.events.table import events_to_frame
>>> timeline_counts(events_to_frame([])).empty
True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from dashboard.views import i18n
from dashboard.views.style import TYPE_COLOURS, type_colour

SELECTION = "period"
FREQ_LABEL = {"D": "day", "W": "week", "MS": "month", "YS": "year"}
#: Axis labels per bin unit (d3 time format): a year on every label from weeks up.
AXIS_FORMAT = {"D": "%-d %b", "W": "%-d %b %Y", "MS": "%b %Y", "YS": "%Y"}
_TICK_UNIT = {"D": ("day", 1), "W": ("week", 1), "MS": ("month", 1), "YS": ("year", 1)}
MAX_TICKS = 8


def bin_frequency(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """'D' up to four months, 'W' up to two years, 'MS' (month) up to ten years, else 'YS' (year)."""
    days = (last - first).days
    return "D" if days <= 120 else "W" if days <= 2 * 366 else "MS" if days <= 10 * 366 else "YS"


def _bin_index(days: pd.Series, freq: str) -> np.ndarray:
    """Integer bin number of each timestamp: days, weeks (Monday start) or months since 1970."""
    day = ((days - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)).to_numpy(dtype="int64")
    if freq == "D":
        return day
    if freq == "W":
        return (day + 3) // 7  # 1970-01-01 was a Thursday
    if freq == "YS":
        return (days.dt.year - 1970).to_numpy(dtype="int64")
    return ((days.dt.year - 1970) * 12 + days.dt.month - 1).to_numpy(dtype="int64")


def _bin_timestamp(index: np.ndarray, freq: str) -> np.ndarray:
    epoch = np.datetime64("1970-01-01", "D")
    if freq == "D":
        return (epoch + index.astype("timedelta64[D]")).astype("datetime64[ns]")
    if freq == "W":
        return (epoch + (index * 7 - 3).astype("timedelta64[D]")).astype("datetime64[ns]")
    if freq == "YS":
        return (np.datetime64("1970", "Y") + index.astype("timedelta64[Y]")).astype("datetime64[ns]")
    return (np.datetime64("1970-01", "M") + index.astype("timedelta64[M]")).astype("datetime64[ns]")


def best_dates(events: pd.DataFrame) -> pd.Series:
    """Each event's best date: ``event_date``, else the middle of its bounds (NaT when it has none)."""
    first = events["date_earliest"].fillna(events["event_date"])
    last = events["date_latest"].fillna(events["event_date"])
    middle = first + (last - first) / 2
    return events["event_date"].fillna(middle.dt.normalize())


def span_frequency(events: pd.DataFrame) -> str:
    """The bin unit that suits the events' span (their best dates), 'D' when they have none."""
    days = best_dates(events).dropna()
    return bin_frequency(days.min(), days.max()) if not days.empty else "D"


def timeline_counts(events: pd.DataFrame, freq: str | None = None) -> pd.DataFrame:
    """Whole events per (bin, event_type, vague), each event once at its best date; ``bin_end`` is where the
    bin stops (the bar's right edge)."""
    columns = ["bin", "bin_end", "event_type", "vague", "events"]
    days = best_dates(events)
    dated = days.notna().to_numpy()
    if not dated.any():
        return pd.DataFrame(columns=columns)
    days = days[dated]
    freq = freq or bin_frequency(days.min(), days.max())
    first = events["date_earliest"].fillna(events["event_date"])[dated]
    last = events["date_latest"].fillna(events["event_date"])[dated]
    frame = pd.DataFrame({
        "bin": _bin_index(days, freq), "event_type": events["event_type"].astype(str).to_numpy()[dated],
        "vague": (first != last).fillna(False).to_numpy(dtype=bool),
    })
    counts = frame.groupby(["bin", "event_type", "vague"], as_index=False).size().rename(columns={"size": "events"})
    index = counts["bin"].to_numpy(dtype="int64")
    counts["bin"] = pd.to_datetime(_bin_timestamp(index, freq))
    counts["bin_end"] = pd.to_datetime(_bin_timestamp(index + 1, freq))
    counts["events"] = counts["events"].astype("int64")
    return counts[columns]


def _axis(freq: str, counts: pd.DataFrame, language: str = "en") -> alt.Axis:
    """Ticks at whole bins (a step that keeps about :data:`MAX_TICKS` of them), labelled in the bin's unit."""
    unit, step = _TICK_UNIT[freq]
    if not counts.empty:
        first, last = counts["bin"].min(), counts["bin_end"].max()
        size = {"D": 1, "W": 7, "MS": 30.44, "YS": 365.25}[freq]
        step = max(1, int(np.ceil((last - first).days / size / MAX_TICKS)))
    if unit == "week":  # vega's weeks start on Sunday, the bins on Monday: tick every 7 days instead
        unit, step = "day", 7 * step
    if language == "en":
        return alt.Axis(format=AXIS_FORMAT[freq], tickCount={"interval": unit, "step": step}, labelOverlap=True,
                        title=f"events per {FREQ_LABEL[freq]} (drag to select a period)")
    return alt.Axis(format=AXIS_FORMAT[freq], tickCount={"interval": unit, "step": step}, labelOverlap=True,
                    title=i18n.t(language, "timeline.x", unit=i18n.t(language, f"unit.{freq}")),
                    labelExpr=_digits_expr())


def _digits_expr() -> str:
    """A Vega label expression writing the axis' dates with Arabic-Indic digits (Vega's locale names the months)."""
    expr = "datum.label"
    for latin, arabic in zip("0123456789", "٠١٢٣٤٥٦٧٨٩", strict=True):
        expr = f"replace({expr}, regexp('{latin}', 'g'), '{arabic}')"
    return expr


def timeline_chart(events: pd.DataFrame, *, height: int = 180, language: str = "en") -> alt.Chart:
    """Stacked bars of whole events per bin by type, with an interval selection :data:`SELECTION` on time.

    ``language``: titles, type names, month names and digits (Vega's locale and a label expression) in it.
    """
    if language != "en":
        return _localised_chart(events, height, language)
    freq = span_frequency(events)
    counts = timeline_counts(events, freq)
    names = sorted(set(counts["event_type"]), key=lambda t: (t not in TYPE_COLOURS, t))
    brush = alt.selection_interval(name=SELECTION, encodings=["x"])
    domain = ([counts["bin"].min().isoformat(), counts["bin_end"].max().isoformat()] if not counts.empty
              else alt.Undefined)
    return (
        alt.Chart(counts)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("bin:T", axis=_axis(freq, counts), scale=alt.Scale(domain=domain)),
            x2="bin_end:T",
            y=alt.Y("sum(events):Q", title="events", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("event_type:N", title="type",
                            scale=alt.Scale(domain=names, range=[type_colour(n) for n in names]),
                            legend=alt.Legend(orient="right")),
            opacity=alt.Opacity("vague:O", title="date", scale=alt.Scale(domain=[False, True], range=[1.0, 0.45]),
                                legend=alt.Legend(orient="right", labelExpr="datum.value ? 'vague' : 'exact'")),
            tooltip=[alt.Tooltip("bin:T", title=FREQ_LABEL[freq], format=AXIS_FORMAT[freq]), "event_type:N",
                     "vague:N", alt.Tooltip("sum(events):Q", title="events", format="d")],
        )
        .add_params(brush)
        .properties(height=height)
    )


def _localised_chart(events: pd.DataFrame, height: int, language: str) -> alt.Chart:
    """:func:`timeline_chart` with its words, type names, months and digits in ``language``."""
    t = lambda key, **kw: i18n.t(language, key, **kw)  # noqa: E731
    freq = span_frequency(events)
    counts = timeline_counts(events, freq)
    names = sorted(set(counts["event_type"]), key=lambda t: (t not in TYPE_COLOURS, t))
    shown = [i18n.type_name(language, n) for n in names]
    counts["event_type"] = counts["event_type"].map(dict(zip(names, shown, strict=True)))
    brush = alt.selection_interval(name=SELECTION, encodings=["x"])
    domain = ([counts["bin"].min().isoformat(), counts["bin_end"].max().isoformat()] if not counts.empty
              else alt.Undefined)
    rtl = i18n.direction(language) == "rtl"
    chart = (
        alt.Chart(counts)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("bin:T", axis=_axis(freq, counts, language), scale=alt.Scale(domain=domain)),
            x2="bin_end:T",
            y=alt.Y("sum(events):Q", title=t("timeline.y"),
                    axis=alt.Axis(tickMinStep=1, format="d", orient="right" if rtl else "left")),
            color=alt.Color("event_type:N", title=t("timeline.type"),
                            scale=alt.Scale(domain=shown, range=[type_colour(n) for n in names]),
                            legend=alt.Legend(orient="right")),
            opacity=alt.Opacity("vague:O", title=t("timeline.date"),
                                scale=alt.Scale(domain=[False, True], range=[1.0, 0.45]),
                                legend=alt.Legend(orient="right", labelExpr=(
                                    f"datum.value ? '{t('timeline.vague')}' : '{t('timeline.exact')}'"))),
            tooltip=[alt.Tooltip("bin:T", title=t(f"unit.{freq}"), format=AXIS_FORMAT[freq]),
                     alt.Tooltip("event_type:N", title=t("timeline.type")),
                     alt.Tooltip("sum(events):Q", title=t("timeline.y"), format="d")],
        )
        .add_params(brush)
        .properties(height=height)
    )
    locale = i18n.vega_locale(language)
    return chart.configure(locale=locale) if locale else chart


def _as_date(value: Any) -> date:
    if isinstance(value, int | float):
        return pd.Timestamp(value, unit="ms").date()
    return pd.Timestamp(value).date()


def selected_period(selection: Mapping[str, Any] | None) -> tuple[date, date] | None:
    """The (first, last) day of the chart's interval selection, or None when nothing is selected."""
    if not selection:
        return None
    period = selection.get(SELECTION) or {}
    values = period.get("bin") if isinstance(period, Mapping) else None
    if not values or len(values) != 2:
        return None
    start, end = sorted(_as_date(v) for v in values)
    return start, end
