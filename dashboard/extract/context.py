"""What the words around a place mention say about it (extract layer): a real place or a common word, its role.

Roles: ``affiliation`` (factions "close to Iran", "Iran-backed"), ``other`` for a speaker ("the White
House said"), ``context`` for a reference region ("north of Baghdad"); incident places are chosen
later by :mod:`dashboard.extract.incidents`. All checks run on normalised text.
"""

from __future__ import annotations

import re

from dashboard.extract.lexicon import words
from dashboard.extract.places import MatchedText, NameMatch, tokens_after, tokens_before
from dashboard.text.clitics import split_proclitics
from dashboard.text.normalize import normalize

_FILLERS = frozenset({"العاصمه", "العراقيه", "مدينه", "محافظه", "the", "capital", "city", "province", "town", "iraqi"})
_BEFORE_NAME = re.compile(r"\b([A-Z][A-Za-z']*)(\s*-\s*|\s)$")
_LATIN_ARTICLES = frozenset({"al", "el", "ad", "an", "as", "ash", "at", "ar", "az"})
_CLAUSE_END = frozenset(",.;:?!)\"”»\n")


def _lang(match: NameMatch) -> str:
    return "ar" if match.key[:1] >= "\u0600" else "en"


def _window(norm: str, match: NameMatch, size: int = 40) -> str:
    """Normalised text just before the mention, including an attached proclitic ("الموالية ل")."""
    start = match.norm_start
    return norm[max(0, start - size) : start].rstrip()


def _ends_with_cue(window: str, cues: frozenset[str]) -> bool:
    """True if ``window`` ends with one of ``cues`` as whole words."""
    for cue in cues:
        if window.endswith(cue):
            before = window[: -len(cue)]
            if not before or not before[-1].isalnum():
                return True
    return False


def _followed_by_clause_end(norm: str, end: int) -> bool:
    rest = norm[end : end + 3].lstrip(" ")
    return not rest or rest[0] in _CLAUSE_END


def _previous_stem(norm: str, match: NameMatch) -> str:
    before = tokens_before(norm, match.norm_start - len(match.prefix), 1)
    return split_proclitics(before[0])[1] if before else ""


def is_real_place(matched: MatchedText, match: NameMatch) -> bool:
    """False for names that are common words here (بلد 'country', English 'Hit') and lower-case English."""
    norm, lang = matched.norm, _lang(match)
    if lang == "en" and (not matched.text[match.start].isupper() or inside_longer_name(matched.text, match.start)):
        return False
    if match.key not in words("cues", f"ambiguous_{lang}"):
        return True
    previous = _previous_stem(norm, match)
    following = tokens_after(norm, match.norm_end, 1)
    place_class = words("cues", f"place_class_{lang}")
    if previous in place_class or previous.removeprefix("ال") in place_class:
        return True
    if following and following[0] in words("cues", f"place_suffix_{lang}"):
        return True
    locative = previous in words("cues", "locative_ar") if lang == "ar" else previous in {"in", "near", "at", "from"}
    attached = lang == "ar" and "ب" in match.prefix
    return (locative or attached) and _followed_by_clause_end(norm, match.norm_end)


def inside_longer_name(text: str, start: int) -> bool:
    """True when an English name is the tail of a longer one: "Bab-Sinjar", "Abu Karmah", "Tall Zalat".

    A capitalised word joined by a hyphen (not an article: "Al-Anbar") or a name-building word before it
    (lexicon ``name_particles_en``: Abu, Bab, Tall, Ayn, Albu, Jisr, ...) makes it part of another name.
    """
    found = _BEFORE_NAME.search(text, max(0, start - 30), start)
    if found is None:
        return False
    word, joint = normalize(found.group(1)), found.group(2)
    if word in _LATIN_ARTICLES:
        return False
    return "-" in joint or word in words("cues", "name_particles_en")


def role_of(matched: MatchedText, match: NameMatch) -> str:
    """The role the surrounding words give ``match``: affiliation, other (speaker), context, or other."""
    norm, lang = matched.norm, _lang(match)
    window = _window(norm, match)
    following = " ".join(tokens_after(norm, match.norm_end, 1))
    if _ends_with_cue(window, words("cues", f"affiliation_{lang}")) or following in {"backed", "linked", "aligned"}:
        return "affiliation"
    if _ends_with_cue(window, words("cues", f"speaker_{lang}")):
        return "other"
    if _is_direction_reference(window, lang):
        return "context"
    return "other"


def qualifier_of(matched: MatchedText, match: NameMatch) -> str:
    """'near' when the words before the mention place something around it ("قرب", "near"), else ''."""
    window = _without_fillers(_window(matched.norm, match))
    return "near" if _ends_with_cue(window, words("cues", f"proximity_{_lang(match)}")) else ""


def _without_fillers(window: str) -> str:
    """``window`` without trailing filler words ("the capital", "العاصمة العراقية")."""
    tokens = window.split()
    while tokens and tokens[-1] in _FILLERS:
        tokens.pop()
    return " ".join(tokens)


def _is_direction_reference(window: str, lang: str) -> bool:
    """True for "شمال العاصمة العراقية بغداد" / "north of the capital Baghdad": the place is a reference point."""
    return _ends_with_cue(_without_fillers(window), words("cues", f"direction_{lang}"))
