"""Distances between places: the project's one distance function lives in :mod:`dashboard.geo.ranking`."""

from __future__ import annotations

from dashboard.geo.ranking import haversine_km, km_between

__all__ = ["haversine_km", "km_between"]
