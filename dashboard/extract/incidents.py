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
from dashboard.extract.actors import find_target, read_actor
from dashboard.extract.casualties import read_casualties
from dashboard.extract.lexicon import words
from dashboard.extract.mentions import ArticleMentions, find_mentions
from dashboard.extract.merging import (
    fold_headline,
    fold_references,
    identical,
    merge_incidents,
    places_related,
    same_incident,
)
from dashboard.extract.provenance import shifted, trigger_spans
from dashboard.extract.sites import INCIDENT_COUNTRIES, site_contains, site_places
from dashboard.extract.structure import ArticleStructure, article_structure
from dashboard.extract.triggers import Trigger, best_trigger, find_triggers
from dashboard.models import Article, DateSpan, Incident, PlaceMention
from dashboard.text.normalize import normalize
from dashboard.text.sentences import Span, split_clauses, split_sentences


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
    structure: ArticleStructure | None = None
    #: incident sites of the headline (the lead's incident falls back to them when it names no place)
    headline_sites: list[PlaceMention] = field(default_factory=list)
    #: indexes of incidents placed only by the dateline or the headline (a later clause may place them better)
    approximate: set[int] = field(default_factory=set)


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


#: Words right before a date that make it a starting point or a plan, not when the clause's incident happened.
_NOT_WHEN = re.compile(r"(?:\b(?:since|until|ahead of|before)|(?<!\w)(?:منذ|حتى|قبيل))\s*$", re.I)
_STARTS_NOT_WHEN = re.compile(r"(?:since|until|منذ|حتى)\s", re.I)
_FUTURE = re.compile(r"(?<!\w)(?:المقبله|المقبل|القادم|القادمه|next|upcoming|will be held)(?!\w)", re.I)


def _absolute_date(mentions: list[dt.DateMention], seg: Span, sentence: Span, article: Article) -> DateSpan | None:
    """The clause's own date: the first absolute date in it that is not "since X" / "until X" or a plan."""
    if _FUTURE.search(normalize(seg.text)):
        return None
    for m in mentions:
        if m.kind == "absolute" and seg.start <= sentence.start + m.start < seg.end:
            if _NOT_WHEN.search(sentence.text[max(0, m.start - 12) : m.start]) or _STARTS_NOT_WHEN.match(m.text):
                continue
            span = dt.resolve(m, article.published)
            if span is not None:
                return replace(span, spans=((sentence.start + m.start, sentence.start + m.end),))
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


def _confidence(trigger: Trigger, geo_precision: int, dates: DateSpan | None) -> float:
    score = 0.45 + (0.2 if trigger.specific else 0.0) + (0.15 if geo_precision == 1 else 0.05)
    if dates is not None and dates.rule not in ("reported_by", ""):
        score += 0.1
    return round(min(score, 0.95), 2)


#: Nouns that name an incident; with a definite article ("the attack", "الهجوم") they point back to one.
_REFERRING_EN = frozenset({"attack", "attacks", "explosion", "blast", "bombing", "incident"})
_REFERRING_AR = frozenset({"هجوم", "الهجوم", "هجمات", "انفجار", "تفجير", "حادث"})
_DEFINITE_EN = re.compile(r"\b(?:the|this|that|these|those)\s+$")


def _refers_back(norm: str, language: str) -> bool:
    """True when every incident word of the clause is a definite generic noun ("The attack took place...",
    "ووقع الهجوم في..."): the clause speaks of an incident already reported, not of a new one."""
    triggers = find_triggers(norm, language, normalized=True)
    if not triggers or any(t.specific for t in triggers):
        return False
    for t in triggers:
        if language == "ar":
            definite = t.word.startswith("ال") or norm[max(0, t.start - 2) : t.start] == "ال"
            if not (definite and t.word.removeprefix("ال") in _REFERRING_AR):
                return False
        elif t.word not in _REFERRING_EN or not _DEFINITE_EN.search(norm[max(0, t.start - 8) : t.start]):
            return False
    return True


def _relocate_approximate(state: _State, site: PlaceMention, precision: int, seg: Span) -> None:
    """"The attack, on the outskirts of Kufa, ..." after a lead placed only by its dateline moves that incident."""
    for i, old in enumerate(state.incidents):
        if i in state.approximate:
            state.incidents[i] = replace(old, place=site, geo_precision=precision,
                                         evidence=tuple(sorted({*old.evidence, (seg.start, seg.end)})))
            state.approximate.discard(i)
            return


def _lead_fallback(seg: Span, am: ArticleMentions, state: _State) -> list[tuple[PlaceMention, int, float]]:
    """Where the lead's incident is when its clause names no place: the headline's site, else the dateline.

    Only for the paragraph that opens with (or follows) a dateline, or the first paragraph after the headline;
    the place is then approximate (geo_precision 2) and the confidence lower. A dateline is never a second,
    separate incident: once the lead has a place of its own, the dateline is only where the reporter was.
    """
    structure = state.structure
    if structure is None:
        return []
    in_lead = structure.lead is not None and structure.lead[0] <= seg.start <= structure.lead[1]
    if not in_lead and not any(s <= seg.start <= e + 2 for s, e in structure.datelines):
        return []
    if state.headline_sites:
        return [(m, 2, 0.1) for m in state.headline_sites[:1]]
    datelines = [
        m for m in am.mentions
        if m.role == "dateline" and m.place.country_code in INCIDENT_COUNTRIES and m.place.feature != "country"
        and seg.start - 400 <= m.start <= seg.end
    ]
    # the last place of a dateline is where it files from ("بغداد اليوم- ذي قار": an outlet, then the place)
    return [(replace(m, role="other"), 2, 0.15) for m in datelines[-1:]]


def _segment_incidents(
    seg: Span, am: ArticleMentions, article: Article, dates: DateSpan | None, state: _State | None = None
) -> list[Incident]:
    norm = normalize(seg.text)
    trigger = best_trigger(find_triggers(norm, article.language, normalized=True))
    if trigger is None:
        return []
    lang = article.language
    if _has_cue(norm, f"non_incident_{lang}"):
        return []
    sites = [(site, precision, 0.0) for site, precision in site_places(am.within(seg.start, seg.end), article.text)]
    if not sites and state is not None:
        sites = _lead_fallback(seg, am, state)
    if state is not None and state.incidents and _refers_back(norm, article.language):
        # "the attack" / "الهجوم" names an incident already reported: it may add detail, never a new incident
        related = [s for s in sites if any(places_related(s[0].place, old.place.place) for old in state.incidents)]
        if not related and sites:
            _relocate_approximate(state, sites[0][0], sites[0][1], seg)
        sites = related
    if not sites:
        return []
    killed, injured, tolls = read_casualties(seg.text, lang)
    actor, named = read_actor(seg.text, lang)
    found = {"type": trigger_spans(seg.text, seg.start, trigger), "casualties": shifted(tolls, seg.start),
             "actor": shifted(named, seg.start)}
    spans = {name: pairs for name, pairs in found.items() if pairs}
    return [
        Incident(
            event_type=trigger.event_type, sub_event_type=trigger.sub_event_type, place=site,
            geo_precision=precision, dates=dates, evidence=((seg.start, seg.end),),
            fatalities=killed, injured=injured, actor1=actor, target=find_target(seg.text, lang),
            confidence=round(_confidence(trigger, precision, dates) - penalty, 2), specific=trigger.specific,
            spans=spans,
        )
        for site, precision, penalty in sites
    ]


def _add(state: _State, incident: Incident, separate: bool = False) -> Incident:
    """Add or merge ``incident`` into the article's list; return the stored (possibly merged) one.

    ``separate``: the clause says it is another incident ("in a separate attack", "وفي حادث آخر"): it merges
    only with an incident at exactly the same place, kind and day.
    """
    for i, old in enumerate(state.incidents):
        if separate and not identical(old, incident):
            continue
        if same_incident(old, incident):
            state.incidents[i] = merge_incidents(old, incident)
            return state.incidents[i]
    state.incidents.append(incident)
    return incident


def _add_follow_up_casualties(seg: Span, article: Article, state: _State) -> None:
    """A sentence that names no place but states casualties ("No one was hurt.") completes the last incident."""
    if not state.incidents:
        return
    if _has_cue(normalize(seg.text), f"unconfirmed_{article.language}"):
        return  # "…claimed six soldiers were killed, but this was not confirmed"
    killed, injured, tolls = read_casualties(seg.text, article.language)
    last = state.incidents[-1]
    if (killed is None and injured is None) or (last.fatalities is not None or last.injured is not None):
        return
    state.incidents[-1] = replace(
        last, fatalities=killed, injured=injured, evidence=tuple(sorted({*last.evidence, (seg.start, seg.end)})),
        spans={**last.spans, "casualties": shifted(tolls, seg.start)},
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
            if dates is not None and anchor is not None:  # the words: this expression and the anchor's date
                here = (sentence.start + anchored.start, sentence.start + anchored.end)
                dates = replace(dates, spans=(here, *anchor.spans))
        else:
            dates = _absolute_date(mentions, seg, sentence, article)
        found = _segment_incidents(seg, am, article, dates or _fallback_date(article, state), state)
        if anchored is None and dates is not None and (found or find_triggers(seg.text, article.language)):
            state.narrative = dates  # the story's current date, set only by a clause that reports incidents
        if not found and not am.within(seg.start, seg.end):
            _add_follow_up_casualties(seg, article, state)
        separate = _has_cue(normalize(seg.text), f"separate_incident_{article.language}")
        before = len(state.incidents)
        stored = [_add(state, inc, separate) for inc in found]
        if found and all(m.role == "dateline" for m in am.within(seg.start, seg.end)):
            state.approximate.update(range(before, len(state.incidents)))  # placed by the dateline or headline
        if state.structure is not None and state.structure.in_headline(seg.start):
            state.headline_sites.extend(inc.place for inc in found if inc.geo_precision < 3)
        if anchored is None:
            main_dates = dates or (stored[0].dates if stored else None) or state.narrative


def _final_role(mention: PlaceMention, incidents: tuple[Incident, ...]) -> PlaceMention:
    """Mentions of an incident place become 'incident' (or 'recalled'); regions around one, inside its evidence,
    'context'. Affiliations, datelines, speakers and names keep their role."""
    if mention.role in ("affiliation", "dateline", "speaker", "person_or_org"):
        return mention
    for inc in incidents:
        if mention.place.gazetteer_id == inc.place.place.gazetteer_id:
            return replace(mention, role=inc.place.role)
    for inc in incidents:
        inside = any(s <= mention.start < e for s, e in inc.evidence)
        if inside and mention.place.feature != "country" and site_contains(mention, inc.place):
            return replace(mention, role="context")
    return mention


def _incident_clauses(sentence: Span, am: ArticleMentions, article: Article) -> list[Span]:
    """The sentence, or its clauses when it reports several incidents each with its own place and words.

    "انفجرت عبوتان قرب سوق بلدروز، كما قتل مزارع بانفجار عبوة قرب بستانه في ناحية أبي صيدا، فيما قتل مدنيان
    بهجوم مسلح قرب الخالص" is three incidents with three tolls. A sentence is split only when at least two of its
    clauses name both an incident and a place, and no clause has one without the other (which would lose it).
    """
    clauses = split_clauses(sentence)
    if len(clauses) < 2:
        return [sentence]
    complete = 0
    for clause in clauses:
        has_trigger = bool(find_triggers(clause.text, article.language))
        has_place = bool(site_places(am.within(clause.start, clause.end), article.text))
        if has_trigger and has_place:
            complete += 1
        elif has_trigger or has_place:
            return [sentence]
    return clauses if complete >= 2 else [sentence]


def _with_structure_roles(am: ArticleMentions, structure: ArticleStructure) -> ArticleMentions:
    """Mentions inside a dateline get the role 'dateline'."""
    return ArticleMentions(tuple(
        replace(m, role="dateline") if structure.in_dateline(m.start, m.end) else m for m in am.mentions
    ))


#: An incident that ended this many days before publication is one the article recalls.
RECALLED_DAYS = 7


def is_recalled(incident: Incident, article: Article) -> bool:
    """True for a past incident the article recalls ("last month", "وكان مطار النجف قد تعرض في شباط الماضي").

    Its dates are its own (never the publication date); it ended more than RECALLED_DAYS before publication,
    or a recall cue precedes it and it ended before the publication day.
    """
    dates = incident.dates
    if dates is None or article.published is None or dates.rule in ("reported_by", ""):
        return False
    if (article.published - dates.latest).days > RECALLED_DAYS:
        return True
    text = normalize(article.text[incident.evidence[0][0] : incident.evidence[0][1]])
    return dates.latest < article.published - timedelta(days=1) and _has_cue(text, f"recalled_{article.language}")


def _final_incident(incident: Incident, article: Article) -> Incident:
    if is_recalled(incident, article):
        return replace(incident, place=replace(incident.place, role="recalled"),
                       confidence=round(max(0.05, incident.confidence - 0.2), 2))
    return replace(incident, place=replace(incident.place, role="incident"))


def extract_incidents(article: Article) -> Extraction:
    """Read ``article`` into incidents and place mentions (roles final: the incident places say 'incident')."""
    structure = article_structure(article.text, article.title, article.language)
    am = _with_structure_roles(find_mentions(article), structure)
    state = _State(structure=structure)
    article_dates = dt.find_dates(article.text, article.language)
    for sentence in split_sentences(article.text):
        for part in _incident_clauses(sentence, am, article):
            _read_sentence(part, am, article, state, article_dates)
    folded = fold_references(fold_headline(state.incidents, structure), structure)
    incidents = tuple(_final_incident(inc, article) for inc in folded)
    mentions = tuple(_final_role(m, incidents) for m in am.mentions)
    return Extraction(article, mentions, incidents)
