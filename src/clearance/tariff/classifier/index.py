"""A TF-IDF index over the examples (word 1-2 grams and character 3-5 grams), cached on disk.

The vectorisers' vocabularies and IDF weights are stored as JSON and NumPy arrays, and the
example matrices as SciPy sparse ``.npz`` files: no pickles. The cache key is made of the index
version and the snapshot ids of the sources, so new reference data rebuilds the index and the
same data reuses it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from clearance.tariff.classifier.attributes import singular
from clearance.tariff.classifier.corpus import Example

INDEX_VERSION = "2"  # 2: examples carry the encoder's text (part of the cache key: new examples, new folder)
#: How texts are analysed: a change rebuilds the index files in the same folder, so the examples'
#: stored embeddings (which do not depend on it) are kept. 1: word plurals folded to the singular.
ANALYSER_VERSION = "1"
WORD_WEIGHT = 0.3  # share of the word space in the similarity; the rest is character n-grams
_TOKEN = re.compile(r"[a-z][a-z0-9]+")


def _vectorisers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                            token_pattern=r"(?u)\b[a-z][a-z0-9]+\b", stop_words="english",
                            preprocessor=_normalise_words, dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                            preprocessor=_normalise, dtype=np.float32)
    return words, chars


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def _normalise_words(text: str) -> str:
    """Plurals folded to the singular, so "dresses" meets "dress" ("Dresses" in the schedule, "Dress"
    in a listing); the character n-grams keep the words as written."""
    return _TOKEN.sub(lambda m: m.group(0) if m.group(0) in ENGLISH_STOP_WORDS else singular(m.group(0)),
                      _normalise(text))


class ExampleIndex:
    def __init__(self, examples: list[Example], words: TfidfVectorizer, chars: TfidfVectorizer,
                 word_matrix: sp.csr_matrix, char_matrix: sp.csr_matrix) -> None:
        self.examples = examples
        self._words, self._chars = words, chars
        self._word_matrix, self._char_matrix = word_matrix, char_matrix
        # features x examples, row-major: a query's few features select few rows (fast products)
        self._word_by_feature = word_matrix.T.tocsr()
        self._char_by_feature = char_matrix.T.tocsr()

    def similarities(self, texts: list[str]) -> np.ndarray:
        """Cosine similarities, texts x examples (mean of the word and character spaces)."""
        word = self._words.transform(texts) @ self._word_by_feature
        char = self._chars.transform(texts) @ self._char_by_feature
        return (WORD_WEIGHT * word + (1 - WORD_WEIGHT) * char).toarray().astype(np.float32, copy=False)


def cache_key(parts: list[str]) -> str:
    """Key of a cached index: the index version and the snapshot ids its examples came from."""
    return hashlib.sha256("\x1f".join([INDEX_VERSION, *parts]).encode()).hexdigest()[:16]


def cached_index(cache_dir: Path | None, key: str) -> ExampleIndex | None:
    folder = cache_dir / key if cache_dir else None
    if folder is None or not (folder / "done").exists():
        return None
    if (folder / "done").read_text(encoding="utf-8").split() != ["complete", ANALYSER_VERSION]:
        return None  # analysed otherwise: rebuilt in place
    examples = [Example(**e) for e in json.loads((folder / "examples.json").read_text(encoding="utf-8"))]
    return _read(folder, examples)


def build_index(examples: list[Example], cache_dir: Path | None, key: str) -> ExampleIndex:
    folder = cache_dir / key if cache_dir else None
    words, chars = _vectorisers()
    texts = [e.text for e in examples]
    word_matrix = words.fit_transform(texts).tocsr()
    char_matrix = chars.fit_transform(texts).tocsr()
    index = ExampleIndex(examples, words, chars, word_matrix, char_matrix)
    if folder:
        _write(folder, index)
    return index


def _write(folder: Path, index: ExampleIndex) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "done").unlink(missing_ok=True)  # an index being rewritten in place is not complete
    for name, vectoriser, matrix in (("word", index._words, index._word_matrix),
                                     ("char", index._chars, index._char_matrix)):
        vocabulary = {term: int(i) for term, i in vectoriser.vocabulary_.items()}
        (folder / f"{name}_vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
        np.save(folder / f"{name}_idf.npy", vectoriser.idf_)
        sp.save_npz(folder / f"{name}_matrix.npz", matrix)
    (folder / "examples.json").write_text(json.dumps([asdict(e) for e in index.examples]), encoding="utf-8")
    (folder / "done").write_text(f"complete {ANALYSER_VERSION}\n")  # written last: a half-written cache is never read


def _read(folder: Path, examples: list[Example]) -> ExampleIndex:
    words, chars = _vectorisers()
    matrices = []
    for name, vectoriser in (("word", words), ("char", chars)):
        vectoriser.vocabulary_ = json.loads((folder / f"{name}_vocabulary.json").read_text(encoding="utf-8"))
        vectoriser.idf_ = np.load(folder / f"{name}_idf.npy")
        matrices.append(sp.load_npz(folder / f"{name}_matrix.npz").tocsr())
    return ExampleIndex(examples, words, chars, matrices[0], matrices[1])
