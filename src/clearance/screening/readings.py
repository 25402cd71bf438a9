"""Other readings of names written in Hangul: per-syllable romanisations with their common variants.

ICU reads a Hangul name as one Revised Romanization word (``김정은`` → ``gimjeong-eun``), while
lists write the family name apart and in its conventional spelling, the given name syllable by
syllable and often in McCune-Reischauer or a popular spelling (``Kim Jong Un``). A Korean
personal name is a family name of one syllable (a handful of two) followed by a given name of
one or two syllables, so a Hangul word of up to four syllables is read here as:

* the family name, one token spelt as ``data/hangul_surnames.csv`` gives it (``kim``, variants
  ``gim``, ``ghim``...): a first or last word that is a family name on its own (``김 정은``,
  ``정은 김``: Western order), else the head of the first word when the table knows it;
* then one token per syllable, spelt in Revised Romanization with the McCune-Reischauer and
  popular spellings of its letters as variants (``data/hangul_jamo.csv``: ``정`` → ``jeong``,
  variants ``jong``, ``jung``, ``chong``...).

The matcher compares a token's variants too (``compare.token_match``). The tokens replace the
ICU tokens of that word only; other words, and words of five syllables or more (organisation
names), keep ICU's reading. Both tables are data files with their source on each row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files

from clearance.screening.entity import EntityType
from clearance.screening.prepare import Token, make_token, name_tokens

HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_SYLLABLE_BASE = 0xAC00
_VOWEL_COUNT, _FINAL_COUNT = 21, 28
# Unicode's composition order of the jamo (Hangul Syllables block): the tables must list them so.
_INITIAL_ORDER = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWEL_ORDER = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINAL_ORDER = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # after "no final"
_MAX_NAME_SYLLABLES = 4  # family name (1-2) + given name (1-2); longer words are not personal names
_PERSON_KINDS = (None, EntityType.PERSON, EntityType.UNKNOWN)


@dataclass(frozen=True)
class HangulTables:
    """Spellings of each jamo (Revised Romanization first) and of the common family names."""

    initials: tuple[tuple[str, ...], ...]
    vowels: tuple[tuple[str, ...], ...]
    finals: tuple[tuple[str, ...], ...]  # index 0: no final consonant
    surnames: dict[str, tuple[str, ...]]


def _spellings(row: dict[str, str]) -> tuple[str, ...]:
    ordered = [row["rr"], row["mr"], *row["other"].split()]
    return tuple(dict.fromkeys(ordered))


@lru_cache(maxsize=1)
def hangul_tables() -> HangulTables:
    """The packaged tables, read once (read-only afterwards)."""
    data = files("clearance.screening") / "data"
    with (data / "hangul_jamo.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_position: dict[str, dict[str, tuple[str, ...]]] = {"initial": {}, "vowel": {}, "final": {}}
    for row in rows:
        by_position[row["position"]][row["jamo"]] = _spellings(row)
    with (data / "hangul_surnames.csv").open(encoding="utf-8") as handle:
        surnames = {row["hangul"]: tuple(row["spellings"].split()) for row in csv.DictReader(handle)}
    return HangulTables(
        initials=tuple(by_position["initial"][j] for j in _INITIAL_ORDER),
        vowels=tuple(by_position["vowel"][j] for j in _VOWEL_ORDER),
        finals=(("",), *(by_position["final"][j] for j in _FINAL_ORDER)),
        surnames=surnames)


def syllable_spellings(syllable: str, tables: HangulTables) -> tuple[str, ...]:
    """Romanisations of one Hangul syllable, Revised Romanization first (``정`` → ``jeong``, ``jong``...)."""
    index = ord(syllable) - _SYLLABLE_BASE
    initial, rest = divmod(index, _VOWEL_COUNT * _FINAL_COUNT)
    vowel, final = divmod(rest, _FINAL_COUNT)
    spellings = (i + v + f for i in tables.initials[initial] for v in tables.vowels[vowel]
                 for f in tables.finals[final])
    return tuple(dict.fromkeys(spellings))


def _reading_token(source: str, spellings: tuple[str, ...]) -> Token:
    return replace(make_token(spellings[0]), variants=spellings[1:], source=source, syllable=True,
                   particle=False, legal_form=False)


def word_tokens(word: str, *, family_name: bool, tables: HangulTables) -> list[Token]:
    """The tokens of one Hangul word: the family name first when ``family_name`` and the table
    knows it (a two-syllable one only in a word of three syllables or more), then one per syllable."""
    tokens: list[Token] = []
    rest = word
    if family_name:
        for length in (2, 1):
            head = word[:length]
            if head in tables.surnames and (length == 1 or len(word) >= 3):
                tokens.append(_reading_token(head, tables.surnames[head]))
                rest = word[length:]
                break
    tokens.extend(_reading_token(s, syllable_spellings(s, tables)) for s in rest)
    return tokens


def _family_word(words: list[str], tables: HangulTables) -> int | None:
    """The position of a word that is a family name on its own: the first (Korean order), else the
    last (Western order); None when the name is one word or neither is."""
    if len(words) < 2:
        return None
    for position in (0, len(words) - 1):
        if words[position] in tables.surnames:
            return position
    return None


def _find(tokens: list[Token], texts: list[str], start: int) -> int | None:
    width = len(texts)
    for at in range(start, len(tokens) - width + 1):
        if [t.text for t in tokens[at:at + width]] == texts:
            return at
    return None


def korean_tokens(name: str, tokens: list[Token], kind: EntityType | None = None) -> list[Token]:
    """``tokens`` (``prepare.name_tokens(name)``) with each Hangul word of a personal name read
    syllable by syllable (see the module docstring). Other names come back unchanged."""
    if kind not in _PERSON_KINDS or name.isascii():
        return tokens
    words = HANGUL_WORD.findall(unicodedata.normalize("NFKC", name))
    if not words:
        return tokens
    tables = hangul_tables()
    family = _family_word(words, tables)
    out = list(tokens)
    position = 0
    for number, word in enumerate(words):
        if len(word) > _MAX_NAME_SYLLABLES:
            continue
        icu = [t.text for t in name_tokens(word, kind=EntityType.PERSON)]
        at = _find(out, icu, position) if icu else None
        if at is None:  # the word's ICU tokens are not where expected: leave the name as ICU read it
            continue
        if number == family:
            read = [_reading_token(word, tables.surnames[word])]
        else:
            read = word_tokens(word, family_name=family is None and number == 0, tables=tables)
        out[at:at + len(icu)] = read
        position = at + len(read)
    return out
