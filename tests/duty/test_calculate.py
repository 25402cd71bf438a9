"""Duty, Chapter 99 stack and fee rules, each test written from the provision it cites."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearance.duty.calculate import DutyEntryInput, DutyLineInput, calculate
from clearance.duty.tables import DutyTables
from clearance.model import EntryFiling, Quantity, TransportMode

D = Decimal
OCEAN, AIR, TRUCK = TransportMode.OCEAN, TransportMode.AIR, TransportMode.TRUCK


def run(ref, on, lines, *, mode=AIR, entry_type=None, filing=EntryFiling.ELECTRONIC):
    return calculate(DutyEntryInput(on, mode, tuple(lines), entry_type=entry_type, filing=filing),
                     DutyTables(ref, on))


def ln(value, origin=None, hts=None, *, n=1, rate=None, q=(), **kw):
    quantities = tuple(Quantity(value=D(v), unit=u) for v, u in q)
    return DutyLineInput(n, D(value), origin, hts=hts, rate_text=rate, quantities=quantities, **kw)


def rules(result):
    return [f.rule_id for f in result.findings]


def by_programme(result):
    return {k: f"{v:.2f}" for k, v in result.totals_by_programme().items()}


# --- MPF: 19 CFR 24.23(b)(1)(i), minimum and maximum by fiscal year -------------------------

@pytest.mark.parametrize("on,value,expected", [
    (date(2024, 6, 1), "9000.00", "31.67"),      # FY2024 minimum
    (date(2024, 6, 1), "200000.00", "614.35"),   # FY2024 maximum
    (date(2025, 6, 1), "9400.00", "32.71"),      # FY2025: 32.5616 below the minimum
    (date(2025, 6, 1), "9500.00", "32.91"),      # FY2025: 32.908 inside
    (date(2025, 6, 1), "183200.00", "634.60"),   # FY2025: just under the maximum
    (date(2025, 6, 1), "183300.00", "634.62"),   # FY2025: 634.9512 capped
    (date(2026, 6, 1), "188077.00", "651.50"),   # FY2026: 651.4987 rounds to the maximum
    (date(2026, 6, 1), "188000.00", "651.23"),   # FY2026: inside
])
def test_mpf_breakpoints_per_fiscal_year(duty_ref, on, value, expected):
    result = run(duty_ref, on, [ln(value, rate="Free")], entry_type="01")
    assert result.fee("MPF") == D(expected)


def test_fiscal_year_boundary_on_1_october(duty_ref):
    before = run(duty_ref, date(2025, 9, 30), [ln("5000.00", rate="Free")], entry_type="01")
    after = run(duty_ref, date(2025, 10, 1), [ln("5000.00", rate="Free")], entry_type="01")
    assert (before.fiscal_year, before.fee("MPF")) == (2025, D("32.71"))
    assert (after.fiscal_year, after.fee("MPF")) == (2026, D("33.58"))


def test_missing_fiscal_year_uses_the_latest_earlier_year_with_a_warning(duty_ref):
    result = run(duty_ref, date(2026, 11, 22), [ln("5000.00", rate="Free")], entry_type="01")
    assert result.fee("MPF") == D("33.58") and "DUTY.FEES.YEAR_MISSING" in rules(result)


def test_mpf_minimum_and_maximum_are_reported(duty_ref):
    assert "DUTY.MPF.MINIMUM" in rules(run(duty_ref, date(2026, 6, 1), [ln("100.00", rate="Free")], entry_type="01"))
    assert "DUTY.MPF.MAXIMUM" in rules(run(duty_ref, date(2026, 6, 1), [ln("900000", rate="Free")], entry_type="01"))


def test_manual_formal_entry_adds_the_surcharge(duty_ref):
    result = run(duty_ref, date(2026, 6, 1), [ln("10000.00", rate="Free")], entry_type="01", filing=EntryFiling.MANUAL)
    assert result.fee("MANUAL_SURCHARGE") == D("4.03") and result.fee("MPF") == D("34.64")


@pytest.mark.parametrize("filing,expected", [(EntryFiling.ELECTRONIC, "2.69"), (EntryFiling.MANUAL, "8.06"),
                                             (EntryFiling.CBP_PREPARED, "12.09")])
def test_informal_mpf_by_filing(duty_ref, filing, expected):
    result = run(duty_ref, date(2026, 6, 1), [ln("1000.00", rate="Free")], entry_type="11", filing=filing)
    assert result.fee("MPF_INFORMAL") == D(expected) and result.fee("MPF") == 0


def test_informal_entry_over_2500_is_an_error(duty_ref):
    result = run(duty_ref, date(2026, 6, 1), [ln("3000.00", rate="Free")], entry_type="11")
    assert "DUTY.ENTRY.INFORMAL_LIMIT" in rules(result)


@pytest.mark.parametrize("value,entry_type", [("2500.00", "11"), ("2500.01", "01")])
def test_entry_type_assumed_from_the_2500_threshold(duty_ref, value, entry_type):
    result = run(duty_ref, date(2026, 6, 1), [ln(value, rate="Free")])
    assert result.entry_type == entry_type and "DUTY.ENTRY.TYPE_ASSUMED" in rules(result)


def test_hmf_only_for_ocean(duty_ref):
    ocean = run(duty_ref, date(2026, 6, 1), [ln("10000.00", rate="Free")], mode=OCEAN, entry_type="01")
    air = run(duty_ref, date(2026, 6, 1), [ln("10000.00", rate="Free")], mode=AIR, entry_type="01")
    assert ocean.fee("HMF") == D("12.50") and air.fee("HMF") == 0


# --- Rate column: HTSUS General Note 3 -------------------------------------------------------

@pytest.mark.parametrize("origin", ["CU", "KP", "BY", "RU"])
def test_column2_countries(duty_ref, origin):
    result = run(duty_ref, date(2026, 8, 15), [ln("1000.00", origin, "0101300000")], entry_type="01")
    assert result.lines[0].rate_column == "column2" and result.duty_total == D("150.00")


def test_russia_before_pub_l_117_110_takes_the_general_rate(duty_ref):
    result = run(duty_ref, date(2022, 4, 8), [ln("1000.00", "RU", "0101300000")], entry_type="01")
    assert result.lines[0].rate_column == "general" and result.duty_total == D("68.00")


def test_column2_specific_rate_with_kilograms(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("5000.00", "RU", "0102294054", q=[("2000", "KGM")])])
    assert result.duty_total == D("110.00")


def test_spi_not_listed_on_the_line_falls_back_to_general(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "JP", "0101300000", spi="JP")])
    assert "DUTY.SPI.NOT_LISTED" in rules(result) and result.duty_total == D("68.00")


def test_spi_is_matched_exactly_as_printed(duty_ref):
    """0101.30 lists A+ (least-developed beneficiaries only); a plain 'A' claim is not listed."""
    result = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "KH", "0101300000", spi="A")])
    assert "DUTY.SPI.NOT_LISTED" in rules(result)


def test_special_specific_rate_for_korea(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("9000.00", "KR", "0406103800", spi="KR", q=[("1000", "KGM")])])
    assert result.lines[0].rate_column == "special" and result.duty_total == D("70.00")
    assert result.lines[0].mpf_exempt


def test_mpf_charged_when_the_programme_is_not_exempt(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("10000.00", "JO", "0101300000", spi="JO")], entry_type="01")
    assert result.duty_total == 0 and result.fee("MPF") == D("34.64")


# --- Specific and compound rates: units and conversion ---------------------------------------

def test_specific_per_kg_from_pounds(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("9000.00", "FR", "0406103800", q=[("2204.62262", "LBR")])])
    assert result.duty_total == D("1055.00")


def test_specific_per_kg_from_grams(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("900.00", "FR", "0406103800", q=[("100000", "GRM")])])
    assert result.duty_total == D("105.50")


def test_specific_per_liter(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("3000.00", "FR", "2204215040", q=[("900", "LTR")])])
    assert result.duty_total == D("56.70")


def test_compound_rate_from_the_schedule(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("8000.00", "BR", "1701914800", q=[("1200", "KGM")])])
    assert [c.amount for c in result.lines[0].components] == [D("306.00"), D("352.00")]


def test_specific_rate_without_a_quantity_needs_manual_computation(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("9000.00", "FR", "0406103800")])
    assert "DUTY.RATE.MANUAL" in rules(result) and not result.complete and result.duty_total == 0


def test_reference_rate_needs_manual_computation(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "FR", rate="See 9822.04.50")])
    assert "DUTY.RATE.MANUAL" in rules(result) and result.lines[0].manual


def test_unknown_hts_number_is_never_a_silent_zero(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "FR", "9999999999")])
    assert "DUTY.RATE.MANUAL" in rules(result) and not result.complete


# --- Chapter 99 stack by entry date ----------------------------------------------------------

def test_ieepa_collected_until_23_february_2026(duty_ref):
    result = run(duty_ref, date(2026, 2, 23), [ln("1000.00", "CN", "0101300000")])
    assert by_programme(result) == {"general": "68.00", "section301": "75.00", "ieepa_fentanyl": "100.00",
                                    "ieepa_reciprocal": "100.00"}


def test_section122_replaces_ieepa_from_24_february_2026(duty_ref):
    result = run(duty_ref, date(2026, 2, 24), [ln("1000.00", "CN", "0101300000")])
    assert by_programme(result) == {"general": "68.00", "section301": "75.00", "section122": "100.00"}


@pytest.mark.parametrize("on,charged", [(date(2026, 7, 24), True), (date(2026, 7, 25), False)])
def test_section122_ends_after_150_days(duty_ref, on, charged):
    result = run(duty_ref, on, [ln("1000.00", "FR", "0101300000")])
    assert ("section122" in result.totals_by_programme()) is charged


def test_section122_annex2_exemption(duty_ref):
    result = run(duty_ref, date(2026, 3, 15), [ln("9000.00", "FR", "0406103800", q=[("1000", "KGM")])])
    assert "section122" not in result.totals_by_programme()


def test_reciprocal_not_on_column2_countries(duty_ref):
    result = run(duty_ref, date(2025, 6, 2), [ln("1000.00", "RU", "0101300000")])
    assert "ieepa_reciprocal" not in result.totals_by_programme()


def test_reciprocal_baseline_then_country_rates_not_loaded(duty_ref):
    baseline = run(duty_ref, date(2025, 6, 2), [ln("1000.00", "DE", "0101300000")])
    later = run(duty_ref, date(2025, 9, 1), [ln("1000.00", "DE", "0101300000")])
    assert by_programme(baseline)["ieepa_reciprocal"] == "100.00"
    assert "DUTY.RATE.MANUAL" in rules(later) and not later.complete


def test_china_reciprocal_125_percent_window(duty_ref):
    result = run(duty_ref, date(2025, 4, 20), [ln("1000.00", "CN", "0101300000")])
    assert by_programme(result)["ieepa_reciprocal"] == "1250.00"


def test_mexico_fentanyl_duty_spares_usmca_goods(duty_ref):
    plain = run(duty_ref, date(2025, 6, 2), [ln("1000.00", "MX", "0101300000")])
    usmca = run(duty_ref, date(2025, 6, 2), [ln("1000.00", "MX", "0101300000", spi="S")])
    assert by_programme(plain)["ieepa_fentanyl"] == "250.00" and usmca.duty_total == 0


def test_canada_fentanyl_rate_rises_on_1_august_2025(duty_ref):
    result = run(duty_ref, date(2025, 8, 1), [ln("1000.00", "CA", "0101300000")])
    assert by_programme(result)["ieepa_fentanyl"] == "350.00"


def test_section301_list3_initial_rate_when_declared(duty_ref):
    result = run(duty_ref, date(2019, 1, 15), [ln("1000.00", "CN", "8544429090", chapter99=("99038803",))])
    assert by_programme(result)["section301"] == "100.00"


@pytest.mark.parametrize("on,expected", [(date(2025, 6, 2), None), (date(2025, 12, 1), "250.00")])
def test_section301_exclusion_and_its_expiry(duty_ref, on, expected):
    result = run(duty_ref, on, [ln("1000.00", "CN", "8414513000")])
    assert by_programme(result).get("section301") == expected


def test_section232_full_value_for_chapter_73_articles_leaves_no_section122_portion(duty_ref):
    result = run(duty_ref, date(2026, 3, 15), [ln("10000.00", "DE", "7326908688", metal_content_usd=D("4000"))])
    assert by_programme(result) == {"general": "290.00", "section232": "5000.00"}


def test_section232_united_kingdom_rate(duty_ref):
    result = run(duty_ref, date(2025, 9, 1), [ln("10000.00", "GB", "7326908688")])
    assert by_programme(result)["section232"] == "2500.00"


def test_section232_derivative_without_content_value(duty_ref):
    result = run(duty_ref, date(2025, 9, 1), [ln("10000.00", "DE", "8418690180", rate="2.5%")])
    assert "DUTY.S232.CONTENT_MISSING" in rules(result) and not result.complete


def test_section232_2026_regime_needs_the_tier(duty_ref):
    result = run(duty_ref, date(2026, 5, 1), [ln("10000.00", "DE", "7326908688")])
    assert "DUTY.S232.TIER_MISSING" in rules(result) and not result.complete


def test_section232_wood_furniture(duty_ref):
    result = run(duty_ref, date(2025, 11, 1), [ln("1000.00", "VN", "9403608081")])
    assert by_programme(result)["section232"] == "250.00"


def test_unverified_measure_is_flagged_verified_is_not(duty_ref):
    result = run(duty_ref, date(2025, 9, 1), [ln("10000.00", "GB", "7326908688")])
    assert "DUTY.MEASURE.UNVERIFIED" in rules(result)
    verified = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "CN", "8544429090", chapter99=("99038803",))])
    assert "DUTY.MEASURE.UNVERIFIED" not in rules(verified)


def test_declared_heading_that_is_not_in_force(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "FR", "0101300000", chapter99=("99030125",))])
    assert "DUTY.MEASURE.DECLARED_UNKNOWN" in rules(result)


# --- AD/CVD and de minimis -------------------------------------------------------------------

def test_adcvd_case_without_a_rate(duty_ref):
    result = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "CN", rate="Free", adcvd_case="A-570-890")], entry_type="03")
    assert "DUTY.ADCVD.RATE_MISSING" in rules(result) and not result.complete


def test_possible_adcvd_order_and_wrong_entry_type(duty_ref):
    possible = run(duty_ref, date(2026, 8, 15), [ln("1000.00", "CN", "9403608081")])
    assert "DUTY.ADCVD.POSSIBLE" in rules(possible)
    deposit = run(duty_ref, date(2026, 8, 15), [ln("5000.00", rate="Free", adcvd_case="A-570-890",
                                                   adcvd_rate=D("10"))], entry_type="01")
    assert "DUTY.ADCVD.ENTRY_TYPE" in rules(deposit)


def test_de_minimis_before_suspension(duty_ref):
    result = run(duty_ref, date(2025, 3, 1), [ln("120.00", "DE", rate="5%")], entry_type="86")
    assert result.de_minimis and result.grand_total == 0


@pytest.mark.parametrize("on,origin", [(date(2025, 6, 1), "CN"), (date(2025, 9, 1), "DE")])
def test_de_minimis_suspended(duty_ref, on, origin):
    result = run(duty_ref, on, [ln("120.00", origin, rate="5%")], entry_type="86")
    assert not result.de_minimis and "DUTY.DE_MINIMIS.UNAVAILABLE" in rules(result)


def test_totals_by_programme_sum_to_the_duty_total(duty_ref):
    result = run(duty_ref, date(2025, 6, 2), [ln("1000.00", "CN", "0101300000"), ln("500", "MX", "0101300000", n=2)])
    assert sum(result.totals_by_programme().values()) == result.duty_total
