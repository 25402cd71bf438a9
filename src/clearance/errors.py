"""Clearance's exception hierarchy.

Every error Clearance raises on purpose derives from :class:`ClearanceError`::

    ClearanceError
    ├── InputError                 bad user input (exit code 2); names file, line/JSON path, field
    │   └── InputFileError         the file itself cannot be read (missing, empty, bad encoding)
    ├── ReferenceDataError         reference data problems
    │   ├── DatasetNotLoaded       an engine asked for a dataset that has no active snapshot
    │   ├── CountAssertionError    a loaded dataset's record count is outside its declared range
    │   ├── SourceFetchError       a download failed or its checksum did not match
    │   └── ExchangeRateNotFound   no usable rate of exchange for a currency on a date
    └── ConfigurationError         settings that cannot work (bad database URL, unwritable data dir)

Engines never let an exception escape into the report: the pipeline turns it into an
``ENGINE.FAILED`` finding (see :mod:`clearance.pipeline`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class ClearanceError(Exception):
    """Base class of every error Clearance raises deliberately."""


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input: where it is and what is wrong."""

    location: str  # "line 4" or "lines[2].quantity.unit"
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.location
        if self.field and self.field not in where:
            where = f"{where}, field '{self.field}'"
        return f"{where}: {self.message}"


@dataclass
class InputError(ClearanceError):
    """Bad input. Carries every problem found, each naming its location and field."""

    source: str
    problems: list[InputProblem] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.problems:
            return f"{self.source}: invalid input"
        head = f"{self.source}: {len(self.problems)} problem(s)"
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class InputFileError(InputError):
    """The input file cannot be read at all (missing, empty, undecodable, wrong format)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(source, [InputProblem("file", None, message)])


class ReferenceDataError(ClearanceError):
    """A reference dataset is missing, malformed, or failed its declared checks."""


class DatasetNotLoaded(ReferenceDataError):
    """No active snapshot exists for a dataset an engine needs."""

    def __init__(self, dataset: str) -> None:
        super().__init__(
            f"reference dataset '{dataset}' is not loaded; run "
            f"'clearance data import DIR' or 'clearance data update'"
        )
        self.dataset = dataset


class CountAssertionError(ReferenceDataError):
    """A dataset's record count fell outside its declared range: the source changed shape."""


class SourceFetchError(ReferenceDataError):
    """Downloading a dataset's source failed, or the download's checksum did not match."""


class ExchangeRateNotFound(ReferenceDataError):
    """No usable rate of exchange for a currency on a date (19 CFR 159.31-159.35); never a silent 1.0."""

    def __init__(self, currency: str, day: date, message: str) -> None:
        super().__init__(message)
        self.currency = currency
        self.day = day


class ConfigurationError(ClearanceError):
    """Settings that cannot work."""
