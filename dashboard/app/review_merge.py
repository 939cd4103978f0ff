"""Merge and split on the Review page (face layer: the page).

Merge: the events near the one under review (within :data:`NEAR_KM`, dates within :data:`NEAR_DAYS`), nearest
first, one of them merged into it in one click (its reports become this event's). Split: an event with several
reports shows one button per report; the report becomes an event of its own again
(:mod:`dashboard.events.review`). Both are in the edit history.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.app import analyst, loaders
from dashboard.app.language import num, tr
from dashboard.events import review

NEAR_KM = 50.0
NEAR_DAYS = 3
MAX_NEAR = 20


def nearby(events: pd.DataFrame, event: dict[str, Any]) -> pd.DataFrame:
    """Events that could be the same incident as ``event``: close in place and time, nearest first (``km``)."""
    others = events[(events["event_id"] != event["event_id"]) & (events["status"].astype(str) != "rejected")]
    if others.empty or event.get("latitude") is None:
        return others.assign(km=[])
    lat, lon = np.radians(float(event["latitude"])), np.radians(float(event["longitude"]))
    lat2, lon2 = np.radians(others["latitude"].to_numpy()), np.radians(others["longitude"].to_numpy())
    a = np.sin((lat2 - lat) / 2) ** 2 + np.cos(lat) * np.cos(lat2) * np.sin((lon2 - lon) / 2) ** 2
    km = 2 * 6371.0088 * np.arcsin(np.sqrt(a))
    near = others.assign(km=km)[km <= NEAR_KM]
    day = pd.to_datetime(event.get("event_date"), errors="coerce")
    if pd.notna(day):
        gap = (near["event_date"] - day).abs()
        near = near[gap.isna() | (gap <= pd.Timedelta(days=NEAR_DAYS))]
    return near.sort_values("km", kind="stable").head(MAX_NEAR)


def _label(row: pd.Series) -> str:
    day = row["event_date"].date().isoformat() if pd.notna(row["event_date"]) else "?"
    return f"{day} · {row['sub_event_type'] or row['event_type']} · {row['location']} · {row['km']:.1f} km · " \
           f"{row['source']} ({row['status']})"


def show(event: dict[str, Any], events: pd.DataFrame) -> None:
    """Merge a nearby event into ``event``, or split one of its reports off."""
    conn, event_id = loaders.connection(), event["event_id"]
    reports = review.splittable(conn, event_id)
    if reports:
        st.markdown(tr("review.reports", n=num(len(reports))))
        for report in reports:
            name = f"{report['source'] or ''} — {report['article_url'] or report['article_id']}"
            if st.button(tr("review.split", name=name), key=f"split-{event_id}-{report['article_id']}"):
                new = loaders.run_action(lambda r=report: review.split_event(
                    conn, event_id, r["article_id"], tr("review.split_reason"), **analyst.edit_kwargs(event_id)))
                if new:
                    analyst.saved(event_id)
                    st.session_state["review_flash"] = tr("review.split_done", id=new)
                    st.rerun()
    near = nearby(events, event)
    if near.empty:
        st.caption(tr("review.none_near", km=num(NEAR_KM), days=num(NEAR_DAYS)))
        return
    labels = {str(row["event_id"]): _label(row) for _, row in near.iterrows()}
    other = st.selectbox(tr("review.merge_pick"), list(labels), format_func=labels.__getitem__,
                         key=f"merge-pick-{event_id}")
    if other and st.button(tr("review.merge_into"), key=f"merge-{event_id}"):
        kwargs = analyst.edit_kwargs(event_id)
        n = loaders.run_action(lambda: review.merge_events(
            conn, event_id, other, tr("review.merge_reason"), analyst=kwargs["analyst"],
            expected_versions={event_id: kwargs["expected_version"]} if kwargs["expected_version"] else None))
        if n is not None:
            analyst.saved(event_id)
            st.session_state["review_flash"] = tr("review.merged", n=num(n))
            st.rerun()
    st.caption(tr("review.merge_help"))
