"""Which words gave each field of an incident (extract layer): spans into ``Article.text``, kept through merges.

The clause reader records, per incident, the trigger that typed it, the phrases that gave its tolls and the
actor's name (``Incident.spans``); the place's words travel with its :class:`~dashboard.models.PlaceMention`
(the mention, and the words that chose its candidate), the date's with its :class:`~dashboard.models.DateSpan`.
When two incidents merge, each field keeps the spans of the report its value came from (:func:`carried`).
:func:`incident_spans` gathers them all, with the evidence sentences, as ``Event.spans``.

>>> from dashboard.extract.triggers import best_trigger, find_triggers
>>> text = "Two soldiers were killed when a roadside bomb exploded."
>>> [text[s:e] for s, e in trigger_spans(text, 0, best_trigger(find_triggers(text, "en")))]
['roadside bomb']
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.extract.triggers import Trigger
from dashboard.models import Incident
from dashboard.text.normalize import source_spans, whole_words

Spans = tuple[tuple[int, int], ...]


def trigger_spans(text: str, base: int, trigger: Trigger) -> Spans:
    """The trigger's whole words in ``text`` (which starts at ``base`` in the article), as article offsets."""
    found = source_spans(text, [(trigger.start, trigger.end)])
    return tuple((base + s, base + e) for s, e in (whole_words(text, *p) for p in found))


def shifted(spans: list[tuple[int, int]], base: int) -> Spans:
    return tuple((base + s, base + e) for s, e in spans)


def carried(result: Incident, *sources: Incident) -> Incident:
    """``result`` (a merge of ``sources``) with, for each field, the spans of the sources its value came from: the
    first source of its type, every source whose toll it kept, the first source naming its actor."""
    spans: dict[str, Spans] = {}
    typed = [s for s in sources if s.sub_event_type == result.sub_event_type and s.spans.get("type")]
    if typed:
        spans["type"] = typed[0].spans["type"]
    tolls = sorted({p for s in sources for p in s.spans.get("casualties", ())
                    if (s.fatalities is not None and s.fatalities == result.fatalities)
                    or (s.injured is not None and s.injured == result.injured)})
    if tolls:
        spans["casualties"] = tuple(tolls)
    actors = [s for s in sources if result.actor1 and s.actor1 == result.actor1 and s.spans.get("actor")]
    if actors:
        spans["actor"] = actors[0].spans["actor"]
    return replace(result, spans=spans)


def evidence_spans(text: str, incident: Incident) -> list[tuple[int, int]]:
    """The incident's evidence sentences with surrounding white space trimmed (what ``Event.evidence`` shows)."""
    out = []
    for start, end in incident.evidence:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trimmed = (start + lead, start + lead + len(piece.strip()))
        if trimmed[0] < trimmed[1]:
            out.append(trimmed)
    return out


def incident_spans(text: str, incident: Incident) -> dict[str, list[tuple[int, int]]]:
    """``Event.spans`` of an incident: field -> sorted [start, end) offsets into ``text`` (the article's)."""
    mention = incident.place
    spans: dict[str, list[tuple[int, int]]] = {
        "evidence": evidence_spans(text, incident),
        "place_context": list(mention.context),
        "place": [(mention.start, mention.end)],
        "date": list(incident.dates.spans) if incident.dates is not None else [],
        **{name: list(pairs) for name, pairs in incident.spans.items()},
    }
    return {name: sorted(set(pairs)) for name, pairs in spans.items() if pairs}
