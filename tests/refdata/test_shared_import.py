"""Integration: the real shared/data folder imports with verified counts, within 60 s."""

from __future__ import annotations

import time

import pytest

from clearance.refdata import DATASETS, import_dataset
from clearance.store import open_database
from tests.conftest import shared_data_or_skip

EXPECTED = {"countries": 249, "currencies": 178, "unlocode": 116_029, "document_elements": 50,
            "hts_us": 36_108, "hs2022": 6_960, "hts_notes": 842, "uk_references": 6_500,
            "uk_vague_terms": 4_451, "precedents": 200, "fx_usd_daily": 20_859, "fx_usd_quarterly": 21,
            "cbp_user_fees": 53, "spi_codes": 35, "uk_commodities": 9, "eur_gbp_monthly": 67, "s301_products": 10_391, "s301_exclusions": 258,
            "s232_products": 833, "s122_exemptions": 1_666, "adcvd_warnings": 93,
            "hmt_us": 3_259, "hmt_special_provisions": 424, "hmt_see_references": 422, "imdg_segregation": 289,
            "ofac_sdn": 16_532, "ofac_cons": 442, "csl": 14_160, "un": 1_003, "uk": 6_046, "eu_fin": 5_994,
            "eu_travel": 3_859, "au_dfat": 11_046, "ca_sema": 3_502, "mas": 909, "nl": 119,
            "ear_ccl": 637, "ear_country_chart": 200, "ear_country_chart_bis": 209, "ear_country_groups": 200,
            "ear_license_exceptions": 22, "ear_reasons_for_control": 15, "ear_part746": 10, "itar_usml": 21,
            "eei_elements": 33}


@pytest.mark.integration
def test_shared_data_imports_with_counts_in_time(settings):
    root = shared_data_or_skip()
    engine = open_database(settings)
    started = time.perf_counter()
    outcomes = {d.name: import_dataset(engine, d, root) for d in DATASETS}
    elapsed = time.perf_counter() - started
    assert {n: o.record_count for n, o in outcomes.items()} == EXPECTED
    assert elapsed < 60, f"import took {elapsed:.1f} s"
    again = [import_dataset(engine, d, root).status for d in DATASETS]
    assert again == ["unchanged"] * len(DATASETS)


@pytest.mark.integration
def test_hts_rows_keep_order_indent_and_footnotes(shared_reference):
    _, reference = shared_reference
    line = reference.get("hts_us", "0101210010")
    assert line["description"] == "Males" and line["indent"] == 3 and line["units"] == ["No."]
    heading = reference.get("hts_us", "01012100")
    assert heading["general"] == "Free" and heading["footnotes"][0]["value"].startswith("See 9903.88.15")
    rows = reference.records("hts_us")
    assert rows[1]["hts"] == "" and rows[1]["description"] == "Horses:"  # indent-only superior row kept
