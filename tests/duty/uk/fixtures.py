"""A fictional UK tariff archive in the duty calculator's fixture layout.

Commodity 9901000010 ("fictional widgets") carries one measure of each kind the calculator treats:
a compound third-country duty with a euro amount and a cap, a group preference that needs a proof of
origin, a preferential quota, a suspension, an anti-dumping duty per exporter (additional codes,
with a document condition), a safeguard duty for a group that excludes one member, an entry-price
measure, a control and VAT options. Codes, areas and amounts are invented.
"""

from __future__ import annotations

import io
import json
import tarfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from clearance.refdata import DATASETS, ReferenceData, import_dataset
from clearance.refdata.loaders.uk_tariff import FIXTURES_PATH
from clearance.settings import Settings
from clearance.store import open_database

CODE = "9901000010"


def component(expression: str, amount: float, money: str | None = None, unit: str | None = None,
              qualifier: str | None = None) -> dict[str, Any]:
    return {"duty_expression_id": expression, "duty_amount": amount, "monetary_unit_code": money,
            "measurement_unit_code": unit, "measurement_unit_qualifier_code": qualifier}


def condition(code: str, document: str, action: str, components: list[dict] | None = None,
              threshold: float | None = None) -> dict[str, Any]:
    return {"condition_code": code, "condition": f"{code}: a fictional condition", "document_code": document,
            "requirement": f"<span>{document or 'none'}</span> &amp; more" if document else None, "action": action,
            "condition_duty_amount": threshold, "measure_condition_components": components or []}


def measure(sid: int, kind: str, series: str, description: str, area: str, components: list[dict], *,
            start: str = "2020-01-01", end: str | None = None, members: list[str] | None = None,
            excluded: list[str] | None = None, conditions: list[dict] | None = None,
            additional_code: str | None = None, order: str | None = None, vat: bool = False) -> dict[str, Any]:
    return {
        "id": sid, "import": True, "vat": vat, "excise": False,
        "effective_start_date": f"{start}T00:00:00.000Z",
        "effective_end_date": f"{end}T00:00:00.000Z" if end else None,
        "measure_type": {"id": kind, "description": description, "measure_type_series_id": series},
        "geographical_area": {"id": area, "description": f"area {area}",
                              "children_geographical_areas": [{"id": m} for m in members or []]},
        "excluded_countries": [{"geographical_area_id": c} for c in excluded or []],
        "duty_expression": {"base": "fictional"}, "measure_components": components,
        "measure_conditions": conditions or [], "legal_acts": [{"regulation_code": f"X{sid}/20"}],
        "additional_code": {"code": additional_code} if additional_code else None,
        "order_number": {"number": order} if order else None,
    }


MEASURES = [
    measure(1, "103", "C", "Third country duty", "1011",
            [component("01", 12.8), component("04", 17.1, "EUR", "DTN"), component("17", 26.7)]),
    measure(2, "142", "C", "Tariff preference", "2001", [component("01", 3.5)], members=["FA", "FB"],
            conditions=[condition("Q", "U999", "Apply the mentioned duty"),
                        condition("Q", "", "Measure not applicable")]),
    measure(3, "143", "C", "Preferential tariff quota", "FA", [component("01", 0.0)], order="059999"),
    measure(4, "117", "C", "Suspension for ships", "1011", [component("01", 0.0)], end="2020-12-31"),
    measure(5, "552", "D", "Definitive anti-dumping duty", "FC", [], additional_code="Z001",
            conditions=[condition("A", "D008", "Apply the amount of the action (see components)",
                                  [component("01", 0.0, "GBP", "TNE", "I")]),
                        condition("A", "", "Apply the amount of the action (see components)",
                                  [component("01", 100.0, "GBP", "TNE", "I")])]),
    measure(6, "552", "D", "Definitive anti-dumping duty", "FC", [component("01", 10.0)], additional_code="Z999"),
    measure(7, "696", "J", "Additional duties (safeguard)", "5999", [component("01", 25.0)], excluded=["FB"]),
    measure(8, "410", "B", "Veterinary control", "1011", [], conditions=[condition("B", "C640", "Import allowed")]),
    measure(9, "305", "P", "Value added tax", "1011", [component("01", 20.0)], vat=True),
]
AREAS = [{"id": "5999", "children_geographical_areas": [{"id": "FB"}, {"id": "FC"}]}]
RATES = [{"attributes": {"child_monetary_unit_code": "GBP", "exchange_rate": rate,
                         "operation_date": f"{month}-28", "validity_start_date": f"{month}-01T00:00:00.000Z"}}
         for month, rate in (("2021-01", "0.86"), ("2021-02", "0.90"))]


def commodity(code: str = CODE, measures: list[dict] | None = None, vat_options: dict | None = None) -> dict:
    return {"goods_nomenclature_item_id": code, "description_plain": "Fictional widgets",
            "meta": {"duty_calculator": {"applicable_vat_options": vat_options if vat_options is not None else
                                         {"VAT": "Value added tax (20.0)", "VATZ": "VAT zero rate"}}},
            "import_measures": MEASURES if measures is None else measures}


def write_archive(root: Path, members: dict[str, Any] | None = None) -> Path:
    """The archive at its data-folder path; ``members`` replaces the default content."""
    content = members if members is not None else {
        f"uk/commodities/{CODE}.json": commodity(),
        "uk/geographical_areas.json": AREAS,
        "xi/commodities/9901000010.json": f"../../uk/commodities/{CODE}.json",
        "xi/monetary_exchange_rates.json": RATES,
    }
    path = root / FIXTURES_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as archive:
        for name, data in content.items():
            raw = (data if isinstance(data, str) else json.dumps(data)).encode()
            info = tarfile.TarInfo(f"./{name}")
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return path


def uk_reference(settings: Settings, root: Path) -> ReferenceData:
    write_archive(root)
    engine = open_database(settings)
    for dataset in DATASETS:
        if dataset.name in ("uk_commodities", "eur_gbp_monthly"):
            import_dataset(engine, replace(dataset, expected_count=(1, 10)), root)  # a fixture's few records
    return ReferenceData(engine)
