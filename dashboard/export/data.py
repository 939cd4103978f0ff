"""The data behind the view (export layer): CSV (ACLED-compatible columns), GeoJSON (RFC 7946) and KML.

Each writer takes the view's events (already filtered, see :func:`dashboard.export.view.view_events`)
and returns bytes. Article text is untrusted: CSV cells that a spreadsheet would run as a formula are
neutralised, and KML text goes through ElementTree, which escapes it.
"""

from __future__ import annotations

import io
import json
import math
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard.events.table import DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS
from dashboard.models import EVENT_COLUMNS
from dashboard.views.style import KML_ICONS, type_colors, type_shape

#: First characters that make Excel/LibreOffice evaluate a cell (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
KML_NS = "http://www.opengis.net/kml/2.2"
COORD_DIGITS = 6


def neutralise_formula(value: str) -> str:
    """Prefix a cell that starts like a formula with an apostrophe, so spreadsheets show it as text.

    >>> neutralise_formula("=HYPERLINK(1)"), neutralise_formula("Erbil")
    ("'=HYPERLINK(1)", 'Erbil')
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _plain_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The schema's columns with ISO dates and text cells as str (no categories, no NaT)."""
    out = events.reindex(columns=list(EVENT_COLUMNS)).copy()
    for col in DATE_COLUMNS:
        out[col] = pd.to_datetime(out[col], errors="coerce").dt.strftime("%Y-%m-%d").astype(object)
        out[col] = out[col].where(out[col].notna(), "")
    for col in out.columns:
        if col not in (*INT_COLUMNS, *FLOAT_COLUMNS, *DATE_COLUMNS):
            out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    return out


def to_csv(events: pd.DataFrame, view: object = None, *, bom: bool = False, **_: object) -> bytes:
    """CSV with the schema's ACLED-compatible columns, UTF-8 (with a BOM for Excel when ``bom``)."""
    out = _plain_frame(events)
    for col in out.columns:
        if col not in (*INT_COLUMNS, *FLOAT_COLUMNS):
            out[col] = out[col].map(neutralise_formula)
    text = out.to_csv(index=False, lineterminator="\r\n")  # RFC 4180; a lone \r in a cell gets quoted too
    return text.encode("utf-8-sig" if bom else "utf-8")


def _json_value(value: Any) -> Any:
    """A pandas/numpy cell as a JSON value: NaN/NA -> null, numpy numbers -> int/float."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def to_feature_collection(events: pd.DataFrame) -> dict[str, Any]:
    """GeoJSON FeatureCollection (RFC 7946): a Point [lon, lat] per event, other columns as properties."""
    plain = _plain_frame(events)
    props = [c for c in EVENT_COLUMNS if c not in ("latitude", "longitude")]
    features = []
    for row in plain.itertuples(index=False):
        record = row._asdict()
        lon = round(float(record["longitude"]), COORD_DIGITS)
        lat = round(float(record["latitude"]), COORD_DIGITS)
        features.append(
            {
                "type": "Feature",
                "id": record["event_id"],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {c: _json_value(record[c]) for c in props},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def to_geojson(events: pd.DataFrame, view: object = None, **_: object) -> bytes:
    """GeoJSON bytes (UTF-8, Arabic kept as is), see :func:`to_feature_collection`."""
    return json.dumps(to_feature_collection(events), ensure_ascii=False, indent=1).encode("utf-8")


def kml_color(hex_rgb: str, alpha: int = 0xE6) -> str:
    """'#rrggbb' -> KML's 'aabbggrr'.

    >>> kml_color("#ff7f0e")
    'e60e7fff'
    """
    rgb = hex_rgb.lstrip("#")
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _kml_styles(document: ET.Element, event_types: list[str]) -> dict[str, str]:
    """One <Style> per event type (its colour and its shape's placemark icon, as on the page); returns type -> style
    id."""
    ids = {}
    for index, (event_type, color) in enumerate(type_colors(event_types).items()):
        style_id = f"type{index}"
        style = ET.SubElement(document, "Style", id=style_id)
        icon_style = ET.SubElement(style, "IconStyle")
        ET.SubElement(icon_style, "color").text = kml_color(color)
        href, heading = KML_ICONS[type_shape(event_type)]
        if heading:
            ET.SubElement(icon_style, "heading").text = str(heading)
        icon = ET.SubElement(icon_style, "Icon")
        ET.SubElement(icon, "href").text = href
        ids[event_type] = style_id
    return ids


def _stated(value: Any) -> str:
    """A casualty count as text, "not stated" when the article gave none."""
    value = _json_value(value)
    return "not stated" if value is None else str(value)


def _kml_description(record: dict[str, Any]) -> str:
    """Plain-text description (ElementTree escapes it; no HTML from articles is ever passed through)."""
    lines = [
        f"{record['event_type']} / {record['sub_event_type']}".strip(" /"),
        f"{record['location']} — {record['location_ar']}".strip(" —"),
        f"Fatalities: {_stated(record['fatalities'])}, injured: {_stated(record['injured'])}",
        record["notes"],
        record["evidence"],
        f"Source: {record['source']} {record['article_url']}".strip(),
    ]
    return "\n".join(line for line in lines if line)


def _kml_placemark(parent: ET.Element, record: dict[str, Any], style_id: str) -> None:
    """One <Placemark>: name, description, time span, style, schema columns as ExtendedData, point."""
    mark = ET.SubElement(parent, "Placemark")
    ET.SubElement(mark, "name").text = f"{record['event_date']} {record['location']}".strip()
    ET.SubElement(mark, "description").text = _kml_description(record)
    if record["date_earliest"] or record["date_latest"]:
        span = ET.SubElement(mark, "TimeSpan")
        ET.SubElement(span, "begin").text = record["date_earliest"] or record["event_date"]
        ET.SubElement(span, "end").text = record["date_latest"] or record["event_date"]
    ET.SubElement(mark, "styleUrl").text = f"#{style_id}"
    extended = ET.SubElement(mark, "ExtendedData")
    for col in EVENT_COLUMNS:
        value = _json_value(record[col])
        data = ET.SubElement(extended, "Data", name=col)
        ET.SubElement(data, "value").text = "" if value is None else str(value)
    point = ET.SubElement(mark, "Point")
    lon, lat = round(float(record["longitude"]), COORD_DIGITS), round(float(record["latitude"]), COORD_DIGITS)
    ET.SubElement(point, "coordinates").text = f"{lon},{lat},0"


def to_kml(events: pd.DataFrame, view: object = None, *, made_at: datetime | None = None, **_: object) -> bytes:
    """KML 2.2 with one Placemark per event, coloured by event type (opens in Google Earth)."""
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    ET.SubElement(document, "name").text = str(getattr(view, "title", "") or "Incident Map events")
    plain = _plain_frame(events)
    style_ids = _kml_styles(document, sorted(plain["event_type"].unique()))
    for row in plain.itertuples(index=False):
        record = row._asdict()
        _kml_placemark(document, record, style_ids[record["event_type"]])
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()
