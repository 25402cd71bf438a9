"""Selectivity lanes filled by capacity quotas, with a minimum random selection.

The lanes are ASYCUDA's: **red** physical examination, **yellow** documentary check,
**blue** post-clearance audit, **green** release. A desk can examine only so many
declarations, so lanes are filled by quota over a batch (a day's or a week's declarations),
in this order:

1. declarations a profile *must* send to a lane (a sanctions hit goes red whatever its
   score) take their lane first; if they outnumber the quota the lane overflows, and the
   overflow is reported rather than hidden;
2. a random draw of ``random_rate`` of the batch, from the declarations not already red,
   goes red: without it the model only ever learns from what it already suspects (the
   exploration of Kim et al., DATE, KDD 2020, section 5);
3. the rest of each quota is filled by descending score, red first, then yellow, then blue
   (a profile's lane is a minimum, so a forced yellow with a top score can still go red).

With ``n`` declarations every lane gets ``round(quota * n)`` (plus any overflow), so shares
stay within half a declaration of the quota. The draw uses an explicit seed: the same batch
and seed always select the same declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class Lane(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    GREEN = "green"


LANE_ORDER = (Lane.RED, Lane.YELLOW, Lane.BLUE)
LANE_MEANING = {Lane.RED: "physical examination", Lane.YELLOW: "documentary check",
                Lane.BLUE: "post-clearance audit", Lane.GREEN: "release"}
_RANK = {Lane.GREEN: 0, Lane.BLUE: 1, Lane.YELLOW: 2, Lane.RED: 3}


class Quotas(BaseModel):
    """Shares of a batch per lane (fractions, e.g. 0.05 = 5%)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    red: float = Field(default=0.05, ge=0, le=1)
    yellow: float = Field(default=0.10, ge=0, le=1)
    blue: float = Field(default=0.05, ge=0, le=1)
    random: float = Field(default=0.005, ge=0, le=1, description="share of the batch sent red at random; "
                          "part of the red quota")

    @model_validator(mode="after")
    def _fits(self) -> Quotas:
        if self.red + self.yellow + self.blue > 1:
            raise ValueError("red + yellow + blue quotas exceed the whole batch")
        if self.random > self.red:
            raise ValueError("the random selection is part of the red quota and cannot exceed it")
        return self

    def share(self, lane: Lane) -> float:
        return float(getattr(self, lane.value))

    def as_mapping(self) -> Mapping[str, float]:
        return {lane.value: self.share(lane) for lane in LANE_ORDER}


@dataclass(frozen=True)
class LaneAssignment:
    lanes: np.ndarray  # object array of Lane
    random: np.ndarray  # bool: sent red by the random draw
    mandatory: np.ndarray  # bool: lane forced by a profile
    overflow: dict[Lane, int]  # forced declarations beyond a lane's quota

    def shares(self) -> dict[str, float]:
        n = len(self.lanes)
        return {lane.value: float((self.lanes == lane).sum()) / n if n else 0.0 for lane in Lane}


def assign_lanes(scores: np.ndarray, quotas: Quotas, *, seed: int,
                 forced: np.ndarray | None = None) -> LaneAssignment:
    """Lanes for a batch: ``forced`` (object array of Lane or None) are minimum lanes from profiles."""
    n = len(scores)
    lanes = np.empty(n, dtype=object)
    lanes[:] = [Lane.GREEN] * n  # np.full would store the enum's plain string
    mandatory = np.zeros(n, dtype=bool)
    if forced is not None:
        for i, lane in enumerate(forced.tolist()):
            if lane is not None:
                lanes[i], mandatory[i] = Lane(lane), True
    targets = {lane: round(quotas.share(lane) * n) for lane in LANE_ORDER}
    overflow = {lane: max(0, int((lanes == lane).sum()) - targets[lane]) for lane in LANE_ORDER}

    random = np.zeros(n, dtype=bool)
    room_red = targets[Lane.RED] - int((lanes == Lane.RED).sum())
    draw = min(round(quotas.random * n), max(room_red, 0))
    if draw:
        pool = np.flatnonzero(lanes != Lane.RED)
        picked = np.random.default_rng(seed).choice(pool, size=min(draw, len(pool)), replace=False)
        lanes[picked], random[picked] = Lane.RED, True

    order = np.argsort(-scores, kind="stable")
    for lane in LANE_ORDER:
        room = targets[lane] - int((lanes == lane).sum())
        if room <= 0:
            continue
        below = np.array([_RANK[current] < _RANK[lane] for current in lanes[order].tolist()], dtype=bool)
        lanes[order[below][:room]] = lane  # a profile's lane is a minimum: a high score can raise it
    return LaneAssignment(lanes, random, mandatory, {k: v for k, v in overflow.items() if v})


def lane_for_score(score: float, thresholds: Mapping[str, float]) -> Lane:
    """The lane one declaration would get from stored cut-offs (a one-off check, not a batch)."""
    for lane in LANE_ORDER:
        cut = thresholds.get(lane.value)
        if cut is not None and score >= cut:
            return lane
    return Lane.GREEN


def higher(a: Lane, b: Lane) -> Lane:
    return a if _RANK[a] >= _RANK[b] else b
