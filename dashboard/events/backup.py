"""Online backup and restore of the event store with SQLite's backup API (store layer).

Both work while the page reads the store and while an ingest writes it (WAL mode: the copy is one consistent
snapshot taken in a single backup step; writers are not blocked). Nothing is ever lost on the way:

* :func:`backup_store` writes the copy beside its target under a temporary name, checks it with
  ``PRAGMA integrity_check``, makes it a self-contained single file (journal mode DELETE) and only then
  renames it into place, so a crash leaves either the old file or the complete new one.
* :func:`restore_store` refuses anything that is not a sound Incident Map store, first backs the current
  store up beside it (``NAME.before-restore-YYYYmmddTHHMMSS.db``), then copies the backup into the live file
  page by page in one transaction, and bumps the store's generation so every open page reloads.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> from dashboard.events.schema import open_store
>>> open_store(folder / "live.db").close()
>>> backup_store(folder / "live.db", folder / "copy.db").events
0
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dashboard.errors import StoreError
from dashboard.events.schema import SCHEMA_VERSION, open_store
from dashboard.text.wording import counted

REQUIRED_TABLES = ("events", "event_sources", "edits", "articles", "meta")


@dataclass(frozen=True, slots=True)
class StoreSummary:
    """What a store file holds (printed by the CLI after a backup or restore)."""

    path: Path
    events: int
    articles: int
    edits: int
    size: int

    def line(self) -> str:
        """One line for the terminal."""
        return (f"{counted(self.events, 'event')}, {counted(self.articles, 'article')}, "
                f"{counted(self.edits, 'analyst edit')} "
                f"({self.size / 1e6:.1f} MB)")


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A plain connection (no migration); read-only ones never create or change the file."""
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    try:
        return sqlite3.connect(uri, uri=read_only, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open it ({exc})") from exc


def check_store_file(path: Path) -> StoreSummary:
    """Summary of the Incident Map store at ``path``; StoreError if it is not one or is damaged."""
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    conn = _connect(path, read_only=True)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise StoreError(f"{path}: the file is damaged ({problems[0]}); use another backup")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise StoreError(f"{path}: not an Incident Map store (no {', '.join(missing)} table)")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: made by a newer Incident Map (schema {version} > {SCHEMA_VERSION}); upgrade")
        count = lambda table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
        return StoreSummary(path, count("events"), count("articles"), count("edits"), path.stat().st_size)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not an Incident Map store ({exc})") from exc
    finally:
        conn.close()


def _same_file(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and os.path.samefile(a, b)


def backup_store(db: str | Path, dest: str | Path, *, overwrite: bool = False) -> StoreSummary:
    """Copy the live store ``db`` into the single file ``dest`` (checked, then renamed into place)."""
    db, dest = Path(db), Path(dest)
    if not db.is_file():
        raise StoreError(f"{db}: no such store to back up; give --db or set INCIDENT_MAP_DB")
    if _same_file(db, dest) or dest.resolve() == db.resolve():
        raise StoreError(f"{dest}: is the store itself; back up to another file")
    if dest.exists() and not overwrite:
        raise StoreError(f"{dest}: already exists; choose a new name or pass --force to replace it")
    if not dest.parent.is_dir():
        raise StoreError(f"{dest.parent}: no such folder")
    tmp = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        _copy(db, tmp)
        summary = check_store_file(tmp)
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"{dest}: the backup failed ({exc}); the store is untouched") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return StoreSummary(dest, summary.events, summary.articles, summary.edits, dest.stat().st_size)


def _copy(db: Path, target: Path) -> None:
    """One-step online backup of ``db`` into a new file ``target``, made a single self-contained file."""
    source = _connect(db)
    copy = _connect(target)
    try:
        source.backup(copy)  # pages=-1: one consistent snapshot; WAL writers go on
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()
    with target.open("rb") as handle:
        os.fsync(handle.fileno())


def _generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return int(row[0]) if row else 0


def safety_copy_name(db: Path, when: datetime | None = None) -> Path:
    """Where :func:`restore_store` keeps the store it replaces."""
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    name = db.with_name(f"{db.stem}.before-restore-{stamp}{db.suffix or '.db'}")
    n = 1
    while name.exists():  # two restores in one second
        n += 1
        name = db.with_name(f"{db.stem}.before-restore-{stamp}-{n}{db.suffix or '.db'}")
    return name


def restore_store(backup: str | Path, db: str | Path) -> tuple[StoreSummary, Path | None]:
    """Replace the live store ``db`` by ``backup``; returns its summary and where the old store was saved."""
    backup, db = Path(backup), Path(db)
    if _same_file(backup, db):
        raise StoreError(f"{backup}: is the store itself; give a backup file")
    summary = check_store_file(backup)
    saved = None
    if db.exists():
        saved = safety_copy_name(db)
        backup_store(db, saved)
    live = open_store(db)
    source = _connect(backup, read_only=True)
    try:
        before = _generation(live)
        source.backup(live)  # one step: readers keep their snapshot until it commits, then see the backup
        live.execute("PRAGMA journal_mode=WAL")
        live.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(max(before, _generation(live)) + 1),))
    except sqlite3.Error as exc:
        raise StoreError(f"{db}: restoring {backup} failed ({exc}); the previous store is in {saved}") from exc
    finally:
        source.close()
        live.close()
    open_store(db).close()  # migrate an older backup forward
    return summary, saved
