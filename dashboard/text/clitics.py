"""Arabic proclitics (text layer): the prefixes (و ف ب ل ك and the article ال) that attach to a place name.

All strings here are in normalised form (see :mod:`dashboard.text.normalize`).

>>> split_proclitics("وبالعراق")
('وب', 'العراق')
>>> is_proclitic_prefix("وب")
True
"""

from __future__ import annotations

from itertools import product

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ل", "ك")

#: Every conjunction+preposition prefix that may stand before a word ("", و, ف, ب, وب, فب, ...).
PROCLITIC_PREFIXES: frozenset[str] = frozenset(c + p for c, p in product(CONJUNCTIONS, PREPOSITIONS))
#: Prefixes that stand for "ل + ال" (the article's alef drops: لل), optionally after a conjunction.
LAM_ARTICLE_PREFIXES: frozenset[str] = frozenset(c + "لل" for c in CONJUNCTIONS)


def is_proclitic_prefix(prefix: str) -> bool:
    """True if ``prefix`` can stand attached before a word (conjunction and/or preposition)."""
    return prefix in PROCLITIC_PREFIXES


def split_proclitics(word: str) -> tuple[str, str]:
    """Split the longest plausible proclitic prefix from ``word``, keeping at least 3 letters of stem.

    Only strips before the article (ال) or when the remainder is long, so "بلد" stays "بلد".
    """
    for size in (2, 1):
        prefix, stem = word[:size], word[size:]
        if prefix in PROCLITIC_PREFIXES and stem.startswith("ال") and len(stem) >= 4:
            return prefix, stem
    if word.startswith(tuple(LAM_ARTICLE_PREFIXES - {""})) and len(word) >= 5:
        cut = word.index("لل") + 1
        return word[:cut], "ا" + word[cut:]
    return "", word
