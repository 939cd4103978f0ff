"""``incident-map export`` (face layer): the current view of the store as PNG, PDF, HTML, CSV, GeoJSON or KML.

The flags build the same :class:`~dashboard.export.view.ExportView` the page builds from its state
(:func:`~dashboard.export.view.view_to_argv` is the way back), so an export from the CLI equals the page's
download for the same view::

    incident-map export --format pdf --from 2026-11-23 --to 2026-11-30 --admin1 Erbil --admin1 Nineveh \\
        --title "Erbil and Nineveh, last 7 days" -o brief.pdf
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.cli import reference
from dashboard.errors import ExportError, StoreError
from dashboard.events.backends import is_url
from dashboard.events.table import Filters
from dashboard.export.view import FORMATS, Bounds, ExportView, check_bounds
from dashboard.models import STATUSES
from dashboard.settings import SETTINGS, resolve
from dashboard.views.i18n import LANGUAGES

#: The flags' defaults are the view's own.
DEFAULT_VIEW = ExportView()


def parse_date(text: str) -> date:
    """argparse type: an ISO date (2026-11-30)."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-30") from exc


def parse_bounds(text: str) -> Bounds:
    """argparse type: 'S,W,N,E' in degrees, e.g. '35.5,43,37,45'."""
    try:
        south, west, north, east = (float(part) for part in text.split(","))
        check_bounds((south, west, north, east))
    except (ValueError, ExportError) as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not S,W,N,E bounds like 35.5,43,37,45") from exc
    return south, west, north, east


def parse_size(text: str) -> tuple[int, int]:
    """argparse type: 'WIDTHxHEIGHT' in pixels, e.g. '1920x1080'."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1920x1080") from exc
    return width, height


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    p = subparsers.add_parser(
        "export",
        help="export the current view (filters, area) as png, pdf, html, csv, geojson, kml or acled-csv",
        description="Export a view of the store: the same files as the page's download buttons.",
    )
    p.add_argument("--format", required=True, choices=FORMATS, type=str.lower, help="file format")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="file to write")
    p.add_argument("--db", default=None, metavar="PATH", help=f"{SETTINGS['db'].help} (default: settings 'db')")
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE", help="first day (ISO date)")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE", help="last day (ISO date)")
    p.add_argument("--type", dest="types", action="append", default=[], metavar="T", help="event type (repeatable)")
    p.add_argument("--admin1", action="append", default=[], metavar="G", help="governorate (repeatable)")
    p.add_argument("--admin2", action="append", default=[], metavar="D", help="district, qada (repeatable)")
    p.add_argument("--text", default="", help="only events whose evidence, notes or place contain TEXT")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="X", help="only confidence ≥ X (0..1)")
    p.add_argument(
        "--status",
        dest="statuses",
        action="append",
        choices=STATUSES,
        metavar="S",
        help=f"review status (repeatable; default: {', '.join(DEFAULT_VIEW.filters.statuses)})",
    )
    p.add_argument("--bounds", type=parse_bounds, metavar="S,W,N,E", help="map area; default: the events' extent")
    p.add_argument("--zoom", type=int, default=None, help="map zoom of the view (informative)")
    width, height = DEFAULT_VIEW.size
    p.add_argument(
        "--size", type=parse_size, default=DEFAULT_VIEW.size, metavar="WxH", help=f"PNG size ({width}x{height})"
    )
    p.add_argument("--title", default=DEFAULT_VIEW.title, help="title of the PNG, PDF and HTML")
    p.add_argument("--language", choices=LANGUAGES, default=DEFAULT_VIEW.language,
                   help="language of the PNG's, PDF's and HTML's texts (ar: Arabic, right to left)")
    p.add_argument(
        "--renderer",
        choices=("matplotlib", "chromium"),
        default="matplotlib",
        help="PNG renderer: matplotlib (default, no browser) or a Chromium screenshot of the HTML map; "
        "either falls back to the other when missing",
    )
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM (for Excel)")
    reference.add_layer_flags(p)
    p.add_argument("--tiles", default=None, help=f"{SETTINGS['tiles'].help} (default: settings 'tiles')")
    p.set_defaults(func=run)


def view_from_args(args: argparse.Namespace) -> ExportView:
    """The ExportView the flags describe."""
    filters = Filters(
        date_from=args.date_from,
        date_to=args.date_to,
        event_types=tuple(args.types),
        admin1=tuple(args.admin1),
        admin2=tuple(args.admin2),
        text=args.text.strip(),
        min_confidence=args.min_confidence,
        statuses=tuple(args.statuses) if args.statuses else DEFAULT_VIEW.filters.statuses,
    )
    return ExportView(filters=filters, bounds=args.bounds, zoom=args.zoom, size=args.size, title=args.title,
                      language=args.language)


def load_store_frame(db: str, bounds: Bounds | None = None) -> pd.DataFrame:
    """The store's event table (only the events within ``bounds`` when given: the database selects them);
    StoreError when the file does not exist (never create an empty store here)."""
    if not is_url(db) and not Path(db).is_file():
        raise StoreError(f"no event store at {db}: pass --db PATH, or run 'incident-map ingest' first")
    from dashboard.events.store import events_within, load_events, open_store

    conn = open_store(db)
    try:
        return events_within(conn, bounds) if bounds else load_events(conn)
    finally:
        conn.close()


def run(args: argparse.Namespace) -> int:
    """Write the export; print what was written."""
    from dashboard.export.writers import export_to_file  # the renderers load only when a file is made

    view = view_from_args(args)
    db = resolve("db", args.db)
    frame = reference.with_layers(db, load_store_frame(db, view.bounds), args)
    options: dict[str, object] = {"tiles": resolve("tiles", args.tiles)}
    if args.format == "png":
        options["renderer"] = args.renderer
    if args.format in ("csv", "acled-csv"):
        options = {"bom": args.bom}
    size = export_to_file(frame, view, args.format, args.output, **options)
    print(f"wrote {args.output} ({args.format}, {size:,} bytes)", file=sys.stderr)
    return 0
