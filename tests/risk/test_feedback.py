from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from clearance.errors import InputError
from clearance.risk.declarations import Declarations
from clearance.risk.feedback import record_inspections, recorded_inspections
from clearance.settings import Settings
from clearance.store import open_database
from clearance.store.schema import risk_inspection
from tests.risk.synthetic import records


@pytest.fixture
def database(tmp_path: Path) -> sa.Engine:
    return open_database(Settings(data_dir=tmp_path))


def test_results_are_appended_and_the_latest_is_in_force(database: sa.Engine) -> None:
    rows = records(5)
    assert record_inspections(database, Declarations.from_records(rows), "officer.kim",
                              at=datetime(2021, 1, 5, tzinfo=UTC)) == 5
    corrected = dict(rows[0], fraud=1 - rows[0]["fraud"], critical_fraud=None)
    record_inspections(database, Declarations.from_records([corrected]), "supervisor.lee",
                       at=datetime(2021, 1, 6, tzinfo=UTC))
    with database.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(risk_inspection)).scalar() == 6
    recorded = recorded_inspections(database)
    assert len(recorded) == 5 and recorded.labelled
    by_id = {recorded.record(i)["declaration_id"]: recorded.record(i) for i in range(5)}
    assert by_id[rows[0]["declaration_id"]]["fraud"] == corrected["fraud"]
    assert by_id[rows[1]["declaration_id"]]["hs_code"] == rows[1]["hs_code"]


def test_unlabelled_results_or_no_inspector_are_refused_and_nothing_is_written(database: sa.Engine) -> None:
    rows = [{k: v for k, v in r.items() if k != "fraud"} for r in records(3)]
    with pytest.raises(InputError, match="outcome"):
        record_inspections(database, Declarations.from_records(rows), "officer.kim")
    with pytest.raises(InputError, match="recorded_by"):
        record_inspections(database, Declarations.from_records(records(2)), "  ")
    assert len(recorded_inspections(database)) == 0
