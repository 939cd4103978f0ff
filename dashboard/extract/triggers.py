"""Words that report an incident, typed with the ACLED taxonomy (extract layer; lexicon/incident_triggers.json).

>>> [t.sub_event_type for t in find_triggers("وتعرضت القاعدة إلى قصف صاروخي", "ar")]
['Shelling/artillery/missile attack']
>>> find_triggers("Gunmen opened fire on a checkpoint", "en")[0].event_type
'Violence against civilians'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dashboard.extract.lexicon import load
from dashboard.text.normalize import normalize

#: When one clause names several kinds, the most telling wins (a suicide car bomb is a suicide bomb).
SUB_EVENT_PRIORITY = (
    "Suicide bomb",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Armed clash",
    "Abduction/forced disappearance",
    "Attack",
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger found in normalised text (offsets into that normalised text)."""

    start: int
    end: int
    word: str
    event_type: str
    sub_event_type: str
    specific: bool


@cache
def _compiled(language: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str, bool]]]:
    rows = load("incident_triggers")[language]
    entries = {normalize(w): (et, st, strength == "specific") for w, et, st, strength in rows}
    alternation = "|".join(sorted(map(re.escape, entries), key=len, reverse=True))
    if language == "ar":
        pattern = rf"(?<![\w])(?:[وف]?[بلك]?(?:ال)?)({alternation})(?![\w])"
    else:
        pattern = rf"\b({alternation})\b"
    return re.compile(pattern), entries


def find_triggers(text: str, language: str, *, normalized: bool = False) -> list[Trigger]:
    """Incident triggers in ``text`` (normalised first unless ``normalized``)."""
    norm = text if normalized else normalize(text)
    pattern, entries = _compiled(language)
    found = []
    for m in pattern.finditer(norm):
        event_type, sub_event_type, specific = entries[m.group(1)]
        found.append(Trigger(m.start(1), m.end(1), m.group(1), event_type, sub_event_type, specific))
    return found


def best_trigger(triggers: list[Trigger]) -> Trigger | None:
    """The trigger that types the incident: specific before generic, then by SUB_EVENT_PRIORITY."""
    if not triggers:
        return None

    def rank(t: Trigger) -> tuple[int, int]:
        priority = SUB_EVENT_PRIORITY.index(t.sub_event_type) if t.sub_event_type in SUB_EVENT_PRIORITY else 99
        return (0 if t.specific else 1, priority)

    return min(triggers, key=rank)
