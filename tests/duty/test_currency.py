"""Currency conversion under 19 CFR 159.31-159.35, on small hand-written (fictional) rate tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearance.duty.currency import (
    ConversionRule,
    QuoteBasis,
    Rate,
    RateTable,
    convert,
    quarter_bounds,
    quarterly_currencies,
    us_bank_holiday,
)
from clearance.errors import ExchangeRateNotFound, ReferenceDataError
from clearance.model.finding import Severity
from clearance.model.money import Money

USD_PER = QuoteBasis.USD_PER_UNIT
PER_USD = QuoteBasis.UNITS_PER_USD
EXPORT = date(2025, 2, 12)  # a Wednesday in 2025-Q1


def rate(currency: str, day: date, quote: str, basis: QuoteBasis = USD_PER, *, certified: bool = True,
         quarter: str | None = None, source: str = "test H.10") -> Rate:
    return Rate(currency, day, Decimal(quote), basis, "", source, certified, quarter=quarter)


def quarterly(currency: str, quote: str, basis: QuoteBasis = USD_PER, quarter: str = "2025-Q1",
              day: date = date(2025, 1, 2)) -> Rate:
    return rate(currency, day, quote, basis, quarter=quarter, source="test quarterly")


def money(text: str) -> Money:
    return Money.model_validate(text)


def codes(conversion) -> list[str]:
    return [c.code for c in conversion.caveats]


# --- the worked examples -------------------------------------------------------------------

def test_ex13_quarterly_rate_when_daily_within_five_percent():
    table = RateTable([rate("EUR", EXPORT, "1.0900")], [quarterly("EUR", "1.0850")])
    result = convert(money("50000.00 EUR"), EXPORT, table)
    assert result.usd == Decimal("54250.00") and result.usd_exact == Decimal("54250.0000")
    assert result.rule is ConversionRule.QUARTERLY
    assert result.variance_pct.quantize(Decimal("0.01")) == Decimal("0.46")
    assert "159.34(b)(2)" in result.citation and "159.34(b)" in result.rule.citation
    assert result.rate_published == "1.0850 USD per EUR"
    assert result.units_per_usd.quantize(Decimal("0.000001")) == Decimal("0.921659")
    assert result.rate_date == date(2025, 1, 2) and result.certified and result.source == "test quarterly"
    assert result.daily_rate.quote == Decimal("1.0900") and result.quarterly_rate.quote == Decimal("1.0850")


def test_ex14_daily_rate_when_variance_is_five_percent_or_more():
    table = RateTable([rate("EUR", EXPORT, "1.1500")], [quarterly("EUR", "1.0850")])
    result = convert(money("50000.00 EUR"), EXPORT, table)
    assert result.usd == Decimal("57500.00")
    assert result.rule is ConversionRule.DAILY_VARIANCE and result.rule.citation == "19 CFR 159.34(b)(2)"
    assert result.variance_pct.quantize(Decimal("0.01")) == Decimal("5.99")
    assert result.rate_date == EXPORT and result.rate_published == "1.1500 USD per EUR"


# --- the 5 % boundary, both quote directions ----------------------------------------------

@pytest.mark.parametrize(("daily", "rule"), [
    ("1.0499", ConversionRule.QUARTERLY),  # +4.99 %
    ("1.0500", ConversionRule.DAILY_VARIANCE),  # +5.00 %: "5 percent or more"
    ("1.0501", ConversionRule.DAILY_VARIANCE),  # +5.01 %
    ("0.9501", ConversionRule.QUARTERLY),  # -4.99 %
    ("0.9500", ConversionRule.DAILY_VARIANCE),  # -5.00 %
    ("0.9499", ConversionRule.DAILY_VARIANCE),  # -5.01 %
])
def test_variance_boundary_usd_per_unit(daily, rule):
    table = RateTable([rate("GBP", EXPORT, daily)], [quarterly("GBP", "1.0000")])
    result = convert(money("1000.00 GBP"), EXPORT, table)
    assert result.rule is rule
    assert abs(result.variance_pct) == abs(Decimal(daily) - 1) * 100


@pytest.mark.parametrize(("quarterly_units", "pct", "rule"), [
    ("104.99", "4.9900", ConversionRule.QUARTERLY),
    ("105.00", "5.0000", ConversionRule.DAILY_VARIANCE),
    ("105.01", "5.0100", ConversionRule.DAILY_VARIANCE),
])
def test_variance_boundary_units_per_usd_is_computed_on_the_usd_value(quarterly_units, pct, rule):
    """JPY is quoted per USD; the variance is on the USD value of a yen: q_units / d_units - 1."""
    table = RateTable([rate("JPY", EXPORT, "100", PER_USD)], [quarterly("JPY", quarterly_units, PER_USD)])
    result = convert(money("1000000 JPY"), EXPORT, table)
    assert result.rule is rule and result.variance_pct == Decimal(pct)
    expected = Decimal(1000000) / Decimal(quarterly_units if rule is ConversionRule.QUARTERLY else "100")
    assert result.usd_exact == expected


def test_units_per_usd_quote_divides_and_rounds_half_up_to_cents():
    table = RateTable([rate("CNY", EXPORT, "7.2", PER_USD)], [quarterly("CNY", "7.2", PER_USD)])
    result = convert(money("10000 CNY"), EXPORT, table)
    assert result.usd == Decimal("1388.89") and str(result.usd_exact).startswith("1388.888888")
    assert result.rate_published == "7.2 CNY per USD" and result.units_per_usd == Decimal("7.2")


# --- which currencies are 159.34(a) currencies ----------------------------------------------

def test_quarterly_currency_table_is_the_159_34_a_list():
    table = quarterly_currencies()
    assert set(table) == {"AUD", "BRL", "CAD", "CHF", "CNY", "DKK", "EUR", "GBP", "HKD", "INR", "IRR", "JPY",
                          "LKR", "MXN", "MYR", "NOK", "NZD", "PHP", "SEK", "SGD", "THB", "VES", "ZAR"}
    assert all(row.citation == "19 CFR 159.34(a)" for row in table.values())
    assert table["EUR"].status == "inferred" and "Germany" in table["EUR"].country
    countries = sum(len(row.country.split("; ")) for row in table.values())
    assert countries == 32  # the 32 countries named in 159.34(a)


@pytest.mark.parametrize("currency", sorted(quarterly_currencies()))
def test_each_159_34_currency_uses_the_quarterly_rate(currency):
    table = RateTable([rate(currency, EXPORT, "1.0100")], [quarterly(currency, "1.0000")])
    result = convert(Money(amount=Decimal(100), currency=currency), EXPORT, table)
    assert result.rule is ConversionRule.QUARTERLY and result.usd == Decimal("100.00")


@pytest.mark.parametrize("currency", ["KRW", "TWD", "VND", "TRY"])
def test_other_currencies_use_the_daily_rate_159_35(currency):
    table = RateTable([rate(currency, EXPORT, "1.0100")], [quarterly(currency, "1.0000")])
    result = convert(Money(amount=Decimal(100), currency=currency), EXPORT, table)
    assert result.rule is ConversionRule.DAILY and result.rule.citation == "19 CFR 159.35"
    assert result.usd == Decimal("101.00") and result.quarterly_rate is None and result.variance_pct is None


# --- the date of the rate ------------------------------------------------------------------

def test_weekend_export_uses_the_last_preceding_business_day():
    friday, sunday = date(2025, 3, 14), date(2025, 3, 16)
    table = RateTable([rate("KRW", friday, "1450", PER_USD)])
    result = convert(money("1450000 KRW"), sunday, table)
    assert result.rate_date == friday and result.usd == Decimal("1000.00")
    [caveat] = result.caveats
    assert caveat.code == "DUTY.FX.PRECEDING_DAY_RATE" and caveat.severity is Severity.INFO
    assert "31 U.S.C. 5151(a)(2)" in caveat.citation and "2025-03-14" in caveat.message


def test_bank_holiday_is_info_but_an_unexplained_weekday_gap_is_a_warning():
    table = RateTable([rate("KRW", date(2025, 7, 3), "1400", PER_USD), rate("KRW", date(2025, 3, 11), "1400", PER_USD)])
    holiday = convert(money("1400 KRW"), date(2025, 7, 4), table)
    assert holiday.caveats[0].severity is Severity.INFO and "Independence Day" in holiday.caveats[0].message
    gap = convert(money("1400 KRW"), date(2025, 3, 12), table)
    assert gap.caveats[0].severity is Severity.WARNING and "gap in the table" in gap.caveats[0].message


def test_no_rate_within_the_gap_limit_is_a_typed_error_never_one():
    table = RateTable([rate("KRW", date(2025, 3, 7), "1400", PER_USD)])
    with pytest.raises(ExchangeRateNotFound) as error:
        convert(money("1400 KRW"), date(2025, 3, 14), table)
    assert isinstance(error.value, ReferenceDataError)
    assert error.value.currency == "KRW" and error.value.day == date(2025, 3, 14)
    assert convert(money("1400 KRW"), date(2025, 3, 14), table, max_gap_days=7).rate_date == date(2025, 3, 7)


def test_missing_currency_raises():
    table = RateTable([rate("EUR", EXPORT, "1.08")])
    with pytest.raises(ExchangeRateNotFound, match="CHF"):
        convert(money("10 CHF"), EXPORT, table)


def test_usd_passes_through_unconverted():
    result = convert(money("123.455 USD"), EXPORT, RateTable())
    assert result.rule is ConversionRule.USD and result.rate is None and result.certified
    assert result.usd == Decimal("123.46") and result.usd_exact == Decimal("123.455") and not result.caveats


# --- certified and uncertified rates ---------------------------------------------------------

def test_ecb_cross_is_used_with_a_159_31_warning():
    table = RateTable([rate("KRW", EXPORT, "1450", PER_USD, certified=False, source="ECB_derived_cross")])
    result = convert(money("1450000 KRW"), EXPORT, table)
    assert not result.certified and result.usd == Decimal("1000.00")
    caveat = result.caveats[0]
    assert caveat.code == "DUTY.FX.UNCERTIFIED_RATE" and caveat.citation == "19 CFR 159.31"
    assert caveat.severity is Severity.WARNING and "ECB_derived_cross" in caveat.message
    assert "not a rate certified by the Federal Reserve Bank of New York" in caveat.message
    with pytest.raises(ExchangeRateNotFound):
        convert(money("1450000 KRW"), EXPORT, table, allow_uncertified=False)


def test_certified_rate_wins_over_a_cross_of_the_same_day_and_over_a_later_cross():
    table = RateTable([rate("KRW", EXPORT, "1500", PER_USD, certified=False),
                       rate("KRW", EXPORT, "1450", PER_USD)])
    assert convert(money("1450 KRW"), EXPORT, table).usd == Decimal("1.00")
    holiday = date(2025, 7, 4)
    table = RateTable([rate("KRW", holiday, "1500", PER_USD, certified=False),
                       rate("KRW", date(2025, 7, 3), "1450", PER_USD)])
    result = convert(money("1450 KRW"), holiday, table)
    assert result.certified and result.rate_date == date(2025, 7, 3)


def test_uncertified_tier_applies_the_quarterly_rule_too():
    table = RateTable([rate("GBP", date(2026, 1, 2), "1.3000", certified=False),
                       rate("GBP", date(2026, 1, 14), "1.3100", certified=False)])
    result = convert(money("100 GBP"), date(2026, 1, 14), table)
    assert result.rule is ConversionRule.QUARTERLY and not result.certified
    assert result.rate_date == date(2026, 1, 2) and result.usd == Decimal("130.00")
    assert codes(result)[0] == "DUTY.FX.UNCERTIFIED_RATE" and "DUTY.FX.DERIVED_QUARTERLY_RATE" in codes(result)


# --- quarterly rates taken from daily rates, or missing ---------------------------------------

def test_quarterly_rate_derived_from_the_first_certified_daily_rate_of_the_quarter():
    table = RateTable([rate("EUR", date(2024, 12, 31), "1.0400"), rate("EUR", date(2025, 1, 2), "1.0300"),
                       rate("EUR", date(2025, 1, 3), "1.0320", certified=False), rate("EUR", EXPORT, "1.0350")])
    result = convert(money("100 EUR"), EXPORT, table)
    assert result.rule is ConversionRule.QUARTERLY and result.rate_date == date(2025, 1, 2)
    assert result.quarterly_rate.derived and result.quarterly_rate.quarter == "2025-Q1"
    [caveat] = result.caveats
    assert caveat.code == "DUTY.FX.DERIVED_QUARTERLY_RATE" and caveat.severity is Severity.INFO
    assert "first daily rate of the quarter" in caveat.message


def test_late_first_rate_of_the_quarter_is_flagged():
    table = RateTable([rate("EUR", date(2025, 2, 3), "1.0300"), rate("EUR", EXPORT, "1.0350")])
    result = convert(money("100 EUR"), EXPORT, table)
    assert result.rate_date == date(2025, 2, 3) and "DUTY.FX.LATE_QUARTERLY_RATE" in codes(result)


def test_quarterly_rate_without_a_daily_rate_says_the_variance_was_not_checked():
    result = convert(money("100 EUR"), EXPORT, RateTable([], [quarterly("EUR", "1.0850")]))
    assert result.rule is ConversionRule.QUARTERLY and result.usd == Decimal("108.50")
    assert codes(result) == ["DUTY.FX.VARIANCE_UNCHECKED"]
    hint = RateTable([rate("EUR", EXPORT, "1.1500", certified=False)], [quarterly("EUR", "1.0850")])
    caveat = convert(money("100 EUR"), EXPORT, hint).caveats[0]
    assert "+5.99%" in caveat.message and "may apply" in caveat.message


def test_daily_rate_of_the_previous_quarter_when_the_quarter_has_no_rate_yet():
    new_year = date(2025, 1, 1)
    table = RateTable([rate("EUR", date(2024, 12, 31), "1.0400")])
    result = convert(money("100 EUR"), new_year, table)
    assert result.rule is ConversionRule.DAILY and result.rate_date == date(2024, 12, 31)
    assert codes(result) == ["DUTY.FX.PRECEDING_DAY_RATE", "DUTY.FX.NO_QUARTERLY_RATE"]
    assert result.caveats[0].severity is Severity.INFO  # New Year's Day


def test_several_different_certified_rates_for_a_day_are_reported():
    table = RateTable([rate("KRW", EXPORT, "1450", PER_USD), rate("KRW", EXPORT, "1460", PER_USD, source="other")])
    result = convert(money("1450 KRW"), EXPORT, table)
    assert result.usd == Decimal("1.00") and codes(result) == ["DUTY.FX.MULTIPLE_RATES"]


def test_evidence_is_json_ready():
    import json

    table = RateTable([rate("EUR", EXPORT, "1.0900")], [quarterly("EUR", "1.0850")])
    evidence = convert(money("50000.00 EUR"), EXPORT, table).evidence()
    assert json.loads(json.dumps(evidence))["rate"]["quote"] == "1.0850 USD per EUR"
    assert evidence["daily_rate"]["date"] == EXPORT.isoformat() and evidence["variance_pct"] == "0.4608"


def test_helpers():
    assert quarter_bounds("2024-Q1") == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_bounds("2025-Q4") == (date(2025, 10, 1), date(2025, 12, 31))
    assert us_bank_holiday(date(2024, 11, 28)) == "Thanksgiving Day"
    assert us_bank_holiday(date(2022, 12, 26)) == "Christmas Day"  # Sunday holiday observed Monday
    assert us_bank_holiday(date(2021, 12, 31)) is None  # Saturday holiday: Reserve Banks open Friday
    with pytest.raises(ValueError):
        rate("EUR", EXPORT, "0")
