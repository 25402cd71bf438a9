"""Each DG item checked against its HMT entry for the consignment's mode (49 CFR 172.101).

Order of the checks follows how a person reads the table: find the row (identification number,
then name), confirm class, subsidiary hazards and packing group, then apply what the row says for
the mode (symbols A/W/D, columns 9A/9B, labels, marks, special provisions that can be applied
mechanically). Special provisions that need judgement are listed for review, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from clearance.dangerous_goods import rules as R
from clearance.dangerous_goods.classes import (
    INHALATION_LABELS,
    label_satisfies,
    normalise_class,
    normalise_label,
)
from clearance.dangerous_goods.consignment import DGConsignment, DGItem, DGMode
from clearance.dangerous_goods.hmt import Hmt, HmtEntry
from clearance.dangerous_goods.quantity import QuantityLimit, Verdict
from clearance.model import Finding

_ID = re.compile(r"^(UN|NA|ID)\d{4}$")
CAO = "CARGO AIRCRAFT ONLY"
INHALATION_SPS = {"1", "2", "3", "4", "13"}
# Provisions this module applies itself; the others of an entry are listed for review.
APPLIED_SPS = INHALATION_SPS | {"A1", "A2", "A4", "A5", "A54"}
_LQ_AIR_MARKS = {"Y", "LIMITED QUANTITY Y", "Y LIMITED QUANTITY"}  # 172.315(b): accepted by every mode
_MODE_LETTER = {DGMode.VESSEL: "W", DGMode.RAIL: "R", DGMode.AIR_PASSENGER: "A", DGMode.AIR_CARGO_ONLY: "A"}


@dataclass
class ItemResult:
    index: int
    item: DGItem
    entry: HmtEntry | None = None
    subject: bool = True  # the HMR apply to it in this mode (symbols A / W)
    findings: list[Finding] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # "SP 388: text" to be read by a person
    not_checked: list[str] = field(default_factory=list)

    @property
    def location(self) -> str:
        return f"line {self.item.line}" if self.item.line is not None else f"item {self.index + 1}"

    def add(self, rule, message: str, **evidence) -> None:
        self.findings.append(rule.finding(message, evidence=evidence, location=self.location))


def check_item(item: DGItem, index: int, consignment: DGConsignment, hmt: Hmt) -> ItemResult:
    result = ItemResult(index, item)
    entry = _identify(item, hmt, result)
    if entry is None:
        return result
    result.entry = entry
    mode = consignment.mode
    restricted = {s for s in entry.symbols if s in ("A", "W")}
    allowed = ({"A"} if mode.by_air else set()) | ({"W"} if mode is DGMode.VESSEL else set())
    if restricted and not (restricted & allowed) and not (item.reportable_quantity or item.hazardous_waste):
        result.subject = False
        result.not_checked.append(f"symbol {'/'.join(sorted(restricted))}: not subject to the HMR by {mode.value} "
                                  "(172.101(b)(2)) unless a hazardous substance or hazardous waste")
        return result
    if "D" in entry.symbols and consignment.international:
        result.add(R.PSN_DOMESTIC_ONLY, f"'{entry.proper_shipping_name}' is a domestic-only name (symbol D); "
                   "use the international name for this consignment", symbols=list(entry.symbols))
    over_passenger = _air(item, entry, mode, hmt.special_provisions, result)
    _labels(item, entry, mode, over_passenger, result)
    _marks(item, entry, mode, result)
    letter = _MODE_LETTER.get(mode)
    for code in entry.special_provisions:
        relevant = code.isdigit() or (letter is not None and code.startswith(letter) and code[1:].isdigit())
        if relevant and code not in APPLIED_SPS:
            text = hmt.special_provisions.get(code, "(text not loaded)")
            result.review.append(f"review SP {code}: {text[:240]}")
    return result


def _identify(item: DGItem, hmt: Hmt, result: ItemResult) -> HmtEntry | None:
    """The HMT row the item is, or None after a finding that says why it cannot be found."""
    name = item.proper_shipping_name
    forbidden = hmt.named(name, hmt.forbidden)
    if forbidden and (item.id_number is None or not hmt.named(name, hmt.by_id(item.id_number))):
        result.add(R.FORBIDDEN, f"'{forbidden[0].proper_shipping_name}' is Forbidden in the HMT",
                   hmt_row=forbidden[0].row)
        return None
    if item.id_number is None:
        result.add(R.ID_MISSING, f"no identification number for '{name}'", proper_shipping_name=name)
        return None
    entries = hmt.by_id(item.id_number) if _ID.match(item.id_number) else []
    if not entries:
        owners = sorted({e.id_number for e in hmt.named(name) if e.id_number})
        hint = f"; the name belongs to {', '.join(owners)}" if owners else ""
        why = "is not in the HMT" if _ID.match(item.id_number) else "is malformed (UN/NA/ID and four digits)"
        result.add(R.ID_UNKNOWN, f"{item.id_number} {why}{hint}", id_number=item.id_number, name_belongs_to=owners)
        return None
    candidates = hmt.named(name, entries)
    if not candidates:
        owners = sorted({e.id_number for e in hmt.named(name) if e.id_number})
        see = hmt.see_reference(name)
        suggestion = (f"the name belongs to {', '.join(owners)}" if owners else
                      f"the HMT says '{name}, see {see}'" if see else
                      "names of this number: " + "; ".join(hmt.closest_names(name, entries)))
        result.add(R.PSN_MISMATCH, f"'{name}' is not a proper shipping name of {item.id_number}: {suggestion}",
                   id_number=item.id_number, declared=name, name_belongs_to=owners, see=see,
                   names_of_number=[e.proper_shipping_name for e in entries][:10])
        candidates = entries
    declared_class = normalise_class(item.hazard_class)
    classes = {normalise_class(e.hazard_class) for e in candidates}
    if declared_class not in classes:
        result.add(R.CLASS_MISMATCH, f"class {item.hazard_class or '(none)'} declared; the HMT gives "
                   f"{', '.join(sorted(c for c in classes if c))} for {item.id_number}",
                   declared=item.hazard_class, hmt=sorted(c for c in classes if c))
    else:
        candidates = [e for e in candidates if normalise_class(e.hazard_class) == declared_class]
    groups = {e.packing_group for e in candidates}
    entry = next((e for e in candidates if e.packing_group == item.packing_group), candidates[0])
    if item.packing_group not in groups:
        listed = sorted(g for g in groups if g)
        if item.packing_group is None:
            result.add(R.PG_MISSING, f"{item.id_number} has packing group {' or '.join(listed)} in the HMT; none "
                       "declared", hmt=listed)
        else:
            result.add(R.PG_MISMATCH, f"packing group {item.packing_group} is not listed for {item.id_number} "
                       f"'{entry.proper_shipping_name}' (HMT: {', '.join(listed) or 'none'})",
                       declared=item.packing_group, hmt=listed)
    if item.subsidiary_hazards is not None:
        declared = {c for s in item.subsidiary_hazards if (c := normalise_class(s))}
        listed = {c for s in entry.subsidiary_hazards if (c := normalise_class(s))}
        if declared != listed:
            result.add(R.SUBSIDIARY_MISMATCH, f"subsidiary hazards {sorted(declared) or 'none'} declared; the HMT "
                       f"gives {sorted(listed) or 'none'}", declared=sorted(declared), hmt=sorted(listed))
    return entry


def _air(item: DGItem, entry: HmtEntry, mode: DGMode, texts: Mapping[str, str], result: ItemResult) -> bool:
    """Columns 9A/9B and the air special provisions; True when passenger aircraft are ruled out."""
    if not mode.by_air:
        return False
    provisions = set(entry.special_provisions)
    liquid = item.physical_state == "liquid" or (item.physical_state is None and item.quantity_per_package is not None
                                                 and item.quantity_per_package.dimension == "volume")
    # A4/A5 concern PG I by inhalation toxicity. An inhalation-hazard row (SP 1-4, 13) or the line's
    # inhalation_toxicity says so; otherwise PG I may be oral or dermal toxicity: a condition to confirm.
    pg1 = item.packing_group == "I" and item.inhalation_toxicity is not False
    if pg1 and item.inhalation_toxicity is None and not INHALATION_SPS & provisions:
        for code in sorted({"A4", "A5"} & provisions):
            result.add(R.SP_CONDITIONAL, f"SP {code} forbids or limits this PG I material by air if its PG I is by "
                       f"inhalation toxicity; confirm. SP {code}: {texts.get(code, '(text not loaded)')}",
                       special_provision=code)
        pg1 = False
    if "A4" in provisions and pg1 and liquid:
        result.add(R.AIR_FORBIDDEN, "SP A4: liquids with PG I inhalation toxicity are not permitted on aircraft",
                   special_provision="A4")
        return True
    passenger = entry.passenger_limit.verdict(item.quantity_per_package)
    passenger_banned = passenger is Verdict.FORBIDDEN or ("A5" in provisions and pg1 and not liquid)
    if item.packaging == "single" and ("A2" in provisions or ("A1" in provisions and mode is DGMode.AIR_PASSENGER)):
        code = "A2" if "A2" in provisions else "A1"
        result.add(R.SINGLE_PACKAGING, f"SP {code}: single packagings are not permitted on "
                   f"{'aircraft' if code == 'A2' else 'passenger aircraft'}", special_provision=code)
    if mode is DGMode.AIR_PASSENGER:
        if passenger_banned:
            why = "SP A5 (PG I inhalation-toxic solid)" if passenger is not Verdict.FORBIDDEN else "column 9A: Forbidden"
            result.add(R.AIR_PASSENGER_FORBIDDEN, f"{item.id_number} may not go on a passenger aircraft ({why}); "
                       f"cargo aircraft only: {entry.cargo_limit.text or 'not stated'}",
                       column_9a=entry.passenger_limit.text, column_9b=entry.cargo_limit.text)
            return True
        _limit(item, entry.passenger_limit, "9A", entry, result)
        return passenger is Verdict.EXCEEDS
    limit = entry.cargo_limit
    if "A5" in provisions and pg1 and not liquid:
        limit = QuantityLimit.parse("15 kg")  # SP A5: at most 15 kg net per package on cargo aircraft
    if limit.forbidden:
        result.add(R.AIR_FORBIDDEN, f"{item.id_number} may not go on any aircraft (column 9B: Forbidden)",
                   column_9b=limit.text)
        return True
    _limit(item, limit, "9B", entry, result)
    return passenger_banned or passenger is Verdict.EXCEEDS


def _limit(item: DGItem, limit: QuantityLimit, column: str, entry: HmtEntry, result: ItemResult) -> None:
    verdict = limit.verdict(item.quantity_per_package)
    if verdict is Verdict.EXCEEDS:
        quantity = str(item.quantity_per_package)
        if column == "9B" and "A54" in entry.special_provisions:
            if item.approval:
                result.add(R.SPECIAL_PROVISION_APPLIED, f"SP A54: {quantity} per package exceeds the 9B limit "
                           f"{limit.text} under approval {item.approval}", special_provision="A54",
                           approval=item.approval)
                return
            result.add(R.QUANTITY_EXCEEDS, f"{quantity} per package exceeds the column 9B limit {limit.text}; "
                       "SP A54 allows it only with an approval of the PHMSA Associate Administrator",
                       column=column, limit=limit.text, declared=quantity, special_provision="A54")
            return
        more = (f"; column 9B allows {entry.cargo_limit.text} cargo aircraft only"
                if column == "9A" and entry.cargo_limit.verdict(item.quantity_per_package) is Verdict.WITHIN else "")
        result.add(R.QUANTITY_EXCEEDS, f"{quantity} per package exceeds the column {column} limit {limit.text}{more}",
                   column=column, limit=limit.text, declared=quantity)
    elif verdict in (Verdict.UNCOMPARABLE, Verdict.NOT_STATED):
        reason = ("no quantity per package given" if item.quantity_per_package is None else
                  f"limit refers to SP {limit.refers_to}" if limit.refers_to else
                  f"limit '{limit.text or 'blank'}' cannot be compared with {item.quantity_per_package}")
        result.add(R.QUANTITY_UNCHECKED, f"column {column} limit not checked: {reason}", column=column,
                   limit=limit.text)


def _labels(item: DGItem, entry: HmtEntry, mode: DGMode, over_passenger: bool, result: ItemResult) -> None:
    if item.labels is None:
        result.not_checked.append("labels (not stated)")
        return
    if item.limited_quantity and not mode.by_air and entry.exceptions_8a not in (None, "None"):
        result.not_checked.append("labels: limited quantity other than by air is excepted from labeling "
                                  "(173.150-173.156)")
        return
    declared = {normalise_label(label) for label in item.labels}
    required = list(entry.label_codes)
    if mode is DGMode.AIR_CARGO_ONLY and over_passenger:
        required.append(CAO)  # 172.402(c)
    missing = [code for code in required if not label_satisfies(code, declared)]
    if missing:
        result.add(R.LABEL_MISSING, f"label(s) {', '.join(missing)} required by the HMT are missing",
                   required=required, declared=sorted(declared), missing=missing)


def _marks(item: DGItem, entry: HmtEntry, mode: DGMode, result: ItemResult) -> None:
    if item.limited_quantity and entry.exceptions_8a in (None, "None"):
        result.add(R.LIMITED_QUANTITY_NOT_ALLOWED, f"{item.id_number} has no exceptions in column 8A: limited "
                   "quantity cannot be claimed", column_8a=entry.exceptions_8a)
    if item.marks is None:
        result.not_checked.append("package marks (not stated)")
        return
    marks = {" ".join(m.upper().replace("-", " ").split()) for m in item.marks}
    if item.reportable_quantity and "RQ" not in marks:
        result.add(R.RQ_MISSING, "the package holds a reportable quantity but is not marked RQ", marks=sorted(marks))
    if item.marine_pollutant and mode is DGMode.VESSEL and "MARINE POLLUTANT" not in marks:
        result.add(R.MARINE_POLLUTANT_MISSING, "marine pollutant by vessel without the MARINE POLLUTANT mark",
                   marks=sorted(marks))
    accepted = _LQ_AIR_MARKS if mode.by_air else _LQ_AIR_MARKS | {"LIMITED QUANTITY", "LTD QTY"}
    if item.limited_quantity and not marks & accepted:
        which = "the limited-quantity mark with the \"Y\" (172.315(b))" if mode.by_air else "the limited-quantity mark"
        result.add(R.LIMITED_QUANTITY_MARK, f"limited quantity without {which}", marks=sorted(marks))
    inhalation = INHALATION_SPS & set(entry.special_provisions)
    labels = {normalise_label(label).upper() for label in item.labels or []} | {label.upper() for label in item.labels or []}
    if inhalation and "INHALATION HAZARD" not in marks and not labels & INHALATION_LABELS:
        result.add(R.INHALATION_HAZARD_MISSING, f"SP {', '.join(sorted(inhalation))}: the package must be marked "
                   "INHALATION HAZARD (172.313(a))", special_provisions=sorted(inhalation), marks=sorted(marks))
