"""Review page (face layer): check an event against its evidence; confirm, edit, reject; add one by hand."""

import streamlit as st

from dashboard.app import filters, loaders, review_panel, selection
from dashboard.events import store

events = loaders.events()
chosen = filters.sidebar(events)
shown, _ = selection.filtered(chosen)

st.title("Review events")
review_panel.flash()
event_id = review_panel.pick_event(shown)
if event_id:
    event = store.get_event(loaders.connection(), event_id)
    card, actions = st.columns([3, 2])
    with card:
        review_panel.event_card(event)
    with actions:
        review_panel.status_buttons(event_id)
        with st.expander("Edit date, type, place, casualties"):
            review_panel.edit_form(event)
    with st.expander("Edit history"):
        review_panel.history(event_id)
with st.expander("Add an event by hand"):
    review_panel.add_form()
