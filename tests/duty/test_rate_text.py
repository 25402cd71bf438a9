"""The rate-text grammar: printed forms, the Special column, errors, round trips, the whole schedule."""

from __future__ import annotations

import importlib.util
import sys
import time
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.duty import rate_text
from clearance.duty.rate_text import (
    AdValorem,
    Bounded,
    Compound,
    Free,
    RateExpression,
    RateTextError,
    Reference,
    SpecialRate,
    SpecialRates,
    Specific,
    iter_components,
    parse_column,
    parse_rate,
    parse_special,
    render,
)
from tests.conftest import shared_data_or_skip

D = Decimal
COVERAGE_SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "rate_coverage.py"


def kg(amount: str, qualifier: str | None = None) -> Specific:
    return Specific(D(amount), "kg", D(1), qualifier)


# --------------------------------------------------------------------------------------------
# Printed forms (digits as in the schedule, spacing variants included)
# --------------------------------------------------------------------------------------------

PRINTED: list[tuple[str, RateExpression]] = [
    ("Free", Free()),
    ("6.8%", AdValorem(D("6.8"))),
    ("4%", AdValorem(D(4))),
    ("1¢/kg", kg("0.01")),
    ("4.4¢/kg", kg("0.044")),
    ("$1.055/kg", kg("1.055")),
    ("25.5¢/kg + 4.4%", Compound((kg("0.255"), AdValorem(D("4.4"))))),
    ("40¢/kg +10.4%", Compound((kg("0.40"), AdValorem(D("10.4"))))),
    ("$9.92/kg+ 25%", Compound((kg("9.92"), AdValorem(D(25))))),
    ("0.4¢ each + 6.4%", Compound((Specific(D("0.004"), "each"), AdValorem(D("6.4"))))),
    ("$5.00 each", Specific(D(5), "each")),
    ("0.34¢/liter", Specific(D("0.0034"), "liter")),
    ("4.5¢/ liter", Specific(D("0.045"), "liter")),
    ("18.9¢/pf.liter", Specific(D("0.189"), "pf. liter")),
    ("$1.32/pf. liter", Specific(D("1.32"), "pf. liter")),
    ("$1.24/t", Specific(D("1.24"), "t")),
    ("5.25¢/bbl", Specific(D("0.0525"), "bbl")),
    ("$1.13/m3", Specific(D("1.13"), "m3")),
    ("18.7¢/m2", Specific(D("0.187"), "m2")),
    ("10¢/m", Specific(D("0.10"), "m")),
    ("3.3¢/lin. m", Specific(D("0.033"), "lin. m")),
    ("10.6¢/g", Specific(D("0.106"), "g")),
    ("2.8¢/doz.", Specific(D("0.028"), "doz.")),
    ("76¢/pr. + 32%", Compound((Specific(D("0.76"), "prs."), AdValorem(D(32))))),
    ("6.5¢/gross", Specific(D("0.065"), "gross")),
    ("68¢/head", Specific(D("0.68"), "head")),
    ("18.7¢/clean kg", Specific(D("0.187"), "clean kg")),
    ("89.6¢/1000", Specific(D("0.896"), "each", D(1000))),
    ("$1.50/1,000 + 50%", Compound((Specific(D("1.50"), "each", D(1000)), AdValorem(D(50))))),
    ("20¢/thousand + 3.5%", Compound((Specific(D("0.20"), "each", D(1000)), AdValorem(D("3.5"))))),
    ("$2.50/thou- sand + 40%", Compound((Specific(D("2.50"), "each", D(1000)), AdValorem(D(40))))),
    ("10¢/1,000 pins + 3.5%", Compound((Specific(D("0.10"), "pins", D(1000)), AdValorem(D("3.5"))))),
    ("0.3¢/line/ gross + 4.6%", Compound((Specific(D("0.003"), "line/gross"), AdValorem(D("4.6"))))),
    ("33 1/3%", AdValorem(D(33) + D(1) / D(3))),
    ("3.7¢/kg on drained weight", kg("0.037", "on drained weight")),
    ("22¢/kg on drained weight+45%", Compound((kg("0.22", "on drained weight"), AdValorem(D(45))))),
    ("5¢/kg on contents and container", kg("0.05", "on contents and container")),
    ("16.9¢/kg of total sugars + 5.1%", Compound((kg("0.169", "of total sugars"), AdValorem(D("5.1"))))),
    ("$1.32/t, including weight of container", Specific(D("1.32"), "t", D(1), "including weight of container")),
    ("86.1¢/m2of recording surface", Specific(D("0.861"), "m2", D(1), "of recording surface")),
    ("0.7¢/kg on copper content + 0.7¢/kg on lead content",
     Compound((kg("0.007", "on copper content"), kg("0.007", "on lead content")))),
    ("3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content",
     Compound((Specific(D("0.031"), "liter"), Specific(D("0.221"), "pf. liter", D(1), "on ethyl alcohol content")))),
    ("43¢ each + 2.8¢/jewel over 7 + 3.7% on the case",
     Compound((Specific(D("0.43"), "each"), Specific(D("0.028"), "jewel", D(1), "over 7"),
               AdValorem(D("3.7"), "on the case")))),
    ("$1.75 each + 4.8% on the case + 11.2% on the strap, band or bracelet",
     Compound((Specific(D("1.75"), "each"), AdValorem(D("4.8"), "on the case"),
               AdValorem(D("11.2"), "on the strap, band or bracelet")))),
    ("3 percent of the fair retail value", AdValorem(D(3), "of the fair retail value")),
    ("6.5% on the entire set", AdValorem(D("6.5"), "on the entire set")),
    (("3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) "
     "but not less than 3.143854¢/kg"),
     Bounded(kg("0.036606", "less 0.020668¢/kg for each degree under 100 degrees "
                            "(and fractions of a degree in proportion)"), kg("0.03143854"), None)),
    (("4.3817¢/kg less 0.0622005¢ /kg for each degree under 100 degrees (and fractions of a degree in proportion) "
     "but not less 2.831562¢ /kg"),
     Bounded(kg("0.043817", "less 0.0622005¢/kg for each degree under 100 degrees "
                            "(and fractions of a degree in proportion)"), kg("0.02831562"), None)),
    ("Free, under bond, as prescribed in U.S. note 2 to this subchapter",
     Free("under bond, as prescribed in U.S. note 2 to this subchapter")),
    ("Free, under bond", Free("under bond")),
    ("No change", Reference("no_change")),
    ("No change.", Reference("no_change")),
    ("No Change", Reference("no_change")),
    ("See additional U.S. note 1", Reference("us_note", ("additional U.S. note 1",))),
    ("The duty provided in the applicable subheading", Reference("applicable_subheading")),
    ("The duty provided for in the applicable subheading.", Reference("applicable_subheading")),
    ("The duty provided in the applicable subheading + 25%",
     Reference("applicable_subheading", plus=AdValorem(D(25)))),
    ("The duty provided inthe applicable subheading+ 25%.",
     Reference("applicable_subheading", plus=AdValorem(D(25)))),
    ("The duty provided in the applicable subheading plus 25%",
     Reference("applicable_subheading", plus=AdValorem(D(25)))),
    ("The duty provided in the applicable subheading + a duty of 50% upon the value of the steel content.",
     Reference("applicable_subheading", plus=AdValorem(D(50), "upon the value of the steel content"))),
    ("The duty rate provided in such subheading minus 0.5%",
     Reference("applicable_subheading", minus=AdValorem(D("0.5")),
               description="The duty rate provided in such subheading")),
    ("The rate applicable to the natural juice in heading 2009",
     Reference("heading", ("2009",), description="The rate applicable to the natural juice in heading 2009")),
    ("The rate applicable to each garment in the ensemble if separately entered",
     Reference("described", description="The rate applicable to each garment in the ensemble if separately entered")),
    ("The rate of duty appli- cable to that article in the set",
     Reference("described", description="The rate of duty appli- cable to that article in the set")),
    ("A duty upon the value of the repairs or alterations (see U.S. note 3 of this subchapter)",
     Reference("described", description="A duty upon the value of the repairs or alterations "
                                        "(see U.S. note 3 of this subchapter)")),
]


@pytest.mark.parametrize(("text", "expected"), PRINTED, ids=[t for t, _ in PRINTED])
def test_printed_forms(text: str, expected: RateExpression) -> None:
    assert parse_rate(text) == expected
    assert parse_rate(render(expected)) == expected


def test_cents_are_dollars_exactly() -> None:
    rate = parse_rate("25.5¢/kg")
    assert isinstance(rate, Specific) and rate.amount == Decimal("0.255") and str(rate.amount) == "0.255"


@pytest.mark.parametrize(("expression", "text"), [
    (Compound((kg("0.255"), AdValorem(D("4.4")))), "25.5¢/kg + 4.4%"),
    (kg("1.2"), "$1.20/kg"),
    (kg("22"), "$22/kg"),
    (AdValorem(D("10.0")), "10%"),
    (AdValorem(D(33) + D(1) / D(3)), "33 1/3%"),
    (Specific(D("0.896"), "each", D(1000)), "89.6¢/1000"),
    (Specific(D("1"), "pins", D(1000)), "$1/1000 pins"),
    (Specific(D("0.24"), "each"), "24¢ each"),
    (Specific(D("1.32"), "t", D(1), "including weight of container"), "$1.32/t, including weight of container"),
    (Free("See U.S. note 4 of this subchapter"), "Free (See U.S. note 4 of this subchapter)"),
    (Bounded(AdValorem(D(5)), kg("0.01"), kg("0.1")), "5% but not less than 1¢/kg but not more than 10¢/kg"),
    (Reference("chapter99", ("9903.88.15",)), "See 9903.88.15"),
    (Reference("chapter98", ("9822.05.10", "9822.05.20")), "See 9822.05.10, 9822.05.20"),
    (Reference("applicable_subheading", plus=AdValorem(D(25))), "The duty provided in the applicable subheading + 25%"),
])
def test_render_is_canonical(expression: RateExpression, text: str) -> None:
    assert render(expression) == text


def test_bounds_in_any_order_and_maximum() -> None:
    assert parse_rate("5% but not more than 10¢/kg") == Bounded(AdValorem(D(5)), None, kg("0.10"))
    assert parse_rate("5% + 1¢/kg but not less than 2¢/kg") == Bounded(
        Compound((AdValorem(D(5)), kg("0.01"))), kg("0.02"), None)


def test_iter_components_walks_compounds_and_bounds() -> None:
    expression = parse_rate("5% + 1¢/kg but not less than 2¢/kg")
    assert list(iter_components(expression)) == [AdValorem(D(5)), kg("0.01"), kg("0.02")]


# --------------------------------------------------------------------------------------------
# Special column (HTSUS General Note 3(c)(i))
# --------------------------------------------------------------------------------------------

def test_special_with_rates_and_references() -> None:
    text = ("Free (BH,CL,JO,MA,OM,P,PE,SG) 7¢/kg (KR) See 9822.04.50 (AU) See 9823.01.01-9823.01.10 (S+) "
            "See 9908.12.01 (IL) See 9822.05.10, 9822.05.20 (CO)")
    special = parse_special(text)
    assert [e.programmes for e in special.entries] == [
        ("BH", "CL", "JO", "MA", "OM", "P", "PE", "SG"), ("KR",), ("AU",), ("S+",), ("IL",), ("CO",)]
    assert special.for_programme("KR") == SpecialRate(kg("0.07"), ("KR",))
    assert special.for_programme("AU") == SpecialRate(Reference("chapter98", ("9822.04.50",)), ("AU",))
    assert special.for_programme("S+") is not None
    assert special.for_programme("S+").expression == Reference("chapter98", ("9823.01.01-9823.01.10",))  # type: ignore[union-attr]
    assert special.for_programme("IL").expression == Reference("chapter99", ("9908.12.01",))  # type: ignore[union-attr]
    assert special.for_programme("S") is None
    assert special.unlisted() is None
    assert parse_special(render(special)) == special


@pytest.mark.parametrize("text", [
    "Free (AU,BH, CL,CO,IL,JO,KR, MA,OM,P, PA,PE,S,SG)",
    "Free(A, AU, BH,CL, CO, D, E, IL, JO, K, KR, MA, OM, P, PA, PE, S, SG)",
    "Free (A+, AU, BH, CL, CO, D, E, IL, JO, KR, MA, OM,P, PA, PE, S, SG)",
])
def test_special_programme_lists_with_any_spacing(text: str) -> None:
    special = parse_special(text)
    assert len(special.entries) == 1 and special.entries[0].expression == Free()
    assert "SG" in special.programmes() and all(" " not in spi for spi in special.programmes())


def test_programme_symbols_match_exactly_as_printed() -> None:
    special = parse_special("Free (A*,AU,B,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG) 2.1% (JP)")
    assert special.for_programme("A*") is not None
    assert special.for_programme("A") is None  # A* excludes some countries: the caller claims "A*"
    assert special.for_programme("JP") == SpecialRate(AdValorem(D("2.1")), ("JP",))
    plus = parse_special("Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)")
    assert plus.for_programme("A") is None and plus.for_programme("A+") is not None


@pytest.mark.parametrize(("text", "entries"), [
    ("$1.25/kg (S+)", [(Specific(D("1.25"), "kg"), ("S+",))]),
    ("Free (A,AU,BH,CL,CO,D,E,IL,KR,MA,OM,P,PA,PE,S,SG)N.N".replace("N.N", "1.8¢/liter(JO)"),
     [(Free(), ("A", "AU", "BH", "CL", "CO", "D", "E", "IL", "KR", "MA", "OM", "P", "PA", "PE", "S", "SG")),
      (Specific(D("0.018"), "liter"), ("JO",))]),
    ("Free (BH,CL,JO,KR,OM,SG) See 9822.07.10 (P+) See 9822.08.10(MA)",
     [(Free(), ("BH", "CL", "JO", "KR", "OM", "SG")), (Reference("chapter98", ("9822.07.10",)), ("P+",)),
      (Reference("chapter98", ("9822.08.10",)), ("MA",))]),
    ("No change (A) Free (CA,IL, MX) See U.S. note 3 to this sub- chapter (E) See U.S. note 3(e) (CO,PE)",
     [(Reference("no_change"), ("A",)), (Free(), ("CA", "IL", "MX")),
      (Reference("us_note", ("U.S. note 3 to this sub- chapter",)), ("E",)),
      (Reference("us_note", ("U.S. note 3(e)",)), ("CO", "PE"))]),
    (("Free (AU,BH,CL,CO,IL,JO,KR,MA,OM,P,PA,PE,SG) A duty upon the value of the repairs or alterations "
     "(see U.S. note 3 of this subchapter) (B,C,)"),
     [(Free(), ("AU", "BH", "CL", "CO", "IL", "JO", "KR", "MA", "OM", "P", "PA", "PE", "SG")),
      (Reference("described", description="A duty upon the value of the repairs or alterations "
                                          "(see U.S. note 3 of this subchapter)"), ("B", "C"))]),
    ("Free (AU,BH,CL,CO,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)The rate applicable to the natural juice in heading 2009(A*)",
     [(Free(), ("AU", "BH", "CL", "CO", "E", "IL", "JO", "KR", "MA", "OM", "P", "PA", "PE", "S", "SG")),
      (Reference("heading", ("2009",), description="The rate applicable to the natural juice in heading 2009"),
       ("A*",))]),
    ("The duty provided in the applicable subheading + 25% (CA, MX, S)",
     [(Reference("applicable_subheading", plus=AdValorem(D(25))), ("CA", "MX", "S"))]),
])
def test_special_forms(text: str, entries: list[tuple[RateExpression, tuple[str, ...]]]) -> None:
    special = parse_special(text)
    assert special == SpecialRates(tuple(SpecialRate(e, p) for e, p in entries))
    assert parse_special(render(special)) == special


@pytest.mark.parametrize(("text", "expression"), [
    ("No change", Reference("no_change")),
    ("Free", Free()),
    ("7%", AdValorem(D(7))),
    ("Free (See U.S. note 4 of this subchapter)", Free("See U.S. note 4 of this subchapter")),
    ("Free, under the terms of U.S. note 2(b) to this subchapter", Free("under the terms of U.S. note 2(b) to this subchapter")),
    ("The duty provided in the applicable subheading + 25%", Reference("applicable_subheading", plus=AdValorem(D(25)))),
])
def test_special_without_programmes_is_unlisted(text: str, expression: RateExpression) -> None:
    special = parse_special(text)
    assert special.unlisted() == SpecialRate(expression, ())
    assert special.programmes() == frozenset()
    assert special.for_programme("A") is None


def test_only_the_last_special_rate_may_lack_programmes() -> None:
    with pytest.raises(RateTextError):
        parse_special("Free 5% (KR)")
    assert parse_special("Free (KR) 5%").unlisted() == SpecialRate(AdValorem(D(5)), ())


def test_parse_column_dispatches() -> None:
    assert parse_column("general", "6.8%") == AdValorem(D("6.8"))
    assert parse_column("column2", "35%") == AdValorem(D(35))
    assert isinstance(parse_column("special", "Free (A,KR)"), SpecialRates)
    with pytest.raises(ValueError, match="unknown rate column"):
        parse_column("column3", "5%")  # type: ignore[arg-type]
    with pytest.raises(RateTextError):
        parse_column("general", "Free (A,KR)")


# --------------------------------------------------------------------------------------------
# Errors say where and what was expected
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "position", "expected"), [
    ("6.8", 3, "'%'"),
    ("25.5¢/kgs", 8, None),
    ("25.5¢/stone", 6, "'kg'"),
    (":", 0, "'Free'"),
    ("Free (A,", 8, "a programme symbol"),
    ("5% + ", 5, "a number"),
    ("See 9919.04.12, 99.19.04.14 (PA)", 16, "an HTS number"),
    ("See 9919.04.50, 9919.04.67 (PA (PA)", 31, "')'"),
    ("5¢/0 kg", 3, "per 0"),
    ("5 1/0%", 2, "zero denominator"),
])
def test_errors_carry_text_and_position(text: str, position: int, expected: str | None) -> None:
    parse = parse_special if text.startswith(("See", "Free (")) else parse_rate
    with pytest.raises(RateTextError) as caught:
        parse(text)
    assert caught.value.text == text
    assert caught.value.position == position
    assert isinstance(caught.value, ValueError)
    if expected:
        assert expected in str(caught.value)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_is_an_error(text: str) -> None:
    with pytest.raises(RateTextError, match="empty"):
        parse_rate(text)


def test_parser_is_built_once() -> None:
    assert rate_text._parser() is rate_text._parser()


# --------------------------------------------------------------------------------------------
# Property-based: generated well-formed texts round-trip; arbitrary text only raises RateTextError
# --------------------------------------------------------------------------------------------

def decimals(max_digits: int, max_places: int) -> st.SearchStrategy[Decimal]:
    return st.builds(lambda n, p: Decimal(n).scaleb(-p), st.integers(0, 10 ** max_digits), st.integers(0, max_places))


UNITS = ["kg", "g", "t", "liter", "pf. liter", "bbl", "m", "lin. m", "m2", "m3", "doz.", "prs.", "gross",
         "head", "article", "jewel", "pack", "pins", "clean kg", "line/gross"]
SPECIFIC_QUALIFIERS = [None, "on drained weight", "of total sugars", "on copper content", "on contents and container",
                       "including weight of container", "of recording surface", "over 7", "on entire contents of container"]
VALUE_QUALIFIERS = [None, "on the case", "on the strap, band or bracelet", "of the fair retail value",
                    "upon the value of the steel content", "on the value of the telescopic sight, if any"]

percents = st.builds(AdValorem, decimals(6, 3), st.sampled_from(VALUE_QUALIFIERS))
thirds = st.builds(lambda whole, third: AdValorem(Decimal(whole) + Decimal(third) / Decimal(3)),
                   st.integers(0, 200), st.integers(1, 2))
plain_specifics = st.builds(Specific, decimals(7, 6), st.sampled_from([*UNITS, "each"]),
                            st.sampled_from([Decimal(1), Decimal(1), Decimal(100), Decimal(1000)]),
                            st.sampled_from(SPECIFIC_QUALIFIERS))


@st.composite
def graduated(draw: st.DrawFn) -> Specific:
    unit = draw(st.sampled_from(UNITS))
    step = Specific(draw(decimals(5, 7)), unit)
    degrees = draw(st.integers(1, 100))
    tail = draw(st.sampled_from(["", " (and fractions of a degree in proportion)"]))
    return Specific(draw(decimals(6, 6)), unit, Decimal(1),
                    f"less {render(step)} for each degree under {degrees} degrees{tail}")


terms = st.one_of(percents, thirds, plain_specifics, graduated())
sums = st.one_of(terms, st.lists(terms, min_size=2, max_size=4).map(lambda parts: Compound(tuple(parts))))


@st.composite
def bounded(draw: st.DrawFn) -> Bounded:
    minimum = draw(st.none() | sums)
    maximum = draw(sums if minimum is None else st.none() | sums)
    return Bounded(draw(sums), minimum, maximum)


frees = st.builds(Free, st.sampled_from([
    None, "under bond", "under bond, as prescribed in U.S. note 2 to this subchapter",
    "See U.S. note 4 of this subchapter", "under the terms of U.S. note 2(b) to this subchapter",
    "for such temporary periods as the Secretary of the Treasury by regulation may prescribe"]))


@st.composite
def see_codes(draw: st.DrawFn) -> Reference:
    chapter = draw(st.sampled_from(["99", "98", "04"]))
    codes = draw(st.lists(st.builds(lambda a, b: f"{chapter}{a:02d}.{b:02d}.{a:02d}", st.integers(1, 99), st.integers(1, 99)),
                          min_size=1, max_size=3))
    if draw(st.booleans()):
        codes[0] = f"{codes[0]}-{codes[0][:-2]}99"
    kind = {"99": "chapter99", "98": "chapter98", "04": "heading"}[chapter]
    return Reference(kind, tuple(codes))  # type: ignore[arg-type]


@st.composite
def subheading_references(draw: st.DrawFn) -> Reference:
    description = draw(st.sampled_from([None, "The duty rate provided in such subheading",
                                        "The duty rate provided for originating goods of Korea in such subheading"]))
    if draw(st.booleans()):
        return Reference("applicable_subheading", minus=draw(sums), description=description)
    return Reference("applicable_subheading", plus=draw(st.none() | sums | bounded()), description=description)


references = st.one_of(
    st.just(Reference("no_change")),
    see_codes(),
    subheading_references(),
    st.sampled_from([Reference("us_note", ("additional U.S. note 1",)), Reference("us_note", ("U.S. note 3(e)",)),
                     Reference("us_note", ("U.S. note 2 to this subchapter",)),
                     Reference("heading", ("2009",), description="The rate applicable to the natural juice in heading 2009"),
                     Reference("chapter98", ("9822.06.10",),
                               description="The rate provided for beneficiary countries in heading 9822.06.10"),
                     Reference("described", description="The rate applicable in the absence of this heading"),
                     Reference("described", description="A duty (in lieu of any other duty or tax) equal to the sum "
                                                        "of (a) any drawback and (b) any tax")]),
)
expressions = st.one_of(sums, bounded(), frees, references)
symbols = st.sampled_from(["A", "A*", "A+", "AU", "BH", "CA", "CL", "CO", "D", "E", "E*", "IL", "JO", "JP",
                           "KR", "MA", "MX", "OM", "P", "P+", "PA", "PE", "S", "S+", "SG"])


@st.composite
def specials(draw: st.DrawFn) -> SpecialRates:
    listed = draw(st.lists(st.builds(SpecialRate, expressions, st.lists(symbols, min_size=1, max_size=6).map(tuple)),
                           min_size=0, max_size=4))
    if not listed or draw(st.booleans()):
        listed.append(SpecialRate(draw(expressions), ()))
    return SpecialRates(tuple(listed))


@given(expressions)
@settings(max_examples=400, deadline=None)
def test_generated_rates_round_trip(expression: RateExpression) -> None:
    assert parse_rate(render(expression)) == expression


@given(specials())
@settings(max_examples=200, deadline=None)
def test_generated_special_columns_round_trip(special: SpecialRates) -> None:
    assert parse_special(render(special)) == special


RATE_ALPHABET = "0123456789.,%¢$/+ ()-*AKSPEJFreFkgaclitonsmubdphqy"


@given(st.one_of(st.text(max_size=60), st.text(alphabet=RATE_ALPHABET, max_size=60),
                 st.lists(st.sampled_from(["Free", "(", ")", "A+", ",", "5", ".5", "%", "¢", "$", "/", "kg", "each",
                                           " + ", "See", "9903.88.15", "-", "on the case", "but not less than",
                                           "less", "for each degree under", "degrees", "1/3", "No change",
                                           "The duty provided in the applicable subheading", "minus", "plus",
                                           "The rate applicable", "A duty", "1,000", "thousand", "pf.", "liter"]),
                          max_size=12).map(" ".join)))
@settings(max_examples=600, deadline=None)
def test_arbitrary_text_raises_only_rate_text_error(text: str) -> None:
    for parse in (parse_rate, parse_special):
        try:
            parse(text)
        except RateTextError as error:
            assert error.text == text and 0 <= error.position <= len(text)


# --------------------------------------------------------------------------------------------
# The whole schedule (../shared/data)
# --------------------------------------------------------------------------------------------

def _coverage_script() -> ModuleType:
    name = "benchmarks_rate_coverage_under_test"
    spec = importlib.util.spec_from_file_location(name, COVERAGE_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.integration
def test_whole_schedule_coverage_and_round_trip() -> None:
    root = shared_data_or_skip()
    script = _coverage_script()
    try:
        rows, _label = script.load_rows(root)
    except FileNotFoundError:
        pytest.skip(f"hts_us files not found under {root}")
    started = time.perf_counter()
    coverage = script.measure(rows)
    assert time.perf_counter() - started < 10
    for column in coverage.columns.values():
        assert column.non_empty > 9000, column
        assert column.parsed_share >= 0.995, column
    assert len(coverage.failures) <= 20, coverage.failures
    # Every distinct text that parses renders back to the same expression.
    for column in ("general", "special", "column2"):
        for text in {row[column] for row in rows if (row.get(column) or "").strip()}:
            try:
                parsed = parse_column(column, text)
            except RateTextError:
                continue
            again = parse_special(render(parsed)) if column == "special" else parse_rate(render(parsed))
            assert again == parsed, text
