"""UK and Northern Ireland (XI) tariff measures, and the monthly EUR to GBP rates.

The source is the UK Trade Tariff's duty-calculator fixtures (``duty/third_party/
uk_duty_calculator_fixtures/uk_xi_commodity_api_fixtures.tar.gz``): the Trade Tariff API's answer for
a commodity, in the duty calculator's deserialised layout (``import_measures`` with their
``measure_type``, ``geographical_area``, ``measure_components``, ``measure_conditions``...), one file
per commodity under ``uk/commodities/`` and ``xi/commodities/``, plus ``xi/monetary_exchange_rates.json``.

Two datasets:

* ``uk_commodities``, key ``<tariff>:<commodity code>`` (``uk:0102291010``): a compact record of the
  commodity and its import measures. A geographical group keeps the ids of its member countries
  only (the API repeats each member's name in every measure).
* ``eur_gbp_monthly``, key ``EUR:<YYYY-MM>``: the monthly rate that converts euro amounts of the
  tariff into pounds (UCC Art. 53(1)(b); Reg. (EU) 2015/2447 Art. 146).

Some files of the archive hold only a relative path (``../../uk/commodities/0702000007.json``): a
symbolic link as stored by a checkout without links. They are read as the file they name.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import tarfile
from pathlib import Path
from typing import Any

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult

FIXTURES_PATH = "duty/third_party/uk_duty_calculator_fixtures/uk_xi_commodity_api_fixtures.tar.gz"
RATES_MEMBER = "xi/monetary_exchange_rates.json"
TARIFFS = ("uk", "xi")
_TAG = re.compile(r"<[^>]+>")
_LINK_LIMIT = 4  # a path-only file naming another path-only file, at most this deep


def _members(path: Path) -> dict[str, bytes]:
    """Every regular file of the archive by its normalised name (``uk/commodities/0102291010.json``)."""
    try:
        with tarfile.open(path, "r:*") as archive:
            return {posixpath.normpath(m.name): archive.extractfile(m).read()  # type: ignore[union-attr]
                    for m in archive.getmembers() if m.isfile()}
    except (tarfile.TarError, OSError) as exc:
        raise ReferenceDataError(f"{path.name}: not a readable tar archive ({exc})") from exc


def _read_json(members: dict[str, bytes], name: str) -> Any:
    for _ in range(_LINK_LIMIT):
        content = members.get(name)
        if content is None:
            raise ReferenceDataError(f"archive member {name} is missing")
        text = content.decode("utf-8-sig").strip()
        if text.startswith(("{", "[")):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise ReferenceDataError(f"{name}: not valid JSON ({exc})") from exc
        if not text.endswith(".json") or "\n" in text:
            raise ReferenceDataError(f"{name}: neither JSON nor a path to another member")
        name = posixpath.normpath(posixpath.join(posixpath.dirname(name), text))
    raise ReferenceDataError(f"{name}: path-only members nest deeper than {_LINK_LIMIT}")


def _groups(members: dict[str, bytes], tariff: str) -> dict[str, set[str]]:
    """Member countries of each geographical group of the tariff (its ``geographical_areas.json``)."""
    name = f"{tariff}/geographical_areas.json"
    if name not in members:
        return {}
    return {area["id"]: {c["id"] for c in area.get("children_geographical_areas") or []}
            for area in _read_json(members, name)}


def _area(area: dict[str, Any], groups: dict[str, set[str]]) -> dict[str, Any]:
    # A measure repeats its group's members, but not always (5050 comes without them): the tariff's
    # list of geographical areas completes it.
    children = {c["id"] for c in area.get("children_geographical_areas") or []}
    return {"id": area["id"], "description": area.get("description") or "",
            "members": sorted(children | groups.get(area["id"], set()))}


def _component(raw: dict[str, Any]) -> dict[str, Any]:
    return {"expression": raw["duty_expression_id"],
            "amount": None if raw.get("duty_amount") is None else repr(raw["duty_amount"]),
            "monetary_unit": raw.get("monetary_unit_code"), "unit": raw.get("measurement_unit_code"),
            "qualifier": raw.get("measurement_unit_qualifier_code")}


def _plain(text: str | None) -> str | None:
    """The API's display text without its HTML markup (``<span>52.60</span> EUR``)."""
    return None if text is None else html.unescape(_TAG.sub("", text))


def _condition(raw: dict[str, Any]) -> dict[str, Any]:
    return {"code": raw.get("condition_code") or "", "condition": raw.get("condition") or "",
            "document": raw.get("document_code") or None, "requirement": _plain(raw.get("requirement")),
            "action": raw.get("action") or "", "action_code": raw.get("action_code"),
            "threshold": None if raw.get("condition_duty_amount") is None else repr(raw["condition_duty_amount"]),
            "components": [_component(c) for c in raw.get("measure_condition_components") or []]}


def _measure(raw: dict[str, Any], groups: dict[str, set[str]]) -> dict[str, Any]:
    kind = raw["measure_type"]
    additional = raw.get("additional_code") or {}
    order = raw.get("order_number") or {}
    return {
        "sid": raw["id"], "type": kind["id"], "type_description": kind.get("description") or "",
        "series": kind.get("measure_type_series_id") or "", "vat": bool(raw.get("vat")),
        "excise": bool(raw.get("excise")), "start": (raw.get("effective_start_date") or "")[:10] or None,
        "end": (raw.get("effective_end_date") or "")[:10] or None, "area": _area(raw["geographical_area"], groups),
        "excluded": sorted({c.get("geographical_area_id") or c.get("id") for c in raw.get("excluded_countries") or []}),
        "expression": (raw.get("duty_expression") or {}).get("base") or "",
        "components": [_component(c) for c in raw.get("measure_components") or []],
        "conditions": [_condition(c) for c in raw.get("measure_conditions") or []],
        "additional_code": additional.get("code"), "order_number": order.get("number"),
        "legal_acts": [a.get("regulation_code") for a in raw.get("legal_acts") or [] if a.get("regulation_code")],
    }


def _commodity(tariff: str, data: dict[str, Any], member: str, groups: dict[str, set[str]]) -> dict[str, Any]:
    calculator = (data.get("meta") or {}).get("duty_calculator") or {}
    return {
        "tariff": tariff, "code": data["goods_nomenclature_item_id"],
        "description": data.get("description_plain") or data.get("description") or "",
        "vat_options": calculator.get("applicable_vat_options") or {},
        "additional_codes": sorted(_additional_codes(calculator.get("applicable_additional_codes") or {})),
        "measures": [_measure(m, groups) for m in data.get("import_measures") or [] if m.get("import", True)],
        "source_member": member,
    }


def _additional_codes(applicable: dict[str, Any]) -> set[str]:
    codes: set[str] = set()
    for entry in applicable.values():
        for option in (entry or {}).get("additional_codes") or []:
            if option.get("code"):
                codes.add(option["code"])
    return codes


def load_commodities(paths: dict[str, Path]) -> LoadResult:
    path = paths[FIXTURES_PATH]
    members = _members(path)
    groups = {tariff: _groups(members, tariff) for tariff in TARIFFS}
    records: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for name in sorted(members):
        tariff, _, rest = name.partition("/")
        if tariff not in TARIFFS or not rest.startswith("commodities/") or not rest.endswith(".json"):
            continue
        record = _commodity(tariff, _read_json(members, name), name, groups[tariff])
        key = f"{tariff}:{record['code']}"
        if key in records:
            # The archive's 7202999000.json is a copy of 7202118000's answer: the content decides.
            warnings.append(f"{name} holds commodity {record['code']}, already read from "
                            f"{records[key]['source_member']}; left out")
            continue
        records[key] = record
    return LoadResult(iter(records.items()), edition=path.name, warnings=warnings)


def load_eur_gbp(paths: dict[str, Path]) -> LoadResult:
    path = paths[FIXTURES_PATH]
    rows = _read_json(_members(path), RATES_MEMBER)
    records = []
    for row in rows:
        attributes = row.get("attributes") or row
        start = (attributes.get("validity_start_date") or "")[:10]
        if attributes.get("child_monetary_unit_code") != "GBP" or len(start) != 10:
            raise ReferenceDataError(f"{RATES_MEMBER}: a row is not a dated EUR to GBP rate: {attributes}")
        records.append((f"EUR:{start[:7]}", {"currency": "EUR", "month": start[:7], "valid_from": start,
                                             "gbp_per_eur": attributes["exchange_rate"],
                                             "operation_date": attributes.get("operation_date")}))
    return LoadResult(iter(records), edition=f"{path.name}:{RATES_MEMBER}")
