"""One article through the pipeline (pipeline layer): extract incidents, geocode them, make Events.

>>> # extract_article(read_article("seeds/000_9dd459dba4470899.txt"))  -> three Events
"""

from __future__ import annotations

import hashlib
from typing import Any

from dashboard.extract.incidents import Extraction, extract_incidents
from dashboard.extract.provenance import incident_spans
from dashboard.geo.admin import locate
from dashboard.models import EVIDENCE_JOINER, MAX_CANDIDATES, Article, Event, Incident, PlaceMention
from dashboard.pipeline.articles import source_name


def event_id(article_id: str, incident: Incident) -> str:
    """Stable id: same article, place, kind and date give the same id on every run."""
    when = incident.dates.best.isoformat() if incident.dates else ""
    key = f"{article_id}|{incident.place.place.gazetteer_id}|{incident.sub_event_type}|{when}"
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _notes(incident: Incident) -> str:
    place = incident.place.place
    parts = [f"{incident.sub_event_type} at {place.name}" + (f" ({place.admin1})" if place.admin1 else "")]
    if incident.place.role == "recalled":
        parts.append("recalled by the article (a past incident)")
    if incident.fatalities is not None:
        parts.append(f"{incident.fatalities} killed")
    if incident.injured is not None:
        parts.append(f"{incident.injured} injured")
    if incident.target:
        parts.append(f"target: {incident.target}")
    return "; ".join(parts)


def candidate_records(mention: PlaceMention) -> list[dict[str, Any]]:
    """``Event.candidates``: the ranked places of the mention, the chosen one first, as plain records."""
    ranked = list(mention.candidates) or [(mention.place, None)]
    if ranked[0][0].gazetteer_id != mention.place.gazetteer_id:
        ranked.insert(0, (mention.place, None))
    return [
        {"gazetteer_id": p.gazetteer_id, "name": p.name, "name_ar": p.name_ar, "feature": p.feature,
         "admin1": p.admin1, "admin2": p.admin2, "latitude": p.latitude, "longitude": p.longitude, "score": score}
        for p, score in ranked[:MAX_CANDIDATES]
    ]


def to_event(article: Article, incident: Incident) -> Event:
    """One incident of ``article`` as a stored-table Event.

    ``admin1`` and ``admin2`` come from the governorate and district shapes the point lies in
    (:mod:`dashboard.geo.admin`), not from the gazetteer row; outside Iraq's shapes, the row's ``admin1``.
    """
    place, dates = incident.place.place, incident.dates
    spans = incident_spans(article.text, incident)
    if place.feature in ("governorate", "region", "country"):
        admin1, admin2 = place.admin1, ""  # an area, not a point: its own governorate (or none)
    elif place.country_code in ("IQ", ""):
        admin1, admin2 = locate(place.latitude, place.longitude)
    else:
        admin1, admin2 = "", ""
    return Event(
        event_id=event_id(article.article_id, incident),
        event_date=dates.best if dates else None,
        date_earliest=dates.earliest if dates else None,
        date_latest=dates.latest if dates else None,
        time_precision=dates.precision if dates else None,
        event_type=incident.event_type, sub_event_type=incident.sub_event_type,
        location=place.name, location_ar=place.name_ar,
        latitude=place.latitude, longitude=place.longitude, geo_precision=incident.geo_precision,
        admin1=admin1 or place.admin1, admin2=admin2, country_code=place.country_code,
        gazetteer_id=place.gazetteer_id,
        fatalities=incident.fatalities, injured=incident.injured,
        actor1=incident.actor1, target=incident.target,
        notes=_notes(incident), evidence=EVIDENCE_JOINER.join(article.text[s:e] for s, e in spans["evidence"]),
        source=source_name(article.publisher, article.url), language=article.language,
        article_id=article.article_id, article_url=article.url,
        confidence=incident.confidence,
        raw={"date_rule": dates.rule if dates else "", "mention": incident.place.text, "role": incident.place.role},
        spans=spans, candidates=candidate_records(incident.place),
    )


def read(article: Article) -> tuple[Extraction, list[Event]]:
    """Extraction (mentions with roles, incidents) and the Events of ``article``."""
    extraction = extract_incidents(article)
    return extraction, [to_event(article, inc) for inc in extraction.incidents]


def extract_article(article: Article) -> list[Event]:
    """The Events of one article (what the store and the CLI's ``extract`` use)."""
    return read(article)[1]
