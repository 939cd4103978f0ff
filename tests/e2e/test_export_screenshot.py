"""The Chromium PNG renderer (screenshot of the HTML export) and the fallback between renderers."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from export_factories import make_frame
from PIL import Image

from dashboard.errors import ExportError
from dashboard.export import screenshot as export_screenshot
from dashboard.export.view import ExportView, view_events
from dashboard.export.writers import export_bytes
from dashboard.views.style import type_colors

MADE_AT = datetime(2026, 11, 30, 7, 50, tzinfo=UTC)
VIEW = ExportView(title="Screenshot — لقطة", size=(1024, 640))


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_chromium_png_shows_the_markers_in_their_colours() -> None:
    df = make_frame(6)  # six places far apart: no clusters
    data = export_bytes(df, VIEW, "png", made_at=MADE_AT, tiles="offline", renderer="chromium")
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (1024, 640)
    pixels = np.asarray(image).astype(int)
    for event_type, colour in type_colors(view_events(df, VIEW)["event_type"].unique()).items():
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        near = (np.abs(pixels - rgb).max(axis=2) < 40).sum()
        assert near > 30, f"no {event_type} marker pixels"


def test_chromium_missing_falls_back_to_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_screenshot, "chromium_path", lambda: None)
    df = make_frame(3)
    fallback = export_bytes(df, VIEW, "png", made_at=MADE_AT, tiles="offline", renderer="chromium")
    assert fallback == export_bytes(df, VIEW, "png", made_at=MADE_AT, tiles="offline")
    with pytest.raises(ExportError, match="chromium"):
        export_screenshot.render_png_chromium(view_events(df, VIEW), VIEW, made_at=MADE_AT)
    with pytest.raises(ExportError, match="renderer"):
        export_bytes(df, VIEW, "png", made_at=MADE_AT, renderer="gimp")
