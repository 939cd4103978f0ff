"""Place mentions of an article (extract layer): gazetteer matches that are real places, best candidate and role.

>>> specificity_of_feature("military_base") > specificity_of_feature("city") > specificity_of_feature("governorate")
True
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from dashboard.extract.context import is_real_place, qualifier_of, role_of
from dashboard.extract.places import MatchedText, NameMatch, matcher_for, tokens_before
from dashboard.geo.distance import km_between
from dashboard.geo.gazetteer import load_gazetteer
from dashboard.models import Article, Place, PlaceMention
from dashboard.text.clitics import split_proclitics

_SPECIFICITY = {
    "embassy": 10, "military_base": 10, "airport": 10, "facility": 10, "government_building": 9,
    "neighbourhood": 8, "village": 7, "town": 7, "city": 6, "district": 4, "governorate": 3,
    "region": 2, "country": 0,
}
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
    "بلده", "قريه", "منطقه", "حي", "التابعه", "ل", "بمحافظه",
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


def choose_candidate(candidates: tuple[Place, ...], kind_hint: str, context_admin1: set[str]) -> Place:
    """The candidate a mention most likely names: the kind the text says, Iraq first, regional context, size."""

    def rank(p: Place) -> tuple[int, int, int, int, int]:
        return (
            p.feature == kind_hint if kind_hint else 0,
            p.country_code == "IQ",
            p.admin1 in context_admin1,
            p.feature not in ("governorate", "district") if not kind_hint else 0,
            p.population,
        )

    return max(candidates, key=rank)


def _is_apposition_gap(gap: str) -> bool:
    """True for the words between "X village, Diyala governorate" / "X في محافظة ديالى": fillers only."""
    tokens = _GAP_TOKEN.findall(gap)
    return len(tokens) <= 4 and all(t in _GAP_WORDS for t in tokens) and bool(gap.strip())


def stated_admin1(matched: MatchedText, real: list[NameMatch], i: int) -> str:
    """The governorate the text places ``real[i]`` in by apposition ("Falahat, Saladin"; "X, Mosul, Nineveh")."""
    end = real[i].norm_end
    for nxt in real[i + 1 : i + 4]:
        if not _is_apposition_gap(matched.norm[end : nxt.norm_start]):
            return ""
        governorates = [p for p in nxt.candidates if p.feature == "governorate" and p.country_code == "IQ"]
        if governorates:
            return governorates[0].admin1
        end = nxt.norm_end
    return ""


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
    members = [p for p in load_gazetteer().in_admin1(admin1) if p.feature not in ("governorate", "district")]
    near = [p for p in candidates if any(km_between(p, q) <= BORDER_KM for q in members)]
    return tuple(replace(p, admin1=admin1) for p in near)


def find_mentions(article: Article) -> ArticleMentions:
    """Every real place mention in ``article``, with its chosen gazetteer entry and role.

    A name followed by the governorate it lies in ("Rabiah, Diyala") keeps only candidates in that
    governorate; when it has none there, the mention is dropped: it names a place the gazetteer lacks.
    """
    matched = matcher_for().find(article.text)
    real = [m for m in matched.matches if is_real_place(matched, m)]
    context_admin1 = {p.admin1 for m in real for p in m.candidates if p.feature == "governorate"}
    mentions = []
    for i, m in enumerate(real):
        candidates = _consistent(m.candidates, stated_admin1(matched, real, i))
        if not candidates:
            continue
        place = choose_candidate(candidates, _kind_hint(matched, m), context_admin1)
        mentions.append(
            PlaceMention(
                m.start, m.end, article.text[m.start : m.end], place, role_of(matched, m), qualifier_of(matched, m)
            )
        )
    return ArticleMentions(tuple(mentions))
