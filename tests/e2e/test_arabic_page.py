"""The page in Arabic: right to left, no English label on the first screen, Arabic PNG and PDF downloads."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

import numpy as np
import pytest
from e2e_support import map_frame, open_section, settled
from PIL import Image

from dashboard.views import i18n

pytestmark = pytest.mark.e2e
LATIN = re.compile(r"[A-Za-z](?:[A-Za-z_'-]*[A-Za-z])?(?: [A-Za-z](?:[A-Za-z_'-]*[A-Za-z])?)*")
#: Latin words allowed on the Arabic page: file formats and acronyms, the language switch's "English", proper names
#: of the map's attribution, and Streamlit's own accessibility texts (a hidden skip link, icon ligatures).
ALLOWED = {"ACLED", "BOM", "CSV", "English", "Excel", "GeoJSON", "HTML", "KML", "PDF", "PNG", "UTF", "Leaflet",
           "OpenStreetMap", "Skip to main content", "keyboard", "arrow", "right", "keyboard_arrow_right",
           "keyboard_arrow_down", "map", "fact_check", "post_add", "rule"}  # the last four: Material icon ligatures


def english_labels() -> set[str]:
    english, arabic = i18n.catalogue("en"), i18n.catalogue("ar")
    labels = {re.sub(r"\{\w+\}", "", v).strip(" :()·*") for k, v in english.items() if v != arabic[k]}
    return {label for label in labels if len(label) > 2}


def latin_words(text: str) -> set[str]:
    return set(LATIN.findall(text))


def test_arabic_page_is_right_to_left_with_arabic_labels_and_exports(server, page, artifacts, tmp_path):
    p = page.page
    p.goto(server.url + "/?lang=ar")
    frame = map_frame(p, timeout=60)
    p.get_by_text("تصدير هذا العرض").wait_for(timeout=60_000)
    settled(p)
    assert p.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    sidebar = p.locator("[data-testid=stSidebar]").first
    assert sidebar.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert p.locator("h1").first.inner_text() == "خريطة الحوادث"
    p.screenshot(path=str(artifacts / "30-arabic-page.png"))

    first_screen = p.inner_text("body") + "\n" + frame.inner_text("body")
    assert "٦٦ من الأحداث معروضة" in first_screen  # the caption, with Arabic-Indic digits
    left = {w for w in latin_words(first_screen) if w not in ALLOWED}
    assert not left, f"English left on the Arabic page: {sorted(left)}"
    assert not any(label in first_screen for label in english_labels() if " " in label)
    assert "معارك" in frame.inner_text(".im-legend") or "انفجارات/عنف عن بعد" in frame.inner_text(".im-legend")

    # the PNG and the PDF of the view, in Arabic
    open_section(p, "تصدير هذا العرض")
    files = {}
    for fmt, label in (("png", "صورة PNG"), ("pdf", "إحاطة PDF")):
        with p.expect_download(timeout=90_000) as info:
            p.get_by_role("button", name=label, exact=True).click()
        files[fmt] = tmp_path / f"arabic.{fmt}"
        info.value.save_as(files[fmt])
        shutil.copy(files[fmt], artifacts / f"31-arabic-export.{fmt}")
    rgb = np.asarray(Image.open(io.BytesIO(files["png"].read_bytes())).convert("RGB")).astype(int)
    band = rgb[10:70]  # the title band: ink on the right (the title starts there), none on the left
    ink = (band.sum(axis=2) < 300).sum(axis=0)
    width = rgb.shape[1]
    assert ink[width * 3 // 4:].sum() > 200 and ink[: width // 4].sum() == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(files["pdf"]), "-"], capture_output=True, text=True).stdout
        text = re.sub("[\u200e\u200f\u202a-\u202e]", "", unicodedata.normalize("NFKC", text))
        for expected in ("خريطة الحوادث", "التاريخ", "النوع", "المكان", "الضحايا", "المصدر"):
            assert expected in text, expected
        assert not {"Date", "Casualties", "Events per day", "page"} & latin_words(text)
    # a filter keeps the language in the URL
    p.get_by_role("button", name="٧ أيام", exact=True).click()
    p.wait_for_function("() => location.search.includes('from=')", timeout=20_000)
    assert "lang=ar" in p.url

    assert not page.errors, page.errors
