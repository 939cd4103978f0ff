"""Batch ingest on a real Dask cluster (``distributed.LocalCluster``, 2 worker processes), on both store backends.

The cluster's store must be identical to the serial ingest's on the same input (merges, repeats, new versions
of a URL included); a worker killed mid-job loses and doubles nothing; a job killed halfway and started again
stores every article exactly once; bad lines and failing articles are reported one by one.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_support import BROKEN, articles_of, snapshot, write_archive

from dashboard.errors import StoreError
from dashboard.events.store import open_store
from dashboard.pipeline.batch import parse_scheduler, run_batch
from dashboard.pipeline.ingest import ingest_articles

distributed = pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:0")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return write_archive(tmp_path_factory.mktemp("batch") / "wire.jsonl.gz", 60)


def serial_snapshot(target: str, archive: Path, *, runs: int = 1) -> dict:
    """What today's serial ingest (one transaction per article) stores from ``archive`` (run ``runs`` times)."""
    conn = open_store(target)
    report = ingest_articles(conn, articles_of(archive))
    urls = [r.url for r in report.results if not r.unchanged]
    assert report.merged and any(r.unchanged for r in report.results) and len(urls) > len(set(urls))
    for _ in range(runs - 1):
        ingest_articles(conn, articles_of(archive))
    state = snapshot(conn)
    conn.close()
    return state



@pytest.fixture
def fresh(store_target, tmp_path, request):
    """Makes more empty stores on the same backend as ``store_target`` (for the serial references)."""
    names = iter(range(1, 100))
    if store_target.startswith("postgresql"):
        return request.getfixturevalue("pg_server").fresh_database
    return lambda: str(tmp_path / f"serial{next(names)}.db")


def test_cluster_result_equals_serial_ingest(client, archive, store_target, fresh):
    conn = open_store(store_target)
    report = run_batch(conn, [archive], client=client, batch_size=8)
    assert report.workers == 2
    assert len(report.failures) == len(BROKEN)  # every broken line reported, with its line number
    assert all(where.startswith(f"{archive}:") for where, _ in report.failures)
    assert snapshot(conn) == serial_snapshot(fresh(), archive)
    # Again: nothing new, nothing doubled; only the URL with two versions is re-stored, as serially
    again = run_batch(conn, [archive], client=client, batch_size=8)
    assert again.skipped == len(articles_of(archive)) - 2 and not again.added
    assert snapshot(conn) == serial_snapshot(fresh(), archive, runs=2)


async def _kill_self() -> None:  # a coroutine: Client.run(wait=False) needs one
    os.kill(os.getpid(), signal.SIGKILL)


def test_worker_killed_mid_job_loses_and_doubles_nothing(client, archive, tmp_path):
    before = set(client.scheduler_info()["workers"])
    killed: list[str] = []

    def progress(done: int, total: int, events: int, failed: int) -> None:
        busy = [w for w, keys in client.processing().items() if keys]
        if not killed and busy:
            killed.append(busy[0])
            client.run(_kill_self, workers=busy[:1], wait=False)

    conn = open_store(tmp_path / "cluster.db")
    report = run_batch(conn, [archive], client=client, batch_size=4, progress=progress)
    assert killed, "no worker was busy when the first batch was stored"
    assert len(report.failures) == len(BROKEN)
    assert snapshot(conn) == serial_snapshot(str(tmp_path / "serial.db"), archive)
    client.wait_for_workers(2, timeout=60)
    assert set(client.scheduler_info()["workers"]) != before  # the nanny really restarted a killed worker


def _count(target: str) -> int:
    conn = open_store(target)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.slow
def test_killed_job_resumes_and_stores_every_article_once(tmp_path, store_target, fresh):
    archive = write_archive(tmp_path / "big.jsonl.gz", 400, broken=False)
    total = len({a.article_id for a in articles_of(archive)})
    cmd = [sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--scheduler", "local:2", "--batch-size", "8",
           "--db", store_target, str(archive)]
    job = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 240
    while job.poll() is None and _count(store_target) < 24 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.poll() is None, f"the job ended before it could be killed: {job.stderr.read().decode()[-2000:]}"
    os.killpg(job.pid, signal.SIGKILL)  # the client and its local cluster, mid-job
    job.wait(timeout=60)
    stored = _count(store_target)
    assert 0 < stored < total, f"killed with {stored} of {total} stored"
    resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    skipped = int(re.search(r"(\d+) already stored", resumed.stdout).group(1))
    assert skipped >= stored  # the stored prefix (and repeats of it) skipped, never extracted again
    conn = open_store(store_target)
    assert snapshot(conn) == serial_snapshot(fresh(), archive)


def failing_extract(article):
    """The real pipeline, except that one article makes it raise (as a bug on odd input would)."""
    from dashboard.pipeline.extraction import extract_article

    if "report 7\n" in article.text:
        raise ValueError("unexpected input")
    return extract_article(article)


def test_bad_articles_are_reported_and_do_not_stop_the_job(client, archive, tmp_path):
    conn = open_store(tmp_path / "s.db")
    report = run_batch(conn, [archive], client=client, batch_size=8, extract=failing_extract)
    failed = dict(report.failures)
    assert len(failed) == len(BROKEN) + 2  # the broken lines, and both wires' report 7
    assert sum("extraction failed (ValueError: unexpected input)" in why for why in failed.values()) == 2
    stored = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    # every distinct article but the two failed ones, less the first version of the URL that has two
    assert stored == len({a.article_id for a in articles_of(archive)}) - 2 - 1
    again = run_batch(conn, [archive], client=client, batch_size=8)  # fixed: the re-run stores those two
    assert {"https://wire-a.example/7", "https://wire-b.example/7"} <= {r.url for r in again.results if not r.unchanged}
    assert int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]) == stored + 2


def test_archive_without_scheduler_and_cli_report(tmp_path, archive):
    db = tmp_path / "s.db"
    run = subprocess.run([sys.executable, "-m", "dashboard.cli", "ingest", "--quiet", "--db", str(db), str(archive)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1  # some lines could not be read
    assert len([line for line in run.stderr.splitlines() if ": skipped: " in line]) == len(BROKEN)
    assert f"{archive}:2: skipped: not JSON" in run.stderr and "Traceback" not in run.stderr
    assert "articles/s" in run.stdout.splitlines()[-1]
    assert snapshot(open_store(db)) == serial_snapshot(str(tmp_path / "serial.db"), archive)


@pytest.mark.parametrize("bad", ["local:0", "local:x", "http://host:8786", "8786"])
def test_bad_scheduler_is_one_clear_error(bad):
    with pytest.raises(StoreError, match="--scheduler"):
        parse_scheduler(bad)
