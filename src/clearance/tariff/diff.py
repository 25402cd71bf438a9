"""Differences between two HTS revisions: how a compliance officer follows regulatory change.

Lines are matched by HTS number. Only chapters present in both revisions are compared; a
chapter present in one only is listed as such, so a partial export (the shared JSON export
lacks chapters 65, 85, 98, 99) does not show up as thousands of additions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clearance.tariff.schedule import Schedule

_RATE_COLUMNS = ("general", "special", "column2")


@dataclass
class Change:
    code: str
    kind: str  # added, removed, redescribed, rates, units
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScheduleDiff:
    old: str
    new: str
    chapters_only_in_old: list[str]
    chapters_only_in_new: list[str]
    changes: list[Change]

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> dict[str, int]:
        kinds = ("added", "removed", "redescribed", "rates", "units")
        return {k: len(self.of_kind(k)) for k in kinds}


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def diff_schedules(old: Schedule, new: Schedule) -> ScheduleDiff:
    before, after = old.by_code(), new.by_code()
    chapters_old = {c[:2] for c in before}
    chapters_new = {c[:2] for c in after}
    shared = chapters_old & chapters_new
    changes: list[Change] = []
    for code in sorted(set(before) | set(after)):
        if code[:2] not in shared:
            continue
        a, b = before.get(code), after.get(code)
        if a is None:
            changes.append(Change(code, "added", None, b))
        elif b is None:
            changes.append(Change(code, "removed", a, None, {"successors": successors(code, after)}))
        else:
            if not _same_text(a["description"], b["description"]) or not all(
                    _same_text(x, y) for x, y in zip(a["path"], b["path"], strict=False)) \
                    or len(a["path"]) != len(b["path"]):
                changes.append(Change(code, "redescribed", a, b, {
                    "old_path": a["path"], "new_path": b["path"]}))
            rate_changes = {c: {"old": a.get(c, ""), "new": b.get(c, "")} for c in _RATE_COLUMNS
                            if not _same_text(a.get(c, ""), b.get(c, ""))}
            if rate_changes:
                changes.append(Change(code, "rates", a, b, rate_changes))
            if [u.strip() for u in a.get("units", [])] != [u.strip() for u in b.get("units", [])]:
                changes.append(Change(code, "units", a, b, {"old": a.get("units"), "new": b.get("units")}))
    return ScheduleDiff(old.revision.label, new.revision.label, sorted(chapters_old - chapters_new),
                        sorted(chapters_new - chapters_old), changes)


def successors(code: str, lines: dict[str, dict[str, Any]]) -> list[str]:
    """Candidate successors of a retired code: lines of the same length under the longest
    prefix that still exists (the usual shape of a split or renumbering)."""
    for prefix_length in range(len(code) - 2, 3, -2):
        prefix = code[:prefix_length]
        found = sorted(c for c in lines if c.startswith(prefix) and len(c) == len(code))
        if found:
            return found[:10]
    return []
