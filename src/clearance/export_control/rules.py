"""Rules of the export-control engine. Each summary is the rule's documentation."""

from __future__ import annotations

from clearance.model import Rule, Severity

_EAR = "15 CFR parts 732-746 (EAR); 22 CFR parts 120-130 (ITAR)"

NLR = Rule("EXPORT.NLR", Severity.INFO, "15 CFR 738.4; 15 CFR 758.1(c) (NLR)",
    "No licence is required for the line: no control row of its ECCN has an X for the destination, no part 746 "
    "rule and no party listing requires one. The finding names the ECCN, destination, chart columns, steps "
    "and snapshots.")
LICENCE_REQUIRED = Rule("EXPORT.LICENCE_REQUIRED", Severity.BLOCK, _EAR,
    "A licence is required (Country Chart X, a rule outside the chart, a part 746 embargo, an Entity List or "
    "MEU listing, or the ITAR) and the line cites neither a licence nor an available exception: it must not "
    "ship.")
LICENCE_CITED = Rule("EXPORT.LICENCE_CITED", Severity.WARNING, "15 CFR 750.7; 22 CFR 123.1",
    "A licence is required and the line cites a licence number: confirm that licence covers the item, the "
    "destination, the parties and the value still open on it.")
EXCEPTION_CANDIDATE = Rule("EXPORT.EXCEPTION_CANDIDATE", Severity.WARNING, "15 CFR part 740",
    "A licence is required unless a licence exception applies, and at least one exception may be eligible; "
    "its conditions (listed) must be confirmed by the exporter. Never a final authorisation.")
EXCEPTION_NOT_AVAILABLE = Rule("EXPORT.EXCEPTION_NOT_AVAILABLE", Severity.BLOCK, "15 CFR part 740; 15 CFR 740.2",
    "The line claims a licence exception that the entry, the destination, the reasons for control or a party "
    "listing rules out.")
PROHIBITED = Rule("EXPORT.PROHIBITED", Severity.BLOCK,
    "15 CFR 736.2(b)(4), 764.3; 31 CFR chapter V; 22 CFR 127.7",
    "The export is prohibited: a party is on the Denied Persons List, the SDN List or (for USML items) the ITAR "
    "debarred list, or the destination's sanctions forbid it (Iran, EAR99, without OFAC authorisation).")
REVIEW = Rule("EXPORT.REVIEW", Severity.ERROR, _EAR,
    "The determination cannot be made from the data given: a paragraph-scoped or conditional control row, a "
    "rule that is not machine-readable, a list the data lacks (Russia/Belarus HTS supplements) or a possible "
    "party match. The finding names what must be resolved.")
CLASSIFICATION_MISSING = Rule("EXPORT.CLASSIFICATION_MISSING", Severity.ERROR, "15 CFR 732.3; 15 CFR 30.6(b)(6)",
    "An export line has neither an ECCN (or EAR99) nor a USML category, so its licence requirement is unknown.")
INPUT_INVALID = Rule("EXPORT.INPUT_INVALID", Severity.ERROR, "15 CFR 738.2(d); Supp. No. 1 to part 774",
    "The line's ECCN is malformed or not on the Commerce Control List, the USML category is malformed, or "
    "the destination is not on the Country Chart: no determination was made.")
DATA_MISSING = Rule("EXPORT.DATA_MISSING", Severity.ERROR, "Clearance reference data (DESIGN.md §3)",
    "The Commerce Control List or the Country Chart is not loaded, so no export line was determined.")
SOURCE_VERIFY = Rule("EXPORT.SOURCE_VERIFY", Severity.WARNING, "shared/data/export_control/PROVENANCE.md",
    "The determination rests on a source flagged for verification: licence fields from an older eCFR, a chart "
    "cell on which the eCFR parse and BIS's export disagree (e.g. CC2), or a part 746 rule whose section or "
    "policy is unconfirmed.")
SCREENING_UNAVAILABLE = Rule("EXPORT.SCREENING_UNAVAILABLE", Severity.WARNING, "15 CFR 744.11, 744.15, 744.21, 764.3",
    "No denied-party list is loaded, so the end-user and party checks of the determination were not made.")
EEI_REQUIRED = Rule("EXPORT.EEI_REQUIRED", Severity.INFO, "15 CFR 30.2; 15 CFR 758.1(b)",
    "Electronic Export Information must be filed in AES for the shipment; the finding says why (value over "
    "$2,500 per Schedule B number, licence, USML, 600-series/9x515, E:1/E:2 destination, Unverified List ...).")
EEI_NOT_REQUIRED = Rule("EXPORT.EEI_NOT_REQUIRED", Severity.INFO, "15 CFR 30.36; 15 CFR 30.37(a)",
    "No EEI filing is required, and the finding names the exemption (value per Schedule B number at most "
    "$2,500, or an export to Canada).")
EEI_UNDETERMINED = Rule("EXPORT.EEI_UNDETERMINED", Severity.WARNING, "15 CFR 30.2; 15 CFR 30.37",
    "Whether EEI is required could not be fully decided (a value not in USD, a line without a classification "
    "number or without a determination).")
EEI_INCOMPLETE = Rule("EXPORT.EEI_INCOMPLETE", Severity.ERROR, "15 CFR 30.6",
    "EEI is required and data elements of 15 CFR 30.6 are missing from the shipment; the finding names each.")

RULES: tuple[Rule, ...] = (
    NLR, LICENCE_REQUIRED, LICENCE_CITED, EXCEPTION_CANDIDATE, EXCEPTION_NOT_AVAILABLE, PROHIBITED, REVIEW,
    CLASSIFICATION_MISSING, INPUT_INVALID, DATA_MISSING, SOURCE_VERIFY, SCREENING_UNAVAILABLE, EEI_REQUIRED,
    EEI_NOT_REQUIRED, EEI_UNDETERMINED, EEI_INCOMPLETE,
)
