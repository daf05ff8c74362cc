"""A coder that learns from annotated examples, on top of the catalogue coder.

Why: the catalogue coder (``coding.Coder``) knows only the catalogue's own
words, so wordings it has never seen stay uncoded or go to a near neighbour.
Here every annotated figure (the seeds, ``bench/corpus``, corrections made on
report pages) becomes an example: the words before the number (the counted
object and its verb), the words after the unit, the clause, a subject shared
from an earlier clause, the unit, and what the catalogue coder thought. A
multinomial naive Bayes model over character n-grams of those parts, with a
"no code" class, gives a posterior over codes. The unit is a hard gate (a code
is only possible in a unit the catalogue or an example allows). Two factors
from the annotation rules hold for any wording (a stage the figure does not
state, a change that is not a stock), and the nearest annotated examples
check a code that clears the threshold (``NearestExamples``: a posterior
built from many weak n-grams, with every close wording carrying another code,
is lowered). The decision is taken only when the combined confidence clears
``THRESHOLD``; otherwise the figure stays uncoded (abstention).

The model is small and trains in well under a second, so it is trained when
first used from the examples shipped in ``data/coder_examples.json``
(rebuilt by ``fazhi train_coder``); nothing is downloaded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import itemgetter, mul

from fazhi.indicators.catalogue import Indicator

from .coder_examples import Example, catalogue_examples, coded_indicators, load_examples
from .coding import THRESHOLD as RULE_THRESHOLD
from .coding import (
    Candidate,
    Coder,
    _actions,
    _kind_of_unit,
    counts_nothing,
    phrasings_of,
    unit_group,
)
from .naive_bayes import NaiveBayes
from .nearest import NearestExamples
from .numbers import DURATION_UNITS, words

NONE = "-"

# Decision: the best code's combined confidence must reach THRESHOLD. Chosen by
# leave-one-document-out on bench/corpus (precision first; see docs/analysis.md):
# 0.26 keeps the F1 of 0.22-0.25 with more precision (0.28: more still, but
# sentences of our own making for two codes fall just below it).
THRESHOLD = 0.26
# How much the catalogue coder's own verdict counts against the learned posterior.
RULE_WEIGHT = 0.3
# Naive Bayes posteriors are far too sure of themselves; scores are divided by this.
TEMPERATURE = 100.0
# The nearest annotated examples are a check, never a boost: a code that
# clears the threshold keeps min(confidence, (1 - NEAREST_WEIGHT) * confidence
# + NEAREST_WEIGHT * v), v how close the nearest example of that code is
# relative to the nearest example of any code (NearestExamples.closeness).
NEAREST_WEIGHT = 0.5
# A figure the catalogue coder scores this high by itself (its words are an
# indicator's phrasing or name, its unit and verbs fit, no gate is shut) is
# taken on the catalogue's word: the model is not asked. Leave-one-document-out
# on bench/corpus decides every figure as with the model asked (0.8 already
# loses two), and reading is a fifth faster (docs/analysis.md).
SURE_RULE_SCORE = 0.9

# What the annotation rules say about any figure, whatever its wording:
# - an indicator whose name demands a stage of a case (审结的行政应诉案件数,
#   办结率, 纠错) fits a figure that states no verb at all (行政诉讼案件14件)
#   less well than its sibling without one;
# - a figure that states a change (新增持证执法人员3名, 取消审批事项5项) is not
#   the stock an indicator counts, unless the indicator's own wording has the
#   change (较上一版新增N项).
MISSING_ACTION = 0.7
CASE_STAGES = frozenset(words("收到 受理 立案 办结 纠错 答复 败诉 撤销 驳回 维持"))
CHANGE_WORDS: tuple[str, ...] = words("新增 新聘 新设 新建 新招 取消 下放 精简 压减 削减")
_CHANGE_RE = re.compile("|".join(CHANGE_WORDS))
CHANGE_PENALTY = 0.2
UNIT_FROM_EXAMPLES = 0.8  # (leave-one-document-out: 0.6 and 1.0 both lower the coded F1)

ALPHA = 0.1  # additive smoothing of the n-gram counts
# Part weights: the counted object and its verb say most; the clause and the
# subject help; the sentence around only a little.
WEIGHTS = {"p": 3.0, "q": 3.0, "a": 2.0, "l": 0.0, "s": 1.0, "c": 0.5, "r": 6.0, "h": 3.0, "t": 0.0}
CATALOGUE_REPEAT = 1  # how many times the catalogue's phrasings count as examples
PRE_TAIL = 12  # characters before the number that name what it counts
COUNTED_HEAD = 6  # characters after the unit (20个[单位])
CONTEXT_TAIL = 20  # characters of the sentence before the figure (0: not used)
TOPIC_TAIL = 60  # characters of the previous sentence and this one (part "t")


@dataclass
class Assessment:
    """What the learned coder thinks of one figure (``LearnedCoder.assess``)."""

    code: str | None  # the best code, taken or not
    confidence: float
    coded: bool = False  # cleared the threshold (and the nearest-example check)
    agreed: bool = False  # model and catalogue coder agree, the latter sure by itself
    rule_best: str | None = None
    rule_score: float = 0.0
    nb_best: str | None = None
    nb_posterior: float = 0.0  # the model's posterior of ``code``
    near: float = 1.0  # NearestExamples.closeness of ``code`` (1.0: not checked)


@dataclass
class _Prepared:
    """One figure's decision up to the model's posterior (``LearnedCoder._prepare``)."""

    gates: dict[str, float]
    cands: list[Candidate]
    allowed: list[str]
    feats: Counter[str] | None  # None: decided by the catalogue coder alone
    n: float  # the features' weighted number
    unit: str = ""


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _runs(text: str, tail: int = 0) -> list[str]:
    """The CJK runs of ``text``; with ``tail`` one run of its last ``tail`` CJK
    characters."""
    if not tail:
        return _CJK_RUN.findall(text)
    # (a long text: its end is enough when it holds ``tail`` CJK characters)
    window = text[-4 * tail :]
    joined = "".join(_CJK_RUN.findall(window))
    if len(joined) < tail and len(window) < len(text):
        joined = "".join(_CJK_RUN.findall(text))
    joined = joined[-tail:]
    return [joined] if joined else []


def _part(prefix: str, runs: list[str]) -> list[str]:
    """A part's keys: the grams of its runs behind the part's letter (per run
    its 1-, then 2-, then 3-grams)."""
    out: list[str] = []
    for run in runs:
        out += [prefix + ch for ch in run]
        out += [prefix + run[i : i + 2] for i in range(len(run) - 1)]
        out += [prefix + run[i : i + 3] for i in range(len(run) - 2)]
    return out


def features(
    unit: str,
    pre: str,
    local: str,
    subject: str = "",
    counted: str = "",
    after: str = "",
    context: str = "",
    topic: str = "",
    rule: Sequence[str] = (),
    scoring: bool = False,
) -> Counter[str]:
    """Weighted parts of a figure's context; ``rule`` is what the catalogue
    coder ranks first (and second), so the model learns when to trust it.
    ``scoring``: a figure to score, not an example to learn from, so a part of
    weight 0 is left out (it adds nothing to a score; in training it still
    counts towards the vocabulary, which sets the smoothing)."""
    return weighted_features(unit, pre, local, subject, counted, after, context, topic,
                             rule, scoring)[0]


def weighted_features(
    unit: str,
    pre: str,
    local: str,
    subject: str = "",
    counted: str = "",
    after: str = "",
    context: str = "",
    topic: str = "",
    rule: Sequence[str] = (),
    scoring: bool = False,
) -> tuple[Counter[str], float]:
    """``features`` and their weighted number (counts times part weights), which
    naive Bayes needs: counted part by part here, not key by key. (The same
    number as key by key: with weights that are multiples of 0.5 every partial
    sum is exact in any order.)"""
    # (all parts' keys counted in one Counter: the counts and the order of
    # successive updates, part after part)
    w = WEIGHTS
    keys = [f"r{rank}{code}" for rank, code in enumerate(rule)]
    n = len(keys) * w["r"]
    runs = _runs(pre, PRE_TAIL)
    part = _part("p", runs)
    keys += part
    n += len(part) * w["p"]
    # The head noun: what the measure word counts (调解委员会325个 vs 调解员1460人).
    # (the last CJK characters of ``pre`` end its tail's run)
    head = (runs[0][-2:] if runs else "") or "".join(_CJK_RUN.findall(counted))[:2]
    if head:
        keys += ("h" + head, "h" + head[-1])
        n += 2 * w["h"]
    parts = [("q", counted[:COUNTED_HEAD], 0)]
    if CONTEXT_TAIL:
        parts.append(("c", context, CONTEXT_TAIL))
    parts.append(("a", after, 0))
    if w["t"]:  # (a part of weight 0 would still widen the vocabulary)
        parts.append(("t", topic, TOPIC_TAIL))
    if not (scoring and not w["l"]):
        parts.append(("l", local, 0))
    parts.append(("s", subject, 0))
    for prefix, text, tail in parts:
        part = _part(prefix, _runs(text, tail))
        keys += part
        n += len(part) * w[prefix]
    f: Counter[str] = Counter(keys)
    f["u" + unit] += 2
    f["k" + _kind_of_unit(unit)] += 2
    n += 2 * w.get("u", 1.0) + 2 * w.get("k", 1.0)
    if not all((2 * x).is_integer() for x in w.values()):
        # (weights a tuning run set to other values: the sum key by key, in the
        # order naive Bayes adds it when given no number)
        n = sum(map(mul, f.values(), map(w.get, map(itemgetter(0), f), repeat(1.0))), 0.0)
    return f, n


class LearnedCoder(Coder):
    """The catalogue coder plus a model learned from examples."""

    def __init__(
        self,
        indicators: Iterable[Indicator],
        examples: Sequence[Example],
        threshold: float = THRESHOLD,
        rule_weight: float = RULE_WEIGHT,
        temperature: float = TEMPERATURE,
        nearest_weight: float = NEAREST_WEIGHT,
    ) -> None:
        super().__init__(indicators)
        self.threshold = threshold
        self.rule_weight = rule_weight
        self.temperature = temperature
        self.nearest_weight = nearest_weight
        self._allowed_cache: dict[str, list[str]] = {}
        self._gates_cache: dict[tuple, dict[str, float]] = {}
        known = {e.ind.code for e in self.entries}
        self.name_actions = {e.ind.code: _actions(e.ind.name) & CASE_STAGES for e in self.entries}
        self.allows_change = {
            e.ind.code: any(w in t for t in (e.ind.name, *phrasings_of(e.ind)) for w in CHANGE_WORDS)
            for e in self.entries
        }
        self.kind_of = {e.ind.code: e.ind.kind for e in self.entries}
        # Units a code may carry: the catalogue's, and those its examples use.
        self.units: dict[str, set[str]] = {e.ind.code: set(e.units) for e in self.entries}
        self.catalogue_units = {code: frozenset(units) for code, units in self.units.items()}
        usable = [x for x in examples if x.code is None or x.code in known]
        for x in usable:
            if x.code:
                self.units[x.code] |= unit_group(x.unit)
            if x.rule is None:
                x.rule = self.rule_top(*x.args())
        rows = [(features(*x.args(), rule=x.rule or ()), x.code or NONE) for x in usable]
        self.model = NaiveBayes(rows, WEIGHTS, ALPHA)
        self.nearest = NearestExamples(rows, WEIGHTS)

    def rule_top(self, *args: str) -> tuple[str, ...]:
        """The catalogue coder's two best codes (those with any score at all)."""
        return tuple(c.code for c in self.candidates(*args)[:2] if c.score > 0.05)

    def _allowed(self, unit: str) -> list[str]:
        got = self._allowed_cache.get(unit)
        if got is None:
            got = self._allowed_cache[unit] = self._allowed_for(unit)
        return got

    def _allowed_for(self, unit: str) -> list[str]:
        kind = _kind_of_unit(unit)
        out = [NONE]
        for code, units in self.units.items():
            ckind = self.kind_of[code]
            if (ckind == "rate") != (kind == "rate") or (ckind == "amount") != (kind == "amount"):
                continue
            if unit in units:
                out.append(code)
        return out

    def decide(
        self,
        unit: str,
        phrase: str,
        local: str,
        subject: str = "",
        counted: str = "",
        after: str = "",
        context: str = "",
        topic: str = "",
    ) -> tuple[str | None, float]:
        a = self.assess(unit, phrase, local, subject, counted, after, context, topic)
        return (a.code if a.coded else None), a.confidence

    def assess(
        self,
        unit: str,
        phrase: str,
        local: str,
        subject: str = "",
        counted: str = "",
        after: str = "",
        context: str = "",
        topic: str = "",
    ) -> Assessment:
        """Everything behind a decision: the best code (even when it is not
        taken), its confidence and the opinions that made it."""
        return self.assess_many([(unit, phrase, local, subject, counted, after, context, topic)])[0]

    def decide_many(self, contexts: Sequence[tuple[str, ...]]) -> list[tuple[str | None, float]]:
        return [((a.code if a.coded else None), a.confidence) for a in self.assess_many(contexts)]

    def assess_many(self, contexts: Sequence[tuple[str, ...]]) -> list[Assessment]:
        """``assess`` of each figure's context (its positional arguments); the
        model scores them all in one pass."""
        self._forget_texts()  # (the texts of one batch only: see Coder._forget_texts)
        # (a duration, or a figure that counts nothing: a target, a floor, a
        # standard per unit, an outcome outside the catalogue; context is c[6])
        preps = [
            None if c[0] in DURATION_UNITS or counts_nothing(c[6] if len(c) > 6 else "")
            else self._prepare(*c)
            for c in contexts
        ]
        asks = [(p.feats, p.allowed, p.n) for p in preps if p is not None and p.feats is not None]
        posts = iter(self.model.posteriors(asks, self.temperature))
        return [
            Assessment(None, 1.0) if p is None
            else self._by_catalogue(p.cands[0]) if p.feats is None
            else self._finish(p, next(posts))
            for p in preps
        ]

    def _by_catalogue(self, best: Candidate) -> Assessment:
        """The catalogue coder's best candidate as the decision, the model not
        asked (it is sure by itself: SURE_RULE_SCORE) or with nothing to say (no
        label of the unit is known to it); ``nb_best`` stays None."""
        conf = min(best.score, 1.0)  # (an F-measure of 1 can round to 1.0000000000000002)
        return Assessment(best.code, conf, conf >= self.threshold,
                          rule_best=best.code, rule_score=best.score)

    def _prepare(
        self,
        unit: str,
        phrase: str,
        local: str,
        subject: str = "",
        counted: str = "",
        after: str = "",
        context: str = "",
        topic: str = "",
    ) -> _Prepared:
        """All of a decision the model's posterior does not take part in."""
        args = (unit, phrase, local, subject, counted, after, context, topic)
        base, key = self._admissible_of(unit, phrase, local, subject, after, context, topic)
        # The gates with the rule factors depend on the same few facts and on
        # whether the phrase states a change: computed once for each (shared,
        # never changed).
        change = _CHANGE_RE.search(phrase) is not None
        gates = self._gates_cache.get((key, change))
        if gates is None:
            gates = dict(base)
            self._rule_factors(gates, phrase, after, key[3])  # (key[3]: the stated verbs)
            if len(self._gates_cache) >= 4096:
                self._gates_cache.clear()
            self._gates_cache[(key, change)] = gates
        # The catalogue coder's candidates, narrowed like the model's (诉前…).
        cands = sorted(
            (Candidate(c.code, c.score * gates.get(c.code, 1.0)) for c in self.candidates(*args)),
            key=lambda c: c.score,
            reverse=True,
        )[:6]
        if cands and cands[0].score >= SURE_RULE_SCORE:  # (no features: ``_by_catalogue``)
            return _Prepared(gates, cands, [], None, 0.0, unit)
        rule = tuple(c.code for c in cands[:2] if c.score > 0.05)
        # Every code the unit allows takes part in the posterior; the codes the
        # gates shut get 0 in ``_finish``, so their share is not handed to the
        # next best code (涉及金额250万元 with no 罚 in sight is no fine, and no
        # other amount either: it stays uncoded).
        allowed = self._allowed(unit)
        feats, n = weighted_features(*args, rule=rule, scoring=True)
        return _Prepared(gates, cands, allowed, feats, n, unit)

    def _finish(self, p: _Prepared, post: dict[str, float]) -> Assessment:
        gates, cands, feats = p.gates, p.cands, p.feats
        own_units = self.catalogue_units
        for lb in post:
            post[lb] *= gates.get(lb, 1.0 if lb == NONE else 0.0)  # (shut: 0)
            # a unit only the examples gave the code (调解员1153个) fits it less
            # than the catalogue's own unit fits another (调解委员会325个)
            if lb != NONE and p.unit not in own_units[lb]:
                post[lb] *= UNIT_FROM_EXAMPLES
        rule_best = cands[0].code if cands else None
        rule_score = cands[0].score if cands else 0.0
        if not post:
            if rule_best and rule_score >= RULE_THRESHOLD:
                return self._by_catalogue(cands[0])
            return Assessment(None, 0.0)
        # The catalogue coder's scores are a second opinion: each candidate gets
        # its score, "no code" what the best one lacks of 1.
        w = self.rule_weight
        combined = {lb: (1 - w) * p for lb, p in post.items()}
        for c in cands:
            if c.code in combined:
                combined[c.code] += w * c.score
        combined[NONE] = combined.get(NONE, 0.0) + w * max(0.0, 1.0 - rule_score)
        best = max(combined, key=combined.__getitem__)
        conf = combined[best]
        nb_best = max(post, key=post.__getitem__)
        agreed = bool(cands) and best == rule_best == nb_best
        if agreed and rule_score >= RULE_THRESHOLD:
            # Both opinions agree and the catalogue coder is sure by itself.
            conf = max(conf, rule_score)
        else:
            agreed = False
        conf = min(conf, 1.0)
        out = Assessment(None if best == NONE else best, conf, False, agreed, rule_best,
                         rule_score, nb_best, post.get(best, 0.0))
        if best == NONE or conf < self.threshold:
            return out
        nw = self.nearest_weight
        # (a code the catalogue coder is sure of by itself rests on the
        # catalogue's words, not on weak n-grams: no example need be near it)
        vouched = best == rule_best and rule_score >= RULE_THRESHOLD
        if nw and not agreed and not vouched:
            # A posterior resting on many weak n-grams, with no close example
            # of the same code, is lowered (often below the threshold).
            out.near = self.nearest.closeness(feats, best)
            out.confidence = min(conf, (1 - nw) * conf + nw * out.near)
            if out.confidence < self.threshold:
                return out
        out.coded = True
        return out

    def _rule_factors(
        self, gates: dict[str, float], phrase: str, after: str,
        stated: frozenset[str] | None = None,
    ) -> None:
        """Lower the codes the annotation rules speak against (MISSING_ACTION,
        CHANGE_PENALTY), in place; ``stated``: the verbs of ``phrase + after``
        when the caller has them."""
        if stated is None:
            stated = _actions(phrase + after)
        change = _CHANGE_RE.search(phrase) is not None
        if stated and not change:  # (neither rule can apply)
            return
        for code in gates:
            if not stated and self.name_actions.get(code):
                gates[code] *= MISSING_ACTION
            if change and not self.allows_change.get(code, False):
                gates[code] *= CHANGE_PENALTY

    def code(self, *args: str, **kwargs: str) -> str | None:  # type: ignore[override]
        return self.decide(*args, **kwargs)[0]


def train_coder(
    examples: Sequence[Example], indicators: Sequence[Indicator] | None = None, **kw: float
) -> LearnedCoder:
    """A coder trained on ``examples`` plus the catalogue's own phrasings."""
    inds = list(indicators) if indicators is not None else coded_indicators()
    cat = list(_catalogue_examples_cached()) * CATALOGUE_REPEAT
    return LearnedCoder(inds, [*cat, *examples], **kw)


@lru_cache(maxsize=1)
def _catalogue_examples_cached() -> tuple[Example, ...]:
    return tuple(catalogue_examples(coded_indicators()))


@lru_cache(maxsize=1)
def shipped_coder() -> LearnedCoder:
    """The coder the application uses: trained on the shipped examples."""
    return train_coder(load_examples())
