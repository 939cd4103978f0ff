"""Corrections that teach (store layer): an analyst's correction remembered as a rule the next ingest applies.

A rule is scoped to what the analyst saw, so it changes only what would have been wrong the same way:

``place``         this place name (the mention's words, normalised), where the ranker put it in this district,
                  is this place (``changes``: the place fields the analyst chose or the point set on the map);
                  an empty ``scope`` means in any district.
``type``          this trigger phrase means this event type and sub-event type (``changes``), for any place.
``not_incident``  this trigger phrase, said of this place name (``scope``; empty: of any place), is not an
                  incident: the ingest drops it.

Rules are stored in the ``correction_rules`` table (schema 6) and counted by the store's ``rules_version``
(meta), bumped by every added or removed rule: an article stored under older rules is extracted and stored
again when it is re-ingested, with the rules of now, while analysts' edits are kept (the store never
overwrites an event whose status is not ``auto``). Applying them is :mod:`dashboard.pipeline.corrections`.

>>> from dashboard.events.store import open_store
>>> conn = open_store(":memory:")
>>> rid = add_rule(conn, "place", "Al-Rashidiya", {"latitude": 33.44, "longitude": 44.38}, scope="Mosul")
>>> [(r.kind, r.phrase, r.scope) for r in load_rules(conn)], rules_version(conn)
([('place', 'al rashidiya', 'Mosul')], 1)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard.errors import StoreError
from dashboard.events.backends import StoreConnection
from dashboard.events.schema import now, transaction
from dashboard.events.store import current_rules_version
from dashboard.text.normalize import normalize

KINDS = ("place", "type", "not_incident")
#: What a rule of each kind may change.
CHANGEABLE = {
    "place": frozenset({"gazetteer_id", "location", "location_ar", "latitude", "longitude", "geo_precision",
                        "admin1", "admin2", "country_code"}),
    "type": frozenset({"event_type", "sub_event_type"}),
    "not_incident": frozenset(),
}

@dataclass(frozen=True, slots=True)
class Rule:
    """One stored correction rule (see the module docstring for the kinds)."""

    rule_id: int
    kind: str
    phrase: str  # normalised (text.normalize)
    scope: str = ""
    changes: Mapping[str, Any] = field(default_factory=dict)
    seen: str = ""  # the words as the article wrote them
    event_id: str = ""  # the event whose correction made the rule
    reason: str = ""
    analyst: str = ""
    created_at: str = ""


def key(text: str) -> str:
    """How a phrase or place name is compared: normalised (Arabic letter forms folded, lower case, no marks)."""
    return normalize(text or "")


def seen_words(text: str, spans: Mapping[str, Any]) -> dict[str, str]:
    """The words behind an event's place and type, as the article wrote them: the text of its first ``place``
    and ``type`` spans ("" for a field without a span)."""
    words = {}
    for name in ("place", "type"):
        found = (spans or {}).get(name) or ()
        words[name] = text[int(found[0][0]):int(found[0][1])].strip() if found and text else ""
    return words


def rules_version(conn: StoreConnection) -> int:
    """A counter bumped by every added or removed rule."""
    return current_rules_version(conn)


def _bump(conn: StoreConnection) -> None:
    conn.execute("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'rules_version'")


def add_rule(conn: StoreConnection, kind: str, phrase: str, changes: Mapping[str, Any] | None = None, *,
             scope: str = "", event_id: str = "", reason: str = "", analyst: str = "") -> int:
    """Remember a correction (a rule of the same kind, phrase and scope is replaced); returns its id."""
    if kind not in KINDS:
        raise StoreError(f"rule kind must be one of {', '.join(KINDS)}, got {kind!r}")
    phrase_key = key(phrase)
    if not phrase_key:
        raise StoreError("a rule needs the words it applies to (a place name or a phrase)")
    changes = dict(changes or {})
    unknown = set(changes) - CHANGEABLE[kind]
    if unknown:
        raise StoreError(f"a {kind} rule cannot change {sorted(unknown)}")
    if kind != "not_incident" and not changes:
        raise StoreError(f"a {kind} rule needs what to change")
    scope_key = scope.strip() if kind == "place" else key(scope)
    with transaction(conn):
        conn.execute("DELETE FROM correction_rules WHERE kind = ? AND phrase = ? AND scope = ?",
                     (kind, phrase_key, scope_key))
        conn.execute(
            "INSERT INTO correction_rules (kind, phrase, scope, changes, seen, event_id, reason, analyst, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, phrase_key, scope_key, json.dumps(changes, ensure_ascii=False, default=str), phrase.strip(),
             event_id, reason, analyst.strip(), now()))
        _bump(conn)
        row = conn.execute("SELECT rule_id FROM correction_rules WHERE kind = ? AND phrase = ? AND scope = ?",
                           (kind, phrase_key, scope_key)).fetchone()
    return int(row[0])


def load_rules(conn: StoreConnection) -> list[Rule]:
    """Every rule, oldest first."""
    rows = conn.execute("SELECT rule_id, kind, phrase, scope, changes, seen, event_id, reason, analyst, created_at "
                        "FROM correction_rules ORDER BY rule_id").fetchall()
    return [Rule(int(r[0]), r[1], r[2], r[3] or "", json.loads(r[4] or "{}"), *(v or "" for v in r[5:]))
            for r in rows]


def delete_rules(conn: StoreConnection, rule_ids: list[int]) -> int:
    """Remove rules (the next ingest no longer applies them); returns how many were removed."""
    removed = 0
    with transaction(conn):
        for rule_id in rule_ids:
            cursor = conn.execute("DELETE FROM correction_rules WHERE rule_id = ?", (int(rule_id),))
            removed += max(int(getattr(cursor, "rowcount", 0) or 0), 0)
        if removed:
            _bump(conn)
    return removed
