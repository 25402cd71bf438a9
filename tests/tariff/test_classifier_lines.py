"""The statistical line within a subheading (GRI 6 at 10 digits)."""

from __future__ import annotations

from decimal import Decimal

from clearance.tariff.classifier.lines import BY_EXAMPLE, BY_MATERIAL, FOR_SETS, RESIDUAL, choose_line
from clearance.tariff.classifier.materials import goods_materials
from clearance.tariff.classifier.values import UnitValue

JEWELRY = {
    "7117191500": {"description": "Other"},
    "7117192000": {"description": "Valued over 33 cents per meter"},
    "7117196000": {"description": "Toy jewelry valued not over 8 cents per piece"},
    "7117199000": {"description": "Other"},
}
SHIRTS = {
    "6109100012": {"description": "Men's (338)"},
    "6109100040": {"description": "Women's (339)"},
    "6109100065": {"description": "Other"},
}
BAGS = {
    "4202226000": {"description": "Other (871)"},
    "4202228100": {"description": "Of man-made fibers (670)"},
    "4202228900": {"description": "Other (970)"},
}


def test_a_line_set_by_a_value_the_description_cannot_settle_is_not_chosen():
    code, reason = choose_line(list(JEWELRY), JEWELRY, ["7117196000", "7117192000"], None, {})
    assert (code, reason) == ("7117199000", RESIDUAL)


def test_the_best_matching_example_line_when_it_fits():
    code, reason = choose_line(list(SHIRTS), SHIRTS, ["6109100040", "6109100012"], "women's or girls'", {})
    assert (code, reason) == ("6109100040", BY_EXAMPLE)
    # a men's shirt is not put on the women's line, however well its example matched
    code, _ = choose_line(list(SHIRTS), SHIRTS, ["6109100040", "6109100012"], "men's or boys'", {})
    assert code == "6109100012"
    code, reason = choose_line(list(SHIRTS), SHIRTS, ["6109100040"], "men's or boys'", {})
    assert (code, reason) == ("6109100065", RESIDUAL)


def test_a_line_whose_own_terms_alone_name_the_goods_material():
    nylon = goods_materials("messenger bag of nylon")
    assert choose_line(list(BAGS), BAGS, ["4202226000"], None, nylon) == ("4202228100", BY_MATERIAL)
    cotton = goods_materials("messenger bag of cotton")
    assert choose_line(list(BAGS), BAGS, ["4202226000"], None, cotton) == ("4202226000", BY_EXAMPLE)


STONES = ["Articles of pearls or stones:", "Of precious or semiprecious stones (natural, synthetic or reconstructed):"]
STONE_JEWELRY = {  # 7116.20, with the rows above each line within the subheading
    "7116200500": {"description": "Valued not over $40 per piece",
                   "path": [*STONES, "Articles of jewelry:", "Valued not over $40 per piece"]},
    "7116201500": {"description": "Other", "path": [*STONES, "Articles of jewelry:", "Other"]},
    "7116203500": {"description": "Figurines of semiprecious stone",
                   "path": [*STONES, "Other:", "Figurines of semiprecious stone"]},
    "7116205000": {"description": "Other", "path": [*STONES, "Other:", "Other"]},
}
BANDS = ["Watch straps:", "Of base metal:", "Straps, bands and bracelets:"]
WATCH_BANDS = {
    "9113202000": {"description": "Valued not over $5 per dozen", "path": [*BANDS, "Valued not over $5 per dozen"]},
    "9113204000": {"description": "Valued over $5 per dozen", "path": [*BANDS, "Valued over $5 per dozen"]},
    "9113209000": {"description": "Other", "path": ["Watch straps:", "Of base metal:", "Parts:", "Other"]},
}


def test_a_given_unit_value_settles_the_lines_set_by_a_value():
    necklace = frozenset({"zirconia", "necklace", "jewelry"})
    cheap, dear = UnitValue(Decimal("1.05")), UnitValue(Decimal(55))
    # no example: the line the value settles, as its other rows ("Articles of jewelry") are named
    code, reason = choose_line(list(STONE_JEWELRY), STONE_JEWELRY, [], None, {}, value=cheap, described=necklace)
    assert code == "7116200500" and "$1.05 per piece" in reason
    # a value that fails the condition leaves the line out; without a value it is never chosen
    assert choose_line(list(STONE_JEWELRY), STONE_JEWELRY, ["7116200500"], None, {}, value=dear,
                       described=necklace)[0] != "7116200500"
    assert choose_line(list(STONE_JEWELRY), STONE_JEWELRY, ["7116200500"], None, {})[0] != "7116200500"
    # the residual "Other" an example matched gives way to its sibling the value settles
    assert choose_line(list(STONE_JEWELRY), STONE_JEWELRY, ["7116201500"], None, {}, value=cheap,
                       described=necklace)[0] == "7116200500"
    # a value alone does not make goods jewelry: a figurine's rows are not named by "vase"
    assert choose_line(list(STONE_JEWELRY), STONE_JEWELRY, [], None, {}, value=cheap,
                       described=frozenset({"vase"}))[0] == "7116205000"
    # per dozen from a value per piece: $0.60 each is $7.20 a dozen
    band = frozenset({"watch", "band", "strap"})
    assert choose_line(list(WATCH_BANDS), WATCH_BANDS, ["9113209000"], None, {}, value=UnitValue(Decimal("0.60")),
                       described=band)[0] == "9113209000"  # the example's line is not a sibling: kept
    assert choose_line(list(WATCH_BANDS), WATCH_BANDS, [], None, {}, value=UnitValue(Decimal("0.60")),
                       described=band)[0] == "9113204000"
    assert choose_line(list(WATCH_BANDS), WATCH_BANDS, [], None, {}, value=UnitValue(Decimal("0.30")),
                       described=band)[0] == "9113202000"
    # a value per pair settles nothing counted in dozens
    assert choose_line(list(WATCH_BANDS), WATCH_BANDS, [], None, {}, value=UnitValue(Decimal("0.30"), "pair"),
                       described=band)[0] == "9113209000"


BABY_COTTON = {  # 6111.20.60, as the 2025 schedule words it
    "6111206010": {"description": "Sunsuits, washsuits and similar apparel (239)"},
    "6111206020": {"description": "Sets (239)"},
    "6111206030": {"description": "Imported as parts of sets (239)"},
    "6111206070": {"description": "Other (239)"},
}


def test_the_lines_for_sets_take_only_goods_described_as_a_set():
    # the best example matched the parts-of-sets line, but a single bodysuit is no set
    assert choose_line(list(BABY_COTTON), BABY_COTTON, ["6111206030"], "babies'", {}) == ("6111206070", RESIDUAL)
    code, reason = choose_line(list(BABY_COTTON), BABY_COTTON, ["6111206070"], "babies'", {}, is_set=True)
    assert (code, reason) == ("6111206020", FOR_SETS)


def test_a_unisex_garment_takes_the_womens_line():
    # Chapter 61, Note 9: garments not identifiable as men's or women's go with the women's
    code, _ = choose_line(list(SHIRTS), SHIRTS, ["6109100012", "6109100040"], "unisex", {})
    assert code == "6109100040"
