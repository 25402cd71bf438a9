"""The fixture readers, metrics and token JW baseline of benchmarks/screening.py, on hand-made inputs.

The benchmark is a script with two helper modules beside it, loaded here from the benchmarks
folder. No shared data, no matcher and no logic-v2 are needed.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from clearance.screening.entity import EntityType, ListEntity, ListName, NameRole

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
fx = importlib.import_module("screening_fixtures")
baselines = importlib.import_module("screening_baselines")
harness = importlib.import_module("screening")
sys.path.remove(str(BENCHMARKS))


def entity(entity_id: str, *names: str) -> ListEntity:
    return ListEntity(id=entity_id, list=entity_id.split(":")[0], type=EntityType.PERSON,
                      names=[ListName(full=n, role=NameRole.PRIMARY) for n in names])


def result(band: str, *matches: tuple[str, str]) -> SimpleNamespace:
    return SimpleNamespace(band=band, matches=[SimpleNamespace(entity_id=e, band=b, name="x", score=0.9)
                                               for e, b in matches])


class FakeScreener:
    """Answers from a dict: query name -> result; anything else is clear."""

    def __init__(self, answers: dict[str, SimpleNamespace]) -> None:
        self.answers = answers

    def screen(self, query):
        return self.answers.get(query.name, result("clear"))


def run_of(answers: dict[str, SimpleNamespace]):
    return harness.Run("fake", FakeScreener(answers), lambda party: party)


# ---- normaliser, perturbation classes, targets ------------------------------------------------


@pytest.mark.parametrize(("untreated", "treated", "expected"), [
    ("ABDULHAI SALEK", "ABDULHAI SALEK", "unchanged"),
    ("JAN MOHAMMAD MADANI IKRAM", "JAN  MOHAMMAD MADANI IKRAM", "format"),
    ("MU’TASSIM YAHYA ‘ALI", "MUTASSIM YAHYA ALI", "format"),
    ("ABDULHAI SALEK", "SALEK, ABDULHAI", "token_order"),
    ("ATTIQULLAH AKHUND", "ATTIIQULLAH AKHUND", "typo"),
    ("AREFULLAH AREF GHAZI", "AREFULLAHA REF GHAZI", "typo"),
    ("SHER MOHAMMAD ABBAS", "SHER MOHAMAD ABAS", "typo"),
    ("MOHAMMAD BARZAN AL-TIKRITI", "NOOR BARZAN AL-TIKRITI", "other"),
])
def test_perturbation_class(untreated, treated, expected):
    assert fx.perturbation_class(untreated, treated) == expected


def test_target_keys_ignore_case_order_punctuation_and_accents():
    assert fx.target_keys("AL-QADULI, Abu") & fx.target_keys("abu al qaduli")
    assert fx.target_keys("SA’D SABAWI") & fx.target_keys("Sad Sabawi")
    assert fx.target_keys("Ibraima Camará") & fx.target_keys("CAMARA IBRAIMA")
    assert not fx.target_keys("Abu Qaduli") & fx.target_keys("Abu Al Qaduli")


def test_targets_of_finds_every_entity_with_an_equal_name():
    index = fx.key_index([entity("un:1", "ABDUL BASIR NOORZAI"), entity("ofac_sdn:9", "NOORZAI, Abdul Basir", "X Y"),
                          entity("uk:3", "Abdul Basir")])
    assert fx.targets_of("Abdul Basir Noorzai", index) == {"un:1", "ofac_sdn:9"}
    assert fx.targets_of("Nobody Here", index) == set()


def test_un_rows_class_query_attributes():
    untreated = [{"full_name": "ALFRED YEKATOM", "date_of_birth": "1975", "place_of_birth": "", "nationality": "cf"}]
    treated = [{"full_name": "YEKATOM, ALFRED", "date_of_birth": "1974-01-32", "place_of_birth": "",
                "nationality": "cf"}]
    (row,) = fx.un_rows(untreated, treated)
    assert row.pclass == "token_order" and row.attributes_changed
    assert row.query == fx.Party("YEKATOM, ALFRED", EntityType.PERSON, "1974", "CF")


@pytest.mark.parametrize(("raw", "expected"), [("1961-05-14", "1961-05-14"), ("1969-7-16", "1969-07-16"),
                                                ("1974-01-32", "1974"), ("1961", "1961"), ("", None),
                                                ("c. 1960", None)])
def test_clean_dob(raw, expected):
    assert fx.clean_dob(raw) == expected


def test_country_code():
    assert fx.country_code("af") == "AF"
    assert fx.country_code("Russia") == "RU"
    assert fx.country_code("United Arab Emirates") == "AE"
    assert fx.country_code("Atlantis") is None


def test_ssb_cases_resolve_the_source_entity_of_negatives():
    payload = {"candidates": {"10": ["CANO CORREA, Jhon", "CANO, Jhonny"], "11": ["AHMAD, Najmuddin"]},
               "cases": [{"query": "CANO CORREA Jhon", "expected_entity_id": "10", "perturbation": "punctuation",
                          "family": "benign", "source_name": "CANO CORREA, Jhon"},
                         {"query": "Jhon AHMAD", "expected_entity_id": None, "perturbation": "cross_pair",
                          "family": "negative", "source_name": "CANO CORREA, Jhon"}]}
    candidates, (positive, negative) = fx.ssb_cases(payload)
    assert candidates["10"][1] == "CANO, Jhonny"
    assert positive.expected == "10" and positive.source == "10"
    assert negative.expected is None and negative.source == "10"


def test_read_cross_script_takes_the_script_from_the_heading(tmp_path):
    path = tmp_path / fx.CROSS_SCRIPT
    path.parent.mkdir(parents=True)
    path.write_text("# Format: Query,Expected Match,Min Score,Description\n\n# Cyrillic to Latin (good)\n"
                    "Иван Иванов,Ivan Ivanov,0.95,Common Russian name\n# Korean (Hangul) to Latin\n"
                    "김정은,Kim Jong Un,0.70,Korean name\n", "utf-8")
    assert fx.read_cross_script(tmp_path) == [fx.ScriptPair("Иван Иванов", "Ivan Ivanov", 0.95, "Cyrillic"),
                                              fx.ScriptPair("김정은", "Kim Jong Un", 0.70, "Korean (Hangul)")]


def test_dev_entities_are_marked_and_keep_every_name():
    un = fx.un_rows([{"full_name": "JO YONG CHOL"}], [{"full_name": "YONG CHOL, JO"}])
    entities = fx.dev_entities(un, {"36": ["A B", "C D"]})
    assert [e.id for e in entities] == ["un-dev:0", "ssb-dev:36"]
    assert [n.role for n in entities[1].names] == [NameRole.PRIMARY, NameRole.STRONG_ALIAS]


def test_generated_companies_are_deterministic_distinct_and_varied():
    first, again = fx.generate_companies(300, seed=1), fx.generate_companies(300, seed=1)
    assert first == again and len({p.name for p in first}) == 300
    assert all(p.type == EntityType.ORGANIZATION for p in first)
    names = " ".join(p.name for p in first)
    for form in ("GmbH", "OOO", "Co., Ltd.", "S.A.", "LLC"):
        assert form in names


# ---- metrics ----------------------------------------------------------------------------------


def test_alerted_ids_only_alerting_matches_best_first():
    assert fx.alerted_ids(result("clear", ("a:1", "clear"))) == []
    assert fx.alerted_ids(result("block", ("a:1", "block"), ("a:2", "review"), ("a:3", "clear"))) == ["a:1", "a:2"]
    no_band = SimpleNamespace(band="review", matches=[SimpleNamespace(entity_id="a:9")])
    assert fx.alerted_ids(no_band) == ["a:9"]


def test_pair_metrics_and_rates():
    m = fx.pair_metrics([(True, True), (True, False), (False, True), (False, False), (True, True)])
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (2, 1, 1, 1)
    assert m["precision"] == pytest.approx(2 / 3) and m["recall"] == pytest.approx(2 / 3)
    assert fx.pair_metrics([(False, False)])["precision"] is None
    assert fx.per_thousand(3, 1500) == 2.0 and fx.per_thousand(0, 0) is None
    assert fx.percentile([1, 2, 3, 4], 50) == 2.5 and fx.percentile([], 95) is None
    assert fx.shares([1, 2, 3, 4, 5], 2) == [[1, 3, 5], [2, 4]]


def test_frozen_reference_uses_its_own_labels_and_todays():
    case = fx.NkCase("g", "Person", "A", "B", True, "")
    relabelled = fx.NkCase("g", "Person", "A", "B", False, "")
    frozen = fx.frozen_reference([(case, 0.8), (fx.NkCase("g", "Person", "C", "D", False, ""), 0.9)], [relabelled])
    assert frozen["as_frozen"]["overall"]["tp"] == 1 and frozen["as_frozen"]["overall"]["fp"] == 1
    assert frozen["joined"] == 1 and frozen["relabelled"] == 1
    assert frozen["current_cases"]["overall"]["fp"] == 1


def test_eval_clean_counts_alerts_per_band():
    run = run_of({"Bad One": result("block", ("x:1", "block")), "Maybe": result("review", ("x:2", "review"))})
    parties = [fx.Party(n, EntityType.PERSON) for n in ("Bad One", "Maybe", "Fine", "Also Fine")]
    figures = harness.eval_clean(run, {"set": (parties, None)})["set, name only"]
    assert figures["alerts"] == 2 and figures["per_1000"] == 500.0
    assert figures["by_band_per_1000"] == {"block": 250.0, "review": 250.0}
    assert [a["party"] for a in figures["alerted"]] == ["Bad One", "Maybe"]
    assert len(run.latencies_ms) == 4


def test_eval_un_hit_needs_an_alert_on_a_target():
    rows = fx.un_rows([{"full_name": n} for n in ("A B", "C D", "E F")],
                      [{"full_name": n} for n in ("B A", "C D", "E F")])
    run = run_of({"B A": result("review", ("un:1", "review")), "C D": result("review", ("un:other", "review"))})
    figures = harness.eval_un(run, rows, [{"un:1"}, {"un:2"}, set()])["name only"]
    assert figures["overall"] == {"hits": 1, "n": 2, "rate": 0.5}
    assert figures["by_class"]["token_order"]["hits"] == 1 and figures["perturbed"]["n"] == 1


def test_eval_ssb_negatives_count_alerts_on_the_source_entity():
    cases = [fx.SsbCase("q1", "10", "typo", "degraded", "10"), fx.SsbCase("q2", None, "cross_pair", "negative", "10"),
             fx.SsbCase("q3", None, "token_swap", "negative", "10"), fx.SsbCase("q4", "99", "typo", "degraded", "99")]
    run = run_of({"q1": result("review", ("ofac_sdn:10", "review")),
                  "q2": result("review", ("ofac_sdn:10", "review")), "q3": result("review", ("un:5", "review"))})
    figures = harness.eval_ssb(run, cases, "ofac_sdn:", {"ofac_sdn:10", "un:5"})
    assert figures["overall"] == {"hits": 1, "n": 1, "rate": 1.0}  # entity 99 is not loaded: excluded
    assert figures["negatives_on_source"]["cross_pair"]["hits"] == 1
    assert figures["negatives_on_source"]["token_swap"]["hits"] == 0
    assert figures["negatives_any_alert"]["token_swap"]["hits"] == 1


# ---- token Jaro-Winkler baseline --------------------------------------------------------------


def test_jaro_winkler_known_values_and_pure_python_copy():
    assert baselines.jaro_winkler("martha", "marhta") == pytest.approx(0.961111, abs=1e-6)
    assert baselines.jaro_winkler("dwayne", "duane") == pytest.approx(0.84, abs=1e-6)
    for a, b in [("martha", "marhta"), ("dixon", "dicksonx"), ("mohammad", "muhammad"), ("ab", "ba"), ("x", "")]:
        assert baselines._py_jaro_winkler(a, b) == pytest.approx(baselines.jaro_winkler(a, b), abs=1e-9)


def test_token_jw_score_pair():
    jw = baselines.TokenJaroWinkler.from_entities([entity("a:1", "Olaf Scholz")])
    assert jw.score_pair("SCHOLZ, Olaf", "Olaf Scholz") == pytest.approx(1.0)
    martha = (1 + baselines.jaro_winkler("martha", "marhta")) / 2
    assert jw.score_pair("Jones Martha", "Jones Marhta") == pytest.approx(martha)
    assert jw.review_threshold(EntityType.PERSON) == 0.90


def test_token_jw_screen_blocks_and_scores_like_score_pair():
    jw = baselines.TokenJaroWinkler.from_entities(
        [entity("a:1", "Olaf Scholz", "Olaf Schulz"), entity("a:2", "Angela Merkel"), entity("a:3", "Maghomed Ali")])
    hit = jw.screen(fx.Party("Scholz Olaf"))
    assert hit.band == "review" and [m.entity_id for m in hit.matches] == ["a:1"]
    assert hit.matches[0].name == "Olaf Scholz" and hit.matches[0].score == pytest.approx(1.0)
    assert jw.screen(fx.Party("Angelo Cruz")).band == "clear"
    swapped = jw.screen(fx.Party("Amghomed Ali"))  # first two letters swapped: same bucket
    assert [m.entity_id for m in swapped.matches] == ["a:3"]
    assert swapped.matches[0].score == pytest.approx(jw.score_pair("Amghomed Ali", "Maghomed Ali"), abs=1e-6)
    ranked = jw.ranked("Olaf Merkel")
    assert {jw.entity_ids[e] for e, _, _ in ranked} == {"a:1", "a:2"}
