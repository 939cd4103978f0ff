"""Sources of a batch ingest (pipeline layer): folders, article files and article archives (JSON Lines, gzip).

An archive holds one article a line: a JSON object with ``text`` (required), and ``published``
(``YYYY-MM-DD``), ``url``, ``title``, ``language`` (``ar`` / ``en``), ``publisher`` (optional). A line that is
not such an object is reported with its file and line number, and the others still go in.

>>> import gzip, json, pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.jsonl.gz"
>>> lines = [json.dumps({"text": "A bomb exploded in Mosul today.", "published": "2021-02-20"}), "{oops"]
>>> _ = path.write_bytes(gzip.compress("\\n".join(lines).encode()))
>>> [(item.where.split("/")[-1], item.error is None) for item in iter_items([path])]
[('a.jsonl.gz:1', True), ('a.jsonl.gz:2', False)]
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from dashboard.errors import ArticleError, DateInputError
from dashboard.models import Article
from dashboard.pipeline.articles import article_from_text, is_article_file, iter_article_paths, read_article

ARCHIVE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
FIELDS = ("text", "published", "url", "title", "language", "publisher")


@dataclass(frozen=True, slots=True)
class Item:
    """One article of the input, or why that piece of input is not one. ``where`` is ``FILE`` or ``FILE:LINE``."""

    where: str
    article: Article | None = None
    error: str | None = None


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Folders (recursively) and files -> article files and archives, sorted within each folder."""
    return iter_article_paths(paths, accept=lambda p: is_archive(p) or is_article_file(p))


def _open_text(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="strict")
    return path.open(encoding="utf-8", errors="strict")


def _published(value: Any, published: date | None) -> date | None:
    if published is not None:
        return published
    if value in (None, ""):
        return None
    from dashboard.extract.dates import parse_published

    try:
        return parse_published(str(value))
    except DateInputError as exc:
        raise ArticleError(f"'published' is not a usable date: {exc}") from exc


def article_from_record(record: Any, where: str, *, published: date | None = None,
                        language: str | None = None) -> Article:
    """One archive line's object as an Article; ArticleError (naming ``where``) when it is not one."""
    if not isinstance(record, dict):
        raise ArticleError(f"{where}: not a JSON object with a 'text'")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f"{where}: no 'text' (every line needs the article's text)")
    for name in FIELDS[1:]:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise ArticleError(f"{where}: '{name}' must be text, got {type(record[name]).__name__}")
    try:
        when = _published(record.get("published"), published)
    except ArticleError as exc:
        raise ArticleError(f"{where}: {exc}") from exc
    try:
        return article_from_text(
            text, url=record.get("url") or where, published=when,
            language=language or record.get("language") or None,
            publisher=record.get("publisher") or "", title=record.get("title") or "",
        )
    except ArticleError as exc:
        message = str(exc)
        raise ArticleError(message if message.startswith(where) else f"{where}: {message}") from exc


def iter_archive(path: Path, *, published: date | None = None, language: str | None = None) -> Iterator[Item]:
    """The items of one archive, line by line (blank lines are skipped)."""
    try:
        handle = _open_text(path)
    except OSError as exc:
        yield Item(str(path), error=f"{path}: cannot be read ({exc.strerror or exc})")
        return
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield Item(where, error=f"{where}: not JSON ({exc.msg} at column {exc.colno})")
                    continue
                try:
                    yield Item(where, article_from_record(record, where, published=published, language=language))
                except ArticleError as exc:
                    yield Item(where, error=str(exc))
        except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
            yield Item(f"{path}:{number + 1}", error=f"{path}: unreadable after line {number} ({exc}); "
                       "the lines before it are read")


def iter_items(paths: Iterable[str | Path], *, published: date | None = None,
               language: str | None = None) -> Iterator[Item]:
    """Every article of the sources, in order: files as ``incident-map ingest`` reads them, archives by line."""
    for path in expand(paths):
        if is_archive(path):
            yield from iter_archive(path, published=published, language=language)
            continue
        try:
            yield Item(str(path), read_article(path, published=published, language=language))
        except ArticleError as exc:
            yield Item(str(path), error=str(exc))


def count_items(paths: Iterable[str | Path]) -> int:
    """How many items :func:`iter_items` will give (non-blank archive lines are counted, not parsed)."""
    total = 0
    for path in expand(paths):
        if not is_archive(path):
            total += 1
            continue
        try:
            with _open_text(path) as handle:
                total += sum(1 for line in handle if line.strip())
        except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile):
            total += 1
    return total
