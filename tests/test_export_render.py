"""PNG export: not blank, markers where the events project, legend and title text, tiles, blank detection."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from export_factories import make_frame
from PIL import Image

from dashboard.errors import ExportError
from dashboard.export import tiles as export_tiles
from dashboard.export.png import layout_for, render_view, tile_zoom
from dashboard.export.view import ExportView, check_not_blank, view_events
from dashboard.export.writers import export_bytes
from dashboard.views.style import type_colors

MADE_AT = datetime(2026, 11, 30, 7, 50, tzinfo=UTC)
VIEW = ExportView(title="Erbil and Nineveh — أربيل ونينوى", size=(960, 540))


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def test_png_is_a_png_of_the_requested_size_and_not_blank() -> None:
    data = export_bytes(make_frame(6), ExportView(), "png", made_at=MADE_AT)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (1920, 1080)
    pixels = np.asarray(image.convert("RGB"))
    assert pixels.std() > 20  # a map, not a flat colour


def test_markers_are_drawn_where_the_events_project() -> None:
    events = view_events(make_frame(6), VIEW)  # six different places, one event each
    rendered = render_view(events, VIEW, made_at=MADE_AT)
    colours = type_colors(events["event_type"].astype(str).unique())
    for row in events.itertuples():
        x, y = rendered.layout.to_pixel(row.latitude, row.longitude)
        pixel = rendered.rgb[round(y), round(x)].astype(float)
        expected = hex_rgb(colours[row.event_type])
        assert np.abs(pixel - expected).max() < 60, (row.location, pixel, expected)


def test_title_legend_and_credits_are_drawn() -> None:
    events = view_events(make_frame(8), VIEW)
    rendered = render_view(events, VIEW, made_at=MADE_AT)
    texts = dict(rendered.texts)
    assert VIEW.title in texts
    assert "Event type" in texts
    for event_type in events["event_type"].unique():
        assert any(text.startswith(f"{event_type} (") for text in texts)
    assert any("2026-11-01 – 2026-11-08" in text for text in texts)  # date range
    assert any("OpenStreetMap" in text for text in texts)  # attribution
    assert any(text.startswith("Source: ") for text in texts)
    assert "N" in texts  # north arrow
    assert any(text.endswith(" km") for text in texts)  # scale bar
    left, top, right, bottom = (round(v) for v in texts[VIEW.title])
    assert 0 <= left < right <= 960 and 0 <= top < bottom <= 540
    ink = rendered.rgb[top:bottom, left:right].min(axis=2)
    assert (ink < 80).mean() > 0.05  # dark glyphs are really there


def test_png_is_deterministic() -> None:
    df = make_frame(5)
    assert export_bytes(df, VIEW, "png", made_at=MADE_AT) == export_bytes(df, VIEW, "png", made_at=MADE_AT)


def test_blank_image_is_an_error() -> None:
    with pytest.raises(ExportError, match="blank"):
        check_not_blank(np.full((100, 100, 3), 255, dtype=np.uint8), (0, 0, 100, 100))
    check_not_blank(np.random.default_rng(1).integers(0, 255, (100, 100, 3), dtype=np.uint8), (0, 0, 100, 100))


def test_missing_basemap_tiles_fail_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sqlite3

    empty = tmp_path / "empty.mbtiles"
    with sqlite3.connect(empty) as conn:
        conn.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)")
    monkeypatch.setattr(export_tiles, "offline_basemap_path", lambda: empty)
    with pytest.raises(ExportError, match="no basemap tiles"):
        export_bytes(make_frame(3), VIEW, "png", made_at=MADE_AT)


def test_tile_url_is_used_when_it_answers(tmp_path: Path) -> None:
    """A tile server (here a folder of red tiles behind a file:// template) replaces the offline basemap."""
    events = view_events(make_frame(3), VIEW)
    template = (tmp_path / "{z}" / "{x}" / "{y}.png").as_uri().replace("%7B", "{").replace("%7D", "}")
    source = export_tiles.tile_source(None)
    source.url, source._url_failed = template, False
    layout = layout_for((30.0, 40.0, 38.0, 48.0), VIEW.size)
    z = tile_zoom(layout, source)
    red = tmp_path / "red.png"
    Image.new("RGB", (256, 256), (255, 0, 0)).save(red)
    x0, y0, x1, y1 = (int(v * (1 << z) // 256) for v in layout.world)
    for zoom, x, y in [(0, 0, 0)] + [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]:
        path = tmp_path / str(zoom) / str(x) / f"{y}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(red.read_bytes())
    view = ExportView(bounds=(30.0, 40.0, 38.0, 48.0), size=VIEW.size, title="tiles")
    rendered = render_view(events, view, made_at=MADE_AT, tiles=template)
    _left, top, right, bottom = rendered.layout.map_box
    middle = rendered.rgb[(top + bottom) // 2 + 60, right // 2 - 200]
    assert tuple(middle) == (255, 0, 0)


def test_offline_tiles_setting_and_unreachable_url_fall_back_to_the_bundled_basemap() -> None:
    df = make_frame(3)
    offline = export_bytes(df, VIEW, "png", made_at=MADE_AT, tiles="offline")
    unreachable = export_bytes(df, VIEW, "png", made_at=MADE_AT, tiles="http://127.0.0.1:9/{z}/{x}/{y}.png")
    assert offline == unreachable


def test_dollar_signs_in_article_text_are_drawn_as_written() -> None:
    df = make_frame(3, source="Al $Sumaria$ ^_{x}", event_type="Battles $x^2$")
    view = ExportView(title="Cost $5 and $6 \\frac{a}{b}", size=(960, 540))
    texts = dict(render_view(view_events(df, view), view, made_at=MADE_AT).texts)
    assert "Cost $5 and $6 \\frac{a}{b}" in texts
    assert any("Al $Sumaria$ ^_{x}" in text for text in texts)


def test_subtitle_names_the_area_by_its_governorates_not_raw_bounds() -> None:
    import re

    view = ExportView(title="North", size=(960, 540), bounds=(35.0, 42.5, 37.2, 44.8))
    events = view_events(make_frame(24), view)
    texts = [text for text, _ in render_view(events, view, made_at=MADE_AT).texts]
    subtitle = next(text for text in texts if "2026-11" in text and "event" in text)
    assert not re.search(r"\d+\.\d+,\d+\.\d+", subtitle), subtitle  # no "area: 29.08,31.57,..."
    governorates = sorted(set(events["admin1"].astype(str)))
    assert f"area: {', '.join(governorates)}" in subtitle
    wide = ExportView(title="All", size=(960, 540), bounds=(28.0, 38.0, 38.0, 49.0))
    texts = [text for text, _ in render_view(make_frame(60), wide, made_at=MADE_AT).texts]
    assert not any("area:" in text for text in texts)  # more governorates than a subtitle names: left out
