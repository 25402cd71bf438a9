"""Fictional declarations with a planted signal, for the risk tests (no real traders or data).

Fraud is planted where the declared unit price is far below the HS code's usual price, plus a
few random frauds, so a working model must rank the under-priced declarations first.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from clearance.risk.declarations import Declarations

HS_CODES = ("392690", "610910", "850440", "940350", "730890")
PRICE_PER_KG = {"392690": 4000.0, "610910": 20000.0, "850440": 30000.0, "940350": 8000.0, "730890": 3000.0}


def records(count: int, *, seed: int = 0, start: date = date(2020, 1, 1), days: int = 120,
            fraud_rate: float = 0.3) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        hs = HS_CODES[i % len(HS_CODES)]
        fraud = rng.random() < fraud_rate
        mass = float(rng.integers(10, 2000))
        factor = rng.uniform(0.05, 0.2) if fraud and rng.random() < 0.8 else rng.uniform(0.8, 1.25)
        out.append({
            "declaration_id": f"T{seed}-{i:05d}", "date": (start + timedelta(days=int(i * days / count))).isoformat(),
            "office_id": str(10 + i % 3), "process_type": "B", "import_type": "11", "import_use": "21",
            "payment_type": "11", "transport_mode": "10" if i % 2 else "40",
            "declarant_id": f"DECL{i % 7}", "importer_id": f"IMP{i % 40}", "seller_id": f"SELL{i % 30}",
            "courier_id": "", "hs_code": hs, "departure_country": "CN" if i % 4 else "VN",
            "origin_country": "CN", "tax_rate": "8.0", "tax_type": "A", "origin_indicator": "Y",
            "net_mass_kg": mass, "item_price": round(mass * PRICE_PER_KG[hs] * factor, 1),
            "fraud": int(fraud), "critical_fraud": (2 if fraud and i % 10 == 0 else int(fraud)),
        })
    return out


def batch(count: int, **kwargs: Any) -> Declarations:
    return Declarations.from_records(records(count, **kwargs), source="synthetic")
