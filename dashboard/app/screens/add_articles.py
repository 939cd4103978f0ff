"""Add-articles page (face layer): upload or paste articles and extract their events."""

import streamlit as st

from dashboard.app import upload_panel

st.title("Add articles")
st.caption("Upload .txt / .html / .md files or paste a report; set its publication date and language.")
articles, requested = upload_panel.form()
if requested:
    report = upload_panel.run(articles)
    if report and report.added:
        st.page_link("screens/map.py", label="See the new events on the map", icon="🗺️")
