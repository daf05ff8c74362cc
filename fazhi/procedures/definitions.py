"""法定程序的声明：期限规则、状态、允许的流转及其前置条件（门槛）。

Every statutory procedure is declared here once, as data, from
design/rules.md (the source of truth; section numbers below refer to it).
Registers, the ``fazhi deadline`` command and the tests read these
declarations; no other module hard-codes a period or a transition.

* ``DeadlineRule``: one step's clock (process and step keys exactly as in the
  rules table "Process and step keys").
* ``State`` / ``Transition`` / ``Gate``: the state machine of a process. A gate
  is a condition on *facts* the register supplies (a mapping of fact name to
  value, truthy = established), so a new gate is a line of data.

How to add a rule or a process: docs/procedures.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fazhi.workdays.calendar import PeriodUnit

WD, CD, MONTHS = PeriodUnit.WORKING_DAYS, PeriodUnit.CALENDAR_DAYS, PeriodUnit.MONTHS

# Statute names, as cited in Chinese.
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
LITIGATION_INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》"
APPEARANCE_RULES = "《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》"
DISCLOSURE_REGULATION = "《中华人民共和国政府信息公开条例》"
PENALTY_LAW = "《中华人民共和国行政处罚法》"
ENFORCEMENT_OPINION = ("《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度"
                       "重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）")
DEPUTIES_LAW = "《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》"
PETITION_REGULATION = "《信访工作条例》"
MAJOR_DECISION_REGULATION = "《重大行政决策程序暂行条例》"
NORMATIVE_DOCUMENT_OPINION = "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
NORMATIVE_REVIEW_OPINION = "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）"
SHANDONG_FILING_RULES = "《山东省各级人大常委会规范性文件备案审查规定》"
SUPERVISION_RULES = "《法治政府建设与责任落实督察工作规定》"
CIVIL_PROCEDURE_LAW = "《中华人民共和国民事诉讼法》"


class Confidence(StrEnum):
    """How sure design/rules.md is of a rule."""

    C1 = "C1"  # read in the full legal text
    C2 = "C2"  # seen in an official page or report of one
    M = "M"  # common practice, not confirmed

    @property
    def label(self) -> str:
        return {"C1": "已核对法律原文", "C2": "见于官方页面或报道", "M": "通行做法，未经确认"}[self.value]


@dataclass(frozen=True)
class DeadlineRule:
    """One step's deadline.

    ``amount``/``unit`` count from ``start_event`` (start day not counted).
    ``extension`` is added to ``amount`` when the period is extended (same unit).
    ``minimum``: the law sets a shortest period ("不少于"); the computed date is
    the earliest end. ``fixed_month_day``: the deadline is a date of the year
    (e.g. 4月1日), the first such date after the start. ``configurable``: rules
    marked M or varying by region; a RuleSetting row may override amount, unit,
    extension and basis (model ``RuleSetting``).
    """

    process: str
    step: str
    label: str
    start_event: str
    unit: PeriodUnit
    amount: int
    basis: str
    confidence: Confidence
    extension: int | None = None
    extension_basis: str = ""
    extension_confidence: Confidence | None = None
    deemed_outcome: str = ""
    minimum: bool = False
    fixed_month_day: tuple[int, int] | None = None
    configurable: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.process, self.step)


@dataclass(frozen=True)
class Gate:
    """A precondition of a transition, on facts the register supplies.

    The gate applies only when every ``applies_if`` fact is truthy, and is
    waived when any ``waived_by`` fact is truthy; then every ``requires`` fact
    must be truthy and every ``forbids`` fact falsy, else the transition is
    refused with ``message`` (Chinese, citing ``basis``).
    """

    message: str
    basis: str
    requires: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()
    applies_if: tuple[str, ...] = ()
    waived_by: tuple[str, ...] = ()

    def blocks(self, facts: Mapping[str, Any]) -> bool:
        if not all(facts.get(f) for f in self.applies_if):
            return False
        if any(facts.get(f) for f in self.waived_by):
            return False
        return not all(facts.get(f) for f in self.requires) or any(facts.get(f) for f in self.forbids)

    @property
    def reason(self) -> str:
        return f"{self.message}（{self.basis}）"


@dataclass(frozen=True)
class State:
    key: str
    label: str
    final: bool = False
    # Why this state can only be entered from certain states (shown on refusal).
    entry_rule: str = ""


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    basis: str
    gates: tuple[Gate, ...] = ()


@dataclass(frozen=True)
class Process:
    key: str
    label: str
    rules: tuple[DeadlineRule, ...] = ()
    states: tuple[State, ...] = ()
    transitions: tuple[Transition, ...] = ()
    initial: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: The rule that moves a period's last day off a rest day, as this
    #: procedure applies it; empty = 民法典 arts. 203–204 (the general rule).
    period_basis: str = ""

    def rule(self, step: str) -> DeadlineRule:
        for rule in self.rules:
            if rule.step == step:
                return rule
        raise UnknownStep(self, step)

    def state(self, key: str) -> State:
        for state in self.states:
            if state.key == key:
                return state
        raise UnknownState(self, key)

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(r.step for r in self.rules)


class ProcedureLookupError(LookupError):
    """An unknown process, step or state; the message lists the valid keys."""


class UnknownProcess(ProcedureLookupError):
    def __init__(self, process: str) -> None:
        super().__init__(f"未知的程序“{process}”。可用的程序：{'、'.join(PROCESSES)}")


class UnknownStep(ProcedureLookupError):
    def __init__(self, process: Process, step: str) -> None:
        super().__init__(f"程序“{process.key}”（{process.label}）没有环节“{step}”。"
                         f"可用的环节：{'、'.join(process.steps)}")


class UnknownState(ProcedureLookupError):
    def __init__(self, process: Process, state: str) -> None:
        valid = "、".join(s.key for s in process.states) or "（该程序未声明状态）"
        super().__init__(f"程序“{process.key}”（{process.label}）没有状态“{state}”。可用的状态：{valid}")


# 行政复议法 art. 39 lists the grounds for 中止 and says nothing of the time;
# rules.md §1 marks the exclusion of the suspended time as the usual reading (M).
SUSPENSION_READING = (f"中止审理期间不计入复议决定期限：这是通行理解（{Confidence.M.value}，"
                      f"{Confidence.M.label}），{RECONSIDERATION_LAW}第三十九条只规定中止的情形，"
                      "没有规定期间的扣除")

# ---------------------------------------------------------------------------
# 1. 行政复议 (rules.md §1; 行政复议法 2023, all C1; art. 88: 三日/五日/七日/十日 = WD)
# ---------------------------------------------------------------------------

RECONSIDERATION = Process(
    key="reconsideration",
    label="行政复议",
    rules=(
        DeadlineRule(
            "reconsideration", "acceptance", "受理审查", "收到行政复议申请之日", WD, 5,
            f"{RECONSIDERATION_LAW}第三十条、第八十八条", Confidence.C1,
            deemed_outcome="期限内未作出不予受理决定的，审查期限届满之日起视为受理（第三十条）",
        ),
        DeadlineRule(
            "reconsideration", "correction_notice", "通知补正", "收到行政复议申请之日", WD, 5,
            f"{RECONSIDERATION_LAW}第三十一条、第八十八条", Confidence.C1,
            note="一次性书面通知补正；申请人补正后重新按第三十条审查",
        ),
        DeadlineRule(
            "reconsideration", "applicant_correction", "申请人补正（申请人一方的期限）",
            "申请人收到补正通知之日", WD, 10,
            f"{RECONSIDERATION_LAW}第三十一条第二款、第八十八条", Confidence.C1,
            deemed_outcome="申请人无正当理由逾期不补正的，视为放弃行政复议申请（第三十一条第二款）",
            note="有正当理由不能按期补正的，行政复议机关可以延长合理的补正期限",
        ),
        DeadlineRule(
            "reconsideration", "decision", "作出复议决定（普通程序）", "受理之日", CD, 60,
            f"{RECONSIDERATION_LAW}第六十二条第一款", Confidence.C1, extension=30,
            extension_basis="情况复杂的，经行政复议机构负责人批准并书面告知当事人，可以适当延长，"
                            f"延长期限最多不得超过三十日，按批准的延长期限计算（{RECONSIDERATION_LAW}第六十二条第一款）",
        ),
        DeadlineRule(
            "reconsideration", "simple_decision", "作出复议决定（简易程序）", "受理之日", CD, 30,
            f"{RECONSIDERATION_LAW}第六十二条第二款", Confidence.C1,
        ),
    ),
    initial="received",
    states=(
        State("received", "已收到申请"),
        State("correction_requested", "待补正"),
        State("accepted", "已受理",
              entry_rule=f"只有收到申请并经受理审查（或期满视为受理）后才能受理（{RECONSIDERATION_LAW}第三十条）"),
        State("rejected", "不予受理", final=True),
        State("abandoned", "视为放弃申请", final=True),
        State("suspended", "中止审理"),
        State("decided", "已作出复议决定", final=True,
              entry_rule=f"复议决定只能在受理后作出（{RECONSIDERATION_LAW}第三十条、第六十二条）"),
        State("mediated", "调解结案", final=True),
        State("dismissed", "驳回申请", final=True),
        State("terminated", "终止", final=True),
    ),
    transitions=(
        Transition("received", "correction_requested", "一次性通知补正",
                   f"{RECONSIDERATION_LAW}第三十一条"),
        Transition("correction_requested", "received", "申请人补正，重新审查",
                   f"{RECONSIDERATION_LAW}第三十一条"),
        Transition("correction_requested", "abandoned", "无正当理由逾期不补正，视为放弃",
                   f"{RECONSIDERATION_LAW}第三十一条",
                   gates=(Gate("补正期限尚未届满，不能视为放弃申请",
                               f"{RECONSIDERATION_LAW}第三十一条",
                               requires=("correction_period_expired",)),)),
        Transition("received", "accepted", "受理（含审查期满视为受理）",
                   f"{RECONSIDERATION_LAW}第三十条",
                   gates=(Gate("简易程序只适用于第五十三条第一款所列案件（当场作出的行政行为；警告或者通报批评；"
                               "涉及款额三千元以下；政府信息公开案件），其他案件须当事人各方同意适用简易程序",
                               f"{RECONSIDERATION_LAW}第五十三条",
                               applies_if=("simple_procedure",),
                               requires=("simple_procedure_allowed",)),)),
        Transition("received", "rejected", "决定不予受理并说明理由",
                   f"{RECONSIDERATION_LAW}第三十条",
                   gates=(Gate("受理审查期限已届满，依法视为受理，不能再决定不予受理",
                               f"{RECONSIDERATION_LAW}第三十条",
                               forbids=("acceptance_period_expired",)),)),
        # Art. 39 lists the grounds for suspending; that the suspended time is not
        # counted in the decision period is the usual reading, not its text (M).
        Transition("accepted", "suspended", "中止审理", f"{RECONSIDERATION_LAW}第三十九条"),
        Transition("suspended", "accepted", "恢复审理", f"{RECONSIDERATION_LAW}第三十九条"),
        Transition("suspended", "terminated", "中止满六十日仍无人参加等情形，终止",
                   f"{RECONSIDERATION_LAW}第四十一条"),
        Transition("accepted", "decided", "作出行政复议决定",
                   f"{RECONSIDERATION_LAW}第六十一条至第七十二条"),
        Transition("accepted", "mediated", "调解达成协议，制作调解书",
                   f"{RECONSIDERATION_LAW}第七十三条"),
        Transition("accepted", "dismissed", "受理后发现不符合受理条件，驳回申请",
                   f"{RECONSIDERATION_LAW}第三十三条"),
        # Withdrawal is open to the applicant before the decision, including
        # before acceptance (art. 74: 撤回申请 at any time before the decision).
        *(Transition(source, "terminated", "受理前申请人撤回申请，终止",
                     f"{RECONSIDERATION_LAW}第七十四条")
          for source in ("received", "correction_requested")),
        Transition("accepted", "terminated", "申请人撤回申请（含和解后撤回）等，终止",
                   f"{RECONSIDERATION_LAW}第四十一条、第七十四条"),
    ),
    period_basis=f"{RECONSIDERATION_LAW}第八十八条第一款适用的{CIVIL_PROCEDURE_LAW}第八十五条",
    notes=(SUSPENSION_READING,),
)

# ---------------------------------------------------------------------------
# 2. 行政应诉 (rules.md §2)
# ---------------------------------------------------------------------------

LITIGATION = Process(
    key="litigation",
    label="行政应诉",
    rules=(
        DeadlineRule(
            "litigation", "defence", "提交答辩状、证据和依据", "收到起诉状副本之日", CD, 15,
            f"{LITIGATION_LAW}第六十七条", Confidence.C1,
            note="逾期不提供或无正当理由逾期提供证据的，视为没有相应证据（第三十四条第二款）",
        ),
        DeadlineRule(
            "litigation", "appeal_judgment", "上诉期限（第一审判决）", "判决书送达之日", CD, 15,
            f"{LITIGATION_LAW}第八十五条", Confidence.C1,
            deemed_outcome="逾期不提起上诉的，第一审判决发生法律效力（第八十五条）",
        ),
        DeadlineRule(
            "litigation", "appeal_ruling", "上诉期限（第一审裁定）", "裁定书送达之日", CD, 10,
            f"{LITIGATION_LAW}第八十五条", Confidence.C1,
            deemed_outcome="逾期不提起上诉的，第一审裁定发生法律效力（第八十五条）",
        ),
    ),
    initial="complaint_received",
    states=(
        State("complaint_received", "已收到起诉状副本"),
        State("defended", "已答辩举证"),
        State("hearing_scheduled", "已通知开庭"),
        State("heard", "已开庭审理", entry_rule="须先收到开庭通知"),
        State("judged", "已作出裁判"),
        State("appealed", "已上诉"),
        State("remanded", "发回重审",
              entry_rule=f"只有第二审人民法院才能裁定发回重审（{LITIGATION_LAW}第八十九条）"),
        State("closed", "已结案", final=True),
        State("withdrawn", "原告撤诉", final=True),
    ),
    transitions=(
        Transition("complaint_received", "defended", "提交答辩状、证据和所依据的规范性文件",
                   f"{LITIGATION_LAW}第六十七条"),
        Transition("complaint_received", "hearing_scheduled",
                   "收到开庭通知（未答辩举证的，视为没有相应证据）",
                   f"{LITIGATION_LAW}第三十四条第二款"),
        Transition("defended", "hearing_scheduled", "收到开庭通知及出庭通知书",
                   f"{APPEARANCE_RULES}第五条"),
        # The agency's duty to appear (行诉法 art. 3③; 解释 art. 128) is not a
        # condition for the hearing: a hearing where only a lawyer or nobody
        # appeared for it takes place (出庭规定 arts. 6②, 12) and is recorded
        # as a breach; the register warns and counts it against 出庭应诉率.
        Transition("hearing_scheduled", "heard", "开庭审理，登记出庭情况",
                   f"{LITIGATION_LAW}第三条第三款；{APPEARANCE_RULES}第六条、第十二条",
                   gates=(Gate("须登记本次开庭被诉行政机关的出庭情况（负责人、相应工作人员、仅律师或无人出庭）",
                               f"{LITIGATION_LAW}第三条第三款", requires=("appearance_stated",)),)),
        Transition("heard", "judged", "人民法院作出判决或裁定", f"{LITIGATION_LAW}第六十九条至第七十八条"),
        Transition("judged", "appealed", "提起上诉（判决十五日、裁定十日内）", f"{LITIGATION_LAW}第八十五条"),
        Transition("judged", "closed", "裁判生效，结案", f"{LITIGATION_LAW}第八十五条",
                   gates=(Gate("上诉期限尚未届满，第一审裁判尚未发生法律效力",
                               f"{LITIGATION_LAW}第八十五条", requires=("judgment_effective",)),)),
        Transition("appealed", "hearing_scheduled", "二审通知开庭", f"{LITIGATION_LAW}第八十五条及第二审程序有关规定"),
        Transition("appealed", "closed", "二审裁判生效，结案", f"{LITIGATION_LAW}第二审程序有关规定"),
        *(Transition(source, "remanded", "第二审人民法院裁定撤销原判决，发回原审人民法院重审",
                     f"{LITIGATION_LAW}第八十九条第一款第三项、第四项",
                     gates=(Gate("只有第二审程序中才能发回重审", f"{LITIGATION_LAW}第八十九条",
                                 requires=("second_instance",)),
                            Gate("原审人民法院对发回重审的案件作出判决后，当事人提起上诉的，"
                                 "第二审人民法院不得再次发回重审", f"{LITIGATION_LAW}第八十九条第二款",
                                 forbids=("remanded_before",))))
          for source in ("appealed", "heard")),
        Transition("remanded", "hearing_scheduled", "重审（第一审程序）通知开庭",
                   f"{LITIGATION_LAW}第八十九条第二款"),
        *(Transition(source, "withdrawn", "原告申请撤诉，人民法院准许", f"{LITIGATION_LAW}第六十二条")
          for source in ("complaint_received", "defended", "hearing_scheduled", "heard", "remanded")),
    ),
    period_basis=f"{LITIGATION_LAW}第一百零一条适用的{CIVIL_PROCEDURE_LAW}第八十五条",
)

# ---------------------------------------------------------------------------
# 3. 政府信息公开 (rules.md §3; 条例 2019, C1; periods written as 工作日)
# ---------------------------------------------------------------------------

DISCLOSURE = Process(
    key="disclosure",
    label="政府信息公开",
    rules=(
        DeadlineRule(
            "disclosure", "reply", "依申请公开答复", "收到申请之日", WD, 20,
            f"{DISCLOSURE_REGULATION}第三十三条", Confidence.C1, extension=20,
            extension_basis="经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日，"
                            f"按同意的延长期限计算（{DISCLOSURE_REGULATION}第三十三条第二款）",
            note="征求第三方或其他机关意见所需时间不计入（第三十二条至第三十四条）；"
                 "收到申请之日依第三十一条确定",
        ),
        DeadlineRule(
            "disclosure", "correction_notice", "一次性告知补正", "收到申请之日", WD, 7,
            f"{DISCLOSURE_REGULATION}第三十条", Confidence.C1,
            note="答复期限自收到补正后的申请之日起计算",
        ),
        DeadlineRule(
            "disclosure", "applicant_correction", "申请人补正（申请人一方的期限）", "告知补正之日", WD, 15,
            f"{DISCLOSURE_REGULATION}第三十条", Confidence.M, configurable=True,
            deemed_outcome="申请人无正当理由逾期不补正的，视为放弃申请（第三十条）",
            note="第三十条只要求告知“合理的补正期限”，没有规定天数；默认15个工作日为通行做法，可按地区配置，"
                 "告知书载明的期限优先",
        ),
        DeadlineRule(
            "disclosure", "consultation_answer", "被征求意见方提出意见（第三方或其他机关的期限）",
            "被征求意见方收到征求意见书之日", WD, 15,
            f"{DISCLOSURE_REGULATION}第三十二条、第三十四条", Confidence.C1,
            deemed_outcome="第三方逾期未提出意见的，由行政机关依法决定是否公开（第三十二条）；"
                           "其他机关逾期未提出意见的，视为同意公开（第三十四条）",
        ),
        DeadlineRule(
            "disclosure", "proactive", "主动公开", "信息形成或者变更之日", WD, 20,
            f"{DISCLOSURE_REGULATION}第二十六条", Confidence.C1,
            note="法律、法规对期限另有规定的从其规定",
        ),
    ),
    initial="submitted",
    states=(
        State("submitted", "申请已提交，待确认收到"),
        State("received", "已收到申请（起算答复期限）"),
        State("correction_requested", "待补正"),
        State("extended", "已延长答复期限"),
        State("replied", "已答复", final=True,
              entry_rule=f"只能在收到申请后答复（{DISCLOSURE_REGULATION}第三十一条、第三十三条）"),
        State("abandoned", "视为放弃申请", final=True),
    ),
    transitions=(
        Transition("submitted", "received", "确认收到申请（起算答复期限）",
                   f"{DISCLOSURE_REGULATION}第三十一条",
                   gates=(Gate("须登记收到申请的日期", f"{DISCLOSURE_REGULATION}第三十一条",
                               requires=("receipt_date",)),)),
        Transition("received", "correction_requested", "一次性告知申请人补正",
                   f"{DISCLOSURE_REGULATION}第三十条",
                   gates=(Gate("补正只能一次性告知，已经告知过补正", f"{DISCLOSURE_REGULATION}第三十条",
                               forbids=("correction_already_requested",)),)),
        Transition("correction_requested", "received", "申请人补正，答复期限重新起算",
                   f"{DISCLOSURE_REGULATION}第三十条"),
        Transition("correction_requested", "abandoned", "无正当理由逾期不补正，视为放弃申请",
                   f"{DISCLOSURE_REGULATION}第三十条",
                   gates=(Gate("补正期限尚未届满，不能视为放弃申请", f"{DISCLOSURE_REGULATION}第三十条",
                               requires=("correction_period_expired",)),)),
        Transition("received", "extended", "延长答复期限（最长20个工作日）",
                   f"{DISCLOSURE_REGULATION}第三十三条",
                   gates=(
                       Gate("延长答复期限须经政府信息公开工作机构负责人同意",
                            f"{DISCLOSURE_REGULATION}第三十三条", requires=("extension_approved",)),
                       Gate("延长答复期限须告知申请人", f"{DISCLOSURE_REGULATION}第三十三条",
                            requires=("applicant_notified",)),
                   )),
        *(Transition(source, "replied", "作出答复", f"{DISCLOSURE_REGULATION}第三十三条、第三十六条",
                     gates=(Gate("只能在收到申请后答复：尚未登记收到申请的日期",
                                 f"{DISCLOSURE_REGULATION}第三十一条、第三十三条",
                                 requires=("receipt_date",)),))
          for source in ("received", "extended")),
    ),
)

# ---------------------------------------------------------------------------
# 6. 行政执法 (rules.md §6): publicity (118号, C2; 7 and 20 WD coexist, so set per
# sector → configurable) and the penalty decision (处罚法 art. 60, C1)
# ---------------------------------------------------------------------------

MARKET_PUBLICITY_RULES = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）第九条至第十三条"

ENFORCEMENT = Process(
    key="enforcement",
    label="行政执法",
    rules=(
        DeadlineRule(
            "enforcement", "publicity_penalty", "行政许可、行政处罚决定公示", "作出决定之日", WD, 7,
            ENFORCEMENT_OPINION, Confidence.C2, configurable=True,
            note="法律、行政法规另有规定的从其规定；行业规定可能不同（如市场监管信息公示20个工作日）",
        ),
        DeadlineRule(
            "enforcement", "publicity_other", "其他行政执法决定公示", "作出决定之日", WD, 20,
            ENFORCEMENT_OPINION, Confidence.C2, configurable=True,
        ),
        DeadlineRule(
            "enforcement", "penalty_decision", "作出行政处罚决定", "立案之日", CD, 90,
            f"{PENALTY_LAW}第六十条", Confidence.C1, extension=30,
            extension_basis="延长期限由行业规定（如市场监管：经批准可延长三十日），按地区、行业配置",
            extension_confidence=Confidence.M, configurable=True,
            note="法律、法规、规章另有规定的从其规定",
        ),
        # 第四十八条第二款 "三日内"; 第八十五条: 三日 = working days. Statutory: not configurable.
        DeadlineRule(
            "enforcement", "withdrawal", "撤回行政处罚决定信息并公开说明理由",
            "公开的决定被变更、撤销或确认违法、无效之日", WD, 3,
            f"{PENALTY_LAW}第四十八条第二款、第八十五条", Confidence.C1,
        ),
        # Sector settings (rules.md §6): the 市场监管 periods as their own steps; a
        # case of that sector uses them (EnforcementCaseDetail.sector), a county
        # sets them like any configurable rule.
        DeadlineRule(
            "enforcement", "publicity_penalty_market", "市场监管行政处罚信息公示", "作出决定之日", WD, 20,
            MARKET_PUBLICITY_RULES, Confidence.C1, configurable=True,
            note="通过国家企业信用信息公示系统公示；跨省的10个工作日内推送",
        ),
        DeadlineRule(
            "enforcement", "penalty_decision_market", "市场监管作出行政处罚决定", "立案之日", CD, 90,
            f"{PENALTY_LAW}第六十条", Confidence.C1, extension=30,
            extension_basis="经市场监管部门负责人批准可以延长三十日（行业规定，按地区配置）",
            extension_confidence=Confidence.M, configurable=True,
        ),
    ),
    initial="filed",
    states=(
        State("filed", "已立案·调查中"),
        State("decided", "已作出决定"),
        State("published", "已公示"),
        State("revoked", "决定被变更或撤销"),
        State("closed", "已结案", final=True),
        State("terminated", "已撤销立案", final=True),
    ),
    transitions=(
        Transition("filed", "decided", "作出执法决定", f"{PENALTY_LAW}第五十七条",
                   gates=(
                       Gate("重大执法决定未经法制审核或者审核未通过的，不得作出决定",
                            f"{PENALTY_LAW}第五十八条第一款", applies_if=("is_major",),
                            requires=("review_passed",)),
                       Gate("初次从事法制审核的人员应当取得法律职业资格，本案法制审核人员不符合要求",
                            f"{PENALTY_LAW}第五十八条第二款", applies_if=("is_major",),
                            requires=("reviewer_qualified",)),
                       Gate("简易程序只适用于对公民处以二百元以下、对法人或者其他组织处以三千元以下"
                            "罚款或者警告", f"{PENALTY_LAW}第五十一条",
                            applies_if=("simple_procedure",), requires=("within_simple_limits",)),
                       Gate("违法行为在二年内（涉及生命健康安全、金融安全且有危害后果的五年内）未被发现的，"
                            "不再给予行政处罚", f"{PENALTY_LAW}第三十六条",
                            applies_if=("penalising",), forbids=("limitation_expired",)),
                       Gate("不予处罚、减轻处罚的，应当写明适用的不罚轻罚清单事项或者法律条款",
                            f"{PENALTY_LAW}第三十二条、第三十三条",
                            applies_if=("lenient",), requires=("lenient_basis_cited",)),
                       Gate("处以罚款的，应当写明罚款金额（元）", f"{PENALTY_LAW}第五十九条",
                            applies_if=("fine",), requires=("fine_amount_given",)),
                   )),
        Transition("decided", "published", "公示执法决定", ENFORCEMENT_OPINION),
        Transition("decided", "closed", "结案（不予公示）", ENFORCEMENT_OPINION,
                   gates=(Gate("执法决定应当公示；不公示的，先登记不予公示的理由",
                               ENFORCEMENT_OPINION, requires=("publication_exempt",)),)),
        Transition("published", "closed", "结案", f"{PENALTY_LAW}第四十七条"),
        *(Transition(source, "revoked", "决定被变更、撤销或者确认违法、无效",
                     f"{PENALTY_LAW}第四十八条第二款") for source in ("decided", "published")),
        Transition("revoked", "closed", "结案", f"{PENALTY_LAW}第四十八条第二款",
                   gates=(Gate("已公开的决定被变更、撤销的，应当先撤回决定信息并公开说明理由",
                               f"{PENALTY_LAW}第四十八条第二款", applies_if=("was_published",),
                               requires=("publication_withdrawn",)),)),
        Transition("filed", "terminated", "撤销立案（终止调查）", f"{PENALTY_LAW}第五十七条"),
    ),
)

# ---------------------------------------------------------------------------
# 7. 人大代表建议、政协提案 (rules.md §7)
# ---------------------------------------------------------------------------

# 代表法 art. 51②: reply within three months of 交办, six months for matters
# that are wide-ranging or hard to handle. 政协提案: the national 提案工作条例's
# periods were not retrieved (rules.md §7), so the 政协 clock is its own
# configurable rule with the common local default. The Shandong 条例 (rules.md
# §7) gives the 协办 units one month to send their views to the 主办 unit and a
# dissatisfied 代表 a re-handling within one month; both are regional settings.
SHANDONG_SUGGESTION_RULES = "《山东省各级人民代表大会代表建议、批评和意见办理工作条例》"

SUGGESTION = Process(
    key="suggestion",
    label="人大代表建议和政协提案办理",
    rules=(
        DeadlineRule(
            "suggestion", "reply", "答复人大代表建议", "交办之日", MONTHS, 3,
            f"{DEPUTIES_LAW}第五十一条第二款", Confidence.C1, extension=3,
            extension_basis=f"涉及面广、处理难度大的建议，自交办之日起六个月内答复（{DEPUTIES_LAW}第五十一条第二款）",
            extension_confidence=Confidence.C1, configurable=True,
            note="期限自交办之日起按月计算；届满日为法定休假日的，顺延至休假日后的第一个工作日",
        ),
        DeadlineRule(
            "suggestion", "reply_proposal", "答复政协委员提案", "交办之日", MONTHS, 3,
            "政协提案工作条例及本地提案办理办法（通行做法）", Confidence.M, extension=3,
            extension_basis="情况复杂、需要较长时间办理的，一般不超过六个月（按本地规定）",
            extension_confidence=Confidence.M, configurable=True,
            note="国家层面的具体期限未核实；按本地提案办理办法设置（如四川省会议期间提案五个月）",
        ),
        DeadlineRule(
            "suggestion", "co_opinion", "协办单位向主办单位送达协办意见", "交办之日", MONTHS, 1,
            SHANDONG_SUGGESTION_RULES, Confidence.C1, configurable=True,
            note="协办单位在一个月内将协办意见送主办单位；各地规定不同，可在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "suggestion", "rehandle", "代表不满意的重新办理答复", "代表反馈不满意之日", MONTHS, 1,
            SHANDONG_SUGGESTION_RULES, Confidence.C1, configurable=True,
            note="代表对答复不满意的，承办单位重新研究办理，一个月内再次答复",
        ),
        DeadlineRule(
            "suggestion", "rehandle_proposal", "委员不满意的重新办理答复", "委员反馈不满意之日", MONTHS, 1,
            "本地提案办理办法（通行做法）", Confidence.M, configurable=True,
            note="各地规定不同（如四川省三个月内再次答复），按本地规定设置",
        ),
    ),
    initial="assigned",
    states=(
        State("assigned", "办理中"),
        State("replied", "已答复，待反馈"),
        State("rehandling", "不满意，重新办理"),
        State("closed", "已办结", final=True),
        State("returned", "已退回交办机关", final=True),
    ),
    transitions=(
        *(Transition(source, "replied", "答复代表（委员）", f"{DEPUTIES_LAW}第五十一条第二款",
                     gates=(Gate("答复前应当与代表（委员）联系沟通，充分听取意见",
                                 f"{DEPUTIES_LAW}第五十一条第二款", requires=("contacted",)),
                            Gate("答复应当注明办理结果类别（A类、B类、C类）",
                                 "建议提案答复分类（通行做法）", requires=("reply_classed",)),
                            Gate("列为C类（因条件限制暂不能解决）的，答复中应当说明原因",
                                 "建议提案答复分类（通行做法）", requires=("reply_explained",),
                                 applies_if=("class_c",))))
          for source in ("assigned", "rehandling")),
        Transition("replied", "closed", "登记代表（委员）反馈意见", SHANDONG_SUGGESTION_RULES,
                   gates=(Gate("代表（委员）对答复不满意的，应当重新研究办理并再次答复，不能直接办结",
                               SHANDONG_SUGGESTION_RULES, forbids=("dissatisfied",),
                               waived_by=("rehandled",)),)),
        Transition("replied", "rehandling", "代表（委员）不满意，重新研究办理",
                   SHANDONG_SUGGESTION_RULES),
        Transition("assigned", "returned", "不属于本单位职责，说明理由退回交办机关",
                   SHANDONG_SUGGESTION_RULES),
    ),
)

# Further processes of the accountability registers (issue 16) follow their
# own blocks below.

# ---------------------------------------------------------------------------
# 7a. 法治督察与整改 (督察工作规定: 督察发现的问题督促整改, C2; the dates are
# the inspectors'). The rectification deadline is the date the inspection's
# 整改通知 sets (a date, moved off a rest day like any period's end); a finding
# raised from a risk signal gets the county's default period.
# ---------------------------------------------------------------------------

RECTIFICATION = Process(
    key="rectification",
    label="法治督察问题整改",
    rules=(
        DeadlineRule(
            "rectification", "rectify", "督察问题整改到位", "督察组在整改通知中确定的整改期限", CD, 0,
            f"{SUPERVISION_RULES}（督察发现问题的整改）", Confidence.C2,
            note="整改期限由督察组在整改通知中确定；期限末日为法定休假日的，顺延至其后第一个工作日",
        ),
        DeadlineRule(
            "rectification", "signal_rectify", "风险提示转办问题的整改期限", "转为整改问题之日", CD, 30,
            "本县督察整改工作规定（通行做法）", Confidence.M, configurable=True,
            note="由复议纠错、诉讼败诉等风险提示转为整改问题的，默认30日内整改到位，按本县规定设置",
        ),
    ),
    initial="rectifying",
    states=(
        State("rectifying", "整改中"),
        State("reported", "已报送整改情况，待核验"),
        State("closed", "已销号", final=True),
    ),
    transitions=(
        Transition("rectifying", "reported", "责任单位报送整改情况", SUPERVISION_RULES,
                   gates=(Gate("报送整改情况须写明已采取的整改措施", SUPERVISION_RULES,
                               requires=("measures_given",)),)),
        Transition("reported", "rectifying", "核验未通过，退回重新整改", SUPERVISION_RULES),
        Transition("reported", "closed", "核验通过，依法治县办销号", SUPERVISION_RULES,
                   gates=(Gate("没有整改到位的佐证材料，不能销号", SUPERVISION_RULES,
                               requires=("has_evidence",)),
                          Gate("销号前须填写核验意见", SUPERVISION_RULES,
                               requires=("verified",)))),
    ),
)

# ---------------------------------------------------------------------------
# 7b. 学法、述法、普法 (法治政府建设实施纲要 §九 领导干部学法、述法; 谁执法谁普法):
# records of what was held, no statutory clock. A wrong entry is voided with a
# reason rather than deleted, so the audit trail keeps it.
# ---------------------------------------------------------------------------

ACTIVITY = Process(
    key="activity",
    label="学法、述法、普法活动",
    initial="held",
    states=(
        State("held", "已开展"),
        State("void", "登记有误，已作废", final=True),
    ),
    transitions=(
        Transition("held", "void", "作废登记有误的活动", "登记更正（通行做法）",
                   gates=(Gate("作废须写明理由", "登记更正（通行做法）", requires=("reason_given",)),)),
    ),
)

# ---------------------------------------------------------------------------
# 7c. 人民调解 (《中华人民共和国人民调解法》 arts. 26, 28, 31; the text is not in
# design/statutes — cited from the published law, to verify): no period in the
# law, so no clock; the outcome is gated on what the law asks to be recorded.
# ---------------------------------------------------------------------------

MEDIATION_LAW = "《中华人民共和国人民调解法》"

MEDIATION = Process(
    key="mediation",
    label="人民调解",
    initial="mediating",
    states=(
        State("mediating", "调解中"),
        State("succeeded", "调解成功", final=True),
        State("failed", "调解不成功", final=True),
    ),
    transitions=(
        Transition("mediating", "succeeded", "达成调解协议", f"{MEDIATION_LAW}第二十八条",
                   gates=(Gate("达成调解协议的，应当制作调解协议书或者记录口头协议的内容",
                               f"{MEDIATION_LAW}第二十八条", requires=("agreement_recorded",)),)),
        Transition("mediating", "failed", "调解不成，终止调解", f"{MEDIATION_LAW}第二十六条",
                   gates=(Gate("调解不成的，应当终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护权利",
                               f"{MEDIATION_LAW}第二十六条", requires=("parties_told",)),)),
    ),
)

# ---------------------------------------------------------------------------
# 8. 信访 (rules.md §8)
# ---------------------------------------------------------------------------

# Art. 34's 60 (+30) days apply only to matters handled under art. 31(六)
# (信访处理意见书); claims under art. 31(一)–(五) are routed into their own
# legal procedures (litigation, 复议, arbitration …) and follow those periods.
PETITION = Process(
    key="petition",
    label="信访事项办理",
    rules=(
        DeadlineRule(
            "petition", "handling", "办结信访事项（第三十一条第六项的事项）", "受理之日", CD, 60,
            f"{PETITION_REGULATION}第三十四条", Confidence.C1, extension=30,
            extension_basis="情况复杂的，经本机关、单位负责人批准，可以适当延长，延长期限不得超过30日，"
                            f"并告知信访人延期理由（{PETITION_REGULATION}第三十四条）",
            configurable=True,
            note="只适用于依第三十一条第六项办理、出具信访处理意见书的事项；第三十一条第一项至第五项的事项"
                 "导入诉讼、仲裁、行政复议等相应程序，按该程序的期限办理",
        ),
    ),
    initial="received",
    states=(
        State("received", "已受理"),
        State("routed", "已导入相应法定程序", final=True),
        State("handling", "按第三十一条第六项办理（调查核实）"),
        State("concluded", "已出具信访处理意见书", final=True,
              entry_rule=f"信访处理意见书只适用于第三十一条第六项的事项（{PETITION_REGULATION}第三十一条）"),
    ),
    transitions=(
        Transition("received", "routed", "导入诉讼、仲裁、复议等相应程序或依法履行职责",
                   f"{PETITION_REGULATION}第三十一条第一项至第五项",
                   gates=(Gate("属于第三十一条第六项的事项，应当听取陈述、调查核实并出具信访处理意见书",
                               f"{PETITION_REGULATION}第三十一条", forbids=("residual_matter",)),)),
        Transition("received", "handling", "听取陈述和理由、调查核实（60日办结期限起算）",
                   f"{PETITION_REGULATION}第三十一条第六项、第三十四条",
                   gates=(Gate("应当通过诉讼、仲裁、复议等法定程序处理的事项，导入相应程序，不适用第三十四条的期限",
                               f"{PETITION_REGULATION}第三十一条第一项至第五项",
                               requires=("residual_matter",)),)),
        Transition("handling", "concluded", "出具信访处理意见书",
                   f"{PETITION_REGULATION}第三十一条第六项、第三十二条"),
    ),
)

# ---------------------------------------------------------------------------
# 5. 重大行政决策 (rules.md §5; 条例 国务院令第713号, all C1)
# ---------------------------------------------------------------------------

_LEGALITY_REVIEW_GATES = (
    Gate("未经合法性审查，不得提交集体讨论", f"{MAJOR_DECISION_REGULATION}第二十五条第二款",
         requires=("legality_review_done",)),
    Gate("经合法性审查认为不合法的，不得提交集体讨论（国家尚无明确规定的探索性改革决策事项，"
         "明示法律风险的除外）",
         f"{MAJOR_DECISION_REGULATION}第二十五条第二款",
         forbids=("found_unlawful",), waived_by=("exploratory_reform_risk_stated",)),
)
_BEFORE_REVIEW_GATES = (
    Gate("须先开展公众参与（依法不予公开或者已登记不需要公众参与的理由的除外）",
         f"{MAJOR_DECISION_REGULATION}第十四条",
         requires=("public_participation_done",), waived_by=("not_public",)),
    Gate("专业性、技术性较强的决策事项须先组织专家论证", f"{MAJOR_DECISION_REGULATION}第十九条",
         requires=("expert_argument_done",), applies_if=("technical_matter",)),
    Gate("可能影响社会稳定、公共安全的决策事项须先开展风险评估",
         f"{MAJOR_DECISION_REGULATION}第二十二条",
         requires=("risk_assessment_done",), applies_if=("risk_possible",)),
    Gate("已送请的合法性审查尚未出具意见，不能重复送审", f"{MAJOR_DECISION_REGULATION}第二十六条",
         forbids=("review_pending",)),
)
# 党委请示报告 only where the rules require it (条例 art. 31 “按照规定”).
_PARTY_REPORT_GATE = Gate("按照规定须向同级党委请示报告的决策，报告后才能出台",
                          f"{MAJOR_DECISION_REGULATION}第三十一条",
                          requires=("party_reported",), applies_if=("party_report_required",))
_ADOPTED_GATE = Gate("集体讨论未决定通过的决策草案，不得公布或者出台",
                     f"{MAJOR_DECISION_REGULATION}第三十条第一款", requires=("decision_adopted",))
_PUBLISH_GATES = (_ADOPTED_GATE, _PARTY_REPORT_GATE)
# Archiving without publication only for a decision not to be made public (art. 32 “依法不予公开的除外”).
_ARCHIVE_UNPUBLISHED_GATES = (
    _ADOPTED_GATE, _PARTY_REPORT_GATE,
    Gate("重大行政决策应当及时公布后归档（依法不予公开的除外）",
         f"{MAJOR_DECISION_REGULATION}第三十二条", requires=("not_disclosed",)),
)

MAJOR_DECISION = Process(
    key="major_decision",
    label="重大行政决策",
    rules=(
        DeadlineRule(
            "major_decision", "legality_review", "合法性审查（最短期限）", "送请合法性审查之日", WD, 7,
            f"{MAJOR_DECISION_REGULATION}第二十六条第二款", Confidence.C1, minimum=True,
            note="审查时间一般不少于7个工作日；未经审查不得提交集体讨论（第二十五条第二款）",
        ),
        DeadlineRule(
            "major_decision", "public_comment", "公开征求意见（最短期限）", "公布征求意见稿之日", CD, 30,
            f"{MAJOR_DECISION_REGULATION}第十五条", Confidence.C1, minimum=True,
            note="征求意见期限一般不少于30日；因情况紧急等需要缩短的，应当予以说明",
        ),
    ),
    initial="started",
    states=(
        State("started", "已启动"),
        State("consultation", "公众参与、专家论证、风险评估"),
        State("legality_review", "合法性审查"),
        State("discussed", "集体讨论决定",
              entry_rule=f"未经合法性审查不得提交集体讨论（{MAJOR_DECISION_REGULATION}第二十五条第二款）"),
        State("reported", "已向同级党委请示报告"),
        State("published", "已公布"),
        # Implementation reports (arts. 34–35) and the optional post-decision
        # evaluation (art. 36) are recorded on the archived file, not states.
        State("archived", "已归档", final=True),
        State("terminated", "决策终止", final=True),
    ),
    transitions=(
        *(Transition(source, "consultation", "开展公众参与、专家论证、风险评估",
                     f"{MAJOR_DECISION_REGULATION}第十四条至第二十四条")
          for source in ("started", "consultation")),
        *(Transition(source, "legality_review", "送请合法性审查",
                     f"{MAJOR_DECISION_REGULATION}第二十五条第一款、第二十六条",
                     gates=_BEFORE_REVIEW_GATES)
          for source in ("started", "consultation", "legality_review")),
        Transition("legality_review", "discussed", "提交决策机关常务会议或全体会议集体讨论决定",
                   f"{MAJOR_DECISION_REGULATION}第二十五条第二款、第三十条", gates=_LEGALITY_REVIEW_GATES),
        Transition("discussed", "reported", "按规定向同级党委请示报告",
                   f"{MAJOR_DECISION_REGULATION}第三十一条", gates=(_ADOPTED_GATE,)),
        *(Transition(source, "published", "公布决策并说明公众意见采纳情况",
                     f"{MAJOR_DECISION_REGULATION}第三十二条", gates=_PUBLISH_GATES)
          for source in ("discussed", "reported")),
        Transition("published", "archived", "决策过程记录和材料立卷归档",
                   f"{MAJOR_DECISION_REGULATION}第三十三条"),
        *(Transition(source, "archived", "决策过程记录和材料立卷归档（依法不予公开的决策）",
                     f"{MAJOR_DECISION_REGULATION}第三十二条、第三十三条",
                     gates=_ARCHIVE_UNPUBLISHED_GATES)
          for source in ("discussed", "reported")),
        *(Transition(source, "terminated", "决策机关决定终止决策程序",
                     f"{MAJOR_DECISION_REGULATION}第十条、第三十条")
          for source in ("started", "consultation", "legality_review", "discussed")),
    ),
)

# ---------------------------------------------------------------------------
# 4. 行政规范性文件 (rules.md §4; filing period varies by region: configurable)
# ---------------------------------------------------------------------------

# Sources of the normative-document rules besides 37号 and 115号 (rules.md §4).
BUSINESS_ENVIRONMENT_REGULATION = "《优化营商环境条例》"
DEMONSTRATION_INDICATORS = "《市县法治政府建设示范指标体系》"
SHANDONG_NORMATIVE_RULES = "《山东省行政规范性文件制定和监督管理办法》（省政府令第353号）"
SHANDONG_GOVERNMENT_FILING = "《山东省规章和行政规范性文件备案规定》（省政府令第337号）"

_ND_STEPS = ("drafting", "public_comment", "legality_review", "deliberated")

NORMATIVE_DOCUMENT = Process(
    key="normative_document",
    label="行政规范性文件",
    rules=(
        DeadlineRule(
            "normative_document", "public_comment_business", "公开征求意见（与市场主体生产经营活动密切相关，最短期限）",
            "公布征求意见稿之日", CD, 30, f"{BUSINESS_ENVIRONMENT_REGULATION}第六十二条第二款",
            Confidence.C1, minimum=True, configurable=True,
            note="向社会公开征求意见的期限一般不少于30日；本县规定更长的，在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "normative_document", "public_comment", "公开征求意见（最短期限）", "公布征求意见稿之日",
            WD, 7, f"{DEMONSTRATION_INDICATORS}第24项；{NORMATIVE_DOCUMENT_OPINION}", Confidence.C2,
            minimum=True, configurable=True,
            note="涉及群众切身利益或者对公民、法人和其他组织权利义务有重大影响的，征求意见一般不少于7个工作日",
        ),
        DeadlineRule(
            "normative_document", "filing_government", "报送上级政府备案", "公布之日", CD, 30,
            f"本县（市、区）规定的备案期限（地区设置；参见{SHANDONG_GOVERNMENT_FILING}）", Confidence.M,
            configurable=True,
            note="国家没有统一的向政府备案期限，各省规定不同（所见有15日、10日、3个工作日）；"
                 "默认30日仅为占位的地区设置，须按本省规定在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "normative_document", "filing", "报送人大常委会备案", "公布之日", CD, 30,
            f"{SHANDONG_FILING_RULES}第七条", Confidence.C1, configurable=True,
            note="默认值为山东省向人大常委会备案的期限（地区设置）；县政府制定的文件报县人大常委会备案",
        ),
        DeadlineRule(
            "normative_document", "validity", "有效期届满（评估清理）", "施行之日", MONTHS, 60,
            "各省行政规范性文件管理规定的通行做法（有效期一般不超过5年）", Confidence.M,
            configurable=True,
            note="山东省的规定未经核对；届满前应当评估，需要继续施行的重新公布，否则自动失效",
        ),
        DeadlineRule(
            "normative_document", "validity_provisional", "有效期届满（暂行、试行，评估清理）", "施行之日",
            MONTHS, 24, "各省行政规范性文件管理规定的通行做法（标明“暂行”“试行”的一般不超过2年）",
            Confidence.M, configurable=True, note="山东省的规定未经核对",
        ),
    ),
    initial="drafting",
    states=(
        State("drafting", "起草"),
        State("public_comment", "公开征求意见"),
        State("legality_review", "合法性审核"),
        State("deliberated", "集体审议",
              entry_rule=f"未经合法性审核不得提交集体审议（{NORMATIVE_REVIEW_OPINION}）"),
        State("published", "已公布",
              entry_rule=f"未经合法性审核和集体审议的，不得公布（{NORMATIVE_DOCUMENT_OPINION}）"),
        State("filed", "已报送备案"),
        State("repealed", "已废止", final=True),
        State("lapsed", "已失效", final=True),
        State("abandoned", "终止制定", final=True),
    ),
    transitions=(
        Transition("drafting", "public_comment", "公开征求意见", NORMATIVE_DOCUMENT_OPINION),
        Transition("drafting", "legality_review", "送请合法性审核", NORMATIVE_REVIEW_OPINION,
                   gates=(Gate("未公开征求意见的，应当说明理由", NORMATIVE_DOCUMENT_OPINION,
                               requires=("comment_omission_reasoned",)),)),
        Transition("public_comment", "legality_review", "送请合法性审核", NORMATIVE_REVIEW_OPINION,
                   gates=(Gate("征求意见的期限不得少于本县规定的最短期限（与市场主体生产经营活动密切相关的"
                               "一般不少于30日，其他一般不少于7个工作日）",
                               f"{BUSINESS_ENVIRONMENT_REGULATION}第六十二条第二款；{DEMONSTRATION_INDICATORS}第24项",
                               requires=("comment_period_met",)),)),
        Transition("legality_review", "deliberated", "提交集体审议", NORMATIVE_REVIEW_OPINION,
                   gates=(Gate("尚未出具合法性审核意见的，不得提交集体审议", NORMATIVE_REVIEW_OPINION,
                               requires=("legality_review_done",)),
                          Gate("经审核不合法的，不得提交集体审议；应当修改后重新送审或者终止制定",
                               NORMATIVE_REVIEW_OPINION, forbids=("found_unlawful",)))),
        Transition("deliberated", "published", "统一登记、统一编号、统一印发并公开发布",
                   NORMATIVE_DOCUMENT_OPINION,
                   gates=(Gate("未经合法性审核或者审核未通过的，不得公布", NORMATIVE_REVIEW_OPINION,
                               requires=("legality_review_passed",)),
                          Gate("未经集体审议的，不得公布", NORMATIVE_DOCUMENT_OPINION,
                               requires=("deliberated",)))),
        Transition("published", "filed", "报送上级政府备案",
                   f"{NORMATIVE_DOCUMENT_OPINION}；{SHANDONG_GOVERNMENT_FILING}"),
        *(Transition(source, "repealed", "清理：废止", NORMATIVE_DOCUMENT_OPINION)
          for source in ("published", "filed")),
        *(Transition(source, "lapsed", "清理：宣布失效", NORMATIVE_DOCUMENT_OPINION)
          for source in ("published", "filed")),
        *(Transition(source, "abandoned", "终止制定", NORMATIVE_DOCUMENT_OPINION)
          for source in _ND_STEPS),
    ),
    notes=("本程序的步骤与门槛依据国办发〔2018〕37号、115号，rules.md 标为 M（通行做法，未经核对原文）；"
           f"{SHANDONG_NORMATIVE_RULES}的征求意见、审核、编号、备案期限和有效期未检索到（C2，部分）。",),
)

# ---------------------------------------------------------------------------
# 4–5. 合法性审查 (the shared review step of normative documents, major
# decisions, administrative agreements and other matters; rules.md §4, §5)
# ---------------------------------------------------------------------------

LEGALITY_REVIEW = Process(
    key="legality_review",
    label="合法性审查",
    rules=(
        DeadlineRule(
            "legality_review", "opinion_normative", "规范性文件合法性审核意见", "收到送审材料之日",
            WD, 5, NORMATIVE_REVIEW_OPINION, Confidence.M, configurable=True,
            note="审核时间一般不少于5个工作日、最长不超过15个工作日；本县规定的期限在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "legality_review", "opinion_decision", "重大行政决策合法性审查意见", "收到送审材料之日",
            WD, 7, f"{MAJOR_DECISION_REGULATION}第二十六条第二款", Confidence.C1, configurable=True,
            note="送请审查应当保证必要的审查时间，一般不少于7个工作日",
        ),
        DeadlineRule(
            "legality_review", "opinion_agreement", "行政协议（合同）合法性审查意见", "收到送审材料之日",
            WD, 5, "各地行政机关合同管理规定（通行做法）", Confidence.M, configurable=True,
            note="国家未规定统一期限；默认5个工作日，按本县规定设置",
        ),
        DeadlineRule(
            "legality_review", "opinion_other", "其他事项合法性审查意见", "收到送审材料之日",
            WD, 5, "各地合法性审查工作规定（通行做法）", Confidence.M, configurable=True,
            note="国家未规定统一期限；默认5个工作日，按本县规定设置",
        ),
    ),
    initial="received",
    states=(
        State("received", "审查中"),
        State("supplement_requested", "退回补充材料"),
        State("opined", "已出具审查意见"),
        State("closed", "已办结", final=True),
        State("withdrawn", "已撤回", final=True),
    ),
    transitions=(
        Transition("received", "supplement_requested", "退回或者要求补充材料",
                   f"{MAJOR_DECISION_REGULATION}第二十六条第一款"),
        Transition("supplement_requested", "received", "收到补充材料",
                   f"{MAJOR_DECISION_REGULATION}第二十六条第一款"),
        Transition("received", "opined", "出具合法性审查意见",
                   f"{MAJOR_DECISION_REGULATION}第二十八条；{NORMATIVE_REVIEW_OPINION}",
                   gates=(Gate("认为不合法或者需要修改后才合法的，应当写明理由和修改意见",
                               f"{MAJOR_DECISION_REGULATION}第二十七条、第二十八条",
                               requires=("opinion_reasoned",), waived_by=("opinion_lawful",)),)),
        Transition("opined", "closed", "登记审查意见采纳情况",
                   f"{MAJOR_DECISION_REGULATION}第二十八条"),
        *(Transition(source, "withdrawn", "送审单位撤回", "送审单位书面撤回送审（通行做法）")
          for source in ("received", "supplement_requested")),
    ),
)

# ---------------------------------------------------------------------------
# 9. 法治政府建设年度报告 (rules.md §9; 督察工作规定 art. 24, C2)
# ---------------------------------------------------------------------------

ANNUAL_REPORT = Process(
    key="annual_report",
    label="法治政府建设年度报告",
    rules=(
        DeadlineRule(
            "annual_report", "publication", "年度报告向社会公开", "报告年度结束之日（12月31日）", CD, 0,
            f"{SUPERVISION_RULES}第二十四条", Confidence.C2, fixed_month_day=(4, 1),
            note="每年4月1日之前公开上一年度报告；固定日期，不因节假日顺延",
        ),
    ),
)

PROCESSES: dict[str, Process] = {
    p.key: p
    for p in (RECONSIDERATION, LITIGATION, DISCLOSURE, ENFORCEMENT, SUGGESTION, PETITION,
              MAJOR_DECISION, NORMATIVE_DOCUMENT, LEGALITY_REVIEW, ANNUAL_REPORT,
              RECTIFICATION, ACTIVITY, MEDIATION)
}


def get_process(process: str) -> Process:
    try:
        return PROCESSES[process]
    except KeyError:
        raise UnknownProcess(process) from None


def get_rule(process: str, step: str) -> DeadlineRule:
    return get_process(process).rule(step)


def all_rules() -> list[DeadlineRule]:
    return [rule for p in PROCESSES.values() for rule in p.rules]


def can_transition(process: str, from_state: str, to_state: str,
                   facts: Mapping[str, Any] | None = None) -> tuple[bool, str]:
    """Whether ``process`` may go from ``from_state`` to ``to_state`` given the
    register's ``facts``; the reason, in Chinese, either way. Unknown process or
    state names raise ProcedureLookupError (a programming error, not a refusal)."""
    definition = get_process(process)
    source, target = definition.state(from_state), definition.state(to_state)
    facts = facts or {}
    if source.final:
        return False, f"“{source.label}”是终结状态，不能再流转。"
    candidates = [t for t in definition.transitions
                  if t.source == from_state and t.target == to_state]
    if not candidates:
        origins = [definition.state(t.source).label for t in definition.transitions
                   if t.target == to_state]
        reason = f"不能从“{source.label}”转为“{target.label}”"
        if target.entry_rule:
            reason += f"：{target.entry_rule}"
        if origins:
            reason += f"。“{target.label}”只能从{'、'.join(f'“{o}”' for o in dict.fromkeys(origins))}转入"
        allowed = [definition.state(t.target).label for t in definition.transitions
                   if t.source == from_state]
        if allowed:
            reason += f"；当前可转为：{'、'.join(f'“{a}”' for a in dict.fromkeys(allowed))}"
        return False, reason + "。"
    transition = candidates[0]
    blocking = [g for g in transition.gates if g.blocks(facts)]
    if blocking:
        return False, f"不能{transition.label}：" + "；".join(g.reason for g in blocking) + "。"
    return True, f"可以{transition.label}（{transition.basis}）。"
