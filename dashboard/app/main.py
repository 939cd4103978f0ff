"""Incident Map's Streamlit entry point (face layer): ``incident-map serve`` runs ``streamlit run`` on this file."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent

st.set_page_config(page_title="Incident Map", page_icon="🗺️", layout="wide")
pages = [
    st.Page(HERE / "screens" / "map.py", title="Map", icon="🗺️", default=True),
    st.Page(HERE / "screens" / "review.py", title="Review", icon="✔️", url_path="review"),
    st.Page(HERE / "screens" / "add_articles.py", title="Add articles", icon="➕", url_path="add"),
]
st.navigation(pages).run()
