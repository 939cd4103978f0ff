"""Ingestion (pipeline layer): article files -> extraction pipeline -> analysts' rules -> store, one transaction
per article. The correction rules (:mod:`dashboard.pipeline.corrections`) apply after extraction, before storing.

The extraction step is ``dashboard.pipeline.extraction.extract_article(article) -> list[Event]``; every function
here takes an ``extract`` argument so tests (and benchmarks) can pass their own.

>>> from dashboard.events.store import open_store
>>> report = ingest_articles(open_store(":memory:"), [], extract=lambda a: [])
>>> report.summary()
'0 articles: 0 new events, 0 merged into known events, 0 unchanged articles, 0 failed'
>>> report.labels
[]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard.errors import ArticleError, StoreError
from dashboard.events.backends import StoreConnection, database_errors
from dashboard.events.store import ArticleResult, store_article
from dashboard.models import Article, Event
from dashboard.pipeline.articles import iter_article_paths, read_article, source_name
from dashboard.pipeline.corrections import RuleBook
from dashboard.pipeline.extraction import extract_article
from dashboard.text.wording import counted

Extractor = Callable[[Article], list[Event]]
Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class IngestReport:
    """What an ingestion run did, article by article, and which files failed and why."""

    results: list[ArticleResult] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: How to name each result's article to a person (parallel to ``results``): the file name and its title.
    labels: list[str] = field(default_factory=list)

    @property
    def added(self) -> list[str]:
        """Ids of the events this run created."""
        return [e for r in self.results for e in r.added]

    @property
    def merged(self) -> list[str]:
        """Ids of known events this run added a source to."""
        return [e for r in self.results for e in r.merged]

    def counts(self) -> dict[str, int]:
        """The run in numbers: articles, added (new events), merged, unchanged (articles), failed."""
        return {"articles": len(self.results) + len(self.failures), "added": len(self.added),
                "merged": len(self.merged), "unchanged": sum(r.unchanged for r in self.results),
                "failed": len(self.failures)}

    def summary(self) -> str:
        """One line for the terminal or the page (in English; the page words :meth:`counts` in its language)."""
        n = self.counts()
        return (
            f"{counted(n['articles'], 'article')}: {counted(n['added'], 'new event')}, "
            f"{n['merged']:,} merged into known events, {counted(n['unchanged'], 'unchanged article')}, "
            f"{n['failed']:,} failed"
        )


def article_label(name: str, article: Article, width: int = 80) -> str:
    """``name`` (a file name, not a 250-character URL) and the article's title when it has one."""
    title = " ".join(article.title.split())
    if len(title) > width:
        title = title[: width - 1].rstrip() + "…"
    return f"{name} — {title}" if title and title != name else name


def default_extractor() -> Extractor:
    """The project's extraction pipeline (``dashboard.pipeline.extraction.extract_article``)."""
    return extract_article


def _store(conn: StoreConnection, article: Article, events: list[Event], where: str, rules: RuleBook) -> ArticleResult:
    """:func:`store_article` of ``events`` corrected by the analysts' rules (:mod:`dashboard.pipeline.corrections`),
    with a database failure (disk full, locked too long) as a one-line StoreError."""
    try:
        corrected, version = rules.apply(article, events)
        return store_article(conn, article, corrected, rules_version=version)
    except database_errors() as exc:
        fix = "check the server" if conn.backend == "postgresql" else "free the disk or stop the other writer"
        raise StoreError(f"{where}: could not be stored ({exc}); nothing of it was written, the articles before "
                         f"it are stored: {fix}, then run the same ingest again") from exc


def ingest_articles(
    conn: StoreConnection,
    articles: Iterable[Article],
    *,
    extract: Extractor | None = None,
    progress: Progress | None = None,
    total: int | None = None,
) -> IngestReport:
    """Extract and store each article; ``progress(done, total, url)`` is called after each one."""
    extract = extract or default_extractor()
    report = IngestReport()
    items = list(articles)
    total = total or len(items)
    rules = RuleBook(conn)
    for done, article in enumerate(items, start=1):
        report.results.append(_store(conn, article, extract(article), article.url, rules))
        report.labels.append(article_label(source_name("", article.url), article))
        if progress:
            progress(done, total, article.url)
    return report


def ingest_paths(
    conn: StoreConnection,
    paths: Sequence[str | Path],
    *,
    extract: Extractor | None = None,
    published: date | None = None,
    language: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders; a file that cannot be read is reported, the others still go in."""
    extract = extract or default_extractor()
    files = iter_article_paths(paths)
    report = IngestReport()
    rules = RuleBook(conn)
    for done, path in enumerate(files, start=1):
        try:
            article = read_article(path, published=published, language=language)
        except ArticleError as exc:
            report.failures.append((str(path), str(exc)))
        else:
            report.results.append(_store(conn, article, extract(article), str(path), rules))
            report.labels.append(article_label(str(path), article))
        if progress:
            progress(done, len(files), str(path))
    return report
