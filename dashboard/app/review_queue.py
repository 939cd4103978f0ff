"""The review queue (face layer: the page): the events that need review, most doubtful first, and bulk actions.

One row per event (date, type, place, casualties, source, confidence); rows can be ticked to confirm, reject or
merge several at once. The event under review is the session's ``selected_event`` when the filters show it
(chosen in the queue, or on the map page), else the top of the queue; after a decision the page moves on to the
next event of the queue (:func:`advance`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.app import analyst, loaders
from dashboard.app.language import current, num, tr
from dashboard.events import review
from dashboard.views import i18n

#: Rows the queue table shows (the most doubtful ones; the header gives the whole count).
QUEUE_ROWS = 300
_PREVIOUS = "review_ticked"


def _casualties(killed: object, injured: object, language: str) -> str:
    parts = []
    if pd.notna(killed):
        parts.append(i18n.t(language, "review.killed", n=i18n.number(language, int(killed))))
    if pd.notna(injured):
        parts.append(i18n.t(language, "review.injured", n=i18n.number(language, int(injured))))
    return " · ".join(parts)


def queue_table(queue: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """The queue's rows as the page shows them, in queue order."""
    rows = queue.head(QUEUE_ROWS)
    place = [(ar if language == "ar" and ar else en) + (f", {d}" if d else "")
             for en, ar, d in zip(rows["location"], rows["location_ar"], rows["admin2"], strict=True)]
    counts = rows["source_count"] if "source_count" in rows else pd.Series(1, index=rows.index)
    return pd.DataFrame({
        "event_date": [i18n.iso_day(language, d.date()) if pd.notna(d) else "" for d in rows["event_date"]],
        "event_type": [i18n.type_name(language, str(s or t)) for s, t in
                       zip(rows["sub_event_type"], rows["event_type"], strict=True)],
        "location": place,
        "casualties": [_casualties(k, i, language) for k, i in zip(rows["fatalities"], rows["injured"], strict=True)],
        "source": [f"{s}" + (f" +{i18n.number(language, n - 1)}" if n > 1 else "") for s, n in
                   zip(rows["source"], counts, strict=True)],
        "confidence": rows["confidence"].to_numpy(),
        "event_id": rows["event_id"].to_numpy(),
    })


def ticked(queue: pd.DataFrame) -> list[str]:
    """Draw the queue; returns the ids of the ticked rows. A newly ticked row becomes the event under review."""
    st.subheader(tr("review.queue", n=num(len(queue))))
    if queue.empty:
        st.success(tr("review.queue_empty"))
        return []
    table = queue_table(queue, current())
    state = st.dataframe(
        table, key=f"queue-{loaders.generation()}", hide_index=True, on_select="rerun", selection_mode="multi-row",
        height=min(38 + 35 * len(table), 320), column_order=[c for c in table.columns if c != "event_id"],
        column_config={
            "event_date": st.column_config.TextColumn(tr("col.event_date")),
            "event_type": st.column_config.TextColumn(tr("col.event_type")),
            "location": st.column_config.TextColumn(tr("col.location")),
            "casualties": st.column_config.TextColumn(tr("review.casualties")),
            "source": st.column_config.TextColumn(tr("col.source")),
            "confidence": st.column_config.ProgressColumn(tr("col.confidence"), min_value=0.0, max_value=1.0,
                                                          format="%.2f"),
        },
    )
    rows = state.selection.rows if state and hasattr(state, "selection") else []
    ids = [str(table.at[r, "event_id"]) for r in rows]
    before = st.session_state.get(_PREVIOUS, [])
    added = [i for i in ids if i not in before]
    st.session_state[_PREVIOUS] = ids
    if added:
        st.session_state["selected_event"] = added[-1]
    if len(queue) > QUEUE_ROWS:
        st.caption(tr("review.more", n=num(QUEUE_ROWS), total=num(len(queue))))
    return ids


def under_review(queue: pd.DataFrame, shown: pd.DataFrame) -> str | None:
    """The event to review: the session's selected event when the filters show it, else the queue's first."""
    selected = st.session_state.get("selected_event")
    if not (selected and selected in set(shown["event_id"])):
        selected = str(queue["event_id"].iloc[0]) if not queue.empty else None
    st.session_state["selected_event"] = selected
    return selected


def advance(queue: pd.DataFrame, done: Sequence[str]) -> None:
    """After a decision on ``done``: review the next event of the queue that is not among them."""
    ids = list(queue["event_id"])
    after = [i for i in ids[ids.index(done[0]) + 1:] if i not in done] if done and done[0] in ids else []
    rest = after or [i for i in ids if i not in done]
    st.session_state["selected_event"] = rest[0] if rest else None
    st.session_state[_PREVIOUS] = []


def bulk_actions(queue: pd.DataFrame, ids: list[str], under: str | None) -> None:
    """Confirm, reject or merge the ticked events."""
    if not ids:
        st.caption(tr("review.tick_help"))
        return
    conn = loaders.connection()
    cols = st.columns(3)
    who = lambda: analyst.edit_kwargs("")["analyst"]  # noqa: E731  (raises when nobody is signed in)
    if cols[0].button(tr("review.confirm_n", n=num(len(ids))), key="bulk-confirm", type="primary"):
        done = loaders.run_action(lambda: review.set_statuses(conn, ids, "confirmed", tr("review.bulk_reason"),
                                                              analyst=who()))
        if done is not None:
            _after_bulk(queue, ids, under, tr("review.confirmed_n", n=num(len(done))))
    if cols[1].button(tr("review.reject_n", n=num(len(ids))), key="bulk-reject"):
        done = loaders.run_action(lambda: review.set_statuses(conn, ids, "rejected", tr("review.bulk_reject_reason"),
                                                              analyst=who()))
        if done is not None:
            _after_bulk(queue, ids, under, tr("review.rejected_n", n=num(len(done))))
    if len(ids) == 2 and cols[2].button(tr("review.merge_two"), key="bulk-merge",
                                        help=tr("review.merge_two_help")):
        keep, other = (ids if under != ids[1] else ids[::-1])
        n = loaders.run_action(lambda: review.merge_events(conn, keep, other, tr("review.merge_reason"),
                                                           analyst=who()))
        if n is not None:
            analyst.saved(keep)  # the merged event, as it is now, is the version the analyst sees next
            st.session_state["selected_event"] = keep
            st.session_state[_PREVIOUS] = []
            st.session_state["review_flash"] = tr("review.merged", n=num(n))
            st.rerun()


def _after_bulk(queue: pd.DataFrame, ids: list[str], under: str | None, message: str) -> None:
    if under in ids or under is None:
        advance(queue, ids)
    st.session_state[_PREVIOUS] = []
    st.session_state["review_flash"] = message
    st.rerun()
