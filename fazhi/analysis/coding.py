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
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from fazhi.indicators import catalogue
from fazhi.indicators.catalogue import Indicator

from .numbers import DURATION_UNITS, MONEY_UNITS, PERCENT_UNITS, find_quantities, words

# Units that count the same kind of thing; a figure in one of them may carry an
# indicator whose catalogue unit is another member of the group.
UNIT_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"次", "场", "场次", "期", "轮", "批次", "期次"}),
    frozenset({"人", "名", "位"}),
    frozenset({"家", "户", "户次", "家次"}),
    frozenset({"件", "起", "宗", "件次"}),
    frozenset({"元", "万元", "亿元"}),
    frozenset({"%", "％", "‰"}),
)

THRESHOLD = 0.55

# How reports other than the catalogue's examples word the same indicators
# (general vocabulary, N = a number). They count as phrasings of the indicator.
EXTRA_PHRASINGS: dict[str, tuple[str, ...]] = {
    "LAW_STUDY_SESSIONS": (
        "全年学法N次",
        "集体学法N次",
        "理论学习中心组学法N次",
        "开展专题学习N次",
        "习近平法治思想专题学习会N场",
    ),
    "GOV_MEETINGS_ON_RULE_OF_LAW": (
        "研究法治建设N次",
        "常务会议N次专题研究部署法治政府建设工作",
        "常委会会议专题研究法治工作N次",
        "听取法治建设工作汇报N次",
    ),
    "LAW_INSPECTION_MISSIONS": ("开展法治督察N次", "组织开展实地督察N轮", "专项督察N次"),
    "LAW_INSPECTION_ISSUES": ("督察发现问题N个", "督察反馈问题N个"),
    "LAW_TRAINING_SESSIONS": ("举办法治培训N期", "举办学法培训班N期", "开展学法培训N场"),
    "ONLINE_PROCESSING_RATE": ("事项全程网办率N%", "全流程网上办理率N%"),
    "RANDOM_INSPECTION_ENTITIES": ("双随机抽查主体N户次", "随机抽查企业N家"),
    "LEGAL_COUNSEL_MATTERS": (
        "法律顾问审查重要文件N份、重要合同N份",
        "审查重大合同N份",
        "办理征求法律意见N件次",
        "出具法律意见N件",
    ),
    "MAJOR_DECISIONS": ("N项重大决策经合法性审查", "作出重大行政决策N项"),
    "FINES_COLLECTED": ("罚没收入N万元", "罚没款N万元"),
    "RECON_MEDIATED": ("调解和解结案N件", "以调解和解方式化解N件"),
    "RECON_RECEIVED": ("新收行政复议案件N件",),
    "RECON_CORRECTED": ("作出纠错决定N件",),
    "CERTIFIED_ENFORCEMENT_OFFICERS": ("共有持证执法人员N名", "持有行政执法证件N人"),
    "PENALTY_DECISIONS": ("办理行政处罚案件N件", "实施行政处罚N起"),
    "PUBLICITY_EVENTS": ("举办法治讲座N次", "开展普法宣传活动N场"),
    "DISPUTES_MEDIATED": ("调处化解矛盾纠纷N件", "调解各类纠纷N件"),
    "ENFORCEMENT_TRAINING_PARTICIPANTS": ("培训行政执法人员N人",),
    "DISCLOSURE_REQUESTS": ("办理依申请公开N件",),
    "NORMATIVE_DOCS_ISSUED": ("出台行政规范性文件N件", "印发规范性文件N件"),
    "UNITS_REPORTING_ON_LAW": ("领导干部述法N人", "党政主要负责人现场述法N人", "一把手述法N人"),
    "LEGAL_COUNSEL_STAFF": ("配备法律顾问N名", "聘请法律顾问N名", "公职律师N名"),
}


# Words every report uses everywhere: they say little about which indicator a
# figure is, so their bigrams weigh a quarter of the others.
GENERIC_WORDS: tuple[str, ...] = words(
    """
    县政府 区政府 市政府 人民政府 全县 全区 全市 全镇 县委 区委 市委 本级 本年度 今年 全年 年度 年内
    开展 组织 推进 推动 进行 实现 完成 落实 加强 深化 持续 积极 认真 切实 不断 及时 有效 依法
    工作 情况 相关 有关 各类 各级 各项 各部门 部门 单位 共计 累计 合计 总计 通过 其中 分别 目前
    先后 已经 全面 进一步 主要 重点 专题 法治 建设 政府 网站 平台 领导班子 领导干部 班子成员
    同比 环比 较上年 比上年 增长 下降 上升 减少 提高 降低 增加
    """
)
GENERIC_WEIGHT = 0.25

# Verbs that say what happened to the matters counted. A figure whose phrase
# names one of them fits an indicator whose wording names another of them,
# but none of the figure's, badly (办结 is not 受理; 公开会议 is not 召开会议).
ACTION_VERBS: tuple[str, ...] = words(
    """
    收到 接收 新收 受理 立案 办结 审结 结案 纠错 纠正 化解 撤销 驳回 维持 答复 办复 移送 移交
    查处 作出 开庭 出庭 评查 抽查 备案 报备 审核 制定 出台 印发 公布 公开 发放 召开 举办 聘请
    选聘 培训 培养 调解 发现 查出 整改 核减 旁听 观摩 审计 败诉 保留 废止 清理 修改 修订
    """
)
ACTION_PENALTY = 0.6
# Verbs that name the same action (新收 = 收到 = 接收; 纠正 = 纠错; 审结 = 办结).
SAME_ACTION: dict[str, str] = {
    "新收": "收到",
    "接收": "收到",
    "纠正": "纠错",
    "审结": "办结",
    "结案": "办结",
    "办复": "答复",
    "报备": "备案",
    "移交": "移送",
}


_ACTION_SET: frozenset[str] = frozenset(ACTION_VERBS)
_ACTION_LENGTHS: tuple[int, ...] = tuple(sorted({len(v) for v in ACTION_VERBS}))


def _actions(text: str) -> frozenset[str]:
    """The ACTION_VERBS ``text`` uses, each under its canonical name."""
    # (every window of a verb's length looked up once, not every verb searched for)
    found = {
        text[i : i + n]
        for n in _ACTION_LENGTHS
        for i in range(len(text) - n + 1)
        if text[i : i + n] in _ACTION_SET
    }
    return frozenset(SAME_ACTION.get(v, v) for v in found)


# Words that narrow an indicator to a kind of outcome: 不予行政处罚 is not every
# 行政处罚, 不予受理 not every 受理. An indicator whose wording has one fits only
# a figure whose clause (or shared subject) has one too.
QUALIFIERS: tuple[str, ...] = words("不予 不罚 免罚 免予 减轻 减罚 轻罚 从轻 首违")
# Words that narrow what a figure counts; a figure whose clause has one is
# steered to the indicators whose name or phrasings have it too.
NARROWING: tuple[str, ...] = (*QUALIFIERS, "诉前", "不予受理", "纠错", "败诉", "开庭")

# Topics an indicator's name is about; a figure fits it only if its sentence
# (or shared subject) names the topic too: 执法人员1256人 is not a training
# count, 投诉举报办结率 is not the 建议提案办结率.
TOPIC_GATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("培训", ("培训", "参训", "轮训", "训练", "授课", "讲座", "学法", "学习")),
    ("持证", ("持证", "执法证", "资格证", "证件")),
    ("建议", ("建议", "提案", "议案")),
    ("信访", ("信访", "来信", "来访")),
    ("审计", ("审计", "审核", "稽查", "核减")),
    ("应急", ("应急", "预案", "演练")),
    ("公证", ("公证",)),
    ("法律援助", ("援助",)),
    ("复议", ("复议",)),
    ("旁听", ("旁听", "观摩", "庭审")),
    ("党校", ("党校", "行政学院")),
    ("述法", ("述法",)),
)
# All the gates' words in one search (a lookahead finds overlapping ones too);
# a word also occurs wherever a longer word it begins occurs.
_GATE_WORDS: tuple[str, ...] = tuple(
    sorted({w for _, ws in TOPIC_GATES for w in ws}, key=len, reverse=True)
)
_GATE_RE = re.compile(
    "(?=[" + "".join(sorted({w[0] for w in _GATE_WORDS})) + "])"  # (cheap test first)
    "(?=(" + "|".join(map(re.escape, _GATE_WORDS)) + "))"
)
_GATE_PREFIXES: dict[str, tuple[str, ...]] = {
    w: tuple(p for p in _GATE_WORDS if p != w and w.startswith(p)) for w in _GATE_WORDS
}
_GATE_SETS: tuple[frozenset[str], ...] = tuple(frozenset(ws) for _, ws in TOPIC_GATES)


def _open_gates(text: str) -> tuple[bool, ...]:
    """For each of TOPIC_GATES, whether ``text`` names one of its words."""
    found = set(_GATE_RE.findall(text))
    for w in tuple(found):
        found.update(_GATE_PREFIXES[w])
    return tuple(not ws.isdisjoint(found) for ws in _GATE_SETS)


SUBJECT_WEIGHT = 0.3
SPECIFIC_WEIGHT = 5.0  # about three distinctive bigrams

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_SPLIT = re.compile(r"[，,；;。：:！!？?]")


# Measure words reports also use for an indicator (法律意见书N份, 反馈问题N个).
EXTRA_UNITS: dict[str, tuple[str, ...]] = {
    "LEGAL_COUNSEL_MATTERS": ("份",),
    "LAW_INSPECTION_ISSUES": ("个", "条"),
    "AUDIT_ISSUES": ("个", "项"),
    "UNITS_REPORTING_ON_LAW": ("人", "名", "人次"),
}


def phrasings_of(ind: Indicator) -> tuple[str, ...]:
    """The catalogue's phrasings of ``ind`` and the extra wordings above."""
    return tuple(ind.phrasings) + EXTRA_PHRASINGS.get(ind.code, ())


def unit_group(unit: str) -> frozenset[str]:
    for g in UNIT_GROUPS:
        if unit in g:
            return g
    return frozenset({unit})


_GRAM_RUN = re.compile(r"[\u4e00-\u9fff“”]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> list[str]:
    """Character bigrams of the CJK runs of ``text`` (single characters for 1-char runs)."""
    out: list[str] = []
    for run in _GRAM_RUN.findall(text):
        run = run.replace("“", "").replace("”", "")
        if len(run) == 1:
            out.append(run)
        else:
            out.extend([a + b for a, b in zip(run, run[1:], strict=False)])
    return out


# 0.85 ** (d - 8) for the distances a phrase has (computed once, not per bigram).
_DECAY: list[float] = [1.0 if d <= 8 else 0.85 ** (d - 8) for d in range(256)]


def _positioned(before: str, after: str) -> list[tuple[str, float]]:
    """Bigrams of the words around a number, weighted by closeness to it: the
    thing measured sits next to the number, a long preamble matters less."""
    out: list[tuple[str, float]] = []
    decay = _DECAY
    for text, from_end in ((before, True), (after, False)):
        # (distances count from the end of the text as written, quotes included)
        n = len(text)
        for m in _CJK_RUN.finditer(text.replace("“", "").replace("”", "")):
            run, start = m.group(), m.start()
            if len(run) == 1:
                d = (n - start - 1) if from_end else start
                out.append((run, decay[d] if d < 256 else 0.85 ** (d - 8)))
                continue
            for i in range(len(run) - 1):
                pos = start + i
                d = (n - pos - 2) if from_end else pos
                out.append((run[i : i + 2], decay[d] if d < 256 else 0.85 ** (d - 8)))
    return out


def _kind_class(kind: str) -> str:
    """Rates go with rates, amounts with amounts, everything else together."""
    return kind if kind in ("rate", "amount") else "other"


def _kind_of_unit(unit: str) -> str:
    if unit in PERCENT_UNITS:
        return "rate"
    if unit in MONEY_UNITS:
        return "amount"
    if unit in DURATION_UNITS:
        return "duration"
    return "count"


@dataclass
class _Slot:
    text: str  # the phrasing clause without its numbers
    unit: str | None  # the unit after this slot's N, None for phrasings without N
    grams: frozenset[str] = field(default_factory=frozenset)
    siblings: frozenset[str] = field(default_factory=frozenset)  # units of all Ns in the clause


@dataclass
class _Entry:
    ind: Indicator
    units: frozenset[str]  # units a figure may carry for this indicator
    excluded_units: frozenset[str]
    other_nouns: tuple[str, ...]  # things the definition also counts (及领域数 → 领域)
    names: list[frozenset[str]]  # bigram sets of the name's alternatives
    slots: list[_Slot]
    vocab: frozenset[str] = field(default_factory=frozenset)
    actions: frozenset[str] = field(default_factory=frozenset)  # ACTION_VERBS its wording uses
    qualified: bool = False  # its name or phrasings use one of QUALIFIERS
    topics: tuple[tuple[str, ...], ...] = ()  # TOPIC_GATES its name opens
    narrowing: frozenset[str] = frozenset()  # NARROWING words its name or phrasings use
    # Tables for Coder.candidates, computed once per coder (see Coder._tables):
    fclass: str = ""  # "rate", "amount" or "other": a figure must be of the same class
    topic_ids: tuple[int, ...] = ()  # indices into TOPIC_GATES of ``topics``
    # (grams, weight, specificity) of the slots any unit_ok figure may use, and
    # of the slots only a figure in that very unit may use
    plain_slots: tuple[tuple[frozenset[str], float, float], ...] = ()
    unit_slots: dict[str, tuple[tuple[frozenset[str], float, float], ...]] = field(
        default_factory=dict
    )
    name_sets: tuple[tuple[frozenset[str], float], ...] = ()  # (grams, weight) of the names


def _name_alternatives(name: str) -> list[str]:
    """行政复议受理（立案）件数 -> [行政复议受理件数, 行政复议立案件数]."""
    m = re.search(r"[（(]([^）)]*)[）)]", name)
    if not m:
        return [name]
    before, inner, after = name[: m.start()], m.group(1), name[m.end() :]
    # "A（B）C": B is an alternative to the word just before, or an optional insert.
    alts = [before + after, before + inner + after]
    word = re.search(r"[\u4e00-\u9fff]{2,4}$", before)
    if word and len(inner) <= len(word.group()) + 1:
        alts.append(before[: word.start()] + inner + after)
    return [a for x in alts for a in _name_alternatives(x)]


def _split_list(clause: str) -> list[str]:
    """Split at 、 only between two Ns: "建议N件、提案N件" -> two parts."""
    parts: list[str] = []
    start = 0
    for i, ch in enumerate(clause):
        if ch == "、" and "N" in clause[start:i] and "N" in clause[i + 1 :]:
            parts.append(clause[start:i])
            start = i + 1
    parts.append(clause[start:])
    return parts


def _build_entry(ind: Indicator) -> _Entry:
    units = set(unit_group(ind.unit)) if ind.kind != "boolean" else set()
    if ind.unit in ("件次", "场次"):
        units |= {ind.unit[0], "次"}  # 件次 counts 件 or 次
    units |= set(EXTRA_UNITS.get(ind.code, ()))
    # Units named in dims ("attendees(人次)") or the definition ("人（次）数").
    for u in re.findall(r"[（(]([^）)]{1,3})[）)]", ind.dims):
        units.add(u)
    if "人（次）" in ind.definition or "人(次)" in ind.definition:
        units |= {"人", "人次"}
    excluded = set()
    for m in re.finditer(r"([\u4e00-\u9fff]{1,3})另见", ind.definition):
        word = m.group(1)
        for u in ("人次", "人数", "人", "次"):
            if word.endswith(u):
                excluded.add("人" if u == "人数" else u)
                break
    units -= excluded
    other_nouns: list[str] = []
    for m in re.finditer(r"及([\u4e00-\u9fff]{1,6}?)数", ind.definition):
        noun = m.group(1)
        for prefix in ("覆盖", "涉及"):
            noun = noun.removeprefix(prefix)
        if noun:
            other_nouns.append(noun)
    names = [frozenset(bigrams(a)) for a in _name_alternatives(ind.name)]
    slots: list[_Slot] = []
    for ph in phrasings_of(ind):
        ph = ph.replace("YYYY", "").replace("…", "")
        ph = re.sub(r"\d+(?:\.\d+)?", "N", ph)
        for clause in _CLAUSE_SPLIT.split(ph):
            # 、 separates two figures of a list: "建议N件、提案N件".
            for part in _split_list(clause):
                if not part.strip():
                    continue
                probe = part.replace("N", "1")
                quantities = [q for q in find_quantities(probe) if probe[q.num_start] == "1"]
                text = probe
                for q in reversed(quantities):
                    text = text[: q.num_start] + text[q.end :]
                grams = frozenset(bigrams(text))
                if not quantities:
                    slots.append(_Slot(text=text, unit=None, grams=grams))
                siblings = frozenset(q.unit for q in quantities)
                for q in quantities:
                    slots.append(_Slot(text=text, unit=q.unit, grams=grams, siblings=siblings))
    return _Entry(
        ind=ind,
        units=frozenset(units),
        excluded_units=frozenset(excluded),
        other_nouns=tuple(other_nouns),
        names=names,
        slots=slots,
    )


@dataclass(frozen=True)
class _Context:
    fclass: str  # _kind_class of the figure's unit
    actions: frozenset[str]  # ACTION_VERBS of its phrase
    qualified: bool  # its clause or sentence uses one of QUALIFIERS
    gates: tuple[bool, ...]  # per TOPIC_GATES: whether the text around opens it


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

    def _context(
        self, unit: str, phrase: str, local: str, subject: str, after: str, context: str, topic: str
    ) -> _Context:
        """What the gates of a figure depend on; the two calls of one decision
        (``admissible`` and ``candidates``) share it."""
        key = (unit, phrase, local, subject, after, context, topic)
        last = self._last_ctx
        if last is not None and last[0] == key:
            return last[1]
        around = subject + local + context + topic
        ctx = _Context(
            fclass=_kind_class(_kind_of_unit(unit)),
            actions=_actions(phrase + after),
            qualified=any(q in subject + local + context for q in QUALIFIERS),
            gates=_open_gates(around),
        )
        self._last_ctx = (key, ctx)
        return ctx

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
        own = frozenset(bigrams(local))
        subject_grams = bigrams(subject)
        with_subject = frozenset(subject_grams) | own
        # grams only the shared subject has: a cover through them needs the 0.85 path
        subject_only = with_subject - own
        weighted = _positioned(phrase, after) or [(g, 1.0) for g in own]
        # A shared subject is part of what is measured, but the clause's own words lead.
        weighted += [(g, SUBJECT_WEIGHT) for g in subject_grams]
        pgw = self._phrase_gw  # (self._w of every gram, without caching the figure's)
        default = self.default_idf
        phrase_weight = sum(w * pgw.get(g, default) for g, w in weighted)
        # each distinct gram of the phrase with its summed weight (the precision
        # of an entry is the part of these its vocabulary contains)
        explains: dict[str, float] = {}
        for g, w in weighted:
            explains[g] = explains.get(g, 0.0) + w * pgw.get(g, default)
        explain_get = explains.__getitem__
        phrase_grams = explains.keys()
        ctx = self._context(unit, phrase, local, subject, after, context, topic)
        actions, qualified, gates, fclass = ctx.actions, ctx.qualified, ctx.gates, ctx.fclass
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
            if e.topic_ids and not all(gates[i] for i in e.topic_ids):
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
        ctx = self._context(unit, phrase, local, subject, after, context, topic)
        # A figure whose own clause narrows it (不予受理, 诉前) fits the indicators
        # named for that narrowing better than the general one (受理, 调解).
        narrowed = frozenset(q for q in NARROWING if q in local)
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
        return dict(got)

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
        cands = self.candidates(unit, phrase, local, subject, counted, after, context, topic)
        if cands and cands[0].score >= THRESHOLD:
            return cands[0].code, cands[0].score
        return None, cands[0].score if cands else 0.0


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    return Coder(catalogue.design())
