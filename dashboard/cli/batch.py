"""``incident-map ingest --scheduler local:N|tcp://HOST:8786 SOURCE…`` (face layer: the command line).

Batch extraction on a Dask cluster, through :mod:`dashboard.pipeline.batch`.

The options are added to ``ingest`` (:func:`add_options`); :func:`wanted` says when a run goes through the
batch runner: a scheduler is given, or a source is an article archive (JSON Lines), which the serial path
cannot read.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.events.store import open_store
from dashboard.pipeline.archives import is_archive
from dashboard.pipeline.batch import DEFAULT_BATCH_SIZE, BatchReport, run_batch
from dashboard.settings import resolve


def add_options(parser: argparse.ArgumentParser) -> None:
    """``--scheduler`` and ``--batch-size`` of ``incident-map ingest``."""
    parser.add_argument(
        "--scheduler", metavar="local:N|tcp://HOST:8786",
        help="extract on a Dask cluster: local:N starts N worker processes here, tcp://HOST:8786 uses a running "
             "scheduler (its workers need incident-map installed); events are stored here, in input order",
    )
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="N",
                        help=f"articles per Dask task and per store transaction (default {DEFAULT_BATCH_SIZE})")


def wanted(args: argparse.Namespace) -> bool:
    """Whether this ingest goes through the batch runner."""
    return bool(args.scheduler) or any(Path(p).is_file() and is_archive(Path(p)) for p in args.paths) or any(
        Path(p).is_dir() and any(is_archive(q) for q in Path(p).rglob("*.*")) for p in args.paths
    )


def _progress(quiet: bool):
    if quiet:
        return None
    from tqdm import tqdm

    bar = tqdm(unit="article", file=sys.stderr, smoothing=0.1)

    def update(done: int, total: int, events: int, failed: int) -> None:
        bar.total = total
        bar.set_postfix(events=events, failed=failed, refresh=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def print_batch_report(report: BatchReport, seconds: float) -> None:
    """The failures, one line each on stderr, then one summary line with the rate."""
    for where, why in report.failures:
        print(f"{where}: skipped: {why.removeprefix(where + ': ')}", file=sys.stderr)
    stored = sum(not r.unchanged for r in report.results)
    rate = stored / seconds if seconds > 0 else 0.0
    on = f" on {report.workers} Dask workers" if report.workers else ""
    print(f"{report.summary()} ({seconds:.1f} s, {rate:.1f} articles/s{on})")


def run(args: argparse.Namespace) -> int:
    """Batch ingest; exit 0, or 1 when some article could not be read or extracted."""
    conn = open_store(resolve("db", args.db))
    started = time.perf_counter()
    try:
        report = run_batch(conn, args.paths, scheduler=args.scheduler, batch_size=args.batch_size,
                           published=args.published, language=args.language, progress=_progress(args.quiet))
    finally:
        conn.close()
    print_batch_report(report, time.perf_counter() - started)
    return 1 if report.failures else 0
