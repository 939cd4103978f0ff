"""Place mentions (extract layer): one Aho-Corasick automaton over every normalised gazetteer name.

The automaton runs on the normalised article text; matches are then checked at word boundaries
(allowing Arabic proclitics such as و ب ل and "لل" for ل + ال), overlapping matches resolved to the
longest, and names that are also common words (بلد "country", English "Hit") kept only with place
context. Offsets always point into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from dashboard.extract.automaton import cached_automaton
from dashboard.extract.lexicon import words
from dashboard.geo.gazetteer import Gazetteer, load_gazetteer
from dashboard.geo.ranking import needs_evidence
from dashboard.geo.translit import skeleton
from dashboard.models import Place
from dashboard.text.clitics import LAM_ARTICLE_PREFIXES, PROCLITIC_PREFIXES, is_proclitic_prefix, split_proclitics
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


#: The longest proclitic prefix a name may carry ("وبال" and the like).
_MAX_PREFIX = max(len(p) for p in (*PROCLITIC_PREFIXES, *LAM_ARTICLE_PREFIXES))


def _is_word(ch: str) -> bool:
    return bool(_WORD_CHAR.match(ch))


class PlaceMatcher:
    """Finds gazetteer names in text. Build once per gazetteer (see :func:`matcher_for`)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.index = gazetteer.name_index()
        self._weak_keys: dict[str, bool] = {}
        self._splits: dict[str, tuple[tuple[Place, ...], tuple[Place, ...]]] = {}
        self.automaton = cached_automaton(self.index)

    def find(self, text: str) -> MatchedText:
        """Every accepted name match in ``text``, longest-first without overlaps, in text order."""
        norm, offsets = normalize_with_offsets(text)
        raw: list[tuple[int, int, str]] = []
        for end_idx, (key, lam_form) in self.automaton.iter(norm):
            start = end_idx - len(key if not lam_form else key[2:]) + 1
            if self._boundaries_ok(norm, start, end_idx + 1, lam_form, text, offsets):
                raw.append((start, end_idx + 1, key))
        chosen = self._resolve_overlaps(norm, raw)
        matches = [
            NameMatch(offsets[s], offsets[e - 1] + 1, key, self.index[key], s, e, _prefix(norm, s))
            for s, e, key in chosen
        ]
        taken = [(s, e) for s, e, _ in chosen]
        for s, e, places in latin_variant_matches(self.gazetteer, text, norm, offsets, taken):
            matches.append(NameMatch(offsets[s], offsets[e - 1] + 1, norm[s:e], places, s, e, ""))
        matches.sort(key=lambda m: m.norm_start)
        return MatchedText(text, norm, offsets, matches)

    def split(self, key: str, candidates: tuple[Place, ...]) -> tuple[tuple[Place, ...], tuple[Place, ...]]:
        """(town-size places, places that need evidence) among a match's candidates, cached per name."""
        cached = self._splits.get(key)
        if cached is None or (cached[0] + cached[1]) != candidates:
            strong = tuple(p for p in candidates if not needs_evidence(p))
            weak = tuple(p for p in candidates if needs_evidence(p))
            cached = self._splits[key] = (strong, weak)
        return cached

    def _weak(self, key: str) -> bool:
        """True when every place carrying ``key`` is below town size (needs evidence to be matched)."""
        weak = self._weak_keys.get(key)
        if weak is None:
            weak = self._weak_keys[key] = all(needs_evidence(p) for p in self.index[key])
        return weak

    def _resolve_overlaps(self, norm: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Longest matches first, but a village-only name does not swallow a town's name without a cue.

        Names of towns, facilities and areas are resolved first; a longer name that only villages carry
        ("الحصيبة الشرقية" over "الحصيبة") replaces them only when a cue word stands before it
        ("قرية ...", "village of ...") or after it ("... village"); otherwise it is kept only where no town
        name overlaps it (its evidence is checked later, see :mod:`dashboard.extract.mentions`).
        """
        strong = [m for m in raw if not self._weak(m[2])]
        weak = [m for m in raw if self._weak(m[2])]
        kept = _longest_without_overlaps(strong)
        for w in _longest_without_overlaps(weak):
            clashes = [k for k in kept if k[0] < w[1] and w[0] < k[1]]
            if not clashes:
                kept.append(w)
            elif all(w[0] <= k[0] and k[1] <= w[1] for k in clashes) and cue_before(norm, w[0]) | cue_after(
                norm, w[1]
            ):
                kept = [k for k in kept if k not in clashes] + [w]
        return sorted(kept)

    @staticmethod
    def _boundaries_ok(norm: str, start: int, end: int, lam_form: bool, text: str, offsets: list[int]) -> bool:
        # the end first: most raw hits end inside a longer word, and that check is one character
        if end < len(norm) and _is_word(norm[end]) and not (
            # English possessive: "Baghdad's" (the apostrophe is dropped by normalisation)
            norm[end] == "s"
            and (end + 1 == len(norm) or not _is_word(norm[end + 1]))
            and text[offsets[end] - 1] in "'’"
        ):
            return False
        word_start = start
        while word_start > 0 and _is_word(norm[word_start - 1]):
            word_start -= 1
            if start - word_start > _MAX_PREFIX:
                return False  # longer than any proclitic: the name is inside another word
        prefix = norm[word_start:start]
        if lam_form:
            return prefix in LAM_ARTICLE_PREFIXES
        return not prefix or (norm[start] >= "\u0600" and is_proclitic_prefix(prefix))


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
            if _CAPITALISED_NEXT.match(text, offsets[end - 1] + 1) and tokens[i + n - 1][2] not in _LATIN_ARTICLES:
                continue  # "Tulul al-Baj": the head of a longer name with an article inside
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


#: The tokens of the last normalised text looked at: (text, starts, ends, tokens). Replaced whole (one
#: assignment), so threads reading different texts never see a mixed state.
_TOKENS: tuple[str, list[int], list[int], list[str]] = ("", [], [], [])
_WINDOW = 80


def _tokens_of(norm: str) -> tuple[str, list[int], list[int], list[str]]:
    cached = _TOKENS
    if cached[0] is norm or cached[0] == norm:
        return cached
    spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(norm)]
    cached = (norm, [a for a, _, _ in spans], [b for _, b, _ in spans], [t for _, _, t in spans])
    globals()["_TOKENS"] = cached
    return cached


def tokens_before(norm: str, pos: int, count: int) -> list[str]:
    """Up to ``count`` normalised tokens that end before ``pos`` (nearest last), within 80 characters.

    The text is tokenised once and the tokens found by binary search, so the many look-ups per article
    cost no regular-expression pass each (a token running across ``pos`` counts up to ``pos``).
    """
    _, starts, ends, tokens = _tokens_of(norm)
    low = max(0, pos - _WINDOW)
    i = bisect_right(ends, pos)
    out = tokens[max(0, i - count) : i]
    if i < len(starts) and starts[i] < pos:
        out = [*out, norm[max(starts[i], low) : pos]][-count:]
    first = i - len(out)
    if out and first >= 0 and first < len(starts) and starts[first] < low:
        out[0] = norm[low : ends[first]]
        if not _TOKEN.fullmatch(out[0]):
            out = out[1:]
    return [t for t in out if t] if count else []


def tokens_after(norm: str, pos: int, count: int) -> list[str]:
    """Up to ``count`` normalised tokens that start at or after ``pos``, within 80 characters."""
    _, starts, ends, tokens = _tokens_of(norm)
    high = pos + _WINDOW
    i = bisect_right(ends, pos)
    out: list[str] = []
    if i < len(starts) and starts[i] < pos:  # a token running across pos: its tail
        out.append(norm[pos : min(ends[i], high)])
        i += 1
    while len(out) < count and i < len(starts) and starts[i] < high:
        out.append(tokens[i] if ends[i] <= high else norm[starts[i] : high])
        i += 1
    return out[:count]


# --- evidence that words are a place (for names only villages carry) ---------------------------------

#: Words before a name that say it is a place below town size: "قرية X", "ناحية X", "village of X".
CUES_BEFORE = frozenset({
    "قريه", "ناحيه", "قضاء", "منطقه", "حي", "بلده", "مدينه", "مجمع", "مخيم", "قصبه", "محله", "نواحي", "قري",
    "village", "villages", "area", "district", "subdistrict", "neighborhood", "neighbourhood", "town", "region",
})
#: Words after a name that say the same: "X village", "X area".
CUES_AFTER = frozenset({
    "village", "area", "district", "subdistrict", "neighborhood", "neighbourhood", "town", "region", "sub",
})
#: Prepositions of place before a name: "في X", "بـX" (attached), "قرب X", "in X", "near X".
LOCATIVES = frozenset({
    "في", "قرب", "داخل", "محيط", "اطراف", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي",
    "ضواحي", "مشارف", "in", "near", "at", "outside", "around", "into",
})
_OF = frozenset({"of"})


def _stem(token: str) -> str:
    stem = split_proclitics(token)[1] if token[:1] >= "\u0600" else token
    return stem.removeprefix("ال") if stem.startswith("ال") and len(stem) > 4 else stem


def cue_before(norm: str, start: int) -> bool:
    """True when a cue word ("قرية", "village of", "the ... area" excluded) stands right before ``start``."""
    prefix = _prefix(norm, start)
    before = tokens_before(norm, start - len(prefix), 3)
    while before and before[-1] in _OF:
        before.pop()
    return bool(before) and _stem(before[-1]) in CUES_BEFORE


def cue_after(norm: str, end: int) -> bool:
    """True when a cue word follows the name ("X village", "X area")."""
    after = tokens_after(norm, end, 1)
    return bool(after) and after[0] in CUES_AFTER


def lexical_evidence(matched: MatchedText, match: NameMatch) -> str:
    """What the words around a match say: "cue" (قرية X, X village), "locative" (في X, بـX, in X) or ""."""
    norm = matched.norm
    if cue_before(norm, match.norm_start) or cue_after(norm, match.norm_end):
        return "cue"
    if any(_stem(t) in CUES_BEFORE for t in match.key.split()[1:]) or match.key.split()[0] in ("قضاء", "ناحيه"):
        return "cue"  # the kind word is part of the name: "Tikrit district", "قضاء الدور"
    prefix = match.prefix
    if prefix and "ب" in prefix:
        return "locative"
    before = tokens_before(norm, match.norm_start - len(prefix), 2)
    if before and (before[-1] in LOCATIVES or split_proclitics(before[-1])[1] in LOCATIVES):
        return "locative"
    return ""


#: Words next to a name that make it part of a facility's, a tribe's or a person's name, not a village:
#: "Imam Ali Mosque", "مسجد الإمام علي", "عشيرة البو نمر", "Sheikh X".
NON_PLACE_AFTER = frozenset({
    "mosque", "shrine", "hospital", "school", "street", "bridge", "market", "university", "company", "brigade",
    "battalion", "tribe", "clan", "family", "party", "council", "square", "hotel", "church", "station",
    "said", "told", "was", "is", "who", "and",
})
NON_PLACE_BEFORE = frozenset({
    "مسجد", "جامع", "مستشفي", "شارع", "عشيره", "قبيله", "حسينيه", "مدرسه", "جسر", "فندق", "كنيسه", "ساحه", "شيخ",
    "الشيخ", "السيد", "المواطن", "المدعو", "الشهيد", "ابن", "بن", "ابو", "ام", "الامام", "اللواء", "العميد", "العقيد",
    "sheikh", "shaykh", "mr", "general", "colonel", "imam", "brother", "son", "mosque", "named", "killed",
    "kidnapped", "abducted", "shot", "assassinated", "murdered",
})


_CAPITALISED_NEXT = re.compile(r"\s*(?:(?:al|el|ad|an|as|ash|at|ar|az)[-\s‘’'`]*)?[-‘’'`]?[A-Z]")


def non_place_context(matched: MatchedText, match: NameMatch) -> bool:
    """True when the words around a village-only name make it a facility's, tribe's or person's name, or
    the head of a longer capitalised name the gazetteer lacks ("Abu Dsheer", "Saba al-Bour")."""
    norm = matched.norm
    if match.key[:1] < "\u0600" and _CAPITALISED_NEXT.match(matched.text, match.end):
        return True
    after = tokens_after(norm, match.norm_end, 1)
    before = tokens_before(norm, match.norm_start - len(match.prefix), 1)
    if after and after[0] in NON_PLACE_AFTER:
        return True
    return bool(before) and (before[0] in NON_PLACE_BEFORE or _stem(before[0]) in NON_PLACE_BEFORE)
