"""Articles per second through the whole reading pipeline, on one core: ``.venv/bin/python bench/extract_speed.py``.

Two corpora: the seed article repeated, and the English GTD summaries of ``../shared/eval/dev``
(read at run time, skipped with a message when absent). Loading the gazetteer and building the matcher
happen once, before timing. ``--profile`` prints the top of a cProfile run on the GTD corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_data import DEFAULT_DIR, gtd_reports

from dashboard.extract.places import matcher_for
from dashboard.models import Article
from dashboard.pipeline.extraction import extract_article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9dd459dba4470899.txt"


def seed_articles(copies: int) -> list[Article]:
    """The seed article ``copies`` times (distinct ids, same text)."""
    text = SEED.read_text(encoding="utf-8")
    return [Article(text=text, article_id=f"seed-{i}", url=f"seed:{i}", language="ar", published=date(2021, 2, 23))
            for i in range(copies)]


def gtd_articles(folder: Path) -> list[Article]:
    """The GTD summaries (date prefix stripped) as English articles published on the gold date."""
    return [Article(text=r.text, article_id=f"gtd-{i}", url=f"gtd:{i}", language="en", published=r.published)
            for i, r in enumerate(gtd_reports(folder))]


def rate(articles: list[Article], run: Callable[[Article], object] = extract_article) -> tuple[float, float]:
    """Articles per second for ``run`` over ``articles``: by wall clock, and by this process's CPU time.

    The CPU figure is what one otherwise idle core would give; the wall figure drops when other
    processes share the machine (the load average is printed beside it).
    """
    wall, cpu = time.perf_counter(), time.process_time()
    for article in articles:
        run(article)
    return len(articles) / (time.perf_counter() - wall), len(articles) / (time.process_time() - cpu)


def _line(label: str, rates: tuple[float, float]) -> str:
    return f"{label}: {rates[0]:7.1f} articles/s wall, {rates[1]:7.1f} articles/s CPU"


def main(argv: list[str] | None = None) -> int:
    """Print articles per second for each corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=500, help="how many times to repeat the seed")
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    matcher_for()
    extract_article(seed_articles(1)[0])  # warm caches: lexicons, compiled patterns, dateparser
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(_line(f"seed x{args.copies}", rate(seed_articles(args.copies))))
    if not (args.data / "gtd_iraq_2012_2017.csv").is_file():
        print(f"GTD summaries not found in {args.data}; skipped")
        return 0
    articles = gtd_articles(args.data)
    print(_line(f"GTD summaries ({len(articles)})", rate(articles)))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(rate, articles)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
