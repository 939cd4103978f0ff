"""Place mentions of an article (extract layer): gazetteer matches that are real places, best candidate and role.

>>> specificity_of_feature("military_base") > specificity_of_feature("city") > specificity_of_feature("governorate")
True
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from dashboard.extract.context import context_spans, is_real_place, qualifier_of, role_of
from dashboard.extract.places import (
    MatchedText,
    NameMatch,
    cue_after,
    cue_before,
    lexical_evidence,
    matcher_for,
    non_place_context,
    tokens_before,
)
from dashboard.geo.distance import km_between
from dashboard.geo.gazetteer import load_gazetteer
from dashboard.geo.ranking import best, needs_evidence, scored
from dashboard.geo.translit import skeleton
from dashboard.models import MAX_CANDIDATES, Article, Place, PlaceMention
from dashboard.text.clitics import split_proclitics

_SPECIFICITY = {
    "embassy": 10, "military_base": 10, "airport": 10, "facility": 10, "government_building": 9,
    "neighbourhood": 8, "village": 7, "abandoned": 7, "town": 7, "city": 6, "area": 5, "district": 4,
    "governorate": 3, "region": 2, "country": 0,
}
_TOWN = 6
#: Longer gaps between two names are never an apposition (six short words at most).
_MAX_GAP = 60
#: Words between two names that say the first is a place inside the second: a comma or a kind word
#: ("X, Diyala"; "X village in Diyala"; "X بمحافظة ديالى"), unlike a bare "in" ("killed X in Baghdad").
_APPOSITION_WORDS = frozenset({
    ",", "village", "town", "city", "area", "district", "subdistrict", "sub", "province", "governorate", "region",
    "neighborhood", "neighbourhood", "محافظه", "قضاء", "ناحيه", "مدينه", "بلده", "قريه", "منطقه", "حي", "التابعه",
    "بمحافظه", "بقضاء", "لقضاء", "لمحافظه",
})
#: Features of the places that anchor others: towns, cities, facilities, neighbourhoods, areas.
_ANCHOR_FEATURES = frozenset({
    "city", "town", "neighbourhood", "area", "airport", "military_base", "embassy", "government_building", "facility",
})
#: A village-only name is near the article's other places within this distance (evidence it is a place).
NEAR_KM = 15.0
#: A place the text anchors to a town ("X, Mosul"; "X, north of Tikrit") lies within this distance of it.
ANCHOR_KM = 60.0
#: ... and within this distance of a reference point it is placed from ("north of Tikrit").
FAR_ANCHOR_KM = 150.0
_DIRECTION_WORDS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern", "southern",
    "eastern", "western", "km", "kilometers", "kilometres", "miles", "near", "outside",
    "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "كم", "كيلومتر", "كيلومترات", "قرب",
    "وسط", "centre", "center", "central", "downtown", "located", "outskirts", "اطراف", "ضواحي",
})
#: Reference words that put a place right at the next one ("العباسية، وسط الكوت", "on the outskirts of").
_NEAR_WORDS = frozenset({"وسط", "centre", "center", "central", "downtown", "outskirts", "اطراف", "ضواحي", "located"})
#: One-word names that begin longer names ("ابو دشير", "Umm Qasr"): never a village by themselves.
_NAME_HEADS = frozenset({"ابو", "ام", "بني", "البو", "عين", "تل", "بير", "قصر", "جسر", "abu", "umm", "bani", "albu"})
#: A name shared by this many villages is probably also a person's name: it needs a cue or admin context.
PERSON_LIKE = 3
#: A word before the name that says which kind of place it is ("محافظة صلاح الدين" is the governorate).
_KIND_WORDS = {
    "محافظه": "governorate", "province": "governorate", "governorate": "governorate",
    "قضاء": "district", "district": "district", "مدينه": "city", "city": "city", "town": "town", "بلده": "town",
}

#: How far outside a stated governorate's known places a candidate may lie (governorate lines are loose).
BORDER_KM = 50.0
_GAP_TOKEN = re.compile(r"[0-9a-z\u0621-\u064A]+|,")
_GAP_WORDS = frozenset({
    ",", "in", "of", "the", "village", "town", "city", "area", "district", "subdistrict", "sub", "province",
    "governorate", "region", "neighborhood", "neighbourhood", "في", "محافظه", "قضاء", "ناحيه", "مدينه",
    "بلده", "قريه", "منطقه", "حي", "التابعه", "ل", "بمحافظه", "بقضاء", "لقضاء", "لمحافظه",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern", "southern",
    "eastern", "western", "km", "kilometers", "kilometres", "miles", "near", "outside",
    "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "كم", "كيلومتر", "كيلومترات", "قرب",
    "وسط", "centre", "center", "central", "downtown", "located", "outskirts", "اطراف", "ضواحي", "(", ")",
})


def specificity_of_feature(feature: str) -> int:
    """How specific a feature kind is: facility > neighbourhood > town > city > district > governorate > country."""
    return _SPECIFICITY.get(feature, 5)


def specificity(place: Place) -> int:
    """:func:`specificity_of_feature` of a place."""
    return specificity_of_feature(place.feature)


@dataclass(frozen=True, slots=True)
class ArticleMentions:
    """The place mentions of one article in text order, with a fast lookup by span."""

    mentions: tuple[PlaceMention, ...]
    starts: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(m.start for m in self.mentions))

    def within(self, start: int, end: int) -> list[PlaceMention]:
        """Mentions that lie inside [start, end) of the article text (two binary searches, not a scan)."""
        first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]


def _kind_hint(matched: MatchedText, match: NameMatch) -> str:
    before = tokens_before(matched.norm, match.norm_start - len(match.prefix), 1)
    if match.prefix and not before:
        return ""
    word = split_proclitics(before[0])[1].removeprefix("ال") if before else ""
    return _KIND_WORDS.get(word, "")


def choose_candidate(
    candidates: tuple[Place, ...],
    kind_hint: str,
    context_admin1: set[str],
    *,
    key: str = "",
    context: StatedContext | None = None,
    near: tuple[Place, ...] = (),
) -> Place:
    """The candidate a mention most likely names, by the shared ranker (:func:`dashboard.geo.ranking.rank_key`):
    the kind the text says, the stated district and governorate, Iraq, town before village, the anchor the text
    gives, the article's governorates, nearness to its other places, feature rank, size."""
    ctx = context or StatedContext()
    kind = "seat" if kind_hint == "district" else kind_hint
    return best(candidates, key, kind=kind, admin1=ctx.admin1, admin2=ctx.admin2, anchor=ctx.anchor,
                context_admin1=frozenset(context_admin1), near=near)


def rank_candidates(candidates: tuple[Place, ...], kind_hint: str, context_admin1: set[str], *, key: str = "",
                    context: StatedContext | None = None, near: tuple[Place, ...] = ()
                    ) -> tuple[tuple[Place, float], ...]:
    """The best MAX_CANDIDATES of :func:`choose_candidate`'s ranking, with their scores; its choice first."""
    ctx = context or StatedContext()
    kind = "seat" if kind_hint == "district" else kind_hint
    return tuple(scored(candidates, key, limit=MAX_CANDIDATES, kind=kind, admin1=ctx.admin1, admin2=ctx.admin2,
                        anchor=ctx.anchor, context_admin1=frozenset(context_admin1), near=near))


@dataclass(frozen=True, slots=True)
class StatedContext:
    """Where the words right after a mention place it: "X, Tarmiyah district, Baghdad"; "X, north of Tikrit"."""

    admin1: str = ""
    admin2: str = ""
    anchor: Place | None = None
    #: True when a comma or a kind word links them ("X, Diyala", "X village in Diyala"), not a bare "in".
    apposition: bool = False
    #: True when the anchor is a reference point at some distance ("X, 20 km north of Tikrit").
    far: bool = False
    #: Offsets into the text of the words that state it: from the mention's end to the last name used.
    span: tuple[int, int] | None = None

    def __bool__(self) -> bool:
        return bool(self.admin1 or self.admin2 or self.anchor)


def _is_apposition_gap(gap: str) -> bool:
    """True for the words between "X village, Diyala governorate" / "X في محافظة ديالى" / "X, 20 km north of
    Tikrit": fillers, kind words, directions and distances only."""
    tokens = _GAP_TOKEN.findall(gap)
    return len(tokens) <= 6 and all(t in _GAP_WORDS or t.isdigit() for t in tokens) and bool(gap.strip())


def stated_context(matched: MatchedText, real: list[NameMatch], i: int) -> StatedContext:
    """The district, governorate and anchor town the text gives ``real[i]`` by apposition (up to 3 names on)."""
    end = real[i].norm_end
    admin1 = admin2 = ""
    anchor: Place | None = None
    far = False
    last: NameMatch | None = None  # the last name that said something
    first_gap = matched.norm[end : real[i + 1].norm_start] if i + 1 < len(real) else ""
    apposition = any(t in _APPOSITION_WORDS for t in _GAP_TOKEN.findall(first_gap))
    for nxt in real[i + 1 : i + 4]:
        if nxt.norm_start - end > _MAX_GAP:
            break
        gap = matched.norm[end : nxt.norm_start]
        if not _is_apposition_gap(gap):
            break
        iraqi = [p for p in nxt.candidates if p.country_code == "IQ"]
        governorates = [p for p in iraqi if p.feature == "governorate"]
        districts = [p for p in iraqi if p.feature == "district"]
        towns = [p for p in iraqi if not needs_evidence(p) and specificity(p) >= _TOWN]
        words = _GAP_TOKEN.findall(gap)
        if any(t in _DIRECTION_WORDS for t in words):
            # "X, north of Tikrit", "تكريت شمال بغداد": a reference point, not the unit X lies in
            if towns and anchor is None:
                anchor, far, last = best(towns, nxt.key), not any(t in _NEAR_WORDS for t in words), nxt
            break
        if governorates:
            admin1, last = admin1 or governorates[0].admin1, nxt
            break
        if districts and not towns:
            admin2, admin1, last = admin2 or districts[0].admin2, admin1 or districts[0].admin1, nxt
        elif towns and anchor is None:
            anchor, last = best(towns, nxt.key), nxt
        end = nxt.norm_end
    span = (real[i].end, last.end) if last is not None else None
    return StatedContext(admin1, admin2, anchor, apposition, far, span)


def _consistent(candidates: tuple[Place, ...], admin1: str) -> tuple[Place, ...]:
    """Candidates in, else at the edge of, the stated governorate; none when the name there is a homonym.

    Reports draw governorate lines loosely (Abu Ghraib "in Anbar", Taji "in Saladin"), so a candidate
    within BORDER_KM of a gazetteer place of that governorate still counts, with the governorate the
    report states as its ``admin1`` (the analyst files the event where the report puts it).
    """
    if not admin1 or any(p.feature in ("governorate", "country") for p in candidates):
        return candidates
    inside = tuple(p for p in candidates if p.admin1 == admin1)
    if inside:
        return inside
    members = [p for p in load_gazetteer().in_admin1(admin1) if p.feature in _ANCHOR_FEATURES]
    near = [p for p in candidates if any(km_between(p, q) <= BORDER_KM for q in members)]
    return tuple(replace(p, admin1=admin1) for p in near)


def _anchored(candidates: tuple[Place, ...], context: StatedContext) -> tuple[Place, ...]:
    """Candidates near the town the text anchors the name to ("Tammuz neighborhood, Mosul") and in the district
    it states; a village elsewhere is another place of the same name. Towns stay when none is near."""
    if context.admin2:
        inside = tuple(p for p in candidates if p.admin2 == context.admin2)
        candidates = inside or tuple(p for p in candidates if not needs_evidence(p))
    if context.anchor is not None:
        limit = FAR_ANCHOR_KM if context.far else ANCHOR_KM
        near = tuple(p for p in candidates if km_between(p, context.anchor) <= limit)
        candidates = near or tuple(p for p in candidates if not needs_evidence(p))
    return candidates


def _spelling_variants(matched: MatchedText, match: NameMatch, context: StatedContext) -> tuple[Place, ...]:
    """Towns of another transliteration of a Latin name, inside the context the text states, for a name whose
    exact spelling names places elsewhere only. Villages are left out: a near-spelling village is too often
    another village."""
    exact = {p.gazetteer_id for p in match.candidates}
    variants = tuple(p for p in load_gazetteer().by_skeleton(skeleton(match.key)) if p.gazetteer_id not in exact)
    variants = tuple(p for p in variants if not needs_evidence(p))
    return _anchored(_consistent(variants, context.admin1), context)


def _village_here(
    matched: MatchedText,
    m: NameMatch,
    context: StatedContext,
    weak: tuple[Place, ...],
    others: tuple[Place, ...],
    variant: bool,
) -> bool:
    """Whether a name's village candidates stay: the text must say the words are a place (:func:`_evidenced`),
    and when same-named villages lie far apart, something must say which (context or nearness). A name found
    by its transliteration key (``variant``) needs a cue word or an apposition. Cheapest checks first."""
    if m.key in _NAME_HEADS:
        return False
    strict = len(weak) >= PERSON_LIKE or (m.key[:1] >= "\u0600" and " " not in m.key)
    if strict and not context.apposition and not _has_cue(matched, m):
        return False  # only a cue word or an apposition admits these: skip the dearer checks
    if non_place_context(matched, m):
        return False
    evidence = lexical_evidence(matched, m)
    if variant and evidence != "cue" and not context.apposition:
        return False
    near: bool | None = None

    def is_near() -> bool:
        nonlocal near
        if near is None:
            near = any(km_between(p, q) <= NEAR_KM for q in others for p in weak)
        return near

    if evidence == "cue" or (context and context.apposition):
        return bool(context) or not _far_apart(weak) or is_near()
    if len(weak) >= PERSON_LIKE or (m.key[:1] >= "\u0600" and " " not in m.key):
        return False
    if not (context or evidence == "locative" or is_near()):
        return False
    return bool(context) or not _far_apart(weak) or is_near()


def _has_cue(matched: MatchedText, m: NameMatch) -> bool:
    """A cue word right before or after the name ("قرية X", "X village")."""
    return cue_before(matched.norm, m.norm_start) or cue_after(matched.norm, m.norm_end)


def _far_apart(places: tuple[Place, ...]) -> bool:
    """True when same-named villages lie farther apart than an event's tolerance (25 km): only the stated
    context or nearness to the article's other places can tell which one the text means."""
    return any(km_between(places[0], p) > 25.0 for p in places[1:])


def _evidenced(evidence: str, context: StatedContext, near: bool, key: str, weak: tuple[Place, ...]) -> bool:
    """Whether the text gives enough evidence that a village-only name is a place.

    A cue word ("قرية X", "X village") or an administrative apposition ("X, Diyala"; "X, north of Tikrit")
    always suffices. A one-word Arabic name (most are also common words or given names: "السوق", "علي")
    or a name several villages share (often a person's name: "Jasim Muhammad" is 24 villages) needs one of
    those. Otherwise a bare administrative context ("X in Diyala"), a locative preposition ("in X", "near X")
    or nearness to the article's other places does.
    """
    if evidence == "cue" or (context and context.apposition):
        return True
    if len(weak) >= PERSON_LIKE or (key[:1] >= "\u0600" and " " not in key):
        return False
    return bool(context) or evidence == "locative" or near


def find_mentions(article: Article) -> ArticleMentions:
    """Every real place mention in ``article``, with its chosen gazetteer entry and role.

    A name followed by the governorate it lies in ("Rabiah, Diyala") keeps only candidates in that
    governorate; when it has none there, the mention is dropped: it names a place the gazetteer lacks.
    A name only villages carry is kept only with evidence (:func:`_evidenced`). Among candidates the shared
    ranker decides, with the article's confident places (towns and facilities named without doubt) as the
    spatial context.
    """
    matcher = matcher_for()
    index = matcher.index
    matched = matcher.find(article.text)
    real = [m for m in matched.matches if is_real_place(matched, m)]
    context_admin1 = {p.admin1 for m in real for p in m.candidates if p.feature == "governorate"}
    contexts = [stated_context(matched, real, i) for i in range(len(real))]
    confident = _confident_places(matched, real, contexts, context_admin1)
    mentions = []
    for i, m in enumerate(real):
        strong, weak = matcher.split(m.key, m.candidates)
        others = tuple(p for j, p in confident if j != i)
        if weak and not strong and m.key.isascii():  # a town spelt another way beats a village spelt this way
            strong = tuple(p for p in load_gazetteer().by_skeleton(skeleton(m.key)) if not needs_evidence(p))
        if weak and not _village_here(matched, m, contexts[i], weak, others, m.key not in index):
            weak = ()  # not a place here, or several villages of that name and nothing to choose by
        candidates = _anchored(_consistent(strong + weak, contexts[i].admin1), contexts[i])
        if not candidates and contexts[i] and m.key.isascii():
            candidates = _spelling_variants(matched, m, contexts[i])
        if not candidates:
            continue
        hint = _kind_hint(matched, m)
        ranked = rank_candidates(candidates, hint, context_admin1, key=m.key, context=contexts[i], near=others)
        mentions.append(
            PlaceMention(
                m.start, m.end, article.text[m.start : m.end], ranked[0][0], role_of(matched, m),
                qualifier_of(matched, m), candidates=ranked,
                context=context_spans(article.text, m.start, bool(hint), contexts[i].span),
            )
        )
    return ArticleMentions(tuple(mentions))



def _confident_places(
    matched: MatchedText, real: list[NameMatch], contexts: list[StatedContext], context_admin1: set[str]
) -> list[tuple[int, Place]]:
    """(index, place) of the mentions named without doubt: a town-size or more specific place in Iraq."""
    out = []
    matcher = matcher_for()
    for i, m in enumerate(real):
        strong = _consistent(matcher.split(m.key, m.candidates)[0], contexts[i].admin1)
        if not strong:
            continue
        place = choose_candidate(strong, _kind_hint(matched, m), context_admin1, key=m.key, context=contexts[i])
        if place.country_code == "IQ" and place.feature in _ANCHOR_FEATURES:
            out.append((i, place))
    return out
