"""A store for the Review page's tests and its timed bench: articles with their text, spans and ranked candidates.

Every article is an English report of one incident; its event carries the spans of the words behind each field
(found in the text, so they are right by construction) and three ranked place candidates, as extraction stores
them. Confidence falls with the article's number, so the queue's order is known. One article is hostile (a
script payload in its text, its evidence and its place name); two reports (``merge_pair``) are one incident
of two different kinds at one place on one day, which the store's deduplication leaves apart.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from factories import make_event

from dashboard.events import store
from dashboard.pipeline.articles import article_from_text

#: (gazetteer_id, name, name_ar, lat, lon, admin1, admin2) of the places the reports name.
PLACES = (
    ("t-ramadi", "Ramadi", "الرمادي", 33.4258, 43.2992, "Anbar", "Ramadi"),
    ("t-tikrit", "Tikrit", "تكريت", 34.6071, 43.6782, "Salah al-Din", "Tikrit"),
    ("t-baqubah", "Baqubah", "بعقوبة", 33.7466, 44.6436, "Diyala", "Baquba"),
    ("t-kirkuk", "Kirkuk", "كركوك", 35.4681, 44.3922, "Kirkuk", "Kirkuk"),
    ("t-samarra", "Samarra", "سامراء", 34.1959, 43.8857, "Salah al-Din", "Samarra"),
)
PUBLISHED = date(2024, 3, 10)
PAYLOAD = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 1\">"


def _candidates(index: int) -> list[dict]:
    """The event's place first, then two runner-ups (the next places of PLACES), as the ranker lists them."""
    ranked = [PLACES[(index + k) % len(PLACES)] for k in range(3)]
    return [dict(gazetteer_id=g, name=n, name_ar=ar, feature="town", admin1=a1, admin2=a2, latitude=lat,
                 longitude=lon, score=round(0.9 - 0.2 * k, 2)) for k, (g, n, ar, lat, lon, a1, a2) in enumerate(ranked)]


def report(index: int, *, place: str | None = None, hostile: bool = False, kind: str = "bomb",
           day: date | None = None, url: str | None = None):
    """(article, event) of report ``index``: its text, and its event with spans and candidates."""
    gid, name, name_ar, lat, lon, admin1, admin2 = PLACES[index % len(PLACES)]
    mention = place or name
    when = "on Monday"
    trigger, kinds = ("a roadside bomb exploded", ("Explosions/Remote violence", "Remote explosive/landmine/IED"))
    if kind == "clash":
        trigger, kinds = ("gunmen clashed with the army", ("Battles", "Armed clash"))
    casualties = f"killing {index % 4 + 1} people"
    extra = f" Witnesses quoted {PAYLOAD} as the attackers' slogan." if hostile else ""
    text = (f"Report {index}: security sources said {trigger} in {mention} {when}, {casualties}, and the "
            f"Islamic State group was blamed.{extra}\nThe police opened an investigation.")
    article = article_from_text(text, url=url or f"review/{index:03d}.txt", published=PUBLISHED, language="en",
                                publisher="Test Wire")
    first = text.split("\n")[0]
    spans = {"evidence": [(0, len(first))], "place": [(text.index(mention), text.index(mention) + len(mention))],
             "date": [(text.index(when), text.index(when) + len(when))],
             "type": [(text.index(trigger), text.index(trigger) + len(trigger))],
             "casualties": [(text.index(casualties), text.index(casualties) + len(casualties))],
             "actor": [(text.index("Islamic State"), text.index("Islamic State") + len("Islamic State"))]}
    event_day = day or PUBLISHED - timedelta(days=1 + index)  # one day each: the store merges none of them
    event = make_event(
        event_id=f"rv-{index:03d}", day=event_day, event_type=kinds[0], sub_event_type=kinds[1],
        location=mention if hostile else name, location_ar=name_ar, latitude=lat, longitude=lon, admin1=admin1,
        admin2=admin2, gazetteer_id=gid, fatalities=index % 4 + 1, injured=None, target="",
        evidence=first, source="Test Wire", language="en", confidence=round(max(0.05, 0.95 - 0.025 * index), 3),
        article_id=article.article_id, article_url=article.url, notes=f"report {index}")
    return article, replace(event, spans=spans, candidates=_candidates(index))


def seed_review_store(path: str | Path, n: int = 12, *, hostile: int | None = 3, merge_pair: bool = True) -> None:
    """``n`` reports (report ``hostile`` carries the payload), plus the pair of reports of one incident."""
    conn = store.open_store(path)
    for i in range(n):
        article, event = report(i, hostile=i == hostile, place=f"Ramadi {PAYLOAD}" if i == hostile else None)
        store.store_article(conn, article, [event])
    if merge_pair:
        day = PUBLISHED - timedelta(days=20)
        for k, kind in enumerate(("bomb", "clash")):
            article, event = report(50 + k, place="Kirkuk", kind=kind, day=day, url=f"review/pair-{k}.txt")
            event = replace(event, event_id=f"rv-pair-{k}", location="Kirkuk", latitude=35.4681, longitude=44.3922,
                            gazetteer_id="t-kirkuk", admin1="Kirkuk", admin2="Kirkuk", confidence=0.99)
            store.store_article(conn, article, [event])
    conn.close()


SHAYKHAN_FIRST = "A roadside bomb exploded in Shaykhan on Monday, killing two soldiers."
SHAYKHAN_OTHER = "Gunmen attacked a checkpoint near Shaykhan on Tuesday night, wounding three policemen."
SHAYKHAN_PUBLISHED = date(2024, 3, 6)


def with_spans(article, event):
    """``event`` with the spans of its place mention and type trigger when extraction gave none (found in the
    text: the mention the pipeline records, the trigger as the lexicon's first word in the evidence)."""
    if event.spans:
        return event
    mention = str(event.raw.get("mention") or event.location)
    start = article.text.find(mention)
    spans = {"evidence": [(0, len(article.text))]}
    if start >= 0:
        spans["place"] = [(start, start + len(mention))]
    return replace(event, spans=spans)


def seed_shaykhan_store(path: str | Path) -> str:
    """One article about Shaykhan through the real pipeline (the Nineveh town is chosen); returns its event id."""
    from dashboard.pipeline.extraction import extract_article

    article = article_from_text(SHAYKHAN_FIRST, url="shaykhan-1.txt", published=SHAYKHAN_PUBLISHED, language="en")
    [event] = extract_article(article)
    conn = store.open_store(path)
    store.store_article(conn, article, [with_spans(article, event)])
    conn.close()
    return event.event_id
