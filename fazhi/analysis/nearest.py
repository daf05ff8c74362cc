"""The nearest annotated examples of a figure (for the learned coder's check
of a code that clears its threshold): cosine similarity of TF-IDF weighted
feature vectors through an inverted index."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

# Only what the figure says it counts takes part (its phrase, heading,
# quantity and action parts), and features in more than this share of the
# examples are too common to tell codes apart.
NEAREST_MAX_DF = 0.1
NEAREST_PARTS = frozenset("phqa")


class NearestExamples:
    """Cosine similarity of TF-IDF weighted feature vectors, through an
    inverted index: which annotated figures does this one read most like?
    Naive Bayes adds up evidence over all examples of a code; the nearest
    examples say whether one close wording carries the same code, which
    catches a posterior that rests on many weak shared n-grams."""

    def __init__(self, rows: Sequence[tuple[Counter[str], str]],
                 weights: Mapping[str, float]) -> None:
        self.weights = weights  # the parts' weights (learned.WEIGHTS)
        df: Counter[str] = Counter()
        for feats, _ in rows:
            df.update(feats.keys())
        n = max(len(rows), 1)
        limit = NEAREST_MAX_DF * n
        self.idf = {k: math.log(n / c) + 1.0 for k, c in df.items() if c <= limit}
        self.labels = [label for _, label in rows]
        self.index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, (feats, _) in enumerate(rows):
            for k, w in self._vector(feats).items():
                self.index[k].append((i, w))

    def _vector(self, feats: Counter[str]) -> dict[str, float]:
        idf = self.idf
        v = {
            k: c * self.weights.get(k[0], 1.0) * idf[k]
            for k, c in feats.items()
            if k[0] in NEAREST_PARTS and k in idf
        }
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {k: x / norm for k, x in v.items()}

    def closeness(self, feats: Counter[str], label: str) -> float:
        """How close the nearest example of ``label`` is, relative to the
        nearest example of any label (1.0: none is closer). A code with few
        examples is not outvoted by a code with many; a figure whose closest
        wordings all carry other codes (or none) gets a low value."""
        sims: dict[int, float] = defaultdict(float)
        for key, w in self._vector(feats).items():
            for i, x in self.index.get(key, ()):
                sims[i] += w * x
        if not sims:
            return 0.0
        top = max(sims.values())
        mine = max((s for i, s in sims.items() if self.labels[i] == label), default=0.0)
        return mine / top if top > 0 else 0.0
