"""Field helpers shared by the stores of user decisions (product master, screening dispositions):
checked free text and UTC times."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from clearance.errors import InputProblem

# C0 control characters other than tab, line feed and carriage return: they are not text, and
# an XLSX export cannot hold them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def checked_text(problems: list[InputProblem], name: str, value: str | None, *, required: bool,
                 max_length: dict[str, int]) -> str | None:
    """Stripped text, or None when empty and optional; records a problem otherwise
    (empty when required, control characters, longer than ``max_length[name]``)."""
    text = (value or "").strip()
    if not text:
        if required:
            problems.append(InputProblem(name, name, "must not be empty"))
        return None
    if CONTROL.search(text):
        problems.append(InputProblem(name, name, "contains control characters"))
    limit = max_length.get(name)
    if limit and len(text) > limit:
        problems.append(InputProblem(name, name, f"is {len(text)} characters long; at most {limit} allowed"))
    return text


def as_utc(moment: datetime) -> datetime:
    """A stored time in UTC: SQLite hands back naive datetimes; they were stored as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def aware_utc(at: datetime) -> datetime:
    """A time passed in, in UTC; a naive one is refused (its zone would be a guess)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("'at' must be a timezone-aware datetime")
    return at.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a 'Z': 2026-03-01T09:30:00Z (whole seconds)."""
    return as_utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")
