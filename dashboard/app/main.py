"""Incident Map's Streamlit entry point (face layer): ``incident-map serve`` runs ``streamlit run`` on this file.

The navigation's page icons are Streamlit's Material Symbols (a font Streamlit ships), so they draw in a browser
without emoji fonts.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.app import language

HERE = Path(__file__).parent

# The tab's icon stays an emoji: Streamlit fetches a Material page icon from Google's CDN (none offline).
st.set_page_config(page_title=language.tr("app.title"), page_icon="🗺️", layout="wide")
language.switch()
pages = [
    st.Page(HERE / "screens" / "map.py", title=language.tr("nav.map"), icon=":material/map:", default=True),
    st.Page(HERE / "screens" / "review.py", title=language.tr("nav.review"), icon=":material/fact_check:",
            url_path="review"),
    st.Page(HERE / "screens" / "add_articles.py", title=language.tr("nav.add"), icon=":material/post_add:",
            url_path="add"),
    st.Page(HERE / "screens" / "rules.py", title=language.tr("nav.rules"), icon=":material/rule:", url_path="rules"),
]
st.navigation(pages).run()
