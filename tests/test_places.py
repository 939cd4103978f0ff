"""Place mentions: the automaton, clitics, and the traps (بلد, Hit, صلاح الدين, nisba adjectives)."""

from __future__ import annotations

from datetime import date

from dashboard.extract.mentions import find_mentions
from dashboard.pipeline.articles import article_from_text
from dashboard.pipeline.extraction import read


def mentions(text: str, language: str = "ar") -> list[tuple[str, str, str]]:
    article = article_from_text(text, url="test", language=language, published=date(2021, 2, 23))
    return [(m.text, m.place.name, m.role) for m in find_mentions(article).mentions]


def names(text: str, language: str = "ar") -> list[str]:
    return [name for _, name, _ in mentions(text, language)]


def test_clitics_attach_to_names() -> None:
    assert names("وقع انفجار وببغداد وللعراق") == ["Baghdad", "Iraq"]
    assert names("سقط صاروخ في البصرة") == ["Basrah"]


def test_country_words_are_not_balad() -> None:
    for text in ("الحوار الاستراتيجي بين بلدينا", "بين البلدين", "هذا البلد العربي", "في بلد عربي آخر"):
        assert "Balad" not in names(text), text


def test_balad_with_place_context_is_the_town() -> None:
    assert names("انفجرت عبوة في قضاء بلد") == ["Balad"]
    assert names("سقطت قذيفة على مدينة بلد، جنوبي سامراء")[0] == "Balad"
    assert names("سقطت صواريخ على قاعدة بلد الجوية") == ["Balad Air Base"]


def test_nisba_adjectives_are_not_places() -> None:
    assert names("القوات العراقية والجيش الأميركي") == []
    assert names("Iraqi forces and American troops", "en") == []


def test_hit_the_verb_is_not_hit_the_town() -> None:
    assert "Hīt" not in names("Rockets hit the base.", "en")
    assert "Hīt" not in names("Hit by three rockets, the base burned.", "en")
    assert "Hīt" in names("A bomb exploded in Hit on Monday.", "en")


def test_salah_al_din_person_vs_governorate() -> None:
    assert names("قال القائد صلاح الدين الأيوبي") == []
    assert "Salah al-Din" in names("هجوم في محافظة صلاح الدين")


def test_roles_affiliation_and_reference() -> None:
    found = mentions("تنسب الهجمات لفصائل مسلحة مقربة من إيران")
    assert ("إيران", "Iran", "affiliation") in found
    found = mentions("Iran-backed militias fired rockets", "en")
    assert found[0][2] == "affiliation"
    roles = dict((n, r) for _, n, r in mentions("انفجار في الطارمية شمال العاصمة بغداد"))
    assert roles["Baghdad"] == "context"


def test_incident_place_is_the_most_specific() -> None:
    article = article_from_text(
        "تعرضت قاعدة بلد الجوية بمحافظة صلاح الدين شمال العاصمة العراقية بغداد إلى قصف صاروخي.",
        url="t", language="ar", published=date(2021, 2, 23),
    )
    extraction, events = read(article)
    assert [e.location for e in events] == ["Balad Air Base"]
    roles = {m.place.name: m.role for m in extraction.mentions}
    assert roles == {"Balad Air Base": "incident", "Salah al-Din": "context", "Baghdad": "context"}
