"""Which lists are screened, and the screener built from their active snapshots.

Every sanctions / denied-party dataset that is loaded is screened. The US Consolidated
Screening List repeats OFAC's lists (its Treasury rows); when the OFAC files themselves are
loaded, those CSL rows are left out so that one designation does not raise two alerts.

The screener is built once per reference-data accessor; with a ``screening_cache`` folder it is
read from the index stored there for the same lists (``stored``), and built and stored when
there is none, so that only the first process after an import (``clearance data import``
itself) pays for preparing every name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clearance.refdata import ReferenceData
from clearance.screening import stored
from clearance.screening.features import MatcherConfig
from clearance.screening.matcher import Screener

logger = logging.getLogger(__name__)

SCREENING_DATASETS: tuple[str, ...] = (
    "ofac_sdn", "ofac_cons", "csl", "un", "uk", "eu_fin", "eu_travel", "au_dfat", "ca_sema", "mas", "nl")

# CSL "source" values of rows that come from OFAC's SDN and consolidated (non-SDN) lists.
_CSL_TREASURY_MARK = "Treasury Department"
_CSL_SDN_MARK = "Specially Designated Nationals"


@dataclass(frozen=True)
class LoadedLists:
    entities: Sequence[dict[str, Any]]  # stored ListEntity dumps (the screener validates the ones it matches)
    snapshots: dict[str, str]  # dataset -> active snapshot id
    skipped_duplicates: int  # CSL rows left out because the OFAC list itself is loaded


def load_entities(reference: ReferenceData, datasets: tuple[str, ...] = SCREENING_DATASETS) -> LoadedLists:
    """The entities of every loaded screening dataset (in ``datasets``)."""
    snapshots = active_snapshots(reference, datasets)
    entities: list[dict[str, Any]] = []
    skipped = 0
    for dataset in snapshots:
        for record in reference.records(dataset):
            if dataset == "csl" and _duplicated_by_ofac(record, snapshots):
                skipped += 1
                continue
            entities.append(record)
    return LoadedLists(entities, snapshots, skipped)


def active_snapshots(reference: ReferenceData, datasets: tuple[str, ...] = SCREENING_DATASETS) -> dict[str, str]:
    """Dataset -> active snapshot id of every loaded screening dataset (in ``datasets``)."""
    return {d: reference.snapshot(d).id for d in datasets if reference.has(d)}  # type: ignore[union-attr]


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
    """The screener over every loaded list, once per accessor (read from ``reference.screening_cache``
    when the index of these lists is stored there); None when no list is loaded."""
    if not any(reference.has(d) for d in SCREENING_DATASETS):
        return None
    return reference.derived("screener", SCREENING_DATASETS,
                             lambda: _stored_or_built(reference, config or MatcherConfig()))


def _stored_or_built(reference: ReferenceData, config: MatcherConfig) -> LoadedScreener:
    cache = reference.screening_cache
    snapshots = active_snapshots(reference)
    key = stored.cache_key(snapshots, config)
    if cache is not None:
        found = stored.read(cache, key, config)
        if found is not None:
            reference.used.update(snapshots.values())  # what reading the entries would have recorded
            lists = LoadedLists(found.entities, found.snapshots, found.skipped_duplicates)
            return LoadedScreener(Screener(found.index), lists)
    with stored.collector_paused():  # reading the entries and preparing their names: half the time without it
        lists = load_entities(reference)
        screener = Screener.from_entities(lists.entities, config)
    if cache is not None:
        try:
            stored.write(cache, key, screener.index, lists.snapshots, lists.skipped_duplicates)
        except (OSError, ValueError) as exc:  # a cache that cannot be written must not stop a screen
            logger.warning("screening index not stored in %s: %s", cache, exc)
    return LoadedScreener(screener, lists)
