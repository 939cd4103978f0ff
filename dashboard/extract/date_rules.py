"""Lexicons and compiled patterns for :mod:`dashboard.extract.dates`.

The patterns run on the article text itself (not a normalised copy), so offsets need no mapping:
Arabic letters that writers vary (أ/إ/آ/ا, ة/ه, ى/ي) become character classes, digits accept
Western, Eastern Arabic (١٥) and Persian forms. Lexicon keys are in :func:`normalize` form.

>>> bool(AR["weekday"].search("قصف صاروخي ليلة السبت"))
True
"""

from __future__ import annotations

import re

from dashboard.text.normalize import normalize

DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_TO_ASCII = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}

AR_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
EN_WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                            "saturday", "sunday"))}

AR_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "افريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}
EN_MONTHS = {m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                             "august", "september", "october", "november", "december"))}
EN_MONTHS.update({m[:3]: n for m, n in list(EN_MONTHS.items())} | {"sept": 9})


def _ar_numbers() -> dict[str, int]:
    """Arabic number words 1..20, masculine and feminine, in normalised form."""
    units = {1: ["واحد", "واحده"], 2: ["اثنين", "اثنان", "اثنتين", "اثنتان"], 3: ["ثلاث", "ثلاثه"],
             4: ["اربع", "اربعه"], 5: ["خمس", "خمسه"], 6: ["ست", "سته"], 7: ["سبع", "سبعه"],
             8: ["ثمان", "ثماني", "ثمانيه"], 9: ["تسع", "تسعه"], 10: ["عشر", "عشره"]}
    words = {w: n for n, forms in units.items() for w in forms}
    words.update({"احد عشر": 11, "احدي عشره": 11, "اثنا عشر": 12, "اثني عشر": 12, "اثنتا عشره": 12,
                  "اثنتي عشره": 12, "عشرين": 20, "عشرون": 20})
    for n in range(3, 10):
        words.update({f"{w} {t}": n + 10 for w in units[n] for t in ("عشر", "عشره")})
    return words


AR_NUMBERS = _ar_numbers()
_EN_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
EN_NUMBERS = {w: i + 1 for i, w in enumerate(_EN_WORDS)} | {"a": 1, "an": 1, "a couple of": 2, "couple of": 2}

#: unit word -> (days per unit, count implied by the word itself or None when vague)
AR_UNITS: dict[str, tuple[int, int | None]] = {
    "ساعه": (0, 1), "ساعات": (0, None), "ساعتين": (0, 2), "دقائق": (0, None), "دقيقه": (0, 1),
    "لحظات": (0, None), "يوم": (1, 1), "يوما": (1, 1), "يومين": (1, 2), "يومان": (1, 2), "ايام": (1, None),
    "اسبوع": (7, 1), "اسبوعا": (7, 1), "اسبوعين": (7, 2), "اسابيع": (7, None), "شهر": (30, 1),
    "شهرا": (30, 1), "شهرين": (30, 2), "اشهر": (30, None), "شهور": (30, None), "عام": (365, 1),
    "عاما": (365, 1), "سنه": (365, 1), "عامين": (365, 2), "سنتين": (365, 2), "اعوام": (365, None),
    "سنوات": (365, None),
}
EN_UNITS: dict[str, int] = {"hour": 0, "minute": 0, "day": 1, "week": 7, "month": 30, "year": 365}

#: (lowest, highest) days for a vague plural ("أيام", "days", "weeks") by days per unit
VAGUE_RANGE = {0: (0, 1), 1: (1, 6), 7: (7, 28), 30: (30, 180), 365: (365, 3650)}


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
_D = (DIGIT_GATE,)
_AR_WEEKDAY = ("حد", "ثنين", "ثلاث", "ربعاء", "خميس", "جمع", "سبت")
_AR_MONTH = ("كانون", "شباط", "ذار", "نيسان", "يار", "حزيران", "تموز", "آب", "اب", "يلول", "تشرين", "يناير",
             "فبراير", "مارس", "بريل", "فريل", "مايو", "يوني", "يولي", "غسطس", "سبتمبر", "كتوبر", "نوفمبر",
             "ديسمبر")
_EN_WEEKDAY = tuple(EN_WEEKDAYS)
_EN_MONTH = tuple(m for m in EN_MONTHS if len(m) == 3)
GATES: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "ar": {
        "anchored": (("بعد", "قبل"),),
        "weekday_night": (("ليل",), _AR_WEEKDAY),
        "weekday_part": (("مساء", "صباح", "فجر", "ظهر", "عصر", "ضح", "ليل"), _AR_WEEKDAY),
        "yesterday_night": (("ليل",),),
        "relative_day": (("مس", "يوم", "بارح", "صباح"),),
        "weekday": (_AR_WEEKDAY,),
        "ago": (("قبل", "منذ"),),
        "numeric_dmy": (_D, ("/", ".", "-")),
        "day_month": (_D, _AR_MONTH),
        "month": (_AR_MONTH, (DIGIT_GATE, "ماضي", "منصرم", "فائت", "جاري", "حالي")),
        "period": (("سبوع", "شهر", "عام", "سن"),),
        "history": (_D,),
    },
    "en": {
        "anchored": (("after", "before"),),
        "weekday_night": (("night",), _EN_WEEKDAY),
        "weekday_part": (("morning", "afternoon", "evening", "early", "late"), _EN_WEEKDAY),
        "yesterday_night": (("night",),),
        "relative_day": (("yesterday", "today", "tonight", "this morning", "this afternoon", "this evening",
                          "previous day"),),
        "weekday": (_EN_WEEKDAY,),
        "ago": ((" ago",),),
        "numeric_mdy": (_D, ("/",)),
        "day_month": (_D, _EN_MONTH),
        "month": (tuple(m.title() for m in _EN_MONTH),),
        "period": (("week", "month", "year"),),
        "history": (_D,),
    },
}
_ANY_DIGIT = re.compile(DIGIT)


def open_gates(text: str, language: str) -> set[str]:
    """Names of the rules worth running on ``text``.

    >>> sorted(open_gates("hours after the attack", "en"))
    ['anchored']
    """
    probe = text.lower() if language == "en" else text
    has_digit = bool(_ANY_DIGIT.search(text))
    return {name for name, groups in GATES[language].items()
            if all(any(_has(w, text, probe, has_digit) for w in group) for group in groups)}


def _has(word: str, text: str, probe: str, has_digit: bool) -> bool:
    if word == DIGIT_GATE:
        return has_digit
    return word in (text if word[0].isupper() else probe)
