"""Batch ingest (pipeline layer): articles across Dask workers, their events streamed back, stored in order.

Sources are folders, files and JSON Lines archives (:mod:`dashboard.pipeline.archives`); ``local:N`` starts a
local cluster, ``tcp://HOST:8786`` joins a running one.

How it stays exact (the same store as the serial ``incident-map ingest``, and exactly once):

* The client reads the sources, skips every article the store already holds (content id, as the serial ingest
  does: this is what makes a killed job resumable; see :class:`_Plan` for new versions of a URL) and cuts the
  rest into numbered batches.
* Workers only extract: ``extract_batch`` runs the pipeline on each article of a batch and returns its events,
  or the error of an article that fails (that article is reported, the others go on). Extraction is pure, so
  a batch Dask re-runs after losing a worker gives the same events.
* The client applies the analysts' correction rules (:mod:`dashboard.pipeline.corrections`) to each batch's
  events and writes batches strictly in their order, one transaction per batch (:func:`store_articles`), so
  deduplication sees the articles in the same order as a serial run. A job killed at any moment has stored a
  prefix of whole batches; run again, it skips them and stores the rest.

Each worker loads the gazetteer and builds its place matcher once, when it starts (:class:`WarmUp`). At most a
few batches per worker are in flight, so memory stays flat on archives of any size.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from dashboard.errors import StoreError
from dashboard.events.backends import StoreConnection, database_errors
from dashboard.events.store import ArticleResult, current_rules_version, store_articles
from dashboard.models import Article, Event
from dashboard.pipeline.archives import Item, count_items, iter_items
from dashboard.pipeline.corrections import RuleBook, apply_rules
from dashboard.pipeline.ingest import IngestReport

Extractor = Callable[[Article], list[Event]]
#: progress(done, total, events_added, failed): after every stored batch (done/total count input items)
BatchProgress = Callable[[int, int, int, int], None]
DEFAULT_BATCH_SIZE = 64
PASSED_ENV = ("INCIDENT_MAP_GAZETTEER",)  # settings the workers need from the client


@dataclass
class BatchReport(IngestReport):
    """An ingest report plus how many articles were already stored (skipped) and what ran it."""

    skipped: int = 0
    workers: int = 0
    scheduler: str = "serial"
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        kept = f", {self.skipped} already stored" if self.skipped else ""
        return super().summary() + kept


# -- scheduler ---------------------------------------------------------------------------------------------------

def parse_scheduler(value: str) -> tuple[str, int | str]:
    """``local:N`` -> ("local", N); ``tcp://HOST:PORT`` (or tls://, ws://) -> ("address", value)."""
    if value.startswith("local:"):
        count = value.split(":", 1)[1]
        if not count.isdigit() or int(count) < 1:
            raise StoreError(f"--scheduler {value}: give the number of local workers, e.g. local:2")
        return "local", int(count)
    if value.startswith(("tcp://", "tls://", "ws://", "wss://", "inproc://")):
        return "address", value
    raise StoreError(f"--scheduler {value}: use local:N (a cluster on this machine) or tcp://HOST:8786 "
                     "(a running Dask scheduler)")


def _distributed():
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - a dependency
        raise StoreError("batch ingest needs Dask: pip install 'dask[distributed]'") from exc
    return distributed


def _warm_up(env: dict[str, str]) -> None:
    """Load the gazetteer and build the matcher once in this worker, by extracting a one-line article."""
    os.environ.update(env)
    from dashboard.pipeline.articles import article_from_text
    from dashboard.pipeline.extraction import extract_article

    extract_article(article_from_text("A bomb exploded in Baghdad today.", url="warm-up", published=date(2020, 1, 1)))


def worker_plugin(env: dict[str, str]) -> Any:
    """A Dask WorkerPlugin that warms every worker up (now and whenever one restarts)."""

    class WarmUp(_distributed().WorkerPlugin):
        name = "incident-map-warm-up"

        def setup(self, worker: Any) -> None:
            _warm_up(env)

    return WarmUp()


@contextmanager
def dask_client(scheduler: str) -> Iterator[Any]:
    """A Dask client for ``scheduler``: a fresh local cluster (``local:N``) or a running one (an address)."""
    distributed = _distributed()
    kind, value = parse_scheduler(scheduler)
    if kind == "local":
        cluster = distributed.LocalCluster(n_workers=int(value), threads_per_worker=1, processes=True,
                                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
        try:
            with distributed.Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = distributed.Client(str(value), timeout=30)
    except (OSError, TimeoutError) as exc:
        raise StoreError(f"--scheduler {value}: no Dask scheduler answers there ({exc})") from exc
    with client:
        yield client


# -- work --------------------------------------------------------------------------------------------------------

def _default_extract(article: Article) -> list[Event]:
    from dashboard.pipeline.extraction import extract_article

    return extract_article(article)


def extract_batch(batch: Sequence[tuple[str, Article]], extract: Extractor | None = None,
                  ) -> list[tuple[list[Event] | None, str | None]]:
    """On a worker: each article's events, or why it failed (one bad article never sinks the batch)."""
    extract = extract or _default_extract
    out: list[tuple[list[Event] | None, str | None]] = []
    for where, article in batch:
        try:
            out.append((extract(article), None))
        except Exception as exc:
            out.append((None, f"{where}: extraction failed ({type(exc).__name__}: {exc})"))
    return out


def stored_articles(conn: StoreConnection) -> dict[str, str]:
    """article_id -> url of every article the store holds under the current correction rules (one stored under
    older rules is extracted again, and stored with the rules of now)."""
    rows = conn.execute("SELECT article_id, url FROM articles WHERE rules_version >= ?", (current_rules_version(conn),))
    return {row[0]: row[1] for row in rows}


@dataclass(slots=True)
class _Plan:
    """The input cut into batches of articles to extract, in order.

    An article is left out (counted as unchanged, never extracted) only when the serial ingest would certainly
    find it stored at its turn: it was stored when the job started, or earlier in this job, and no article with
    the URL it is stored under has been sent since (a new version of a URL replaces the old one's article). Any
    other article is sent; storing re-checks, so sending one too many costs time, never correctness.
    """

    report: BatchReport
    at_start: dict[str, str]  # article_id -> url, stored before the job
    size: int
    settled: int = 0  # input items that needed no extraction: unreadable, or already stored
    sent_url: dict[str, str] = field(default_factory=dict)  # article new in this job -> its url
    last_at_url: dict[str, str] = field(default_factory=dict)  # url -> last article sent with it
    failed: set[str] = field(default_factory=set)

    def certainly_stored(self, article: Article) -> bool:
        known = self.at_start.get(article.article_id)
        if known is not None:
            return known not in self.last_at_url
        url = self.sent_url.get(article.article_id)
        return url is not None and self.last_at_url[url] == article.article_id and article.article_id not in self.failed

    def batches(self, items: Iterable[Item]) -> Iterator[list[tuple[str, Article]]]:
        batch: list[tuple[str, Article]] = []
        for item in items:
            if item.article is None:
                self.settled += 1
                self.report.failures.append((item.where, item.error or "unreadable"))
                continue
            article = item.article
            if self.certainly_stored(article):
                self.settled += 1
                self.report.skipped += 1
                self.report.results.append(ArticleResult(article.article_id, article.url, unchanged=True))
                continue
            self.last_at_url[article.url] = article.article_id
            if article.article_id not in self.at_start:
                self.sent_url[article.article_id] = article.url
            batch.append((item.where, article))
            if len(batch) >= self.size:
                yield batch
                batch = []
        if batch:
            yield batch


class _Writer:
    """Stores extracted batches in order, one transaction each; reports progress."""

    def __init__(self, conn: StoreConnection, report: BatchReport, plan: _Plan, total: int,
                 progress: BatchProgress | None) -> None:
        self.conn, self.report, self.plan, self.total, self.progress = conn, report, plan, total, progress
        self.done = 0
        self.events = 0
        self.rules = RuleBook(conn)  # the analysts' corrections, applied here (by the client), before storing

    def write(self, batch: Sequence[tuple[str, Article]], extracted: Sequence[tuple[list[Event] | None, str | None]]
              ) -> None:
        items = []
        rules, version = self.rules.current()
        for (where, article), (events, error) in zip(batch, extracted, strict=True):
            if error is not None or events is None:
                self.report.failures.append((where, error or "no result"))
                self.plan.failed.add(article.article_id)
            else:
                items.append((article, apply_rules(article, events, rules)))
        try:
            results = store_articles(self.conn, items, rules_version=version) if items else []
        except database_errors() as exc:
            raise StoreError(f"{batch[0][0]} .. {batch[-1][0]}: could not be stored ({exc}); nothing of this batch "
                             f"was written, the {self.done} articles before it are: run the same ingest again to "
                             "resume") from exc
        self.report.results.extend(results)
        self.done += len(batch)
        self.events += sum(len(r.added) for r in results)
        if self.progress:
            done = min(self.done + self.plan.settled, self.total)
            self.progress(done, self.total, self.events, len(self.report.failures))


def run_batch(
    conn: StoreConnection,
    paths: Sequence[str | Path],
    *,
    scheduler: str | None = None,
    client: Any = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    published: date | None = None,
    language: str | None = None,
    progress: BatchProgress | None = None,
    extract: Extractor | None = None,
) -> BatchReport:
    """Ingest ``paths`` (folders, files, archives) through Dask (``scheduler`` or an open ``client``), or in
    this process when both are None; returns what was stored and which items failed and why."""
    if batch_size < 1:
        raise StoreError(f"--batch-size {batch_size}: must be at least 1")
    report = BatchReport(scheduler=scheduler or ("client" if client is not None else "serial"))
    total = count_items(paths)
    plan = _Plan(report, stored_articles(conn), batch_size)
    writer = _Writer(conn, report, plan, total, progress)
    batches = plan.batches(iter_items(paths, published=published, language=language))
    if client is None and scheduler is None:
        for batch in batches:
            writer.write(batch, extract_batch(batch, extract))
    elif client is not None:
        _run_on(client, batches, writer, extract, report)
    else:
        with dask_client(scheduler) as own:
            _run_on(own, batches, writer, extract, report)
    if progress:
        progress(total, total, writer.events, len(report.failures))
    return report


def _run_on(client: Any, batches: Iterator[list[tuple[str, Article]]], writer: _Writer,
            extract: Extractor | None, report: BatchReport) -> None:
    """Submit batches (a bounded window of them), collect results as they finish, write them in order."""
    distributed = _distributed()
    env = {k: os.environ[k] for k in PASSED_ENV if os.environ.get(k)}
    try:
        client.register_plugin(worker_plugin(env))
    except Exception as exc:  # e.g. a worker without incident-map: ModuleNotFoundError raised on the worker
        raise StoreError(f"the Dask workers cannot run the extraction ({type(exc).__name__}: {exc}); install the "
                         "same incident-map version on every worker") from exc
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    report.workers = workers
    window = 3 * workers + 1
    pending: dict[int, list[tuple[str, Article]]] = {}
    finished: dict[int, Any] = {}
    seq_of: dict[str, int] = {}
    futures = distributed.as_completed()
    numbered = enumerate(batches)

    def submit(count: int) -> None:
        for seq, batch in islice(numbered, count):
            pending[seq] = batch
            future = client.submit(extract_batch, batch, extract, key=f"incident-map-extract-{id(writer)}-{seq}",
                                   pure=False, retries=2)
            seq_of[future.key] = seq
            futures.add(future)

    submit(window)
    next_seq = 0
    for future in futures:
        seq = seq_of.pop(future.key)
        try:
            finished[seq] = future.result()
        except Exception as exc:
            batch = pending[seq]
            finished[seq] = [(None, f"{where}: extraction failed on the cluster ({type(exc).__name__}: "
                                     f"{exc}); run the same ingest again to retry it") for where, _ in batch]
        future.release()
        while next_seq in finished:
            writer.write(pending.pop(next_seq), finished.pop(next_seq))
            next_seq += 1
        submit(window - len(pending))
