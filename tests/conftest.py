"""Shared fixtures: settings in a temporary data directory, small fictional reference data,
and the real ../shared/data for integration tests (skipped with a reason when absent)."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from clearance.refdata import DATASETS, ReferenceData, import_dataset
from clearance.settings import Settings
from clearance.store import open_database

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"
EXAMPLES = PROJECT / "examples"


def shared_data_or_skip() -> Path:
    if not (SHARED_DATA / "documents").is_dir():
        pytest.skip(f"integration data not found at {SHARED_DATA} (the shared/ folder beside the project)")
    return SHARED_DATA


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    from tests.postgres import postgres_server, unavailable_reason

    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings on each supported database: SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path / "data")
    from tests.postgres import fresh_database

    url = fresh_database(request.getfixturevalue("postgres_server_url"))
    return Settings(data_dir=tmp_path / "data", database_url=url)


UNLOCODE_HEADER = ["country", "location", "name", "nameWoDiacritics", "subdivision", "status",
                   "function", "iata", "lat", "lon", "geocoded"]
UNLOCODE_ROWS = [
    ["CN", "SHA", "Shanghai", "Shanghai", "SH", "AI", "12345---", "", "", "", ""],
    ["US", "LAX", "Los Angeles", "Los Angeles", "CA", "AI", "1--45---", "", "", "", ""],
    ["US", "LGB", "Long Beach", "Long Beach", "CA", "AI", "1--45---", "", "", "", ""],
    ["US", "DEN", "Denver", "Denver", "CO", "AI", "--345---", "", "", "", ""],
    ["KR", "INC", "Incheon", "Incheon", "28", "AI", "1--4----", "", "", "", ""],
]


def write_unlocode(root: Path, rows: list[list[str]], extra_column: bool = False) -> None:
    path = root / "documents" / "unlocode_geoapify_2024.csv.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(UNLOCODE_HEADER + (["new_official_column"] if extra_column else []))
    for row in rows:
        writer.writerow(row + (["x"] if extra_column else []))
    path.write_bytes(gzip.compress(buffer.getvalue().encode()))


def write_elements(root: Path) -> None:
    """A small fictional-but-faithful subset of the required-elements table."""
    path = root / "documents" / "trade_document_required_elements.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [["document_type", "element_id", "element", "requirement", "citation", "note"]]
    for element_id, text in (("CI01", "Port of entry"), ("CI02", "Seller and buyer, date and place of sale"),
                             ("CI04", "Quantities"), ("CI07", "Kind of currency"), ("CI08", "All charges itemised"),
                             ("CI10", "Country of origin"), ("CI12", "English")):
        rows.append(["us_commercial_invoice", element_id, text, "mandatory", f"19 CFR 141.86 ({element_id})", ""])
    rows.append(["ocean_bill_of_lading", "BL04", "B/L number", "expected", "industry practice", ""])
    rows.append(["ocean_bill_of_lading", "BL12", "Place of receipt", "expected", "UCP 600 Art. 19", ""])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A folder laid out like shared/data with a handful of fictional records."""
    root = tmp_path / "mini"
    write_unlocode(root, UNLOCODE_ROWS)
    write_elements(root)
    return root


@pytest.fixture
def mini_reference(settings: Settings, mini_data: Path) -> ReferenceData:
    """Reference data from the mini folder; file datasets' declared count ranges are widened for it."""
    from dataclasses import replace

    engine = open_database(settings)
    for dataset in DATASETS:
        if dataset.name in ("countries", "currencies", "document_elements", "unlocode"):
            small = replace(dataset, expected_count=(1, 1000)) if dataset.sources else dataset
            import_dataset(engine, small, mini_data)
    return ReferenceData(engine)


@pytest.fixture(scope="session")
def shared_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, ReferenceData]:
    """The real shared data imported once per session (integration tests)."""
    root = shared_data_or_skip()
    settings = Settings(data_dir=tmp_path_factory.mktemp("shared-data"))
    engine = open_database(settings)
    for dataset in DATASETS:
        import_dataset(engine, dataset, root)
    return settings, ReferenceData(engine)
