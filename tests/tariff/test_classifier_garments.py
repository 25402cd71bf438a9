"""The garment table (Chapters 61 and 62): the heading a garment's name, construction and wearer give."""

from __future__ import annotations

from datetime import date

import pytest

from clearance.refdata import ReferenceData
from clearance.tariff.classifier import build_classifier
from clearance.tariff.classifier.garments import Garments, garment_table, material_provisions, names
from clearance.tariff.classifier.materials import first_material
from tests.tariff.fixtures import OLD, reference_with

ALL = {f"61{n:02d}" for n in range(1, 18)} | {f"62{n:02d}" for n in range(1, 18)} | {"6307", "3926", "4203"}
#: One subheading "90" per heading, and the subheadings of 6104 and 3926 as HS 2022 words them.
SUBHEADINGS = {f"{h}90": "Other" for h in ALL} | {
    "610442": "Dresses; women's or girls', of cotton, knitted or crocheted",
    "610452": "Skirts and divided skirts; women's or girls', of cotton, knitted or crocheted",
    "610462": "Trousers, bib and brace overalls, breeches and shorts; women's or girls', of cotton, knitted or "
              "crocheted",
    "610463": "Trousers, bib and brace overalls, breeches and shorts; women's or girls', of synthetic fibres, knitted "
              "or crocheted",
    "392620": "Plastics; articles of apparel and clothing accessories (including gloves, mittens and mitts)",
}
TEXTILE = frozenset({"synthetic", "textile"})


@pytest.fixture(scope="module")
def garments() -> Garments:
    return Garments(garment_table(), SUBHEADINGS, date(2025, 7, 1), material_provisions())


@pytest.mark.parametrize(("text", "construction", "headings"), [
    ("a women's knit jacket with a full front zipper", "knitted", {"6102"}),
    ("men's jackets", None, {"6101", "6201"}),  # the plural names the garment; construction unknown: both
    ("jacket", "woven", {"6201", "6202"}),  # no wearer: both
    ("a pair of women's pants, knit", "knitted", {"6104"}),
    ("ladies shorts", "woven", {"6204"}),
    ("men's T-shirt", "knitted", {"6109"}),
    ("a woman's poncho", "knitted", {"6102"}),  # a cape or cloak's similar article
    ("men's sweater-like cardigan", "knitted", {"6110"}),
    ("boy's swim trunks", "woven", {"6211"}),
    ("bow tie for men", "woven", {"6215"}),
])
def test_the_garment_its_construction_and_wearer_give_the_heading(garments, text, construction, headings):
    found = garments.recognise(text, construction, TEXTILE)
    assert found is not None and found.headings == headings


def test_the_subheadings_whose_terms_name_the_garment_take_it(garments):
    pants = garments.recognise("a pair of women's pants, knit", "knitted", TEXTILE)
    assert pants.subheadings == {"610462", "610463"}  # "Trousers, ...", not the dresses or skirts of 6104
    assert names(pants, "610462") == "6104" and names(pants, "610442") is None
    dress = garments.recognise("women's knit dress", "knitted", TEXTILE)
    assert dress.subheadings == {"610442"}
    # no subheading of the heading names the garment (6110 is split by fibre only): all of them take it
    assert garments.recognise("men's hoodie", "knitted", TEXTILE).subheadings == {"611090"}


def test_the_first_garment_named_is_the_goods(garments):
    found = garments.recognise("women's coats and a pullover", "knitted", TEXTILE)
    assert found is not None and found.phrase == "coat" and found.headings == {"6102"}
    # the longest phrase where two start together: "suit type jacket" is not a coat
    assert garments.recognise("men's suit-type jacket", "woven", TEXTILE).headings == {"6203"}


def test_short_sleeves_are_not_shorts(garments):
    found = garments.recognise("women's short sleeve pullover", "knitted", TEXTILE)
    assert found is not None and found.phrase == "pullover" and found.headings == {"6110"}


def test_babies_garments_go_to_6111_or_6209_whatever_the_garment(garments):
    found = garments.recognise("an infants short sleeve pullover", "knitted", TEXTILE)
    assert found is not None and found.headings == {"6111"} and "Note 6(b)" in found.reason
    assert garments.recognise("newborn pajamas", None, TEXTILE).headings == {"6111", "6209"}
    # a life jacket is not a garment of these chapters, for babies as for anyone
    assert garments.recognise("baby life jacket", None, TEXTILE).headings == {"6307"}


def test_a_garment_for_either_sex_goes_to_the_womens_heading(garments):
    found = garments.recognise("unisex hooded jacket", "knitted", TEXTILE)
    assert found is not None and found.headings == {"6102"} and "Note 9" in found.reason
    assert garments.recognise("men's and women's jacket", "woven", TEXTILE).headings == {"6202"}


def test_garments_of_plastics_or_leather_have_their_own_provisions(garments):
    raincoat = garments.recognise("PVC raincoat", None, frozenset({"plastics"}))
    assert raincoat is not None and raincoat.headings == {"392620"}  # not 6201: no textile
    assert names(raincoat, "392620") == "392620" and names(raincoat, "392690") is None
    assert raincoat.subheadings == {"392620"}
    assert garments.recognise("leather jacket", None, frozenset({"leather"})).headings == {"4203"}
    # partly of textile: the other material's provision beside the textile headings when named first
    bib = "a bib apron of plastic material with a textile neck strap"
    both = garments.recognise(bib, None, frozenset({"plastics", "textile"}))
    assert both is not None and both.headings == {"392620", "6114", "6211"}
    bonded = "a women's jacket of polyester pile knit fabric bonded to leather"
    knit = garments.recognise(bonded, "knitted", frozenset({"synthetic", "textile", "leather"}))
    assert knit is not None and knit.headings == {"6102"}
    # no provision for the material in this revision: only the textile headings
    bare = Garments(garment_table(), {k: v for k, v in SUBHEADINGS.items() if k[:4] != "3926"}, None,
                    material_provisions())
    assert bare.recognise(bib, None, frozenset({"plastics", "textile"})).headings == {
        "6114", "6211"}


def test_the_material_named_first():
    assert first_material("a child's bib made of 100% PVC with textile trim") == {"plastics"}
    assert first_material("a cotton shirt with plastic buttons") == {"cotton", "textile"}
    assert first_material("gold plated brass ring") == {"copper", "base metal"}  # plating is not the material
    assert first_material("a plain tray") == frozenset()


def test_goods_of_no_textile_and_goods_named_before_a_garment_are_not_garments(garments):
    assert garments.recognise("rubber raincoat", None, frozenset({"rubber"})) is None  # no 4015 in this revision
    assert garments.recognise("leather thermal boot slipper socks", None, TEXTILE) is None  # footwear first
    assert garments.recognise("doll's clothes: dress and jacket", None, TEXTILE) is None  # heading 9503
    assert garments.recognise("steel shelving unit", None, frozenset()) is None  # no garment named


def test_headings_outside_the_revision_and_rows_not_yet_in_force_name_nothing():
    only_coats = Garments(garment_table(), {"610190": "Other", "620190": "Other"}, None)
    assert only_coats.recognise("men's jacket", None, TEXTILE).headings == {"6101", "6201"}
    assert only_coats.recognise("women's jacket", "knitted", TEXTILE) is None
    before = Garments(garment_table(), SUBHEADINGS, date(2021, 12, 31))
    assert before.recognise("men's jacket", None, TEXTILE) is None


def test_every_heading_of_the_table_is_a_heading_of_the_garment_chapters_or_6307():
    named = {h for row in garment_table() for h in row.headings.values() if h}
    assert named <= ALL and len(named) >= 25
    assert all(row.authority for row in garment_table())


SWEATERS = [
    ("6101", 0, ("Men's or boys' overcoats, carcoats, capes, cloaks, anoraks (including ski-jackets), windbreakers "
                 "and similar articles, knitted or crocheted, other than those of heading 6103:"), "", "", "", ""),
    ("6101.30", 1, "Of man-made fibers:", "", "", "", ""),
    ("6101.30.20", 2, "Other", "", "28.2%", "Free (S)", "72%"),
    ("6101.30.20.10", 3, "Men's", '["doz.","kg"]', "", "", ""),
]


@pytest.fixture
def reference(settings, tmp_path) -> ReferenceData:
    return reference_with(settings, tmp_path, OLD + SWEATERS)


def test_the_classifier_weighs_the_garments_heading_and_says_why(reference):
    classifier = build_classifier(reference, embeddings="off")
    # "hoodie" is in no line of this schedule: the garment table names heading 6110
    best = classifier.classify("hoodie, men's", top=2).candidates[0]
    assert best.hs6 == "611020"
    assert any(n.effect == "names the garment" and n.note == "heading 6110" and '"hoodie"' in n.text
               for n in best.notes)
    # the schedule's "sweaters" lines say nothing of jackets; the table sends a knit jacket to 6101
    jacket = classifier.classify("men's knitted polyester jacket with zip front", top=2).candidates[0]
    assert jacket.hs6 == "610130"
