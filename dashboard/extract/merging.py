"""When two incidents of one article are one (extract layer): kinds, dates, places and tolls that agree.

Incidents naming the same site (or one containing the other) with compatible kinds and overlapping dates merge;
headline incidents and incidents placed only by a reference point fold into the body's compatible incident.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.extract.mentions import specificity
from dashboard.extract.provenance import carried
from dashboard.extract.sites import REGION_SPECIFICITY, places_contain
from dashboard.extract.structure import ArticleStructure
from dashboard.geo.distance import km_between
from dashboard.models import DateSpan, Incident, Place

#: Events of one article at places closer than this, of compatible kinds, are one incident.
MERGE_KM = 5.0
#: A headline's incident is the body's compatible incident within this distance ("attack near Mosul" for a
#: town 60 km south of it): headlines name the best-known place near the incident.
HEADLINE_KM = 80.0
#: An incident placed only by a reference point ("north of Baghdad") is a compatible one placed within this.
REFERENCE_KM = 150.0


def _dates_overlap(a: DateSpan | None, b: DateSpan | None) -> bool:
    return a is None or b is None or (a.earliest <= b.latest and b.earliest <= a.latest)


def places_related(a: Place, b: Place) -> bool:
    """One incident site: the same place, two points a few km apart, or one place containing the other."""
    if a.gazetteer_id == b.gazetteer_id or km_between(a, b) <= MERGE_KM:
        return True
    return places_contain(a, b) or places_contain(b, a)


def same_incident(a: Incident, b: Incident) -> bool:
    """Compatible kind, overlapping dates, and places that are one site or contain each other."""
    if not places_related(a.place.place, b.place.place) or not _dates_overlap(a.dates, b.dates):
        return False
    broad = min(specificity(a.place.place), specificity(b.place.place)) <= REGION_SPECIFICITY
    return _kinds_compatible(a, b) and (broad or not _counts_conflict(a, b))


def _counts_conflict(a: Incident, b: Incident) -> bool:
    """Both clauses give a death (or injury) toll and the tolls differ: two incidents ("a car bomb killed five
    in the city centre ... a roadside bomb killed two south of the city"). Not asked of a governorate-level
    clause, which often sums the day's incidents ("16 were killed in attacks in Salahuddin")."""
    return any(x is not None and y is not None and x != y and min(x, y) > 0
               for x, y in ((a.fatalities, b.fatalities), (a.injured, b.injured)))


def _kinds_compatible(a: Incident, b: Incident) -> bool:
    """The same sub-event type, or one of them named only vaguely ("an attack", "هجوم")."""
    return a.sub_event_type == b.sub_event_type or not (a.specific and b.specific)


def merge_incidents(old: Incident, new: Incident) -> Incident:
    keep_type = old if old.specific or not new.specific else new
    narrower = old.dates if old.dates is None or new.dates is None else min(
        (old.dates, new.dates), key=lambda d: ((d.latest - d.earliest).days, d.rule == "reported_by")
    )
    return carried(replace(
        old,
        event_type=keep_type.event_type, sub_event_type=keep_type.sub_event_type,
        specific=old.specific or new.specific,
        place=old.place if specificity(old.place.place) >= specificity(new.place.place) else new.place,
        dates=narrower or old.dates or new.dates,
        evidence=tuple(sorted(set(old.evidence) | set(new.evidence))),
        fatalities=_merged_count(old, new, "fatalities"), injured=_merged_count(old, new, "injured"),
        actor1=old.actor1 or new.actor1, target=old.target or new.target,
        confidence=round(min(0.95, max(old.confidence, new.confidence) + 0.05), 2),
    ), keep_type, old, new)


def _merged_count(old: Incident, new: Incident, name: str) -> int | None:
    """The larger toll of two reports of one incident; a governorate-level clause's toll (often the day's sum)
    gives way to the toll of the specific place's clause."""
    a, b = getattr(old, name), getattr(new, name)
    broad_old = specificity(old.place.place) <= REGION_SPECIFICITY < specificity(new.place.place)
    broad_new = specificity(new.place.place) <= REGION_SPECIFICITY < specificity(old.place.place)
    if broad_old and b is not None:
        return b
    if broad_new and a is not None:
        return a
    return _max_count(a, b)


def _max_count(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def identical(a: Incident, b: Incident) -> bool:
    return (
        a.place.place.gazetteer_id == b.place.place.gazetteer_id and a.sub_event_type == b.sub_event_type
        and a.dates is not None and b.dates is not None and a.dates.best == b.dates.best
        and (a.fatalities, a.injured) == (b.fatalities, b.injured)
    )


def _summarises(head: Incident, body: Incident, within_km: float = 0.0) -> bool:
    """True if the vaguer incident ``head`` can be ``body``: kind, dates, and a place within ``within_km``."""
    if not (_kinds_compatible(head, body) and _dates_overlap(head.dates, body.dates)):
        return False
    a, b = head.place.place, body.place.place
    return km_between(a, b) <= within_km or places_related(a, b)


def _fold_vague(
    incidents: list[Incident], vague: list[Incident], within_km: float, direct_only: bool = False,
    protected: tuple[Incident, ...] = (),
) -> list[Incident]:
    """Each incident of ``vague`` becomes evidence of the nearest compatible other incident within ``within_km``
    (``direct_only``: one whose place the text names directly), which keeps its own place; a vague incident
    with none stays an incident of its own."""
    if not vague:
        return incidents
    ids = {id(v) for v in vague}
    rest = [inc for inc in incidents if id(inc) not in ids]
    kept = []
    for v in vague:
        fits = [
            (i, km_between(v.place.place, b.place.place)) for i, b in enumerate(rest)
            if _summarises(v, b, within_km) and (not direct_only or (b.place.role == "other" and b not in protected))
        ]
        if not fits:
            kept.append(v)
            continue
        i = min(fits, key=lambda f: f[1])[0]
        b = rest[i]
        rest[i] = carried(replace(
            b, evidence=tuple(sorted(set(b.evidence) | set(v.evidence))),
            fatalities=b.fatalities if b.fatalities is not None else v.fatalities,
            injured=b.injured if b.injured is not None else v.injured,
            confidence=round(min(0.95, b.confidence + 0.05), 2),
        ), b, v)
    return sorted(kept + rest, key=lambda inc: inc.evidence[0])


def fold_headline(incidents: list[Incident], structure: ArticleStructure) -> list[Incident]:
    """Headline incidents become evidence of the body's compatible incident nearest to them, if there is one.

    "Roadside bomb kills three in Salahuddin" over "...on the road between Baiji and Sharqat..." is one
    incident near Baiji; a headline whose incident the body never places stays an incident of its own.
    """
    head = [inc for inc in incidents if all(structure.in_headline(s) for s, _ in inc.evidence)]
    return _fold_vague(incidents, head, HEADLINE_KM)


def fold_references(incidents: list[Incident], structure: ArticleStructure) -> list[Incident]:
    """An incident placed only by a reference point ("a roadside bomb blast north of Baghdad") is the article's
    compatible incident that a later clause places within REFERENCE_KM ("killed in the town of Samarra")."""
    vague = [inc for inc in incidents if inc.place.role == "context" and not _in_headline(inc, structure)]
    headline_only = tuple(inc for inc in incidents if all(structure.in_headline(s) for s, _ in inc.evidence))
    return _fold_vague(incidents, vague, REFERENCE_KM, direct_only=True, protected=headline_only)


def _in_headline(incident: Incident, structure: ArticleStructure) -> bool:
    return any(structure.in_headline(s) for s, _ in incident.evidence)
