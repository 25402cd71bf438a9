"""Cross-script person-name symbols: rigour's Wikidata name ids on prepared tokens.

Transliteration cannot bring back what a script does not write: ICU reads ``محمد علي`` as
``mhmd ly`` (no short vowels, the ain lost) and ``דוד`` as ``dwd``. rigour's person-name tagger
knows, from Wikidata, that ``محمد``, ``Mohamed`` and ``Muhammad`` are one given name
(``NAME:Q5837762``) and that ``עבד אללה`` / ``عبد الله`` and ``Abdullah`` are one
(``Q307578``). Those ids are attached here to the tokens they cover: a one-part span's ids on
its token (``Token.symbols``), a two-part span's on both tokens (``Token.pair_symbols``: a
name written in two words on one side and one on the other). The matcher aligns tokens
sharing an id only across scripts (``compare.token_match``): between two Latin spellings the
string features judge, and Wikidata's clusters are looser than a name screen can afford. Han,
Hangul and kana parts get none: Wikidata ties a character to its readings in every language that
writes it (李: Li, Lee, Yi, Ri, Ly; 陈: Chen, Tran), far too loose; Hangul has its own readings
(``readings``).

rigour's tagger is built on its first use (several seconds, a few hundred MiB, shared by
every later call in the process); tagging many names in one call is far cheaper than one by
one, so the index tags its Latin names in one batch.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from rigour.names import analyze_names
from rigour.names.symbol import SymbolCategory
from rigour.names.tag import NameTypeTag

from clearance.screening.prepare import Token, ascii_word, has_foreign_letters

# (token text,) or (token text, next token text) -> (the parts as written when not in Latin
# letters, else "", for each position; the NAME symbol ids of that span)
SymbolTable = dict[tuple[str, ...], tuple[tuple[str, ...], frozenset[str]]]

_MAX_SPAN_PARTS = 2  # longer phrases are whole names: their parts carry their own ids


def _is_cjk(text: str) -> bool:
    """Han ideographs, Hangul or kana in ``text``."""
    return any(_CJK_START <= ord(ch) and unicodedata.name(ch, "").startswith(_CJK_NAMES) for ch in text)


_CJK_START = 0x1100  # Hangul Jamo, the first block of these scripts
_CJK_NAMES = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA")


def symbol_table(names: Sequence[str]) -> SymbolTable:
    """Tag ``names`` as person names in one call and key the NAME symbols of their one- and
    two-part spans by the parts' token texts."""
    found: dict[tuple[str, ...], tuple[tuple[str, ...], set[str]]] = {}
    analysed = analyze_names(NameTypeTag.PER, list(names), consolidate=False, phonetics=False, numerics=False)
    for name in analysed:
        # Each part read once: a common name has a score of spans over the same parts.
        parts = {part.form: _part_reading(part.form) for part in name.parts}
        for span in name.spans:
            if span.symbol.category != SymbolCategory.NAME or len(span.parts) > _MAX_SPAN_PARTS:
                continue
            readings = [parts.get(part.form) or _part_reading(part.form) for part in span.parts]
            if not all(readings):
                continue
            key = tuple(text for text, _ in readings)  # type: ignore[misc]
            sources = tuple(source for _, source in readings)  # type: ignore[misc]
            found.setdefault(key, (sources, set()))[1].add(span.symbol.id)
    return {key: (sources, frozenset(ids)) for key, (sources, ids) in found.items()}


@lru_cache(maxsize=100_000)  # name parts recur (Muhammad, Ali): transliteration is the cost
def _part_reading(form: str) -> tuple[str, str] | None:
    """A part's token text and, when not in Latin letters, the part as written; None for parts
    that get no symbols (CJK, or nothing left after transliteration)."""
    if _is_cjk(form):
        return None
    text = ascii_word(form)
    if not text:
        return None
    return text, form if has_foreign_letters(form) else ""


def attach_symbols(tokens: list[Token], table: SymbolTable,
                   intern: dict[Token, Token] | None = None) -> list[Token]:
    """``tokens`` with the symbols ``table`` has for them (and their source where the table's part
    was not in Latin letters). ``intern`` shares equal enriched tokens between names."""
    out: list[Token] = []
    for i, token in enumerate(tokens):
        single = table.get((token.text,))
        sources = [single[0][0]] if single else []
        pair: set[str] = set()
        for at, key in ((1, tokens[i - 1].text if i else None), (0, tokens[i + 1].text if i + 1 < len(tokens) else None)):
            if key is None:
                continue
            entry = table.get((key, token.text) if at else (token.text, key))
            if entry:
                pair |= entry[1]
                sources.append(entry[0][at])
        if not single and not pair:
            out.append(token)
            continue
        enriched = replace(token, symbols=single[1] if single else frozenset(), pair_symbols=frozenset(pair),
                           source=token.source or next((s for s in sources if s), ""))
        out.append(intern.setdefault(enriched, enriched) if intern is not None else enriched)
    return out


def tag_name(name: str, tokens: list[Token]) -> list[Token]:
    """One name's tokens with their symbols (one tagger call: for a screened name)."""
    return attach_symbols(tokens, symbol_table([name])) if tokens else tokens
