"""The fx rate datasets: loaders, registration, user tables as snapshots, and the shared files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from clearance.duty.currency import ConversionRule, RateTable, ReferenceRates, convert
from clearance.errors import DatasetNotLoaded, ReferenceDataError
from clearance.model.money import Money
from clearance.refdata import ReferenceData, dataset, import_dataset
from clearance.refdata.loaders import fx_rates
from clearance.store import open_database
from tests.conftest import shared_data_or_skip

DAILY_HEADER = "date,currency,units_per_usd,quote_as_published,source,certified_by_frbny\n"
DAILY_ROWS = (
    "2025-01-02,EUR,0.970874,1.0300 USD per EUR,FRB_H10 (test),yes (H.10 noon buying rate series)\n"
    "2025-01-02,EUR,0.971000,derived: ECB EUR reference rate / ECB USD reference rate,ECB_derived_cross,no\n"
    "2025-01-02,CNY,7.300000,7.3 CNY per USD,FRB_H10 (test),yes\n"
    "2025-02-12,CNY,7.250000,7.25 CNY per USD,FRB_H10 (test),yes\n"
    "2025-02-12,EUR,0.917431,1.0900 USD per EUR,FRB_H10 (test),yes\n"
    "2025-02-12,KRW,1450.000000,derived: ECB,ECB_derived_cross,no\n"
)
QUARTERLY_TEXT = (
    "quarter,currency,first_certified_date,units_per_usd,quote_as_published,basis\n"
    "2025-Q1,EUR,2025-01-02,0.921659,1.0850 USD per EUR,typed from CBP's quarterly rates (test)\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_quote_both_directions():
    assert fx_rates.parse_quote("1.0957 USD per EUR", "EUR") == (Decimal("1.0957"), fx_rates.USD_PER_UNIT)
    assert fx_rates.parse_quote("7.1426 CNY per USD", "CNY") == (Decimal("7.1426"), fx_rates.UNITS_PER_USD)
    assert fx_rates.parse_quote("7.1426 CNY per USD", "JPY") is None
    assert fx_rates.parse_quote("derived: ECB EUR reference rate / ECB USD reference rate", "EUR") is None
    assert fx_rates.parse_quote("0 USD per EUR", "EUR") is None


def test_read_daily_keys_quotes_and_certification(tmp_path):
    result = fx_rates.read_daily(write(tmp_path, "daily.csv", DAILY_HEADER + DAILY_ROWS))
    records = list(result.records)
    assert [k for k, _ in records][:3] == ["EUR:2025-01-02", "EUR:2025-01-02", "CNY:2025-01-02"]
    h10, ecb = records[0][1], records[1][1]
    assert (h10["quote"], h10["quote_basis"], h10["certified"]) == ("1.0300", "usd_per_unit", True)
    assert h10["quote_as_published"] == "1.0300 USD per EUR" and h10["units_per_usd"] == "0.970874"
    assert (ecb["quote"], ecb["quote_basis"], ecb["certified"]) == ("0.971000", "units_per_usd", False)
    assert ecb["source"] == "ECB_derived_cross" and ecb["quote_as_published"].startswith("derived")
    assert result.source_date == date(2025, 2, 12) and result.warnings == []


def test_read_daily_names_each_bad_line_and_field(tmp_path):
    bad = DAILY_HEADER + (
        "2025-13-01,EUR,0.9,,x,yes\n"
        "2025-01-02,EURO,0.9,,x,yes\n"
        "2025-01-02,EUR,,1.08 EUR per GBP,x,yes\n"
        "2025-01-02,EUR,-1,,x,yes\n"
        "2025-01-02,EUR,0.9,,x,maybe\n"
    )
    with pytest.raises(ReferenceDataError) as error:
        fx_rates.read_daily(write(tmp_path, "bad.csv", bad))
    text = str(error.value)
    assert "bad.csv: 5 problem(s)" in text
    for expected in ("line 2, field 'date'", "line 3, field 'currency'", "line 4, field 'quote_as_published'",
                     "line 5, field 'units_per_usd'", "line 6, field 'certified_by_frbny'"):
        assert expected in text


def test_read_daily_warns_about_unknown_columns_and_fails_on_missing_ones(tmp_path):
    extra = fx_rates.read_daily(write(tmp_path, "extra.csv", DAILY_HEADER.replace("\n", ",note\n")
                                      + DAILY_ROWS.replace("\n", ",n\n")))
    assert extra.warnings == ["extra.csv: unknown column 'note' ignored"]
    with pytest.raises(ReferenceDataError, match="certified_by_frbny"):
        fx_rates.read_daily(write(tmp_path, "short.csv", "date,currency,units_per_usd,source\n"))


def test_read_quarterly(tmp_path):
    result = fx_rates.read_quarterly(write(tmp_path, "q.csv", QUARTERLY_TEXT))
    [(key, data)] = list(result.records)
    assert key == "EUR:2025-Q1" and data["quote"] == "1.0850" and data["certified"] is True
    assert data["date"] == "2025-01-02" and data["derived"] is False
    wrong = QUARTERLY_TEXT.replace("2025-Q1,EUR,2025-01-02", "2025-Q2,EUR,2025-01-02")
    with pytest.raises(ReferenceDataError, match="line 2, field 'first_certified_date'"):
        fx_rates.read_quarterly(write(tmp_path, "wrong.csv", wrong))


def test_keys():
    assert fx_rates.daily_key("EUR", date(2025, 3, 14)) == "EUR:2025-03-14"
    assert fx_rates.quarterly_key("EUR", "2025-Q1") == "EUR:2025-Q1"
    assert fx_rates.quarter_label(date(2025, 12, 31)) == "2025-Q4"


def test_datasets_are_declared():
    daily, quarterly = dataset("fx_usd_daily"), dataset("fx_usd_quarterly")
    assert [s.path for s in daily.sources] == [fx_rates.DAILY_PATH]
    assert [s.path for s in quarterly.sources] == [fx_rates.QUARTERLY_PATH]
    assert daily.official_url.startswith("https://www.federalreserve.gov/releases/h10")
    assert all(s.url is None for s in daily.sources + quarterly.sources)  # no official file in this layout
    assert daily.loader is fx_rates.load_daily and quarterly.loader is fx_rates.load_quarterly


def test_in_memory_table_from_csv(tmp_path):
    table = RateTable.from_csv(write(tmp_path, "d.csv", DAILY_HEADER + DAILY_ROWS),
                               write(tmp_path, "q.csv", QUARTERLY_TEXT))
    result = convert(Money.model_validate("50000.00 EUR"), date(2025, 2, 12), table)
    assert result.usd == Decimal("54250.00") and result.rule is ConversionRule.QUARTERLY


def test_imported_datasets_serve_conversions(settings, tmp_path):
    root = tmp_path / "data"
    write(root, fx_rates.DAILY_PATH, DAILY_HEADER + DAILY_ROWS)
    write(root, fx_rates.QUARTERLY_PATH, QUARTERLY_TEXT)
    engine = open_database(settings)
    for name in ("fx_usd_daily", "fx_usd_quarterly"):
        import_dataset(engine, replace(dataset(name), expected_count=(1, 100)), root)
    reference = ReferenceData(engine)
    assert len(reference.lookup("fx_usd_daily", "EUR:2025-01-02")) == 2
    rates = ReferenceRates(reference)
    result = convert(Money.model_validate("50000.00 EUR"), date(2025, 2, 12), rates)
    assert result.usd == Decimal("54250.00") and result.rate.snapshot == rates.quarterly_snapshot
    krw = convert(Money.model_validate("1450 KRW"), date(2025, 2, 12), rates)
    assert not krw.certified and krw.caveats[0].code == "DUTY.FX.UNCERTIFIED_RATE"
    assert set(rates.snapshots) <= reference.used


def test_reference_rates_need_a_loaded_dataset():
    with pytest.raises(DatasetNotLoaded):
        ReferenceRates(ReferenceData.empty())


def test_user_table_imports_as_a_snapshot_of_the_same_dataset(settings, tmp_path):
    engine = open_database(settings)
    daily = write(tmp_path / "user", "broker_rates.csv", DAILY_HEADER + DAILY_ROWS)
    quarterly = write(tmp_path / "user", "cbp_quarterly.csv", QUARTERLY_TEXT)
    first = fx_rates.import_user_rates(engine, daily, edition="broker 2025-02", effective=date(2025, 2, 1))
    again = fx_rates.import_user_rates(engine, daily, edition="broker 2025-02")
    typed = fx_rates.import_user_rates(engine, quarterly, edition="CBP 2025-Q1")
    assert first.dataset == "fx_usd_daily" and first.record_count == 6 and first.status == "imported"
    assert again.status == "unchanged" and again.snapshot_id == first.snapshot_id
    assert typed.dataset == "fx_usd_quarterly" and typed.record_count == 1
    reference = ReferenceData(engine)
    snap = reference.snapshot("fx_usd_daily")
    assert snap.id == first.snapshot_id and snap.edition == "broker 2025-02" and snap.source_date == date(2025, 2, 1)
    result = convert(Money.model_validate("50000.00 EUR"), date(2025, 2, 12), ReferenceRates(reference))
    assert result.rate.source.startswith("typed from CBP") and result.usd == Decimal("54250.00")


def test_bad_user_table_leaves_the_active_snapshot(settings, tmp_path):
    engine = open_database(settings)
    good = fx_rates.import_user_rates(engine, write(tmp_path, "good.csv", DAILY_HEADER + DAILY_ROWS), edition="good")
    with pytest.raises(ReferenceDataError, match="line 2"):
        fx_rates.import_user_rates(engine, write(tmp_path, "bad.csv", DAILY_HEADER + "2025-01-02,EUR,x,,s,yes\n"),
                                   edition="bad")
    assert ReferenceData(engine).snapshot("fx_usd_daily").id == good.snapshot_id


@pytest.mark.integration
def test_shared_fx_files_convert_cny_at_the_certified_h10_rate(settings):
    root = shared_data_or_skip()
    if not dataset("fx_usd_daily").present_in(root):
        pytest.skip(f"{fx_rates.DAILY_PATH} not found under {root}")
    engine = open_database(settings)
    counts = {name: import_dataset(engine, dataset(name), root).record_count
              for name in ("fx_usd_daily", "fx_usd_quarterly")}
    assert counts == {"fx_usd_daily": 20_859, "fx_usd_quarterly": 21}
    rates = ReferenceRates(ReferenceData(engine))
    # CNY is a 159.34(a) currency: the rate first certified in 2025-Q1 (H.10, 2 Jan 2025: 7.2994 CNY per USD)
    # applies, the certified daily rate of 14 Mar 2025 (7.2377) being within 5 % of it.
    result = convert(Money.model_validate("100000.00 CNY"), date(2025, 3, 14), rates)
    assert result.rule is ConversionRule.QUARTERLY and result.certified
    assert result.rate_published == "7.2994 CNY per USD" and result.rate_date == date(2025, 1, 2)
    assert result.daily_rate.quote == Decimal("7.2377") and result.daily_rate.certified
    assert result.usd == Decimal("13699.76")  # 100000 / 7.2994, half-up
    assert [c.code for c in result.caveats] == ["DUTY.FX.DERIVED_QUARTERLY_RATE"]
