"""Where an incident is (extract layer): which place mentions of a clause are its sites, and how precise.

The most specific real place of a segment is its site (a base before its town, a town before its governorate);
places that only say where the one before lies, namesakes elsewhere, foreign places and regions are not.
"""

from __future__ import annotations

import re

from dashboard.extract.context import NOT_THERE
from dashboard.extract.mentions import specificity, specificity_of_feature
from dashboard.geo.distance import km_between
from dashboard.geo.translit import skeleton
from dashboard.models import Place, PlaceMention
from dashboard.text.normalize import normalize

#: Two places closer than this are one incident site (a base and the town it is named after).
SAME_SITE_KM = 30.0
#: Incident Map maps incidents in Iraq: foreign places (capitals named as actors' seats) are never incident sites.
INCIDENT_COUNTRIES = frozenset({"IQ"})
#: Countries and multi-governorate regions ("Kurdistan Region") are too vague to be an incident's place.
NEVER_SITES = frozenset({"country", "region"})
#: Governorates and regions are incident sites only when the clause names nothing more specific.
REGION_SPECIFICITY = specificity_of_feature("governorate")


#: Words between two names that make the second the place the first lies in ("العزيزية في الكوت", "Buhriz in Diyala").
_IN_GAP = frozenset({"في", "ب", "بمدينه", "في مدينه", "in", "in the city of", "in the town of", "بمحافظه", "في محافظه",
                     "in the province of", "province", ",", "،"})


def _appositive_containers(mentions: list[PlaceMention], text: str) -> set[int]:
    """Indexes of mentions that only say where the mention before them lies ("مركز شرطة العزيزية في الكوت").

    The second name must be no more specific than the first; a comma joins only a less specific one
    ("Saqlawiyah, Fallujah"), so a list of towns ("Karmah, Habbaniyah and Saqlawiyah") stays a list.
    """
    out = set()
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1], mentions[i]
        gap = " ".join(normalize(text[a.end : b.start]).split())
        if gap not in _IN_GAP or specificity(b.place) > specificity(a.place):
            continue
        if gap in {",", "،"} and specificity(b.place) >= specificity(a.place):
            continue
        out.add(i)
    return out


#: A place the text says lies in or by another ("حي الشهداء في جنوب الفلوجة") but that lies farther than this
#: from it is a namesake elsewhere: the clause is placed by the other one.
NAMESAKE_KM = 40.0
_DIRECTION_GAP = re.compile(
    r"^(?:في |in |in the )?(?:(?:ال)?(?:شمال|جنوب|شرق|غرب)(?:ي)?(?: (?:ال)?(?:شرقي|غربي))?|"
    r"(?:north|south|east|west)(?:east|west)?(?:ern)?(?: of)?|central|وسط)(?: (?:مدينه|the city of|the town of))?$"
)


def _namesakes(mentions: list[PlaceMention], text: str) -> set[int]:
    """Indexes of specific places whose stated surroundings are elsewhere: "X in/south of Y" with X in another
    governorate than Y and farther than NAMESAKE_KM from it: the gazetteer entry chosen for X is a namesake."""
    out = set()
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1], mentions[i]
        gap = " ".join(normalize(text[a.end : b.start]).split())
        if not (gap in _IN_GAP or _DIRECTION_GAP.match(gap)) or specificity(a.place) <= specificity(b.place):
            continue
        if b.place.feature in ("governorate", "district"):
            inconsistent = bool(b.place.admin1) and a.place.admin1 != b.place.admin1
        else:
            inconsistent = km_between(a.place, b.place) > NAMESAKE_KM and a.place.admin1 != b.place.admin1
        if inconsistent and b.place.country_code in INCIDENT_COUNTRIES and b.place.feature not in NEVER_SITES:
            out.add(i - 1)
    return out


def site_places(segment_mentions: list[PlaceMention], text: str = "") -> list[tuple[PlaceMention, int]]:
    """Incident sites of one segment: (mention, geo_precision), containing regions and duplicates removed."""
    if text:
        drop = _namesakes(segment_mentions, text)
        segment_mentions = [m for i, m in enumerate(segment_mentions) if i not in drop]
        drop = _appositive_containers(segment_mentions, text)
        segment_mentions = [m for i, m in enumerate(segment_mentions) if i not in drop]
    real = [
        m for m in segment_mentions
        if m.role in ("other", "context")
        and m.qualifier not in NOT_THERE
        and m.place.feature not in NEVER_SITES
        and m.place.country_code in INCIDENT_COUNTRIES
    ]
    direct = [m for m in real if m.role == "other"] or _first_reference(real)
    if all(specificity(m.place) <= REGION_SPECIFICITY for m in direct):
        direct = _references_inside(real, direct)[:1] or direct
    direct.sort(key=lambda m: specificity(m.place), reverse=True)
    sites: list[PlaceMention] = []
    for m in direct:
        broad = specificity(m.place) <= REGION_SPECIFICITY
        overshadowed = broad and sites and specificity(sites[0].place) > specificity(m.place)
        if overshadowed or any(site_contains(m, s) for s in sites):
            continue
        sites.append(m)
    return [(s, _geo_precision(s)) for s in sites]


def _first_reference(real: list[PlaceMention]) -> list[PlaceMention]:
    """When a clause names places only as references ("west of Qayyara, 60 km south of Mosul"), the first is
    the one the incident is placed by; the later ones place that reference point."""
    local = [m for m in real if specificity(m.place) > REGION_SPECIFICITY]
    return local[:1] + [m for m in real if specificity(m.place) <= REGION_SPECIFICITY] if local else real


def _references_inside(real: list[PlaceMention], regions: list[PlaceMention]) -> list[PlaceMention]:
    """Reference places ("east of Fallujah") inside the only regions a clause names ("Al Anbar").

    "An attack east of Fallujah city, Al Anbar governorate" happened near Fallujah (geo_precision 2),
    not somewhere in Anbar; a reference outside the named region ("in Salah al-Din, north of Baghdad")
    does not move the event.
    """
    admin1 = {m.place.admin1 for m in regions}
    return [
        m for m in real
        if m.role == "context" and specificity(m.place) > REGION_SPECIFICITY and m.place.admin1 in admin1
    ]


def site_contains(outer: PlaceMention, inner: PlaceMention) -> bool:
    """True if ``outer`` is a region around ``inner``, or a place around the more specific ``inner`` site.

    A base near its town, a neighbourhood in its city: one site. Two towns of one clause ("bombs went off in
    Karmah, Habbaniyah and Saqlawiyah") are separate sites however close they are.
    """
    return places_contain(outer.place, inner.place)


def places_contain(outer: Place, inner: Place) -> bool:
    """True if ``outer`` is, or lies around, ``inner``: the same entry, its governorate or district, or a
    less specific place within SAME_SITE_KM of a more specific one (a town around its base)."""
    if outer.gazetteer_id == inner.gazetteer_id:
        return True
    if outer.feature in ("governorate", "district", "region"):
        return bool(outer.admin1) and outer.admin1 == inner.admin1 and specificity(inner) >= specificity(outer)
    if specificity(outer) >= specificity(inner):
        return False
    if _names_its_governorate(outer) and outer.admin1 == inner.admin1 and specificity(inner) >= specificity_of_feature(
        "village"
    ):
        return True  # "in Kirkuk" for the province: a village of Kirkuk governorate is inside it
    return km_between(outer, inner) <= SAME_SITE_KM


def _names_its_governorate(place: Place) -> bool:
    """True for a governorate seat that shares the governorate's name (Kirkuk, Basra, Duhok, Karbala...)."""
    if place.feature != "city" or not place.admin1:
        return False
    return skeleton(normalize(place.admin1)) == skeleton(normalize(place.name))


def _geo_precision(mention: PlaceMention) -> int:
    if mention.place.feature in ("governorate", "region", "country"):
        return 3
    if mention.role == "context" or mention.qualifier or mention.place.feature == "district":
        return 2
    return 1
