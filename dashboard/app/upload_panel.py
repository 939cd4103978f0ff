"""Add articles from the page (face layer): upload files or paste text, then extract their events into the store."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.app import loaders
from dashboard.errors import IncidentMapError
from dashboard.models import LANGUAGES, Article
from dashboard.pipeline.articles import ARTICLE_SUFFIXES, article_from_text, article_from_upload
from dashboard.pipeline.ingest import IngestReport, default_extractor, ingest_articles


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
            articles.append(article_from_text(pasted, url=f"pasted:{date.today().isoformat()}",
                                              published=published, language=language))
        except IncidentMapError as exc:
            problems.append(str(exc))
    for problem in problems:
        st.error(problem)
    return articles


def form() -> tuple[list[Article], bool]:
    """The upload / paste form; returns the articles and whether the analyst asked to run."""
    files = st.file_uploader("Article files", type=[s.lstrip(".") for s in ARTICLE_SUFFIXES],
                             accept_multiple_files=True)
    pasted = st.text_area("…or paste an article", height=160)
    left, right = st.columns(2)
    unknown = left.checkbox("Publication date unknown")
    published = None if unknown else left.date_input("Publication date", value=date.today(), max_value=date.today())
    choice = right.radio("Language", ["detect", *LANGUAGES], horizontal=True)
    run = st.button("Extract events", type="primary", disabled=not (files or pasted.strip()))
    if not run:
        return [], False
    return _articles(files or [], pasted, published, None if choice == "detect" else choice), True


def run(articles: list[Article]) -> IngestReport | None:
    """Extract and store ``articles`` with a progress bar; the new events become highlighted."""
    if not articles:
        return None
    bar = st.progress(0.0, text="Reading articles…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total, text=f"{done}/{total}: {name}")

    try:
        report = ingest_articles(loaders.connection(), articles, extract=default_extractor(), progress=progress)
    except IncidentMapError as exc:
        st.error(str(exc))
        return None
    bar.empty()
    st.session_state["highlight"] = report.added + report.merged
    st.success(report.summary() + ". The new events are ringed in black on the map.")
    return report
