"""ECCN grammar (15 CFR 738.2(d)): property-based round trips and the errors people make."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearance.export_control.eccn import EAR99, EccnError, parse_eccn

_REGIME = st.sampled_from("0123569")
_PARAGRAPH = st.lists(st.from_regex(r"[a-z]|[0-9]{1,2}", fullmatch=True), max_size=4)


@given(st.sampled_from("0123456789"), st.sampled_from("ABCDE"), _REGIME, st.integers(0, 99), _PARAGRAPH,
       st.booleans())
def test_any_wellformed_eccn_parses_and_round_trips(category, group, regime, tail, paragraph, lower):
    code = f"{category}{group}{regime}{tail:02d}"
    text = code + "".join(f".{p}" for p in paragraph)
    parsed = parse_eccn(text.lower() if lower else text)
    assert parsed.code == code and parsed.paragraph == ".".join(paragraph)
    assert parse_eccn(parsed.full) == parsed
    assert parsed.category == category and parsed.product_group == group and parsed.regime_digit == regime


@given(st.text(max_size=12))
def test_arbitrary_text_either_parses_or_raises_eccn_error(text):
    try:
        parsed = parse_eccn(text)
    except EccnError as exc:
        assert str(exc)
    else:
        assert parsed.is_ear99 or len(parsed.code) == 5


@pytest.mark.parametrize(("text", "message"), [
    ("", "no ECCN given"), ("3A0001", "is not an ECCN"), ("3F001", "is not an ECCN"), ("A3001", "is not an ECCN"),
    ("3A401", "reason-for-control digit"), ("3A001..b", "is not an ECCN"),
])
def test_malformed_eccns_say_why(text, message):
    with pytest.raises(EccnError, match=message):
        parse_eccn(text)


def test_series_and_kinds():
    assert parse_eccn("ear99").is_ear99 and str(parse_eccn(" EAR99 ")) == EAR99
    assert parse_eccn("9A610.y.1").is_600_series and parse_eccn("9a610.Y.1").paragraph == "y.1"
    assert parse_eccn("9A515.e").is_9x515 and not parse_eccn("1A515").is_9x515
    assert parse_eccn("0A501").is_0x5zz and not parse_eccn("0A521").is_0x5zz
    assert parse_eccn("5A002").is_information_security and not parse_eccn("5A001").is_information_security
    described = parse_eccn("3A001.b.2").describe()
    assert described["category"].startswith("3: Electronics") and described["regime"].startswith("0: National")
