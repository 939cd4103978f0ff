"""Casualty counts as the text states them: number words, several groups, breakdowns, ACLED vague counts."""

from __future__ import annotations

import pytest

from dashboard.extract.casualties import parse_casualties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مما أدى إلى إصابة متعاقد عراقي مع الجيش", (None, 1)),
        ("أسفر عن مقتل ثلاثة جنود وإصابة خمسة آخرين", (3, 5)),
        ("سقوط 5 قتلى و10 جرحى", (5, 10)),
        ("مقتل جنديين", (2, None)),
        ("مقتل عشرات المدنيين", (12, None)),
        ("انفجرت عبوة دون وقوع إصابات", (0, 0)),
        ("انفجرت عبوة في السوق", (None, None)),
    ],
)
def test_arabic(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_casualties(text, "ar") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast killed three soldiers and wounded at least 12 people.", (3, 12)),
        ("Two civilians were killed and a policeman was wounded.", (2, 1)),
        ("Eight soldiers and the driver were killed in the ambush; another two soldiers were injured.", (9, 2)),
        ("Six people, two militia members and four police officers, were killed in the assault.", (6, None)),
        ("In addition to the bomber, two people, including a civilian and a police officer, were killed.", (3, None)),
        ("The targeted army officer was killed in the attack.", (1, None)),
        ("The soldiers were killed.", (None, None)),
        ("The attack left dozens dead.", (12, None)),
        ("Several people were wounded.", (None, 10)),
        ("No one was hurt.", (0, 0)),
        ("Rockets hit the base.", (None, None)),
    ],
)
def test_english(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_casualties(text, "en") == expected
