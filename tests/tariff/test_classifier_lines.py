"""The statistical line within a subheading (GRI 6 at 10 digits)."""

from __future__ import annotations

from clearance.tariff.classifier.lines import BY_EXAMPLE, BY_MATERIAL, RESIDUAL, choose_line
from clearance.tariff.classifier.materials import goods_materials

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
