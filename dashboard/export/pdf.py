"""PDF briefing of the current view (export layer), on one A4 landscape page: title, dates and filters, map,
timeline, sources, table of events, time made.

fpdf2 with HarfBuzz text shaping (uharfbuzz) and a Noto Arabic fallback font, so Arabic place names read
right to left and joined. The map, the timeline and the sources fill the left column, the table the right one;
its rows shrink to fit up to :data:`MAX_TABLE_ROWS` events on the page, and a longer view lists its newest
:data:`MAX_TABLE_ROWS` and says how many more the CSV holds. The timeline's bins suit the span (day, week,
month, year: :func:`dashboard.views.timeline.bin_frequency`).
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
from dashboard.export.fonts import ATTRIBUTION, mpl_families, require_fonts
from dashboard.export.png import render_view
from dashboard.export.view import ExportView, date_range_text, describe_filters, event_sources, source_line
from dashboard.text.wording import counted
from dashboard.views import i18n
from dashboard.views.style import type_colors
from dashboard.views.timeline import FREQ_LABEL, span_frequency, timeline_counts

MAP_PIXELS = (1280, 720)
TABLE_HEADINGS = ("Date", "Sub-event type", "Place", "المكان", "Casualties", "Source")
TABLE_WIDTHS = (16, 40, 28, 23, 25, 23)  # mm, sum = 155 = the right column
ARABIC_COLUMN = 3
#: The page: A4 landscape, 10 mm margins; the left column (map, timeline, sources) and the table's column.
PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 10.0
LEFT_W, GAP = 117.0, 5.0
TABLE_X = MARGIN + LEFT_W + GAP
TABLE_BOTTOM = PAGE_H - 12.0  # above the footer line
#: Events the table lists on the page; a longer view says how many more are in the CSV.
MAX_TABLE_ROWS = 60
TIMELINE_PIXELS = (880, 520)
#: Text the Arabic font can draw alone (Noto Naskh Arabic has of ASCII only space, digits and ``!,.:``).
ARABIC_ONLY = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff 0-9!,.:]+")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
TABLE_FONT_PT = 7.5
ROW_MM = 4.6
PT_MM = 0.3528
#: The table's largest font: "Shelling/artillery/missile attack" and "3 killed, 12 injured" fit their columns.
LIST_FONT_PT = 6.0


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
        arabic = bool(ARABIC.search(self.footer_text))
        self.set_text_shaping(arabic)  # an Arabic footer is joined
        dot = "|" if arabic else "·"  # Arabic fonts draw the middle dot like a zero
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


def timeline_array(events: pd.DataFrame, size: tuple[int, int] = TIMELINE_PIXELS, language: str = "en") -> np.ndarray:
    """Whole events per day, week, month or year (whichever suits the span), stacked by event type (the page's
    colours), as an RGB array."""
    freq = span_frequency(events)
    counts = timeline_counts(events, freq)
    table = counts.pivot_table(index=["bin", "bin_end"], columns="event_type", values="events", aggfunc="sum",
                               fill_value=0).sort_index()
    colors = type_colors(list(table.columns))
    with matplotlib.rc_context({"font.family": mpl_families(), "font.size": 18}):
        fig = Figure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.09, 0.17, 0.88, 0.7))
        if not table.empty:
            starts = mdates.date2num(table.index.get_level_values("bin").to_pydatetime())
            ends = mdates.date2num(table.index.get_level_values("bin_end").to_pydatetime())
            pad = (ends - starts) * 0.08
            bottom = np.zeros(len(table))
            for event_type in table.columns:
                heights = table[event_type].to_numpy(dtype=float)
                bars = [((a + p, b), (a + p, b + h), (e - p, b + h), (e - p, b))
                        for a, e, p, b, h in zip(starts, ends, pad, bottom, heights, strict=True) if h]
                ax.add_collection(PolyCollection(bars, facecolors=colors[event_type], edgecolors="none"))
                bottom += heights
            ax.set_xlim(starts.min(), ends.max())
            ax.set_ylim(0, max(bottom.max(), 1) * 1.1)
        ax.xaxis_date()
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        if freq == "YS":
            locator = mdates.YearLocator(base=max(1, int(np.ceil(len(table) / 7))))
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator) if freq != "YS"
                                     else mdates.DateFormatter("%Y"))
        title = f"Events per {FREQ_LABEL[freq]}"
        if language != "en":  # month names and digits of the language
            fmt = "y" if freq == "YS" else ("MMM y" if freq == "MS" else "d MMM")
            ax.xaxis.set_major_formatter(FuncFormatter(
                lambda x, _: i18n.day(language, mdates.num2date(x).date(), fmt)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: i18n.number(language, y)))
            title = i18n.t(language, "brief.per_unit", unit=i18n.t(language, f"unit.{freq}"))
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
        filters = describe_filters(view, dates=False, events=events)
        line = f"{date_range_text(events, view)}   ·   {counted(len(events), 'event')}   ·   filters: {filters}"
    pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.set_text_color(0, 0, 0)


def _figures(pdf: BriefingPDF, events: pd.DataFrame, view: ExportView, made_at: datetime, tiles: str | None) -> float:
    """The left column: the map (16:9), the timeline under it, then the sources; returns the top of the column."""
    top = pdf.get_y() + 2
    map_view = ExportView(filters=view.filters, bounds=view.bounds, zoom=view.zoom, size=MAP_PIXELS, title=view.title,
                          language=view.language)
    rgb = render_view(events, map_view, made_at=made_at, tiles=tiles, chrome=False).rgb
    map_h = LEFT_W * MAP_PIXELS[1] / MAP_PIXELS[0]
    pdf.image(_jpeg(rgb), x=MARGIN, y=top, w=LEFT_W, h=map_h)
    chart_h = LEFT_W * TIMELINE_PIXELS[1] / TIMELINE_PIXELS[0]
    pdf.image(_jpeg(timeline_array(events, language=view.language)), x=MARGIN, y=top + map_h + 2, w=LEFT_W, h=chart_h)
    pdf.set_xy(MARGIN, top + map_h + 2 + chart_h + 1)
    pdf.set_font("Body", size=7)
    pdf.set_text_color(90, 90, 90)
    if captions.rtl(view):  # right to left, each line shaped on its own (see _table_row on fpdf2's fonts)
        for line in (captions.source_text(events, view), captions.attribution(view)):
            pdf.set_font("Arabic", "", 7)
            pdf.set_font("Body", size=7)
            pdf.set_text_shaping(True, direction="rtl")
            pdf.set_x(MARGIN)
            pdf.multi_cell(LEFT_W, 3.4, line, new_x="LMARGIN", new_y="NEXT", align="R")
    else:
        pdf.multi_cell(LEFT_W, 3.4, f"{source_line(events)}\n{ATTRIBUTION}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    return top


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


def _table_row(pdf: FPDF, cells: tuple[str, ...], *, heading: bool = False, left: float = TABLE_X,
               row_mm: float = ROW_MM, font_pt: float = TABLE_FONT_PT, rtl: bool = False) -> None:
    """One table line with borders. Cells with Arabic go through ``cell`` with HarfBuzz shaping (joined,
    right to left); the others through the much faster ``text``, which needs neither. ``rtl``: the columns run
    from the right (the first cell is the rightmost) and every cell is shaped and right-aligned."""
    top = pdf.get_y()
    widths, arabic_column = TABLE_WIDTHS, ARABIC_COLUMN
    if rtl:
        cells, widths, arabic_column = tuple(reversed(cells)), tuple(reversed(TABLE_WIDTHS)), -1
    pdf.set_font("Body", "B" if heading else "", font_pt)
    if heading:
        pdf.rect(left, top, sum(TABLE_WIDTHS), row_mm, style="F")
    x = left
    for index, (text, width) in enumerate(zip(cells, widths, strict=True)):
        shown = fit(pdf, text, width - 2)
        if ARABIC.search(shown) or (rtl and shown):
            arabic_only = bool(ARABIC_ONLY.fullmatch(shown))
            if rtl:  # a real font change first: after a cell drawn with the fallback font, fpdf2 may not reselect
                pdf.set_font("Arabic" if not arabic_only else "Body", "", font_pt)
                pdf.set_font("Body", "B" if heading else "", font_pt)
            if arabic_only:  # the Arabic font alone and a known direction: 2.5x faster than fallback + bidi
                pdf.set_font("Arabic", "", font_pt)
            pdf.set_text_shaping(True, direction="rtl" if arabic_only or rtl else None)
            pdf.set_xy(x, top)
            pdf.cell(width, row_mm, shown, align="R" if index == arabic_column or rtl else "L")
            pdf.set_text_shaping(False)
            pdf.set_font("Body", "B" if heading else "", font_pt)
        elif shown:
            pdf.text(x + 1, top + row_mm * 0.7, shown)
        pdf.line(x, top, x, top + row_mm)
        x += width
    pdf.line(x, top, x, top + row_mm)
    pdf.line(left, top, x, top)
    pdf.line(left, top + row_mm, x, top + row_mm)
    pdf.set_xy(left, top + row_mm)


def table_rows(n_events: int, height: float = 0.0) -> tuple[int, float, float]:
    """(rows listed, row height mm, font size pt) for a table of ``n_events`` in ``height`` mm (the column)."""
    rows = min(n_events, MAX_TABLE_ROWS)
    lines = rows + 1 + (n_events > rows)  # the heading, and the "n more" line
    row_mm = min(ROW_MM, height / max(lines, 1))
    return rows, row_mm, min(LIST_FONT_PT, row_mm / PT_MM * 0.72)


def _table(pdf: FPDF, events: pd.DataFrame, top: float, view: ExportView | None = None) -> None:
    """The view's events, newest first: date, sub-event type, place in English and Arabic, casualties, source.

    Up to :data:`MAX_TABLE_ROWS` rows, shrunk to fit the column; beyond, a line says how many more the CSV holds.
    """
    rows, row_mm, font_pt = table_rows(len(events), TABLE_BOTTOM - top)
    pdf.set_fill_color(230, 230, 230)
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.15)
    pdf.set_text_shaping(False)
    pdf.set_auto_page_break(False)
    pdf.set_xy(TABLE_X, top)
    rtl = view is not None and captions.rtl(view)
    headings = captions.table_headings(view) if rtl else TABLE_HEADINGS
    _table_row(pdf, headings, heading=True, row_mm=row_mm, font_pt=font_pt, rtl=rtl)
    listed = events.sort_values("event_date", ascending=False, kind="stable", na_position="last").head(rows)
    sources = event_sources(listed)
    for row, source in zip(listed.itertuples(index=False), sources, strict=True):
        if rtl:
            _table_row(pdf, captions.table_cells(view, row, source), row_mm=row_mm, font_pt=font_pt, rtl=True)
            continue
        day = row.event_date.date().isoformat() if not pd.isna(row.event_date) else "undated"
        kind = str(row.sub_event_type or row.event_type or "")
        casualties = casualties_text(row.fatalities, row.injured)
        _table_row(pdf, (day, kind, row.location, row.location_ar, casualties, source), row_mm=row_mm,
                   font_pt=font_pt)
    if len(events) > rows and rtl:
        pdf.set_font("Body", "B", font_pt)
        pdf.set_text_shaping(True, direction="rtl")
        more = i18n.t(view.language, "brief.more_in_csv", n=i18n.number(view.language, len(events) - rows),
                      rows=i18n.number(view.language, rows))
        pdf.cell(sum(TABLE_WIDTHS), row_mm, more, align="R")
        pdf.set_text_shaping(False)
    elif len(events) > rows:
        pdf.set_font("Body", "B", font_pt)
        pdf.text(TABLE_X + 1, pdf.get_y() + row_mm * 0.75,
                 f"… and {len(events) - rows:,} more in the CSV (the newest {rows} are listed here)")


def render_pdf(
    events: pd.DataFrame, view: ExportView, *, made_at: datetime, tiles: str | None = None, **_: object
) -> bytes:
    """The PDF briefing's bytes; deterministic for the same events, view and ``made_at``."""
    pdf = _new_pdf(made_at)
    pdf.footer_text = captions.made_text(view, made_at)
    pdf.page_word = i18n.t(view.language, "brief.page")
    pdf.add_page()
    _header(pdf, events, view)
    top = _figures(pdf, events, view, made_at, tiles)
    _table(pdf, events, top, view)
    return bytes(pdf.output())
