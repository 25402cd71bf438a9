"""The hand-computed examples of ``duty/us_duty_worked_examples.json`` through the public API.

Inputs are restated here (the unit tests run without ../shared); the integration test at the
end reads the JSON itself and checks every "calc" example against the same computation.
A fiscal year stands for a date inside it on which no surcharge was in force (2026-08-15 for
FY2026, 2025-01-15 for FY2025) unless the example names its entry date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearance.duty.calculate import DutyEntryInput, DutyLineInput, calculate
from clearance.duty.tables import DutyTables
from clearance.model import EntryFiling, Quantity, TransportMode

D = Decimal
FY = {"FY2026": date(2026, 8, 15), "FY2025": date(2025, 1, 15)}
OCEAN, AIR, TRUCK = TransportMode.OCEAN, TransportMode.AIR, TransportMode.TRUCK


def run(ref, on, mode, lines, entry_type=None, filing=EntryFiling.ELECTRONIC):
    entry = DutyEntryInput(on, mode, tuple(lines), entry_type=entry_type, filing=filing)
    return calculate(entry, DutyTables(ref, on))


def line(value, rate=None, *, n=1, kg=None, origin=None, **kw):
    quantities = (Quantity(value=D(kg), unit="KGM"),) if kg else ()
    return DutyLineInput(n, D(value), origin, rate_text=rate, quantities=quantities, **kw)


def totals(result):
    return (result.duty_total, result.fee("MPF") + result.fee("MPF_INFORMAL"), result.fee("HMF"), result.grand_total)


CALC = [
    ("EX01", "FY2026", OCEAN, dict(value="10000.00", rate="6.8%"), "01", ("680.00", "34.64", "12.50", "727.14")),
    ("EX02", "FY2026", TRUCK, dict(value="60000.00", rate="1¢/kg", kg="25000"), None,
     ("250.00", "207.84", "0.00", "457.84")),
    ("EX03", "FY2026", AIR, dict(value="9000.00", rate="$1.055/kg", kg="1000"), None,
     ("1055.00", "33.58", "0.00", "1088.58")),
    ("EX04", "FY2026", AIR, dict(value="8000.00", rate="25.5¢/kg + 4.4%", kg="1200"), None,
     ("658.00", "33.58", "0.00", "691.58")),
    ("EX05a", "FY2026", OCEAN, dict(value="500000.00", rate="Free"), None, ("0.00", "651.50", "625.00", "1276.50")),
    ("EX05b", "FY2025", OCEAN, dict(value="500000.00", rate="Free"), None, ("0.00", "634.62", "625.00", "1259.62")),
    ("EX06a", "FY2026", AIR, dict(value="9600.00", rate="Free"), None, ("0.00", "33.58", "0.00", "33.58")),
    ("EX06b", "FY2026", AIR, dict(value="9700.00", rate="Free"), None, ("0.00", "33.60", "0.00", "33.60")),
    ("EX11a", "FY2026", AIR, dict(value="1800.00", rate="5%"), "11", ("90.00", "2.69", "0.00", "92.69")),
    ("EX11b", "FY2025", AIR, dict(value="1800.00", rate="5%"), "11", ("90.00", "2.62", "0.00", "92.62")),
]


@pytest.mark.parametrize("example,year,mode,spec,entry_type,expected", CALC, ids=[c[0] for c in CALC])
def test_calc_examples(duty_ref, example, year, mode, spec, entry_type, expected):
    result = run(duty_ref, FY[year], mode, [line(**spec)], entry_type)
    assert totals(result) == tuple(D(x) for x in expected)


def test_ex04_components_are_rounded_separately(duty_ref):
    result = run(duty_ref, FY["FY2026"], AIR, [line("8000.00", "25.5¢/kg + 4.4%", kg="1200")])
    assert [c.amount for c in result.lines[0].components] == [D("306.00"), D("352.00")]


@pytest.mark.parametrize("on,expected", [
    (date(2026, 3, 15), {"general": "520.00", "section301": "5000.00", "section122": "2000.00"}),   # EX07a
    (date(2026, 8, 3), {"general": "520.00", "section301": "5000.00"}),                             # EX07b
    (date(2025, 6, 2), {"general": "520.00", "section301": "5000.00", "ieepa_fentanyl": "4000.00",
                        "ieepa_reciprocal": "2000.00"}),                                            # EX07c
])
def test_ex07_china_stack_by_entry_date(duty_ref, on, expected):
    result = run(duty_ref, on, OCEAN, [DutyLineInput(1, D("20000.00"), "CN", hts="8544429090",
                                                      chapter99=("99038803",))])
    assert {k: f"{v:.2f}" for k, v in result.totals_by_programme().items()} == expected
    assert result.fee("MPF") == D("69.28") and result.fee("HMF") == D("25.00")
    assert result.grand_total == sum(map(D, expected.values())) + D("94.28")
    headings = {c.provision for c in result.lines[0].components if c.programme == "section301"}
    assert headings == {"9903.88.03"}


def test_ex07_without_declared_heading_names_the_list_family(duty_ref):
    result = run(duty_ref, date(2026, 8, 3), OCEAN, [DutyLineInput(1, D("20000.00"), "CN", hts="8544429090")])
    (s301,) = [c for c in result.lines[0].components if c.programme == "section301"]
    assert s301.provision == "9903.88.01/.02/.03" and s301.amount == D("5000.00")
    assert any(f.rule_id == "DUTY.MEASURE.UNVERIFIED" for f in result.findings)


def test_ex08_column2_for_russia(duty_ref):
    result = run(duty_ref, FY["FY2026"], OCEAN, [DutyLineInput(1, D("10000.00"), "RU", hts="0101300000")])
    assert result.lines[0].rate_column == "column2"
    assert totals(result) == (D("1500.00"), D("34.64"), D("12.50"), D("1547.14"))


def test_ex09_special_free_au_mpf_exempt(duty_ref):
    result = run(duty_ref, FY["FY2026"], OCEAN, [DutyLineInput(1, D("10000.00"), "AU", hts="0101300000", spi="AU")])
    assert totals(result) == (D("0.00"), D("0.00"), D("12.50"), D("12.50"))


def test_ex10_usmca_exempt_from_mpf_and_section122(duty_ref):
    result = run(duty_ref, date(2026, 3, 15), TRUCK, [DutyLineInput(1, D("60000.00"), "MX", hts="0102294054", spi="S")])
    assert totals(result) == (D("0.00"), D("0.00"), D("0.00"), D("0.00"))


def test_ex12_adcvd_cash_deposit(duty_ref):
    result = run(duty_ref, FY["FY2026"], AIR, [line("5000.00", "Free", adcvd_case="A-570-XXX-XXX",
                                                    adcvd_rate=D("216.01"))], "03")
    assert totals(result) == (D("10800.50"), D("33.58"), D("0.00"), D("10834.08"))


def test_ex16_mixed_entry_mpf_on_non_exempt_value(duty_ref):
    result = run(duty_ref, FY["FY2026"], TRUCK, [
        DutyLineInput(1, D("50000.00"), "MX", hts="0101300000", spi="S"),
        DutyLineInput(2, D("20000.00"), "MX", hts="0101300000")])
    assert result.fee("MPF") == D("69.28")


@pytest.mark.parametrize("on,tier,expected", [
    (date(2026, 3, 15), None, {"general": "250.00", "section232": "2000.00", "section122": "600.00"}),
    (date(2026, 5, 1), D("25"), {"general": "250.00", "section232": "2500.00"}),
])
def test_ex17_section232_across_the_2026_regime_change(duty_ref, on, tier, expected):
    result = run(duty_ref, on, AIR, [DutyLineInput(1, D("10000.00"), "DE", hts="8418690180", rate_text="2.5%",
                                                   metal_content_usd=D("4000.00"), section232_tier=tier)])
    assert {k: f"{v:.2f}" for k, v in result.totals_by_programme().items()} == expected


def test_ex18_de_minimis_suspended_informal_entry(duty_ref):
    result = run(duty_ref, date(2026, 5, 1), AIR, [line("120.00", "5%", origin="GB")], "11")
    assert {k: f"{v:.2f}" for k, v in result.totals_by_programme().items()} == {"general": "6.00",
                                                                                "section122": "12.00"}
    assert result.fee("MPF_INFORMAL") == D("2.69") and result.grand_total == D("20.69")


@pytest.mark.integration
def test_every_rate_text_example_of_the_shared_file_with_the_real_fee_table(shared_reference):
    """Reads us_duty_worked_examples.json: each example that states its rate text and value."""
    import json

    from tests.conftest import shared_data_or_skip

    _, reference = shared_reference
    data = json.loads((shared_data_or_skip() / "duty" / "us_duty_worked_examples.json").read_text())
    checked = 0
    for example in data["examples"]:
        given = example.get("inputs", {})
        if "rate_text" not in given or "entered_value_usd" not in given:
            continue
        on = FY[given.get("fiscal_year", "FY2026")]
        rate = None if "ad_rate_pct" in given else given["rate_text"]
        extra = {"adcvd_case": given["adcvd_case"], "adcvd_rate": D(given["ad_rate_pct"])} if rate is None else {}
        result = run(reference, on, TransportMode(given["mode"]),
                     [line(given["entered_value_usd"], rate or given["rate_text"], kg=given.get("net_kg"), **extra)],
                     given.get("entry_type"))
        expected = (D(example["duty_total"]), D(example["mpf"]), D(example["hmf"]), D(example["grand_total"]))
        assert totals(result) == expected, example["id"]
        checked += 1
    assert checked >= 10


def test_ex15_duty_and_mpf_on_the_built_up_transaction_value(duty_ref):
    """EX15: CIF 12000 less freight 1500 and insurance 100, plus packing 200, assist 300 and selling commission
    400 (the buying commission 250 excluded) = 11300.00; 3% duty 339.00; MPF 0.3464% = 39.14 (FY2026, air)."""
    from clearance.duty.valuation import ValuationElements, transaction_value
    from clearance.model.shipment import Incoterm

    elements = ValuationElements(freight=D("1500.00"), insurance=D("100.00"), packing=D("200.00"),
                                 assists=D("300.00"), selling_commissions=D("400.00"), buying_commissions=D("250.00"))
    value = transaction_value(D("12000.00"), Incoterm.CIF, elements).value
    result = run(duty_ref, FY["FY2026"], AIR, [line(value, "3%")])
    assert (value, result.duty_total, result.fee("MPF")) == (D("11300.00"), D("339.00"), D("39.14"))
