"""PDF briefing of the current view: title, dates and filters, map, timeline, table of events, time made.

fpdf2 with HarfBuzz text shaping (uharfbuzz) and a Noto Arabic fallback font, so Arabic place names read
right to left and joined. The first page holds the briefing; a long table continues on further pages
with its heading repeated, so every event of the view is in the file.
"""

from __future__ import annotations

import io
from datetime import datetime

import matplotlib
import numpy as np
import pandas as pd
from fpdf import FPDF
from fpdf.enums import Align
from fpdf.fonts import FontFace
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from dashboard.errors import ExportError
from dashboard.views.export import ExportView, date_range_text, describe_filters
from dashboard.views.export_render import render_view, source_line
from dashboard.views.export_style import ATTRIBUTION, MPL_FAMILIES, require_fonts, type_colors

MAP_PIXELS = (1600, 900)
TABLE_HEADINGS = ("Date", "Type", "Place", "المكان", "Casualties", "Source")
TABLE_WIDTHS = (20, 55, 62, 50, 38, 52)  # mm, sum = 277 = A4 landscape less margins


class BriefingPDF(FPDF):
    """A4 landscape with a footer line on every page: when it was made, attribution, page number."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font("Body", size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, f"{self.footer_text}   ·   page {self.page_no()}/{{nb}}", align=Align.C)


def _new_pdf(made_at: datetime) -> BriefingPDF:
    """The document with the fonts registered (Latin body, bold, Arabic fallback) and shaping on."""
    try:
        import uharfbuzz  # noqa: F401  (fpdf2 needs it for set_text_shaping)
    except ImportError as exc:
        raise ExportError("the PDF briefing needs uharfbuzz to join Arabic: pip install uharfbuzz") from exc
    latin, bold, arabic = require_fonts()
    pdf = BriefingPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(made_at)
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font("Body", "", str(latin))
    pdf.add_font("Body", "B", str(bold))
    pdf.add_font("Arabic", "", str(arabic))
    pdf.set_fallback_fonts(["Arabic"], exact_match=False)
    pdf.set_text_shaping(True)
    return pdf


def _jpeg(rgb: np.ndarray) -> io.BytesIO:
    """An RGB array as JPEG bytes (embedded as is by fpdf2: fast and small)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=88)
    buffer.seek(0)
    return buffer


def timeline_array(events: pd.DataFrame, size: tuple[int, int] = (1100, 900)) -> np.ndarray:
    """Events per day, stacked by event type (the page's colours), as an RGB array."""
    days = pd.to_datetime(events["event_date"]).dt.normalize()
    counts = pd.crosstab(days, events["event_type"].astype(str)).sort_index()
    colors = type_colors(list(counts.columns))
    with matplotlib.rc_context({"font.family": MPL_FAMILIES, "font.size": 18}):
        fig = Figure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.1, 0.2, 0.86, 0.7))
        bottom = np.zeros(len(counts))
        for event_type in counts.columns:
            ax.bar(
                counts.index,
                counts[event_type].to_numpy(),
                bottom=bottom,
                width=0.8,
                color=colors[event_type],
                label=event_type,
            )
            bottom += counts[event_type].to_numpy()
        ax.set_title("Events per day", fontsize=22)
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.get_major_locator().set_params(integer=True)
        fig.autofmt_xdate()
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[:, :, :3].copy()


def casualties_text(fatalities: object, injured: object) -> str:
    """ "3 killed, 5 injured"; a missing number is left out, both missing is "not stated"."""
    parts = []
    if not pd.isna(fatalities):
        parts.append(f"{int(fatalities)} killed")
    if not pd.isna(injured):
        parts.append(f"{int(injured)} injured")
    return ", ".join(parts) or "not stated"


def _header(pdf: BriefingPDF, events: pd.DataFrame, view: ExportView) -> None:
    pdf.set_font("Body", "B", 17)
    pdf.multi_cell(0, 8, view.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", size=9)
    pdf.set_text_color(60, 60, 60)
    line = f"{date_range_text(events, view)}   ·   {len(events)} events   ·   filters: {describe_filters(view)}"
    pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def _figures(pdf: BriefingPDF, events: pd.DataFrame, view: ExportView, made_at: datetime, tiles: str | None) -> None:
    """The map (left, 16:9) and the timeline (right), side by side."""
    top = pdf.get_y() + 2
    map_view = ExportView(filters=view.filters, bounds=view.bounds, zoom=view.zoom, size=MAP_PIXELS, title=view.title)
    rgb = render_view(events, map_view, made_at=made_at, tiles=tiles, chrome=False).rgb
    map_w = 160.0
    map_h = map_w * MAP_PIXELS[1] / MAP_PIXELS[0]
    pdf.image(_jpeg(rgb), x=10, y=top, w=map_w, h=map_h)
    pdf.image(_jpeg(timeline_array(events)), x=10 + map_w + 5, y=top, w=map_h * 1100 / 900, h=map_h)
    pdf.set_y(top + map_h + 1)
    pdf.set_font("Body", size=7)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(0, 4, f"{source_line(events)}   ·   {ATTRIBUTION}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def _table(pdf: BriefingPDF, events: pd.DataFrame) -> None:
    """Every event of the view: date, type, place in English and Arabic, casualties, source."""
    pdf.ln(2)
    pdf.set_font("Body", size=7.5)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=TABLE_WIDTHS,
        width=sum(TABLE_WIDTHS),
        line_height=4.2,
        headings_style=heading,
        text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT"),
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        table.row(TABLE_HEADINGS)
        for row in events.itertuples(index=False):
            day = row.event_date.date().isoformat() if not pd.isna(row.event_date) else "undated"
            kind = f"{row.event_type} / {row.sub_event_type}".strip(" /")
            table.row(
                (
                    day,
                    kind,
                    row.location,
                    row.location_ar,
                    casualties_text(row.fatalities, row.injured),
                    row.source,
                )
            )


def render_pdf(
    events: pd.DataFrame, view: ExportView, *, made_at: datetime, tiles: str | None = None, **_: object
) -> bytes:
    """The PDF briefing's bytes; deterministic for the same events, view and ``made_at``."""
    pdf = _new_pdf(made_at)
    pdf.footer_text = f"Made {made_at:%Y-%m-%d %H:%M} UTC with Incident Map"
    pdf.add_page()
    _header(pdf, events, view)
    _figures(pdf, events, view, made_at, tiles)
    _table(pdf, events)
    return bytes(pdf.output())
