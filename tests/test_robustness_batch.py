"""A folder of 5,000 articles (some of them bad) through a real ``incident-map ingest`` process.

Every good article is stored with exactly its events, every bad one gets one warning line naming it, the last
line is the summary, the exit status is 1 (some files failed) and nothing of a bad file is stored.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus import expected_events, incomplete_articles, integrity_problems, write_corpus

ROOT = Path(__file__).resolve().parent.parent
GOOD = 4_950
BAD = ("empty", "binary", "sidecar", "huge")
LIMIT_S = 120  # measured ~35 s on 2 cores; a regression to quadratic behaviour would blow this


def write_bad(folder: Path, i: int) -> str:
    """Bad article ``i`` (a cycle of kinds; three 6 MB files, the limit is 5 MiB); returns its file name."""
    kind = BAD[i % len(BAD)] if i < 40 or i % len(BAD) != 3 else "empty"
    path = folder / "sub" / kind / f"bad{i:03d}_{kind}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"empty": b"", "binary": b"\x89PNG\r\n\x1a\n\x00\x00", "huge": b"a" * (6 * 2**20)}
    path.write_bytes(data.get(kind, b"A car bomb exploded in Mosul today."))
    if kind == "sidecar":
        path.with_suffix(".meta.json").write_text('{"published": ', encoding="utf-8")
    return path.name


def one_event_each(db: Path) -> list[str]:
    """Stored articles that do not have exactly one linked event (the corpus gives one each)."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT a.url, a.n_events, COUNT(s.event_id) FROM articles a "
        "LEFT JOIN event_sources s ON s.article_id = a.article_id GROUP BY a.article_id"
    ).fetchall()
    conn.close()
    return [url for url, n, linked in rows if not n == linked == 1]


@pytest.mark.slow
def test_folder_of_5000_articles(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    paths = write_corpus(folder, GOOD)
    bad_names = [write_bad(folder, i) for i in range(5_000 - GOOD)]
    db = tmp_path / "store.db"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", str(db), str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    elapsed = time.perf_counter() - start
    assert done.returncode == 1 and "Traceback" not in done.stderr
    warnings = done.stderr.strip().splitlines()
    assert len(warnings) == len(bad_names)
    assert sorted(Path(w.split(":", 1)[0]).name for w in warnings) == sorted(bad_names)
    summary = done.stdout.strip().splitlines()[-1]
    assert summary.startswith("5,000 articles:") and f"{len(bad_names)} failed" in summary
    assert integrity_problems(db) == []
    assert one_event_each(db) == []
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == GOOD
    sample = random.Random(5000).sample(paths, 150)  # exactly the pipeline's events (all would take 30 s more)
    expected = expected_events(sample)
    assert [p for p in incomplete_articles(db, expected) if p.split(":")[0] in expected] == []
    print(f"\n5,000 articles ingested in {elapsed:.1f} s")
    assert elapsed < LIMIT_S
