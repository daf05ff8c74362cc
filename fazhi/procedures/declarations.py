"""The vocabulary of procedure declarations: statute names as cited, how sure
a rule is (``Confidence``), and the data classes a procedure is declared in
(``DeadlineRule``, ``Gate``, ``State``, ``Transition``, ``Process``).
The procedures themselves are in ``fazhi.procedures.processes``."""

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
        from .definitions import PROCESSES  # the gathered procedures

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

