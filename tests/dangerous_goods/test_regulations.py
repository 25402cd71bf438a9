"""Hand-written dangerous-goods cases, each derived from a named paragraph of 49 CFR (or the IMDG
Code), covering what the HMT-derived validation set cannot produce: special provisions, limited
quantities, symbols A/D/G, RQ and marine-pollutant marks, subsidiary-hazard and highway
segregation, the shipping paper.

The in-test Hazardous Materials Table holds rows copied by hand from
``shared/data/dangerous_goods/hmt_49cfr172101.csv`` (eCFR snapshot 2026-06-01); each ``entry(...)``
keeps the CSV's column values. Every test asserts the exact (sorted) list of rule ids, so it fails
both when a finding is missing and when an unexpected one appears.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import Any

import pytest

from clearance.dangerous_goods import (
    DGConsignment,
    DGItem,
    DGMode,
    Hmt,
    HmtEntry,
    ShippingPaper,
    check_consignment,
)
from clearance.dangerous_goods.check import DGResult
from clearance.dangerous_goods.description import (
    Description,
    DescriptionError,
    parse_description,
)
from clearance.model import Severity

# --------------------------------------------------------------------------------------------
# The small HMT
# --------------------------------------------------------------------------------------------

_ROWS = itertools.count()
_LIST_KEYS = ("symbols", "subsidiary_hazards", "label_codes", "special_provisions", "vessel_stowage_10b")


def entry(**overrides: Any) -> HmtEntry:
    """An HMT row in the record shape of ``refdata.loaders.dangerous_goods.load_hmt``.

    List columns may be given as the CSV writes them (``"IB2;T4;TP1"``); a label code ``None``
    is dropped as the loader drops it.
    """
    record: dict[str, Any] = {
        "row": next(_ROWS), "id_number": None, "proper_shipping_name": "", "hazard_class": None,
        "forbidden": False, "symbols": [], "packing_group": None, "subsidiary_hazards": [], "label_codes": [],
        "special_provisions": [], "exceptions_8a": None, "non_bulk_8b": None, "bulk_8c": None,
        "passenger_limit_9a": None, "cargo_limit_9b": None, "vessel_stowage_10a": None, "vessel_stowage_10b": [],
    }
    for key, value in overrides.items():
        if key not in record:
            raise KeyError(f"not an HMT record key: {key}")
        if key in _LIST_KEYS and isinstance(value, str):
            value = [part.strip() for part in value.split(";") if part.strip()]
        record[key] = value
    record["label_codes"] = [code for code in record["label_codes"] if code.lower() != "none"]
    return HmtEntry.from_record(record)


def row(id_number: str | None, name: str, hazard_class: str | None, symbols: str, pg: str | None,
        subsidiary: str, labels: str, sps: str, e8a: str | None, p8b: str | None, b8c: str | None,
        q9a: str | None, q9b: str | None, s10a: str | None, s10b: str = "") -> HmtEntry:
    """One CSV row in column order (id, name, class, symbols, PG, subsidiary, labels, SPs, 8A, 8B, 8C,
    9A, 9B, 10A, 10B) -> :func:`entry`."""
    return entry(id_number=id_number, proper_shipping_name=name, hazard_class=hazard_class, symbols=symbols,
                 packing_group=pg or None, subsidiary_hazards=subsidiary, label_codes=labels, special_provisions=sps,
                 exceptions_8a=e8a, non_bulk_8b=p8b, bulk_8c=b8c, passenger_limit_9a=q9a, cargo_limit_9b=q9b,
                 vessel_stowage_10a=s10a, vessel_stowage_10b=s10b.replace(", ", ";"))


GASOLINE = "Gasoline includes gasoline mixed with ethyl alcohol, with not more than 10% alcohol"
PAINT = ("Paint (including paint, lacquer, enamel, stain, shellac solutions, varnish, polish, liquid filler and "
         "liquid lacquer base)")
NITRIC_70 = "Nitric acid other than red fuming, with more than 70 percent nitric acid"
AMMONIUM_NITRATE = ("Ammonium nitrate, with not more than 0.2% combustible substances, including any organic substance "
                    "calculated as carbon, to the exclusion of any other added substance")
FORBIDDEN_PEROXIDE = "Acetyl acetone peroxide with more than 9 percent by mass active oxygen"

ENTRIES = [
    row("UN1090", "Acetone", "3", "", "II", "", "3", "IB2;T4;TP1", "150", "202", "242", "5 L", "60 L", "B"),
    row("UN1203", GASOLINE, "3", "", "II", "", "3", "144;177;B1;B33;IB2;T4", "150", "202", "242", "5 L", "60 L", "E"),
    row("UN1263", PAINT, "3", "", "II", "", "3", "149;367;383;B52;B131;IB2;T4;TP1;TP8;TP28", "150", "173", "242",
        "5 L", "60 L", "B"),
    row("UN1993", "Flammable liquids, n.o.s.", "3", "G", "I", "", "3", "T11;TP1;TP27", "150", "201", "243", "1 L",
        "30 L", "E"),
    row("UN1993", "Flammable liquids, n.o.s.", "3", "G", "II", "", "3", "IB2;T7;TP1;TP8;TP28", "150", "202", "242",
        "5 L", "60 L", "B"),
    row("UN1993", "Flammable liquids, n.o.s.", "3", "G", "III", "", "3", "B1;B52;IB3;T4;TP1;TP29", "150", "203",
        "242", "60 L", "220 L", "A"),
    row("UN3082", "Environmentally hazardous substance, liquid, n.o.s.", "9", "G", "III", "", "9",
        "8;146;173;335;441;IB3;T4;TP1;TP29", "155", "203", "241", "No limit", "No limit", "A"),
    row("UN1789", "Hydrochloric acid", "8", "", "II", "", "8", "386;A3;B3;B15;B133;IB2;N41;T8;TP2", "154", "202",
        "242", "1 L", "30 L", "C", "53, 58"),
    row("UN1789", "Hydrochloric acid", "8", "", "III", "", "8", "A3;IB3;T4;TP1", "154", "203", "241", "5 L", "60 L",
        "C", "8, 53, 58"),
    row("UN1005", "Ammonia, anhydrous", "2.3", "I", "", "8", "2.3;8", "4;379;N87;T50", "None", "304", "314, 315",
        "Forbidden", "Forbidden", "D", "40, 52, 57"),
    row("UN1005", "Ammonia, anhydrous", "2.2", "D", "", "", "2.2", "13;379;T50", "None", "304", "314, 315",
        "Forbidden", "Forbidden", "D", "40, 52, 57"),
    row("UN1017", "Chlorine", "2.3", "", "", "5.1;8", "2.3;5.1;8", "2;B9;B14;N86;T50;TP19", "None", "304", "314, 315",
        "Forbidden", "Forbidden", "D", "40, 51, 55, 62, 68, 89, 90"),
    row("UN1076", "Phosgene", "2.3", "", "", "8", "2.3;8", "1;B7;B46;N86", "None", "192", "314", "Forbidden",
        "Forbidden", "D", "40"),
    row("UN1051", "Hydrogen cyanide, stabilized with less than 3 percent water", "6.1", "", "I", "3", "6.1;3",
        "1;387;B35;B61;B65;B77;B82", "None", "195", "244", "Forbidden", "Forbidden", "D", "25, 40"),
    row("UN3480", "Lithium ion batteries including lithium ion polymer batteries", "9", "", "", "", "9",
        "388;422;A54;A100", "185", "185", "185", "Forbidden", "35 kg", "A", "156"),
    row("UN3481", "Lithium ion batteries contained in equipment including lithium ion polymer batteries", "9", "",
        "", "", "9", "181;360;388;422;A54", "185", "185", "185", "5 kg", "35 kg", "A", "156"),
    row("UN1830", "Sulfuric acid with more than 51 percent acid", "8", "", "II", "", "8",
        "A3;A7;B3;B83;B84;IB2;N34;T8;TP2", "154", "202", "242", "1 L", "30 L", "C", "14, 53, 58"),
    row("UN2031", NITRIC_70, "8", "", "I", "5.1", "8;5.1", "B47;B53;T10;TP2;TP12;TP13", "None", "158", "243",
        "Forbidden", "2.5 L", "D", "44, 53, 58, 66, 89, 90, 110, 111"),
    row("UN1942", AMMONIUM_NITRATE, "5.1", "", "III", "", "5.1", "148;A1;A29;B120;IB8;IP3;T1;TP33", "152", "213",
        "240", "25 kg", "100 kg", "A", "25, 59, 60, 66, 116, 124"),
    row("UN1479", "Oxidizing solid, n.o.s.", "5.1", "G", "II", "", "5.1", "62;IB8;IP2;IP4;T3;TP33", "152", "212",
        "240", "5 kg", "25 kg", "B", "56, 58, 106, 138"),
    row("UN0012", "Cartridges for weapons, inert projectile or Cartridges, small arms", "1.4S", "", "", "", "None",
        "", "63", "62", "None", "25 kg", "100 kg", "01", "25"),
    row("UN0323", "Cartridges, power device", "1.4S", "", "", "", "1.4S", "110;347", "63", "62", "62", "25 kg",
        "100 kg", "01", "25"),
    row("UN0065", "Cord, detonating, flexible", "1.1D", "", "", "", "1.1D", "102;148", "63(a)", "62", "None",
        "Forbidden", "Forbidden", "03", "25"),
    row("UN0029", "Detonators, non-electric, for blasting", "1.1B", "", "", "", "1.1B", "", "None", "62", "None",
        "Forbidden", "Forbidden", "05", "25"),
    row("UN0160", "Powder, smokeless", "1.1C", "", "", "", "1.1C", "", "None", "62", "None", "Forbidden",
        "Forbidden", "04", "25, 26E"),
    row("UN2814", "Infectious substances, affecting humans", "6.2", "G", "", "", "6.2", "A82", "134", "196", "None",
        "50 mL or 50 g", "4 L or 4 kg", "E", "13, 40, 95, 155"),
    row("UN1361", "Carbon, animal or vegetable origin", "4.2", "I", "II", "", "4.2", "IB6;T3;TP33", "None", "212",
        "242", "Forbidden", "Forbidden", "A", "12, 25"),
    row("UN1361", "Carbon, animal or vegetable origin", "4.2", "I", "III", "", "4.2", "IB8;IP3;T1;TP33", "None",
        "213", "241", "Forbidden", "Forbidden", "A", "12, 25"),
    row("UN1428", "Sodium", "4.3", "", "I", "", "4.3", "A7;A8;A19;A20;B9;B48;B68;IB4;IP1;N34;T9;TP7;TP33;TP46;W31",
        "151", "211", "244", "Forbidden", "15 kg", "D", "13, 52, 148"),
    row("UN1823", "Sodium hydroxide, solid", "8", "", "II", "", "8", "IB8;IP2;IP4;T3;TP33", "154", "212", "240",
        "15 kg", "50 kg", "A", "52"),
    row("UN3334", "Aviation regulated liquid, n.o.s", "9", "A;G", "", "", "9", "A35;A189", "155", "204", None, "450 L",
        "450 L", "A"),
    row("UN1396", "Aluminum powder, uncoated", "4.3", "", "II", "", "4.3", "A19;A20;IB7;IP2;IP21;T3;TP33;W31;W40",
        "151", "212", "242", "15 kg", "50 kg", "A", "13, 39, 52, 53, 148"),
    row("UN1350", "Sulfur", "4.1", "I", "III", "", "4.1", "30;B120;IB8;IP3;T1;TP33", "151", "None", "240", "25 kg",
        "100 kg", "A", "25, 74"),
    row("UN3140", "Alkaloids, liquid, n.o.s., or Alkaloid salts, liquid, n.o.s.", "6.1", "G", "I", "", "6.1",
        "A4;T14;TP2;TP27", "None", "201", "243", "1 L", "30 L", "A"),
    row("UN2923", "Corrosive solids, toxic, n.o.s.", "8", "G", "I", "6.1", "8;6.1", "A5;IB7;T6;TP33", "None", "211",
        "242", "1 kg", "25 kg", "B", "40"),
    row("UN2716", "1,4-Butynediol", "6.1", "", "III", "", "6.1", "A1;IB8;IP3;T1;TP33", "153", "213", "240", "100 kg",
        "200 kg", "C", "52, 53, 70"),
    row("UN1421", "Alkali metal alloys, liquid, n.o.s", "4.3", "", "I", "", "4.3", "A2;A7;B48;N34;W31", "None", "201",
        "244", "Forbidden", "1 L", "D", "13, 52, 148"),
    row("UN2794", "Batteries, wet, filled with acid, electric storage", "8", "", "", "", "8", "A51", "159", "159",
        "159", "30 kg", "400 kg", "A", "53, 58, 146"),
    row("UN0171", "Ammunition, illuminating with or without burster, expelling charge or propelling charge", "1.2G",
        "", "", "", "1.2G", "", None, "62", "62", "Forbidden", "Forbidden", "03", "25"),
    row("ID8000", "Consumer commodity", "9", "", "", "", "9", "", "167", "167", "None", "30 kg gross", "30 kg gross",
        None),
    entry(proper_shipping_name=FORBIDDEN_PEROXIDE, forbidden=True),
]

# 49 CFR 172.102 texts (abridged) of the provisions the tests look for in ``review``.
SPECIAL_PROVISIONS = {
    "1": "This material is poisonous by inhalation ... in Hazard Zone A ...",
    "2": "This material is poisonous by inhalation ... in Hazard Zone B ...",
    "4": "This material is poisonous by inhalation ... in Hazard Zone D ...",
    "13": "The words \"Inhalation Hazard\" shall be entered on each shipping paper ...",
    "144": "If transported as a residue in an underground storage tank (UST) ...",
    "177": "Gasoline, or, ethanol and gasoline mixtures, for use in internal combustion engines ...",
    "386": "When transported by private motor carrier only, the following corrosive liquids ...",
    "388": "a. Lithium batteries containing both primary lithium metal cells and rechargeable lithium ion cells ...",
    "422": "When labelling is required, the label to be used must be the label shown in § 172.447 ...",
    "A1": "Single packagings are not permitted on passenger aircraft.",
    "A2": "Single packagings are not permitted on aircraft.",
    "A3": "For combination packagings, if glass inner packagings (including ampoules) are used ...",
    "A4": "Liquids having an inhalation toxicity of Packing Group I are not permitted on aircraft.",
    "A5": "Solids having an inhalation toxicity of Packing Group I are not permitted on passenger aircraft and may "
          "not exceed a maximum net quantity per package of 15 kg (33 pounds) on cargo aircraft.",
    "A35": "This includes any material which is not covered by any of the other classes but which has an "
           "anesthetic, narcotic, noxious or other similar properties ...",
    "A54": "Irrespective of the quantity limits in Column 9B ... may have a mass exceeding 35 kg if approved by the "
           "Associate Administrator prior to shipment.",
    "A82": "The quantity limits in columns (9A) and (9B) do not apply to human or animal body parts ...",
    "A100": "Lithium ion cells and batteries must be offered for transport at a state of charge not exceeding 30 "
            "percent ...",
    "W31": "Non-bulk packagings must be hermetically sealed.",
}
SEE_REFERENCES = {"Accumulators, electric": "Batteries, wet etc"}
HMT = Hmt(ENTRIES, special_provisions=SPECIAL_PROVISIONS, see_references=SEE_REFERENCES)

# IMDG Code 7.2.4 (49 CFR 176.83(b)) cells the vessel tests need, both orders, copied from
# shared/data/dangerous_goods/imdg_segregation_table_7_2_4_long.csv.
_CELLS = {
    ("3", "3"): "X", ("3", "8"): "X", ("3", "5.1"): "2", ("5.1", "8"): "2", ("8", "8"): "X", ("5.1", "5.1"): "X",
    ("1.1/1.2/1.5", "1.1/1.2/1.5"): "*", ("1.1/1.2/1.5", "1.4"): "*", ("1.4", "1.4"): "*",
}
IMDG = {**_CELLS, **{(b, a): code for (a, b), code in _CELLS.items()}}
IMDG_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "dangerous_goods" / \
    "imdg_segregation_table_7_2_4_long.csv"

PAPER = ShippingPaper(emergency_phone="+1 800 424 9300", emergency_response_info="ERG 2024 guide 127",
                      certification_signed=True, signatory="J. Shipper")

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def item(id_number: str | None, name: str, hazard_class: str | None, packing_group: str | None = None,
         **fields: Any) -> DGItem:
    return DGItem(id_number=id_number, proper_shipping_name=name, hazard_class=hazard_class,
                  packing_group=packing_group, **fields)


def acetone(**fields: Any) -> DGItem:
    return item("UN1090", "Acetone", "3", "II", **fields)


def run(mode: str, *items: DGItem, paper: ShippingPaper | None = None, international: bool | None = None,
        imdg: dict[tuple[str, str], str] | None = None, paper_elements: bool = True) -> DGResult:
    consignment = DGConsignment(mode=DGMode(mode), items=list(items), shipping_paper=paper,
                                international=international)
    return check_consignment(consignment, HMT, IMDG if imdg is None else imdg, paper_elements=paper_elements)


def rule_ids(result: DGResult) -> list[str]:
    return sorted(f.rule_id for f in result.findings)


def only(result: DGResult, rule_id: str):
    found = [f for f in result.findings if f.rule_id == rule_id]
    assert len(found) == 1, rule_ids(result)
    return found[0]


# --------------------------------------------------------------------------------------------
# 172.203(k), 172.101(b)(5): technical name of n.o.s. / symbol G entries
# --------------------------------------------------------------------------------------------


def test_172_203k_nos_entry_without_technical_name_on_shipping_paper():
    """49 CFR 172.203(k): a G entry's shipping paper must give the technical name in parentheses."""
    result = run("highway", item("UN1993", "Flammable liquids, n.o.s.", "3", "II", labels=["3"], marks=[],
                                 quantity_per_package="4 L", packages=2), paper=PAPER)
    assert rule_ids(result) == ["DG.TECHNICAL_NAME.MISSING"]
    assert only(result, "DG.TECHNICAL_NAME.MISSING").evidence == {"symbols": ["G"]}


def test_172_203k_technical_name_in_the_written_description_is_enough():
    """49 CFR 172.203(k): "Flammable liquids, n.o.s. (Toluene, Xylene)" carries the technical names."""
    result = run("highway", item("UN1993", "Flammable liquids, n.o.s.", "3", "II", labels=["3"], marks=[],
                                 quantity_per_package="4 L", packages=2,
                                 description="UN1993, Flammable liquids, n.o.s. (Toluene, Xylene), 3, PG II"),
                 paper=PAPER)
    assert rule_ids(result) == []


def test_172_203k_technical_name_field_with_a_paper_is_enough():
    """49 CFR 172.203(k): the technical name given with the line satisfies the paper requirement."""
    result = run("highway", item("UN1993", "Flammable liquids, n.o.s.", "3", "II", technical_name="Toluene",
                                 quantity_per_package="4 L", packages=2), paper=PAPER)
    assert rule_ids(result) == []


def test_172_203k_bare_declaration_without_paper_is_not_held_to_the_paper_requirement():
    """49 CFR 172.203(k) is a shipping-paper requirement: a declaration line without a paper is not checked."""
    result = run("highway", item("UN1993", "Flammable liquids, n.o.s.", "3", "II", labels=["3"]))
    assert rule_ids(result) == []


def test_172_203k_description_of_g_entry_without_parenthesised_name():
    """49 CFR 172.203(k): the written description "UN3082, ..., n.o.s., 9, PG III" lacks the technical name."""
    result = run("highway", item("UN3082", "Environmentally hazardous substance, liquid, n.o.s.", "9", "III",
                                 description="UN3082, Environmentally hazardous substance, liquid, n.o.s., 9, PG III"))
    assert rule_ids(result) == ["DG.TECHNICAL_NAME.MISSING"]


# --------------------------------------------------------------------------------------------
# 172.324, 172.203(c): reportable quantity (hazardous substances)
# --------------------------------------------------------------------------------------------


def test_172_324_rq_missing_from_package_marks():
    """49 CFR 172.324(b): a non-bulk package of a hazardous substance in an RQ must be marked "RQ"."""
    result = run("highway", item("UN1789", "Hydrochloric acid", "8", "II", reportable_quantity=True, labels=["8"],
                                 marks=[]))
    assert rule_ids(result) == ["DG.RQ.MISSING"]


def test_172_203c_rq_missing_from_the_description():
    """49 CFR 172.203(c)(2): "RQ" must be entered before or after the basic description."""
    result = run("highway", item("UN1789", "Hydrochloric acid", "8", "II", reportable_quantity=True, labels=["8"],
                                 marks=["RQ"], description="UN1789, Hydrochloric acid, 8, PG II"))
    assert rule_ids(result) == ["DG.RQ.MISSING"]


@pytest.mark.parametrize("description", ["RQ, UN1789, Hydrochloric acid, 8, PG II",
                                         "UN1789, Hydrochloric acid, 8, PG II, RQ"])
def test_172_203c_rq_before_or_after_the_description_and_marked(description):
    """49 CFR 172.203(c)(2) ("RQ" before or after the description) and 172.324(b) (mark): both present."""
    result = run("highway", item("UN1789", "Hydrochloric acid", "8", "II", reportable_quantity=True, labels=["8"],
                                 marks=["RQ"], description=description))
    assert rule_ids(result) == []


def test_172_324_and_172_203c_rq_missing_from_both():
    """49 CFR 172.324(b) and 172.203(c)(2): one finding for the package, one for the paper."""
    result = run("highway", item("UN1789", "Hydrochloric acid", "8", "II", reportable_quantity=True, labels=["8"],
                                 marks=[], description="UN1789, Hydrochloric acid, 8, PG II"))
    assert rule_ids(result) == ["DG.RQ.MISSING", "DG.RQ.MISSING"]


# --------------------------------------------------------------------------------------------
# 172.322, 172.203(l), 171.4(c): marine pollutants
# --------------------------------------------------------------------------------------------

_EHS = "Environmentally hazardous substance, liquid, n.o.s."


def test_172_322_marine_pollutant_by_vessel_without_the_mark():
    """49 CFR 172.322(a): a marine pollutant by vessel must bear the MARINE POLLUTANT mark."""
    result = run("vessel", item("UN3082", _EHS, "9", "III", marine_pollutant=True, labels=["9"], marks=[],
                                description=f"UN3082, {_EHS} (Xylene), 9, PG III, Marine Pollutant"))
    assert rule_ids(result) == ["DG.MARINE_POLLUTANT.MISSING"]


def test_172_203l_marine_pollutant_by_vessel_without_words_on_the_paper():
    """49 CFR 172.203(l)(1): the words "Marine Pollutant" must be entered with the basic description."""
    result = run("vessel", item("UN3082", _EHS, "9", "III", marine_pollutant=True, labels=["9"],
                                marks=["MARINE POLLUTANT"], description=f"UN3082, {_EHS} (Xylene), 9, PG III"))
    assert rule_ids(result) == ["DG.MARINE_POLLUTANT.MISSING"]
    assert "description" in only(result, "DG.MARINE_POLLUTANT.MISSING").evidence


def test_172_322_marine_pollutant_by_vessel_marked_and_described():
    """49 CFR 172.322 and 172.203(l): mark and words present."""
    result = run("vessel", item("UN3082", _EHS, "9", "III", marine_pollutant=True, labels=["9"],
                                marks=["Marine Pollutant"],
                                description=f"UN3082, {_EHS} (Xylene), 9, PG III, Marine Pollutant"))
    assert rule_ids(result) == []


def test_171_4c_marine_pollutant_by_highway_non_bulk_is_excepted():
    """49 CFR 171.4(c): marine-pollutant requirements do not apply to non-bulk packagings by motor vehicle."""
    result = run("highway", item("UN3082", _EHS, "9", "III", marine_pollutant=True, labels=["9"], marks=[],
                                 description=f"UN3082, {_EHS} (Xylene), 9, PG III"))
    assert rule_ids(result) == []


# --------------------------------------------------------------------------------------------
# 172.101(i), 172.315, 173.150: limited quantities
# --------------------------------------------------------------------------------------------


def test_172_101i_limited_quantity_claimed_for_an_entry_without_8a_exceptions():
    """49 CFR 172.101(i)(1): column 8A "None" (UN1361 Carbon) - no limited-quantity exception exists."""
    result = run("highway", item("UN1361", "Carbon, animal or vegetable origin", "4.2", "II", limited_quantity=True,
                                 labels=["4.2"], marks=["LIMITED QUANTITY"]))
    assert rule_ids(result) == ["DG.LIMITED_QUANTITY.NOT_ALLOWED"]


def test_172_101i_limited_quantity_with_8a_none_is_not_excepted_from_labels():
    """49 CFR 172.101(i)(1) with 172.400: without an 8A exception the labels are still required."""
    result = run("highway", item("UN1361", "Carbon, animal or vegetable origin", "4.2", "II", limited_quantity=True,
                                 labels=[], marks=["LIMITED QUANTITY"]))
    assert rule_ids(result) == ["DG.LABEL.MISSING", "DG.LIMITED_QUANTITY.NOT_ALLOWED"]


def test_172_315_limited_quantity_without_the_mark():
    """49 CFR 172.315(a): a limited-quantity package must bear the limited-quantity mark."""
    result = run("highway", acetone(limited_quantity=True, quantity_per_package="1 L", labels=[], marks=[]))
    assert rule_ids(result) == ["DG.LIMITED_QUANTITY.MARK"]


def test_173_150b_limited_quantity_by_highway_is_excepted_from_labels():
    """49 CFR 173.150(b): limited quantities of Class 3 are excepted from labeling unless by aircraft."""
    result = run("highway", acetone(limited_quantity=True, quantity_per_package="1 L", labels=[],
                                    marks=["LIMITED QUANTITY"]))
    assert rule_ids(result) == []
    assert any("excepted from labeling" in text for text in result.items[0].not_checked)


def test_173_150b_limited_quantity_by_air_still_needs_labels():
    """49 CFR 173.150(b): the labeling exception does not apply to transport by aircraft."""
    result = run("air_passenger", acetone(limited_quantity=True, quantity_per_package="0.5 L", labels=[],
                                          marks=["Y"]))
    assert rule_ids(result) == ["DG.LABEL.MISSING"]


def test_172_315b_limited_quantity_by_air_needs_the_y_mark():
    """49 CFR 172.315(b)(1): a limited quantity by aircraft must bear the "Y" limited-quantity mark."""
    result = run("air_passenger", acetone(limited_quantity=True, quantity_per_package="0.5 L", labels=["3"],
                                          marks=["LIMITED QUANTITY"]))
    assert rule_ids(result) == ["DG.LIMITED_QUANTITY.MARK"]


# --------------------------------------------------------------------------------------------
# 176.83(b) / IMDG 7.2.4, 7.2.6.1: vessel segregation
# --------------------------------------------------------------------------------------------


def _nitric(**fields: Any) -> DGItem:
    return item("UN2031", NITRIC_70, "8", "I", subsidiary_hazards=["5.1"], **fields)


def test_imdg_7_2_6_1_subsidiary_hazard_triggers_segregation():
    """IMDG 7.2.6.1 / 49 CFR 176.83(a)(2): nitric acid (8, subsidiary 5.1) with acetone (3): 8 x 3 is X but
    5.1 x 3 is 2 ("separated from") - cannot share one closed container."""
    result = run("vessel", _nitric(container="MSCU1234565"), acetone(container="MSCU1234565"))
    assert rule_ids(result) == ["DG.SEGREGATION"]
    finding = only(result, "DG.SEGREGATION")
    assert finding.evidence["code"] == "2"
    assert finding.evidence["classes"] == ["5.1", "3"]
    assert finding.evidence["unit"] == "MSCU1234565"


def test_imdg_7_3_4_same_closed_container_stowage_flag_counts_as_one_unit():
    """IMDG 7.3.4: items declared as stowed in the same closed CTU are segregated like one container."""
    result = run("vessel", _nitric(stowage="same_closed_container"), acetone(stowage="same_closed_container"))
    assert rule_ids(result) == ["DG.SEGREGATION"]


def test_176_83_items_in_different_containers_are_not_checked_against_each_other():
    """49 CFR 176.83 / IMDG 7.3.4: the one-unit rule applies only to items sharing a closed CTU."""
    result = run("vessel", _nitric(container="MSCU1234565"), acetone(container="TGHU7654321"))
    assert rule_ids(result) == []


def test_imdg_7_2_4_code_x_pair_needs_no_segregation():
    """IMDG 7.2.4: class 3 x class 8 is X (no general segregation): acetone with hydrochloric acid."""
    result = run("vessel", acetone(container="MSCU1234565"),
                 item("UN1789", "Hydrochloric acid", "8", "II", container="MSCU1234565"))
    assert rule_ids(result) == []


def test_imdg_7_2_7_class_1_among_itself_is_left_for_review():
    """IMDG 7.2.7.2 / 49 CFR 176.144: class 1 with class 1 ('*') goes by compatibility group - not decided."""
    result = run("vessel", item("UN0065", "Cord, detonating, flexible", "1.1D", container="MSCU1234565"),
                 item("UN0323", "Cartridges, power device", "1.4S", container="MSCU1234565"))
    assert rule_ids(result) == ["DG.SEGREGATION.UNCHECKED"]


def test_176_83_without_the_imdg_table_segregation_is_not_checked_rather_than_passed():
    """49 CFR 176.83(b): without the table the pair is listed as not checked, never as passed."""
    consignment = DGConsignment(mode=DGMode.VESSEL, items=[_nitric(container="C1"), acetone(container="C1")])
    result = check_consignment(consignment, HMT, None)
    assert rule_ids(result) == []
    assert all("segregation: IMDG table not loaded" in r.not_checked for r in result.items)


def test_hand_written_imdg_cells_agree_with_the_shared_table():
    """IMDG 7.2.4 / 176.83(b): the cells used above are the shared reference table's."""
    if not IMDG_CSV.is_file():
        pytest.skip(f"shared segregation table not found at {IMDG_CSV}")
    with IMDG_CSV.open(encoding="utf-8") as handle:
        table = {(r["class_a"], r["class_b"]): r["code"] for r in csv.DictReader(handle)}
    assert {key: table[key] for key in IMDG} == IMDG


# --------------------------------------------------------------------------------------------
# 172.101(j), 175.75, 172.402(c): passenger and cargo aircraft
# --------------------------------------------------------------------------------------------


def _li_ion(**fields: Any) -> DGItem:
    return item("UN3480", "Lithium ion batteries including lithium ion polymer batteries", "9", **fields)


def test_172_101j_column_9a_forbidden_on_passenger_aircraft():
    """49 CFR 172.101(j)(1), 175.75: UN3480 column 9A says Forbidden."""
    result = run("air_passenger", _li_ion(quantity_per_package="10 kg", labels=["LITHIUM BATTERY"]))
    assert rule_ids(result) == ["DG.AIR.PASSENGER_FORBIDDEN"]
    assert only(result, "DG.AIR.PASSENGER_FORBIDDEN").evidence == {"column_9a": "Forbidden", "column_9b": "35 kg"}


def test_172_101j_cargo_aircraft_within_9b_with_cao_label_is_clean():
    """49 CFR 172.101(j)(1): UN3480 10 kg on a cargo aircraft (9B 35 kg) with the CAO label."""
    result = run("air_cargo_only", _li_ion(quantity_per_package="10 kg",
                                           labels=["LITHIUM BATTERY", "CARGO AIRCRAFT ONLY"]))
    assert rule_ids(result) == []


def test_172_402c_cargo_aircraft_only_label_missing():
    """49 CFR 172.402(c): a material not permitted on passenger aircraft needs the CARGO AIRCRAFT ONLY label."""
    result = run("air_cargo_only", _li_ion(quantity_per_package="10 kg", labels=["9"]))
    assert rule_ids(result) == ["DG.LABEL.MISSING"]
    assert only(result, "DG.LABEL.MISSING").evidence["missing"] == ["CARGO AIRCRAFT ONLY"]


def test_172_101j_over_9a_within_9b_on_passenger_aircraft_points_to_9b():
    """49 CFR 172.101(j)(1): acetone 10 L exceeds 9A (5 L) but 9B (60 L) would allow it on cargo aircraft."""
    result = run("air_passenger", acetone(quantity_per_package="10 L", labels=["3"]))
    assert rule_ids(result) == ["DG.QUANTITY.EXCEEDS_LIMIT"]
    finding = only(result, "DG.QUANTITY.EXCEEDS_LIMIT")
    assert "9B" in finding.message and "60 L" in finding.message
    assert finding.evidence["column"] == "9A"


def test_172_402c_over_9a_on_cargo_aircraft_needs_the_cao_label():
    """49 CFR 172.402(c): a package above the 9A quantity may go only on cargo aircraft and must say so."""
    missing = run("air_cargo_only", acetone(quantity_per_package="10 L", labels=["3"]))
    labelled = run("air_cargo_only", acetone(quantity_per_package="10 L", labels=["3", "CAO"]))
    assert rule_ids(missing) == ["DG.LABEL.MISSING"]
    assert rule_ids(labelled) == []


def test_172_101j_column_9b_forbidden_on_any_aircraft():
    """49 CFR 172.101(j)(1): UN1361 Carbon is Forbidden in 9B - no aircraft at all."""
    result = run("air_cargo_only", item("UN1361", "Carbon, animal or vegetable origin", "4.2", "II",
                                        quantity_per_package="5 kg", labels=["4.2", "CARGO AIRCRAFT ONLY"]))
    assert rule_ids(result) == ["DG.AIR.FORBIDDEN"]


def test_172_101j_mass_declared_against_a_volume_limit_is_unchecked():
    """49 CFR 172.101(j): acetone's 9A limit is in litres; "2 kg" cannot be compared with it."""
    result = run("air_passenger", acetone(quantity_per_package="2 kg", labels=["3"]))
    assert rule_ids(result) == ["DG.QUANTITY.UNCHECKED"]
    assert only(result, "DG.QUANTITY.UNCHECKED").evidence == {"column": "9A", "limit": "5 L"}


def test_172_101j_no_quantity_by_air_is_unchecked():
    """49 CFR 172.101(j), 172.202(a)(5): without a quantity per package the air limit is not checked."""
    result = run("air_passenger", acetone(labels=["3"]))
    assert rule_ids(result) == ["DG.QUANTITY.UNCHECKED"]
    assert "no quantity per package" in only(result, "DG.QUANTITY.UNCHECKED").message


@pytest.mark.parametrize(("quantity", "expected"), [
    ("5000 mL", []), ("5001 mL", ["DG.QUANTITY.EXCEEDS_LIMIT"]), ("5 L", []), ("5.001 L", ["DG.QUANTITY.EXCEEDS_LIMIT"]),
])
def test_172_101j_millilitres_at_the_9a_boundary(quantity, expected):
    """49 CFR 172.101(j)(1): the limit is the maximum net quantity - exactly 5 L (5000 mL) is within."""
    assert rule_ids(run("air_passenger", acetone(quantity_per_package=quantity, labels=["3"]))) == expected


@pytest.mark.parametrize(("quantity", "expected"), [
    ("50 g", []), ("51 g", ["DG.QUANTITY.EXCEEDS_LIMIT"]), ("0.05 kg", []), ("50 mL", []),
    ("51 mL", ["DG.QUANTITY.EXCEEDS_LIMIT"]),
])
def test_172_101j_grams_and_millilitres_against_a_two_unit_limit(quantity, expected):
    """49 CFR 172.101(j)(1): UN2814 9A is "50 mL or 50 g" - each unit compared with its own dimension."""
    result = run("air_passenger", item("UN2814", "Infectious substances, affecting humans", "6.2",
                                       quantity_per_package=quantity, labels=["6.2"]))
    assert rule_ids(result) == expected


@pytest.mark.parametrize(("quantity", "expected"), [("60 L", []), ("60001 mL", ["DG.QUANTITY.EXCEEDS_LIMIT"])])
def test_172_101j_cargo_aircraft_9b_boundary(quantity, expected):
    """49 CFR 172.101(j)(1): acetone 9B is 60 L per package on cargo aircraft."""
    result = run("air_cargo_only", acetone(quantity_per_package=quantity, labels=["3", "CARGO AIRCRAFT ONLY"]))
    assert rule_ids(result) == expected


def test_172_101j_net_quantity_cannot_show_compliance_with_a_gross_limit():
    """49 CFR 172.101(j)(1): ID8000's limit is "30 kg gross"; a net 29 kg does not show the gross mass."""
    result = run("air_passenger", item("ID8000", "Consumer commodity", "9", quantity_per_package="29 kg",
                                       labels=["9"]))
    assert rule_ids(result) == ["DG.QUANTITY.UNCHECKED"]


def test_172_101j_net_quantity_over_a_gross_limit_exceeds_it():
    """49 CFR 172.101(j)(1): a net 31 kg is certainly over "30 kg gross"."""
    result = run("air_passenger", item("ID8000", "Consumer commodity", "9", quantity_per_package="31 kg",
                                       labels=["9"]))
    assert rule_ids(result) == ["DG.QUANTITY.EXCEEDS_LIMIT"]


# --------------------------------------------------------------------------------------------
# 172.102: special provisions applied mechanically
# --------------------------------------------------------------------------------------------


def test_172_102_a54_lithium_battery_over_35_kg_with_approval():
    """49 CFR 172.102(c)(2) SP A54: an approved lithium battery may exceed the 9B 35 kg limit."""
    result = run("air_cargo_only", _li_ion(quantity_per_package="120 kg", approval="SP-A54-2026-001",
                                           labels=["9", "CARGO AIRCRAFT ONLY"]))
    assert rule_ids(result) == ["DG.SP.APPLIED"]
    finding = only(result, "DG.SP.APPLIED")
    assert finding.severity is Severity.INFO
    assert finding.evidence == {"special_provision": "A54", "approval": "SP-A54-2026-001"}


def test_172_102_a54_lithium_battery_over_35_kg_without_approval():
    """49 CFR 172.102(c)(2) SP A54: without the Associate Administrator's approval 35 kg is the limit."""
    result = run("air_cargo_only", _li_ion(quantity_per_package="120 kg", labels=["9", "CARGO AIRCRAFT ONLY"]))
    assert rule_ids(result) == ["DG.QUANTITY.EXCEEDS_LIMIT"]
    finding = only(result, "DG.QUANTITY.EXCEEDS_LIMIT")
    assert "A54" in finding.message
    assert finding.evidence["special_provision"] == "A54"


def test_172_102_a4_pg_i_liquid_not_permitted_on_any_aircraft():
    """49 CFR 172.102(c)(2) SP A4: UN3140 PG I liquid by inhalation toxicity - no aircraft, although 9A/9B give
    1 L / 30 L."""
    alkaloids = "Alkaloids, liquid, n.o.s."
    passenger = run("air_passenger", item("UN3140", alkaloids, "6.1", "I", physical_state="liquid",
                                          inhalation_toxicity=True, quantity_per_package="0.5 L", labels=["6.1"]))
    cargo = run("air_cargo_only", item("UN3140", alkaloids, "6.1", "I", quantity_per_package="0.5 L",
                                       inhalation_toxicity=True, labels=["6.1", "CARGO AIRCRAFT ONLY"]))
    assert rule_ids(passenger) == ["DG.AIR.FORBIDDEN"]
    assert rule_ids(cargo) == ["DG.AIR.FORBIDDEN"]


def test_172_102_a4_needs_the_pg_i_to_be_by_inhalation():
    """49 CFR 172.102(c)(2) SP A4 speaks of an inhalation toxicity of PG I; PG I by oral toxicity is outside it,
    and an unstated basis is a condition to confirm (173.133)."""
    alkaloids = "Alkaloids, liquid, n.o.s."
    unstated = run("air_passenger", item("UN3140", alkaloids, "6.1", "I", quantity_per_package="0.5 L",
                                         labels=["6.1"]))
    assert rule_ids(unstated) == ["DG.SP.CONDITIONAL"]
    oral = run("air_passenger", item("UN3140", alkaloids, "6.1", "I", quantity_per_package="0.5 L",
                                     inhalation_toxicity=False, labels=["6.1"]))
    assert rule_ids(oral) == []


def test_172_102_a5_solid_pg_i_over_15_kg_on_cargo_aircraft():
    """49 CFR 172.102(c)(2) SP A5: at most 15 kg per package on cargo aircraft (9B says 25 kg)."""
    def corrosive(quantity: str) -> DGItem:
        return item("UN2923", "Corrosive solids, toxic, n.o.s.", "8", "I", subsidiary_hazards=["6.1"],
                    physical_state="solid", inhalation_toxicity=True, quantity_per_package=quantity,
                    labels=["8", "6.1", "CARGO AIRCRAFT ONLY"])

    over = run("air_cargo_only", corrosive("20 kg"))
    assert rule_ids(over) == ["DG.QUANTITY.EXCEEDS_LIMIT"]
    assert only(over, "DG.QUANTITY.EXCEEDS_LIMIT").evidence["limit"] == "15 kg"
    assert rule_ids(run("air_cargo_only", corrosive("15 kg"))) == []


def test_172_102_a5_solid_pg_i_not_permitted_on_passenger_aircraft():
    """49 CFR 172.102(c)(2) SP A5: not on passenger aircraft, even within the 9A 1 kg."""
    result = run("air_passenger", item("UN2923", "Corrosive solids, toxic, n.o.s.", "8", "I", inhalation_toxicity=True,
                                       physical_state="solid", quantity_per_package="0.5 kg", labels=["8", "6.1"]))
    assert rule_ids(result) == ["DG.AIR.PASSENGER_FORBIDDEN"]
    assert "A5" in only(result, "DG.AIR.PASSENGER_FORBIDDEN").message


def test_172_102_a1_single_packaging_on_passenger_aircraft():
    """49 CFR 172.102(c)(2) SP A1: UN1942 ammonium nitrate in a single packaging - not on passenger aircraft."""
    def nitrate(packaging: str) -> DGItem:
        return item("UN1942", AMMONIUM_NITRATE, "5.1", "III", packaging=packaging, quantity_per_package="10 kg",
                    labels=["5.1"])

    assert rule_ids(run("air_passenger", nitrate("single"))) == ["DG.PACKAGING.SINGLE_NOT_PERMITTED"]
    assert rule_ids(run("air_passenger", nitrate("combination"))) == []
    assert rule_ids(run("air_cargo_only", nitrate("single"))) == []


def test_172_102_a2_single_packaging_on_any_aircraft():
    """49 CFR 172.102(c)(2) SP A2: UN1421 in a single packaging - not even on cargo aircraft."""
    result = run("air_cargo_only", item("UN1421", "Alkali metal alloys, liquid, n.o.s.", "4.3", "I",
                                        packaging="single", quantity_per_package="0.5 L",
                                        labels=["4.3", "CARGO AIRCRAFT ONLY"]))
    assert rule_ids(result) == ["DG.PACKAGING.SINGLE_NOT_PERMITTED"]
    assert only(result, "DG.PACKAGING.SINGLE_NOT_PERMITTED").evidence == {"special_provision": "A2"}


def test_172_102_sp13_inhalation_hazard_mark_missing():
    """49 CFR 172.102 SP 13: "Inhalation Hazard" must be marked on each non-bulk package (ammonia, 2.2)."""
    result = run("highway", item("UN1005", "Ammonia, anhydrous", "2.2", labels=["2.2"], marks=[]))
    assert rule_ids(result) == ["DG.INHALATION_HAZARD.MISSING"]
    assert only(result, "DG.INHALATION_HAZARD.MISSING").evidence["special_provisions"] == ["13"]


def test_172_102_sp13_inhalation_hazard_marked():
    """49 CFR 172.102 SP 13 / 172.313(a): the mark is present."""
    result = run("highway", item("UN1005", "Ammonia, anhydrous", "2.2", labels=["2.2"],
                                 marks=["Inhalation Hazard"]))
    assert rule_ids(result) == []


def test_172_313a_poison_gas_label_carries_the_inhalation_hazard_words():
    """49 CFR 172.313(a): the mark is not needed when the POISON GAS label (172.416) shows the words."""
    result = run("highway", item("UN1076", "Phosgene", "2.3", subsidiary_hazards=["8"],
                                 labels=["POISON GAS", "CORROSIVE"], marks=[]))
    assert rule_ids(result) == []


def test_172_313a_sp1_liquid_with_plain_poison_label_needs_the_mark():
    """49 CFR 172.313(a), SP 1: hydrogen cyanide (6.1, zone A) with a POISON label and no mark."""
    name = "Hydrogen cyanide, stabilized with less than 3 percent water"
    plain = run("highway", item("UN1051", name, "6.1", "I", labels=["POISON", "FLAMMABLE LIQUID"], marks=[]))
    pih = run("highway", item("UN1051", name, "6.1", "I", labels=["POISON INHALATION HAZARD", "FLAMMABLE LIQUID"],
                              marks=[]))
    assert rule_ids(plain) == ["DG.INHALATION_HAZARD.MISSING"]
    assert rule_ids(pih) == []


def test_172_203m_inhalation_hazard_words_missing_from_the_description():
    """49 CFR 172.203(m)(1): "Poison-Inhalation Hazard" must be entered on the paper for SP 1 materials."""
    without = run("highway", item("UN1076", "Phosgene", "2.3", labels=["2.3", "8"],
                                  description="UN1076, Phosgene, 2.3 (8)"))
    with_words = run("highway", item("UN1076", "Phosgene", "2.3", labels=["2.3", "8"],
                                     description="UN1076, Phosgene, 2.3 (8), Poison-Inhalation Hazard, Zone A"))
    assert rule_ids(without) == ["DG.INHALATION_HAZARD.MISSING"]
    assert rule_ids(with_words) == []


def test_172_203m2_hazard_zone_missing_from_the_description():
    """49 CFR 172.203(m)(2): the hazard zone ("Zone A" for SP 1) must follow the inhalation-hazard words."""
    result = run("highway", item("UN1076", "Phosgene", "2.3", labels=["2.3", "8"],
                                 description="UN1076, Phosgene, 2.3 (8), Poison-Inhalation Hazard"))
    assert rule_ids(result) in (["DG.INHALATION_HAZARD.MISSING"], ["DG.PAPER.DESCRIPTION"])


def test_172_101b2_symbol_a_entry_by_highway_is_not_subject():
    """49 CFR 172.101(b)(2): symbol A - subject to the HMR only by aircraft (UN3334 by highway)."""
    result = run("highway", item("UN3334", "Aviation regulated liquid, n.o.s.", "9", labels=[], marks=[],
                                 description="UN3334, Aviation regulated liquid, n.o.s., 9"), paper=PAPER)
    assert result.items[0].subject is False
    assert rule_ids(result) == []


def test_172_101b2_symbol_a_entry_by_air_is_subject_and_reviews_its_a_provisions():
    """49 CFR 172.101(b)(2): symbol A by aircraft is subject; A35/A189 are listed for review (172.102)."""
    result = run("air_passenger", item("UN3334", "Aviation regulated liquid, n.o.s.", "9",
                                       quantity_per_package="1 L", labels=["9"]))
    assert result.items[0].subject is True
    assert rule_ids(result) == []
    assert [text.split(":")[0] for text in result.items[0].review] == ["review SP A35", "review SP A189"]
    assert result.items[0].review[1] == "review SP A189: (text not loaded)"


def test_172_101b3_symbol_d_name_on_an_international_consignment():
    """49 CFR 172.101(b)(3): symbol D names (ammonia 2.2) are for domestic transport only."""
    ammonia = item("UN1005", "Ammonia, anhydrous", "2.2", labels=["2.2"], marks=["INHALATION HAZARD"])
    assert rule_ids(run("highway", ammonia, international=True)) == ["DG.PSN.DOMESTIC_ONLY"]
    assert rule_ids(run("highway", ammonia, international=False)) == []


def test_172_101b4_symbol_i_entry_is_the_international_choice():
    """49 CFR 172.101(b)(4): the symbol I entry (ammonia 2.3 (8)) is fine internationally."""
    result = run("highway", item("UN1005", "Ammonia, anhydrous", "2.3", subsidiary_hazards=["8"],
                                 labels=["2.3", "8"], marks=["INHALATION HAZARD"]), international=True)
    assert rule_ids(result) == []
    assert result.items[0].entry.hazard_class == "2.3"


def test_172_102_other_numeric_provisions_are_listed_for_review_by_highway():
    """49 CFR 172.102(c)(1): numeric SPs 144 and 177 of gasoline apply to every mode; B/IB/T codes do not."""
    result = run("highway", item("UN1203", GASOLINE, "3", "II", labels=["3"]))
    assert rule_ids(result) == []
    assert [text.split(":")[0] for text in result.items[0].review] == ["review SP 144", "review SP 177"]
    assert result.items[0].review[0].startswith("review SP 144: If transported as a residue")


def test_172_102_air_provisions_reviewed_by_air_only():
    """49 CFR 172.102(c)(2): A codes concern aircraft - A3 is reviewed by air, not by highway."""
    by_air = run("air_passenger", item("UN1789", "Hydrochloric acid", "8", "II", quantity_per_package="1 L",
                                       labels=["8"]))
    by_road = run("highway", item("UN1789", "Hydrochloric acid", "8", "II", labels=["8"]))
    assert [t.split(":")[0] for t in by_air.items[0].review] == ["review SP 386", "review SP A3"]
    assert [t.split(":")[0] for t in by_road.items[0].review] == ["review SP 386"]


def test_172_102_vessel_provisions_reviewed_by_vessel():
    """49 CFR 172.102(c) ("W" codes): W codes concern vessels - sodium's W31 is reviewed by vessel; A codes are not."""
    result = run("vessel", item("UN1428", "Sodium", "4.3", "I", labels=["4.3"]))
    assert rule_ids(result) == []
    assert [t.split(":")[0] for t in result.items[0].review] == ["review SP W31"]


# --------------------------------------------------------------------------------------------
# 177.848, 174.81: highway and rail segregation
# --------------------------------------------------------------------------------------------


def test_177_848d_zone_a_poison_gas_with_flammable_liquid_is_x():
    """49 CFR 177.848(d): 2.3 zone A (phosgene, SP 1) and class 3 - 'X', not on one vehicle."""
    result = run("highway", item("UN1076", "Phosgene", "2.3", labels=["2.3", "8"]), acetone(labels=["3"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]
    finding = only(result, "DG.SEGREGATION.HIGHWAY")
    assert finding.severity is Severity.ERROR
    assert finding.evidence["cell"] == "X"
    assert finding.evidence["categories"] == ["2.3A", "3"]


def test_177_848d_zone_b_poison_gas_with_flammable_liquid_is_o():
    """49 CFR 177.848(d): chlorine is zone B (SP 2) - with class 3 'O', a warning."""
    result = run("highway", item("UN1017", "Chlorine", "2.3", labels=["2.3", "5.1", "8"]), acetone(labels=["3"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]
    finding = only(result, "DG.SEGREGATION.HIGHWAY")
    assert finding.severity is Severity.WARNING
    assert finding.evidence["categories"] == ["2.3B", "3"]


def test_177_848d_flammable_liquid_with_oxidizer_is_o_warning():
    """49 CFR 177.848(d), (e)(3): class 3 with division 5.1 is 'O' - separated so they cannot commingle."""
    result = run("highway", acetone(labels=["3"]), item("UN1479", "Oxidizing solid, n.o.s.", "5.1", "II",
                                                        labels=["5.1"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]
    finding = only(result, "DG.SEGREGATION.HIGHWAY")
    assert finding.severity is Severity.WARNING
    assert finding.evidence["cell"] == "O"


def test_177_848d_class_8_solid_with_spontaneously_combustible_has_no_row():
    """49 CFR 177.848(d): the class 8 row is "liquids only" - a class 8 solid with 4.2 is not restricted."""
    result = run("highway", item("UN1823", "Sodium hydroxide, solid", "8", "II", physical_state="solid",
                                 labels=["8"]),
                 item("UN1361", "Carbon, animal or vegetable origin", "4.2", "II", labels=["4.2"]))
    assert rule_ids(result) == []


def test_177_848c_d_class_8_liquid_with_spontaneously_combustible_is_x():
    """49 CFR 177.848(c), (d): 4.2 may not be loaded with class 8 liquids."""
    result = run("highway", item("UN1789", "Hydrochloric acid", "8", "II", physical_state="liquid", labels=["8"]),
                 item("UN1361", "Carbon, animal or vegetable origin", "4.2", "II", labels=["4.2"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]
    assert only(result, "DG.SEGREGATION.HIGHWAY").evidence["cell"] == "X"


def test_177_848d_items_on_different_vehicles_are_not_paired():
    """49 CFR 177.848(d) restricts loading on one transport vehicle; different containers are not paired."""
    result = run("highway", item("UN1076", "Phosgene", "2.3", labels=["2.3", "8"], container="TRAILER-1"),
                 acetone(labels=["3"], container="TRAILER-2"))
    assert rule_ids(result) == []


def test_177_848e5_ammonium_nitrate_may_go_with_1_1_explosives():
    """49 CFR 177.848(e)(5) (note A): UN1942 ammonium nitrate may be loaded with division 1.1 materials."""
    result = run("highway", item("UN1942", AMMONIUM_NITRATE, "5.1", "III", labels=["5.1"]),
                 item("UN0065", "Cord, detonating, flexible", "1.1D", labels=["1.1D"]))
    assert rule_ids(result) == []


def test_177_848d_other_oxidizer_with_1_1_explosive_is_x():
    """49 CFR 177.848(d): note A is for ammonium nitrate only - UN1479 (5.1) with 1.1D is 'X'."""
    result = run("highway", item("UN1479", "Oxidizing solid, n.o.s.", "5.1", "II", labels=["5.1"]),
                 item("UN0065", "Cord, detonating, flexible", "1.1D", labels=["1.1D"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]
    assert only(result, "DG.SEGREGATION.HIGHWAY").evidence["categories"] == ["5.1", "1.1/1.2"]


def test_177_848_note_a_does_not_cover_division_1_2():
    """49 CFR 177.848(d) note A: ammonium nitrate "may be loaded or stored with Division 1.1 or Division 1.5
    materials" - not with 1.2 (UN0171 ammunition, 1.2G)."""
    result = run("highway", item("UN1942", AMMONIUM_NITRATE, "5.1", "III", labels=["5.1"]),
                 item("UN0171", "Ammunition, illuminating with or without burster, expelling charge or propelling "
                      "charge", "1.2G", labels=["1.2G"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]


def test_177_848a1_limited_quantity_packages_are_outside_the_section():
    """49 CFR 177.848(a)(1) with 173.150(b): a limited quantity of acetone by highway needs no label, so the
    3 / 5.1 'O' rule does not apply to it."""
    result = run("highway", acetone(limited_quantity=True, quantity_per_package="1 L", labels=[],
                                    marks=["LIMITED QUANTITY"]),
                 item("UN1479", "Oxidizing solid, n.o.s.", "5.1", "II", labels=["5.1"]))
    assert rule_ids(result) == []


def test_177_848f_group_s_with_group_d_is_a_note_for_review():
    """49 CFR 177.848(f)-(g): compatibility S with D is '4/5' - the notes need a person."""
    result = run("highway", item("UN0323", "Cartridges, power device", "1.4S", labels=["1.4S"]),
                 item("UN0065", "Cord, detonating, flexible", "1.1D", labels=["1.1D"]))
    assert rule_ids(result) == ["DG.SEGREGATION.UNCHECKED"]
    finding = only(result, "DG.SEGREGATION.UNCHECKED")
    assert finding.evidence["cell"] == "4/5"
    assert finding.evidence["compatibility_groups"] == ["S", "D"]


def test_177_848f_group_b_with_group_c_is_x():
    """49 CFR 177.848(f): compatibility B (detonators) with C (smokeless powder) is 'X'."""
    result = run("highway", item("UN0029", "Detonators, non-electric, for blasting", "1.1B", labels=["1.1B"]),
                 item("UN0160", "Powder, smokeless", "1.1C", labels=["1.1C"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]
    assert only(result, "DG.SEGREGATION.HIGHWAY").evidence["compatibility_groups"] == ["B", "C"]


def test_177_848a1_unlabelled_cartridges_are_outside_the_section():
    """49 CFR 177.848(a)(1): the section applies to packages that require labels; UN0012's column 6 says None."""
    result = run("highway", item("UN0012", "Cartridges, small arms", "1.4S", labels=[]),
                 item("UN0065", "Cord, detonating, flexible", "1.1D", labels=["1.1D"]))
    assert rule_ids(result) == []


def test_174_81d_rail_uses_the_same_segregation_table():
    """49 CFR 174.81(d): the rail table is the highway one - phosgene and acetone 'X' in one rail car."""
    result = run("rail", item("UN1076", "Phosgene", "2.3", labels=["2.3", "8"]), acetone(labels=["3"]))
    assert rule_ids(result) == ["DG.SEGREGATION.HIGHWAY"]
    assert "rail car" in only(result, "DG.SEGREGATION.HIGHWAY").message


def test_177_848_does_not_apply_by_vessel():
    """49 CFR 176.83 governs vessels: the highway 'O' pair (3, 5.1) in different containers gives nothing."""
    result = run("vessel", acetone(labels=["3"], container="C1"),
                 item("UN1479", "Oxidizing solid, n.o.s.", "5.1", "II", labels=["5.1"], container="C2"))
    assert rule_ids(result) == []


# --------------------------------------------------------------------------------------------
# 172.101(c), 172.202(a): identification
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("id_number", "name", "hazard_class", "pg"), [
    ("UN1090", "ACETONE", "3", "II"),
    ("UN1090", "acetone", "Class 3", "2"),
    ("UN0323", "Cartridges, power devices", "1.4S", None),
    ("UN1789", "HYDROCHLORIC ACIDS", "8", "PG II"),
    ("UN1993", "FLAMMABLE LIQUIDS, N.O.S", "3", "II"),
])
def test_172_101c1_singular_plural_and_case_variants(id_number, name, hazard_class, pg):
    """49 CFR 172.101(c)(1): the name may be used in singular or plural, upper or lower case."""
    assert rule_ids(run("highway", item(id_number, name, hazard_class, pg))) == []


@pytest.mark.parametrize(("id_number", "name", "hazard_class", "pg"), [
    ("UN1993", "Flammable liquid, n.o.s.", "3", "II"),
    ("UN2814", "Infectious substance, affecting humans", "6.2", None),
])
def test_172_101c1_singular_of_a_word_before_a_comma(id_number, name, hazard_class, pg):
    """49 CFR 172.101(c)(1): "Flammable liquid, n.o.s." is the singular of "Flammable liquids, n.o.s."."""
    assert rule_ids(run("highway", item(id_number, name, hazard_class, pg))) == []


def test_172_101c1_singular_name_in_the_written_description():
    """49 CFR 172.101(c)(1) and 172.202(a)(2): the paper may use the singular "Flammable liquid, n.o.s."."""
    result = run("highway", item("UN1993", "Flammable liquids, n.o.s.", "3", "II",
                                 description="UN1993, Flammable liquid, n.o.s. (Toluene), 3, PG II"))
    assert rule_ids(result) == []


@pytest.mark.parametrize(("id_number", "name", "hazard_class", "pg"), [
    ("UN1396", "Aluminium powder, uncoated", "4.3", "II"),
    ("UN1350", "Sulphur", "4.1", "III"),
    ("UN1830", "Sulphuric acid with more than 51 percent acid", "8", "II"),
])
def test_172_101c1_icao_imdg_spellings(id_number, name, hazard_class, pg):
    """49 CFR 172.101(c)(1): "aluminium" and "sulphur" spellings are accepted."""
    assert rule_ids(run("highway", item(id_number, name, hazard_class, pg))) == []


def test_172_101c1_italic_qualifier_is_not_part_of_the_name():
    """49 CFR 172.101(c)(1): italics are not part of the PSN - "Lithium ion batteries" names UN3480."""
    result = run("highway", item("UN3480", "Lithium ion batteries", "9", labels=["9"]))
    assert rule_ids(result) == []
    assert result.items[0].entry.id_number == "UN3480"


def test_172_101c1_gasoline_is_the_proper_shipping_name_of_un1203():
    """49 CFR 172.101(c)(1): in "Gasoline includes gasoline mixed with ethyl alcohol ..." only "Gasoline" is roman."""
    assert rule_ids(run("highway", item("UN1203", "Gasoline", "3", "II", labels=["3"]))) == []


def test_172_101c1_paint_is_the_proper_shipping_name_of_un1263():
    """49 CFR 172.101(c)(1): "Paint" - the "including paint, lacquer, ..." list is explanatory italics."""
    assert rule_ids(run("highway", item("UN1263", "Paint", "3", "II", labels=["3"]))) == []


def test_172_101c1_a_see_reference_is_not_a_proper_shipping_name():
    """49 CFR 172.101(c)(2): "Accumulators, electric, see Batteries, wet etc" - the term only refers to the
    entry that is the proper shipping name; the finding names the target."""
    result = run("highway", item("UN2794", "Accumulators, electric", "8", labels=["8"]))
    assert rule_ids(result) == ["DG.PSN.MISMATCH"]
    finding = only(result, "DG.PSN.MISMATCH")
    assert finding.evidence["see"] == "Batteries, wet etc"
    assert "Batteries, wet etc" in finding.message


def test_172_202a2_name_of_another_number_is_named_in_the_finding():
    """49 CFR 172.202(a)(2): "Acetone" under UN1203 - the finding says the name belongs to UN1090."""
    result = run("highway", item("UN1203", "Acetone", "3", "II"))
    assert rule_ids(result) == ["DG.PSN.MISMATCH"]
    assert only(result, "DG.PSN.MISMATCH").evidence["name_belongs_to"] == ["UN1090"]


def test_172_101f_packing_group_missing():
    """49 CFR 172.101(f), 172.202(a)(4): acetone has PG II; a line without a PG is incomplete."""
    result = run("highway", item("UN1090", "Acetone", "3"))
    assert rule_ids(result) == ["DG.PG.MISSING"]
    assert only(result, "DG.PG.MISSING").evidence == {"hmt": ["II"]}


def test_172_101f_packing_group_not_listed():
    """49 CFR 172.101(f): acetone PG III is not in the table."""
    assert rule_ids(run("highway", item("UN1090", "Acetone", "3", "III"))) == ["DG.PG.MISMATCH"]


def test_172_101d_class_mismatch():
    """49 CFR 172.101(d), 172.202(a)(3): acetone is class 3, not 8."""
    result = run("highway", item("UN1090", "Acetone", "8", "II"))
    assert rule_ids(result) == ["DG.CLASS.MISMATCH"]
    assert only(result, "DG.CLASS.MISMATCH").evidence == {"declared": "8", "hmt": ["3"]}


def test_172_101g_subsidiary_hazard_mismatch():
    """49 CFR 172.101(g), 172.202(a)(3): chlorine is 2.3 (5.1, 8); declaring only 8 is wrong."""
    wrong = run("highway", item("UN1017", "Chlorine", "2.3", subsidiary_hazards=["8"]))
    right = run("highway", item("UN1017", "Chlorine", "2.3", subsidiary_hazards=["8", "5.1"]))
    assert rule_ids(wrong) == ["DG.SUBSIDIARY.MISMATCH"]
    assert only(wrong, "DG.SUBSIDIARY.MISMATCH").evidence == {"declared": ["8"], "hmt": ["5.1", "8"]}
    assert rule_ids(right) == []


def test_172_101e_malformed_identification_number():
    """49 CFR 172.101(e) (column 4): an identification number is UN/NA/ID and four digits - "UN12" is not."""
    result = run("highway", item("UN12", "Acetone", "3", "II"))
    assert rule_ids(result) == ["DG.ID.UNKNOWN"]
    assert "malformed" in only(result, "DG.ID.UNKNOWN").message


def test_172_101e_unknown_number_names_the_owner_of_the_name():
    """49 CFR 172.101(e) (column 4): UN9999 is not in the table; the finding says acetone is UN1090."""
    result = run("highway", item("UN9999", "Acetone", "3", "II"))
    assert rule_ids(result) == ["DG.ID.UNKNOWN"]
    assert only(result, "DG.ID.UNKNOWN").evidence == {"id_number": "UN9999", "name_belongs_to": ["UN1090"]}


def test_172_202a1_identification_number_missing():
    """49 CFR 172.202(a)(1): the basic description starts with the identification number."""
    assert rule_ids(run("highway", item(None, "Acetone", "3", "II"))) == ["DG.ID.MISSING"]


def test_173_21_forbidden_name_with_the_number_of_another_entry():
    """49 CFR 172.101(d)(1), 173.21: a Forbidden name stays forbidden under any identification number."""
    with_id = run("highway", item("UN1090", FORBIDDEN_PEROXIDE, "5.2"))
    without_id = run("highway", item(None, FORBIDDEN_PEROXIDE, None))
    assert rule_ids(with_id) == ["DG.FORBIDDEN"]
    assert only(with_id, "DG.FORBIDDEN").severity is Severity.BLOCK
    assert rule_ids(without_id) == ["DG.FORBIDDEN"]


# --------------------------------------------------------------------------------------------
# 172.202, 172.204, 172.602, 172.604: the shipping paper
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("UN1992, Flammable liquid, toxic, n.o.s. (Methanol, Toluene), 3 (6.1), PG II",
     Description("UN1992", "Flammable liquid, toxic, n.o.s.", "3", ("6.1",), "II", "Methanol, Toluene")),
    ("RQ, UN1789, Hydrochloric acid, 8, PG II",
     Description("UN1789", "Hydrochloric acid", "8", (), "II", None, frozenset({"RQ"}))),
    ("UN3082, Environmentally hazardous substance, liquid, n.o.s. (Xylene), 9, PG III, Marine Pollutant",
     Description("UN3082", "Environmentally hazardous substance, liquid, n.o.s.", "9", (), "III", "Xylene",
                 frozenset({"MARINE POLLUTANT"}))),
])
def test_172_202b_description_examples_parse(text, expected):
    """49 CFR 172.202(b): id, name (technical name), class (subsidiaries), PG; 172.203 entries around it."""
    assert parse_description(text) == expected


def test_172_202b_description_with_class_and_pg_written_out():
    """49 CFR 172.202(b)(3)-(4): "Class 3" and a PG with or without "PG" are the same elements."""
    parsed = parse_description("UN 1090, Acetone, Class 3, II")
    assert (parsed.id_number, parsed.proper_shipping_name, parsed.hazard_class, parsed.packing_group) == \
        ("UN1090", "Acetone", "3", "II")


@pytest.mark.parametrize("text", ["", "Acetone, UN1090, 3, PG II", "UN1090, Acetone, PG II", "UN1090, 3, PG II"])
def test_172_202b_texts_that_are_not_a_basic_description(text):
    """49 CFR 172.202(b): missing or out-of-sequence elements raise DescriptionError."""
    with pytest.raises(DescriptionError):
        parse_description(text)


def test_172_202a3_description_disagrees_on_class():
    """49 CFR 172.202(a)(3): the paper says class 8 for acetone."""
    result = run("highway", acetone(description="UN1090, Acetone, 8, PG II"))
    assert rule_ids(result) == ["DG.PAPER.DESCRIPTION"]
    assert "class 8" in only(result, "DG.PAPER.DESCRIPTION").message


def test_172_202a4_description_disagrees_on_packing_group():
    """49 CFR 172.202(a)(4): the paper says PG III for acetone (HMT: II)."""
    result = run("highway", acetone(description="UN1090, Acetone, 3, PG III"))
    assert rule_ids(result) == ["DG.PAPER.DESCRIPTION"]
    assert "packing group III" in only(result, "DG.PAPER.DESCRIPTION").message


def test_172_202a3_description_without_class():
    """49 CFR 172.202(a)(3): the hazard class is a required element of the description."""
    result = run("highway", acetone(description="UN1090, Acetone, PG II"))
    assert rule_ids(result) == ["DG.PAPER.DESCRIPTION"]
    assert only(result, "DG.PAPER.DESCRIPTION").evidence == {"description": "UN1090, Acetone, PG II"}


def test_172_202b_description_out_of_sequence():
    """49 CFR 172.202(b): the number comes first - "Acetone, UN1090, 3, PG II" is out of sequence."""
    assert rule_ids(run("highway", acetone(description="Acetone, UN1090, 3, PG II"))) == ["DG.PAPER.DESCRIPTION"]


def test_172_602_and_172_604_emergency_phone_and_information_missing():
    """49 CFR 172.604 (telephone number) and 172.602 (emergency response information)."""
    paper = PAPER.model_copy(update={"emergency_phone": " ", "emergency_response_info": None})
    result = run("highway", acetone(quantity_per_package="1 L", packages=4), paper=paper)
    assert rule_ids(result) == ["DG.PAPER.EMERGENCY"]
    assert only(result, "DG.PAPER.EMERGENCY").evidence == {
        "missing": ["emergency response telephone number", "emergency response information"]}


def test_172_604_emergency_phone_alone_missing():
    """49 CFR 172.604(a): the emergency response telephone number must be on the paper."""
    paper = PAPER.model_copy(update={"emergency_phone": None})
    result = run("highway", acetone(quantity_per_package="1 L", packages=4), paper=paper)
    assert rule_ids(result) == ["DG.PAPER.EMERGENCY"]
    assert only(result, "DG.PAPER.EMERGENCY").evidence == {"missing": ["emergency response telephone number"]}


@pytest.mark.parametrize("update", [{"certification_signed": False}, {"signatory": None}])
def test_172_204_certification_not_signed(update):
    """49 CFR 172.204(a), (d): the shipper's certification must be signed."""
    result = run("highway", acetone(quantity_per_package="1 L", packages=4), paper=PAPER.model_copy(update=update))
    assert rule_ids(result) == ["DG.PAPER.CERTIFICATION"]


@pytest.mark.parametrize("fields", [{"packages": 4}, {"quantity_per_package": "1 L"}, {}])
def test_172_202a5_total_quantity_and_packages_missing_with_a_paper(fields):
    """49 CFR 172.202(a)(5)-(7): total quantity and number and type of packages."""
    result = run("highway", acetone(**fields), paper=PAPER)
    assert rule_ids(result) == ["DG.PAPER.QUANTITY"]


def test_172_202_complete_paper_is_clean():
    """49 CFR 172.202-172.204, 172.602-172.604: every element present."""
    result = run("highway", acetone(quantity_per_package="1 L", packages=4, labels=["3"], marks=[],
                                    description="UN1090, Acetone, 3, PG II"), paper=PAPER)
    assert rule_ids(result) == []


def test_paper_elements_left_to_the_documents_engine():
    """49 CFR 172.602-172.604, 172.204: with paper_elements=False phone and certification are not checked here."""
    paper = ShippingPaper()
    result = run("highway", acetone(quantity_per_package="1 L", packages=4), paper=paper, paper_elements=False)
    assert rule_ids(result) == []
