"""Analysts' correction rules applied to freshly extracted events (pipeline layer), before they are stored.

The rules are :mod:`dashboard.events.rules`. What an event's words were comes from its provenance: the place
mention and the type trigger are the text of its ``place`` and ``type`` spans in the article (the mention also
from ``raw["mention"]`` when there are no spans). A corrected event keeps its id (the id of what was extracted),
so re-ingesting an article whose event an analyst corrected finds that event and never adds a second one.

>>> apply_rules(None, [], [])
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dashboard.events.backends import StoreConnection
from dashboard.events.rules import Rule, key, load_rules, rules_version, seen_words
from dashboard.models import Article, Event


def words_seen(article: Article | None, event: Event) -> dict[str, str]:
    """The place mention and the trigger phrase of ``event``, as written (the mention from ``raw["mention"]``
    when the event has no place span)."""
    words = seen_words(article.text if article else "", getattr(event, "spans", None) or {})
    if not words["place"]:
        words["place"] = str(event.raw.get("mention", ""))
    return words


def _note(event: Event, rule: Rule) -> str:
    words = rule.seen or rule.phrase
    return f"{event.notes} | corrected by rule {rule.rule_id} ({rule.kind}: {words})".lstrip(" |")


def _matches(rule: Rule, mention: str, trigger: str, event: Event) -> bool:
    if rule.kind == "place":
        return rule.phrase == mention and (not rule.scope or rule.scope == event.admin2)
    if rule.kind == "type":
        return rule.phrase == trigger
    return rule.phrase == trigger and (not rule.scope or rule.scope == mention)


def apply_rules(article: Article | None, events: Sequence[Event], rules: Sequence[Rule]) -> list[Event]:
    """``events`` with the rules applied: an event a ``not_incident`` rule matches is dropped; a ``place`` or
    ``type`` rule replaces those fields (the newest matching rule of each kind wins) and says so in the notes."""
    if not rules:
        return list(events)
    out: list[Event] = []
    for event in events:
        seen = words_seen(article, event)
        mention, trigger = key(seen["place"]), key(seen["type"])
        matching = [r for r in rules if _matches(r, mention, trigger, event)]
        if any(r.kind == "not_incident" for r in matching):
            continue
        for kind in ("place", "type"):
            chosen = [r for r in matching if r.kind == kind]
            if chosen:
                event = _corrected(event, chosen[-1])
        out.append(event)
    return out


def _corrected(event: Event, rule: Rule) -> Event:
    changes: dict[str, Any] = {k: v for k, v in rule.changes.items() if hasattr(event, k)}
    for name in ("latitude", "longitude"):
        if name in changes:
            changes[name] = float(changes[name])
    if "geo_precision" in changes:
        changes["geo_precision"] = int(changes["geo_precision"])
    return replace(event, **changes, notes=_note(event, rule))


class RuleBook:
    """The store's rules, reloaded when they change (an ingest run checks before each article or batch)."""

    def __init__(self, conn: StoreConnection) -> None:
        self.conn, self.version, self.rules = conn, -1, []

    def current(self) -> tuple[list[Rule], int]:
        """The rules and their version, as stored now."""
        version = rules_version(self.conn)
        if version != self.version:
            self.rules, self.version = load_rules(self.conn), version
        return self.rules, self.version

    def apply(self, article: Article, events: Sequence[Event]) -> tuple[list[Event], int]:
        """``events`` corrected by the rules of now, and the version of those rules (to store with the article)."""
        rules, version = self.current()
        return apply_rules(article, events, rules), version
