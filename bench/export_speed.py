"""How long the exports of a 1,000-event view take (targets: PNG ≤ 3 s, PDF ≤ 5 s).

Run by hand: ``.venv/bin/python bench/export_speed.py [--events 1000] [--repeat 3]``. Prints the first call
(cold: fonts and tiles loaded for the first time in the process) and the median of the next calls (warm,
as on the running page), wall and CPU time, for every format; exits 1 when PNG or PDF misses its target.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from dashboard.events.table import events_to_frame
from dashboard.export.view import ExportView
from dashboard.export.writers import export_bytes
from dashboard.models import Event

TARGETS_S = {"png": 3.0, "pdf": 5.0}
TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots")
MADE_AT = datetime(2026, 11, 30, 7, 50, tzinfo=UTC)


def synthetic_events(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` events spread over Iraq and 60 days, with Arabic place names (seeded, so runs compare)."""
    rng = random.Random(seed)
    events = []
    for i in range(n):
        day = date(2026, 10, 1) + timedelta(days=rng.randrange(60))
        events.append(
            Event(
                event_id=f"bench{i:05d}",
                event_date=day,
                date_earliest=day,
                date_latest=day,
                time_precision=1,
                event_type=rng.choice(TYPES),
                sub_event_type="",
                location=f"Place {i % 97}",
                location_ar=f"مكان رقم {i % 97}",
                latitude=rng.uniform(30.0, 37.0),
                longitude=rng.uniform(39.5, 47.5),
                geo_precision=rng.choice((1, 1, 2, 3)),
                admin1=f"Governorate {i % 18}",
                country_code="IQ",
                gazetteer_id=str(i % 97),
                fatalities=rng.choice((None, 0, 1, 3)),
                injured=rng.choice((None, 0, 2)),
                actor1="",
                target="",
                notes="",
                evidence="قصف بطائرة مسيرة",
                source=f"Outlet {i % 12}",
                language="ar",
                article_id=f"a{i}",
                article_url=f"bench/{i}.txt",
                confidence=0.8,
            )
        )
    return events_to_frame(events)


def timed(df: pd.DataFrame, view: ExportView, fmt: str) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this process; unaffected by other load on the machine) and bytes of one export."""
    wall, cpu = time.perf_counter(), time.process_time()
    data = export_bytes(df, view, fmt, made_at=MADE_AT, tiles="offline")
    return time.perf_counter() - wall, time.process_time() - cpu, len(data)


def load() -> float:
    """The machine's 1-minute load average (timings on a busy machine are not the code's)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    df = synthetic_events(args.events)
    view = ExportView(title="Benchmark — 1,000 events")
    print(f"{args.events} events, {view.size[0]}x{view.size[1]}, offline basemap, load average {load():.1f}")
    print(f"{'format':8} {'cold s':>8} {'warm s':>8} {'warm cpu':>9} {'size':>10}  target (warm wall)")
    failed = False
    for fmt in ("png", "pdf", "html", "csv", "geojson", "kml"):
        cold, _cold_cpu, size = timed(df, view, fmt)
        runs = [timed(df, view, fmt) for _ in range(args.repeat)]
        warm, warm_cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        target = TARGETS_S.get(fmt)
        verdict = "" if target is None else (f"≤ {target:g} s " + ("ok" if warm <= target else "MISSED"))
        failed |= target is not None and warm > target
        print(f"{fmt:8} {cold:8.2f} {warm:8.2f} {warm_cpu:9.2f} {size:10,}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
