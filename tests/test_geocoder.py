"""GazetteerGeocoder: ranking, admin context, geopy interface (RateLimiter, reverse), no network."""

from __future__ import annotations

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from dashboard.geo.gazetteer import load_gazetteer
from dashboard.geo.geocoder import GazetteerGeocoder
from dashboard.text.normalize import normalize


@pytest.fixture(scope="module")
def geocoder() -> GazetteerGeocoder:
    return GazetteerGeocoder(load_gazetteer())


def test_saladin_resolves_to_the_governorate(geocoder: GazetteerGeocoder) -> None:
    location = geocoder.geocode("Saladin")
    assert location.raw["feature"] == "governorate" and location.raw["admin1"] == "Salah al-Din"
    assert location.address == "Salah al-Din, Iraq"


def test_najaf_resolves_to_iraq(geocoder: GazetteerGeocoder) -> None:
    for query in ("Najaf", "النجف"):
        location = geocoder.geocode(query)
        assert location.raw["country_code"] == "IQ" and location.raw["feature"] == "city"


@pytest.mark.parametrize("query", ["Balad, Salah al-Din", "Balad in Salah al-Din", "بلد في صلاح الدين"])
def test_balad_with_governorate_is_the_town(geocoder: GazetteerGeocoder, query: str) -> None:
    location = geocoder.geocode(query)
    assert location.raw["gazetteer_id"] == "98112"
    assert location.raw["name_ar"] == "بلد"


def test_city_before_governorate_unless_asked(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.geocode("Basra").raw["feature"] == "city"
    assert geocoder.geocode("محافظة البصرة").raw["feature"] == "governorate"
    assert geocoder.geocode("Kuwait").raw["feature"] == "country"


def test_facilities(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.geocode("قاعدة عين الأسد").raw["gazetteer_id"] == "iata:IQA"
    assert geocoder.geocode("مطار أربيل الدولي").raw["gazetteer_id"] == "iata:EBL"
    assert geocoder.geocode("السفارة الأمريكية").raw["feature"] == "embassy"


def test_candidates_are_ranked_and_filtered(geocoder: GazetteerGeocoder) -> None:
    ranked = geocoder.candidates(normalize("Kirkuk"))
    assert [p.feature for p in ranked][:2] == ["city", "governorate"]
    assert geocoder.candidates("kirkuk", country_codes=["US"]) == []
    assert geocoder.geocode("Kirkuk", exactly_one=False)[1].raw["feature"] == "governorate"


def test_miss_returns_none(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.geocode("Atlantis-on-Tigris") is None


def test_works_inside_rate_limiter(geocoder: GazetteerGeocoder) -> None:
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=0, max_retries=0)
    location = limited("Mosul")
    assert isinstance(location, Location) and location.raw["admin1"] == "Nineveh"


def test_reverse_finds_the_nearest_place(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.reverse("33.94, 44.36").raw["gazetteer_id"] == "icao:ORBD"
    nearest = geocoder.reverse((36.34, 43.12), exactly_one=False)
    assert len(nearest) == 10 and "Mosul" in {loc.raw["name"] for loc in nearest[:3]}


def test_no_network(geocoder: GazetteerGeocoder) -> None:
    from geopy.exc import GeocoderServiceError

    with pytest.raises(GeocoderServiceError, match="offline"):
        geocoder.adapter.get_json("https://example.invalid", timeout=1, headers={})


def test_kind_labels_and_transliteration_keys() -> None:
    from dashboard.geo.geocoder import GazetteerGeocoder

    geocoder = GazetteerGeocoder()
    assert geocoder.geocode("Mosul town").raw["name"] == "Mosul"
    assert geocoder.geocode("Bābil province").raw["feature"] == "governorate"
    assert geocoder.geocode("Khanaquin").raw["admin1"] == "Diyala"
    assert geocoder.geocode("Nowhere-at-all town") is None
