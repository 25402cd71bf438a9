"""Rules of the screening engine. Each summary is the rule's documentation."""

from __future__ import annotations

from clearance.model import Rule, Severity

_SANCTIONS = ("31 CFR Chapter V (OFAC: no dealings in blocked property, e.g. 31 CFR 501.201); 15 CFR 744 "
              "Supp. 4 (Entity List), 764.3 (Denied Persons); UN Security Council sanctions as implemented")

MATCH = Rule("SCREEN.MATCH", Severity.BLOCK, _SANCTIONS,
    "A party matches a sanctions or denied-party list entry in the block band: a strong name match "
    "(not through a weak alias alone) that the qualifiers do not contradict. The shipment must not proceed "
    "until a compliance officer records a disposition.")
POSSIBLE_MATCH = Rule("SCREEN.POSSIBLE_MATCH", Severity.WARNING, _SANCTIONS,
    "A party may be a listed entry (review band, or a weak-alias or contradicted strong match): a person "
    "must compare the party with the entry and record a disposition (true match / false positive).")
SUPPRESSED = Rule("SCREEN.SUPPRESSED", Severity.INFO, "Clearance screening workflow (accept list)",
    "An alert was suppressed: the same party was dispositioned a false positive against the same, unchanged "
    "list entry. The finding names the disposition (who, when, why).")
ENTRY_CHANGED = Rule("SCREEN.ENTRY_CHANGED", Severity.WARNING, _SANCTIONS,
    "An alert that was dispositioned a false positive is raised again because the list entry has changed "
    "since (new names, dates, identifiers or addresses): the earlier decision must be reviewed.")
LISTS_MISSING = Rule("SCREEN.LISTS_MISSING", Severity.WARNING, "Clearance reference data (DESIGN.md §3)",
    "No sanctions or denied-party list is loaded, so the parties were not screened.")

RULES: tuple[Rule, ...] = (MATCH, POSSIBLE_MATCH, SUPPRESSED, ENTRY_CHANGED, LISTS_MISSING)
