"""Table-driven licence determinations on the real CCL, Country Chart and Country Groups.

Each row is derived from the regulation text: the ECCN's control rows (15 CFR 774 Supp. No. 1),
the destination's chart cells (Supp. No. 1 to part 738), Country Groups (Supp. No. 1 to part 740),
part 746 and the part 744/764 lists. ``citation`` must appear among the determination's
citations; ``columns`` are chart columns that must have been consulted; ``exception`` is an
exception that must be offered as possibly eligible (or ruled out, with a leading "-").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from clearance.export_control.determine import (
    DeterminationError,
    Outcome,
    Request,
    determine,
)
from clearance.export_control.end_users import party_hit
from clearance.model.export import LineExport
from clearance.screening.lists import screener_for
from clearance.screening.matcher import PartyQuery

pytestmark = pytest.mark.integration
DAY = date(2026, 11, 1)
N, L, X, P, R = (Outcome.NLR, Outcome.LICENCE_REQUIRED, Outcome.EXCEPTION_CANDIDATE, Outcome.PROHIBITED,
                 Outcome.REVIEW)


@dataclass(frozen=True)
class Case:
    id: str
    dest: str
    outcome: Outcome
    citation: str
    eccn: str | None = None
    usml: str | None = None
    as_of: date = DAY
    value: str | None = None
    columns: tuple[str, ...] = ()
    exception: str | None = None
    export: LineExport | None = None
    end_user: tuple[str, str] | None = None  # (name, country) screened against the loaded lists


CASES = [
    # NS2-only entry (9B006: NS2 + AT1, entire entry; LVS $3,000; GBS yes)
    Case("ns2-to-A1-germany", "DE", N, "15 CFR 738.4", "9B006", columns=("NS2", "AT1")),
    Case("ns2-to-china", "CN", L, "Supp. No. 1 to part 738, column NS2", "9B006", columns=("NS2",),
         exception="-GBS"),
    Case("ns2-to-russia", "RU", L, "15 CFR 746.8(a)(1)", "9B006", columns=("NS2",)),
    Case("ns2-to-belarus-2022", "BY", L, "15 CFR 746.8(a)(1)", "9B006", as_of=date(2022, 6, 1)),
    Case("ns2-to-group-b-gbs", "BR", X, "15 CFR 740.4", "9B006", value="5000", exception="GBS"),
    Case("ns2-to-canada", "CA", N, "15 CFR 738.4", "9B006"),
    # LVS under and over its limit (2B005: LVS $1,000, GBS N/A)
    Case("lvs-under-limit", "BR", X, "15 CFR 740.3", "2B005", value="500", exception="LVS"),
    Case("lvs-over-limit", "BR", L, "15 CFR 740.3", "2B005", value="1500", exception="-LVS"),
    Case("lvs-at-limit", "BR", X, "15 CFR 740.3", "2B005", value="1000", exception="LVS"),
    Case("lvs-not-group-b", "CN", L, "Supp. No. 1 to part 738, column NS2", "2B005", value="100",
         exception="-LVS"),
    # 5A002: NS1 + EI; ENC (740.17)
    Case("5a002-germany-enc", "DE", X, "15 CFR 742.15(a)", "5A002", columns=("NS1",), exception="ENC"),
    Case("5a002-china-enc", "CN", X, "15 CFR 740.17", "5A002", exception="ENC"),
    Case("5a002-canada", "CA", N, "15 CFR 742.15(a)", "5A002"),
    Case("5a002-cuba-no-enc", "CU", L, "15 CFR 746.2(a)", "5A002"),
    Case("5a002-iran", "IR", L, "15 CFR 746.7(a)", "5A002"),
    Case("5a002-russia", "RU", L, "15 CFR 746.8(a)(1)", "5A002"),
    Case("5a002-claimed-enc", "DE", X, "15 CFR part 740", "5A002", export=LineExport(license_exception="ENC")),
    Case("5a002-claimed-gbs-rejected", "DE", L, "15 CFR part 740", "5A002",
         export=LineExport(license_exception="GBS")),
    # 3A001 by sub-paragraph
    Case("3a001-c-germany", "DE", N, "15 CFR 738.4", "3A001.c", columns=("NS2",)),
    Case("3a001-c-china", "CN", L, "Supp. No. 1 to part 738, column NS2", "3A001.c"),
    Case("3a001-c-brazil-lvs", "BR", X, "15 CFR 740.3", "3A001.c", value="1000", exception="LVS"),
    Case("3a001-c-brazil-no-gbs", "BR", X, "15 CFR 740.3", "3A001.c", value="1000", exception="-GBS"),
    Case("3a001-b2-germany-civil-telecom-condition", "DE", R, "Supp. No. 1 to part 738, column NS1", "3A001.b.2"),
    Case("3a001-b2-china", "CN", L, "Supp. No. 1 to part 738, column NS2", "3A001.b.2"),
    Case("3a001-a5a-germany-mt-condition", "DE", R, "Supp. No. 1 to part 738, column MT1", "3A001.a.5.a"),
    Case("3a001-no-paragraph-germany", "DE", R, "Supp. No. 1 to part 738, column NS1", "3A001"),
    Case("3a001-z-worldwide-rs", "BR", L, "15 CFR 742.6(a)(6)(iii)(A)", "3A001.z.1.a"),
    # AT-only items (3A991) and E:1 / E:2 destinations (chart has no X; part 746 decides)
    Case("at-only-germany", "DE", N, "15 CFR 738.4", "3A991"),
    Case("at-only-china", "CN", N, "15 CFR 738.4", "3A991"),
    Case("at-only-iran", "IR", L, "15 CFR 746.7(a)", "3A991"),
    Case("at-only-north-korea", "KP", L, "15 CFR 746.4(a)", "3A991"),
    Case("at-only-syria-2026", "SY", L, "15 CFR 746.9 (as amended by 90 FR 42315)", "3A991"),
    Case("at-only-cuba", "CU", L, "15 CFR 746.2(a)", "3A991"),
    # EAR99: only embargoes and end users
    Case("ear99-germany", "DE", N, "15 CFR 734.3(c); 15 CFR 738.4", "EAR99"),
    Case("ear99-cuba", "CU", L, "15 CFR 746.2(a)", "EAR99"),
    Case("ear99-iran", "IR", P, "31 CFR 560.204; 15 CFR 746.7(e)", "EAR99"),
    Case("ear99-north-korea", "KP", L, "15 CFR 746.4(a)", "EAR99"),
    Case("ear99-north-korea-food", "KP", N, "15 CFR 734.3(c); 15 CFR 738.4", "EAR99",
         export=LineExport(food_or_medicine=True)),
    Case("ear99-syria-before-relaxation", "SY", L, "15 CFR 746.9(a)", "EAR99", as_of=date(2025, 9, 1)),
    Case("ear99-syria-after-relaxation", "SY", X, "15 CFR 746.9 and License Exception SPP (90 FR 42315)", "EAR99",
         as_of=date(2025, 9, 2), exception="SPP"),
    Case("ear99-syria-food-before", "SY", N, "15 CFR 746.9(a)", "EAR99", as_of=date(2025, 6, 1),
         export=LineExport(food_or_medicine=True)),
    Case("ear99-russia-hts-lists", "RU", R, "15 CFR 746.8(a); 746.5; 746.10", "EAR99"),
    Case("ear99-belarus", "BY", R, "15 CFR 746.8(a); 746.10", "EAR99"),
    Case("ear99-crimea", "UA-43", L, "15 CFR 746.6(a)(1)", "EAR99"),
    Case("ear99-dnr-2022", "UA-14", L, "15 CFR 746.6(a)(1)", "EAR99", as_of=date(2022, 3, 1)),
    Case("ear99-ukraine-elsewhere", "UA", N, "15 CFR 746.6", "EAR99"),
    # firearms (0A501): NS1, RS1, FC1, UN; LVS only for .c, .d, .x
    Case("0a501a-mexico", "MX", L, "Supp. No. 1 to part 738, column FC1", "0A501.a", value="100", exception="-LVS"),
    Case("0a501c-mexico-lvs", "MX", X, "15 CFR 740.3", "0A501.c", value="100", exception="LVS"),
    Case("0a501y-germany", "DE", N, "15 CFR 738.4", "0A501.y"),
    # ITAR
    Case("usml-germany", "DE", L, "22 CFR 121.1; 22 CFR 123.1; 15 CFR 734.3(b)(1)(i)", usml="XI"),
    Case("usml-china-126-1", "CN", L, "22 CFR 126.1(a), (d)(1)", usml="XI(a)(3)"),
    Case("usml-exemption-claimed", "GB", X, "22 CFR parts 123, 125, 126; 22 CFR 123.22", usml="VIII",
         export=LineExport(itar_exemption="22 CFR 126.5")),
    Case("itar-pointer-eccn", "DE", L, "15 CFR 734.3(b)(1)(i)", "0A002"),
    # end users (real entries of the 2022 CSL)
    Case("entity-list-end-user", "HK", L, "15 CFR 744.11; Supp. No. 4 to part 744", "EAR99",
         end_user=("ACTeam Logistics Ltd.", "HK")),
    Case("denied-person", "DE", P, "15 CFR 764.3(a)(2); 15 CFR 736.2(b)(4) (General Prohibition Four)", "EAR99",
         end_user=("ADT ANALOG AND DIGITAL TECHNIK", "DE")),
    Case("unverified-list", "HK", R, "15 CFR 744.15(b)", "EAR99", end_user=("Able Supply Chain Limited", "HK")),
    Case("military-end-user", "CN", R, "15 CFR 744.21; Supp. No. 7 to part 744", "EAR99",
         end_user=("AECC Aviation Power Co. Ltd.", "CN")),
    Case("entity-list-blocks-exceptions", "HK", L, "15 CFR 744.11; Supp. No. 4 to part 744", "2B005",
         value="100", end_user=("ACTeam Logistics Ltd.", "HK")),
]


def _hits(reference, case: Case) -> tuple:
    if case.end_user is None:
        return ()
    loaded = screener_for(reference)
    assert loaded is not None, "the sanctions lists are part of the shared data"
    name, country = case.end_user
    result = loaded.screener.screen(PartyQuery(name=name, country=country))
    return tuple(hit for match in result.matches if (hit := party_hit(name, match)) is not None)


def test_the_table_has_at_least_forty_cases():
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_determination(case: Case, shared_reference):
    _, reference = shared_reference
    request = Request(destination=case.dest, as_of=case.as_of, eccn=case.eccn, usml=case.usml,
                      value=Decimal(case.value) if case.value else None, export=case.export,
                      hits=_hits(reference, case))
    result = determine(reference, request)
    explain = "\n".join(f"  {s.effect:10} {s.text[:150]} [{s.citation}]" for s in result.steps)
    assert result.outcome is case.outcome, f"{result.summary()}\n{explain}"
    assert any(case.citation in cited for cited in result.citations), f"{case.citation!r} not in {result.citations}"
    assert set(case.columns) <= set(result.columns)
    if case.exception:
        symbol = case.exception.lstrip("-")
        offered = {c.symbol for c in result.exceptions if c.eligible}
        assert (symbol in offered) is not case.exception.startswith("-"), explain
    data = result.to_dict()
    assert data["destination"] == case.dest.upper() and data["snapshots"]["ear_country_chart"]
    if case.eccn and not case.eccn.startswith(("EAR99", "0A002")):
        assert data["snapshots"]["ear_ccl"].startswith("ear_ccl:")


@pytest.mark.parametrize(("eccn", "dest", "message"), [
    ("3A0001", "DE", "is not an ECCN"),
    ("3Z001", "DE", "is not an ECCN"),
    ("3A401", "DE", "reason-for-control digit"),
    ("1C012", "DE", "is not on the Commerce Control List"),
    ("3A001.q", "DE", "has no paragraph 'q'"),
    ("3A001", "QQ", "unknown destination"),
    ("3A001", "AQ", "not on the Commerce Country Chart"),
])
def test_bad_input_is_an_error_never_nlr(eccn, dest, message, shared_reference):
    _, reference = shared_reference
    with pytest.raises(DeterminationError, match=message):
        determine(reference, Request(destination=dest, as_of=DAY, eccn=eccn))


def test_liechtenstein_is_answered_from_the_swiss_row(shared_reference):
    _, reference = shared_reference
    result = determine(reference, Request(destination="LI", as_of=DAY, eccn="9B006"))
    assert result.outcome is Outcome.NLR and "Switzerland" in result.steps[0].text


def test_hong_kong_is_treated_as_china(shared_reference):
    _, reference = shared_reference
    result = determine(reference, Request(destination="HK", as_of=DAY, eccn="9B006"))
    assert result.outcome is Outcome.LICENCE_REQUIRED and "treated as China" in result.steps[0].text


def test_cc2_disagreement_between_sources_is_flagged(shared_reference):
    _, reference = shared_reference
    firearms = [r["eccn"] for r in reference.records("ear_ccl") if "CC2" in r.get("chart_columns", [])]
    assert firearms, "the CCL names CC2 for some entries"
    result = determine(reference, Request(destination="DE", as_of=DAY, eccn=firearms[0]))
    assert any("CC2" in text and "BIS" in text for text in result.verify)


def test_every_ccl_entry_determines_and_embargoed_destinations_are_never_nlr(shared_reference):
    _, reference = shared_reference
    codes = [r["eccn"] for r in reference.records("ear_ccl")]
    assert len(codes) == 637
    for code in codes:
        for dest in ("CU", "IR", "KP", "SY", "UA-43"):
            result = determine(reference, Request(destination=dest, as_of=DAY, eccn=code))
            assert result.outcome is not Outcome.NLR, f"{code} to {dest}: {result.summary()}"
        determine(reference, Request(destination="DE", as_of=DAY, eccn=code))
