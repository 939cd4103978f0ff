"""Add-articles page (face layer): upload or paste articles and extract their events."""

import streamlit as st

from dashboard.app import upload_panel
from dashboard.app.language import tr

st.title(tr("add.title"))
st.caption(tr("add.caption"))
articles, requested = upload_panel.form()
if requested:
    report = upload_panel.run(articles)
    if report and report.added:
        st.page_link("screens/map.py", label=tr("add.see_map"), icon="🗺️")
