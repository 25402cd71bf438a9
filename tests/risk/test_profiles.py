"""Risk profiles: the condition grammar, evaluate/mask agreement, the loader's errors, dates and reasons."""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clearance.risk
from clearance.errors import ClearanceError
from clearance.risk.profiles import (
    FIELD_KINDS,
    LANES,
    Condition,
    ProfileError,
    ProfileSet,
    RiskProfile,
    load_profiles,
    parse_condition,
)

ROW = {"hs6": "610910", "hs_chapter": "61", "hs_code": "0101210000", "origin_country": "CN",
       "departure_country": "VN", "unit_price_z": -3.0, "item_price": 1500.0, "tax_rate": 8.0,
       "first_time_importer": True, "first_time_seller": False, "transshipment": True,
       "findings": frozenset({"SCREEN.MATCH", "DOC.XDOC.VALUE"})}


def holds(text: str, values: Mapping[str, object] = ROW) -> bool:
    return parse_condition(text).evaluate(values)


# --- grammar -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("unit_price_z = -3", True), ("unit_price_z != -3", False), ("unit_price_z < -2.5", True),
    ("unit_price_z <= -3.0", True), ("unit_price_z > -3", False), ("unit_price_z >= -3", True),
    ("item_price >= 1.5e3", True), ("item_price > +1500", False), ("tax_rate in [0, 8]", True),
    ("tax_rate not in [0, 8]", False), ("origin_country = CN", True), ("origin_country != CN", False),
    ("origin_country in [VN, BD]", False), ("origin_country not in [VN, BD]", True),
    ('origin_country = "CN"', True), ("origin_country = 'CN'", True), ("origin_country = cn", False),
    ("hs_chapter = 61", True), ("hs_chapter in [61, 62, 63, 64]", True), ("hs6 = 610910", True),
    ("hs_code = 0101210000", True), ("hs_code = 101210000", False),
    ("first_time_importer = true", True), ("first_time_importer = false", False),
    ("first_time_seller != true", True), ("transshipment = TRUE", True),
    ("findings has SCREEN.MATCH", True), ('findings has "SCREEN.*"', True), ("findings has 'DOC.*'", True),
    ("findings has 'DOC.XDOC'", False), ("findings has DOC.*", True), ("findings has DG.FORBIDDEN", False),
    ("findings has '*'", True), ("findings has *", True),
    ("findings has 'DG.*'", False), ("hs6 is present", True), ("hs6 is missing", False),
    ("seller_id is missing", True), ("seller_id is present", False), ("findings is present", True),
])
def test_every_operator(text: str, expected: bool) -> None:
    assert holds(text) is expected


def test_keywords_are_case_insensitive() -> None:
    text = "HS_Chapter IN [61] AnD NOT (Origin_Country Not In [CN]) oR findings HAS 'X' And hs6 IS Missing"
    assert holds(text)
    assert holds("first_time_importer = True and transshipment = tRUE")


def test_codes_that_look_like_keywords_are_values() -> None:
    # IN (India), NO (Norway), IS (Iceland) are country codes in a value position.
    assert parse_condition("origin_country in [IN, NO, IS]").evaluate({"origin_country": "IS"})
    assert parse_condition("origin_country = IN").evaluate({"origin_country": "IN"})
    assert parse_condition("hs_code = 8471.30.00").evaluate({"hs_code": "8471.30.00"})
    assert parse_condition("hs6 = 61A").evaluate({"hs6": "61A"})
    assert parse_condition('hs6 = "a \\"quoted\\" b"').evaluate({"hs6": 'a "quoted" b'})


def test_precedence_and_parentheses() -> None:
    one, two = {"hs6": "1"}, {"hs6": "2"}
    assert holds("hs6 = 1 or hs6 = 2 and hs6 = 3", one)  # and binds tighter: 1 or (2 and 3)
    assert not holds("(hs6 = 1 or hs6 = 2) and hs6 = 3", one)
    assert holds("not hs6 = 1 and hs6 = 2", two)  # (not 1) and 2
    assert not holds("not (hs6 = 2 and hs6 = 2)", two)
    assert holds("not not hs6 = 2", two)
    tree = parse_condition("hs6 = 1 or hs6 = 2 and not hs6 = 3")
    assert tree.op == "or" and tree.parts[1].op == "and" and tree.parts[1].parts[1].op == "not"


def test_fields() -> None:
    condition = parse_condition("(hs6 = 1 or tax_rate > 2) and not findings has X and hs6 is present")
    assert condition.fields == {"hs6", "tax_rate", "findings"}


@pytest.mark.parametrize(("text", "position", "expected"), [
    ("unit_price_z <== 3", 15, "expected a code, a number, a quoted string"),
    ("hs6 = 1 and", 11, "found the end"),
    ("(hs6 = 1", 8, "expected ')'"),
    ("hs6 in []", 8, "found ']'"),
    ("hs6 equals 1", 4, "expected 'has', 'in', 'is', 'not', an operator"),
    ("hs6 = 1 hs6 = 2", 8, "expected 'and', 'or', the end"),
    ("hs6 in [1 2]", 10, "expected ',', ']'"),
    ("hs6 = 61*", 6, "'*' is a wildcard only after 'has'"),
    ("hs6 = 1 & tax_rate > 2", 8, "cannot read condition"),
    ("tax_rate > 3 3", 13, "cannot read condition"),
])
def test_syntax_errors_say_where_and_what(text: str, position: int, expected: str) -> None:
    with pytest.raises(ProfileError, match=f"at position {position} of") as error:
        parse_condition(text)
    assert expected in str(error.value)


def test_empty_condition() -> None:
    with pytest.raises(ProfileError, match="empty condition"):
        parse_condition("  ")


def test_unknown_field_names_it_and_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError) as error:
        parse_condition("hs6 = 1 and orgin_country = CN")
    message = str(error.value)
    assert "unknown field 'orgin_country' at position 12" in message
    assert "did you mean 'origin_country'?" in message
    assert all(name in message for name in FIELD_KINDS)


# Ordering on a string field is refused, with or without a number literal: codes have no order
# the desk could rely on ("9" > "10" as text), so the grammar asks for `in` instead.
@pytest.mark.parametrize(("text", "expected"), [
    ("findings > 3", "findings is a set field: use 'has'"),
    ("findings = SCREEN.MATCH", "findings is a set field: use 'has'"),
    ("findings in [A, B]", "findings is a set field: use 'has'"),
    ("findings has 3", "'has' takes a rule id"),
    ("findings has 'A*B'", "'*' is only allowed at the end"),
    ("hs6 has X", "'has' takes the set field findings"),
    ('hs_chapter > "x"', "'>' compares numbers; hs_chapter is a string field"),
    ("hs_chapter >= 61", "'>=' compares numbers"),
    ("tax_rate = abc", "tax_rate is a number field: expected a number, found 'abc'"),
    ('tax_rate = "8"', "tax_rate is a number field"),
    ("tax_rate in [1, x]", "tax_rate is a number field"),
    ("tax_rate = true", "tax_rate is a number field"),
    ("first_time_importer = yes", "first_time_importer is a boolean field: expected true or false"),
    ("first_time_importer = 1", "expected true or false"),
    ("first_time_importer > false", "use = true / = false"),
    ("transshipment in [true]", "use = true / = false"),
    ("hs6 = true", "hs6 is a string field: expected a code or quoted string"),
    ("hs6 = ''", "write 'hs6 is missing'"),
])
def test_type_errors_at_parse_time(text: str, expected: str) -> None:
    with pytest.raises(ProfileError, match=re.escape(expected)):
        parse_condition(text)


def test_profile_error_is_a_value_error_and_a_clearance_error() -> None:
    assert issubclass(ProfileError, ValueError) and issubclass(ProfileError, ClearanceError)


# --- missing values -----------------------------------------------------------------------------

@pytest.mark.parametrize("missing", [None, math.nan, "", "absent"])
@pytest.mark.parametrize("text", [
    "origin_country = CN", "origin_country != CN", "origin_country in [CN]", "origin_country not in [CN]",
    "tax_rate = 8", "tax_rate != 8", "tax_rate < 8", "tax_rate >= 8", "tax_rate not in [1]",
    "first_time_importer = true", "first_time_importer != true", "first_time_importer = false",
    "findings has X", "findings has '*'", "origin_country is present",
])
def test_missing_satisfies_no_test(text: str, missing: object) -> None:
    field = parse_condition(text).fields
    (name,) = field
    if missing == "" and FIELD_KINDS[name] != "string":
        missing = None
    values = {} if missing == "absent" else {name: missing}
    assert not parse_condition(text).evaluate(values)
    assert parse_condition(f"{name} is missing").evaluate(values)
    assert parse_condition(f"not ({text})").evaluate(values)  # not negates the whole clause
    column = np.array([None if missing == "absent" else missing], dtype=object)
    assert not parse_condition(text).mask({name: column})[0]
    assert parse_condition(f"{name} is missing").mask({name: column})[0]


def test_empty_findings_are_present_but_have_nothing() -> None:
    assert holds("findings is present and not findings has '*'", {"findings": frozenset()})


def test_mask_needs_every_column_of_the_same_length() -> None:
    condition = parse_condition("hs6 = 1 and tax_rate > 2")
    with pytest.raises(KeyError, match="tax_rate"):
        condition.mask({"hs6": np.array(["1"])})
    with pytest.raises(ValueError, match="rows"):
        condition.mask({"hs6": np.array(["1"]), "tax_rate": np.array([1.0, 2.0])})


# --- evaluate == mask ---------------------------------------------------------------------------

STRINGS = ["CN", "VN", "61", "0101", "a b", "IN"]
NUMBERS = [-3.5, 0.0, 1.0, 2.5, 1e7]
FINDINGS = ["SCREEN.MATCH", "SCREEN.POSSIBLE_MATCH", "DOC.XDOC.VALUE", "DG.FORBIDDEN"]
PATTERNS = ["SCREEN.MATCH", "SCREEN.*", "DOC.*", "DG.FORBIDDEN", "*", "EXPORT.NLR"]
FIELD_NAMES = sorted(FIELD_KINDS)


def _string_literal(draw: st.DrawFn, value: str) -> str:
    if " " in value or draw(st.booleans()):
        return draw(st.sampled_from([f'"{value}"', f"'{value}'"]))
    return value


@st.composite
def clauses(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(FIELD_NAMES))
    kind = FIELD_KINDS[name]
    if draw(st.integers(0, 9)) == 0:
        return f"{name} is {draw(st.sampled_from(['missing', 'present', 'MISSING']))}"
    if kind == "set":
        return f"{name} has {_string_literal(draw, draw(st.sampled_from(PATTERNS)))}"
    if kind == "boolean":
        return f"{name} {draw(st.sampled_from(['=', '!=']))} {draw(st.sampled_from(['true', 'false', 'TRUE']))}"

    def literal() -> str:
        if kind == "number":
            return repr(draw(st.sampled_from(NUMBERS)))
        return _string_literal(draw, draw(st.sampled_from(STRINGS)))

    op = draw(st.sampled_from(["=", "!=", "in", "not in"] + (["<", "<=", ">", ">="] if kind == "number" else [])))
    if op in ("in", "not in"):
        return f"{name} {op} [{', '.join(literal() for _ in range(draw(st.integers(1, 3))))}]"
    return f"{name} {op} {literal()}"


conditions = st.recursive(clauses(), lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from(["and", "or", "AND", "Or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
    st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    inner.map(lambda c: f"not ({c})"),
), max_leaves=6)

VALUES = {
    "string": st.sampled_from([*STRINGS, None, math.nan, ""]),
    "number": st.one_of(st.sampled_from([*NUMBERS, None, math.nan]), st.floats(-1e8, 1e8)),
    "boolean": st.sampled_from([True, False, None, math.nan, 0.0, 1.0]),
    "set": st.one_of(st.none(), st.frozensets(st.sampled_from(FINDINGS), max_size=3)),
}


def _column(kind: str, values: list[object], plain: bool) -> np.ndarray:
    """A batch column in one of the layouts mask() accepts."""
    missing = [v is None or (isinstance(v, float) and math.isnan(v)) or v == "" for v in values]
    if kind == "string" and plain:
        return np.array(["" if gone else v for v, gone in zip(values, missing, strict=True)], dtype=str)
    if kind == "number" or (kind == "boolean" and not (plain and not any(missing) and
                                                      all(isinstance(v, bool) for v in values))):
        return np.array([math.nan if v is None else v for v in values], dtype=float)
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column.astype(bool) if kind == "boolean" else column


@settings(max_examples=300, deadline=None)
@given(text=conditions, data=st.data())
def test_evaluate_agrees_with_mask(text: str, data: st.DataObject) -> None:
    condition = parse_condition(text)
    size = data.draw(st.integers(1, 6))
    rows = [{name: data.draw(VALUES[FIELD_KINDS[name]]) for name in sorted(condition.fields)} for _ in range(size)]
    plain = data.draw(st.booleans())
    columns = {name: _column(FIELD_KINDS[name], [row[name] for row in rows], plain) for name in condition.fields}
    absent = data.draw(st.booleans())  # evaluate() reads an absent key as missing
    singles = [{k: v for k, v in row.items() if not (absent and v is None)} for row in rows]
    assert condition.mask(columns).tolist() == [condition.evaluate(row) for row in singles]


# --- loader -------------------------------------------------------------------------------------

HEADER = "id,condition,weight,reason,valid_from,valid_to,lane,source\n"
GOOD = "RP-GOOD-01,hs6 = 610910,0.5,Knitted shirts {hs6},,,,test\n"


def _file(tmp_path: Path, body: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "profiles.csv"
    path.write_text(header + body, encoding=encoding)
    return path


def test_default_profiles_load_and_parse() -> None:
    profiles = load_profiles()
    assert len(profiles) == 17 and not profiles.warnings  # the packaged set: change with the CSV
    assert len({p.id for p in profiles}) == len(profiles)
    for profile in profiles:
        assert parse_condition(profile.condition_text) == profile.condition
        assert 0 < profile.weight <= 1 and profile.lane in (None, *LANES) and profile.source
        assert "{" not in profile.explain({}) and "}" not in profile.explain({})
    assert profiles.fields <= set(FIELD_KINDS)
    assert load_profiles() is load_profiles()  # read once


def test_default_findings_profiles_name_rule_ids_that_exist() -> None:
    # Imported here: the catalogue imports every engine, which only this test needs.
    from clearance.rules_catalogue import all_rules

    ids = {rule.id for _, rule in all_rules()}

    def patterns(condition: Condition) -> list[str]:
        own = [str(condition.operand)] if condition.op == "has" else []
        return own + [p for part in condition.parts for p in patterns(part)]

    for profile in load_profiles():
        for pattern in patterns(profile.condition):
            assert any(i == pattern or (pattern.endswith("*") and i.startswith(pattern[:-1])) for i in ids), \
                (profile.id, pattern)


@pytest.mark.parametrize(("values", "expected"), [
    ({"unit_price_z": -4.0}, {"RP-UNDERVALUE-01"}),
    ({"unit_price_z": -3.0}, {"RP-UNDERVALUE-02"}),
    ({"unit_price_z": -3.5}, {"RP-UNDERVALUE-01"}),
    ({"unit_price_z": math.nan, "value_per_kg_z": -5.0}, {"RP-VALUE-PER-KG-01"}),
    ({"first_time_importer": True, "item_price": 2e7}, {"RP-NEW-IMPORTER-01"}),
    ({"transshipment": True, "hs_chapter": "72"}, {"RP-TRANSSHIP-01"}),
    ({"hs_chapter": "61", "origin_country": "BD"}, {"RP-TEXTILE-ORIGIN-01"}),
    ({"item_price": 0}, {"RP-ZERO-VALUE-01"}),
    ({"findings": frozenset({"SCREEN.MATCH", "DOC.XDOC.VALUE"})}, {"RP-SCREEN-01", "RP-DOCS-01"}),
    ({"findings": frozenset({"SCREEN.SUPPRESSED", "DG.SP.APPLIED", "EXPORT.NLR"})}, set()),
    ({"hs_chapter": "39"}, set()),
    ({}, set()),
])
def test_default_profiles_on_declarations(values: dict[str, object], expected: set[str]) -> None:
    assert {p.id for p in load_profiles().hits(values, date(2024, 5, 1))} == expected


def test_user_file_with_bom_blank_lines_and_extra_column(tmp_path: Path) -> None:
    path = _file(tmp_path, "RP-GOOD-01,hs6 = 610910,0.5,Shirts,,,,test,note\n\n",
                 header=HEADER.strip() + ",notes\n", encoding="utf-8-sig")
    profiles = load_profiles(path)
    assert [p.id for p in profiles] == ["RP-GOOD-01"]
    assert profiles.warnings == (f"{path}: column 'notes' is not used",)


def test_copy_of_the_default_file_loads_the_same(tmp_path: Path) -> None:
    shutil.copy(Path(clearance.risk.__file__).parent / "data" / "risk_profiles.csv", tmp_path / "copy.csv")
    assert load_profiles(tmp_path / "copy.csv").profiles == load_profiles().profiles


@pytest.mark.parametrize(("row", "column", "expected"), [
    ("RP-B,hs6 = 1,heavy,R,,,,s", "weight", "weight must be a number in (0, 1], got 'heavy'"),
    ("RP-B,hs6 = 1,0,R,,,,s", "weight", "weight must be a number in (0, 1]"),
    ("RP-B,hs6 = 1,1.5,R,,,,s", "weight", "got 1.5"),
    ("RP-B,hs6 = 1,nan,R,,,,s", "weight", "weight must be"),
    ("RP-GOOD-01,hs6 = 1,0.2,R,,,,s", "id", "duplicate id 'RP-GOOD-01' (first on line 2)"),
    ("RP B,hs6 = 1,0.2,R,,,,s", "id", "bad id 'RP B'"),
    (",hs6 = 1,0.2,R,,,,s", "id", "bad id ''"),
    ("RP-B,hs6 = 1,0.2,R,,,green,s", "lane", "unknown lane 'green' (one of red, yellow, blue or empty)"),
    ("RP-B,hs6 = 1,0.2,R,2021-07-01,2021-06-30,,s", "valid_from", "valid_from 2021-07-01 is after valid_to"),
    ("RP-B,hs6 = 1,0.2,R,2021-13-01,,,s", "valid_from", "not an ISO date"),
    ("RP-B,hs6 = 1,0.2,R,,30/06/2021,,s", "valid_to", "not an ISO date"),
    ("RP-B,hs6 = 1,0.2,Price {price},,,,s", "reason", "unknown placeholder {price}"),
    ("RP-B,hs6 = 1,0.2,Price {item_price:.2q},,,,s", "reason", "Unknown format code 'q'"),
    ("RP-B,hs6 = 1,0.2,Price {item_price!r},,,,s", "reason", "conversion '!r' is not supported"),
    ("RP-B,hs6 = 1,0.2,,,,,s", "reason", "empty reason"),
    ("RP-B,orgin_country = CN,0.2,R,,,,s", "condition", "unknown field 'orgin_country'"),
    ("RP-B,hs6 = = 1,0.2,R,,,,s", "condition", "cannot read condition"),
    ("RP-B,,0.2,R,,,,s", "condition", "empty condition"),
    ("RP-B,findings > 3,0.2,R,,,,s", "condition", "findings is a set field"),
])
def test_bad_rows_name_file_line_and_column(tmp_path: Path, row: str, column: str, expected: str) -> None:
    path = _file(tmp_path, GOOD + row + "\n")
    with pytest.raises(ProfileError) as error:
        load_profiles(path)
    assert (error.value.line, error.value.column) == (3, column)
    assert str(error.value).startswith(f"{path} line 3, {column}: ")
    assert expected in str(error.value)


def test_missing_column(tmp_path: Path) -> None:
    path = _file(tmp_path, "RP-A,hs6 = 1,0.2,R,,,s\n", header="id,condition,weight,reason,valid_from,valid_to,source\n")
    with pytest.raises(ProfileError, match=r"line 1: missing column\(s\) lane"):
        load_profiles(path)


def test_line_numbers_count_blank_lines_and_multiline_cells(tmp_path: Path) -> None:
    body = GOOD + '\nRP-C,hs6 = 2,0.2,"two\nlines",,,,s\n\nRP-D,hs6 = 3,2,R,,,,s\n'
    with pytest.raises(ProfileError, match="line 7, weight"):
        load_profiles(_file(tmp_path, body))


def test_too_many_cells_and_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="line 2: more cells than the 8 columns"):
        load_profiles(_file(tmp_path, "RP-A,hs6 = 1,0.2,R,,,,s,extra\n"))
    with pytest.raises(ProfileError, match="cannot read the file"):
        load_profiles(tmp_path / "nowhere.csv")


def test_programmatic_profiles_are_checked_too() -> None:
    condition = parse_condition("hs6 = 1")
    with pytest.raises(ProfileError, match="weight"):
        RiskProfile("RP-A", condition, "hs6 = 1", 0.0, "R")
    profile = RiskProfile("RP-A", condition, "hs6 = 1", 0.5, "R")
    with pytest.raises(ProfileError, match="duplicate profile ids: \\['RP-A'\\]"):
        ProfileSet((profile, profile))


# --- dates and reasons --------------------------------------------------------------------------

def test_dated_profile_in_force_inclusive() -> None:
    profiles = load_profiles()
    campaign = next(p for p in profiles if p.id == "RP-CAMPAIGN-PLASTICS-2021")
    assert (campaign.valid_from, campaign.valid_to) == (date(2021, 1, 1), date(2021, 6, 30))
    assert [campaign.in_force(d) for d in (date(2020, 12, 31), date(2021, 1, 1), date(2021, 6, 30),
                                           date(2021, 7, 1))] == [False, True, True, False]
    assert len(profiles.active(date(2021, 3, 1))) == len(profiles)
    assert campaign not in profiles.active(date(2022, 1, 1)).profiles
    plastics = {"hs_chapter": "39"}
    assert campaign in profiles.hits(plastics, date(2021, 3, 1)) and not profiles.hits(plastics, date(2021, 7, 1))
    open_ended = RiskProfile("RP-A", parse_condition("hs6 = 1"), "hs6 = 1", 0.5, "R", valid_from=date(2024, 1, 1))
    assert not open_ended.in_force(date(2023, 12, 31)) and open_ended.in_force(date(9999, 12, 31))


def test_masks_follow_the_date_and_agree_with_hits() -> None:
    profiles = load_profiles()
    columns = {"hs_chapter": np.array(["39", "61", ""]), "origin_country": np.array(["CN", "CN", "CN"]),
               "item_price": np.array([5.0, 0.0, math.nan]), "unit_price_z": np.array([math.nan, -4.0, -3.0]),
               "value_per_kg_z": np.full(3, math.nan), "first_time_importer": np.array([True, False, False]),
               "first_time_seller": np.array([True, False, False]), "transshipment": np.zeros(3, dtype=bool),
               "findings": np.array([frozenset(), frozenset({"DG.FORBIDDEN"}), None], dtype=object)}
    for as_of in (date(2021, 3, 1), date(2021, 7, 1)):
        masks = profiles.masks(columns, as_of)
        assert [p for p, _ in masks] == list(profiles.active(as_of))
        for i in range(3):
            row = {name: column[i] for name, column in columns.items()}
            assert [p for p, m in masks if m[i]] == profiles.hits(row, as_of)
    assert {p.id for p, m in profiles.masks(columns, date(2021, 3, 1)) if m[0]} == {
        "RP-NEW-PARTIES-01", "RP-CAMPAIGN-PLASTICS-2021"}


def test_explain_formats_numbers_and_says_unknown() -> None:
    reason = ("{item_price:,.2f} / {unit_price_ratio:.2f}x / {tax_rate} / {unit_price} / {hs6:>10} / "
              "{first_time_importer} / {findings} / {{literal}} / {seller_id}")
    profile = RiskProfile("RP-A", parse_condition("hs6 is present"), "hs6 is present", 0.5, reason)
    values = {"item_price": 1234567.891, "unit_price_ratio": 0.12345, "tax_rate": 8.0, "unit_price": 0.125,
              "hs6": "610910", "first_time_importer": True, "findings": frozenset({"B.X", "A.Y"})}
    assert profile.explain(values) == "1,234,567.89 / 0.12x / 8 / 0.125 / 610910 / yes / A.Y, B.X / {literal} / unknown"
    assert profile.explain({"item_price": math.nan, "findings": frozenset(), "first_time_importer": 0.0}) == (
        "unknown / unknownx / unknown / unknown / unknown / no / none / {literal} / unknown")


def test_a_batch_the_size_of_a_day_runs_vectorised() -> None:
    """Not timed: the default set over 20,000 rows gives one mask per profile in force."""
    rng = np.random.default_rng(7)
    size, profiles = 20_000, load_profiles()
    columns: dict[str, np.ndarray] = {}
    for name in profiles.fields:
        kind = FIELD_KINDS[name]
        if kind == "number":
            columns[name] = np.where(rng.random(size) < 0.1, math.nan, rng.normal(0, 3, size))
        elif kind == "string":
            columns[name] = rng.choice(np.array(["CN", "VN", "61", "72", "39", ""]), size)
        elif kind == "boolean":
            columns[name] = rng.random(size) < 0.2
        else:
            columns[name] = np.empty(size, dtype=object)
            columns[name][:] = [frozenset({"SCREEN.MATCH"}) if x < 0.01 else frozenset() for x in rng.random(size)]
    masks = profiles.masks(columns, date(2021, 3, 1))
    assert len(masks) == len(profiles) and all(m.shape == (size,) and m.dtype == bool for _, m in masks)
    screen = {p.id: m for p, m in masks}["RP-SCREEN-01"]
    assert screen.sum() == sum(bool(s) for s in columns["findings"])
