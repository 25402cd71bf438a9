"""The screening index kept on disk between processes, keyed by what it was built from.

Preparing every list name (Unicode folding, transliteration, readings, keys, weights) takes
seconds over the full lists, which a one-shipment ``clearance check`` or ``clearance screen``
should not pay in every process. ``clearance data import`` builds the index once per list
version and writes it here; later processes read it back in a fraction of a second.

Key (``cache_key``): this file format, the matcher version and its whole ``MatcherConfig``, the
active snapshot id of each screened list, and a digest of the modules (and libraries) that
prepare names. A new list snapshot, a new matcher or an edited preparation step misses the
cache, and the index is built again.

Format: one uncompressed NumPy ``.npz`` per key (arrays only, read with ``allow_pickle=False``:
no pickles, nothing executable in the user's data folder), the JSON parts (token table,
identifiers, organisation markers, counts) stored in it as bytes, so that the zip's CRC-32 of
every member covers everything. It is written under a temporary name, renamed into place, and
followed by a ``done`` marker written last: a reader never takes a half-written index, and one
that does not read back consistently is ignored (and rebuilt) rather than trusted.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, MutableSequence, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from clearance.screening.entity import ListEntity, NameRole
from clearance.screening.features import MatcherConfig
from clearance.screening.index import IndexedName, IndexParts, NameIndex, name_key
from clearance.screening.packed import (
    JsonRecords,
    PackedMapping,
    PackedTexts,
    as_int_list,
    check_rows,
    pack_lines,
    pack_rows,
    pack_texts,
    unpack_lines,
)
from clearance.screening.prepare import Token, make_token

logger = logging.getLogger(__name__)

FORMAT = "clearance-screening-index-1"
_FILE = "index.npz"
_DONE = "done"
_ROLES = tuple(NameRole)
# Modules whose code decides what the index holds: an edit to any of them is another index.
_PREPARING_MODULES = ("entity", "features", "han", "index", "packed", "prepare", "readings", "stored", "symbols")
_STALE_TEMPORARY_SECONDS = 3600  # a temporary folder this old was left by a writer that died


def cache_key(snapshots: Mapping[str, str], config: MatcherConfig) -> str:
    """The key of the index over the lists ``snapshots`` (dataset -> active snapshot id) with ``config``."""
    payload = {"format": FORMAT, "matcher": config.version, "config": asdict(config),
               "snapshots": list(snapshots.items()), "code": _code_digest()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    import importlib
    from importlib.metadata import version

    import icu

    digest = hashlib.sha256(f"rigour {version('rigour')} icu {icu.VERSION} {icu.ICU_VERSION}".encode())
    for name in _PREPARING_MODULES:
        digest.update(Path(importlib.import_module(f"clearance.screening.{name}").__file__ or "").read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredIndex:
    index: NameIndex
    entities: Sequence[dict[str, Any]]  # the stored dumps, parsed when used
    snapshots: dict[str, str]
    skipped_duplicates: int


def read(cache_dir: Path, key: str, config: MatcherConfig) -> StoredIndex | None:
    """The index stored under ``key``; None when there is none, or when it does not read back whole."""
    folder = cache_dir / key
    if not (folder / _DONE).is_file():
        return None
    try:
        with collector_paused():  # its hundreds of thousands of new objects hold no cycle either
            return _read(folder, key, config)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with our own cache, building again is the answer
        logger.warning("screening index in %s unreadable (%s: %s): building it again", folder,
                       type(exc).__name__, exc)
        return None


def write(cache_dir: Path, key: str, index: NameIndex, snapshots: Mapping[str, str], skipped: int) -> Path:
    """Store ``index`` under ``key`` (built from the lists ``snapshots``) and drop indexes of other keys."""
    with collector_paused():
        arrays = _arrays(index, {"format": FORMAT, "key": key, "matcher_version": index.config.version,
                                 "snapshots": dict(snapshots), "skipped_duplicates": skipped})
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{key}.{os.getpid()}.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        np.savez(temporary / _FILE, allow_pickle=False, **arrays)
        (temporary / _DONE).write_text(key + "\n", encoding="utf-8")  # last: a half-written index is never read
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    folder = cache_dir / key
    if folder.exists():  # one that did not read back (a write follows a failed read): set it aside
        aside = cache_dir / f".{key}.{os.getpid()}.old"
        shutil.rmtree(aside, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):  # another process did it first
            folder.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)
    try:
        temporary.rename(folder)
    except OSError:  # another process stored the same index meanwhile: theirs is as good
        shutil.rmtree(temporary, ignore_errors=True)
        if not (folder / _DONE).is_file():
            raise
    _drop_others(cache_dir, key)
    return folder


def _drop_others(cache_dir: Path, key: str) -> None:
    """Indexes of earlier list versions are never read again (a process that read one keeps it in memory)."""
    for path in cache_dir.iterdir():
        if path.name == key:
            continue
        with contextlib.suppress(FileNotFoundError):  # another process's writer may just have renamed it
            if path.name.startswith(".") and time.time() - path.stat().st_mtime < _STALE_TEMPORARY_SECONDS:
                continue  # another process may be writing it
            shutil.rmtree(path, ignore_errors=True)


# --- writing ---------------------------------------------------------------------------------

@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while (back on after, if it was on).

    Reading the list entries, building and packing an index make millions of objects, none in a
    reference cycle; every full collection their allocation triggers walks all of those live objects
    for nothing: about half the time of each step over every list (a build 9 s against 5 s, a
    write 2.2 s against 1.2 s on the project machine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _arrays(index: NameIndex, meta: dict[str, Any]) -> dict[str, np.ndarray]:
    parts = index.parts()
    tokens, token_id = _token_table()
    token_rows = [n.tokens for n in parts.names]
    idf_texts = list(parts.idf)
    text_rows = {text: i for i, text in enumerate(idf_texts)}
    posting_keys, delete_keys = list(parts.postings), list(parts.deletes)
    arrays: dict[str, np.ndarray] = {}
    arrays["entity_offsets"], arrays["entity_bytes"] = pack_texts(_entity_json(e) for e in parts.entities)
    arrays["name_entity"] = np.fromiter((n.entity for n in parts.names), dtype=np.int32)
    arrays["name_role"] = np.fromiter((_ROLES.index(n.role) for n in parts.names), dtype=np.int8)
    arrays["name_full_offsets"], arrays["name_full_bytes"] = pack_texts(n.full for n in parts.names)
    arrays["name_token_offsets"], arrays["name_tokens"] = pack_rows(token_rows, np.int32, token_id)
    arrays["name_anchor_offsets"], arrays["name_anchors"] = pack_rows([n.anchors for n in parts.names], np.int16)
    arrays["name_weight"], arrays["single_token_names"] = parts.name_weight, parts.single_token_names
    arrays["token_weight"] = np.fromiter((index.weight(t) for t in tokens), dtype=np.float64)
    arrays["posting_keys"] = pack_lines(posting_keys)
    arrays["posting_offsets"], arrays["posting_ids"] = pack_rows(list(parts.postings.values()), np.int32)
    arrays["delete_keys"] = pack_lines(delete_keys)
    arrays["delete_offsets"], arrays["delete_texts"] = pack_rows(list(parts.deletes.values()), np.int32,
                                                                 text_rows.__getitem__)
    arrays["idf_texts"] = pack_lines(idf_texts)
    arrays["idf_values"] = np.fromiter((parts.idf[t] for t in idf_texts), dtype=np.float64)
    arrays["untagged"] = np.asarray(parts.untagged, dtype=np.int32)
    meta |= {"entities": len(parts.entities), "names": len(parts.names), "postings": len(posting_keys),
             "deletes": len(delete_keys), "idf": len(idf_texts), "tokens": [_token_record(t) for t in tokens],
             "identifiers": [list(pair) for pair in parts.identifiers],
             "organization_markers": {str(p): word for p, word in parts.organization_markers.items()}}
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)
    return arrays


def _token_table() -> tuple[dict[Token, int], Callable[[Token], int]]:
    """The distinct tokens (in order of first use), and a function giving a token's row, adding it if new.
    Looked up by identity first: most tokens are the one object ``make_token`` caches, and hashing a
    token (all its fields) four hundred thousand times costs more than the rest of the write."""
    by_value: dict[Token, int] = {}
    by_identity: dict[int, int] = {}

    def token_id(token: Token) -> int:
        found = by_identity.get(id(token))
        if found is None:  # the names hold every token while the table is made: ids are not reused
            found = by_identity[id(token)] = by_value.setdefault(token, len(by_value))
        return found

    return by_value, token_id


def _entity_json(entity: ListEntity | dict[str, Any]) -> str:
    data = entity.model_dump(mode="json") if isinstance(entity, ListEntity) else entity
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _token_record(token: Token) -> str | dict[str, Any]:
    """A token as its text when ``make_token`` makes it again from that (all but the few read from
    Chinese characters or Hangul), else every field."""
    if make_token(token.text) == token:
        return token.text
    return {f.name: sorted(v) if isinstance(v := getattr(token, f.name), frozenset) else v for f in fields(Token)}


def _token(record: str | dict[str, Any]) -> Token:
    if isinstance(record, str):
        return make_token(record)
    values = {}
    for f in fields(Token):
        value = record[f.name]
        values[f.name] = frozenset(value) if isinstance(f.default, frozenset) else \
            tuple(value) if isinstance(f.default, tuple) else value
    return Token(**values)


# --- reading ---------------------------------------------------------------------------------

def _read(folder: Path, key: str, config: MatcherConfig) -> StoredIndex:
    with np.load(io.BytesIO((folder / _FILE).read_bytes()), allow_pickle=False) as stored:
        a = {name: stored[name] for name in stored.files}  # every member read whole: its CRC-32 is checked
    meta = json.loads(a["meta"].tobytes().decode())
    if meta["format"] != FORMAT or meta["key"] != key or meta["matcher_version"] != config.version:
        raise ValueError(f"stored for {meta['key']} ({meta['format']}, {meta['matcher_version']})")
    entity_count, name_count = meta["entities"], meta["names"]
    token_records = meta["tokens"]
    for name, length in (("name_entity", name_count), ("name_role", name_count), ("name_weight", name_count),
                         ("single_token_names", name_count), ("token_weight", len(token_records)),
                         ("idf_values", meta["idf"])):
        if a[name].shape != (length,):
            raise ValueError(f"{name}: {a[name].shape[0]} rows, {length} expected")
    if name_count and (int(a["name_entity"].max()) >= entity_count or int(a["name_role"].max()) >= len(_ROLES)):
        raise ValueError("a name points past the stored entries or roles")
    check_rows(a["name_token_offsets"], a["name_tokens"], name_count, len(token_records))
    check_rows(a["name_anchor_offsets"], a["name_anchors"], name_count)
    check_rows(a["posting_offsets"], a["posting_ids"], meta["postings"], name_count)
    check_rows(a["delete_offsets"], a["delete_texts"], meta["deletes"], meta["idf"])
    if len(a["untagged"]) and int(a["untagged"].max()) >= name_count:
        raise ValueError("untagged names out of range")

    entities = JsonRecords(PackedTexts(a["entity_offsets"], a["entity_bytes"]))
    if len(entities) != entity_count:
        raise ValueError(f"{len(entities)} entries, {entity_count} expected")
    idf_texts = unpack_lines(a["idf_texts"], meta["idf"])
    parts = IndexParts(
        entities=entities,
        names=StoredNames(a, token_records, PackedTexts(a["name_full_offsets"], a["name_full_bytes"])),
        postings=PackedMapping(a["posting_keys"], meta["postings"], a["posting_offsets"], a["posting_ids"],
                               as_int_list),
        deletes=PackedMapping(a["delete_keys"], meta["deletes"], a["delete_offsets"], a["delete_texts"],
                              lambda rows: tuple(idf_texts[i] for i in rows.tolist())),
        idf=dict(zip(idf_texts, a["idf_values"].tolist(), strict=True)),
        name_weight=a["name_weight"], single_token_names=a["single_token_names"],
        organization_markers={int(p): word for p, word in meta["organization_markers"].items()},
        untagged=a["untagged"].tolist(),
        identifiers=[(int(p), str(v)) for p, v in meta["identifiers"]])
    return StoredIndex(NameIndex.restore(parts, config), entities, dict(meta["snapshots"]),
                       int(meta["skipped_duplicates"]))


class StoredNames(MutableSequence[IndexedName]):
    """The names of a stored index, each made into an ``IndexedName`` on first access (a screen
    reads a few dozen candidates of 130,000). Replacing one is how ``ensure_symbols`` tags it."""

    def __init__(self, arrays: Mapping[str, np.ndarray], token_records: list[str | dict[str, Any]],
                 full: PackedTexts) -> None:
        if len(full) != len(arrays["name_entity"]):
            raise ValueError("names as written do not match the names")
        self._entity, self._role = arrays["name_entity"].tolist(), arrays["name_role"].tolist()
        self._token_offsets, self._token_ids = arrays["name_token_offsets"].tolist(), arrays["name_tokens"]
        self._anchor_offsets, self._anchors = arrays["name_anchor_offsets"].tolist(), arrays["name_anchors"]
        self._token_weight = arrays["token_weight"].tolist()
        self._full = full
        self._records = token_records
        self._tokens: list[Token | None] = [None] * len(token_records)
        self._made: dict[int, IndexedName] = {}

    def __len__(self) -> int:
        return len(self._entity)

    def __getitem__(self, position: int) -> IndexedName:  # type: ignore[override]
        if position < 0:
            position += len(self)
        found = self._made.get(position)
        if found is None:
            found = self._made[position] = self._make(position)
        return found

    def _make(self, position: int) -> IndexedName:
        ids = self._token_ids[self._token_offsets[position]:self._token_offsets[position + 1]].tolist()
        tokens = tuple(self._token(i) for i in ids)
        anchors = self._anchors[self._anchor_offsets[position]:self._anchor_offsets[position + 1]].tolist()
        return IndexedName(self._entity[position], _ROLES[self._role[position]], self._full[position], tokens,
                           name_key(tokens), tuple(self._token_weight[i] for i in ids), tuple(anchors))

    def _token(self, token_id: int) -> Token:
        found = self._tokens[token_id]
        if found is None:
            found = self._tokens[token_id] = _token(self._records[token_id])
        return found

    def __setitem__(self, position: int, name: IndexedName) -> None:  # type: ignore[override]
        if not 0 <= position < len(self):
            raise IndexError(position)
        self._made[position] = name

    def __delitem__(self, position: int) -> None:  # type: ignore[override]
        raise TypeError("the names of a stored index are fixed")

    def insert(self, position: int, name: IndexedName) -> None:
        raise TypeError("the names of a stored index are fixed")
