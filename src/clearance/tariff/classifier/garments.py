"""The heading a garment's name puts it in (GRI 1: Chapters 61 and 62, by garment, construction, wearer).

The headings of Chapters 61 and 62 are a table: what the garment is (a coat, trousers, a shirt...),
whether it is knitted or crocheted (61) or not (62), and for whom (men's or boys', women's or
girls'). Retrieval by wording often misses it: heading 6103 says "jackets" in the HS text although
only suit-type jackets are there, and nothing in 6102 says "jacket" or "poncho". The table is data,
``data/garment_headings.csv``: the words that name each garment and the heading for each
construction and wearer, with the headings' texts and notes it rests on. Rows with no heading name
goods that are not garments of these chapters (footwear, dolls): a description naming them first
("boot slipper socks") is about them.

The wearer is read as the notes require:

* babies' garments (infants, newborns) go to 6111 or 6209 whatever the garment: articles prima facie
  classifiable both there and in another heading of the chapter are classified there (Chapter 61,
  Note 6(b); Chapter 62, Note 5(b));
* a garment that cannot be identified as men's or boys' or as women's or girls' ("unisex") is
  classified in the headings for women's or girls' garments (Chapter 61, Note 9; Chapter 62, Note 9);
* when the description names no wearer, both headings are named, and retrieval (or the deciding
  question) settles it.

Unknown construction names the headings of both chapters. Garments of plastics, rubber or leather
have their own provisions, ``data/garment_materials.csv`` (3926.20, 4015, 4203): they are named
alone when the goods' known materials include no textile (a PVC raincoat, a leather jacket), and
beside the textile headings when the goods are partly of that material and the description names it
first ("a bib of PVC with textile trim"); which gives the essential character (GRI 3(b)) is weighed
by the rest of the scoring.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from clearance.tariff.classifier.attributes import APPAREL_CHAPTERS, GENDER, singular, words
from clearance.tariff.classifier.materials import first_material

TEXTILE = "textile"
BABY_WORDS = frozenset(w for w, wearer in GENDER.items() if wearer == "babies'")
MEN_WORDS = frozenset(w for w, wearer in GENDER.items() if wearer == "men's or boys'") | {"gentlemen", "gents"}
WOMEN_WORDS = frozenset(w for w, wearer in GENDER.items() if wearer == "women's or girls'") | {"lady"}
UNISEX_WORDS = frozenset(w for w, wearer in GENDER.items() if wearer == "unisex")
BABIES_HEADINGS = {"knitted": "6111", "woven": "6209"}
BABIES_AUTHORITY = ("Chapter 61, Note 6(b); Chapter 62, Note 5(b): babies' garments prima facie classifiable in "
                    "another heading of the chapter are classified in heading 6111 (knitted) or 6209")
UNISEX_AUTHORITY = ("Chapter 61, Note 9; Chapter 62, Note 9: garments not identifiable as men's or boys' are "
                    "classified in the headings for women's or girls' garments")


@dataclass(frozen=True)
class GarmentRow:
    phrases: tuple[tuple[str, ...], ...]  # each a sequence of words, as the description must say them
    headings: dict[tuple[str, str], str]  # (construction, wearer) -> heading; "" when there is none
    term: str  # the word of the heading's subheadings that name this garment ("trousers"); "" for any
    effective_from: date
    authority: str

    @property
    def apparel(self) -> bool:
        """Whether the row's headings are all of Chapters 61 and 62 (a life jacket's are not)."""
        return all(h[:2] in APPAREL_CHAPTERS for h in self.headings.values() if h)


@dataclass(frozen=True)
class Garment:
    """The garment a description names, the headings (or subheadings) that take it, and the
    subheadings of those that name it."""
    phrase: str
    headings: frozenset[str]
    subheadings: frozenset[str]
    reason: str


@dataclass(frozen=True)
class MaterialProvision:
    material: str  # a material class of :mod:`.materials`
    code: str  # heading or subheading
    effective_from: date
    authority: str


@cache
def material_provisions() -> tuple[MaterialProvision, ...]:
    text = resources.files("clearance.tariff").joinpath("data/garment_materials.csv").read_text("utf-8")
    return tuple(MaterialProvision(row["material"], row["code"], date.fromisoformat(row["effective_from"]),
                                   row["authority"]) for row in csv.DictReader(text.splitlines()))


@cache
def garment_table() -> tuple[GarmentRow, ...]:
    text = resources.files("clearance.tariff").joinpath("data/garment_headings.csv").read_text("utf-8")
    rows = []
    for row in csv.DictReader(text.splitlines()):
        headings = {(construction, wearer): row[f"{construction}_{wearer}"].strip()
                    for construction in ("knitted", "woven") for wearer in ("men", "women")}
        rows.append(GarmentRow(tuple(tuple(p.split()) for p in row["words"].split("|")), headings,
                               row["subheading_term"].strip().lower(), date.fromisoformat(row["effective_from"]),
                               row["authority"]))
    return tuple(rows)


class Garments:
    """Recognises garments in descriptions, for the headings of one schedule revision."""

    def __init__(self, rows: tuple[GarmentRow, ...], subheadings: dict[str, str], effective: date | None,
                 provisions: tuple[MaterialProvision, ...] = ()) -> None:
        """``subheadings``: the revision's subheadings (HS6) and their terms; ``effective``: its date,
        when known (rows in force later are left out); ``provisions``: for garments of other materials."""
        self._subheadings: dict[str, list[tuple[str, str]]] = {}  # heading -> [(hs6, terms in lower case)]
        for hs6, terms in sorted(subheadings.items()):
            self._subheadings.setdefault(hs6[:4], []).append((hs6, terms.lower()))
        self._headings = set(self._subheadings) | set(subheadings)
        self._provisions = [p for p in provisions if p.code in self._headings
                            and (effective is None or p.effective_from <= effective)]
        self._by_first: dict[str, list[tuple[tuple[str, ...], GarmentRow]]] = {}
        for row in rows:
            if effective is None or row.effective_from <= effective:
                for phrase in row.phrases:
                    self._by_first.setdefault(phrase[0], []).append((phrase, row))

    def recognise(self, text: str, construction: str | None, materials: frozenset[str]) -> Garment | None:
        """The first garment the description names (the goods it is about), with its headings.
        ``construction``: "knitted", "woven" or None; ``materials``: the goods' main material classes.
        A garment partly of textile has the provision for its other material named only when the
        description names that material first (:func:`.materials.first_material`)."""
        tokens = words(text)  # hyphens and slashes part words ("t-shirt", "men/women")
        found = _first_phrase(tokens, self._by_first)
        if found is None:
            return None
        phrase, row = found
        if not any(row.headings.values()):
            return None  # the goods named first are footwear or a doll, not a garment
        textile = TEXTILE in materials
        others = [p for p in self._provisions if p.material in materials]
        if textile and others:
            first = first_material(text)
            others = [p for p in others if p.material in first]
        if materials and not textile:
            return self._garment(phrase, {p.code for p in others}, "", [p.authority for p in others])
        present = set(tokens)
        constructions = [construction] if construction in ("knitted", "woven") else ["knitted", "woven"]
        reasons = [row.authority]
        if present & BABY_WORDS and row.apparel:
            headings = {BABIES_HEADINGS[c] for c in constructions}
            reasons = [BABIES_AUTHORITY]
        else:
            men, women = bool(present & MEN_WORDS), bool(present & WOMEN_WORDS)
            if present & UNISEX_WORDS or (men and women):
                wearers = ["women"]
                reasons.append(UNISEX_AUTHORITY)
            else:
                wearers = ["men"] * men + ["women"] * women or ["men", "women"]
            headings = {row.headings[(c, w)] for c in constructions for w in wearers}
        headings = {h for h in headings if h and h in self._headings} | {p.code for p in others}
        return self._garment(phrase, headings, row.term, reasons + [p.authority for p in others])

    def _garment(self, phrase: str, headings: set[str], term: str, reasons: list[str]) -> Garment | None:
        """The garment with the subheadings that take it: a named subheading; of a named heading, those
        whose terms name the garment ("Trousers, bib and brace overalls..." for pants), or all of them
        when none does (6110 is split by fibre only)."""
        if not headings:
            return None
        taking: set[str] = set()
        for code in headings:
            if len(code) == 6:
                taking.add(code)
                continue
            subheadings = self._subheadings.get(code, [])
            naming = [hs6 for hs6, terms in subheadings if term and re.search(rf"\b{re.escape(term)}\b", terms)]
            taking.update(naming or [hs6 for hs6, _ in subheadings])
        return Garment(phrase, frozenset(headings), frozenset(taking), "; ".join(reasons))


def names(garment: Garment | None, hs6: str) -> str | None:
    """The heading or subheading of the garment's that takes the subheading ``hs6``, if any."""
    if garment is None or hs6 not in garment.subheadings:
        return None
    return next((code for code in (hs6, hs6[:4]) if code in garment.headings), None)


def _first_phrase(tokens: list[str], by_first: dict[str, list[tuple[tuple[str, ...], GarmentRow]]]
                  ) -> tuple[str, GarmentRow] | None:
    """The earliest garment phrase in the tokens (the longest where two start at the same word). A
    word of a phrase matches the token as said or the token's singular ("jackets" names "jacket",
    but "short sleeve" does not name "shorts")."""
    forms = [(t, singular(t)) for t in tokens]
    for start, said in enumerate(forms):
        matching = [(phrase, row) for form in dict.fromkeys(said) for phrase, row in by_first.get(form, ())
                    if len(phrase) <= len(tokens) - start
                    and all(w in forms[start + n] for n, w in enumerate(phrase))]
        if matching:
            phrase, row = max(matching, key=lambda m: len(m[0]))
            return " ".join(phrase), row
    return None
