"""Labelled descriptions for classification, from the UK Online Trade Tariff and ATLAS precedents.

- ``uk_references``: HMRC's colloquial search terms (``search_references.json``, term -> UK code),
  parcel-style descriptions (``extra_references.csv``) and brand/product names (``brands.csv``).
  UK codes share only their first six digits (HS) with the US HTS, so records keep ``hs6``.
  Codes that lost a leading zero (7 or 9 digits) are left-padded to an even length.
  Key: HS6. MIT licence, Crown Copyright (HMRC Online Trade Tariff).
- ``uk_vague_terms``: descriptions HMRC judged too vague to classify. Key: the normalised text.
- ``precedents``: the ATLAS validation split (200 CBP CROSS rulings: description and the HTS
  codes of the ruling). Key: item id. MIT, "CROSS Rulings HTS Dataset for Tariff
  Classification by Flexify.AI Inc."; the rulings are CBP public records.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clearance.refdata.dataset import LoadResult, audit_columns, open_text

UK = "classification/uk_fpo_reference"
SEARCH_PATH = f"{UK}/search_references.json"
EXTRA_PATH = f"{UK}/extra_references.csv"
BRANDS_PATH = f"{UK}/brands.csv"
VAGUE_PATH = f"{UK}/vague_terms.csv"
PRECEDENTS_PATH = "classification/precedents/atlas_validation_parsed.jsonl"


def _even(code: str) -> str:
    digits = "".join(ch for ch in code if ch.isdigit())
    return digits.zfill(len(digits) + 1) if len(digits) % 2 else digits


def load_uk_references(paths: dict[str, Path]) -> LoadResult:
    with open_text(paths[SEARCH_PATH]) as handle:
        search = json.load(handle)
    with open_text(paths[EXTRA_PATH]) as handle:
        reader = csv.DictReader(handle)
        columns = {"Goods Description", "Commodity Code"}
        warnings = audit_columns(reader.fieldnames or [], columns, columns, "extra_references.csv")
        extra = list(reader)
    with open_text(paths[BRANDS_PATH]) as handle:
        reader = csv.DictReader(handle)
        used = {"CMDTYCODE", "GDSDESC", "GDSDESC (Brand / Product)", "Description for context / augmenting",
                "Comments", "Initials"}
        warnings += audit_columns(reader.fieldnames or [], used, {"CMDTYCODE", "GDSDESC"}, "brands.csv")
        brands = list(reader)

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        rows = [(term, code, "uk_search_term") for term, code in search.items()]
        rows += [(r["Goods Description"], r["Commodity Code"], "uk_parcel_description") for r in extra]
        rows += [(r["GDSDESC"], r["CMDTYCODE"], "uk_brand") for r in brands]
        for text, code, source in rows:
            digits = _even(code)
            if text.strip() and len(digits) >= 6:
                yield digits[:6], {"text": text.strip(), "uk_code": digits, "hs6": digits[:6], "source": source}

    return LoadResult(records(), edition="UK Online Trade Tariff FPO reference data (2026-07-24 snapshot)",
                      warnings=warnings)


def normalise_vague(text: str) -> str:
    return " ".join(text.casefold().split())


def load_vague_terms(paths: dict[str, Path]) -> LoadResult:
    with open_text(paths[VAGUE_PATH]) as handle:
        rows = [row[0] for row in csv.reader(handle) if row and row[0].strip()]
    return LoadResult(((normalise_vague(t), {"text": t}) for t in rows), edition="UK FPO vague terms")


def load_precedents(paths: dict[str, Path]) -> LoadResult:
    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        with open_text(paths[PRECEDENTS_PATH]) as handle:
            for line in handle:
                if line.strip():
                    item = json.loads(line)
                    codes = ["".join(ch for ch in c if ch.isdigit()) for c in item.get("gold_codes", [])]
                    yield item["item_id"], {"id": item["item_id"], "description": item["description"],
                                            "codes": codes, "source": "ATLAS validation (CBP CROSS ruling)"}

    return LoadResult(records(), edition="ATLAS validation split (200 CROSS rulings)")
