"""Inspection results fed back to the risk model, stored append-only.

An officer's inspection outcome (fraud found or not, and how critical) is the label the model
learns from. ``record_inspections`` stores each inspected declaration with its outcome, who
recorded it and when; nothing here updates or deletes a row. Recording the same declaration
again adds a row, and the latest one is in force (the earlier ones stay as its history).
``recorded_inspections`` returns the declarations in force, ready to be added to a training
set (``clearance risk train --with-feedback``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from clearance.errors import InputError, InputProblem
from clearance.risk.declarations import Declarations
from clearance.store.fields import aware_utc, checked_text
from clearance.store.schema import risk_inspection

_MAX_LENGTH = {"recorded_by": 120, "declaration_id": 120}


def record_inspections(engine: sa.Engine, batch: Declarations, recorded_by: str,
                       at: datetime | None = None) -> int:
    """Append one row per inspected declaration (every row must carry its ``fraud`` outcome)."""
    problems: list[InputProblem] = []
    who = checked_text(problems, "recorded_by", recorded_by, required=True, max_length=_MAX_LENGTH)
    if not batch.labelled:
        problems.append(InputProblem("declarations", "fraud", "every inspected declaration needs its outcome"))
    for i, declaration_id in enumerate(batch["declaration_id"].tolist()):
        checked_text(problems, "declaration_id", declaration_id, required=True, max_length=_MAX_LENGTH)
        if len(problems) > 20:
            problems.append(InputProblem(f"row {i + 1}", None, "too many problems; stopped checking"))
            break
    if problems:
        raise InputError("inspection results", problems)
    moment = aware_utc(at) if at is not None else datetime.now(UTC)
    rows = []
    for i in range(len(batch)):
        record = batch.record(i)
        rows.append({"declaration_id": record["declaration_id"], "declaration": record,
                     "fraud": record["fraud"], "critical_fraud": record.get("critical_fraud"),
                     "recorded_by": who, "recorded_at": moment})
    with engine.begin() as connection:
        for start in range(0, len(rows), 500):
            connection.execute(sa.insert(risk_inspection), rows[start:start + 500])
    return len(rows)


def recorded_inspections(engine: sa.Engine) -> Declarations:
    """The inspected declarations in force (the latest record per declaration id)."""
    latest: dict[str, dict] = {}
    with engine.connect() as connection:
        query = sa.select(risk_inspection).order_by(risk_inspection.c.recorded_at, risk_inspection.c.id)
        for row in connection.execute(query).mappings():
            record = dict(row["declaration"])
            record["fraud"] = row["fraud"]
            if row["critical_fraud"] is not None:
                record["critical_fraud"] = row["critical_fraud"]
            latest[row["declaration_id"]] = record
    return Declarations.from_records(list(latest.values()), source="recorded inspections")
