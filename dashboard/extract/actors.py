"""Perpetrator and target as the text states them, empty when it does not (extract layer).

>>> find_actor("Islamic State militants detonated a car bomb in Tikrit", "en")
'Islamic State (ISIS)'
>>> find_target("وكشفت مصادر أن صاروخين استهدفا الجناح العسكري الأميركي في القاعدة", "ar")
'الجناح العسكري الأميركي'
"""

from __future__ import annotations

import re
from functools import cache

from dashboard.extract.lexicon import load
from dashboard.text.normalize import normalize, normalize_with_offsets, source_spans

_STOP = re.compile(
    r"[,.;:،؛\"“”«»()]"
    r"| (?:في|قرب|داخل|الخاص|التي|الذي|مما|ما|in|near|at|on|killing|wounding|which|who|that) "
)


@cache
def _actor_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    entries = {normalize(p): name for p, name in load("actors")[language]}
    alternation = "|".join(sorted(map(re.escape, entries), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:[وب]?(?:ال)?)?({alternation})(?!\w)"), entries


def find_actor(text: str, language: str) -> str:
    """Canonical name of the first actor the text names, or ''."""
    pattern, entries = _actor_pattern(language)
    m = pattern.search(normalize(text))
    return entries[m.group(1)] if m else ""


def read_actor(text: str, language: str) -> tuple[str, list[tuple[int, int]]]:
    """:func:`find_actor` and the offsets into ``text`` of the words that name it.

    >>> text = "Islamic State militants detonated a car bomb"
    >>> name, spans = read_actor(text, "en")
    >>> name, [text[s:e] for s, e in spans]
    ('Islamic State (ISIS)', ['Islamic State'])
    """
    pattern, entries = _actor_pattern(language)
    m = pattern.search(normalize(text))
    if m is None:
        return "", []
    return entries[m.group(1)], source_spans(text, [(m.start(1), m.end(1))])


@cache
def _target_pattern(language: str) -> re.Pattern[str]:
    cues = sorted((normalize(c) for c in load("actors")[f"target_{language}"]), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, cues))}) ")


#: Words that end a target phrase (normalised): times, manners, instruments, clause links. What follows them
#: says when, how or with what, never who or what was hit.
_TARGET_END_AR = frozenset(normalize(w) for w in (
    "ليلة", "ليل", "يوم", "صباح", "مساء", "فجر", "ظهر", "عصر", "منذ", "أمس", "امس", "اليوم", "البارحة", "بعد", "قبل",
    "من", "عندما", "حين", "أثناء", "خلال", "كانوا", "كان", "كانت", "أفادت", "أفاد", "يودي", "أودى", "تسبب", "ما",
    "أسفر", "أدى", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "بواسطة", "عبر",
    "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "و", "فيها", "فيه", "بها",
))
_TARGET_END_EN = frozenset((
    "during", "by", "with", "using", "as", "while", "when", "after", "before", "since", "from", "located", "being",
    "have", "has", "had", "is", "was", "were", "are", "and", "killed", "wounded", "injuring", "yesterday", "today",
    "tonight", "last", "this", "early", "late", "overnight", "for", "into", "across", "between", "then",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
))
#: A phrase starting with one of these names the attack, its weapon or a time, not its target: no target.
_NOT_TARGET_AR = frozenset(normalize(w) for w in (
    "هجوم", "الهجوم", "هجمات", "قصف", "القصف", "عملية", "صاروخ", "صاروخان", "صاروخين", "صواريخ", "طائرة", "طائرات",
    "مسيرة", "مسيرتان", "مسيرتين", "عبوة", "شاحنة", "سيارة", "قذيفة", "قذائف", "الطائرات", "المدفعية", "الصواريخ",
    "انفجار", "تفجير", "على", "في", "ما", "الذي", "التي",
))
_NOT_TARGET_EN = frozenset((
    "kidnapping", "killing", "killings", "assassination", "attack", "attacks", "bombing", "bombings", "strike",
    "strikes", "shelling", "raid", "raids", "explosion", "missiles", "missile", "rockets", "rocket", "drones", "drone",
    "what", "which", "who", "numerous", "several", "times", "location", "area",
))
_MAX_TARGET_WORDS = 7


def _is_nisba_adjective(word: str) -> bool:
    """An indefinite Arabic relational adjective ("صاروخي", "جوي", "تركي"): after "قصف" it says how or by whom,
    not what was hit. Checked on the original spelling (final yeh; the alef maqsura of "مبنى" is a noun)."""
    return len(word) >= 3 and not word.startswith("ال") and (word.endswith("ي") or word.endswith("ية"))


def clean_target(phrase: str, language: str) -> str:
    """The noun phrase naming who or what was hit, cut out of ``phrase`` (the words after a targeting cue), or ''
    when the phrase names the weapon, the manner or a time instead (a fragment is worse than an empty cell).

    >>> clean_target("صاروخي ليلة السبت", "ar"), clean_target("هجوم ب", "ar")
    ('', '')
    >>> clean_target("kidnapping of its countrymen", "en"), clean_target("a British patrol during the war", "en")
    ('', 'a British patrol')
    >>> clean_target("مواقع الحشد الشعبي مساء الاثنين", "ar")
    'مواقع الحشد الشعبي'
    """
    words = phrase.split()
    if not words:
        return ""
    ends, not_target = (_TARGET_END_AR, _NOT_TARGET_AR) if language == "ar" else (_TARGET_END_EN, _NOT_TARGET_EN)
    key = normalize if language == "ar" else str.lower
    kept: list[str] = []
    for word in words:
        bare = word.strip("\"'“”«»()[]")
        folded = key(bare)
        if kept and (folded in ends or (language == "ar" and folded.startswith(("بال", "بـ")))):
            break  # "... بالمدفعية", "... بـأربعة صواريخ": the instrument, not the target
        if language == "ar" and len(kept) == 0 and re.fullmatch(r"[\d\-/.]+", bare):
            return ""
        kept.append(bare)
        if len(kept) == _MAX_TARGET_WORDS:
            break
    trailing = {"of", "the", "a", "an", "and", "its", "their", "his", "her", "to", "in", "at", "on"}
    while kept and (len(kept[-1]) < 3 or key(kept[-1]) in trailing or key(kept[-1]) in ends):
        kept.pop()  # "المدنيين العراقيين الأبرياء وه", "the final and most important day of the"
    if not kept:
        return ""
    first = key(kept[0])
    if first in not_target or first in ends or re.fullmatch(r"[\d\-/.]+", kept[0]):
        return ""
    if language == "ar" and ((first.startswith(("ب", "ل")) and not first.startswith(("بل", "لل")))
                             or _is_nisba_adjective(kept[0])):
        return ""  # "بهجوم", "لمناطق", "صاروخي", "تركي": not a target noun
    if language == "en" and not kept[0][0].isalnum():
        return ""
    return " ".join(kept)


def find_target(text: str, language: str) -> str:
    """Who or what was hit, as a noun phrase after a targeting cue ("استهدفا X", "targeting X"), cut at a place,
    time, instrument or clause; the first cue followed by such a phrase counts ("قصف مدفعي استهدف مواقع ...":
    not "مدفعي", but "مواقع ..."); '' when no cue is."""
    norm, offsets = normalize_with_offsets(text)
    for m in _target_pattern(language).finditer(norm):
        rest = norm[m.end() :]
        stop = _STOP.search(rest)
        end = m.end() + (stop.start() if stop else len(rest))
        if end <= m.end():
            continue
        target = clean_target(text[offsets[m.end()] : offsets[end - 1] + 1].strip(), language)
        if target:
            return target
    return ""
