"""The tariff engine: declared codes against the revision in force on the check date."""

from __future__ import annotations

from datetime import date

import pytest

from clearance.engine import CheckContext
from clearance.model import Shipment
from clearance.refdata import ReferenceData
from clearance.settings import Settings
from clearance.store import open_database
from clearance.tariff import TariffEngine
from tests.factories import shipment_data
from tests.tariff.fixtures import OLD, load_revision, new_revision, write_export

BEFORE, AFTER = date(2026, 3, 1), date(2026, 8, 1)


@pytest.fixture
def reference(db_settings, tmp_path) -> ReferenceData:
    engine = open_database(db_settings)
    load_revision(engine, write_export(tmp_path / "old" / "hts.csv", OLD), "2026 Rev 1", date(2026, 1, 1), True)
    load_revision(engine, write_export(tmp_path / "new" / "hts.csv", new_revision()), "2026 Rev 2",
                  date(2026, 7, 1), True)
    return ReferenceData(engine)


def _lines(*specs: tuple[str | None, str]) -> Shipment:
    data = shipment_data()
    data["lines"] = [
        {"number": n, "description": "goods", "hts_code": code, "quantity": quantity, "value": "10 USD",
         "country_of_origin": "CN"}
        for n, (code, quantity) in enumerate(specs, start=1)
    ]
    data["documents"] = []
    return Shipment.model_validate(data)


def run(shipment: Shipment, reference: ReferenceData, as_of: date):
    return TariffEngine().run(shipment, CheckContext(as_of, reference, Settings(classify_in_check=False)))


def rules(outcome) -> list[tuple[str, str | None]]:
    return sorted((f.rule_id, f.location) for f in outcome.findings)


def test_valid_codes_give_no_finding_and_a_result_with_paths_and_rates(reference):
    outcome = run(_lines(("7326.90.86.88", "100 KGM"), ("6110.20.20.10", "3 DZN")), reference, BEFORE)
    assert rules(outcome) == [("TARIFF.UNIT.SECOND", "line 2")]  # doz. and kg: the line has no net weight
    first = outcome.result["lines"][0]
    assert first["path"][-2:] == ["Other", "Other"] and first["rates"]["general"] == "2.9%"
    assert "2026 Rev 1" in outcome.result["revision"]


def test_revision_in_force_decides(reference):
    shipment = _lines(("7326.90.86.10", "5 KGM"))
    assert rules(run(shipment, reference, BEFORE)) == []
    [retired] = run(shipment, reference, AFTER).findings
    assert retired.rule_id == "TARIFF.CODE.RETIRED"
    assert [s["hts"] for s in retired.evidence["successors"]][:2] == ["7326.90.86.11", "7326.90.86.15"]
    assert len(retired.snapshots) == 2


def test_unknown_code_suggests_nearby_numbers(reference):
    [finding] = run(_lines(("7326.90.86.99", "5 KGM")), reference, BEFORE).findings
    assert finding.rule_id == "TARIFF.CODE.UNKNOWN" and "7326.90.86.10" in finding.evidence["nearby"]


def test_level_must_be_statistical_for_imports(reference):
    [finding] = run(_lines(("7326.90.86", "5 KGM")), reference, BEFORE).findings
    assert finding.rule_id == "TARIFF.CODE.LEVEL" and finding.severity.value == "error"
    assert finding.evidence["statistical_numbers"] == ["7326.90.86.10", "7326.90.86.88"]


def test_missing_code_is_an_error_on_import_and_a_warning_on_export(reference):
    [on_import] = run(_lines((None, "5 KGM")), reference, BEFORE).findings
    assert on_import.rule_id == "TARIFF.CODE.MISSING" and on_import.severity.value == "error"
    export = _lines((None, "5 KGM")).model_copy(update={"direction": "export"})
    assert run(export, reference, BEFORE).findings[0].severity.value == "warning"


def test_unit_checks(reference):
    outcome = run(_lines(("7326.90.86.88", "100 NAR"), ("6110.20.20.80", "2 NAR"), ("6110.20.20.79", "3 DZN")),
                  reference, AFTER)
    found = rules(outcome)
    assert ("TARIFF.UNIT.MISMATCH", "line 1") in found
    assert ("TARIFF.UNIT.UNMAPPED", "line 2") in found  # 'thousands' has no Rec 20 code in the table
    assert ("TARIFF.UNIT.MISMATCH", "line 3") in found  # Rev 2 changed the unit to No.


def test_undated_revision_is_said(db_settings, tmp_path):
    engine = open_database(db_settings)
    load_revision(engine, write_export(tmp_path / "x" / "hts.csv", OLD), "undated", None, True)
    outcome = run(_lines(("7326.90.86.88", "1 KGM")), ReferenceData(engine), BEFORE)
    assert [f.rule_id for f in outcome.findings] == ["TARIFF.REVISION.UNDATED"]


def test_no_schedule_loaded():
    [finding] = run(_lines(("7326.90.86.88", "1 KGM")), ReferenceData.empty(), BEFORE).findings
    assert finding.rule_id == "TARIFF.REFDATA.MISSING"


def _cross_check_settings(tmp_path) -> Settings:
    # the fixture schedule's best matches score low against the calibration fitted on real descriptions
    return Settings(data_dir=tmp_path / "cc", classify_in_check=True, classify_confident=0.2)


def test_cross_check_is_opt_in(reference, tmp_path):
    assert Settings(data_dir=tmp_path).classify_in_check is False
    outcome = TariffEngine().run(_lines(("7326.11.00.00", "5 KGM")),
                                 CheckContext(BEFORE, reference, Settings(data_dir=tmp_path / "x")))
    assert not [f for f in outcome.findings if f.rule_id.startswith("TARIFF.CLASSIFY")]


def test_cross_check_needs_a_built_index_and_says_so(reference, tmp_path):
    outcome = TariffEngine().run(_lines(("7326.11.00.00", "5 KGM")),
                                 CheckContext(BEFORE, reference, _cross_check_settings(tmp_path)))
    assert [f.rule_id for f in outcome.findings] == ["TARIFF.CLASSIFY.UNAVAILABLE"]


def test_cross_check_flags_a_confidently_different_subheading(reference, tmp_path):
    from clearance.tariff.classifier import build_classifier
    from clearance.tariff.schedule import revision_in_force

    settings = _cross_check_settings(tmp_path)
    revision, _ = revision_in_force(reference, BEFORE)
    build_classifier(reference, settings.classifier_cache(), revision=revision.snapshot_id)
    data = shipment_data()
    data["documents"] = []
    data["lines"] = [
        {"number": 1, "description": "Forged steel grinding balls for ball mills", "hts_code": "7326.90.86.88",
         "quantity": "5 KGM", "value": "10 USD", "country_of_origin": "CN"},
        {"number": 2, "description": "Forged steel grinding balls for ball mills", "hts_code": "7326.11.00.00",
         "quantity": "5 KGM", "value": "10 USD", "country_of_origin": "CN"},
    ]
    outcome = TariffEngine().run(Shipment.model_validate(data), CheckContext(BEFORE, reference, settings))
    [finding] = [f for f in outcome.findings if f.rule_id == "TARIFF.CLASSIFY.DISAGREES"]
    assert finding.location == "line 1" and finding.evidence["alternatives"][0]["hts"] == "7326.11.00.00"
