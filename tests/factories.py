"""Synthetic events and articles for tests and benchmarks (no extraction pipeline needed)."""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from dashboard.models import Article, Event
from dashboard.pipeline.articles import article_from_text

PLACES = (
    ("g1", "Erbil International Airport", "مطار أربيل الدولي", 36.2376, 43.9632, "Erbil"),
    ("g2", "Baghdad", "بغداد", 33.3152, 44.3661, "Baghdad"),
    ("g3", "Mosul", "الموصل", 36.3350, 43.1189, "Nineveh"),
    ("g4", "Ain al-Asad Air Base", "قاعدة عين الأسد", 33.7856, 42.4412, "Anbar"),
    ("g5", "Basra", "البصرة", 30.5085, 47.7804, "Basra"),
    ("g6", "Kirkuk", "كركوك", 35.4681, 44.3922, "Kirkuk"),
)
TYPES = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
)
EVIDENCE_AR = "سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية صباح اليوم"


def make_event(**overrides: Any) -> Event:
    """One valid event; keyword arguments override any field."""
    day = overrides.pop("day", date(2021, 2, 20))
    values: dict[str, Any] = dict(
        event_id="ev1", event_date=day, date_earliest=day, date_latest=day, time_precision=1,
        event_type=TYPES[0][0], sub_event_type=TYPES[0][1], location="Ain al-Asad Air Base",
        location_ar="قاعدة عين الأسد", latitude=33.7856, longitude=42.4412, geo_precision=1,
        admin1="Anbar", country_code="IQ", gazetteer_id="g4", fatalities=None, injured=2, actor1="",
        target="US forces", notes="Rocket attack on Ain al-Asad", evidence=EVIDENCE_AR,
        source="Sky News Arabia", language="ar", article_id="a1", article_url="seeds/a1.txt",
        confidence=0.8, status="auto",
    )
    if "gazetteer_id" in overrides and "latitude" not in overrides and overrides["gazetteer_id"] != "g4":
        values["latitude"], values["longitude"] = point_for(str(overrides["gazetteer_id"]))
    values.update(overrides)
    return Event(**values)


def point_for(gazetteer_id: str) -> tuple[float, float]:
    """A stable point in Iraq for a made-up gazetteer id: different ids are different places, as in the
    gazetteer (the store merges reports of neighbouring places, so ids sharing one point would merge)."""
    h = zlib.crc32(gazetteer_id.encode("utf-8"))
    return 29.5 + (h % 600) / 100, 39.0 + (h // 600 % 800) / 100


def make_article(text: str = "سقطت صواريخ على قاعدة عين الأسد", url: str = "a.txt", **kw: Any) -> Article:
    """An Arabic article built from ``text``."""
    return article_from_text(text, url=url, published=kw.pop("published", date(2021, 2, 23)), **kw)


def events_for(article: Article, events: list[Event]) -> list[Event]:
    """``events`` re-stamped with ``article``'s id and url (as the pipeline would produce them)."""
    return [
        replace(e, event_id=f"{article.article_id}-{i}", article_id=article.article_id, article_url=article.url)
        for i, e in enumerate(events)
    ]


def synthetic_records(n: int, seed: int = 1, start: date = date(2024, 1, 1), days: int = 700) -> Iterator[dict]:
    """``n`` random but plausible event records (dicts in schema order) spread over Iraq."""
    rng = random.Random(seed)
    for i in range(n):
        gid, name, name_ar, lat, lon, admin1 = rng.choice(PLACES)
        event_type, sub = rng.choice(TYPES)
        day = start + timedelta(days=rng.randrange(days))
        vague = rng.random() < 0.15
        precision = rng.choice((1, 1, 1, 2, 3))
        yield dict(
            event_id=f"syn{i:07d}", event_date=day.isoformat(),
            date_earliest=(day - timedelta(days=3 if vague else 0)).isoformat(),
            date_latest=(day + timedelta(days=3 if vague else 0)).isoformat(), time_precision=2 if vague else 1,
            event_type=event_type, sub_event_type=sub, location=name, location_ar=name_ar,
            latitude=lat + rng.uniform(-0.6, 0.6), longitude=lon + rng.uniform(-0.6, 0.6), geo_precision=precision,
            admin1=admin1, country_code="IQ", gazetteer_id=f"{gid}-{i}", fatalities=rng.choice((None, 0, 1, 3)),
            injured=rng.choice((None, 2)), actor1="", target="", notes=f"synthetic event {i}",
            evidence=f"{EVIDENCE_AR} ({i})", source="Synthetic", language="ar", article_id=f"syn-a{i // 5}",
            article_url=f"synthetic/{i // 5}.txt", confidence=round(rng.uniform(0.3, 1.0), 2), status="auto",
        )
