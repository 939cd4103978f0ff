"""The embedded store (store layer): one SQLite file, WAL mode, foreign keys on; one writer at a time.

Writers are serialised by ``BEGIN IMMEDIATE``. The connection is a :class:`sqlite3.Connection` (so anything that
takes one still works) with the few methods of :class:`~dashboard.events.backends.StoreConnection` added.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.events.backends import plain_bounds_sql


class SQLiteConnection(sqlite3.Connection):
    """A SQLite store connection."""

    backend = "sqlite"
    label = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer = threading.RLock()  # the page shares one connection between its sessions' threads

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        """One write transaction; ``BEGIN IMMEDIATE`` takes the file's write lock at once (one writer at a time)."""
        with self._writer:
            self.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.execute("COMMIT")
            except BaseException:
                if self.in_transaction:
                    self.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        return int(self.execute("PRAGMA user_version").fetchone()[0])

    def set_schema_version(self, version: int) -> None:
        self.execute(f"PRAGMA user_version = {int(version)}")

    def render_ddl(self, script: str) -> str:
        return script  # the migrations are written in SQLite's dialect

    def read_frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return pd.read_sql_query(sql, self, params=tuple(params))

    def after_migrate(self) -> None:
        pass

    def bounds_sql(self, bounds: tuple[float, float, float, float]) -> tuple[str, list[float]]:
        return plain_bounds_sql(bounds)


def connect_sqlite(path: str | Path) -> SQLiteConnection:
    """Open the SQLite file ``path`` (created if missing): WAL mode, foreign keys, rows by name and index."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False,
                           factory=SQLiteConnection)
    conn.label = str(path)
    conn.row_factory = sqlite3.Row
    _set_wal(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _set_wal(conn: sqlite3.Connection, attempts: int = 100) -> None:
    """WAL mode. Switching a new file to WAL fails at once, without waiting, while another process opens it
    too ("database is locked"), so retry for a few seconds."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)
