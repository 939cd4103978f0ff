"""Batch ingest throughput: serial vs Dask local clusters of 1 and 2 workers, into SQLite and PostgreSQL.

    .venv/bin/python bench/batch_ingest.py                  # 20,000 articles, both backends
    .venv/bin/python bench/batch_ingest.py --n 2000 --backends sqlite

The archive (JSON Lines, gzip) is generated from the development data's texts, read at run time from
``../shared/eval/dev`` and never copied: half seed-like articles (the seed and the real news excerpts, Arabic
and English), half summary-like (the GTD incident summaries). Each copy gets its own first line and a shifted
publication date, so every article is distinct and some incidents are reported many times (merges).

Modes, each on a fresh store: ``serial`` is today's ``incident-map ingest`` loop (one transaction per
article, in this process); ``local:N`` is ``incident-map ingest --scheduler local:N`` (N worker processes,
batched writes). Cluster start-up is timed apart from the ingest. After the runs, every store is compared with
the serial one (same events, sources and articles, in the same order) and the bench fails if any differs.
PostgreSQL is a throw-away server started from Debian's binaries (fsync on, as in production), or ``--pg-url``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from batch_support import snapshot  # noqa: E402
from eval_data import DEFAULT_DIR, gtd_reports  # noqa: E402

from dashboard.events.store import open_store  # noqa: E402
from dashboard.pipeline.archives import iter_items  # noqa: E402
from dashboard.pipeline.batch import dask_client, run_batch  # noqa: E402
from dashboard.pipeline.ingest import ingest_articles  # noqa: E402

SEED = ROOT / "seeds" / "000_9dd459dba4470899.txt"


def base_texts(folder: Path) -> tuple[list[dict], list[dict]]:
    """(seed-like, summary-like) article records from the seed and the development data."""
    seed_meta = json.loads(SEED.with_suffix(".meta.json").read_text(encoding="utf-8"))
    long = [{"text": SEED.read_text(encoding="utf-8"), "published": seed_meta.get("published"), "language": "ar"}]
    for name in ("news_ar.jsonl", "news_en.jsonl"):
        path = folder / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                long.append({"text": row["text"], "published": row.get("published"), "language": row["language"]})
    short = [{"text": r.text, "published": r.published.isoformat(), "language": "en"} for r in gtd_reports(folder)]
    if not short:
        raise SystemExit(f"no GTD summaries in {folder}: pass --data")
    return _extractable(long), _extractable(short)


def _extractable(pool: list[dict]) -> list[dict]:
    """The texts the pipeline extracts without raising (the serial ingest has no per-article error handling);
    the others are named, so the bug can be fixed where it is."""
    from dashboard.pipeline.articles import article_from_text
    from dashboard.pipeline.extraction import extract_article

    kept = []
    for row in pool:
        published = date.fromisoformat(row["published"]) if row["published"] else None
        try:
            extract_article(article_from_text(row["text"], url="x", published=published, language=row["language"]))
        except Exception as exc:
            print(f"left out a base text the pipeline fails on: {type(exc).__name__}: {exc} ({row['text'][:60]!r})")
            continue
        kept.append(row)
    return kept


def write_archive(path: Path, n: int, folder: Path) -> dict[str, int]:
    long, short = base_texts(folder)
    kinds = {"seed-like": 0, "summary-like": 0}
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(n):
            pool, kind = (long, "seed-like") if i % 2 == 0 else (short, "summary-like")
            base = pool[(i // 2) % len(pool)]
            cycle = (i // 2) // len(pool)
            published = date.fromisoformat(base["published"]) + timedelta(days=cycle) if base["published"] else None
            record = {"text": f"Archive item {i}\n{base['text']}", "language": base["language"],
                      "published": published.isoformat() if published else None,
                      "url": f"archive://{i}", "publisher": f"Outlet {i % 7}", "title": f"Item {i}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            kinds[kind] += 1
    return kinds


def serial(target: str, archive: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds of today's serial ingest (reading included)."""
    conn = open_store(target)
    started, cpu = time.perf_counter(), time.process_time()
    articles = [item.article for item in iter_items([archive]) if item.article is not None]
    ingest_articles(conn, articles)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return seconds, cpu


def _cpu() -> float:
    return time.process_time()


def on_cluster(target: str, archive: Path, workers: int, batch_size: int) -> tuple[float, float, float, list[float]]:
    """Cluster start-up seconds, ingest wall seconds, the client's CPU seconds and each worker's CPU seconds."""
    started = time.perf_counter()
    with dask_client(f"local:{workers}") as client:
        client.wait_for_workers(workers)
        up = time.perf_counter() - started
        conn = open_store(target)
        before = client.run(_cpu)
        started, cpu = time.perf_counter(), time.process_time()
        report = run_batch(conn, [archive], client=client, batch_size=batch_size)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = client.run(_cpu)
        conn.close()
    assert not report.failures, report.failures[:3]
    return up, seconds, cpu, [after[w] - before[w] for w in after if w in before]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000, help="articles in the archive (default 20,000)")
    parser.add_argument("--workers", default="1,2", help="Dask worker counts to run (default 1,2)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR if DEFAULT_DIR.is_dir() else
                        Path("/work/shared/eval/dev"))
    parser.add_argument("--pg-url", help="an empty PostgreSQL server's admin URL (default: start a temporary one)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/incident-map-bench-batch"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    archive = args.work / f"archive-{args.n}.jsonl.gz"
    kinds = write_archive(archive, args.n, args.data)
    print(f"{args.n:,} articles ({kinds['seed-like']:,} seed-like, {kinds['summary-like']:,} summary-like), "
          f"{archive.stat().st_size / 1e6:.1f} MB gzip; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    server = None
    backends = args.backends.split(",")
    if "postgresql" in backends and not args.pg_url:
        from pg_support import PostgresServer, find_bindir

        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("no PostgreSQL binaries: apt-get install postgresql, or pass --pg-url")
        server = PostgresServer(bindir, fsync=True).start()
    try:
        failed = False
        for backend in backends:
            def target(mode: str, backend: str = backend) -> str:
                if backend == "sqlite":
                    path = args.work / f"{mode.replace(':', '-')}.db"
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{path}{suffix}").unlink(missing_ok=True)
                    return str(path)
                return server.fresh_database(f"bench_{mode.replace(':', '_')}") if server else args.pg_url

            stores = {"serial": target("serial")}
            base, base_cpu = serial(stores["serial"], archive)
            print(f"{backend:10s} serial    : {args.n / base:7.1f} articles/s ({base:6.1f} s)  1.00x  "
                  f"[CPU {base_cpu:.1f} s; load {os.getloadavg()[0]:.1f}]", flush=True)
            for workers in (int(w) for w in args.workers.split(",")):
                mode = f"local:{workers}"
                stores[mode] = target(mode)
                up, seconds, cpu, worker_cpu = on_cluster(stores[mode], archive, workers, args.batch_size)
                # what an otherwise idle machine would give at best: the busiest process, and all processes
                # sharing the cores, bound the wall time
                cores = os.cpu_count() or 1
                bound = base_cpu / max(cpu, *worker_cpu, (cpu + sum(worker_cpu)) / cores)
                print(f"{backend:10s} {mode:10s}: {args.n / seconds:7.1f} articles/s ({seconds:6.1f} s) "
                      f"{base / seconds:5.2f}x  (+{up:.1f} s cluster start-up; {base / (seconds + up):.2f}x "
                      f"with it)  [CPU client {cpu:.1f} s, workers {', '.join(f'{c:.1f}' for c in worker_cpu)} s; "
                      f"idle-machine bound {bound:.2f}x; load {os.getloadavg()[0]:.1f}]", flush=True)
            reference = snapshot(open_store(stores["serial"]))
            for mode, store_target in stores.items():
                state = snapshot(open_store(store_target))
                failed |= state != reference
                for table, rows in state.items():
                    diff = [(i, a, b) for i, (a, b) in enumerate(zip(reference[table], rows, strict=True)) if a != b]
                    if diff:
                        i, a, b = diff[0]
                        print(f"{backend} {mode}: {len(diff)} {table} rows differ from the serial ingest's; "
                              f"first, row {i}:\n  serial {a}\n  {mode} {b}")
            print(f"{backend:10s} stores identical to serial: {not failed}; {len(reference['events']):,} events, "
                  f"{len(reference['sources']):,} sources", flush=True)
        return 1 if failed else 0
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
