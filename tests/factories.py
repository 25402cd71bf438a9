"""Small fictional shipments for unit tests."""

from __future__ import annotations

import copy
from typing import Any

from clearance.model import Shipment

BASE: dict[str, Any] = {
    "id": "T-1",
    "direction": "import",
    "mode": "ocean",
    "dates": {"export": "2026-10-01", "arrival": "2026-10-25", "entry": "2026-10-26"},
    "ports": {"loading": "CNSHA", "discharge": "USLAX", "entry": "USLAX"},
    "export_country": "CN",
    "destination_country": "US",
    "incoterm": "FOB",
    "parties": [
        {"roles": ["importer_of_record", "consignee", "buyer"], "name": "Fictional Imports LLC",
         "importer_number": "12-3456789AB",
         "address": {"street": ["1 Example Way"], "city": "Denver", "country": "US"}},
        {"roles": ["seller", "shipper"], "name": "Example Trading Co., Ltd.",
         "address": {"street": ["8 Sample Rd"], "city": "Shanghai", "country": "CN"}},
        {"roles": ["manufacturer"], "name": "Example Works", "mid": "CNEXAWOR8SHA"},
    ],
    "lines": [
        {"number": 1, "description": "Widget, steel", "hts_code": "7326.90.86.88", "quantity": "100 NAR",
         "net_weight": "90 KGM", "gross_weight": "100 KGM", "value": "1000.00 USD",
         "country_of_origin": "CN", "container_numbers": ["CSQU3054383"]},
        {"number": 2, "description": "Gadget, plastic", "hts_code": "3926.90.99.89", "quantity": "50 NAR",
         "net_weight": "40 KGM", "gross_weight": "45 KGM", "value": "250.50 USD",
         "country_of_origin": "CN", "container_numbers": ["CSQU3054383"]},
    ],
    "documents": [
        {"type": "commercial_invoice", "number": "INV-1", "date": "2026-09-28", "port_of_entry": "USLAX",
         "seller": {"name": "Example Trading Co., Ltd."}, "buyer": {"name": "Fictional Imports LLC"},
         "place_of_sale": "Shanghai", "currency": "USD", "language": "en", "charges": {},
         "lines": [
             {"line_number": 1, "description": "Widget, steel", "quantity": "100 NAR",
              "unit_price": "10.00 USD", "amount": "1000.00 USD", "country_of_origin": "CN"},
             {"line_number": 2, "description": "Gadget, plastic", "quantity": "50 NAR",
              "unit_price": "5.01 USD", "amount": "250.50 USD", "country_of_origin": "CN"}],
         "total": "1250.50 USD"},
        {"type": "packing_list", "number": "PL-1", "total_packages": 12, "total_net_weight": "130 KGM",
         "total_gross_weight": "145 KGM",
         "lines": [{"line_number": 1, "quantity": "100 NAR", "packages": 10, "net_weight": "90 KGM",
                    "gross_weight": "100 KGM", "container_number": "CSQU3054383"},
                   {"line_number": 2, "quantity": "50 NAR", "packages": 2, "net_weight": "40 KGM",
                    "gross_weight": "45 KGM", "container_number": "CSQU3054383"}]},
        {"type": "bill_of_lading", "number": "EXMP123456", "carrier_scac": "EXMP",
         "shipper": {"name": "Example Trading Co Ltd"}, "consignee": {"name": "FICTIONAL IMPORTS, LLC"},
         "port_of_loading": "CNSHA", "port_of_discharge": "USLAX", "packages": 12,
         "gross_weight": "145 KGM", "vessel_imo": "IMO 9074729",
         "containers": [{"number": "CSQU3054383", "seal": "SL1"}]},
    ],
}


def shipment_data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def shipment(**changes: Any) -> Shipment:
    return Shipment.model_validate(shipment_data(**changes))
