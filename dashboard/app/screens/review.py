"""Review page (face layer): the queue of events that need review, most doubtful first; each event's words
highlighted in its article; confirm, reject, correct the place in one move, merge and split; add one by hand."""

import streamlit as st

from dashboard.app import (
    analyst,
    filters,
    loaders,
    review_merge,
    review_panel,
    review_place,
    review_queue,
    selection,
    teach,
)
from dashboard.app.language import tr
from dashboard.events import review, store

events = loaders.events()
chosen = filters.sidebar(events)
shown, _ = selection.filtered(chosen)

st.title(tr("review.title"))
review_panel.flash()
analyst.name_field()
teach.switch()
queue = review.review_queue(shown)
ticked = review_queue.ticked(queue)
event_id = review_queue.under_review(queue, shown)
review_queue.bulk_actions(queue, ticked, event_id)
if event_id:
    conn = loaders.connection()
    event = store.get_event(conn, event_id)
    provenance = store.event_provenance(conn, event_id)
    analyst.track(event)  # the version the analyst edits is the one shown to them

    def after() -> None:
        review_queue.advance(queue, [event_id])

    st.divider()
    card, place = st.columns([3, 2])
    with card:
        review_panel.event_card(event)
        review_panel.status_buttons(event, provenance, after)
        review_panel.article_text(provenance)
    with place:
        review_place.show(event, provenance, after)
    with st.expander(tr("review.edit")):
        review_panel.edit_form(event, provenance)
    with st.expander(tr("review.merge_split")):
        review_merge.show(event, shown)
    with st.expander(tr("review.history")):
        review_panel.history(event_id)
with st.expander(tr("review.add")):
    review_panel.add_form()
