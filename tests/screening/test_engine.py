"""The screening engine inside ``check``."""

from __future__ import annotations

from datetime import date

from clearance.model import Decision, Shipment
from clearance.pipeline import check
from clearance.refdata import ReferenceData
from clearance.screening.engine import ScreeningEngine
from clearance.settings import Settings
from tests.factories import shipment_data
from tests.screening.fixtures import count_builds, import_names_folder, write_names_folder


def _shipment(seller: str) -> Shipment:
    data = shipment_data()
    data["parties"][0]["name"] = seller
    return Shipment.model_validate(data)


def test_a_listed_party_holds_the_shipment(tmp_path):
    reference = import_names_folder(Settings(data_dir=tmp_path / "d"), write_names_folder(tmp_path / "src"))
    report = check(_shipment("Zentravox Heavy Industries L.L.C."), date(2026, 11, 1), reference=reference,
                   engines=[ScreeningEngine()])
    found = [f for f in report.findings if f.rule_id == "SCREEN.MATCH"]
    assert report.decision == Decision.HOLD and found and found[0].evidence["entity_id"] == "nl:3"
    assert found[0].snapshots and found[0].snapshots[0].startswith("nl:")


def test_clear_parties_and_missing_lists(tmp_path):
    reference = import_names_folder(Settings(data_dir=tmp_path / "d"), write_names_folder(tmp_path / "src"))
    report = check(_shipment("Harbourline Textiles Ltd"), date(2026, 11, 1), reference=reference,
                   engines=[ScreeningEngine()])
    assert not report.findings
    empty = check(_shipment("Anyone"), date(2026, 11, 1), reference=ReferenceData.empty(),
                  engines=[ScreeningEngine()])
    assert [f.rule_id for f in empty.findings] == ["SCREEN.LISTS_MISSING"]



def test_warm_builds_the_screener_that_the_first_run_then_uses(tmp_path, monkeypatch):
    reference = import_names_folder(Settings(data_dir=tmp_path / "d"), write_names_folder(tmp_path / "src"))
    builds = count_builds(monkeypatch)
    ScreeningEngine().warm(reference)
    assert builds == [1]  # built by the warm-up, before any shipment
    report = check(_shipment("Zentravox Heavy Industries L.L.C."), date(2026, 11, 1), reference=reference,
                   engines=[ScreeningEngine()])
    assert builds == [1] and report.decision == Decision.HOLD  # the run used it
    ScreeningEngine().warm(ReferenceData.empty())  # no lists: nothing to build, no error
    assert builds == [1]
