"""Import duty and VAT for one UK or XI (Northern Ireland) commodity, option by option.

Like the UK Trade Tariff duty calculator, the result lists every option the declarant may claim for
the origin and date: the third-country duty, tariff preferences, suspensions and tariff quotas, each
with the additional duties (anti-dumping, countervailing, safeguard and retaliatory duties) that
apply whatever option is chosen, and the import VAT.

* Customs value: the goods' price plus transport and insurance to the place of import, in GBP
  (CIF; UCC Art. 70-71 for XI and EU-era imports, Taxation (Cross-border Trade) Act 2018 Sch. 4).
* Each measure's duty is rounded half-up to the penny once, after its components are added.
* Import VAT: the VAT rate on the customs value plus the duties (VATA 1994 s. 21(2)).
* A preference or relief whose conditions ask for a document the declarant did not present is still
  listed, computed as if the document were presented, and says which document it needs. An
  additional duty is charged on the documents presented (e.g. the higher anti-dumping rate when
  the exporter's declaration is missing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from clearance.duty.uk import conditions
from clearance.duty.uk.expression import Basis, Evaluation, evaluate
from clearance.duty.uk.measures import (
    ADDITIONAL_SERIES,
    DUTY_SERIES,
    OPTION_TYPES,
    PREFERENCE,
    QUOTA,
    SUSPENSION,
    THIRD_COUNTRY,
    Commodity,
    Measure,
)

PENNY = Decimal("0.01")
ZERO = Decimal(0)
OPTION_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("third_country", THIRD_COUNTRY), ("preference", PREFERENCE), ("suspension", SUSPENSION), ("quota", QUOTA))
VALUE_CITATION = "UCC Art. 70-71 (XI); Taxation (Cross-border Trade) Act 2018 Sch. 4 (UK)"
VAT_CITATION = "VATA 1994 s. 21(2)"
_VAT_PERCENT = re.compile(r"\((\d+(?:\.\d+)?)\s*%?\)")


class UkDutyRequest(BaseModel):
    """One import: what the UK duty calculator asks for."""

    model_config = ConfigDict(frozen=True)

    tariff: Literal["uk", "xi"] = "uk"
    commodity: str = Field(pattern=r"^\d{10}$")
    origin: str = Field(pattern=r"^[A-Z]{2}$")
    import_date: date
    goods_value: Decimal = Field(ge=0, description="invoice price of the goods, GBP")
    shipping: Decimal = Field(default=ZERO, ge=0, description="transport to the place of import, GBP")
    insurance: Decimal = Field(default=ZERO, ge=0, description="insurance to the place of import, GBP")
    quantities: dict[str, Annotated[Decimal, Field(ge=0)]] = Field(
        default_factory=dict, description="TARIC unit code (with qualifier) -> quantity")
    vat_option: str | None = None
    additional_code: str | None = None
    documents: frozenset[str] = frozenset()

    @property
    def customs_value(self) -> Decimal:
        return self.goods_value + self.shipping + self.insurance


@dataclass(frozen=True)
class EurRate:
    gbp_per_eur: Decimal
    month: str                   # the month the rate is for
    note: str | None = None      # set when it is not the import month's rate


@dataclass(frozen=True)
class MeasureDuty:
    measure: Measure
    evaluation: Evaluation | None
    amount: Decimal | None                     # rounded to the penny; None when manual
    needs: tuple[str, ...] = ()                # documents the figure assumes are presented
    manual: str | None = None


@dataclass(frozen=True)
class Option:
    kind: str
    base: MeasureDuty
    additional: tuple[MeasureDuty, ...]
    duty: Decimal | None
    vat: Decimal | None
    total: Decimal | None
    needs: tuple[str, ...]
    manual: tuple[str, ...]


@dataclass(frozen=True)
class UkDutyResult:
    request: UkDutyRequest
    commodity: Commodity
    customs_value: Decimal
    eur_rate: EurRate | None
    vat_code: str | None
    vat_rate: Decimal | None
    vat_note: str | None
    options: tuple[Option, ...]
    other_measures: tuple[Measure, ...]        # controls and formalities that apply (no duty)
    notes: tuple[str, ...]


def calculate_uk(request: UkDutyRequest, commodity: Commodity, eur_rate: EurRate | None) -> UkDutyResult:
    applying = [m for m in commodity.measures if m.applies(request.origin, request.import_date)]
    basis = Basis(request.customs_value, request.quantities, eur_rate.gbp_per_eur if eur_rate else None)
    notes: list[str] = []
    additional = _additional_duties(applying, request, basis, notes)
    vat_code, vat_rate, vat_note = _vat(commodity, applying, request.vat_option)
    options = []
    for kind, types in OPTION_KINDS:
        for measure in applying:
            if measure.series == DUTY_SERIES and measure.type in types and _code_matches(measure, request.additional_code):
                base = _option_duty(measure, request.documents, basis)
                if base is None:
                    notes.append(f"{measure.label} does not apply with the documents presented")
                    continue
                options.append(_option(kind, base, additional, request.customs_value, vat_rate, vat_note))
    if not options:
        notes.append("no third-country duty, preference, suspension or quota measure applies to this origin "
                     "and date in the loaded tariff")
    unplaced = [m for m in applying if m.series == DUTY_SERIES and m.type not in OPTION_TYPES]
    if unplaced:
        notes.append("duty measures of a type Clearance does not place among the options, not computed: "
                     + "; ".join(m.label for m in unplaced))
    others = tuple(m for m in applying if m.series not in ADDITIONAL_SERIES | {DUTY_SERIES}
                   and not m.vat and not m.excise)
    excise = [m for m in applying if m.excise]
    if excise:
        notes.append("excise measures apply and are not computed: " + "; ".join(m.label for m in excise))
    return UkDutyResult(request, commodity, request.customs_value, eur_rate, vat_code, vat_rate, vat_note,
                        tuple(options), others, tuple(notes))


def _code_matches(measure: Measure, code: str | None) -> bool:
    return measure.additional_code is None or measure.additional_code == code


def _option_duty(measure: Measure, documents: frozenset[str], basis: Basis) -> MeasureDuty | None:
    resolution = conditions.resolve(measure, documents)
    needs: tuple[str, ...] = ()
    if resolution.components is None and resolution.manual is None and resolution.missing:
        # A relief that needs a document: show what it gives once the document is presented.
        wanted = resolution.missing[0]
        resolution = conditions.resolve(measure, documents | {wanted.document or ""})
        needs = (f"{wanted.document}: {wanted.requirement or wanted.condition}",)
    if resolution.components is None and resolution.manual is None:
        return None
    return _charged(measure, resolution, basis, needs)


def _charged(measure: Measure, resolution: conditions.Resolution, basis: Basis,
             needs: tuple[str, ...] = ()) -> MeasureDuty:
    if resolution.manual:
        return MeasureDuty(measure, None, None, needs, resolution.manual)
    if resolution.components is None:
        return MeasureDuty(measure, None, ZERO, needs)
    evaluation = evaluate(resolution.components, basis)
    if evaluation.amount is None:
        return MeasureDuty(measure, evaluation, None, needs, evaluation.manual)
    return MeasureDuty(measure, evaluation, evaluation.amount.quantize(PENNY, ROUND_HALF_UP), needs)


def _additional_duties(applying: list[Measure], request: UkDutyRequest, basis: Basis,
                       notes: list[str]) -> tuple[MeasureDuty, ...]:
    duties: list[MeasureDuty] = []
    extra = [m for m in applying if m.series in ADDITIONAL_SERIES]
    for kind in dict.fromkeys(m.type for m in extra):
        of_kind = [m for m in extra if m.type == kind]
        codes = sorted({m.additional_code for m in of_kind if m.additional_code})
        chosen = [m for m in of_kind if _code_matches(m, request.additional_code)]
        if codes and request.additional_code not in codes:
            reason = (f"{of_kind[0].type_description} depends on the exporter's additional code: give one of "
                      f"{', '.join(codes)}")
            duties.append(MeasureDuty(of_kind[0], None, None, manual=reason))
            notes.append(reason)
            chosen = [m for m in chosen if m.additional_code is None]
        for measure in chosen:
            duties.append(_charged(measure, conditions.resolve(measure, request.documents), basis))
    return tuple(duties)


def _vat(commodity: Commodity, applying: list[Measure],
         chosen: str | None) -> tuple[str | None, Decimal | None, str | None]:
    options = dict(commodity.vat_options)
    if not options:
        for measure in applying:
            if measure.vat and measure.components and measure.components[0].amount is not None:
                options[measure.additional_code or measure.type] = f"{measure.type_description} " \
                    f"({measure.components[0].amount})"
    if chosen is None and len(options) == 1:
        chosen = next(iter(options))
    if chosen is None:
        listed = ", ".join(f"{code} ({text})" for code, text in options.items()) or "none in the loaded tariff"
        return None, None, f"VAT not computed: choose the VAT rate that applies to the goods: {listed}"
    if chosen not in options:
        return chosen, None, f"VAT option {chosen} is not one of the commodity's: {', '.join(options) or 'none'}"
    text = options[chosen]
    found = _VAT_PERCENT.search(text)
    if found is None and "zero rate" in text.casefold():
        return chosen, ZERO, None
    if found is None:
        return chosen, None, f"VAT option {chosen} ({text}) states no rate"
    return chosen, Decimal(found.group(1)), None


def _option(kind: str, base: MeasureDuty, additional: tuple[MeasureDuty, ...], customs_value: Decimal,
            vat_rate: Decimal | None, vat_note: str | None) -> Option:
    parts = (base, *additional)
    manual = tuple(p.manual for p in parts if p.manual)
    needs = tuple(n for p in parts for n in p.needs)
    if base.measure.order_number:
        needs += (f"tariff quota {base.measure.order_number}: only while the quota has balance",)
    if any(p.amount is None for p in parts):
        return Option(kind, base, additional, None, None, None, needs, manual)
    duty = sum((p.amount for p in parts if p.amount is not None), ZERO)
    if vat_rate is None:
        return Option(kind, base, additional, duty, None, None, needs, manual + ((vat_note,) if vat_note else ()))
    vat = (vat_rate * (customs_value + duty) / 100).quantize(PENNY, ROUND_HALF_UP)
    return Option(kind, base, additional, duty, vat, duty + vat, needs, manual)
