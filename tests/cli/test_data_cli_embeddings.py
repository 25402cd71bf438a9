"""``clearance data import`` tells when the classifier's embeddings belong to an earlier data version."""

from __future__ import annotations

from clearance.cli.data import _embeddings_left_behind


def test_embeddings_of_an_earlier_data_version_are_noticed(tmp_path):
    cache = tmp_path / "classifier"
    current, earlier = cache / "new-key", cache / "old-key"
    current.mkdir(parents=True)
    earlier.mkdir()
    assert not _embeddings_left_behind(current)  # never computed: nothing to say
    (earlier / "dense-abc.partial.npy").write_bytes(b"")
    assert not _embeddings_left_behind(current)  # an interrupted write is no embeddings
    (earlier / "dense-abc.npy").write_bytes(b"")
    assert _embeddings_left_behind(current)
    (current / "dense-abc.npy").write_bytes(b"")
    assert not _embeddings_left_behind(current)  # this version has its own
    assert not _embeddings_left_behind(None)
