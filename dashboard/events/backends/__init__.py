"""Where the event store lives (store layer): a SQLite file (one analyst) or a PostgreSQL database (a team).

:func:`connect` turns the store option (``--db`` / ``INCIDENT_MAP_DB``) into a store connection: a
``postgresql://`` (or ``postgres://``) URL selects :mod:`.postgres`, anything else is a SQLite file
(:mod:`.sqlite`). Both connections offer the same small interface (:class:`StoreConnection`), which is all
:mod:`dashboard.events.store` uses: SQL with ``?`` / ``:name`` parameters, a serialised write transaction,
the schema version, DDL rendered for the engine, and a frame reader. The schema and its migrations are
written once, in the store module, and both engines run them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from dashboard.errors import StoreError

URL_SCHEMES = ("postgresql://", "postgres://")


class StoreConnection(Protocol):
    """What the store needs from a database connection (SQLite and PostgreSQL both provide it)."""

    backend: str  # "sqlite" or "postgresql"
    label: str  # the file or the URL without its password, for messages

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any] | Mapping[str, Any]]) -> Any: ...
    def write_transaction(self) -> AbstractContextManager[None]: ...
    def schema_version(self) -> int: ...
    def set_schema_version(self, version: int) -> None: ...
    def render_ddl(self, script: str) -> str: ...
    def read_frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame: ...
    def after_migrate(self) -> None: ...
    def bounds_sql(self, bounds: tuple[float, float, float, float]) -> tuple[str, list[float]]: ...
    def close(self) -> None: ...


class BackendError(StoreError):
    """The database failed under a statement (server gone, disk full, lock timeout): one line, no traceback."""


def is_url(target: str | Path) -> bool:
    """Whether the store option names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def display_name(target: str | Path) -> str:
    """How messages name the store: the file, or the URL without its password."""
    if is_url(target):
        from dashboard.events.backends.postgres import safe_label

        return safe_label(str(target))
    return str(target)


def plain_bounds_sql(bounds: tuple[float, float, float, float]) -> tuple[str, list[float]]:
    """A WHERE clause (on events ``e``) for (south, west, north, east) on the plain latitude/longitude columns."""
    south, west, north, east = bounds
    return "e.latitude BETWEEN ? AND ? AND e.longitude BETWEEN ? AND ?", [south, north, west, east]


def database_errors() -> tuple[type[BaseException], ...]:
    """Exceptions a database may raise under a statement (for callers that report them per article)."""
    return (sqlite3.Error, BackendError)


def connect(target: str | Path) -> StoreConnection:
    """A store connection to ``target`` (no migration: :func:`dashboard.events.store.open_store` migrates)."""
    if is_url(target):
        from dashboard.events.backends.postgres import connect_postgres

        return connect_postgres(str(target))
    from dashboard.events.backends.sqlite import connect_sqlite

    return connect_sqlite(target)


def split_statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration script, one by one (outside quotes, ``;``-terminated)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer
