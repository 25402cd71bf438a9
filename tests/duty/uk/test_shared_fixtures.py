"""The UK calculator's own fixtures from ../shared/data, and worked example UK1 on them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearance.duty.uk import UkDutyRequest, calculate_uk, eur_rate, load_commodity

D = Decimal
pytestmark = pytest.mark.integration


def test_uk1_compound_duty_and_vat_on_the_real_commodity(shared_reference):
    """UK1 of us_duty_worked_examples.json: 0102291010, '10.20 % + 93.10 EUR / 100 kg', EUR 1 = GBP 0.7298
    (the rate of January 2016), goods 4500 + shipping 400 + insurance 100 GBP, 2000 kg, VAT reduced rate 5%."""
    _, reference = shared_reference
    request = UkDutyRequest(commodity="0102291010", origin="CN", import_date=date(2016, 1, 15),
                            goods_value=D("4500.00"), shipping=D("400.00"), insurance=D("100.00"),
                            quantities={"KGM": D(2000)}, vat_option="VATR")
    rate = eur_rate(reference, request.import_date)
    assert rate.gbp_per_eur == D("0.7298") and rate.note is None
    result = calculate_uk(request, load_commodity(reference, "uk", "0102291010"), rate)
    (option,) = result.options
    assert result.customs_value == D("5000.00")
    assert [t.amount for t in option.base.evaluation.terms] == [D("510.00"), D("1358.8876")]
    assert (option.duty, option.vat) == (D("1868.89"), D("343.44"))


@pytest.mark.parametrize("tariff,code,origin", [
    ("uk", "0103921100", "US"), ("uk", "0702000007", "MA"), ("uk", "0809400500", "SG"), ("uk", "1516209821", "CA"),
    ("uk", "7202118000", "US"), ("xi", "0103921100", "CN"), ("xi", "7202118000", "BR")])
def test_every_shared_commodity_gives_options_or_says_why_not(shared_reference, tariff, code, origin):
    _, reference = shared_reference
    day = date(2021, 3, 1)
    request = UkDutyRequest(tariff=tariff, commodity=code, origin=origin, import_date=day, goods_value=D("1000"),
                            quantities={"KGM": D(1000), "NAR": D(10)})
    result = calculate_uk(request, load_commodity(reference, tariff, code), eur_rate(reference, day))
    assert result.options or result.notes
    for option in result.options:
        assert option.total is not None or option.manual  # never a silent gap
