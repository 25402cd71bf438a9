"""Proper shipping names as the HMT prints them, and how a declared name is matched to them.

49 CFR 172.101(c)(1): the proper shipping name is the roman-type text of column 2; italic words
are not part of it; it may be used in the singular or plural and in upper or lower case. The
shared copy of the table lost the italics, so an HMT name such as "Lithium ion batteries including
lithium ion polymer batteries" carries italic qualifiers; :func:`names_match` accepts the
declared name when it is the printed name with such a trailing qualifier removed.
"""

from __future__ import annotations

import re

# Words that start the italic qualifiers of column 2 (e.g. "including lithium ion polymer
# batteries", "see § 173.x"). A declared name that stops right before one of them names the entry.
# Compared on keys, where "includes" has become "include".
_QUALIFIER_STARTS = ("including ", "include ", "see ", "e.g. ", "other than ")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z]+")


def normalise_name(text: str) -> str:
    """Case, spacing and punctuation variants of a name made equal: lower case, single spaces,
    no space before a comma, ``n.o.s`` always with its final dot, no trailing full stop."""
    name = _SPACE.sub(" ", text.strip().lower())
    name = name.replace(" ,", ",").replace(",,", ",")
    name = re.sub(r"\bn\.o\.s\b\.?", "n.o.s.", name)
    if name.endswith(".") and not name.endswith("n.o.s."):
        name = name[:-1]
    return name.strip()


def _singular(word: str) -> str:
    """A plural-insensitive form of one word (172.101(c)(1) allows singular or plural)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def name_key(text: str) -> str:
    """The comparison key of a name: normalised, each word singular (punctuation after a word, as in
    "liquids,", does not stop it)."""
    return _WORD.sub(lambda match: _singular(match.group()), normalise_name(text))


def _spelling(key: str) -> str:
    # 172.101(c)(1): ICAO/IMDG spellings are allowed ("aluminium", "sulphur").
    return key.replace("aluminium", "aluminum").replace("sulph", "sulf")


def match_key(name: str) -> str:
    """The key :func:`keys_match` compares: :func:`name_key` with ICAO/IMDG spellings folded."""
    return _spelling(name_key(name))


def names_match(declared: str, printed: str) -> bool:
    """Whether a declared proper shipping name is the HMT's printed name (see the module docstring)."""
    return keys_match(match_key(declared), match_key(printed))


def keys_match(want: str, have: str) -> bool:
    """:func:`names_match` on precomputed :func:`match_key` values.

    An italic "or" separates alternative names (172.101(c)(1)); with the italics lost, each side
    of an " or " is accepted as well as the whole.
    """
    if not want:
        return False
    if want == have:
        return True
    if want[:1] not in have:
        return False
    for candidate in (have, *have.split(" or ")):
        candidate = candidate.strip(" ,")
        if want == candidate:
            return True
        if candidate.startswith(want):
            rest = candidate[len(want):].lstrip(" ,(")  # "(including ...)" is italic too
            if rest.startswith(_QUALIFIER_STARTS):
                return True
    return False
