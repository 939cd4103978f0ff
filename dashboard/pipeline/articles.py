"""Read articles from files, folders and uploads into :class:`~dashboard.models.Article` (pipeline layer: read).

Handles encodings (UTF-8, UTF-16 with or without BOM, windows-1256 and other legacy code pages), HTML
(scripts and styles dropped), and metadata sidecars: ``NAME.meta.json`` beside ``NAME.txt`` with
``published``, ``publisher``, ``language``, ``title``, ``url``. Every failure is an
:class:`~dashboard.errors.ArticleError` naming the file and the problem.

Articles come from the open web, so the reader is defensive: binary files (PDF, images, archives, anything
with control bytes) are refused rather than decoded into garbage, and two limits keep one file from stalling
a batch. :data:`MAX_ARTICLE_BYTES` (5 MiB) bounds the file or upload, which leaves room for HTML pages heavy
with markup; :data:`MAX_TEXT_CHARS` (200,000 characters, ten times a long news article) bounds the text the
pipeline reads, because extraction time grows faster than linearly (measured: 0.4 MB of Arabic text in ~2 s,
1 MB in ~17 s), so a 20 MB file would take hours. Both limits are named in the error message.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import unquote, urlsplit

from charset_normalizer import from_bytes

from dashboard.errors import ArticleError, DateInputError
from dashboard.extract.dates import parse_published
from dashboard.models import LANGUAGES, Article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md")
#: Largest article file or upload read, in bytes (HTML pages carry much markup around little text).
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
#: Largest article text handed to the pipeline, in characters (see the module docstring for why).
MAX_TEXT_CHARS = 200_000
#: How binary formats analysts may pick by mistake begin (PDF, Office, images, archives, executables, SQLite).
BINARY_MAGIC = (
    b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"\x1f\x8b",
    b"7z\xbc\xaf", b"Rar!\x1a", b"\x7fELF", b"SQLite format 3", b"OggS",
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<p[\s>]|<div[\s>]|<article[\s>])", re.I)


def is_article_file(path: Path) -> bool:
    """Whether a file found in a folder is read as an article (by its suffix)."""
    return path.suffix.lower() in ARTICLE_SUFFIXES


def iter_article_paths(paths: Iterable[str | Path], accept: Callable[[Path], bool] = is_article_file) -> list[Path]:
    """Expand files and folders (recursively) into the files ``accept`` takes, sorted within each folder, sidecars
    excluded; a file named directly is taken as it is."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.endswith(".meta.json") and accept(p)
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


def _utf16_without_bom(data: bytes) -> str | None:
    """Text of BOM-less UTF-16 (NUL high bytes of ASCII on one side of every pair), else None."""
    head = data[:4096]
    if len(data) % 2 or not head.count(0):
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    encoding = "utf-16-le" if odd > 4 * even else "utf-16-be" if even > 4 * odd else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _refuse_binary(data: bytes, name: str) -> None:
    """ArticleError for bytes that are a known binary format."""
    if data.startswith(BINARY_MAGIC):
        raise ArticleError(f"{name}: is a binary file ({data[:8]!r}...), not an article; "
                           "save it as .txt or .html first")


def _check_text(text: str, name: str) -> str:
    """``text`` unless it is mostly control characters (a binary file that happened to decode)."""
    sample = text[:20000]
    if sample and len(_CONTROL.findall(sample)) > max(4, len(sample) // 100):
        raise ArticleError(f"{name}: looks like a binary file (control characters), not an article; "
                           "give a .txt or .html file")
    return text


def decode_bytes(data: bytes, name: str) -> str:
    """Decode article bytes: BOMs first, then BOM-less UTF-16, strict UTF-8, then charset detection.

    Binary data raises :class:`ArticleError`, never a decoding of garbage.
    """
    _refuse_binary(data, name)
    if data.startswith(b"\xef\xbb\xbf"):
        return _check_text(data[3:].decode("utf-8", errors="replace"), name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), name)
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{name}: starts like UTF-16 but does not decode ({exc}); re-save it as UTF-8") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _check_text(utf16, name)
    if b"\x00" in data[:4096]:
        raise ArticleError(f"{name}: looks like a binary file (NUL bytes), not an article; give a .txt or .html file")
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1256", "iso8859_6", "cp1252", "utf_16"]).best()
    if best is None:
        raise ArticleError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or windows-1256); re-save it as UTF-8")
    return _check_text(str(best), name)


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
        raise ArticleError(f"{url}: the article is empty" + (" (no visible text in the HTML)" if is_html else ""))
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(f"{url}: the text is {len(text):,} characters, more than the {MAX_TEXT_CHARS:,} an "
                           "article may have; split it into separate articles")
    language = language or detect_language(text)
    if language not in LANGUAGES:
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
    try:
        return parse_published(str(value))
    except DateInputError as exc:
        raise ArticleError(f"{where}: sidecar 'published' is not a usable date: {exc}") from exc


def check_size(size: int, name: str) -> None:
    """ArticleError when a file or upload of ``size`` bytes is over :data:`MAX_ARTICLE_BYTES`."""
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{name}: {size / 2**20:.1f} MiB is larger than the {MAX_ARTICLE_BYTES // 2**20} MiB "
                           "limit for one article; is it really a news article?")


def article_from_upload(
    name: str, data: bytes, *, published: date | None = None, language: str | None = None
) -> Article:
    """An uploaded file as an Article: type (suffix and content), size and encoding are checked first."""
    if not name.lower().endswith(ARTICLE_SUFFIXES):
        raise ArticleError(f"{name}: only {', '.join(ARTICLE_SUFFIXES)} files can be added as articles")
    check_size(len(data), name)
    if not data:
        raise ArticleError(f"{name}: the file is empty")
    text = decode_bytes(data, name)
    is_html = name.lower().endswith((".html", ".htm")) or bool(_HTML_START.match(data[:512]))
    article = article_from_text(text, url=f"upload:{name}", published=published, language=language, is_html=is_html)
    return _own_identity(article, f"upload:{name}#")


def _own_identity(article: Article, prefix: str) -> Article:
    """An upload or paste keyed by its content: ``prefix`` + content hash is its URL, so two texts are two
    articles (never one replacing the other's events), while the same text given again with a (new)
    publication date replaces its own earlier version, whose relative dates were resolved without it."""
    url = prefix + article.article_id
    if article.published is None:
        return replace(article, url=url)
    dated = hashlib.sha256(f"{article.article_id}|{article.published.isoformat()}".encode()).hexdigest()[:16]
    return replace(article, url=url, article_id=dated)


def article_from_paste(text: str, *, published: date | None = None, language: str | None = None) -> Article:
    """Text pasted into the page as an Article whose identity is its content (``pasted:<content hash>``), so
    every paste is its own article: a second paste never replaces the first one's events."""
    return _own_identity(article_from_text(text, url="pasted text", published=published, language=language), "pasted:")


def source_name(publisher: str, url: str) -> str:
    """Who reported it, for the event's ``source``: the publisher, else the URL's domain, else the file name.

    >>> source_name("", "https://www.rudaw.net/arabic/middleeast/iraq/1234")
    'rudaw.net'
    >>> source_name("", "upload:report.txt#0a1b2c3d4e5f6a7b")
    'report.txt'
    >>> source_name("", "/data/news/000_9dd459dba4470899.txt")
    '000_9dd459dba4470899.txt'
    """
    if publisher.strip():
        return publisher.strip()
    url = (url or "").strip()
    if not url:
        return ""
    if url.startswith("pasted:"):
        return "pasted text"
    if url.startswith("upload:"):
        return url.removeprefix("upload:").rsplit("#", 1)[0]
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname
        return host[4:] if host.startswith("www.") else host
    if parts.scheme == "file":
        url = unquote(parts.path)
    name = PureWindowsPath(url).name if "\\" in url else PurePosixPath(url).name
    return name or url


def read_article(path: str | Path, published: date | None = None, language: str | None = None) -> Article:
    """Read one article file; ``published`` (e.g. from --published) overrides the sidecar's date."""
    path = Path(path)
    if not path.is_file():
        raise ArticleError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise ArticleError(f"{path}: the file is empty")
    check_size(size, str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
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
