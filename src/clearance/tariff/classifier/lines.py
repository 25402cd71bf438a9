"""The 10-digit line within a chosen subheading (GRI 6, applied to the statistical lines).

In order:

1. a line whose own terms name a material of the goods ("Of man-made fibers (670)" for a nylon
   bag), when no other line of the subheading does;
2. the line of the example that matched the description best;
3. the residual line ("Other").

A line is never chosen when its own terms set a condition the description cannot settle (a unit
value "valued over 33 cents per meter", an age "under 3 years of age"), name the other gender,
or name a material the goods are not of: the description does not support it, so the residual
line, or a line that fits, takes the goods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from clearance.tariff.classifier.materials import Requirement, judge, requirement

#: Statistical lines set by a unit value or an age: a description rarely settles them.
_CONDITION = re.compile(r"\bvalued\b|\bper (?:dozen|piece|pair|kg|meter|unit)\b|years of age|\$\d")
_GENDER_WORDS = (
    (re.compile(r"(?<![a-z])(?:men's|boys'|for men|men or boys)"), "men's or boys'"),
    (re.compile(r"(?<![a-z])(?:women's|girls'|for women|women or girls)"), "women's or girls'"),
)
RESIDUAL = "GRI 6: no statistical line names the goods; the residual line applies"
BY_EXAMPLE = "GRI 6 (subheading by its own terms)"
BY_MATERIAL = "GRI 6: the statistical line names the goods' material"


def choose_line(codes: Sequence[str], lines: dict[str, dict[str, Any]], matched: Sequence[str],
                gender: str | None, goods: dict[str, frozenset[str]],
                own_terms: Callable[[str], Requirement] | None = None) -> tuple[str, str]:
    """(10-digit code, reason) among ``codes`` (one subheading's lines, in schedule order);
    ``matched``: the lines of the examples that matched, best first. ``own_terms(code)``: what a
    line's own terms name (:func:`line_terms`), from a caller's cache when it classifies often."""
    read = own_terms or (lambda code: line_terms(lines[code]))
    verdicts = {code: _material(read(code), goods) for code in codes}
    fitting = [c for c in codes if _fits(lines[c]["description"], gender) and verdicts[c] != "conflicts"]
    by_material = [c for c in fitting if verdicts[c] == "agrees"]
    if len(by_material) == 1:
        return by_material[0], BY_MATERIAL
    best = next((c for c in matched if c in fitting), None)
    if best:
        return best, BY_EXAMPLE
    others = [c for c in fitting if lines[c]["description"].lower().startswith("other")]
    return (others or fitting or list(codes))[-1], RESIDUAL


def _fits(own: str, gender: str | None) -> bool:
    own = own.lower()
    if _CONDITION.search(own):
        return False
    named = {label for pattern, label in _GENDER_WORDS if pattern.search(own)}
    return not (gender in {"men's or boys'", "women's or girls'"} and named and gender not in named)


def line_terms(line: dict[str, Any]) -> Requirement:
    """What a statistical line's own description names (the heading's notes were weighed for the
    subheading already)."""
    return requirement("", line["description"], "")


def _material(own: Requirement, goods: dict[str, frozenset[str]]) -> str | None:
    verdict = judge(goods, own) if goods else None
    return None if verdict is None else ("conflicts" if verdict.conflicts else "agrees")
