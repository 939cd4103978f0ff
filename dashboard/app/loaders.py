"""Cached store access for the pages (face layer): one connection per server, frames cached per generation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard.errors import EditConflict, IncidentMapError
from dashboard.events import store
from dashboard.events.backends import StoreConnection
from dashboard.settings import resolve

T = TypeVar("T")


def db_path() -> str:
    """The store: a file or a postgresql:// URL (INCIDENT_MAP_DB, set by ``incident-map serve --db``)."""
    return resolve("db")


def tiles_setting() -> str:
    """The online tile URL template, or 'offline'."""
    return resolve("tiles")


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> StoreConnection:
    return store.open_store(path)


def connection() -> StoreConnection:
    """The store's connection (shared; writers are serialised, readers go on; a PostgreSQL one reconnects)."""
    return _connection(db_path())


@st.cache_resource(show_spinner="Loading events…", max_entries=1)
def _events(path: str, generation: int) -> pd.DataFrame:
    return store.load_events(_connection(path))


def events() -> pd.DataFrame:
    """The whole event table, reloaded only when the store changed (shared: never modify it in place)."""
    conn = connection()
    return _events(db_path(), store.generation(conn))


def generation() -> int:
    """The store's write counter (part of every cache key)."""
    return store.generation(connection())


@st.cache_resource(show_spinner=False, max_entries=2)
def _places(path: str, generation: int) -> pd.DataFrame:
    try:
        from dashboard.geo.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        rows = [dict(gazetteer_id=p.gazetteer_id, name=p.name, name_ar=p.name_ar, latitude=p.latitude,
                     longitude=p.longitude, admin1=p.admin1, admin2=getattr(p, "admin2", "") or "",
                     country_code=p.country_code, feature=p.feature, alt_names="|".join(p.alt_names))
                for p in gaz.places]
        gazetteer = pd.DataFrame(rows)
    except (ImportError, IncidentMapError):
        gazetteer = pd.DataFrame()
    known = store.known_places(_connection(path))
    return pd.concat([gazetteer, known], ignore_index=True).drop_duplicates("gazetteer_id").reset_index(drop=True)


def places() -> pd.DataFrame:
    """Places an analyst can pick: the gazetteer, plus places already in the store (shared: never modify it)."""
    return _places(db_path(), generation())


@st.cache_resource(show_spinner=False, max_entries=2)
def _place_index(path: str, generation: int) -> Any:
    from dashboard.app.place_search import build_index

    return build_index(_places(path, generation))


def place_index() -> Any:
    """The search index of :func:`places` (built once per store generation)."""
    return _place_index(db_path(), generation())


def run_action(action: Callable[[], T], success: str = "") -> T | None:
    """Run a store action; an IncidentMapError becomes ``st.error`` instead of a traceback."""
    try:
        result = action()
    except EditConflict as exc:
        from dashboard.app.analyst import show_conflict

        show_conflict(exc)
        return None
    except IncidentMapError as exc:
        st.error(str(exc))
        return None
    if success:
        st.toast(success)
    return result


def remember(key: str, value: Any) -> None:
    """Keep a value across pages for this browser session."""
    st.session_state[key] = value
