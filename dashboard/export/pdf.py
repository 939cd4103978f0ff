"""PDF briefing of the current view (export layer): title, dates and filters, map, timeline, table of events, time made.

fpdf2 with HarfBuzz text shaping (uharfbuzz) and a Noto Arabic fallback font, so Arabic place names read
right to left and joined. The first page holds the briefing; a long table continues on further pages
with its heading repeated, so every event of the view is in the file.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from fpdf import FPDF
from fpdf.enums import Align
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image

from dashboard.errors import ExportError
from dashboard.export import captions
from dashboard.export.fonts import ATTRIBUTION, MPL_FAMILIES, require_fonts
from dashboard.export.png import render_view
from dashboard.export.view import ExportView, date_range_text, describe_filters
from dashboard.views import i18n
from dashboard.views.style import type_colors

MAP_PIXELS = (1280, 720)
TABLE_HEADINGS = ("Date", "Type", "Place", "المكان", "Casualties", "Source")
TABLE_WIDTHS = (20, 62, 58, 50, 35, 52)  # mm, sum = 277 = A4 landscape less margins
ARABIC_COLUMN = 3
#: Text the Arabic font can draw alone (Noto Naskh Arabic has of ASCII only space, digits and ``!,.:``).
ARABIC_ONLY = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff 0-9!,.:]+")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
TABLE_FONT_PT = 7.5
ROW_MM = 4.6


class BriefingPDF(FPDF):
    """A4 landscape with a footer line on every page: when it was made, attribution, page number."""

    footer_text = ""
    page_word = "page"

    def footer(self) -> None:
        """fpdf2 calls this at the end of every page."""
        self.set_y(-9)
        self.set_font("Body", size=7)
        self.set_text_color(90, 90, 90)
        shaping = self.text_shaping
        self.set_text_shaping(bool(ARABIC.search(self.footer_text)))  # an Arabic footer is joined
        dot = "|" if ARABIC.search(self.footer_text) else "·"
        self.cell(0, 4, f"{self.footer_text}   {dot}   {self.page_word} {self.page_no()}/{{nb}}", align=Align.C)
        self.set_text_shaping(bool(shaping))


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
    pdf.set_text_shaping(True)  # titles may be Arabic; the table turns it on only where needed
    return pdf


def _jpeg(rgb: np.ndarray) -> io.BytesIO:
    """An RGB array as JPEG bytes (embedded as is by fpdf2: fast and small)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=88)
    buffer.seek(0)
    return buffer


def timeline_array(events: pd.DataFrame, size: tuple[int, int] = (880, 720), title: str = "Events per day",
                   language: str = "en") -> np.ndarray:
    """Events per day, stacked by event type (the page's colours), as an RGB array."""
    days = pd.to_datetime(events["event_date"]).dt.normalize()
    counts = pd.crosstab(days, events["event_type"].astype(str)).sort_index()
    colors = type_colors(list(counts.columns))
    with matplotlib.rc_context({"font.family": MPL_FAMILIES, "font.size": 18}):
        fig = Figure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.1, 0.2, 0.86, 0.7))
        days = mdates.date2num(counts.index.to_pydatetime())
        bottom = np.zeros(len(counts))
        for event_type in counts.columns:
            heights = counts[event_type].to_numpy()
            bars = [
                ((d - 0.4, b), (d - 0.4, b + h), (d + 0.4, b + h), (d + 0.4, b))
                for d, b, h in zip(days, bottom, heights, strict=True)
                if h
            ]
            ax.add_collection(PolyCollection(bars, facecolors=colors[event_type], edgecolors="none"))
            bottom += heights
        ax.set_xlim(days.min() - 1, days.max() + 1)
        ax.set_ylim(0, max(bottom.max(), 1) * 1.08)
        ax.xaxis_date()
        locator = mdates.AutoDateLocator(maxticks=7)
        ax.xaxis.set_major_locator(locator)
        if language == "en":
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        else:  # day and month name, the language's digits
            ax.xaxis.set_major_formatter(FuncFormatter(
                lambda x, _: i18n.day(language, mdates.num2date(x).date(), "d MMM")))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: i18n.number(language, y)))
        ax.set_title(title, fontsize=22)
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.get_major_locator().set_params(integer=True)
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
    """Title, then dates, number of events and filters on one line (from the right in Arabic)."""
    align = "R" if captions.rtl(view) else "L"
    pdf.set_font("Body", "B", 17)
    pdf.multi_cell(0, 8, captions.title(view), new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.set_font("Body", size=9)
    pdf.set_text_color(60, 60, 60)
    if captions.rtl(view):
        line = captions.subtitle(events, view, sep="   |   ")
    else:
        filters = describe_filters(view, dates=False)
        line = f"{date_range_text(events, view)}   ·   {len(events)} events   ·   filters: {filters}"
    pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.set_text_color(0, 0, 0)


def _figures(pdf: BriefingPDF, events: pd.DataFrame, view: ExportView, made_at: datetime, tiles: str | None) -> None:
    """The map (left, 16:9) and the timeline (right), side by side."""
    top = pdf.get_y() + 2
    map_view = ExportView(filters=view.filters, bounds=view.bounds, zoom=view.zoom, size=MAP_PIXELS, title=view.title,
                          language=view.language)
    rgb = render_view(events, map_view, made_at=made_at, tiles=tiles, chrome=False).rgb
    map_w = 160.0
    map_h = map_w * MAP_PIXELS[1] / MAP_PIXELS[0]
    timeline = timeline_array(events, title=i18n.t(view.language, "brief.per_day"), language=view.language)
    if captions.rtl(view):  # Arabic: the map on the right, where the eye starts
        pdf.image(_jpeg(rgb), x=pdf.w - 10 - map_w, y=top, w=map_w, h=map_h)
        pdf.image(_jpeg(timeline), x=pdf.w - 10 - map_w - 5 - map_h * 880 / 720, y=top, w=map_h * 880 / 720, h=map_h)
    else:
        pdf.image(_jpeg(rgb), x=10, y=top, w=map_w, h=map_h)
        pdf.image(_jpeg(timeline), x=10 + map_w + 5, y=top, w=map_h * 880 / 720, h=map_h)
    pdf.set_y(top + map_h + 1)
    pdf.set_font("Body", size=7)
    pdf.set_text_color(90, 90, 90)
    basemap = captions.attribution(view) if captions.rtl(view) else ATTRIBUTION
    line = f"{captions.source_text(events, view)} {captions.separator(view)} {basemap}"
    pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT", align="R" if captions.rtl(view) else "L")
    pdf.set_text_color(0, 0, 0)


def text_width(pdf: FPDF, text: str) -> float:
    """Width in mm of Latin ``text`` in the current font, from its glyph widths (fpdf2's own measure parses
    styles and bidi on every call: 40 times slower)."""
    widths = pdf.current_font.cw
    return sum(widths[ord(char)] for char in text) * pdf.font_size / 1000


def fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` on one line, cut with an ellipsis to fit ``width`` mm in the current font."""
    text = " ".join(str(text).split())
    arabic = bool(ARABIC.search(text))
    if len(text) * pdf.font_size <= width:  # no glyph is wider than 1 em: fits unmeasured
        return text

    def measure(candidate: str) -> float:
        return pdf.get_string_width(candidate) if arabic else text_width(pdf, candidate)

    if measure(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle] + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _table_row(pdf: FPDF, cells: tuple[str, ...], *, heading: bool = False, rtl: bool = False) -> None:
    """One table line with borders. Cells with Arabic go through ``cell`` with HarfBuzz shaping (joined,
    right to left); the others through the much faster ``text``, which needs neither. ``rtl``: the columns run
    from the right (the first cell is the rightmost) and Arabic cells are right-aligned."""
    left, top = pdf.l_margin, pdf.get_y()
    widths, arabic_column = TABLE_WIDTHS, ARABIC_COLUMN
    if rtl:
        cells, widths, arabic_column = tuple(reversed(cells)), tuple(reversed(TABLE_WIDTHS)), -1
    pdf.set_font("Body", "B" if heading else "", TABLE_FONT_PT)
    if heading:
        pdf.rect(left, top, sum(TABLE_WIDTHS), ROW_MM, style="F")
    x = left
    for index, (text, width) in enumerate(zip(cells, widths, strict=True)):
        shown = fit(pdf, text, width - 2)
        if ARABIC.search(shown) or (rtl and shown):  # right to left: every cell shaped (Latin ones too)
            arabic_only = bool(ARABIC_ONLY.fullmatch(shown))
            if rtl:  # a real font change first: after a cell drawn with the fallback font, fpdf2 may not reselect
                pdf.set_font("Arabic" if not arabic_only else "Body", "", TABLE_FONT_PT)
                pdf.set_font("Body", "B" if heading else "", TABLE_FONT_PT)
            if arabic_only:  # the Arabic font alone and a known direction: 2.5x faster than fallback + bidi
                pdf.set_font("Arabic", "", TABLE_FONT_PT)
            pdf.set_text_shaping(True, direction="rtl" if arabic_only or rtl else None)
            pdf.set_xy(x, top)
            pdf.cell(width, ROW_MM, shown, align="R" if index == arabic_column or rtl else "L")
            pdf.set_text_shaping(False)
            pdf.set_font("Body", "B" if heading else "", TABLE_FONT_PT)
        elif shown:
            pdf.text(x + 1, top + ROW_MM * 0.7, shown)
        pdf.line(x, top, x, top + ROW_MM)
        x += width
    pdf.line(x, top, x, top + ROW_MM)
    pdf.line(left, top, x, top)
    pdf.line(left, top + ROW_MM, x, top + ROW_MM)
    pdf.set_xy(left, top + ROW_MM)


def _table(pdf: FPDF, events: pd.DataFrame, view: ExportView | None = None) -> None:
    """Every event of the view: date, type, place in English and Arabic, casualties, source.

    Rows that do not fit continue on new pages, under a repeated heading.
    """
    pdf.ln(2)
    pdf.set_fill_color(230, 230, 230)
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.15)
    pdf.set_text_shaping(False)
    rtl = view is not None and captions.rtl(view)
    headings = captions.table_headings(view) if rtl else TABLE_HEADINGS
    _table_row(pdf, headings, heading=True, rtl=rtl)
    for row in events.itertuples(index=False):
        if pdf.get_y() + ROW_MM > pdf.page_break_trigger:
            pdf.add_page()
            _table_row(pdf, headings, heading=True, rtl=rtl)
        if rtl:
            _table_row(pdf, captions.table_cells(view, row), rtl=True)
            continue
        day = row.event_date.date().isoformat() if not pd.isna(row.event_date) else "undated"
        kind = f"{row.event_type} / {row.sub_event_type}".strip(" /")
        casualties = casualties_text(row.fatalities, row.injured)
        _table_row(pdf, (day, kind, row.location, row.location_ar, casualties, row.source))


def render_pdf(
    events: pd.DataFrame, view: ExportView, *, made_at: datetime, tiles: str | None = None, **_: object
) -> bytes:
    """The PDF briefing's bytes; deterministic for the same events, view and ``made_at``."""
    pdf = _new_pdf(made_at)
    pdf.footer_text = captions.made_text(view, made_at)
    pdf.page_word = i18n.t(view.language, "brief.page")
    pdf.add_page()
    _header(pdf, events, view)
    _figures(pdf, events, view, made_at, tiles)
    _table(pdf, events, view)
    return bytes(pdf.output())
