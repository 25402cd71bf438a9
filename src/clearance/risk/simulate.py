"""Online simulation of a risk desk: weekly batches, labels revealed only for what is inspected.

A desk never sees the outcome of a declaration it releases. Trained on its own inspections
only, a model keeps confirming what it already suspects and never learns that something it
scores low is fraudulent (the selection bias of Kim et al., DATE, KDD 2020, section 5). This
module replays that loop on labelled data:

1. ``history`` (e.g. the first weeks of a year, fully labelled) is what the desk knows at
   the start;
2. ``stream`` is split into ISO weeks (Monday to Sunday) by ``date``; each week a
   :class:`~clearance.risk.model.RiskModel` is trained on everything labelled so far
   (history plus the stream declarations inspected in earlier weeks), scores the week, and
   ``inspection_rate`` of the week's declarations are inspected;
3. exploitation-only inspects the top ``k`` by score; with ``explore`` = 0.1 the top 90 % of
   ``k`` come from the score and 10 % are drawn uniformly at random from the rest of the week;
4. only the inspected declarations' labels are revealed; the others' labels are used to
   *measure* the week (recall, AUC), never to train.

The stream's labels are copied aside at the start and the training copy of the stream has
them blanked (-1) until a declaration is inspected, so an uninspected label cannot reach a
training set: :meth:`RiskModel.train` refuses an unlabelled row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from clearance.risk.declarations import Declarations
from clearance.risk.evaluate import top_k
from clearance.risk.model import DEFAULT_ROUNDS, RiskModel


@dataclass(frozen=True)
class WeekResult:
    """One ISO week of the stream. ``frauds`` and ``auc`` use the hidden labels (measurement only)."""

    week: str  # ISO week, e.g. "2021-W03"
    start: date  # its Monday
    rows: int
    inspected: int
    explored: int  # of the inspected, drawn at random outside the top of the ranking
    found: int  # frauds among the inspected
    frauds: int  # frauds in the week (hidden)
    critical_found: int  # critical frauds (critical_fraud == 2) among the inspected
    critical: int  # critical frauds in the week (hidden)
    auc: float  # of the week's scores against the hidden labels; NaN when the week has one class
    training_rows: int  # labelled declarations behind the model that scored the week
    retrained: bool

    @property
    def precision(self) -> float:
        return self.found / self.inspected if self.inspected else math.nan

    @property
    def recall(self) -> float:
        return self.found / self.frauds if self.frauds else math.nan


@dataclass(frozen=True)
class SimulationResult:
    weeks: tuple[WeekResult, ...]
    inspected_in: np.ndarray  # per stream row: index into ``weeks`` of the week it was inspected, -1 = never
    inspection_rate: float
    explore: float
    seed: int
    rounds: int

    @property
    def inspected(self) -> np.ndarray:
        """Boolean mask over the stream's rows (in the stream's own order)."""
        return self.inspected_in >= 0

    def totals(self, since: date | None = None) -> dict[str, Any]:
        """Sums over the weeks starting on or after ``since`` (all weeks by default)."""
        weeks = [w for w in self.weeks if since is None or w.start >= since]
        rows, inspected = sum(w.rows for w in weeks), sum(w.inspected for w in weeks)
        found, frauds = sum(w.found for w in weeks), sum(w.frauds for w in weeks)
        aucs = [w.auc for w in weeks if not math.isnan(w.auc)]
        return {
            "weeks": len(weeks), "rows": rows, "inspected": inspected,
            "explored": sum(w.explored for w in weeks), "frauds_caught": found, "frauds": frauds,
            "precision": found / inspected if inspected else math.nan,
            "recall": found / frauds if frauds else math.nan,
            "critical_caught": sum(w.critical_found for w in weeks), "critical": sum(w.critical for w in weeks),
            "mean_weekly_auc": float(np.mean(aucs)) if aucs else math.nan,
        }

    @property
    def frauds_caught(self) -> int:
        return sum(w.found for w in self.weeks)

    @property
    def precision(self) -> float:
        return float(self.totals()["precision"])

    @property
    def mean_weekly_auc(self) -> float:
        return float(self.totals()["mean_weekly_auc"])

    @property
    def critical_caught(self) -> int:
        return sum(w.critical_found for w in self.weeks)


def week_starts(dates: np.ndarray) -> np.ndarray:
    """The Monday of each date's ISO week (``datetime64[D]``)."""
    days = dates.astype("datetime64[D]")
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    return days - weekday.astype("timedelta64[D]")


def choose_inspections(scores: np.ndarray, rate: float, explore: float, rng: np.random.Generator
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Indices to inspect (top of the ranking, then a random draw from the rest) and which were drawn."""
    k = top_k(len(scores), rate)
    drawn = round(explore * k)
    order = np.argsort(-scores, kind="stable")
    exploit = order[:k - drawn]
    explored = np.sort(rng.choice(order[k - drawn:], size=drawn, replace=False)) if drawn else order[:0]
    return np.concatenate([exploit, explored]), explored


def simulate(history: Declarations, stream: Declarations, *, inspection_rate: float = 0.10,
             explore: float = 0.0, seed: int = 0, rounds: int = DEFAULT_ROUNDS,
             params: Mapping[str, Any] | None = None, retrain_every_weeks: int = 1,
             threads: int = 2) -> SimulationResult:
    """Replay ``stream`` week by week, training only on ``history`` and what was inspected.

    ``rounds`` and ``params`` go to :meth:`RiskModel.train` (with ``seed``); ``explore`` is
    the share of each week's inspections drawn at random (``numpy.random.default_rng(seed)``)
    from the declarations outside the top of the ranking. The model is retrained before the
    first week and then every ``retrain_every_weeks`` weeks.
    """
    if not 0 < inspection_rate <= 1:
        raise ValueError("inspection_rate must be in (0, 1]")
    if not 0 <= explore <= 1:
        raise ValueError("explore must be in [0, 1]")
    if retrain_every_weeks < 1:
        raise ValueError("retrain_every_weeks must be >= 1")
    if not history.labelled or not stream.labelled:
        raise ValueError("history and stream must both carry fraud labels (the stream's are hidden, "
                         "and used only to measure)")
    hidden_fraud = stream["fraud"].astype(np.int64)
    hidden_critical = stream["critical_fraud"].astype(np.int64)
    revealed = {name: np.array(column, copy=True) for name, column in stream.columns.items()}
    revealed["fraud"][:] = -1
    revealed["critical_fraud"][:] = -1
    visible = Declarations(revealed, stream.source)

    starts = week_starts(stream["date"])
    rng = np.random.default_rng(seed)
    inspected_in = np.full(len(stream), -1, dtype=np.int64)
    weeks: list[WeekResult] = []
    model: RiskModel | None = None
    training_rows = 0
    for number, start in enumerate(np.unique(starts)):
        rows = np.flatnonzero(starts == start)
        retrain = model is None or number % retrain_every_weeks == 0
        if retrain:
            known = np.flatnonzero(inspected_in >= 0)
            training = Declarations.concat([history, visible.take(known)]) if len(known) else history
            model = RiskModel.train(training, seed=seed, threads=threads, rounds=rounds, params=params)
            training_rows = len(training)
        assert model is not None
        week = stream.take(rows)
        scores = model.scores(week)
        chosen, explored = choose_inspections(scores, inspection_rate, explore, rng)
        picked = rows[chosen]
        inspected_in[picked] = number
        revealed["fraud"][picked] = hidden_fraud[picked]
        revealed["critical_fraud"][picked] = hidden_critical[picked]
        fraud, critical = hidden_fraud[rows], hidden_critical[rows]
        both = 0 < fraud.sum() < len(fraud)
        iso = start.astype(object).isocalendar()
        weeks.append(WeekResult(
            week=f"{iso[0]}-W{iso[1]:02d}", start=start.astype(object), rows=len(rows), inspected=len(picked),
            explored=len(explored), found=int(hidden_fraud[picked].sum()), frauds=int(fraud.sum()),
            critical_found=int((hidden_critical[picked] == 2).sum()), critical=int((critical == 2).sum()),
            auc=float(roc_auc_score(fraud, scores)) if both else math.nan,
            training_rows=training_rows, retrained=retrain,
        ))
    return SimulationResult(tuple(weeks), inspected_in, inspection_rate, explore, seed, rounds)
