"""Which control rows of an ECCN reach a declared paragraph (fictional rows in the CCL's own wording)."""

from __future__ import annotations

import pytest

from clearance.export_control.ccl import (
    CclEntry,
    ControlRow,
    Reach,
    applicability,
    paragraph_refs,
)
from clearance.export_control.eccn import parse_eccn


def _row(scope: str, columns: tuple[str, ...] = ("NS1",)) -> ControlRow:
    return ControlRow("NS", scope, "NS Column 1", columns)


_MIXED_EXCEPT = ("NS applies to entire entry (7A101) except: 7A101.b; parts in 7A101.x if being exported for use "
                 "in an aircraft in 7A101.b; and 7A101.y")


@pytest.mark.parametrize(("scope", "eccn", "reach"), [
    ("NS applies to entire entry", "7A101", Reach.APPLIES),
    ("NS applies to entire entry (7A101)", "7A101.c", Reach.APPLIES),
    ("NS applies to entire entry except 7A101.y", "7A101.y.3", Reach.DOES_NOT_APPLY),
    ("NS applies to entire entry except 7A101.y", "7A101", Reach.APPLIES),  # .y must be declared
    ("NS applies to entire entry (7A101), except .e and .y", "7A101.e", Reach.DOES_NOT_APPLY),
    ("NS applies to entire entry (7A101), except .e and .y", "7A101", Reach.MAY_APPLY),
    ("NS applies to 7A101.b.2 and b.3", "7A101.b.3", Reach.APPLIES),
    ("NS applies to 7A101.b.2 and b.3", "7A101.c", Reach.DOES_NOT_APPLY),
    ("NS applies to 7A101.b.2 and b.3", "7A101.b", Reach.MAY_APPLY),
    ("NS applies to 7A101.b.2 and b.3", "7A101", Reach.MAY_APPLY),
    ("NS applies to 7A101.z.1.a, z.2.a", "7A101", Reach.DOES_NOT_APPLY),  # .z must be declared
    ("NS applies to 7A101.a.1 when usable in missiles", "7A101.a.1", Reach.MAY_APPLY),
    ("NS applies to 7A101.e.2 that meet or exceed the parameters in 7A201.a", "7A101.a", Reach.DOES_NOT_APPLY),
    ("NS applies to 7A101.b.2, except those being exported for use in civil telecommunications", "7A101.b.2",
     Reach.MAY_APPLY),
    (_MIXED_EXCEPT, "7A101.x", Reach.MAY_APPLY),
    (_MIXED_EXCEPT, "7A101.a", Reach.APPLIES),
    ("NS applies to items described somewhere", "7A101", Reach.MAY_APPLY),
])
def test_applicability(scope, eccn, reach):
    assert applicability(_row(scope), parse_eccn(eccn)).reach is reach


def test_references_to_other_entries_and_abbreviations_are_not_paragraphs():
    refs, whole = paragraph_refs("applies to 7A101.e.2 (e.g. capacitors) that meet 7A201.a", "7A101")
    assert refs == ["e.2"] and not whole


def test_entry_from_record_reads_paragraph_letters_and_limits():
    entry = CclEntry.from_record({
        "eccn": "7A101", "heading": "Test entry", "reasons_for_control": ["NS", "AT"],
        "controls": [{"reason": "NS", "scope": "NS applies to entire entry", "chart": "NS Column 2",
                      "columns": ["NS2"]}],
        "lvs_value_limits_usd": ["3000", "1500"], "lvs_eligible": "partial", "items_text": "a. Things | b. Others",
        "items_truncated": False, "license_fields_as_of": "2025-09-29"})
    assert entry.paragraphs == ("a", "b") and [str(v) for v in entry.lvs_limits] == ["1500", "3000"]
    assert not entry.itar_pointer and not entry.fields_missing
    pointer = CclEntry.from_record({"eccn": "7A102", "heading": "(subject to the ITAR)", "controls": [],
                                    "note": "ITAR pointer entry"})
    assert pointer.itar_pointer
