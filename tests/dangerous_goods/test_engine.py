"""The dangerous-goods engine in the check pipeline, on shipments with DG lines."""

from __future__ import annotations

from datetime import date

import pytest

from clearance.dangerous_goods import DangerousGoodsEngine, DGMode, from_shipment
from clearance.engine import CheckContext
from clearance.inputs import read_shipment
from clearance.pipeline import check
from clearance.refdata import ReferenceData
from clearance.settings import Settings
from tests.conftest import EXAMPLES

AS_OF = date(2026, 11, 1)


def _shipment(**changes):
    shipment = read_shipment(EXAMPLES / "04_lithium_batteries_air.json")
    return shipment.model_copy(update=changes)


def test_shipment_without_dg_lines_gives_a_note_and_no_finding():
    shipment = read_shipment(EXAMPLES / "01_electronics_cn_ocean.json")
    outcome = DangerousGoodsEngine().run(shipment, CheckContext(AS_OF, ReferenceData.empty(), Settings()))
    assert outcome.findings == [] and outcome.note == "no dangerous-goods lines"


def test_missing_hmt_is_a_warning_not_a_pass():
    outcome = DangerousGoodsEngine().run(_shipment(), CheckContext(AS_OF, ReferenceData.empty(), Settings()))
    assert [f.rule_id for f in outcome.findings] == ["DG.REFDATA.MISSING"]


def test_modes_of_a_shipment_map_to_dg_modes():
    shipment = _shipment()
    assert from_shipment(shipment).mode is DGMode.AIR_CARGO_ONLY  # the declaration says cargo_only
    documents = [d for d in shipment.documents if d.type != "dangerous_goods_declaration"]
    assert from_shipment(shipment.model_copy(update={"documents": documents})).mode is DGMode.AIR_PASSENGER
    assert from_shipment(shipment.model_copy(update={"mode": "ocean"})).mode is DGMode.VESSEL
    assert from_shipment(shipment.model_copy(update={"mode": "truck"})).mode is DGMode.HIGHWAY


@pytest.mark.integration
def test_lithium_example_is_clean_and_lists_provisions_to_review(shared_reference):
    settings, reference = shared_reference
    report = check(_shipment(), AS_OF, reference=reference, settings=settings)
    (run,) = [r for r in report.engines if r.engine == "dangerous_goods"]
    assert [f for f in report.findings if f.engine == "dangerous_goods"] == []
    first = run.result["items"][0]
    assert first["hmt"]["id_number"] == "UN3480" and any(r.startswith("review SP A100") for r in first["review"])
    assert any(s.startswith("hmt_us:") for s in run.snapshots)


@pytest.mark.integration
def test_without_cargo_only_the_lithium_batteries_are_forbidden_on_passenger_aircraft(shared_reference):
    settings, reference = shared_reference
    shipment = _shipment()
    documents = [d for d in shipment.documents if d.type != "dangerous_goods_declaration"]
    report = check(shipment.model_copy(update={"documents": documents}), AS_OF, reference=reference,
                   settings=settings)
    dg = sorted((f.rule_id, f.location) for f in report.findings if f.engine == "dangerous_goods")
    assert dg == [("DG.AIR.PASSENGER_FORBIDDEN", "line 1")]
    assert report.decision.value == "hold"


@pytest.mark.integration
def test_cargo_only_label_missing_is_found(shared_reference):
    settings, reference = shared_reference
    shipment = _shipment()
    line = shipment.lines[0]
    dg = line.dangerous_goods.model_copy(update={"labels": ["9"]})
    lines = [line.model_copy(update={"dangerous_goods": dg}), *shipment.lines[1:]]
    report = check(shipment.model_copy(update={"lines": lines}), AS_OF, reference=reference, settings=settings)
    found = [(f.rule_id, f.evidence.get("missing")) for f in report.findings if f.engine == "dangerous_goods"]
    assert found == [("DG.LABEL.MISSING", ["CARGO AIRCRAFT ONLY"])]
