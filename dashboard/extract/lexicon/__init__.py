"""Lexicons kept as data (extract layer): JSON package data beside this file, loaded once, normalised on load."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from dashboard.resources import read_text
from dashboard.text.normalize import normalize


@cache
def load(name: str) -> dict[str, Any]:
    """The JSON lexicon ``name`` (without .json), keys starting with '_' dropped."""
    data = json.loads(read_text("extract", "lexicon", f"{name}.json"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def words(name: str, key: str) -> frozenset[str]:
    """A set of normalised cue strings from lexicon ``name`` under ``key``."""
    return frozenset(normalize(w) for w in load(name)[key])
