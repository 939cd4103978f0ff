"""Package data (foundation layer), found wherever the package is installed (a wheel or an editable checkout).

Foundation layer: imports nothing of the project. The build puts the gazetteer (``dashboard/data`` holds the
repository's top-level ``data/``), the seed articles (``dashboard/seeds``: the top-level ``seeds/``), the lexicons
(``dashboard/extract/lexicon``) and the map's script (``dashboard/views/mapview.js``) inside the package, and code
reads them through :mod:`importlib.resources` here, never from paths relative to a checkout.

>>> resource_path("data", "gazetteer.csv").name
'gazetteer.csv'
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The file or folder ``parts`` inside the installed ``dashboard`` package, as a filesystem path.

    pip installs wheels unpacked, so package data is a real file SQLite, Streamlit and Chromium can open.
    """
    return Path(str(files("dashboard").joinpath(*parts)))


def read_text(*parts: str) -> str:
    """The UTF-8 text of a package data file."""
    return files("dashboard").joinpath(*parts).read_text(encoding="utf-8")
