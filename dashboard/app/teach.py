"""Corrections that teach (face layer: the page): the Review page's corrections remembered as rules.

A switch on the Review page ("Corrections teach the next ingest", on by default) decides whether a correction
also becomes a rule (:mod:`dashboard.events.rules`), scoped to the words the event was read from (its
provenance's spans): a corrected place → this place name, in the district the ranker chose, is this place; a
corrected type → this trigger phrase is this type; "not an incident" → this trigger phrase, said of this place
name, is not an incident. An event without spans (added by hand, or stored before provenance) teaches nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard.app import analyst, loaders
from dashboard.app.language import tr
from dashboard.events import rules

_KEY = "review_teach"


def switch() -> None:
    """The switch (in the sidebar), on by default."""
    st.session_state.setdefault(_KEY, True)
    st.sidebar.toggle(tr("review.teach"), key=_KEY, help=tr("review.teach_help"))


def on() -> bool:
    return bool(st.session_state.get(_KEY, True))


def words(provenance: Mapping[str, Any]) -> dict[str, str]:
    """The place mention and the trigger phrase behind an event, as the article wrote them."""
    return rules.seen_words(provenance.get("text") or "", provenance.get("spans") or {})


def _add(kind: str, phrase: str, changes: Mapping[str, Any], *, scope: str, event_id: str, reason: str) -> int | None:
    if not on() or not phrase.strip():
        return None
    return loaders.run_action(lambda: rules.add_rule(loaders.connection(), kind, phrase, changes, scope=scope,
                                                     event_id=event_id, reason=reason,
                                                     analyst=analyst.name() or ""))


def remember_place(event: Mapping[str, Any], provenance: Mapping[str, Any], changes: Mapping[str, Any],
                   reason: str) -> int | None:
    """A place rule from a place correction: the mention, in the district the event was in before it."""
    place = {k: v for k, v in changes.items() if k in rules.CHANGEABLE["place"]}
    return _add("place", words(provenance)["place"], place, scope=str(event.get("admin2") or ""),
                event_id=str(event["event_id"]), reason=reason)


def remember_type(event: Mapping[str, Any], provenance: Mapping[str, Any], changes: Mapping[str, Any],
                  reason: str) -> int | None:
    """A type rule from a type correction: the trigger phrase means the new type."""
    kinds = {k: changes.get(k, event.get(k)) for k in ("event_type", "sub_event_type")}
    return _add("type", words(provenance)["type"], kinds, scope="", event_id=str(event["event_id"]), reason=reason)


def remember_not_incident(event: Mapping[str, Any], provenance: Mapping[str, Any], reason: str) -> int | None:
    """A not-an-incident rule: the trigger phrase, said of the event's place mention."""
    seen = words(provenance)
    return _add("not_incident", seen["type"], {}, scope=seen["place"], event_id=str(event["event_id"]),
                reason=reason)
