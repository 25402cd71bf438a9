"""The helpers of benchmarks/risk.py on toy inputs: baseline label codes, lane-share deviation, statistics.

The benchmark is a script in the benchmarks folder, loaded here from there. No shared data is read.
"""

from __future__ import annotations

import importlib
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from clearance.risk.selectivity import Lane, LaneAssignment, Quotas, assign_lanes
from tests.risk.synthetic import batch

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
bench = importlib.import_module("risk")
sys.path.remove(str(BENCHMARKS))


def test_label_codes_come_from_train_and_unseen_values_are_minus_one() -> None:
    codes = bench.fit_codes(np.array(["KR", "CN", "CN", ""], dtype=object))
    assert codes == {"": 0, "CN": 1, "KR": 2}
    assert bench.encode(np.array(["CN", "US", "", "KR"], dtype=object), codes).tolist() == [1, -1, 0, 2]


def test_baseline_matrix_has_19_columns_and_no_valid_values_in_its_codes() -> None:
    train, valid = batch(50, seed=1), batch(20, seed=2)
    encoder = bench.LabelEncoded(train)
    matrix = encoder.matrix(valid)
    assert matrix.shape == (20, 19) and len(bench.LabelEncoded.columns) == 19
    importer = bench.LabelEncoded.columns.index("importer_id")
    seen = set(train["importer_id"].tolist())
    unseen = [v not in seen for v in valid["importer_id"].tolist()]
    assert (matrix[unseen, importer] == -1).all() and (matrix[np.invert(unseen), importer] >= 0).all()


def test_unit_price_is_missing_without_a_mass() -> None:
    toy = batch(3, seed=0)
    toy.columns["net_mass_kg"][0] = 0.0
    prices = bench.unit_price(toy)
    assert math.isnan(prices[0]) and prices[1] == toy["item_price"][1] / toy["net_mass_kg"][1]


def assignment(red: int, yellow: int, blue: int, green: int, random: int = 0) -> LaneAssignment:
    lanes = np.array([Lane.RED] * red + [Lane.YELLOW] * yellow + [Lane.BLUE] * blue + [Lane.GREEN] * green,
                     dtype=object)
    drawn = np.zeros(len(lanes), dtype=bool)
    drawn[:random] = True
    return LaneAssignment(lanes, drawn, np.zeros(len(lanes), dtype=bool), {})


def test_lane_share_deviation_in_points_and_declarations() -> None:
    quotas = Quotas()  # red 5 %, yellow 10 %, blue 5 %, random 0.5 %
    exact = assignment(1, 2, 1, 16)  # 20 declarations: every lane on its quota, no random draw
    small = assignment(1, 1, 0, 8)  # 10 declarations: red 10 % and blue 0 % instead of 5 %
    points = bench.lane_share_deviation([exact, small], quotas)
    assert points == pytest.approx({"red": 5.0, "yellow": 0.0, "blue": 5.0, "green": 0.0, "random": 0.5})
    assert bench.lane_share_deviation([exact, small], quotas, min_rows=15) == pytest.approx(
        {"red": 0.0, "yellow": 0.0, "blue": 0.0, "green": 0.0, "random": 0.5})
    count = bench.lane_share_deviation([exact, small], quotas, unit="declarations")
    assert count == pytest.approx({"red": 0.5, "yellow": 0.0, "blue": 0.5, "green": 0.0, "random": 0.1})


def test_assign_lanes_meets_the_half_point_target_on_a_full_batch() -> None:
    scores = np.random.default_rng(0).random(1000)
    result = assign_lanes(scores, Quotas(), seed=0)
    assert max(bench.lane_share_deviation([result], Quotas()).values()) <= 0.5


def test_mean_sd() -> None:
    assert bench.mean_sd([1.0, 2.0, 3.0]) == {"mean": 2.0, "sd": 1.0, "n": 3}
    assert bench.mean_sd([0.5]) == {"mean": 0.5, "sd": 0.0, "n": 1}
    assert bench.mean_sd([math.nan])["n"] == 0


def test_missing_data_is_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(tmp_path)]) == 1
    assert "risk data not found" in capsys.readouterr().err
