"""From an article to incidents: which clauses report a concrete incident, where, when, how bad.

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
from dashboard.extract.context import NOT_THERE
from dashboard.extract.lexicon import words
from dashboard.extract.mentions import ArticleMentions, find_mentions, specificity, specificity_of_feature
from dashboard.extract.structure import ArticleStructure, article_structure
from dashboard.extract.triggers import Trigger, best_trigger, find_triggers
from dashboard.geo.distance import km_between
from dashboard.geo.translit import skeleton
from dashboard.models import Article, DateSpan, Incident, Place, PlaceMention
from dashboard.text.normalize import normalize
from dashboard.text.sentences import Span, split_clauses, split_sentences

#: Two places closer than this are one incident site (a base and the town it is named after).
SAME_SITE_KM = 30.0
#: Events of one article at places closer than this, of compatible kinds, are one incident.
MERGE_KM = 5.0
#: Incident Map maps incidents in Iraq: foreign places (capitals named as actors' seats) are never incident sites.
INCIDENT_COUNTRIES = frozenset({"IQ"})
#: Countries and multi-governorate regions ("Kurdistan Region") are too vague to be an incident's place.
NEVER_SITES = frozenset({"country", "region"})
#: A headline's incident is the body's compatible incident within this distance ("attack near Mosul" for a
#: town 60 km south of it): headlines name the best-known place near the incident.
HEADLINE_KM = 80.0
#: An incident placed only by a reference point ("north of Baghdad") is a compatible one placed within this.
REFERENCE_KM = 150.0
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


#: Words between two names that make the second the place the first lies in ("العزيزية في الكوت", "Buhriz in Diyala").
_IN_GAP = frozenset({"في", "ب", "بمدينه", "في مدينه", "in", "in the city of", "in the town of", "بمحافظه", "في محافظه",
                     "in the province of", "province", ",", "،"})


def _appositive_containers(mentions: list[PlaceMention], text: str) -> set[int]:
    """Indexes of mentions that only say where the mention before them lies ("مركز شرطة العزيزية في الكوت").

    The second name must be no more specific than the first; a comma joins only a less specific one
    ("Saqlawiyah, Fallujah"), so a list of towns ("Karmah, Habbaniyah and Saqlawiyah") stays a list.
    """
    out = set()
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1], mentions[i]
        gap = " ".join(normalize(text[a.end : b.start]).split())
        if gap not in _IN_GAP or specificity(b.place) > specificity(a.place):
            continue
        if gap in {",", "،"} and specificity(b.place) >= specificity(a.place):
            continue
        out.add(i)
    return out


#: A place the text says lies in or by another ("حي الشهداء في جنوب الفلوجة") but that lies farther than this
#: from it is a namesake elsewhere: the clause is placed by the other one.
NAMESAKE_KM = 40.0
_DIRECTION_GAP = re.compile(
    r"^(?:في |in |in the )?(?:(?:ال)?(?:شمال|جنوب|شرق|غرب)(?:ي)?(?: (?:ال)?(?:شرقي|غربي))?|"
    r"(?:north|south|east|west)(?:east|west)?(?:ern)?(?: of)?|central|وسط)(?: (?:مدينه|the city of|the town of))?$"
)


def _namesakes(mentions: list[PlaceMention], text: str) -> set[int]:
    """Indexes of specific places whose stated surroundings are elsewhere: "X in/south of Y" with X in another
    governorate than Y and farther than NAMESAKE_KM from it: the gazetteer entry chosen for X is a namesake."""
    out = set()
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1], mentions[i]
        gap = " ".join(normalize(text[a.end : b.start]).split())
        if not (gap in _IN_GAP or _DIRECTION_GAP.match(gap)) or specificity(a.place) <= specificity(b.place):
            continue
        if b.place.feature in ("governorate", "district"):
            inconsistent = bool(b.place.admin1) and a.place.admin1 != b.place.admin1
        else:
            inconsistent = km_between(a.place, b.place) > NAMESAKE_KM and a.place.admin1 != b.place.admin1
        if inconsistent and b.place.country_code in INCIDENT_COUNTRIES and b.place.feature not in NEVER_SITES:
            out.add(i - 1)
    return out


def _site_places(segment_mentions: list[PlaceMention], text: str = "") -> list[tuple[PlaceMention, int]]:
    """Incident sites of one segment: (mention, geo_precision), containing regions and duplicates removed."""
    if text:
        drop = _namesakes(segment_mentions, text)
        segment_mentions = [m for i, m in enumerate(segment_mentions) if i not in drop]
        drop = _appositive_containers(segment_mentions, text)
        segment_mentions = [m for i, m in enumerate(segment_mentions) if i not in drop]
    real = [
        m for m in segment_mentions
        if m.role in ("other", "context")
        and m.qualifier not in NOT_THERE
        and m.place.feature not in NEVER_SITES
        and m.place.country_code in INCIDENT_COUNTRIES
    ]
    direct = [m for m in real if m.role == "other"] or _first_reference(real)
    if all(specificity(m.place) <= REGION_SPECIFICITY for m in direct):
        direct = _references_inside(real, direct)[:1] or direct
    direct.sort(key=lambda m: specificity(m.place), reverse=True)
    sites: list[PlaceMention] = []
    for m in direct:
        broad = specificity(m.place) <= REGION_SPECIFICITY
        overshadowed = broad and sites and specificity(sites[0].place) > specificity(m.place)
        if overshadowed or any(_contains(m, s) for s in sites):
            continue
        sites.append(m)
    return [(s, _geo_precision(s)) for s in sites]


def _first_reference(real: list[PlaceMention]) -> list[PlaceMention]:
    """When a clause names places only as references ("west of Qayyara, 60 km south of Mosul"), the first is
    the one the incident is placed by; the later ones place that reference point."""
    local = [m for m in real if specificity(m.place) > REGION_SPECIFICITY]
    return local[:1] + [m for m in real if specificity(m.place) <= REGION_SPECIFICITY] if local else real


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
    """True if ``outer`` is a region around ``inner``, or a place around the more specific ``inner`` site.

    A base near its town, a neighbourhood in its city: one site. Two towns of one clause ("bombs went off in
    Karmah, Habbaniyah and Saqlawiyah") are separate sites however close they are.
    """
    return places_contain(outer.place, inner.place)


def places_contain(outer: Place, inner: Place) -> bool:
    """True if ``outer`` is, or lies around, ``inner``: the same entry, its governorate or district, or a
    less specific place within SAME_SITE_KM of a more specific one (a town around its base)."""
    if outer.gazetteer_id == inner.gazetteer_id:
        return True
    if outer.feature in ("governorate", "district", "region"):
        return bool(outer.admin1) and outer.admin1 == inner.admin1 and specificity(inner) >= specificity(outer)
    if specificity(outer) >= specificity(inner):
        return False
    if _names_its_governorate(outer) and outer.admin1 == inner.admin1 and specificity(inner) >= specificity_of_feature(
        "village"
    ):
        return True  # "in Kirkuk" for the province: a village of Kirkuk governorate is inside it
    return km_between(outer, inner) <= SAME_SITE_KM


def _names_its_governorate(place: Place) -> bool:
    """True for a governorate seat that shares the governorate's name (Kirkuk, Basra, Duhok, Karbala...)."""
    if place.feature != "city" or not place.admin1:
        return False
    return skeleton(normalize(place.admin1)) == skeleton(normalize(place.name))


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
    sites = [(site, precision, 0.0) for site, precision in _site_places(am.within(seg.start, seg.end), article.text)]
    if not sites and state is not None:
        sites = _lead_fallback(seg, am, state)
    if state is not None and state.incidents and _refers_back(norm, article.language):
        # "the attack" / "الهجوم" names an incident already reported: it may add detail, never a new incident
        related = [s for s in sites if any(_places_related(s[0].place, old.place.place) for old in state.incidents)]
        if not related and sites:
            _relocate_approximate(state, sites[0][0], sites[0][1], seg)
        sites = related
    killed, injured = parse_casualties(seg.text, lang)
    return [
        Incident(
            event_type=trigger.event_type, sub_event_type=trigger.sub_event_type, place=site,
            geo_precision=precision, dates=dates, evidence=((seg.start, seg.end),),
            fatalities=killed, injured=injured, actor1=find_actor(seg.text, lang), target=find_target(seg.text, lang),
            confidence=round(_confidence(trigger, precision, dates) - penalty, 2), specific=trigger.specific,
        )
        for site, precision, penalty in sites
    ]


def _dates_overlap(a: DateSpan | None, b: DateSpan | None) -> bool:
    return a is None or b is None or (a.earliest <= b.latest and b.earliest <= a.latest)


def _places_related(a: Place, b: Place) -> bool:
    """One incident site: the same place, two points a few km apart, or one place containing the other."""
    if a.gazetteer_id == b.gazetteer_id or km_between(a, b) <= MERGE_KM:
        return True
    return places_contain(a, b) or places_contain(b, a)


def _same_incident(a: Incident, b: Incident) -> bool:
    """Compatible kind, overlapping dates, and places that are one site or contain each other."""
    if not _places_related(a.place.place, b.place.place) or not _dates_overlap(a.dates, b.dates):
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
        fatalities=_merged_count(old, new, "fatalities"), injured=_merged_count(old, new, "injured"),
        actor1=old.actor1 or new.actor1, target=old.target or new.target,
        confidence=round(min(0.95, max(old.confidence, new.confidence) + 0.05), 2),
    )


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


def _add(state: _State, incident: Incident, separate: bool = False) -> Incident:
    """Add or merge ``incident`` into the article's list; return the stored (possibly merged) one.

    ``separate``: the clause says it is another incident ("in a separate attack", "وفي حادث آخر"): it merges
    only with an incident at exactly the same place, kind and day.
    """
    for i, old in enumerate(state.incidents):
        if separate and not _identical(old, incident):
            continue
        if _same_incident(old, incident):
            state.incidents[i] = _merge(old, incident)
            return state.incidents[i]
    state.incidents.append(incident)
    return incident


def _identical(a: Incident, b: Incident) -> bool:
    return (
        a.place.place.gazetteer_id == b.place.place.gazetteer_id and a.sub_event_type == b.sub_event_type
        and a.dates is not None and b.dates is not None and a.dates.best == b.dates.best
        and (a.fatalities, a.injured) == (b.fatalities, b.injured)
    )


def _add_follow_up_casualties(seg: Span, article: Article, state: _State) -> None:
    """A sentence that names no place but states casualties ("No one was hurt.") completes the last incident."""
    if not state.incidents:
        return
    if _has_cue(normalize(seg.text), f"unconfirmed_{article.language}"):
        return  # "…claimed six soldiers were killed, but this was not confirmed"
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
        if inside and mention.place.feature != "country" and _contains(mention, inc.place):
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
        has_place = bool(_site_places(am.within(clause.start, clause.end), article.text))
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


def _summarises(head: Incident, body: Incident, within_km: float = 0.0) -> bool:
    """True if the vaguer incident ``head`` can be ``body``: kind, dates, and a place within ``within_km``."""
    if not (_kinds_compatible(head, body) and _dates_overlap(head.dates, body.dates)):
        return False
    a, b = head.place.place, body.place.place
    return km_between(a, b) <= within_km or _places_related(a, b)


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
        rest[i] = replace(
            b, evidence=tuple(sorted(set(b.evidence) | set(v.evidence))),
            fatalities=b.fatalities if b.fatalities is not None else v.fatalities,
            injured=b.injured if b.injured is not None else v.injured,
            confidence=round(min(0.95, b.confidence + 0.05), 2),
        )
    return sorted(kept + rest, key=lambda inc: inc.evidence[0])


def _fold_headline(incidents: list[Incident], structure: ArticleStructure) -> list[Incident]:
    """Headline incidents become evidence of the body's compatible incident nearest to them, if there is one.

    "Roadside bomb kills three in Salahuddin" over "...on the road between Baiji and Sharqat..." is one
    incident near Baiji; a headline whose incident the body never places stays an incident of its own.
    """
    head = [inc for inc in incidents if all(structure.in_headline(s) for s, _ in inc.evidence)]
    return _fold_vague(incidents, head, HEADLINE_KM)


def _fold_references(incidents: list[Incident], structure: ArticleStructure) -> list[Incident]:
    """An incident placed only by a reference point ("a roadside bomb blast north of Baghdad") is the article's
    compatible incident that a later clause places within REFERENCE_KM ("killed in the town of Samarra")."""
    vague = [inc for inc in incidents if inc.place.role == "context" and not _in_headline(inc, structure)]
    headline_only = tuple(inc for inc in incidents if all(structure.in_headline(s) for s, _ in inc.evidence))
    return _fold_vague(incidents, vague, REFERENCE_KM, direct_only=True, protected=headline_only)


def _in_headline(incident: Incident, structure: ArticleStructure) -> bool:
    return any(structure.in_headline(s) for s, _ in incident.evidence)


def extract_incidents(article: Article) -> Extraction:
    """Read ``article`` into incidents and place mentions (roles final: the incident places say 'incident')."""
    structure = article_structure(article.text, article.title, article.language)
    am = _with_structure_roles(find_mentions(article), structure)
    state = _State(structure=structure)
    article_dates = dt.find_dates(article.text, article.language)
    for sentence in split_sentences(article.text):
        for part in _incident_clauses(sentence, am, article):
            _read_sentence(part, am, article, state, article_dates)
    folded = _fold_references(_fold_headline(state.incidents, structure), structure)
    incidents = tuple(_final_incident(inc, article) for inc in folded)
    mentions = tuple(_final_role(m, incidents) for m in am.mentions)
    return Extraction(article, mentions, incidents)
