"""Ranking metrics of a risk desk: precision and recall at an inspection rate, AUC.

A desk inspects the top ``rate`` share of declarations by score: precision@rate is the share
of those that turn out fraudulent, recall@rate the share of all frauds they catch (the
metrics of Kim et al., DATE, KDD 2020, and of the KCS dataset paper, arXiv:2208.02484).
Ties are broken by position (a stable sort), so a constant score ranks in file order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score

RATES = (0.01, 0.02, 0.05, 0.10)


def top_k(count: int, rate: float) -> int:
    """How many declarations an inspection rate selects (at least one)."""
    return min(count, max(1, round(count * rate)))


def precision_recall_at(scores: np.ndarray, fraud: np.ndarray, rate: float) -> tuple[float, float]:
    chosen = np.argsort(-scores, kind="stable")[:top_k(len(scores), rate)]
    caught = float(fraud[chosen].sum())
    total = float(fraud.sum())
    return caught / len(chosen), (caught / total if total else math.nan)


def critical_recall_at(scores: np.ndarray, critical: np.ndarray, rate: float = 0.05) -> float:
    """Share of the critical frauds (``critical_fraud == 2``) among the top ``rate``."""
    chosen = np.argsort(-scores, kind="stable")[:top_k(len(scores), rate)]
    total = int((critical == 2).sum())
    return int((critical[chosen] == 2).sum()) / total if total else math.nan


@dataclass(frozen=True)
class Evaluation:
    rows: int
    fraud_rate: float
    precision: dict[float, float]
    recall: dict[float, float]
    auc: float
    critical_recall_5pct: float

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"rows": self.rows, "fraud_rate": round(self.fraud_rate, 4)}
        for rate in self.precision:
            out[f"precision@{rate:.0%}"] = round(self.precision[rate], 4)
            out[f"recall@{rate:.0%}"] = round(self.recall[rate], 4)
        out["auc"] = round(self.auc, 4)
        out["critical_recall@5%"] = round(self.critical_recall_5pct, 4)
        return out


def evaluate(scores: np.ndarray, fraud: np.ndarray, critical: np.ndarray,
             rates: Sequence[float] = RATES) -> Evaluation:
    """Score a ranking against inspection outcomes (``fraud`` 0/1, ``critical`` 0/1/2)."""
    if len(scores) != len(fraud) or not len(scores):
        raise ValueError("scores and labels must be non-empty and of the same length")
    pairs = {rate: precision_recall_at(scores, fraud, rate) for rate in rates}
    both = 0 < fraud.sum() < len(fraud)
    return Evaluation(
        rows=len(scores), fraud_rate=float(fraud.mean()),
        precision={r: p for r, (p, _) in pairs.items()}, recall={r: c for r, (_, c) in pairs.items()},
        auc=float(roc_auc_score(fraud, scores)) if both else math.nan,
        critical_recall_5pct=critical_recall_at(scores, critical, 0.05),
    )
