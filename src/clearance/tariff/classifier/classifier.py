"""The HTS classifier: retrieval over labelled examples, explained, abstaining when it must.

Scoring (version ``lexical-knn-8``; constants tuned on the two dev sets), declared here in one place:

1. Similarity of the description (plus given attributes) to every example: TF-IDF cosine,
   weighted mix of word 1-2 grams and character 3-5 grams (:mod:`.index`, ``WORD_WEIGHT``).
   A description "X for Y" is also matched by X alone, mixed in at ``GOODS_PHRASE_WEIGHT``: X names the
   goods, Y their use ("carbon brush for angle grinders" is a carbon brush, 8545.20, not a grinder).
   When the examples' sentence embeddings are stored (``data import --embeddings``, :mod:`.dense`),
   scoring ``hybrid-knn-6`` mixes in their cosine at ``DENSE_WEIGHT``; everything below is the same.
2. Subheading score: for each HS6, the best example similarity plus ``SECOND_WEIGHT`` times the
   second best (agreement of independent sources counts), plus ``HEADING_WEIGHT`` times the
   evidence for its heading: the ``HEADING_MATCHES`` best similarities of examples anywhere in the
   heading, each worth ``HEADING_DECAY`` of the one before. GRI 1 decides the heading first; a
   heading many examples point to is likelier than one lucky subheading of another heading.
   Plus ``TERMS_WEIGHT`` times the match with the subheading's own terms (GRI 6, :mod:`.terms`),
   which tells apart the subheadings of one heading.
3. Notes and materials (GRI 1), for the best subheadings:

   * a candidate whose chapter or section note excludes goods the description matches (word
     overlap ``EXCLUSION_OVERLAP``) is multiplied by ``EXCLUSION_PENALTY``;
   * a candidate whose terms name a material the goods are not of ("of precious metal" for a
     zinc-alloy ring, "uppers of leather" for a mesh sneaker), or whose notes keep out a material
     the goods contain, is multiplied by ``MATERIAL_CONFLICTS``; one whose named material the
     goods are of gains ``MATERIAL_AGREES`` (:mod:`.materials`);
   * a candidate in a heading whose notes define a term by an example the description names
     ("necklace": "articles of jewelry", Chapter 71, Note 9) gains ``DEFINED_TERM_BONUS``
     (:mod:`.defined_terms`);
   * a candidate in the heading a garment's name, construction and wearer give (Chapters 61 and
     62: a knit jacket is of 6101 or 6102, babies' garments of 6111 or 6209), or in the provision
     for garments of its other material (3926.20, 4015, 4203), gains ``GARMENT_BONUS``; those
     headings are weighed even when no example pointed there (:mod:`.garments`);
   * a candidate in a heading of basic metal in a named form (flat-rolled products, bars and rods, wire,
     plates, tubes..., Chapter 72, Note 1; Section XV, Note 9) whose forms the description does not
     name (a stainless steel washer), or in a subheading of "sports footwear" (Chapter 64, Subheading
     Note 1) for footwear named as no sport's, is multiplied by ``UNNAMED_GOODS`` (:mod:`.named_goods`);
   * when the description names a machine its goods are used in or are parts of ("used in papermaking
     machines", "gearbox assembly for fertilizer spreaders"), the subheadings that take that machine's
     parts gain ``PARTS_BONUS`` and are weighed even when no example pointed there (Section XVI, Note
     2(b); :mod:`.parts`). The machine's heading is the one its name alone retrieves. The parts of
     vehicles take no goods whose own best match is a machine of 8401-8479, or of Chapter 85 or 90
     (Section XVII, Note 2(e)-(g)).
4. Within a subheading, the 10-digit line: by its own terms when they alone name the goods'
   material, else the line of the best-matching example, else the residual "Other" line; never
   a line set by a value or age the description cannot settle, or naming the other gender
   (GRI 6, :mod:`.lines`). A given ``unit value`` attribute settles the lines set by a value
   (:mod:`.values`); it is not part of the text that is matched.
5. Confidence: the estimated probability that a candidate's subheading (6 digits) is right. A
   softmax at ``TEMPERATURE`` over the ``CALIBRATED_OVER`` best subheading scores and one more
   logit for "none of them", ``UNLISTED_SLOPE`` times the best score plus ``UNLISTED_OFFSET``
   (weak best matches leave much to "none of them"). The three constants were fitted on the two
   dev sets, pooled (per-candidate log loss; docs/benchmarks.md gives the calibration error).
6. Abstention: a description found in the vague-terms list or with fewer than two content
   words, or leading candidates (own subheading score, without the heading term, within
   ``LEADING_RATIO`` of the best of the first three) that turn on an
   attribute the description lacks (:func:`.attributes.deciding_question`), gives a question
   instead of an answer.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from clearance.model.codes import format_hts
from clearance.refdata import ReferenceData
from clearance.refdata.loaders.classification_refs import normalise_vague
from clearance.tariff.classifier import dense
from clearance.tariff.classifier.attributes import STOP, deciding_question, read_attributes, singular, words
from clearance.tariff.classifier.corpus import Example, build_examples
from clearance.tariff.classifier.defined_terms import DefinedTerms, Recognised
from clearance.tariff.classifier.garments import Garment, Garments, garment_table, material_provisions, names
from clearance.tariff.classifier.index import ExampleIndex, build_index, cache_key, cached_index
from clearance.tariff.classifier.lines import choose_line, line_terms
from clearance.tariff.classifier.materials import PARENT, Requirement, Verdict, goods_materials, judge, requirement
from clearance.tariff.classifier.model import Candidate, Classification, NoteApplied, Precedent
from clearance.tariff.classifier.named_goods import NamedGoods, NamedRow, goods_words, named_goods_table
from clearance.tariff.classifier.parts import Machine, goods_phrase, machine_phrase, parts_note, parts_provisions
from clearance.tariff.classifier.terms import SubheadingTerms
from clearance.tariff.classifier.values import VALUE_KEYS, UnitValue, read_unit_value
from clearance.tariff.notes import note_label
from clearance.tariff.schedule import Schedule, find_revision

SCORING = "lexical-knn-8"  # -7 before named goods and parts, -6 before the garment table (2026-11-23)
HYBRID_SCORING = "hybrid-knn-6"  # lexical-knn-8 with the sentence encoder's cosine mixed in
DENSE_WEIGHT = 0.25  # share of the encoder's cosine in the similarity (0.2-0.4 tested on the dev sets)
SECOND_WEIGHT = 0.6
HEADING_WEIGHT = 1.0
HEADING_MATCHES = 5
HEADING_DECAY = 0.8
TERMS_WEIGHT = 0.5  # 0.25-1.0 tested on the dev sets: +1 to +3.5 points top-1 at 6 digits at 0.5
EXCLUSION_OVERLAP = 0.6
EXCLUSION_PENALTY = 0.5
DEFINED_TERM_BONUS = 0.6  # 0-1.0 tested on the dev sets: +2 points top-1 at 6 digits on HSCodeComp at 0.6
GARMENT_BONUS = 0.6  # 0.3-1.0 tested on the dev sets: 0.6-0.8 best on ATLAS, 0.6 on HSCodeComp
MATERIAL_AGREES = 0.1  # 0-0.25 tested on the dev sets
GOODS_PHRASE_WEIGHT = 0.3  # 0.15-0.5 tested on the dev sets: 0.25-0.4 alike, +1 to +5 items top-1 and top-5 @6
PARTS_BONUS = 0.6  # 0.4-0.9 tested on the dev sets: 0.6 best; at 0.9 parts that are goods of their own heading
# (valves, microphones: Section XVI, Note 2(a)) lose to their machine's parts provision
UNNAMED_GOODS = 0.5  # as MATERIAL_CONFLICTS: the notes speak against the heading (0.5 and 0.7 alike on the dev sets)
MATERIAL_CONFLICTS = 0.5  # 0.5-0.85 tested; with the above, +3 points top-1 at 6 digits on each dev set
EXCLUSION_SCOPE = 4  # subheadings tested against exclusion notes: this many times the list length
TEMPERATURE = 0.14  # calibration (see 5. above): fitted with the two constants below (refitted for knn-8)
UNLISTED_SLOPE = 0.8
UNLISTED_OFFSET = 0.3
CALIBRATED_OVER = 5  # the softmax spans this many subheadings whatever the number listed
LEADING_RATIO = 0.8  # candidates scoring at least this share of the best are "leading"
NOTE_TEXT = 240  # characters of a note's text shown with a candidate
POOL = 300  # examples considered per query
CHUNK = 128  # queries scored together
#: How much a match with each source counts (rulings and the schedule speak with authority).
SOURCE_WEIGHT = {"hts": 1.0, "hs2022": 1.0, "uk_search_term": 1.0, "uk_parcel_description": 1.0,
                 "uk_brand": 1.0, "precedent": 1.0}
_NEC_ITEM = re.compile(r"n\.e\.c\. in item no\. (\d{4}\.\d)")


Embeddings = Literal["use", "build", "off"]


class Classifier:
    def __init__(self, reference: ReferenceData, schedule: Schedule, index: ExampleIndex,
                 dense_index: dense.DenseIndex | None = None, folder: Path | None = None) -> None:
        self.reference = reference
        self.schedule = schedule
        self.index = index
        self.dense = dense_index
        self.scoring = HYBRID_SCORING if dense_index else SCORING
        self.terms = SubheadingTerms(reference)
        self.folder = folder  # where its index (and any stored embeddings) are cached
        self._lines = {code: ln for code, ln in schedule.by_code().items() if len(code) == 10}
        self._by_hs6: dict[str, list[str]] = defaultdict(list)
        for code in sorted(self._lines):
            self._by_hs6[code[:6]].append(code)
        self.defined = DefinedTerms(reference.records("hts_notes"), self._lines.values())
        self._vague = {r["text"].casefold().strip() for r in reference.records("uk_vague_terms")}
        self._sections = {r["code"]: r["section"] for r in reference.records("hs2022") if r.get("level") == 2}
        self._hs_paths = {r["code"]: r["path"] for r in reference.records("hs2022") if r.get("level") == 6}
        subheading_terms = {hs6: self._subheading_terms(hs6) for hs6 in self._by_hs6}
        self.garments = Garments(garment_table(), subheading_terms, schedule.revision.effective, material_provisions())
        # The headings' terms from HS 2022, else from the schedule's own heading rows
        headings = {r["code"]: r["path"][-1] for r in reference.records("hs2022") if r.get("level") == 4} or {
            code: line["description"] for code, line in schedule.by_code().items() if len(code) == 4}
        self._parts = parts_provisions(subheading_terms, headings)  # every code a subheading of the revision
        self.named_goods = NamedGoods(named_goods_table(), schedule.revision.effective)
        self._requirements: dict[str, Requirement | None] = {}  # filled as subheadings come up
        self._line_terms: dict[str, Requirement] = {}  # and as their statistical lines do
        self._notes_for: dict[str, list[dict[str, Any]]] = defaultdict(list)  # "chapter:61", "section:XI"
        self._exclusion_words: dict[int, list[tuple[dict[str, Any], set[str]]]] = {}
        for note in reference.records("hts_notes"):
            key = f"section:{note['section']}" if note["scope"] == "section" else f"chapter:{note['chapter']}"
            self._notes_for[key].append(note)
            self._exclusion_words[id(note)] = [(e, set(words(e["text"])) - STOP) for e in note["exclusions"]]

    def classify(self, text: str, attributes: dict[str, str] | None = None, top: int = 5) -> Classification:
        return self.classify_many([text], [attributes or {}], top)[0]

    def classify_many(self, texts: list[str], attributes: list[dict[str, str]] | None = None,
                      top: int = 5) -> list[Classification]:
        given = attributes or [{} for _ in texts]
        queries = [_query(t, a) for t, a in zip(texts, given, strict=True)]
        results: list[Classification] = []
        for start in range(0, len(texts), CHUNK):  # bounds the dense texts x examples matrix
            chunk = queries[start:start + CHUNK]
            similarities = self._similarities(chunk, [goods_phrase(t) for t in texts[start:start + CHUNK]])
            terms = self.terms.similarities(chunk)
            phrases = [machine_phrase(t) for t in texts[start:start + CHUNK]]
            machines = self._machine_rows(phrases)
            results += [self._classify_one(t, a, q, row, terms[n] if terms is not None else None, top,
                                           self._machine(phrases[n], machines.get(n)))
                        for n, (t, a, q, row) in enumerate(zip(texts[start:start + CHUNK], given[start:start + CHUNK],
                                                               chunk, similarities, strict=True))]
        return results

    def _similarities(self, queries: list[str], goods: list[str | None]) -> np.ndarray:
        """Each query's similarity to every example: lexical, with the encoder's cosine mixed in when
        stored. A query whose description says "X for Y" is also matched by X alone (``goods``), in both,
        which counts for ``GOODS_PHRASE_WEIGHT``: X names the goods, Y their use."""
        named = [n for n, phrase in enumerate(goods) if phrase] if GOODS_PHRASE_WEIGHT else []
        phrases = [goods[n] or "" for n in named]
        similarities = self.index.similarities(queries)
        if named:
            similarities[named] = ((1 - GOODS_PHRASE_WEIGHT) * similarities[named]
                                   + GOODS_PHRASE_WEIGHT * self.index.similarities(phrases))
        if self.dense:
            both = self.dense.similarities(queries + phrases)  # one pass of the encoder for both
            encoded = both[:len(queries)]
            if named:
                encoded[named] = (1 - GOODS_PHRASE_WEIGHT) * encoded[named] + GOODS_PHRASE_WEIGHT * both[len(queries):]
            similarities = (1 - DENSE_WEIGHT) * similarities + DENSE_WEIGHT * encoded
        return similarities

    def _machine_rows(self, phrases: list[str | None]) -> dict[int, np.ndarray]:
        """The similarities of the named machines to the examples, by position in the chunk."""
        named = [n for n, phrase in enumerate(phrases) if phrase]
        if not named:
            return {}
        rows = self.index.similarities([phrases[n] or "" for n in named])
        return dict(zip(named, rows, strict=True))

    def _classify_one(self, text: str, given: dict[str, str], query: str, row: np.ndarray,
                      terms_row: np.ndarray | None, top: int, machine: Machine | None = None) -> Classification:
        attributes = read_attributes(text, given)
        by_hs6, heading_evidence = self._matches(row)
        ranked = []
        for hs6, matches in by_hs6.items():
            matches.sort(key=lambda m: -m[0])
            sims = [s for s, _ in matches]
            own = sims[0] + SECOND_WEIGHT * (sims[1] if len(sims) > 1 else 0.0)
            ranked.append((own + HEADING_WEIGHT * heading_evidence[hs6[:4]], own, hs6, matches))
        ranked.sort(key=lambda item: -item[0])
        if machine and ranked and not machine.takes(ranked[0][2]):
            machine = None
        # Exclusion notes can only demote, so only the subheadings that could reach the list are tested.
        wanted = set(words(query)) - STOP
        goods = goods_materials(text, given)
        # Note 9(a) speaks of objects of personal adornment: a wearer, or precious materials, make an
        # ambiguous example ("ring") one of them.
        adornment = attributes.gender is not None or bool(goods.get("main", set()) & {"precious metal", "stones",
                                                                                        "pearls"})
        defined = self.defined.recognise(query, corroborated=adornment)
        named_headings = self._named_headings(defined, goods)
        garment = self.garments.recognise(text, attributes.construction, goods.get("main", frozenset()))
        weighed = named_headings | {code[:4] for code in garment.headings} if garment else named_headings
        belongs = weighed | {f"ch{h[:2]}" for h in weighed} | {
            f"sec{self._sections[h[:2]]}" for h in weighed if h[:2] in self._sections}
        scope = ranked[:EXCLUSION_SCOPE * max(top, CALIBRATED_OVER)]
        # The headings a defined term, garment or machine's parts name are weighed even when no example pointed there
        if weighed or machine:
            seen = {hs6 for _, _, hs6, _ in scope}
            weighed_here = {hs6 for hs6 in self._by_hs6 if hs6[:4] in named_headings or names(garment, hs6)}
            weighed_here |= machine.parts if machine else frozenset()
            scope += [entry for entry in ranked[len(scope):] if entry[2] in weighed_here]
            scope += [(HEADING_WEIGHT * heading_evidence.get(hs6[:4], 0.0), 0.0, hs6, []) for hs6 in self._by_hs6
                      if hs6 in weighed_here and hs6 not in seen and hs6 not in by_hs6]
        scored = []
        said = goods_words(query)
        for score, own, hs6, matches in scope:
            notes = self._exclusions(wanted, hs6, belongs)
            penalty = EXCLUSION_PENALTY if notes else 1.0
            unnamed = self.named_goods.unnamed(hs6, *said)
            if unnamed is not None:
                penalty *= UNNAMED_GOODS
                notes = [*notes, NoteApplied(note=_provision(hs6, unnamed), effect=unnamed.effect, text=_clip(
                    f"the description names none of the goods the provision takes: {unnamed.authority}"))]
            terms = self.terms.similarity(terms_row, hs6)
            material = self._material(goods, hs6)
            if material is not None:
                penalty *= MATERIAL_CONFLICTS if material.conflicts else 1.0
                score += MATERIAL_AGREES if material.agrees else 0.0
            if hs6[:4] in named_headings:
                score += DEFINED_TERM_BONUS
            if names(garment, hs6):
                score += GARMENT_BONUS
            if machine and hs6 in machine.parts:
                score += PARTS_BONUS
            scored.append(((score + TERMS_WEIGHT * terms) * penalty, own * penalty, hs6, matches, notes, terms,
                           material))
        scored.sort(key=lambda item: -item[0])
        value = _unit_value(given)
        described = frozenset(singular(w) for w in wanted)
        candidates = [self._candidate(hs6, score, matches, notes + self._defining(defined, hs6)
                                      + _naming(garment, hs6) + _taking_parts(machine, hs6), attributes, terms,
                                      material, goods, value, described)
                      for score, _, hs6, matches, notes, terms, material in scored[:top]]
        _confidences(candidates, [score for score, *_ in scored[:max(top, CALIBRATED_OVER)]])
        vague = self._is_vague(text)
        question = None
        if vague:
            question = "Too vague to classify: what is the item, what is it made of, and what is it used for?"
        elif candidates:
            # Leading by the subheadings' own matches: the heading term says which heading many examples
            # point to, not whether the description tells two close candidates apart.
            owns = [own for _, own, *_ in scored[:3]]
            leading = [c for c, own in zip(candidates[:3], owns, strict=False) if own >= LEADING_RATIO * max(owns)]
            decided = deciding_question(attributes, [c.code[:2] for c in leading])
            question = decided[1] if decided else None
        return Classification(text=text, attributes=attributes.as_dict(), candidates=candidates,
                              abstained=question is not None, question=question, vague=vague,
                              revision=self.schedule.revision.label, scoring=self.scoring)

    def _matches(self, row: np.ndarray) -> tuple[dict[str, list[tuple[float, Example]]], dict[str, float]]:
        """The best-matching examples by subheading, and the evidence for each heading."""
        pool = np.argpartition(-row, min(POOL, len(row) - 1))[:POOL]
        pool = pool[np.argsort(-row[pool])]
        by_hs6: dict[str, list[tuple[float, Example]]] = defaultdict(list)
        by_heading: dict[str, list[float]] = defaultdict(list)
        for i in pool:  # in falling similarity
            if row[i] <= 0:
                break
            example = self.index.examples[int(i)]
            if example.hs6 in self._by_hs6:  # only subheadings that exist in the revision in force
                similarity = float(row[i]) * SOURCE_WEIGHT[example.source]
                by_hs6[example.hs6].append((similarity, example))
                by_heading[example.hs6[:4]].append(similarity)
        heading_evidence = {heading: sum(s * HEADING_DECAY ** n for n, s in enumerate(sorted(sims, reverse=True)[
            :HEADING_MATCHES])) for heading, sims in by_heading.items()}
        return by_hs6, heading_evidence

    def _machine(self, phrase: str | None, row: np.ndarray | None) -> Machine | None:
        """The heading of the machine the goods are said to be used in or parts of (its examples'
        evidence for the phrase alone), with the subheadings that take its parts; None when the
        description names no machine or the machine's heading has no parts provision."""
        if phrase is None or row is None:
            return None
        _, evidence = self._matches(row)
        if not evidence:
            return None
        heading = max(evidence, key=evidence.__getitem__)
        codes = frozenset(self._parts.get(heading, ()))
        return Machine(phrase, heading, codes) if codes else None

    def _named_headings(self, defined: list[Recognised], goods: dict[str, frozenset[str]]) -> set[str]:
        """The headings the recognised defined terms place the goods in. Chapter 71, Note 1: articles
        partly of stones or pearls belong to that chapter, so its headings naming the goods' stones or
        pearls (7116) are weighed beside those the defined term names."""
        named = {h for d in defined for h in d.headings}
        gems = goods.get("main", frozenset()) & {"stones", "pearls"}
        for chapter in {d.chapter for d in defined} if gems else ():
            for hs6 in self._by_hs6:
                required = self.requirement_of(hs6) if hs6.startswith(chapter) else None
                if required and gems & required.named.get("main", frozenset()):
                    named.add(hs6[:4])
        return named

    def _material(self, goods: dict[str, frozenset[str]], hs6: str) -> Verdict | None:
        required = self.requirement_of(hs6) if goods else None
        return judge(goods, required) if required else None

    def requirement_of(self, hs6: str) -> Requirement | None:
        """What the subheading's terms name (cached: the same subheadings come up query after query).
        A subheading of goods "n.e.c. in item no. 6115.9" keeps out the materials its siblings in that
        item name (GRI 6: "of textile materials n.e.c." takes no synthetic socks, which 6115.96 names)."""
        if hs6 not in self._requirements:
            found = self._own_requirement(hs6)
            item = _NEC_ITEM.search(self._hs_paths.get(hs6, [""])[-1])
            if found and item:
                prefix = item.group(1).replace(".", "")
                named = {m for sibling in self._by_hs6 if sibling.startswith(prefix) and sibling != hs6
                         for m in (self._own_requirement(sibling) or Requirement()).named.get("main", ())}
                # Only a material the subheading does not name itself marks the siblings' goods (7318.15
                # "n.e.c. in item no. 7318.1" is of iron or steel like its siblings); nor does a class
                # ("of textile materials").
                named -= set(PARENT.values()) | found.named.get("main", frozenset())
                if named:
                    found = replace(found, kept_out=found.kept_out | named, note=(
                        f"the subheading takes goods n.e.c. in item {item.group(1)}, and a sibling there "
                        f"names that material (GRI 6)"))
            self._requirements[hs6] = found
        return self._requirements[hs6]

    def _own_requirement(self, hs6: str) -> Requirement | None:
        texts = self._terms_path(hs6)
        return requirement(texts[-2], texts[-1], hs6) if len(texts) >= 2 else None

    def _subheading_terms(self, hs6: str) -> str:
        """The subheading's own terms (the last of :meth:`_terms_path`), "" when unknown."""
        texts = self._terms_path(hs6)
        return texts[-1] if len(texts) >= 2 else ""

    def _terms_path(self, hs6: str) -> list[str]:
        """HS 2022's path to the subheading; with no HS 2022 loaded, the schedule's own heading and
        subheading rows."""
        texts = self._hs_paths.get(hs6)
        if not texts and self._by_hs6.get(hs6):
            texts = self._lines[self._by_hs6[hs6][0]]["path"][:2]
        return texts or []

    def _own_terms(self, code: str) -> Requirement:
        if code not in self._line_terms:
            self._line_terms[code] = line_terms(self._lines[code])
        return self._line_terms[code]

    def _candidate(self, hs6: str, score: float, matches: list[tuple[float, Example]],
                   notes: list[NoteApplied], attributes: Any, terms: float, material: Verdict | None,
                   goods: dict[str, frozenset[str]], value: UnitValue | None,
                   described: frozenset[str]) -> Candidate:
        code, reason = choose_line(self._by_hs6[hs6], self._lines, [e.code for _, e in matches if e.code],
                                   attributes.gender, goods, self._own_terms, value, described,
                                   "set" in attributes.flags)
        gri = ["GRI 1 (terms of the heading and notes)", reason]
        if "set" in attributes.flags:
            gri.append("GRI 3(b) may apply: goods put up in sets take the classification of the "
                       "component giving essential character")
        if "parts" in attributes.flags:
            gri.append("Parts: Additional U.S. Rule of Interpretation 1(c) and the section/chapter notes "
                       "on parts decide")
        line = self._lines[code]
        precedents = [Precedent(id=e.ref, description=e.text[:200], codes=[format_hts(e.code or e.hs6)],
                                similarity=round(s, 3)) for s, e in matches if e.source == "precedent"][:3]
        evidence = [f"{e.source} {e.ref}: {e.text[:120]} ({s:.2f})" for s, e in matches[:3]]
        if terms > 0:
            evidence.append(f"subheading terms (GRI 6): {self.terms.text(hs6)} ({terms:.2f})")
        if material is not None:
            evidence.append(f"material (GRI 1) {'conflicts' if material.conflicts else 'agrees'}: {material.reason}")
        deciding = {k: v for k, v in attributes.as_dict().items() if v}
        return Candidate(code=code, hts=format_hts(code), hs6=hs6, confidence=0.0, score=round(score, 4),
                         path=line["path"], gri=gri, notes=notes + self._citing(code), evidence=evidence,
                         deciding_attributes=deciding, precedents=precedents)

    @staticmethod
    def _defining(defined: list[Recognised], hs6: str) -> list[NoteApplied]:
        return [NoteApplied(note=d.citation, effect="defines",
                            text=f'"{d.word}" is named among the examples of "{d.term}"')
                for d in defined if hs6[:4] in d.headings]

    def _exclusions(self, wanted: set[str], hs6: str, belongs: set[str]) -> list[NoteApplied]:
        """The notes of the candidate's chapter and section that exclude the goods: by the words of
        the exclusion, or by its target when the goods belong there (``belongs``: headings, "chNN"
        and "secX" a defined term places them in)."""
        chapter = hs6[:2]
        applied = []
        notes = self._notes_for[f"chapter:{chapter}"] + self._notes_for[f"section:{self._sections.get(chapter)}"]
        for note in notes:
            for exclusion, item_words in self._exclusion_words[id(note)]:
                shared = wanted & item_words
                if (len(shared) >= 2 and len(shared) / max(1, min(len(wanted), 6)) >= EXCLUSION_OVERLAP
                        or belongs.intersection(exclusion.get("targets") or ())):
                    label = f"({exclusion['item']})" if exclusion["item"] else ""
                    applied.append(NoteApplied(note=f"{note_label(note)}{label}", effect="excludes",
                                               text=_clip(exclusion["text"])))
        return applied

    def _citing(self, code: str) -> list[NoteApplied]:
        heading = code[:4]
        return [NoteApplied(note=note_label(n), effect="cites heading", text=_clip(n["text"]))
                for n in self._notes_for[f"chapter:{code[:2]}"] if heading in n["references"]][:3]

    def _is_vague(self, text: str) -> bool:
        content = [w for w in words(text) if w not in STOP and not w.isdigit() and len(w) > 2]
        return normalise_vague(text) in self._vague or len(content) < 2


def _query(text: str, attributes: dict[str, str]) -> str:
    return " ".join([text, *(f"{k} {v}" for k, v in attributes.items() if v and k.strip().lower() not in VALUE_KEYS)])


def _naming(garment: Garment | None, hs6: str) -> list[NoteApplied]:
    code = names(garment, hs6)
    if garment is None or code is None:
        return []
    return [NoteApplied(note=f"heading {code}" if len(code) == 4 else f"subheading {code[:4]}.{code[4:]}",
                        effect="names the garment", text=_clip(f'"{garment.phrase}": {garment.reason}'))]


def _clip(text: str, limit: int = NOTE_TEXT) -> str:
    """A note's text cut to ``limit`` characters at a word, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _provision(hs6: str, row: NamedRow) -> str:
    """The subheading or heading a named-goods row is about, as cited."""
    return f"subheading {hs6[:4]}.{hs6[4:]}" if hs6 in row.codes else f"heading {hs6[:4]}"


def _taking_parts(machine: Machine | None, hs6: str) -> list[NoteApplied]:
    if machine is None or hs6 not in machine.parts:
        return []
    return [NoteApplied(note=parts_note(hs6), effect="takes the parts",
                        text=_clip(f'the goods are named as used in or parts of "{machine.phrase}" (heading '
                                   f'{machine.heading}); parts suited solely or principally to one kind of machine '
                                   f'go with it'))]


def _unit_value(given: dict[str, str]) -> UnitValue | None:
    """The given unit value; one that does not read is left out (the CLI rejects it first)."""
    try:
        return read_unit_value(given)
    except ValueError:
        return None


def _confidences(candidates: list[Candidate], scores: list[float]) -> None:
    """Each candidate's probability of being the right subheading (``scores``: best first, at least
    as many as the candidates); what the listed ones leave is the chance that none of them is."""
    if not scores:
        return
    logits = [score / TEMPERATURE for score in scores]
    logits.append((UNLISTED_SLOPE * scores[0] + UNLISTED_OFFSET) / TEMPERATURE)
    peak = max(logits)
    weights = [math.exp(logit - peak) for logit in logits]
    total = sum(weights)
    for candidate, weight in zip(candidates, weights, strict=False):
        candidate.confidence = round(weight / total, 4)


def build_classifier(reference: ReferenceData, cache_dir: Path | None = None,
                     exclude_precedents: set[str] | None = None, revision: str = "active",
                     cached_only: bool = False, embeddings: Embeddings = "use",
                     progress: Callable[[int, int], None] | None = None) -> Classifier | None:
    """A classifier over the given HTS revision and the loaded example sources.

    ``cached_only`` returns None instead of building a missing index (checks never pay for it).
    ``embeddings``: "use" the examples' stored sentence embeddings when there are some and the
    encoder is installed (scoring ``hybrid-knn-6``), "build" them when missing (minutes; raises
    :class:`.dense.DenseUnavailable` without the encoder; ``progress(done, total)``), or "off".
    """
    found = find_revision(reference, revision)
    if found is None:
        from clearance.errors import DatasetNotLoaded

        raise DatasetNotLoaded("hts_us")
    schedule = Schedule(reference, found)
    excluded = sorted(exclude_precedents or set())
    sources = [found.snapshot_id] + [(reference.snapshot(n).id if reference.has(n) else f"{n}:none")
                                      for n in ("hs2022", "uk_references", "precedents")]
    key = cache_key([*sources, *excluded])
    index = cached_index(cache_dir, key)
    if index is None and cached_only:
        return None
    if index is None:
        examples = build_examples(reference, schedule, set(excluded))
        index = build_index(examples, cache_dir, key)
    folder = cache_dir / key if cache_dir else None
    dense_index = None
    if embeddings == "build" or (embeddings == "use" and folder and dense.available()):
        dense_index = _dense_index(index, folder, embeddings == "build", progress)
    return Classifier(reference, schedule, index, dense_index, folder)


def _dense_index(index: ExampleIndex, folder: Path | None, build: bool,
                 progress: Callable[[int, int], None] | None) -> dense.DenseIndex | None:
    """The examples' embeddings from ``folder``, computed and stored there first when ``build``."""
    stored_at = dense.embeddings_file(folder, dense.encoder_id()) if folder else None
    matrix = dense.read_embeddings(stored_at, len(index.examples)) if stored_at else None
    if matrix is None and not build:
        return None  # the encoder is never loaded for nothing
    encoder = dense.Encoder()
    if matrix is None:
        matrix = encoder.encode([e.encoder_text() for e in index.examples], progress)
        if stored_at:
            dense.write_embeddings(stored_at, matrix)
    return dense.DenseIndex(encoder, matrix)
