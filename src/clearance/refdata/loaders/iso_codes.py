"""ISO 3166-1 countries and ISO 4217 currencies, from the pycountry package's ISO tables."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pycountry

from clearance.refdata.dataset import LoadResult


def _edition() -> str:
    return f"pycountry {version('pycountry')} (Debian iso-codes)"


def load_countries(_paths: dict[str, Path]) -> LoadResult:
    records = (
        (c.alpha_2, {"alpha_2": c.alpha_2, "alpha_3": c.alpha_3, "numeric": c.numeric,
                     "name": c.name, "official_name": getattr(c, "official_name", None)})
        for c in pycountry.countries
    )
    return LoadResult(records, edition=_edition())


def load_currencies(_paths: dict[str, Path]) -> LoadResult:
    records = (
        (c.alpha_3, {"alpha_3": c.alpha_3, "numeric": c.numeric, "name": c.name})
        for c in pycountry.currencies
    )
    return LoadResult(records, edition=_edition())
