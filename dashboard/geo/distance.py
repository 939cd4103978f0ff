"""Distances between places (geo layer): the one great-circle function, through geopy.

>>> round(great_circle_km(33.3152, 44.3661, 36.1900, 44.0092))  # Baghdad to Erbil
322
"""

from __future__ import annotations

from functools import lru_cache

from geopy.distance import great_circle

from dashboard.models import Place


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return _km((a.latitude, a.longitude), (b.latitude, b.longitude))


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points (degrees) in kilometres."""
    return _km((lat1, lon1), (lat2, lon2))


@lru_cache(maxsize=65536)
def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle(a, b).km
