"""Licence exceptions a line *may* use (15 CFR part 740), each with the conditions to confirm.

An exception is never reported as an authorisation: the exporter must meet every condition
of its section and of 15 CFR 740.2 (restrictions on all licence exceptions), and keep the
records. This module only screens out what the CCL entry, the destination's Country Groups,
the reasons that triggered the licence and the declared value already rule out:

* LVS (740.3): Country Group B, net value per shipment of the ECCN within the entry's
  LVS limit, and not where the entry says "N/A" for a triggering reason;
* GBS (740.4): Country Group B, "GBS: Yes" and the licence is required for NS reasons only;
* TSR (740.6): software and technology ("D"/"E" groups), Group B, NS only, "TSR: Yes";
* STA (740.20): A:5 (paragraph (c)(1)) or A:6 for NS-only items (paragraph (c)(2)), never
  for MT reasons, subject to the entry's STA exclusions and the consignee statement;
* ENC (740.17): Category 5 Part 2 items controlled for EI, not to Country Groups E:1/E:2;
* TMP (740.9) and RPL (740.10): offered only when the line says the export is temporary or
  a replacement, since the rest of their conditions are facts about the transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from clearance.export_control.ccl import CclEntry, paragraph_refs, under
from clearance.export_control.destination import Destination
from clearance.export_control.eccn import Eccn
from clearance.model.export import LineExport

ALWAYS = "15 CFR 740.2 (restrictions on all licence exceptions) and the recordkeeping of part 762"


@dataclass(frozen=True)
class ExceptionCandidate:
    symbol: str
    section: str
    eligible: bool  # True: may be eligible on the conditions; False: ruled out, ``conditions`` says why
    conditions: str

    def describe(self) -> str:
        if self.eligible:
            return f"{self.symbol} ({self.section}) may be eligible, conditions: {self.conditions}"
        return f"{self.symbol} ({self.section}) not available: {self.conditions}"


def _yes(flag: str) -> bool:
    return flag in ("yes", "partial")


_NA_FOR = re.compile(r"N/A for ([^;.]*)")
_REASON = re.compile(r"\b(NS|MT|NP|CB|RS|CC|FC|AT|EI|UN|SL|SI|CW)\b")


def _not_applicable_reasons(text: str) -> set[str]:
    """Reasons an exception paragraph rules out: "N/A for MT, NP; ..." -> {"MT", "NP"}."""
    return {code for segment in _NA_FOR.findall(text) for code in _REASON.findall(segment)}


def _lvs_limits_for(entry: CclEntry, eccn: Eccn) -> tuple[Decimal, ...] | None:
    """The LVS limits that can apply to the declared paragraph: all of them when no paragraph is declared or the
    text names none; the amount heading the paragraph's group ("$3000: 3A001.b.1, ..."); None when the text
    names paragraphs and the declared one is not among them or is "N/A"."""
    if not eccn.paragraph:
        return entry.lvs_limits
    allowed_text = re.sub(r"N/A for [^;]*?(?=;|Yes|$)", " ", entry.lvs_text)
    excluded, _ = paragraph_refs(" ".join(_NA_FOR.findall(entry.lvs_text)), entry.eccn)
    if any(under(eccn.paragraph, ref) for ref in excluded):
        return None
    limit: Decimal | None = None
    found: dict[str, Decimal] = {}
    for token in re.finditer(r"\$\s?([\d,]+)|(\S+)", allowed_text):
        if token.group(1):
            limit = Decimal(token.group(1).replace(",", ""))
            continue
        for ref in paragraph_refs(token.group(2), entry.eccn)[0]:
            if limit is not None:
                found.setdefault(ref, limit)
    if not found:
        return entry.lvs_limits
    matching = [amount for ref, amount in found.items() if under(eccn.paragraph, ref)]
    return (min(matching),) if matching else None


def _lvs(entry: CclEntry, eccn: Eccn, dest: Destination, reasons: set[str],
         value: Decimal | None) -> ExceptionCandidate:
    section = "15 CFR 740.3"
    if not _yes(entry.lvs_eligible) or not entry.lvs_limits:
        return ExceptionCandidate("LVS", section, False, f"the entry allows no LVS ('{entry.lvs_text or 'N/A'}')")
    if not dest.in_group("B"):
        return ExceptionCandidate("LVS", section, False, f"{dest.country} is not in Country Group B")
    barred = sorted(reasons & _not_applicable_reasons(entry.lvs_text))
    if barred:
        return ExceptionCandidate("LVS", section, False, f"LVS is N/A for {', '.join(barred)} ('{entry.lvs_text}')")
    limits = _lvs_limits_for(entry, eccn)
    if limits is None:
        return ExceptionCandidate("LVS", section, False, f"{eccn.full} is not among the paragraphs LVS covers "
                                  f"('{entry.lvs_text}')")
    low, high = limits[0], limits[-1]
    limit_text = f"${low:,}" if low == high else f"${low:,} to ${high:,} by paragraph"
    if value is None:
        return ExceptionCandidate("LVS", section, True, f"net value of the shipment of {entry.eccn} within "
                                  f"{limit_text} ('{entry.lvs_text}'); value not given; {ALWAYS}")
    if value > high:
        return ExceptionCandidate("LVS", section, False, f"net value ${value:,} exceeds the LVS limit of "
                                  f"${high:,} ('{entry.lvs_text}')")
    paragraph_note = "" if value <= low else f"; ${value:,} is over ${low:,}: only paragraphs with a higher limit qualify"
    partial = "" if eccn.paragraph or not paragraph_refs(entry.lvs_text, entry.eccn)[0] else \
        "; only the paragraphs the entry lists qualify"
    return ExceptionCandidate("LVS", section, True, f"net value ${value:,} within {limit_text} "
                              f"('{entry.lvs_text}'){paragraph_note}{partial}; no splitting of orders "
                              f"(740.3(d)); {ALWAYS}")


_RANGE = re.compile(r"\b([a-z](?:\.[a-z0-9]+)*)\.(\d+) to (?:\1\.)?(\d+)\b")


def _covers(text: str, code: str, eccn: Eccn) -> bool | None:
    """Whether an exception paragraph ("Yes for 3A001.a.1.b, a.2 to a.14, ...") covers the declared paragraph;
    None when no paragraph is declared or the text names none. Ranges "a.2 to a.14" are expanded."""
    if not eccn.paragraph:
        return None
    refs, _ = paragraph_refs(text, code)
    for match in _RANGE.finditer(text):
        stem, first, last = match.group(1), int(match.group(2)), int(match.group(3))
        refs += [f"{stem}.{n}" for n in range(first, last + 1)]
    if not refs:
        return None
    return any(under(eccn.paragraph, ref) for ref in refs)


def _gbs(entry: CclEntry, eccn: Eccn, dest: Destination, reasons: set[str]) -> ExceptionCandidate:
    section = "15 CFR 740.4"
    if not _yes(entry.gbs_eligible):
        return ExceptionCandidate("GBS", section, False, f"the entry says GBS: {entry.gbs_text or 'N/A'}")
    if reasons != {"NS"}:
        return ExceptionCandidate("GBS", section, False, "the licence is required for reasons other than NS: "
                                  + ", ".join(sorted(reasons)))
    if not dest.in_group("B"):
        return ExceptionCandidate("GBS", section, False, f"{dest.country} is not in Country Group B")
    if _covers(entry.gbs_text, entry.eccn, eccn) is False:
        return ExceptionCandidate("GBS", section, False, f"{eccn.full} is not among the paragraphs GBS covers "
                                  f"('{entry.gbs_text}')")
    partial = f"; only {entry.gbs_text}" if entry.gbs_eligible == "partial" else ""
    return ExceptionCandidate("GBS", section, True, f"Country Group B, NS reasons only{partial}; {ALWAYS}")


def _tsr(entry: CclEntry, eccn: Eccn, dest: Destination, reasons: set[str]) -> ExceptionCandidate | None:
    if eccn.product_group not in ("D", "E") or not _yes(entry.tsr_eligible):
        return None
    section = "15 CFR 740.6"
    if reasons != {"NS"} or not dest.in_group("B"):
        return ExceptionCandidate("TSR", section, False, "needs Country Group B and NS reasons only")
    return ExceptionCandidate("TSR", section, True, f"written assurance from the consignee before export "
                              f"(740.6(a)); {entry.tsr_text}; {ALWAYS}")


def _sta(entry: CclEntry, dest: Destination, reasons: set[str]) -> ExceptionCandidate | None:
    section = "15 CFR 740.20"
    if not dest.in_group("A:5", "A:6"):
        return None
    if "MT" in reasons:
        return ExceptionCandidate("STA", section, False, "STA may not be used for items controlled for MT reasons")
    if dest.in_group("A:6") and not dest.in_group("A:5") and reasons != {"NS"}:
        return ExceptionCandidate("STA", section, False, "A:6 destinations qualify only for items controlled "
                                  "for NS reasons only (740.20(c)(2))")
    paragraph = "(c)(1) (Country Group A:5)" if dest.in_group("A:5") else "(c)(2) (Country Group A:6)"
    exclusions = f"; the entry's STA exclusions: '{entry.sta_text}'" if entry.sta_text else ""
    return ExceptionCandidate("STA", section, True, f"paragraph {paragraph}; the ECCN notified to the consignee "
                              f"and a prior consignee statement obtained (740.20(d)){exclusions}; {ALWAYS}")


def _enc(eccn: Eccn, entry: CclEntry, dest: Destination) -> ExceptionCandidate | None:
    if not eccn.is_information_security or "EI" not in entry.reasons:
        return None
    section = "15 CFR 740.17"
    if dest.in_group("E:1", "E:2"):
        return ExceptionCandidate("ENC", section, False, "not to Country Groups E:1 or E:2")
    return ExceptionCandidate("ENC", section, True, "740.17(a)(1) for end users headquartered in a "
                              "Supplement No. 3 country or U.S. subsidiaries; otherwise 740.17(b)(1)-(b)(3) after "
                              "the self-classification report or classification request those paragraphs require; "
                              f"government end users restricted under 740.17(b)(2)-(3); {ALWAYS}")


def candidates(entry: CclEntry, eccn: Eccn, dest: Destination, reasons: set[str], value: Decimal | None,
               context: LineExport | None) -> list[ExceptionCandidate]:
    """Every exception worth telling the exporter about, eligible first, in section order."""
    found: list[ExceptionCandidate | None] = [
        _lvs(entry, eccn, dest, reasons, value), _gbs(entry, eccn, dest, reasons), _tsr(entry, eccn, dest, reasons),
        _enc(eccn, entry, dest), _sta(entry, dest, reasons)]
    if context is not None and context.temporary:
        found.append(ExceptionCandidate("TMP", "15 CFR 740.9", True, "temporary export (tools of trade, exhibition, "
                                        "demonstration, repair) returned within one year, under the exporter's "
                                        f"effective control (740.9(a)); {ALWAYS}"))
    if context is not None and context.replacement:
        found.append(ExceptionCandidate("RPL", "15 CFR 740.10", True, "one-for-one replacement of parts or "
                                        "servicing of an item lawfully exported before, no enhancement "
                                        f"(740.10(a)); {ALWAYS}"))
    kept = [c for c in found if c is not None]
    return sorted(kept, key=lambda c: (not c.eligible, c.section))


def other_exceptions(entry: CclEntry) -> list[str]:
    """Exceptions the entry names that this module does not evaluate (APP, NAC/ACA, ACM, HBM ...)."""
    return list(entry.other_exceptions)
