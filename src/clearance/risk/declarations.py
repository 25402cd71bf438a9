"""Import declarations as the risk engine sees them, read column-wise for speed.

A batch of declarations is a :class:`Declarations`: one numpy array per field, so scoring
tens of thousands of rows never builds a Python object per row. Files are ``.csv``,
``.csv.gz`` or ``.jsonl``; headers may be Clearance's snake_case names (``FIELDS``) or the
English headers of the Korea Customs Service synthetic declarations (``KCS_HEADERS``,
arXiv:2208.02484). Labels are optional: ``fraud`` (0/1) and ``critical_fraud`` (0/1/2)
are inspection outcomes. Every bad cell is reported with its line number before anything is
scored, so a file is read whole or not at all.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from clearance.errors import InputError, InputFileError, InputProblem
from clearance.inputs.common import decode_utf8, read_bytes

TEXT_FIELDS = ("declaration_id", "office_id", "process_type", "import_type", "import_use", "payment_type",
               "transport_mode", "declarant_id", "importer_id", "seller_id", "courier_id", "hs_code",
               "departure_country", "origin_country", "tax_type", "origin_indicator")
NUMBER_FIELDS = ("tax_rate", "net_mass_kg", "item_price")
LABEL_FIELDS = ("fraud", "critical_fraud")
FIELDS = ("declaration_id", "date", *TEXT_FIELDS[1:], *NUMBER_FIELDS, *LABEL_FIELDS)
REQUIRED = ("declaration_id", "date", "hs_code")

KCS_HEADERS = {
    "Declaration ID": "declaration_id", "Date": "date", "Office ID": "office_id",
    "Process Type": "process_type", "Import Type": "import_type", "Import Use": "import_use",
    "Payment Type": "payment_type", "Mode of Transport": "transport_mode", "Declarant ID": "declarant_id",
    "Importer ID": "importer_id", "Seller ID": "seller_id", "Courier ID": "courier_id",
    "HS6 Code": "hs_code", "Country of Departure": "departure_country", "Country of Origin": "origin_country",
    "Tax Rate": "tax_rate", "Tax Type": "tax_type", "Country of Origin Indicator": "origin_indicator",
    "Net Mass": "net_mass_kg", "Item Price": "item_price", "Fraud": "fraud", "Critical Fraud": "critical_fraud",
}


@dataclass(frozen=True)
class Declarations:
    """A batch of declarations, column-wise. Text columns are object arrays ("" = missing),
    numbers float arrays (NaN = missing), ``date`` a ``datetime64[D]`` array, labels int
    arrays (-1 = not inspected)."""

    columns: Mapping[str, np.ndarray]
    source: str = ""

    def __len__(self) -> int:
        return len(self.columns["declaration_id"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    @property
    def labelled(self) -> bool:
        return bool(len(self)) and bool((self.columns["fraud"] >= 0).all())

    def take(self, index: np.ndarray | Sequence[int]) -> Declarations:
        return Declarations({k: v[index] for k, v in self.columns.items()}, self.source)

    def sorted_by_date(self) -> Declarations:
        return self.take(np.argsort(self.columns["date"], kind="stable"))

    def date_range(self) -> tuple[date, date] | None:
        if not len(self):
            return None
        dates = self.columns["date"]
        return dates.min().astype(object), dates.max().astype(object)

    def record(self, i: int) -> dict[str, Any]:
        """Row ``i`` as plain JSON types (missing values left out)."""
        out: dict[str, Any] = {}
        for name in FIELDS:
            value = self.columns[name][i]
            if name == "date":
                out[name] = str(value)
            elif name in TEXT_FIELDS:
                if value:
                    out[name] = str(value)
            elif name in LABEL_FIELDS:
                if value >= 0:
                    out[name] = int(value)
            elif not np.isnan(value):
                out[name] = float(value)
        return out

    @staticmethod
    def concat(batches: Iterable[Declarations]) -> Declarations:
        parts = list(batches)
        columns = {name: np.concatenate([b.columns[name] for b in parts]) for name in FIELDS}
        return Declarations(columns, " + ".join(b.source for b in parts if b.source))

    @staticmethod
    def from_records(records: Sequence[Mapping[str, Any]], source: str = "") -> Declarations:
        """Build a batch from dicts keyed by ``FIELDS`` (or KCS headers); InputError on bad values."""
        return _build([(n, {KCS_HEADERS.get(k, k): v for k, v in r.items()}) for n, r in
                       enumerate(records, start=1)], source, "record")


def read_declarations(path: Path) -> Declarations:
    """Read a .csv, .csv.gz or .jsonl file of declarations (InputError naming every bad cell)."""
    name = path.name.lower()
    data = read_bytes(path)
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputFileError(str(path), f"not a gzip file: {exc}") from None
        name = name[:-3]
    text = decode_utf8(data, str(path))
    if name.endswith(".jsonl"):
        rows: list[tuple[int, dict[str, Any]]] = []
        problems: list[InputProblem] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(InputProblem(f"line {number}", None, f"bad JSON: {exc.msg}"))
                continue
            if not isinstance(item, dict):
                problems.append(InputProblem(f"line {number}", None, "a JSON object per line is expected"))
                continue
            rows.append((number, {KCS_HEADERS.get(k, k): v for k, v in item.items()}))
        if problems:
            raise InputError(str(path), problems)
        return _build(rows, str(path), "line")
    if not name.endswith(".csv"):
        raise InputFileError(str(path), "unsupported file type; use .csv, .csv.gz or .jsonl")
    reader = csv.reader(io.StringIO(text))
    header = [KCS_HEADERS.get(h.strip(), h.strip()) for h in next(reader, [])]
    unknown = [h for h in header if h not in FIELDS]
    if unknown:
        raise InputError(str(path), [InputProblem("line 1 (header)", ", ".join(unknown),
                                                  f"unknown column(s); known: {', '.join(FIELDS)}")])
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise InputError(str(path), [InputProblem("line 1 (header)", ", ".join(missing),
                                                  "required column(s) missing")])
    return _build([(n, dict(zip(header, row, strict=False))) for n, row in enumerate(reader, start=2) if row],
                  str(path), "line")


def _build(rows: Sequence[tuple[int, Mapping[str, Any]]], source: str, where: str) -> Declarations:
    n = len(rows)
    problems: list[InputProblem] = []
    text = {f: np.empty(n, dtype=object) for f in TEXT_FIELDS}
    numbers = {f: np.full(n, np.nan) for f in NUMBER_FIELDS}
    labels = {f: np.full(n, -1, dtype=np.int8) for f in LABEL_FIELDS}
    dates = np.empty(n, dtype="datetime64[D]")
    for i, (number, row) in enumerate(rows):
        location = f"{where} {number}"
        for f in TEXT_FIELDS:
            value = row.get(f)
            text[f][i] = "" if value is None else str(value).strip()
        for f in REQUIRED:
            if f != "date" and not text[f][i]:
                problems.append(InputProblem(location, f, "required value missing"))
        if text["hs_code"][i] and not (text["hs_code"][i].isdigit() and 6 <= len(text["hs_code"][i]) <= 10):
            problems.append(InputProblem(location, "hs_code", f"'{text['hs_code'][i]}' is not a 6-10 digit code"))
        try:
            dates[i] = np.datetime64(date.fromisoformat(str(row.get("date") or "").strip()), "D")
        except ValueError:
            problems.append(InputProblem(location, "date", f"'{row.get('date')}' is not a YYYY-MM-DD date"))
        for f in NUMBER_FIELDS:
            value = row.get(f)
            if value is None or str(value).strip() == "":
                continue
            try:
                numbers[f][i] = float(value)
            except (TypeError, ValueError):
                problems.append(InputProblem(location, f, f"'{value}' is not a number"))
                continue
            if not np.isfinite(numbers[f][i]) or numbers[f][i] < 0:
                problems.append(InputProblem(location, f, f"{value} must be a finite number >= 0"))
        for f, allowed in (("fraud", (0, 1)), ("critical_fraud", (0, 1, 2))):
            value = row.get(f)
            if value is None or str(value).strip() == "":
                continue
            try:
                labels[f][i] = int(str(value).strip())
            except ValueError:
                labels[f][i] = -2
            if labels[f][i] not in allowed:
                problems.append(InputProblem(location, f, f"'{value}' must be one of {allowed}"))
        if len(problems) > 200:
            problems.append(InputProblem(location, None, "too many problems; stopped reading"))
            break
    if problems:
        raise InputError(source, problems)
    return Declarations({"declaration_id": text["declaration_id"], "date": dates,
                         **{f: text[f] for f in TEXT_FIELDS[1:]}, **numbers, **labels}, source)
