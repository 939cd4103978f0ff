"""Readers for the third-party evaluation files in ``../shared/eval/dev`` (read at run time, never copied).

Each reader yields small typed records; nothing here knows about the pipeline. See the folder's README for
the sources, columns and licences.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "dev"
_GTD_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*:\s*")
#: NewsFANE splits these off as separate tokens; they are written joined in running text.
PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "س", "ال", "لل"})
ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ي", "ني"})
#: NewsFANE fine-grained tags that name a place.
NEWSFANE_PLACE_TAGS = frozenset({
    "Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "County-or-District", "Continent",
    "Region-General", "Region-International", "Land-Region-Natural", "Water-Body", "Building-Grounds",
    "Airport", "Subarea-Facility", "Path",
})


@dataclass(frozen=True, slots=True)
class Report:
    """An English incident summary with its gold place, date, type and casualties."""

    source: str
    text: str
    published: date
    admin1: str
    city: str
    latitude: float
    longitude: float
    attack_type: str
    suicide: bool
    killed: int | None
    wounded: int | None


@dataclass(frozen=True, slots=True)
class PlaceString:
    """A UCDP place string with its gold point and precision (1 exact ... 7)."""

    text: str
    precision: int
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Sentence:
    """An Arabic sentence rebuilt from tokens, with gold place spans as character offsets."""

    source: str
    text: str
    gold: tuple[tuple[int, int], ...]


def strip_gtd_date(summary: str) -> str:
    """The summary without its leading "MM/DD/YYYY:" (which would give the date away)."""
    return _GTD_DATE.sub("", summary, count=1)


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def gtd_reports(folder: Path) -> Iterator[Report]:
    """GTD Iraq 2012-2017 rows as Reports."""
    with (folder / "gtd_iraq_2012_2017.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield Report(
                "GTD", strip_gtd_date(row["summary"]), date.fromisoformat(row["date"]), row["state"], row["city"],
                float(row["latitude"]), float(row["longitude"]), row["attack_type"], row["suicide"] == "1",
                _int(row["killed"]), _int(row["wounded"]),
            )


def drone_reports(folder: Path) -> Iterator[Report]:
    """Drone-attack rows with a gold point (ACLED notes or GTD summaries); the gold kind is an air/drone strike."""
    with (folder / "iraq_drone_acled_gtd.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if _float(row["latitude"]) is None or _float(row["longitude"]) is None:
                continue  # no gold point to judge against
            when = date(int(row["year"]), int(row["month"]), int(row["day"]))
            yield Report(
                f"drone/{row['adatforras']}", strip_gtd_date(row["summary"]), when, row["provstate"], row["city"],
                float(row["latitude"]), float(row["longitude"]), "Drone", False,
                _int(row["nkill"]), _int(row["nwound"]),
            )


def ucdp_places(folder: Path) -> Iterator[PlaceString]:
    """UCDP GED place strings with gold coordinates."""
    with (folder / "ucdp_ged_iraq.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield PlaceString(row["where_coordinates"], int(row["where_prec"]), float(row["latitude"]),
                              float(row["longitude"]))


def _token_rows(path: Path) -> dict[str, list[tuple[str, str]]]:
    sentences: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            sentences.setdefault(row["sent_id"], []).append((row["token"], row["tag"]))
    return sentences


def _rebuild(tokens: list[tuple[str, str]], is_place: set[str] | frozenset[str], rejoin: bool) -> tuple[str, list]:
    """Text from tokens (clitics rejoined if ``rejoin``) and gold place spans as (start, end)."""
    text, spans, current = "", [], None
    glue_next = False
    for i, (token, tag) in enumerate(tokens):
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        attach = rejoin and (glue_next or (token in ENCLITICS and i > 0 and tag == "O"))
        if text and not attach:
            text += " "
        start = len(text)
        text += token
        glue_next = rejoin and token in PROCLITICS and tag == "O"
        if kind in is_place and tag.startswith("B-"):
            current = [start, len(text)]
            spans.append(current)
        elif kind in is_place and tag.startswith("I-") and current is not None:
            current[1] = len(text)
        else:
            current = None
    return text, spans


def arabic_sentences(folder: Path) -> Iterator[Sentence]:
    """NewsFANE (clitics rejoined) and ANERcorp (LOC) sentences with gold place spans."""
    for sent in _token_rows(folder / "newsfane_gold_iraq_sentences.tsv").values():
        text, spans = _rebuild(sent, NEWSFANE_PLACE_TAGS, rejoin=True)
        yield Sentence("NewsFANE", text, tuple(tuple(s) for s in spans))
    for sent in _token_rows(folder / "anercorp_iraq_sentences.tsv").values():
        text, spans = _rebuild(sent, frozenset({"LOC"}), rejoin=False)
        yield Sentence("ANERcorp", text, tuple(tuple(s) for s in spans))


@dataclass(frozen=True, slots=True)
class NewsIncident:
    """A labelled incident of a news excerpt: role main / secondary (news) or background (recalled)."""

    role: str
    event_type: str
    place: str
    latitude: float
    longitude: float
    precision_km: float
    earliest: date
    latest: date
    place_ar: str = ""


@dataclass(frozen=True, slots=True)
class NewsArticle:
    """A real news excerpt with its labelled incidents and the places it names that are not incident places."""

    article_id: str
    language: str
    title: str
    text: str
    published: date
    incidents: tuple[NewsIncident, ...]
    non_incident: tuple[tuple[str, str], ...]


def news_articles(folder: Path, language: str) -> Iterator[NewsArticle]:
    """``news_ar.jsonl`` / ``news_en.jsonl`` rows as NewsArticles (see the folder's README)."""
    import json

    with (folder / f"news_{language}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            incidents = tuple(
                NewsIncident(
                    inc["role"], inc.get("event_type") or "", inc.get("place_en") or inc.get("place_ar") or "",
                    float(inc["lat"]), float(inc["lon"]), float(inc.get("coord_precision_km") or 0.0),
                    date.fromisoformat(inc["date_earliest"]), date.fromisoformat(inc["date_latest"]),
                    inc.get("place_ar") or "",
                )
                for inc in row["incidents"]
            )
            yield NewsArticle(
                row["id"], row["language"], row.get("title") or "", row["text"], date.fromisoformat(row["published"]),
                incidents, tuple((p["name"], p["why"]) for p in row.get("non_incident_places", [])),
            )
