"""Multinomial naive Bayes over weighted feature parts, for the learned coder
(``learned.LearnedCoder``): trained from (features, label) rows, scored for a
whole document's figures in one numpy pass."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import itemgetter, mul

import numpy as np


class NaiveBayes:
    """Multinomial naive Bayes with weighted feature parts, stored sparsely so
    that scoring costs only the labels a feature was seen with."""

    def __init__(
        self, data: Iterable[tuple[Counter[str], str]], weights: Mapping[str, float],
        alpha: float,
    ) -> None:
        self.weights = weights  # the parts' weights (learned.WEIGHTS), read when scoring too
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        label_n: Counter[str] = Counter()
        vocab: set[str] = set()
        for feats, label in data:
            label_n[label] += 1
            for k, v in feats.items():
                counts[label][k] += v * weights.get(k[0], 1.0)
                vocab.add(k)
        self.labels = sorted(label_n)
        total = sum(label_n.values()) or 1
        v = max(len(vocab), 1)
        self.prior = {lb: math.log(label_n[lb] / total) for lb in self.labels}
        # log P(f | label) = log(count + a) - log(total_label + a V); an unseen
        # feature contributes the label's default, a seen one a delta on top.
        self.default: dict[str, float] = {}
        self.delta: dict[str, dict[str, float]] = defaultdict(dict)
        for lb in self.labels:
            denom = math.log(sum(counts[lb].values()) + alpha * v)
            self.default[lb] = math.log(alpha) - denom
            for k, c in counts[lb].items():
                self.delta[k][lb] = math.log(c + alpha) - math.log(alpha)
        # For scoring, one sparse matrix (feature x label) of each feature's
        # delta times its part's weight, in CSR form (a part of weight 0 adds
        # nothing, so it is left out): a figure's features are looked up in
        # one dict and the rows of a whole document are summed by numpy at once.
        self._label_index = {lb: i for i, lb in enumerate(self.labels)}
        self._fid: dict[str, int] = {}
        indptr, cols, vals = [0], [], []
        for k, d in self.delta.items():
            pw = weights.get(k[0], 1.0)
            if pw:
                self._fid[k] = len(self._fid)
                cols.extend(self._label_index[lb] for lb in d)
                vals.extend(pw * dv for dv in d.values())
                indptr.append(len(cols))
        self._unknown = len(self._fid)  # the id of any other feature: an empty row
        indptr.append(len(cols))
        self._indptr = np.array(indptr, dtype=np.intp)
        self._cols = np.array(cols, dtype=np.intp)
        self._vals = np.array(vals, dtype=np.float64)
        self._prior_row = np.array([self.prior[lb] for lb in self.labels], dtype=np.float64)
        self._default_row = np.array([self.default[lb] for lb in self.labels], dtype=np.float64)

    def posterior(
        self, feats: Counter[str], allowed: Iterable[str], temperature: float = 1.0
    ) -> dict[str, float]:
        """P(label | features) over ``allowed``; naive Bayes is overconfident, so
        the log scores are divided by ``temperature`` before normalising."""
        return self.posteriors([(feats, allowed, None)], temperature)[0]

    def posteriors(
        self, asks: Sequence[tuple[Counter[str], Iterable[str], float | None]],
        temperature: float = 1.0,
    ) -> list[dict[str, float]]:
        """``posterior`` of each (features, allowed labels, weighted feature
        count or None) in one pass."""
        prior, index = self.prior, self._label_index
        # (each label once, in order: as the dicts of scores keyed by label)
        lists = [list(dict.fromkeys(lb for lb in allowed if lb in prior)) for _, allowed, _ in asks]
        # (the only label left needs no score: exp(0) / 1)
        todo = [i for i, labels in enumerate(lists) if len(labels) > 1]
        rows = self._scores([(asks[i][0], asks[i][2]) for i in todo])
        out: list[dict[str, float]] = [
            {labels[0]: 1.0} if len(labels) == 1 else {} for labels in lists
        ]
        exp = math.exp
        for i, row in zip(todo, rows, strict=True):
            labels = lists[i]
            score = [row[index[lb]] for lb in labels]
            top = max(score)
            e = [exp((s - top) / temperature) for s in score]
            z = sum(e)
            out[i] = {lb: x / z for lb, x in zip(labels, e, strict=True)}
        return out

    def log_scores(self, feats: Counter[str], allowed: Iterable[str]) -> dict[str, float]:
        labels = [lb for lb in allowed if lb in self.prior]
        if not labels:
            return {}
        row, index = self._scores([(feats, None)])[0], self._label_index
        return {lb: row[index[lb]] for lb in labels}

    def _scores(
        self, asks: Sequence[tuple[Counter[str], float | None]]
    ) -> list[list[float]]:
        """Each ask's log scores, of every label (in the order of ``labels``).

        Per label, the known features' weighted deltas are added one after the
        other in the order of the features (``np.bincount`` adds its weights in
        order; the labels a feature was not seen with add exact zeros), so a
        score is the same sum as one feature at a time in Python."""
        if not asks:
            return []
        fid, unknown, width = self._fid.get, self._unknown, len(self.labels)
        weights = self.weights
        ids: list[int] = []
        counts: list[int] = []
        lengths: list[int] = []
        ns: list[float] = []
        for feats, n in asks:
            ids.extend(map(fid, feats, repeat(unknown)))  # (map: no Python step per key)
            counts.extend(feats.values())
            lengths.append(len(feats))
            if n is None:
                # the weighted number of features (counts times part weights)
                n = sum(map(mul, feats.values(), map(weights.get, map(itemgetter(0), feats),
                                                     repeat(1.0))), 0.0)
            ns.append(n)
        fids = np.array(ids, dtype=np.intp)
        start = self._indptr[fids]
        size = self._indptr[fids + 1] - start
        # the CSR entries of every feature, feature after feature
        ends = np.cumsum(size)
        entry = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(start - (ends - size), size)
        weight = self._vals[entry] * np.repeat(np.array(counts, dtype=np.float64), size)
        row = np.repeat(np.repeat(np.arange(len(asks)) * width, lengths), size)
        acc = np.bincount(row + self._cols[entry], weight, minlength=len(asks) * width)
        # prior + n * default + the sum, each step rounded as in Python (numpy
        # multiplies and adds in separate passes, never fused)
        scores = self._prior_row + np.array(ns)[:, None] * self._default_row
        return (scores + acc.reshape(len(asks), width)).tolist()
