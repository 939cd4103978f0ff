"""``incident-map serve``: open the dashboard on the store (face layer: the command line starts the page).

It seeds an empty store with the shipped seed articles, prepares the page's offline assets
(:func:`dashboard.views.assets.ensure_vendor`), then becomes ``streamlit run`` on the page's entry script.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from dashboard.cli.options import add_db
from dashboard.errors import DateInputError, StoreError
from dashboard.events.backends import display_name, is_url
from dashboard.events.store import count_events, open_store
from dashboard.pipeline.articles import MAX_ARTICLE_BYTES
from dashboard.pipeline.ingest import IngestReport, ingest_paths
from dashboard.resources import resource_path
from dashboard.settings import SETTINGS, resolve

SEEDS_DIR = resource_path("seeds")
APP_SCRIPT = resource_path("app", "main.py")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command."""
    serve = subparsers.add_parser("serve", help="open the dashboard (Streamlit) on the store")
    add_db(serve)
    serve.add_argument("--port", help=f"{SETTINGS['port'].help} (default {SETTINGS['port'].default})")
    serve.add_argument("--host", help=f"{SETTINGS['host'].help} (default {SETTINGS['host'].default})")
    serve.add_argument("--tiles", help=f"{SETTINGS['tiles'].help} (env {SETTINGS['tiles'].env})")
    serve.add_argument("--no-seed", action="store_true", help="do not ingest seeds/ into an empty store")
    header = SETTINGS["trusted_user_header"]
    serve.add_argument("--trusted-user-header", metavar="HEADER", help=f"{header.help} (env {header.env})")
    serve.set_defaults(func=run_serve)


def seed_if_empty(db: str) -> IngestReport | None:
    """Ingest ``seeds/`` into an empty store so a new user's first screen shows real incidents."""
    conn = open_store(db)
    if count_events(conn) or not SEEDS_DIR.is_dir():
        return None
    return ingest_paths(conn, [SEEDS_DIR])


def streamlit_command(host: str, port: str) -> list[str]:
    """The ``streamlit run`` command line: local static assets, bound to ``host``, no usage statistics."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        "--server.address", host, "--server.port", str(port), "--server.headless", "true",
        "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
        "--server.maxUploadSize", str(MAX_ARTICLE_BYTES // 2**20),  # MiB; an article is refused above it anyway
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
        "--theme.base", "light", "--client.toolbarMode", "minimal",
    ]


def run_serve(args: argparse.Namespace) -> int:
    """``incident-map serve``: prepare the store and the offline assets, then run Streamlit."""
    from dashboard.views.assets import ensure_vendor  # folium loads only for this command
    db = resolve("db", args.db)
    db = db if is_url(db) else str(Path(db).resolve())
    if not args.no_seed:
        try:
            report = seed_if_empty(db)
        except (StoreError, DateInputError) as exc:
            print(f"incident-map serve: warning: could not ingest the seed articles: {exc}", file=sys.stderr)
        else:
            if report is not None:
                print(f"seeded an empty store: {report.summary()}")
    ensure_vendor()
    host, port = resolve("host", args.host), resolve("port", args.port)
    header = SETTINGS["trusted_user_header"]
    env = dict(os.environ, **{SETTINGS["db"].env: db, SETTINGS["tiles"].env: resolve("tiles", args.tiles),
                              header.env: resolve("trusted_user_header", args.trusted_user_header)})
    package_parent = str(resource_path().parent)  # where ``import dashboard`` finds the package
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
    print(f"Incident Map on http://{host}:{port} (store {display_name(db)}); Ctrl+C stops it", flush=True)
    command = streamlit_command(host, port)
    if os.name == "posix":  # become the server: one process to stop, and no idle parent holding memory
        sys.stdout.flush()
        os.chdir(APP_SCRIPT.parent)
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, env=env, cwd=str(APP_SCRIPT.parent))
    except KeyboardInterrupt:
        return 0
