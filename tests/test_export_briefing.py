"""PDF briefing: every event row in pdftotext, renders with pdftoppm, Arabic shaped, deterministic."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from export_factories import make_frame
from PIL import Image

from dashboard.errors import ExportError
from dashboard.events.table import Filters
from dashboard.export import fonts as export_fonts
from dashboard.export.pdf import casualties_text
from dashboard.export.view import ExportView, view_events
from dashboard.export.writers import export_bytes

MADE_AT = datetime(2026, 11, 30, 7, 50, tzinfo=UTC)
VIEW = ExportView(title="Erbil and Nineveh — أربيل ونينوى", filters=Filters(admin1=("Erbil", "Nineveh")))
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    path.write_bytes(export_bytes(make_frame(24), VIEW, "pdf", made_at=MADE_AT))
    return path


def table_text(path: Path) -> str:
    """The text of the page's right column, the table (pdftotext at 72 dpi: points)."""
    from dashboard.export.pdf import TABLE_X

    x = int(TABLE_X / 25.4 * 72) - 2
    return subprocess.run(["pdftotext", "-layout", "-x", str(x), "-y", "0", "-W", str(842 - x), "-H", "595",
                           str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_pdftotext_has_every_event_row_of_the_view(pdf_file: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_file), "-"], capture_output=True, text=True, check=True
    ).stdout
    events = view_events(make_frame(24), VIEW)
    assert len(events) == 8
    lines = table_text(pdf_file).splitlines()
    for row in events.itertuples():
        day = row.event_date.date().isoformat()
        line = next((ln for ln in lines if ln.lstrip().startswith(day) and row.location in ln), None)
        assert line is not None, f"no table row for {day} {row.location}"
        assert row.sub_event_type in line and row.source in line
        assert casualties_text(row.fatalities, row.injured) in line
        assert row.location_ar in line  # Arabic extracted in logical order: shaped, not garbled
    assert "Erbil and Nineveh" in text
    assert "governorate: Erbil, Nineveh" in text
    assert "Made 2026-11-30 07:50 UTC" in text
    assert "Mosul" in text and "Baghdad" not in text  # only the view's events


@needs_poppler
def test_pdftoppm_renders_a_page_with_map_and_chart(pdf_file: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf_file), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    pixels = np.asarray(Image.open(pages[0]).convert("RGB")).astype(int)
    assert pixels.shape[1] > pixels.shape[0]  # landscape
    height, width = pixels.shape[:2]
    map_area = pixels[int(height * 0.15) : int(height * 0.4), int(width * 0.05) : int(width * 0.4)]
    assert (map_area.min(axis=2) < 250).mean() > 0.5  # the map image is there, not white paper
    assert map_area.std() > 10
    assert (pixels.min(axis=2) < 200).mean() > 0.03  # text, table rules, chart


@needs_poppler
@pytest.mark.parametrize("n", [23, 60, 61, 120])
def test_the_briefing_is_one_page_listing_up_to_60_events(n: int, tmp_path: Path) -> None:
    data = export_bytes(make_frame(n), ExportView(), "pdf", made_at=MADE_AT)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    text = table_text(path)
    rows = [line for line in text.splitlines() if re.match(r"\s*20\d\d-\d\d-\d\d\s", line)]
    assert len(rows) == min(n, 60)
    if n > 60:
        assert f"and {n - 60} more in the CSV" in text
    else:
        assert "more in the CSV" not in text
    subs = set(make_frame(n)["sub_event_type"].astype(str))
    assert all(sub in text for sub in subs), subs  # sub-event types are not cut off


def test_pdf_is_deterministic_for_a_fixed_time() -> None:
    df = make_frame(5)
    assert export_bytes(df, VIEW, "pdf", made_at=MADE_AT) == export_bytes(df, VIEW, "pdf", made_at=MADE_AT)


def test_missing_arabic_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_fonts, "FONT_DIRS", ())
    with pytest.raises(ExportError, match="fonts-noto-core"):
        export_bytes(make_frame(2), VIEW, "pdf", made_at=MADE_AT)


def test_casualties_text() -> None:
    assert casualties_text(3, 0) == "3 killed, 0 injured"
    assert casualties_text(None, 2) == "2 injured"
    assert casualties_text(None, None) == "not stated"


@needs_poppler
def test_arabic_with_punctuation_and_mixed_scripts_keeps_every_character(tmp_path: Path) -> None:
    df = make_frame(2)
    df.loc[0, "location_ar"] = "مطار (12) أربيل"
    df.loc[1, "source"] = "Sky News Arabia (سكاي نيوز عربية)"
    path = tmp_path / "mixed.pdf"
    path.write_bytes(export_bytes(df, ExportView(), "pdf", made_at=MADE_AT))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    row = next(line for line in text.splitlines() if "أربيل" in line)  # extracted in visual order
    assert "12" in row and "مطار" in row and row.count("(") + row.count(")") == 2
    assert "سكاي نيوز عربية" in text and "Sky News Arabia" in text


@needs_poppler
def test_long_sub_event_types_and_casualties_are_not_cut_off(tmp_path: Path) -> None:
    df = make_frame(60)
    df["sub_event_type"] = df["sub_event_type"].astype(str)
    df.loc[0, "sub_event_type"] = "Shelling/artillery/missile attack"
    df.loc[0, ["fatalities", "injured"]] = [12, 14]
    path = tmp_path / "brief.pdf"
    path.write_bytes(export_bytes(df, ExportView(), "pdf", made_at=MADE_AT))
    text = table_text(path)
    assert "Shelling/artillery/missile attack" in text and "12 killed, 14 injured" in text
    assert "…" not in "".join(line.split("  ")[0] for line in text.splitlines())  # dates are whole


def test_timeline_over_ten_years_has_yearly_bars_not_hairlines() -> None:
    from dashboard.export.pdf import timeline_array

    df = make_frame(12)
    df["event_date"] = pd.to_datetime([f"{2014 + i}-06-01" for i in range(12)])
    df["date_earliest"] = df["date_latest"] = df["event_date"]
    rgb = timeline_array(df)
    plot = rgb[int(rgb.shape[0] * 0.2) : int(rgb.shape[0] * 0.8), int(rgb.shape[1] * 0.1) : int(rgb.shape[1] * 0.95)]
    coloured = (plot.max(axis=2) - plot.min(axis=2) > 60).any(axis=0)  # columns crossing a coloured bar
    assert coloured.mean() > 0.5, coloured.mean()  # per day these were five hairlines (< 2% of the width)
