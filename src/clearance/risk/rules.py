"""Rules of the risk engine. Each summary is the rule's documentation."""

from __future__ import annotations

from clearance.model import Rule, Severity

_SELECTIVITY = "19 U.S.C. 1499 (examination of merchandise); WCO SAFE Framework 2021, Standard 4 (risk management)"

LANE = Rule("RISK.LANE", Severity.INFO, _SELECTIVITY,
    "The shipment's selectivity lane: red (physical examination) or yellow (documentary check) raise the "
    "severity to warning; blue (post-clearance audit) and green (release) stay informational. The finding "
    "carries the score of every line, the lane cut-offs, and the reasons: profiles hit with their values, the "
    "model's top SHAP contributions, or the random draw.")
PROFILE_HIT = Rule("RISK.PROFILE_HIT", Severity.INFO, "WCO Risk Management Compendium (risk indicators and profiles)",
    "A line meets a risk profile's condition; the message is the profile's reason with the line's values, the "
    "evidence names the profile, its weight, condition and validity dates.")
LINE_NOT_SCORED = Rule("RISK.LINE_NOT_SCORED", Severity.INFO, "Clearance risk engine",
    "A line without a usable HS code (6 to 10 digits) cannot be scored; the other lines still are.")
MODEL_NOT_USED = Rule("RISK.MODEL_NOT_USED", Severity.INFO, "Clearance risk engine",
    "No learned model is loaded, or it was trained on values in another currency than the line's: the lane "
    "comes from the profiles alone.")

ALL = (LANE, PROFILE_HIT, LINE_NOT_SCORED, MODEL_NOT_USED)
