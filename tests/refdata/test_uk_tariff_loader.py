"""The UK tariff archive loader: path-only members, groups, duplicates and broken archives."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearance.errors import ReferenceDataError
from clearance.refdata.loaders.uk_tariff import FIXTURES_PATH, load_commodities, load_eur_gbp
from tests.duty.uk.fixtures import AREAS, CODE, RATES, commodity, write_archive


def records(loader, root: Path) -> tuple[dict, list[str]]:
    result = loader({FIXTURES_PATH: root / FIXTURES_PATH})
    return dict(result.records), result.warnings


def test_commodities_are_compact_with_group_members_from_the_area_list(tmp_path):
    write_archive(tmp_path)
    loaded, warnings = records(load_commodities, tmp_path)
    assert set(loaded) == {f"uk:{CODE}", f"xi:{CODE}"} and warnings == []
    measures = {m["sid"]: m for m in loaded[f"uk:{CODE}"]["measures"]}
    assert measures[7]["area"]["members"] == ["FB", "FC"] and measures[7]["excluded"] == ["FB"]
    assert measures[2]["area"]["members"] == ["FA", "FB"]
    assert measures[1]["components"][1] == {"expression": "04", "amount": "17.1", "monetary_unit": "EUR",
                                            "unit": "DTN", "qualifier": None}
    assert measures[2]["conditions"][0]["requirement"] == "U999 & more"  # markup removed, entities decoded


def test_a_copy_under_another_name_is_left_out_with_a_warning(tmp_path):
    write_archive(tmp_path, {f"uk/commodities/{CODE}.json": commodity(),
                             "uk/commodities/9901000099.json": commodity()})
    loaded, warnings = records(load_commodities, tmp_path)
    assert list(loaded) == [f"uk:{CODE}"] and "9901000099.json holds commodity 9901000010" in warnings[0]


@pytest.mark.parametrize("members,message", [
    ({"uk/commodities/1.json": "not json and not a path"}, "neither JSON nor a path"),
    ({"uk/commodities/1.json": "../../uk/commodities/2.json"}, "missing"),
    ({"uk/commodities/1.json": "1.json"}, "nest deeper"),
    ({"uk/commodities/1.json": "{broken"}, "not valid JSON"),
])
def test_broken_members_fail_loudly(tmp_path, members, message):
    write_archive(tmp_path, members)
    with pytest.raises(ReferenceDataError, match=message):
        records(load_commodities, tmp_path)


def test_not_an_archive(tmp_path):
    path = tmp_path / FIXTURES_PATH
    path.parent.mkdir(parents=True)
    path.write_text("plain text")
    with pytest.raises(ReferenceDataError, match="not a readable tar archive"):
        records(load_commodities, tmp_path)


def test_monthly_rates_by_month_and_rows_that_are_not_gbp_rates_fail(tmp_path):
    write_archive(tmp_path, {"xi/monetary_exchange_rates.json": RATES, "uk/geographical_areas.json": AREAS})
    loaded, _ = records(load_eur_gbp, tmp_path)
    assert loaded["EUR:2021-02"]["gbp_per_eur"] == "0.90" and loaded["EUR:2021-01"]["valid_from"] == "2021-01-01"
    write_archive(tmp_path, {"xi/monetary_exchange_rates.json": [{"attributes": {"child_monetary_unit_code": "USD",
                                                                                 "exchange_rate": "1.1"}}]})
    with pytest.raises(ReferenceDataError, match="not a dated EUR to GBP rate"):
        records(load_eur_gbp, tmp_path)
