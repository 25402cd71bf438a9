"""The US HTS rate-text grammar: General, Special and Column 2 rate texts as structured expressions.

HTSUS General Note 3 gives the rate columns their meaning: column 1 "General" applies to goods of
countries with normal trade relations (GN 3(a)(i)), column 1 "Special" holds the preferential rates
of the programmes whose symbols General Note 3(c)(i) lists ("A", "A*", "A+", "AU", "KR", "S+"...),
and column 2 applies to the countries GN 3(b) names. The USITC prints all three as short texts
("6.8%", "25.5¢/kg + 4.4%", "Free (A,AU,BH,...) 2.1% (JP)", "See 9903.88.15",
"The duty provided in the applicable subheading + 25%"). This module parses them with a Lark
LALR grammar into small frozen dataclasses that ``clearance.duty.rate_eval`` evaluates:

- ``Free`` (optionally with the printed condition, e.g. "under bond, as prescribed in U.S. note 2")
- ``AdValorem`` — a percentage of the customs value (19 U.S.C. 1401a), optionally of a stated part
  ("on the case", "of the fair retail value")
- ``Specific`` — US dollars per ``per`` units of an HTS unit ("$1.055/kg", "89.6¢/1000",
  "3.7¢/kg on drained weight")
- ``Compound`` — components added together ("25.5¢/kg + 4.4%")
- ``Bounded`` — an expression with a minimum and/or a maximum ("... but not less than 3.143854¢/kg")
- ``Reference`` — a rate the text does not state but points to: a Chapter 98/99 provision
  ("See 9822.04.50"), "The duty provided in the applicable subheading + 25%", "No change",
  a U.S. note, or a rate described in words ("The rate applicable to each garment in the ensemble
  if separately entered"). The caller resolves references; the evaluator never guesses them.

Print artefacts of the USITC export are tolerated where they are unambiguous: missing or doubled
spaces ("N¢/kg +N%", "Free(A,...)", "SG)2.1% (JP)"), "pf.liter" for "pf. liter", line-break
hyphens inside prose ("thou- sand", "sub- chapter"), a trailing full stop, and a trailing comma in a
programme list. Anything else raises ``RateTextError`` with the position and what was expected:
a text that cannot be read is never silently taken as zero.

``render`` gives the canonical text back (for evidence and messages); for every expression the
parser produces, ``parse_rate(render(x)) == x``. Prose references keep their printed wording with
whitespace collapsed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal, TypeAlias

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.lexer import PatternStr

__all__ = [
    "AdValorem",
    "Bounded",
    "Compound",
    "Free",
    "RateExpression",
    "RateTextError",
    "Reference",
    "ReferenceKind",
    "SpecialRate",
    "SpecialRates",
    "Specific",
    "iter_components",
    "parse_column",
    "parse_rate",
    "parse_special",
    "render",
]


class RateTextError(ValueError):
    """A rate text the grammar does not accept.

    ``text`` is the text as given, ``position`` the 0-based offset (column) where reading stopped
    (``len(text)`` when the text ended too early); the message says what was found and expected.
    """

    def __init__(self, message: str, text: str, position: int) -> None:
        super().__init__(message)
        self.text = text
        self.position = position


# --------------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Free:
    """Duty-free. ``condition`` is the printed proviso, if any ("under bond, as prescribed in U.S.
    note 2 to this subchapter", "see U.S. note 4 of this subchapter"): still free, but only on
    those terms, which the evaluator reports as a note."""

    condition: str | None = None


@dataclass(frozen=True)
class AdValorem:
    """``percent`` % of the customs value. ``qualifier`` names the part of the value the rate is
    assessed on when it is not the whole article ("on the case", "on the value of the lead
    content", "of the fair retail value"); such a rate needs that value from the caller."""

    percent: Decimal
    qualifier: str | None = None


@dataclass(frozen=True)
class Specific:
    """``amount`` US dollars per ``per`` ``unit`` (25.5¢/kg -> amount 0.255, unit "kg";
    89.6¢/1000 -> amount 0.896, unit "each", per 1000).

    ``unit`` is normalised: "kg", "g", "t", "liter", "pf. liter", "bbl", "m", "lin. m", "m2",
    "m3", "each", "doz.", "prs.", "gross", "head", "article", "jewel", "pack", "pins",
    "clean kg", "line/gross". ``qualifier`` is the printed measure restriction ("on drained
    weight", "of copper content", "on contents and container", "including weight of container",
    "over 7" jewels, or the sugar-polarity sliding scale "less 0.020668¢/kg for each degree under
    100 degrees (and fractions of a degree in proportion)")."""

    amount: Decimal
    unit: str
    per: Decimal = Decimal(1)
    qualifier: str | None = None


@dataclass(frozen=True)
class Compound:
    """Components added together ("25.5¢/kg + 4.4%"); CBP rounds each component to cents."""

    parts: tuple[RateExpression, ...]


@dataclass(frozen=True)
class Bounded:
    """An expression with a floor and/or a ceiling ("... but not less than 3.143854¢/kg")."""

    expression: RateExpression
    minimum: RateExpression | None
    maximum: RateExpression | None


ReferenceKind: TypeAlias = Literal[
    "chapter99",  # "See 9903.88.15": a Chapter 99 provision (temporary legislation, trade remedies)
    "chapter98",  # "See 9822.04.50" or "The rate provided for ... in heading 9822.06.10"
    "heading",  # another heading of chapters 1-97 ("... natural juice in heading 2009")
    "applicable_subheading",  # "The duty provided in the applicable subheading [+ 25%]"
    "no_change",  # "No change": a Chapter 99 line leaves the rate of the base line as it is
    "us_note",  # "See additional U.S. note 1", "See U.S. note 3(e)"
    "described",  # a rate stated in words only ("The rate applicable to each garment ...")
]


@dataclass(frozen=True)
class Reference:
    """A rate the text points to instead of stating it; the caller resolves it.

    ``targets`` are the provisions named (HTS numbers as printed, ranges as "a-b", or note names).
    ``plus``/``minus`` are added to / deducted from the referenced rate. ``description`` keeps the
    printed wording (whitespace collapsed) when it is more than the canonical phrase."""

    kind: ReferenceKind
    targets: tuple[str, ...] = ()
    plus: RateExpression | None = None
    minus: RateExpression | None = None
    description: str | None = None


RateExpression: TypeAlias = Free | AdValorem | Specific | Compound | Bounded | Reference


@dataclass(frozen=True)
class SpecialRate:
    """One rate of the Special column with the programme symbols printed after it (GN 3(c)(i))."""

    expression: RateExpression
    programmes: tuple[str, ...]


@dataclass(frozen=True)
class SpecialRates:
    """The Special column of a line: each rate with its programme symbols, in printed order.

    An entry printed without symbols (Chapter 98/99 lines: "No change", "Free", "The duty
    provided in the applicable subheading + 25%") is a treatment for the line as a whole, not a
    preference: ``for_programme`` never returns it; ``unlisted`` does.
    """

    entries: tuple[SpecialRate, ...]

    def for_programme(self, spi: str) -> SpecialRate | None:
        """The entry whose programme list contains ``spi`` exactly as printed, or None.

        Symbols are matched exactly: the claimed symbol must be listed. General Note 3(c)(i) marks
        restricted eligibility on the symbol itself: "A" is GSP for every beneficiary country,
        "A*" GSP except the countries General Note 4(d) excludes for that subheading, "A+" GSP
        for least-developed beneficiary countries only (likewise "E*" and "J*"; "S+" and "P+"
        are their own agreement provisions). So ``for_programme("A")`` does not match a line
        printed "A*" or "A+": the caller decides, from the country and General Note 4(d), which
        printed symbol a GSP claim stands for, and asks for that one.
        """
        for entry in self.entries:
            if spi in entry.programmes:
                return entry
        return None

    def programmes(self) -> frozenset[str]:
        """Every programme symbol printed in the column."""
        return frozenset(spi for entry in self.entries for spi in entry.programmes)

    def unlisted(self) -> SpecialRate | None:
        """The entry printed without programme symbols, if any (it can only be the last)."""
        if self.entries and not self.entries[-1].programmes:
            return self.entries[-1]
        return None


# --------------------------------------------------------------------------------------------
# Grammar
# --------------------------------------------------------------------------------------------

# Prose terminals are regular expressions over whole phrases: the schedule's prose is a closed set
# of formulas, and a formula is one lexical unit to the grammar. Parenthesised groups that begin
# with a lower-case letter ("(see U.S. note 3 ...)", "(a) any customs drawback ...") belong to the
# prose; a group that begins with a capital is a programme list.
_GRAMMAR = r"""
rate_text: rate "."?
special_text: (rate "."? programmes)* rate "."? programmes?

?rate: sum
     | sum bound+                         -> bounded
     | free
     | reference

sum: term ("+" term)*
bound: "but" "not" "less" "than"? sum     -> minimum
     | "but" "not" "more" "than"? sum     -> maximum

?term: ad_valorem | specific | graduated

ad_valorem: A_DUTY_OF? NUMBER FRACTION? PERCENT qualifier?
specific: money "/" per_unit qualifier?
        | money "each" qualifier?         -> specific_each
graduated: money "/" unit "less" money "/" unit "for each degree under" NUMBER DEGREES

?money: "$" NUMBER                        -> dollars
      | NUMBER "¢"                        -> cents

per_unit: unit
        | NUMBER unit?                    -> per_number
        | THOUSAND                        -> per_thousand
!unit: "kg" | "clean" "kg" | "g" | "t"
     | "liter" | "liters" | "pf." "liter" | "pf." "liters" | "pf.liter" | "pf.liters"
     | "bbl" | "m" | "lin." "m" | "m2" | "m²" | "m3" | "m³"
     | "doz." | "pr." | "prs." | "gross" | "line" "/" "gross"
     | "head" | "article" | "jewel" | "pack" | "pins"
?qualifier: QUALIFIER | INCLUDING

free: "Free" (FREE_TERMS | FREE_SEE)?

reference: NO_CHANGE                                          -> no_change
         | "See" code_range ("," code_range)*                 -> see_codes
         | "See" US_NOTE                                      -> see_note
         | SUBHEADING (("+" | "plus") sum bound*)?            -> subheading_plus
         | SUBHEADING "minus" sum                             -> subheading_minus
         | RATE_PROSE CODE?                                   -> rate_prose
         | DUTY_PROSE                                         -> duty_prose
code_range: CODE ("-" CODE)?

programmes: "(" SPI ("," SPI)* ","? ")"

NUMBER: /\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+/
FRACTION: /\d+\/\d+/
PERCENT: "%" | "percent"
A_DUTY_OF: "a duty of"
THOUSAND.2: /thou-?\s*sand/
DEGREES: /degrees(\s*\(\s*and fractions of a degree in proportion\s*\))?/
QUALIFIER: /(on|of|upon|over)\s+(?!but\b)[^\s+()]((?!\bbut\b)[^+()])*/
INCLUDING: /,\s*including\s+(?!but\b)[^\s+()]((?!\bbut\b)[^+()])*/
FREE_TERMS: /,\s*(under|for)\s+[^\s()]([^()]|\([a-z0-9]\))*/
FREE_SEE: /\(\s*[Ss]ee\s+U\.S\.\s+[Nn]ote[^()]*\)/
NO_CHANGE: /No\s+[Cc]hange/
SUBHEADING: /The\s+duty\s+provided\s+(for\s+)?in\s*the\s+applicable\s+subheading/
          | /The\s+duty\s+rate\s+provided\s+in\s+such\s+subheading/
          | /The\s+duty\s+rate\s+provided\s+for\s+origin-?\s*ating\s+goods\s+of\s+[A-Z][a-z]+\s+in\s+such\s+subheading/
RATE_PROSE: /The\s+rate\b[^()\d+]*/
DUTY_PROSE: /A\s+duty\b([^()]|\([a-z][^()]*\))*/
US_NOTE: /(additional\s+)?U\.S\.\s+[Nn]ote\s+\d+(\([a-z]\))?(\s+(of|to)\s+this\s+sub-?\s*chapter)?/
CODE: /\d{4}(\.\d{2,4})*/
SPI: /[A-Z]{1,2}[+*]?(?![a-z])/

%import common.WS
%ignore WS
"""

# What the error messages call each named terminal (anonymous literals are quoted as printed).
_TERMINAL_NAMES = {
    "NUMBER": "a number",
    "FRACTION": "a fraction such as 1/3",
    "PERCENT": "'%'",
    "A_DUTY_OF": "'a duty of'",
    "THOUSAND": "'thousand'",
    "DEGREES": "'degrees'",
    "QUALIFIER": "a qualifier ('on ...', 'of ...')",
    "INCLUDING": "', including ...'",
    "FREE_TERMS": "', under ...'",
    "FREE_SEE": "'(See U.S. note ...)'",
    "NO_CHANGE": "'No change'",
    "SUBHEADING": "'The duty provided in the applicable subheading'",
    "RATE_PROSE": "'The rate ...'",
    "DUTY_PROSE": "'A duty ...'",
    "US_NOTE": "a U.S. note",
    "CODE": "an HTS number",
    "SPI": "a programme symbol",
    "$END": "the end of the text",
}

_UNITS = {
    "kg": "kg", "clean kg": "clean kg", "g": "g", "t": "t",
    "liter": "liter", "liters": "liter", "pf. liter": "pf. liter", "pf. liters": "pf. liter",
    "pf.liter": "pf. liter", "pf.liters": "pf. liter",
    "bbl": "bbl", "m": "m", "lin. m": "lin. m", "m2": "m2", "m²": "m2", "m3": "m3", "m³": "m3",
    "doz.": "doz.", "pr.": "prs.", "prs.": "prs.", "gross": "gross", "line / gross": "line/gross",
    "head": "head", "article": "article", "jewel": "jewel", "pack": "pack", "pins": "pins",
}

_DEGREE_TAIL = " (and fractions of a degree in proportion)"
_CANONICAL_SUBHEADING = "The duty provided in the applicable subheading"
_THOUSAND = Decimal(1000)


def _clean(text: str) -> str:
    """Whitespace collapsed, a trailing full stop dropped: the printed wording, canonically."""
    return " ".join(text.split()).rstrip(" .").rstrip()


def _number(token: Token | str) -> Decimal:
    return Decimal(str(token).replace(",", ""))


def _code_kind(codes: tuple[str, ...]) -> ReferenceKind:
    chapters = {code[:2] for code in codes}
    if chapters == {"99"}:
        return "chapter99"
    if chapters == {"98"}:
        return "chapter98"
    return "heading"


@v_args(inline=True)
class _ToExpression(Transformer):  # type: ignore[type-arg]
    """Builds the dataclasses while the LALR parser reduces (no parse tree is kept)."""

    def rate_text(self, rate: RateExpression) -> RateExpression:
        return rate

    def special_text(self, *items: RateExpression | tuple[str, ...]) -> SpecialRates:
        entries: list[SpecialRate] = []
        for item in items:
            if isinstance(item, tuple):
                entries[-1] = SpecialRate(entries[-1].expression, item)
            else:
                entries.append(SpecialRate(item, ()))
        return SpecialRates(tuple(entries))

    def programmes(self, *symbols: Token) -> tuple[str, ...]:
        return tuple(str(symbol) for symbol in symbols)

    def sum(self, *terms: RateExpression) -> RateExpression:
        return terms[0] if len(terms) == 1 else Compound(tuple(terms))

    def bounded(self, expression: RateExpression, *bounds: tuple[str, RateExpression]) -> Bounded:
        minimum = maximum = None
        for which, value in bounds:
            if which == "minimum":
                minimum = value
            else:
                maximum = value
        return Bounded(expression, minimum, maximum)

    def minimum(self, value: RateExpression) -> tuple[str, RateExpression]:
        return ("minimum", value)

    def maximum(self, value: RateExpression) -> tuple[str, RateExpression]:
        return ("maximum", value)

    def ad_valorem(self, *tokens: Token) -> AdValorem:
        values = [t for t in tokens if t.type not in ("A_DUTY_OF", "PERCENT")]
        percent = _number(values[0])
        qualifier = None
        for token in values[1:]:
            if token.type == "FRACTION":
                numerator, denominator = (Decimal(part) for part in str(token).split("/"))
                if denominator == 0:
                    raise _Invalid(f"fraction {token} has a zero denominator", token)
                percent += numerator / denominator
            else:
                qualifier = _qualifier(token)
        return AdValorem(percent, qualifier)

    def dollars(self, number: Token) -> Decimal:
        return _number(number)

    def cents(self, number: Token) -> Decimal:
        return _number(number).scaleb(-2)

    def unit(self, *tokens: Token) -> str:
        return _UNITS[" ".join(str(t) for t in tokens)]

    def per_unit(self, unit: str) -> tuple[Decimal, str]:
        return (Decimal(1), unit)

    def per_number(self, number: Token, unit: str | None = None) -> tuple[Decimal, str]:
        per = _number(number)
        if per == 0:
            raise _Invalid("a specific rate cannot be per 0 units", number)
        return (per, unit or "each")

    def per_thousand(self, _token: Token) -> tuple[Decimal, str]:
        return (_THOUSAND, "each")

    def specific(self, amount: Decimal, per_unit: tuple[Decimal, str], qualifier: Token | None = None) -> Specific:
        per, unit = per_unit
        return Specific(amount, unit, per, _qualifier(qualifier) if qualifier is not None else None)

    def specific_each(self, amount: Decimal, qualifier: Token | None = None) -> Specific:
        return Specific(amount, "each", Decimal(1), _qualifier(qualifier) if qualifier is not None else None)

    def graduated(self, amount: Decimal, unit: str, step: Decimal, step_unit: str, degrees: Token,
                  tail: Token) -> Specific:
        scale = "less {} for each degree under {} degrees{}".format(
            render(Specific(step, step_unit)), _format_decimal(_number(degrees)),
            _DEGREE_TAIL if "(" in tail else "")
        return Specific(amount, unit, Decimal(1), scale)

    def free(self, condition: Token | None = None) -> Free:
        if condition is None:
            return Free()
        text = _clean(str(condition))
        if text.startswith("("):
            return Free(_clean(text[1:-1]))
        return Free(_clean(text[1:]))

    def no_change(self, _token: Token) -> Reference:
        return Reference("no_change")

    def code_range(self, first: Token, last: Token | None = None) -> str:
        return str(first) if last is None else f"{first}-{last}"

    def see_codes(self, *targets: str) -> Reference:
        codes = tuple(targets)
        return Reference(_code_kind(tuple(c.split("-")[0] for c in codes)), codes)

    def see_note(self, note: Token) -> Reference:
        return Reference("us_note", (_clean(str(note)),))

    def subheading_plus(self, lead: Token, plus: RateExpression | None = None,
                        *bounds: tuple[str, RateExpression]) -> Reference:
        if bounds and plus is not None:
            plus = self.bounded(plus, *bounds)
        return Reference("applicable_subheading", plus=plus, description=_subheading_description(lead))

    def subheading_minus(self, lead: Token, minus: RateExpression) -> Reference:
        return Reference("applicable_subheading", minus=minus, description=_subheading_description(lead))

    def rate_prose(self, prose: Token, code: Token | None = None) -> Reference:
        text = _clean(str(prose))
        if code is None:
            return Reference("described", description=text)
        return Reference(_code_kind((str(code),)), (str(code),), description=f"{text} {code}")

    def duty_prose(self, prose: Token) -> Reference:
        return Reference("described", description=_clean(str(prose)))


class _Invalid(ValueError):
    """A well-formed text with an impossible value (e.g. "/0"), raised while building."""

    def __init__(self, message: str, token: Token) -> None:
        super().__init__(message)
        self.position = token.start_pos if token.start_pos is not None else 0


def _qualifier(token: Token) -> str:
    text = _clean(str(token))
    return _clean(text[1:]) if text.startswith(",") else text


def _subheading_description(lead: Token) -> str | None:
    text = _clean(str(lead))
    return None if "applicable" in text else text


@cache
def _parser() -> Lark:
    """The LALR parser, built once per process (a few milliseconds) and shared read-only."""
    return Lark(_GRAMMAR, parser="lalr", lexer="contextual", start=["rate_text", "special_text"],
                transformer=_ToExpression(), maybe_placeholders=False)


def _describe(name: str) -> str:
    if name in _TERMINAL_NAMES:
        return _TERMINAL_NAMES[name]
    try:
        pattern = _parser().get_terminal(name).pattern
    except KeyError:
        return name.lower()
    return repr(pattern.value) if isinstance(pattern, PatternStr) else name.lower()


def _error(text: str, error: Exception) -> RateTextError:
    if isinstance(error, _Invalid):
        return RateTextError(f"invalid rate text {text!r} at position {error.position}: {error}", text,
                             error.position)
    expected: set[str] = set()
    position = len(text)
    if isinstance(error, UnexpectedCharacters):
        expected = set(error.allowed or ())
        position = error.pos_in_stream
    elif isinstance(error, UnexpectedToken):
        expected = set(error.expected or ())
        if error.token.type != "$END" and error.token.start_pos is not None:
            position = error.token.start_pos
    elif isinstance(error, UnexpectedEOF):
        expected = set(error.expected or ())
    elif isinstance(error, UnexpectedInput) and error.pos_in_stream is not None:
        position = error.pos_in_stream
    found = repr(text[position:position + 12]) if position < len(text) else "the end of the text"
    wanted = sorted({_describe(name) for name in expected})
    if len(wanted) > 12:
        wanted = wanted[:12] + ["..."]
    hint = f"; expected {', '.join(wanted)}" if wanted else ""
    return RateTextError(f"cannot read rate text {text!r} at position {position}: found {found}{hint}",
                         text, position)


def _parse(text: str, start: str) -> object:
    if not text.strip():
        raise RateTextError("empty rate text", text, 0)
    try:
        return _parser().parse(text, start=start)
    except (LarkError, _Invalid, ArithmeticError) as error:
        cause = getattr(error, "orig_exc", error)
        raise _error(text, cause if isinstance(cause, Exception) else error) from None


def parse_rate(text: str) -> RateExpression:
    """Parse one General or Column 2 rate (HTSUS General Note 3(a), 3(b)); raise RateTextError."""
    result = _parse(text, "rate_text")
    assert isinstance(result, Free | AdValorem | Specific | Compound | Bounded | Reference)
    return result


def parse_special(text: str) -> SpecialRates:
    """Parse a Special column text: rates each followed by their programme symbols
    (HTSUS General Note 3(c)(i)); only the last rate may be printed without symbols."""
    result = _parse(text, "special_text")
    assert isinstance(result, SpecialRates)
    return result


def parse_column(column: Literal["general", "special", "column2"], text: str) -> RateExpression | SpecialRates:
    """Parse the text of one rate column of the schedule: ``parse_special`` for "special",
    ``parse_rate`` for "general" and "column2"."""
    if column == "special":
        return parse_special(text)
    if column in ("general", "column2"):
        return parse_rate(text)
    raise ValueError(f"unknown rate column {column!r}: expected 'general', 'special' or 'column2'")


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _format_decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _format_percent(percent: Decimal) -> str:
    # 33 1/3% is printed as a fraction; keep it so (a third has no finite decimal form).
    if percent.as_tuple().exponent < -12:  # type: ignore[operator]
        whole = int(percent)
        for denominator in (3, 6, 7, 9, 11, 12):
            numerator = (percent - whole) * denominator
            nearest = numerator.to_integral_value()
            if 0 < nearest < denominator and abs(numerator - nearest) < Decimal("1e-20"):
                rebuilt = Decimal(whole) + nearest / Decimal(denominator)
                if rebuilt == percent:
                    prefix = f"{whole} " if whole else "0 "
                    return f"{prefix}{int(nearest)}/{denominator}%"
    return f"{_format_decimal(percent)}%"


def _format_money(amount: Decimal) -> str:
    if amount < 1:
        return f"{_format_decimal(amount.scaleb(2))}¢"
    if amount == amount.to_integral_value():
        return f"${int(amount)}"
    normal = amount.normalize()
    if normal.as_tuple().exponent > -2:  # type: ignore[operator]
        normal = normal.quantize(Decimal("0.01"))
    return f"${format(normal, 'f')}"


def _render_qualifier(qualifier: str | None) -> str:
    if qualifier is None:
        return ""
    return f", {qualifier}" if qualifier.startswith("including") else f" {qualifier}"


def _render_specific(rate: Specific) -> str:
    money = _format_money(rate.amount)
    if rate.per == 1 and rate.unit == "each":
        base = f"{money} each"
    elif rate.per == 1:
        base = f"{money}/{rate.unit}"
    elif rate.unit == "each":
        base = f"{money}/{_format_decimal(rate.per)}"
    else:
        base = f"{money}/{_format_decimal(rate.per)} {rate.unit}"
    return base + _render_qualifier(rate.qualifier)


def _render_bounds(expression: Bounded) -> str:
    text = render(expression.expression)
    if expression.minimum is not None:
        text += f" but not less than {render(expression.minimum)}"
    if expression.maximum is not None:
        text += f" but not more than {render(expression.maximum)}"
    return text


def _render_reference(reference: Reference) -> str:
    kind = reference.kind
    if kind == "no_change":
        return "No change"
    if kind == "applicable_subheading":
        text = reference.description or _CANONICAL_SUBHEADING
        if reference.plus is not None:
            text += f" + {render(reference.plus)}"
        if reference.minus is not None:
            text += f" minus {render(reference.minus)}"
        return text
    if reference.description is not None:
        return reference.description
    return "See " + ", ".join(reference.targets)


def render(expression: RateExpression | SpecialRate | SpecialRates) -> str:
    """The canonical text of an expression (or of a Special column), for evidence and messages."""
    if isinstance(expression, AdValorem):
        return _format_percent(expression.percent) + _render_qualifier(expression.qualifier)
    if isinstance(expression, Specific):
        return _render_specific(expression)
    if isinstance(expression, Free):
        if expression.condition is None:
            return "Free"
        if expression.condition.lower().startswith("see"):
            return f"Free ({expression.condition})"
        return f"Free, {expression.condition}"
    if isinstance(expression, Compound):
        return " + ".join(render(part) for part in expression.parts)
    if isinstance(expression, Bounded):
        return _render_bounds(expression)
    if isinstance(expression, Reference):
        return _render_reference(expression)
    if isinstance(expression, SpecialRate):
        text = render(expression.expression)
        return f"{text} ({','.join(expression.programmes)})" if expression.programmes else text
    if isinstance(expression, SpecialRates):
        return " ".join(render(entry) for entry in expression.entries)
    raise TypeError(f"not a rate expression: {expression!r}")


def iter_components(expression: RateExpression) -> Iterator[RateExpression]:
    """The leaves of an expression (Free, AdValorem, Specific, Reference), bounds included."""
    if isinstance(expression, Compound):
        for part in expression.parts:
            yield from iter_components(part)
    elif isinstance(expression, Bounded):
        yield from iter_components(expression.expression)
        for bound in (expression.minimum, expression.maximum):
            if bound is not None:
                yield from iter_components(bound)
    else:
        yield expression
