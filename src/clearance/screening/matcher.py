"""The screening matcher: a party in, the list entries it may be, each with its explanation.

``Screener.from_entities`` builds the index once; ``screen`` prepares the party's name, takes
candidates from the index, scores each candidate's names (``compare.compare_names``), applies
the qualifiers (date of birth, country, gender, entity type, identifiers) and assigns a band
per entity type: ``clear``, ``review`` or ``block``. A match found only through a weak alias
never reaches ``block``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from clearance.screening.compare import (
    NameComparison,
    Similarity,
    compare_names,
    token_match,
    token_similarity,
)
from clearance.screening.entity import EntityType, ListEntity, NameRole
from clearance.screening.features import MatcherConfig
from clearance.screening.index import NameIndex, anchor_positions, read_name
from clearance.screening.prepare import Token, has_foreign_letters, name_tokens
from clearance.screening.symbols import tag_name

BANDS = ("clear", "review", "block")
_TAGGED_KINDS = (None, EntityType.PERSON, EntityType.UNKNOWN)  # person-name symbols are for persons
_ALNUM = re.compile(r"[^0-9A-Za-z]")


class PartyQuery(BaseModel):
    """A party to screen: a name, and what else is known about it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    type: EntityType | None = None
    country: str | None = None  # ISO alpha-2: nationality, or country of address/registration
    dob: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    gender: str | None = None  # male / female
    identifiers: list[str] = Field(default_factory=list)  # passport, tax, registration, IMO numbers
    ref: str | None = None  # the caller's own id for the party, echoed back


@dataclass
class Qualifier:
    name: str
    delta: float
    detail: str


@dataclass
class Match:
    entity_id: str
    list: str
    score: float
    band: str
    name: str  # the list name that matched best
    name_role: NameRole
    comparison: NameComparison
    qualifiers: list[Qualifier] = field(default_factory=list)
    entity: ListEntity | None = None

    def explain(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id, "list": self.list, "score": round(self.score, 4), "band": self.band,
            "matched_name": self.name, "name_role": str(self.name_role),
            "name": self.comparison.explain(),
            "qualifiers": [{"name": q.name, "delta": q.delta, "detail": q.detail} for q in self.qualifiers],
        }


@dataclass
class ScreenResult:
    query: PartyQuery
    band: str
    matches: list[Match]
    matcher_version: str
    # Matches the accept list suppressed, each with the disposition that did it.
    suppressed: list[tuple[Match, Any]] = field(default_factory=list)

    def suppress(self, kept: list[Match], suppressed: list[tuple[Match, Any]]) -> None:
        """Keep only ``kept`` as alerts (the accept list took the rest) and recompute the band."""
        self.matches = kept
        self.suppressed = suppressed
        self.band = max((m.band for m in kept), key=BANDS.index, default="clear")

    def to_dict(self) -> dict[str, Any]:
        return {"ref": self.query.ref, "name": self.query.name, "band": self.band,
                "matcher_version": self.matcher_version, "matches": [m.explain() for m in self.matches]}


class Screener:
    """Screens parties against an index of list entities."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self.config = index.config
        self._similarities: dict[tuple[str, str], Similarity] = {}
        self._identifiers: dict[str, list[int]] = {}
        for position, value in index.raw_identifiers():
            key = _ALNUM.sub("", value).upper()
            if len(key) >= 5:
                self._identifiers.setdefault(key, []).append(position)

    @classmethod
    def from_entities(cls, entities: Iterable[ListEntity | dict[str, Any]],
                      config: MatcherConfig | None = None) -> Screener:
        """A screener over ``entities`` (ListEntity objects or their stored dumps)."""
        return cls(NameIndex(entities, config or MatcherConfig()))

    def review_threshold(self, entity_type: EntityType | None = None) -> float:
        return self.config.bands[entity_type or EntityType.UNKNOWN].review

    def _text_similarity(self, a: Token, b: Token) -> Similarity:
        key = (a.text, b.text)
        found = self._similarities.get(key)
        if found is None:
            if len(self._similarities) > 2_000_000:
                self._similarities.clear()
            found = self._similarities[key] = token_similarity(a, b, self.config.tokens)
        return found

    def _similarity(self, a: Token, b: Token) -> Similarity:
        if a.han and b.han:  # both read from Chinese characters: the characters decide (han.py)
            return (self.config.tokens.exact, "exact") if a.han == b.han else (0.0, "")
        found = self._similarities.get((a.text, b.text)) or self._text_similarity(a, b)
        # Readings, or symbols across scripts: beyond the text. Most Latin list tokens carry
        # symbols, so the common Latin-Latin pair stops at the cached text similarity.
        if a.syllable or b.syllable or ((a.source or b.source) and a.symbols and b.symbols):
            return token_match(a, b, self.config.tokens, self._text_similarity)
        return found

    def _compare(self, query: list[Token], listed: tuple[Token, ...] | list[Token],
                 query_weights: list[float] | None = None,
                 list_weights: tuple[float, ...] | None = None, anchors: tuple[int, ...] = ()) -> NameComparison:
        weight = self.index.weight
        return compare_names(query, query_weights or [weight(t) for t in query], listed,
                             list_weights or tuple(weight(t) for t in listed), self._similarity,
                             self.config.weights, self.config.tokens.merge, self.config.tokens.name_symbol,
                             anchors)

    def prepare(self, name: str, kind: EntityType | None = None) -> list[Token]:
        """A screened name's tokens, as the index prepared the list names: Hangul readings, and
        person-name symbols when the name has letters outside the Latin script (the only case
        where the matcher uses them; a Latin name is not tagged, which keeps its screen fast)."""
        tokens = read_name(name, kind)
        if self.config.name_symbols and kind in _TAGGED_KINDS and has_foreign_letters(name):
            self.index.ensure_symbols()  # the list side's symbols, built on the first such name
            tokens = tag_name(name, tokens)
        return tokens

    def score_pair(self, name1: str, name2: str, entity_type: EntityType | None = None) -> float:
        """The name score of two names alone, symmetric (no qualifiers): for pair benchmarks.
        Both names are tagged with symbols here (on the list side the index tags every person name)."""
        a, b = (self._prepare_listed(n, entity_type) for n in (name1, name2))
        if not a or not b:
            return 0.0
        anchors_a, anchors_b = (anchor_positions(n, t, entity_type) for n, t in ((name1, a), (name2, b)))
        return max(self._compare(a, b, anchors=anchors_b).score, self._compare(b, a, anchors=anchors_a).score)

    def _prepare_listed(self, name: str, kind: EntityType | None) -> list[Token]:
        tokens = read_name(name, kind)
        return tag_name(name, tokens) if self.config.name_symbols and kind in _TAGGED_KINDS else tokens

    def screen(self, query: PartyQuery) -> ScreenResult:
        tokens = self.prepare(query.name, query.type)
        best: dict[int, Match] = {}
        if tokens:
            weights = [self.index.weight(t) for t in tokens]
            compared: dict[tuple[str, tuple[int, ...]], NameComparison] = {}
            for name_id in self.index.candidates(tokens, weights):
                indexed = self.index.names[name_id]
                comparison = compared.get((indexed.key, indexed.anchors))
                if comparison is None:
                    comparison = compared[indexed.key, indexed.anchors] = self._compare(
                        tokens, indexed.tokens, weights, indexed.weights, indexed.anchors)
                current = best.get(indexed.entity)
                if current is None or comparison.score > current.comparison.score:
                    entity = self.index.entity(indexed.entity)
                    best[indexed.entity] = Match(entity.id, entity.list, comparison.score, "clear", indexed.full,
                                                 indexed.role, comparison, entity=entity)
        for position in self._identifier_hits(query):
            if position not in best:
                entity = self.index.entity(position)
                primary = entity.names[0]
                comparison = self._compare(tokens, tuple(name_tokens(primary.full))) if tokens else \
                    NameComparison(0.0, 0.0, 0.0)
                best[position] = Match(entity.id, entity.list, comparison.score, "clear", primary.full,
                                       primary.role, comparison, entity=entity)
        matches = []
        floor = min(b.review for b in self.config.bands.values()) - 0.2
        for position, match in best.items():
            has_identifier = self._has_identifier(query, match.entity)
            if match.comparison.score < floor and not has_identifier:
                continue
            self._qualify(query, match, has_identifier, self.index.listed_type(position))
            if match.band != "clear":
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.entity_id))
        band = max((m.band for m in matches), key=BANDS.index, default="clear")
        return ScreenResult(query=query, band=band, matches=matches, matcher_version=self.config.version)

    def _identifier_hits(self, query: PartyQuery) -> set[int]:
        hits: set[int] = set()
        for identifier in query.identifiers:
            hits.update(self._identifiers.get(_ALNUM.sub("", identifier).upper(), ()))
        return hits

    def _has_identifier(self, query: PartyQuery, entity: ListEntity | None) -> bool:
        if entity is None or not query.identifiers:
            return False
        wanted = {_ALNUM.sub("", i).upper() for i in query.identifiers}
        return any(_ALNUM.sub("", i.value).upper() in wanted for i in entity.identifiers)

    def _qualify(self, query: PartyQuery, match: Match, has_identifier: bool,
                 listed: tuple[EntityType, str | None]) -> None:
        """Apply the qualifiers to a match's name score and set its band. ``listed``: the entry's
        type, and the word it was inferred from when the list gives none (``NameIndex.listed_type``)."""
        q = self.config.qualifiers
        entity = match.entity
        assert entity is not None
        qualifiers: list[Qualifier] = []
        if query.dob and entity.dates_of_birth:
            qualifiers.append(_dob_qualifier(query.dob, entity, q))
        countries = set(entity.nationalities) | set(entity.countries)
        if query.country and countries:
            if query.country.upper() in countries:
                qualifiers.append(Qualifier("country_match", q.country_match, f"{query.country} is linked to the entry"))
            else:
                qualifiers.append(Qualifier("country_mismatch", q.country_mismatch,
                                            f"{query.country} not among {', '.join(sorted(countries))}"))
        if query.gender and entity.gender and query.gender.lower() != entity.gender.lower():
            qualifiers.append(Qualifier("gender_mismatch", q.gender_mismatch, f"{query.gender} vs {entity.gender}"))
        listed_type, marker = listed
        if _types_conflict(query.type, listed_type):
            inferred = f" (inferred from '{marker}' in its names)" if marker else ""
            qualifiers.append(Qualifier("type_mismatch", q.type_mismatch,
                                        f"{query.type} vs listed {listed_type}{inferred}"))
        score = match.comparison.score + sum(x.delta for x in qualifiers)
        if has_identifier:
            qualifiers.append(Qualifier("identifier_match", 0.0, "an identifier of the party is on the entry"))
            score = max(score, q.identifier_match)
        match.score = max(0.0, min(1.0, score))
        match.qualifiers = qualifiers
        band = self.config.bands[entity.type if entity.type in self.config.bands else EntityType.UNKNOWN]
        if match.score >= band.block:
            # A weak alias ("broad or general", OFAC FAQ 90) alone never blocks.
            match.band = "review" if match.name_role == NameRole.WEAK_ALIAS else "block"
        elif match.score >= band.review:
            match.band = "review"
        else:
            match.band = "clear"


def _types_conflict(query: EntityType | None, listed: EntityType) -> bool:
    if query in (None, EntityType.UNKNOWN) or listed == EntityType.UNKNOWN:
        return False
    return (query == EntityType.PERSON) != (listed == EntityType.PERSON)


def _dob_qualifier(dob: str, entity: ListEntity, q: Any) -> Qualifier:
    year = int(dob[:4])
    listed = [d.value for d in entity.dates_of_birth]
    if len(dob) == 10 and dob in listed:
        return Qualifier("dob_exact", q.dob_exact, f"{dob} is a listed date of birth")
    close = [d for d in entity.dates_of_birth if abs(d.year - year) <= q.dob_tolerance_years]
    if close:
        return Qualifier("dob_year", q.dob_year, f"{dob} within {q.dob_tolerance_years} year of {close[0].value}")
    return Qualifier("dob_mismatch", q.dob_mismatch,
                     f"{dob} more than {q.dob_tolerance_years} year from every listed date ({', '.join(listed[:5])})")
