"""Compact containers over flat arrays, for a screening index read back from disk (``stored``).

A built index holds about 130,000 names and 570,000 lookup keys as Python objects. Turning
stored arrays back into all those objects would cost much of what preparing the names does,
so these containers keep the arrays and make Python objects only for what a screen touches:
the postings of the keys it looks up, the names among its candidates, the entries it matched.

Strings that are looked up by value (keys) are kept joined by newlines and split on first use
(one ``str.split`` beats a loop over offsets by an order of magnitude); strings fetched by
position (names as written, list entries as JSON) are kept as UTF-8 bytes with offsets.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from itertools import chain
from typing import Any, TypeVar

import numpy as np

V = TypeVar("V")
_SEPARATOR = "\n"


def pack_lines(strings: Sequence[str]) -> np.ndarray:
    """``strings`` joined by newlines as UTF-8 bytes (uint8); a string holding a newline is refused."""
    if any(_SEPARATOR in s for s in strings):
        raise ValueError("a key holds a newline: it cannot be packed")
    return np.frombuffer(_SEPARATOR.join(strings).encode(), dtype=np.uint8)


def unpack_lines(buffer: np.ndarray, count: int) -> list[str]:
    lines = buffer.tobytes().decode().split(_SEPARATOR) if count else []
    if len(lines) != count:
        raise ValueError(f"{len(lines)} packed strings, {count} expected")
    return lines


def pack_texts(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, UTF-8 bytes) of ``texts``, for :class:`PackedTexts`."""
    encoded = [t.encode() for t in texts]
    return offsets_of(len(e) for e in encoded), np.frombuffer(b"".join(encoded), dtype=np.uint8)


def pack_rows(rows: Sequence[Sequence[V]], dtype: type[np.integer[Any]],
              convert: Callable[[V], int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, values) of a ragged array of integers (each ``convert``-ed): row ``i`` is
    ``values[offsets[i]:offsets[i + 1]]``. Flattened in C (``chain``, ``map``): over a million values."""
    flat: Iterable[Any] = chain.from_iterable(rows)
    if convert is not None:
        flat = map(convert, flat)
    lengths = offsets_of(map(len, rows))
    return lengths, np.fromiter(flat, dtype=dtype, count=int(lengths[-1]))


def offsets_of(lengths: Iterable[int]) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(np.fromiter(lengths, dtype=np.int64)))).astype(np.int64)


def check_rows(offsets: np.ndarray, values: np.ndarray, rows: int, bound: int | None = None) -> None:
    """Raise ValueError unless ``offsets`` frame ``rows`` rows of ``values`` (each value below ``bound``)."""
    if offsets.shape != (rows + 1,) or offsets[0] != 0 or offsets[-1] != len(values) \
            or bool(np.any(np.diff(offsets) < 0)):
        raise ValueError("ragged offsets do not frame their values")
    if bound is not None and len(values) and (int(values.min()) < 0 or int(values.max()) >= bound):
        raise ValueError("ragged values out of range")


class PackedTexts(Sequence[str]):
    """Strings fetched by position from UTF-8 bytes with offsets (decoded on access)."""

    def __init__(self, offsets: np.ndarray, buffer: np.ndarray) -> None:
        check_rows(offsets, buffer, len(offsets) - 1)
        self._offsets = offsets.tolist()  # Python ints: slicing bytes by numpy scalars is slower
        self._bytes = buffer.tobytes()

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, position: int) -> str:  # type: ignore[override]
        if not 0 <= position < len(self):
            raise IndexError(position)
        return self._bytes[self._offsets[position]:self._offsets[position + 1]].decode()


class JsonRecords(Sequence[dict[str, Any]]):
    """JSON objects fetched by position, each parsed once on first access and kept (the service's
    review looks through every entry on each decision, as it did when they were all in memory)."""

    def __init__(self, texts: PackedTexts) -> None:
        self._texts = texts
        self._parsed: list[dict[str, Any] | None] = [None] * len(texts)

    def __len__(self) -> int:
        return len(self._parsed)

    def __getitem__(self, position: int) -> dict[str, Any]:  # type: ignore[override]
        if not 0 <= position < len(self._parsed):
            raise IndexError(position)
        found = self._parsed[position]
        if found is None:
            found = self._parsed[position] = json.loads(self._texts[position])
        return found

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self[i] for i in range(len(self._parsed)))


class PackedMapping(MutableMapping[str, V]):
    """Keys (packed lines) to rows of a ragged array, each row decoded on lookup.

    The key -> row dict is made on the first lookup. Keys added later (``update``: the
    person-name symbols an index tags after it was read, ``NameIndex.ensure_symbols``) are kept
    beside the packed ones; packed keys cannot be replaced or removed.
    """

    def __init__(self, keys: np.ndarray, count: int, offsets: np.ndarray, values: np.ndarray,
                 decode: Callable[[np.ndarray], V]) -> None:
        check_rows(offsets, values, count)
        self._packed_keys: np.ndarray | None = keys
        self._count = count
        self._rows: dict[str, int] = {}
        self._offsets, self._values, self._decode = offsets, values, decode
        self._added: dict[str, V] = {}

    def _rows_by_key(self) -> dict[str, int]:
        if self._packed_keys is not None:
            keys, self._packed_keys = unpack_lines(self._packed_keys, self._count), None
            self._rows = dict(zip(keys, range(len(keys)), strict=True))
        return self._rows

    def _row(self, key: str) -> int | None:
        return self._rows_by_key().get(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in self._added:
            return self._added[key]
        row = self._row(key)
        if row is None:
            return default
        return self._decode(self._values[self._offsets[row]:self._offsets[row + 1]])

    def __getitem__(self, key: str) -> V:
        missing = object()
        found = self.get(key, missing)
        if found is missing:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self._added or self._row(key) is not None)

    def __setitem__(self, key: str, value: V) -> None:
        if self._row(key) is not None:
            raise TypeError(f"packed key {key!r} cannot be replaced")
        self._added[key] = value

    def __delitem__(self, key: str) -> None:
        raise TypeError("keys of a packed mapping cannot be removed")

    def __len__(self) -> int:
        return len(self._rows_by_key()) + len(self._added)

    def __iter__(self) -> Iterator[str]:
        yield from self._rows_by_key()
        yield from self._added


def as_int_list(values: np.ndarray) -> list[int]:
    """A postings row as Python ints (what ``set.update`` and ``sorted`` handle fastest)."""
    return values.tolist()  # type: ignore[no-any-return]
