"""``incident-map import acled|ucdp FILE.csv``: reference datasets into the store (face layer: the command line).

Prints one line per rejected row (``FILE:LINE: why``) on stderr and a summary; exit 0, or 1 when some rows were
rejected (the others are imported). Importing the same file again changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dashboard.cli.options import add_db
from dashboard.events.matching import PRESENCE, layers_frame
from dashboard.events.reference import count_reference, load_reference, store_reference
from dashboard.events.store import open_store
from dashboard.pipeline.reference import DATASETS, LICENCES, add_arabic_names, read_reference
from dashboard.settings import resolve


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` command."""
    p = subparsers.add_parser(
        "import",
        help="import an ACLED or UCDP GED export (CSV) as reference events",
        description="Import a reference dataset's CSV export (ACLED, any of its column layouts; UCDP GED, full or "
        "extract) into the store, beside the news events. Columns are read by their names.",
    )
    p.add_argument("dataset", choices=DATASETS, type=str.lower, help="which dataset the file is from")
    p.add_argument("file", type=Path, metavar="FILE.csv", help="the dataset's CSV export")
    add_db(p)
    p.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Read, store, report; DatasetError (a file that cannot be read at all) becomes one line and exit 2."""
    parsed = read_reference(args.file, args.dataset)
    named = add_arabic_names(parsed.rows)
    conn = open_store(resolve("db", args.db))
    try:
        result = store_reference(conn, parsed.dataset, parsed.rows)
        totals = count_reference(conn)
    finally:
        conn.close()
    for line, why in parsed.rejected:
        print(f"{args.file}:{line}: skipped: {why}", file=sys.stderr)
    print(
        f"{args.file}: {parsed.dataset}: {result.added} new, {result.updated} updated, {result.unchanged} unchanged, "
        f"{len(parsed.rejected)} rejected; the store holds {totals.get(parsed.dataset, 0):,} {parsed.dataset} rows"
    )
    print(f"places named in Arabic from the gazetteer: {named:,} of {len(parsed.rows):,} rows")
    print(f"licence: {LICENCES[args.dataset]}")
    return 1 if parsed.rejected else 0


def add_layer_flags(parser: argparse.ArgumentParser) -> None:
    """``export``'s ``--reference`` and ``--seen``: the page's reference layer and "seen where" choice."""
    parser.add_argument("--reference", action="store_true",
                        help="include the imported reference events (ACLED, UCDP) beside the news events")
    parser.add_argument("--seen", choices=PRESENCE, default="all",
                        help="all; news: only news events no reference event matches; reference: only reference "
                        "events no news event matches; both: only events in both")


def with_layers(db: str, news: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """The export's table: the news events, with the reference layer and "seen where" choice applied."""
    if not args.reference and args.seen == "all":
        return news
    conn = open_store(db)
    try:
        reference = load_reference(conn)
    finally:
        conn.close()
    return layers_frame(news, reference, args.seen, show_reference=args.reference)
