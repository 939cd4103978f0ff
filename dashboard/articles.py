"""Read articles from files, folders and uploads into :class:`~dashboard.models.Article`.

Handles encodings (UTF-8, UTF-16 with BOM, windows-1256 and other legacy code pages), HTML (scripts
and styles dropped), and metadata sidecars: ``NAME.meta.json`` beside ``NAME.txt`` with
``published``, ``publisher``, ``language``, ``title``, ``url``. Every failure is an
:class:`~dashboard.errors.ArticleError` naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from dashboard.errors import ArticleError, DateInputError
from dashboard.models import Article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md")
MAX_ARTICLE_BYTES = 25 * 1024 * 1024
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<p[\s>]|<div[\s>]|<article[\s>])", re.I)


def iter_article_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders (recursively) into article files, sorted, sidecars excluded."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.endswith(".meta.json")
            )
        elif path.is_file():
            found.append(path)
        else:
            raise ArticleError(f"{path}: no such file or folder")
    return found


def sidecar_path(path: Path) -> Path | None:
    """The metadata sidecar of ``path`` if one exists (``NAME.meta.json`` or ``NAME.txt.meta.json``)."""
    for candidate in (path.with_suffix(".meta.json"), path.with_name(path.name + ".meta.json")):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata for ``path`` from its sidecar, or {} when there is none."""
    meta_path = sidecar_path(path)
    if meta_path is None:
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(f"{meta_path}: sidecar is not valid JSON ({exc}); fix or delete it") from exc
    if not isinstance(meta, dict):
        raise ArticleError(f"{meta_path}: sidecar must be a JSON object with published/publisher/language/title")
    return meta


def decode_bytes(data: bytes, name: str) -> str:
    """Decode article bytes: BOMs first, then strict UTF-8, then charset detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ArticleError(f"{name}: looks like a binary file (NUL bytes), not an article; give a .txt or .html file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1256", "iso8859_6", "cp1252", "utf_16"]).best()
    if best is None:
        raise ArticleError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or windows-1256); re-save it as UTF-8")
    return str(best)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, one block a line; scripts, styles and templates dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript", "iframe", "svg", "head"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def detect_language(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'."""
    return "ar" if len(_ARABIC_LETTER.findall(text)) >= len(_LATIN_LETTER.findall(text)) else "en"


def content_id(text: str) -> str:
    """Stable id of an article's content: the same text gives the same id whatever the file is called."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def article_from_text(
    text: str,
    *,
    url: str,
    published: date | None = None,
    language: str | None = None,
    publisher: str = "",
    title: str = "",
    is_html: bool = False,
) -> Article:
    """Build an Article from text (an upload or a pasted report)."""
    if is_html:
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ArticleError(f"{url}: the article is empty")
    language = language or detect_language(text)
    if language not in ("ar", "en"):
        raise ArticleError(f"{url}: language must be 'ar' or 'en', got {language!r}")
    if not title:
        title = text.split("\n", 1)[0][:200]
    return Article(
        text=text, article_id=content_id(text), url=url, language=language,
        published=published, publisher=publisher, title=title,
    )


def _published_from_meta(meta: dict[str, Any], where: Path) -> date | None:
    value = meta.get("published")
    if value in (None, ""):
        return None
    from dashboard.extract.dates import parse_published

    try:
        return parse_published(str(value))
    except DateInputError as exc:
        raise ArticleError(f"{where}: sidecar 'published' is not a usable date: {exc}") from exc


def read_article(path: str | Path, published: date | None = None, language: str | None = None) -> Article:
    """Read one article file; ``published`` (e.g. from --published) overrides the sidecar's date."""
    path = Path(path)
    if not path.is_file():
        raise ArticleError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise ArticleError(f"{path}: the file is empty")
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_ARTICLE_BYTES // 2**20} MiB limit")
    data = path.read_bytes()
    text = decode_bytes(data, str(path))
    meta = read_sidecar(path)
    is_html = path.suffix.lower() in (".html", ".htm") or bool(_HTML_START.match(data[:512]))
    return article_from_text(
        text,
        url=str(meta.get("url") or path),
        published=published or _published_from_meta(meta, sidecar_path(path) or path),
        language=language or meta.get("language") or None,
        publisher=str(meta.get("publisher") or ""),
        title=str(meta.get("title") or ""),
        is_html=is_html,
    )
