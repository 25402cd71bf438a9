"""The cached path (line plans and prepared rates kept by DutyTables) gives what a fresh computation gives.

The reference builds every line's plan afresh. One DutyTables serves every example, so its caches
fill with plans for many different lines; each entry is also computed with tables whose plan cache
holds two plans (eviction on almost every line). The lines of an entry are variations of one line,
so a plan keyed on too little of the line, or a cached value that depends on something outside its
key, makes the results disagree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearance.duty.calculate import DutyEntryInput, DutyLineInput, EntryDuty, calculate
from clearance.duty.rate_eval import ManualComputation, PreparedRate, evaluate
from clearance.duty.rate_text import parse_rate
from clearance.duty.summary import summarise
from clearance.duty.tables import BoundedCache, DutyTables
from clearance.model import EntryFiling, Quantity, TransportMode
from clearance.refdata import ReferenceData

DATES = [date(2024, 6, 1), date(2025, 6, 2), date(2026, 3, 15), date(2026, 8, 15)]
CODES = ["0101300000", "0102294054", "0406103800", "1701914800", "2204215040", "7326908688", "8414513000",
         "8544429010", "8544429090", "9403608081", "0101999999", None]
RATE_TEXTS = [None, "6.8%", "Free", "25.5¢/kg + 4.4%", "$1.055/kg", "5% but not less than 1¢/kg", "See 9903.88.01",
              "not a rate", "89.6¢/1000", "10% on the case"]
HEADINGS = ["99038801", "99038803", "99038815", "99030125", "99030101", "99038502", "99030301", "99990000"]

quantities = st.lists(st.tuples(st.integers(0, 50_000), st.sampled_from(["KGM", "NAR", "LTR", "DZN", "LBR"])),
                      max_size=2).map(lambda qs: tuple(Quantity(value=Decimal(v), unit=u) for v, u in qs))
money = st.decimals(min_value=0, max_value=500_000, places=2)
lines = st.builds(
    lambda value, origin, hts, rate_text, rate_column, spi, qs, chapter99, metal, tier, adcvd: DutyLineInput(
        0, value, origin, hts=hts, rate_text=rate_text, rate_column=rate_column, spi=spi, quantities=qs,
        chapter99=chapter99, metal_content_usd=metal, section232_tier=tier, adcvd_case=adcvd[0], adcvd_rate=adcvd[1]),
    money, st.sampled_from(["CN", "MX", "RU", "AU", "KR", "JO", "DE", "CA", "KH", None]), st.sampled_from(CODES),
    st.sampled_from(RATE_TEXTS), st.sampled_from([None, None, "general", "special", "column2"]),
    st.sampled_from([None, None, "S", "AU", "KR", "JO", "A+", "A", "XX"]), quantities,
    st.lists(st.sampled_from(HEADINGS), max_size=2, unique=True).map(tuple),
    st.one_of(st.none(), money), st.sampled_from([None, Decimal(25), Decimal(50)]),
    st.sampled_from([(None, None), ("A-570-890", Decimal("216.01")), ("A-570-890", None)]))


@st.composite
def entries(draw: st.DrawFn) -> DutyEntryInput:
    """An entry whose lines are variations of one line: each field from the first line or another.

    Lines that differ in one field are what a plan key missing that field would confuse."""
    base = draw(lines)
    others = draw(st.lists(lines, max_size=5))
    mixed = [base] + [DutyLineInput(**{name: getattr(draw(st.sampled_from([base, other])), name)
                                       for name in FIELDS}) for other in others]
    numbered = tuple(DutyLineInput(**{**_fields(ln), "number": n + 1}) for n, ln in enumerate(draw(st.permutations(mixed))))
    return DutyEntryInput(draw(st.sampled_from(DATES)), draw(st.sampled_from(list(TransportMode))), numbered,
                          entry_type=draw(st.sampled_from([None, "01", "11", "03", "86"])),
                          filing=draw(st.sampled_from(list(EntryFiling))))


FIELDS = tuple(DutyLineInput.__dataclass_fields__)


class NoCache(BoundedCache[Any, Any]):
    """Keeps nothing: every line's plan is built afresh (the reference computation)."""

    def put(self, key: Any, value: Any) -> Any:
        return value


def _fields(line: DutyLineInput) -> dict[str, Any]:
    return {name: getattr(line, name) for name in FIELDS}


def _everything(result: EntryDuty) -> dict[str, Any]:
    return {"summary": summarise(result), "findings": [f.model_dump(mode="json") for f in result.findings]}


AS_OF = date(2026, 3, 15)  # the tables' date; the entries' dates vary (the fixture has one HTS revision)


@pytest.fixture(scope="module")
def shared_tables(duty_ref: ReferenceData) -> DutyTables:
    """One DutyTables for the whole module: its caches outlive every example and serve every entry date."""
    return DutyTables(duty_ref, AS_OF)


@given(entry=entries())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cached_plans_give_the_fresh_result(duty_ref: ReferenceData, shared_tables: DutyTables,
                                            entry: DutyEntryInput) -> None:
    uncached = DutyTables(duty_ref, AS_OF)
    uncached.plans = NoCache(1)
    fresh = _everything(calculate(entry, uncached))
    tiny = DutyTables(duty_ref, AS_OF)
    tiny.plans = BoundedCache(2)
    assert _everything(calculate(entry, shared_tables)) == fresh
    assert _everything(calculate(entry, shared_tables)) == fresh  # every plan now cached
    assert _everything(calculate(entry, tiny)) == fresh
    assert len(tiny.plans) <= 2


def test_a_warm_cache_serves_other_lines_with_the_same_key(duty_ref: ReferenceData) -> None:
    on = date(2026, 3, 15)
    tables = DutyTables(duty_ref, on)
    first = DutyEntryInput(on, TransportMode.OCEAN, (DutyLineInput(1, Decimal("1000.00"), "CN", hts="8544429010"),))
    again = DutyEntryInput(on, TransportMode.OCEAN, (DutyLineInput(7, Decimal("2500.50"), "CN", hts="8544429010"),))
    calculate(first, tables)
    assert len(tables.plans) == 1
    cached = calculate(again, tables)
    assert len(tables.plans) == 1
    assert _everything(cached) == _everything(calculate(again, DutyTables(duty_ref, on)))


def test_bounded_cache_drops_the_oldest_entry() -> None:
    cache: BoundedCache[str, int] = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 3)  # a key already held is replaced in place, nothing dropped
    assert dict(cache) == {"a": 3, "b": 2}
    cache.put("c", 4)  # first in, first out: "a" goes
    assert dict(cache) == {"b": 2, "c": 4}
    with pytest.raises(ValueError):
        BoundedCache(0)


RATES = ["6.8%", "Free", "Free, under bond", "33 1/3%", "25.5¢/kg + 4.4%", "$1.055/kg", "5% but not less than 1¢/kg",
         "25% but not more than 10¢/kg", "2.5% on the entire set", "10% on the case", "89.6¢/1000", "See 9903.88.01"]


@given(text=st.sampled_from(RATES), value=money, qs=quantities)
@settings(max_examples=300, deadline=None)
def test_prepared_parts_are_the_evaluated_components(text: str, value: Decimal, qs: tuple[Quantity, ...]) -> None:
    prepared = PreparedRate(parse_rate(text))
    try:
        expected = evaluate(parse_rate(text), value, qs)
    except ManualComputation as exc:  # the same refusal, with the same reason
        with pytest.raises(type(exc)) as raised:
            prepared.parts(value, qs)
        assert str(raised.value) == str(exc)
        return
    assert prepared.evaluate(value, qs) == expected
    assert prepared.parts(value, qs) == tuple((c.rate_text, c.base, c.base_unit, c.amount) for c in expected.components)
