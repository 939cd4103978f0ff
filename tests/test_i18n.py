"""The bilingual interface: complete catalogues, every key the code asks for, Arabic briefings right to left."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from factories import make_event

from dashboard.events.matching import PRESENCE
from dashboard.events.table import Filters, events_to_frame
from dashboard.export import captions
from dashboard.export.png import render_view
from dashboard.export.view import FORMATS, ExportView, view_to_argv
from dashboard.export.writers import export_bytes
from dashboard.models import EVENT_TYPES, STATUSES, SUB_EVENT_TYPES
from dashboard.views import i18n
from dashboard.views.mapview import legend_html, popup_html

ROOT = Path(__file__).resolve().parents[1]
ARABIC = re.compile("[\u0600-\u06ff]")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Messages that are the same in both languages: format names, acronyms.
SAME = {"format.csv", "format.geojson", "format.kml"}
MADE_AT = datetime(2026, 11, 30, 7, 50)


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    english, arabic = i18n.catalogue("en"), i18n.catalogue("ar")
    assert not set(english) - set(arabic), f"missing in ar.json: {sorted(set(english) - set(arabic))}"
    assert not set(arabic) - set(english), f"missing in en.json: {sorted(set(arabic) - set(english))}"
    for key, text in english.items():
        assert text.strip() and arabic[key].strip(), f"{key} is empty"
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(arabic[key])), f"{key}: placeholders differ"


def test_arabic_messages_are_arabic() -> None:
    arabic = i18n.catalogue("ar")
    left = [k for k, v in arabic.items() if k not in SAME and not ARABIC.search(v)]
    assert not left, f"messages left in English in ar.json: {left}"


def _keys_asked_for() -> set[str]:
    """Every literal key passed to tr(...) / i18n.t(lang, ...) / t(...) in the package."""
    keys = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "tr" and args:
                keys.add(args[0].value)
            elif name == "t" and args and "." in args[-1].value:
                keys.add(args[-1].value)
    return keys


def test_every_key_the_code_uses_is_in_both_catalogues() -> None:
    keys = _keys_asked_for()
    assert len(keys) > 60  # the scan found the page's and the exports' messages
    for language in i18n.LANGUAGES:
        missing = sorted(k for k in keys if k not in i18n.catalogue(language))
        assert not missing, f"keys used in the code but missing in {language}.json: {missing}"


def test_vocabulary_has_names_in_both_languages() -> None:
    wanted = {f"type.{t}" for t in EVENT_TYPES} | {f"sub.{s}" for subs in SUB_EVENT_TYPES.values() for s in subs}
    wanted |= {f"status.{s}" for s in STATUSES} | {f"format.{f}" for f in FORMATS} | {f"seen.{p}" for p in PRESENCE}
    for language in i18n.LANGUAGES:
        assert not wanted - set(i18n.catalogue(language)), language


def test_numbers_dates_and_places_follow_the_language() -> None:
    assert i18n.number("ar", 1234) == "١٬٢٣٤" and i18n.number("en", 1234) == "1,234"
    assert i18n.number("ar", 0.85, 2) == "٠٫٨٥"
    assert i18n.day("ar", date(2021, 2, 23)) == "٢٣ شباط ٢٠٢١" and i18n.iso_day("en", date(2021, 2, 23)) == "2021-02-23"
    assert i18n.place("ar", "Erbil", "أربيل") == "أربيل (Erbil)"
    assert i18n.place("en", "Erbil", "أربيل") == "Erbil (أربيل)"
    assert i18n.place("ar", "Hit", "") == "Hit"
    assert i18n.governorate_name("ar", "Nineveh") == "نينوى (Nineveh)"
    assert i18n.direction("ar") == "rtl" and i18n.direction("en") == "ltr"
    assert i18n.language_or_default("fr") == "en"


def frame():
    return events_to_frame([
        make_event(event_id="a", fatalities=3, location="Erbil International Airport", location_ar="مطار أربيل الدولي",
                   latitude=36.2376, longitude=43.9632, admin1="Erbil"),
        make_event(event_id="b", day=date(2021, 2, 21), event_type="Battles", sub_event_type="Armed clash"),
    ])


def test_popup_and_legend_in_arabic_are_right_to_left_and_escaped() -> None:
    row = frame().iloc[0].to_dict() | {"source": "<b>x</b>"}
    popup = popup_html(row, language="ar")
    assert "dir='rtl'" in popup and "انفجارات/عنف عن بعد" in popup and "قتلى: ٣" in popup
    assert "مطار أربيل الدولي (Erbil International Airport)" in popup and "&lt;b&gt;" in popup
    assert "killed" not in popup and "source:" not in popup
    legend = legend_html([("Battles", "#D55E00")], 1234, 3, "ar")
    assert "١٬٢٣٤ من الأحداث" in legend and "معارك" in legend and "dir='rtl'" in legend and "(٣)" in legend


def _english_labels() -> set[str]:
    english, arabic = i18n.catalogue("en"), i18n.catalogue("ar")
    return {PLACEHOLDER.sub("", v).strip(" :()") for k, v in english.items() if english[k] != arabic[k]} - {""}


def test_arabic_png_has_arabic_title_legend_captions_and_no_english_label() -> None:
    view = ExportView(size=(1280, 720), language="ar")
    texts = [text for text, _ in render_view(frame(), view, made_at=MADE_AT, tiles="offline").texts]
    joined = " | ".join(texts)
    for expected in ("خريطة الحوادث", "نوع الحدث", "معارك (١)", "٢ من الأحداث", "كل الأحداث", "أُعدّت", "كم"):
        assert expected in joined, expected
    words = set(re.findall(r"[A-Za-z][A-Za-z/ -]+[A-Za-z]", joined))
    assert not words & _english_labels(), words & _english_labels()


def test_arabic_title_layout_is_right_aligned(tmp_path) -> None:
    view = ExportView(size=(1280, 720), language="ar")
    rendered = render_view(frame(), view, made_at=MADE_AT, tiles="offline")
    boxes = dict(rendered.texts)
    left, _, right, _ = boxes["خريطة الحوادث"]
    assert right > 1280 - 60 and left > 640  # starts from the right edge
    english = dict(render_view(frame(), ExportView(size=(1280, 720)), made_at=MADE_AT, tiles="offline").texts)
    assert english["Incident Map"][0] < 60


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_arabic_pdf_headings_and_cells(tmp_path) -> None:
    data = export_bytes(frame(), ExportView(language="ar"), "pdf", made_at=MADE_AT, tiles="offline")
    (tmp_path / "b.pdf").write_bytes(data)
    text = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True).stdout
    text = re.sub("[\u200e\u200f\u202a-\u202e]", "", unicodedata.normalize("NFKC", text))  # bidi marks
    for expected in ("خريطة الحوادث", "التاريخ", "الضحايا", "المصدر", "النوع الفرعي", "اشتباك مسلح", "قتلى", "صفحة"):
        assert expected in text, expected
    for english in ("Casualties", "Date", "Events per day", "killed", "page", "Made"):
        assert english not in text, english


def test_export_language_goes_through_the_command_line() -> None:
    view = ExportView(filters=Filters(admin1=("Erbil",)), language="ar")
    assert view_to_argv(view)[-2:] == ["--language", "ar"]
    assert captions.title(view) == "خريطة الحوادث"
    assert captions.filters_text(view) == "المحافظة: أربيل (Erbil)"
    with pytest.raises(Exception, match="export language"):
        ExportView(language="fr")


def test_add_articles_page_in_arabic(tmp_path, monkeypatch) -> None:
    """The Add page's labels, messages and new-events table speak Arabic; the date check too."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("INCIDENT_MAP_DB", str(tmp_path / "ar.db"))
    monkeypatch.setenv("INCIDENT_MAP_TILES", "offline")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app" / "main.py"), default_timeout=60)
    at.query_params["lang"] = "ar"
    at.run()
    at.switch_page("screens/add_articles.py")
    at.run()
    assert at.title[0].value == i18n.t("ar", "add.title")
    assert at.button[0].label == i18n.t("ar", "add.run") and at.button[0].disabled
    at.text_area[0].input("سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية في محافظة الأنبار صباح اليوم، وأصيب جنديان.")
    at.date_input(key="published").set_value(date(2099, 1, 1)).run()
    assert at.button[0].disabled and ARABIC.search(at.error[0].value), [e.value for e in at.error]
    at.date_input(key="published").set_value(date(2024, 3, 2)).run()
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    success = at.success[0].value
    assert ARABIC.search(success) and not re.search("[A-Za-z]{3,}", success), success
