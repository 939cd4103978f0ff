"""Distances between places (great-circle, through geopy)."""

from __future__ import annotations

from geopy.distance import great_circle

from dashboard.models import Place


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km
