"""Archives and store snapshots for the batch-ingest tests (and the benchmark's checks).

:func:`write_archive` writes a JSON Lines archive (gzip) in which incidents are reported twice (two wires, so
the store must merge them), one article appears twice verbatim, one URL comes in two versions, and a few lines
are broken. :func:`snapshot` is a store's content without the clock (``created_at``, ``ingested_at``...), in
insertion order, so two stores filled by different runs compare equal exactly when they hold the same thing.
"""

from __future__ import annotations

import gzip
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from corpus import TEMPLATES, TOWNS

from dashboard.models import EVENT_COLUMNS, Article
from dashboard.pipeline.archives import iter_items

START = date(2019, 1, 1)
BROKEN = (
    "{not json",
    json.dumps(["a list, not an object"]),
    json.dumps({"title": "no text"}),
    json.dumps({"text": "A bomb exploded in Mosul today.", "published": "soon"}),
    json.dumps({"text": "Une bombe a explosé à Mossoul.", "language": "fr"}),
)


def records(incidents: int, *, extras: bool = True) -> list[dict[str, Any]]:
    """Two reports (wires A and B) of each incident, plus a verbatim repeat and a second version of one URL."""
    out = []
    for j in range(incidents):
        body = TEMPLATES[j % len(TEMPLATES)].format(i=j, town=TOWNS[j % len(TOWNS)], k=2 + j % 7).split("\n", 1)[1]
        day = (START + timedelta(days=j // 2)).isoformat()
        for wire in ("A", "B"):
            out.append({"text": f"Wire {wire}, report {j}\n{body}", "published": day, "publisher": f"Wire {wire}",
                        "url": f"https://wire-{wire.lower()}.example/{j}", "title": f"Report {j}"})
    if extras and incidents > 3:
        out.insert(len(out) // 2, dict(out[1]))  # the same article again: stored once
        second = dict(out[2], text=out[2]["text"] + " Police cordoned off the area.")
        out.append(second)  # a new version of a known URL: replaces the old one's automatic events
    return out


def write_archive(path: Path, incidents: int, *, broken: bool = True) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records(incidents)]
    if broken:
        for k, line in enumerate(BROKEN):
            lines.insert(1 + k * max(1, len(lines) // len(BROKEN)), line)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return path


def articles_of(path: Path) -> list[Article]:
    """The readable articles of an archive, in order (what a serial ingest of it stores)."""
    return [item.article for item in iter_items([path]) if item.article is not None]


_EVENT_FIELDS = (*EVENT_COLUMNS, "match_sub_event_type", "match_gazetteer_id", "match_earliest", "match_latest",
                 "row_version")


def snapshot(conn: Any) -> dict[str, list[tuple]]:
    """Events, sources and articles, in insertion order, without timestamps."""
    def rows(sql: str) -> list[tuple]:
        return [tuple(r) for r in conn.execute(sql).fetchall()]

    return {
        "events": rows(f"SELECT {', '.join(_EVENT_FIELDS)} FROM events ORDER BY rowid"),
        "sources": rows("SELECT event_id, article_id, article_url, source, evidence FROM event_sources ORDER BY rowid"),
        "articles": rows("SELECT article_id, url, title, publisher, language, published, n_events FROM articles "
                         "ORDER BY rowid"),
    }
