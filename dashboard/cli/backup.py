"""``incident-map backup FILE`` and ``incident-map restore FILE``: online copies of the event store (face layer).

Both work while the dashboard is open and while an ingest runs (SQLite's backup API, see
:mod:`dashboard.events.backup`). ``restore`` keeps the store it replaces beside it, so nothing is lost.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli.options import add_db
from dashboard.events.backends import display_name
from dashboard.events.backup import backup_store, restore_store
from dashboard.settings import resolve


def run_backup(args: argparse.Namespace) -> int:
    """``incident-map backup``: copy the store into FILE (checked, then renamed into place)."""
    summary = backup_store(resolve("db", args.db), args.file, overwrite=args.force)
    print(f"backed up {display_name(resolve('db', args.db))} to {summary.path}: {summary.line()}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """``incident-map restore``: replace the store by FILE, keeping the old store beside it."""
    db = resolve("db", args.db)
    summary, saved = restore_store(args.file, db)
    kept = f"; the previous store is saved as {saved}" if saved else ""
    print(f"restored {display_name(db)} from {args.file}: {summary.line()}{kept}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``backup`` and ``restore`` commands."""
    p = subparsers.add_parser("backup", help="copy the event store to a file (safe while the page is open)")
    p.add_argument("file", type=Path, metavar="FILE", help="the backup file to write, e.g. backups/2026-11-30.db")
    add_db(p)
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=run_backup)

    p = subparsers.add_parser("restore", help="replace the event store by a backup (the old one is kept)")
    p.add_argument("file", type=Path, metavar="FILE", help="a file written by `incident-map backup`")
    add_db(p)
    p.set_defaults(func=run_restore)
