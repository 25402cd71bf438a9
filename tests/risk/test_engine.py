from datetime import date
from pathlib import Path

import pytest

from clearance.engine import CheckContext
from clearance.model import Severity
from clearance.pipeline import check
from clearance.refdata import ReferenceData
from clearance.risk.engine import RiskEngine, declaration_record
from clearance.risk.model import RiskModel
from clearance.settings import Settings
from tests.factories import shipment
from tests.risk.synthetic import batch

DAY = date(2026, 10, 26)


def _context(tmp_path: Path, findings=None) -> CheckContext:
    context = CheckContext(as_of=DAY, reference=ReferenceData.empty(), settings=Settings(data_dir=tmp_path))
    context.earlier_findings = findings or []
    return context


def test_a_line_becomes_a_declaration() -> None:
    record = declaration_record(shipment(), 0, DAY)
    assert record is not None
    assert record["hs_code"] == "7326908688" and record["net_mass_kg"] == "90"
    assert record["importer_id"] == "12-3456789AB" and record["origin_country"] == "CN"
    assert record["date"] == "2026-10-26" and record["item_price"] == "1000.00"


def test_without_a_model_the_profiles_set_a_green_lane(tmp_path: Path) -> None:
    outcome = RiskEngine().run(shipment(), _context(tmp_path))
    ids = [f.rule_id for f in outcome.findings]
    assert "RISK.MODEL_NOT_USED" in ids
    lane = next(f for f in outcome.findings if f.rule_id == "RISK.LANE")
    assert lane.severity == Severity.INFO and outcome.result["lane"] == "green"


def test_a_sanctions_match_found_earlier_sends_the_shipment_red(tmp_path: Path) -> None:
    from clearance.screening.rules import MATCH

    earlier = [MATCH.finding("party 1 matches", engine="screening")]
    outcome = RiskEngine().run(shipment(), _context(tmp_path, earlier))
    lane = next(f for f in outcome.findings if f.rule_id == "RISK.LANE")
    assert outcome.result["lane"] == "red" and lane.severity == Severity.WARNING
    assert "RP-SCREEN-01" in lane.message
    assert any(f.rule_id == "RISK.PROFILE_HIT" and f.evidence["profile"] == "RP-SCREEN-01" for f in outcome.findings)


def test_lines_without_an_hs_code_are_reported(tmp_path: Path) -> None:
    data = shipment().model_dump(mode="json")
    data["lines"][1]["hts_code"] = None
    from clearance.model import Shipment

    outcome = RiskEngine().run(Shipment.model_validate(data), _context(tmp_path))
    assert [f.location for f in outcome.findings if f.rule_id == "RISK.LINE_NOT_SCORED"] == ["line 2"]


def test_exports_are_not_scored(tmp_path: Path) -> None:
    outcome = RiskEngine().run(shipment(direction="export"), _context(tmp_path))
    assert outcome.findings == [] and "import" in (outcome.note or "")


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    model = RiskModel.train(batch(600, seed=1), rounds=30, params={"num_leaves": 15}, currency="USD")
    model.set_lane_thresholds(model.scores(batch(300, seed=2)), {"red": 0.05, "yellow": 0.10, "blue": 0.05}, "test")
    model.save(tmp_path / "risk-model")
    return tmp_path


def test_a_trained_model_scores_each_line_with_reasons(model_dir: Path) -> None:
    outcome = RiskEngine().run(shipment(), _context(model_dir))
    assert "RISK.MODEL_NOT_USED" not in [f.rule_id for f in outcome.findings]
    lines = outcome.result["lines"]
    assert len(lines) == 2 and all(0 <= line["model_score"] <= 1 for line in lines)
    assert outcome.result["thresholds"]["red"] > 0


def test_a_model_in_another_currency_is_not_applied(model_dir: Path) -> None:
    data = shipment().model_dump(mode="json")
    for line in data["lines"]:
        line["value"] = {"amount": "1000", "currency": "EUR"}
    from clearance.model import Shipment

    outcome = RiskEngine().run(Shipment.model_validate(data), _context(model_dir))
    note = next(f for f in outcome.findings if f.rule_id == "RISK.MODEL_NOT_USED")
    assert "USD" in note.message and "EUR" in note.message
    assert all(line["model_score"] is None for line in outcome.result["lines"])


def test_the_pipeline_runs_risk_last_with_the_other_findings(tmp_path: Path) -> None:
    report = check(shipment(), DAY, settings=Settings(data_dir=tmp_path))
    assert report.engines[-1].engine == "risk" and report.engines[-1].status == "ok"
