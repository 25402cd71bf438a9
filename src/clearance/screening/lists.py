"""Which lists are screened, and the screener built from their active snapshots.

Every sanctions / denied-party dataset that is loaded is screened. The US Consolidated
Screening List repeats OFAC's lists (its Treasury rows); when the OFAC files themselves are
loaded, those CSL rows are left out so that one designation does not raise two alerts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearance.refdata import ReferenceData
from clearance.screening.features import MatcherConfig
from clearance.screening.matcher import Screener

SCREENING_DATASETS: tuple[str, ...] = (
    "ofac_sdn", "ofac_cons", "csl", "un", "uk", "eu_fin", "eu_travel", "au_dfat", "ca_sema", "mas", "nl")

# CSL "source" values of rows that come from OFAC's SDN and consolidated (non-SDN) lists.
_CSL_TREASURY_MARK = "Treasury Department"
_CSL_SDN_MARK = "Specially Designated Nationals"


@dataclass(frozen=True)
class LoadedLists:
    entities: list[dict[str, Any]]  # stored ListEntity dumps (the screener validates the ones it matches)
    snapshots: dict[str, str]  # dataset -> active snapshot id
    skipped_duplicates: int  # CSL rows left out because the OFAC list itself is loaded


def load_entities(reference: ReferenceData, datasets: tuple[str, ...] = SCREENING_DATASETS) -> LoadedLists:
    """The entities of every loaded screening dataset (in ``datasets``)."""
    snapshots = {d: reference.snapshot(d).id for d in datasets if reference.has(d)}  # type: ignore[union-attr]
    entities: list[dict[str, Any]] = []
    skipped = 0
    for dataset in snapshots:
        for record in reference.records(dataset):
            if dataset == "csl" and _duplicated_by_ofac(record, snapshots):
                skipped += 1
                continue
            entities.append(record)
    return LoadedLists(entities, snapshots, skipped)


def _duplicated_by_ofac(record: dict[str, Any], snapshots: dict[str, str]) -> bool:
    source = record.get("source") or ""
    if _CSL_TREASURY_MARK not in source:
        return False
    if _CSL_SDN_MARK in source:
        return "ofac_sdn" in snapshots
    return "ofac_cons" in snapshots


@dataclass(frozen=True)
class LoadedScreener:
    screener: Screener
    lists: LoadedLists


def screener_for(reference: ReferenceData, config: MatcherConfig | None = None) -> LoadedScreener | None:
    """The screener over every loaded list, built once per accessor; None when no list is loaded."""
    if not any(reference.has(d) for d in SCREENING_DATASETS):
        return None

    def build() -> LoadedScreener:
        lists = load_entities(reference)
        return LoadedScreener(Screener.from_entities(lists.entities, config), lists)

    return reference.derived("screener", SCREENING_DATASETS, build)
