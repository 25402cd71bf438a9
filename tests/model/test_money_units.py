"""Money, quantities, units and codes: parsing properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from clearance.model import Money, Quantity
from clearance.model.codes import format_hts, normalise_hts, validate_locode
from clearance.model.money import round_cents
from clearance.model.units import known_unit_codes, normalise_unit

AMOUNTS = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False)


@given(AMOUNTS, st.sampled_from(["USD", "EUR", "CNY", "JPY", "usd"]))
def test_money_compact_and_object_forms_agree(amount, currency):
    compact = Money.model_validate(f"{amount} {currency}")
    full = Money.model_validate({"amount": str(amount), "currency": currency})
    assert compact == full and compact.amount == amount and compact.currency == currency.upper()


@given(AMOUNTS)
def test_round_cents_is_half_up_and_within_half_cent(amount):
    rounded = round_cents(amount)
    assert abs(rounded - amount) <= Decimal("0.005")
    assert rounded == rounded.quantize(Decimal("0.01"))


def test_round_half_up_not_bankers():
    assert round_cents(Decimal("0.125")) == Decimal("0.13")
    assert round_cents(Decimal("2.675")) == Decimal("2.68")


def test_floats_are_parsed_from_their_shortest_repr():
    assert Money.model_validate({"amount": 0.1, "currency": "USD"}).amount == Decimal("0.1")


@given(st.sampled_from(sorted(known_unit_codes())))
def test_every_rec20_code_normalises_to_itself(code):
    assert normalise_unit(code) == code and normalise_unit(code.lower()) == code


@pytest.mark.parametrize("alias, code", [("No.", "NAR"), ("kg", "KGM"), ("doz.", "DZN"), ("m2", "MTK"),
                                         ("liters", "LTR"), ("doz. pr.", "DPR"), ("pcs", "NAR")])
def test_hts_unit_spellings(alias, code):
    assert Quantity.model_validate(f"3 {alias}" if " " not in alias else {"value": 3, "unit": alias}).unit == code


def test_unknown_unit_and_negative_quantity_refused():
    with pytest.raises(ValidationError, match="unknown unit"):
        Quantity.model_validate("3 BANANAS")
    with pytest.raises(ValidationError, match="negative"):
        Quantity.model_validate("-3 KGM")


@given(st.from_regex(r"\d{4}(\d{2}){0,3}", fullmatch=True))
def test_hts_normalise_format_round_trip(digits):
    assert normalise_hts(format_hts(digits)) == digits


@given(st.text(max_size=12))
def test_hts_normalise_never_accepts_wrong_lengths(text):
    try:
        digits = normalise_hts(text)
    except ValueError:
        return
    assert digits.isdigit() and len(digits) in (4, 6, 8, 10)


def test_locode_compacts_and_checks_country():
    assert validate_locode("cn sha") == "CNSHA"
    with pytest.raises(ValueError):
        validate_locode("XXSHA")
    with pytest.raises(ValueError):
        validate_locode("CNSH1")  # digit 1 is not allowed in the location part
