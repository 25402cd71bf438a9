"""UK duty options for one import, through the public API over an imported (fictional) archive."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from clearance.duty.uk import UkDutyRequest, calculate_uk, eur_rate, load_commodity
from clearance.errors import DatasetNotLoaded, InputError
from clearance.refdata import ReferenceData
from clearance.settings import Settings
from tests.duty.uk.fixtures import CODE, uk_reference

D = Decimal


@pytest.fixture(scope="module")
def uk_ref(tmp_path_factory: pytest.TempPathFactory) -> ReferenceData:
    base = tmp_path_factory.mktemp("uk")
    return uk_reference(Settings(data_dir=base / "data"), base / "mini")


def compute(ref: ReferenceData, origin: str, **given):
    request = UkDutyRequest(commodity=CODE, origin=origin, import_date=given.pop("day", date(2021, 1, 15)),
                            goods_value=given.pop("value", D("1000.00")), **given)
    return calculate_uk(request, load_commodity(ref, request.tariff, CODE), eur_rate(ref, request.import_date))


def by_kind(result) -> dict[str, object]:
    return {o.kind: o for o in result.options}


def test_third_country_option_is_capped_and_vat_is_on_value_plus_duty(uk_ref):
    result = compute(uk_ref, "ZZ", quantities={"KGM": D(5000)}, vat_option="VAT")
    (option,) = result.options
    assert (option.kind, option.duty, option.vat, option.total) == ("third_country", D("267.00"), D("253.40"),
                                                                     D("520.40"))
    assert option.base.evaluation.limit == "maximum applied"
    assert result.other_measures[0].type == "410"  # the control is listed, not charged


def test_customs_value_includes_shipping_and_insurance(uk_ref):
    result = compute(uk_ref, "ZZ", value=D("900.00"), shipping=D("60.00"), insurance=D("40.00"),
                     quantities={"KGM": D(500)}, vat_option="VATZ")
    assert result.customs_value == D("1000.00") and by_kind(result)["third_country"].total == D("201.53")


def test_group_preference_needs_its_proof_and_quota_its_balance(uk_ref):
    options = by_kind(compute(uk_ref, "FA", quantities={"KGM": D(500)}, vat_option="VATZ"))
    assert options["preference"].duty == D("35.00") and options["preference"].needs[0].startswith("U999: ")
    assert "&" in options["preference"].needs[0] and "<span>" not in options["preference"].needs[0]
    assert options["quota"].duty == D("0.00") and "059999" in options["quota"].needs[0]
    presented = by_kind(compute(uk_ref, "FA", quantities={"KGM": D(500)}, vat_option="VATZ",
                                documents=frozenset({"U999"})))
    assert presented["preference"].needs == ()


def test_additional_duties_apply_to_every_option_and_exclusions_hold(uk_ref):
    # FB is in safeguard group 5999 but excluded from it; FC is not.
    assert by_kind(compute(uk_ref, "FB", quantities={"KGM": D(500)}, vat_option="VATZ"))["preference"].additional == ()
    without_code = compute(uk_ref, "FC", quantities={"KGM": D(500), "TNEI": D(2)}, vat_option="VATZ")
    third = by_kind(without_code)["third_country"]
    assert third.total is None and any("Z001, Z999" in m for m in third.manual)
    exporter = compute(uk_ref, "FC", quantities={"KGM": D(500), "TNEI": D(2)}, vat_option="VATZ",
                       additional_code="Z001")
    third = by_kind(exporter)["third_country"]
    assert [a.amount for a in third.additional] == [D("200.00"), D("250.00")]  # no D008: 100 GBP/t biodiesel
    assert third.duty == D("201.53") + D("450.00")
    declared = compute(uk_ref, "FC", quantities={"KGM": D(500), "TNEI": D(2)}, vat_option="VATZ",
                       additional_code="Z001", documents=frozenset({"D008"}))
    assert [a.amount for a in by_kind(declared)["third_country"].additional] == [D("0.00"), D("250.00")]


def test_measures_out_of_force_do_not_apply(uk_ref):
    assert "suspension" in by_kind(compute(uk_ref, "ZZ", day=date(2020, 6, 1), quantities={"KGM": D(1)}))
    assert "suspension" not in by_kind(compute(uk_ref, "ZZ", quantities={"KGM": D(1)}))


def test_vat_choice_is_asked_for_when_the_commodity_has_several(uk_ref):
    option = compute(uk_ref, "ZZ", quantities={"KGM": D(500)}).options[0]
    assert option.duty == D("201.53") and option.vat is None and option.total is None
    assert "choose the VAT rate" in option.manual[0]


def test_missing_quantity_is_manual_not_zero(uk_ref):
    option = compute(uk_ref, "ZZ", vat_option="VAT").options[0]
    assert option.duty is None and "DTN" in option.manual[0]


def test_euro_rate_of_the_month_or_the_latest_earlier_one(uk_ref):
    assert eur_rate(uk_ref, date(2021, 2, 3)).gbp_per_eur == D("0.90")
    later = eur_rate(uk_ref, date(2021, 7, 1))
    assert later.month == "2021-02" and "2021-07" in later.note
    assert eur_rate(uk_ref, date(2019, 1, 1)) is None


def test_unknown_commodity_and_missing_dataset_are_clear_errors(uk_ref, tmp_path: Path):
    with pytest.raises(InputError, match="9901000010"):
        load_commodity(uk_ref, "uk", "1234567890")
    with pytest.raises(DatasetNotLoaded):
        load_commodity(ReferenceData.empty(), "uk", CODE)


def test_request_rejects_bad_codes_and_negative_values():
    with pytest.raises(ValueError):
        UkDutyRequest(commodity="123", origin="CN", import_date=date(2021, 1, 1), goods_value=D(1))
    with pytest.raises(ValueError):
        UkDutyRequest(commodity=CODE, origin="CN", import_date=date(2021, 1, 1), goods_value=D(-1))
    with pytest.raises(ValueError):
        UkDutyRequest(commodity=CODE, origin="CN", import_date=date(2021, 1, 1), goods_value=D(1),
                      quantities={"KGM": D(-5)})


def test_xi_reads_a_path_only_member_as_the_file_it_names(uk_ref):
    xi, uk = load_commodity(uk_ref, "xi", CODE), load_commodity(uk_ref, "uk", CODE)
    assert [m.sid for m in xi.measures] == [m.sid for m in uk.measures]
    # Group members come from each tariff's own list of areas: the fixture gives the XI tariff none.
    safeguard = {t.tariff: next(m for m in t.measures if m.area == "5999") for t in (xi, uk)}
    assert safeguard["uk"].members == {"FB", "FC"} and safeguard["xi"].members == frozenset()
