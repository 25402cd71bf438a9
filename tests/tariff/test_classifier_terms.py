"""GRI 6 in the classifier: a description against the subheadings' own terms (fictional HS 2022 rows)."""

from __future__ import annotations

from clearance.tariff.classifier.terms import SubheadingTerms

HS2022 = [
    {"code": "61", "level": 2, "path": ["Apparel, knitted"]},
    {"code": "610910", "level": 6, "path": ["Apparel, knitted", "T-shirts, knitted", "T-shirts; of cotton, knitted"]},
    {"code": "610990", "level": 6, "path": ["Apparel, knitted", "T-shirts, knitted",
                                            "T-shirts; of textile materials other than cotton, knitted"]},
    {"code": "030389", "level": 6, "path": ["Fish", "Fish, frozen", "Fish; frozen, other fish"]},
]


class _Reference:
    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows

    def records(self, name: str) -> list[dict]:
        return self.rows if name == "hs2022" else []


def test_the_subheading_whose_own_terms_match_scores_higher():
    terms = SubheadingTerms(_Reference(HS2022))
    [cotton, synthetic] = terms.similarities(["men's cotton T-shirt",
                                              "polyester T-shirt of synthetic textile materials"])
    assert terms.similarity(cotton, "610910") > terms.similarity(cotton, "610990")
    assert terms.similarity(synthetic, "610990") > terms.similarity(synthetic, "610910")
    assert terms.similarity(cotton, "030389") == 0.0
    assert terms.text("610910") == "T-shirts; of cotton, knitted"  # the subheading's own words, not its path


def test_unknown_subheadings_and_no_hs2022_give_nothing():
    terms = SubheadingTerms(_Reference(HS2022))
    [query] = terms.similarities(["cotton T-shirt"])
    assert terms.similarity(query, "999999") == 0.0 and terms.text("999999") is None
    empty = SubheadingTerms(_Reference([]))
    assert empty.similarities(["cotton T-shirt"]) is None and empty.similarity(None, "610910") == 0.0
