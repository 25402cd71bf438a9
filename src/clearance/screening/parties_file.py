"""Reading a file of parties to screen (.csv or .jsonl) and writing screening results.

Columns / keys: ``id`` (the caller's own id, echoed back; the row number when absent),
``name`` (required), ``type`` (person, organization, vessel, aircraft), ``country`` (ISO
alpha-2), ``dob`` (YYYY, YYYY-MM or YYYY-MM-DD), ``gender``, ``identifiers`` (``;``-separated
in CSV, a list in JSON). Every bad row is reported with its line number before anything is
screened, so a file is screened whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clearance.errors import InputError, InputProblem
from clearance.inputs.common import decode_utf8, read_bytes
from clearance.screening.matcher import PartyQuery, ScreenResult

KNOWN_COLUMNS = ("id", "name", "type", "country", "dob", "gender", "identifiers")

#: Columns of the CSV result file: one row per alert, one row with band "clear" for a clear party.
RESULT_COLUMNS = ("id", "name", "band", "score", "entity_id", "list", "matched_name", "name_role", "snapshot",
                  "why")


def _query(raw: dict[str, Any], fallback_id: str) -> PartyQuery:
    identifiers = raw.get("identifiers") or []
    if isinstance(identifiers, str):
        identifiers = [i.strip() for i in identifiers.split(";") if i.strip()]
    values = {
        "name": (raw.get("name") or "").strip(), "ref": str(raw.get("id") or fallback_id),
        "type": (raw.get("type") or "").strip().lower() or None,
        "country": (raw.get("country") or "").strip().upper() or None,
        "dob": (raw.get("dob") or "").strip() or None, "gender": (raw.get("gender") or "").strip().lower() or None,
        "identifiers": identifiers,
    }
    return PartyQuery.model_validate(values)


def _problems(exc: ValidationError, where: str) -> list[InputProblem]:
    return [InputProblem(where, ".".join(str(p) for p in e["loc"]) or None, e["msg"]) for e in exc.errors()]


def read_parties(path: Path) -> list[PartyQuery]:
    """The parties of a .csv or .jsonl file; InputError listing every bad row."""
    text = decode_utf8(read_bytes(path), str(path))
    suffix = path.suffix.lower()
    parties: list[PartyQuery] = []
    problems: list[InputProblem] = []
    if suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise TypeError("a JSON object per line is expected")
                parties.append(_query(item, str(number)))
            except (json.JSONDecodeError, TypeError) as exc:
                problems.append(InputProblem(f"line {number}", None, f"bad JSON line: {exc}"))
            except ValidationError as exc:
                problems.extend(_problems(exc, f"line {number}"))
    elif suffix == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise InputError(str(path), [InputProblem("line 1 (header)", "name", "a 'name' column is required "
                                                      f"(optional: {', '.join(KNOWN_COLUMNS[2:])}, id)")])
        unknown = [c for c in reader.fieldnames if c not in KNOWN_COLUMNS]
        if unknown:
            raise InputError(str(path), [InputProblem("line 1 (header)", ", ".join(unknown),
                                                      f"unknown column(s); known: {', '.join(KNOWN_COLUMNS)}")])
        for number, row in enumerate(reader, start=2):
            try:
                parties.append(_query(row, str(number - 1)))
            except ValidationError as exc:
                problems.extend(_problems(exc, f"line {number}"))
    else:
        raise InputError(str(path), [InputProblem("file", None, "use a .csv or .jsonl file of parties")])
    if problems:
        raise InputError(str(path), problems)
    return parties


def why(result_match: Any) -> str:
    """A one-line reason: the aligned tokens and the qualifiers."""
    comparison = result_match.comparison
    aligned = ", ".join(p.detail or (p.query if p.query == p.listed else f"{p.query}~{p.listed} ({p.feature})")
                        for p in comparison.pairs)
    parts = [f"aligned: {aligned}" if aligned else "no token aligned"]
    if comparison.unmatched_query:
        parts.append("unmatched in party: " + " ".join(comparison.unmatched_query))
    if comparison.unmatched_list:
        parts.append("not in party: " + " ".join(comparison.unmatched_list))
    parts.extend(f"{q.name} {q.delta:+.2f}" for q in result_match.qualifiers)
    return "; ".join(parts)


def result_rows(result: ScreenResult, snapshots: dict[str, str]) -> list[dict[str, str]]:
    """CSV rows of one party's result (``RESULT_COLUMNS``)."""
    base = {"id": result.query.ref or "", "name": result.query.name}
    if not result.matches:
        return [{**base, "band": "clear", "score": "", "entity_id": "", "list": "", "matched_name": "",
                 "name_role": "", "snapshot": "", "why": ""}]
    return [{**base, "band": m.band, "score": f"{m.score:.4f}", "entity_id": m.entity_id, "list": m.list,
             "matched_name": m.name, "name_role": str(m.name_role), "snapshot": snapshots.get(m.list, ""),
             "why": why(m)} for m in result.matches]


def result_json(result: ScreenResult, snapshots: dict[str, str]) -> dict[str, Any]:
    """The JSON form of one party's result, each match with its explanation and list snapshot."""
    data = result.to_dict()
    for match, explained in zip(result.matches, data["matches"], strict=True):
        explained["snapshot"] = snapshots.get(match.list)
        explained["why"] = why(match)
    return data
