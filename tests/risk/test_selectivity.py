import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from clearance.risk.selectivity import Lane, Quotas, assign_lanes, lane_for_score


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 600), seed=st.integers(0, 1000),
       red=st.sampled_from([0.0, 0.01, 0.05, 0.1]), yellow=st.sampled_from([0.0, 0.1, 0.2]),
       random_share=st.sampled_from([0.0, 0.005, 0.01]))
def test_lanes_hold_their_quota_within_half_a_declaration(n, seed, red, yellow, random_share) -> None:
    random_share = min(random_share, red)
    quotas = Quotas(red=red, yellow=yellow, blue=0.05, random=random_share)
    scores = np.random.default_rng(seed).random(n)
    result = assign_lanes(scores, quotas, seed=seed)
    for lane in (Lane.RED, Lane.YELLOW, Lane.BLUE):
        assert abs((result.lanes == lane).sum() - quotas.share(lane) * n) <= 0.5
    assert result.random.sum() == min(round(random_share * n), round(red * n))
    assert (result.lanes[result.random] == Lane.RED).all()


def test_highest_scores_go_red_then_yellow_then_blue() -> None:
    scores = np.arange(100, dtype=float)[::-1] / 100  # row 0 scores highest
    result = assign_lanes(scores, Quotas(random=0.0), seed=0)
    assert list(result.lanes[:5]) == [Lane.RED] * 5
    assert list(result.lanes[5:15]) == [Lane.YELLOW] * 10
    assert list(result.lanes[15:20]) == [Lane.BLUE] * 5
    assert (result.lanes[20:] == Lane.GREEN).all()


def test_random_draw_is_reproducible_and_reaches_low_scores() -> None:
    scores = np.arange(1000, dtype=float)[::-1]
    first = assign_lanes(scores, Quotas(random=0.01), seed=7)
    again = assign_lanes(scores, Quotas(random=0.01), seed=7)
    other = assign_lanes(scores, Quotas(random=0.01), seed=8)
    assert np.array_equal(first.random, again.random) and not np.array_equal(first.random, other.random)
    assert first.random.sum() == 10 and np.flatnonzero(first.random).max() > 200


def test_forced_lanes_come_first_and_overflow_is_reported() -> None:
    scores = np.linspace(1, 0, 20)
    forced = np.full(20, None, dtype=object)
    forced[[17, 18, 19]] = Lane.RED  # three sanctions hits with the lowest scores
    result = assign_lanes(scores, Quotas(red=0.05, yellow=0.1, blue=0.05, random=0.0), seed=0, forced=forced)
    assert (result.lanes[[17, 18, 19]] == Lane.RED).all() and result.overflow == {Lane.RED: 2}
    assert result.lanes[0] == Lane.YELLOW  # red is full: the top score is checked on documents


def test_a_forced_lane_is_a_minimum() -> None:
    scores = np.linspace(1, 0, 40)
    forced = np.full(40, None, dtype=object)
    forced[0] = Lane.BLUE
    result = assign_lanes(scores, Quotas(random=0.0), seed=0, forced=forced)
    assert result.lanes[0] == Lane.RED and result.mandatory[0]


def test_quota_validation() -> None:
    with pytest.raises(ValidationError, match="exceed"):
        Quotas(red=0.5, yellow=0.5, blue=0.1)
    with pytest.raises(ValidationError, match="random"):
        Quotas(red=0.01, random=0.02)


def test_lane_for_score_uses_the_stored_cut_offs() -> None:
    cuts = {"red": 0.9, "yellow": 0.6, "blue": 0.4}
    assert [lane_for_score(s, cuts) for s in (0.95, 0.7, 0.5, 0.1)] == [Lane.RED, Lane.YELLOW, Lane.BLUE,
                                                                         Lane.GREEN]
