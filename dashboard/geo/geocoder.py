"""An offline geopy ``Geocoder`` over the gazetteer (geo layer), so Nominatim (or any geopy geocoder) can stand in.

>>> geocoder = GazetteerGeocoder()
>>> geocoder.geocode("Balad, Salah al-Din").raw["feature"]
'town'
>>> geocoder.geocode("Saladin").address
'Salah al-Din, Iraq'

Ranking of the places that carry a name (:meth:`GazetteerGeocoder.candidates`) is the pipeline's own,
:func:`dashboard.geo.ranking.rank_key`: the kind a label states ("Babil province"), then the district and
governorate the query states ("Zummar, Nineveh", "X, Tarmiyah district", "بلد في صلاح الدين"), Iraq before
other countries, towns before villages, then feature rank ("Basra" is the city; the governorate answers
"Basra Governorate", "محافظة البصرة"), own name before alternate, population.
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

from dashboard.geo.distance import haversine_km
from dashboard.geo.gazetteer import Gazetteer, load_gazetteer
from dashboard.geo.ranking import FEATURE_RANK, HOME_COUNTRY, rank_key

__all__ = ["FEATURE_RANK", "HOME_COUNTRY", "GazetteerGeocoder", "haversine_km"]
from dashboard.geo.translit import skeleton
from dashboard.models import Place
from dashboard.text.normalize import normalize

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
    """Where the query says a place is: a district, a governorate and/or a country."""

    admin1: str = ""
    country_code: str = ""
    admin2: str = ""


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

    def _rank(self, place: Place, key: str, context: Context, kind: str = "") -> tuple:
        """The shared ranker (:func:`dashboard.geo.ranking.rank_key`) with the query's context."""
        return rank_key(place, key, kind=kind, admin1=context.admin1, admin2=context.admin2,
                        country_code=context.country_code)

    def _canonical_admin1(self, admin1: str) -> str:
        governorate = self.gazetteer.admin1_place(admin1)
        return governorate.admin1 if governorate else admin1

    def _parse_context(self, text: str) -> Context | None:
        """A governorate or country named by ``text``, or None when it names neither."""
        governorate = self.gazetteer.admin1_place(text)
        if governorate is not None:
            return Context(admin1=governorate.admin1, country_code=governorate.country_code)
        key, kind = strip_kind_label(normalize(text))
        places = self.gazetteer.lookup(normalize(text)) or self.gazetteer.lookup(key)
        countries = [p for p in places if p.feature == "country"]
        if countries:
            return Context(country_code=countries[0].country_code)
        districts = [p for p in places if p.feature == "district"]
        if districts and kind in ("", "district"):
            return Context(admin1=districts[0].admin1, country_code=districts[0].country_code,
                           admin2=districts[0].admin2)
        return None

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
            known = self.gazetteer.lookup(name) or self.gazetteer.lookup(strip_kind_label(name)[0])
            if known and all(contexts):
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
        return self.resolve_with_quality(query, country_codes=country_codes, admin1=admin1)[0]

    def resolve_with_quality(
        self,
        query: str,
        *,
        country_codes: Iterable[str] | str | None = None,
        admin1: str | None = None,
    ) -> tuple[list[Place], str]:
        """Ranked places for ``query`` and how the best was found (:data:`MATCH_QUALITIES`)."""
        key, context = self.split_query(query)
        if admin1:
            context = dataclasses.replace(context, admin1=self._canonical_admin1(admin1))
        places, kind, how = self.gazetteer.lookup(key), "", "exact"
        if not places:
            key, places, kind = self._kind_labelled(key)
            how = "label" if self.gazetteer.lookup(key) else "spelling"
        codes = _codes(country_codes)
        if codes:
            places = tuple(p for p in places if p.country_code in codes)
        ranked = sorted(places, key=lambda p: self._rank(p, key, context, kind))
        if not ranked:
            return [], "none"
        top = ranked[0]
        if (context.admin1 and top.admin1 != context.admin1) or (context.admin2 and top.admin2 != context.admin2):
            how = "outside-context"
        elif how == "exact" and (context.admin1 or context.admin2):
            how = "exact+context"
        elif how == "exact" and _ambiguous(ranked):
            how = "ambiguous"
        return ranked, how

    def _kind_labelled(self, key: str) -> tuple[str, tuple[Place, ...], str]:
        """Places for a name carrying a kind label ("Mosul town", "Babil province", "Qada Kalar"), or by
        transliteration key ("Khanaquin"), and the kind the label states; a province label keeps
        governorates only."""
        name, kind = strip_kind_label(key)
        places = self.gazetteer.lookup(name) or self.gazetteer.by_skeleton(skeleton(name))
        if kind == "governorate":
            places = tuple(p for p in places if p.feature == "governorate") or places
        elif kind:
            places = tuple(p for p in places if p.feature not in AREA_FEATURES) or places
        return name, places, kind

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
        places.sort(key=lambda p: haversine_km(point.latitude, point.longitude, p.latitude, p.longitude))
        locations = [self.to_location(p) for p in places[:_REVERSE_LIMIT]]
        return locations[0] if exactly_one else locations

    def to_location(self, place: Place) -> Location:
        """A geopy Location: address "Name, Admin1, Country", the point, and the place's fields as raw."""
        country = self.gazetteer.country_place(place.country_code) if place.country_code else None
        country_name = country.name if country else place.country_code
        parts = [place.name] + [p for p in (place.admin1, country_name) if p and p != place.name]
        point = Point(place.latitude, place.longitude)
        return Location(", ".join(dict.fromkeys(parts)), point, place_record(place))


#: How a geocoded name was matched: ``exact`` (a spelling of one place, or of several where the best is
#: clear), ``exact+context`` (with the district or governorate the query states), ``ambiguous`` (several
#: same-named places far apart, none preferred by context), ``label`` (after a kind label: "Mosul town"),
#: ``spelling`` (another transliteration), ``outside-context`` (the name exists only outside the stated
#: governorate or district), ``none``.
MATCH_QUALITIES = ("exact", "exact+context", "ambiguous", "label", "spelling", "outside-context", "none")
#: Same-named places farther apart than this make a bare name ambiguous.
AMBIGUOUS_KM = 25.0


def _ambiguous(ranked: list[Place]) -> bool:
    """True when the runner-up ties the best on every criterion before feature rank and lies far away."""
    if len(ranked) < 2:
        return False
    first, second = rank_key(ranked[0]), rank_key(ranked[1])
    return first[:9] == second[:9] and haversine_km(
        ranked[0].latitude, ranked[0].longitude, ranked[1].latitude, ranked[1].longitude
    ) > AMBIGUOUS_KM


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
