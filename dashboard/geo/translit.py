"""Spelling-independent keys for Latin transliterations of Arabic and Kurdish place names (geo layer).

News, GTD, ACLED and GeoNames spell one Iraqi name many ways: Al-Kazimiyah / Kadhimiya, Dujail / Dejail,
Khanaqin / Khanaquin, Musayyib / Musayib, Husseiniyah / Husainiya, Mahmudiyah / Mahmoudiya. The key
drops the article, folds the letter pairs transliteration systems disagree on (dh/z, kh/k, q/k, gh/g,
ou/u, ee/i), reduces each vowel run to one mark, collapses doubled letters and unifies the adjective
ending (-iyah, -iya, -iyya, -iyeh). Two spellings with the same key are taken as the same name.

>>> skeleton("Al-Kāẓimiyyah") == skeleton("Kadhimiya")
True
>>> skeleton("Khanaquin") == skeleton("Khānaqīn")
True
>>> skeleton("Saqlawiyah") == skeleton("Shaqlawah")
False
"""

from __future__ import annotations

import functools
import re

from dashboard.text.normalize import normalize

#: Keys shorter than this are too likely to collide with other names or words ("Hit", "Tel").
MIN_KEY = 5
_ARTICLE = re.compile(r"^(?:al|el|ad|adh|an|as|ash|at|ath|ar|az|ul)\s+(?=\S{3})")
_INNER_ARTICLE = re.compile(r"\s(?:al|el|ad|an|as|ash|at|ar|az)\s")
_ENDING = re.compile(r"(?:iyyah|iyyeh|iyya|iyah|iyeh|iya|ieh|iah|ia)$")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_PAIRS = (
    ("dh", "z"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("c", "k"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("x", "k"), ("e", "a"), ("o", "u"),
)
_VOWELS = re.compile(r"(?:[aiu]|(?<=[aiu])y(?![aiu]))+")
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The transliteration key of a Latin name ('' for Arabic script or names too short to key)."""
    key = normalize(name)
    if not key.isascii() or not key:
        return ""
    key = _ARTICLE.sub("", key)
    key = _INNER_ARTICLE.sub(" ", f" {key} ").strip()
    words = [_ENDING.sub("iya", _FINAL_H.sub("", w)) for w in key.split()]
    key = "".join(words)
    for old, new in _PAIRS:
        key = key.replace(old, new)
    key = _DOUBLE.sub(r"\1", key)
    key = _VOWELS.sub("V", key)
    key = _DOUBLE.sub(r"\1", key)
    return key if len(key.replace("V", "")) >= 3 and len(key) >= MIN_KEY else ""
