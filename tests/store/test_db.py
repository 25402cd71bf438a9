"""The database helpers on SQLite and PostgreSQL: JSON encoded once is stored as it is."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from clearance.settings import Settings
from clearance.store import open_database
from clearance.store.db import EncodedJSON, pages_by_key
from clearance.store.schema import job_record

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
DOCUMENT = {"lines": [{"value": "12.50", "note": "Ünïcode, \"quoted\""}], "empty": None, "n": 3}


def _store_and_read(settings: Settings, results: list[object]) -> list[object]:
    database = open_database(settings)
    try:
        with database.begin() as connection:
            for number, result in enumerate(results):
                connection.execute(job_record.insert(), {
                    "id": f"job-{number}", "kind": "check", "status": "done", "total": 1, "done": 1,
                    "created_by": "tester", "created_at": NOW, "result": result})
        with database.connect() as connection:
            return list(connection.execute(sa.select(job_record.c.result).order_by(job_record.c.id)).scalars())
    finally:
        database.dispose()


def test_encoded_json_is_stored_as_given_and_reads_back_as_the_document(db_settings: Settings) -> None:
    encoded = EncodedJSON(json.dumps(DOCUMENT, ensure_ascii=False))
    assert _store_and_read(db_settings, [encoded, DOCUMENT, '{"a": 1}']) == [
        DOCUMENT,
        DOCUMENT,  # a plain value is still encoded
        '{"a": 1}',  # and a plain str is a JSON string: only the EncodedJSON marker passes through
    ]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("count", [0, 3, 6, 7])
def test_pages_by_key_reads_every_row_once_in_key_order(db_settings: Settings, count: int, descending: bool) -> None:
    database = open_database(db_settings)
    try:
        with database.begin() as connection:
            for number in range(count):
                connection.execute(job_record.insert(), {
                    "id": f"job-{number:02d}", "kind": "check", "status": "done", "total": 1, "done": 1,
                    "created_by": "tester", "created_at": NOW, "result": None})
        query = sa.select(job_record.c.id, job_record.c.kind)
        with database.connect() as connection:  # pages of 3: empty, exactly one, exactly two, two and a bit
            read = [row.id for row in pages_by_key(connection, query, job_record.c.id, size=3, descending=descending)]
    finally:
        database.dispose()
    expected = [f"job-{number:02d}" for number in range(count)]
    assert read == (expected[::-1] if descending else expected)
