"""The risk model on the real KCS synthetic declarations (../shared/data/risk): a regression guard on
ranking quality, not a timing test. Skipped with the reason when the shared data is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearance.risk.declarations import read_declarations
from clearance.risk.evaluate import evaluate
from clearance.risk.model import RiskModel

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "risk"
TRAIN = DATA / "kcs_synthetic_import_declarations_train.csv.gz"
VALID = DATA / "kcs_synthetic_import_declarations_valid.csv.gz"

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not TRAIN.is_file() or not VALID.is_file(),
                                 reason=f"KCS synthetic declarations not found in {DATA}")]


def test_the_splits_read_whole_with_their_published_counts() -> None:
    train, valid = read_declarations(TRAIN), read_declarations(VALID)
    assert (len(train), len(valid)) == (37_385, 8_134)  # PROVENANCE.md
    assert int(train["fraud"].sum()) == 8_114 and int((train["critical_fraud"] == 2).sum()) == 394
    assert train.date_range()[1] < valid.date_range()[0]  # time-ordered splits


def test_trained_on_2020_the_model_ranks_2021_q1_above_the_targets() -> None:
    train, valid = read_declarations(TRAIN), read_declarations(VALID)
    model = RiskModel.train(train, seed=0)
    result = evaluate(model.scores(valid), valid["fraud"], valid["critical_fraud"])
    assert result.precision[0.05] >= 0.92 and result.precision[0.01] >= 0.97  # issue 8 targets
    assert result.auc > 0.9
