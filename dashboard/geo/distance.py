"""Distances between places (great-circle, through geopy)."""

from __future__ import annotations

from functools import lru_cache

from geopy.distance import great_circle

from dashboard.models import Place


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return _km((a.latitude, a.longitude), (b.latitude, b.longitude))


@lru_cache(maxsize=65536)
def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle(a, b).km
