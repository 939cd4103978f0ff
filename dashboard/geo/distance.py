"""Distances between places (geo layer): the project's one distance function (great circle, haversine).

>>> round(haversine_km(33.3152, 44.3661, 36.1900, 44.0092))  # Baghdad to Erbil
322
"""

from __future__ import annotations

import math
from functools import lru_cache

from dashboard.models import Place


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (the project's one distance function)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return _km(a.latitude, a.longitude, b.latitude, b.longitude)


@lru_cache(maxsize=65536)
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return haversine_km(lat1, lon1, lat2, lon2)
