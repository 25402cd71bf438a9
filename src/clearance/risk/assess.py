"""Scoring a batch of declarations: model, profiles, lanes and the reasons for each.

The score combines the model's fraud probability ``p`` and the weights ``w`` of the profiles
a declaration hits as a noisy-OR, ``1 - (1 - p) * prod(1 - w)``: each is read as an
independent chance that the declaration is irregular, so a profile can only raise a score,
and two weak signals together outrank either alone. Without a model the profiles score
alone. Lanes are then filled by quota (:mod:`clearance.risk.selectivity`). Every declaration
that is not released green carries its reasons: the profiles it hit (with the values that
triggered them), the model's top SHAP contributions, or the random draw.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from clearance.risk.declarations import Declarations
from clearance.risk.features import FeatureEncoder
from clearance.risk.model import Contribution, RiskModel
from clearance.risk.profiles import ProfileSet, RiskProfile
from clearance.risk.selectivity import (
    LANE_MEANING,
    Lane,
    LaneAssignment,
    Quotas,
    assign_lanes,
    higher,
)


@dataclass(frozen=True)
class Assessment:
    batch: Declarations
    scores: np.ndarray
    model_scores: np.ndarray | None
    assignment: LaneAssignment
    hits: list[list[RiskProfile]]
    reasons: list[list[str]]
    quotas: Quotas

    def row(self, i: int) -> dict[str, Any]:
        lane = self.assignment.lanes[i]
        return {
            "declaration_id": str(self.batch["declaration_id"][i]),
            "score": round(float(self.scores[i]), 6),
            "model_score": None if self.model_scores is None else round(float(self.model_scores[i]), 6),
            "lane": lane.value, "lane_meaning": LANE_MEANING[lane],
            "random_selection": bool(self.assignment.random[i]),
            "profiles": [p.id for p in self.hits[i]],
            "reasons": self.reasons[i],
        }


def profile_columns(batch: Declarations, derived: dict[str, np.ndarray], model_scores: np.ndarray | None,
                    findings: Sequence[frozenset[str]] | None) -> dict[str, np.ndarray]:
    """Every field a profile may read, column-wise."""
    columns: dict[str, np.ndarray] = {name: batch[name] for name in batch.columns}
    columns.update(derived)
    columns["model_score"] = model_scores if model_scores is not None else np.full(len(batch), np.nan)
    found = np.empty(len(batch), dtype=object)
    for i in range(len(batch)):
        found[i] = findings[i] if findings is not None else frozenset()
    columns["findings"] = found
    return columns


@dataclass(frozen=True)
class Scored:
    """Scores of a batch before lanes: model, profile hits and the lane each profile forces."""

    batch: Declarations
    columns: dict[str, np.ndarray]
    scores: np.ndarray
    model_scores: np.ndarray | None
    hits: list[list[RiskProfile]]
    forced: np.ndarray  # object array: Lane or None

    def values(self, i: int) -> dict[str, Any]:
        return {name: _plain(column[i]) for name, column in self.columns.items()}

    def reasons(self, i: int, contribution: Sequence[Contribution]) -> list[str]:
        values = self.values(i) if self.hits[i] else {}
        out = [f"profile {p.id}: {p.explain(values)}" for p in self.hits[i]]
        if contribution:
            out.append("model: " + "; ".join(c.text() for c in contribution))
        return out


def score(batch: Declarations, *, as_of: date, profiles: ProfileSet, model: RiskModel | None = None,
          findings: Sequence[frozenset[str]] | None = None) -> Scored:
    """Model probability and profile hits, combined as a noisy-OR (see the module docstring)."""
    encoder = model.encoder if model is not None else FeatureEncoder()
    derived = encoder.derived(batch)
    model_scores = model.scores(batch, derived) if model is not None else None
    columns = profile_columns(batch, derived, model_scores, findings)
    n = len(batch)
    keep = np.ones(n)
    hits: list[list[RiskProfile]] = [[] for _ in range(n)]
    forced = np.full(n, None, dtype=object)
    for profile, mask in profiles.masks(columns, as_of):
        keep[mask] *= 1.0 - profile.weight
        for i in np.flatnonzero(mask).tolist():
            hits[i].append(profile)
            if profile.lane:
                forced[i] = higher(Lane(profile.lane), forced[i] or Lane.GREEN)
    base = model_scores if model_scores is not None else np.zeros(n)
    return Scored(batch, columns, 1.0 - (1.0 - base) * keep, model_scores, hits, forced)


def assess(batch: Declarations, *, as_of: date, profiles: ProfileSet, quotas: Quotas, seed: int,
           model: RiskModel | None = None, findings: Sequence[frozenset[str]] | None = None,
           reasons_for_all: bool = False) -> Assessment:
    """Score, fill the lanes by quota and explain a batch (every non-green row, or all rows)."""
    scored = score(batch, as_of=as_of, profiles=profiles, model=model, findings=findings)
    assignment = assign_lanes(scored.scores, quotas, seed=seed, forced=scored.forced)
    n = len(batch)
    explain = np.arange(n) if reasons_for_all else np.flatnonzero(assignment.lanes != Lane.GREEN)
    contributions = model.contributions(batch, explain) if model is not None else [[] for _ in explain]
    reasons: list[list[str]] = [[] for _ in range(n)]
    for i, contribution in zip(explain.tolist(), contributions, strict=True):
        reasons[i] = scored.reasons(i, contribution)
        if assignment.random[i]:
            reasons[i].append(f"random selection ({quotas.random:.1%} of the batch, so the model keeps learning "
                              "from declarations it does not suspect)")
        if not reasons[i]:
            reasons[i].append(f"score {scored.scores[i]:.3f} within the {assignment.lanes[i].value} lane's quota")
    return Assessment(batch, scored.scores, scored.model_scores, assignment, scored.hits, reasons, quotas)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value:
        return None
    return value
