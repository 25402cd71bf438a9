"""Downloading datasets from their official sources (or a mirror) and importing them.

Each source file is streamed into a staging folder under the data directory, checked
against its declared sha256 when the publisher states one, and only when every file of a
dataset is complete is the dataset imported, in one transaction. A failed download leaves
the active snapshot as it was. ``mirror`` replaces each official URL with
``<mirror>/<path in the data folder>``: for offline sites and for tests.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

from clearance.errors import ReferenceDataError, SourceFetchError
from clearance.refdata.dataset import Dataset, SourceFile
from clearance.refdata.importer import ImportOutcome, import_dataset

ByteProgress = Callable[[str, int, int | None], None]  # (file, bytes so far, total or None)


@dataclass(frozen=True)
class Skipped:
    """A dataset not updated: nothing to download (``failed`` False) or an error (True)."""

    dataset: str
    reason: str
    failed: bool = False


def source_url(source: SourceFile, mirror: str | None) -> str | None:
    if mirror:
        return f"{mirror.rstrip('/')}/{source.path}"
    return source.url


def download(client: httpx.Client, url: str, target: Path, source: SourceFile,
             progress: ByteProgress | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise SourceFetchError(f"{url}: HTTP {response.status_code}")
            total = int(response.headers["content-length"]) if "content-length" in response.headers else None
            done = 0
            with open(partial, "wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    handle.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress:
                        progress(source.path, done, total)
            if total is not None and done != total:
                raise SourceFetchError(f"{url}: got {done} of {total} bytes")
    except httpx.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise SourceFetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
    except SourceFetchError:
        partial.unlink(missing_ok=True)
        raise
    if source.sha256 and digest.hexdigest() != source.sha256:
        partial.unlink(missing_ok=True)
        raise SourceFetchError(f"{url}: sha256 {digest.hexdigest()} does not match the declared "
                               f"{source.sha256}")
    partial.replace(target)


def update_datasets(
    engine: sa.Engine,
    datasets: list[Dataset],
    staging_root: Path,
    *,
    mirror: str | None = None,
    timeout: float = 60.0,
    progress: ByteProgress | None = None,
) -> list[ImportOutcome | Skipped]:
    results: list[ImportOutcome | Skipped] = []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for dataset in datasets:
            urls = [source_url(s, mirror) for s in dataset.sources]
            if dataset.sources and not all(urls):
                results.append(Skipped(dataset.name, "no official download URL in this format; "
                                       "use 'clearance data import' or --mirror"))
                continue
            staging = staging_root / stamp / dataset.name
            try:
                for source, url in zip(dataset.sources, urls, strict=True):
                    download(client, url, staging / source.path, source, progress)
                label = mirror or ", ".join(u for u in urls if u) or "package tables"
                results.append(import_dataset(engine, dataset, staging, source_label=label))
            except ReferenceDataError as exc:
                results.append(Skipped(dataset.name, str(exc), failed=True))
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    return results
