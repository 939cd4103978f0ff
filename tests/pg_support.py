"""A real PostgreSQL server for the tests (and benchmarks): Debian's ``postgresql`` binaries in a temporary folder.

:class:`PostgresServer` runs ``initdb`` and ``pg_ctl`` on a free port of 127.0.0.1 with trust authentication.
PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the ``postgres`` system user
(created by the Debian package), or ``nobody``, through ``runuser``.

Fixtures: ``pg_server`` (one server per test session), ``store_target`` (parametrised: a fresh SQLite file and
a fresh PostgreSQL database, so every store test runs on both backends) and ``pg_url`` (a fresh PostgreSQL
database only); tests that use them are marked ``postgres``. Without the server binaries the PostgreSQL
cases skip with the reason; with ``INCIDENT_MAP_REQUIRE_POSTGRES`` set (CI) they fail instead.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRE_POSTGRES = bool(os.environ.get("INCIDENT_MAP_REQUIRE_POSTGRES"))
SEARCH = ("/usr/lib/postgresql/*/bin",)


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl (newest Debian version first, then PATH), or None."""
    for pattern in SEARCH:
        found = sorted(Path("/").glob(pattern.lstrip("/")), key=lambda p: int(p.parent.name) if
                       p.parent.name.isdigit() else 0, reverse=True)
        for folder in found:
            if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
                return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> str | None:
    """The user the server runs as when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists")


class PostgresServer:
    """One throw-away PostgreSQL server: ``start()``, ``restart()``, ``stop()``, fresh databases by name."""

    def __init__(self, bindir: Path, *, fsync: bool = False) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="incident-map-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = _run_as()
        self.fsync = fsync
        self._names = itertools.count(1)
        if self.user:
            info = pwd.getpwnam(self.user)
            os.chown(self.root, info.pw_uid, info.pw_gid)

    def _cmd(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return [*prefix, *args]

    def _run(self, *args: str, timeout: float = 120) -> None:
        subprocess.run(self._cmd(*args), check=True, capture_output=True, timeout=timeout, cwd=self.root)

    def start(self) -> PostgresServer:
        if not self.data.exists():
            self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   f"-c fsync={'on' if self.fsync else 'off'} -c max_connections=200")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", *extra, action)

    def restart(self) -> None:
        """Restart at once (``-m fast``): every open connection is cut, as in a real server restart."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def fresh_database(self, prefix: str = "t") -> str:
        """Create an empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        for attempt in range(50):  # right after a restart the server may still refuse connections
            try:
                with psycopg.connect(self.url(), autocommit=True) as admin:
                    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
                return self.url(name)
            except psycopg.OperationalError:
                if attempt == 49:
                    raise
                time.sleep(0.2)
        raise AssertionError("unreachable")


def unavailable(reason: str) -> None:
    """Skip (locally) or fail (with INCIDENT_MAP_REQUIRE_POSTGRES, i.e. in CI) a PostgreSQL test."""
    if REQUIRE_POSTGRES:
        pytest.fail(f"PostgreSQL tests cannot run while INCIDENT_MAP_REQUIRE_POSTGRES is set: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        unavailable("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed: pip install 'psycopg[binary]'")
    server = PostgresServer(bindir)
    try:
        server.start()
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        server.stop()
        unavailable(f"the PostgreSQL test server did not start: {exc} {detail.decode(errors='replace')[-500:]}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database."""
    return pg_server.fresh_database()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs the server ``postgres`` (``-m "not postgres"`` leaves them out)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        uses_param = callspec is not None and callspec.params.get("store_target") == "postgresql"
        if uses_param or {"pg_server", "pg_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store on each backend: a SQLite file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("pg_server").fresh_database()
