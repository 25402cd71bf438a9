"""``check_consignment``: every check of a DG consignment, with the HMT it used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearance.dangerous_goods import segregation
from clearance.dangerous_goods.consignment import DGConsignment, DGMode
from clearance.dangerous_goods.hmt import Hmt
from clearance.dangerous_goods.paper import check_paper
from clearance.dangerous_goods.validate import ItemResult, check_item
from clearance.model import Finding

# The finding vocabulary of the shared derived validation cases (dangerous_goods/PROVENANCE.md)
# in Clearance rule ids, so that a file of such cases can report agreement.
CASE_FINDING_TYPES = {
    "DG.ID.UNKNOWN": "UNKNOWN_ID_NUMBER", "DG.PSN.MISMATCH": "ID_PSN_MISMATCH",
    "DG.CLASS.MISMATCH": "CLASS_MISMATCH", "DG.PG.MISMATCH": "PG_MISMATCH", "DG.FORBIDDEN": "FORBIDDEN_MATERIAL",
    "DG.AIR.PASSENGER_FORBIDDEN": "FORBIDDEN_PASSENGER_AIRCRAFT",
    "DG.QUANTITY.EXCEEDS_LIMIT": "QUANTITY_EXCEEDS_LIMIT", "DG.LABEL.MISSING": "MISSING_LABEL",
}


def finding_types(findings: list[Finding]) -> set[str]:
    """The case-file names of findings (segregation: SEGREGATION_REQUIRED_<IMDG code>)."""
    return {f"SEGREGATION_REQUIRED_{f.evidence['code']}" if f.rule_id == "DG.SEGREGATION"
            else CASE_FINDING_TYPES.get(f.rule_id, f.rule_id) for f in findings}


@dataclass
class DGResult:
    consignment: DGConsignment
    items: list[ItemResult]
    findings: list[Finding]

    def summary(self) -> dict[str, Any]:
        return {
            "consignment": self.consignment.id,
            "mode": self.consignment.mode.value,
            "items": [{
                "location": r.location,
                "hmt": r.entry.summary() if r.entry else None,
                "subject_to_hmr": r.subject,
                "findings": [f.rule_id for f in r.findings],
                "review": r.review,
                "not_checked": r.not_checked,
            } for r in self.items],
            "findings": len(self.findings),
        }


def check_consignment(consignment: DGConsignment, hmt: Hmt, imdg: dict[tuple[str, str], str] | None,
                      *, paper_elements: bool = True) -> DGResult:
    """Check each item against the HMT, then segregation for the mode, then the shipping paper.

    ``imdg`` is the IMDG 7.2.4 table (``segregation.imdg_table``); without it vessel segregation
    is reported as not checked rather than passed.
    """
    results = [check_item(item, i, consignment, hmt) for i, item in enumerate(consignment.items)]
    findings = [f for r in results for f in r.findings]
    mode = consignment.mode
    if mode is DGMode.VESSEL:
        if imdg:
            findings += segregation.vessel(results, imdg)
        elif len(results) > 1:
            for result in results:
                result.not_checked.append("segregation: IMDG table not loaded")
    elif mode in (DGMode.HIGHWAY, DGMode.RAIL):
        findings += segregation.highway(results, mode)
    findings += check_paper(consignment, results, elements=paper_elements)
    for finding in findings:
        finding.engine = "dangerous_goods"
        finding.snapshots = finding.snapshots or list(hmt.snapshots)
    return DGResult(consignment, results, findings)
