"""The schedule: paths, inherited rates, revisions in force, diff and search."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from clearance.refdata import ReferenceData
from clearance.store import open_database
from clearance.tariff.diff import diff_schedules
from clearance.tariff.schedule import Schedule, applied_rates, find_revision, revision_in_force
from clearance.tariff.search import search
from tests.tariff.fixtures import OLD, load_revision, new_revision, write_export

HERE = Path(__file__).parent


@pytest.fixture
def two_revisions(db_settings, tmp_path):
    engine = open_database(db_settings)
    old = load_revision(engine, write_export(tmp_path / "old" / "hts.csv", OLD), "2026 Rev 1", date(2026, 1, 1), True)
    new = load_revision(engine, write_export(tmp_path / "new" / "hts.csv", new_revision()), "2026 Rev 2",
                        date(2026, 7, 1), True)
    return ReferenceData(engine), old, new


def test_paths_keep_superior_rows_and_rates_are_inherited(two_revisions):
    reference, old, _ = two_revisions
    schedule = Schedule(reference, find_revision(reference, old))
    line = schedule.line("7326110000")
    assert line["path"] == ["Other articles of iron or steel:", "Forged or stamped, but not further worked:",
                            "Grinding balls and similar articles for mills", "Grinding balls"]
    assert line["parent"] == "73261100" and line["rates_from"] == "73261100"
    assert applied_rates(line) == {"general": "2.9%", "special": "Free (A,AU)", "column2": "45%"}


def test_revision_in_force_follows_effective_dates(two_revisions):
    reference, old, new = two_revisions
    assert revision_in_force(reference, date(2026, 3, 1))[0].snapshot_id == old
    assert revision_in_force(reference, date(2026, 7, 1))[0].snapshot_id == new
    chosen, how = revision_in_force(reference, date(2025, 12, 31))
    assert chosen is None and "no HTS revision" in how


def test_diff_finds_each_planted_change(two_revisions):
    reference, old, new = two_revisions
    result = diff_schedules(Schedule(reference, find_revision(reference, old)),
                            Schedule(reference, find_revision(reference, new)))
    assert result.chapters_only_in_new == ["94"] and result.chapters_only_in_old == []
    assert [c.code for c in result.of_kind("added")] == ["7326908611", "7326908615"]
    [removed] = result.of_kind("removed")
    assert removed.code == "7326908610" and removed.detail["successors"][:2] == ["7326908611", "7326908615"]
    assert [c.code for c in result.of_kind("redescribed")] == ["7326110000"]
    [rates] = result.of_kind("rates")
    assert rates.code == "73269086" and rates.detail == {"general": {"old": "2.9%", "new": "3.4%"}}
    [units] = result.of_kind("units")
    assert units.code == "6110202079" and units.detail == {"old": ["doz.", "kg"], "new": ["No."]}


def test_diff_of_a_revision_with_itself_is_empty(two_revisions):
    reference, old, _ = two_revisions
    schedule = Schedule(reference, find_revision(reference, old))
    assert diff_schedules(schedule, schedule).changes == []


def test_search_ranks_own_words_first(two_revisions):
    reference, old, _ = two_revisions
    hits = search(Schedule(reference, find_revision(reference, old)), "cotton sweaters men", digits=10)
    assert hits[0].code == "6110202010"


@pytest.mark.integration
def test_full_schedule_loads_with_paths(shared_reference):
    _, reference = shared_reference
    revision = find_revision(reference, "active")
    lines = Schedule(reference, revision).lines()
    assert len(lines) == 36_108
    statistical = [ln for ln in lines if len(ln["code"]) == 10]
    assert len(statistical) == 19_768
    headings = {ln["description"] for ln in lines if ln["indent"] == 0}
    for line in statistical:
        assert line["path"][-1] == line["description"] and line["path"][0] in headings
        assert len(line["path"]) <= line["indent"] + 1
        assert line["rates_from"] is not None or line["code"].startswith("99"), line["code"]


@pytest.mark.integration
def test_paths_of_other_lines_across_chapters(shared_reference):
    """22 statistical lines described just "Other": their full paths, checked by hand."""
    _, reference = shared_reference
    schedule = Schedule(reference, find_revision(reference, "active"))
    expected = json.loads((HERE / "other_paths.json").read_text(encoding="utf-8"))
    assert len(expected) >= 20 and len({code[:2] for code in expected}) >= 20
    for code, path in expected.items():
        line = schedule.line(code)
        assert line["description"] == "Other"
        assert line["path"] == path, code


@pytest.mark.integration
def test_every_hts_unit_is_mapped_or_declared_unmappable(shared_reference):
    from clearance.tariff.units import hts_unit

    unmappable = {"thousands", "hundreds", "W", "GBq", "doses", "square", "gr.lines", "thousand m", "thousand m3"}
    _, reference = shared_reference
    seen = {u for ln in reference.records("hts_us") for u in ln["units"]}
    assert {u for u in seen if hts_unit(u) is None} <= unmappable


@pytest.mark.integration
def test_show_lists_notes_and_exclusions_that_send_goods_here(shared_reference):
    from clearance.tariff.notes import applicable_notes

    _, reference = shared_reference
    notes = applicable_notes(reference, "9503000090", "XX")
    assert "Chapter 95 note 1" in notes["notes"]
    assert not any(n.startswith("Section XX") for n in notes["notes"])  # Section XX has no section notes
    assert "Section XI note 1" in applicable_notes(reference, "6110202010", "XI")["notes"]
    assert any(n["note"] == "Chapter 95 statistical note 1" for n in notes["notes_citing_heading"])
    pointing = {(p["note"], p["item"]) for p in notes["exclusions_pointing_here"]}
    assert {("Chapter 92 note 1", "c"), ("Chapter 94 note 1", "l")} <= pointing
