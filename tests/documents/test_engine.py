"""The documents engine on small fictional shipments and fictional reference data."""

from __future__ import annotations

from datetime import date

import pytest

from clearance.documents import DocumentsEngine
from clearance.engine import CheckContext
from clearance.model import Shipment
from clearance.refdata import ReferenceData
from clearance.settings import Settings
from tests.factories import shipment, shipment_data

AS_OF = date(2026, 10, 26)


def run(s: Shipment, reference: ReferenceData, settings: Settings | None = None) -> list:
    context = CheckContext(AS_OF, reference, settings or Settings())
    return DocumentsEngine().run(s, context).findings


def rule_ids(findings: list) -> list[str]:
    return sorted(f.rule_id for f in findings)


def with_doc(index: int, **changes) -> Shipment:
    data = shipment_data()
    data["documents"][index].update(changes)
    return Shipment.model_validate(data)


def test_consistent_shipment_has_only_required_element_findings(mini_reference):
    findings = run(shipment(), mini_reference)
    # The factory invoice lacks package marks etc. only for elements absent from the mini table;
    # everything the mini table requires is present, and the documents agree.
    assert [f for f in findings if not f.rule_id.startswith("DOC.BL.ELEMENT")] == []


def test_every_finding_has_rule_citation_and_engine(mini_reference):
    data = shipment_data()
    data["documents"][0]["total"] = "999.00 USD"
    findings = run(Shipment.model_validate(data), mini_reference)
    assert findings
    for finding in findings:
        assert finding.rule_id.startswith("DOC.") and finding.citation and finding.engine == "documents"


def test_invoice_total_mismatch(mini_reference):
    findings = run(with_doc(0, total="1250.49 USD"), mini_reference)
    [total] = [f for f in findings if f.rule_id == "DOC.INVOICE.TOTAL"]
    assert total.evidence["sum_of_lines"] == "1250.50"


def test_line_arithmetic(mini_reference):
    data = shipment_data()
    data["documents"][0]["lines"][1]["unit_price"] = "5.00 USD"
    assert "DOC.INVOICE.LINE_ARITHMETIC" in rule_ids(run(Shipment.model_validate(data), mini_reference))


def test_quantity_value_origin_mismatches_each_give_one_finding(mini_reference):
    data = shipment_data()
    inv_line = data["documents"][0]["lines"][0]
    inv_line.update(quantity="101 NAR", unit_price="10.00 USD", amount="1010.00 USD", country_of_origin="VN")
    data["documents"][0]["total"] = "1260.50 USD"
    found = rule_ids(run(Shipment.model_validate(data), mini_reference))
    assert found.count("DOC.XDOC.QUANTITY") == 1
    assert found.count("DOC.XDOC.VALUE") == 1
    assert found.count("DOC.XDOC.ORIGIN") == 1


def test_gross_weight_within_tolerance_passes_and_beyond_fails(mini_reference):
    near = run(with_doc(2, gross_weight="147 KGM"), mini_reference)  # 1.4% off: within 2%
    assert "DOC.XDOC.GROSS_WEIGHT" not in rule_ids(near)
    far = run(with_doc(2, gross_weight="150 KGM"), mini_reference)
    assert rule_ids(far).count("DOC.XDOC.GROSS_WEIGHT") == 1
    strict = run(with_doc(2, gross_weight="147 KGM"), mini_reference,
                 Settings(weight_tolerance_pct="0.5", weight_tolerance_kg="0.1"))
    assert "DOC.XDOC.GROSS_WEIGHT" in rule_ids(strict)


def test_weight_units_are_converted(mini_reference):
    # 145 kg = 319.67 lb
    assert "DOC.XDOC.GROSS_WEIGHT" not in rule_ids(run(with_doc(2, gross_weight="319.67 LBR"), mini_reference))


def test_package_count_mismatch(mini_reference):
    assert rule_ids(run(with_doc(2, packages=13), mini_reference)).count("DOC.XDOC.PACKAGES") == 1


def test_packing_list_totals(mini_reference):
    assert "DOC.PACKING.TOTALS" in rule_ids(run(with_doc(1, total_packages=11), mini_reference))


def test_container_check_digit_and_cross_document_presence(mini_reference):
    findings = run(with_doc(2, containers=[{"number": "CSQU3054383", "seal": "S"},
                                           {"number": "MSKU3132964", "seal": "T"}]), mini_reference)
    ids = rule_ids(findings)
    assert ids.count("DOC.CONTAINER.INVALID") == 1
    assert ids.count("DOC.XDOC.CONTAINER") == 1  # on the B/L but on no line or packing list


def test_port_mismatch_and_unknown_locode(mini_reference):
    ids = rule_ids(run(with_doc(2, port_of_discharge="USLGB"), mini_reference))
    assert ids.count("DOC.XDOC.PORT") == 1
    unknown = rule_ids(run(with_doc(2, port_of_discharge="USZZZ"), mini_reference))
    assert "DOC.LOCODE.UNKNOWN" in unknown


def test_port_function_must_fit_mode(mini_reference):
    data = shipment_data(ports={"loading": "CNSHA", "discharge": "USDEN", "entry": "USDEN"})
    findings = run(Shipment.model_validate(data), mini_reference)
    assert any(f.rule_id == "DOC.LOCODE.FUNCTION" and f.location == "ports.discharge" for f in findings)


def test_party_names_compared_after_normalisation(mini_reference):
    assert "DOC.XDOC.PARTY" not in rule_ids(run(shipment(), mini_reference))  # "Co Ltd" vs "Co., Ltd."
    ids = rule_ids(run(with_doc(2, consignee={"name": "Somebody Else Inc"}), mini_reference))
    assert ids.count("DOC.XDOC.PARTY") == 1
    assert "DOC.XDOC.PARTY" not in rule_ids(run(with_doc(2, consignee={"name": "To order of Bank"}), mini_reference))


def test_identifier_findings(mini_reference):
    data = shipment_data()
    data["parties"][0]["importer_number"] = "12-34"
    data["documents"][2]["vessel_imo"] = "IMO 9074728"
    data["documents"][2]["carrier_scac"] = "EX1"
    ids = rule_ids(run(Shipment.model_validate(data), mini_reference))
    for rule in ("DOC.IMPORTER_NUMBER.INVALID", "DOC.IMO.INVALID", "DOC.SCAC.INVALID"):
        assert rule in ids


def test_missing_importer_number_and_invoice(mini_reference):
    data = shipment_data()
    data["parties"][0].pop("importer_number")
    data["documents"] = data["documents"][1:]
    ids = rule_ids(run(Shipment.model_validate(data), mini_reference))
    assert "DOC.IMPORTER_NUMBER.MISSING" in ids and "DOC.INVOICE.MISSING" in ids


def test_required_invoice_elements_cite_the_table(mini_reference):
    data = shipment_data()
    data["documents"][0].pop("port_of_entry")
    data["documents"][0]["language"] = "zh"
    findings = [f for f in run(Shipment.model_validate(data), mini_reference)
                if f.rule_id == "DOC.INVOICE.ELEMENT"]
    assert {f.evidence["element_id"] for f in findings} == {"CI01", "CI12"}
    assert all(f.citation.startswith("19 CFR 141.86") for f in findings)


def test_elements_without_a_mechanical_test_are_reported_not_passed(mini_reference):
    outcome = DocumentsEngine().run(shipment(), CheckContext(AS_OF, mini_reference, Settings()))
    assert any(e.startswith("BL12") for e in outcome.result["elements_not_checked_mechanically"])


def test_missing_reference_data_is_said_not_silent():
    findings = run(shipment(), ReferenceData.empty())
    missing = {f.evidence["dataset"] for f in findings if f.rule_id == "DOC.REFDATA.MISSING"}
    assert missing == {"countries", "currencies", "unlocode", "document_elements"}


def test_dangerous_goods_without_declaration(mini_reference):
    data = shipment_data()
    data["lines"][0]["dangerous_goods"] = {"un_number": "UN3480", "proper_shipping_name": "Lithium ion batteries",
                                           "hazard_class": "9", "packing_group": "II"}
    assert "DOC.DG_DECLARATION.MISSING" in rule_ids(run(Shipment.model_validate(data), mini_reference))


@pytest.mark.parametrize("name, expected", [
    ("ACME Co., Ltd.", "acme"), ("Acme Company Limited", "acme"), ("Société Générale S.A.", "societe generale"),
])
def test_normalise_name(name, expected):
    from clearance.documents.consistency import normalise_name

    assert normalise_name(name) == expected


def _ci08(findings) -> list[str]:
    return [m for f in findings if f.rule_id == "DOC.INVOICE.ELEMENT" and f.evidence["element_id"] == "CI08"
            for m in f.evidence["missing"]]


def test_freight_and_insurance_must_be_itemised_when_in_the_price(mini_reference):
    assert _ci08(run(with_doc(0, charges={}), mini_reference)) == []  # FOB: nothing in the price
    missing = _ci08(run(with_doc(0, charges={}, incoterm="CIF Los Angeles"),
                        mini_reference))
    assert [m.split(" ")[0] for m in missing] == ["freight", "insurance"]
    assert _ci08(run(with_doc(0, charges={"freight": "100 USD"}, incoterm="cfr"), mini_reference)) == []
    no_charges = shipment_data()
    del no_charges["documents"][0]["charges"]
    assert _ci08(run(Shipment.model_validate(no_charges), mini_reference)) == [
        "charges (itemised, or stated as none)"]


def test_invoice_incoterm_must_match_shipment(mini_reference):
    findings = run(with_doc(0, charges={}, incoterm="CFR Houston"), mini_reference)
    [mismatch] = [f for f in findings if f.rule_id == "DOC.XDOC.INCOTERM"]
    assert mismatch.evidence == {"invoice": "CFR Houston", "shipment": "FOB"}
    assert "DOC.XDOC.INCOTERM" not in rule_ids(run(with_doc(0, incoterm="FOB Shanghai"), mini_reference))


def test_export_invoice_is_not_held_to_the_us_entry_rules(mini_reference):
    data = shipment_data(direction="export")
    data["documents"][0].pop("port_of_entry")
    data["documents"][0]["language"] = "de"
    ids = rule_ids(run(Shipment.model_validate(data), mini_reference))
    assert "DOC.INVOICE.ELEMENT" not in ids and "DOC.IMPORTER_NUMBER.MISSING" not in ids


def test_dg_declaration_does_not_demand_a_packing_group_the_table_may_not_have(mini_reference):
    data = shipment_data()
    data["lines"][0]["dangerous_goods"] = {"un_number": "UN3480", "proper_shipping_name": "Lithium ion batteries",
                                           "hazard_class": "9"}
    data["documents"].append({"type": "dangerous_goods_declaration", "items": [
        {"line_number": 1, "un_number": "UN3480", "proper_shipping_name": "Lithium ion batteries",
         "hazard_class": "9", "quantity": "10 KGM", "packages": 1}], "emergency_phone": "+1 555 0100",
        "emergency_response_info": "ERG 147", "signatory": "A. Person", "certification_signed": True})
    assert [f for f in run(Shipment.model_validate(data), mini_reference) if f.engine == "documents"
            and f.rule_id.startswith("DOC.DG") or f.rule_id == "DOC.XDOC.DG"] == []
