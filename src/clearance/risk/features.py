"""Declaration features for the risk model and the profiles, fitted on training data only.

:class:`FeatureEncoder` learns, from the training declarations alone (never from the
declarations it will score):

* a code table for each low-cardinality field (office, import type, countries, ...); a value
  first seen after training is *missing* (NaN), not a new code, so the model cannot key on it;
* the reference distribution of the unit price (value per kg: the declarations carry net
  mass as their only quantity) per HS6 code and per HS6 code and origin: median and median
  absolute deviation of its logarithm, the robust statistics of the WCO's valuation risk
  indicators, which one mis-declared price cannot drag;
* how many declarations each importer, declarant and seller filed (trader history).

Trader ids themselves are *not* model features: as arbitrary codes they only let trees
memorise traders (benchmarks/risk.py, ablation on the KCS valid split: precision@5% 0.995
without them, 0.983 with their label codes). History counts feed the profiles ("first-time
importer") instead. The encoder is stored as JSON next to the LightGBM text model.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from clearance.risk.declarations import Declarations

CATEGORICAL = ("office_id", "process_type", "import_type", "import_use", "payment_type", "transport_mode",
               "courier_id", "departure_country", "origin_country", "tax_type", "origin_indicator")
HISTORY = ("importer_id", "declarant_id", "seller_id")
NUMERIC = ("hs6", "hs_heading", "hs_chapter", "tax_rate", "net_mass_kg", "item_price", "unit_price",
           "unit_price_z", "value_per_kg_z", "mass_value_log_ratio")
FEATURES = (*CATEGORICAL, *NUMERIC)

#: Minimum number of training declarations behind a reference unit price.
MIN_REFERENCE = 3
#: Floor of the MAD (in natural-log units), so a code whose prices never vary does not turn
#: a rounding difference into an extreme z-score.
MAD_FLOOR = 0.05
#: Scale making the MAD a consistent estimator of the standard deviation of a normal law.
MAD_SCALE = 1.4826

DESCRIPTIONS = {
    "office_id": "customs office", "process_type": "processing type", "import_type": "import type",
    "import_use": "import use", "payment_type": "payment type", "transport_mode": "mode of transport",
    "courier_id": "courier", "departure_country": "country of departure", "origin_country": "country of origin",
    "tax_type": "tax type", "origin_indicator": "origin indicator", "hs6": "HS6 code", "hs_heading": "HS heading",
    "hs_chapter": "HS chapter", "tax_rate": "tax rate", "net_mass_kg": "net mass", "item_price": "declared value",
    "unit_price": "value per kg", "unit_price_z": "unit price against HS6 and origin reference",
    "value_per_kg_z": "value per kg against HS6 reference", "mass_value_log_ratio": "mass to value ratio",
}


@dataclass(frozen=True)
class Reference:
    median: float  # of log(unit price)
    mad: float  # scaled, floored
    count: int


@dataclass
class FeatureEncoder:
    codes: dict[str, dict[str, int]] = field(default_factory=dict)
    by_hs6: dict[str, Reference] = field(default_factory=dict)
    by_hs6_origin: dict[str, Reference] = field(default_factory=dict)  # key "hs6|origin"
    history: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def fit(cls, train: Declarations) -> FeatureEncoder:
        codes = {}
        for name in CATEGORICAL:
            values = sorted(set(train[name].tolist()))
            codes[name] = {v: i for i, v in enumerate(values)}
        hs6 = _hs6(train)
        log_price = np.log(_unit_price(train))
        return cls(
            codes=codes,
            by_hs6=_references(hs6, log_price),
            by_hs6_origin=_references(hs6 + "|" + train["origin_country"].astype(str), log_price),
            history={name: Counter(v for v in train[name].tolist() if v) for name in HISTORY},
        )

    def derived(self, batch: Declarations) -> dict[str, np.ndarray]:
        """The derived fields profiles and reasons read (arrays aligned with ``batch``)."""
        hs6 = _hs6(batch)
        unit_price = _unit_price(batch)
        log_price = np.log(unit_price)
        z_hs6, median_hs6 = _robust_z(self.by_hs6, hs6, log_price)
        z_origin, median_origin = _robust_z(self.by_hs6_origin, hs6 + "|" + batch["origin_country"].astype(str),
                                            log_price)
        z_price = np.where(np.isnan(z_origin), z_hs6, z_origin)
        reference = np.where(np.isnan(median_origin), median_hs6, median_origin)
        out: dict[str, np.ndarray] = {
            "hs6": hs6, "hs_heading": _prefix(hs6, 4), "hs_chapter": _prefix(hs6, 2),
            "unit_price": unit_price, "unit_price_z": z_price, "value_per_kg_z": z_hs6,
            "unit_price_ratio": np.exp(log_price - reference),
            "mass_value_log_ratio": np.log1p(batch["net_mass_kg"]) - np.log1p(batch["item_price"]),
            "transshipment": _transshipment(batch),
        }
        for name in HISTORY:
            short = name.removesuffix("_id")
            counts = self.history.get(name)
            if counts is None:  # no history known (no model): unknown, never "first time"
                seen = np.full(len(batch), np.nan)
            else:
                seen = np.array([counts.get(v, 0) for v in batch[name].tolist()], dtype=float)
                seen[batch[name] == ""] = np.nan
            out[f"{short}_declarations"] = seen
            out[f"first_time_{short}"] = seen == 0
        return out

    def matrix(self, batch: Declarations, derived: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
        """The model's feature matrix, columns in ``FEATURES`` order (float32, NaN = missing)."""
        derived = derived if derived is not None else self.derived(batch)
        columns = []
        for name in CATEGORICAL:
            table = self.codes.get(name, {})
            columns.append(np.array([table.get(v, np.nan) for v in batch[name].tolist()], dtype=float))
        for name in NUMERIC:
            source = derived[name] if name in derived else batch[name]
            if source.dtype == object:
                source = np.array([float(v) if v else np.nan for v in source.tolist()])
            columns.append(source.astype(float))
        return np.column_stack(columns).astype(np.float32)

    def to_json(self) -> dict[str, Any]:
        return {
            "codes": self.codes,
            "by_hs6": {k: [r.median, r.mad, r.count] for k, r in self.by_hs6.items()},
            "by_hs6_origin": {k: [r.median, r.mad, r.count] for k, r in self.by_hs6_origin.items()},
            "history": {k: dict(v) for k, v in self.history.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FeatureEncoder:
        return cls(
            codes={k: dict(v) for k, v in data["codes"].items()},
            by_hs6={k: Reference(*v) for k, v in data["by_hs6"].items()},
            by_hs6_origin={k: Reference(*v) for k, v in data["by_hs6_origin"].items()},
            history={k: Counter(v) for k, v in data["history"].items()},
        )


def _hs6(batch: Declarations) -> np.ndarray:
    return np.array([code[:6] for code in batch["hs_code"].tolist()], dtype=object)


def _prefix(hs6: np.ndarray, digits: int) -> np.ndarray:
    return np.array([code[:digits] for code in hs6.tolist()], dtype=object)


def _unit_price(batch: Declarations) -> np.ndarray:
    mass, price = batch["net_mass_kg"], batch["item_price"]
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(mass > 0, price / mass, np.nan)
    unit[unit <= 0] = np.nan  # a zero price has no logarithm; the profiles catch it on item_price
    return unit


def _transshipment(batch: Declarations) -> np.ndarray:
    departure, origin = batch["departure_country"], batch["origin_country"]
    return (departure != "") & (origin != "") & (departure != origin)


def _references(keys: np.ndarray, log_price: np.ndarray) -> dict[str, Reference]:
    groups: dict[str, list[float]] = {}
    for key, value in zip(keys.tolist(), log_price.tolist(), strict=True):
        if not math.isnan(value):
            groups.setdefault(key, []).append(value)
    out = {}
    for key, values in groups.items():
        if len(values) >= MIN_REFERENCE:
            array = np.asarray(values)
            median = float(np.median(array))
            mad = max(float(np.median(np.abs(array - median))) * MAD_SCALE, MAD_FLOOR)
            out[key] = Reference(median, mad, len(values))
    return out


def _robust_z(table: Mapping[str, Reference], keys: np.ndarray, log_price: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    medians = np.full(len(keys), np.nan)
    mads = np.full(len(keys), np.nan)
    for i, key in enumerate(keys.tolist()):
        reference = table.get(key)
        if reference is not None:
            medians[i], mads[i] = reference.median, reference.mad
    return (log_price - medians) / mads, medians
