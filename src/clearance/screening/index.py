"""The inverted index over every loaded list name: candidate generation for the matcher.

Each list name is prepared once (``prepare.name_tokens``) and posted under the keys of its
tokens: the token itself and its OCR-folded form, its metaphone and its consonant skeleton. A
screened name looks up the same keys and gets back the names sharing them; the matcher then
scores only those. Token weights are inverse frequencies over all list names, so ``Ahmad``
counts less than ``Najmuddin`` and ``llc`` hardly at all.

Names of persons (and of entries of unknown type) written in Hangul get their per-syllable
readings (``readings``), and, when ``MatcherConfig.name_symbols``, every such name gets rigour's
person-name symbols (``symbols``: the Latin names in one batch). A token is also posted under
its other spellings and under its symbols (``y`` keys), so that ``محمد علي`` finds
``Mohamed Ali`` although no string key of theirs is shared.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, MutableSequence, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import numpy as np

from clearance.screening.entity import EntityType, ListEntity, NameRole
from clearance.screening.features import MatcherConfig
from clearance.screening.han import han_tokens
from clearance.screening.prepare import (
    ORGANIZATION_MARKERS,
    Token,
    has_foreign_letters,
    make_token,
    name_tokens,
)
from clearance.screening.readings import korean_tokens
from clearance.screening.symbols import attach_symbols, symbol_table, tag_name

_OCR = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("5", "s"), ("8", "b"), ("|", "l"))
_DIGIT = re.compile(r"\d")


def ocr_fold(text: str) -> str:
    for wrong, right in _OCR:
        text = text.replace(wrong, right)
    return text


def text_keys(token: Token, *, skeleton: bool = True) -> set[str]:
    """The keys of one spelling: the token and its OCR-folded form, its metaphone and
    (``skeleton``) its consonant skeleton. A screened token looks up its skeleton only when it
    is written without vowels, the one case where the matcher compares skeletons
    (``compare.token_similarity``)."""
    keys = {"t" + token.text, "t" + ocr_fold(token.text)}
    if len(token.phonetic) >= 3:  # two-letter metaphones ("MR") select nothing
        keys.add("p" + token.phonetic)
    if skeleton and len(token.skeleton) >= 2:
        keys.add("s" + token.skeleton)
    return keys


def symbol_keys(token: Token) -> set[str]:
    return {"y" + symbol for symbol in token.symbols | token.pair_symbols}


def token_keys(token: Token, *, skeleton: bool = True) -> set[str]:
    """The keys a list token is posted under: those of each of its spellings, and its symbols."""
    keys = text_keys(token, skeleton=skeleton)
    for variant in token.variants:
        keys |= text_keys(make_token(variant), skeleton=skeleton)
    return keys | symbol_keys(token)


def name_key(tokens: tuple[Token, ...]) -> str:
    """Names equal in this compare equally: the token texts, and what the tokens were read from
    when that was another script (it decides their readings and symbols)."""
    key = " ".join(t.text for t in tokens)
    if any(t.source for t in tokens):
        key += "|" + " ".join(t.source for t in tokens)
    return key


_PERSON_KINDS = (EntityType.PERSON, EntityType.UNKNOWN)
# A prepared list name: (entity position, role, name as written, tokens, anchor positions).
_Prepared = tuple[int, NameRole, str, list[Token], tuple[int, ...]]


def anchor_positions(full: str, tokens: tuple[Token, ...] | list[Token], kind: EntityType | None) -> tuple[int, ...]:
    """Positions of the tokens of a person's name that are seldom left out (``Weights.anchor_share``):
    the first token, and in ``FAMILY NAMES, Given names`` the first given name too. None for the
    names of organisations, vessels and aircraft. The family names are counted as ``name_tokens``
    splits them (``O'BRIEN, John``: one token before the comma)."""
    if not tokens or kind not in (None, *_PERSON_KINDS):
        return ()
    before, comma, _ = full.partition(",")
    if comma:
        family = len(name_tokens(before, kind=EntityType.PERSON))
        if 0 < family < len(tokens):
            return (0, family)
    return (0,)


def read_name(name: str, kind: EntityType | None) -> list[Token]:
    """A name's tokens as the matcher compares them, on either side: ``prepare.name_tokens``,
    with Hangul words read syllable by syllable (``readings``) and the characters of a name
    written in Chinese characters kept (``han``)."""
    return han_tokens(name, korean_tokens(name, name_tokens(name, kind=kind), kind))


def _tag_names(names: list[tuple[str, list[Token]]]) -> list[list[Token]]:
    """The names' tokens with their person-name symbols: Latin names tagged in one batch (their
    symbols depend on the token texts only), the others one by one (so that each token keeps
    the word it was read from)."""
    latin = [full for full, _ in names if not has_foreign_letters(full)]
    table = symbol_table(latin) if latin else {}
    intern: dict[Token, Token] = {}
    return [tag_name(full, tokens) if has_foreign_letters(full) else attach_symbols(tokens, table, intern)
            for full, tokens in names]


@dataclass(frozen=True, slots=True)
class IndexedName:
    entity: int  # position of its entity in the index
    role: NameRole
    full: str
    tokens: tuple[Token, ...]
    key: str  # the prepared form: names equal in it compare equally (one alias on several lists)
    weights: tuple[float, ...] = ()  # each token's weight, filled once the frequencies are known
    anchors: tuple[int, ...] = ()  # positions of the tokens a person is seldom named without



@dataclass(frozen=True)
class IndexParts:
    """What a built index answers from besides its config: ``NameIndex.parts`` gives it and
    ``NameIndex.restore`` takes it back, so that ``screening.stored`` can keep it on disk and a
    process can screen without preparing every list name again."""

    entities: Sequence[ListEntity | dict[str, Any]]
    names: MutableSequence[IndexedName]
    postings: MutableMapping[str, Sequence[int]]
    deletes: Mapping[str, tuple[str, ...]]
    idf: Mapping[str, float]
    name_weight: np.ndarray
    single_token_names: np.ndarray
    organization_markers: Mapping[int, str]
    untagged: list[int]  # names whose person-name symbols are still to be tagged (ensure_symbols)
    identifiers: Sequence[tuple[int, str]]  # (entity position, identifier value): raw_identifiers


class NameIndex:
    """All list names, prepared, with postings and token weights."""

    # A built index holds lists and dicts; one read back from disk holds ``packed`` containers.
    _entities: Sequence[ListEntity | dict[str, Any]]
    names: MutableSequence[IndexedName]
    postings: MutableMapping[str, Sequence[int]]
    deletes: Mapping[str, tuple[str, ...]]
    _idf: Mapping[str, float]

    def __init__(self, entities: Iterable[ListEntity | dict[str, Any]], config: MatcherConfig) -> None:
        """``entities``: ListEntity objects, or their stored dumps (validated only when matched:
        validating every entry of every list up front would cost seconds per screening run)."""
        self.config = config
        # Entries validated on first match, kept beside the dumps rather than in their place: a stored
        # index shares its dumps with ``LoadedLists.entities``, whose readers expect dicts.
        self._validated: dict[int, ListEntity] = {}
        self._identifiers: Sequence[tuple[int, str]] | None = None  # None: read from the entities
        names: list[IndexedName] = []
        self.names = names
        postings: dict[str, list[int]] = defaultdict(list)
        document_frequency: dict[str, int] = defaultdict(int)
        for position, role, full, token_list, anchors in self._prepare(entities):
            tokens = tuple(token_list)
            name_id = len(names)
            names.append(IndexedName(position, role, full, tokens, name_key(tokens), anchors=anchors))
            keys: set[str] = set()
            for token in tokens:
                keys |= token_keys(token)
            for text in {t.text for t in tokens}:
                document_frequency[text] += 1
            for key in keys:
                postings[key].append(name_id)
        self.postings = {k: tuple(v) for k, v in postings.items()}
        deletes: dict[str, list[str]] = defaultdict(list)
        for text in document_frequency:
            if len(text) >= _MIN_DELETE_LENGTH and text.isalpha():
                for variant in (text, *deletions(text)):
                    deletes[variant].append(text)
        self.deletes = {k: tuple(v) for k, v in deletes.items()}
        total = max(len(self.names), 1)
        w = config.weights
        self._idf = {
            text: min(max(math.log((total + 1) / (count + 1)), w.idf_floor), w.idf_ceiling)
            for text, count in document_frequency.items()}
        self.unknown_weight = _unknown_weight(config)
        self.names = [replace(n, weights=tuple(self.weight(t) for t in n.tokens)) for n in self.names]
        self.name_weight = np.asarray([sum(n.weights) for n in self.names], dtype=np.float64)
        self.single_token_names = np.asarray([sum(map(is_substantive, n.tokens)) < 2 for n in self.names], dtype=bool)
        self._token_cache: dict[str, np.ndarray] = {}

    def _prepare(self, entities: Iterable[ListEntity | dict[str, Any]]) -> list[_Prepared]:
        """Keep ``entities`` and prepare their names: (entity position, role, name, tokens, anchors)."""
        prepared: list[_Prepared] = []
        persons: list[int] = []  # positions in ``prepared`` of the names to tag with symbols
        kept: list[ListEntity | dict[str, Any]] = []
        self._entities = kept
        markers: dict[int, str] = {}
        self._organization_markers: Mapping[int, str] = markers
        for entity in entities:
            position = len(kept)
            kept.append(entity)
            kind, names = _kind_and_names(entity)
            for full, role in names:
                tokens = read_name(full, kind)
                if not tokens:
                    continue
                if kind == EntityType.UNKNOWN and position not in markers:
                    marker = next((t.text for t in tokens if t.text in ORGANIZATION_MARKERS), None)
                    if marker:
                        markers[position] = marker
                if kind in _PERSON_KINDS:
                    persons.append(len(prepared))
                prepared.append((position, role, full, tokens, anchor_positions(full, tokens, kind)))
        # Every prepared name becomes a name of the index, in order: these positions are name ids.
        self._untagged = persons if self.config.name_symbols else []
        return prepared

    def ensure_symbols(self) -> None:
        """Tag the person names with rigour's name symbols and post them under their ``y`` keys, once.

        Deferred until a screened name has letters outside the Latin script, the only case in
        which the matcher uses symbols (``Screener.prepare``): building rigour's tagger takes
        seconds and hundreds of MiB, which a screen of Latin names, a one-shipment ``clearance
        check`` above all, should not pay. The result is the index an eager build would have
        made: symbols change neither token texts, weights nor string keys, only add ``y`` keys."""
        pending, self._untagged = self._untagged, []
        if not pending:
            return
        tagged = _tag_names([(self.names[i].full, list(self.names[i].tokens)) for i in pending])
        added: dict[str, list[int]] = defaultdict(list)
        for name_id, token_list in zip(pending, tagged, strict=True):
            tokens = tuple(token_list)
            self.names[name_id] = replace(self.names[name_id], tokens=tokens, key=name_key(tokens))
            for key in sorted({key for token in tokens for key in symbol_keys(token)}):
                added[key].append(name_id)
        self.postings.update({key: tuple(ids) for key, ids in added.items()})  # no string key starts with "y"
        self._token_cache.clear()

    def parts(self) -> IndexParts:
        """The state this index answers from (``restore`` makes an index of it again)."""
        return IndexParts(self._entities, self.names, self.postings, self.deletes, self._idf, self.name_weight,
                          self.single_token_names, self._organization_markers, list(self._untagged),
                          list(self.raw_identifiers()))

    @classmethod
    def restore(cls, parts: IndexParts, config: MatcherConfig) -> NameIndex:
        """The index ``parts`` came from, built with ``config`` (``screening.stored`` checks that it was)."""
        index = cls.__new__(cls)
        index.config = config
        index._entities, index._validated, index._identifiers = parts.entities, {}, parts.identifiers
        index.names, index.postings, index.deletes, index._idf = parts.names, parts.postings, parts.deletes, parts.idf
        index.name_weight, index.single_token_names = parts.name_weight, parts.single_token_names
        index._organization_markers, index._untagged = parts.organization_markers, list(parts.untagged)
        index.unknown_weight = _unknown_weight(config)
        index._token_cache = {}
        return index

    @property
    def symbols_pending(self) -> bool:
        return bool(self._untagged)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def entity_count(self) -> int:
        return len(self._entities)

    def entity(self, position: int) -> ListEntity:
        """The entity at ``position``, validated on first use."""
        found = self._validated.get(position)
        if found is None:
            raw = self._entities[position]
            found = self._validated[position] = raw if isinstance(raw, ListEntity) else ListEntity.model_validate(raw)
        return found

    def listed_type(self, position: int) -> tuple[EntityType, str | None]:
        """The entity's type, and for an entry whose list gives none (``unknown``) but whose names
        carry an organisation's word or legal form, ``organization`` and that word."""
        marker = self._organization_markers.get(position)
        if marker is not None:
            return EntityType.ORGANIZATION, marker
        return self.entity(position).type, None

    def raw_identifiers(self) -> Iterator[tuple[int, str]]:
        """(position, identifier value) of every entity, without validating the entities."""
        if self._identifiers is not None:  # kept with a stored index: its entries are read only when matched
            yield from self._identifiers
            return
        for position, entity in enumerate(self._entities):
            if isinstance(entity, dict):
                for identifier in entity.get("identifiers", ()):
                    yield position, identifier["value"]
            else:
                for identifier in entity.identifiers:
                    yield position, identifier.value

    def weight(self, token: Token) -> float:
        """Weight of a token: its inverse frequency over list names, scaled by kind."""
        w = self.config.weights
        base = self._idf.get(token.text)
        if base is None:  # unknown to every list: a typo, a fragment or a name no list has
            base = min(self.unknown_weight, w.unknown_per_letter * len(token.text))
        if len(token.text) == 1 and not token.syllable:  # an initial; a Hangul syllable read "u" is not one
            base = min(base, w.initial)
        if token.legal_form:
            return base * w.legal_form
        if token.particle:
            return base * w.particle
        return base

    def candidates(self, tokens: list[Token], weights: list[float]) -> list[int]:
        """Name ids worth scoring for ``tokens``, most promising first.

        A name is a candidate when it shares a key with a substantive token of the screened
        name (particles and legal forms are too common to select by). When the screened name
        has two or more substantive tokens, a candidate must share keys with two of them unless
        it is itself a one-token name: the matcher caps a single token in common between two
        longer names below the review band (``compare.compare_names``), so such names are not
        worth scoring. A token the lists do not know (a typo) is looked up through its
        one-deletion neighbours (the symmetric-delete method), which finds list tokens within
        about two edits.
        """
        substantive = [(t, w) for t, w in zip(tokens[:_MAX_QUERY_TOKENS], weights, strict=False) if is_substantive(t)]
        if not substantive:  # only particles, legal forms or initials: use what there is
            substantive = list(zip(tokens[:_MAX_QUERY_TOKENS], weights, strict=False))
        arrays = [self.token_candidates(token) for token, _ in substantive]
        # A name split in two ("Yu ry", "Gh azy"): when one half is a short fragment no list
        # has, the two halves joined are looked up as one more token.
        for left, right in pairwise(tokens):
            if any(len(t.text) <= 3 and "t" + t.text not in self.postings for t in (left, right)) \
                    and len(left.text) + len(right.text) >= 4:
                joined = make_token(left.text + right.text)
                arrays.append(self.token_candidates(joined))
                substantive.append((joined, min(self.weight(joined), self.weight(left) + self.weight(right))))
        sizes = [len(a) for a in arrays]
        if not any(sizes):
            return []
        unique, inverse = np.unique(np.concatenate(arrays), return_inverse=True)
        accumulated = np.bincount(inverse, weights=np.repeat([w for _, w in substantive], sizes))
        if len(substantive) >= 2:
            keep = (np.bincount(inverse) >= 2) | self.single_token_names[unique]
            unique, accumulated = unique[keep], accumulated[keep]
        # Dice-like estimate: shared weight against both names' weight, so that a short list
        # name sharing a common token ranks above a long one sharing the same token.
        estimate = accumulated / (sum(weights) + self.name_weight[unique])
        return unique[np.argsort(-estimate, kind="stable")[: self.config.candidates]].tolist()

    def token_candidates(self, token: Token) -> np.ndarray:
        """Sorted ids of the names sharing a key with ``token`` (cached: common tokens recur)."""
        # A token read from another script has readings and symbols its text does not tell.
        cache_key: str | Token = token if token.source else token.text
        found = self._token_cache.get(cache_key)
        if found is None:
            ids: set[int] = set()
            for key in self.lookup_keys(token):
                ids.update(self.postings.get(key, ()))
            found = np.fromiter(sorted(ids), dtype=np.int32, count=len(ids))
            if len(self._token_cache) > _TOKEN_CACHE_SIZE:
                self._token_cache.clear()
            self._token_cache[cache_key] = found
        return found

    def lookup_keys(self, token: Token) -> set[str]:
        """The keys a screened token looks up: those of each spelling (and the known tokens one
        or two edits away from a spelling no list has), and its symbols when it was read from
        another script (the matcher uses symbols only across scripts)."""
        keys: set[str] = set()
        for spelling in token.spellings:
            keys |= self._spelling_keys(make_token(spelling) if spelling != token.text else token)
        return (keys | symbol_keys(token)) if token.source else keys

    def _spelling_keys(self, token: Token) -> set[str]:
        keys = text_keys(token, skeleton=token.vowelless)
        if "t" + token.text not in self.postings and len(token.text) >= _MIN_DELETE_LENGTH:
            for variant in (token.text, *deletions(token.text)):
                keys.update("t" + known for known in self.deletes.get(variant, ()))
        return keys


def _unknown_weight(config: MatcherConfig) -> float:
    return config.weights.idf_ceiling * 0.75


def _kind_and_names(entity: ListEntity | dict[str, Any]) -> tuple[EntityType, list[tuple[str, NameRole]]]:
    if isinstance(entity, dict):
        return (EntityType(entity.get("type", EntityType.UNKNOWN)),
                [(n["full"], NameRole(n["role"])) for n in entity["names"]])
    return entity.type, [(n.full, n.role) for n in entity.names]


_MAX_QUERY_TOKENS = 12
_TOKEN_CACHE_SIZE = 200_000
_MIN_DELETE_LENGTH = 4


def deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1:] for i in range(len(text))}




def is_substantive(token: Token) -> bool:
    """A token that identifies: not a legal form, particle or initial (a Hangul syllable read as
    one letter, 우 ``u``, is a syllable, not an initial)."""
    return not (token.particle or token.legal_form) and (len(token.text) > 1 or token.syllable)
