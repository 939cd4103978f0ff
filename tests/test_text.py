"""Normalisation, clitics and sentence splitting: offsets always point into the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.text.clitics import is_proclitic_prefix, split_proclitics
from dashboard.text.normalize import normalize, normalize_with_offsets
from dashboard.text.sentences import split_clauses, split_sentences


def test_arabic_letter_forms_fold() -> None:
    assert normalize("أربيل") == normalize("اربيل") == normalize("إربيل")
    assert normalize("البصرة") == "البصره"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("بَغْدَادُ") == "بغداد"
    assert normalize("بغـــداد") == "بغداد"
    assert normalize("هەولێر") == "ههولير"  # Kurdish letters to Arabic base letters
    assert normalize("١٥ شباط ٢٠٢١") == "15 شباط 2021"


def test_latin_folding() -> None:
    assert normalize("Al-Kāẓimiyyah") == "al kazimiyyah"
    assert normalize("Ba'qubah") == normalize("Baqubah")


def test_offsets_map_back_to_original() -> None:
    text = "قاعدةُ بَلَد — Al-Kāẓimiyyah"
    norm, offsets = normalize_with_offsets(text)
    assert len(norm) == len(offsets)
    start = norm.index("بلد")
    assert text[offsets[start] : offsets[start + 2] + 1] == "بَلَد"


@given(st.text())
def test_normalisation_never_crashes_and_offsets_are_valid(text: str) -> None:
    norm, offsets = normalize_with_offsets(text)
    assert len(norm) == len(offsets)
    assert all(0 <= i < len(text) for i in offsets)
    assert offsets == sorted(offsets)


def test_proclitics() -> None:
    assert split_proclitics("وبالعراق") == ("وب", "العراق")
    assert split_proclitics("للعراق") == ("ل", "العراق")
    assert split_proclitics("بلد") == ("", "بلد")
    assert is_proclitic_prefix("وب") and is_proclitic_prefix("ف") and not is_proclitic_prefix("ال")


def test_sentences_and_clauses() -> None:
    text = "The U.S. embassy was hit. Gen. Smith said so.\nوقال مصدر؛ إن القصف استمر، فيما أصيب جندي."
    sentences = split_sentences(text)
    assert [s.text for s in sentences][:2] == ["The U.S. embassy was hit.", "Gen. Smith said so."]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    clauses = split_clauses(sentences[2])
    assert len(clauses) == 3
    assert all(text[c.start : c.end] == c.text for c in clauses)
