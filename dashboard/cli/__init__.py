"""``incident-map``: one command per pipeline stage (face layer: the command line).

Each stage's commands live in a module of this package exposing ``register(subparsers)``; this
module only builds the parser and turns :class:`~dashboard.errors.IncidentMapError` into one line
on stderr and a non-zero exit, never a traceback. The command modules are imported by name inside
:func:`command_modules`, so a command that must start fast can be loaded alone (:func:`light_modules`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from dashboard import __version__
from dashboard.errors import IncidentMapError


def command_modules() -> tuple[ModuleType, ...]:
    """The modules contributing sub-commands, in the order of ``incident-map --help``."""
    from dashboard.cli import backup, export, extract, geocode, ingest, reference, serve

    return (extract, geocode, ingest, serve, export, backup, reference)


def light_modules(command: str) -> tuple[ModuleType, ...] | None:
    """The module alone of a command that must start fast, when it is the one asked for
    (``incident-map geocode Baghdad`` loads neither pandas, the extraction rules nor the store); else None."""
    if command == "geocode":
        from dashboard.cli import geocode

        return (geocode,)
    return None


def build_parser(modules: Sequence[ModuleType] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incident-map",
        description="Turn news articles about incidents in Iraq into a geocoded event map.",
    )
    parser.add_argument("--version", action="version", version=f"incident-map {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in modules or command_modules():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``incident-map`` script; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(light_modules(argv[0]) if argv else None)
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
