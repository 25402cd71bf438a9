"""Property tests of the shipping-description parser (49 CFR 172.202(b)) and of ``check_consignment``
on arbitrary declared values: the parser raises only ``DescriptionError``, a generated basic
description round-trips to its parts, and no declared value makes the checks raise."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from clearance.dangerous_goods import (
    DGConsignment,
    DGItem,
    DGMode,
    ShippingPaper,
    check_consignment,
)
from clearance.dangerous_goods.description import (
    Description,
    DescriptionError,
    parse_description,
)
from tests.dangerous_goods.test_regulations import HMT, IMDG

# --------------------------------------------------------------------------------------------
# parse_description on arbitrary text
# --------------------------------------------------------------------------------------------

_DESCRIPTION_ALPHABET = st.sampled_from(list("UNAID0123456789 ,.()-PGIVXRQ") + ["Zone A", "Marine Pollutant", "\t"])


@given(st.text())
def test_parse_description_on_any_text_raises_only_description_error(text):
    try:
        parsed = parse_description(text)
    except DescriptionError:
        return
    assert isinstance(parsed, Description)
    assert parsed.proper_shipping_name and parsed.hazard_class


@given(st.lists(_DESCRIPTION_ALPHABET, max_size=40).map("".join))
def test_parse_description_on_description_like_text_raises_only_description_error(text):
    """Text built from the description's own tokens reaches the deeper branches of the parser."""
    try:
        parsed = parse_description(text)
    except DescriptionError:
        return
    assert parsed.id_number[:2] in ("UN", "NA", "ID") and len(parsed.id_number) == 6


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text())))
def test_parse_description_on_non_text_raises_only_description_error(value):
    try:
        parse_description(value)  # type: ignore[arg-type]
    except DescriptionError:
        pass
    else:  # pragma: no cover - a non-text value is never a description
        raise AssertionError("a non-text value parsed as a description")


# --------------------------------------------------------------------------------------------
# A generated valid basic description round-trips
# --------------------------------------------------------------------------------------------

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.%", min_size=1, max_size=10)
_PART = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_NAME = st.lists(_PART, min_size=1, max_size=4).map(", ".join)
_TECHNICAL = st.lists(_PART, min_size=1, max_size=2).map(", ".join)
_CLASSES = ["1.1D", "1.4S", "1.4G", "2.1", "2.2", "2.3", "3", "4.1", "4.2", "4.3", "5.1", "5.2", "6.1", "6.2", "7",
            "8", "9"]
_SUFFIX_EXTRAS = {"RQ": "RQ", "Marine Pollutant": "MARINE POLLUTANT", "Limited Quantity": "LIMITED QUANTITY",
                  "Poison-Inhalation Hazard": "INHALATION HAZARD", "Toxic-Inhalation Hazard": "INHALATION HAZARD",
                  "Zone A": "ZONE A", "Zone B": "ZONE B", "HOT": "HOT"}


@st.composite
def basic_descriptions(draw) -> tuple[str, Description]:
    prefix = draw(st.sampled_from(["UN", "NA", "ID"]))
    digits = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    spaced = draw(st.booleans())
    name = draw(_NAME)
    technical = draw(st.one_of(st.none(), _TECHNICAL))
    hazard_class = draw(st.sampled_from(_CLASSES))
    subsidiaries = tuple(draw(st.lists(st.sampled_from(["3", "5.1", "6.1", "8", "2.1"]), max_size=2, unique=True)))
    packing_group = draw(st.one_of(st.none(), st.sampled_from(["I", "II", "III"])))
    pg_prefix = draw(st.booleans())
    rq_first = draw(st.booleans())
    extras = draw(st.lists(st.sampled_from(sorted(_SUFFIX_EXTRAS)), max_size=3, unique=True))

    parts = [f"{prefix}{' ' if spaced else ''}{digits}", name + (f" ({technical})" if technical else "")]
    parts.append(hazard_class + (f" ({', '.join(subsidiaries)})" if subsidiaries else ""))
    if packing_group:
        parts.append(f"PG {packing_group}" if pg_prefix else packing_group)
    parts += extras
    text = ", ".join(parts)
    additional = {_SUFFIX_EXTRAS[e] for e in extras}
    if rq_first:
        text = "RQ, " + text
        additional.add("RQ")
    expected = Description(id_number=f"{prefix}{digits}", proper_shipping_name=name, hazard_class=hazard_class,
                           subsidiary_hazards=subsidiaries, packing_group=packing_group, technical_name=technical,
                           additional=frozenset(additional))
    return text, expected


@given(basic_descriptions())
def test_generated_basic_description_round_trips(case):
    """49 CFR 172.202(b): id, name (technical name), class (subsidiaries), PG, then 172.203 entries."""
    text, expected = case
    assert parse_description(text) == expected


@given(basic_descriptions(), st.sampled_from(["  ", " \t ", "\n"]))
def test_generated_description_survives_extra_whitespace(case, space):
    text, expected = case
    assert parse_description(text.replace(", ", "," + space)) == expected


# --------------------------------------------------------------------------------------------
# check_consignment never raises on what a declaration can carry
# --------------------------------------------------------------------------------------------

_REAL_IDS = sorted({e.id_number for e in HMT.entries if e.id_number})
_REAL_NAMES = sorted({e.proper_shipping_name for e in HMT.entries})
_REAL_CLASSES = sorted({e.hazard_class for e in HMT.entries if e.hazard_class})
_LABELS = ["FLAMMABLE LIQUID", "POISON GAS", "CARGO AIRCRAFT ONLY", "CAO", "1.4", "EXPLOSIVE", "9", "LITHIUM BATTERY"]
_MARKS = ["RQ", "MARINE POLLUTANT", "LIMITED QUANTITY", "Y", "INHALATION HAZARD"]
_UNITS = ["L", "mL", "kg", "g", "lb", "gal", "pieces", "KGM", "LTR", "GRM", "MLT"]


def _or_text(values: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(values), st.text(max_size=30))


_quantities = st.one_of(
    st.none(),
    st.builds(lambda v, u: f"{v} {u}", st.decimals(min_value=0, max_value=Decimal("1e6"), places=3,
                                                    allow_nan=False, allow_infinity=False), st.sampled_from(_UNITS)),
)

_items = st.fixed_dictionaries({
    "id_number": st.one_of(st.none(), _or_text(_REAL_IDS)),
    "proper_shipping_name": _or_text(_REAL_NAMES).filter(bool),
    "technical_name": st.one_of(st.none(), st.text(max_size=20)),
    "hazard_class": st.one_of(st.none(), _or_text(_REAL_CLASSES)),
    # Blank subsidiary entries are left out: they crash the check (see
    # test_blank_subsidiary_hazard_does_not_raise), which would hide every other failure.
    "subsidiary_hazards": st.one_of(st.none(), st.lists(_or_text(_REAL_CLASSES).filter(str.strip), max_size=3)),
    "packing_group": st.one_of(st.none(), _or_text(["I", "II", "III", "PG 2", "3"])),
    "labels": st.one_of(st.none(), st.lists(_or_text(_LABELS), max_size=4)),
    "marks": st.one_of(st.none(), st.lists(_or_text(_MARKS), max_size=3)),
    "quantity_per_package": _quantities,
    "packages": st.one_of(st.none(), st.integers(min_value=1, max_value=10_000)),
    "packaging": st.one_of(st.none(), st.sampled_from(["single", "combination"])),
    "physical_state": st.one_of(st.none(), st.sampled_from(["solid", "liquid", "gas"])),
    "container": st.one_of(st.none(), st.sampled_from(["C1", "C2"]), st.text(max_size=8)),
    "stowage": st.one_of(st.none(), st.just("same_closed_container"), st.text(max_size=8)),
    "reportable_quantity": st.booleans(),
    "marine_pollutant": st.booleans(),
    "limited_quantity": st.booleans(),
    "approval": st.one_of(st.none(), st.text(max_size=10)),
    "description": st.one_of(st.none(), st.text(max_size=60),
                             basic_descriptions().map(lambda case: case[0])),
})

_papers = st.one_of(st.none(), st.builds(ShippingPaper, emergency_phone=st.one_of(st.none(), st.text(max_size=12)),
                                         emergency_response_info=st.one_of(st.none(), st.text(max_size=12)),
                                         certification_signed=st.booleans(),
                                         signatory=st.one_of(st.none(), st.text(max_size=12))))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(DGMode)), st.lists(_items, min_size=1, max_size=4), _papers,
       st.one_of(st.none(), st.booleans()), st.booleans())
def test_check_consignment_never_raises(mode, raw_items, paper, international, with_imdg):
    try:
        items = [DGItem(**fields) for fields in raw_items]
    except ValidationError:
        assume(False)
        return
    consignment = DGConsignment(mode=mode, items=items, shipping_paper=paper, international=international)
    result = check_consignment(consignment, HMT, IMDG if with_imdg else None)
    assert len(result.items) == len(items)
    assert all(f.rule_id.startswith("DG.") and f.engine == "dangerous_goods" for f in result.findings)
    summary = result.summary()
    assert summary["findings"] == len(result.findings)


def test_blank_subsidiary_hazard_does_not_raise():
    """A declared subsidiary list with a blank entry (e.g. ["8", ""]) gives a finding, not an exception."""
    item = DGItem(id_number="UN1090", proper_shipping_name="Acetone", hazard_class="3", packing_group="II",
                  subsidiary_hazards=["8", ""])
    result = check_consignment(DGConsignment(mode=DGMode.HIGHWAY, items=[item]), HMT, IMDG)
    assert [f.rule_id for f in result.findings] == ["DG.SUBSIDIARY.MISMATCH"]
