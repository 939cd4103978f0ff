"""Ingest is atomic per article: SIGKILL a real ``incident-map ingest`` at random moments, many times.

After every kill the store must pass ``PRAGMA integrity_check`` and every article in it must have exactly
the events the pipeline gives it (none missing, none half-written, no event without its article). Each run
starts on a new store; half the kills fall at a random moment of start-up (imports, schema creation, first
articles), half once a random number of articles (in the first half of the folder, so the kill lands before the
end however fast this machine ingests) is committed plus a random few milliseconds (inside write transactions or
between them). A final uninterrupted run then resumes the
last killed store and must complete it.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus import expected_events, incomplete_articles, integrity_problems, write_corpus

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 150
KILLS = 20
BUDGET_S = 150  # the whole test, kills included, must stay within this


def _ingest(db: Path, folder: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", str(db), str(folder)]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the schema was created
        return 0
    finally:
        conn.close()


def _wait_until_stored(db: Path, count: int, process: subprocess.Popen) -> None:
    """Return once ``count`` articles are committed (read as the page reads: WAL, no lock) or the run ended."""
    while process.poll() is None and _stored(db) < count:
        time.sleep(0.005)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_sigkill_at_random_moments_never_corrupts_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    expected = expected_events(write_corpus(folder, ARTICLES))
    rng = random.Random(20261130)
    started = time.monotonic()
    mid_write_kills, progress = 0, []
    for kill in range(KILLS):
        db = tmp_path / f"store{kill}.db"
        process = _ingest(db, folder)
        if kill % 2:  # a random moment of start-up: imports, opening, creating the schema, first articles
            time.sleep(rng.uniform(0.05, 2.5))
        else:  # a random moment while articles are being written: once a random count is stored, plus jitter
            _wait_until_stored(db, rng.randint(1, ARTICLES // 2), process)
            time.sleep(rng.uniform(0, 0.01))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert integrity_problems(db) == [], f"kill {kill}: integrity_check failed"
        assert incomplete_articles(db, expected) == [], f"kill {kill}: an article is half-stored"
        stored = _stored(db)
        mid_write_kills += process.returncode == -signal.SIGKILL and 0 < stored < ARTICLES
        progress.append(stored)
        assert time.monotonic() - started < BUDGET_S, "the kill test is over its time budget"
    final = _ingest(db, folder)
    assert final.wait(timeout=120) == 0
    assert integrity_problems(db) == []
    assert incomplete_articles(db, expected) == []
    assert _stored(db) == ARTICLES
    # The test can only fail if kills land while articles are being written: make sure most of them did.
    assert mid_write_kills >= KILLS // 2, f"only {mid_write_kills} kills landed mid-ingest: {progress}"
    print(f"\n{KILLS} SIGKILLs in {time.monotonic() - started:.0f} s, {mid_write_kills} mid-ingest; stored: {progress}")
