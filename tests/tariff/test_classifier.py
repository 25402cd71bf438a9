"""The classifier on a fixture schedule: candidates, explanations, abstention, cache."""

from __future__ import annotations

import pytest

from clearance.refdata import ReferenceData
from clearance.tariff.classifier import build_classifier
from clearance.tariff.classifier.attributes import deciding_question, read_attributes
from tests.tariff.fixtures import OLD, reference_with

APPAREL = [
    ("6109", 0, "T-shirts, singlets, tank tops and similar garments, knitted or crocheted:", "", "", "", ""),
    ("6109.10.00", 1, "Of cotton", "", "16.5%", "Free (S)", "90%"),
    ("6109.10.00.12", 2, "Men's or boys' T-shirts", '["doz.","kg"]', "", "", ""),
    ("6109.10.00.40", 2, "Women's or girls' T-shirts", '["doz.","kg"]', "", "", ""),
    ("6105", 0, "Men's or boys' shirts, knitted or crocheted:", "", "", "", ""),
    ("6105.10.00", 1, "Of cotton", "", "19.7%", "Free (S)", "45%"),
    ("6105.10.00.10", 2, "Men's shirts of cotton", '["doz.","kg"]', "", "", ""),
    ("6105.10.00.20", 2, "Other shirts of cotton", '["doz.","kg"]', "", "", ""),
    ("6205", 0, "Men's or boys' shirts (not knitted):", "", "", "", ""),
    ("6205.20", 1, "Of cotton:", "", "", "", ""),
    ("6205.20.20", 2, "Other", "", "19.7%", "Free (S)", "45%"),
    ("6205.20.20.16", 3, "Dress shirts of cotton", '["doz.","kg"]', "", "", ""),
    ("6205.20.20.26", 3, "Other shirts of cotton", '["doz.","kg"]', "", "", ""),
]


@pytest.fixture
def reference(settings, tmp_path) -> ReferenceData:
    return reference_with(settings, tmp_path, OLD + APPAREL)


def test_candidates_with_path_gri_and_confidences(reference, tmp_path):
    classifier = build_classifier(reference, cache_dir=tmp_path / "cache")
    result = classifier.classify("grinding balls for ball mills, forged steel", top=3)
    best = result.candidates[0]
    assert best.code == "7326110000" and best.path[-1] == "Grinding balls"
    assert best.gri and best.gri[0].startswith("GRI 1")
    confidences = [c.confidence for c in result.candidates]
    assert confidences == sorted(confidences, reverse=True) and 0 < sum(confidences) < 1  # the rest: none of them
    assert best.deciding_attributes["material"] == ["iron or steel"]
    assert not result.abstained and not result.vague


def test_confidence_does_not_depend_on_how_many_candidates_are_listed(reference):
    classifier = build_classifier(reference)
    text = "grinding balls for ball mills, forged steel"
    one, five = classifier.classify(text, top=1), classifier.classify(text, top=5)
    assert one.candidates[0].confidence == five.candidates[0].confidence


def test_a_weaker_best_match_leaves_more_to_none_of_them():
    from clearance.tariff.classifier.classifier import _confidences
    from clearance.tariff.classifier.model import Candidate

    def top_confidence(scores):
        candidates = [Candidate(code="0" * 10, hts="", hs6="000000", confidence=0, score=s, path=[], gri=[])
                      for s in scores]
        _confidences(candidates, scores)
        return candidates[0].confidence, sum(c.confidence for c in candidates)

    strong, strong_total = top_confidence([3.0, 1.5, 1.0])
    weak, weak_total = top_confidence([1.0, 0.5, 0.33])  # the same ratios, lower scores
    assert strong > weak and strong_total > weak_total and strong_total < 1
    assert top_confidence([2.0, 1.99])[0] < top_confidence([2.0, 1.0])[0]  # a close second takes its share


def test_residual_other_line_when_no_statistical_line_is_named(reference, tmp_path):
    best = build_classifier(reference).classify("cotton shirts, not knitted, for men").candidates[0]
    assert best.code.startswith("620520")


def test_knitted_or_woven_question(reference):
    result = build_classifier(reference).classify("men's cotton shirt with collar")
    assert result.abstained and "knitted" in result.question
    answered = build_classifier(reference).classify("men's cotton shirt with collar", {"construction": "woven"})
    assert not answered.abstained


def test_vague_descriptions_are_flagged(reference):
    result = build_classifier(reference).classify("gift")
    assert result.vague and result.abstained and "vague" in result.question


def test_cache_is_written_once_without_pickles_and_reused(reference, tmp_path):
    cache = tmp_path / "cache"
    first = build_classifier(reference, cache_dir=cache)
    files = {p.name for p in cache.rglob("*") if p.is_file()}
    assert "done" in files and not any(name.endswith((".pkl", ".pickle", ".joblib")) for name in files)
    again = build_classifier(reference, cache_dir=cache)
    text = "grinding balls for mills"
    assert [c.code for c in again.classify(text).candidates] == [c.code for c in first.classify(text).candidates]


def test_attributes_and_questions():
    attributes = read_attributes("Women's 60% cotton 40% polyester knit top")
    assert attributes.material == ("cotton", "synthetic") and attributes.construction == "knitted"
    assert attributes.gender == "women's or girls'"
    assert deciding_question(attributes, ["61", "62"]) is None
    bare = read_attributes("top")
    assert deciding_question(bare, ["61", "62"])[0] == "construction"
    assert deciding_question(read_attributes("tray"), ["39", "73"])[0] == "material"
    assert read_attributes("tray", {"material": "aluminum"}).material == ("aluminum",)
    assert read_attributes("a woman's poncho").gender == "women's or girls'"  # "woman's", apostrophe gone
    assert read_attributes("an infants pullover").gender == "babies'"


def test_construction_named_by_the_fabric_and_non_woven_is_neither():
    assert read_attributes("skirt", {"Fabric Type": "Broadcloth"}).construction == "woven"
    assert read_attributes("dress of chiffon").construction == "woven"
    assert read_attributes("velour tracksuit").construction == "knitted"
    assert read_attributes("shirt", {"Craft of Weaving": "Non-Woven"}).construction is None  # bonded, not knitted
    assert read_attributes("not knitted shirt").construction == "woven"
