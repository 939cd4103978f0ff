"""What every span of an extracted event must be (used by tests/test_spans.py and bench/span_check.py).

Each check reads the words a span points at with the extractor's own readers, run on those words alone:
the place span is a name of the event's gazetteer place, the type span is a trigger of the event's sub-event type,
a casualty span states a toll, the actor span names the actor, a date span is a date expression; the evidence
spans, trimmed and joined, are the event's evidence, and the clause-level spans lie inside them.
"""

from __future__ import annotations

from dashboard.extract.actors import find_actor
from dashboard.extract.casualties import parse_casualties
from dashboard.extract.dates import find_dates
from dashboard.extract.places import matcher_for
from dashboard.extract.provenance import trigger_spans
from dashboard.extract.triggers import find_triggers
from dashboard.geo.gazetteer import load_gazetteer
from dashboard.geo.translit import skeleton
from dashboard.models import EVIDENCE_JOINER, SPAN_FIELDS, Article, Event
from dashboard.text.normalize import normalize


def _names(words: str, gazetteer_id: str) -> bool:
    """True when ``words`` name the gazetteer place: one of its names, or (a Latin spelling) its transliteration."""
    for match in matcher_for().find(words).matches if words else ():
        if (match.start, match.end) == (0, len(words)) and any(p.gazetteer_id == gazetteer_id
                                                               for p in match.candidates):
            return True
    return words.isascii() and any(p.gazetteer_id == gazetteer_id
                                   for p in load_gazetteer().by_skeleton(skeleton(normalize(words))))


def _inside(pair: tuple[int, int], pieces: list[tuple[int, int]]) -> bool:
    return any(s <= pair[0] and pair[1] <= e for s, e in pieces)


def span_problems(article: Article, event: Event) -> list[str]:
    """Every way ``event.spans`` fails to be the words behind its fields (empty when they are right)."""
    text, spans, lang = article.text, event.spans, article.language
    problems = []
    for name, pairs in spans.items():
        if name not in SPAN_FIELDS:
            problems.append(f"unknown field {name}")
        for s, e in pairs:
            if not 0 <= s < e <= len(text):
                problems.append(f"{name} span {s}:{e} outside the text")
    if problems:
        return problems
    evidence = spans.get("evidence", [])
    if EVIDENCE_JOINER.join(text[s:e] for s, e in evidence) != event.evidence:
        problems.append("evidence spans do not give the evidence")
    for s, e in evidence:
        if text[s:e] != text[s:e].strip():
            problems.append("evidence span not trimmed")
    [place] = spans.get("place") or [(0, 0)]
    if not _names(text[place[0] : place[1]], event.gazetteer_id):
        problems.append(f"place span {text[place[0]:place[1]]!r} does not name {event.location}")
    for s, e in spans.get("place_context", []):  # the kind word right before the name, or what follows it
        before = e <= place[0] and len(text[e : place[0]].split()) <= 1 and e > place[0] - 12
        after = s >= place[1] and s - place[1] <= 60 and bool(matcher_for().find(text[s:e]).matches)
        if not (before or after):
            problems.append(f"place context {text[s:e]!r} is not next to the place {text[place[0]:place[1]]!r}")
    types = spans.get("type", [])
    if not types:
        problems.append("no type span")
    for s, e in types:
        found = find_triggers(text[s:e], lang)  # a trigger of the type, whose whole words are the span
        if not any(t.sub_event_type == event.sub_event_type and trigger_spans(text[s:e], 0, t) == ((0, e - s),)
                   for t in found):
            problems.append(f"type span {text[s:e]!r} is no trigger of {event.sub_event_type}")
        if not _inside((s, e), evidence):
            problems.append(f"type span {text[s:e]!r} outside the evidence")
    if (event.fatalities is not None or event.injured is not None) and not spans.get("casualties"):
        problems.append("tolls without a casualty span")
    for s, e in spans.get("casualties", []):
        if parse_casualties(text[s:e], lang) == (None, None):
            problems.append(f"casualty span {text[s:e]!r} states no toll")
        if not _inside((s, e), evidence):
            problems.append(f"casualty span {text[s:e]!r} outside the evidence")
    for s, e in spans.get("actor", []):
        if find_actor(text[s:e], lang) != event.actor1:
            problems.append(f"actor span {text[s:e]!r} does not name {event.actor1}")
    if event.actor1 and not spans.get("actor"):
        problems.append("actor without an actor span")
    expressions = {(m.start, m.end) for m in find_dates(text, lang)} if spans.get("date") else set()
    for s, e in spans.get("date", []):
        if (s, e) not in expressions:
            problems.append(f"date span {text[s:e]!r} is not one of the article's date expressions")
    if event.candidates and event.candidates[0]["gazetteer_id"] != event.gazetteer_id:
        problems.append("the first candidate is not the chosen place")
    return problems
