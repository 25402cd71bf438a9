"""The forms of basic metal (Chapter 72, Note 1; Section XV, Notes 8 and 9): a heading that takes the
metal as flat-rolled products, bars, wire, tubes... speaks against goods that name none of them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from clearance.refdata import ReferenceData
from clearance.tariff.classifier import build_classifier
from clearance.tariff.classifier import classifier as classifier_module
from clearance.tariff.classifier.attributes import singular
from clearance.tariff.classifier.forms import Forms, form_words, metal_forms
from clearance.tariff.classifier.model import Candidate
from tests.tariff.fixtures import OLD, reference_with


@pytest.fixture(scope="module")
def forms() -> Forms:
    return Forms(metal_forms(), date(2025, 7, 1))


@pytest.mark.parametrize(("text", "heading"), [
    ("stainless steel flat washers", "7219"),  # "flat" alone is not "flat-rolled"
    ("multi functional stainless steel crowbar", "7222"),
    ("brass pipe, seamless, for decorative purposes", "7409"),  # a pipe is not a plate or sheet
    ("aluminium ladder", "7606"),
    ("copper kettle", "7404"),  # waste and scrap
])
def test_a_heading_whose_forms_the_description_does_not_name_is_found(forms, text, heading):
    found = forms.unnamed(heading, *form_words(text))
    assert found is not None and heading in found.headings and found.authority


@pytest.mark.parametrize(("text", "heading"), [
    ("cold-rolled stainless steel sheets in coils", "7219"),
    ("flat-rolled products of stainless steel", "7219"),  # the phrase, hyphen and all
    ("stainless steel bars, bright", "7222"),  # the plural names the form
    ("brass pipe, seamless, for decorative purposes", "7411"),
    ("aluminium foil for household use", "7607"),
    ("copper scrap, mixed", "7404"),
    ("stainless steel flat washers", "7318"),  # a heading of articles: no form required
])
def test_a_heading_whose_form_the_description_names_or_that_takes_no_form_is_not(forms, text, heading):
    assert forms.unnamed(heading, *form_words(text)) is None


def test_rows_not_yet_in_force_require_nothing():
    before = Forms(metal_forms(), date(2021, 12, 31))
    assert before.unnamed("7219", *form_words("stainless steel flat washers")) is None


def test_the_table_gives_each_heading_once_with_forms_in_the_singular_and_an_authority():
    rows = metal_forms()
    headings = [h for row in rows for h in row.headings]
    assert len(headings) == len(set(headings)) >= 50
    assert all(re.fullmatch(r"7[2-9]\d\d|80\d\d", h) for h in headings)
    assert all(singular(word) == word for row in rows for form in row.forms for word in form)
    assert all(row.authority for row in rows)


STEEL = [
    ("7219", 0, "Flat-rolled products of stainless steel, of a width of 600 mm or more:", "", "", "", ""),
    ("7219.90.00", 1, "Other", "", "Free", "", "34%"),
    ("7219.90.00.20", 2, "Of a thickness of 4.75 mm or more", '["kg"]', "", "", ""),
    ("7219.90.00.80", 2, "Other", '["kg"]', "", "", ""),
    ("7318", 0, ("Screws, bolts, nuts, coach screws, screw hooks, rivets, cotters, cotter pins, washers (including "
                "spring washers) and similar articles, of iron or steel:"), "", "", "", ""),
    ("7318.22.00.00", 1, "Other washers", '["kg"]', "Free", "", "45%"),
]


@pytest.fixture
def reference(settings, tmp_path) -> ReferenceData:
    return reference_with(settings, tmp_path, OLD + STEEL)


def test_the_classifier_demotes_the_heading_and_says_why(reference, monkeypatch):
    classifier = build_classifier(reference, embeddings="off")

    def flat_rolled(text: str) -> Candidate:
        return next(c for c in classifier.classify(text, top=3).candidates if c.hs6 == "721990")

    steel = flat_rolled("stainless steel flat washers")
    assert any(n.effect == "names no form" and n.note == "heading 7219" and "Note 1(k)" in n.text
               for n in steel.notes)
    monkeypatch.setattr(classifier_module, "FORM_UNNAMED", 1.0)
    assert flat_rolled("stainless steel flat washers").score == pytest.approx(2 * steel.score, abs=1e-3)
    sheet = flat_rolled("stainless steel sheet, cold-rolled")
    assert not any(n.effect == "names no form" for n in sheet.notes)
