"""Scoring the real-news development set (``news_ar.jsonl`` / ``news_en.jsonl``), as its README says.

Every article is read by the pipeline with its ``published`` date (what ``incident-map extract`` does). Events
are matched one to one to the article's *main* and *secondary* incidents: an event may match an incident within
25 km, or the label's ``coord_precision_km`` when larger; among the matchings with the most matched incidents the
one with the most correctly dated ones is taken (exact search; articles have at most a dozen incidents).

* **located**: the incident is matched; **dated**: the matched event's ``event_date`` is inside
  [``date_earliest``, ``date_latest``].
* **false event**: an event farther than that distance from *every* labelled incident of its article,
  background (recalled) ones included.
* **extra event**: an unmatched event near a labelled incident (a duplicate, or a background incident the
  article recalls): not false, counted for information.

Misses and false events are given one cause each, so the next step is visible: the event's place is a dateline,
a speaker or a person / organisation name (judged from the labels' ``non_incident_places``), two incidents were
merged into one event, the place is missing from the mentions, the wrong gazetteer candidate was chosen, or other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from eval_data import NewsArticle, NewsIncident

from dashboard.extract.incidents import Extraction
from dashboard.extract.places import matcher_for
from dashboard.geo.distance import haversine_km
from dashboard.geo.translit import skeleton
from dashboard.models import Article, Event
from dashboard.pipeline.extraction import read
from dashboard.text.normalize import normalize

KM = 25.0
#: Words of a label's ``why`` that say which kind of non-incident place it is (first hit wins).
_WHY = (
    ("dateline", ("dateline",)),
    ("speaker", ("statement", "speaker", "source of", "said", "announced", "spoke", "agency", "command")),
    ("person/org name", ("affiliation", "nationality", "person", "name", "council", "party", "government",
                         "ministry", "police of", "affiliat")),
    ("reference point (distance, direction)", ("reference", "distance")),
    ("hospital / where victims were taken", ("hospital", "taken", "treated", "evacuated")),
    ("origin / destination / home", ("destination", "origin", "home", "route", "journey", "launch site")),
    ("region or country (general)", ("province", "region", "country", "general", "border")),
    ("other page text (caption, ticker, sidebar)", ("caption", "ticker", "sidebar", "teaser", "headline only",
                                                     "navigation", "masthead")),
)


@dataclass(slots=True)
class ArticleScore:
    """How the pipeline did on one news article."""

    article: NewsArticle
    events: list[Event]
    news: list[NewsIncident]
    matched: dict[int, int] = field(default_factory=dict)  # news incident index -> event index
    dated: set[int] = field(default_factory=set)
    false_events: list[int] = field(default_factory=list)
    extra_events: list[int] = field(default_factory=list)
    miss_causes: dict[int, str] = field(default_factory=dict)
    false_causes: dict[int, str] = field(default_factory=dict)
    date_causes: dict[int, str] = field(default_factory=dict)


def limit_km(incident: NewsIncident) -> float:
    """How far an event may lie from ``incident`` and still be it: 25 km, or the label's precision when larger."""
    return max(KM, incident.precision_km)


def event_km(event: Event, incident: NewsIncident) -> float:
    return haversine_km(event.latitude, event.longitude, incident.latitude, incident.longitude)


def is_dated(event: Event, incident: NewsIncident) -> bool:
    return event.event_date is not None and incident.earliest <= event.event_date <= incident.latest


def best_matching(events: Sequence[Event], news: Sequence[NewsIncident]) -> dict[int, int]:
    """One-to-one matching with the most located incidents, then the most dated ones, then the least distance."""
    n = len(news)
    # state: bitmask of matched incidents -> (located, dated, -km, assignment)
    states: dict[int, tuple[int, int, float, tuple[tuple[int, int], ...]]] = {0: (0, 0, 0.0, ())}
    for ei, event in enumerate(events):
        nxt = dict(states)
        for mask, (loc, dat, neg_km, assign) in states.items():
            for ni in range(n):
                if mask & (1 << ni):
                    continue
                km = event_km(event, news[ni])
                if km > limit_km(news[ni]):
                    continue
                cand = (loc + 1, dat + is_dated(event, news[ni]), neg_km - km, (*assign, (ni, ei)))
                key = mask | (1 << ni)
                if key not in nxt or cand[:3] > nxt[key][:3]:
                    nxt[key] = cand
        states = nxt
    best = max(states.values(), key=lambda s: s[:3])
    return dict(best[3])


def _news_article(row: NewsArticle, i: int) -> Article:
    return Article(text=row.text, article_id=row.article_id, url=f"bench:news:{row.article_id}",
                   language=row.language, published=row.published, publisher="bench", title=row.title)


def _why_cause(mention_text: str, row: NewsArticle) -> str:
    """The cause a label's ``non_incident_places`` gives a mention that is not an incident place, or ''."""
    key = normalize(mention_text)
    if not key:
        return ""
    for name, why in row.non_incident:
        if key in normalize(name):
            low = why.lower()
            for cause, cues in _WHY:
                if any(c in low for c in cues):
                    return cause
            return "non-incident place (other reason)"
    return ""


def _names_label(mention_text: str, incidents: Iterable[NewsIncident]) -> bool:
    """True if the mention spells a place a label names ("Palkana" for "Palkana village in Kirkuk province")."""
    norm = normalize(mention_text)
    key = skeleton(norm)
    if len(norm) < 3:
        return False
    for inc in incidents:
        words = normalize(f"{inc.place} {inc.place_ar}").replace("،", " ").replace(",", " ").split()
        grams = words + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
        if any(g == norm or g.removeprefix("ال") == norm.removeprefix("ال") or (key and skeleton(g) == key)
               for g in grams):
            return True
    return False


def _candidates_near(extraction: Extraction, start: int, end: int, incidents: Iterable[NewsIncident]) -> bool:
    """True if a gazetteer name overlapping [start, end) has a candidate near one of ``incidents``."""
    for match in matcher_for().find(extraction.article.text).matches:
        if match.start < end and start < match.end and any(
            haversine_km(p.latitude, p.longitude, inc.latitude, inc.longitude) <= limit_km(inc)
            for p in match.candidates for inc in incidents
        ):
            return True
    return False


def _miss_cause(score: ArticleScore, extraction: Extraction, ni: int) -> str:
    inc = score.news[ni]
    near_events = [ei for ei, ev in enumerate(score.events) if event_km(ev, inc) <= limit_km(inc)]
    if near_events:
        return "merged (its event matched another incident)"
    near = [m for m in extraction.mentions
            if haversine_km(m.place.latitude, m.place.longitude, inc.latitude, inc.longitude) <= limit_km(inc)]
    if near:
        roles = {m.role for m in near}
        for role in ("dateline", "speaker", "person_or_org", "recalled"):
            if role in roles:
                return f"place read as {role}"
        evidence = [span for i in extraction.incidents for span in i.evidence]
        if any(s <= m.start < e for m in near for s, e in evidence):
            return "merged (place inside another event's clause)"
        return "other (place found, no incident read there)"
    if _candidates_near(extraction, 0, len(extraction.article.text), [inc]):
        return "wrong candidate"
    if any(_names_label(m.text, [inc]) for m in extraction.mentions):
        return "right name, gazetteer point far from the label (namesake or area point)"
    return "missing place"


def _false_cause(score: ArticleScore, extraction: Extraction, ei: int) -> str:
    incident = extraction.incidents[ei]
    mention = incident.place
    why = _why_cause(mention.text, score.article)
    if why:
        return why
    if _candidates_near(extraction, mention.start, mention.end, score.article.incidents):
        return "wrong candidate"
    if _names_label(mention.text, score.article.incidents):
        return "right name, gazetteer point far from the label (namesake or area point)"
    if mention.place.feature in ("governorate", "region", "district"):
        return "missing place (broad place instead)"
    return "other"


def score_article(row: NewsArticle, i: int) -> ArticleScore:
    """Read ``row`` and score its events."""
    extraction, events = read(_news_article(row, i))
    news = [inc for inc in row.incidents if inc.role != "background"]
    score = ArticleScore(row, events, news)
    score.matched = best_matching(events, news)
    score.dated = {ni for ni, ei in score.matched.items() if is_dated(events[ei], news[ni])}
    used = set(score.matched.values())
    for ei, event in enumerate(events):
        if ei in used:
            continue
        if all(event_km(event, inc) > limit_km(inc) for inc in row.incidents):
            score.false_events.append(ei)
            score.false_causes[ei] = _false_cause(score, extraction, ei)
        else:
            score.extra_events.append(ei)
    for ni in range(len(news)):
        if ni not in score.matched:
            score.miss_causes[ni] = _miss_cause(score, extraction, ni)
        elif ni not in score.dated:
            ev = events[score.matched[ni]]
            rule = ev.raw.get("date_rule", "") or "none"
            side = "early" if ev.event_date and ev.event_date < news[ni].earliest else "late"
            score.date_causes[ni] = f"{rule} ({side})"
    return score


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "  n/a"


def print_news(language: str, scores: list[ArticleScore], examples: int) -> dict[str, float]:
    """Print the figures of one language and return them."""
    n_art = len(scores)
    n_inc = sum(len(s.news) for s in scores)
    located = sum(len(s.matched) for s in scores)
    dated = sum(len(s.dated) for s in scores)
    false = sum(len(s.false_events) for s in scores)
    extra = sum(len(s.extra_events) for s in scores)
    events = sum(len(s.events) for s in scores)
    print(f"\n== news {language}: {n_art} articles, {n_inc} main/secondary incidents, {events} events")
    print(f"  located (one-to-one, 25 km)  {_pct(located, n_inc)}")
    print(f"  dated in bounds              {_pct(dated, n_inc)}")
    print(f"  false events per article     {false / n_art:.2f} ({false})")
    print(f"  extra events near a label    {extra / n_art:.2f} ({extra})")
    misses: dict[str, list[str]] = defaultdict(list)
    falses: dict[str, list[str]] = defaultdict(list)
    undated: dict[str, list[str]] = defaultdict(list)
    for s in scores:
        for ni, cause in s.miss_causes.items():
            misses[cause].append(f"{s.article.article_id}: {s.news[ni].place[:60]}")
        for ei, cause in s.false_causes.items():
            ev = s.events[ei]
            falses[cause].append(f"{s.article.article_id}: {ev.location} ({ev.raw.get('mention', '')})")
        for ni, cause in s.date_causes.items():
            ev = s.events[s.matched[ni]]
            inc = s.news[ni]
            undated[cause].append(f"{s.article.article_id}: {ev.event_date} not in {inc.earliest}..{inc.latest}")
    for title, groups in (("missed incidents", misses), ("false events", falses), ("located, wrong date", undated)):
        print(f"  {title} by cause:")
        for cause, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"    {len(items):3d}  {cause}")
            for item in items[:examples]:
                print(f"           {item}")
    return {"located": located / n_inc, "dated": dated / n_inc, "false": false / n_art}


def per_cause(scores: list[ArticleScore]) -> tuple[Counter[str], Counter[str]]:
    """Counts of miss causes and false-event causes over ``scores``."""
    misses = Counter(c for s in scores for c in s.miss_causes.values())
    falses = Counter(c for s in scores for c in s.false_causes.values())
    return misses, falses
