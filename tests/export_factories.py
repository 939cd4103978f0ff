"""A small factory of events for the export tests (independent of the extraction pipeline)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from dashboard.events.table import events_to_frame
from dashboard.models import Event

#: (English, Arabic, governorate, latitude, longitude) of a few places in Iraq.
PLACES = (
    ("Erbil International Airport", "مطار أربيل الدولي", "Erbil", 36.2376, 43.9632),
    ("Mosul", "الموصل", "Nineveh", 36.3350, 43.1189),
    ("Ain al-Asad Air Base", "قاعدة عين الأسد", "Al Anbar", 33.8000, 42.4411),
    ("Baghdad", "بغداد", "Baghdad", 33.3152, 44.3661),
    ("Kirkuk", "كركوك", "Kirkuk", 35.4681, 44.3922),
    ("Basra", "البصرة", "Basra", 30.5085, 47.7804),
)
TYPES = (
    ("Explosions/Remote violence", "Drone strike"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
)


def make_event(index: int, **overrides: Any) -> Event:
    """The ``index``-th test event: places, types and dates cycle; ``overrides`` replace any field."""
    name, name_ar, admin1, lat, lon = PLACES[index % len(PLACES)]
    event_type, sub_type = TYPES[index % len(TYPES)]
    day = date(2026, 11, 1) + timedelta(days=index % 28)
    fields: dict[str, Any] = dict(
        event_id=f"ev{index:05d}",
        event_date=day,
        date_earliest=day,
        date_latest=day,
        time_precision=1,
        event_type=event_type,
        sub_event_type=sub_type,
        location=name,
        location_ar=name_ar,
        latitude=lat + (index // len(PLACES)) * 0.001,
        longitude=lon,
        geo_precision=1,
        admin1=admin1,
        country_code="IQ",
        gazetteer_id=str(1000 + index % len(PLACES)),
        fatalities=index % 4 or None,
        injured=index % 3,
        actor1="Unknown",
        target="",
        notes=f"Incident number {index} near {name}",
        evidence=f"قصف استهدف {name_ar} (event {index})",
        source="Rudaw" if index % 2 else "Shafaq News",
        language="ar" if index % 2 else "en",
        article_id=f"a{index:04d}",
        article_url=f"seeds/article{index}.txt",
        confidence=0.9,
    )
    fields.update(overrides)
    return Event(**fields)


def make_frame(n: int = 8, **overrides: Any) -> pd.DataFrame:
    """An event table of ``n`` events (see :func:`make_event`)."""
    return events_to_frame(make_event(i, **overrides) for i in range(n))
