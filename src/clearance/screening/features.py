"""The matcher's declared features, weights and thresholds, under one version label.

Every number the matcher uses to decide lives here, with a name that appears in the match
explanation. Changing any of them is a new ``MATCHER_VERSION``: dispositions record the
version they were made under, so a reviewer can tell an alert the new matcher raised from one
an old matcher raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clearance.screening.entity import EntityType

# clearance-names-3: names in Chinese characters compared by character and matched to Latin
# names only as spelt (han.py); list initials and particles are no second name in common;
# skeleton merges only into a word without vowels; entries without a type read as organisations
# by their legal form; an unmatched first token or first given name costs more than other
# unmatched list tokens (anchor_share).
# clearance-names-2: Hangul readings (``reading``) and cross-script person-name symbols
# (``name_symbol``); clearance-names-1 had neither.
MATCHER_VERSION = "clearance-names-3"


@dataclass(frozen=True)
class TokenFeatures:
    """Similarity given to a pair of tokens by the first feature that holds (in this order)."""

    exact: float = 1.0
    ocr: float = 0.95  # equal after OCR folding (rn→m, 0→o, 1→l, 5→s, vv→w, cl→d)
    edit_1: float = 0.9  # one edit (insert, delete, substitute, transpose), longer token ≥ 5 letters;
    # at 4 letters no substitution (Jong / Tong), at 3 only a transposition (auf / afu)
    phonetic: float = 0.9  # same metaphone key, both ≥ 3 letters
    skeleton: float = 0.85  # same consonant skeleton of ≥ 2 letters, one token without vowels (vowel drop)
    edit_2: float = 0.85  # two edits, longer token ≥ 7 letters
    prefix: float = 0.75  # one token starts the other, shorter ≥ 3 letters (truncation)
    prefix_short: float = 0.6  # the same with a two-letter fragment
    skeleton_edit: float = 0.75  # skeletons one edit apart, longer skeleton ≥ 4 (one token without vowels)
    initial: float = 0.7  # a single letter against a token with that first letter
    merge: float = 0.95  # two adjacent tokens written as one (al ali / alali)
    # Beyond the token text (compare.token_match):
    reading: float = 0.95  # at most this through another romanisation of a Hangul syllable (정: jeong / jong)
    name_symbol: float = 0.9  # tokens in different scripts sharing a person-name symbol (محمد / mohamed),
    # also two tokens spelling one name with one token (عبد الله / abdullah). Below exact: a
    # symbol says "the same name", not "the same spelling".


@dataclass(frozen=True)
class Weights:
    """Token weights: inverse frequency over all list names, scaled for kinds of token."""

    idf_floor: float = 0.5
    idf_ceiling: float = 12.0
    unknown_per_letter: float = 1.5  # a token no list name has weighs this per letter, up to 3/4 of the ceiling
    legal_form: float = 0.2  # "llc" says little about which company
    particle: float = 0.3  # "al", "bin", "van"
    initial: float = 0.6  # a single-letter token's weight cap
    list_coverage_share: float = 0.4  # 1 - lambda: how much unmatched list tokens cost
    # The same for an unmatched list token a person is seldom named without: the first token of a
    # person's name, and after a comma the first given name ("GARCIA, Carlos Alberto": garcia and
    # carlos). A middle name or a second family name left out costs the ordinary share.
    anchor_share: float = 0.6
    # The same for a name read syllable by syllable (written in Chinese characters or Hangul, on
    # either side): such a name is complete, a syllable more is another name (han.py).
    complete_name_share: float = 1.0
    single_token_cap: float = 0.7  # one token in common between multi-token names is not a name match


@dataclass(frozen=True)
class Qualifiers:
    dob_exact: float = 0.05  # same full date of birth
    dob_year: float = 0.02  # year within the tolerance
    dob_tolerance_years: int = 1
    dob_mismatch: float = -0.20  # every listed date of birth more than the tolerance away
    country_match: float = 0.02
    country_mismatch: float = -0.05
    gender_mismatch: float = -0.10
    type_mismatch: float = -0.15  # a person screened against a listed company, or the reverse
    identifier_match: float = 0.99  # an identical identifier lifts the score to at least this


@dataclass(frozen=True)
class Band:
    review: float
    block: float


DEFAULT_BANDS: dict[EntityType, Band] = {
    EntityType.PERSON: Band(review=0.80, block=0.95),
    EntityType.ORGANIZATION: Band(review=0.82, block=0.95),
    EntityType.VESSEL: Band(review=0.85, block=0.97),
    EntityType.AIRCRAFT: Band(review=0.85, block=0.97),
    EntityType.UNKNOWN: Band(review=0.80, block=0.95),
}


@dataclass(frozen=True)
class MatcherConfig:
    version: str = MATCHER_VERSION
    tokens: TokenFeatures = field(default_factory=TokenFeatures)
    weights: Weights = field(default_factory=Weights)
    qualifiers: Qualifiers = field(default_factory=Qualifiers)
    bands: dict[EntityType, Band] = field(default_factory=lambda: dict(DEFAULT_BANDS))
    candidates: int = 30  # names scored in full per screened name, at most
    # Tag person names with rigour's name symbols (symbols.py). Costs a tagger build on first use
    # (seconds, a few hundred MiB per process); off, names in other scripts match only by transliteration.
    name_symbols: bool = True
