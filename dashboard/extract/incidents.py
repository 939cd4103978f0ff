"""From an article to incidents (extract layer): which clauses report a concrete incident, where, when, how bad.

A sentence is cut at anchored date expressions ("X بعد أقل من أسبوع على Y": Y happened before X),
each segment is typed by its triggers, and its incident place is the most specific real place in it
(a base before its town, a town before its governorate). Statements that are not incidents (calls,
meetings, history, "attacks continue") give none. Incidents naming the same place and kind merge.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cache

from dashboard.extract import dates as dt
from dashboard.extract.actors import find_actor, find_target
from dashboard.extract.casualties import parse_casualties
from dashboard.extract.lexicon import words
from dashboard.extract.mentions import ArticleMentions, find_mentions, specificity, specificity_of_feature
from dashboard.extract.triggers import Trigger, best_trigger, find_triggers
from dashboard.geo.distance import km_between
from dashboard.models import Article, DateSpan, Incident, PlaceMention
from dashboard.text.normalize import normalize
from dashboard.text.sentences import Span, split_sentences

#: Two places closer than this are one incident site (a base and the town it is named after).
SAME_SITE_KM = 30.0
#: Events of one article at places closer than this, of compatible kinds, are one incident.
MERGE_KM = 5.0
#: Incident Map maps incidents in Iraq: foreign places (capitals named as actors' seats) are never incident sites.
INCIDENT_COUNTRIES = frozenset({"IQ"})
#: Governorates and regions are incident sites only when the clause names nothing more specific.
REGION_SPECIFICITY = specificity_of_feature("governorate")


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one article: place mentions with final roles, and the incidents."""

    article: Article
    mentions: tuple[PlaceMention, ...]
    incidents: tuple[Incident, ...]


@dataclass(slots=True)
class _State:
    """What the reader knows while walking an article's sentences in order."""

    narrative: DateSpan | None = None
    incidents: list[Incident] = field(default_factory=list)


def _has_cue(norm: str, key: str) -> bool:
    return _cue_pattern(key).search(norm) is not None


@cache
def _cue_pattern(key: str) -> re.Pattern[str]:
    """One alternation of the cues under ``key``, each a whole word with an optional و/ف before it."""
    cues = sorted(words("cues", key), key=len, reverse=True)
    return re.compile(rf"(?<!\w)[وف]?(?:{'|'.join(map(re.escape, cues))})(?!\w)")


def _segments(sentence: Span, mentions: list[dt.DateMention]) -> list[tuple[Span, dt.DateMention | None]]:
    """Cut a sentence at its first anchored date expression: [(main, None), (subordinate, anchor mention)]."""
    for m in mentions:
        if m.kind == "anchored":
            main = Span(sentence.start, sentence.start + m.start, sentence.text[: m.start])
            sub = Span(sentence.start + m.end, sentence.end, sentence.text[m.end :])
            return [(main, None), (sub, m)]
    return [(sentence, None)]


def _absolute_date(mentions: list[dt.DateMention], seg: Span, sentence: Span, article: Article) -> DateSpan | None:
    for m in mentions:
        if m.kind == "absolute" and seg.start <= sentence.start + m.start < seg.end:
            span = dt.resolve(m, article.published)
            if span is not None:
                return span
    return None


def _is_history(mentions: list[dt.DateMention], seg: Span, sentence: Span) -> bool:
    return any(m.kind == "history" and seg.start <= sentence.start + m.start < seg.end for m in mentions)


def _fallback_date(article: Article, state: _State) -> DateSpan | None:
    """No date in the text: the story's current date, else the week up to publication (vague, never invented)."""
    if state.narrative is not None:
        return state.narrative
    if article.published is None:
        return None
    return DateSpan(article.published, article.published - timedelta(days=7), article.published, 2, "reported_by")


def _site_places(segment_mentions: list[PlaceMention]) -> list[tuple[PlaceMention, int]]:
    """Incident sites of one segment: (mention, geo_precision), containing regions and duplicates removed."""
    real = [
        m for m in segment_mentions
        if m.role in ("other", "context")
        and m.place.feature != "country"
        and m.place.country_code in INCIDENT_COUNTRIES
    ]
    direct = [m for m in real if m.role == "other"] or real
    if all(specificity(m.place) <= REGION_SPECIFICITY for m in direct):
        direct = _references_inside(real, direct) or direct
    direct.sort(key=lambda m: specificity(m.place), reverse=True)
    sites: list[PlaceMention] = []
    for m in direct:
        broad = specificity(m.place) <= REGION_SPECIFICITY
        overshadowed = broad and sites and specificity(sites[0].place) > specificity(m.place)
        if overshadowed or any(_contains(m, s) for s in sites):
            continue
        sites.append(m)
    return [(s, _geo_precision(s)) for s in sites]


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


def _contains(outer: PlaceMention, inner: PlaceMention) -> bool:
    """True if ``outer`` is a region or nearby place around the more specific ``inner`` site."""
    if outer.place.gazetteer_id == inner.place.gazetteer_id:
        return True
    if outer.place.feature in ("governorate", "district", "region"):
        return bool(outer.place.admin1) and outer.place.admin1 == inner.place.admin1
    return km_between(outer.place, inner.place) <= SAME_SITE_KM


def _geo_precision(mention: PlaceMention) -> int:
    if mention.place.feature in ("governorate", "region", "country"):
        return 3
    if mention.role == "context" or mention.qualifier or mention.place.feature == "district":
        return 2
    return 1


def _confidence(trigger: Trigger, geo_precision: int, dates: DateSpan | None) -> float:
    score = 0.45 + (0.2 if trigger.specific else 0.0) + (0.15 if geo_precision == 1 else 0.05)
    if dates is not None and dates.rule not in ("reported_by", ""):
        score += 0.1
    return round(min(score, 0.95), 2)


def _segment_incidents(seg: Span, am: ArticleMentions, article: Article, dates: DateSpan | None) -> list[Incident]:
    norm = normalize(seg.text)
    trigger = best_trigger(find_triggers(norm, article.language, normalized=True))
    if trigger is None:
        return []
    lang = article.language
    if _has_cue(norm, f"non_incident_{lang}"):
        return []
    sites = _site_places(am.within(seg.start, seg.end))
    killed, injured = parse_casualties(seg.text, lang)
    return [
        Incident(
            event_type=trigger.event_type, sub_event_type=trigger.sub_event_type, place=site,
            geo_precision=precision, dates=dates, evidence=((seg.start, seg.end),),
            fatalities=killed, injured=injured, actor1=find_actor(seg.text, lang), target=find_target(seg.text, lang),
            confidence=_confidence(trigger, precision, dates), specific=trigger.specific,
        )
        for site, precision in sites
    ]


def _same_incident(a: Incident, b: Incident) -> bool:
    if a.place.place.gazetteer_id != b.place.place.gazetteer_id and km_between(a.place.place, b.place.place) > MERGE_KM:
        return False
    return a.sub_event_type == b.sub_event_type or not (a.specific and b.specific)


def _merge(old: Incident, new: Incident) -> Incident:
    keep_type = old if old.specific or not new.specific else new
    narrower = old.dates if old.dates is None or new.dates is None else min(
        (old.dates, new.dates), key=lambda d: ((d.latest - d.earliest).days, d.rule == "reported_by")
    )
    return replace(
        old,
        event_type=keep_type.event_type, sub_event_type=keep_type.sub_event_type,
        specific=old.specific or new.specific,
        place=old.place if specificity(old.place.place) >= specificity(new.place.place) else new.place,
        dates=narrower or old.dates or new.dates,
        evidence=tuple(sorted(set(old.evidence) | set(new.evidence))),
        fatalities=_max_count(old.fatalities, new.fatalities), injured=_max_count(old.injured, new.injured),
        actor1=old.actor1 or new.actor1, target=old.target or new.target,
        confidence=round(min(0.95, max(old.confidence, new.confidence) + 0.05), 2),
    )


def _max_count(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _add(state: _State, incident: Incident) -> Incident:
    """Add or merge ``incident`` into the article's list; return the stored (possibly merged) one."""
    for i, old in enumerate(state.incidents):
        if _same_incident(old, incident):
            state.incidents[i] = _merge(old, incident)
            return state.incidents[i]
    state.incidents.append(incident)
    return incident


def _add_follow_up_casualties(seg: Span, article: Article, state: _State) -> None:
    """A sentence that names no place but states casualties ("No one was hurt.") completes the last incident."""
    if not state.incidents:
        return
    killed, injured = parse_casualties(seg.text, article.language)
    last = state.incidents[-1]
    if (killed is None and injured is None) or (last.fatalities is not None or last.injured is not None):
        return
    state.incidents[-1] = replace(
        last, fatalities=killed, injured=injured, evidence=tuple(sorted({*last.evidence, (seg.start, seg.end)}))
    )


def _sentence_dates(article_dates: list[dt.DateMention], sentence: Span) -> list[dt.DateMention]:
    """The article's date mentions inside ``sentence``, with offsets relative to the sentence."""
    first = bisect_left(article_dates, sentence.start, key=lambda m: m.start)
    last = bisect_left(article_dates, sentence.end, key=lambda m: m.start)
    return [
        replace(m, start=m.start - sentence.start, end=m.end - sentence.start)
        for m in article_dates[first:last]
        if m.end <= sentence.end
    ]


def _read_sentence(
    sentence: Span, am: ArticleMentions, article: Article, state: _State, article_dates: list[dt.DateMention]
) -> None:
    mentions = _sentence_dates(article_dates, sentence)
    main_dates: DateSpan | None = None
    for seg, anchored in _segments(sentence, mentions):
        if _is_history(mentions, seg, sentence):
            continue
        if anchored is not None:
            anchor = main_dates or state.narrative
            dates = dt.resolve(anchored, article.published, anchor) if anchor else None
        else:
            dates = _absolute_date(mentions, seg, sentence, article)
            if dates is not None:
                state.narrative = dates
        found = _segment_incidents(seg, am, article, dates or _fallback_date(article, state))
        if not found and not am.within(seg.start, seg.end):
            _add_follow_up_casualties(seg, article, state)
        stored = [_add(state, inc) for inc in found]
        if anchored is None:
            main_dates = dates or (stored[0].dates if stored else None) or state.narrative


def _final_role(mention: PlaceMention, incidents: tuple[Incident, ...]) -> PlaceMention:
    """Mentions of an incident place become 'incident'; regions around one, inside its evidence, 'context'."""
    if mention.role == "affiliation":
        return mention
    for inc in incidents:
        if mention.place.gazetteer_id == inc.place.place.gazetteer_id:
            return replace(mention, role="incident")
    for inc in incidents:
        inside = any(s <= mention.start < e for s, e in inc.evidence)
        if inside and mention.place.feature != "country" and _contains(mention, inc.place):
            return replace(mention, role="context")
    return mention


def extract_incidents(article: Article) -> Extraction:
    """Read ``article`` into incidents and place mentions (roles final: the incident places say 'incident')."""
    am = find_mentions(article)
    state = _State()
    article_dates = dt.find_dates(article.text, article.language)
    for sentence in split_sentences(article.text):
        _read_sentence(sentence, am, article, state, article_dates)
    incidents = tuple(
        replace(inc, place=replace(inc.place, role="incident")) for inc in state.incidents
    )
    mentions = tuple(_final_role(m, incidents) for m in am.mentions)
    return Extraction(article, mentions, incidents)
