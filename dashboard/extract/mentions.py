"""Place mentions of an article: gazetteer matches that are real places, each with its best candidate and role.

>>> specificity_of_feature("military_base") > specificity_of_feature("city") > specificity_of_feature("governorate")
True
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from dashboard.extract.context import is_real_place, qualifier_of, role_of
from dashboard.extract.places import MatchedText, NameMatch, matcher_for, tokens_before
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

    def within(self, start: int, end: int) -> list[PlaceMention]:
        """Mentions that lie inside [start, end) of the article text."""
        starts = [m.start for m in self.mentions]
        i = bisect_left(starts, start)
        return [m for m in self.mentions[i:] if m.end <= end]


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


def find_mentions(article: Article) -> ArticleMentions:
    """Every real place mention in ``article``, with its chosen gazetteer entry and role."""
    matched = matcher_for().find(article.text)
    real = [m for m in matched.matches if is_real_place(matched, m)]
    context_admin1 = {p.admin1 for m in real for p in m.candidates if p.feature == "governorate"}
    mentions = []
    for m in real:
        place = choose_candidate(m.candidates, _kind_hint(matched, m), context_admin1)
        mentions.append(
            PlaceMention(
                m.start, m.end, article.text[m.start : m.end], place, role_of(matched, m), qualifier_of(matched, m)
            )
        )
    return ArticleMentions(tuple(mentions))
