"""Assign a catalogue code to an extracted figure.

The vocabulary is the catalogue itself: each indicator's name, its phrasings
(split into one *slot* per number N) and what its definition and dims say about
units and breakdowns. A figure is scored against every indicator of a
compatible kind and unit by how much of the indicator's (IDF-weighted) wording
its clause contains; the best indicator above a threshold wins, otherwise the
figure has no code (it is reported, just not catalogued).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from fazhi.indicators import catalogue
from fazhi.indicators.catalogue import Indicator

from .vocabulary import (  # noqa: F401  (re-exported: the coder's vocabulary)
    ACTION_PENALTY,
    ACTION_VERBS,
    EXTRA_PHRASINGS,
    EXTRA_UNITS,
    GENERIC_WEIGHT,
    GENERIC_WORDS,
    NARROWING,
    QUALIFIER_RE,
    QUALIFIERS,
    SENTENCE_NARROWING,
    SPECIFIC_WEIGHT,
    SUBJECT_WEIGHT,
    THRESHOLD,
    TOPIC_GATES,
    _actions,
    _build_entry,
    _Entry,
    _found_gate_words,
    _gates_of,
    _kind_class,
    _kind_of_unit,
    _positioned,
    _Slot,
    bigrams,
    counts_nothing,
    phrasings_of,
    unit_group,
)


@dataclass(frozen=True)
class _Context:
    fclass: str  # _kind_class of the figure's unit
    actions: frozenset[str]  # ACTION_VERBS of its phrase
    qualified: bool  # its clause or sentence uses one of QUALIFIERS
    gates: tuple[bool, ...]  # per TOPIC_GATES: whether the text around opens it
    closed: frozenset[int]  # the indices of the gates it leaves closed


@dataclass
class Candidate:
    code: str
    score: float


class Coder:
    """Scores figures against the catalogue; build once, reuse."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self._gram_weight: dict[str, float] = {}
        self._set_weight: dict[int, float] = {}
        self.entries = [_build_entry(i) for i in indicators if i.kind != "boolean"]
        self.generic = frozenset(g for w in GENERIC_WORDS for g in bigrams(w))
        df: Counter[str] = Counter()
        for e in self.entries:
            df.update(set().union(*e.names, *(s.grams for s in e.slots)))
        n = len(self.entries)
        self.idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        # A bigram the catalogue never uses is mostly the seam between two words
        # (信息总数 -> 息总): it counts like a rare catalogue word, not the rarest.
        self.default_idf = math.log((n + 1) / 2.5)
        for e in self.entries:
            e.slots = [s for s in e.slots if self._keep_slot(e, s)]
            # not the definition: "无论受理与否" does not make 受理 its action
            e.actions = _actions(" ".join((e.ind.name, *phrasings_of(e.ind))))
            e.qualified = any(
                q in text for q in QUALIFIERS for text in (e.ind.name, *phrasings_of(e.ind))
            )
            e.topics = tuple(ws for key, ws in TOPIC_GATES if key in e.ind.name)
            e.narrowing = frozenset(
                q for q in NARROWING for text in (e.ind.name, *phrasings_of(e.ind)) if q in text
            )
            # What may explain a figure's phrase: name, phrasings and definition.
            e.vocab = frozenset().union(
                *e.names, *(s.grams for s in e.slots), bigrams(e.ind.definition)
            )
            for grams in (*e.names, *(s.grams for s in e.slots)):
                self._set_weight[id(grams)] = self._weight(grams)
        self._index: dict[str, set[int]] = {}
        for ei, e in enumerate(self.entries):
            for grams in (*e.names, *(s.grams for s in e.slots)):
                for g in grams:
                    self._index.setdefault(g, set()).add(ei)
        self._tables()

    def _tables(self) -> None:
        """What ``candidates`` and ``admissible`` need per entry, computed once:
        gram weights, slots grouped by the units that may use them, with their
        weights and specificity, kind classes and topic gates as indices."""
        # every catalogue bigram's weight (a figure's gram outside the catalogue
        # can never be in a common set, and weighs default_idf in a phrase)
        self._gw: dict[str, float] = {g: self._w(g) for g in self.idf}
        self._phrase_gw: dict[str, float] = dict(self._gw)
        for g in self.generic:
            self._phrase_gw[g] = self._w(g)
        for e in self.entries:
            e.fclass = _kind_class(e.ind.kind)
            e.topic_ids = tuple(i for i, (key, _) in enumerate(TOPIC_GATES) if key in e.ind.name)
            plain: dict[int, tuple[frozenset[str], float, float]] = {}
            by_unit: dict[str, dict[int, tuple[frozenset[str], float, float]]] = {}
            for sl in e.slots:
                total = self._set_weight[id(sl.grams)]
                item = (sl.grams, total, min(1.0, total / SPECIFIC_WEIGHT))
                if sl.unit is None or sl.unit in e.units:
                    plain[id(sl.grams)] = item
                else:
                    by_unit.setdefault(sl.unit, {})[id(sl.grams)] = item
            e.plain_slots = tuple(plain.values())
            e.unit_slots = {u: tuple(v.values()) for u, v in by_unit.items()}
            e.name_sets = tuple((n, self._set_weight[id(n)]) for n in e.names)
        # the bigram index of each kind class (a figure only meets its own class)
        self._class_index: dict[str, dict[str, set[int]]] = {}
        for g, eis in self._index.items():
            for ei in eis:
                cls = self.entries[ei].fclass
                self._class_index.setdefault(cls, {}).setdefault(g, set()).add(ei)
        self._all_narrowing: frozenset[str] = frozenset().union(
            *(e.narrowing for e in self.entries)
        )
        self._admissible_cache: dict[tuple, dict[str, float]] = {}
        self._last_ctx: tuple[tuple[str, ...], _Context] | None = None
        self._last_own: tuple[str, frozenset[str]] | None = None
        # (gate words of each text, and gates of each pair of word sets; cleared together)
        self._gate_words_cache: dict[str, frozenset[str]] = {}
        self._gates_by_words: dict[tuple[frozenset[str], frozenset[str]], tuple[bool, ...]] = {}

    def _context(
        self, unit: str, phrase: str, local: str, subject: str, after: str, context: str, topic: str
    ) -> _Context:
        """What the gates of a figure depend on; the two calls of one decision
        (``admissible`` and ``candidates``) share it."""
        key = (unit, phrase, local, subject, after, context, topic)
        last = self._last_ctx
        if last is not None and last[0] == key:
            return last[1]
        # The gate words of the text around (its shared subject, clause, the
        # sentence up to it and the topic) and of its whole sentence; each
        # text's words are found once, as the figures of one sentence share
        # them (``context`` is part of ``topic`` where the reader gives both).
        words = self._gate_words
        at = topic.rfind(context) if context else -1
        found = words(subject) | words(local) | words(topic)
        if context and at < 0:
            found |= words(context)
        # (the figure's whole sentence: ``topic`` ends with it, from ``context`` on)
        sentence = topic[at:] if context else local + after
        near = words(subject) | words(sentence)
        gates = self._gates_by_words.get((found, near))
        if gates is None:
            gates = self._gates_by_words[(found, near)] = _gates_of(found, near)
        ctx = _Context(
            fclass=_kind_class(_kind_of_unit(unit)),
            actions=_actions(phrase + after),
            qualified=QUALIFIER_RE.search(subject + local + context) is not None,
            gates=gates,
            closed=frozenset(i for i, is_open in enumerate(gates) if not is_open),
        )
        self._last_ctx = (key, ctx)
        return ctx

    def _gate_words(self, text: str) -> frozenset[str]:
        got = self._gate_words_cache.get(text)
        if got is None:
            if len(self._gate_words_cache) >= 4096:
                self._forget_texts()
            got = self._gate_words_cache[text] = _found_gate_words(text)
        return got

    def _forget_texts(self) -> None:
        """Forget the gate words of the texts seen: they are shared only by the
        figures of one batch (one report, or part of one), never from one
        report to the next (a text-keyed cache would make a bench that reads
        the same reports again measure nothing but the cache)."""
        self._gate_words_cache.clear()
        self._gates_by_words.clear()

    def _keep_slot(self, e: _Entry, s: _Slot) -> bool:
        """A phrasing's N in a unit the indicator does not count is only context
        (解决问题N余个 beside 服务企业N家; N人次 beside 应急演练N场), unless it stands
        alone in its clause and shares wording with the name (开展项目稽查N次)."""
        if s.unit is None or s.unit in e.units:
            return True
        if s.unit in e.excluded_units or _kind_of_unit(s.unit) != _kind_of_unit(e.ind.unit):
            return False
        if s.siblings & e.units:
            return False
        return self._overlap(s.grams, e.names) > 0.0

    def _w(self, g: str) -> float:
        w = self._gram_weight.get(g)
        if w is None:
            w = self.idf.get(g, self.default_idf)
            w = w * GENERIC_WEIGHT if g in self.generic else w
            self._gram_weight[g] = w
        return w

    def _weight(self, grams: frozenset[str]) -> float:
        w = self._gram_weight
        return sum(w[g] if g in w else self._w(g) for g in grams)

    def _overlap(self, grams: frozenset[str], names: list[frozenset[str]]) -> float:
        total = self._weight(grams)
        if not total:
            return 0.0
        return max(self._weight(grams & n) / total for n in names)

    def _cover(self, target: frozenset[str], context: frozenset[str]) -> float:
        """Share of ``target``'s weight found in ``context``."""
        # The catalogue's own gram sets are weighed once (by identity: they
        # live as long as the coder); only the overlap is weighed per figure.
        total = self._set_weight.get(id(target))
        if total is None:
            total = self._weight(target)
        if not total:
            return 0.0
        common = target & context
        return self._weight(common) / total if common else 0.0

    def candidates(
        self,
        unit: str,
        phrase: str,
        local: str,
        subject: str = "",
        counted: str = "",
        after: str = "",
        context: str = "",
        topic: str = "",
    ) -> list[Candidate]:
        """Indicators this figure may be, best first.

        ``phrase`` (before the number) and ``after`` (the words after its unit)
        say what the figure measures in its own words, ``local`` is its
        clause, ``subject`` the subject a list shares (受理73件 after 接收行政复议申请…)
        and ``counted`` the words right after the unit (20个[单位]); ``context``
        is the sentence up to the figure (it only decides QUALIFIERS) and
        ``topic`` the text around it that decides TOPIC_GATES.
        Score: F-measure of recall (how much of an indicator's phrasing or name
        the clause contains) and precision (how much of the figure's own phrase
        the indicator's vocabulary explains).
        """
        fkind = _kind_of_unit(unit)
        if fkind == "duration":
            return []
        last = self._last_own
        if last is not None and last[0] == local:  # (the figures of one clause)
            own = last[1]
        else:
            own = frozenset(bigrams(local))
            self._last_own = (local, own)
        subject_grams = bigrams(subject)
        with_subject = frozenset(subject_grams) | own
        # grams only the shared subject has: a cover through them needs the 0.85 path
        subject_only = with_subject - own
        weighted = _positioned(phrase, after) or [(g, 1.0) for g in own]
        # A shared subject is part of what is measured, but the clause's own words lead.
        weighted += [(g, SUBJECT_WEIGHT) for g in subject_grams]
        pgw = self._phrase_gw  # (self._w of every gram, without caching the figure's)
        default = self.default_idf
        # the phrase's weight (summed in order, as ``sum``) and each distinct
        # gram of it with its summed weight (the precision of an entry is the
        # part of these its vocabulary contains)
        phrase_weight = 0
        explains: dict[str, float] = {}
        for g, w in weighted:
            x = w * pgw.get(g, default)
            phrase_weight += x
            explains[g] = explains.get(g, 0.0) + x
        explain_get = explains.__getitem__
        phrase_grams = explains.keys()
        ctx = self._context(unit, phrase, local, subject, after, context, topic)
        actions, qualified, closed, fclass = ctx.actions, ctx.qualified, ctx.closed, ctx.fclass
        gw = self._gw.__getitem__
        out: list[Candidate] = []
        # Only indicators whose names or phrasings share a bigram with the
        # clause can score above 0 (recall is 0 otherwise): look them up.
        index = self._class_index.get(fclass, {})
        hit: set[int] = set().union(*[index[g] for g in with_subject if g in index])
        entries = self.entries
        for ei in sorted(hit):
            e = entries[ei]
            if e.qualified and not qualified:
                continue
            if e.topic_ids and not closed.isdisjoint(e.topic_ids):  # (a gate it needs is shut)
                continue
            unit_ok = unit in e.units or (
                bool(e.other_nouns)
                and unit not in e.excluded_units
                and any(noun in counted[: len(noun) + 4] for noun in e.other_nouns)
            )
            rec = 0.0
            slots = e.unit_slots.get(unit, ())
            if unit_ok:
                slots = e.plain_slots + slots if slots else e.plain_slots
            # (``x > rec`` below is max(rec, x) without the call)
            for grams, total, specific in slots:
                # (as _cover: share of the slot's weight in the clause, or, at
                # 0.85, in the clause with its shared subject)
                if not total:
                    continue
                common = grams & own
                cover = sum(map(gw, common)) / total if common else 0.0
                if subject_only and not grams.isdisjoint(subject_only):
                    wider = 0.85 * (sum(map(gw, grams & with_subject)) / total)
                    if wider > cover:
                        cover = wider
                # A short phrasing ("办结率N%") vouches less than a specific one.
                if cover * specific > rec:
                    rec = cover * specific
            if not unit_ok and rec == 0.0:
                continue
            if unit_ok:
                for grams, total in e.name_sets:
                    if not total:
                        continue
                    common = grams & own
                    cover = sum(map(gw, common)) / total if common else 0.0
                    if subject_only and not grams.isdisjoint(subject_only):
                        wider = 0.85 * (sum(map(gw, grams & with_subject)) / total)
                        if wider > cover:
                            cover = wider
                    if cover > rec:
                        rec = cover
            explained = sum(map(explain_get, e.vocab.intersection(phrase_grams)))
            prec = explained / phrase_weight if phrase_weight else 0.0
            score = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            if actions and e.actions and not actions & e.actions:
                score *= ACTION_PENALTY
            out.append(Candidate(e.ind.code, score))
        out.sort(key=lambda c: c.score, reverse=True)
        return out

    def admissible(
        self,
        unit: str,
        phrase: str,
        local: str,
        subject: str = "",
        after: str = "",
        context: str = "",
        topic: str = "",
    ) -> dict[str, float]:
        """The codes the figure's kind, qualifiers and topic leave open, each with
        the factor its verbs cost (ACTION_PENALTY when the verbs disagree). Units
        are not checked here: a learned coder may know more units than the
        catalogue."""
        return dict(self._admissible_of(unit, phrase, local, subject, after, context, topic)[0])

    def _admissible_of(
        self, unit: str, phrase: str, local: str, subject: str, after: str, context: str,
        topic: str,
    ) -> tuple[dict[str, float], tuple]:
        """``admissible``'s answer, shared (not to be changed), and the facts
        about the figure it depends on."""
        ctx = self._context(unit, phrase, local, subject, after, context, topic)
        # A figure whose own clause narrows it (不予受理, 诉前) fits the indicators
        # named for that narrowing better than the general one (受理, 调解).
        narrowed = frozenset(q for q in NARROWING if q in local).union(
            q for q in SENTENCE_NARROWING if q in subject or q in context)
        if narrowed and not narrowed & self._all_narrowing:
            narrowed = frozenset()
        # The answer depends only on these few facts about the figure (its kind,
        # qualifiers, open topics, verbs and narrowing words), not on its words.
        key = (ctx.fclass, ctx.qualified, ctx.gates, ctx.actions, narrowed)
        got = self._admissible_cache.get(key)
        if got is None:
            got = self._admissible(ctx, narrowed)
            if len(self._admissible_cache) >= 4096:
                self._admissible_cache.clear()
            self._admissible_cache[key] = got
        return got, key

    def _admissible(self, ctx: _Context, narrowed: frozenset[str]) -> dict[str, float]:
        actions = ctx.actions
        out: dict[str, float] = {}
        for e in self.entries:
            if e.fclass != ctx.fclass:
                continue
            if e.qualified and not ctx.qualified:
                continue
            if e.topic_ids and not all(ctx.gates[i] for i in e.topic_ids):
                continue
            clash = actions and e.actions and not actions & e.actions
            factor = ACTION_PENALTY if clash else 1.0
            if narrowed and not narrowed & e.narrowing:
                factor *= ACTION_PENALTY
            out[e.ind.code] = factor
        return out

    def code(
        self,
        unit: str,
        phrase: str,
        local: str,
        subject: str = "",
        counted: str = "",
        after: str = "",
        context: str = "",
        topic: str = "",
    ) -> str | None:
        return self.decide(unit, phrase, local, subject, counted, after, context, topic)[0]

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
        """The code (or None) and the confidence behind the decision."""
        self._forget_texts()  # (one figure at a time: nothing shared, see _forget_texts)
        if counts_nothing(context):  # (a target, a floor, a standard per unit)
            return None, 0.0
        cands = self.candidates(unit, phrase, local, subject, counted, after, context, topic)
        if cands and cands[0].score >= THRESHOLD:
            return cands[0].code, cands[0].score
        return None, cands[0].score if cands else 0.0


    def decide_many(self, contexts: Sequence[tuple[str, ...]]) -> list[tuple[str | None, float]]:
        """``decide`` of each figure's context (its positional arguments), in
        order; a coder that scores figures together overrides this."""
        return [self.decide(*c) for c in contexts]

@lru_cache(maxsize=1)
def default_coder() -> Coder:
    return Coder(catalogue.design())
