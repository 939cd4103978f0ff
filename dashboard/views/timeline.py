"""The timeline (map-view layer): events per day (week, month for long ranges) stacked by type, an Altair chart.

A vague event (``date_earliest`` < ``date_latest``) is spread evenly over the bins its bounds cover, drawn
fainter, so a "sometime last week" report looks like what it is. The chart carries an interval selection
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
FREQ_LABEL = {"D": "day", "W": "week", "MS": "month"}


def bin_frequency(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """'D' up to four months, 'W' up to three years, else 'MS' (month start)."""
    days = (last - first).days
    return "D" if days <= 120 else "W" if days <= 3 * 366 else "MS"


def _bin_index(days: pd.Series, freq: str) -> np.ndarray:
    """Integer bin number of each timestamp: days, weeks (Monday start) or months since 1970."""
    day = ((days - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)).to_numpy(dtype="int64")
    if freq == "D":
        return day
    if freq == "W":
        return (day + 3) // 7  # 1970-01-01 was a Thursday
    return ((days.dt.year - 1970) * 12 + days.dt.month - 1).to_numpy(dtype="int64")


def _bin_timestamp(index: np.ndarray, freq: str) -> np.ndarray:
    epoch = np.datetime64("1970-01-01", "D")
    if freq == "D":
        return (epoch + index.astype("timedelta64[D]")).astype("datetime64[ns]")
    if freq == "W":
        return (epoch + (index * 7 - 3).astype("timedelta64[D]")).astype("datetime64[ns]")
    return np.datetime64("1970-01", "M") + index.astype("timedelta64[M]")


def timeline_counts(events: pd.DataFrame, freq: str | None = None) -> pd.DataFrame:
    """Counts per (bin, event_type, vague); vague events contribute fractions to every bin they span."""
    columns = ["bin", "event_type", "vague", "events"]
    first = events["date_earliest"].fillna(events["event_date"])
    last = events["date_latest"].fillna(events["event_date"])
    dated = (first.notna() & last.notna()).to_numpy()
    if not dated.any():
        return pd.DataFrame(columns=columns)
    first, last = first[dated], last[dated]
    freq = freq or bin_frequency(first.min(), last.max())
    types = events["event_type"].astype(str).to_numpy()[dated]
    a, b = _bin_index(first, freq), _bin_index(last, freq)
    b = np.maximum(a, b)
    lengths = b - a + 1
    starts = np.repeat(a, lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    frame = pd.DataFrame({
        "bin": starts + offsets, "event_type": np.repeat(types, lengths),
        "vague": np.repeat(lengths > 1, lengths), "events": np.repeat(1.0 / lengths, lengths),
    })
    counts = frame.groupby(["bin", "event_type", "vague"], as_index=False)["events"].sum()
    counts["events"] = counts["events"].round(2)
    counts["bin"] = pd.to_datetime(_bin_timestamp(counts["bin"].to_numpy(dtype="int64"), freq))
    return counts[columns]


def timeline_chart(events: pd.DataFrame, *, height: int = 180, language: str = "en") -> alt.Chart:
    """Stacked bars of events per bin by type, with an interval selection :data:`SELECTION` on time.

    ``language``: titles, type names, month names and digits (Vega's locale and a label expression) in it.
    """
    t = lambda key, **kw: i18n.t(language, key, **kw)  # noqa: E731
    counts = timeline_counts(events)
    first = events["date_earliest"].fillna(events["event_date"]).min()
    last = events["date_latest"].fillna(events["event_date"]).max()
    freq = bin_frequency(first, last) if pd.notna(first) and pd.notna(last) else "D"
    names = sorted(set(counts["event_type"]), key=lambda t: (t not in TYPE_COLOURS, t))
    shown = [i18n.type_name(language, n) for n in names]
    counts["event_type"] = counts["event_type"].map(dict(zip(names, shown, strict=True)))
    brush = alt.selection_interval(name=SELECTION, encodings=["x"])
    unit = t(f"unit.{freq}")
    rtl = i18n.direction(language) == "rtl"
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("bin:T", title=t("timeline.x", unit=unit), axis=_time_axis(language)),
            y=alt.Y("sum(events):Q", title=t("timeline.y"), axis=alt.Axis(orient="right" if rtl else "left")),
            color=alt.Color("event_type:N", title=t("timeline.type"),
                            scale=alt.Scale(domain=shown, range=[type_colour(n) for n in names]),
                            legend=alt.Legend(orient="right")),
            opacity=alt.Opacity("vague:O", title=t("timeline.date"),
                                scale=alt.Scale(domain=[False, True], range=[1.0, 0.45]),
                                legend=alt.Legend(orient="right", labelExpr=(
                                    f"datum.value ? '{t('timeline.vague')}' : '{t('timeline.exact')}'"))),
            tooltip=[alt.Tooltip("bin:T", title=unit), alt.Tooltip("event_type:N", title=t("timeline.type")),
                     alt.Tooltip("sum(events):Q", title=t("timeline.y"), format=".1f")],
        )
        .add_params(brush)
        .properties(height=height)
    )
    locale = i18n.vega_locale(language)
    return chart.configure(locale=locale) if locale else chart


def _time_axis(language: str) -> alt.Axis:
    """The time axis; in Arabic a label expression writes its dates with Arabic-Indic digits."""
    if language != "ar":
        return alt.Axis()
    expr = "datum.label"
    for latin, arabic in zip("0123456789", "٠١٢٣٤٥٦٧٨٩", strict=True):
        expr = f"replace({expr}, regexp('{latin}', 'g'), '{arabic}')"
    return alt.Axis(labelExpr=expr)


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
