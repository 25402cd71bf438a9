"""Names written in Chinese characters: one syllable per character, compared as spelt.

ICU reads each Chinese character as its Mandarin syllable in pinyin without tones (``陈明国`` →
``chen ming guo``), which is how such a name meets a list name written in Latin letters. Three
things follow from Chinese names being built from a few hundred syllables:

* Two names both written in characters are compared by their characters, not by their
  syllables (``Screener._similarity``): ``晨`` and ``陈`` are both ``chen``, ``国`` and ``郭``
  both ``guo``. Characters are folded to their simplified form first (ICU's
  ``Traditional-Simplified``: ``鄭`` and ``郑`` are one surname).
* Against a name in Latin letters, a character's syllable matches only as spelt, in pinyin or
  in Wade-Giles (``张``: ``zhang`` or ``chang``; ``谢``: ``xie`` or ``hsieh``), with the
  ``reading`` feature for the Wade-Giles spelling. String similarity between syllables means
  nothing: ``zhong`` / ``zhang`` and ``cheng`` / ``chong`` are different characters. The tokens
  are ``syllable`` tokens, as Hangul syllables are (``readings``), so the matcher treats them
  alike. Cantonese and other romanisations (``Chan``, ``Wong``) are not generated.
* A name in characters is complete: a list name with a syllable more (``LI Fang Wei`` against
  ``李伟``) is another name, not the same name with a middle name left out
  (``Weights.complete_name_share``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from functools import lru_cache

import icu

from clearance.screening.prepare import Token

# Pinyin initials and their Wade-Giles spelling (aspiration marks dropped, as lists write them).
_INITIALS = (("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"), ("t", "t"),
             ("g", "k"), ("k", "k"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("z", "ts"), ("c", "ts"),
             ("r", "j"), ("s", "s"), ("m", "m"), ("f", "f"), ("n", "n"), ("l", "l"), ("h", "h"),
             ("y", "y"), ("w", "w"))
_STANDALONE = {"yi": "i", "you": "yu", "ye": "yeh", "yan": "yen", "yong": "yung", "yue": "yueh", "er": "erh",
               "e": "o"}
_FINALS = {"ong": "ung", "iong": "iung", "ian": "ien", "ie": "ieh", "ue": "ueh"}
_UO_BECOMES_O = frozenset({"d", "t", "n", "l", "z", "c", "s", "zh", "ch", "r"})


def wade_giles(syllable: str) -> str:
    """The Wade-Giles spelling of a pinyin syllable, without aspiration marks or umlauts
    (``zhang`` → ``chang``, ``xie`` → ``hsieh``, ``zi`` → ``tzu``, ``guo`` → ``kuo``)."""
    if syllable in _STANDALONE:
        return _STANDALONE[syllable]
    initial, spelt = next(((p, w) for p, w in _INITIALS if syllable.startswith(p)), ("", ""))
    final = syllable[len(initial):]
    if final == "i" and initial in ("z", "c", "s"):
        return {"z": "tzu", "c": "tzu", "s": "ssu"}[initial]
    if final == "i" and initial in ("zh", "ch", "sh", "r"):
        return spelt + "ih"
    if final in ("e", "ui") and initial in ("g", "k", "h"):
        final = {"e": "o", "ui": "uei" if initial != "h" else "ui"}[final]
    elif final == "uo" and initial in _UO_BECOMES_O:
        final = "o"
    else:
        final = _FINALS.get(final, final)
    return spelt + final


def is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def han_tokens(name: str, tokens: list[Token]) -> list[Token]:
    """``tokens`` read as syllables of Chinese characters when ``name`` is written wholly in
    them, one token per character as ICU reads it (see the module docstring); any other name
    comes back unchanged."""
    if name.isascii() or not tokens:
        return tokens
    letters = [ch for ch in unicodedata.normalize("NFKC", name) if ch.isalpha()]
    if len(letters) != len(tokens) or not all(map(is_han, letters)):
        return tokens
    simplified = _simplifier().transliterate("".join(letters))
    if len(simplified) != len(letters):
        return tokens
    return [_syllable(token, written, character)
            for token, written, character in zip(tokens, letters, simplified, strict=True)]


def _syllable(token: Token, written: str, character: str) -> Token:
    other = wade_giles(token.text)
    variants = (other,) if other != token.text else ()
    return replace(token, variants=variants, syllable=True, source=written, han=character,
                   particle=False, legal_form=False)


@lru_cache(maxsize=1)
def _simplifier() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Traditional-Simplified")
