"""Rules of the tariff engine (declared-code validation). Each summary is the rule's documentation."""

from __future__ import annotations

from clearance.model import Rule, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

REFDATA_MISSING = Rule("TARIFF.REFDATA.MISSING", W, "Clearance reference data (DESIGN.md §3)",
    "No HTS revision in force on the check date is loaded, so declared codes were not validated.")
REVISION_UNDATED = Rule("TARIFF.REVISION.UNDATED", I, "19 U.S.C. 3004(c) (HTS as published by USITC)",
    "The HTS revision used has no recorded effective date; whether it was in force on the check date is assumed.")
CODE_MISSING = Rule("TARIFF.CODE.MISSING", E, "19 CFR 141.90(b); 19 CFR 141.61(e)",
    "An import line declares no HTS number.")
CODE_UNKNOWN = Rule("TARIFF.CODE.UNKNOWN", E, "19 CFR 141.90(b); HTSUS (revision in force)",
    "The declared HTS number does not exist in the revision in force on the check date.")
CODE_RETIRED = Rule("TARIFF.CODE.RETIRED", E, "19 CFR 141.90(b); HTSUS (revision in force)",
    "The declared HTS number existed in an earlier revision but not in the one in force; successors are suggested.")
CODE_LEVEL = Rule("TARIFF.CODE.LEVEL", E, "HTSUS General Statistical Note 1(a); 19 CFR 141.61(e)",
    "An import line must declare a 10-digit statistical reporting number, not a heading or tariff line.")
CODE_CHAPTER99 = Rule("TARIFF.CODE.CHAPTER99", W, "HTSUS Chapter 99, Subchapter III-IV notes; CBP Form 7501 Instructions, block 29",
    "A Chapter 99 number is reported in addition to the chapter 1-97 classification, not instead of it.")
UNIT_MISMATCH = Rule("TARIFF.UNIT.MISMATCH", E, "HTSUS General Statistical Note 1(a)(iv); 19 CFR 141.61(e)",
    "The line's quantity is not in the unit of quantity of its statistical reporting number.")
UNIT_SECOND = Rule("TARIFF.UNIT.SECOND", W, "HTSUS General Statistical Note 1(a)(iv)",
    "The statistical line asks for a second quantity (e.g. kg) that the line does not give.")
UNIT_UNMAPPED = Rule("TARIFF.UNIT.UNMAPPED", I, "UN/ECE Recommendation 20",
    "The HTS unit has no UN/ECE Rec 20 equivalent in Clearance's table, so the quantity unit was not checked.")

CLASSIFY_DISAGREES = Rule("TARIFF.CLASSIFY.DISAGREES", W, "19 U.S.C. 1484(a)(1)(B) (reasonable care); GRI 1-6",
    "The classifier is confident the goods belong in another subheading than the declared one; review with the alternatives.")
CLASSIFY_UNAVAILABLE = Rule("TARIFF.CLASSIFY.UNAVAILABLE", I, "Clearance reference data (DESIGN.md §3)",
    "The classifier index is not built, so declared codes were not cross-checked against descriptions.")

RULES: tuple[Rule, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, Rule))
