"""Which governorate (admin1) and district (admin2) a point lies in (geo layer): point-in-polygon on shipped shapes.

The shapes are Who's On First's Iraqi ``region`` and ``county`` polygons (Mesoshapes, CC0; a few
Quattroshapes, CC BY), simplified by ``scripts/build_gazetteer.py`` into ``dashboard/geo/data/admin_areas.json``
(see data/README.md). An event's ``admin1``/``admin2`` come from here, not from the gazetteer row, so a place
the gazetteer files loosely still lands in the district its point is in.

>>> areas = admin_areas()
>>> areas.locate(33.3128, 44.3615)  # central Baghdad
('Baghdad', 'Resafa')
>>> areas.locate(40.0, 20.0)  # outside Iraq
('', '')
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from dashboard.resources import resource_path

#: Points this close (degrees, about 2-3 km) outside every simplified shape still get the nearest one:
#: simplification moves borders a little, and rivers and coasts carry gazetteer points on their edges.
EDGE_DEGREES = 0.03
SHAPES_FILE = "admin_areas.json"


@dataclass(frozen=True, slots=True)
class Area:
    """One governorate or district shape."""

    level: str  # "governorate" or "district"
    admin1: str  # canonical governorate name
    admin2: str  # district name ("" for a governorate)
    admin2_ar: str
    geometry: object  # shapely geometry


class AdminAreas:
    """Point-in-polygon look-ups over governorate and district shapes (shapely STRtree)."""

    def __init__(self, areas: list[Area]) -> None:
        from shapely import STRtree

        self.governorates = [a for a in areas if a.level == "governorate"]
        self.districts = [a for a in areas if a.level == "district"]
        self._gov_tree = STRtree([a.geometry for a in self.governorates])
        self._dist_tree = STRtree([a.geometry for a in self.districts])

    @classmethod
    def from_geojson(cls, data: dict) -> AdminAreas:
        """Areas from a GeoJSON FeatureCollection with ``level``, ``admin1``, ``admin2``, ``admin2_ar`` properties."""
        from shapely.geometry import shape

        areas = []
        for feature in data["features"]:
            p = feature["properties"]
            areas.append(Area(p["level"], p["admin1"], p.get("admin2", ""), p.get("admin2_ar", ""),
                              shape(feature["geometry"])))
        return cls(areas)

    def _find(self, tree: object, areas: list[Area], lat: float, lon: float) -> Area | None:
        from shapely import Point

        point = Point(lon, lat)
        hits = [areas[i] for i in tree.query(point, predicate="intersects")]  # type: ignore[attr-defined]
        if hits:
            return min(hits, key=lambda a: a.geometry.area)  # type: ignore[attr-defined]
        nearest = tree.query_nearest(point, max_distance=EDGE_DEGREES)  # type: ignore[attr-defined]
        return areas[int(nearest[0])] if len(nearest) else None

    def locate(self, latitude: float, longitude: float) -> tuple[str, str]:
        """(admin1, admin2) of a point; ('', '') outside Iraq, admin2 '' where no district shape covers it."""
        district = self._find(self._dist_tree, self.districts, latitude, longitude)
        governorate = self._find(self._gov_tree, self.governorates, latitude, longitude)
        if governorate is None:
            return ("", "")
        if district is not None and district.admin1 == governorate.admin1:
            return (governorate.admin1, district.admin2)
        return (governorate.admin1, "")

    def district_names(self, admin1: str = "") -> list[str]:
        """District names, of one governorate when given, sorted."""
        return sorted({a.admin2 for a in self.districts if not admin1 or a.admin1 == admin1})


def shapes_path() -> Path:
    """The shipped shapes file inside the installed package (wheel or editable)."""
    return resource_path("geo", "data", SHAPES_FILE)


@functools.cache
def admin_areas(path: str | None = None) -> AdminAreas:
    """The (cached) governorate and district shapes; default the shipped file."""
    with open(path or shapes_path(), encoding="utf-8") as handle:
        return AdminAreas.from_geojson(json.load(handle))


def locate(latitude: float, longitude: float) -> tuple[str, str]:
    """(admin1, admin2) of a point from the shipped shapes."""
    return admin_areas().locate(latitude, longitude)
