"""Name-only sanctions lists from the FinFan multi-list export (names and aliases, nothing else).

Source: the static JSON files of the FinFan Compliance demo (danganhtu01/FinFan-Compliance-Demo,
``sanctions/PROVENANCE.md`` §6), fetched 2026-06-11, one file per list: an array of
``{id, full_name, source, aliases[]}`` where ``id`` is a sequential number of the export, not the
publisher's id. There is no entity type, date of birth, country, programme or address, so these
entities are of type ``unknown`` with a primary name and strong aliases only. ``manifest.json``
gives each list's ``authority_modified`` (the publisher's last change), used as the source date.

Declared here: the EU financial sanctions (``eu_fin``), EU travel restrictions (``eu_travel``),
Australia DFAT (``au_dfat``), Canada SEMA (``ca_sema``), the MAS investor alert list (``mas``) and
the Dutch national terrorism list (``nl``). The export's ``ofac_sdn``, ``uk`` and ``un`` files are
not declared: those lists are loaded from their publishers' own formats (``sanctions_ofac``,
``sanctions_uk``, ``sanctions_un``) with far more than names.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult, open_text
from clearance.refdata.loaders.sanctions_common import add_name, clean, entity_record

FOLDER = "sanctions/multi/finfan_2026-06-11"
MANIFEST_PATH = f"{FOLDER}/manifest.json"
LISTS = ("eu_fin", "eu_travel", "au_dfat", "ca_sema", "mas", "nl")
_FIELDS = {"id", "full_name", "source", "aliases"}
_HEADER_WORDS = {"name", "surname", "full name", "full_name", "last name"}  # a spreadsheet header taken for a name


def path(list_name: str) -> str:
    return f"{FOLDER}/{list_name}.json"


def _read_json(file: Path) -> Any:
    try:
        with open_text(file) as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(f"{file.name}: not valid JSON: {exc}") from exc


def _manifest_entry(file: Path, list_name: str) -> dict[str, Any]:
    manifest = _read_json(file)
    if not isinstance(manifest, list):
        raise ReferenceDataError(f"{file.name}: expected a JSON array of lists")
    return next((item for item in manifest if isinstance(item, dict) and item.get("key") == list_name), {})


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def load_list(paths: dict[str, Path], list_name: str) -> LoadResult:
    """One record per entry of the export's ``<list_name>.json``; key ``<list_name>:<export id>``."""
    file = paths[path(list_name)]
    entries = _read_json(file)
    if not isinstance(entries, list):
        raise ReferenceDataError(f"{file.name}: expected a JSON array of entries")
    meta = _manifest_entry(paths[MANIFEST_PATH], list_name)
    warnings: list[str] = []
    unknown = sorted({key for entry in entries if isinstance(entry, dict) for key in entry} - _FIELDS)
    warnings.extend(f"{file.name}: unknown field '{key}' ignored" for key in unknown)

    records: list[tuple[str, dict[str, Any]]] = []
    headers: list[str] = []
    seen: set[str] = set()
    for seq, entry in enumerate(entries):
        where = f"{file.name} entry {seq + 1}"
        if not isinstance(entry, dict) or entry.get("id") in (None, ""):
            raise ReferenceDataError(f"{where}: not an object with an id")
        full = clean(str(entry.get("full_name") or ""))
        if not full:
            raise ReferenceDataError(f"{where}: id {entry['id']} has no full_name")
        if full.casefold() in _HEADER_WORDS and not entry.get("aliases"):
            headers.append(full)
            continue
        key = f"{list_name}:{entry['id']}"
        if key in seen:
            raise ReferenceDataError(f"{where}: id {entry['id']} appears twice")
        seen.add(key)
        names = [{"full": full, "role": "primary"}]
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            raise ReferenceDataError(f"{where}: aliases is not a list")
        for alias in aliases:
            if text := clean(str(alias)):
                add_name(names, {"full": text, "role": "strong_alias"})
        data: dict[str, Any] = {"id": key, "list": list_name, "names": names}
        source = clean(str(entry.get("source") or ""))
        if source and source != meta.get("name"):  # the list's own title on every entry says nothing
            data["source"] = source
        records.append(entity_record(data, where))

    if headers:
        warnings.append(f"{file.name}: {len(headers)} entr{'y' if len(headers) == 1 else 'ies'} that is a column "
                        f"heading, not a name, skipped: {', '.join(repr(h) for h in headers)}")
    declared = meta.get("count")
    if isinstance(declared, int) and declared != len(entries):
        warnings.append(f"{file.name}: {len(entries)} entries, manifest.json says {declared}")
    modified = meta.get("authority_modified") or meta.get("fetched_at")
    label = meta.get("name") or list_name
    edition = f"{label}: FinFan export" + (f", authority_modified {meta['authority_modified']}"
                                           if meta.get("authority_modified") else "") + (
        f", fetched {meta['fetched_at'][:10]}" if meta.get("fetched_at") else "")
    return LoadResult(iter(records), edition=edition, source_date=_date(modified), warnings=warnings)


def loader(list_name: str) -> Callable[[dict[str, Path]], LoadResult]:
    """The dataset loader of one list of the export."""

    def load(paths: dict[str, Path]) -> LoadResult:
        return load_list(paths, list_name)

    load.__name__ = f"load_{list_name}"
    load.__doc__ = f"One record per entry of {list_name}.json; key ``{list_name}:<export id>``."
    return load
