"""Loaders of the dangerous-goods datasets, on a small fixture folder."""

from __future__ import annotations

import pytest

from clearance.dangerous_goods import Hmt
from clearance.errors import ReferenceDataError
from clearance.refdata.loaders import dangerous_goods as L
from tests.dangerous_goods.fixtures import HMT_HEADER, import_dg_folder, write_dg_folder


def _paths(root):
    folder = root / "dangerous_goods"
    return {L.HMT_PATH: folder / "hmt_49cfr172101.csv", L.SP_PATH: folder / "hmt_special_provisions_49cfr172102.csv",
            L.SEE_PATH: folder / "hmt_see_references.csv",
            L.SEGREGATION_PATH: folder / "imdg_segregation_table_7_2_4_long.csv"}


def test_hmt_rows_are_keyed_by_id_and_forbidden_rows_by_a_marker(tmp_path):
    result = L.load_hmt(_paths(write_dg_folder(tmp_path)))
    records = list(result.records)
    assert [k for k, _ in records] == ["UN1090", "UN1089", "UN1830", "UN3480", "FORBIDDEN"]
    acetone = records[0][1]
    assert acetone["special_provisions"] == ["IB2", "T4", "TP1"] and acetone["passenger_limit_9a"] == "5 L"
    forbidden = records[-1][1]
    assert forbidden["forbidden"] is True and forbidden["hazard_class"] is None and forbidden["id_number"] is None
    assert result.warnings == []


def test_a_new_hmt_column_is_reported_not_dropped_silently(tmp_path):
    root = write_dg_folder(tmp_path, hmt_header=[*HMT_HEADER, "erg_guide"])
    assert L.load_hmt(_paths(root)).warnings == ["hmt_49cfr172101.csv: unknown column 'erg_guide' ignored"]


def test_a_missing_required_hmt_column_fails(tmp_path):
    root = write_dg_folder(tmp_path, hmt_header=[c for c in HMT_HEADER if c != "hazard_class"])
    with pytest.raises(ReferenceDataError, match="hazard_class"):
        L.load_hmt(_paths(root))


def test_an_asymmetric_segregation_table_fails_the_import(tmp_path):
    root = write_dg_folder(tmp_path)
    path = _paths(root)[L.SEGREGATION_PATH]
    text = path.read_text().replace("3,8,X", "3,8,2", 1)
    path.write_text(text)
    with pytest.raises(ReferenceDataError, match="3 x 8"):
        list(L.load_segregation(_paths(root)).records)


def test_imported_tables_build_the_hmt_with_provisions_and_see_references(tmp_path, settings):
    reference = import_dg_folder(settings, write_dg_folder(tmp_path))
    hmt = Hmt.from_reference(reference)
    assert [e.proper_shipping_name for e in hmt.by_id("un1090")] == ["Acetone"]
    assert hmt.special_provisions["A54"].startswith("Irrespective")
    assert hmt.see_reference("accumulators,  electric") == "Batteries, wet etc"
    assert {s.split(":")[0] for s in hmt.snapshots} == {"hmt_us", "hmt_special_provisions", "hmt_see_references",
                                                          "imdg_segregation"}


def test_no_hmt_loaded_gives_none():
    from clearance.refdata import ReferenceData

    assert Hmt.from_reference(ReferenceData.empty()) is None
