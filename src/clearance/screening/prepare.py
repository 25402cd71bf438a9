"""Name preparation: from a name as written to the tokens the matcher compares.

The same steps run on list names (once, when the index is built) and on screened names, so
both sides are compared in one form:

1. Unicode NFKC; invisible characters (zero-width joiners, soft hyphens, word joiners,
   bidi marks: Unicode category Cf) removed, because they change bytes, not the name.
2. Homoglyph folding: Cyrillic and Greek letters that look like Latin ones (``А``, ``О``,
   ``і``...) are read as Latin when they sit in a Latin name, the trick of evading a screen
   with ``CОRREA`` (Unicode TR39 confusables, the Latin-lookalike subset).
3. Transliteration to ASCII of other scripts (ICU: ``Владимир`` → ``vladimir``,
   ``محمد`` → ``mhmd``), casefolding, apostrophes dropped (``O'Brien`` → ``obrien``), other
   punctuation a token break.
4. Organisation legal forms canonicalised (rigour's table: ``Limited Liability Company`` →
   ``llc``) and marked, titles and honorifics (``Dr``, ``Gen.``, ``Sayyid``) dropped.
5. Per token: a phonetic key (metaphone) and a consonant skeleton (vowels, ``w``/``y``/``h``
   and doubled letters dropped), so ``Muhammad`` / ``Mohamed`` / ``Mhmd`` share keys.

These tokens are also the canonical form of a party for the accept list
(``store.screening.party_key``), so they stay as they are. What the matcher adds on top for
names written in other scripts (Hangul readings: ``readings``; person-name symbols:
``symbols``) rides on the tokens' ``syllable``, ``variants``, ``symbols`` and ``source`` fields.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import icu
from rigour.names import replace_org_types_compare
from rigour.text import metaphone

from clearance.screening.entity import EntityType

# Cyrillic and Greek letters that render like Latin ones (TR39 confusables, lookalike subset).
_HOMOGLYPH_SOURCE = "АВЕКМНОРСТХУаеорсухіјѕԁһӏԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧаοικνρτυχ"
_HOMOGLYPH_TARGET = "ABEKMHOPCTXYaeopcyxijsdhlqwABEZHIKMNOPTYXaoikvptux"
_HOMOGLYPHS = str.maketrans(_HOMOGLYPH_SOURCE, _HOMOGLYPH_TARGET)
_APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Titles, honorifics and generational suffixes: they say nothing about who a person is.
# Kept short and explicit: a word that is also a common given name (Hafiz, Imam as a name)
# is not here, nor "he" (His Excellency abbreviated), which is the family name 何 / 贺.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame", "lord", "lady",
    "eng", "engr", "engineer", "gen", "general", "col", "colonel", "maj", "major", "capt", "captain", "lt", "lieutenant", "brig",
    "brigadier", "adm", "admiral", "cmdr", "commander", "sgt", "sergeant", "cpl", "pvt",
    "sheikh", "shaikh", "shaykh", "sheik", "sayyid", "sayed", "syed", "haji", "hajji", "alhaji", "mullah",
    "mulla", "maulana", "mawlana", "maulvi", "mawlawi", "maulavi", "ustadh", "ustad", "qari", "amir",
    "emir", "hon", "honorable", "honourable", "rev", "reverend", "fr", "father", "herr", "frau",
    "monsieur", "mme", "madame", "senor", "sr", "sra", "jr", "junior", "senior", "ii", "iii", "iv",
    "his", "her", "excellency", "hrh",
})

# Canonical legal forms after rigour's replacement, plus common ones it leaves as they are.
LEGAL_FORMS = frozenset({
    "llc", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company", "plc", "gmbh",
    "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "aps", "asa", "jsc", "ojsc",
    "cjsc", "pjsc", "ooo", "oao", "zao", "pao", "ao", "tov", "llp", "lp", "pte", "pvt", "bhd", "sdn", "tbk",
    "pt", "cv", "fze", "fzco", "fzc", "fzllc", "kft", "zrt", "sro", "doo", "dd", "ad", "eood", "ood", "se",
    "sl", "slu", "lda", "ltda", "cia", "kk", "kabushiki", "kaisha", "yk", "jv", "ug", "eg", "ev", "gie",
    "sc", "sci", "snc", "scs", "spzoo", "sp", "zoo", "ik", "ip", "chp", "tsk", "oyj", "hf", "ehf",
    "sal", "wll", "est", "pllc", "lllp", "pc", "coltd", "intl",
})

# Words that make a name an organisation's, for entries whose list gives no type (the
# multi-list export has none): a legal form of three letters or more, or one of these words.
# Kept to words that are not also personal names (no "Marine", "Sal", "Hill").
ORGANIZATION_WORDS = frozenset({
    "group", "bank", "banking", "holding", "holdings", "trading", "trade", "industries", "industry", "industrial",
    "technology", "technologies", "tech", "enterprise", "enterprises", "international", "institute", "ministry",
    "committee", "organization", "organisation", "association", "foundation", "front", "brigade", "brigades",
    "army", "movement", "party", "university", "capital", "shipping", "airlines", "airline", "aviation",
    "services", "factory", "plant", "centre", "center", "agency", "authority", "bureau", "council",
    "department", "exchange", "fund", "network", "partners", "petroleum", "oil", "gas", "energy", "investment",
    "investments", "import", "export", "logistics", "maritime", "navigation", "systems", "electronics",
    "engineering", "construction", "development", "resources", "mining", "chemical", "chemicals",
    "pharmaceutical", "pharmaceuticals", "media", "trust", "union", "society", "school", "hospital",
    "laboratory", "research", "design", "manufacturing", "products", "solutions", "consulting", "management",
    "insurance", "finance", "financial", "securities", "ventures", "shipyard",
})
ORGANIZATION_MARKERS = ORGANIZATION_WORDS | frozenset(f for f in LEGAL_FORMS if len(f) >= 3 and f != "sal")

# Particles and connectives: matched when present, but worth little.
PARTICLES = frozenset({
    "al", "el", "ul", "bin", "ibn", "bint", "ben", "abu", "abd", "de", "da", "di", "do", "dos", "das", "du",
    "del", "della", "der", "den", "van", "von", "la", "le", "of", "the", "and", "y", "e", "i", "bn", "b",
})

_VOWELS = str.maketrans("w", "v", "aeiouy")  # w read as v: Hebrew/Arabic waw


@dataclass(frozen=True, slots=True)
class Token:
    """One prepared token and its match keys."""

    text: str
    phonetic: str
    skeleton: str
    legal_form: bool = False
    particle: bool = False
    vowelless: bool = False  # no vowel after the first letter: "hmd", "omr" (vowel drop, abjad transliteration)
    # A Hangul syllable (or family name) read by readings.py: compared only by its spellings, and
    # never an initial, particle or legal form whatever its romanisation ("u", "bin", "do").
    syllable: bool = False
    # Other spellings of the same written token (a Hangul syllable's romanisations).
    variants: tuple[str, ...] = ()
    # Person-name symbols (rigour's Wikidata ids) of the token alone, and of a two-token phrase it
    # is part of ("abd allah" as one name): symbols.py.
    symbols: frozenset[str] = frozenset()
    pair_symbols: frozenset[str] = frozenset()
    # The token as written when that was not in Latin letters ("محمد" for "mhmd"); set where a
    # reading or a symbol was found for it, the only places it is used.
    source: str = ""
    # The Chinese character a token was read from (simplified form), when its whole name is
    # written in Chinese characters: two such tokens match only when the characters are the same
    # (han.py). Pinyin alone would join 陈 and 晨, 国 and 郭.
    han: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.text, *self.variants)


def has_foreign_letters(text: str) -> bool:
    """Whether ``text`` has a letter outside the Latin script (Arabic, Cyrillic, Han, Hangul...)."""
    return not text.isascii() and any(ch.isalpha() and not _is_latin(ch) for ch in text)


def ascii_word(text: str) -> str:
    """One word as its token text: ASCII, lower case, apostrophes and other punctuation dropped."""
    return _NON_ALNUM.sub("", _APOSTROPHES.sub("", to_ascii(text)))


def strip_invisible(text: str) -> str:
    """Drop format characters (Unicode category Cf: ZWJ, ZWNJ, soft hyphen, bidi marks ...)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _is_latin(ch: str) -> bool:
    return "a" <= ch.lower() <= "z" or "LATIN" in unicodedata.name(ch, "")


def fold_homoglyphs(text: str) -> str:
    """Read Cyrillic/Greek lookalikes as Latin in a name written mostly in Latin letters."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or all(ch.isascii() for ch in letters):
        return text
    latin = sum(1 for ch in letters if _is_latin(ch))
    if latin * 2 >= len(letters):
        return text.translate(_HOMOGLYPHS)
    # A mostly non-Latin name: fold only tokens that mix Latin letters with lookalikes.
    return " ".join(word.translate(_HOMOGLYPHS) if any(_is_latin(c) for c in word if c.isalpha()) else word
                    for word in text.split(" "))


# Latin letters that do not decompose into a base letter and a mark.
_LATIN_SPECIALS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                 "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th",
                                 "ð": "d", "Ð": "D", "ħ": "h", "ŋ": "ng"})


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_SPECIALS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_ascii(text: str) -> str:
    """NFKC, invisible characters out, homoglyphs folded, then ASCII (lower case).

    Latin text with diacritics is folded by decomposition (fast); other scripts go through
    ICU's transforms (``_transliterator``).
    """
    if text.isascii():
        return text.lower()
    text = strip_invisible(unicodedata.normalize("NFKC", text))
    if not text.isascii():
        text = fold_homoglyphs(text)
        stripped = _strip_marks(text)
        text = stripped if stripped.isascii() else _transliterator().transliterate(text)
    return text.encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=1)
def _transliterator() -> icu.Transliterator:
    """ICU's transforms to Latin, then to ASCII (built once: building is costly). Russian-script
    names take BGN/PCGN romanisation, the one used for names (``Ярослав`` → ``Yaroslav``, not
    ISO 9's ``Âroslav``); other scripts take ICU's default ``Any-Latin``."""
    return icu.Transliterator.createInstance("Russian-Latin/BGN; Any-Latin; Latin-ASCII")


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant skeleton: the first letter, then the rest without vowels (nor y), w read as v,
    doubled letters once (``Hammid`` → ``hmd``, ``Omairi`` → ``omr``, ``Yury`` → ``yr``)."""
    bare = token[:1] + token[1:].translate(_VOWELS)
    out: list[str] = []
    for ch in bare:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=200_000)
def make_token(text: str) -> Token:
    return Token(text=text, phonetic=metaphone(text) if text.isalpha() else text, skeleton=skeleton(text),
                 legal_form=text in LEGAL_FORMS, particle=text in PARTICLES,
                 vowelless=len(text) >= 2 and text.isalpha() and not any(v in text[1:] for v in "aeiou"))


def name_tokens(name: str, *, kind: EntityType | None = None) -> list[Token]:
    """The prepared tokens of one name of an entity of type ``kind``.

    Legal forms are canonicalised unless the entity is a person; an unknown type is treated
    like an organisation, since a legal form in a person's name is rare and harmless to
    canonicalise.
    """
    text = to_ascii(name)
    text = _APOSTROPHES.sub("", text)
    if kind != EntityType.PERSON:
        text = replace_org_types_compare(text)
    words = [w for w in _NON_ALNUM.split(text) if w]
    kept = [w for w in words if w not in TITLES]
    if len(kept) < 2 and len(words) > len(kept):  # "General" alone, or "Mr Smith" → keep the real token
        kept = [w for w in words if w not in TITLES] or words
    return [make_token(w) for w in kept]
