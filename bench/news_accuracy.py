"""Located, dated and false events on the news development set: ``.venv/bin/python bench/news_accuracy.py``.

Scored as ``../shared/eval/dev/README.md`` says (read at run time, never copied): every article of
``news_ar.jsonl`` and ``news_en.jsonl`` goes through the real pipeline with its ``published`` date; events
are matched one to one (nearest first) to the article's main and secondary incidents within 25 km, or the
label's ``coord_precision_km`` when larger. An incident is *located* when matched and *dated* when the matched
event's date lies in [``date_earliest``, ``date_latest``]; a *false event* is one farther than 25 km from every
labelled incident of its article, background ones included.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_data import DEFAULT_DIR

from dashboard.geo.distance import haversine_km
from dashboard.models import Article, Event
from dashboard.pipeline.extraction import extract_article

KM = 25.0
#: Articles the pipeline raised on (scored with no events), with the error.
CRASHES: list[str] = []


def _article(rec: dict) -> Article:
    published = date.fromisoformat(rec["published"][:10]) if rec.get("published") else None
    return Article(text=rec["text"], article_id=rec["id"], url=rec.get("url") or rec["id"],
                   language=rec["language"], published=published, title=rec.get("title") or "")


def _km(event: Event, incident: dict) -> float:
    return haversine_km(event.latitude, event.longitude, incident["lat"], incident["lon"])


def score(rec: dict) -> tuple[int, int, int, int, int, list[str]]:
    """(incidents, located, dated, events, false events, notes) of one article."""
    try:
        events = extract_article(_article(rec))
    except Exception as error:  # a pipeline defect on one article: count it, keep scoring the rest
        events = []
        CRASHES.append(f"{rec['id']}: {type(error).__name__}: {error}")
    labelled = [i for i in rec["incidents"] if i.get("lat") is not None]
    wanted = [i for i in labelled if i["role"] in ("main", "secondary")]
    pairs = sorted(
        (_km(e, inc), ei, ii)
        for ei, e in enumerate(events) for ii, inc in enumerate(wanted)
        if _km(e, inc) <= max(KM, float(inc.get("coord_precision_km") or 0))
    )
    used_e: set[int] = set()
    used_i: set[int] = set()
    located = dated = 0
    for _, ei, ii in pairs:
        if ei in used_e or ii in used_i:
            continue
        used_e.add(ei)
        used_i.add(ii)
        located += 1
        inc, ev = wanted[ii], events[ei]
        lo, hi = inc.get("date_earliest") or inc.get("date"), inc.get("date_latest") or inc.get("date")
        if ev.event_date and lo and hi and lo <= ev.event_date.isoformat() <= hi:
            dated += 1
    false = [e for e in events if all(_km(e, inc) > KM for inc in labelled)]
    notes = [f"{rec['id']}: false event at {e.location} ({e.admin1})" for e in false]
    return len(wanted), located, dated, len(events), len(false), notes


def main(argv: list[str] | None = None) -> int:
    """Print the figures per language; exit 0 with a message when the evaluation folder is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--notes", action="store_true", help="list every false event")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    for language in ("ar", "en"):
        path = args.data / f"news_{language}.jsonl"
        if not path.is_file():
            print(f"{path} not found; skipping")
            continue
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        totals = [0, 0, 0, 0, 0]
        notes: list[str] = []
        for rec in records:
            *figures, more = score(rec)
            totals = [a + b for a, b in zip(totals, figures, strict=True)]
            notes += more
        incidents, located, dated, events, false = totals
        print(f"== news_{language}: {len(records)} articles, {incidents} main/secondary incidents, {events} events")
        print(f"  located  {100 * located / incidents:5.1f}% ({located}/{incidents})")
        print(f"  dated    {100 * dated / incidents:5.1f}% ({dated}/{incidents})")
        print(f"  false events per article  {false / len(records):.2f} ({false}/{len(records)})")
        if args.notes:
            print("\n".join(f"    {n}" for n in notes))
    if CRASHES:
        print(f"pipeline errors (scored as no events): {len(CRASHES)}: " + "; ".join(CRASHES))
    print(f"ran in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
