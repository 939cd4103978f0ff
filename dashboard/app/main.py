"""Incident Map's Streamlit entry point (face layer): ``incident-map serve`` runs ``streamlit run`` on this file."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.app import language

HERE = Path(__file__).parent

st.set_page_config(page_title=language.tr("app.title"), page_icon="🗺️", layout="wide")
language.switch()
pages = [
    st.Page(HERE / "screens" / "map.py", title=language.tr("nav.map"), icon="🗺️", default=True),
    st.Page(HERE / "screens" / "review.py", title=language.tr("nav.review"), icon="✔️", url_path="review"),
    st.Page(HERE / "screens" / "add_articles.py", title=language.tr("nav.add"), icon="➕", url_path="add"),
    st.Page(HERE / "screens" / "rules.py", title=language.tr("nav.rules"), icon="📏", url_path="rules"),
]
st.navigation(pages).run()
