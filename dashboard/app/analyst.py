"""Who is editing, and which version of an event they see (face layer: the page; for the conflict check).

The analyst's name comes from the header the authenticating reverse proxy sets (``--trusted-user-header``,
e.g. ``X-Forwarded-User``) when one is configured: then it cannot be typed in, and an edit without it is
refused. Otherwise the page asks for a name (kept for the browser session).

The version an analyst edits is the one the page showed when they opened the event: :func:`track` remembers
it while the event stays on screen (the form's fields keep what the analyst typed across reruns, so a newer
version read on a later rerun must not count as seen), and :func:`edit_kwargs` passes it to the store, which
refuses the edit if another analyst changed the event since (:class:`~dashboard.errors.EditConflict`, shown by
:func:`show_conflict` with both versions side by side). After a save or a conflict, the next version shown
counts as opened.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.app.language import tr
from dashboard.errors import EditConflict, StoreError
from dashboard.settings import resolve

_OPENED = "analyst_opened_version"  # (event_id, row_version) of the event on screen, as it was opened


def trusted_header() -> str:
    return resolve("trusted_user_header").strip()


def name() -> str | None:
    """The analyst's name: from the proxy's header if configured (None if it is missing), else the name field."""
    header = trusted_header()
    if header:
        value = (st.context.headers.get(header) or "").strip()
        return value or None
    return (st.session_state.get("analyst_name") or "").strip()


def name_field() -> None:
    """In the sidebar: who is signed in (proxy), or a name field."""
    header = trusted_header()
    if header:
        who = name()
        if who:
            st.sidebar.caption(tr("analyst.signed_in", name=f"**{html.escape(who)}**"))
        else:
            st.sidebar.warning(f"No `{html.escape(header)}` header: open the page through the team's sign-in proxy "
                               "to edit events.")
        return
    st.sidebar.text_input(tr("analyst.name"), key="analyst_name", help=tr("analyst.name_help"))


def track(event: dict[str, Any]) -> None:
    """The event on screen: remember its version when it is opened (another event was on screen before, or the
    analyst saved); keep that version while it stays on screen."""
    opened = st.session_state.get(_OPENED)
    if opened is None or opened[0] != event["event_id"]:
        st.session_state[_OPENED] = (event["event_id"], int(event["row_version"]))


def edit_kwargs(event_id: str) -> dict[str, Any]:
    """``analyst`` and ``expected_version`` for a store edit of ``event_id`` (StoreError if nobody is signed in)."""
    who = name()
    if who is None:
        raise StoreError(f"no {trusted_header()} header in this request, so nothing was changed: open the page "
                         "through the team's sign-in proxy to edit events")
    opened = st.session_state.get(_OPENED)
    return {"analyst": who, "expected_version": opened[1] if opened and opened[0] == event_id else None}


def saved(event_id: str) -> None:
    """After the analyst's own save (or a conflict shown): the next version shown counts as opened."""
    opened = st.session_state.get(_OPENED)
    if opened and opened[0] == event_id:
        del st.session_state[_OPENED]


def show_conflict(conflict: EditConflict) -> None:
    """The conflict message, both versions of the fields in question, and the edits made in between."""
    st.error(str(conflict))
    fields = list(dict.fromkeys([*conflict.mine, *(e["field"] for e in conflict.since if e["field"] in
                                                   conflict.theirs)]))
    rows = [{"field": f, "your change": _show(conflict.mine.get(f, "")) if f in conflict.mine else "(unchanged)",
             "now stored": _show(conflict.theirs.get(f))} for f in fields]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    if conflict.since:
        since = pd.DataFrame(conflict.since)[["edited_at", "analyst", "field", "old", "new", "reason"]]
        st.caption(tr("analyst.changed_meanwhile"))
        st.dataframe(since, hide_index=True)
    saved(conflict.event_id)  # what the page shows next is the current version: saving again is based on it


def _show(value: Any) -> str:
    return "" if value is None else str(value)
