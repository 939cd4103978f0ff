"""The finding half of :mod:`dashboard.extract.dates` (extract layer): lexicons, compiled patterns, gates, rules.

The patterns run on the article text itself (not a normalised copy), so offsets need no mapping:
Arabic letters that writers vary (أ/إ/آ/ا, ة/ه, ى/ي) become character classes, digits accept
Western, Eastern Arabic (١٥) and Persian forms. The words live in ``lexicon/dates_lexicon.json``,
keyed in :func:`normalize` form. A rule's pattern only runs when its gate (cheap substring tests) opens.

>>> [(m.group(0), rule.name) for m, rule in candidates("قصف صاروخي ليلة السبت", "ar")]
[('ليلة السبت', 'weekday_night')]
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick

from dashboard.resources import read_text
from dashboard.text.normalize import normalize

DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_TO_ASCII = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}

_LEXICON = json.loads(read_text("extract", "lexicon", "dates_lexicon.json"))


def _ar_numbers() -> dict[str, int]:
    """Arabic number words 1..20, masculine and feminine (ثلاثة/ثلاث, خمسة عشر/خمس عشرة), normalised."""
    units = {int(n): forms for n, forms in _LEXICON["ar_number_units"].items()}
    words = {w: n for n, forms in units.items() for w in forms} | _LEXICON["ar_number_extra"]
    for n in range(3, 10):
        words.update({f"{w} {t}": n + 10 for w in units[n] for t in ("عشر", "عشره")})
    return words


AR_WEEKDAYS: dict[str, int] = _LEXICON["ar_weekdays"]
EN_WEEKDAYS = {d: i for i, d in enumerate(_LEXICON["en_weekdays"])}
AR_MONTHS: dict[str, int] = _LEXICON["ar_months"]
EN_MONTHS = {m: i + 1 for i, m in enumerate(_LEXICON["en_months"])}
EN_MONTHS.update({m[:3]: n for m, n in list(EN_MONTHS.items())} | {"sept": 9})
AR_NUMBERS = _ar_numbers()
EN_NUMBERS = {w: i + 1 for i, w in enumerate(_LEXICON["en_numbers"])} | _LEXICON["en_number_extra"]
#: unit word -> (days per unit, 0 for hours; count implied by the word itself, None when vague)
#: (keyed by the normalised word too: "دقائق" is looked up as "دقايق")
AR_UNITS: dict[str, tuple[int, int | None]] = {
    key: tuple(v) for w, v in _LEXICON["ar_units"].items() for key in {w, normalize(w)}
}
EN_UNITS: dict[str, int] = _LEXICON["en_units"]
#: days per unit -> (lowest, highest) days for a vague plural ("أيام", "days", "weeks")
VAGUE_RANGE = {int(k): tuple(v) for k, v in _LEXICON["vague_range"].items()}
DAY_OFFSETS: dict[str, int] = _LEXICON["day_offsets"]
AGO_SLACK = {int(k): v for k, v in _LEXICON["ago_slack"].items()}


def ar(word: str) -> str:
    """Regex for an Arabic word or phrase that tolerates hamza/alef, ta marbuta and alef maqsura variants.

    >>> bool(re.fullmatch(ar("الجمعه الاولي"), "الجمعة الأولى"))
    True
    """
    out = []
    for i, ch in enumerate(word):
        last = i + 1 == len(word) or word[i + 1] == " "
        if ch == "ا":
            out.append("[اأإآ]")
        elif ch in "هة" and last:
            out.append("[ةه]")
        elif ch in "يى" and last:
            out.append("[يى]")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def alternation(words: object, arabic: bool = True) -> str:
    """Longest-first regex alternation of lexicon words."""
    ordered = sorted(words, key=len, reverse=True)  # type: ignore[arg-type]
    return "(?:" + "|".join(ar(w) if arabic else re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def to_int(digits: str) -> int:
    """Integer from Western or Eastern Arabic digits: ``to_int("١٥") == 15``."""
    return int(digits.translate(_TO_ASCII))


def lookup(lexicon: dict[str, int], word: str) -> int:
    """Value of ``word`` in a lexicon keyed by normalised form (English keys are lowercase)."""
    return lexicon[" ".join(normalize(word).rstrip(".").split())]


# ----------------------------------------------------------------------------------------- Arabic
_B = r"(?<![\w])"  # word start (Arabic letters are \w)
_E = r"(?![\w])"
_WD = alternation(AR_WEEKDAYS)
_MON = alternation(AR_MONTHS)
_NUM = f"(?:{alternation(AR_NUMBERS)}|{DIGIT}{{1,3}})"
_UNIT = alternation(AR_UNITS)
_PAST = ar("الماضي") + "|" + ar("المنصرم") + "|" + ar("الفائت")
_PART = "|".join(ar(w) for w in ("مساء", "صباح", "فجر", "ظهر", "ظهيره", "عصر", "ضحي", "منتصف ليل", "ليل"))
_QTY = rf"(?:(?P<num>{_NUM})\s+)?(?P<unit>{_UNIT})"

AR: dict[str, re.Pattern[str]] = {
    "anchored": re.compile(
        rf"{_B}(?P<conn>بعد|قبل)\s+(?P<less>{ar('اقل من')}\s+)?{_QTY}\s+(?:على|من|علي){_E}"),
    "weekday_night": re.compile(
        rf"{_B}[وف]?(?:{ar('ليله')}|ليل)\s+(?:يوم\s+)?(?:{_WD}\s*(?:[-/–]|{ar('الي')}|على)?\s*)?(?P<wd>{_WD}){_E}"),
    "weekday_part": re.compile(rf"{_B}[وف]?(?:{_PART})\s+(?:يوم\s+)?(?P<wd>{_WD}){_E}"),
    "yesterday_night": re.compile(
        rf"{_B}[وف]?(?:(?:{ar('ليله')}|ليل)\s+(?:{ar('امس')}|{ar('البارحه')})|{ar('الليله الماضيه')}){_E}"),
    "relative_day": re.compile(
        rf"{_B}[وف]?(?:(?:{_PART})\s+)?(?P<word>{ar('اول امس')}|{ar('امس الاول')}|(?:بال|ب|ال)?{ar('امس')}"
        rf"|{ar('البارحه')}|{ar('اليوم السابق')}|{ar('اليوم')}|{ar('هذا الصباح')})"
        rf"(?!\s+(?:التالي|{ar('نفسه')}|ذاته|الذي|{ar('العالمي')}|الوطني|{ar('الاول')}|{ar('الثاني')}|"
        rf"{ar('الاخير')}|من))(?![\w])"),
    "weekday": re.compile(
        rf"{_B}[وف]?(?P<yawm>(?:يوم|في)\s+)?(?P<wd>{_WD})(?P<past>\s+(?:{_PAST}))?"
        rf"(?!\s+(?:{ar('المقبل')}|{ar('القادم')})){_E}"),
    "ago": re.compile(rf"{_B}[وف]?(?:قبل|منذ)\s+(?:نحو\s+|حوالي\s+)?{_QTY}{_E}"),
    "numeric_dmy": re.compile(
        rf"{_B}{DIGIT}{{1,2}}[/.\-]{DIGIT}{{1,2}}[/.\-](?:{DIGIT}{{4}}|{DIGIT}{{2}}){_E}"),
    "day_month": re.compile(
        rf"{_B}[وف]?(?:(?:يوم|في)\s+)?(?P<d>{DIGIT}{{1,2}})\s*(?:من\s+)?(?:{ar('شهر')}\s+)?(?P<m>{_MON})"
        rf"(?:\s*[/(]\s*{_MON}\s*\)?)?(?:\s*(?:،|,)?\s*(?:{ar('عام')}|{ar('سنه')})?\s*(?P<y>{DIGIT}{{4}}))?"
        rf"(?P<rel>\s+(?:{_PAST}|{ar('الجاري')}|{ar('الحالي')}))?{_E}"),
    "month": re.compile(
        rf"{_B}(?:(?:في|خلال)\s+)?(?:{ar('شهر')}\s+)?(?P<m>{_MON})(?:\s*[/(]\s*{_MON}\s*\)?)?"
        rf"(?:\s+(?:{ar('عام')}\s+)?(?P<y>{DIGIT}{{4}})|(?P<rel>\s+(?:{_PAST}|{ar('الجاري')}|{ar('الحالي')}))){_E}"),
    "period": re.compile(
        rf"{_B}(?:(?P<this>{ar('هذا')}|{ar('هذه')}|خلال)\s+)?(?P<unit>{ar('الاسبوع')}|{ar('الشهر')}|{ar('العام')}"
        rf"|{ar('السنه')})(?:\s+(?P<rel>{_PAST}|{ar('الجاري')}|{ar('الحالي')}))?{_E}"),
    "history": re.compile(
        rf"{_B}(?:{ar('عام')}|{ar('سنه')}|في|منذ|خلال)\s+(?P<y>(?:19|20|١٩|٢٠){DIGIT}{{2}}){_E}"),
}

# ---------------------------------------------------------------------------------------- English
_EWD = alternation(EN_WEEKDAYS, arabic=False)
_EMON = alternation(EN_MONTHS, arabic=False)
_ENUM = rf"(?:{alternation(EN_NUMBERS, arabic=False)}|\d{{1,3}}|a\s+few|few|several|some)"
_EQTY = rf"(?:(?P<num>{_ENUM})\s+)?(?P<unit>hours?|minutes?|days?|weeks?|months?|years?)"
_F = re.IGNORECASE

EN: dict[str, re.Pattern[str]] = {
    "anchored": re.compile(
        rf"\b(?P<less>(?:less|fewer)\s+than\s+|under\s+|within\s+)?(?:the\s+(?P<the>day)|{_EQTY})\s+"
        rf"(?P<conn>after|before)\b(?=\s+\w)", _F),
    "weekday_night": re.compile(
        rf"\b(?:(?:on\s+)?(?P<wd>{_EWD})\s+(?:night|overnight)|overnight\s+(?:on\s+)?(?P<wd2>{_EWD}))\b", _F),
    "weekday_part": re.compile(
        rf"\b(?:(?:early|late)\s+(?:on\s+)?(?P<wd2>{_EWD})|(?:on\s+)?(?P<wd>{_EWD})\s+"
        rf"(?:morning|afternoon|evening))\b", _F),
    "yesterday_night": re.compile(r"\b(?:last\s+night|overnight)\b", _F),
    "relative_day": re.compile(
        r"\b(?:(?:early|late)\s+)?(?P<word>yesterday|today|tonight|earlier\s+today|this\s+(?:morning|afternoon|"
        r"evening)|the\s+previous\s+day|the\s+day\s+before\s+yesterday)\b", _F),
    "weekday": re.compile(
        rf"\b(?<!next\s)(?P<past>(?:last|this\s+past|past)\s+)?(?:on\s+)?(?P<wd>{_EWD})\b(?!\s+next)", _F),
    "ago": re.compile(rf"\b{_EQTY}\s+ago\b", _F),
    "numeric_mdy": re.compile(r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"),
    "day_month": re.compile(
        rf"\b(?:on\s+)?(?:{_EWD},?\s+)?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_EMON})\.?"
        rf"|(?P<m2>{_EMON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+(?P<y>\d{{4}}))?\b", _F),
    "month": re.compile(
        rf"\b(?:(?:in|during|since|until|early|late|mid|last|this|of)\s+-?)?(?P<m>{_EMON})\.?"
        rf"(?:\s+(?P<y>\d{{4}}))?\b", _F),
    "period": re.compile(
        r"\b(?P<rel>last|this|past|previous|earlier\s+this|the\s+past)\s+(?P<unit>week|month|year)\b", _F),
    "history": re.compile(r"\b(?:in|since|during|until|by|of)\s+(?P<y>(?:19|20)\d{2})\b", _F),
}

# ------------------------------------------------------------------------------------------ gates
#: A rule's pattern runs only when, for every group of its gate, the text contains one of the group's
#: substrings (English text lowercased, except for capitalised gates); "<digit>" stands for any digit.
#: Substring tests are C-fast, regex scans are not (a few hundred ns a character per pattern).
DIGIT_GATE = "<digit>"
GATES: dict[str, dict[str, list[list[str]]]] = _LEXICON["gates"]
_ANY_DIGIT = re.compile(DIGIT)


def open_gates(text: str, language: str) -> set[str]:
    """Names of the rules worth running on ``text``.

    >>> sorted(open_gates("hours after the attack", "en"))
    ['anchored']
    """
    present = _gate_words(text, language)
    if _ANY_DIGIT.search(text):
        present.add(DIGIT_GATE)
    return {name for name, groups in GATES[language].items()
            if all(any(w in present for w in group) for group in groups)}


@functools.cache
def _gate_automata(language: str) -> tuple[ahocorasick.Automaton | None, ahocorasick.Automaton | None]:
    """Two automata over the gate words: case-sensitive ones (capitalised) and lower-cased ones."""
    words = {w for groups in GATES[language].values() for group in groups for w in group if w != DIGIT_GATE}
    automata = []
    for keep in (lambda w: w[0].isupper(), lambda w: not w[0].isupper()):
        chosen = [w for w in words if keep(w)]
        if not chosen:
            automata.append(None)
            continue
        automaton = ahocorasick.Automaton()
        for w in chosen:
            automaton.add_word(w, w)
        automaton.make_automaton()
        automata.append(automaton)
    return automata[0], automata[1]


def _gate_words(text: str, language: str) -> set[str]:
    """Every gate word that occurs in ``text`` as a substring (capitalised gates case-sensitively)."""
    exact, folded = _gate_automata(language)
    present: set[str] = set()
    if exact is not None:
        present.update(w for _, w in exact.iter(text))
    if folded is not None:
        present.update(w for _, w in folded.iter(text.lower() if language == "en" else text))
    return present


# ------------------------------------------------------------------------------------------ rules
def group(m: re.Match[str], *names: str) -> str:
    """First non-empty named group among ``names`` that the pattern defines."""
    groups = m.groupdict()
    return next((groups[n] for n in names if groups.get(n)), "")


def quantity(m: re.Match[str], language: str) -> tuple[int, int, int]:
    """(days per unit, lowest, highest days) for "ثلاثة أيام", "يومين", "two weeks", "hours", "days".

    >>> quantity(EN["ago"].search("two weeks ago"), "en")
    (7, 14, 14)
    """
    num, unit = group(m, "num"), m["unit"]
    if language == "ar":
        per, implied = AR_UNITS[normalize(unit)]
    else:
        per, implied = EN_UNITS[unit.lower().rstrip("s")], None
    count = implied
    if num and num[0].isnumeric():
        count = to_int(num)
    elif num:
        count = (AR_NUMBERS if language == "ar" else EN_NUMBERS).get(" ".join(normalize(num).split()))
    if count is None:
        return (per, *VAGUE_RANGE[per])
    if per == 0:
        return 0, count // 24, max(1, math.ceil(count / 24))
    return per, count * per, count * per


def _ok_ar_weekday(m: re.Match[str], text: str) -> bool:
    """Bare "الاثنين" is also "the two": take it only with يوم/الماضي or before punctuation."""
    if normalize(m["wd"]) != "الاثنين" or m["yawm"] or m["past"]:
        return True
    following = text[m.end():m.end() + 3].lstrip()
    return not following or following[0] in "،,.؛;:)"


def _ok_period(m: re.Match[str], text: str) -> bool:
    return bool(group(m, "rel", "this"))


def _ok_en_month(m: re.Match[str], text: str) -> bool:
    """"in March 2015", "last May": a prefix or a year, and a capital (not the verbs march/may)."""
    return m["m"][0].isupper() and (bool(m["y"]) or m.start("m") > m.start())


def _ok_en_day_month(m: re.Match[str], text: str) -> bool:
    """"May 5" but not "may 5 people": the months that are also verbs need their capital."""
    month = group(m, "m", "m2")
    return month[0].isupper() or month.lower() not in ("may", "march", "mar")


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of one language; ``accept`` vetoes a match using its context."""

    name: str
    kind: str
    language: str
    pattern: re.Pattern[str]
    accept: Callable[[re.Match[str], str], bool] | None = None


def _rules(language: str, table: dict[str, re.Pattern[str]],
           accept: dict[str, Callable[[re.Match[str], str], bool]]) -> tuple[Rule, ...]:
    """The rule list of one language, in priority order (the table's order)."""
    kinds = {"anchored": "anchored", "history": "history"}
    return tuple(Rule(name, kinds.get(name, "absolute"), language, pattern, accept.get(name))
                 for name, pattern in table.items())


RULES = {"ar": _rules("ar", AR, {"weekday": _ok_ar_weekday, "period": _ok_period}),
         "en": _rules("en", EN, {"month": _ok_en_month, "day_month": _ok_en_day_month})}


def candidates(text: str, language: str) -> list[tuple[re.Match[str], Rule]]:
    """Matches of the rules whose gate is open, overlaps resolved: earliest start, then longest."""
    found = []
    gates = open_gates(text, language)
    for priority, rule in enumerate(RULES[language]):
        if rule.name not in gates:
            continue
        for m in rule.pattern.finditer(text):
            if m.end() > m.start() and (rule.accept is None or rule.accept(m, text)):
                found.append((m.start(), -(m.end() - m.start()), priority, m, rule))
    found.sort(key=lambda item: item[:3])
    kept, last_end = [], -1
    for start, _, _, m, rule in found:
        if start >= last_end:
            kept.append((m, rule))
            last_end = m.end()
    return kept
