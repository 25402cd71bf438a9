from __future__ import annotations

import pytest

from clearance.refdata import ReferenceData
from clearance.settings import Settings
from tests.duty.fixtures import duty_reference


@pytest.fixture(scope="module")
def duty_ref(tmp_path_factory: pytest.TempPathFactory) -> ReferenceData:
    """The fictional duty folder imported once per test module (read-only in tests)."""
    base = tmp_path_factory.mktemp("duty")
    return duty_reference(Settings(data_dir=base / "data"), base / "mini")
