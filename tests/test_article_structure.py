"""Article structure and event segmentation: datelines, headlines, speakers, names, recalled incidents,
lists of places, within-article and cross-article merging. Every sentence here is written for these tests."""

from __future__ import annotations

import json
from datetime import date

from dashboard.cli import main
from dashboard.events import store
from dashboard.extract.structure import article_structure
from dashboard.models import Article, Event
from dashboard.pipeline.extraction import read

PUBLISHED = date(2026, 3, 4)  # a Wednesday


def _read(text: str, language: str = "en", title: str = "", published: date = PUBLISHED) -> tuple:
    article = Article(text=text, article_id=f"t-{abs(hash(text))}", url=f"test:{abs(hash(text))}",
                      language=language, published=published, title=title, publisher="test")
    return read(article)


def _events(text: str, language: str = "en", **kw) -> list[Event]:
    return _read(text, language, **kw)[1]


def _roles(text: str, language: str = "en") -> dict[str, str]:
    return {m.text: m.role for m in _read(text, language)[0].mentions}


# --- article structure --------------------------------------------------------------------------------------------

def test_structure_finds_headline_and_wire_datelines():
    text = "Blast hits market in Kirkuk\n\nKIRKUK, March 3 (AFP) -- A car bomb went off in a market on Tuesday."
    s = article_structure(text)
    assert text[s.headline[0]:s.headline[1]] == "Blast hits market in Kirkuk"
    assert [text[a:b] for a, b in s.datelines] == ["KIRKUK, March 3 (AFP) --"]
    assert text[s.lead[0]:s.lead[1]].startswith("KIRKUK")


def test_structure_finds_arabic_datelines():
    for line in ("النجف (وكالة) - سقطت ثلاثة صواريخ قرب المطار.", "بغداد - وكالات\nقال مصدر أمني إن عبوة انفجرت.",
                 "شفق نيوز– دهوك\nأفاد شهود بقصف قرية."):
        s = article_structure(line, language="ar")
        assert s.datelines and s.datelines[0][0] == 0, line


# --- roles ------------------------------------------------------------------------------------------------------

def test_dateline_is_not_a_second_incident():
    events = _events("MOSUL, Iraq (Reuters) - A roadside bomb killed two soldiers in Tal Afar on Tuesday.")
    assert len(events) == 1 and "Afar" in events[0].location
    assert _roles("MOSUL, Iraq (Reuters) - A roadside bomb killed two soldiers in Tal Afar on Tuesday.")["MOSUL"] \
        == "dateline"


def test_arabic_dateline_is_not_an_incident_place():
    text = "النجف (وكالة) - سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية مساء الثلاثاء."
    events = _events(text, "ar")
    assert len(events) == 1 and events[0].location == "Ain al-Asad Air Base"
    assert _roles(text, "ar")["النجف"] == "dateline"


def test_lead_without_a_place_is_filed_at_the_dateline_approximately():
    events = _events("IRBIL, Iraq — Two suicide bombers struck the offices of two parties yesterday, killing 20.")
    assert len(events) == 1 and events[0].location == "Erbil" and events[0].geo_precision == 2
    assert events[0].event_date == date(2026, 3, 3)


def test_speaker_is_not_an_incident_place():
    text = ("A drone hit a checkpoint in Haditha on Monday, according to a statement issued by the "
            "US Embassy in Baghdad.")
    events = _events(text)
    assert len(events) == 1 and "Baghdad" not in events[0].location


def test_person_and_organisation_names_are_not_places():
    roles = _roles("Gunmen attacked a checkpoint in Ramadi on Monday, Brigadier General Khalid Salman said, "
                   "and the Najaf Provincial Council condemned it.")
    assert roles["Najaf"] == "person_or_org"
    arabic = _roles("وقال محافظ نينوى إن مسلحين هاجموا نقطة تفتيش في تكريت يوم الاثنين.", "ar")
    assert arabic["نينوى"] == "person_or_org"
    events = _events("وقال محافظ نينوى إن مسلحين هاجموا نقطة تفتيش في تكريت يوم الاثنين.", "ar")
    assert len(events) == 1 and events[0].admin1 != "Nineveh"


def test_recalled_incident_keeps_its_own_date_and_a_lower_confidence():
    text = ("Rockets hit Ain al-Asad air base on Tuesday, wounding two soldiers. "
            "Last month two drones hit Balad air base.")
    extraction, events = _read(text)
    by_place = {e.location: e for e in events}
    recalled = [e for e in events if e.raw.get("role") == "recalled"]
    assert len(recalled) == 1 and recalled[0].event_date != PUBLISHED
    assert date(2026, 2, 1) <= recalled[0].date_earliest <= recalled[0].date_latest <= date(2026, 2, 28)
    current = [e for e in events if e.raw.get("role") == "incident"]
    assert current and current[0].event_date == date(2026, 3, 3)
    assert recalled[0].confidence < current[0].confidence
    assert "recalled" in {m.role for m in extraction.mentions}
    assert len(by_place) == 2


# --- segmentation and within-article merging -----------------------------------------------------------------------

def test_headline_and_body_are_one_incident_at_the_body_place():
    text = ("Roadside bomb kills three in Salahuddin\n\n"
            "A roadside bomb killed three soldiers on the road near Baiji on Monday, police said.")
    events = _events(text, title="Roadside bomb kills three in Salahuddin")
    assert len(events) == 1 and events[0].location == "Bayjī"
    assert "Salahuddin" in events[0].evidence and "Baiji" in events[0].evidence


def test_a_list_of_places_in_one_clause_is_one_incident_each():
    events = _events("Bombs went off in Karmah, Habbaniyah and Saqlawiyah on Sunday, killing six people.")
    assert len(events) == 3 and len({e.gazetteer_id for e in events}) == 3


def test_rocket_attack_and_air_strike_at_one_base_on_one_day_are_two():
    events = _events("Rockets hit Ain al-Asad air base on Tuesday. "
                     "Later on Tuesday an air strike hit Ain al-Asad air base.")
    assert sorted(e.sub_event_type for e in events) == ["Air/drone strike", "Shelling/artillery/missile attack"]


def test_same_place_on_different_days_stays_two_incidents():
    events = _events("On Monday a mortar round struck the Green Zone. On Tuesday a mortar round struck the Green Zone.")
    assert sorted(e.event_date for e in events) == [date(2026, 3, 2), date(2026, 3, 3)]


def test_a_separate_incident_at_the_same_place_is_not_merged():
    events = _events("Gunmen killed a shopkeeper in Basra on Tuesday. "
                     "In a separate incident, gunmen killed two policemen in Basra on Tuesday.")
    assert len(events) == 2


def test_since_date_is_not_the_incident_date():
    events = _events("Rockets hit Ain al-Asad air base yesterday, the worst attack since January 5, officials said.")
    assert len(events) == 1 and events[0].event_date == date(2026, 3, 3)


def test_arabic_inflected_trigger_words_report_an_incident():
    events = _events("قال مسعفون إن تفجيرا انتحاريا بسيارة ملغومة أسفر عن مقتل 12 شخصا في مدينة الحلة يوم الثلاثاء.",
                     "ar")
    assert len(events) == 1 and events[0].location == "Al Hillah" and events[0].fatalities == 12


def test_places_cli_prints_the_new_roles(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("MOSUL, Iraq (Reuters) - A roadside bomb killed two soldiers in Tal Afar on Tuesday.",
                    encoding="utf-8")
    assert main(["places", "--published", "2026-03-04", "--language", "en", str(path)]) == 0
    roles = {json.loads(line)["text"]: json.loads(line)["role"] for line in capsys.readouterr().out.splitlines()}
    assert roles["MOSUL"] == "dateline" and roles["Tal Afar"] == "incident"


# --- cross-article merging -----------------------------------------------------------------------------------------

def _store_text(conn, text: str, language: str, url: str, published: date = PUBLISHED):
    article = Article(text=text, article_id=f"a-{url}", url=url, language=language, published=published,
                      publisher=url)
    return store.store_article(conn, article, read(article)[1])


def test_one_incident_from_an_arabic_and_an_english_article_is_one_event_with_two_sources():
    conn = store.open_store(":memory:")
    _store_text(conn, "اختطف مسلحون مجهولون مهندسا في مدينة كركوك يوم الثلاثاء، بحسب مصدر في الشرطة.", "ar", "ar.txt")
    second = _store_text(conn, "Unknown gunmen kidnapped an engineer in Kirkuk on Tuesday, a police source said.",
                         "en", "en.txt")
    df = store.load_events(conn)
    assert len(df) == 1 and df.loc[0, "source_count"] == 2 and second.merged
    assert "merged: 2 reports" in df.loc[0, "notes"] and "rule: same kind" in df.loc[0, "notes"]


def test_two_incidents_at_one_place_a_day_apart_stay_two():
    conn = store.open_store(":memory:")
    _store_text(conn, "Unknown gunmen kidnapped an engineer in Kirkuk on Monday.", "en", "one.txt")
    _store_text(conn, "اختطف مسلحون مهندسا في مدينة كركوك يوم الثلاثاء.", "ar", "two.txt")
    assert store.count_events(conn) == 2


# --- references inside a clause ------------------------------------------------------------------------------------

def test_a_place_that_only_says_where_the_first_lies_is_not_a_second_site():
    events = _events("هاجم مسلحون مركز شرطة بلدة العزيزية في الكوت مساء الثلاثاء.", "ar")
    assert len(events) == 1 and "Kut" not in events[0].location


def test_launch_site_and_hospital_are_not_incident_places():
    events = _events("Rockets fired from Hit struck Ain al-Asad air base on Tuesday; the wounded were taken to "
                     "a hospital in Ramadi.")
    assert [e.location for e in events] == ["Ain al-Asad Air Base"]


def test_the_attack_refers_back_and_adds_no_new_incident():
    events = _events("Gunmen killed two policemen at a checkpoint in Haditha on Tuesday. "
                     "The attack came as officials met in Ramadi.")
    assert len(events) == 1 and "Ramadi" not in events[0].location


def test_the_attack_places_a_lead_that_only_had_a_dateline():
    text = ("BAGHDAD, March 3 -- A minibus loaded with explosives blew up amid a crowd of pilgrims on Tuesday.\n\n"
            "The attack, on the outskirts of Kufa, south of the capital, happened at dawn, witnesses said.")
    events = _events(text)
    assert [e.location for e in events] == ["Kufa"] and events[0].event_date == date(2026, 3, 3)


def test_different_tolls_at_one_city_on_one_day_are_two_incidents():
    events = _events("A car bomb killed five people in central Kirkuk on Tuesday. "
                     "A roadside bomb killed two policemen in Kirkuk on Tuesday.")
    assert sorted(e.fatalities for e in events) == [2, 5]


def test_a_governorate_summary_merges_into_the_incident_it_sums():
    events = _events("Sixteen people were killed on Tuesday in attacks in Anbar. "
                     "A roadside bomb killed four soldiers in Haditha on Tuesday.")
    assert [(e.location, e.fatalities) for e in events] == [("Ḩadīthah", 4)]


def test_a_name_followed_by_said_is_a_person():
    assert _roles("Gunmen attacked a checkpoint in Haditha on Monday, Salman said.")["Salman"] == "person_or_org"


def test_a_city_named_like_its_governorate_contains_the_governorates_villages():
    from dashboard.extract.sites import places_contain
    from dashboard.models import Place

    kirkuk = Place("c1", "Kirkuk", 35.47, 44.39, "city", admin1="Kirkuk", country_code="IQ")
    hawija = Place("c2", "Al Hawijah", 35.33, 43.77, "city", admin1="Kirkuk", country_code="IQ")
    village = Place("v1", "Tall Ali", 34.95, 44.20, "village", admin1="Kirkuk", country_code="IQ")  # ~60 km away
    assert places_contain(kirkuk, village)  # "in Kirkuk" also names the province
    assert not places_contain(hawija, village)  # a town 30+ km away is not around it
    assert not places_contain(village, kirkuk)


def test_a_described_reference_point_is_context():
    roles = _roles("A suicide attack hit troops near Qayyara, south of Iraq's last major IS stronghold of Mosul, "
                   "on Saturday.")
    assert roles["Mosul"] == "context"


def test_a_namesake_in_another_governorate_gives_way_to_the_stated_city():
    from dashboard.extract.sites import _namesakes
    from dashboard.models import Place, PlaceMention

    text = "Shells hit Hayy al-Nur in southern Fallujah."
    hayy = Place("n1", "Hayy al-Nur", 36.30, 43.10, "neighbourhood", admin1="Nineveh", country_code="IQ")
    fallujah = Place("c1", "Fallujah", 33.35, 43.78, "city", admin1="Anbar", country_code="IQ")
    mentions = [PlaceMention(11, 22, "Hayy al-Nur", hayy), PlaceMention(35, 43, "Fallujah", fallujah)]
    assert text[11:22] == "Hayy al-Nur" and text[35:43] == "Fallujah"
    assert _namesakes(mentions, text) == {0}
    local = Place("n2", "Hayy al-Nur", 33.34, 43.77, "neighbourhood", admin1="Anbar", country_code="IQ")
    assert _namesakes([PlaceMention(11, 22, "Hayy al-Nur", local), mentions[1]], text) == set()


def test_an_unconfirmed_casualty_claim_is_not_coded():
    events = _events("A drone struck army positions near Amadiya on Tuesday. "
                     "The group claimed six soldiers were killed, but this was not confirmed.")
    assert len(events) == 1 and events[0].fatalities is None


def test_a_short_name_heading_a_longer_one_is_not_a_place():
    roles = _roles("A roadside bomb exploded in the Hay al-Risala district of Amarah on Tuesday.")
    assert "Hay" not in roles and roles["Amarah"] == "incident"


def test_a_repeated_headline_is_still_the_headline():
    text = ("Urgent – 12 killed in Kirkuk blast\n\nUrgent ... 12 killed in Kirkuk blast\n\n"
            "A car bomb killed 12 people near a market in Kirkuk on Tuesday, police said.")
    s = article_structure(text)
    assert s.in_headline(text.index("Urgent ...")) and not s.in_headline(text.index("A car bomb"))
    assert len(_events(text)) == 1


def test_a_given_name_before_a_place_name_makes_a_person():
    assert _roles("A car bomb hit Health Minister Majid Hamed Amin's convoy in Baghdad on Thursday.").get("Amin") in (
        None, "person_or_org")


def test_one_sentence_with_three_incidents_and_their_places_gives_three_events():
    text = ("انفجرت عبوة ناسفة قرب سوق في الرمادي يوم الثلاثاء فقتلت ثلاثة أشخاص، كما قتل مزارع بانفجار عبوة "
            "قرب بستانه في هيت، فيما قتل مدنيان بهجوم مسلح في حديثة.")
    events = _events(text, "ar")
    assert len(events) == 3 and len({e.gazetteer_id for e in events}) == 3
    assert [e.fatalities for e in events if e.location == "Ḩadīthah"] == [2]  # the toll of its own clause


def test_a_clause_with_a_place_but_no_incident_word_keeps_the_sentence_whole():
    events = _events("A car bomb exploded on Tuesday; it was in Ramadi, police said.")
    assert [e.location for e in events] == ["Ramadi"]
