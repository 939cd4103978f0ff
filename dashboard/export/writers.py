"""From a view to a file (export layer): the writer of each format, one code path for page and CLI.

:func:`export_bytes` picks the format's writer (PNG: :mod:`.screenshot`, which falls back to :mod:`.png`; PDF:
:mod:`.pdf`; HTML: :mod:`.html`; CSV, GeoJSON, KML: :mod:`.data`) and hands it the view's events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd

from dashboard.errors import ExportError
from dashboard.export.acled import to_acled_csv
from dashboard.export.data import to_csv, to_geojson, to_kml
from dashboard.export.html import render_html
from dashboard.export.pdf import render_pdf
from dashboard.export.screenshot import render_png
from dashboard.export.view import FORMATS, ExportView, made_at_now, view_events

#: Format -> writer(events, view, *, made_at, **options) -> bytes, in the order of :data:`FORMATS`.
WRITERS: dict[str, Callable[..., bytes]] = {
    "png": render_png,
    "pdf": render_pdf,
    "html": render_html,
    "csv": to_csv,
    "geojson": to_geojson,
    "kml": to_kml,
    "acled-csv": to_acled_csv,
}


def export_bytes(
    df: pd.DataFrame, view: ExportView, fmt: str, *, made_at: datetime | None = None, **options: object
) -> bytes:
    """The bytes of ``fmt`` for the view's events; ExportError for an unknown format or an empty view.

    ``options`` go to the format's writer: ``bom=True`` (CSV), ``tiles=URL`` (PNG, PDF, HTML).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    events = view_events(df, view)
    return WRITERS[fmt](events, view, made_at=made_at or made_at_now(), **options)


def export_to_file(df: pd.DataFrame, view: ExportView, fmt: str, path: Path, **options: object) -> int:
    """Write the export to ``path`` (only once it is complete, so a failure leaves no broken file)."""
    data = export_bytes(df, view, fmt, **options)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror}; check the folder exists and is writable") from exc
    return len(data)
