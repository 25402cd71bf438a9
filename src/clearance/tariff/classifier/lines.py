"""The 10-digit line within a chosen subheading (GRI 6, applied to the statistical lines).

In order:

1. a line whose own terms name a material of the goods ("Of man-made fibers (670)" for a nylon
   bag), when no other line of the subheading does;
2. the line of the example that matched the description best; when that is a residual "Other"
   whose sibling the given unit value settles ("Valued not over $40 per piece"), the sibling;
3. a line the given unit value settles (:mod:`.values`), when every other row of its own below the
   subheading ("Articles of jewelry:" above "Valued not over $40 per piece") names something the
   description does, or is a residual "Other";
4. the residual line ("Other").

A line is never chosen when its terms, or those of the rows above it within the subheading, set a
condition the description cannot settle (a unit value "valued over 33 cents per meter" when no
value is given or it is per another unit, an age "under 3 years of age") or one the given value
fails, name the other gender, or name a material the goods are not of: the description does not
support it, so the residual line, or a line that fits, takes the goods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from os.path import commonprefix
from typing import Any

from clearance.tariff.classifier.attributes import APPAREL_CHAPTERS, STOP, singular, words
from clearance.tariff.classifier.materials import Requirement, judge, requirement
from clearance.tariff.classifier.values import UnitValue, conditions

#: Statistical lines set by an age, or by a value in words the value reader does not take: a
#: description rarely settles them.
_CONDITION = re.compile(r"\bper (?:dozen|piece|pair|kg|meter|unit)\b|years of age|\$\d")
#: Statistical lines for goods put up as sets ("Sets", "Imported as parts of sets", 6111.20.60): only
#: goods described as a set are reported there.
_SETS = re.compile(r"(?:sets|imported as parts of sets)\b")
_GENDER_WORDS = (
    (re.compile(r"(?<![a-z])(?:men's|boys'|for men|men or boys)"), "men's or boys'"),
    (re.compile(r"(?<![a-z])(?:women's|girls'|for women|women or girls)"), "women's or girls'"),
)
#: Words of a row that name nothing in particular: those left out of the description's words (``STOP``),
#: and a row's own generic words.
_GENERIC = STOP | {"articles", "article", "thereof", "parts", "foregoing", "whether", "than"}
RESIDUAL = "GRI 6: no statistical line names the goods; the residual line applies"
BY_EXAMPLE = "GRI 6 (subheading by its own terms)"
BY_MATERIAL = "GRI 6: the statistical line names the goods' material"
FOR_SETS = "GRI 6: the statistical line for sets, the goods being described as a set"


def by_value(value: UnitValue) -> str:
    return f"GRI 6: the statistical line's value condition holds for the given unit value ({value.describe()})"


def choose_line(codes: Sequence[str], lines: dict[str, dict[str, Any]], matched: Sequence[str],
                gender: str | None, goods: dict[str, frozenset[str]],
                own_terms: Callable[[str], Requirement] | None = None,
                value: UnitValue | None = None, described: frozenset[str] = frozenset(),
                is_set: bool = False) -> tuple[str, str]:
    """(10-digit code, reason) among ``codes`` (one subheading's lines, in schedule order);
    ``matched``: the lines of the examples that matched, best first. ``own_terms(code)``: what a
    line's own terms name (:func:`line_terms`), from a caller's cache when it classifies often.
    ``value``: the goods' unit value, when given; ``described``: the words of the description and
    attributes (singular); ``is_set``: the goods are described as a set (a line for sets is only
    taken then, and is taken then)."""
    read = own_terms or (lambda code: line_terms(lines[code]))
    if gender == "unisex" and codes and codes[0][:2] in APPAREL_CHAPTERS:
        gender = "women's or girls'"  # Chapter 61, Note 9; Chapter 62, Note 9
    verdicts = {code: _material(read(code), goods) for code in codes}
    settled = {code: _value_settles(lines[code], value) for code in codes}
    fitting = [c for c in codes if _fits(lines[c]["description"], gender) and verdicts[c] != "conflicts"
               and settled[c] is not False and (is_set or not _for_sets(lines[c]))]
    sets = [c for c in fitting if lines[c]["description"].lower().startswith("sets")]
    if is_set and len(sets) == 1:
        return sets[0], FOR_SETS
    by_material = [c for c in fitting if verdicts[c] == "agrees"]
    if len(by_material) == 1:
        return by_material[0], BY_MATERIAL
    valued = [c for c in fitting if settled[c]]
    best = next((c for c in matched if c in fitting), None)
    if best:
        parent = _path(lines[best])[:-1]
        sibling = next((c for c in valued if _path(lines[c])[:-1] == parent), None)
        if sibling and settled[best] is None and _residual(lines[best]) and value:
            return sibling, by_value(value)
        return best, BY_EXAMPLE
    below = len(commonprefix([_path(lines[c]) for c in codes]))  # rows shared by all: the subheading's
    supported = [c for c in valued if all(_supported(row, described) for row in _path(lines[c])[below:])]
    if supported and value:
        return supported[0], by_value(value)
    others = [c for c in fitting if _residual(lines[c])]
    return (others or fitting or list(codes))[-1], RESIDUAL


def _supported(row: str, described: frozenset[str]) -> bool:
    """A row of a line's path is supported by a description when it is a residual "Other", or when
    the description names its words, leaving out any value condition: all of them ("Toy jewelry"),
    or one of a list ("Crystalline or non-lead crystal", "Rope, curb, cable, chain")."""
    lowered = row.lower()
    if lowered.startswith("other"):
        return True
    for condition in conditions(lowered):
        lowered = lowered.replace(condition.text, " ")
    named = {singular(w) for w in words(lowered)} - _GENERIC
    if not named:
        return True
    listed = " or " in lowered or "," in lowered
    return bool(named & described) if listed else named <= described


def _path(line: dict[str, Any]) -> list[str]:
    """The line's description path (its own words last); a bare line is its own path."""
    return line.get("path") or [line["description"]]


def _residual(line: dict[str, Any]) -> bool:
    return line["description"].lower().startswith("other")


def _value_settles(line: dict[str, Any], value: UnitValue | None) -> bool | None:
    """True when the line (or a row above it) is set by a unit value the given value meets, False
    when it is set by one the given value fails or cannot settle, None when no value sets it."""
    found = [condition for text in _path(line) for condition in conditions(text)]
    if not found:
        return None
    return all(condition.settle(value) for condition in found)


def _for_sets(line: dict[str, Any]) -> bool:
    return bool(_SETS.match(line["description"].lower()))


def _fits(own: str, gender: str | None) -> bool:
    own = own.lower()
    if _CONDITION.search(own) and not conditions(own):
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
