"""The form a heading of basic metal takes (GRI 1: Chapter 72, Note 1; Section XV, Notes 8 and 9).

The headings for iron and steel (7206-7229) and for the base metals of Chapters 74 to 80 take the
metal in a named form only: ingots and semi-finished products, flat-rolled products, bars and rods,
angles and shapes, wire, plates and foil, tubes and pipes, powders, waste and scrap. The notes
define each form, and flat-rolled products or plates that "assume the character of articles or
products of other headings" are not there. A stainless steel crowbar or washer matches the
wording of the stainless steel headings closely (their examples repeat "stainless steel"), but it
is an article (Chapter 73 or 82), not a form of the metal. The forms are data,
``data/metal_forms.csv``: the headings, the words that name their forms, and the heading texts and
notes they rest on. A description that names no form of a candidate's heading speaks against it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from clearance.tariff.classifier.attributes import singular, words


@dataclass(frozen=True)
class FormRow:
    headings: frozenset[str]
    forms: tuple[tuple[str, ...], ...]  # each a sequence of words, in the singular
    effective_from: date
    authority: str


@cache
def metal_forms() -> tuple[FormRow, ...]:
    text = resources.files("clearance.tariff").joinpath("data/metal_forms.csv").read_text("utf-8")
    return tuple(FormRow(frozenset(row["headings"].split()), tuple(tuple(f.split()) for f in row["forms"].split("|")),
                         date.fromisoformat(row["effective_from"]), row["authority"])
                 for row in csv.DictReader(text.splitlines()))


class Forms:
    """The form rows in force for one schedule revision, by heading."""

    def __init__(self, rows: tuple[FormRow, ...], effective: date | None) -> None:
        self._by_heading = {heading: row for row in rows if effective is None or row.effective_from <= effective
                            for heading in row.headings}

    def unnamed(self, heading: str, tokens: frozenset[str], text: str) -> FormRow | None:
        """The heading's form row when the description names none of its forms (``tokens``: the
        description's words in the singular; ``text``: its words joined, for phrases); else None."""
        row = self._by_heading.get(heading)
        if row is None:
            return None
        named = any(form[0] in tokens if len(form) == 1 else f" {' '.join(form)} " in text for form in row.forms)
        return None if named else row


def form_words(text: str) -> tuple[frozenset[str], str]:
    """The description's words in the singular, as a set and joined with spaces around (hyphens and
    slashes split words: "flat-rolled" is "flat rolled")."""
    tokens = [singular(w) for w in words(text.replace("-", " ").replace("/", " "))]
    return frozenset(tokens), f" {' '.join(tokens)} "
