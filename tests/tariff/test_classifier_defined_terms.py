"""Terms the notes define by example (Chapter 71, Note 9 style), recognised in descriptions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearance.tariff.classifier.defined_terms import DefinedTerms

NOTE_9 = ('For the purposes of heading 7113, the expression "articles of jewelry" means:\n(a) Any small objects of '
          "personal adornment (for example, rings, bracelets, necklaces, brooches, earrings, watch chains, fobs, "
          "pendants, tie pins, cuff links, dress studs, religious or other medals and insignia); and")
NOTE_11 = ('For the purposes of heading 7117, the expression "imitation jewelry" means articles of jewelry within the '
           "meaning of paragraph (a) of note 9 above")
NOTES = [
    {"chapter": "71", "number": "9", "text": NOTE_9, "definitions": [{"term": "articles of jewelry", "text": NOTE_9}]},
    {"chapter": "71", "number": "11", "text": NOTE_11,
     "definitions": [{"term": "imitation jewelry", "text": NOTE_11}]},
    {"chapter": "72", "number": "1", "text": "(for example, squares)",
     "definitions": [{"term": "bars and rods", "text": "bars (for example, squares, rings)"}]},  # not expanding
]
LINES = [
    {"code": "8409991000", "path": ["Parts suitable for use solely with engines:"], "description": "Piston rings"},
    {"code": "7113110000", "path": ["Articles of jewelry:"], "description": "Rings, of silver"},
]


def test_examples_name_the_term_and_the_headings_whose_notes_use_it():
    terms = DefinedTerms(NOTES, LINES)
    found = terms.recognise("Stainless steel Cuban chain necklaces for men")
    assert [(r.word, r.term, r.citation, r.headings) for r in found] == [
        ("necklaces", "articles of jewelry", "Chapter 71, Note 9", {"7113", "7117"})]
    assert terms.recognise("Enamel brooches")[0].word == "brooches"
    assert terms.recognise("steel bars in squares") == []  # only the listed definitions expand
    assert terms.recognise("tie pin") == []  # two-word examples are not read word by word
    assert terms.recognise("religious statue") == []


def test_an_example_the_schedule_uses_elsewhere_needs_support():
    terms = DefinedTerms(NOTES, LINES)
    assert terms.recognise("Watch case chapter ring") == []  # "rings" are also piston rings (chapter 84)
    assert terms.recognise("O rings of rubber") == []
    assert terms.recognise("Gothic rings jewellery")[0].word == "rings"  # the term's own noun, either spelling
    assert terms.recognise("ring and earrings set")[0].word == "earrings"
    assert DefinedTerms(NOTES).recognise("silver ring")[0].word == "ring"  # no schedule given: nothing is ambiguous


@given(st.text(max_size=200))
def test_recognising_never_fails(text):
    for found in DefinedTerms(NOTES, LINES).recognise(text):
        assert found.term == "articles of jewelry" and found.word.lower() in text.lower()
