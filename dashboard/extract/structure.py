"""Article structure (extract layer): headline, datelines and lead, told apart in Arabic and English text.

News text (or the text of an HTML page) opens with a headline line, often repeated, then a dateline
("MOSUL, Iraq (Reuters) -", "KIRKUK, March 3 (AFP) --", "النجف (وكالة) -", "شفق نيوز– دهوك") and the lead
paragraph. The dateline names where the reporter files from, not where anything happened; the lead's
incident is the article's main one.

>>> s = article_structure("Bomb kills 3 in Tal Afar\\n\\nMOSUL, Iraq (Reuters) - A bomb killed three in Tal Afar.")
>>> [s.text[a:b] for a, b in s.datelines], s.text[slice(*s.headline)]
(['MOSUL, Iraq (Reuters) -'], 'Bomb kills 3 in Tal Afar')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = r"(?:-{1,2}|–|—)"
#: English wire dateline at a paragraph start: capitals, optional ", Iraq" / ", Kurdistan Region" / ", March 3",
#: optional "(Reuters)", then a dash. The place part is written in capitals ("BAGHDAD", "IRBIL").
_EN_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[A-Z][A-Z'’.\- ]{{2,30}}?)"
    rf"(?:,[ \t]*(?:[A-Z][A-Za-z.]+(?:[ \t]+[A-Z][a-z]+)?|[A-Z][a-z]{{2,8}}\.?[ \t]+\d{{1,2}}))*"
    rf"[ \t]*(?:\([^()\n]{{1,40}}\))?[ \t]*{_DASH}(?=[ \t])",
    re.M,
)
#: Arabic (and mixed) dateline at a paragraph start: a short place / agency part before a dash or
#: "(العراق):", at most six words, e.g. "بغداد - وكالات", "الموصل (العراق) - أ .ف. ب", "كربلاء (العراق):".
_AR_DATELINE = re.compile(
    rf"^[ \t\\]*(?P<head>[^\n.،,:؛\-–—]{{2,40}}?)[ \t]*(?:\([^()\n]{{1,20}}\))?[ \t]*(?:{_DASH}|(?<=\))[ \t]*:)",
    re.M,
)
#: A whole short line that is an outlet and a place ("شفق نيوز– دهوك", "Shafaq News – Baghdad").
_SOURCE_LINE = re.compile(rf"^[ \t]*(?P<head>[^\n]{{2,30}}?)[ \t]*{_DASH}[ \t]*(?P<tail>[^\n\-–—]{{2,30}})[ \t]*$",
                          re.M)
_HEADLINE_END = re.compile(r"[.!?؟:]\s*$")


@dataclass(frozen=True, slots=True)
class ArticleStructure:
    """Where the parts of an article are, as (start, end) offsets into ``text``."""

    text: str
    headline: tuple[int, int] | None
    datelines: tuple[tuple[int, int], ...]
    lead: tuple[int, int] | None

    def in_dateline(self, start: int, end: int) -> bool:
        """True if [start, end) lies inside a dateline."""
        return any(s <= start and end <= e for s, e in self.datelines)

    repeats: tuple[tuple[int, int], ...] = ()

    def in_headline(self, start: int) -> bool:
        """True inside the headline or a line that repeats it ("Urgent ... 20 killed in Baquba" twice)."""
        spans = ((self.headline,) if self.headline else ()) + self.repeats
        return any(s <= start < e for s, e in spans)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _headline(text: str, title: str, lines: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The headline: the line equal to the title, else a short first line without a full stop."""
    if title:
        at = text.find(title.strip())
        if 0 <= at < 3000:
            return at, at + len(title.strip())
    for start, end in lines[:4]:
        line = text[start:end]
        words = line.split()
        if 3 <= len(words) <= 18 and not _HEADLINE_END.search(line) and not line.lstrip().startswith(("-", "•")):
            return start, end
        if len(words) > 18:
            break
    return None


def _word_count(s: str) -> int:
    return len(s.split())


def find_datelines(text: str, limit: int = 3) -> tuple[tuple[int, int], ...]:
    """Datelines at paragraph starts in the first part of ``text`` (wire datelines may open a later paragraph)."""
    found: list[tuple[int, int]] = []
    head = text[:1500]
    for m in _EN_DATELINE.finditer(head):
        place = m.group("place").strip()
        if len(place.replace(" ", "")) >= 3 and place.isupper():
            found.append((m.start("place"), m.end()))
    for m in _AR_DATELINE.finditer(head):
        part = m.group("head").strip()
        if re.search(r"[\u0621-\u064A]", part) and _word_count(part) <= 3:
            found.append((m.start("head"), m.end()))
    for m in _SOURCE_LINE.finditer(head):
        if _word_count(m.group("head")) <= 4 and _word_count(m.group("tail")) <= 4:
            found.append((m.start("head"), m.end("tail")))
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return tuple(merged[:limit])


def article_structure(text: str, title: str = "", language: str = "en") -> ArticleStructure:
    """Headline, datelines and lead paragraph of ``text`` (``title`` from HTML or a sidecar, when known)."""
    lines = _lines(text)
    headline = _headline(text, title, lines)
    datelines = find_datelines(text)
    lead = None
    after = max([headline[1]] if headline else [0])
    for start, end in lines:
        if start < after or (headline and text[start:end] == text[headline[0] : headline[1]]):
            continue
        if _word_count(text[start:end]) >= 8:
            lead = (start, end)
            break
    repeats = ()
    if headline is not None:
        key = _alnum(text[headline[0] : headline[1]])
        repeats = tuple((s, e) for s, e in lines if s < 3000 and (s, e) != headline and _alnum(text[s:e]) == key)
    return ArticleStructure(text, headline, datelines, lead, repeats)


def _alnum(line: str) -> str:
    return "".join(ch for ch in line.lower() if ch.isalnum())
