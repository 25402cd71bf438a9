"""Provisions that take goods only under names the law gives: the forms of basic metal (Chapter 72,
Note 1; Section XV, Notes 8 and 9) and sports footwear (Chapter 64, Subheading Note 1). A provision
whose goods the description does not name speaks against itself."""

from __future__ import annotations

import re
from datetime import date

import pytest

from clearance.refdata import ReferenceData
from clearance.tariff.classifier import build_classifier
from clearance.tariff.classifier import classifier as classifier_module
from clearance.tariff.classifier.attributes import singular
from clearance.tariff.classifier.model import Candidate
from clearance.tariff.classifier.named_goods import NamedGoods, goods_words, named_goods_table
from tests.tariff.fixtures import OLD, reference_with


@pytest.fixture(scope="module")
def named() -> NamedGoods:
    return NamedGoods(named_goods_table(), date(2025, 7, 1))


@pytest.mark.parametrize(("text", "hs6"), [
    ("stainless steel flat washers", "721990"),  # "flat" alone is not "flat-rolled"
    ("multi functional stainless steel crowbar", "722240"),
    ("brass pipe, seamless, for decorative purposes", "740921"),  # a pipe is not a plate or sheet
    ("aluminium ladder", "760611"),
    ("copper kettle", "740400"),  # waste and scrap
])
def test_a_heading_whose_forms_the_description_does_not_name_is_found(named, text, hs6):
    found = named.unnamed(hs6, *goods_words(text))
    assert found is not None and hs6[:4] in found.codes and found.effect == "names no form" and found.authority


@pytest.mark.parametrize(("text", "hs6"), [
    ("cold-rolled stainless steel sheets in coils", "721990"),
    ("flat-rolled products of stainless steel", "721990"),  # the phrase, hyphen and all
    ("stainless steel bars, bright", "722220"),  # the plural names the form
    ("brass pipe, seamless, for decorative purposes", "741121"),
    ("aluminium foil for household use", "760719"),
    ("copper scrap, mixed", "740400"),
    ("stainless steel flat washers", "731822"),  # a heading of articles: no form required
    ("men's running shoes, mesh upper, rubber sole", "640411"),  # "training shoes and the like"
    ("cross-country ski boots", "640312"),
    ("women's knee high boots, textile upper", "640419"),  # not sports footwear: nothing required
])
def test_a_provision_whose_goods_the_description_names_or_that_requires_none_is_not(named, text, hs6):
    assert named.unnamed(hs6, *goods_words(text)) is None


@pytest.mark.parametrize("text", ["women's knee high boots, textile upper", "canvas loafers for women"])
def test_footwear_named_as_no_sports_is_not_sports_footwear(named, text):
    found = named.unnamed("640411", *goods_words(text))
    assert found is not None and found.effect == "names no sport" and "Subheading Note 1" in found.authority
    assert named.unnamed("640419", *goods_words(text)) is None


def test_rows_not_yet_in_force_require_nothing():
    before = NamedGoods(named_goods_table(), date(2021, 12, 31))
    assert before.unnamed("721990", *goods_words("stainless steel flat washers")) is None


def test_the_table_gives_each_code_once_with_names_in_the_singular_an_effect_and_an_authority():
    rows = named_goods_table()
    codes = [c for row in rows for c in row.codes]
    assert len(codes) == len(set(codes)) >= 55
    assert all(re.fullmatch(r"7[2-9]\d\d|80\d\d|640[234]1[129]", c) for c in codes)
    assert all(singular(word) == word for row in rows for name in row.names for word in name)
    assert all(row.authority and row.effect.startswith("names no ") for row in rows)


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
    note = next(n for n in steel.notes if n.effect == "names no form")
    assert note.note == "heading 7219" and "Note 1(k)" in note.text
    # the authority is long: the note is cut at a word, and says so
    assert len(note.text) <= 240 and note.text.endswith("…") and not note.text[:-1].endswith(" ")
    monkeypatch.setattr(classifier_module, "UNNAMED_GOODS", 1.0)
    assert flat_rolled("stainless steel flat washers").score == pytest.approx(2 * steel.score, abs=1e-3)
    sheet = flat_rolled("stainless steel sheet, cold-rolled")
    assert not any(n.effect == "names no form" for n in sheet.notes)
