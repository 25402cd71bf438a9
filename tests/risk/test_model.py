import json
from pathlib import Path

import numpy as np
import pytest

from clearance.risk.evaluate import evaluate
from clearance.risk.model import FORMAT, RiskModel, RiskModelError
from tests.risk.synthetic import batch


@pytest.fixture(scope="module")
def trained() -> RiskModel:
    return RiskModel.train(batch(600, seed=1), seed=0, rounds=40, params={"num_leaves": 15, "min_data_in_leaf": 5})


def test_the_model_learns_the_planted_signal(trained: RiskModel) -> None:
    later = batch(300, seed=2)
    result = evaluate(trained.scores(later), later["fraud"], later["critical_fraud"])
    assert result.auc > 0.8 and result.precision[0.10] > 0.8


def test_save_and_load_as_text_with_checksum(trained: RiskModel, tmp_path: Path) -> None:
    trained.set_lane_thresholds(trained.scores(batch(200, seed=3)), {"red": 0.05, "yellow": 0.1, "blue": 0.05},
                                "test")
    trained.save(tmp_path)
    assert (tmp_path / "model.txt").read_text().startswith("tree")
    meta = json.loads((tmp_path / "features.json").read_text())
    assert meta["format"] == FORMAT and meta["training"]["rows"] == 600 and "encoder" in meta
    loaded = RiskModel.load(tmp_path)
    later = batch(50, seed=5)
    assert np.allclose(loaded.scores(later), trained.scores(later))
    thresholds = loaded.lane_thresholds
    assert thresholds["red"] >= thresholds["yellow"] >= thresholds["blue"]


def test_a_changed_model_file_is_refused(trained: RiskModel, tmp_path: Path) -> None:
    trained.save(tmp_path)
    text = (tmp_path / "model.txt").read_text()
    (tmp_path / "model.txt").write_text(text.replace("leaf_value=", "leaf_value=1", 1))
    with pytest.raises(RiskModelError, match="checksum"):
        RiskModel.load(tmp_path)


def test_missing_or_foreign_model_files(tmp_path: Path, trained: RiskModel) -> None:
    with pytest.raises(RiskModelError, match="not found"):
        RiskModel.load(tmp_path)
    trained.save(tmp_path)
    meta = json.loads((tmp_path / "features.json").read_text())
    meta["format"] = "someone-else/9"
    (tmp_path / "features.json").write_text(json.dumps(meta))
    with pytest.raises(RiskModelError, match="format"):
        RiskModel.load(tmp_path)


def test_contributions_name_the_features_that_raised_the_score(trained: RiskModel) -> None:
    later = batch(100, seed=6)
    scores = trained.scores(later)
    top = np.argsort(-scores)[:3]
    reasons = trained.contributions(later, top)
    assert len(reasons) == 3 and all(reasons)
    assert all(c.log_odds > 0 for row in reasons for c in row)
    assert any(c.feature in ("unit_price_z", "unit_price", "value_per_kg_z", "item_price", "mass_value_log_ratio")
               for row in reasons for c in row)
    assert "(+" in reasons[0][0].text()


def test_training_needs_labels_of_both_classes() -> None:
    rows = batch(100, fraud_rate=0.0)
    with pytest.raises(RiskModelError, match="one class"):
        RiskModel.train(rows)
    with pytest.raises(RiskModelError, match="too few"):
        RiskModel.train(batch(20))
