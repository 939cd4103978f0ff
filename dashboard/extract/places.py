"""Place mentions (extract layer): one Aho-Corasick automaton over every normalised gazetteer name.

The automaton runs on the normalised article text; matches are then checked at word boundaries
(allowing Arabic proclitics such as و ب ل and "لل" for ل + ال), overlapping matches resolved to the
longest, and names that are also common words (بلد "country", English "Hit") kept only with place
context. Offsets always point into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import ahocorasick

from dashboard.extract.lexicon import words
from dashboard.geo.gazetteer import Gazetteer, load_gazetteer
from dashboard.geo.translit import skeleton
from dashboard.models import Place
from dashboard.text.clitics import LAM_ARTICLE_PREFIXES, is_proclitic_prefix
from dashboard.text.normalize import normalize_with_offsets

_WORD_CHAR = re.compile(r"[0-9a-z\u0621-\u064A\u0660-\u0669\u0671-\u06FF]")
_LATIN = re.compile(r"[0-9a-z]+")
_LATIN_ARTICLES = frozenset({"al", "el", "ad", "an", "as", "ash", "at", "ar", "az"})
_TOKEN = re.compile(r"[0-9a-z\u0621-\u064A\u0671-\u06FF]+")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A gazetteer name found in the text, before roles: offsets into the original text."""

    start: int
    end: int
    key: str
    candidates: tuple[Place, ...]
    norm_start: int
    norm_end: int
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class MatchedText:
    """The normalised text and the name matches found in it."""

    text: str
    norm: str
    offsets: list[int]
    matches: list[NameMatch]


def _is_word(ch: str) -> bool:
    return bool(_WORD_CHAR.match(ch))


class PlaceMatcher:
    """Finds gazetteer names in text. Build once per gazetteer (see :func:`matcher_for`)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.index = gazetteer.name_index()
        self.automaton = ahocorasick.Automaton()
        for key in self.index:
            if len(key) < 2:
                continue
            self.automaton.add_word(key, (key, False))
            if key.startswith("ال") and len(key) > 4 and key[2:] not in self.index:
                # "للعراق" = ل + العراق with the article's alef dropped
                self.automaton.add_word(key[2:], (key, True))
        self.automaton.make_automaton()

    def find(self, text: str) -> MatchedText:
        """Every accepted name match in ``text``, longest-first without overlaps, in text order."""
        norm, offsets = normalize_with_offsets(text)
        raw: list[tuple[int, int, str]] = []
        for end_idx, (key, lam_form) in self.automaton.iter(norm):
            start = end_idx - len(key if not lam_form else key[2:]) + 1
            if self._boundaries_ok(norm, start, end_idx + 1, lam_form, text, offsets):
                raw.append((start, end_idx + 1, key))
        chosen = _longest_without_overlaps(raw)
        matches = [
            NameMatch(offsets[s], offsets[e - 1] + 1, key, self.index[key], s, e, _prefix(norm, s))
            for s, e, key in chosen
        ]
        taken = [(s, e) for s, e, _ in chosen]
        for s, e, places in latin_variant_matches(self.gazetteer, text, norm, offsets, taken):
            matches.append(NameMatch(offsets[s], offsets[e - 1] + 1, norm[s:e], places, s, e, ""))
        matches.sort(key=lambda m: m.norm_start)
        return MatchedText(text, norm, offsets, matches)

    @staticmethod
    def _boundaries_ok(norm: str, start: int, end: int, lam_form: bool, text: str, offsets: list[int]) -> bool:
        word_start = start
        while word_start > 0 and _is_word(norm[word_start - 1]):
            word_start -= 1
        prefix = norm[word_start:start]
        if lam_form:
            if prefix not in LAM_ARTICLE_PREFIXES:
                return False
        elif prefix and not (norm[start] >= "\u0600" and is_proclitic_prefix(prefix)):
            return False
        if end == len(norm) or not _is_word(norm[end]):
            return True
        # English possessive: "Baghdad's" (the apostrophe is dropped by normalisation)
        return (
            norm[end] == "s"
            and (end + 1 == len(norm) or not _is_word(norm[end + 1]))
            and text[offsets[end] - 1] in "'’"
        )


def _longest_without_overlaps(raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest matches, earliest first among equals, dropping any that overlaps a kept one.

    Kept matches stay sorted by start, so each candidate is checked against its two neighbours only.
    """
    kept: list[tuple[int, int, str]] = []
    for match in sorted(raw, key=lambda m: (-(m[1] - m[0]), m[0])):
        start, end, _ = match
        i = bisect_left(kept, start, key=lambda m: m[0])
        if (i > 0 and kept[i - 1][1] > start) or (i < len(kept) and kept[i][0] < end):
            continue
        kept.insert(i, match)
    return kept


def _prefix(norm: str, start: int) -> str:
    word_start = start
    while word_start > 0 and _is_word(norm[word_start - 1]):
        word_start -= 1
    return norm[word_start:start]


def _in_place_context(tokens: list[tuple[int, int, str]], i: int, j: int, norm: str) -> bool:
    """True when tokens[i:j] stand where a place name stands: "in X", "X village", "X, Y"."""
    before = tokens[i - 1][2] if i > 0 else ""
    after = tokens[j][2] if j < len(tokens) else ""
    if before in words("cues", "place_class_en") or after in words("cues", "place_suffix_en"):
        return True
    return norm[tokens[j - 1][1] : tokens[j - 1][1] + 1] == ","


def latin_variant_matches(
    gazetteer: Gazetteer, text: str, norm: str, offsets: list[int], taken: list[tuple[int, int]]
) -> list[tuple[int, int, tuple[Place, ...]]]:
    """Capitalised Latin names the exact automaton missed that match a gazetteer name by transliteration key.

    "Khanaquin area" finds Khānaqīn, "Al-Dejail city" Dujail (see :mod:`dashboard.geo.translit`). Only
    where the words around say a place stands there ("in X", "X village", "X, Diyala"), longest first.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _LATIN.finditer(norm)]
    caps = [text[offsets[t[0]]].isupper() for t in tokens]
    found: list[tuple[int, int, tuple[Place, ...]]] = []
    i = 0
    while i < len(tokens):
        step = 1
        for n in (3, 2, 1) if caps[i] or tokens[i][2] in _LATIN_ARTICLES else ():
            span = tokens[i : i + n]
            if len(span) < n or not caps[i + n - 1]:
                continue
            if not all(caps[k] or tokens[k][2] in _LATIN_ARTICLES for k in range(i, i + n)):
                continue
            start, end = span[0][0], span[-1][1]
            if i + n < len(tokens) and caps[i + n] and not norm[end : tokens[i + n][0]].strip():
                continue  # the head of a longer capitalised name
            if any(start < e and s < end for s, e in taken) or not _in_place_context(tokens, i, i + n, norm):
                continue
            places = gazetteer.by_skeleton(skeleton(norm[start:end]))
            if places:
                found.append((start, end, places))
                step = n
                break
        i += step
    return found


@cache
def matcher_for(gazetteer: Gazetteer | None = None) -> PlaceMatcher:
    """The (cached) matcher of ``gazetteer``, default the shipped one."""
    return PlaceMatcher(gazetteer or load_gazetteer())


def tokens_before(norm: str, pos: int, count: int) -> list[str]:
    """Up to ``count`` normalised tokens that end before ``pos`` (nearest last)."""
    return _TOKEN.findall(norm[max(0, pos - 80) : pos])[-count:]


def tokens_after(norm: str, pos: int, count: int) -> list[str]:
    """Up to ``count`` normalised tokens that start at or after ``pos``."""
    return _TOKEN.findall(norm[pos : pos + 80])[:count]
