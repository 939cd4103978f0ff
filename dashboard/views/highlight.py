"""The words behind an event's fields, highlighted (map-view layer): article text -> escaped HTML with marks.

:func:`highlight_html` shows an article with each field's spans (``Event.spans``, see
:mod:`dashboard.events.provenance`) wrapped in ``<mark class="span-FIELD" title="FIELD">``, coloured from
:data:`SPAN_COLOURS` (the one palette of the spans, also the legend's, :func:`legend_html`); Arabic right to
left. :func:`highlight_evidence` and :func:`evidence_line_html` give the evidence sentence alone with its
inner spans (the map popup's evidence line).

Every character of the text is ``html.escape``d; marks never cross: where spans overlap, the text is cut at
every span boundary and each piece is wrapped in the marks of the fields covering it, outermost field
(:data:`dashboard.models.SPAN_FIELDS` order) first, so the HTML is always well formed.

>>> marked_html("Blast in <Kirkuk>", {"place": [(9, 17)]})  # doctest: +ELLIPSIS
'Blast in <mark class="span-place" title="place" style="background:#74c0fc;...">&lt;Kirkuk&gt;</mark>'
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.events.provenance import spans_from_json
from dashboard.models import EVIDENCE_JOINER, SPAN_FIELDS
from dashboard.views import i18n

#: One colour per field, light enough under black text; the evidence sentence palest (it holds the others).
SPAN_COLOURS: dict[str, str] = {
    "evidence": "#fff3bf",
    "place_context": "#d0e7ff",
    "place": "#74c0fc",
    "date": "#b2f2bb",
    "type": "#ffa8a8",
    "casualties": "#d0bfff",
    "actor": "#ffc078",
}
_ORDER = {name: i for i, name in enumerate(SPAN_FIELDS)}
_MARK_STYLE = "border-radius:3px;padding:0 1px"


def _open(name: str, compact: bool) -> str:
    if compact:  # the map popup: thousands of them go to the browser at once
        return f'<mark style="background:{SPAN_COLOURS[name]}" title="{name}">'
    return f'<mark class="span-{name}" title="{name}" style="background:{SPAN_COLOURS[name]};{_MARK_STYLE}">'


def _segments(length: int, spans: Mapping[str, Sequence[tuple[int, int]]]) -> list[tuple[int, int, list[str]]]:
    """The text cut at every span boundary: (start, end, fields covering it, outermost first)."""
    clipped = [(name, max(0, s), min(length, e)) for name, pairs in spans.items() if name in _ORDER
               for s, e in pairs]
    clipped = [c for c in clipped if c[1] < c[2]]
    cuts = sorted({0, length, *(c[1] for c in clipped), *(c[2] for c in clipped)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        covering = sorted({name for name, s, e in clipped if s <= start and end <= e}, key=_ORDER.__getitem__)
        pieces.append((start, end, covering))
    return pieces


def marked_html(text: str, spans: Mapping[str, Sequence[tuple[int, int]]], *, compact: bool = False) -> str:
    """``text`` escaped, with every span of ``spans`` (offsets into ``text``) inside its field's marks."""
    out: list[str] = []
    stack: list[str] = []
    for start, end, covering in _segments(len(text), spans):
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] == covering[keep]:
            keep += 1
        out.extend("</mark>" for _ in stack[keep:])
        out.extend(_open(name, compact) for name in covering[keep:])
        stack = covering
        out.append(html.escape(text[start:end]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _direction(language: str) -> str:
    return 'dir="rtl" lang="ar" style="white-space:pre-wrap;text-align:right;line-height:1.9"' if language == "ar" \
        else f'dir="ltr" lang="{html.escape(language or "en")}" style="white-space:pre-wrap;line-height:1.7"'


def highlight_html(text: str, spans: Mapping[str, Sequence[Sequence[int]]] | str | None, *, language: str) -> str:
    """The article ``text`` as HTML (escaped, paragraphs kept), each field's spans highlighted in its colour,
    right to left for Arabic. Spans outside the text, empty or of unknown fields are ignored."""
    return f'<div class="im-highlight" {_direction(language)}>{marked_html(text, spans_from_json(spans))}</div>'


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(piece.strip())


def evidence_text(text: str, spans: Mapping[str, Sequence[Sequence[int]]] | str | None) -> str:
    """The evidence sentence(s) of ``spans`` cut from ``text``, joined as ``Event.evidence`` is."""
    pieces = [_stripped(text, s, e) for s, e in spans_from_json(spans).get("evidence", [])]
    return EVIDENCE_JOINER.join(text[s:e] for s, e in pieces if s < e)


def evidence_line_html(evidence: str, spans: Mapping[str, Sequence[Sequence[int]]] | str | None, *,
                       limit: int | None = None, compact: bool = True) -> str:
    """The event's ``evidence`` string (escaped, cut at ``limit`` characters), with the spans of the other fields
    that fall inside it highlighted; the spans index the article, and the evidence spans say where each of its
    sentences starts there. When they do not describe ``evidence`` (an older or edited row), it is plain."""
    parsed = spans_from_json(spans)
    shown = evidence if limit is None else evidence[:limit]
    pieces = parsed.get("evidence", [])
    if not pieces or sum(e - s for s, e in pieces) + len(EVIDENCE_JOINER) * (len(pieces) - 1) != len(evidence):
        return html.escape(shown)
    local: dict[str, list[tuple[int, int]]] = {}
    offset = 0
    for s, e in pieces:  # article offsets -> offsets in the evidence string, piece by piece
        for name, pairs in parsed.items():
            if name == "evidence":
                continue
            for a, b in pairs:
                a2, b2 = max(a, s), min(b, e)
                if a2 < b2:
                    local.setdefault(name, []).append((a2 - s + offset, b2 - s + offset))
        offset += e - s + len(EVIDENCE_JOINER)
    return marked_html(shown, local, compact=compact)


def highlight_evidence(provenance: Mapping[str, Any]) -> str:
    """The evidence line of an event's provenance (:func:`dashboard.events.store.event_provenance`): its
    evidence sentence(s), escaped, with the words behind each field highlighted; "" when it has none."""
    text, spans = provenance.get("text") or "", spans_from_json(provenance.get("spans"))
    if not text or not spans.get("evidence"):
        return ""
    evidence = [_stripped(text, s, e) for s, e in spans["evidence"]]
    spans = {**spans, "evidence": [p for p in evidence if p[0] < p[1]]}
    return evidence_line_html(evidence_text(text, spans), spans, compact=False)


def legend_html(language: str = "en", fields: Sequence[str] = SPAN_FIELDS) -> str:
    """A key to the colours: each field's name in ``language``, on its colour."""
    items = " ".join(f'{_open(name, False)}{html.escape(i18n.t(language, "span." + name))}</mark>'
                     for name in fields if name in SPAN_COLOURS)
    label = html.escape(i18n.t(language, "span.legend"))
    return f'<div class="im-span-legend" dir="{i18n.direction(language)}">{label}: {items}</div>'
