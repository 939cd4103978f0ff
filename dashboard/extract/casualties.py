"""Killed and injured as the text states them (extract layer), with number words and ACLED's rule for vague counts.

Returns None for a count the text does not state, 0 when it says nobody was hurt.

>>> parse_casualties("مما أدى إلى إصابة متعاقد عراقي مع الجيش", "ar")
(None, 1)
>>> parse_casualties("The blast killed three soldiers and wounded at least 12 people.", "en")
(3, 12)
"""

from __future__ import annotations

import re
from functools import cache

from dashboard.extract.lexicon import load, words
from dashboard.text.normalize import normalize, source_spans

_EN_PERSON = r"(?:(?!and |or |were |was )[a-z\-]+ ){0,2}?"
_EN_PERSON += r"(?:people|persons|civilians|soldiers|policemen|police officers|officers|members|"
_EN_PERSON += r"fighters|militants|contractors|workers|children|women|men|guards|pilgrims|personnel|troops|others|"
_EN_PERSON += r"civilian|soldier|policeman|officer|member|fighter|militant|contractor|worker|child|woman|man|"
_EN_PERSON += r"guard|person|officials|official|drivers|driver|bombers|bomber|assailants|assailant|attackers|attacker|"
_EN_PERSON += r"recruits|recruit|leaders|leader|commanders|commander|passengers|passenger|students|student)"
_EN_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|no|several|many|some|multiple|dozens of|dozens|"
    "scores of|hundreds of|hundreds|a number of"
)
_EN_NUM = rf"(\d+|{_EN_WORDS})"
_EN_BE = r"(?:were |was |have been |had been )?"
_EN_ONE = rf"(a|an) {_EN_PERSON}"


@cache
def _ar_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def alt(key: str) -> str:
        return "|".join(sorted(map(re.escape, words("casualties", key)), key=len, reverse=True))

    lexicon = load("casualties")
    numbers = (*lexicon["numbers_ar"], *map(normalize, lexicon["vague_ar"]))
    nums = "|".join(sorted(map(re.escape, numbers), key=len, reverse=True))
    duals = "|".join(d for p in _singulars() for d in (p + "ين", p + "ان"))
    persons = f"{duals}|{alt('persons_ar')}|{alt('plural_persons_ar')}"
    about = r"(?:(?:اكثر من|نحو|حوالي)\s+)?"
    lead = rf"(?:^|\s)[وب]?(?:ال)?(?:{{verbs}})\s+{about}(\d+|{nums})?\s*(?:ال)?({persons})?(?!\w)"
    trail = rf"(?:^|\s)[وب]?(\d+|{nums})\s+()(?:{{nouns}})(?!\w)"
    killed = re.compile(lead.format(verbs=alt("killed_ar")) + "|" + trail.format(nouns="قتلي|قتيلا|شهداء"))
    injured = re.compile(lead.format(verbs=alt("injured_ar")) + "|" + trail.format(nouns="جرحي|جريحا|مصابين"))
    return killed, injured


@cache
def _singulars() -> tuple[str, ...]:
    return tuple(p for p in words("casualties", "persons_ar") if not p.endswith("ا"))


def _ar_number(number: str | None, noun: str | None) -> int | None:
    data = load("casualties")
    if noun and not number and noun[:-2] in _singulars() and noun.endswith(("ين", "ان")):
        return 2
    if number:
        if number.isdigit():
            return int(number)
        merged = {**data["numbers_ar"], **{normalize(k): v for k, v in data["vague_ar"].items()}}
        return merged.get(number)
    if noun in words("casualties", "persons_ar"):
        return 1
    return None


#: Spans (start, end) of the phrases that gave a toll, in the normalised text; filled when a list is passed.
Phrases = list[tuple[int, int]] | None


def _none_cue(norm: str, key: str, phrases: Phrases) -> bool:
    """True when the text says nobody was hurt ("no casualties", "دون وقوع إصابات"); the cue is a phrase."""
    for cue in words("casualties", key):
        at = norm.find(cue)
        if at >= 0:
            if phrases is not None:
                phrases.append((at, at + len(cue)))
            return True
    return False


def _parse_ar(norm: str, phrases: Phrases = None) -> tuple[int | None, int | None]:
    if _none_cue(norm, "none_ar", phrases):
        return 0, 0
    killed_re, injured_re = _ar_patterns()
    counts: list[int | None] = []
    for pattern in (killed_re, injured_re):
        found = []
        for m in pattern.finditer(norm):
            n = _ar_number(m.group(1) or m.group(3), m.group(2))
            if n is not None:
                found.append(n)
                if phrases is not None:
                    phrases.append((m.start() + (norm[m.start()] == " "), m.end()))
        counts.append(sum(found) if found else None)
    return counts[0], counts[1]


def _en_number(token: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    data = load("casualties")
    return data["numbers_en"].get(token, data["vague_en"].get(token))


_EN_KILLED = (
    re.compile(rf"\b(?:killing|killed|kill) (?:at least |an estimated |some )?{_EN_NUM}\b"),
    re.compile(rf"\b(?:killing|killed) {_EN_ONE}"),
    re.compile(rf"\b{_EN_ONE} (?:was |had been )?killed"),
    re.compile(rf"\b(?:at least )?{_EN_NUM} {_EN_PERSON}? ?{_EN_BE}(?:killed|dead|died)\b"),
    re.compile(rf"\b(?:left|leaving) (?:at least )?{_EN_NUM} (?:{_EN_PERSON} )?dead\b"),
)
_EN_INJURED = (
    re.compile(rf"\b(?:wounding|wounded|injuring|injured|hurting) (?:at least |an estimated |some )?{_EN_NUM}\b"),
    re.compile(rf"\b(?:wounding|wounded|injuring|injured) {_EN_ONE}"),
    re.compile(rf"\b{_EN_ONE} (?:was |had been )?(?:wounded|injured|hurt)"),
    re.compile(rf"\b(?:at least )?{_EN_NUM} {_EN_PERSON}? ?{_EN_BE}(?:wounded|injured|hurt)\b"),
)


_EN_SINGULAR = (
    r"(?:civilian|soldier|policeman|police officer|officer|member|fighter|militant|contractor|worker|child|"
    r"woman|man|guard|person|driver|bomber|assailant|attacker|leader|commander|official|journalist|owner|"
    r"student|teacher|judge|cleric|doctor|employee|farmer|shepherd|boy|girl|resident|pilgrim|recruit)"
)
#: "... were killed": the verb whose subject (the words before it) carries the counts.
_EN_PASSIVE = re.compile(r"\b(?:(?:were|was|have been|had been|are|is) (killed|wounded|injured|hurt)|(died))\b")
_EN_COUNT = re.compile(
    rf"(?<![\w-])(?:(\d+|{_EN_WORDS})\s+(?:(?!and |or )[a-z\-]+\s+){{0,3}}?{_EN_PERSON}"
    rf"|(?:the|a|an|another)\s+(?:(?!and |or )[a-z\-]+\s+){{0,3}}?{_EN_SINGULAR})(?![\w-])"
)
_CLAUSE_START = re.compile(r"[.;:!?]\s|\b(?:killing|wounding|injuring|while|after|before)\b")
_PERPETRATOR = re.compile(r"\bin addition to the (?:suicide )?(?:bomber|assailant|attacker|perpetrator)\b")


def _subject_counts(subject: str) -> list[tuple[int, int]]:
    """(position, count) of the people a subject phrase names: "eight soldiers and the driver" -> 8, 1.

    Counts after "including" are a breakdown, not more people; "six people, two ... and four ...," is a
    total followed by its breakdown, so only the total counts.
    """
    subject = _PERPETRATOR.sub("", subject.split(" including ", 1)[0])
    matches = list(_EN_COUNT.finditer(subject))
    found = [(m.start(), _en_number(m.group(1)) if m.group(1) else 1) for m in matches]
    found = [(pos, n) for pos, n in found if n is not None]
    if len(matches) > 1 and subject[matches[0].end() :].startswith(","):
        return found[:1]
    return found


def _passive_counts(norm: str, verbs: frozenset[str], phrases: Phrases = None) -> dict[int, int]:
    values: dict[int, int] = {}
    previous_end = 0
    for m in _EN_PASSIVE.finditer(norm):
        window_start, previous_end = max(previous_end, m.start() - 160), m.end()
        if (m.group(1) or m.group(2)) not in verbs:
            continue
        starts = [b.end() for b in _CLAUSE_START.finditer(norm, window_start, m.start())]
        begin = starts[-1] if starts else window_start
        for pos, n in _subject_counts(norm[begin : m.start()]):
            if begin + pos not in values and phrases is not None:
                phrases.append((begin + pos, m.end()))
            values.setdefault(begin + pos, n)
    return values


def _sum_en(norm: str, patterns: tuple[re.Pattern[str], ...], verbs: frozenset[str],
            phrases: Phrases = None) -> int | None:
    values = _passive_counts(norm, verbs, phrases)
    for pattern in patterns:
        for m in pattern.finditer(norm):
            n = _en_number(m.group(1))
            if n is not None and not any(abs(m.start(1) - p) < 3 for p in values):
                values[m.start(1)] = n
                if phrases is not None:
                    phrases.append((m.start(), m.end()))
    return sum(values.values()) if values else None


_KILLED_VERBS = frozenset({"killed", "dead", "died"})
_INJURED_VERBS = frozenset({"wounded", "injured", "hurt"})


def _parse_en(norm: str, phrases: Phrases = None) -> tuple[int | None, int | None]:
    if _none_cue(norm, "none_en", phrases):
        return 0, 0
    killed = _sum_en(norm, _EN_KILLED, _KILLED_VERBS, phrases)
    if killed is not None and _PERPETRATOR.search(norm):
        killed += 1
    return killed, _sum_en(norm, _EN_INJURED, _INJURED_VERBS, phrases)


def parse_casualties(text: str, language: str) -> tuple[int | None, int | None]:
    """(fatalities, injured) stated in ``text``; None where the text states nothing."""
    norm = normalize(text)
    return _parse_ar(norm) if language == "ar" else _parse_en(norm)


def read_casualties(text: str, language: str) -> tuple[int | None, int | None, list[tuple[int, int]]]:
    """:func:`parse_casualties` plus the offsets into ``text`` of the phrases that gave the tolls.

    >>> text = "A bomb killed three soldiers; no one else was hurt."
    >>> killed, injured, phrases = read_casualties(text, "en")
    >>> killed, injured, [text[s:e] for s, e in phrases]
    (3, 0, ['killed three', 'no one else was hurt'])
    """
    norm = normalize(text)
    phrases: list[tuple[int, int]] = []
    killed, injured = _parse_ar(norm, phrases) if language == "ar" else _parse_en(norm, phrases)
    return killed, injured, sorted(set(source_spans(text, phrases)))
