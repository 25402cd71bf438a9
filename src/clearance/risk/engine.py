"""The risk engine in the ``check`` pipeline: a score and a lane for an import shipment, with reasons.

Each import line becomes a declaration (:func:`declaration_record`) scored by the learned model
(when one is trained and its currency matches) and the risk profiles, which also read the
findings of the engines that ran before (a sanctions match, a document inconsistency). A single
shipment has no batch to fill quotas over, so its lane comes from the cut-offs stored with the
model (the scores that filled each quota on the model's validation declarations) and from the
lanes profiles force; the shipment takes the highest lane of its lines. There is no random
draw here: random selection is a share of a batch ('clearance risk score'), and a broker
checking one shipment must get the same answer every time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from clearance.engine import CheckContext, EngineOutcome
from clearance.model import Finding, Quantity, Severity, Shipment
from clearance.model.party import PartyRole
from clearance.model.shipment import Direction
from clearance.risk import rules as R
from clearance.risk.assess import score
from clearance.risk.declarations import Declarations
from clearance.risk.model import RiskModel, RiskModelError
from clearance.risk.profiles import ProfileSet, RiskProfile, load_profiles
from clearance.risk.selectivity import LANE_MEANING, Lane, higher, lane_for_score


def declaration_record(shipment: Shipment, index: int, as_of: date) -> dict[str, Any] | None:
    """Line ``index`` as a declaration record, or None when it has no usable HS code."""
    line = shipment.lines[index]
    digits = "".join(ch for ch in (line.hts_code or "") if ch.isdigit())
    if not 6 <= len(digits) <= 10:
        return None
    importer = shipment.party(PartyRole.IMPORTER_OF_RECORD) or shipment.party(PartyRole.CONSIGNEE)
    seller = shipment.party(PartyRole.SELLER) or shipment.party(PartyRole.SHIPPER)
    broker = shipment.party(PartyRole.BROKER)
    dates = shipment.dates
    return {
        "declaration_id": f"{shipment.id}/line {line.number}",
        "date": (dates.entry or dates.arrival or as_of).isoformat(),
        "office_id": str(shipment.ports.entry or ""), "transport_mode": shipment.mode.value,
        "import_type": shipment.entry_type or "",
        "importer_id": (importer.importer_number or importer.name) if importer else "",
        "seller_id": (seller.mid or seller.name) if seller else "",
        "declarant_id": broker.name if broker else "",
        "hs_code": digits, "departure_country": shipment.export_country or "",
        "origin_country": line.country_of_origin, "item_price": str(line.value.amount),
        "net_mass_kg": _kilograms(line.net_weight) or _kilograms(line.gross_weight) or "",
    }


def _kilograms(quantity: Quantity | None) -> str | None:
    kilograms = quantity.in_kilograms() if quantity is not None else None
    return None if kilograms is None else str(kilograms)


class RiskEngine:
    name = "risk"
    rules = R.ALL

    def __init__(self) -> None:
        self._models: dict[tuple[Path, float], RiskModel] = {}
        self._profiles: dict[Path | None, ProfileSet] = {}

    def run(self, shipment: Shipment, context: CheckContext) -> EngineOutcome:
        if shipment.direction is not Direction.IMPORT:
            return EngineOutcome(note="risk selectivity applies to import declarations")
        findings: list[Finding] = []
        records, line_numbers = [], []
        for index, line in enumerate(shipment.lines):
            record = declaration_record(shipment, index, context.as_of)
            if record is None:
                findings.append(R.LINE_NOT_SCORED.finding(
                    f"line {line.number}: no 6 to 10 digit HS code, so the line is not scored",
                    location=f"line {line.number}"))
            else:
                records.append(record)
                line_numbers.append(line.number)
        if not records:
            return EngineOutcome(findings=findings, note="no line could be scored")

        profiles = self._profile_set(context.settings.risk_profiles)
        model, why_not = self._model(context.settings.risk_model(), shipment)
        if why_not:
            findings.append(R.MODEL_NOT_USED.finding(why_not))
        batch = Declarations.from_records(records, source=shipment.id)
        earlier = frozenset(f.rule_id for f in context.earlier_findings if f.severity.rank >= Severity.WARNING.rank)
        scored = score(batch, as_of=context.as_of, profiles=profiles, model=model, findings=[earlier] * len(batch))
        thresholds = model.lane_thresholds if model is not None else {}
        contributions = model.contributions(batch, np.arange(len(batch))) if model is not None else []

        lines, lane = [], Lane.GREEN
        hits: dict[tuple[RiskProfile, str], list[int]] = {}
        for i, number in enumerate(line_numbers):
            line_lane = lane_for_score(float(scored.scores[i]), thresholds) if thresholds else Lane.GREEN
            line_lane = higher(line_lane, scored.forced[i] or Lane.GREEN)
            lane = higher(lane, line_lane)
            reasons = scored.reasons(i, contributions[i] if model is not None else [])
            lines.append({"line": number, "score": round(float(scored.scores[i]), 4), "lane": line_lane.value,
                          "model_score": None if scored.model_scores is None else
                          round(float(scored.model_scores[i]), 4), "reasons": reasons})
            values = scored.values(i) if scored.hits[i] else {}
            for profile in scored.hits[i]:
                hits.setdefault((profile, profile.explain(values)), []).append(number)
        for (profile, reason), numbers in hits.items():  # a shipment-wide profile is one finding, not one per line
            where = f"line {numbers[0]}" if len(numbers) == 1 else f"lines {', '.join(map(str, numbers))}"
            findings.append(R.PROFILE_HIT.finding(
                f"{where}: {reason}", location=where,
                evidence={"profile": profile.id, "weight": profile.weight, "condition": profile.condition_text,
                          "valid_from": str(profile.valid_from or ""), "valid_to": str(profile.valid_to or ""),
                          "lane": profile.lane or "", "source": profile.source, "lines": numbers}))
        severity = Severity.WARNING if lane in (Lane.RED, Lane.YELLOW) else Severity.INFO
        why = "; ".join(dict.fromkeys(r for line in lines if line["lane"] == lane.value for r in line["reasons"]))
        message = f"{lane.value} lane ({LANE_MEANING[lane]})" + (f": {why}" if why else "")
        result = {"lane": lane.value, "lines": lines, "thresholds": thresholds,
                  "model": None if model is None else {k: model.meta.get(k) for k in ("trained_at", "training",
                                                                                       "value_currency")}}
        findings.append(R.LANE.finding(message, severity=severity, evidence=result))
        return EngineOutcome(findings=findings, result=result)

    def _profile_set(self, path: Path | None) -> ProfileSet:
        if path not in self._profiles:
            self._profiles[path] = load_profiles(path)
        return self._profiles[path]

    def _model(self, directory: Path, shipment: Shipment) -> tuple[RiskModel | None, str | None]:
        if not (directory / "model.txt").is_file():
            return None, f"no risk model at {directory} ('clearance risk train'); the profiles alone set the lane"
        key = (directory, (directory / "model.txt").stat().st_mtime)
        if key not in self._models:
            try:
                self._models[key] = RiskModel.load(directory)
            except RiskModelError as exc:
                return None, f"the risk model cannot be used: {exc}"
        model = self._models[key]
        currency = model.meta.get("value_currency")
        others = sorted({line.value.currency for line in shipment.lines} - {currency}) if currency else []
        if others:
            return None, (f"the risk model was trained on values in {currency}; this shipment's values are in "
                          f"{', '.join(others)}, so the profiles alone set the lane")
        return model, None

