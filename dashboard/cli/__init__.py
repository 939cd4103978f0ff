"""``incident-map``: one command per pipeline stage (face layer: the command line).

Each stage's commands live in a module of this package exposing ``register(subparsers)``; this
module only builds the parser and turns :class:`~dashboard.errors.IncidentMapError` into one line
on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dashboard import __version__
from dashboard.cli import backup, export, extract, ingest, reference, serve
from dashboard.errors import IncidentMapError

#: Modules contributing sub-commands, in the order of ``incident-map --help``.
COMMAND_MODULES = (extract, ingest, serve, export, backup, reference)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incident-map",
        description="Turn news articles about incidents in Iraq into a geocoded event map.",
    )
    parser.add_argument("--version", action="version", version=f"incident-map {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``incident-map`` script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except IncidentMapError as exc:
        print(f"incident-map {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print(f"incident-map {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
