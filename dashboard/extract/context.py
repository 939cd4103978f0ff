"""What the words around a place mention say about it (extract layer): a real place or a common word, its role.

Roles: ``affiliation`` (factions "close to Iran", "Iran-backed"), ``speaker`` for the seat of a statement
("a statement issued by the US Embassy in Baghdad"), ``person_or_org`` for a name inside a person's or an
organisation's name ("Khalid Salman", "محافظ نينوى", "the Najaf Provincial Council"), ``context`` for a
reference region ("north of Baghdad"); datelines and incident places are decided later by
:mod:`dashboard.extract.incidents` from the article's structure. All checks run on normalised text.
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
#: "Hay al-Risala", "Tal al-Sabt": a short name followed by an article and a capitalised word heads a longer name.
_ARTICLE_NAME_AFTER = re.compile(r"[ -](?:al|el|Al|El)-[A-Z]")
_SAID = frozenset({"said", "says", "told", "added", "stated"})
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
    if lang == "en" and (
        not matched.text[match.start].isupper() or inside_longer_name(matched.text, match.start)
        or _ARTICLE_NAME_AFTER.match(matched.text, match.end)
    ):
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
    """The role the surrounding words give ``match``: affiliation, speaker, person_or_org, context, or other."""
    norm, lang = matched.norm, _lang(match)
    window = _window(norm, match)
    following = " ".join(tokens_after(norm, match.norm_end, 1))
    if _ends_with_cue(window, words("cues", f"affiliation_{lang}")) or following in {"backed", "linked", "aligned"}:
        return "affiliation"
    if is_person_or_org(matched, match):
        return "person_or_org"
    if _ends_with_cue(window, words("cues", f"speaker_{lang}")):
        return "speaker"
    if _is_direction_reference(_window(norm, match, 80), lang):
        return "context"
    return "other"


def is_person_or_org(matched: MatchedText, match: NameMatch) -> bool:
    """True when the name is part of a person's or an organisation's name, not a place of the story.

    An office or body before it ("محافظ نينوى", "مجلس محافظة كربلاء", "governor of Basra"), a body after it
    ("the Najaf Provincial Council", "Nineveh Operations Command"), or a given name or rank right before an
    English name ("Khalid Salman", "Brigadier General Taha Salaheddin").
    """
    norm, lang = matched.norm, _lang(match)
    window = _window(norm, match, 60)
    if lang == "ar":
        stripped = window.removesuffix(match.prefix) if match.prefix else window
        return _ends_with_cue(stripped.rstrip(), words("cues", "org_before_ar"))
    if _ends_with_cue(window, words("cues", "org_before_en")):
        return True
    if " ".join(tokens_after(norm, match.norm_end, 1)) in _SAID:
        return True  # "..., Salman said": a person
    after = " ".join(tokens_after(norm, match.norm_end, 2))
    if any(after == cue or after.startswith(cue + " ") for cue in words("cues", "org_after_en")):
        return _capitalised_after(matched, match)
    previous = tokens_before(norm, match.norm_start, 1)
    if previous and previous[0] in words("cues", "given_names_en"):
        # the given name must be written as a name, right before this one ("Khalid Salman", not "ali ... Salman")
        gap = matched.text[max(0, match.start - len(previous[0]) - 1) : match.start]
        return gap[:1].isupper() and gap.endswith(" ")
    return False


def _capitalised_after(matched: MatchedText, match: NameMatch) -> bool:
    """True when the word after an English name is capitalised ("Najaf Provincial Council", "Basra governor").

    Lower-case "council"/"governor" after a name is taken as a body too ("the Haditha council"), except
    "police" words which often name the place's police where the incident is.
    """
    rest = matched.text[match.end : match.end + 30].lstrip(" ’'s")
    return bool(rest) and (rest[0].isupper() or rest.split(" ", 1)[0].lower() in {"council", "governor", "university"})


#: Qualifiers that say the incident was not at the place: launched from it, victims taken to it.
NOT_THERE = frozenset({"origin", "destination"})


def qualifier_of(matched: MatchedText, match: NameMatch) -> str:
    """How the words before the mention relate it to what happened.

    'near' when they place something around it ("قرب", "near"); 'origin' when something was launched or came
    from it ("أطلقت من بلدة X", "fired from X"); 'destination' when people were taken or heading to it
    ("نقلوا إلى مستشفى X", "taken to hospital in X"); else ''.
    """
    lang = _lang(match)
    raw = _window(matched.norm, match, 60)
    window = _without_fillers(raw)
    for qualifier in ("origin", "destination"):
        cues = words("cues", f"{qualifier}_{lang}")
        if _ends_with_cue(window, cues) or _ends_with_cue(raw, cues):
            return qualifier
    return "near" if _ends_with_cue(window, words("cues", f"proximity_{lang}")) else ""


def _without_fillers(window: str) -> str:
    """``window`` without trailing filler words ("the capital", "العاصمة العراقية")."""
    tokens = window.split()
    while tokens and tokens[-1] in _FILLERS:
        tokens.pop()
    return " ".join(tokens)


#: "south of Iraq's last major IS stronghold of Mosul": a direction, then a description of the reference place.
_LONG_DIRECTION_EN = re.compile(r"\b(?:north|south|east|west)(?:east|west)?\s+of\s+[^,.;:()]{3,50}\s+of$")


def _is_direction_reference(window: str, lang: str) -> bool:
    """True for "شمال العاصمة العراقية بغداد" / "north of the capital Baghdad": the place is a reference point."""
    if _ends_with_cue(_without_fillers(window), words("cues", f"direction_{lang}")):
        return True
    return lang == "en" and bool(_LONG_DIRECTION_EN.search(window))


def context_spans(text: str, start: int, kind_word: bool, after: tuple[int, int] | None
                  ) -> tuple[tuple[int, int], ...]:
    """Where the words that chose among the candidates of the mention starting at ``start`` are, as offsets into
    ``text``: the kind word before the name (``kind_word``: "محافظة", "district"), and what follows it by
    apposition (``after``: "X, Tarmiyah district, Baghdad"), punctuation trimmed.

    >>> text = "قتل مدني في قضاء الطارمية"
    >>> [text[s:e] for s, e in context_spans(text, text.index("الطارمية"), True, None)]
    ['قضاء']
    """
    spans = []
    if kind_word:
        end = start
        while end > 0 and not text[end - 1].isspace():  # a proclitic glued to the name
            end -= 1
        while end > 0 and text[end - 1].isspace():
            end -= 1
        first = end
        while first > 0 and not text[first - 1].isspace():
            first -= 1
        while first < end and not text[first].isalnum():
            first += 1
        if first < end:
            spans.append((first, end))
    if after is not None:
        first, end = after
        while first < end and not text[first].isalnum():
            first += 1
        if first < end:
            spans.append((first, end))
    return tuple(spans)
