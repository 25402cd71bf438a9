"""The pure metric and parsing functions of benchmarks/classification.py, on hand-made cases.

The benchmark is a script, not a package module: it is loaded from its file path. No shared
data and no classifier are needed here.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "classification.py"


def _load():
    name = "benchmarks_classification_under_test"
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _load()
Item, Prediction = bench.Item, bench.Prediction


def pred(*codes: str, abstained: bool = False, vague: bool = False, question: str | None = None):
    return Prediction(codes=tuple(codes), abstained=abstained, vague=vague, question=question)


# ---- topk_hits ---------------------------------------------------------------------------


def test_topk_hits_exact_code_at_every_depth():
    for digits in (2, 4, 6, 8, 10):
        assert bench.topk_hits("8413810040", ["8413810040"], 1, digits)


def test_topk_hits_agrees_only_up_to_the_common_prefix():
    predicted = ["8413819000"]  # same subheading 8413.81, other tariff line
    assert bench.topk_hits("8413810040", predicted, 1, 6)
    assert not bench.topk_hits("8413810040", predicted, 1, 8)
    assert not bench.topk_hits("8413810040", predicted, 1, 10)


def test_topk_hits_looks_only_at_the_first_k_candidates():
    predicted = ["9999999999", "1111111111", "8413810040"]
    assert not bench.topk_hits("8413810040", predicted, 1, 6)
    assert not bench.topk_hits("8413810040", predicted, 2, 6)
    assert bench.topk_hits("8413810040", predicted, 3, 6)
    assert bench.topk_hits("8413810040", predicted, 5, 10)  # k beyond the list is fine


def test_topk_hits_with_no_candidates_is_a_miss():
    assert not bench.topk_hits("8413810040", [], 5, 2)


def test_topk_hits_short_candidate_cannot_match_deeper():
    assert bench.topk_hits("8413810040", ["8413"], 1, 4)
    assert not bench.topk_hits("8413810040", ["8413"], 1, 6)


def test_topk_hits_refuses_gold_shorter_than_the_depth():
    assert bench.topk_hits("84138100", ["8413810040"], 1, 8)
    with pytest.raises(ValueError):
        bench.topk_hits("84138100", ["8413810040"], 1, 10)


# ---- percentile, ratio -----------------------------------------------------------------------


def test_percentile_interpolates_like_numpy():
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert bench.percentile(values, 50) == 3.0
    assert bench.percentile(values, 95) == pytest.approx(4.8)
    assert bench.percentile(values, 0) == 1.0
    assert bench.percentile(values, 100) == 5.0
    assert bench.percentile([7.0], 95) == 7.0
    assert bench.percentile([], 50) is None


def test_ratio_and_rate_handle_zero_and_missing():
    assert bench.ratio(0.3, 0.1) == pytest.approx(3.0)
    assert bench.ratio(0.3, 0.0) is None
    assert bench.ratio(None, 0.1) is None
    assert bench.rate(1, 4) == 0.25
    assert bench.rate(0, 0) is None


# ---- summarise -------------------------------------------------------------------------------


def test_summarise_top1_top5_by_depth():
    items = [Item("a", "pump", "8413810040"), Item("b", "chair", "9401610000")]
    predictions = [pred("8413810040"), pred("9403000000", "9401619000")]
    s = bench.summarise(items, predictions)
    assert s["items"] == 2
    assert s["top1@2"] == 1.0          # 84 and 94
    assert s["top1@4"] == 0.5          # 9403 != 9401
    assert s["top1@10"] == 0.5
    assert s["top5@6"] == 1.0          # 940161 is the second candidate
    assert s["top5@8"] == 0.5          # 94016190 != 94016100
    assert s["top5@10"] == 0.5


def test_summarise_skips_short_golds_for_deeper_metrics():
    items = [Item("a", "x", "84138100"), Item("b", "y", "9401610000")]
    predictions = [pred("8413810040"), pred("0101210010")]
    s = bench.summarise(items, predictions)
    assert s["skipped"]["10"] == 1 and s["skipped"]["8"] == 0
    assert s["top1@8"] == 0.5          # both scored at 8 digits
    assert s["top1@10"] == 0.0         # only the 10-digit gold is scored, and missed
    assert s["answering_items"]["10"] == 1


def test_summarise_all_golds_short_gives_none_not_zero():
    s = bench.summarise([Item("a", "x", "84138100")], [pred("8413810040")])
    assert s["top1@10"] is None and s["top1@8"] == 1.0


def test_abstention_counts_as_a_miss_but_never_abstaining_scores_the_candidates():
    items = [Item("a", "x", "8413810040"), Item("b", "y", "9401610000")]
    predictions = [pred("8413810040", abstained=True, vague=True, question="What is it made of?"),
                   pred("9401610000")]
    s = bench.summarise(items, predictions)
    assert s["abstained"] == 1 and s["abstention_rate"] == 0.5
    assert s["vague"] == 1 and s["questions"] == 1
    assert s["top1@6"] == 0.5 and s["top1@10"] == 0.5
    assert s["never_abstaining"]["top1@6"] == 1.0
    assert s["answered"] == 1
    assert s["answering"] == {"top1@6": 1.0, "top1@10": 1.0}


def test_abstaining_on_everything_leaves_accuracy_when_answering_undefined():
    s = bench.summarise([Item("a", "x", "8413810040")], [pred(abstained=True)])
    assert s["top1@2"] == 0.0 and s["abstention_rate"] == 1.0
    assert s["answering"] == {"top1@6": None, "top1@10": None}
    assert s["no_candidates"] == 1


def test_any_gold_code_is_a_separate_secondary_figure():
    item = Item("a", "cylinders", "8413810040", ("8413810040", "8412210075"))
    s = bench.summarise([item], [pred("8412210075")])
    assert s["top1@4"] == 0.0                  # primary = first gold code
    assert s["any_gold"]["top1@10"] == 1.0     # the second code of the ruling
    assert s["multi_gold_items"] == 1


def test_any_gold_skips_only_the_short_codes():
    item = Item("a", "x", "84138100", ("84138100", "8412210075"))
    s = bench.summarise([item], [pred("8412210075")])
    assert s["top1@10"] is None
    assert s["any_gold"]["top1@10"] == 1.0


def test_summarise_latency_percentiles():
    items = [Item(str(n), "x", "8413810040") for n in range(4)]
    s = bench.summarise(items, [pred("8413810040")] * 4, latencies_ms=[10.0, 20.0, 30.0, 40.0])
    assert s["p50_ms"] == 25.0
    assert s["p95_ms"] == pytest.approx(38.5)
    assert s["latency_items"] == 4
    assert bench.summarise(items, [pred()] * 4)["p95_ms"] is None


def test_summarise_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        bench.summarise([Item("a", "x", "8413810040")], [])


# ---- targets ---------------------------------------------------------------------------------


def test_check_targets_met_not_met_and_not_measured():
    summary = {"top1@6": 0.40, "top5@6": 0.60, "top1@10": None, "p95_ms": 80.0}
    verdicts = {t.metric: met for t, _, met in bench.check_targets(summary)}
    assert verdicts == {"top1@6": True, "top5@6": False, "top1@10": None, "p95_ms": True}
    assert bench.check_targets({"p95_ms": 100.1}, [bench.TARGETS[-1]])[0][2] is False
    assert bench.check_targets({"top1@6": 0.35}, [bench.TARGETS[0]])[0][2] is True  # boundary counts


# ---- parsing ---------------------------------------------------------------------------------


def test_parse_atlas_keeps_first_gold_primary_and_all_codes():
    rows = [{"item_id": "t1", "description": "cylinders", "gold_code": "8413.81.0040", "gold_digits": "8413810040"},
            {"item_id": "t2", "description": "rings", "gold_code": "7318.22.00", "gold_digits": "73182200"}]
    answers = [{"item_id": "t1", "all_codes": ["8413.81.0040", "8412.21.0075"]}]
    items = bench.parse_atlas(rows, answers)
    assert items[0].gold == "8413810040" and items[0].golds == ("8413810040", "8412210075")
    assert items[0].attributes is None
    assert items[1].gold == "73182200" and items[1].golds == ("73182200",)


def test_parse_atlas_puts_the_transcribed_gold_first_if_the_answer_line_disagrees():
    rows = [{"item_id": "t1", "description": "d", "gold_code": "8413.81.0040", "gold_digits": "8413810040"}]
    items = bench.parse_atlas(rows, [{"item_id": "t1", "all_codes": ["8412.21.0075", "8413.81.0040"]}])
    assert items[0].golds == ("8413810040", "8412210075")


def test_parse_hscodecomp_pads_codes_and_parses_attributes():
    rows = [
        {"task_id": 1, "product_name": "Live horse", "hs_code": 101210010,
         "product_attributes": json.dumps({"Material": "Brass", "Count": 4, "Empty": None})},
        {"task_id": 2, "product_name": "Pendant", "hs_code": 7116200500, "product_attributes": "{not json"},
        {"task_id": 3, "product_name": "Thing", "hs_code": 3926909989, "product_attributes": "[1, 2]"},
    ]
    items, failed = bench.parse_hscodecomp(rows)
    assert [i.gold for i in items] == ["0101210010", "7116200500", "3926909989"]
    assert items[0].text == "Live horse"
    assert items[0].attributes == {"Material": "Brass", "Count": "4", "Empty": ""}
    assert items[1].attributes == {} and items[2].attributes == {}
    assert failed == 2


def test_digits_only_and_hts_from_int():
    assert bench.digits_only("8413.81.0040") == "8413810040"
    assert bench.hts_from_int(101210010) == "0101210010"
    assert bench.hts_from_int("7116200500") == "7116200500"


def test_prediction_from_reads_the_classifier_interface():
    result = SimpleNamespace(
        candidates=[SimpleNamespace(code="8413.81.0040", confidence=0.7), SimpleNamespace(code="8412210075",
                                                                                           confidence=0.2)],
        abstained=True, question="Hydraulic or pneumatic?", vague=False)
    p = bench.prediction_from(result)
    assert p.codes == ("8413810040", "8412210075")
    assert p.confidences == (0.7, 0.2)
    assert p.abstained and p.question == "Hydraulic or pneumatic?" and not p.vague
    assert bench.prediction_from(SimpleNamespace(candidates=[], abstained=True, question=None, vague=True)).codes == ()


# ---- the baseline, on a tiny made-up schedule -------------------------------------------------


def test_tfidf_baseline_ranks_the_matching_path_first():
    lines = [
        {"code": "8413", "path": ["Pumps for liquids"]},  # not a 10-digit line: ignored
        {"code": "8413810040", "path": ["Pumps for liquids", "Other pumps", "Hydraulic cylinders"]},
        {"code": "9401610000", "path": ["Seats", "Upholstered seats with wooden frames"]},
        {"code": "0101210010", "path": ["Live horses", "Purebred breeding horses"]},
    ]
    baseline = bench.TfidfBaseline(lines)
    assert len(baseline.codes) == 3
    result = baseline.classify("wooden upholstered seat", None, top=5)
    assert result.candidates[0].code == "9401610000"
    assert len(result.candidates) == 3 and not result.abstained
    many = baseline.classify_many(["hydraulic cylinders", "breeding horses"], None, top=1)
    assert [r.candidates[0].code for r in many] == ["8413810040", "0101210010"]


def test_calibration_compares_top1_confidence_with_the_hit_rate_by_bin():
    items = [Item("a", "x", "8413810040"), Item("b", "y", "9401610000"), Item("c", "z", "9401610000"),
             Item("d", "w", "84138100")]
    predictions = [Prediction(codes=("8413810040",), confidences=(0.95,)),  # hit at 0.95
                   Prediction(codes=("9401619000",), confidences=(0.91,)),  # hit at 6 digits, not at 10
                   Prediction(codes=("9403000000",), confidences=(0.15,), abstained=True),  # miss, scored anyway
                   Prediction(codes=())]  # no candidate: left out
    c = bench.calibration(items, predictions)
    assert c["items"] == 3 and c["hit_rate"] == pytest.approx(2 / 3)
    assert [(b["from"], b["items"], b["hit_rate"]) for b in c["bins"]] == [(0.1, 1, 0.0), (0.9, 2, 1.0)]
    assert c["ece"] == pytest.approx((0.15 * 1 + (1 - 0.93) * 2) / 3)
    assert bench.summarise(items, predictions)["calibration@6"]["items"] == 3
    assert bench.calibration([], [])["ece"] is None
