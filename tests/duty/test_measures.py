"""The effective-dated measure tables are well-formed, and agree with the HTS where it prints a rate."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from clearance.duty.measures import PROGRAMME_LABELS, column2_country, de_minimis, measures, refundable
from clearance.duty.rate_text import AdValorem, Reference, parse_rate
from clearance.tariff.schedule import Schedule, revision_in_force

HEADING = re.compile(r"^99\d\d\.(\d\d|xx)(\.(\d\d|xx))?(-99\d\d\.\d\d\.\d\d|/\.\d\d/\.\d\d)?$")


def test_every_measure_row_is_well_formed():
    rows = measures()
    assert len({m.measure_id for m in rows}) == len(rows)
    for m in rows:
        assert m.programme in PROGRAMME_LABELS, m.measure_id
        assert all(HEADING.match(h) for h in m.headings), m.headings
        assert m.ends_before is None or m.ends_before > m.effective_from, m.measure_id
        assert m.base in ("value", "content", "content_outside_ch72_73_76"), m.measure_id
        assert m.on_232_goods in ("stack", "remainder", "none"), m.measure_id
        assert m.confidence and m.source and m.citation, m.measure_id
        assert m.rate is None or Decimal(0) <= m.rate <= Decimal(200), m.measure_id


def test_periods_of_one_heading_and_country_do_not_overlap():
    periods = defaultdict(list)
    for m in measures():
        for country in m.countries:
            periods[(m.heading, country, m.programme, m.coverage)].append(m)
    for key, rows in periods.items():
        rows.sort(key=lambda m: m.effective_from)
        for first, second in zip(rows, rows[1:]):
            assert first.ends_before is not None and first.ends_before <= second.effective_from, key


def test_small_dated_tables():
    assert column2_country("CU", date(2026, 1, 1)) is not None
    assert column2_country("FR", date(2026, 1, 1)) is None
    assert de_minimis("DE", date(2025, 1, 1)).values["available"] == "yes"
    assert de_minimis("CN", date(2025, 6, 1)).values["available"] == "no"
    assert set(refundable()) == {"ieepa_fentanyl", "ieepa_reciprocal"}


@pytest.mark.integration
def test_measure_rates_agree_with_the_hts_heading_text(shared_reference):
    """Where the late-2025 HTS prints '+ N%' for a heading in force then, the table says N.

    Compared on 2025-11-01: the export is a 2025 revision whose Chapter 99 text may predate later
    changes (it still prints 20% for 9903.01.24, reduced to 10% from 2025-11-10).
    """
    _, reference = shared_reference
    revision, _ = revision_in_force(reference, date(2025, 11, 1))
    schedule = Schedule(reference, revision)
    checked = 0
    for m in measures():
        if m.rate is None or not m.in_force(date(2025, 11, 1)) or "x" in m.heading or "/" in m.heading:
            continue
        line = schedule.line(m.heading.replace(".", ""))
        if line is None or not line.get("general"):
            continue
        expression = parse_rate(line["general"])
        if isinstance(expression, Reference) and isinstance(expression.plus, AdValorem):
            assert expression.plus.percent == m.rate, (m.measure_id, line["general"])
            checked += 1
    assert checked >= 8
