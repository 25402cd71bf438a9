"""Transaction value of imported merchandise (19 U.S.C. 1401a(b); 19 CFR 152.102-152.103).

Transaction value is the price actually paid or payable for the merchandise when sold for
exportation to the United States, plus, when not already in the price (1401a(b)(1)):

  (A) packing costs incurred by the buyer, (B) selling commissions incurred by the buyer,
  (C) the apportioned value of assists, (D) royalties and licence fees the buyer must pay as a
  condition of the sale, (E) proceeds of any subsequent resale accruing to the seller;

and excluding, when included in the price and identified separately:

* international freight, insurance and other charges incident to the international shipment
  from the country of exportation to the place of importation in the US (1401a(b)(4)(A), the
  definition of "price actually paid or payable"; 19 CFR 152.102(f));
* costs of transport after importation, and of construction, assembly, maintenance or
  technical assistance after importation (1401a(b)(3)(A)); US duties and federal taxes payable
  by reason of importation (1401a(b)(3)(B)) — the elements of a DDP price.

Buying commissions are never part of transaction value (19 CFR 152.102(b) defines them; they are
not among the 1401a(b)(1) additions): one paid apart from the price is shown and not added, one
included in the invoice price is deducted.

**What the incoterm says the price includes** (:data:`INCOTERM_INCLUDES`): EXW/FCA/FAS/FOB no
international freight or insurance; CFR/CPT international freight; CIF/CIP freight and insurance;
DAP/DPU freight, insurance when the seller paid it, and transport after importation when the named
place is inland; DDP the same plus US duties and fees. When the terms say the price includes an
element that must be deducted and its amount is not given, nothing is guessed: the value is left
overstated and a caveat says so (e.g. ``DUTY.VALUE.FREIGHT_NOT_GIVEN``).

**Foreign inland freight** (19 CFR 152.103(a)(5), as amended by T.D. 84-235): under an ex-factory
sale (EXW; FCA at the seller's premises) the price does not include it and it is not added
(152.103(a)(5)(i)). When the price includes it (FCA elsewhere, FAS, FOB, C- and D-terms) it stays
in the value unless it is identified separately and the goods were sold for exportation and
placed with a carrier for through shipment to the US, shown by a through bill of lading
(152.103(a)(5)(ii)-(iii)); only then is it deducted as a charge incident to the international
shipment. ``ValuationElements.through_bill_of_lading`` carries that fact.

All amounts are US dollars already converted (see :mod:`clearance.duty.currency`). The price,
the steps and the value are not rounded here beyond what the inputs carry; :func:`apportion`
works in cents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from clearance.duty.currency import Caveat
from clearance.model.finding import Severity
from clearance.model.money import CENT, Money
from clearance.model.shipment import Incoterm, ValueElements

ZERO = Decimal(0)


class Inclusion(StrEnum):
    """Whether a price on given terms includes a cost."""

    INCLUDED = "included"  # always in the price on these terms
    IF_PAID = "if_paid"  # in the price when the seller paid it: an amount given is taken as included
    EXCLUDED = "excluded"  # not in the price on these terms


@dataclass(frozen=True)
class PriceIncludes:
    """What an Incoterms 2020 price covers, for the 1401a(b) deductions."""

    international_freight: Inclusion
    insurance: Inclusion
    foreign_inland_freight: Inclusion  # to the place of export
    us_inland_freight: Inclusion  # after importation, to a named place in the US
    us_duties: Inclusion  # US duties, fees and taxes of importation


_I, _P, _X = Inclusion.INCLUDED, Inclusion.IF_PAID, Inclusion.EXCLUDED

INCOTERM_INCLUDES: dict[Incoterm, PriceIncludes] = {
    Incoterm.EXW: PriceIncludes(_X, _X, _X, _X, _X),
    Incoterm.FCA: PriceIncludes(_X, _X, _P, _X, _X),  # inland to the named place unless it is the seller's
    Incoterm.FAS: PriceIncludes(_X, _X, _I, _X, _X),
    Incoterm.FOB: PriceIncludes(_X, _X, _I, _X, _X),
    Incoterm.CFR: PriceIncludes(_I, _X, _I, _X, _X),
    Incoterm.CPT: PriceIncludes(_I, _X, _I, _X, _X),
    Incoterm.CIF: PriceIncludes(_I, _I, _I, _X, _X),
    Incoterm.CIP: PriceIncludes(_I, _I, _I, _X, _X),
    Incoterm.DAP: PriceIncludes(_I, _P, _I, _P, _X),
    Incoterm.DPU: PriceIncludes(_I, _P, _I, _P, _X),
    Incoterm.DDP: PriceIncludes(_I, _P, _I, _P, _I),
}

_FREIGHT = "19 U.S.C. 1401a(b)(4)(A); 19 CFR 152.102(f)"
_INLAND = "19 CFR 152.103(a)(5)"
_AFTER = "19 U.S.C. 1401a(b)(3)(A)"
_DUTIES = "19 U.S.C. 1401a(b)(3)(B)"
_BUYING = "19 CFR 152.102(b); 19 U.S.C. 1401a(b)(1)"

# The 1401a(b)(1) additions: field, label, citation.
ADDITIONS: tuple[tuple[str, str, str], ...] = (
    ("packing", "Packing costs incurred by the buyer", "19 U.S.C. 1401a(b)(1)(A)"),
    ("selling_commissions", "Selling commissions incurred by the buyer", "19 U.S.C. 1401a(b)(1)(B)"),
    ("assists", "Apportioned value of assists", "19 U.S.C. 1401a(b)(1)(C); 19 CFR 152.103(e)"),
    ("royalties", "Royalties and licence fees (condition of sale)", "19 U.S.C. 1401a(b)(1)(D)"),
    ("proceeds", "Proceeds of subsequent resale accruing to the seller", "19 U.S.C. 1401a(b)(1)(E)"),
)


@dataclass(frozen=True)
class ValuationElements:
    """Amounts in US dollars that adjust a price to transaction value (19 U.S.C. 1401a(b)).

    Addition amounts (packing ... proceeds) are taken as *not* in the price, hence added, unless
    their field name is in ``in_price``; ``"buying_commissions"`` in ``in_price`` means the
    invoice price includes the buying commission, which is then deducted. Deduction amounts
    (freight ... post_importation_costs) are the amounts the seller's price includes when the
    terms of sale say it includes them; an amount given for a cost the terms exclude is shown
    and not counted.
    """

    freight: Decimal | None = None  # international, from the country of exportation to the US
    insurance: Decimal | None = None  # international
    foreign_inland_freight: Decimal | None = None  # to the place of export
    packing: Decimal | None = None
    selling_commissions: Decimal | None = None
    assists: Decimal | None = None
    royalties: Decimal | None = None
    proceeds: Decimal | None = None
    buying_commissions: Decimal | None = None
    us_inland_freight: Decimal | None = None  # transport after importation
    us_duties: Decimal | None = None  # duties, fees and federal taxes of importation (DDP)
    post_importation_costs: Decimal | None = None  # assembly, maintenance, technical assistance in the US
    in_price: frozenset[str] = frozenset()
    through_bill_of_lading: bool = False

    def __post_init__(self) -> None:
        for name in self.amount_fields():
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} cannot be negative ({value})")
        unknown = set(self.in_price) - {name for name, _, _ in ADDITIONS} - {"buying_commissions"}
        if unknown:
            raise ValueError(f"in_price names unknown additions: {', '.join(sorted(unknown))}")

    @classmethod
    def amount_fields(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name not in ("in_price", "through_bill_of_lading"))


@dataclass(frozen=True)
class ValuationStep:
    """One line of the build-up: what, how much, added (+1), deducted (-1) or shown only (0), and why."""

    label: str
    amount: Decimal
    sign: int
    citation: str
    note: str = ""

    @property
    def effect(self) -> Decimal:
        return self.amount * self.sign


@dataclass(frozen=True)
class Valuation:
    """Transaction value with every step of its build-up and the caveats to report."""

    price: Decimal
    incoterm: Incoterm | None
    steps: tuple[ValuationStep, ...]
    value: Decimal
    caveats: tuple[Caveat, ...] = ()
    basis: str = "transaction value (19 U.S.C. 1401a(b))"

    def evidence(self) -> dict[str, object]:
        return {"basis": self.basis, "price": str(self.price), "incoterm": self.incoterm and self.incoterm.value,
                "value": str(self.value),
                "steps": [{"label": s.label, "amount": str(s.amount), "sign": s.sign, "citation": s.citation,
                           "note": s.note} for s in self.steps],
                "caveats": [c.code for c in self.caveats]}


def transaction_value(price: Decimal, incoterm: Incoterm | None, elements: ValuationElements) -> Valuation:
    """Build transaction value from the price paid or payable, in US dollars (19 U.S.C. 1401a(b))."""
    steps = [ValuationStep("Price actually paid or payable (invoice)", price, 1, "19 U.S.C. 1401a(b)(1), (b)(4)(A)",
                           f"terms of sale {incoterm.value}" if incoterm else "terms of sale not given")]
    caveats: list[Caveat] = []
    terms = INCOTERM_INCLUDES.get(incoterm) if incoterm else None
    _deductions(terms, incoterm, elements, steps, caveats)
    for name, label, citation in ADDITIONS:
        amount = getattr(elements, name)
        if amount is None:
            continue
        if name in elements.in_price:
            steps.append(ValuationStep(label, amount, 0, citation, "already in the price; not added again"))
        else:
            steps.append(ValuationStep(label, amount, 1, citation, "not in the price; added"))
    if elements.buying_commissions is not None:
        if "buying_commissions" in elements.in_price:
            steps.append(ValuationStep("Buying commission", elements.buying_commissions, -1, _BUYING,
                                       "included in the invoice price; deducted (never part of transaction value)"))
        else:
            steps.append(ValuationStep("Buying commission", elements.buying_commissions, 0, _BUYING,
                                       "paid apart from the price; never added"))
    value = sum((s.effect for s in steps), ZERO)
    if value < 0:
        caveats.append(Caveat("DUTY.VALUE.NEGATIVE",
                              f"deductions exceed the price: transaction value would be {value}; check the amounts",
                              "19 U.S.C. 1401a(b)", Severity.ERROR))
    return Valuation(price, incoterm, tuple(steps), value, tuple(caveats))


def _deductions(terms: PriceIncludes | None, incoterm: Incoterm | None, elements: ValuationElements,
                steps: list[ValuationStep], caveats: list[Caveat]) -> None:
    """The 1401a(b)(4)(A) and (b)(3) exclusions, decided by what the terms of sale include."""
    if terms is None:
        given = [n for n in ("freight", "insurance") if getattr(elements, n) is not None]
        caveats.append(Caveat(
            "DUTY.VALUE.NO_INCOTERM",
            "terms of sale not given: whether the price includes international freight or insurance is unknown, "
            "so nothing is deducted" + (f" for the {' and '.join(given)} given; if the price includes them, "
                                        "the value is overstated" if given else ""),
            _FREIGHT, Severity.WARNING if given else Severity.INFO))
        terms = PriceIncludes(_X, _X, _X, _X, _X)
    name = incoterm.value if incoterm else "unknown terms"
    _exclusion(elements.freight, terms.international_freight, "International freight", _FREIGHT, name,
               "DUTY.VALUE.FREIGHT_NOT_GIVEN", "international freight", steps, caveats)
    _exclusion(elements.insurance, terms.insurance, "International insurance", _FREIGHT, name,
               "DUTY.VALUE.INSURANCE_NOT_GIVEN", "insurance", steps, caveats)
    _foreign_inland(elements, terms.foreign_inland_freight, name, steps, caveats)
    _exclusion(elements.us_inland_freight, terms.us_inland_freight, "Transport after importation", _AFTER, name,
               "DUTY.VALUE.US_INLAND_NOT_GIVEN", "transport after importation", steps, caveats)
    _exclusion(elements.us_duties, terms.us_duties, "US duties, fees and taxes of importation", _DUTIES, name,
               "DUTY.VALUE.US_DUTIES_NOT_GIVEN", "US duties, fees and taxes", steps, caveats)
    if elements.post_importation_costs is not None:
        steps.append(ValuationStep("Assembly, maintenance or technical assistance after importation",
                                   elements.post_importation_costs, -1, "19 U.S.C. 1401a(b)(3)(A)(i)",
                                   "identified separately from the price; deducted"))


def _exclusion(amount: Decimal | None, inclusion: Inclusion, label: str, citation: str, terms: str, code: str,
               what: str, steps: list[ValuationStep], caveats: list[Caveat]) -> None:
    if amount is not None:
        if inclusion is Inclusion.EXCLUDED:
            steps.append(ValuationStep(label, amount, 0, citation,
                                       f"not in a {terms} price; not part of transaction value"))
        else:
            steps.append(ValuationStep(label, amount, -1, citation, f"included in the {terms} price; deducted"))
    elif inclusion is Inclusion.INCLUDED:
        caveats.append(Caveat(code, f"price includes {what} under {terms}; amount not given, so the value is "
                                    "overstated", citation))


def _foreign_inland(elements: ValuationElements, inclusion: Inclusion, terms: str,
                    steps: list[ValuationStep], caveats: list[Caveat]) -> None:
    amount = elements.foreign_inland_freight
    label = "Foreign inland freight to the place of export"
    if amount is None:
        return
    if inclusion is Inclusion.EXCLUDED:
        steps.append(ValuationStep(label, amount, 0, f"{_INLAND}(i)",
                                   f"ex-factory ({terms}) price excludes it; not added"))
    elif elements.through_bill_of_lading:
        steps.append(ValuationStep(label, amount, -1, f"{_INLAND}(ii)-(iii)",
                                   "identified separately, goods placed with a carrier for through shipment to the "
                                   "US (through bill of lading); deducted"))
    else:
        steps.append(ValuationStep(label, amount, 0, f"{_INLAND}(ii)",
                                   "part of the price: no through bill of lading, so not deducted"))
        caveats.append(Caveat(
            "DUTY.VALUE.FOREIGN_INLAND_KEPT",
            f"foreign inland freight of {amount} stays in the value: it is deductible only when the goods were "
            "placed with a carrier for through shipment to the US, shown by a through bill of lading",
            f"{_INLAND}(ii)-(iii)", Severity.INFO))


def apportion(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` across ``weights`` pro rata, in cents, so the parts sum exactly to ``total``.

    Largest-remainder method: each part gets the floor of its exact share in cents, and the cents
    left over go one each to the parts with the largest remainders (earlier parts win ties). The
    total is first rounded half-up to cents. When every weight is zero the total is split equally.
    """
    if any(w < 0 for w in weights):
        raise ValueError("weights cannot be negative")
    cents = int((total.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())
    if not weights:
        if cents:
            raise ValueError("cannot apportion a non-zero total over no weights")
        return []
    sign = -1 if cents < 0 else 1
    cents = abs(cents)
    shares = [Fraction(w) for w in weights]
    whole = sum(shares)
    if whole == 0:
        shares, whole = [Fraction(1)] * len(weights), Fraction(len(weights))
    exact = [cents * s / whole for s in shares]
    parts = [int(e) for e in exact]  # floor: shares are non-negative
    left = cents - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [Decimal(sign * p).scaleb(-2) for p in parts]


@dataclass(frozen=True)
class ShipmentValuation:
    """Transaction value of a whole shipment and of each line, shipment amounts apportioned by line value."""

    total: Valuation
    lines: tuple[Valuation, ...]
    caveats: tuple[Caveat, ...] = field(default_factory=tuple)


def line_valuations(prices: Sequence[Decimal], incoterm: Incoterm | None,
                    elements: ValuationElements) -> ShipmentValuation:
    """Per-line transaction values: each shipment-level amount is split pro rata to the line prices.

    Pro rata to value is the default apportionment; an assist that concerns particular lines, or
    one spread over several shipments (19 CFR 152.103(e)), must be apportioned by the caller and
    given per line. The line values sum exactly to the shipment's value.
    """
    split: dict[str, list[Decimal]] = {}
    for name in ValuationElements.amount_fields():
        amount = getattr(elements, name)
        if amount is not None:
            split[name] = apportion(amount, prices)
    lines = []
    for index, price in enumerate(prices):
        line_elements = replace(elements, **{name: parts[index] for name, parts in split.items()})
        lines.append(transaction_value(price, incoterm, line_elements))
    total_elements = replace(elements, **{name: sum(parts, ZERO) for name, parts in split.items()})
    total = transaction_value(sum(prices, ZERO), incoterm, total_elements)
    caveats: list[Caveat] = list(total.caveats)
    for line in lines:
        caveats += [c for c in line.caveats if c.code == "DUTY.VALUE.NEGATIVE" and c not in caveats]
    return ShipmentValuation(total, tuple(lines), tuple(caveats))


def elements_in_usd(value_elements: ValueElements, to_usd: Callable[[Money], Decimal], *,
                    in_price: frozenset[str] = frozenset(), through_bill_of_lading: bool = False,
                    **extra: Decimal | None) -> ValuationElements:
    """The shipment's :class:`ValueElements` converted to US dollars with ``to_usd`` (e.g. a
    function around :func:`clearance.duty.currency.convert` for the export date). ``extra`` gives
    amounts the shipment model does not carry (foreign_inland_freight, us_duties, ...), in USD."""
    converted = {name: (None if money is None else to_usd(money))
                 for name, money in ((f, getattr(value_elements, f)) for f in type(value_elements).model_fields)}
    return ValuationElements(**converted, **extra, in_price=in_price, through_bill_of_lading=through_bill_of_lading)
