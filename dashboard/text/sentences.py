"""Sentence and clause splitting for Arabic and English (text layer), with offsets into the original text.

>>> [s.text for s in split_sentences("Rockets hit the base. No one was hurt.\\nوقال مصدر؟ نعم.")]
['Rockets hit the base.', 'No one was hurt.', 'وقال مصدر؟', 'نعم.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no", "vs", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "u.s", "u.n", "u.k", "e.g", "i.e",
}
_BOUNDARY = re.compile(r"(?<=[.!?؟])[\"'”’»)]*\s+|\n+")
_CLAUSE_BREAK = re.compile(
    r"[;؛]\s*|،\s*(?=و|ف|فيما|بينما|كما )"
    r"|,\s*(?=while |whereas |and then |after which )|\s(?=فيما |بينما )"
)


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text and where it sits: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def _ends_with_abbreviation(chunk: str) -> bool:
    words = chunk.rstrip(".").rsplit(None, 1)
    if not words:
        return False
    last = words[-1].lower().lstrip("(\"'“")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or bool(re.fullmatch(r"(\w\.)+\w", last))


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def split_sentences(text: str) -> list[Span]:
    """Sentences of ``text``: split at . ! ? ؟ before whitespace and at line breaks, not after abbreviations."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if "\n" not in match.group() and _ends_with_abbreviation(text[start : match.start()]):
            continue
        span = _trimmed(text, start, match.start() + len(match.group().rstrip()))
        if span:
            spans.append(span)
        start = match.end()
    tail = _trimmed(text, start, len(text))
    if tail:
        spans.append(tail)
    return spans


def split_clauses(sentence: Span) -> list[Span]:
    """Clauses of one sentence: split at semicolons and at clause-joining connectives (، و / فيما / while)."""
    spans: list[Span] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        span = _trimmed(sentence.text, start, match.start())
        if span:
            spans.append(Span(sentence.start + span.start, sentence.start + span.end, span.text))
        start = match.end()
    tail = _trimmed(sentence.text, start, len(sentence.text))
    if tail:
        spans.append(Span(sentence.start + tail.start, sentence.start + tail.end, tail.text))
    return spans
