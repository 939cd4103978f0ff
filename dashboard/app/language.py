"""The interface language of the page (face layer): the switch, remembered in the URL, and right-to-left layout.

``?lang=ar`` opens the page in Arabic (English is the default and is left out of the URL). :func:`current` is the
session's language; :func:`tr` a message of :mod:`dashboard.views.i18n` in it. In Arabic the whole page (sidebar,
headings, tables, the map's legend and popups) is laid out right to left: the document gets ``dir="rtl"`` and
``lang="ar"``, and a stylesheet turns Streamlit's containers around.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from dashboard.views import i18n

_RTL_CSS = """<style>
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stHeader"] {direction: rtl;}
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"], h1, h2, h3, label, p {text-align: right;}
[data-testid="stAppViewContainer"] > .main, section.main {direction: rtl;}
[data-testid="stSidebar"] {right: 0; left: auto;}
iframe, [data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"] {direction: ltr;}
</style>"""


_TURNED = "lang_layout_turned"  # the document was set right to left in this session


def current() -> str:
    """The page's language: the session's choice, first taken from ``?lang=``."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = i18n.language_or_default(st.query_params.get("lang"))
    return st.session_state["lang"]


def tr(key: str, **values: Any) -> str:
    """A message in the page's language."""
    return i18n.t(current(), key, **values)


def _remember(language: str) -> None:
    if language == i18n.LANGUAGES[0]:
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != language:
        st.query_params["lang"] = language


def _switched() -> None:
    chosen = st.session_state.get("lang_switch")
    if chosen in i18n.LANGUAGES:
        st.session_state["lang"] = chosen
    else:  # a click on the chosen segment clears it: keep the language
        st.session_state["lang_switch"] = st.session_state["lang"]


def switch() -> str:
    """The language switch (top of the sidebar); applies the layout and keeps the choice in the URL."""
    language = current()
    if st.session_state.get("lang_switch") not in i18n.LANGUAGES:
        st.session_state["lang_switch"] = language
    with st.sidebar:
        st.segmented_control(i18n.t(language, "lang.label"), i18n.LANGUAGES, format_func=i18n.NAMES.__getitem__,
                             key="lang_switch", selection_mode="single", on_change=_switched)
    _remember(language)
    layout(language)
    return language


def layout(language: str) -> None:
    """Right to left in Arabic: the document's ``dir`` and ``lang``, and the containers turned around."""
    direction = i18n.direction(language)
    if direction == "rtl":
        st.markdown(_RTL_CSS, unsafe_allow_html=True)
    elif not st.session_state.get(_TURNED):
        return  # Streamlit's document is already left to right and English: no script (and no iframe) needed
    st.session_state[_TURNED] = True  # once turned, every page sets the direction (back to ltr too)
    components.html(
        "<script>const d = window.parent.document.documentElement;"
        f"d.setAttribute('dir', '{direction}'); d.setAttribute('lang', '{language}');</script>",
        height=0,
    )


def num(value: float, decimals: int = 0) -> str:
    """A number in the page's language."""
    return i18n.number(current(), value, decimals)
