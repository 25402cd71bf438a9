"""The export-control engine in ``check`` on the bundled export example and variations of it."""

from __future__ import annotations

from datetime import date

import pytest

from clearance.export_control.engine import ExportControlEngine, destination_code
from clearance.inputs import read_shipment
from clearance.model import Shipment
from clearance.pipeline import check
from clearance.refdata import ReferenceData
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "05_export_controlled_electronics.json"
DAY = date(2026, 10, 27)


def _variant(**changes) -> Shipment:
    data = read_shipment(EXAMPLE).model_dump(mode="json")
    for key, value in changes.items():
        data[key] = value
    return Shipment.model_validate(data)


def _export_findings(shipment: Shipment, shared_reference) -> dict[str, list]:
    settings, reference = shared_reference
    report = check(shipment, DAY, reference=reference, settings=settings, engines=[ExportControlEngine()])
    found: dict[str, list] = {}
    for finding in report.findings:
        found.setdefault(finding.rule_id, []).append(finding)
    return found


def test_imports_are_not_examined():
    shipment = _variant(direction="import")
    outcome = ExportControlEngine().run(shipment, _context())
    assert outcome.findings == [] and outcome.note == "not an export shipment"


def test_without_data_the_engine_says_so_instead_of_clearing():
    outcome = ExportControlEngine().run(read_shipment(EXAMPLE), _context())
    assert [f.rule_id for f in outcome.findings] == ["EXPORT.DATA_MISSING"]


def _context():
    from clearance.engine import CheckContext
    from clearance.settings import Settings

    return CheckContext(as_of=DAY, reference=ReferenceData.empty(), settings=Settings())


@pytest.mark.integration
def test_example_05_determinations_name_eccn_destination_columns_citations_and_snapshots(shared_reference):
    found = _export_findings(read_shipment(EXAMPLE), shared_reference)
    (enc,) = found["EXPORT.EXCEPTION_CANDIDATE"]
    assert enc.location == "line 1" and "5A002" in enc.message and "NS1" in enc.message
    evidence = enc.evidence
    assert evidence["destination"] == "DE" and evidence["chart_columns"] == ["NS1", "AT1"]
    assert any("742.15" in c for c in evidence["citations"]) and evidence["snapshots"]["ear_ccl"].startswith("ear_ccl:")
    assert any(e["symbol"] == "ENC" and e["may_be_eligible"] for e in evidence["exceptions"])
    assert enc.snapshots and all(":" in s for s in enc.snapshots if not s.startswith("clearance"))
    (review,) = found["EXPORT.REVIEW"]
    assert review.location == "line 2" and "MT1" in review.message
    (nlr,) = found["EXPORT.NLR"]
    assert nlr.location == "line 3" and "EAR99" in nlr.message
    assert "EXPORT.EEI_REQUIRED" in found and "EXPORT.EEI_INCOMPLETE" not in found


@pytest.mark.integration
def test_iran_ear99_is_prohibited_and_eei_required_regardless_of_value(shared_reference):
    shipment = _variant(destination_country="IR")
    found = _export_findings(shipment, shared_reference)
    assert {f.location for f in found["EXPORT.PROHIBITED"]} == {"line 3"}
    assert {f.location for f in found["EXPORT.LICENCE_REQUIRED"]} == {"line 2"}
    (claim,) = found["EXPORT.EXCEPTION_NOT_AVAILABLE"]  # line 1 claims ENC, which is not open for Iran
    assert claim.location == "line 1"
    (eei,) = found["EXPORT.EEI_REQUIRED"]
    assert "E:1 or E:2" in eei.message


@pytest.mark.integration
def test_missing_and_bad_classifications_are_errors(shared_reference):
    data = read_shipment(EXAMPLE).model_dump(mode="json")
    data["lines"][0]["eccn"] = None
    data["lines"][1]["eccn"] = "1C012"
    found = _export_findings(Shipment.model_validate(data), shared_reference)
    assert [f.location for f in found["EXPORT.CLASSIFICATION_MISSING"]] == ["line 1"]
    assert [f.location for f in found["EXPORT.INPUT_INVALID"]] == ["line 2"]


@pytest.mark.integration
def test_denied_person_consignee_prohibits_every_line(shared_reference):
    data = read_shipment(EXAMPLE).model_dump(mode="json")
    data["parties"][1]["name"] = "ADT ANALOG AND DIGITAL TECHNIK"
    found = _export_findings(Shipment.model_validate(data), shared_reference)
    assert {f.location for f in found["EXPORT.PROHIBITED"]} == {"line 1", "line 2", "line 3"}


def test_crimean_end_user_address_selects_the_region():
    data = read_shipment(EXAMPLE).model_dump(mode="json")
    data["destination_country"] = "UA"
    data["parties"][2]["address"] = {"street": ["vul. Kyivska 1"], "city": "Simferopol", "country": "UA"}
    assert destination_code(Shipment.model_validate(data)) == "UA-43"
