"""Accuracy of the real pipeline on third-party records: ``.venv/bin/python bench/accuracy.py [--data DIR]``.

Reads ``../shared/eval/dev`` at run time (never copied into the project; the folder's README gives sources
and licences) and prints, per source:

* GTD and drone (ACLED/GTD) summaries: incidents found, share located within 25 km of the gold point and in
  the gold governorate, date right, type agreement, casualty agreement. The article is the summary with
  GTD's leading "MM/DD/YYYY:" stripped, published on the gold date. The judged event is the article's
  first event (text order): the one an analyst reads first.
* UCDP place strings: the gazetteer geocoder's hit rate within 25 km, by UCDP precision.
* Arabic sentences (NewsFANE with clitics rejoined, ANERcorp LOC): place-mention precision/recall/F1 by
  overlap, for all places and for Iraqi places (a gold span is Iraqi when its name, clitics split, has an
  Iraqi gazetteer candidate; a mention when its chosen place is Iraqi).
* Real news excerpts (``news_ar.jsonl``, ``news_en.jsonl``), per language: incidents located (one-to-one
  matching within 25 km or the label's precision), dated in bounds, false events per article, and the misses,
  false events and wrong dates counted by cause (see :mod:`news_score`).
* The worst misses grouped by cause.

``--only news`` (or ``summaries``, ``ucdp``, ``arabic``) runs one part.

GTD attack type -> ACLED sub-event types that agree with it (GTD codes the attack, ACLED the means):

=================================  =====================================================================
GTD attack_type                    ACLED sub_event_type accepted
=================================  =====================================================================
Bombing/Explosion (suicide = 1)    Suicide bomb
Bombing/Explosion                  Remote explosive/landmine/IED, Suicide bomb, Grenade,
                                   Shelling/artillery/missile attack, Air/drone strike
Armed Assault                      Attack, Armed clash
Assassination                      Attack, Remote explosive/landmine/IED, Suicide bomb
Hostage Taking (Kidnapping)        Abduction/forced disappearance
Hostage Taking (Barricade)         Abduction/forced disappearance, Attack, Armed clash
Facility/Infrastructure Attack     Attack, Remote explosive/landmine/IED, Looting/property destruction
Unarmed Assault                    Attack
Unknown                            any (not counted)
drone file (every row)             Air/drone strike
=================================  =====================================================================
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_data import DEFAULT_DIR, Report, arabic_sentences, drone_reports, gtd_reports, news_articles, ucdp_places
from news_score import print_news, score_article

from dashboard.extract.mentions import find_mentions
from dashboard.extract.places import matcher_for
from dashboard.geo.distance import haversine_km
from dashboard.geo.gazetteer import load_gazetteer
from dashboard.geo.geocoder import GazetteerGeocoder
from dashboard.geo.ranking import needs_evidence
from dashboard.models import Article, Event
from dashboard.pipeline.extraction import read
from dashboard.text.clitics import split_proclitics
from dashboard.text.normalize import normalize

KM = 25.0
_EXPLOSIONS = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Shelling/artillery/missile attack",
               "Air/drone strike"}
TYPE_MAP: dict[str, set[str]] = {
    "Bombing/Explosion": _EXPLOSIONS,
    "Armed Assault": {"Attack", "Armed clash"},
    "Assassination": {"Attack", "Remote explosive/landmine/IED", "Suicide bomb"},
    "Hostage Taking (Kidnapping)": {"Abduction/forced disappearance"},
    "Hostage Taking (Barricade Incident)": {"Abduction/forced disappearance", "Attack", "Armed clash"},
    "Facility/Infrastructure Attack": {"Attack", "Remote explosive/landmine/IED", "Looting/property destruction"},
    "Unarmed Assault": {"Attack"},
    "Drone": {"Air/drone strike"},
}


@dataclass(slots=True)
class Outcome:
    """How the pipeline did on one report."""

    report: Report
    event: Event | None
    km: float | None
    admin1_ok: bool
    cause: str = ""


def _article(report: Report, i: int) -> Article:
    return Article(text=report.text, article_id=f"bench-{i}", url=f"bench:{report.source}:{i}", language="en",
                   published=report.published, publisher=report.source)


def _gold_admin1(name: str) -> str:
    place = load_gazetteer().admin1_place(name)
    return place.admin1 if place else name


def _miss_cause(article: Article, report: Report, event: Event | None) -> str:
    """Why the first event is not within 25 km of the gold point."""
    if event is None:
        mentions = find_mentions(article).mentions
        return "no incident: no place mention" if not mentions else "no incident: no trigger / not an incident"
    mentions = find_mentions(article).mentions
    if any(_km(m.place, report) <= KM for m in mentions):
        return "wrong event place"
    for match in matcher_for().find(article.text).matches:
        if any(_km(p, report) <= KM for p in match.candidates):
            return "wrong candidate chosen"
    key = normalize(report.city)
    if key and key in normalize(article.text) and load_gazetteer().lookup(key):
        return "mention missed"
    return "place not in gazetteer"


def _km(place: object, report: Report) -> float:
    return haversine_km(place.latitude, place.longitude, report.latitude, report.longitude)  # type: ignore[attr-defined]


def judge(reports: Iterable[Report]) -> list[Outcome]:
    """Run the pipeline on every report and judge its first event."""
    outcomes = []
    for i, report in enumerate(reports):
        article = _article(report, i)
        events = read(article)[1]
        event = events[0] if events else None
        km = haversine_km(event.latitude, event.longitude, report.latitude, report.longitude) if event else None
        admin1_ok = bool(event) and event.admin1 == _gold_admin1(report.admin1)
        outcome = Outcome(report, event, km, admin1_ok)
        if km is None or km > KM:
            outcome.cause = _miss_cause(article, report, event)
        elif event and event.event_date != report.published:
            outcome.cause = f"wrong date rule ({event.raw.get('date_rule', '')})"
        outcomes.append(outcome)
    return outcomes


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "  n/a"


def _count_agrees(gold: int | None, got: int | None) -> bool:
    return (gold or 0) == (got or 0)


def print_reports(name: str, outcomes: list[Outcome]) -> None:
    """The per-source figures for incident summaries."""
    n = len(outcomes)
    found = [o for o in outcomes if o.event]
    typed = [o for o in found if o.report.attack_type in TYPE_MAP]
    print(f"\n== {name}: {n} reports")
    print(f"  incidents found            {_pct(len(found), n)}")
    print(f"  located within {KM:.0f} km       {_pct(sum(o.km is not None and o.km <= KM for o in outcomes), n)}")
    print(f"  in the gold governorate    {_pct(sum(o.admin1_ok for o in outcomes), n)}")
    across = sum(not o.admin1_ok and o.km is not None and o.km <= KM for o in outcomes)
    print(f"    other governorate, point within {KM:.0f} km of gold: {across} (admin1 is the shape the point lies "
          "in; reports file border towns loosely: Taji 'in Saladin', Abu Ghraib 'in Anbar')")
    print(f"  date right                 {_pct(sum(o.event.event_date == o.report.published for o in found), n)}")
    print(f"  type agrees (mapped)       "
          f"{_pct(sum(o.event.sub_event_type in TYPE_MAP[o.report.attack_type] for o in typed), len(typed))}")
    killed = sum(_count_agrees(o.report.killed, o.event.fatalities) for o in found)
    wounded = sum(_count_agrees(o.report.wounded, o.event.injured) for o in found)
    print(f"  killed agrees              {_pct(killed, len(found))}")
    print(f"  wounded agrees             {_pct(wounded, len(found))}")


def print_misses(outcomes: list[Outcome], examples: int) -> None:
    """Misses grouped by cause, largest group first, with a few examples each."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.cause:
            groups[o.cause].append(o)
    print("\n== misses by cause (place > 25 km, or date)")
    for cause, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(items):4d}  {cause}")
        for o in items[:examples]:
            got = f"{o.event.location} ({o.event.admin1}) {o.km:.0f} km" if o.event and o.km is not None else "-"
            print(f"        gold {o.report.city}, {o.report.admin1} | got {got} | {o.report.text[:150]!r}")


def ucdp(folder: Path) -> None:
    """Gazetteer geocoder hit rate within 25 km on UCDP place strings, by precision."""
    geocoder = GazetteerGeocoder()
    hits: Counter[int] = Counter()
    totals: Counter[int] = Counter()
    misses: Counter[str] = Counter()
    for ps in ucdp_places(folder):
        loc = geocoder.geocode(ps.text)
        ok = loc is not None and haversine_km(loc.latitude, loc.longitude, ps.latitude, ps.longitude) <= KM
        totals[ps.precision] += 1
        hits[ps.precision] += ok
        if not ok and ps.precision <= 3:
            misses[f"{ps.text} -> {loc.address if loc else 'none'}"] += 1
    print(f"\n== UCDP place strings: geocoder hit rate within {KM:.0f} km")
    for prec in sorted(totals):
        print(f"  where_prec {prec}: {_pct(hits[prec], totals[prec])}")
    print(f"  all:          {_pct(sum(hits.values()), sum(totals.values()))}")
    print("  most frequent misses (precision 1-3): " + "; ".join(f"{k} x{v}" for k, v in misses.most_common(15)))


def _gold_is_iraqi(text: str) -> bool:
    """True when the gold span names an Iraqi place of town size or more (villages, which only a cue admits,
    do not count: with 20,000 village names every "لبنان" or "آسيا" would otherwise count as Iraqi)."""
    words = [split_proclitics(normalize(w))[1] for w in text.split()]
    for key in (normalize(text), " ".join(words), split_proclitics(normalize(text))[1]):
        if any(p.country_code == "IQ" and not needs_evidence(p) for p in load_gazetteer().lookup(key)):
            return True
    return False


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> str:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} ({tp_pred}/{n_pred})  R {r:.3f} ({tp_gold}/{n_gold})  F1 {f:.3f}"


def arabic(folder: Path, examples: int) -> None:
    """Place-mention precision, recall and F1 on Arabic sentences, all places and Iraqi places."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for i, s in enumerate(arabic_sentences(folder)):
        art = Article(text=s.text, article_id=f"ar-{i}", url=f"bench:{s.source}:{i}", language="ar")
        pred = [(m.start, m.end, m.place.country_code == "IQ") for m in find_mentions(art).mentions]
        gold = [(a, b, _gold_is_iraqi(s.text[a:b])) for a, b in s.gold]
        c = per[s.source]
        iraqi = ("iq", [g for g in gold if g[2]], [p for p in pred if p[2]])
        for scope, g_list, p_list in (("all", gold, pred), iraqi):
            c[f"{scope}_gold"] += len(g_list)
            c[f"{scope}_pred"] += len(p_list)
            c[f"{scope}_tp_gold"] += sum(any(_overlap(g, p) for p in p_list) for g in g_list)
            c[f"{scope}_tp_pred"] += sum(any(_overlap(g, p) for g in g_list) for p in p_list)
        missed.update(s.text[a:b] for a, b, _ in gold if not any(_overlap((a, b), p) for p in pred))
        spurious.update(s.text[a:b] for a, b, _ in pred if not any(_overlap(g, (a, b)) for g in gold))
    print("\n== Arabic place mentions (overlap match)")
    for source, c in per.items():
        for scope in ("all", "iq"):
            label = "all places " if scope == "all" else "Iraqi places"
            print(f"  {source:9s} {label}  "
                  f"{_prf(c[f'{scope}_tp_pred'], c[f'{scope}_pred'], c[f'{scope}_tp_gold'], c[f'{scope}_gold'])}")
    print("  missed gold spans: " + ", ".join(f"{k} x{v}" for k, v in missed.most_common(examples * 4)))
    print("  spurious mentions: " + ", ".join(f"{k} x{v}" for k, v in spurious.most_common(examples * 4)))


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def news(folder: Path, examples: int) -> None:
    """The real-news development set, Arabic and English separately."""
    for language in ("ar", "en"):
        if not (folder / f"news_{language}.jsonl").is_file():
            print(f"\n== news {language}: {folder / f'news_{language}.jsonl'} not found; skipped")
            continue
        scores = [score_article(row, i) for i, row in enumerate(news_articles(folder, language))]
        print_news(language, scores, examples)


def main(argv: list[str] | None = None) -> int:
    """Print every figure; exit 0 with a message when the evaluation folder is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--examples", type=int, default=4, help="examples printed per miss cause")
    parser.add_argument("--only", choices=("news", "summaries", "ucdp", "arabic"), help="run one part only")
    args = parser.parse_args(argv)
    if not (args.data / "gtd_iraq_2012_2017.csv").is_file():
        print(f"evaluation data not found in {args.data}; skipping (see bench/accuracy.py)")
        return 0
    started = time.perf_counter()
    part = args.only
    if part in (None, "news"):
        news(args.data, args.examples)
    if part in (None, "summaries"):
        all_outcomes = []
        for name, reader in (("GTD", gtd_reports), ("drone (ACLED + GTD)", drone_reports)):
            outcomes = judge(reader(args.data))
            print_reports(name, outcomes)
            all_outcomes += outcomes
        print_misses(all_outcomes, args.examples)
    if part in (None, "ucdp"):
        ucdp(args.data)
    if part in (None, "arabic"):
        arabic(args.data, args.examples)
    print(f"\nran in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
