"""``data update`` against a local HTTP server serving a folder laid out like shared/data."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clearance.refdata import ReferenceData, dataset
from clearance.refdata.dataset import SourceFile
from clearance.refdata.update import Skipped, update_datasets
from clearance.store import open_database
from tests.conftest import UNLOCODE_ROWS, shared_data_or_skip, write_unlocode


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder over HTTP on loopback; yield its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture
def server(mini_data: Path) -> Iterator[str]:
    with serve(mini_data) as url:
        yield url


SMALL_UNLOCODE = replace(dataset("unlocode"), expected_count=(1, 1000))


def test_update_from_mirror_imports_and_cleans_staging(db_settings, server):
    settings = db_settings
    engine = open_database(settings)
    [outcome] = update_datasets(engine, [SMALL_UNLOCODE], settings.data_dir / "downloads", mirror=server)
    assert outcome.status == "imported" and outcome.record_count == 5
    assert ReferenceData(engine).get("unlocode", "KRINC")["name"] == "Incheon"
    assert not any(p.is_file() for p in (settings.data_dir / "downloads").rglob("*"))


def test_checksum_mismatch_keeps_previous_snapshot(db_settings, server, mini_data):
    settings = db_settings
    engine = open_database(settings)
    [first] = update_datasets(engine, [SMALL_UNLOCODE], settings.data_dir / "dl", mirror=server)
    source = SMALL_UNLOCODE.sources[0]
    wrong = replace(SMALL_UNLOCODE, sources=(replace(source, sha256="0" * 64),))
    [result] = update_datasets(engine, [wrong], settings.data_dir / "dl", mirror=server)
    assert isinstance(result, Skipped) and result.failed and "sha256" in result.reason
    assert ReferenceData(engine).snapshot("unlocode").id == first.snapshot_id


def test_declared_checksum_that_matches_is_accepted(settings, server, mini_data):
    digest = hashlib.sha256((mini_data / SMALL_UNLOCODE.sources[0].path).read_bytes()).hexdigest()
    good = replace(SMALL_UNLOCODE, sources=(SourceFile(SMALL_UNLOCODE.sources[0].path, sha256=digest),))
    [outcome] = update_datasets(open_database(settings), [good], settings.data_dir / "dl", mirror=server)
    assert outcome.status == "imported"


def test_http_error_is_a_failure_not_a_crash(settings, server):
    missing = replace(SMALL_UNLOCODE, sources=(SourceFile("documents/absent.csv.gz"),))
    [result] = update_datasets(open_database(settings), [missing], settings.data_dir / "dl", mirror=server)
    assert isinstance(result, Skipped) and result.failed and "404" in result.reason


def test_dataset_without_official_url_is_skipped_with_reason(settings):
    [result] = update_datasets(open_database(settings), [SMALL_UNLOCODE], settings.data_dir / "dl")
    assert isinstance(result, Skipped) and not result.failed and "--mirror" in result.reason


@pytest.mark.integration
def test_update_serving_the_shared_folder(settings):
    root = shared_data_or_skip()
    with serve(root) as url:
        results = update_datasets(open_database(settings), [dataset("hts_us")], settings.data_dir / "dl",
                                  mirror=url)
    assert results[0].status == "imported" and results[0].record_count == 36_108


def test_plain_csv_download_under_a_gz_path_still_loads(db_settings, tmp_path):
    """The official USITC export is plain CSV; the data-folder layout names it .csv.gz."""
    import gzip

    served = tmp_path / "served"
    write_unlocode(served, UNLOCODE_ROWS)
    path = served / SMALL_UNLOCODE.sources[0].path
    path.write_bytes(gzip.decompress(path.read_bytes()))
    with serve(served) as url:
        [outcome] = update_datasets(open_database(db_settings), [SMALL_UNLOCODE], db_settings.data_dir / "dl",
                                    mirror=url)
    assert outcome.status == "imported" and outcome.record_count == len(UNLOCODE_ROWS)
