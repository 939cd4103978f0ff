"""Review (face layer: the page): the selected event's card; confirm, edit or reject it; add an event by hand.

Every change goes through :mod:`dashboard.events.store`, which logs it with time and reason and sets the
status, so re-ingesting the article never overwrites it.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.app import analyst, loaders, place_search, teach
from dashboard.app.language import current, tr
from dashboard.events import placefix, store
from dashboard.models import EVENT_TYPES, Event
from dashboard.views import i18n

ACLED_TYPES = list(EVENT_TYPES)


def rtl(text: str) -> str:
    """Escaped text in a right-to-left block (for Arabic from articles)."""
    return f"<div dir='rtl' lang='ar' style='text-align:right'>{html.escape(text)}</div>"


def event_card(event: dict[str, Any]) -> None:
    """What an analyst needs to judge an event, every article string escaped."""
    language = current()
    dates = event["event_date"] or tr("card.no_date")
    if event["date_earliest"] and event["date_earliest"] != event["date_latest"]:
        dates += " " + tr("card.between", start=event["date_earliest"], end=event["date_latest"])
    kind = i18n.type_name(language, event["event_type"] or "")
    sub = i18n.type_name(language, event["sub_event_type"] or "")
    st.markdown(f"**{html.escape(str(dates))}** · {html.escape(kind)} — {html.escape(sub)} · "
                f"{tr('card.status')} **{html.escape(i18n.status_name(language, event['status']))}**")
    st.markdown(f"**{html.escape(event['location'] or '')}**, {html.escape(event['admin1'] or '')}")
    if event["location_ar"]:
        st.markdown(rtl(event["location_ar"]), unsafe_allow_html=True)
    unknown = tr("card.unknown")

    def count(value: Any) -> str:
        return unknown if value is None else i18n.number(language, value)

    st.caption(tr("card.casualties", killed=count(event["fatalities"]), injured=count(event["injured"]),
                  confidence=i18n.number(language, event["confidence"], 2)))
    for source in store.event_sources(loaders.connection(), event["event_id"]):
        name = html.escape(source["source"] or tr("card.source"))
        st.markdown(f"**{name}** — `{html.escape(source['article_url'] or '')}`")
        evidence = " ".join((source["evidence"] or "").split())
        if evidence:
            st.markdown(rtl(evidence) if _is_arabic(evidence) else html.escape(evidence), unsafe_allow_html=True)


def _is_arabic(text: str) -> bool:
    return sum("\u0600" <= c <= "\u06ff" for c in text) > len(text) / 4


def status_buttons(event: dict[str, Any], provenance: dict[str, Any], after: Callable[[], None]) -> None:
    """Confirm, reject, or reject as not an incident (a rule for the next ingest), in one click each; the reason
    field is optional. ``after()`` moves the page on to the next event."""
    conn, event_id = loaders.connection(), event["event_id"]
    reason = st.text_input(tr("review.reason"), key=f"reason-{event_id}", placeholder=tr("review.reason_hint"))
    cols = st.columns(3)
    if cols[0].button(tr("review.confirm"), key=f"confirm-{event_id}", type="primary", use_container_width=True):
        _set_status(conn, event_id, "confirmed", reason or tr("review.confirm_reason"), tr("review.confirmed"), after)
    if cols[1].button(tr("review.reject"), key=f"reject-{event_id}", use_container_width=True):
        _set_status(conn, event_id, "rejected", reason or tr("review.reject_reason"), tr("review.rejected"), after)
    if cols[2].button(tr("review.not_incident"), key=f"notinc-{event_id}", use_container_width=True,
                      help=tr("review.not_incident_help")):
        why = reason or tr("review.not_incident_reason")
        _set_status(conn, event_id, "rejected", why, tr("review.rejected"), after,
                    teach=lambda: teach.remember_not_incident(event, provenance, why))


def _set_status(conn: Any, event_id: str, status: str, reason: str, done: str, after: Callable[[], None],
                teach: Callable[[], int | None] | None = None) -> None:
    """Store a status change (with the analyst's name, checked against the version shown); move on and rerun on
    success, keep the message (e.g. a conflict) on the page otherwise."""
    if loaders.run_action(lambda: store.set_status(conn, event_id, status, reason,
                                                   **analyst.edit_kwargs(event_id)) is None):
        analyst.saved(event_id)
        rule = teach() if teach else None
        st.session_state["review_flash"] = done + (" " + tr("review.rule_saved", n=rule) if rule else "")
        after()
        st.rerun()


def article_text(provenance: dict[str, Any]) -> None:
    """The words behind each field highlighted (escaped; right to left for Arabic): the evidence sentence(s)
    first, then the whole article in a scrolling box."""
    from dashboard.views.highlight import highlight_evidence, highlight_html, legend_html

    text = provenance.get("text") or ""
    if not text:
        st.caption(tr("review.no_text"))
        return
    language = provenance.get("language") or "en"
    st.markdown(legend_html(current()), unsafe_allow_html=True)
    evidence = highlight_evidence(provenance)
    if evidence:
        with st.container(border=True, key="review-evidence"):
            direction = "rtl" if language == "ar" else "ltr"
            st.markdown(f'<div dir="{direction}" lang="{html.escape(language)}">{evidence}</div>',
                        unsafe_allow_html=True)
    with st.container(height=240, key="review-article"):
        st.markdown(highlight_html(text, provenance.get("spans") or {}, language=language), unsafe_allow_html=True)


def place_picker(label: str, current: str | None, key: str) -> dict[str, Any] | None:
    """Find a gazetteer place by name (English or Arabic) and pick it; returns its row (the current place's
    when the analyst picks nothing else)."""
    places = loaders.places()
    if places.empty:
        st.caption(tr("form.no_gazetteer"))
        return None
    query = st.text_input(tr("form.place_search", label=label), key=f"{key}-search",
                          placeholder=tr("form.place_example"))
    ids = place_search.search_index(loaders.place_index(), query, current)
    if not ids:
        st.caption(tr("form.no_match", query=query))
        return None
    rows = places.drop_duplicates("gazetteer_id").set_index("gazetteer_id")
    choice = st.selectbox(label, ids, index=0, key=key,
                          format_func=lambda g: place_search.place_label(rows.loc[g].to_dict()))
    return rows.loc[choice].to_dict() | {"gazetteer_id": choice}


def _type_label(event_type: str) -> str:
    """An event type in the page's language (the stored value stays ACLED's English)."""
    return i18n.type_name(current(), event_type)


def _casualty(label: str, value: int | None, key: str) -> int | None:
    number = st.number_input(tr("form.not_stated", label=label), min_value=0, value=value, step=1, key=key)
    return None if number is None else int(number)


def _stored_date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def edit_changes(event: dict[str, Any], *, day: date | None, kind: str, sub: str, place: dict[str, Any] | None,
                 killed: int | None, injured: int | None) -> dict[str, Any]:
    """Only what the analyst changed in the form: a field left as it was is not written (so a place-only
    edit keeps a vague event's date bounds and time precision)."""
    changes: dict[str, Any] = {}
    if day is not None and day != _stored_date(event["event_date"]):
        changes |= {"event_date": day, "date_earliest": day, "date_latest": day, "time_precision": 1}
    if kind != (event["event_type"] or ""):
        changes["event_type"] = kind
    if sub.strip() != (event["sub_event_type"] or ""):
        changes["sub_event_type"] = sub.strip()
    if place and place["gazetteer_id"] != event["gazetteer_id"]:
        changes |= placefix.place_changes(place)
    if killed != event["fatalities"]:
        changes["fatalities"] = killed
    if injured != event["injured"]:
        changes["injured"] = injured
    return changes


def edit_form(event: dict[str, Any], provenance: dict[str, Any] | None = None) -> None:
    """Edit date, type, place and casualties; only the changed fields are stored, with the reason. A changed
    type or place also teaches (a rule, :mod:`dashboard.app.teach`)."""
    event_id = event["event_id"]
    types = ACLED_TYPES if event["event_type"] in ACLED_TYPES or not event["event_type"] else [
        event["event_type"], *ACLED_TYPES]
    # No st.form: the place search must rerun as the analyst types.
    with st.container(key=f"edit-{event_id}"):
        vague = event["date_earliest"] and event["date_earliest"] != event["date_latest"]
        day = st.date_input(tr("form.date") + (" " + tr("form.date_vague", start=event["date_earliest"],
                                                          end=event["date_latest"]) if vague else ""),
                            value=_stored_date(event["event_date"]), key=f"date-{event_id}")
        kind = st.selectbox(tr("form.type"), types, index=types.index(event["event_type"]) if event["event_type"] in
                            types else 0, key=f"type-{event_id}", format_func=_type_label)
        sub = st.text_input(tr("form.sub_type"), value=event["sub_event_type"] or "", key=f"sub-{event_id}")
        place = place_picker(tr("form.place"), event["gazetteer_id"], key=f"place-{event_id}")
        killed = _casualty(tr("form.killed"), event["fatalities"], f"killed-{event_id}")
        injured = _casualty(tr("form.injured"), event["injured"], f"injured-{event_id}")
        reason = st.text_input(tr("form.edit_reason"), key=f"edit-reason-{event_id}")
        if not st.button(tr("form.save"), key=f"save-{event_id}"):
            return
    changes = edit_changes(event, day=day, kind=kind, sub=sub, place=place, killed=killed, injured=injured)
    if not changes:
        st.info(tr("form.nothing_changed"))
        return
    changed = loaders.run_action(lambda: store.edit_event(loaders.connection(), event_id, changes, reason,
                                                          **analyst.edit_kwargs(event_id)))
    if changed is not None:
        analyst.saved(event_id)
        taught = []
        if provenance and {"event_type", "sub_event_type"} & set(changed):
            taught.append(teach.remember_type(event, provenance, changes, reason))
        if provenance and "gazetteer_id" in changed:
            taught.append(teach.remember_place(event, provenance, changes, reason))
        st.session_state["review_flash"] = tr("form.saved", fields=", ".join(changed) or tr("form.no_field")) + "".join(
            " " + tr("review.rule_saved", n=n) for n in taught if n)
        st.rerun()  # the card above shows the new values and the status "edited"


def flash() -> None:
    """The message of the last save, shown once after the rerun that displays its result."""
    message = st.session_state.pop("review_flash", None)
    if message:
        st.success(message)


def history(event_id: str) -> None:
    """Every edit of the event."""
    edits = store.event_edits(loaders.connection(), event_id)
    if edits:
        st.dataframe(pd.DataFrame(edits), hide_index=True)
    else:
        st.caption(tr("form.no_edits"))


def add_form() -> None:
    """Add an event by hand (status confirmed)."""
    with st.container(key="add-event"):  # no st.form: the place search must rerun as the analyst types
        day = st.date_input(tr("form.date"), value=date.today())
        kind = st.selectbox(tr("form.type"), ACLED_TYPES, format_func=_type_label)
        sub = st.text_input(tr("form.sub_type"))
        place = place_picker(tr("form.place"), None, key="add-place")
        killed = _casualty(tr("form.killed"), None, "add-killed")
        injured = _casualty(tr("form.injured"), None, "add-injured")
        notes = st.text_input(tr("form.notes"))
        source = st.text_input(tr("form.source"))
        reason = st.text_input(tr("form.reason"), value=tr("form.by_hand"))
        if not st.button(tr("form.add"), key="add-event-button") or place is None:
            return
    event_id = "manual-" + uuid.uuid4().hex[:12]
    event = loaders.run_action(lambda: Event(
        event_id=event_id, event_date=day, date_earliest=day, date_latest=day, time_precision=1, event_type=kind,
        sub_event_type=sub, location=place["name"], location_ar=place.get("name_ar") or "",
        latitude=float(place["latitude"]), longitude=float(place["longitude"]),
        geo_precision=placefix.PICKED_PRECISION.get(str(place.get("feature") or ""), 1),
        admin1=place.get("admin1") or "", country_code=place.get("country_code") or "IQ",
        gazetteer_id=place["gazetteer_id"], fatalities=killed, injured=injured, actor1="", target="", notes=notes,
        evidence=notes, source=source, language="en", article_id="", article_url="", confidence=1.0,
        status="confirmed"))
    if event and loaders.run_action(lambda: store.add_event(loaders.connection(), event, reason,
                                                            analyst=analyst.edit_kwargs("")["analyst"])):
        st.session_state["selected_event"] = event_id
        st.session_state["highlight"] = [event_id]
        st.success(tr("form.added", event_id=event_id))
