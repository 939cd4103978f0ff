"""Rules page (face layer): the analysts' corrections the next ingest applies; remove the ones that are wrong."""

import streamlit as st

from dashboard.app import rules_panel
from dashboard.app.language import tr

st.title(tr("rules.title"))
st.caption(tr("rules.caption"))
message = st.session_state.pop("rules_flash", None)
if message:
    st.success(message)
rules_panel.show()
