"""Domain types and vocabulary (foundation layer) that flow through the pipeline: Article -> Incident -> Event.

Foundation layer: every other layer imports these, and this module imports only :mod:`dashboard.errors`.
All types are frozen dataclasses validated at construction, so a bad value fails where it is made
rather than three stages later. The vocabulary (languages, mention roles, review statuses, and the ACLED
event types and sub-event types) is declared here once; the extractor's lexicons, the page and the exports
use these names.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboard.errors import ValidationError

LANGUAGES = ("ar", "en")
#: incident: where an incident happened; recalled: where a past incident the article recalls happened;
#: context: a region or reference point around one; affiliation: "Iran-backed"; dateline: where the reporter
#: files from; speaker: the seat of a statement ("the Nineveh Operations Command said"); person_or_org: a name
#: inside a person's or organisation's name ("Nouri al-Maliki", "Najaf Provincial Council"); other: the rest.
ROLES = ("incident", "recalled", "context", "affiliation", "dateline", "speaker", "person_or_org", "other")
STATUSES = ("auto", "confirmed", "edited", "rejected")
#: The words behind an event's fields (``Event.spans``), outermost first: the evidence sentence(s), the place
#: mention, the words that chose its candidate ("in X district"), the date expression, the type trigger, the
#: casualty phrase, the actor mention.
SPAN_FIELDS = ("evidence", "place_context", "place", "date", "type", "casualties", "actor")
#: Keys of one ranked place candidate (``Event.candidates``), at most :data:`MAX_CANDIDATES` per event.
CANDIDATE_KEYS = ("gazetteer_id", "name", "name_ar", "feature", "admin1", "admin2", "latitude", "longitude", "score")
MAX_CANDIDATES = 5
#: Between the sentences of an evidence made of several (``Event.evidence``); the spans locate each sentence.
EVIDENCE_JOINER = " … "
#: ACLED's event types and their sub-event types (ACLED codebook), event types in legend order.
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
        "Other",
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(SUB_EVENT_TYPES)


def check_coordinates(latitude: float, longitude: float, what: str = "place") -> None:
    """Raise ValidationError unless (latitude, longitude) is a finite WGS84 position."""
    if not (isinstance(latitude, int | float) and isinstance(longitude, int | float)):
        raise ValidationError(f"{what}: coordinates must be numbers, got {latitude!r}, {longitude!r}")
    if not (math.isfinite(latitude) and -90.0 <= latitude <= 90.0):
        raise ValidationError(f"{what}: latitude {latitude} is outside -90..90")
    if not (math.isfinite(longitude) and -180.0 <= longitude <= 180.0):
        raise ValidationError(f"{what}: longitude {longitude} is outside -180..180")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a file or an upload."""

    text: str
    article_id: str
    url: str
    language: str
    published: date | None = None
    publisher: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValidationError(f"{self.url}: language must be one of {LANGUAGES}, got {self.language!r}")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    gazetteer_id: str
    name: str
    latitude: float
    longitude: float
    feature: str
    name_ar: str = ""
    admin1: str = ""
    country_code: str = ""
    population: int = 0
    alt_names: tuple[str, ...] = ()
    source: str = ""
    #: District (qada) the point lies in, from the shipped shapes ("" when unknown or outside Iraq).
    admin2: str = ""

    def __post_init__(self) -> None:
        check_coordinates(self.latitude, self.longitude, f"gazetteer row {self.gazetteer_id}")

    def __reduce__(self) -> tuple:
        # Unpickled by one C-level tuple unpacking per place (the cached gazetteer holds 22,000), not by the
        # dataclass's per-field __setstate__, nor through __init__'s validation (the values were validated).
        return (_place_from_state, (tuple(getattr(self, n) for n in _PLACE_FIELDS),))


_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))
_PLACE_SETTERS = tuple(Place.__dict__[name].__set__ for name in _PLACE_FIELDS)


def _place_from_state(state: tuple) -> Place:
    """A Place rebuilt from its field values (pickle), without re-running validation."""
    place = object.__new__(Place)
    for setter, value in zip(_PLACE_SETTERS, state, strict=True):
        setter(place, value)
    return place


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A span of the article's text that names a gazetteer place; offsets index ``Article.text``."""

    start: int
    end: int
    text: str
    place: Place
    role: str = "other"
    #: "near" when the text places something around it ("قرب", "near", "outskirts of"), else "".
    qualifier: str = ""
    #: Provenance: the ranked candidates (place, score), best (``place``) first, and the offsets of the words
    #: that chose among them (a kind word before the name, "X, Y district" after it).
    candidates: tuple[tuple[Place, float], ...] = field(default=(), compare=False, repr=False)
    context: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValidationError(f"mention offsets must satisfy 0 <= start < end, got {self.start}, {self.end}")
        if self.role not in ROLES:
            raise ValidationError(f"mention role must be one of {ROLES}, got {self.role!r}")


@dataclass(frozen=True, slots=True)
class DateSpan:
    """When something happened: best single day plus bounds, with ACLED time precision.

    ``precision``: 1 a day (or one night spanning midnight), 2 a few days / a week, 3 a month or vaguer.
    """

    best: date
    earliest: date
    latest: date
    precision: int
    rule: str = ""
    #: Provenance: offsets into ``Article.text`` of the date expression(s) this span was read from.
    spans: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.earliest <= self.best <= self.latest:
            raise ValidationError(f"date bounds out of order: {self.earliest} <= {self.best} <= {self.latest}")
        if self.precision not in (1, 2, 3):
            raise ValidationError(f"time precision must be 1, 2 or 3, got {self.precision}")


@dataclass(frozen=True, slots=True)
class Incident:
    """A concrete incident read from one article, before it becomes a stored Event."""

    event_type: str
    sub_event_type: str
    place: PlaceMention
    geo_precision: int
    dates: DateSpan | None
    evidence: tuple[tuple[int, int], ...]
    fatalities: int | None = None
    injured: int | None = None
    actor1: str = ""
    target: str = ""
    confidence: float = 0.5
    specific: bool = True
    #: Provenance of the fields read from the clause: "type" (trigger), "casualties", "actor" -> offsets into
    #: ``Article.text`` (the place's and the date's travel with ``place`` and ``dates``).
    spans: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.geo_precision not in (1, 2, 3):
            raise ValidationError(f"geo_precision must be 1, 2 or 3, got {self.geo_precision}")
        if not self.evidence:
            raise ValidationError("an incident needs at least one evidence span")


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the event table; field order is the schema's column order (docs/architecture.md)."""

    event_id: str
    event_date: date | None
    date_earliest: date | None
    date_latest: date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    location: str
    location_ar: str
    latitude: float
    longitude: float
    geo_precision: int
    admin1: str
    country_code: str
    gazetteer_id: str
    fatalities: int | None
    injured: int | None
    actor1: str
    target: str
    notes: str
    evidence: str
    source: str
    language: str
    article_id: str
    article_url: str
    confidence: float
    status: str = "auto"
    #: District (qada) of the event's point, from the shipped district shapes ("" outside them).
    admin2: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: Provenance (not columns): field name (:data:`SPAN_FIELDS`) -> [start, end) offsets into the article's
    #: ``Article.text``, and the ranked place candidates the ranker considered, best (the chosen one) first.
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict, compare=False, repr=False)
    candidates: list[dict[str, Any]] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        check_coordinates(self.latitude, self.longitude, f"event {self.event_id}")
        if self.geo_precision not in (1, 2, 3):
            raise ValidationError(f"event {self.event_id}: geo_precision must be 1, 2 or 3")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValidationError(f"event {self.event_id}: confidence must be within 0..1")
        if self.status not in STATUSES:
            raise ValidationError(f"event {self.event_id}: status must be one of {STATUSES}")
        for name in ("fatalities", "injured"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValidationError(f"event {self.event_id}: {name} cannot be negative")

    def to_record(self) -> dict[str, Any]:
        """The event as a flat dict in schema order, dates as ISO strings (JSON-ready)."""
        record = {}
        for name in EVENT_COLUMNS:
            value = getattr(self, name)
            record[name] = value.isoformat() if isinstance(value, date) else value
        return record


#: Fields of an Event that are not columns of the event table: extraction's notes and its provenance.
NOT_COLUMNS = ("raw", "spans", "candidates")
#: The event table's columns, in order.
EVENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event) if f.name not in NOT_COLUMNS)
