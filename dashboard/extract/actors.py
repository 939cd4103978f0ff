"""Perpetrator and target as the text states them, empty when it does not (extract layer).

>>> find_actor("Islamic State militants detonated a car bomb in Tikrit", "en")
'Islamic State (ISIS)'
>>> find_target("وكشفت مصادر أن صاروخين استهدفا الجناح العسكري الأميركي في القاعدة", "ar")
'الجناح العسكري الأميركي'
"""

from __future__ import annotations

import re
from functools import cache

from dashboard.extract.lexicon import load
from dashboard.text.normalize import normalize, normalize_with_offsets

_STOP = re.compile(
    r"[,.;:،؛\"“”«»()]"
    r"| (?:في|قرب|داخل|الخاص|التي|الذي|مما|ما|in|near|at|on|killing|wounding|which|who|that) "
)


@cache
def _actor_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    entries = {normalize(p): name for p, name in load("actors")[language]}
    alternation = "|".join(sorted(map(re.escape, entries), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:[وب]?(?:ال)?)?({alternation})(?!\w)"), entries


def find_actor(text: str, language: str) -> str:
    """Canonical name of the first actor the text names, or ''."""
    pattern, entries = _actor_pattern(language)
    m = pattern.search(normalize(text))
    return entries[m.group(1)] if m else ""


@cache
def _target_pattern(language: str) -> re.Pattern[str]:
    cues = sorted((normalize(c) for c in load("actors")[f"target_{language}"]), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, cues))}) ")


def find_target(text: str, language: str) -> str:
    """The phrase after the first targeting cue ("استهدفا X", "targeting X"), cut at a place or clause end."""
    norm, offsets = normalize_with_offsets(text)
    m = _target_pattern(language).search(norm)
    if not m:
        return ""
    rest = norm[m.end() :]
    stop = _STOP.search(rest)
    end = m.end() + (stop.start() if stop else len(rest))
    if end <= m.end():
        return ""
    phrase = text[offsets[m.end()] : offsets[end - 1] + 1].strip()
    return phrase if len(phrase.split()) <= 8 else " ".join(phrase.split()[:8])
