"""Add articles from the page (face layer): upload files or paste text, then extract their events into the store.

A date is never invented: the publication date field starts empty; without one, relative dates ("yesterday")
stay unresolved and the page says so; a date the store would refuse (in the future, before
:data:`EARLIEST_PUBLISHED`) keeps the button disabled.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.app import loaders
from dashboard.app.language import current, tr
from dashboard.errors import IncidentMapError
from dashboard.events import store
from dashboard.models import LANGUAGES, Article
from dashboard.pipeline.articles import ARTICLE_SUFFIXES, article_from_paste, article_from_upload
from dashboard.pipeline.ingest import IngestReport, default_extractor, ingest_articles
from dashboard.text.wording import counted
from dashboard.views import i18n

#: The oldest publication date the page accepts (older news is not this product's material, and an old
#: date is far more often a typo).
EARLIEST_PUBLISHED = date(1990, 1, 1)
NEW_EVENT_COLUMNS = ["event_date", "event_type", "sub_event_type", "location", "admin1", "evidence", "event_id"]


def _articles(files: list, pasted: str, published: date | None, language: str | None) -> list[Article]:
    articles, problems = [], []
    for upload in files:
        try:
            articles.append(article_from_upload(upload.name, upload.getvalue(), published=published,
                                                language=language))  # checks type, size, encoding
        except IncidentMapError as exc:
            problems.append(str(exc))
    if pasted.strip():
        try:
            articles.append(article_from_paste(pasted, published=published, language=language))
        except IncidentMapError as exc:
            problems.append(str(exc))
    for problem in problems:
        st.error(problem)
    return articles


def date_problem(published: date | None, today: date | None = None, language: str = "en") -> str | None:
    """Why ``published`` cannot be used, or None (an empty date is allowed: it is simply unknown)."""
    today = today or date.today()
    if published is None:
        return None
    if published > today:
        return i18n.t(language, "add.future", published=published.isoformat(), today=today.isoformat())
    if published < EARLIEST_PUBLISHED:
        return i18n.t(language, "add.too_old", published=published.isoformat(),
                      earliest=EARLIEST_PUBLISHED.isoformat())
    return None


def form() -> tuple[list[Article], bool]:
    """The upload / paste form; returns the articles and whether the analyst asked to run."""
    files = st.file_uploader(tr("add.files"), type=[s.lstrip(".") for s in ARTICLE_SUFFIXES],
                             accept_multiple_files=True)
    pasted = st.text_area(tr("add.paste"), height=160)
    left, right = st.columns(2)
    # value=None: the field starts empty. The widget's own range is wide so that a wrong date reaches the check
    # below (a date outside a widget's range is shown as an error in the browser but never sent).
    published = left.date_input(tr("add.published"), value=None, min_value=date(1900, 1, 1),
                                max_value=date(2100, 12, 31), format="YYYY-MM-DD", key="published",
                                help=tr("add.published_help"))
    problem = date_problem(published, language=current())
    if problem:
        left.error(problem)
    elif published is None:
        left.caption(tr("add.no_date"))
    detect = tr("add.detect")  # the language codes stay as they are: they are what the analyst types elsewhere
    choice = right.radio(tr("add.language"), [detect, *LANGUAGES], horizontal=True)
    run = st.button(tr("add.run"), type="primary", disabled=bool(problem) or not (files or pasted.strip()))
    if not run or problem:
        return [], False
    return _articles(files or [], pasted, published, None if choice == detect else choice), True


def new_events_table(event_ids: list[str]) -> pd.DataFrame:
    """The stored events ``event_ids`` (date, type, place, evidence), in that order."""
    conn = loaders.connection()
    rows = []
    for event_id in event_ids:
        try:
            rows.append(store.get_event(conn, event_id))
        except IncidentMapError:
            continue
    table = pd.DataFrame(rows, columns=[*NEW_EVENT_COLUMNS, "date_earliest", "date_latest"])
    vague = table["date_earliest"].notna() & (table["date_earliest"] != table["date_latest"])
    table["event_date"] = table["event_date"].fillna(tr("add.unresolved")).astype(str)
    table.loc[vague, "event_date"] += " (" + table["date_earliest"].astype(str) + " – " + table["date_latest"].astype(
        str) + ")"
    return table[NEW_EVENT_COLUMNS]


def run(articles: list[Article]) -> IngestReport | None:
    """Extract and store ``articles`` with a progress bar; list the new events, which become highlighted."""
    if not articles:
        return None
    bar = st.progress(0.0, text=tr("add.reading"))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total, text=f"{done}/{total}: {name}")

    try:
        report = ingest_articles(loaders.connection(), articles, extract=default_extractor(), progress=progress)
    except IncidentMapError as exc:
        st.error(str(exc))
        return None
    bar.empty()
    touched = report.added + [e for e in report.merged if e not in report.added]
    st.session_state["highlight"] = touched
    language = current()
    message = report.summary() + "." if language == "en" else tr(
        "add.summary", **{name: i18n.number(language, n) for name, n in report.counts().items()})
    if touched:
        message += tr("add.ringed_one" if len(touched) == 1 else "add.ringed_many")
    st.success(message)
    undated = [a for a in articles if a.published is None]
    if undated:
        st.warning(tr("add.undated_many" if len(undated) > 1 else "add.undated_one",
                      articles=counted(len(undated), "article") if language == "en"
                      else i18n.number(language, len(undated))))
    if touched:
        st.dataframe(new_events_table(touched), hide_index=True, key="new-events",
                     column_config={"event_date": st.column_config.TextColumn(tr("col.event_date")),
                                    "location": st.column_config.TextColumn(tr("col.location")),
                                    "admin1": st.column_config.TextColumn(tr("col.admin1"))})
    elif report.results and all(r.unchanged for r in report.results):
        st.info(tr("add.unchanged"))
    else:
        st.info(tr("add.none_found"))
    return report
