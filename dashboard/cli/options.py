"""Options several commands share (face layer: the command line)."""

from __future__ import annotations

import argparse

from dashboard.settings import SETTINGS


def add_db(parser: argparse.ArgumentParser) -> None:
    """``--db PATH``: the event store (setting ``db``)."""
    db = SETTINGS["db"]
    parser.add_argument("--db", help=f"{db.help} (env {db.env}, default {db.default})")
