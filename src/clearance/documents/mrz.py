"""Parse and verify the machine-readable zone (MRZ) of a travel document (ICAO Doc 9303, 8th ed.).

``parse_mrz(lines, as_of=...)`` reads the five Doc 9303 formats, detected from the shape of the
input: TD1 (3 lines of 30, ID cards), TD2 (2 x 36), TD3 (2 x 44, passports), MRV-A (2 x 44, first
character V) and MRV-B (2 x 36, first character V). It reports every field with its raw text, its
interpreted value and the findings about it; a finding's rule is declared in
:mod:`clearance.documents.mrz_rules`.

Reading choices, each stated so a reviewer can disagree:

* Input is one text with newlines or a list of lines; surrounding whitespace and blank lines are
  dropped. Lower-case ASCII letters are an ``MRZ.CHARSET`` error (the MRZ is upper-case OCR-B) but
  are read as upper-case so the rest of the report is still useful.
* Input of the wrong shape is never an exception: the report carries an ``MRZ.FORMAT`` finding and
  no fields. Only input that is not text at all raises :class:`~clearance.errors.InputError`.
* Centuries: a birth year is the latest year ending in YY that is not after ``as_of``'s year; an
  expiry year is the one ending in YY within 50 years before to 49 years after ``as_of``'s year.
  ``as_of`` is always the caller's: nothing here reads the clock.
* Check digits and field syntax are all Doc 9303 can verify. A valid MRZ says nothing about
  whether the document was issued, is genuine or belongs to the person presenting it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from clearance.documents import mrz_rules as R
from clearance.documents.mrz_codes import (
    COMPOSITE,
    DIGITS,
    FILLER,
    LAYOUTS,
    LETTERS,
    MRZ_CHARACTERS,
    SPECIMEN_STATE,
    MrzFormat,
    Slot,
    ascii_upper,
    birth_year,
    check_digit,
    detect_format,
    document_code_problem,
    expiry_year,
    state_code,
)
from clearance.errors import InputError, InputProblem
from clearance.model import Finding, Rule, Severity

__all__ = ["MrzField", "MrzFormat", "MrzReport", "detect_format", "parse_mrz"]

ENGINE = "mrz"  # the catalogue lists these rules under "mrz"; findings carry the same name


class MrzField(BaseModel):
    """One MRZ field: where it is, what it says, what it means and what is wrong with it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    raw: str
    value: date | int | str | None = None
    location: str
    checked_text: str | None = None  # check digits only: the characters the digit is computed over
    findings: tuple[Finding, ...] = ()


class MrzReport(BaseModel):
    """The outcome of reading one MRZ. ``valid`` means: no finding at error severity or above."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: MrzFormat | None
    as_of: date
    lines: tuple[str, ...]
    fields: dict[str, MrzField]
    general_findings: tuple[Finding, ...] = ()  # about the whole MRZ (shape, characters, specimen)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def findings(self) -> list[Finding]:
        return [*self.general_findings, *(f for fld in self.fields.values() for f in fld.findings)]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid(self) -> bool:
        return not any(f.severity.rank >= Severity.ERROR.rank for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; each finding appears in ``findings`` and under its field."""
        return self.model_dump(mode="json", exclude={"general_findings"})


FIELD_ORDER = ("document_code", "issuing_state", "name", "surname", "given_names", "document_number",
               "document_number_check_digit", "nationality", "birth_date", "birth_date_check_digit", "sex",
               "expiry_date", "expiry_date_check_digit", "optional_data", "optional_data_check_digit",
               "optional_data_2", "composite_check_digit")
NAME_PATTERN = re.compile(r"[A-Z]+(?:<[A-Z]+)*(?:<<[A-Z]+(?:<[A-Z]+)*)?")
SEX_VALUES = {"F": "female", "M": "male", FILLER: "unspecified", "X": "unspecified"}


def parse_mrz(lines: Sequence[str] | str, *, as_of: date) -> MrzReport:
    """Read and verify an MRZ as of a date. Raises InputError only when ``lines`` is not text."""
    given = _split(lines)
    general: list[Finding] = []
    for number, line in enumerate(given, 1):
        general += _charset_findings(number, line)
    upper = [ascii_upper(line) for line in given]
    fmt, problem = detect_format(upper)
    if fmt is None:
        general.append(R.FORMAT.finding(problem, evidence={"lines": len(upper), "lengths": [len(x) for x in upper]},
                                        location="MRZ", engine=ENGINE))
        return MrzReport(format=None, as_of=as_of, lines=tuple(given), fields={}, general_findings=tuple(general))
    fields = _Reader(fmt, upper, as_of).read()
    specimen = [name for name in ("issuing_state", "nationality") if fields[name].raw == SPECIMEN_STATE]
    if specimen:
        general.append(R.SPECIMEN_STATE.finding(
            f"{' and '.join(n.replace('_', ' ') for n in specimen)} UTO (Utopia): an ICAO specimen, not an "
            "issued document", evidence={"fields": specimen, "raw": SPECIMEN_STATE},
            location="; ".join(fields[n].location for n in specimen), engine=ENGINE))
    return MrzReport(format=fmt, as_of=as_of, lines=tuple(given), fields=fields, general_findings=tuple(general))


def _split(lines: object) -> list[str]:
    """Non-blank lines, stripped; a list item holding newlines is split too."""
    is_list = isinstance(lines, Sequence) and not isinstance(lines, str | bytes | bytearray)
    items = list(lines) if is_list else [lines]  # type: ignore[call-overload]
    texts = [item for item in items if isinstance(item, str)]
    if len(texts) != len(items):
        raise InputError("MRZ", [InputProblem("mrz", None, "expected the MRZ as text or a list of lines, "
                                              f"got {type(lines).__name__}")])
    return [part.strip() for text in texts for part in text.splitlines() if part.strip()]


def _charset_findings(number: int, line: str) -> list[Finding]:
    lower = [i + 1 for i, c in enumerate(line) if "a" <= c <= "z"]
    other = [i + 1 for i, c in enumerate(line) if c not in MRZ_CHARACTERS and not "a" <= c <= "z"]
    found = []
    if lower:
        found.append(R.CHARSET.finding(
            f"line {number} has lower-case letters; the MRZ is upper-case OCR-B (read as upper-case here)",
            evidence={"line": number, "positions": lower[:20]}, location=f"line {number}", engine=ENGINE))
    if other:
        found.append(R.CHARSET.finding(
            f"line {number} has characters outside A-Z, 0-9 and '<': "
            f"{', '.join(repr(line[i - 1]) for i in other[:5])}",
            evidence={"line": number, "positions": other[:20], "characters": [line[i - 1] for i in other[:20]]},
            location=f"line {number}", engine=ENGINE))
    return found


@dataclass
class _Draft:
    raw: str
    location: str
    value: date | int | str | None = None
    checked_text: str | None = None
    findings: list[Finding] = field(default_factory=list)


class _Reader:
    """Reads the fields of one detected format; holds only this one MRZ's state."""

    def __init__(self, fmt: MrzFormat, lines: list[str], as_of: date) -> None:
        self.fmt, self.lines, self.as_of = fmt, lines, as_of
        self.layout = LAYOUTS[fmt]
        self.drafts: dict[str, _Draft] = {}

    def read(self) -> dict[str, MrzField]:
        self._document_code()
        self._state("issuing_state", R.STATE_UNKNOWN)
        self._name()
        optional_start = self._document_number()
        self._state("nationality", R.NATIONALITY_UNKNOWN)
        birth = self._birth_date()
        expiry = self._expiry_date()
        if birth and expiry and birth > expiry:
            self._flag("birth_date", R.BIRTH_IMPLAUSIBLE, f"born {birth} after the document expires ({expiry})",
                       expiry_date=expiry.isoformat())
        self._sex()
        self._optional("optional_data", optional_start)
        if self.fmt is MrzFormat.TD3:
            self._check("optional_data_check_digit", R.CHECK_DIGIT_OPTIONAL_DATA,
                        self._text("optional_data"), filler_when_empty=True)
        if "optional_data_2" in self.layout:
            self._optional("optional_data_2", 0)
        if self.fmt in COMPOSITE:
            covered = "".join(slot.text(self.lines) for slot in COMPOSITE[self.fmt])
            self._check("composite_check_digit", R.CHECK_DIGIT_COMPOSITE, covered)
        return {name: MrzField(name=name, raw=d.raw, value=d.value, location=d.location,
                               checked_text=d.checked_text, findings=tuple(d.findings))
                for name in FIELD_ORDER if (d := self.drafts.get(name))}

    # --- helpers ---------------------------------------------------------------------------

    def _text(self, name: str) -> str:
        return self.layout[name].text(self.lines)

    def _draft(self, name: str) -> _Draft:
        draft = _Draft(self._text(name), self.layout[name].location)
        self.drafts[name] = draft
        return draft

    def _flag(self, name: str, rule: Rule, message: str, **evidence: Any) -> None:
        draft = self.drafts[name]
        draft.findings.append(rule.finding(f"{name.replace('_', ' ')}: {message}",
                                           evidence={"field": name, "raw": draft.raw, **evidence},
                                           location=draft.location, engine=ENGINE))

    def _check(self, name: str, rule: Rule, covered: str, *, filler_when_empty: bool = False,
               raw: str | None = None, location: str | None = None) -> None:
        draft = self._draft(name)
        if raw is not None and location is not None:
            draft.raw, draft.location = raw, location
        draft.checked_text = covered
        draft.value = int(draft.raw) if len(draft.raw) == 1 and draft.raw in DIGITS else None
        computed = check_digit(covered)
        if computed is None:  # a non-MRZ character: already an MRZ.CHARSET error, nothing to verify
            return
        if filler_when_empty and draft.raw == FILLER and set(covered) <= {FILLER}:
            return  # 9303-4 §4.2.2.2: an unused personal number may carry '<' as its check digit
        if draft.value != computed:
            shown = f"is {draft.raw}" if draft.value is not None else f"holds '{draft.raw}', not a digit"
            self._flag(name, rule, f"{shown}; computed {computed} over '{covered}'",
                       check_digit=draft.raw, computed=computed, checked_text=covered)

    # --- fields -----------------------------------------------------------------------------

    def _document_code(self) -> None:
        draft = self._draft("document_code")
        draft.value = draft.raw.rstrip(FILLER) or None
        if problem := document_code_problem(self.fmt.value, draft.raw):
            self._flag("document_code", R.DOCUMENT_CODE_INVALID, problem)

    def _state(self, name: str, rule: Rule) -> None:
        draft = self._draft(name)
        draft.value = state_code(draft.raw)
        if draft.value is None:
            self._flag(name, rule, f"'{draft.raw}' is not an ISO 3166-1 alpha-3 or Doc 9303-3 §5 code")

    def _name(self) -> None:
        draft = self._draft("name")
        raw, content = draft.raw, draft.raw.rstrip(FILLER)
        problems = []
        if not content:
            problems.append("the name field is empty")
        elif raw[0] == FILLER:
            problems.append("it starts with a filler; the primary identifier starts in the first position")
        if any(c in DIGITS for c in content):
            problems.append("it holds digits, which MRZ names never do")
        if any(c not in MRZ_CHARACTERS for c in content):
            problems.append("it holds characters other than letters and fillers")
        if content and not problems and not NAME_PATTERN.fullmatch(content):
            problems.append("components are separated by one filler and the primary from the secondary "
                            "identifier by two; other runs of fillers come only at the end")
        for problem in problems:
            self._flag("name", R.NAME_INVALID, problem)
        if raw[-1] in LETTERS:
            self._flag("name", R.NAME_TRUNCATED, "the last position holds a letter: the name may be truncated")
        primary, _, secondary = content.partition(FILLER * 2)
        surname, given = primary.replace(FILLER, " ").strip(), secondary.replace(FILLER, " ").strip()
        draft.value = f"{surname}, {given}" if given else surname or None
        slot = self.layout["name"]

        def where(offset: int, part: str) -> str:
            return Slot(slot.line, slot.start + offset, slot.start + offset + len(part)).location if part \
                else draft.location

        self.drafts["surname"] = _Draft(primary, where(0, primary), surname or None)
        self.drafts["given_names"] = _Draft(secondary, where(len(primary) + 2, secondary), given or None)

    def _document_number(self) -> int:
        """Reads the number and its check digit; returns how much optional data a long number uses."""
        draft = self._draft("document_number")
        raw, cd_slot = draft.raw, self.layout["document_number_check_digit"]
        draft.value = raw.rstrip(FILLER) or None
        if not raw.strip(FILLER):
            self._flag("document_number", R.DOCUMENT_NUMBER_INVALID, "the document number is empty")
        elif raw[0] == FILLER:
            self._flag("document_number", R.DOCUMENT_NUMBER_INVALID,
                       "it starts with a filler; data starts in the field's first position")
        if cd_slot.text(self.lines) != FILLER or self.fmt not in (MrzFormat.TD1, MrzFormat.TD2):
            self._check("document_number_check_digit", R.CHECK_DIGIT_DOCUMENT_NUMBER, raw)
            return 0
        # 9303-5 and -6 note j: '<' instead of the check digit marks a long number whose remaining
        # characters, then its check digit and a filler, open the optional data.
        optional = self.layout["optional_data"]
        continuation = optional.text(self.lines).split(FILLER, 1)[0]
        if len(continuation) < 2:
            self._flag("document_number", R.DOCUMENT_NUMBER_INVALID,
                       "the check digit position holds '<' (long number) but the optional data does not "
                       "continue the number with its check digit")
            self._draft("document_number_check_digit")
            return 0
        number, cd_at = raw + continuation[:-1], optional.start + len(continuation) - 1
        draft.value = number
        draft.location += f" and {Slot(optional.line, optional.start, cd_at).location}"
        self._check("document_number_check_digit", R.CHECK_DIGIT_DOCUMENT_NUMBER, number,
                    raw=continuation[-1], location=Slot(optional.line, cd_at, cd_at + 1).location)
        return len(continuation) + 1

    def _birth_date(self) -> date | None:
        draft = self._draft("birth_date")
        raw = draft.raw
        if FILLER in raw and _unknown_parts_ok(raw):
            self._flag("birth_date", R.BIRTH_UNKNOWN, f"'{raw}': unknown parts are written with fillers")
        else:
            draft.value = self._calendar_date("birth_date", birth_year)
            if isinstance(draft.value, date) and draft.value > self.as_of:
                self._flag("birth_date", R.BIRTH_IMPLAUSIBLE,
                           f"born {draft.value}, after the check date {self.as_of}", as_of=self.as_of.isoformat())
        self._check("birth_date_check_digit", R.CHECK_DIGIT_BIRTH_DATE, raw)
        return draft.value if isinstance(draft.value, date) else None

    def _expiry_date(self) -> date | None:
        draft = self._draft("expiry_date")
        draft.value = self._calendar_date("expiry_date", expiry_year)
        if isinstance(draft.value, date) and draft.value < self.as_of:
            self._flag("expiry_date", R.EXPIRED, f"expired on {draft.value}, before the check date {self.as_of}",
                       as_of=self.as_of.isoformat(), days_expired=(self.as_of - draft.value).days)
        self._check("expiry_date_check_digit", R.CHECK_DIGIT_EXPIRY_DATE, draft.raw)
        return draft.value if isinstance(draft.value, date) else None

    def _calendar_date(self, name: str, year_of: Callable[[int, date], int]) -> date | None:
        raw = self.drafts[name].raw
        if len(raw) != 6 or any(c not in DIGITS for c in raw):
            self._flag(name, R.DATE_INVALID, f"'{raw}' is not six digits YYMMDD")
            return None
        year = year_of(int(raw[:2]), self.as_of)
        try:
            return date(year, int(raw[2:4]), int(raw[4:]))
        except ValueError:
            self._flag(name, R.DATE_INVALID, f"'{raw}' is not a calendar date (read as {year}-{raw[2:4]}-{raw[4:]})")
            return None

    def _sex(self) -> None:
        draft = self._draft("sex")
        draft.value = SEX_VALUES.get(draft.raw)
        if draft.value is None:
            self._flag("sex", R.SEX_INVALID, f"'{draft.raw}' is not F, M or '<'")
        elif draft.raw == "X":
            self._flag("sex", R.SEX_X, "X read as unspecified (Doc 9303 prints '<' in the MRZ)")

    def _optional(self, name: str, used_by_number: int) -> None:
        draft = self._draft(name)
        draft.value = draft.raw[used_by_number:].rstrip(FILLER) or None


def _unknown_parts_ok(raw: str) -> bool:
    """9303-3 §4.8: unknown parts of a birth date are fillers; the known parts must still be valid."""
    parts = (raw[0:2], raw[2:4], raw[4:6])
    if len(raw) != 6 or not all(p == FILLER * 2 or (p[0] in DIGITS and p[1] in DIGITS) for p in parts):
        return False
    month, day = parts[1], parts[2]
    return (month == FILLER * 2 or 1 <= int(month) <= 12) and (day == FILLER * 2 or 1 <= int(day) <= 31)
