"""The online simulation: labels only from inspections, weekly inspection counts, exploration, determinism."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from clearance.risk.declarations import Declarations
from clearance.risk.evaluate import top_k
from clearance.risk.model import RiskModel
from clearance.risk.simulate import SimulationResult, choose_inspections, simulate, week_starts
from tests.risk.synthetic import records

MONDAY = date(2020, 1, 6)
FAST: dict[str, Any] = {"rounds": 10, "threads": 1, "params": {"num_leaves": 7, "min_data_in_leaf": 3}}


def split() -> tuple[Declarations, Declarations]:
    """Two fully labelled weeks of history, then six weeks of stream and a week of three declarations."""
    rows = records(480, seed=4, start=MONDAY, days=56)
    tail = records(3, seed=5, start=MONDAY + timedelta(days=56), days=1)
    for i, row in enumerate(tail):
        row["declaration_id"] = f"TAIL-{i}"
    history = [r for r in rows if r["date"] < (MONDAY + timedelta(days=14)).isoformat()]
    stream = [r for r in rows if r["date"] >= (MONDAY + timedelta(days=14)).isoformat()] + tail
    return Declarations.from_records(history, "history"), Declarations.from_records(stream, "stream")


@pytest.fixture(scope="module")
def data() -> tuple[Declarations, Declarations]:
    return split()


def spy_on_training(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Declarations, RiskModel]]:
    calls: list[tuple[Declarations, RiskModel]] = []
    original = RiskModel.train

    def train(cls: type[RiskModel], batch: Declarations, **kwargs: Any) -> RiskModel:
        model = original(batch, **kwargs)
        calls.append((batch, model))
        return model

    monkeypatch.setattr(RiskModel, "train", classmethod(train))
    return calls


def test_week_starts_are_iso_mondays() -> None:
    dates = np.array(["2021-01-01", "2021-01-03", "2021-01-04", "2020-12-28"], dtype="datetime64[D]")
    assert week_starts(dates).tolist() == [date(2020, 12, 28), date(2020, 12, 28), date(2021, 1, 4),
                                           date(2020, 12, 28)]


def test_only_history_and_inspected_labels_reach_training(data, monkeypatch: pytest.MonkeyPatch) -> None:
    history, stream = data
    calls = spy_on_training(monkeypatch)
    result = simulate(history, stream, inspection_rate=0.1, explore=0.2, seed=3, **FAST)
    assert len(calls) == len(result.weeks) == 7
    truth = dict(zip(history["declaration_id"].tolist(), history["fraud"].tolist(), strict=True))
    truth.update(zip(stream["declaration_id"].tolist(), stream["fraud"].tolist(), strict=True))
    ids = stream["declaration_id"]
    for week, (training, _) in enumerate(calls):
        allowed = set(history["declaration_id"].tolist()) | set(ids[(result.inspected_in >= 0)
                                                                    & (result.inspected_in < week)].tolist())
        used = training["declaration_id"].tolist()
        assert set(used) <= allowed and len(used) == len(allowed)  # nothing hidden, nothing inspected left out
        assert [truth[i] for i in used] == training["fraud"].tolist()  # revealed labels are the true ones
        assert result.weeks[week].training_rows == len(used)
    assert stream["fraud"].min() >= 0  # the caller's stream keeps its labels


def test_inspected_per_week_is_the_rate_with_at_least_one(data) -> None:
    history, stream = data
    result = simulate(history, stream, inspection_rate=0.1, **FAST)
    starts = week_starts(stream["date"])
    for number, week in enumerate(result.weeks):
        rows = int((starts == np.datetime64(week.start)).sum())
        assert week.rows == rows
        assert week.inspected == max(1, round(0.1 * rows)) == int((result.inspected_in == number).sum())
    assert result.weeks[-1].rows == 3 and result.weeks[-1].inspected == 1
    totals = result.totals()
    assert totals["inspected"] == int(result.inspected.sum()) and totals["rows"] == len(stream)
    assert result.frauds_caught == totals["frauds_caught"] and 0 <= result.precision <= 1
    assert totals["precision"] > float(stream["fraud"].mean())  # the planted signal is found


@pytest.mark.parametrize("explore", [0.0, 0.25])
def test_exploit_takes_the_top_and_explore_goes_outside_it(data, monkeypatch, explore: float) -> None:
    history, stream = data
    calls = spy_on_training(monkeypatch)
    result = simulate(history, stream, inspection_rate=0.2, explore=explore, seed=1, **FAST)
    starts = week_starts(stream["date"])
    outside = 0
    for number, (week, (_, model)) in enumerate(zip(result.weeks, calls, strict=True)):
        rows = np.flatnonzero(starts == np.datetime64(week.start))
        scores = model.scores(stream.take(rows))
        top = set(rows[np.argsort(-scores, kind="stable")[:top_k(len(rows), 0.2)]].tolist())
        inspected = set(np.flatnonzero(result.inspected_in == number).tolist())
        assert len(inspected) == len(top)
        assert len(inspected - top) <= week.explored == round(explore * week.inspected)
        outside += len(inspected - top)
    if explore:
        assert outside > 0
    else:
        assert outside == 0 and all(w.explored == 0 for w in result.weeks)


def test_choose_inspections_draws_from_outside_the_top() -> None:
    scores = np.arange(100, dtype=float)[::-1]  # row i has rank i
    chosen, explored = choose_inspections(scores, 0.1, 0.3, np.random.default_rng(0))
    assert len(chosen) == 10 and len(explored) == 3 and len(set(chosen.tolist())) == 10
    assert set(chosen.tolist()) - set(explored.tolist()) == set(range(7)) and explored.min() >= 7


def test_same_seed_same_run_other_seed_other_draw(data) -> None:
    history, stream = data

    def run(seed: int) -> SimulationResult:
        return simulate(history, stream, inspection_rate=0.1, explore=0.3, seed=seed, **FAST)

    first, again, other = run(7), run(7), run(8)
    assert np.array_equal(first.inspected_in, again.inspected_in) and first.weeks == again.weeks
    assert not np.array_equal(first.inspected_in, other.inspected_in)


def test_retraining_less_often(data, monkeypatch) -> None:
    history, stream = data
    calls = spy_on_training(monkeypatch)
    result = simulate(history, stream, retrain_every_weeks=3, **FAST)
    assert [w.retrained for w in result.weeks] == [True, False, False, True, False, False, True]
    assert len(calls) == 3


def test_unlabelled_stream_is_refused(data) -> None:
    history, stream = data
    hidden = Declarations({**stream.columns, "fraud": np.full(len(stream), -1, dtype=np.int8)})
    with pytest.raises(ValueError, match="labels"):
        simulate(history, hidden, **FAST)
    with pytest.raises(ValueError, match="explore"):
        simulate(history, stream, explore=1.5, **FAST)
