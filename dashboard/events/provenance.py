"""Where each event's fields came from (store layer): spans and ranked candidates in and out of the store.

An event's *spans* (``Event.spans``) map a field name (:data:`dashboard.models.SPAN_FIELDS`) to the
``[start, end)`` character offsets of the words that gave it, in the text of the article it was read from,
exactly as the extractor read it (``Article.text``, stored as ``articles.text``). Its *candidates* are the
places the ranker considered for its place, best first. Both are JSON in the store (``events.spans``,
``events.candidates``, ``event_sources.spans``); events added by hand, imported, or stored before schema 5
have none, and :func:`event_provenance` gives them empty values.

>>> spans_from_json(spans_to_json({"place": [(3, 9)], "date": []}))
{'place': [(3, 9)]}
>>> spans_from_json("not json")
{}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.events.backends import StoreConnection
from dashboard.models import CANDIDATE_KEYS, MAX_CANDIDATES, SPAN_FIELDS


def clean_spans(spans: Mapping[str, Sequence[Sequence[int]]] | None) -> dict[str, list[tuple[int, int]]]:
    """Known fields only, each a sorted list of distinct ``(start, end)`` with ``0 <= start < end``; no empty ones."""
    cleaned: dict[str, list[tuple[int, int]]] = {}
    for name in SPAN_FIELDS:
        pairs = set()
        for pair in (spans or {}).get(name) or ():
            try:
                start, end = int(pair[0]), int(pair[1])
            except (TypeError, ValueError, IndexError):
                continue
            if 0 <= start < end:
                pairs.add((start, end))
        if pairs:
            cleaned[name] = sorted(pairs)
    return cleaned


def spans_to_json(spans: Mapping[str, Sequence[Sequence[int]]] | None) -> str | None:
    """The spans as stored (compact JSON, field order of SPAN_FIELDS); None when there are none."""
    cleaned = clean_spans(spans)
    if not cleaned:
        return None
    return json.dumps({k: [list(p) for p in v] for k, v in cleaned.items()}, separators=(",", ":"))


def spans_from_json(value: Any) -> dict[str, list[tuple[int, int]]]:
    """Stored spans back as a dict (empty for NULL, an older row, or anything that is not spans JSON)."""
    if isinstance(value, Mapping):
        return clean_spans(value)
    if not isinstance(value, str) or not value:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        return {}
    return clean_spans(parsed) if isinstance(parsed, dict) else {}


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def clean_candidates(candidates: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """At most MAX_CANDIDATES candidates, each with exactly :data:`dashboard.models.CANDIDATE_KEYS`."""
    cleaned = []
    for candidate in list(candidates or ())[:MAX_CANDIDATES]:
        if not isinstance(candidate, Mapping) or not candidate.get("gazetteer_id"):
            continue
        row = {k: str(candidate.get(k) or "") for k in CANDIDATE_KEYS}
        for key in ("latitude", "longitude", "score"):
            row[key] = _number(candidate.get(key))
        cleaned.append(row)
    return cleaned


def candidates_to_json(candidates: Sequence[Mapping[str, Any]] | None) -> str | None:
    cleaned = clean_candidates(candidates)
    return json.dumps(cleaned, ensure_ascii=False, separators=(",", ":")) if cleaned else None


def candidates_from_json(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return clean_candidates(value)
    if not isinstance(value, str) or not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return []
    return clean_candidates(parsed) if isinstance(parsed, list) else []


def provenance_columns(event: Any) -> dict[str, str | None]:
    """The ``spans`` and ``candidates`` columns of an Event or an event record (a mapping) being stored."""
    if isinstance(event, Mapping):
        return {"spans": spans_to_json(event.get("spans")), "candidates": candidates_to_json(event.get("candidates"))}
    return {"spans": spans_to_json(event.spans), "candidates": candidates_to_json(event.candidates)}


def event_provenance(conn: StoreConnection, event_id: str) -> dict[str, Any]:
    """Where ``event_id``'s fields came from: ``text`` (its first article's text, as the spans index it),
    ``language``, ``spans`` (field -> [(start, end)]) and ``candidates`` (ranked places, best first).

    Empty values (``""``, ``{}``, ``[]``) for an event without provenance (added by hand, imported, stored before
    schema 5) or without its article's text, and for an id the store does not hold. Spans that do not fit the
    text are dropped, so a caller can slice the text with every span it gets.
    """
    row = conn.execute(
        "SELECT e.language, e.spans, e.candidates, a.text FROM events e "
        "LEFT JOIN articles a ON a.article_id = e.article_id WHERE e.event_id = ?", (event_id,)
    ).fetchone()
    if row is None:
        return {"text": "", "language": "", "spans": {}, "candidates": []}
    language, spans, candidates, text = tuple(row)
    text = text or ""
    fitting = {k: [p for p in v if p[1] <= len(text)] for k, v in spans_from_json(spans).items()}
    return {"text": text, "language": language or "", "spans": {k: v for k, v in fitting.items() if v},
            "candidates": candidates_from_json(candidates)}
