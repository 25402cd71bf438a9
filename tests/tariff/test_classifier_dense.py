"""The classifier's optional sentence encoder: the real model (all-MiniLM-L6-v2 from its PyPI
package), stored embeddings, hybrid scoring, and what happens without the encoder."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from clearance.cli import app
from clearance.refdata import ReferenceData
from clearance.settings import Settings
from clearance.tariff.classifier import build_classifier, dense
from clearance.tariff.classifier.classifier import HYBRID_SCORING, SCORING
from tests.tariff.fixtures import OLD, reference_with

pytestmark = pytest.mark.skipif(not dense.available(), reason="optional extra 'dense' not installed "
                                "(bash scripts/setup installs it)")

FOOTWEAR = [
    ("6404", 0, ("Footwear with outer soles of rubber, plastics, leather or composition leather and uppers of "
                "textile materials:"), "", "", "", ""),
    ("6404.11", 1, "Sports footwear; tennis shoes, basketball shoes, gym shoes, training shoes and the like:",
     "", "", "", ""),
    ("6404.11.90", 2, "Other", "", "20%", "Free (S)", "35%"),
    ("6404.11.90.20", 3, "For men", '["prs."]', "", "", ""),
    ("0303", 0, "Fish, frozen, excluding fish fillets and other fish meat of heading 0304:", "", "", "", ""),
    ("0303.89.00", 1, "Other fish", "", "Free", "", "1.1¢/kg"),
    ("0303.89.00.67", 2, "Other", '["kg"]', "", "", ""),
]


@pytest.fixture(scope="module")
def encoder() -> dense.Encoder:
    return dense.Encoder()  # about 3 s to load: once for the module


@pytest.fixture
def reference(settings, tmp_path) -> ReferenceData:
    return reference_with(settings, tmp_path, OLD + FOOTWEAR)


@pytest.fixture
def counted(monkeypatch, encoder):
    """The module's encoder for every build, counting the texts it embeds."""
    texts: list[str] = []
    real_encode = dense.Encoder.encode

    def encode(self, batch, progress=None):
        texts.extend(batch)
        return real_encode(encoder, batch, progress)

    monkeypatch.setattr(dense.Encoder, "__init__", lambda self: setattr(self, "model_id", encoder.model_id))
    monkeypatch.setattr(dense.Encoder, "encode", encode)
    return texts


def test_the_packaged_model_places_synonyms_together(encoder):
    vectors = encoder.encode(["sneakers", "sports footwear, training shoes", "frozen fish"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_embeddings_are_built_once_stored_and_reused(reference, tmp_path, counted):
    cache = tmp_path / "cache"
    steps: list[tuple[int, int]] = []
    built = build_classifier(reference, cache_dir=cache, embeddings="build",
                             progress=lambda done, total: steps.append((done, total)))
    examples = len(built.index.examples)
    assert built.scoring == HYBRID_SCORING and len(counted) == examples and steps[-1] == (examples, examples)
    stored = list(cache.rglob("dense-*.npy"))
    assert len(stored) == 1 and np.load(stored[0], allow_pickle=False).shape == (examples, 384)
    # an HTS line is read own words first, so that the encoder's token budget keeps them
    assert counted[0] == ("Grinding balls. Grinding balls. Grinding balls and similar articles for mills. "
                          "Forged or stamped, but not further worked:. Other articles of iron or steel:")

    counted.clear()
    again = build_classifier(reference, cache_dir=cache)  # "use": read back, nothing embedded again
    result = again.classify("grinding balls for ball mills")
    assert again.scoring == HYBRID_SCORING and result.scoring == HYBRID_SCORING
    # only the query, and the goods it names before "for", matched alone too
    assert counted == ["grinding balls for ball mills", "grinding balls"]
    assert result.candidates[0].code == "7326110000"


def test_without_stored_embeddings_scoring_stays_lexical_and_no_model_loads(reference, tmp_path, monkeypatch):
    def refuse(self):
        raise AssertionError("the encoder must not be loaded when there is nothing stored to use")

    monkeypatch.setattr(dense.Encoder, "__init__", refuse)
    classifier = build_classifier(reference, cache_dir=tmp_path / "cache")
    assert classifier.scoring == SCORING and classifier.classify("grinding balls").scoring == SCORING
    assert build_classifier(reference, cache_dir=tmp_path / "cache", embeddings="off").dense is None


def test_damaged_stored_embeddings_are_not_used_and_are_built_again(reference, tmp_path, counted):
    cache = tmp_path / "cache"
    build_classifier(reference, cache_dir=cache, embeddings="build")
    stored = next(cache.rglob("dense-*.npy"))
    np.save(stored, np.zeros((3, 384), dtype=np.float32))  # wrong row count, as if from other examples
    assert build_classifier(reference, cache_dir=cache).scoring == SCORING
    stored.write_bytes(b"not numpy")
    assert build_classifier(reference, cache_dir=cache).scoring == SCORING
    counted.clear()
    rebuilt = build_classifier(reference, cache_dir=cache, embeddings="build")
    assert rebuilt.scoring == HYBRID_SCORING and len(counted) == len(rebuilt.index.examples)


@pytest.mark.parametrize(("query", "meant"), [
    ("salmon, deep-frozen", "030389"),  # no word of the schedule's fish lines; lexically nearest: footwear
    ("running sneakers", "640411"),  # "sneakers" is not in the schedule; lexically nearest: frozen fish
    ("whole mackerel, deep-frozen", "030389"),  # lexically nearest: sweaters ("hoodie" and "men's hooded top",
    # once used here, are now found lexically: the garment table, and sports footwear named by no sport)
])
def test_the_encoder_finds_what_shared_words_miss(reference, query, meant):
    lexical = build_classifier(reference, embeddings="off").classify(query, top=2)
    hybrid = build_classifier(reference, embeddings="build").classify(query, top=2)
    assert lexical.scoring == SCORING and lexical.candidates[0].hs6 != meant
    assert hybrid.scoring == HYBRID_SCORING and hybrid.candidates[0].hs6 == meant


def test_build_without_the_encoder_says_how_to_install(reference, tmp_path, monkeypatch):
    monkeypatch.setattr(dense, "available", lambda: False)
    with pytest.raises(dense.DenseUnavailable, match=r"clearance\[dense\]"):
        build_classifier(reference, cache_dir=tmp_path / "cache", embeddings="build")
    assert build_classifier(reference, cache_dir=tmp_path / "cache").scoring == SCORING  # "use": lexical


def test_data_import_embeddings_without_the_encoder_refuses_before_importing(tmp_path, monkeypatch):
    monkeypatch.setattr(dense, "available", lambda: False)
    folder = tmp_path / "shared"
    folder.mkdir()
    env = {"CLEARANCE_DATA_DIR": str(tmp_path / "data")}
    result = CliRunner().invoke(app, ["data", "import", str(folder), "--embeddings"], env=env)
    assert result.exit_code == 2 and "clearance[dense]" in result.output
    assert not (tmp_path / "data").exists()  # nothing opened, nothing imported


def test_classify_command_reports_hybrid_scoring(tmp_path):
    data = tmp_path / "data"
    settings = Settings(data_dir=data)
    build_classifier(reference_with(settings, tmp_path, OLD + FOOTWEAR), cache_dir=settings.classifier_cache(),
                     embeddings="build")
    env = {"CLEARANCE_DATA_DIR": str(data)}
    result = CliRunner().invoke(app, ["classify", "running sneakers", "--json"], env=env)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["scoring"] == HYBRID_SCORING and answer["candidates"][0]["hs6"] == "640411"
