"""The catalogue's vocabulary as the coder reads it: unit groups, the extra
wordings reports use, the verbs, qualifiers and topic gates that decide which
indicators a figure may be, character bigrams, and one entry per indicator
(its name's alternatives and its phrasings cut into one slot per number).

Split from ``coding`` (which scores a figure against these entries); the
names are imported there, so ``from .coding import …`` keeps working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    "PRE_LITIGATION_RESOLVED": ("诉前调解成功N件",),
    "RECON_MEDIATED": ("调解和解结案N件", "以调解和解方式化解N件"),
    "RECON_RECEIVED": ("新收行政复议案件N件",),
    "RECON_CORRECTED": ("作出纠错决定N件",),
    "CERTIFIED_ENFORCEMENT_OFFICERS": ("共有持证执法人员N名", "持有行政执法证件N人"),
    "PENALTY_DECISIONS": ("办理行政处罚案件N件", "实施行政处罚N起"),
    "PUBLICITY_EVENTS": ("开展普法宣传活动N场",),
    "DISPUTES_MEDIATED": ("调处化解矛盾纠纷N件", "调解各类纠纷N件"),
    "ENFORCEMENT_TRAINING_PARTICIPANTS": ("培训行政执法人员N人",),
    "DISCLOSURE_REQUESTS": ("办理依申请公开N件",),
    "NORMATIVE_DOCS_ISSUED": ("出台行政规范性文件N件", "印发规范性文件N件"),
    "UNITS_REPORTING_ON_LAW": ("领导干部述法N人", "党政主要负责人现场述法N人", "一把手述法N人"),
    "LEGAL_COUNSEL_STAFF": ("配备法律顾问N名", "聘请法律顾问N名", "公职律师N名"),
    # the clean-up of normative documents and what became of them (规范性文件清理)
    "NORMATIVE_DOCS_CLEANED": ("清理规范性文件N件", "清理文件N件"),
    "NORMATIVE_DOCS_CLEANED_KEPT": ("继续有效N件", "保留N件"),
    "NORMATIVE_DOCS_CLEANED_AMENDED": ("修改N件", "修订N件", "拟修改N件"),
    "NORMATIVE_DOCS_REPEALED": ("废止N件", "废止规范性文件N件"),
    "NORMATIVE_DOCS_LAPSED": ("宣布失效N件", "失效N件"),
    "NORMATIVE_DOCS_IN_FORCE": ("现行有效规范性文件N件",),
    "CASE_REFERRALS": ("移送纪检监察机关问题线索N条",),
    "SUGGESTIONS_SOLVED": ("所提问题已经解决或基本解决N件", "A类答复N件"),
    "SUGGESTIONS_HANDLED": ("收到人大代表建议N件", "承办政协提案N件", "办理建议提案N件"),
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
QUALIFIER_RE = re.compile("|".join(QUALIFIERS))
# Words that narrow what a figure counts; a figure whose clause has one is
# steered to the indicators whose name or phrasings have it too (依申请公开 is
# not 主动公开; 180名调解员参加了培训 are trainees, not the number of mediators).
NARROWING: tuple[str, ...] = (*QUALIFIERS, "诉前", "不予受理", "纠错", "败诉", "开庭", "依申请", "培训")
# Of those, the words that name the channel a whole sentence is about, not an
# outcome of one clause: "诉前调解民商事案件2395件，……调解成功866件" counts 诉前 successes.
SENTENCE_NARROWING: tuple[str, ...] = ("诉前",)

# A figure whose own words (its clause up to it, after any figure before) set a
# target, a floor or a standard per unit counts nothing that happened: the
# annotation rules leave 每个自然村至少培养1名, 每季度集体学法不少于1次 and
# 每个村（居）委会有1个调解委员会 uncoded. (每年 is a year's total: 每年化解纠纷50万件.)
TARGET_WORDS: tuple[str, ...] = words("至少 不少于 不低于 不超过 力争")
_PER_UNIT = re.compile(r"每(?!年)[\u4e00-\u9fff\d]")
# Nor does a figure whose own words say it is outside what any indicator counts:
# an outcome no indicator has (胜诉24宗), a stage not reached (未审结案件221件),
# information withheld (不予公开信息1535条).
NOT_COUNTED_WORDS: tuple[str, ...] = words("胜诉 未审结 未办结 未结 尚未 不予公开")
# (one search: a 每 that is not 每年, or any of the words)
_COUNTS_NOTHING = re.compile(
    "|".join([_PER_UNIT.pattern, *map(re.escape, (*TARGET_WORDS, *NOT_COUNTED_WORDS))])
)
_OWN_WORDS_STOPS = frozenset("，,；;：:、。！？0123456789")


def own_words(context: str) -> str:
    """The figure's own words: its sentence up to it (``context``) from the
    last clause mark or number on."""
    i = len(context)
    while i and context[i - 1] not in _OWN_WORDS_STOPS:
        i -= 1
    return context[i:]


def counts_nothing(context: str) -> bool:
    """Whether the figure's own words make it a target, a floor, a standard per
    unit or a count outside the catalogue (TARGET_WORDS, NOT_COUNTED_WORDS)."""
    return _COUNTS_NOTHING.search(own_words(context)) is not None


# Words that name the law (a 学法 or 法治 figure's sentence has one).
_LAW_WORDS: tuple[str, ...] = words(
    "学法 法治 法律 法规 宪法 民法典 条例 普法 法典 依法 法学 法制 立法 讲法 述法 司法 督察"
)
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
    # 中心组学习、"第一议题"学习 are not 学法 unless they name the law
    ("学法", _LAW_WORDS),
    ("法治", _LAW_WORDS),
    ("罚没", ("罚", "没收")),
    # 学习贯彻党的二十大精神专题轮训班，培训学员514人 are no trainees in law
    ("依法行政", (*_LAW_WORDS, "执法", "合法性", "复议", "诉讼")),
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
# Gates the figure's own sentence must open (the text around a 学法 figure
# nearly always names the law somewhere: "第一议题"学习45场 does not count as 学法).
SENTENCE_GATES: frozenset[str] = frozenset({"学法", "法治", "罚没", "依法行政"})
_SENTENCE_GATE_FLAGS: tuple[bool, ...] = tuple(key in SENTENCE_GATES for key, _ in TOPIC_GATES)


def _found_gate_words(text: str) -> frozenset[str]:
    found = set(_GATE_RE.findall(text))
    for w in tuple(found):
        found.update(_GATE_PREFIXES[w])
    return frozenset(found)


def _gates_of(found: frozenset[str], near: frozenset[str] | None = None) -> tuple[bool, ...]:
    """For each of TOPIC_GATES, whether ``found`` (the gate words of the text
    around) has one of its words; the gates of SENTENCE_GATES only open by a
    word of ``near`` (the words of the figure's sentence, when given)."""
    if near is None:
        return tuple(not ws.isdisjoint(found) for ws in _GATE_SETS)
    return tuple(
        not ws.isdisjoint(near if narrow else found)
        for ws, narrow in zip(_GATE_SETS, _SENTENCE_GATE_FLAGS, strict=True)
    )


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
_DECAY: list[float] = [1.0 if d <= 8 else 0.85 ** (d - 8) for d in range(1024)]
_NEAR = len(_DECAY)


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
                out.append((run, decay[d] if d < _NEAR else 0.85 ** (d - 8)))
                continue
            last = len(run) - 2  # (the distance of the run's last bigram, or first)
            d0 = (n - start - 2) if from_end else start
            if from_end and d0 < _NEAR:  # (distances d0, d0 - 1, …, all in the table)
                out += [(run[i : i + 2], decay[d0 - i]) for i in range(last + 1)]
            elif not from_end and d0 + last < _NEAR:
                out += [(run[i : i + 2], decay[d0 + i]) for i in range(last + 1)]
            else:
                for i in range(last + 1):
                    d = d0 - i if from_end else d0 + i
                    out.append((run[i : i + 2], decay[d] if d < _NEAR else 0.85 ** (d - 8)))
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


# Codes whose figure counts something else in a town's or street's own report:
# there the 合法性审查 of contracts and matters is the town's own review
# (TOWN_LEGALITY_REVIEWS, "镇（街道）、村合法性审查件数"), not the county's
# legal counsel's work; in any other report the town code needs a town, a
# village or a community in the figure's clause.
TOWN_COUNTERPARTS: dict[str, str] = {"LEGAL_COUNSEL_MATTERS": "TOWN_LEGALITY_REVIEWS"}
TOWN_CODES: frozenset[str] = frozenset(TOWN_COUNTERPARTS.values())
TOWN_WORDS: tuple[str, ...] = ("镇", "乡", "街道", "村", "社区")
TOWN_REVIEW_WORDS: tuple[str, ...] = ("审查", "审核")
# (what a town's legal counsel drafts and reviews stays the counsel's work)
COUNSEL_WORDS: tuple[str, ...] = ("顾问", "律师")

# The people a count of sessions reached: "法治专题培训班3期，覆盖科级以上干部680余人次"
# counts the trainees (the annotation rules: 法治培训的参训人次). A people figure
# right after such a count in its sentence, with only a verb of reach (and
# whom) as its own words, takes the companion code.
COMPANION_COUNTS: dict[str, str] = {"LAW_TRAINING_SESSIONS": "ENFORCEMENT_TRAINING_PARTICIPANTS"}
PEOPLE_UNITS: frozenset[str] = frozenset({"人", "人次", "名"})
# Totals of a list whose items are its kinds (权责清单5000项，其中行政许可11项、
# 行政检查7项): every item counts what the total counts, though its own words
# would code it otherwise (corpus annotation rules: 权力清单里的分项).
LIST_TOTALS: frozenset[str] = frozenset({"POWER_LIST_ITEMS"})
REACH_WORDS: tuple[str, ...] = words("覆盖 参训 受训 参加 参与 培训")

# Counts of sessions the annotation rules tell apart by who meets and for whom
# (bench/corpus/README, sixth and seventh batch): 宣讲 to the public is
# publicity, a 中心组's study is 学法, a 常委会's or 常务会's study is its 会前学法,
# a 培训 is a training, a lecture to the public is publicity. When the coder
# chose a code of this family, the words of the figure's own clause decide
# which one (``session_kind``).
SESSION_FAMILY: frozenset[str] = frozenset(
    {"LAW_STUDY_SESSIONS", "EXEC_MEETING_LAW_LECTURES", "LAW_TRAINING_SESSIONS", "PUBLICITY_EVENTS"}
)
_MEETING_BODY = re.compile("常委会|常务会")
_STUDY = re.compile("学法|学习|讲座")
# A lecture is publicity when given to the public, a training when given to
# officials (sixth batch: 面向群众、学校的法制讲座与法制课计入 PUBLICITY_EVENTS).
_LECTURE = re.compile("讲座|法制课|法治课")
PUBLIC_AUDIENCE: tuple[str, ...] = words("群众 居民 村民 学生 师生 青少年 未成年人 中小学 校园 老年人 妇女")
OFFICIAL_AUDIENCE: tuple[str, ...] = words("干部 公职人员 执法人员 工作人员 公务员 领导")


def session_kind(clause: str) -> str | None:
    """The code of the session family ``clause`` names by its own words, or None."""
    if "宣讲" in clause:
        return "PUBLICITY_EVENTS"
    meeting = _MEETING_BODY.search(clause) is not None
    if "中心组" in clause:
        return None if meeting else "LAW_STUDY_SESSIONS"  # (both: a joint count)
    if meeting:
        return "EXEC_MEETING_LAW_LECTURES" if _STUDY.search(clause) else None
    if (
        _LECTURE.search(clause)
        and any(w in clause for w in PUBLIC_AUDIENCE)
        and not any(w in clause for w in OFFICIAL_AUDIENCE)
    ):
        return "PUBLICITY_EVENTS"
    if "培训" in clause:
        return "LAW_TRAINING_SESSIONS"
    return None


# A court's own caseload (该院共受理各类行政诉讼案件69件，结案61件) is not the
# government's litigation (LITIGATION_CASES: 以本级政府或部门为被告的行政诉讼案件):
# the corpus gold leaves a court's caseload uncoded (c116, c117, c118, c124,
# c128, c134) where its sentence, or the sentence before, names the court. (What a court
# finds of the government, 行政机关败诉1874件, keeps its code; so does a figure
# whose own sentence makes the government the party: 代理区政府作为当事人的…)
COURT_WORDS: tuple[str, ...] = ("法院", "该院")
GOVERNMENT_PARTY_WORDS: tuple[str, ...] = words("代理 当事人 应诉 被告 被诉")
COURT_CASELOAD_CODES: frozenset[str] = frozenset({"LITIGATION_CASES", "LITIGATION_CLOSED_CASES"})
