from datetime import date

import numpy as np
import pytest

from clearance.risk.assess import assess, score
from clearance.risk.model import RiskModel
from clearance.risk.profiles import (
    ProfileSet,
    RiskProfile,
    load_profiles,
    parse_condition,
)
from clearance.risk.selectivity import Lane, Quotas
from tests.risk.synthetic import batch

DAY = date(2020, 6, 1)


def _profile(pid: str, condition: str, weight: float, lane: str | None = None) -> RiskProfile:
    return RiskProfile(id=pid, condition=parse_condition(condition), condition_text=condition, weight=weight,
                       reason=f"{pid} hit for HS {{hs6}}", valid_from=None, valid_to=None, lane=lane,
                       source="test")


@pytest.fixture(scope="module")
def model() -> RiskModel:
    return RiskModel.train(batch(600, seed=1), rounds=40, params={"num_leaves": 15})


def test_profiles_raise_the_score_as_a_noisy_or(model: RiskModel) -> None:
    later = batch(50, seed=3)
    plain = score(later, as_of=DAY, profiles=ProfileSet(()), model=model)
    profiles = ProfileSet((_profile("P1", "hs6 = 392690", 0.5), _profile("P2", "origin_country = CN", 0.2)))
    both = score(later, as_of=DAY, profiles=profiles, model=model)
    hit = later["hs_code"] == "392690"
    expected = 1 - (1 - plain.scores) * np.where(hit, 0.5, 1.0) * 0.8
    assert np.allclose(both.scores, expected)
    assert [p.id for p in both.hits[int(np.flatnonzero(hit)[0])]] == ["P1", "P2"]


def test_without_a_model_profiles_score_alone() -> None:
    later = batch(20, seed=3)
    result = score(later, as_of=DAY, profiles=ProfileSet((_profile("P1", "hs6 = 392690", 0.5),)))
    assert result.model_scores is None
    assert set(np.round(result.scores, 6)) == {0.0, 0.5}


def test_findings_of_other_engines_reach_the_profiles() -> None:
    later = batch(10, seed=3)
    findings = [frozenset({"SCREEN.MATCH"}) if i == 4 else frozenset() for i in range(10)]
    result = assess(later, as_of=DAY, profiles=load_profiles(), quotas=Quotas(random=0.0), seed=0,
                    findings=findings)
    assert result.assignment.lanes[4] == Lane.RED
    assert any("RP-SCREEN-01" in reason for reason in result.reasons[4])


def test_every_selected_declaration_carries_reasons(model: RiskModel) -> None:
    later = batch(400, seed=4)
    result = assess(later, as_of=DAY, profiles=load_profiles(), quotas=Quotas(random=0.01), seed=3, model=model)
    selected = np.flatnonzero(result.assignment.lanes != Lane.GREEN)
    assert len(selected) == 80
    assert all(result.reasons[i] for i in selected)
    assert all(not result.reasons[i] for i in np.flatnonzero(result.assignment.lanes == Lane.GREEN))
    drawn = np.flatnonzero(result.assignment.random)
    assert len(drawn) == 4 and all("random selection" in result.reasons[i][-1] for i in drawn)
    row = result.row(int(selected[0]))
    assert row["lane"] in {"red", "yellow", "blue"} and row["reasons"] and 0 <= row["score"] <= 1


def test_dated_profiles_apply_only_in_force() -> None:
    later = batch(10, seed=3)
    campaign = RiskProfile(id="C", condition=parse_condition("hs_chapter = 39"), condition_text="hs_chapter = 39",
                           weight=0.4, reason="campaign", valid_from=date(2021, 1, 1), valid_to=date(2021, 6, 30),
                           lane=None, source="test")
    before = score(later, as_of=date(2020, 12, 31), profiles=ProfileSet((campaign,)))
    during = score(later, as_of=date(2021, 3, 1), profiles=ProfileSet((campaign,)))
    assert before.scores.max() == 0 and during.scores.max() == pytest.approx(0.4)
