"""An offline geopy ``Geocoder`` over the gazetteer (geo layer), so Nominatim (or any geopy geocoder) can stand in.

>>> geocoder = GazetteerGeocoder()
>>> geocoder.geocode("Balad, Salah al-Din").raw["feature"]
'town'
>>> geocoder.geocode("Saladin").address
'Salah al-Din, Iraq'

Ranking of the places that carry a name (:meth:`GazetteerGeocoder.candidates`): a place in the admin context
the caller gives or the query states ("Balad in Salah al-Din", "Balad, Salah al-Din", "بلد في صلاح الدين");
then Iraq before other countries (Najaf in Iraq before Najaf in Iran); then the place whose own English or
facilities and towns before neighbourhoods, districts, governorates and countries ("Basra" is the city; the
governorate answers "Basra Governorate", "محافظة البصرة"); then the place whose own English or Arabic name is
the query before one that merely has it as an alternate; then population.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from dashboard.geo.distance import great_circle_km
from dashboard.geo.gazetteer import Gazetteer, load_gazetteer
from dashboard.geo.translit import skeleton
from dashboard.models import Place
from dashboard.text.normalize import normalize

HOME_COUNTRY = "IQ"
#: Lower ranks first when several places carry the same name.
FEATURE_RANK = {
    "airport": 0, "military_base": 0, "embassy": 0, "government_building": 0, "facility": 0,
    "city": 0, "town": 0, "village": 0, "neighbourhood": 1, "district": 2, "governorate": 3,
    "region": 4, "country": 5,
}
#: Features too large to be the answer to "what is at this point".
AREA_FEATURES = frozenset({"governorate", "region", "country"})
_CONTEXT_SPLIT = re.compile(r"\s*(?:,|،|\bin\b|\bnear\b|(?<!\S)في(?!\S)|(?<!\S)قرب(?!\S))\s*", re.IGNORECASE)
_REVERSE_LIMIT = 10
#: Kind labels written after or before a name ("Mosul town", "Qaḑā’ Kalār"), normalised.
_TRAILING_KINDS = {
    "town": "settlement", "city": "settlement", "village": "settlement", "area": "settlement",
    "camp": "settlement", "neighbourhood": "settlement", "neighborhood": "settlement",
    "district": "district", "subdistrict": "district", "province": "governorate", "governorate": "governorate",
}
_LEADING_KINDS = {"qada": "district", "qadha": "district", "nahiyat": "district", "nahiya": "district",
                  "muhafazat": "governorate", "قضاء": "district", "ناحيه": "district", "محافظه": "governorate"}


class OfflineAdapter(BaseSyncAdapter):
    """A geopy adapter that refuses every request: this geocoder never touches the network."""

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        raise GeocoderServiceError(f"GazetteerGeocoder is offline; refused to fetch {url}")

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise GeocoderServiceError(f"GazetteerGeocoder is offline; refused to fetch {url}")


@dataclasses.dataclass(frozen=True)
class Context:
    """Where the query says a place is: a governorate and/or a country."""

    admin1: str = ""
    country_code: str = ""


def place_record(place: Place) -> dict[str, Any]:
    """The place's fields as a JSON-ready dict (the ``raw`` of a Location)."""
    record = dataclasses.asdict(place)
    record["alt_names"] = list(place.alt_names)
    return record


class GazetteerGeocoder(Geocoder):
    """geopy Geocoder answering from a :class:`Gazetteer` (the shipped one by default); never networked."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, timeout: float | None = None) -> None:
        super().__init__(timeout=timeout or 1, user_agent="incident-map", adapter_factory=OfflineAdapter)
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()

    # --- ranking -----------------------------------------------------------------------------------

    def candidates(
        self,
        normalised_name: str,
        *,
        admin1: str | None = None,
        country_codes: Iterable[str] | str | None = None,
    ) -> list[Place]:
        """The places carrying ``normalised_name``, best first (module docstring gives the order)."""
        places = self.gazetteer.lookup(normalised_name)
        codes = _codes(country_codes)
        if codes:
            places = tuple(p for p in places if p.country_code in codes)
        wanted = self._canonical_admin1(admin1) if admin1 else ""
        return sorted(places, key=lambda p: self._rank(p, normalised_name, Context(wanted)))

    def _rank(self, place: Place, key: str, context: Context) -> tuple:
        own_names = {normalize(place.name), normalize(place.name_ar)}
        return (
            0 if not context.admin1 or place.admin1 == context.admin1 else 1,
            0 if not context.country_code or place.country_code == context.country_code else 1,
            0 if place.country_code == HOME_COUNTRY else 1,
            FEATURE_RANK.get(place.feature, 0),
            0 if key in own_names else 1,
            -place.population,
            place.gazetteer_id,
        )

    def _canonical_admin1(self, admin1: str) -> str:
        governorate = self.gazetteer.admin1_place(admin1)
        return governorate.admin1 if governorate else admin1

    def _parse_context(self, text: str) -> Context | None:
        """A governorate or country named by ``text``, or None when it names neither."""
        governorate = self.gazetteer.admin1_place(text)
        if governorate is not None:
            return Context(admin1=governorate.admin1, country_code=governorate.country_code)
        countries = [p for p in self.gazetteer.lookup(normalize(text)) if p.feature == "country"]
        return Context(country_code=countries[0].country_code) if countries else None

    def split_query(self, query: str) -> tuple[str, Context]:
        """The normalised place name in ``query`` and the admin context it states, if any.

        A query that is itself a known name is taken whole ("Washington, D.C." stays one name).
        """
        whole = normalize(query)
        if self.gazetteer.lookup(whole):
            return whole, Context()
        parts = [p for p in _CONTEXT_SPLIT.split(query) if p.strip()]
        for cut in range(len(parts) - 1, 0, -1):
            name = normalize(" ".join(parts[:cut]))
            contexts = [self._parse_context(p) for p in parts[cut:]]
            if self.gazetteer.lookup(name) and all(contexts):
                return name, _combine(c for c in contexts if c)
        return whole, Context()

    def resolve(
        self,
        query: str,
        *,
        country_codes: Iterable[str] | str | None = None,
        admin1: str | None = None,
    ) -> list[Place]:
        """Ranked places for a free-text query ("Balad, Salah al-Din"); empty when nothing matches."""
        key, context = self.split_query(query)
        if admin1:
            context = dataclasses.replace(context, admin1=self._canonical_admin1(admin1))
        places = self.gazetteer.lookup(key)
        if not places:
            key, places = self._kind_labelled(key)
        codes = _codes(country_codes)
        if codes:
            places = tuple(p for p in places if p.country_code in codes)
        return sorted(places, key=lambda p: self._rank(p, key, context))

    def _kind_labelled(self, key: str) -> tuple[str, tuple[Place, ...]]:
        """Places for a name carrying a kind label ("Mosul town", "Babil province", "Qada Kalar"), or by
        transliteration key ("Khanaquin"); a province label keeps governorates only."""
        name, kind = strip_kind_label(key)
        places = self.gazetteer.lookup(name) or self.gazetteer.by_skeleton(skeleton(name))
        if kind == "governorate":
            places = tuple(p for p in places if p.feature == "governorate") or places
        elif kind:
            places = tuple(p for p in places if p.feature not in AREA_FEATURES) or places
        return name, places

    # --- geopy interface ---------------------------------------------------------------------------

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: Iterable[str] | str | None = None,
        admin1: str | None = None,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """The best place for ``query`` as a Location (a ranked list if not ``exactly_one``), or None."""
        places = self.resolve(str(query), country_codes=country_codes, admin1=admin1)
        if not places:
            return None
        locations = [self.to_location(p) for p in places]
        return locations[0] if exactly_one else locations

    def reverse(
        self,
        query: Point | str | tuple[float, float],
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """The nearest gazetteer place (not a governorate or country) to a point; a list of the 10 nearest."""
        point = Point(query)
        places = [p for p in self.gazetteer.places if p.feature not in AREA_FEATURES]
        if not places:
            return None
        places.sort(key=lambda p: great_circle_km(point.latitude, point.longitude, p.latitude, p.longitude))
        locations = [self.to_location(p) for p in places[:_REVERSE_LIMIT]]
        return locations[0] if exactly_one else locations

    def to_location(self, place: Place) -> Location:
        """A geopy Location: address "Name, Admin1, Country", the point, and the place's fields as raw."""
        country = self.gazetteer.country_place(place.country_code) if place.country_code else None
        country_name = country.name if country else place.country_code
        parts = [place.name] + [p for p in (place.admin1, country_name) if p and p != place.name]
        point = Point(place.latitude, place.longitude)
        return Location(", ".join(dict.fromkeys(parts)), point, place_record(place))


def strip_kind_label(key: str) -> tuple[str, str]:
    """A normalised name without its kind label, and the kind it states ('' when none).

    >>> strip_kind_label("mosul town"), strip_kind_label("babil province"), strip_kind_label("qada kalar")
    (('mosul', 'settlement'), ('babil', 'governorate'), ('kalar', 'district'))
    """
    words = key.split()
    if len(words) > 1 and words[-1] in _TRAILING_KINDS:
        return " ".join(words[:-1]), _TRAILING_KINDS[words[-1]]
    if len(words) > 1 and words[0] in _LEADING_KINDS:
        return " ".join(words[1:]), _LEADING_KINDS[words[0]]
    return key, ""


def _codes(country_codes: Iterable[str] | str | None) -> set[str]:
    if not country_codes:
        return set()
    if isinstance(country_codes, str):
        country_codes = [country_codes]
    return {c.upper() for c in country_codes}


def _combine(contexts: Iterable[Context]) -> Context:
    admin1, country = "", ""
    for context in contexts:
        admin1 = admin1 or context.admin1
        country = country or context.country_code
    return Context(admin1, country)
