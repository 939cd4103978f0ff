"""``incident-map ingest``: fill the event store from article files (face layer: the command line)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dashboard.cli.options import add_db
from dashboard.errors import DateInputError
from dashboard.events.store import open_store
from dashboard.extract.dates import parse_published
from dashboard.models import LANGUAGES
from dashboard.pipeline.ingest import IngestReport, ingest_paths
from dashboard.settings import resolve
from dashboard.text.wording import counted


def _published(value: str) -> date:
    """``--published``: parsed as ``extract`` parses it (garbage and future dates are refused)."""
    try:
        return parse_published(value)
    except DateInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``ingest`` command."""
    ingest = subparsers.add_parser("ingest", help="extract events from article files into the store")
    ingest.add_argument("paths", nargs="+", metavar="FILE|FOLDER", help="article files (.txt .html .md) or folders")
    add_db(ingest)
    ingest.add_argument("--published", type=_published, help="publication date (YYYY-MM-DD) overriding sidecars")
    ingest.add_argument("--language", choices=LANGUAGES, help="language of the articles (default: detected)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(func=run_ingest)


def _progress_bar(quiet: bool):  # -> Progress | None
    if quiet:
        return None
    from tqdm import tqdm

    bar = tqdm(unit="article", file=sys.stderr, leave=False)

    def update(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.set_postfix_str(Path(name).name[-40:])
        bar.update(done - bar.n)
        if done == total:
            bar.close()

    return update


def print_report(report: IngestReport) -> None:
    """What an ingestion added, one line per article, then a summary."""
    labels = report.labels if len(report.labels) == len(report.results) else [r.url for r in report.results]
    for result, label in zip(report.results, labels, strict=True):
        if result.unchanged:
            print(f"{label}: unchanged")
        else:
            replaced = f", replaced {result.removed} old" if result.removed else ""
            print(f"{label}: {counted(len(result.added), 'new event')}, {len(result.merged)} merged{replaced}")
    for name, why in report.failures:
        print(f"{name}: skipped: {why}", file=sys.stderr)
    print(report.summary())


def run_ingest(args: argparse.Namespace) -> int:
    """``incident-map ingest``: exit 0, or 1 when some file could not be read."""
    conn = open_store(resolve("db", args.db))
    report = ingest_paths(conn, args.paths, published=args.published, language=args.language,
                          progress=_progress_bar(args.quiet))
    print_report(report)
    return 1 if report.failures else 0
