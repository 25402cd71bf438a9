"""GRI 6 for the classifier: how well a description matches a subheading's own terms.

Subheadings of one heading share their heading's words, so the similarity of the examples (full
description paths) hardly tells them apart; the subheading's own words do ("Horses; live,
pure-bred breeding animals" against "Horses; live, other than pure-bred breeding animals"). GRI 6:
classification in the subheadings of a heading is determined by the terms of those subheadings.
The terms are the HS 2022 six-digit descriptions; TF-IDF over word 1-2 grams, fitted on them alone
(5,613 short texts: well under a second, so it is not cached).
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from clearance.refdata import ReferenceData


class SubheadingTerms:
    def __init__(self, reference: ReferenceData) -> None:
        own = {r["code"]: r["path"][-1] for r in reference.records("hs2022") if r.get("level") == 6}
        self._row = {code: i for i, code in enumerate(own)}
        self._texts = list(own.values())
        self._vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
                                           dtype=np.float32)
        self._matrix = self._vectoriser.fit_transform(self._texts).tocsr() if own else None

    def similarities(self, texts: list[str]) -> np.ndarray | None:
        """Cosine of each description with every subheading's own terms, texts x subheadings, in one
        product per batch (None when no HS 2022 subheading is loaded)."""
        if self._matrix is None:
            return None
        return (self._vectoriser.transform(texts) @ self._matrix.T).toarray()

    def similarity(self, row: np.ndarray | None, hs6: str) -> float:
        """One subheading's value in a row of :meth:`similarities`; 0 when unknown."""
        column = self._row.get(hs6)
        return 0.0 if row is None or column is None else float(row[column])

    def text(self, hs6: str) -> str | None:
        row = self._row.get(hs6)
        return self._texts[row] if row is not None else None
