"""Comparing two prepared names: token similarity, alignment and the name score.

Tokens are aligned one to one, best pair first (a greedy maximum-weight matching; names have
a handful of tokens, so this is exact in practice and cheap). Two adjacent tokens on one side
may align with one token on the other (``al ali`` / ``alali``, ``abdul rahman`` /
``abdulrahman``). The name score is::

    query_coverage * (1 - sum(s_j * missing_j) / list_weight)

where the query coverage is the aligned share of the screened name's token weight (similarity
times weight), ``missing_j`` is the weight a list token leaves unexplained (weight times one
minus its similarity) and ``s_j`` what that costs. Every token of the screened name has to be
explained, while list tokens it leaves out cost less (``Weights.list_coverage_share``): a list
name is often longer than the name on an invoice. Less so the tokens a person is seldom named
without, the first token and the first given name after a comma (``Weights.anchor_share``: not
``Alberto Garcia`` for ``GARCIA, Carlos Alberto``, but ``Santiago Perez`` for ``PEREZ OCAMPO,
Santiago``), and not at all for a name read syllable by syllable (``han``): a Chinese or Korean
name with a syllable more is another name.

Two features reach past the token text (``token_match``): a Hangul syllable (``readings``) is
compared only by its spellings, exactly (``exact``, or ``TokenFeatures.reading`` through another
romanisation); and tokens from different scripts sharing a person-name symbol
(``symbols``) align at ``TokenFeatures.name_symbol``, also two tokens on one side with one on
the other when the two spell one name (``عبد الله`` / ``Abdullah``). Such pairs carry a
``detail`` in the explanation (``محمد ~ mohamed (name symbol Q5837762)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA, Levenshtein

from clearance.screening.features import TokenFeatures, Weights
from clearance.screening.index import is_substantive, ocr_fold
from clearance.screening.prepare import Token, make_token

Similarity = tuple[float, str]
SimilarityFn = Callable[[Token, Token], Similarity]


def token_similarity(a: Token, b: Token, f: TokenFeatures) -> Similarity:
    """Similarity of two tokens and the feature that gave it (``""`` when none holds)."""
    if a.text == b.text:
        return f.exact, "exact"
    la, lb = len(a.text), len(b.text)
    if la == 1 or lb == 1:
        return (f.initial, "initial") if a.text[0] == b.text[0] else (0.0, "")
    if ocr_fold(a.text) == ocr_fold(b.text):
        return f.ocr, "ocr"
    longest = max(la, lb)
    distance = OSA.distance(a.text, b.text, score_cutoff=2)
    # Short tokens need a gentler edit: at 4 letters no substitution (Jong / Tong), at 3 only a
    # transposition (auf / afu).
    if distance <= 1 and (longest >= 5 or sorted(a.text) == sorted(b.text) or (longest == 4 and la != lb)):
        return f.edit_1, "edit_1"
    if la >= 3 and lb >= 3 and a.phonetic and a.phonetic == b.phonetic \
            and Levenshtein.normalized_similarity(a.text, b.text) >= 0.6:
        return f.phonetic, "phonetic"
    # Skeletons only speak for a token written without vowels (``Hmd``, Arabic or Hebrew
    # transliterated letter by letter): between two voweled names they are too coarse.
    vowelless = a.vowelless or b.vowelless
    if vowelless and len(a.skeleton) >= 2 and a.skeleton == b.skeleton:
        return f.skeleton, "skeleton"
    if distance <= 2 and longest >= 7:
        return f.edit_2, "edit_2"
    shorter, longer = (a.text, b.text) if la < lb else (b.text, a.text)
    # A particle starting a name (al / alejandra, el / elena) is not that name truncated.
    if len(shorter) >= 2 and longer.startswith(shorter) and not (a if la < lb else b).particle:
        return (f.prefix, "prefix") if len(shorter) >= 3 else (f.prefix_short, "prefix_short")
    if vowelless and max(len(a.skeleton), len(b.skeleton)) >= 4 and min(len(a.skeleton), len(b.skeleton)) >= 2 \
            and Levenshtein.distance(a.skeleton, b.skeleton, score_cutoff=1) <= 1:
        return f.skeleton_edit, "skeleton_edit"
    return 0.0, ""


def token_match(a: Token, b: Token, f: TokenFeatures, text_similarity: SimilarityFn) -> Similarity:
    """``text_similarity`` of the two tokens, raised by their other spellings and by a shared
    person-name symbol across scripts (see the module docstring)."""
    if a.syllable or b.syllable:
        # A syllable read from Hangul matches only as spelt, in one of its romanisations: syllables
        # are short and many, and the string features would make most of them alike (sang / song,
        # hun / chun, oh / ho).
        if a.text == b.text:
            return f.exact, "exact"
        return (f.reading, "reading") if _shared_spelling(a, b) else (0.0, "")
    best = text_similarity(a, b)
    if best[0] < f.name_symbol and _shared_symbol(a, b):
        return f.name_symbol, "name_symbol"
    return best


def _shared_spelling(a: Token, b: Token) -> str | None:
    """A spelling the two tokens share (called for tokens whose texts differ; on the hot path of
    every syllable against every list token, so the common cases come first)."""
    if b.text in a.variants:
        return b.text
    if a.text in b.variants:
        return a.text
    if a.variants and b.variants:
        return next((s for s in a.variants if s in b.variants), None)
    return None


def _cross_script(a: Token, b: Token) -> bool:
    # Both written in Latin letters: the string features judge (Wikidata's name clusters join
    # John, Juan and Ivan; a screen cannot).
    return bool(a.source or b.source)


def _shared_symbol(a: Token, b: Token) -> str | None:
    if not (a.symbols and b.symbols and _cross_script(a, b)):
        return None
    shared = a.symbols & b.symbols
    return min(shared) if shared else None


def _detail(a: Token, b: Token, feature: str) -> str:
    """How an alignment beyond the token text came about, for the explanation."""
    left, right = a.source or a.text, b.source or b.text
    if feature == "name_symbol":
        return f"{left} ~ {right} (name symbol {_shared_symbol(a, b)})"
    if feature == "reading":
        return f"{left} ~ {right} (read {_shared_spelling(a, b)})"
    return ""


@dataclass(frozen=True, slots=True)
class AlignedPair:
    query: str
    listed: str
    similarity: float
    feature: str
    detail: str = ""  # for features beyond the token text: the tokens as written and why they align


@dataclass
class NameComparison:
    score: float
    query_coverage: float
    list_coverage: float
    pairs: list[AlignedPair] = field(default_factory=list)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_list: list[str] = field(default_factory=list)
    capped: str | None = None  # why the score was capped, if it was

    def explain(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4), "query_coverage": round(self.query_coverage, 4),
            "list_coverage": round(self.list_coverage, 4),
            "aligned": [{"query": p.query, "list": p.listed, "similarity": p.similarity, "feature": p.feature,
                         **({"detail": p.detail} if p.detail else {})} for p in self.pairs],
            "unmatched_query": self.unmatched_query, "unmatched_list": self.unmatched_list,
            **({"capped": self.capped} if self.capped else {}),
        }




def compare_names(query: list[Token], query_weights: list[float], listed: tuple[Token, ...] | list[Token],
                  list_weights: tuple[float, ...] | list[float], similarity: SimilarityFn, weights: Weights,
                  merge_similarity: float, symbol_similarity: float | None = None,
                  list_anchors: tuple[int, ...] = ()) -> NameComparison:
    """Align two token lists and score the pair (see the module docstring). ``similarity`` gives
    token pairs their feature; ``symbol_similarity`` (when given) is what two tokens sharing a
    two-part name symbol with one token on the other side are worth together."""
    query_sim = [0.0] * len(query)
    list_sim = [0.0] * len(listed)
    effective = list(query_weights)
    pairs: list[AlignedPair] = []
    if len(query) != len(listed):  # a name split or joined differently (al ali / alali, Yu ry / Yury)
        _merge_adjacent(query, listed, query_sim, list_sim, pairs, merge_similarity)
        _merge_adjacent(listed, query, list_sim, query_sim, pairs, merge_similarity, swapped=True)
    # Symbols speak only across scripts, so two names in Latin letters (nearly every comparison)
    # skip these loops. "abd allah" ~ "abdullah" needs no length difference: a third token may differ.
    if symbol_similarity is not None and (_any_source(query) or _any_source(listed)):
        _align_symbol_phrases(query, listed, query_sim, list_sim, pairs, symbol_similarity)
        _merge_symbols(query, listed, query_sim, list_sim, pairs, symbol_similarity)
        _merge_symbols(listed, query, list_sim, query_sim, pairs, symbol_similarity, swapped=True)
    scored = []
    for i, q in enumerate(query):
        if query_sim[i]:
            continue
        for j, c in enumerate(listed):
            if list_sim[j]:
                continue
            sim, feature = similarity(q, c)
            if sim > 0:
                scored.append((sim, i, j, feature))
    if len(scored) > 1:
        scored.sort(key=lambda item: -item[0])
    weakly_aligned = 0  # identifying query tokens aligned with a list initial, particle or legal form
    for sim, i, j, feature in scored:
        if query_sim[i] == 0.0 and list_sim[j] == 0.0:
            query_sim[i] = list_sim[j] = sim
            if not is_substantive(listed[j]) and is_substantive(query[i]):
                weakly_aligned += 1
            # An aligned pair weighs at most what the list token weighs: a misspelt token is
            # unknown to the index, but it means what the listed token means.
            effective[i] = min(effective[i], list_weights[j])
            detail = _detail(query[i], listed[j], feature) if feature in _DETAILED else ""
            pairs.append(AlignedPair(query[i].text, listed[j].text, sim, feature, detail))
    query_total = sum(effective) or 1.0
    list_total = sum(list_weights) or 1.0
    query_coverage = sum(w * s for w, s in zip(effective, query_sim, strict=True)) / query_total
    list_coverage = sum(w * s for w, s in zip(list_weights, list_sim, strict=True)) / list_total
    if _read_by_syllable(query) or _read_by_syllable(listed):
        missing = weights.complete_name_share * (1 - list_coverage)
    else:  # every unexplained list weight at the ordinary share, the anchors' at theirs
        missing = weights.list_coverage_share * (1 - list_coverage)
        if list_anchors:
            anchored = sum(list_weights[j] * (1 - list_sim[j]) for j in list_anchors)
            missing += (weights.anchor_share - weights.list_coverage_share) * anchored / list_total
    score = query_coverage * (1 - missing)
    capped = None
    if score > weights.single_token_cap:
        # ``Ahmed, A`` against ``Alf Ahmed``, ``Al-Grein`` against ``Alejandra Greene``: a list
        # initial or particle aligned with a full name is not a second name in common.
        substantive = sum(1 for s, t in zip(query_sim, query, strict=True) if s > 0 and is_substantive(t)) \
            - weakly_aligned
        if substantive <= 1 and _substantive(query) >= 2 and (_substantive(listed) >= 2 or weakly_aligned):
            score, capped = weights.single_token_cap, "one substantive token in common"
    return NameComparison(
        score=score, query_coverage=query_coverage, list_coverage=list_coverage, pairs=pairs,
        unmatched_query=[t.text for t, s in zip(query, query_sim, strict=True) if s == 0.0],
        unmatched_list=[t.text for t, s in zip(listed, list_sim, strict=True) if s == 0.0],
        capped=capped)


_DETAILED = frozenset({"name_symbol", "reading"})


def _any_source(tokens: list[Token] | tuple[Token, ...]) -> bool:
    return any(t.source for t in tokens)


def _read_by_syllable(tokens: list[Token] | tuple[Token, ...]) -> bool:
    return tokens[0].syllable and all(t.syllable for t in tokens)


def _substantive(tokens: tuple[Token, ...] | list[Token]) -> int:
    return sum(map(is_substantive, tokens))


def _merge_adjacent(side: list[Token] | tuple[Token, ...], other: list[Token] | tuple[Token, ...],
                    side_sim: list[float], other_sim: list[float], pairs: list[AlignedPair],
                    merge_similarity: float, swapped: bool = False) -> None:
    """Align two adjacent tokens of ``side`` with one token of ``other`` they spell together,
    unless either of the two is itself a token of ``other``."""
    other_texts = {t.text for t in other}
    for i in range(len(side) - 1):
        if side_sim[i] or side_sim[i + 1] or side[i].text in other_texts or side[i + 1].text in other_texts:
            continue
        joined = _joined(side[i], side[i + 1])
        for j, token in enumerate(other):
            if other_sim[j] or len(token.text) < 4 or not _spells_joined(joined, token):
                continue
            side_sim[i] = side_sim[i + 1] = other_sim[j] = merge_similarity
            left = f"{side[i].text} {side[i + 1].text}"
            pairs.append(AlignedPair(token.text, left, merge_similarity, "merge") if swapped
                         else AlignedPair(left, token.text, merge_similarity, "merge"))
            break


def _joined(first: Token, second: Token) -> str | frozenset[str]:
    """Two adjacent tokens written as one word: their texts joined, or for syllables read from
    Hangul every joined pair of spellings (jong + un = jongun)."""
    if first.syllable or second.syllable:
        return frozenset(a + b for a in first.spellings for b in second.spellings)
    return first.text + second.text


def _spells_joined(joined: str | frozenset[str], token: Token) -> bool:
    """Whether ``token`` is the ``joined`` word (up to one edit, or the same skeleton when
    ``token`` is written without vowels: between voweled words a skeleton joins ``ming ye`` with
    ``mango``). Syllables read from Hangul join only as spelt: their skeletons are too short to
    tell names apart (seon yeong / song)."""
    if isinstance(joined, frozenset):
        return not joined.isdisjoint(token.spellings)
    return token.text == joined or (len(joined) >= 6 and OSA.distance(token.text, joined, score_cutoff=1) <= 1) \
        or (token.vowelless and len(joined) >= 4 and make_token(joined).skeleton == token.skeleton)


def _merge_symbols(side: list[Token] | tuple[Token, ...], other: list[Token] | tuple[Token, ...],
                   side_sim: list[float], other_sim: list[float], pairs: list[AlignedPair],
                   similarity: float, swapped: bool = False) -> None:
    """Align two adjacent tokens of ``side`` that are one name together (a two-part symbol:
    ``عبد الله``) with one token of ``other`` that has that symbol (``abdullah``), across scripts."""
    for i in range(len(side) - 1):
        first, second = side[i], side[i + 1]
        if side_sim[i] or side_sim[i + 1] or not (first.pair_symbols and second.pair_symbols):
            continue
        joint = first.pair_symbols & second.pair_symbols
        for j, token in enumerate(other):
            shared = joint & token.symbols
            if other_sim[j] or not shared or not (_cross_script(first, token) or _cross_script(second, token)):
                continue
            side_sim[i] = side_sim[i + 1] = other_sim[j] = similarity
            left = f"{first.text} {second.text}"
            written = f"{first.source or first.text} {second.source or second.text}"
            detail = f"{written} ~ {token.source or token.text} (name symbol {min(shared)})"
            pairs.append(AlignedPair(token.text, left, similarity, "name_symbol", detail) if swapped
                         else AlignedPair(left, token.text, similarity, "name_symbol", detail))
            break


def _phrase_symbols(tokens: list[Token] | tuple[Token, ...], i: int) -> frozenset[str]:
    """The two-part symbols tokens ``i`` and ``i + 1`` share: they spell one name together."""
    return tokens[i].pair_symbols & tokens[i + 1].pair_symbols


def _align_symbol_phrases(query: list[Token], listed: list[Token] | tuple[Token, ...], query_sim: list[float],
                          list_sim: list[float], pairs: list[AlignedPair], similarity: float) -> None:
    """Align two adjacent tokens with two adjacent tokens when both pairs spell one name with the
    same symbol, across scripts (``عبد الرحمن`` / ``Abdul Rahman``: neither half matches alone)."""
    for i in range(len(query) - 1):
        if query_sim[i] or query_sim[i + 1] or not query[i].pair_symbols:
            continue
        wanted = _phrase_symbols(query, i)
        for j in range(len(listed) - 1):
            if list_sim[j] or list_sim[j + 1] or not listed[j].pair_symbols:
                continue
            shared = wanted & _phrase_symbols(listed, j)
            if not shared or not (_cross_script(query[i], listed[j]) or _cross_script(query[i + 1], listed[j + 1])):
                continue
            query_sim[i] = query_sim[i + 1] = list_sim[j] = list_sim[j + 1] = similarity
            left, right = query[i:i + 2], listed[j:j + 2]
            detail = (f"{' '.join(t.source or t.text for t in left)} ~ {' '.join(t.source or t.text for t in right)}"
                      f" (name symbol {min(shared)})")
            pairs.append(AlignedPair(" ".join(t.text for t in left), " ".join(t.text for t in right), similarity,
                                     "name_symbol", detail))
            break
