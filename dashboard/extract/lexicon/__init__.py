"""Lexicons kept as data (JSON beside this file), loaded once and normalised on load."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from dashboard.text.normalize import normalize

_HERE = Path(__file__).parent


@cache
def load(name: str) -> dict[str, Any]:
    """The JSON lexicon ``name`` (without .json), keys starting with '_' dropped."""
    data = json.loads((_HERE / f"{name}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def words(name: str, key: str) -> frozenset[str]:
    """A set of normalised cue strings from lexicon ``name`` under ``key``."""
    return frozenset(normalize(w) for w in load(name)[key])
