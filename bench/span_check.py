"""Are the spans the words behind the fields, on real text? ``.venv/bin/python bench/span_check.py [--data DIR]``.

Runs the pipeline on the seed, the English GTD summaries and the news excerpts of ``../shared/eval/dev`` (read at
run time, never copied) and applies ``tests/span_checks.span_problems`` to every event: the place span names the
event's place, the type span holds a trigger of its sub-event type, casualty spans state a toll, the actor span
names the actor, date spans are date expressions, evidence spans give the evidence. Prints, per corpus, events
checked, events with a problem, spans per field, and the commonest problems.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from eval_data import DEFAULT_DIR, gtd_reports, news_articles
from span_checks import span_problems

from dashboard.models import SPAN_FIELDS, Article
from dashboard.pipeline.articles import read_article
from dashboard.pipeline.extraction import extract_article

ROOT = Path(__file__).resolve().parent.parent
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def corpora(folder: Path) -> dict[str, list[Article]]:
    out = {"seed": [read_article(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]}
    if folder.is_dir():
        out["GTD summaries (en)"] = [
            Article(text=r.text, article_id=f"gtd-{i}", url=f"gtd:{i}", language="en", published=r.published)
            for i, r in enumerate(gtd_reports(folder))]
        for language in ("ar", "en"):
            out[f"news ({language})"] = [
                Article(text=n.text, article_id=n.article_id, url=n.article_id, language=language,
                        published=n.published, title=n.title) for n in news_articles(folder, language)]
    else:
        print(f"{folder}: not found; only the seed is checked", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    for name, articles in corpora(args.data).items():
        events = bad = 0
        fields: Counter[str] = Counter()
        problems: Counter[str] = Counter()
        examples: dict[str, str] = {}
        for article in articles:
            for event in extract_article(article):
                events += 1
                fields.update(f for f in SPAN_FIELDS if event.spans.get(f))
                found = span_problems(article, event)
                bad += bool(found)
                for problem in found:
                    kind = _QUOTED.sub("…", problem).split(" does not name ")[0].split(" is no trigger of ")[0]
                    problems[kind] += 1
                    examples.setdefault(kind, f"{article.url}: {problem}")
        print(f"== {name}: {len(articles)} articles, {events} events, {bad} with a span problem")
        print("   events with a span of: " + ", ".join(f"{f} {fields[f]}" for f in SPAN_FIELDS))
        for problem, n in problems.most_common(6):
            print(f"   {n:5d}  {problem}   e.g. {examples[problem][:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
