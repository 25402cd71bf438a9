"""Destination rules outside the chart, part 746 rules by date, and licence-exception screening,
on hand-built destinations (fictional chart rows, the EAR's own group names)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clearance.export_control.ccl import CclEntry
from clearance.export_control.destination import Destination, outside_chart, region_in
from clearance.export_control.eccn import parse_eccn
from clearance.export_control.embargo import destination_rules, rules_for
from clearance.export_control.exceptions import candidates
from clearance.model.export import LineExport


def _dest(country: str, groups: tuple[str, ...] = (), x: tuple[str, ...] = (), footnotes=(), code=None,
          special_case=None, region=None) -> Destination:
    return Destination(code=code or country, country=country, name=country, x=frozenset(x), special_case=special_case,
                       footnotes=tuple(footnotes), groups=frozenset(groups), bis_x=None, region=region)


_UAE_RULE = ("To or within the United Arab Emirates or destinations specified in Country Groups D:1, D:4, and D:5 of "
             "supplement no. 1 to part 740 of the EAR, excluding any destination also specified in Country Groups "
             "A:5 or A:6.")


@pytest.mark.parametrize(("text", "reason", "dest", "applies"), [
    ("Worldwide control. See § 742.4(a)(5) of the EAR.", "NS", _dest("FR"), True),
    ("A license is required for ALL destinations, except Canada, regardless of end-use.", "CC", _dest("CA"), False),
    ("China, Russia, or Venezuela (see § 742.6(a)(7)).", "RS", _dest("VE"), True),
    ("China, Russia, or Venezuela (see § 742.6(a)(7)).", "RS", _dest("BR"), False),
    ("To or within Macau or a destination specified in Country Group D:5", "NS", _dest("MO"), True),
    ("To or within Macau or a destination specified in Country Group D:5", "NS", _dest("XK", ("D:5",)), True),
    (_UAE_RULE, "RS", _dest("IN", ("D:4", "A:5")), False),
    ("To or within the United Arab Emirates or destinations specified in Country Groups D:1, D:4, and D:5 ...",
     "RS", _dest("AE"), True),
    ("See § 746.1(b) for UN controls.", "UN", _dest("LY", footnotes=((1, "UN"),)), True),
    ("See § 746.1(b) for UN controls.", "UN", _dest("FR"), False),
    ("Refer to § 742.15 of the EAR.", "EI", _dest("FR"), True),
    ("Refer to § 742.15 of the EAR.", "EI", _dest("CA"), False),
    ("See § 746.8 for specific license requirements", "RU", _dest("BY"), True),
    ("See § 742.6(a)(11) of the EAR.", "RS", _dest("FR"), None),
])
def test_outside_chart(text, reason, dest, applies):
    assert outside_chart(text, reason, dest).applies is applies


def test_region_words_in_ukrainian_addresses():
    assert region_in("vul. Lenina 5, Simferopol") == "UA-43" and region_in("Kyiv") is None
    assert region_in("Donetsk") == "UA-14" and region_in("Sevastopol, Crimea") in ("UA-43", "UA-40")


def test_syria_rules_change_on_2025_09_02():
    syria = _dest("SY", special_case="See § 746.9")
    before = rules_for(syria, ear99=True, food_or_medicine=False, as_of=date(2025, 9, 1))
    after = rules_for(syria, ear99=True, food_or_medicine=False, as_of=date(2025, 9, 2))
    assert [r.id for r in before] == ["SY-ALL-2025"] and [r.id for r in after] == ["SY-EAR99"]
    assert rules_for(syria, ear99=True, food_or_medicine=True, as_of=date(2025, 6, 1)) == []


def test_every_rule_cites_part_746_or_ofac_and_has_an_outcome():
    for rule in destination_rules():
        assert "746" in rule.citation or "31 CFR" in rule.citation
        assert rule.outcome in ("licence_required", "prohibited", "exception_candidate", "manual")


_ENTRY = CclEntry.from_record({
    "eccn": "7A101", "heading": "Test", "reasons_for_control": ["NS", "AT"],
    "controls": [{"reason": "NS", "scope": "NS applies to entire entry", "chart": "NS Column 2", "columns": ["NS2"]}],
    "lvs_eligible": "partial", "lvs_value_limits_usd": ["1000"], "lvs_text": "$1000",
    "gbs_eligible": "yes", "gbs_text": "Yes"})


@pytest.mark.parametrize(("groups", "reasons", "value", "eligible"), [
    (("B",), {"NS"}, "999.99", {"LVS", "GBS"}),
    (("B",), {"NS"}, "1000.01", {"GBS"}),
    (("B",), {"NS", "MT"}, "10", {"LVS"}),
    (("D:1",), {"NS"}, "10", set()),
    (("A:5", "B"), {"NS"}, "5000", {"GBS", "STA"}),
    (("A:5", "B"), {"MT"}, "5000", set()),
])
def test_exception_candidates(groups, reasons, value, eligible):
    found = candidates(_ENTRY, parse_eccn("7A101"), _dest("ZZ", groups), reasons, Decimal(value), None)
    assert {c.symbol for c in found if c.eligible} == eligible
    assert all(c.conditions for c in found)


def test_tmp_and_rpl_are_offered_only_with_their_context():
    dest = _dest("ZZ", ("D:1",))
    plain = candidates(_ENTRY, parse_eccn("7A101"), dest, {"NS"}, None, LineExport())
    context = candidates(_ENTRY, parse_eccn("7A101"), dest, {"NS"}, None,
                         LineExport(temporary=True, replacement=True))
    assert not any(c.eligible for c in plain)
    assert {c.symbol for c in context if c.eligible} == {"TMP", "RPL"}
