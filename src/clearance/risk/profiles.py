"""Customs risk profiles (selectivity rules) kept as dated, desk-editable CSV data.

A risk desk writes profiles: a condition over declaration fields, a weight, a reason for the
officer and the dates it is in force. ``data/risk_profiles.csv`` ships the default set; a desk
loads its own file with ``load_profiles(path)``. One row per profile, columns:

- ``id``: stable, unique id (``RP-UNDERVALUE-01``); letters, digits, ``.``, ``_``, ``-``.
- ``condition``: an expression in the grammar below.
- ``weight``: the risk the hit contributes, a number in (0, 1] (callers combine hits as a noisy-OR).
- ``reason``: plain text for the officer; ``{field}`` or ``{field:.2f}`` placeholders take the
  declaration's values (a missing value reads "unknown"; a format spec applies to numbers only;
  ``{{`` and ``}}`` are literal braces).
- ``valid_from``, ``valid_to``: ISO dates, inclusive, empty for open-ended.
- ``lane``: empty, or the minimum lane a hit forces: ``red`` (physical examination), ``yellow``
  (documentary check) or ``blue`` (post-clearance audit).
- ``source``: who wrote the profile and why.

A bad row raises ``ProfileError`` naming the file, line and column ("risk_profiles.csv line 4,
condition: unknown field 'orgin_country' ..."); a column the loader does not know is reported in
``ProfileSet.warnings``.

Conditions (keywords are case-insensitive; field names are read in lower case)::

    condition := term ("or" term)*             "and" binds tighter than "or"
    term      := factor ("and" factor)*
    factor    := "not" factor | "(" condition ")" | clause
    clause    := FIELD OP value | FIELD "in" list | FIELD "not in" list
               | FIELD "has" value | FIELD "is missing" | FIELD "is present"
    OP        := "=" | "!=" | "<" | "<=" | ">" | ">="
    list      := "[" value ("," value)* "]"
    value     := number | "double" or 'single'-quoted string | true | false | bare code (CN, 6109, DG.FORBIDDEN)

Example: ``unit_price_z <= -3.5 and hs_chapter in [61, 62] and findings has "DOC.XDOC.*"``.
In the CSV file a cell holding double quotes is itself quoted with its quotes doubled, as
spreadsheets write it; single quotes (``findings has 'SCREEN.MATCH'``) or a bare id avoid that.

Fields (``FIELD_KINDS``; any other name is an error at load, naming the known ones):

- strings: declaration_id, office_id, process_type, import_type, import_use, payment_type,
  transport_mode, declarant_id, importer_id, seller_id, courier_id, hs_code, hs6, hs_heading,
  hs_chapter, departure_country, origin_country, tax_type, origin_indicator
- numbers: tax_rate, net_mass_kg, item_price, unit_price, unit_price_z, unit_price_ratio,
  value_per_kg_z, importer_declarations, seller_declarations, declarant_declarations, model_score
- booleans: first_time_importer, first_time_seller, transshipment (departure country differs
  from origin country)
- set of rule ids: findings (what the other engines raised on the shipment, ``SCREEN.MATCH``...)

What a clause may do with them (checked when the condition is parsed):

- string fields compare as exact text with ``=``, ``!=``, ``in``, ``not in``; a number or bare code
  is taken as its text as written (``hs_chapter = 61`` means "61", ``hs_code = 0101210000`` keeps
  its zero; codes are case-sensitive). Ordering (``<``, ``>``...) on a string field is an error:
  use ``in``.
- number fields take every operator with number values only.
- boolean fields take ``= true``, ``= false`` and ``!=``.
- ``findings`` takes only ``has``: ``findings has "SCREEN.MATCH"`` tests membership, a trailing
  ``*`` a prefix (``findings has "DOC.XDOC.*"``); ``*`` anywhere else is an error.
- every field takes ``is missing`` and ``is present``.

A missing value (absent key, None, NaN, or "" for strings) satisfies no clause except
``is missing``: ``!=`` and ``not in`` are false on it too. ``not`` negates a whole clause, so
``not (origin_country = CN)`` is true when the origin is missing.

``Condition.evaluate`` reads one declaration (a mapping of field to value); ``Condition.mask``
reads a batch of columns (numpy arrays: strings as str or object arrays, numbers as float with
NaN, booleans as bool or float with NaN, findings as an object array of frozensets) and gives
the same answers row by row; ``ProfileSet.masks`` normalises each column once for all profiles.
A batch must hold a column for every field the conditions read (``ProfileSet.fields``).
"""

from __future__ import annotations

import csv
import difflib
import math
import operator
import re
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import numpy as np
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from clearance.errors import ClearanceError

__all__ = ["FIELD_KINDS", "LANES", "Condition", "ProfileError", "ProfileSet", "RiskProfile",
           "load_profiles", "parse_condition"]

PROFILES_FILE = "risk_profiles.csv"
COLUMNS = ("id", "condition", "weight", "reason", "valid_from", "valid_to", "lane", "source")
LANES = ("red", "yellow", "blue")
_KINDS = {
    "string": "declaration_id office_id process_type import_type import_use payment_type transport_mode "
              "declarant_id importer_id seller_id courier_id hs_code hs6 hs_heading hs_chapter "
              "departure_country origin_country tax_type origin_indicator",
    "number": "tax_rate net_mass_kg item_price unit_price unit_price_z unit_price_ratio value_per_kg_z "
              "importer_declarations seller_declarations declarant_declarations model_score",
    "boolean": "first_time_importer first_time_seller transshipment",
    "set": "findings",
}
FIELD_KINDS: Mapping[str, str] = MappingProxyType({f: kind for kind, names in _KINDS.items() for f in names.split()})
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class ProfileError(ClearanceError, ValueError):
    """A profile that cannot be used; the message names file, CSV line and column when known."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None,
                 column: str | None = None) -> None:
        self.message, self.source, self.line, self.column = message, source, line, column
        place = " ".join(part for part in (source, f"line {line}" if line else None) if part)
        where = ", ".join(part for part in (place, column) if part)
        super().__init__(f"{where}: {message}" if where else message)


def _value(kind: str, v: object) -> object:
    """One declaration value normalised for its field kind; None when missing (None, NaN, "")."""
    if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
        return None
    if kind == "string":
        return v if isinstance(v, str) else str(v)
    if kind == "set":
        return frozenset([v] if isinstance(v, str) else v)  # type: ignore[call-overload]
    x = float(v)  # type: ignore[arg-type]
    return None if math.isnan(x) else x if kind == "number" else x != 0


def _has(found: frozenset[str], pattern: str) -> bool:
    return any(f.startswith(pattern[:-1]) for f in found) if pattern.endswith("*") else pattern in found


class _Batch:
    """Columns normalised once: (values, present) per field; a set field as codes into ``uniques``."""

    def __init__(self, columns: Mapping[str, np.ndarray]) -> None:
        self.columns, self.size = columns, -1
        self.cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.uniques: dict[str, list[frozenset[str] | None]] = {}

    def column(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        if name in self.cache:
            return self.cache[name]
        if name not in self.columns:
            raise KeyError(f"no column for field {name!r} (a batch needs every field the conditions read)")
        raw, kind = np.asarray(self.columns[name]), FIELD_KINDS[name]
        if self.size not in (-1, len(raw)):
            raise ValueError(f"column {name!r} has {len(raw)} rows, the others {self.size}")
        self.size = len(raw)
        if kind == "string":
            values = raw if raw.dtype.kind == "U" else np.array([_value(kind, v) or "" for v in raw], dtype=str)
            present = values != ""
        elif kind == "set":
            index: dict[frozenset[str] | None, int] = {}
            values = np.array([index.setdefault(_value(kind, v), len(index)) for v in raw], dtype=np.intp)  # type: ignore[arg-type]
            self.uniques[name] = list(index)
            present = np.array([u is not None for u in index], dtype=bool)[values]
        elif raw.dtype == np.bool_:
            values, present = raw, np.ones(len(raw), dtype=bool)
        else:
            numbers = np.asarray(raw, dtype=float)
            present = ~np.isnan(numbers)
            values = numbers if kind == "number" else (numbers != 0) & present
        self.cache[name] = (values, present)
        return values, present


@dataclass(frozen=True)
class Condition:
    """A parsed condition: ``and``, ``or`` or ``not`` over ``parts``, or a clause ``field op operand``.

    Clause ops: ``= != < <= > >=`` (operand a float, str or bool), ``in`` and ``not in`` (a tuple),
    ``has`` (a rule id, ``*`` at the end for a prefix), ``is missing`` and ``is present``.
    """

    op: str
    field: str | None = None
    operand: object = None
    parts: tuple[Condition, ...] = ()

    @property
    def fields(self) -> frozenset[str]:
        """The declaration fields the condition reads."""
        return frozenset({self.field}) if self.field else frozenset().union(*(p.fields for p in self.parts))

    def evaluate(self, values: Mapping[str, object]) -> bool:
        """Whether one declaration (field -> value; an absent field is missing) meets the condition."""
        if self.field is None:
            if self.op == "not":
                return not self.parts[0].evaluate(values)
            return (all if self.op == "and" else any)(p.evaluate(values) for p in self.parts)
        value = _value(FIELD_KINDS[self.field], values.get(self.field))
        if self.op in ("is missing", "is present"):
            return (value is None) == (self.op == "is missing")
        if value is None:
            return False
        if self.op == "has":
            return _has(value, self.operand)  # type: ignore[arg-type]
        if self.op in ("in", "not in"):
            return (value in self.operand) == (self.op == "in")  # type: ignore[operator]
        return bool(_COMPARE[self.op](value, self.operand))

    def mask(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """One bool per row of a batch (one array per field in ``fields``); row i == evaluate(row i)."""
        return self._mask(_Batch(columns))

    def _mask(self, batch: _Batch) -> np.ndarray:
        if self.field is None:
            if self.op == "not":
                return ~self.parts[0]._mask(batch)
            return (np.logical_and if self.op == "and" else np.logical_or).reduce([p._mask(batch) for p in self.parts])
        values, present = batch.column(self.field)
        if self.op in ("is missing", "is present"):
            return ~present if self.op == "is missing" else present.copy()
        if self.op == "has":
            hit = [u is not None and _has(u, self.operand) for u in batch.uniques[self.field]]  # type: ignore[arg-type]
            return np.array(hit, dtype=bool)[values]
        if self.op in ("in", "not in"):
            inside = np.isin(values, np.asarray(self.operand))
            return (inside if self.op == "in" else ~inside) & present
        with np.errstate(invalid="ignore"):
            return np.asarray(_COMPARE[self.op](values, self.operand), dtype=np.bool_) & present


_END = r"(?![\w.*\-])"  # a keyword, number or boolean ends where a code could not continue
_KEYWORDS = ("or", "and", "not", "in", "has", "is", "missing", "present")
_GRAMMAR = r"""
?start: disj
?disj: conj (_OR conj)*
?conj: neg (_AND neg)*
?neg: _NOT neg -> negation
    | "(" disj ")"
    | FIELD OP value -> compare
    | FIELD _IN list -> isin
    | FIELD _NOT _IN list -> notin
    | FIELD _HAS value -> has
    | FIELD _IS _MISSING -> missing
    | FIELD _IS _PRESENT -> present
list: "[" value ("," value)* "]"
?value: NUMBER | STRING | TRUE | FALSE | WORD
""" + "".join(f"_{k.upper()}.2: /{k}{_END}/i\n" for k in _KEYWORDS) + rf"""
TRUE.3: /true{_END}/i
FALSE.3: /false{_END}/i
NUMBER.3: /[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?{_END}/
STRING: /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/
OP: /!=|<=|>=|=|<|>/
FIELD: /[A-Za-z_]\w*/
WORD: /\w[\w.\-]*\*?|\*/
%ignore /\s+/
"""
_NAMES = {"NUMBER": "a number", "STRING": "a quoted string", "WORD": "a code", "FIELD": "a field name",
          "OP": "an operator (= != < <= > >=)", "LPAR": "'('", "RPAR": "')'", "LSQB": "'['", "RSQB": "']'",
          "COMMA": "','", "$END": "the end", "TRUE": "true", "FALSE": "false"}


@cache
def _parser() -> Lark:
    return Lark(_GRAMMAR, parser="lalr", lexer="contextual")


def _fail(text: str, position: int, message: str, detail: str = "") -> ProfileError:
    return ProfileError(f"{message} at position {position} of {text!r}{detail}")


def _literal(text: str, name: str, kind: str, token: Token) -> object:
    if kind == "number" and token.type == "NUMBER":
        return float(token)
    if kind == "boolean" and token.type in ("TRUE", "FALSE"):
        return token.type == "TRUE"
    if kind == "string" and token.type in ("NUMBER", "WORD", "STRING"):
        value = re.sub(r"\\(.)", r"\1", token[1:-1]) if token.type == "STRING" else str(token)
        if not value:
            raise _fail(text, token.start_pos or 0, f"empty string for {name}: write '{name} is missing'")
        if token.type == "WORD" and value.endswith("*") and name != "findings":
            raise _fail(text, token.start_pos or 0, f"'*' is a wildcard only after 'has'; quote {value!r} to mean it")
        return value
    wanted = {"number": "a number", "boolean": "true or false", "string": "a code or quoted string"}[kind]
    raise _fail(text, token.start_pos or 0, f"{name} is a {kind} field: expected {wanted}, found {str(token)!r}")


def _build(text: str, node: Tree[Token]) -> Condition:
    if node.data in ("disj", "conj", "negation"):
        return Condition({"disj": "or", "conj": "and", "negation": "not"}[node.data],
                         parts=tuple(_build(text, cast(Tree[Token], child)) for child in node.children))
    token, *rest = cast(list[Token], node.children)  # a clause: the field's token, then op, value or list
    name, pos = str(token).lower(), token.start_pos or 0
    kind = FIELD_KINDS.get(name)
    if kind is None:
        near = difflib.get_close_matches(name, FIELD_KINDS, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise _fail(text, pos, f"unknown field {name!r}", f" ({hint}known: {', '.join(sorted(FIELD_KINDS))})")
    if node.data in ("missing", "present"):
        return Condition(f"is {node.data}", name)
    if node.data == "has":
        if kind != "set" or rest[0].type not in ("STRING", "WORD"):
            raise _fail(text, pos, f"'has' takes the set field findings and a rule id; {name} is a {kind} field"
                        if kind != "set" else f"'has' takes a rule id, found {str(rest[0])!r}")
        pattern = str(_literal(text, name, "string", rest[0]))
        if "*" in pattern[:-1]:
            raise _fail(text, pos, "'*' is only allowed at the end of a rule id (a prefix test)")
        return Condition("has", name, pattern)
    op = str(rest[0]) if node.data == "compare" else "in" if node.data == "isin" else "not in"
    if kind == "set" or (kind == "boolean" and op not in ("=", "!=")):
        raise _fail(text, pos, f"{name} is a {kind} field: use " + ("'has'" if kind == "set" else "= true / = false"))
    if op in ("<", "<=", ">", ">=") and kind != "number":
        raise _fail(text, pos, f"{op!r} compares numbers; {name} is a {kind} field (use = or in)")
    if node.data == "compare":
        return Condition(op, name, _literal(text, name, kind, rest[1]))
    items = cast(Tree[Token], rest[0]).children
    return Condition(op, name, tuple(dict.fromkeys(_literal(text, name, kind, cast(Token, t)) for t in items)))


def parse_condition(text: str) -> Condition:
    """Parse a condition (grammar in the module docstring); raise ProfileError with the position."""
    if not text.strip():
        raise ProfileError("empty condition")
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as error:
        position = len(text)
        if isinstance(error, UnexpectedCharacters) and error.pos_in_stream is not None:
            position = error.pos_in_stream
        elif isinstance(error, UnexpectedToken) and error.token.type != "$END" and error.token.start_pos is not None:
            position = error.token.start_pos
        parser = getattr(error, "interactive_parser", None)  # accepts() is exact, the LALR lookaheads are not
        expected: set[str] = set(parser.accepts()) if parser is not None else set()
        found = repr(text[position:position + 12]) if position < len(text) else "the end"
        wanted = sorted({_NAMES.get(e, repr(e.strip("_").lower())) for e in expected})
        raise _fail(text, position, f"cannot read condition: found {found}"
                    + (f"; expected {', '.join(wanted)}" if wanted else "")) from None
    return _build(text, tree)


def _render(kind: str, value: object, spec: str) -> str:
    value = _value(kind, value)
    if value is None:
        return "unknown"
    if kind == "number":
        x = float(value)  # type: ignore[arg-type]
        return format(x, spec) if spec else str(int(x)) if x.is_integer() else f"{x:g}"
    if kind == "set":
        return ", ".join(sorted(value)) or "none"  # type: ignore[call-overload]
    return ("yes" if value else "no") if kind == "boolean" else str(value)


@dataclass(frozen=True)
class RiskProfile:
    """One profile: it hits a declaration that meets ``condition`` on a day it is in force."""

    id: str
    condition: Condition
    condition_text: str
    weight: float
    reason: str
    valid_from: date | None = None
    valid_to: date | None = None
    lane: str | None = None
    source: str = ""
    _pieces: tuple[tuple[str, str | None, str], ...] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z0-9][\w.\-]*", self.id):
            raise ProfileError(f"bad id {self.id!r} (letters, digits, '.', '_', '-')", column="id")
        if not (isinstance(self.weight, float | int) and 0 < self.weight <= 1):
            raise ProfileError(f"weight must be a number in (0, 1], got {self.weight!r}", column="weight")
        if self.lane is not None and self.lane not in LANES:
            raise ProfileError(f"unknown lane {self.lane!r} (one of {', '.join(LANES)} or empty)", column="lane")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ProfileError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}", column="valid_from")
        if not self.reason.strip():
            raise ProfileError("empty reason", column="reason")
        try:
            pieces = tuple(string.Formatter().parse(self.reason))
            for _, name, spec, conversion in pieces:
                if conversion:
                    raise ValueError(f"conversion '!{conversion}' is not supported")
                if name is not None and name not in FIELD_KINDS:
                    raise ValueError(f"unknown placeholder {{{name}}} (known: {', '.join(sorted(FIELD_KINDS))})")
                if name is not None and spec and FIELD_KINDS[name] == "number":
                    format(1.5, spec)
        except ValueError as error:
            raise ProfileError(f"{error} in reason {self.reason!r}", column="reason") from None
        object.__setattr__(self, "_pieces", tuple((literal, name, spec or "") for literal, name, spec, _ in pieces))

    def in_force(self, as_of: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= as_of)
                and (self.valid_to is None or as_of <= self.valid_to))

    def explain(self, values: Mapping[str, object]) -> str:
        """The reason with its placeholders filled from one declaration's values."""
        return "".join(literal + ("" if name is None else _render(FIELD_KINDS[name], values.get(name), spec))
                       for literal, name, spec in self._pieces)


@dataclass(frozen=True)
class ProfileSet:
    """Profiles in file order with unique ids; ``warnings`` holds what the loader noticed."""

    profiles: tuple[RiskProfile, ...] = ()
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        ids = [p.id for p in self.profiles]
        if len(set(ids)) != len(ids):
            raise ProfileError(f"duplicate profile ids: {sorted({i for i in ids if ids.count(i) > 1})}", column="id")

    def __iter__(self) -> Iterator[RiskProfile]:
        return iter(self.profiles)

    def __len__(self) -> int:
        return len(self.profiles)

    @property
    def fields(self) -> frozenset[str]:
        return frozenset().union(*(p.condition.fields for p in self.profiles))

    def active(self, as_of: date) -> ProfileSet:
        return ProfileSet(tuple(p for p in self.profiles if p.in_force(as_of)), self.warnings)

    def hits(self, values: Mapping[str, object], as_of: date) -> list[RiskProfile]:
        """The profiles in force on ``as_of`` whose condition one declaration meets."""
        return [p for p in self.profiles if p.in_force(as_of) and p.condition.evaluate(values)]

    def masks(self, columns: Mapping[str, np.ndarray], as_of: date) -> list[tuple[RiskProfile, np.ndarray]]:
        """Each profile in force on ``as_of`` with its hit mask over a batch of columns."""
        batch = _Batch(columns)
        return [(p, p.condition._mask(batch)) for p in self.profiles if p.in_force(as_of)]


def load_profiles(path: Path | None = None) -> ProfileSet:
    """Read a profile file (``None``: the packaged default); raise ProfileError naming line and column."""
    if path is None:
        return _default_profiles()
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"cannot read the file: {error}", source=str(path)) from None
    return _parse_file(text, str(path))


@cache
def _default_profiles() -> ProfileSet:
    return _parse_file(resources.files("clearance.risk").joinpath("data", PROFILES_FILE).read_text("utf-8-sig"),
                       PROFILES_FILE)


def _profile(row: dict[str, str]) -> RiskProfile:
    cell = {c: (row.get(c) or "").strip() for c in COLUMNS}
    try:
        condition = parse_condition(cell["condition"])
    except ProfileError as error:
        raise ProfileError(error.message, column="condition") from None
    try:
        weight = float(cell["weight"])
    except ValueError:
        raise ProfileError(f"weight must be a number in (0, 1], got {cell['weight']!r}", column="weight") from None
    days: dict[str, date | None] = {}
    for column in ("valid_from", "valid_to"):
        try:
            days[column] = date.fromisoformat(cell[column]) if cell[column] else None
        except ValueError:
            raise ProfileError(f"not an ISO date (YYYY-MM-DD): {cell[column]!r}", column=column) from None
    return RiskProfile(id=cell["id"], condition=condition, condition_text=cell["condition"], weight=weight,
                       reason=cell["reason"], lane=cell["lane"].lower() or None, source=cell["source"], **days)


def _parse_file(text: str, source: str) -> ProfileSet:
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = list(reader.fieldnames or [])
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ProfileError(f"missing column(s) {', '.join(missing)} (header: {','.join(header)})",
                           source=source, line=1)
    warnings = tuple(f"{source}: column {c!r} is not used" for c in header if c not in COLUMNS)
    lines, profiles, seen = text.splitlines(), [], {}  # type: ignore[var-annotated]
    start = reader.line_num + 1
    for row in reader:
        while start <= len(lines) and not lines[start - 1].strip():
            start += 1  # DictReader skips blank lines
        try:
            if None in row:
                raise ProfileError(f"more cells than the {len(header)} columns of the header")
            profile = _profile(row)
            if profile.id in seen:
                raise ProfileError(f"duplicate id {profile.id!r} (first on line {seen[profile.id]})", column="id")
        except ProfileError as error:
            raise ProfileError(error.message, source=source, line=start, column=error.column) from None
        seen[profile.id], start = start, reader.line_num + 1
        profiles.append(profile)
    return ProfileSet(tuple(profiles), warnings)
