"""The one ranker of gazetteer candidates (geo layer), shared by the reading pipeline and the geocoder.

When several places carry a name, the best is the first by :func:`rank_key`:

1. the kind the text states ("محافظة صلاح الدين" is the governorate, "Balad district" the district);
2. inside the district, then the governorate, the text or query states ("X, Tarmiyah district", "X in Diyala");
3. in the stated country;
4. a town-size place before a village (a village, an abandoned village or a neighbourhood only Who's On First
   lists is matched only with evidence, see :func:`needs_evidence`), then Iraq first (Najaf in Iraq before
   Najaf in Iran; the country Kuwait before an Iraqi village of that name);
5. nearest to the place the text anchors it to ("X, north of Tikrit"), in 25 km steps;
6. in a governorate the article names elsewhere;
7. nearest to the article's other confident places (spatial coherence), in 25 km steps;
8. feature rank (:data:`FEATURE_RANK`), the place whose own name is the query, population, id.

>>> from dashboard.models import Place
>>> town = Place("1", "Balad", 34.0, 44.1, "town", admin1="Salah al-Din")
>>> village = Place("2", "Balad", 33.7, 44.9, "village", admin1="Diyala", source="Who's On First 1")
>>> [p.gazetteer_id for p in ranked([village, town], "balad")]
['1', '2']
>>> [p.gazetteer_id for p in ranked([village, town], "balad", admin1="Diyala")]
['2', '1']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dashboard.geo.distance import km_between
from dashboard.models import Place
from dashboard.text.normalize import normalize

HOME_COUNTRY = "IQ"
#: Lower ranks first when several places carry the same name (after context, see the module docstring).
FEATURE_RANK = {
    "airport": 0, "military_base": 0, "embassy": 0, "government_building": 0, "facility": 0,
    "city": 0, "town": 0, "area": 0, "neighbourhood": 1, "district": 2, "village": 3, "abandoned": 4,
    "governorate": 5, "region": 6, "country": 7,
}
#: What a kind word in the text accepts: "town" also a city or a village, "district" only a district.
KIND_ACCEPTS = {
    "governorate": frozenset({"governorate"}),
    "district": frozenset({"district"}),
    # a district named in running text ("قضاء الصويرة") is reported at its seat town when there is one
    "seat": frozenset({"district", "town", "city"}),
    "city": frozenset({"city", "town"}),
    "town": frozenset({"town", "city", "village"}),
    "settlement": frozenset({"city", "town", "village", "abandoned", "neighbourhood", "area"}),
}
#: Distances are compared in steps this wide, so a few kilometres do not outweigh what follows.
STEP_KM = 25.0
_SMALL_FEATURES = frozenset({"village", "abandoned"})
_EVIDENCE_SOURCE = "Who's On First"


def needs_evidence(place: Place) -> bool:
    """True for a village or abandoned village, and for any place only Who's On First lists (its
    neighbourhoods, district and sub-district seats, districts).

    Such a name is matched in text only with evidence that the words are a place (a cue word, a locative
    preposition, an administrative context, nearness to the article's other places): 2,120 of the village
    names are shared, many are people's names ("Jasim Muhammad" is 24 villages), and many WOF names are
    common words or given names too (the seat "Al Hayy" is "الحي", the district "Fares" a given name).
    """
    return place.feature in _SMALL_FEATURES or place.source.startswith(_EVIDENCE_SOURCE)


def _steps(place: Place, others: Sequence[Place]) -> int:
    if not others:
        return 0
    return int(min(km_between(place, o) for o in others) // STEP_KM)


_OWN_NAMES: dict[tuple[str, str], tuple[str, str]] = {}


def _own_names(place: Place) -> tuple[str, str]:
    """The normalised English and Arabic names of a place (cached: 22,000 places, ranked again and again)."""
    raw = (place.name, place.name_ar)
    cached = _OWN_NAMES.get(raw)
    if cached is None:
        if len(_OWN_NAMES) > 200_000:
            _OWN_NAMES.clear()
        cached = _OWN_NAMES[raw] = (normalize(place.name), normalize(place.name_ar))
    return cached


def rank_key(
    place: Place,
    key: str = "",
    *,
    kind: str = "",
    admin1: str = "",
    admin2: str = "",
    country_code: str = "",
    anchor: Place | None = None,
    context_admin1: frozenset[str] | set[str] = frozenset(),
    near: Sequence[Place] = (),
) -> tuple:
    """Sort key of one candidate (lower is better); the module docstring gives the order."""
    accepts = KIND_ACCEPTS.get(kind, frozenset({kind}))
    return (
        0 if not kind or place.feature in accepts else 1,
        0 if not admin2 or place.admin2 == admin2 else 1,
        0 if not admin1 or place.admin1 == admin1 else 1,
        0 if not country_code or place.country_code == country_code else 1,
        1 if needs_evidence(place) else 0,
        0 if place.country_code == HOME_COUNTRY else 1,
        _steps(place, (anchor,)) if anchor is not None else 0,
        0 if not context_admin1 or place.admin1 in context_admin1 else 1,
        _steps(place, near),
        FEATURE_RANK.get(place.feature, 0),
        0 if not key or key in _own_names(place) else 1,
        -place.population,
        place.gazetteer_id,
    )


def ranked(candidates: Iterable[Place], key: str = "", **context: object) -> list[Place]:
    """``candidates`` best first under :func:`rank_key` with the given context."""
    return sorted(candidates, key=lambda p: rank_key(p, key, **context))  # type: ignore[arg-type]


def best(candidates: Iterable[Place], key: str = "", **context: object) -> Place:
    """The best candidate under :func:`rank_key` (raises ValueError when there is none)."""
    return min(candidates, key=lambda p: rank_key(p, key, **context))  # type: ignore[arg-type]


#: How many of :func:`rank_key`'s leading terms are context tests a candidate passes or fails (kind, district,
#: governorate, country, evidence, Iraq, anchor, the article's governorates, nearness to its other places).
_TESTS = 9


def scored(candidates: Iterable[Place], key: str = "", *, limit: int = 0, **context: object
           ) -> list[tuple[Place, float]]:
    """``candidates`` best first under :func:`rank_key`, each with a score in 0..1: the share of the ranker's
    context tests it passes, never above a better-ranked candidate's (``limit``: only that many).

    >>> from dashboard.models import Place
    >>> town = Place("1", "Balad", 34.0, 44.1, "town", admin1="Salah al-Din")
    >>> village = Place("2", "Balad", 33.7, 44.9, "village", admin1="Diyala", source="Who's On First 1")
    >>> [(p.gazetteer_id, s) for p, s in scored([village, town], "balad", admin1="Diyala")]
    [('2', 0.78), ('1', 0.78)]
    """
    keyed = sorted(((rank_key(p, key, **context), p) for p in candidates),  # type: ignore[arg-type]
                   key=lambda kp: kp[0])
    out: list[tuple[Place, float]] = []
    ceiling = 1.0
    for k, place in keyed[: limit or None]:
        ceiling = min(ceiling, round(sum(1 for term in k[:_TESTS] if term == 0) / _TESTS, 2))
        out.append((place, ceiling))
    return out
