"""Issue 9, "what a new analyst hit on the first morning": one test per defect (AppTest and unit tests).

The end-to-end walk through the same morning, in a real server and Chromium, is tests/e2e/test_morning_walk.py.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from factories import make_event, synthetic_records
from streamlit.testing.v1 import AppTest

from dashboard.app.place_search import place_label, search_places
from dashboard.app.review_panel import edit_changes
from dashboard.app.upload_panel import date_problem
from dashboard.cli import main
from dashboard.events import store
from dashboard.export.view import source_line
from dashboard.pipeline.articles import article_from_paste, article_from_upload, read_article, source_name
from dashboard.pipeline.extraction import extract_article
from dashboard.pipeline.ingest import ingest_articles
from dashboard.text.wording import counted

MAIN = str(Path(__file__).resolve().parents[1] / "dashboard" / "app" / "main.py")
AIN_AL_ASAD = "سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية في محافظة الأنبار، وأصيب جنديان."
KIRKUK = "A car bomb exploded yesterday in Kirkuk, killing two people, police said."
BALAD = "Three rockets hit Balad Air Base in Salah al-Din on Saturday night, injuring a contractor."


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "app.db"
    store.insert_events(store.open_store(path), synthetic_records(60, start=date(2024, 1, 1), days=60))
    monkeypatch.setenv("INCIDENT_MAP_DB", str(path))
    monkeypatch.setenv("INCIDENT_MAP_TILES", "offline")
    return path


def app(page: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=90)
    state = {"table_open": True, "export_open": True, "timeline_open": True, **state}  # the lazy sections, opened
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def paste(at: AppTest, text: str, published: date | None = None) -> AppTest:
    at.text_area[0].input(text)
    if published:
        at.date_input(key="published").set_value(published)
    at.run()
    extract = next(b for b in at.button if b.label == "Extract events")
    extract.click().run()
    assert not at.exception and not at.error, [e.value for e in at.exception] + [e.value for e in at.error]
    return at


# 1. Pasted articles overwrite each other

def test_each_paste_is_its_own_article(db):
    at = app("screens/add_articles.py")
    for text in (AIN_AL_ASAD, KIRKUK, BALAD):
        paste(at, text, date(2024, 3, 2))
    conn = store.open_store(db)
    urls = [r[0] for r in conn.execute("SELECT url FROM articles")]
    assert len(urls) == 3 and len(set(urls)) == 3
    stored = store.load_events(conn)
    assert stored["article_url"].str.startswith("pasted:").sum() == 3  # one event per pasted article, all kept


def test_upload_identity_is_its_content():
    one = article_from_upload("report.txt", KIRKUK.encode())
    other = article_from_upload("report.txt", BALAD.encode())
    assert one.url != other.url and one.url.startswith("upload:report.txt#")
    assert article_from_paste(KIRKUK).url != article_from_paste(BALAD).url
    # the same text pasted again with a date replaces its undated version (same URL, new content id)
    undated, dated = article_from_paste(KIRKUK), article_from_paste(KIRKUK, published=date(2024, 3, 2))
    assert undated.url == dated.url and undated.article_id != dated.article_id


# 2. The Add page invents a publication date

def test_publication_date_starts_empty_and_none_is_invented(db):
    at = app("screens/add_articles.py")
    assert at.date_input(key="published").value is None
    paste(at, KIRKUK)
    assert any("no publication date" in w.value for w in at.warning), [w.value for w in at.warning]
    events = store.load_events(store.open_store(db))
    pasted = events[events["article_url"].str.startswith("pasted:")]
    assert len(pasted) == 1
    yesterday = pd.Timestamp(date.today() - timedelta(days=1))
    assert pasted["event_date"].isna().all() or not (pasted["event_date"] == yesterday).any()


def test_future_publication_date_blocks_the_button(db):
    at = app("screens/add_articles.py")
    at.text_area[0].input(KIRKUK)
    at.date_input(key="published").set_value(date.today() + timedelta(days=3)).run()
    assert next(b for b in at.button if b.label == "Extract events").disabled
    assert any("future" in e.value for e in at.error)
    assert date_problem(date(1890, 1, 1)) and date_problem(None) is None and date_problem(date(2021, 2, 23)) is None


# 3. Editing only the place changed the date

def _vague_event_id(db: Path) -> str:
    events = store.load_events(store.open_store(db))
    vague = events[events["time_precision"] == 2]
    return str(vague["event_id"].iloc[0])


def test_place_only_edit_keeps_the_dates_and_shows_edited(db):
    event_id = _vague_event_id(db)
    before = store.get_event(store.open_store(db), event_id)
    at = app("screens/review.py", selected_event=event_id)
    assert at.session_state["selected_event"] == event_id
    at.text_input(key=f"place-{event_id}-search").input("أربيل").run()
    picker = at.selectbox(key=f"place-{event_id}")
    erbil_city = next(o for o in picker.options if o.startswith("Erbil (أربيل) — city"))
    picker.select(picker.options[picker.options.index(erbil_city)]).run()
    at.text_input(key=f"edit-reason-{event_id}").input("the report says Erbil").run()
    at.button(key=f"save-{event_id}").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = store.get_event(store.open_store(db), event_id)
    assert after["location"] == "Erbil" and after["status"] == "edited"
    for field in ("event_date", "date_earliest", "date_latest", "time_precision", "event_type", "sub_event_type",
                  "fatalities", "injured"):
        assert after[field] == before[field], field
    header = " ".join(m.value for m in at.markdown)
    assert "status **edited**" in header and "**Erbil**" in header
    assert any(s.value.startswith("Saved:") for s in at.success)


def test_edit_changes_only_what_changed():
    event = store_row(make_event(day=date(2024, 1, 5), date_earliest=date(2024, 1, 2), date_latest=date(2024, 1, 8),
                                 time_precision=2, fatalities=None))
    same = edit_changes(event, day=date(2024, 1, 5), kind=event["event_type"], sub=event["sub_event_type"],
                        place=None, killed=None, injured=event["injured"])
    assert same == {}
    dated = edit_changes(event, day=date(2024, 1, 6), kind=event["event_type"], sub=event["sub_event_type"],
                         place=None, killed=None, injured=event["injured"])
    assert dated == {"event_date": date(2024, 1, 6), "date_earliest": date(2024, 1, 6),
                     "date_latest": date(2024, 1, 6), "time_precision": 1}


def store_row(event) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in event.to_record().items()}


# 4. Exports credit the wrong source

def test_source_is_publisher_else_domain_else_file_name(tmp_path):
    (tmp_path / "a.txt").write_text(BALAD, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": "https://www.rudaw.net/english/middleeast/iraq/1"}))
    (tmp_path / "b.txt").write_text(KIRKUK, encoding="utf-8")
    assert {e.source for e in extract_article(read_article(tmp_path / "a.txt", published=date(2024, 3, 2)))} == {
        "rudaw.net"}
    assert {e.source for e in extract_article(read_article(tmp_path / "b.txt", published=date(2024, 3, 2)))} == {
        "b.txt"}
    assert source_name("Shafaq News", "https://shafaq.com/x") == "Shafaq News"


def test_source_line_lists_the_real_sources():
    # 23 events from 13 articles; only 3 articles' sidecars named a publisher
    rows = [{"source": f"Outlet {i % 13}" if i % 13 < 3 else "", "article_url": f"https://www.news{i % 13}.example/{i}"}
            for i in range(23)]
    line = source_line(pd.DataFrame(rows))
    assert line.startswith("Source: Outlet 0 (2), Outlet 1 (2), Outlet 2 (2), news3.example (2) and 9 more;"), line
    assert source_line(pd.DataFrame([{"source": "Rudaw", "article_url": ""}])).startswith("Source: Rudaw;")


# 5. The Review page crashes when opened from the sidebar

def test_review_after_map_via_the_sidebar_keeps_the_filters(db):
    at = app()
    chosen = (date(2024, 1, 5), date(2024, 1, 20))
    at.date_input(key="f_from").set_value(chosen[0]).run()
    at.date_input(key="f_to").set_value(chosen[1]).run()
    for page in ("screens/review.py", "screens/map.py", "screens/add_articles.py", "screens/review.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
    assert at.title[0].value == "Review events"
    assert (at.date_input(key="f_from").value, at.date_input(key="f_to").value) == chosen


# 13. The Review page's place picker

def test_place_search_either_script_labels_and_iraq_only():
    from dashboard.geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    places = pd.DataFrame([dict(gazetteer_id=p.gazetteer_id, name=p.name, name_ar=p.name_ar, feature=p.feature,
                                admin1=p.admin1, country_code=p.country_code, alt_names="|".join(p.alt_names))
                           for p in gaz.places])
    labels = dict(zip(places["gazetteer_id"], places.to_dict("records"), strict=True))
    for query in ("أربيل", "اربيل", "Erbil", "erb"):
        found = [place_label(labels[g]) for g in search_places(places, query)]
        assert found and len(found) == len(set(found)), (query, found)  # no "Erbil · Erbil" twice
        assert any(f.startswith("Erbil (أربيل) — city") for f in found), (query, found)
        assert any(f.startswith("Erbil (أربيل) — governorate") for f in found), (query, found)
    everything = search_places(places, "", limit=10_000)
    assert set(places.set_index("gazetteer_id").loc[everything, "country_code"]) == {"IQ"}


# 15. ingest prints file names; 17. plurals

def test_ingest_prints_file_name_and_title_not_the_url(tmp_path, capsys):
    (tmp_path / "kirkuk.txt").write_text(KIRKUK, encoding="utf-8")
    long_url = "https://www.example.com/" + "%D8%A7%D9%84" * 20
    (tmp_path / "kirkuk.meta.json").write_text(json.dumps({"url": long_url, "title": "Car bomb in Kirkuk",
                                                           "published": "2024-03-02"}))
    assert main(["ingest", "--quiet", "--db", str(tmp_path / "s.db"), str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "%D8" not in out
    assert out.splitlines()[0] == f"{tmp_path / 'kirkuk.txt'} — Car bomb in Kirkuk: 1 new event, 0 merged"
    assert out.splitlines()[-1].startswith("1 article: 1 new event, ")


def test_counted_nouns():
    assert counted(1, "event") == "1 event" and counted(0, "event") == "0 events"
    assert counted(1200, "article") == "1,200 articles"


# 16/17. After "Extract events": the new events listed, the ring sentence only when there are some

def test_extraction_lists_the_new_events(db):
    at = paste(app("screens/add_articles.py"), BALAD, date(2024, 3, 4))
    table = next(d for d in at.dataframe if "evidence" in d.value.columns).value
    assert len(table) == 1 and table.iloc[0]["location"] == "Balad Air Base"
    assert "Balad Air Base" in table.iloc[0]["evidence"] and table.iloc[0]["event_date"].startswith("2024-03-0")
    assert any("1 new event," in s.value and "The new event is ringed" in s.value for s in at.success)


def test_no_ring_sentence_without_new_events(db):
    at = paste(app("screens/add_articles.py"), "The minister met his counterpart on Monday to discuss trade.",
               date(2024, 3, 4))
    assert not any("ringed" in s.value for s in at.success)
    assert any("No incident" in i.value for i in at.info)


def test_ingest_report_for_pasted_articles_names_them():
    conn = store.open_store(":memory:")
    report = ingest_articles(conn, [article_from_paste(KIRKUK)], extract=lambda a: [])
    assert report.labels == ["pasted text — " + KIRKUK]


# 6. findfont warnings with a font cache older than the fonts

STALE_CACHE = """
import glob, json, os
import matplotlib.font_manager  # builds the cache
path = glob.glob(os.path.join(os.environ["MPLCONFIGDIR"], "fontlist-*.json"))[0]
data = json.load(open(path))
data["ttflist"] = [f for f in data["ttflist"] if "Noto" not in f["name"]]  # as if built before fonts-noto-core
json.dump(data, open(path, "w"))
"""


def test_export_with_a_stale_font_cache_prints_no_findfont(tmp_path):
    import os
    import subprocess
    import sys

    from export_factories import make_event as export_event

    from dashboard.export.fonts import find_font

    if find_font(("NotoSans-Regular.ttf",)) is None:
        pytest.skip("fonts-noto-core is not installed")
    db = tmp_path / "events.db"
    store.insert_events(store.open_store(db), [export_event(i).to_record() for i in range(5)])
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path / "mpl"))
    subprocess.run([sys.executable, "-c", STALE_CACHE], env=env, check=True)
    for fmt in ("png", "pdf"):
        done = subprocess.run([sys.executable, "-m", "dashboard.cli", "export", "--db", str(db), "--format", fmt,
                               "-o", str(tmp_path / f"brief.{fmt}")], env=env, capture_output=True, text=True,
                              timeout=240)
        assert done.returncode == 0, done.stderr
        assert "findfont" not in done.stdout + done.stderr, (done.stderr.count("\n"), done.stderr[:300])
        assert (done.stdout + done.stderr).strip().splitlines() == [
            line for line in (done.stdout + done.stderr).strip().splitlines() if line.startswith("wrote ")]


# 8. One count, one definition: the view

def test_header_table_and_export_count_the_same_view(db, monkeypatch):
    erbil = {"_southWest": {"lat": 35.4, "lng": 43.2}, "_northEast": {"lat": 37.0, "lng": 44.8}}
    # what streamlit-folium returns after the analyst zoomed to Erbil (AppTest cannot run the component)
    monkeypatch.setattr("dashboard.app.map_panel.st_folium",
                        lambda *a, **k: {"bounds": erbil, "zoom": 8, "last_object_clicked": None})
    at = app()
    header = at.caption[0].value
    exported = next(c.value for c in at.caption if "PNG 1920" in c.value)
    shown = int(header.split(" event")[0].strip("*").replace(",", ""))
    assert 0 < shown < 60 and f"{60 - shown} more outside the map's area" in header
    assert exported.startswith(f"{shown} event")
    assert len(at.dataframe[0].value) == shown


# 12. Targets are noun phrases or empty; empty casualty cells are empty

@pytest.mark.parametrize(("text", "language", "target"), [
    ("وتعرضت قاعدة بلد الجوية لقصف صاروخي ليلة السبت", "ar", ""),
    ("وقالت المصادر إن الاستهداف هجوم بطائرة مسيرة", "ar", ""),
    ("The group denounced the targeted kidnapping of its countrymen in Baghdad.", "en", ""),
    ("وكشفت مصادر أن صاروخين استهدفا الجناح العسكري الأميركي في القاعدة", "ar", "الجناح العسكري الأميركي"),
    ("قصف مدفعي تركي استهدف مواقع الحشد الشعبي مساء الاثنين", "ar", "مواقع الحشد الشعبي"),
    ("A roadside bomb targeting a British patrol during the night wounded two soldiers.", "en", "a British patrol"),
    ("Gunmen attacked a checkpoint of the federal police on Monday.", "en", "a checkpoint of the federal police"),
    ("Three soldiers were attacked by gunmen near Kirkuk.", "en", ""),
])
def test_target_is_a_noun_phrase_or_empty(text, language, target):
    from dashboard.extract.actors import clean_target, find_target

    assert find_target(text, language) == target
    for fragment, lang in (("صاروخي ليلة السبت", "ar"), ("هجوم ب", "ar"), ("kidnapping of its countrymen", "en")):
        assert clean_target(fragment, lang) == ""


def test_unstated_casualties_are_empty_cells_not_none(db):
    table = app().dataframe[0].value
    assert not table["fatalities"].isin(["None", "nan", "<NA>"]).any() and (table["fatalities"] == "").any()
    assert set(table["fatalities"]) - {""} <= {"0", "1", "3"}


def test_new_events_are_in_the_default_date_range_after_adding(db):
    at = app()
    before = len(at.dataframe[0].value)
    at.switch_page("screens/add_articles.py").run()
    paste(at, BALAD, date(2024, 6, 4))  # after the store's last date
    at.switch_page("screens/map.py").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == before + 1  # the dates the analyst never narrowed followed the data
    assert at.date_input(key="f_to").value >= date(2024, 6, 1)
