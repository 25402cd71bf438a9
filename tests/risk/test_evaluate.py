import math

import numpy as np
import pytest

from clearance.risk.evaluate import (
    critical_recall_at,
    evaluate,
    precision_recall_at,
    top_k,
)


def test_top_k_rounds_and_never_selects_nothing() -> None:
    assert top_k(8134, 0.05) == 407 and top_k(10, 0.01) == 1 and top_k(0, 0.05) == 0


def test_precision_and_recall_at_a_rate() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.1, 0.0, 0.5, 0.4, 0.3, 0.2, 0.6])
    fraud = np.array([1, 0, 1, 1, 0, 0, 0, 0, 0, 0])
    assert precision_recall_at(scores, fraud, 0.2) == (0.5, pytest.approx(1 / 3))
    assert precision_recall_at(scores, fraud, 0.3) == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_ties_rank_in_file_order() -> None:
    fraud = np.array([0, 1, 1, 1])
    assert precision_recall_at(np.zeros(4), fraud, 0.25)[0] == 0.0


def test_evaluation_of_a_perfect_ranking() -> None:
    fraud = np.array([1] * 10 + [0] * 90)
    critical = np.array([2] * 3 + [1] * 7 + [0] * 90)
    result = evaluate(np.linspace(1, 0, 100), fraud, critical)
    assert result.precision[0.05] == 1.0 and result.recall[0.10] == 1.0 and result.auc == 1.0
    assert critical_recall_at(np.linspace(1, 0, 100), critical, 0.05) == 1.0
    assert result.as_dict()["precision@5%"] == 1.0


def test_degenerate_inputs() -> None:
    result = evaluate(np.ones(5), np.zeros(5, dtype=int), np.zeros(5, dtype=int))
    assert math.isnan(result.auc) and math.isnan(result.recall[0.05])
    with pytest.raises(ValueError):
        evaluate(np.ones(3), np.zeros(2, dtype=int), np.zeros(2, dtype=int))
