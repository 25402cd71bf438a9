"""Shipment JSON files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clearance.errors import InputError, InputProblem
from clearance.inputs.common import decode_utf8, read_bytes
from clearance.model import Shipment


def json_path(loc: tuple[Any, ...]) -> str:
    """('lines', 2, 'quantity', 'unit') -> 'lines[2].quantity.unit'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.startswith("function-") or "[" in part:
            continue  # pydantic's internal validator names, not the user's path
        else:
            path += f".{part}" if path else part
    return path or "(document root)"


def validation_problems(error: ValidationError, prefix: str = "") -> list[InputProblem]:
    problems = []
    for item in error.errors():
        loc = item["loc"]
        path = json_path(loc)
        field = next((p for p in reversed(loc) if isinstance(p, str) and not p.startswith("function-")), None)
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (check the spelling against 'clearance schema')"
        problems.append(InputProblem(f"{prefix}{path}", field, message))
    return problems


def parse_shipment(data: dict[str, Any], source: str) -> Shipment:
    try:
        return Shipment.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, validation_problems(exc)) from None


def load_json(path: Path) -> Any:
    text = decode_utf8(read_bytes(path), str(path))
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), [InputProblem(
            f"line {exc.lineno} column {exc.colno}", None, f"malformed JSON: {exc.msg}")]) from None


def read_shipment(path: Path) -> Shipment:
    data = load_json(path)
    if not isinstance(data, dict):
        raise InputError(str(path), [InputProblem(
            "(document root)", None, f"expected a JSON object, got {type(data).__name__}")])
    return parse_shipment(data, str(path))
