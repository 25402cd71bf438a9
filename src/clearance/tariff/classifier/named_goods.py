"""Provisions that take goods only under names the law gives (GRI 1 and 6: the notes' definitions).

Some headings and subheadings take goods of one kind only, and the notes define that kind by what
the goods are, not by the words the schedule's lines repeat:

* the headings for iron and steel (7206-7229) and for the base metals of Chapters 74 to 80 take the
  metal in a named form only: ingots and semi-finished products, flat-rolled products, bars and
  rods, angles and shapes, wire, plates and foil, tubes and pipes, powders, waste and scrap
  (Chapter 72, Note 1; Section XV, Notes 8 and 9). Flat-rolled products or plates that "assume the
  character of articles or products of other headings" are not there. A stainless steel crowbar or
  washer matches the wording of the stainless steel headings closely (their lines repeat "stainless
  steel"), but it is an article (Chapter 73 or 82), not a form of the metal;
* "sports footwear" (6402.12, 6402.19, 6403.12, 6403.19, 6404.11) is footwear designed for a sporting
  activity, with spikes or cleats, or skating, ski, snowboard, wrestling, boxing or cycling boots
  (Chapter 64, Subheading Note 1); 6404.11 also names tennis, basketball, gym and training shoes.
  Knee-high fashion boots are not, however many lines of 6404.11 they resemble.

The provisions are data, ``data/named_goods.csv``: the headings or subheadings, the words that name
the goods they take, the effect to report, and the heading texts and notes each row rests on. A
description that names none of a candidate provision's goods speaks against it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from clearance.tariff.classifier.attributes import singular, words


@dataclass(frozen=True)
class NamedRow:
    codes: frozenset[str]  # headings (4 digits) or subheadings (6 digits)
    names: tuple[tuple[str, ...], ...]  # each a sequence of words, in the singular
    effect: str  # what a candidate's note says when the description names none ("names no form")
    effective_from: date
    authority: str


@cache
def named_goods_table() -> tuple[NamedRow, ...]:
    text = resources.files("clearance.tariff").joinpath("data/named_goods.csv").read_text("utf-8")
    return tuple(NamedRow(frozenset(row["codes"].split()), tuple(tuple(n.split()) for n in row["names"].split("|")),
                          row["effect"], date.fromisoformat(row["effective_from"]), row["authority"])
                 for row in csv.DictReader(text.splitlines()))


class NamedGoods:
    """The rows in force for one schedule revision, by heading or subheading."""

    def __init__(self, rows: tuple[NamedRow, ...], effective: date | None) -> None:
        self._by_code = {code: row for row in rows if effective is None or row.effective_from <= effective
                         for code in row.codes}

    def unnamed(self, hs6: str, tokens: frozenset[str], text: str) -> NamedRow | None:
        """The row of the subheading, or else of its heading, when the description names none of its
        goods (``tokens``: the description's words in the singular; ``text``: those words joined, for
        phrases); else None."""
        row = self._by_code.get(hs6) or self._by_code.get(hs6[:4])
        if row is None:
            return None
        named = any(name[0] in tokens if len(name) == 1 else f" {' '.join(name)} " in text for name in row.names)
        return None if named else row


def goods_words(text: str) -> tuple[frozenset[str], str]:
    """The description's words in the singular, as a set and joined with spaces around (:func:`.words`
    parts them at hyphens and slashes: "flat-rolled" is "flat rolled")."""
    tokens = [singular(w) for w in words(text)]
    return frozenset(tokens), f" {' '.join(tokens)} "
