"""Generated article folders for the robustness tests: many small articles, one known event each.

Article ``i`` names one town, says "today", and has a sidecar with its own publication day, so every
article gives exactly one event on its own day and no two articles report the same incident (nothing
merges): the store's content for an article can be compared with the pipeline's output for it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from dashboard.pipeline.articles import read_article
from dashboard.pipeline.extraction import extract_article

TOWNS = (
    "Tikrit", "Mosul", "Kirkuk", "Basra", "Fallujah", "Ramadi", "Samarra", "Baqubah", "Hillah", "Najaf",
    "Karbala", "Erbil", "Sulaymaniyah", "Duhok", "Nasiriyah", "Amarah", "Kut", "Diwaniyah", "Haditha", "Sinjar",
    "Baiji", "Qaim", "Rutba", "Zakho", "Khanaqin", "Muqdadiyah", "Balad", "Dujail", "Taji", "Mahmudiyah",
)
TEMPLATES = (
    "Bulletin {i}\nA roadside bomb exploded in {town} today, killing {k} people.",
    "Bulletin {i}\nGunmen attacked a checkpoint in {town} today; {k} soldiers were killed.",
    "Bulletin {i}\nA rocket hit a house in {town} today, injuring {k} civilians.",
)
START = date(2000, 1, 1)


def write_corpus(folder: Path, n: int, *, first: int = 0) -> list[Path]:
    """Write articles ``first .. first+n-1`` (text + ``.meta.json``) into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(first, first + n):
        path = folder / f"a{i:05d}.txt"
        text = TEMPLATES[i % len(TEMPLATES)].format(i=i, town=TOWNS[i % len(TOWNS)], k=2 + i % 7)
        path.write_text(text, encoding="utf-8")
        meta = {"published": (START + timedelta(days=i)).isoformat(), "publisher": f"Wire {i % 5}"}
        path.with_suffix(".meta.json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(path)
    return paths


def expected_events(paths: list[Path]) -> dict[str, set[str]]:
    """What the pipeline gives each article: article_id -> its event ids."""
    expected = {}
    for path in paths:
        article = read_article(path)
        expected[article.article_id] = {e.event_id for e in extract_article(article)}
    return expected


def integrity_problems(db: Path) -> list[str]:
    """``PRAGMA integrity_check`` and foreign-key problems of the store at ``db`` (empty when sound)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else problems
        problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
    finally:
        conn.close()
    return problems


def incomplete_articles(db: Path, expected: dict[str, set[str]]) -> list[str]:
    """Articles in the store whose events are not exactly the pipeline's, and events without an article."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            return []  # killed before the schema was created: an empty store
        stored = {r[0]: r[1] for r in conn.execute("SELECT article_id, n_events FROM articles")}
        linked: dict[str, set[str]] = {}
        for event_id, article_id in conn.execute(
            "SELECT s.event_id, s.article_id FROM event_sources s JOIN events e USING (event_id)"
        ):
            linked.setdefault(article_id, set()).add(event_id)
        orphans = conn.execute(
            "SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM event_sources s JOIN articles a USING (article_id) WHERE s.event_id = e.event_id)"
        ).fetchone()[0]
    finally:
        conn.close()
    bad = [f"{a}: stored {sorted(linked.get(a, set()))}, expected {sorted(expected.get(a, set()))}"
           for a, n in stored.items() if linked.get(a, set()) != expected.get(a) or n != len(expected.get(a, ()))]
    bad += [f"{a}: events linked to an article that is not stored" for a in set(linked) - set(stored)]
    if orphans:
        bad.append(f"{orphans} events belong to no stored article")
    return bad
