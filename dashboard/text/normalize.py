"""Normalise Arabic, Kurdish and English text for matching (text layer), keeping a map back to the original.

Matching runs on the normalised text; every offset reported to the user points into the original,
through the ``offsets`` list that :func:`normalize_with_offsets` returns beside the normalised string.

>>> normalize("قاعدةُ بَلَد الجوّية")
'قاعده بلد الجويه'
>>> normalize("Al-Kāẓimiyyah")
'al kazimiyyah'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import compress

# Arabic harakat, Quranic marks, superscript alef, tatweel: dropped.
_DROP = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640", "\u200c", "\u200d", "\u200f", "\u200e"}
_DROP |= {chr(c) for c in range(0x06D6, 0x06EE)}

_FOLD = {
    # alef and hamza forms
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه",
    # Persian and Kurdish letters to their Arabic base
    "ک": "ك", "ی": "ي", "ێ": "ي", "ە": "ه", "ھ": "ه", "ۀ": "ه", "ۆ": "و", "ۇ": "و", "ۋ": "و",
    "ڵ": "ل", "ڕ": "ر", "ڤ": "ف", "گ": "ك", "پ": "ب", "چ": "ج", "ژ": "ز",
    # punctuation variants
    "،": ",", "؛": ";", "؟": "?", "’": "'", "‘": "'", "ʿ": "'", "ʾ": "'", "`": "'",
    "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "_": " ",
}
# Eastern Arabic and Persian digits
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})

_SPACES = re.compile(r"\s+")
_ARABIC_RANGE = re.compile(r"[\u0600-\u06FF]")


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    if ch.isascii():
        return ch.lower()
    if _ARABIC_RANGE.match(ch):
        return ch
    # Latin with diacritics, Arabic presentation forms (NFKC), other scripts
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base != ch:
        return "".join(_fold_char(c) for c in base)
    return ch.lower()


#: str.translate table for characters that fold to at most one character (filled lazily).
_TABLE: dict[int, str | None] = {}
#: Same keys: "\x01" for a character that stays, "\x00" for one that folds away (for itertools.compress).
_KEEP: dict[int, str] = {}
#: Characters that fold to several characters (ligatures, decomposed letters): the slow path handles them.
_WIDE: set[str] = set()


def _learn(chars: set[str]) -> None:
    for ch in chars:
        if ord(ch) in _TABLE or ch in _WIDE:
            continue
        folded = _fold_char(ch).replace("'", "")
        if len(folded) > 1:
            _WIDE.add(ch)
        else:
            _TABLE[ord(ch)] = (" " if folded.isspace() else folded) or None
            _KEEP[ord(ch)] = "\x01" if folded else "\x00"


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, the index of its source character.

    Whitespace runs collapse to one space (mapped to the run's first character); apostrophes vanish,
    so "Ba'qubah" and "Baqubah" match. Runs at C speed through ``str.translate`` unless the text has
    characters that expand or runs of whitespace.
    """
    chars = set(text)
    _learn(chars)
    if not chars & _WIDE:
        folded = text.translate(_TABLE)
        if "  " not in folded:
            if len(folded) == len(text):
                return folded, list(range(len(text)))
            keep = text.translate(_KEEP).encode("latin-1")
            return folded, list(compress(range(len(text)), keep))
    return _normalize_slow(text)


def _normalize_slow(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        for f in folded:
            if f == "'":
                continue
            if f.isspace():
                if out and out[-1] == " ":
                    continue
                f = " "
            out.append(f)
            offsets.append(i)
    return "".join(out), offsets


def normalize(text: str) -> str:
    """Normalised form of ``text`` for matching (see module docstring); same as :func:`normalize_with_offsets`."""
    folded = "".join(map(_fold_char, text)).replace("'", "")
    return _SPACES.sub(" ", folded).strip()


def is_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic-script letters."""
    return bool(_ARABIC_RANGE.search(text))


def source_spans(text: str, spans: list[tuple[int, int]], base: int = 0) -> list[tuple[int, int]]:
    """Spans of ``normalize(text)`` as offsets into ``text`` (plus ``base``: where ``text`` starts in a longer one).

    >>> text = "  Al-Kāẓimiyyah  district"
    >>> [text[s:e] for s, e in source_spans(text, [(0, 13), (14, 22)])]
    ['Al-Kāẓimiyyah', 'district']
    """
    if not spans:
        return []
    folded, offsets = normalize_with_offsets(text)
    lead = len(folded) - len(folded.lstrip())
    out = []
    for start, end in spans:
        first, last = start + lead, end + lead - 1
        if 0 <= first <= last < len(offsets):
            out.append((base + offsets[first], base + offsets[last] + 1))
    return out


_WORD = re.compile(r"\w")


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the whole words it touches ("قصف" inside "بالقصف" -> "بالقصف")."""
    while start > 0 and _WORD.match(text[start - 1]):
        start -= 1
    while end < len(text) and _WORD.match(text[end]):
        end += 1
    return start, end
