"""The 165 derived validation cases of ``shared/data/dangerous_goods`` (acceptance of issue 7):
every case gives exactly its expected finding types, and the 50 clean cases give no finding."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from clearance.dangerous_goods import DGConsignment, Hmt, check_consignment
from clearance.dangerous_goods.check import finding_types
from clearance.dangerous_goods.segregation import imdg_table
from tests.conftest import SHARED_DATA

CASES = SHARED_DATA / "dangerous_goods" / "dg_validation_cases_hmt_derived.jsonl"

def _cases() -> list[DGConsignment]:
    if not CASES.is_file():
        pytest.skip(f"derived DG cases not found at {CASES} (the shared/ folder beside the project)")
    return [DGConsignment.model_validate_json(line) for line in CASES.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def tables(shared_reference):
    _, reference = shared_reference
    return Hmt.from_reference(reference), imdg_table(reference)


@pytest.mark.integration
def test_every_derived_case_gives_exactly_its_expected_findings(tables):
    hmt, imdg = tables
    cases = _cases()
    assert len(cases) == 165
    wrong = {}
    for case in cases:
        got = sorted(finding_types(check_consignment(case, hmt, imdg).findings))
        if got != sorted(case.expected_findings or []):
            wrong[case.id] = (case.expected_findings, got)
    assert wrong == {}


@pytest.mark.integration
def test_the_derived_mix_is_what_provenance_says(tables):
    cases = _cases()
    expected = Counter(f for case in cases for f in case.expected_findings or [])
    assert sum(1 for case in cases if not case.expected_findings) == 50
    assert expected["SEGREGATION_REQUIRED_1"] + expected["SEGREGATION_REQUIRED_2"] == 10
    assert expected["FORBIDDEN_MATERIAL"] == 10 and expected["UNKNOWN_ID_NUMBER"] == 5


@pytest.mark.integration
def test_hmt_snapshot_is_named_on_every_finding(tables):
    hmt, imdg = tables
    case = next(c for c in _cases() if c.expected_findings == ["CLASS_MISMATCH"])
    findings = check_consignment(case, hmt, imdg).findings
    assert findings and all(any(s.startswith("hmt_us:") for s in f.snapshots) for f in findings)


@pytest.mark.integration
def test_derived_cases_parse_from_the_file_format_unchanged():
    line = json.loads(CASES.read_text("utf-8").splitlines()[110]) if CASES.is_file() else pytest.skip("no data")
    case = DGConsignment.model_validate(line)
    assert case.id == line["case_id"]
    quantity = [i for i in case.items if i.quantity_per_package is not None]
    assert quantity and str(quantity[0].quantity_per_package).split()[1] in {"LTR", "KGM"}
