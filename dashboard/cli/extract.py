"""Commands that read articles without touching the store (face layer): ``extract``, ``places``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dashboard.errors import IncidentMapError
from dashboard.events.provenance import clean_candidates, clean_spans
from dashboard.events.table import events_to_frame
from dashboard.extract.dates import parse_published
from dashboard.models import LANGUAGES, Article, Event
from dashboard.pipeline.articles import iter_article_paths, read_article
from dashboard.pipeline.extraction import read

FORMATS = ("jsonl", "csv", "geojson")


def _articles(args: argparse.Namespace, problems: list[str]) -> Iterator[Article]:
    """Read every article the command names; a bad file is reported and skipped when there are several."""
    published = parse_published(args.published) if args.published else None
    paths = iter_article_paths(args.files)
    for path in paths:
        try:
            article = read_article(path, published=published, language=args.language)
        except IncidentMapError as exc:
            if len(paths) == 1:
                raise
            problems.append(str(exc))
            print(f"incident-map {args.command}: warning: {exc}", file=sys.stderr)
            continue
        if article.published is None:
            print(
                f"incident-map {args.command}: warning: {path}: no publication date (give --published or a "
                f"{path.with_suffix('.meta.json').name} sidecar); relative dates stay unresolved",
                file=sys.stderr,
            )
        yield article


def _finish(args: argparse.Namespace, problems: list[str], count: int, what: str) -> int:
    if problems:
        print(f"incident-map {args.command}: {count} {what}; {len(problems)} file(s) skipped", file=sys.stderr)
        return 1
    return 0


def jsonl_record(event: Event) -> dict[str, Any]:
    """One line of ``--format jsonl``: the event's columns, then its provenance: ``spans`` (field -> list of
    [start, end] offsets into the article's text as read) and the ranked place ``candidates``."""
    spans = {name: [list(pair) for pair in pairs] for name, pairs in clean_spans(event.spans).items()}
    return {**event.to_record(), "spans": spans, "candidates": clean_candidates(event.candidates)}


def _write_events(events: list[Event], fmt: str, out: Any) -> None:
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(jsonl_record(event), ensure_ascii=False) + "\n")
        return
    from dashboard.export.data import to_csv, to_geojson

    writer: Callable[..., bytes] = to_csv if fmt == "csv" else to_geojson
    out.flush()
    out.buffer.write(writer(events_to_frame(events)))


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the events of the given articles (no store writes); JSON lines stream article by article."""
    problems: list[str] = []
    collected: list[Event] = []
    count = 0
    for article in _articles(args, problems):
        events = read(article)[1]
        count += len(events)
        if args.format == "jsonl":
            _write_events(events, "jsonl", sys.stdout)
        else:
            collected.extend(events)
    if args.format != "jsonl":
        _write_events(collected, args.format, sys.stdout)
    return _finish(args, problems, count, "events")


def _mention_record(article: Article, mention: Any) -> dict[str, Any]:
    place = mention.place
    return {
        "article_url": article.url, "start": mention.start, "end": mention.end, "text": mention.text,
        "gazetteer_id": place.gazetteer_id, "name": place.name, "name_ar": place.name_ar,
        "latitude": place.latitude, "longitude": place.longitude, "feature": place.feature,
        "admin1": place.admin1, "role": mention.role,
    }


def cmd_places(args: argparse.Namespace) -> int:
    """Print one JSON object per place mention, with its role."""
    problems: list[str] = []
    count = 0
    for article in _articles(args, problems):
        for mention in read(article)[0].mentions:
            print(json.dumps(_mention_record(article, mention), ensure_ascii=False))
            count += 1
    return _finish(args, problems, count, "place mentions")


def _add_reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="article files or folders")
    parser.add_argument("--published", metavar="DATE", help="publication date (overrides the sidecar), e.g. 2021-02-23")
    parser.add_argument("--language", choices=LANGUAGES, help="article language (default: sidecar, else detected)")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``extract`` and ``places`` to the CLI (``geocode`` lives in :mod:`dashboard.cli.geocode`)."""
    p = subparsers.add_parser("extract", help="print the incidents of articles as events (no store writes)")
    _add_reading_options(p)
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    p.set_defaults(func=cmd_extract)

    p = subparsers.add_parser("places", help="print every place mention of articles with its role")
    _add_reading_options(p)
    p.set_defaults(func=cmd_places)
