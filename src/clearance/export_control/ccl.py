"""A Commerce Control List entry and which of its control rows reach a given item.

An ECCN's "License Requirements" section (15 CFR 774 Supp. No. 1) lists control rows: a
reason for control, the items it covers ("NS applies to entire entry", "MT applies to
3A001.a.1.a when usable in missiles") and either Country Chart columns (15 CFR 738.4) or a
destination rule outside the chart. Which rows reach an item depends on the paragraph it
falls under, so a row is judged ``applies``, ``does not apply`` or ``may apply`` (the row
names paragraphs the line did not state, or a condition only the exporter can confirm).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from clearance.export_control.eccn import Eccn


class Reach(StrEnum):
    APPLIES = "applies"
    DOES_NOT_APPLY = "does not apply"
    MAY_APPLY = "may apply"


@dataclass(frozen=True)
class Applicability:
    reach: Reach
    why: str


@dataclass(frozen=True)
class ControlRow:
    reason: str  # NS, MT, RS, AT, UN, EI ...
    scope: str  # "NS applies to entire entry except 0A501.y"
    chart: str  # "NS Column 1." or a destination rule outside the chart
    columns: tuple[str, ...]  # Country Chart columns, e.g. ("NS1",)


@dataclass(frozen=True)
class CclEntry:
    """One ECCN of the CCL as the ``ear_ccl`` dataset stores it."""

    eccn: str
    heading: str
    reasons: tuple[str, ...]
    controls: tuple[ControlRow, ...]
    license_requirement_notes: tuple[str, ...]
    lvs_eligible: str  # yes / no / partial / ""
    lvs_limits: tuple[Decimal, ...]
    lvs_text: str
    gbs_eligible: str
    gbs_text: str
    tsr_eligible: str
    tsr_text: str
    sta_text: str
    other_exceptions: tuple[str, ...]
    paragraphs: tuple[str, ...] | None  # level-1 paragraph letters, None when the item text is cut short
    fields_as_of: str  # eCFR date the licence fields come from, "none" when not captured
    fields_source: str
    needs_verification: bool
    note: str

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CclEntry:
        controls = tuple(ControlRow(c.get("reason", ""), c.get("scope", ""), c.get("chart", ""),
                                    tuple(c.get("columns") or ())) for c in record.get("controls") or ())
        items = record.get("items_text") or ""
        paragraphs = None
        if items and not record.get("items_truncated"):
            paragraphs = tuple(m.group(1) for m in re.finditer(r"(?:^|\|\s*)([a-z])\.\s", items))
        return cls(
            eccn=record["eccn"], heading=record.get("heading") or "",
            reasons=tuple(record.get("reasons_for_control") or ()), controls=controls,
            license_requirement_notes=tuple(_as_list(record.get("license_requirement_notes"))),
            lvs_eligible=(record.get("lvs_eligible") or "").lower(),
            lvs_limits=tuple(sorted(Decimal(str(v)) for v in record.get("lvs_value_limits_usd") or ())),
            lvs_text=record.get("lvs_text") or "", gbs_eligible=(record.get("gbs_eligible") or "").lower(),
            gbs_text=record.get("gbs_text") or "", tsr_eligible=(record.get("tsr_eligible") or "").lower(),
            tsr_text=record.get("tsr_text") or "", sta_text=record.get("sta_text") or "",
            other_exceptions=tuple(_as_list(record.get("other_license_exceptions"))),
            paragraphs=paragraphs or None, fields_as_of=record.get("license_fields_as_of") or "none",
            fields_source=record.get("license_fields_source") or "",
            needs_verification=bool(record.get("needs_verification")), note=record.get("note") or "",
        )

    @property
    def itar_pointer(self) -> bool:
        """An entry that only says its items are subject to the ITAR (e.g. 0A002, 9A005)."""
        return not self.controls and "itar" in (self.note + " " + self.heading).lower()

    @property
    def fields_missing(self) -> bool:
        return not self.controls and not self.itar_pointer


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


# Paragraph references in a scope text: "3A001.b.2" (own ECCN only), "b.3", "z.2.a", ".e".
_PREFIXED = re.compile(r"\b(\d[A-E]\d{3})((?:\.[a-z0-9]+)*)")
_BARE = re.compile(r"(?<![A-Za-z0-9.])\.?([a-z](?:\.[a-z0-9]+)+)\b|(?<![A-Za-z0-9])\.([a-z])\b")
_NOT_REFS = {"e.g", "i.e"}
_EXCEPT = re.compile(r"\bexcept\b:?", re.IGNORECASE)
# Words that make a row depend on facts beyond the paragraph (end use, parameters, design).
_CONDITION = re.compile(r"\b(when|if|unless|usable in|for use in|that meet|meet or exceed|having|designed or "
                        r"modified|being exported|specially designed for)\b", re.IGNORECASE)


def paragraph_refs(text: str, eccn: str) -> tuple[list[str], bool]:
    """The paragraphs of ``eccn`` a text names, and whether it names the entry as a whole."""
    refs: list[str] = []
    whole = False
    spans: list[tuple[int, int]] = []
    for match in _PREFIXED.finditer(text):
        spans.append(match.span())
        if match.group(1) != eccn:
            continue  # a parameter borrowed from another entry ("that meet ... 3A201.a")
        paragraph = match.group(2).lstrip(".")
        if paragraph:
            refs.append(paragraph)
        else:
            whole = True
    for match in _BARE.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        ref = match.group(1) or match.group(2)
        if ref and ref not in _NOT_REFS:
            refs.append(ref)
    return refs, whole


def _declared_only(ref: str) -> bool:
    """Paragraphs an exporter must name to be in them: ".y" (lesser-controlled 600-series and 0x5zz items) and
    ".z" (items meeting the advanced-computing parameters of 3A090/4A090). A line that names only the ECCN is
    read as outside them."""
    return ref.split(".")[0] in ("y", "z")


def under(paragraph: str, ref: str) -> bool:
    return paragraph == ref or paragraph.startswith(ref + ".")


def applicability(row: ControlRow, eccn: Eccn) -> Applicability:
    """Whether a control row reaches the item ``eccn`` names (with its paragraph, if any)."""
    scope = row.scope
    parts = _EXCEPT.split(scope, maxsplit=1)
    applies_part, except_part = parts[0], (parts[1] if len(parts) > 1 else "")
    refs, named_whole = paragraph_refs(applies_part, eccn.code)
    whole = named_whole or "entire entry" in applies_part.lower()
    exclusions: list[str] = []
    conditional = _CONDITION.search(applies_part) is not None
    exclusion_conditional = False  # "except: 9A610.x if being exported for use in ...": only for those paragraphs
    if except_part.strip():
        head = except_part.strip(" :;,(")
        excluded, _ = paragraph_refs(except_part, eccn.code)
        if excluded and (_PREFIXED.match(head) or _BARE.match(head)):
            exclusions = excluded
            exclusion_conditional = _CONDITION.search(except_part) is not None
        else:  # "except those ... being exported for use in civil telecommunications": an end-use condition
            conditional = True
    paragraph = eccn.paragraph
    if not whole and not refs:
        return Applicability(Reach.MAY_APPLY, f"scope not resolved to paragraphs: '{scope}'")
    if paragraph and any(under(paragraph, ref) for ref in exclusions):
        if exclusion_conditional:
            return Applicability(Reach.MAY_APPLY, f"{eccn.full} is in an exception of this row that has a "
                                 f"condition: '{scope}'")
        return Applicability(Reach.DOES_NOT_APPLY, f"{eccn.full} is excepted: '{scope}'")
    if whole:
        if exclusions and not paragraph and all(_declared_only(ref) for ref in exclusions):
            return Applicability(Reach.APPLIES, f"applies to the entire entry; the excepted {', '.join(exclusions)} "
                                 f"items must be declared as such ('{scope}')")
        if exclusions and (not paragraph or any(ref.startswith(paragraph + ".") for ref in exclusions)):
            return Applicability(Reach.MAY_APPLY, f"applies unless the item is in {', '.join(exclusions)}: "
                                 f"state the paragraph ('{scope}')")
        reach, why = Reach.APPLIES, f"applies to the entire entry: '{scope}'"
    elif paragraph and any(under(paragraph, ref) for ref in refs):
        reach, why = Reach.APPLIES, f"{eccn.full} is named: '{scope}'"
    elif not paragraph and all(_declared_only(ref) for ref in refs):
        return Applicability(Reach.DOES_NOT_APPLY, f"applies only to {', '.join(dict.fromkeys(refs))}, items that "
                             f"must be declared under that paragraph; none is declared ('{scope}')")
    elif not paragraph or any(ref.startswith(paragraph + ".") for ref in refs):
        return Applicability(Reach.MAY_APPLY, f"applies only to {', '.join(dict.fromkeys(refs))}: state the "
                             f"paragraph ('{scope}')")
    else:
        return Applicability(Reach.DOES_NOT_APPLY, f"{eccn.full} is not among {', '.join(dict.fromkeys(refs))}")
    if conditional:
        return Applicability(Reach.MAY_APPLY, f"{why.split(':')[0]}, on a condition the exporter must confirm: "
                             f"'{scope}'")
    return Applicability(reach, why)
