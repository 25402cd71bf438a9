"""HTSUS legal notes parser: hand-written snippets, then the real USITC notes files (skipped when absent)."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.tariff.notes import LegalNote, parse_notes_file, parse_notes_text

NOTES_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "classification" / "hts_us" / "notes_usitc_2025"

# Fictional but faithful to the layout of the USITC text: section header and title, page markers,
# running heads, a footnote marker and its footnote line, wrapped lettered items, curly quotes.
SNIPPET = """SECTION XXV
TOYS OF THE IMAGINATION;
GADGETS AND WHIRLIGIGS
XXV-1
Notes
1. This section does not cover:
(a) Candles (heading 3406);
(b) Articles of plastics of chapter 39, or of base metal (section XV), whether or not fitted with
bells of heading 8306;
(c) Gadgets of headings 9501 to 9503; or
(d) Parts of general use, as defined in note 2 to section XV, of base metal. 1/
1/ See subheading 9817.95.01 and
the compiler's remark on it.
XXV-2
Notes (con.)
2. For the purposes of this section, the expression “whirligig” means a toy that spins
when blown upon.
XXV-3
CHAPTER 95
WHIRLIGIGS
XXV
95-1
Notes
1. Heading 9503 does not cover whirligigs for pets (heading 4201). The term "pet" includes
parrots.
2. Subject to note 1 above, heading 9508 applies to
amusement rides.
Subheading Note
1. Subheading 9504.50 covers only consoles (subheading 9504.50.00).
XXV
|95-2
Additional U.S. Note
For the purposes of this chapter, the term "toy" means any article chiefly used for the amusement of children.
Statistical note
1. Report under statistical reporting number 9503.00.0073.
"""


@pytest.fixture(scope="module")
def snippet() -> list[LegalNote]:
    return parse_notes_text(SNIPPET, "95")


def test_structure_scope_kind_and_numbers(snippet):
    assert [(n.scope, n.section, n.chapter, n.kind, n.number) for n in snippet] == [
        ("section", "XXV", "95", "note", "1"),
        ("section", "XXV", "95", "note", "2"),
        ("chapter", "XXV", "95", "note", "1"),
        ("chapter", "XXV", "95", "note", "2"),
        ("chapter", "XXV", "95", "subheading_note", "1"),
        ("chapter", "XXV", "95", "additional_us_note", "1"),
        ("chapter", "XXV", "95", "statistical_note", "1"),
    ]


def test_text_is_cleaned_and_items_keep_their_lines(snippet):
    text = snippet[0].text
    for noise in ("XXV-2", "(con.)", "1/", "compiler", "TOYS OF"):
        assert noise not in text
    assert text.splitlines() == [
        "This section does not cover:",
        "(a) Candles (heading 3406);",
        "(b) Articles of plastics of chapter 39, or of base metal (section XV), whether or not fitted with "
        "bells of heading 8306;",
        "(c) Gadgets of headings 9501 to 9503; or",
        "(d) Parts of general use, as defined in note 2 to section XV, of base metal.",
    ]
    assert snippet[0].footnotes == ("1/ See subheading 9817.95.01 and the compiler's remark on it.",)
    assert snippet[3].text == "Subject to note 1 above, heading 9508 applies to amusement rides."


def test_lettered_exclusions_and_targets(snippet):
    excl = snippet[0].exclusions
    assert [e.item for e in excl] == ["a", "b", "c", "d"]
    assert excl[0] == excl[0].__class__("a", "Candles (heading 3406);", ("3406",))
    assert excl[1].targets == ("ch39", "secXV", "8306")
    assert excl[2].targets == ("9501", "9502", "9503")  # a range is expanded
    assert excl[3].targets == ()  # "note 2 to section XV" is a cross-reference, not a target


def test_single_sentence_exclusion_and_references(snippet):
    note = snippet[2]
    assert [(e.item, e.targets) for e in note.exclusions] == [("", ("4201",))]
    assert note.exclusions[0].text == "Heading 9503 does not cover whirligigs for pets (heading 4201)."
    assert note.references == ("9503", "4201")
    assert snippet[0].references == ("3406", "8306", "9501", "9503", "98179501")  # footnote included
    assert snippet[4].references == ("950450", "95045000")
    assert snippet[6].references == ("9503000073",)


def test_definitions_with_curly_and_straight_quotes(snippet):
    (whirligig,) = snippet[1].definitions
    assert whirligig.term == "whirligig"
    assert whirligig.text == ("For the purposes of this section, the expression “whirligig” means a toy that spins "
                              "when blown upon.")
    assert [(d.term, d.text) for d in snippet[2].definitions] == [("pet", 'The term "pet" includes parrots.')]
    assert snippet[5].definitions[0].term == "toy"


def test_exclusion_list_with_ij_and_roman_sub_items():
    letters = ["a", "b", "c", "d", "e", "f", "g", "h", "ij", "k"]
    items = [f"({x}) Goods number {n} of heading {n + 10}01;" for n, x in enumerate(letters)]
    items[2] += "\n(i) including one kind;\n(ii) and another;"
    items[-1] = items[-1][:-1] + "."  # the last item closes the list
    text = "CHAPTER 12\nSEEDS\nII\n12-1\nNote\n1. This chapter does not cover:\n" + "\n".join(items)
    text += "\nThis chapter also does not include anything of heading 9999.\n"
    (note,) = parse_notes_text(text, "12")
    assert note.section == "II" and note.kind == "note"
    assert [e.item for e in note.exclusions] == [*letters, ""]
    assert note.exclusions[2].text.endswith("(ii) and another;")
    assert note.exclusions[8].targets == ("1801",)
    assert note.exclusions[-1].targets == ("9999",)


def test_following_expressions_lists_and_section_notes_of_numbered_sub_items():
    text = """CHAPTER 72
IRON
Notes
1. In this chapter the following expressions have the meanings hereby assigned to them:
(a) Pig iron
Iron-carbon alloys containing:
    - not more than 10 percent of chromium
(b) Steel
Ferrous materials other than those of heading 7203.
2. Ferrous metals clad with another ferrous metal are classified by weight.
"""
    notes = parse_notes_text(text, "72")
    assert [n.number for n in notes] == ["1", "2"]
    assert [(d.term, d.text) for d in notes[0].definitions] == [
        ("Pig iron", "Iron-carbon alloys containing:\n- not more than 10 percent of chromium"),
        ("Steel", "Ferrous materials other than those of heading 7203."),
    ]
    assert notes[0].section is None  # no section header nor section marker in this text


def test_no_notes_outside_headers_and_empty_text():
    assert parse_notes_text("", "01") == []
    assert parse_notes_text("CHAPTER 50\nSILK\nXI\n50-1\n|XI\n", "50") == []


def test_long_odd_lines_stay_fast():
    started = time.perf_counter()
    parse_notes_text("CHAPTER 1\nNotes\n1. heading 1234" + " " * 3000 + "x\n" + "X" * 5000 + "\n", "01")
    parse_notes_text("Notes\n1. " + "x does not cover y. " * 1000 + "\n" + "Notes" + " " * 3000 + ":x\n", "01")
    assert time.perf_counter() - started < 10


_FRAGMENTS = ["SECTION XVI", "CHAPTER 84", "SUBCHAPTER I", "Notes", "Notes (con.)", "Additional U.S. Note",
              "Subheading Notes", "Statistical note", "1. This chapter does not cover:", "2. The term \"x\" means y.",
              "(a) Goods of heading 8471;", "(ij) chapter 39 or section XV;", "XVI-1", "95-1", "1/ See 9817.95.01",
              "[ COMPILER'S NOTE", "NOTICE TO EXPORTERS", "(i) sub", "  - bullet", "3. headings 0101 to 0105:",
              "1/", "2 Heading 0101", "(k) x", "“a” and “b” mean c;", "Statistical Notes (con.)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=60)), max_size=30), st.text(max_size=3))
def test_never_raises_and_references_are_digit_strings(lines, chapter):
    for note in parse_notes_text("\n".join(lines), chapter):
        assert note.scope in ("section", "chapter")
        assert note.kind in ("note", "subheading_note", "additional_us_note", "statistical_note")
        for ref in note.references:
            assert ref.isdigit() and len(ref) in (4, 6, 8, 10)
        for exclusion in note.exclusions:
            assert all(re.fullmatch(r"\d{4}|\d{6}|\d{8}|\d{10}|ch\d\d|sec[IVXL]+", t) for t in exclusion.targets)


# --- integration: the real USITC notes files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_notes() -> dict[str, list[LegalNote]]:
    if not NOTES_DIR.is_dir():
        pytest.skip(f"USITC notes files not found at {NOTES_DIR} (the shared/ folder beside the project)")
    return {p.name[8:10]: parse_notes_file(p) for p in sorted(NOTES_DIR.glob("chapter_*_notes.md"))}


def _note(notes: list[LegalNote], scope: str, kind: str, number: str) -> LegalNote:
    return next(n for n in notes if (n.scope, n.kind, n.number) == (scope, kind, number))


@pytest.mark.integration
def test_all_98_files_parse_and_yield_notes(real_notes):
    assert len(real_notes) == 98 and "77" not in real_notes
    assert all(real_notes.values()), [ch for ch, notes in real_notes.items() if not notes]
    for ch, notes in real_notes.items():
        assert all(n.text for n in notes), ch
        assert all(n.chapter == ch and n.section for n in notes), ch


@pytest.mark.integration
def test_chapter_95_note_1_exclusions(real_notes):
    note = _note(real_notes["95"], "chapter", "note", "1")
    assert note.section == "XX"
    letters = [e.item for e in note.exclusions]
    # (a) ... (x) with "(ij)" standing for both i and j: 23 items (not 24) in the 2025 text
    assert letters == [*"abcdefgh", "ij", *"klmnopqrstuvwx"] and len(letters) == 23
    by_item = {e.item: e for e in note.exclusions}
    assert by_item["a"].targets == ("3406",)
    assert by_item["o"].targets == ("8712",)
    assert by_item["c"].targets == ("ch39", "4206", "secXI")
    assert "98179501" in note.references  # from its footnote


@pytest.mark.integration
def test_chapter_95_note_6_defines_amusement_park_rides(real_notes):
    note = _note(real_notes["95"], "chapter", "note", "6")
    terms = {d.term: d.text for d in note.definitions}
    assert set(terms) == {"amusement park rides", "water park amusements", "fairground amusements"}
    assert terms["amusement park rides"].startswith("The expression “amusement park rides” means a device")


@pytest.mark.integration
def test_section_xvi_note_1_in_chapter_84(real_notes):
    note = real_notes["84"][0]
    assert (note.scope, note.section, note.chapter, note.kind, note.number) == ("section", "XVI", "84", "note", "1")
    assert [e.item for e in note.exclusions] == [*"abcdefgh", "ij", *"klmnopq"]
    chapter_note = _note(real_notes["84"], "chapter", "note", "1")
    assert chapter_note.section == "XVI"


@pytest.mark.integration
def test_chapters_98_99_subchapters_and_notice_skipped(real_notes):
    for ch in ("98", "99"):
        subchapter_notes = [n for n in real_notes[ch] if n.subchapter == "I"]
        assert subchapter_notes and all(n.kind == "additional_us_note" for n in subchapter_notes)
        assert not any("NOTICE TO EXPORTERS" in n.text.upper() for n in real_notes[ch])


@pytest.mark.integration
def test_totals_over_all_files(real_notes):
    notes = [n for chapter_notes in real_notes.values() for n in chapter_notes]
    kinds = Counter((n.scope, n.kind) for n in notes)
    exclusions = sum(len(n.exclusions) for n in notes)
    definitions = sum(len(n.definitions) for n in notes)
    references = sum(len(n.references) for n in notes)
    print(f"notes={len(notes)} {dict(kinds)} exclusions={exclusions} definitions={definitions} "
          f"references={references}")
    assert len(notes) >= 800 and kinds[("section", "note")] >= 40
    assert exclusions >= 600  # 672 measured on the 2025 files
    assert definitions >= 380  # 420 measured
    assert all(r.isdigit() and len(r) in (4, 6, 8, 10) for n in notes for r in n.references)
