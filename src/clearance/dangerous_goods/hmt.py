"""The Hazardous Materials Table (49 CFR 172.101) as the dangerous-goods checks read it.

:class:`Hmt` is built from the loaded ``hmt_us`` snapshot (and the special-provision text and
"see" references beside it) or, in tests, from plain records. It answers: which entries carry an
identification number, which entries a declared name designates, what a special provision says.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from clearance.dangerous_goods.names import keys_match, match_key, normalise_name
from clearance.dangerous_goods.quantity import QuantityLimit
from clearance.refdata import ReferenceData

HMT_DATASET = "hmt_us"
DATASETS = (HMT_DATASET, "hmt_special_provisions", "hmt_see_references", "imdg_segregation")


@dataclass(frozen=True)
class HmtEntry:
    """One row of the table; columns named after 172.101(b)-(k)."""

    row: int
    id_number: str | None
    proper_shipping_name: str
    hazard_class: str | None
    forbidden: bool
    symbols: tuple[str, ...]
    packing_group: str | None
    subsidiary_hazards: tuple[str, ...]
    label_codes: tuple[str, ...]
    special_provisions: tuple[str, ...]
    exceptions_8a: str | None
    non_bulk_8b: str | None
    bulk_8c: str | None
    passenger_limit: QuantityLimit
    cargo_limit: QuantityLimit
    vessel_stowage_10a: str | None
    vessel_stowage_10b: tuple[str, ...]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> HmtEntry:
        return cls(
            row=int(record["row"]), id_number=record["id_number"],
            proper_shipping_name=record["proper_shipping_name"], hazard_class=record["hazard_class"],
            forbidden=bool(record["forbidden"]), symbols=tuple(record["symbols"]),
            packing_group=record["packing_group"], subsidiary_hazards=tuple(record["subsidiary_hazards"]),
            label_codes=tuple(record["label_codes"]), special_provisions=tuple(record["special_provisions"]),
            exceptions_8a=record["exceptions_8a"], non_bulk_8b=record["non_bulk_8b"], bulk_8c=record["bulk_8c"],
            passenger_limit=QuantityLimit.parse(record["passenger_limit_9a"]),
            cargo_limit=QuantityLimit.parse(record["cargo_limit_9b"]),
            vessel_stowage_10a=record["vessel_stowage_10a"], vessel_stowage_10b=tuple(record["vessel_stowage_10b"]))

    @property
    def needs_technical_name(self) -> bool:
        """Symbol G: the technical name must follow the proper shipping name (172.203(k))."""
        return "G" in self.symbols

    @property
    def basic_description(self) -> str:
        """The 172.202(b) sequence: id, name, class (subsidiaries in parentheses), packing group."""
        parts = [self.id_number or "(no id)", self.proper_shipping_name, self.hazard_class or "Forbidden"]
        if self.subsidiary_hazards:
            parts[-1] += f" ({', '.join(self.subsidiary_hazards)})"
        if self.packing_group:
            parts.append(f"PG {self.packing_group}")
        return ", ".join(parts)

    def summary(self) -> dict[str, Any]:
        return {"row": self.row, "id_number": self.id_number, "proper_shipping_name": self.proper_shipping_name,
                "hazard_class": self.hazard_class, "packing_group": self.packing_group,
                "subsidiary_hazards": list(self.subsidiary_hazards), "label_codes": list(self.label_codes),
                "symbols": list(self.symbols), "special_provisions": list(self.special_provisions),
                "passenger_aircraft_rail_9a": self.passenger_limit.text, "cargo_aircraft_only_9b": self.cargo_limit.text}


def _first_word(key: str) -> str:
    return key.strip(" ,").split(" ", 1)[0].rstrip(",")


class Hmt:
    """The table with its indexes; ``snapshots`` names the reference data it came from."""

    def __init__(self, entries: Iterable[HmtEntry], special_provisions: Mapping[str, str] | None = None,
                 see_references: Mapping[str, str] | None = None, snapshots: Iterable[str] = ()) -> None:
        self.entries = tuple(entries)
        self.special_provisions = dict(special_provisions or {})
        self._see = {normalise_name(term): target for term, target in (see_references or {}).items()}
        self.snapshots = list(snapshots)
        self._by_id: dict[str, list[HmtEntry]] = defaultdict(list)
        self._by_key: dict[str, list[HmtEntry]] = defaultdict(list)
        self._keys: dict[int, str] = {}  # entry row -> match key, computed once
        self._by_first_word: dict[str, list[HmtEntry]] = defaultdict(list)
        for entry in self.entries:
            if entry.id_number:
                self._by_id[entry.id_number.upper()].append(entry)
            key = match_key(entry.proper_shipping_name)
            self._keys[entry.row] = key
            self._by_key[key].append(entry)
            for alternative in {key, *key.split(" or ")}:  # a declared name starts like one of these
                self._by_first_word[_first_word(alternative)].append(entry)
        self.forbidden = tuple(e for e in self.entries if e.forbidden)

    @classmethod
    def from_reference(cls, reference: ReferenceData) -> Hmt | None:
        """The table of the active ``hmt_us`` snapshot, or None when it is not loaded."""
        if not reference.has(HMT_DATASET):
            return None
        return reference.derived("hmt", DATASETS, lambda: cls._build(reference))

    @classmethod
    def _build(cls, reference: ReferenceData) -> Hmt:
        entries = [HmtEntry.from_record(r) for r in reference.records(HMT_DATASET)]
        provisions = {r["code"]: r["text"] for r in reference.records("hmt_special_provisions")}
        see = {r["term"]: r["see"] for r in reference.records("hmt_see_references")}
        snapshots = [s.id for name in DATASETS if (s := reference.snapshot(name)) is not None]
        return cls(entries, provisions, see, snapshots)

    def by_id(self, id_number: str) -> list[HmtEntry]:
        return list(self._by_id.get(id_number.strip().upper(), ()))

    def named(self, name: str, among: Iterable[HmtEntry] | None = None) -> list[HmtEntry]:
        """Entries whose proper shipping name the declared ``name`` designates (172.101(c)(1))."""
        want = match_key(name)
        pool = dict.fromkeys(self._by_first_word.get(_first_word(want), ()))  # a match starts with its word
        if among is None:
            exact = self._by_key.get(want)
            if exact:
                return list(exact)
            candidates = list(pool)
        else:
            rows = {e.row for e in among}
            candidates = [e for e in pool if e.row in rows]
        return [e for e in candidates if keys_match(want, self._key(e))]

    def _key(self, entry: HmtEntry) -> str:
        key = self._keys.get(entry.row)
        return key if key is not None else match_key(entry.proper_shipping_name)

    def see_reference(self, name: str) -> str | None:
        """The name a "X, see Y" row sends ``name`` to, if it is such an X."""
        return self._see.get(normalise_name(name))

    def closest_names(self, name: str, among: Iterable[HmtEntry], limit: int = 3) -> list[str]:
        """Printed names of ``among`` closest to ``name``, for a suggestion."""
        names = {normalise_name(e.proper_shipping_name): e.proper_shipping_name for e in among}
        found = difflib.get_close_matches(normalise_name(name), list(names), n=limit, cutoff=0.0)
        return [names[n] for n in found]
