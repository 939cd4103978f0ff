"""``incident-map ingest`` and ``incident-map serve``: fill the event store and open the dashboard on it."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from dashboard.articles import MAX_ARTICLE_BYTES
from dashboard.cli import batch
from dashboard.errors import DateInputError, StoreError
from dashboard.events.backends import display_name, is_url
from dashboard.events.ingest import IngestReport, ingest_paths
from dashboard.events.store import count_events, open_store
from dashboard.settings import SETTINGS, resolve
from dashboard.text.wording import counted

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = PACKAGE_ROOT / "seeds"
APP_SCRIPT = PACKAGE_ROOT / "dashboard" / "app" / "main.py"


def _published(value: str) -> date:
    """``--published``: parsed as ``extract`` parses it (garbage and future dates are refused)."""
    from dashboard.extract.dates import parse_published

    try:
        return parse_published(value)
    except DateInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _add_db(parser: argparse.ArgumentParser) -> None:
    db = SETTINGS["db"]
    parser.add_argument("--db", help=f"{db.help} (env {db.env}, default {db.default})")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``ingest`` and ``serve`` commands."""
    ingest = subparsers.add_parser("ingest", help="extract events from article files into the store")
    ingest.add_argument("paths", nargs="+", metavar="SOURCE",
                        help="article files (.txt .html .md), folders, or archives (.jsonl, .jsonl.gz)")
    _add_db(ingest)
    ingest.add_argument("--published", type=_published, help="publication date (YYYY-MM-DD) overriding sidecars")
    ingest.add_argument("--language", choices=("ar", "en"), help="language of the articles (default: detected)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.add_options(ingest)
    ingest.set_defaults(func=run_ingest)

    serve = subparsers.add_parser("serve", help="open the dashboard (Streamlit) on the store")
    _add_db(serve)
    serve.add_argument("--port", help=f"{SETTINGS['port'].help} (default {SETTINGS['port'].default})")
    serve.add_argument("--host", help=f"{SETTINGS['host'].help} (default {SETTINGS['host'].default})")
    serve.add_argument("--tiles", help=f"{SETTINGS['tiles'].help} (env {SETTINGS['tiles'].env})")
    serve.add_argument("--no-seed", action="store_true", help="do not ingest seeds/ into an empty store")
    header = SETTINGS["trusted_user_header"]
    serve.add_argument("--trusted-user-header", metavar="HEADER", help=f"{header.help} (env {header.env})")
    serve.set_defaults(func=run_serve)


def _progress_bar(quiet: bool):  # -> Progress | None
    if quiet:
        return None
    from tqdm import tqdm

    bar = tqdm(unit="article", file=sys.stderr, leave=False)

    def update(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.set_postfix_str(Path(name).name[-40:])
        bar.update(done - bar.n)
        if done == total:
            bar.close()

    return update


def print_report(report: IngestReport) -> None:
    """What an ingestion added, one line per article, then a summary."""
    labels = report.labels if len(report.labels) == len(report.results) else [r.url for r in report.results]
    for result, label in zip(report.results, labels, strict=True):
        if result.unchanged:
            print(f"{label}: unchanged")
        else:
            replaced = f", replaced {result.removed} old" if result.removed else ""
            print(f"{label}: {counted(len(result.added), 'new event')}, {len(result.merged)} merged{replaced}")
    for name, why in report.failures:
        print(f"{name}: skipped: {why}", file=sys.stderr)
    print(report.summary())


def run_ingest(args: argparse.Namespace) -> int:
    """``incident-map ingest``: exit 0, or 1 when some file could not be read."""
    if batch.wanted(args):
        return batch.run(args)
    conn = open_store(resolve("db", args.db))
    report = ingest_paths(conn, args.paths, published=args.published, language=args.language,
                          progress=_progress_bar(args.quiet))
    print_report(report)
    return 1 if report.failures else 0


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
    from dashboard.views.assets import ensure_vendor

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
    env = dict(os.environ, INCIDENT_MAP_DB=db, INCIDENT_MAP_TILES=resolve("tiles", args.tiles),
               INCIDENT_MAP_TRUSTED_USER_HEADER=resolve("trusted_user_header", args.trusted_user_header))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
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
