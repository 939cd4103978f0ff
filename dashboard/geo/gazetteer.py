"""Load gazetteers into :class:`Gazetteer` (geo layer): the shipped CSV, a GeoNames dump, or a name/lat/lon CSV.

Three formats are read, chosen by the file:

* the project CSV (``data/gazetteer.csv``, columns in data/README.md), and any user CSV that has at least a
  name and latitude/longitude columns (``lat``/``lon``/``lng`` also accepted; other columns optional);
* a GeoNames dump (``IQ.txt``, ``allCountries.txt``: tab-separated, 19 columns, no header), with Arabic names
  from ``alternateNamesV2.txt`` when that file lies beside it or is given.

Several paths merge into one gazetteer; the first row with a given ``gazetteer_id`` wins, so put the curated
file first. A malformed row raises :class:`GazetteerError` naming the file, the line and the problem.

>>> gaz = load_gazetteer()
>>> gaz.admin1_place("Saladin").admin1
'Salah al-Din'
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from dashboard.errors import GazetteerError, ValidationError
from dashboard.geo.cache import cache_dir, no_gc, prune_cache
from dashboard.geo.translit import skeleton
from dashboard.models import Place
from dashboard.resources import resource_path
from dashboard.settings import SETTINGS, resolve
from dashboard.text.normalize import is_arabic, normalize

ENV_VAR = SETTINGS["gazetteer"].env
PathLike = str | Path

_COLUMN_ALIASES = {
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "name": ("name", "place", "place_name", "toponym"),
}
#: GeoNames feature codes -> the project's feature kinds (codes not listed become their lower-cased class).
_GEONAMES_FEATURES = {
    "PCLI": "country", "ADM1": "governorate", "ADM2": "district", "ADM3": "district", "PPLX": "neighbourhood",
    "AIRP": "airport", "AIRB": "military_base", "AIRF": "airport", "MILB": "military_base",
    "INSM": "military_base", "BLDG": "government_building", "ADMF": "government_building",
}
#: GeoNames admin1 codes of Iraq -> canonical governorate names, so a GeoNames dump fills ``admin1``.
_IRAQ_ADMIN1 = {
    "01": "Anbar", "02": "Basra", "03": "Muthanna", "04": "Qadisiyah", "05": "Sulaymaniyah", "06": "Babil",
    "07": "Baghdad", "08": "Duhok", "09": "Dhi Qar", "10": "Diyala", "11": "Erbil", "12": "Karbala",
    "13": "Kirkuk", "14": "Maysan", "15": "Nineveh", "16": "Wasit", "17": "Najaf", "18": "Salah al-Din",
    "19": "Halabja",
}
#: ISO 3166-2 codes of Iraqi governorates -> canonical names (Halabja has no ISO code yet).
ISO_ADMIN1 = {
    "IQ-AN": "Anbar", "IQ-AR": "Erbil", "IQ-BA": "Basra", "IQ-BB": "Babil", "IQ-BG": "Baghdad",
    "IQ-DA": "Duhok", "IQ-DI": "Diyala", "IQ-DQ": "Dhi Qar", "IQ-KA": "Karbala", "IQ-KI": "Kirkuk",
    "IQ-MA": "Maysan", "IQ-MU": "Muthanna", "IQ-NA": "Najaf", "IQ-NI": "Nineveh", "IQ-QA": "Qadisiyah",
    "IQ-SD": "Salah al-Din", "IQ-SU": "Sulaymaniyah", "IQ-WA": "Wasit",
}


class Gazetteer:
    """An immutable set of places with look-ups by id, by normalised name, by governorate and by country."""

    __slots__ = ("_admin1", "_by_id", "_countries", "_members", "_names", "_skeletons", "places")

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self._by_id = {p.gazetteer_id: p for p in self.places}
        self._names = _build_name_index(self.places)
        self._admin1 = _build_admin1_index(self.places)
        self._countries = {p.country_code: p for p in self.places if p.feature == "country"}
        self._skeletons: dict[str, tuple[Place, ...]] | None = None
        members: dict[str, list[Place]] = {}
        for place in self.places:
            members.setdefault(place.admin1, []).append(place)
        self._members = {k: tuple(v) for k, v in members.items()}

    def __len__(self) -> int:
        return len(self.places)

    def by_id(self, gazetteer_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._by_id.get(str(gazetteer_id))

    def name_index(self) -> dict[str, tuple[Place, ...]]:
        """Every normalised name (name, name_ar, alt_names) -> the places that carry it, in file order."""
        return dict(self._names)

    def lookup(self, normalised_name: str) -> tuple[Place, ...]:
        """The places carrying this normalised name (unranked; see ``GazetteerGeocoder.candidates``)."""
        return self._names.get(normalised_name, ())

    def by_skeleton(self, key: str) -> tuple[Place, ...]:
        """The places with a Latin name of this transliteration key (see :mod:`dashboard.geo.translit`)."""
        if self._skeletons is None:
            self._skeletons = _build_skeleton_index(self.places)
        return self._skeletons.get(key, ()) if key else ()

    def in_admin1(self, admin1: str) -> tuple[Place, ...]:
        """Every place whose ``admin1`` is this canonical governorate name."""
        return self._members.get(admin1, ())

    def admin1_place(self, admin1: str) -> Place | None:
        """The governorate row for a canonical name, any spelling of it, or its ISO code ("IQ-SD")."""
        canonical = ISO_ADMIN1.get(admin1.strip().upper(), admin1)
        return self._admin1.get(normalize(canonical))

    def country_place(self, code: str) -> Place | None:
        """The country row for an ISO 3166-1 alpha-2 code ("IQ")."""
        return self._countries.get(code.upper())


def names_of(place: Place) -> list[str]:
    """The distinct normalised names of a place: name, Arabic name, alternates."""
    out: list[str] = []
    for raw in (place.name, place.name_ar, *place.alt_names):
        key = normalize(raw) if raw else ""
        if key and key not in out:
            out.append(key)
    return out


def _build_name_index(places: Sequence[Place]) -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for place in places:
        for key in names_of(place):
            index.setdefault(key, []).append(place)
    return {k: tuple(v) for k, v in index.items()}


def _build_skeleton_index(places: Sequence[Place]) -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for place in places:
        for name in dict.fromkeys(filter(None, (skeleton(n) for n in (place.name, *place.alt_names)))):
            index.setdefault(name, []).append(place)
    return {k: tuple(v) for k, v in index.items()}


def _build_admin1_index(places: Sequence[Place]) -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in places:
        if place.feature != "governorate":
            continue
        for key in (normalize(place.admin1), *names_of(place)):
            index.setdefault(key, place)
    return index


# --- reading -----------------------------------------------------------------------------------------


def _number(text: str, what: str, where: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        raise GazetteerError(f"{where}: {what} {text!r} is not a number") from None


def _population(text: str, where: str) -> int:
    if not text or not text.strip():
        return 0
    value = _number(text, "population", where)
    if value < 0 or value != int(value):
        raise GazetteerError(f"{where}: population {text!r} is not a whole number >= 0")
    return int(value)


def _make_place(where: str, **fields: object) -> Place:
    try:
        return Place(**fields)  # type: ignore[arg-type]
    except ValidationError as error:
        raise GazetteerError(f"{where}: {error}") from None


def _find_column(header: Sequence[str], key: str) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[a] for a in _COLUMN_ALIASES.get(key, (key,)) if a in lowered), None)


def _csv_places(path: Path) -> Iterator[Place]:
    """Places from the project CSV or a user CSV with at least name/latitude/longitude columns."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        cols = {k: _find_column(header, k) for k in ("name", "latitude", "longitude")}
        missing = [k for k, v in cols.items() if v is None]
        if missing:
            raise GazetteerError(
                f"{path}: no {', '.join(missing)} column; a gazetteer CSV needs name, latitude and longitude"
            )
        for row in reader:
            yield _csv_place(row, cols, path, reader.line_num)


def _csv_place(row: dict[str, str | None], cols: dict[str, str | None], path: Path, line: int) -> Place:
    where = f"{path} line {line}"
    if None in row:
        raise GazetteerError(f"{where}: more fields than the header has columns (unquoted comma?)")
    get = lambda key: (row.get(key) or "").strip()  # noqa: E731
    name = get(cols["name"] or "name")
    if not name:
        raise GazetteerError(f"{where}: the name is empty")
    return _make_place(
        where,
        gazetteer_id=get("gazetteer_id") or f"{path.stem}:{line}",
        name=name,
        latitude=_number(get(cols["latitude"] or ""), "latitude", where),
        longitude=_number(get(cols["longitude"] or ""), "longitude", where),
        feature=get("feature") or "place",
        name_ar=get("name_ar"),
        admin1=get("admin1"),
        admin2=get("admin2"),
        country_code=get("country_code").upper(),
        population=_population(get("population"), where),
        alt_names=tuple(a.strip() for a in get("alt_names").split("|") if a.strip()),
        source=get("source") or path.name,
    )


def _arabic_names(path: Path, wanted: set[str]) -> dict[str, list[str]]:
    """Arabic (``ar``) names per GeoNames id from an alternateNamesV2.txt, preferred names first."""
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 4 and cols[1] in wanted and cols[2] in ("ar", "ckb", "ku", ""):
                if cols[2] == "" and not is_arabic(cols[3]):
                    continue
                bucket = names.setdefault(cols[1], [])
                bucket.insert(0, cols[3]) if cols[4] == "1" and cols[2] == "ar" else bucket.append(cols[3])
    return names


def _geonames_places(path: Path, alternates: Path | None) -> Iterator[Place]:
    """Places from a GeoNames dump (19 tab-separated columns), Arabic names from ``alternates`` if given."""
    rows: list[tuple[int, list[str]]] = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 19:
                raise GazetteerError(
                    f"{path} line {line_no}: {len(cols)} tab-separated fields, a GeoNames row has 19"
                )
            rows.append((line_no, cols))
    arabic = _arabic_names(alternates, {c[0] for _, c in rows}) if alternates else {}
    for line_no, cols in rows:
        yield _geonames_place(cols, arabic.get(cols[0], []), f"{path} line {line_no}")


def _geonames_place(cols: list[str], arabic: list[str], where: str) -> Place:
    alts = [a for a in cols[3].split(",") if a] + arabic
    name_ar = next((a for a in [*arabic, *alts] if is_arabic(a)), "")
    feature = _GEONAMES_FEATURES.get(cols[7]) or ("city" if cols[6] == "P" else cols[6].lower() or "place")
    if feature == "city" and _population(cols[14], where) < 50_000:
        feature = "town"
    return _make_place(
        where, gazetteer_id=cols[0], name=cols[1], name_ar=name_ar,
        latitude=_number(cols[4], "latitude", where), longitude=_number(cols[5], "longitude", where),
        feature=feature, country_code=cols[8],
        admin1=_IRAQ_ADMIN1.get(cols[10], "") if cols[8] == "IQ" else "",
        population=_population(cols[14], where), alt_names=tuple(dict.fromkeys(alts)),
        source=f"GeoNames {cols[0]}",
    )


def _is_geonames_dump(path: Path) -> bool:
    if path.suffix.lower() not in (".txt", ".tsv"):
        return False
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    return first.count("\t") == 18


def read_places(path: PathLike, alternates: PathLike | None = None) -> list[Place]:
    """All places in one gazetteer file (format detected from its content); see the module docstring."""
    path = Path(path)
    if not path.is_file():
        raise GazetteerError(f"gazetteer file {path} not found; pass an existing file or unset {ENV_VAR}")
    if _is_geonames_dump(path):
        beside = path.with_name("alternateNamesV2.txt")
        alt_path = Path(alternates) if alternates else (beside if beside.is_file() else None)
        return list(_geonames_places(path, alt_path))
    return list(_csv_places(path))


def merge(groups: Iterable[Iterable[Place]]) -> Gazetteer:
    """One gazetteer from several lists of places; the first place with a given id wins."""
    seen: dict[str, Place] = {}
    for places in groups:
        for place in places:
            seen.setdefault(place.gazetteer_id, place)
    return Gazetteer(seen.values())


def default_path() -> Path:
    """$INCIDENT_MAP_GAZETTEER if set (setting ``gazetteer``), else the shipped ``data/gazetteer.csv``, package data
    found wherever the package is installed (wheel or editable checkout)."""
    return Path(resolve("gazetteer") or resource_path("data", "gazetteer.csv"))


#: Bump when the pickled form of a Gazetteer changes (Place fields, indexes), so stale caches are ignored.
CACHE_FORMAT = 3
#: Files smaller than this parse faster than a cache look-up is worth.
CACHE_MIN_BYTES = 256 * 1024


def _cached(paths: list[str], build: Callable[[], Gazetteer]) -> Gazetteer:
    """The gazetteer of ``paths`` from a pickle keyed by the files' content hash, else ``build()`` and cache it.

    A cache that cannot be read or written (read-only home, corrupt file) is ignored: loading never fails
    because of the cache.
    """
    fields = ",".join(f.name for f in dataclasses.fields(Place))
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version_info[:2]}|{fields}|{Gazetteer.__slots__}".encode())
    for p in paths:
        digest.update(Path(p).read_bytes())
    target = cache_dir() / f"gazetteer-{digest.hexdigest()[:24]}.pickle"
    try:
        with target.open("rb") as handle, no_gc():
            cached = pickle.load(handle)
        if isinstance(cached, Gazetteer):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    with no_gc():
        gazetteer = build()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        prune_cache(target.parent, "gazetteer-")
    except OSError:
        pass
    return gazetteer


@functools.lru_cache(maxsize=4)
def _load_default(path: str) -> Gazetteer:
    paths = [p for p in path.split(os.pathsep) if p]
    for p in paths:
        if not Path(p).is_file():
            raise GazetteerError(f"gazetteer file {p} not found; pass an existing file or unset {ENV_VAR}")
    return _cached(paths, lambda: _warm(merge([read_places(p) for p in paths])))


def _warm(gazetteer: Gazetteer) -> Gazetteer:
    """Build the lazy indexes now, so the cached copy carries them."""
    gazetteer.by_skeleton("warm")
    return gazetteer


def load_gazetteer(
    path: PathLike | Sequence[PathLike] | None = None, *, alternates: PathLike | None = None
) -> Gazetteer:
    """Load one gazetteer file, several merged (first wins on an id), or the default (cached).

    ``INCIDENT_MAP_GAZETTEER`` may name several files separated by ``os.pathsep``. ``alternates`` is a
    GeoNames ``alternateNamesV2.txt`` for GeoNames dumps (found automatically when it lies beside them).
    """
    if path is None:
        return _load_default(str(default_path()))
    paths = [path] if isinstance(path, str | Path) else list(path)
    build = lambda: _warm(merge([read_places(p, alternates) for p in paths]))  # noqa: E731
    files = [Path(p) for p in paths]
    big = all(f.is_file() for f in files) and sum(f.stat().st_size for f in files) > CACHE_MIN_BYTES
    if alternates is None and big:
        return _cached([str(f) for f in files], build)
    return build()
