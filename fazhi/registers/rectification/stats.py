"""督察整改登记簿的指标（纲要§九 法治督察；整改到位率 = 已销号 ÷ 发现问题）.

督察 counts by its start date, covered units over the inspections begun in the
period; findings by the date they were found; 销号 by the date of 销号.
"""

from __future__ import annotations

from django.db.models import Q

from fazhi.indicators.engine import (
    Computation,
    ReportSentence,
    Source,
    declare,
    declare_sentence,
)

from ..details.rectification import Inspection, Origin
from ..sources import case_source
from .service import KEY


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "督察整改登记簿", state_label=_state_label)


def _inspections():  # noqa: ANN202
    return Inspection.objects.all()


INSPECTIONS = Source(
    key="rectification_inspections", label="法治督察", queryset=_inspections, unit="units",
    changed="created_at",
    columns=(("督察名称", "title"), ("督察类型", lambda i: i.get_kind_display()),
             ("组织单位", "inspector"), ("开始日期", "started_on")))

MISSIONS = Computation(
    "LAW_INSPECTION_MISSIONS", INSPECTIONS, "started_on", placing_label="按督察开始日期",
    distinct="pk", additive_over_units=False,  # one row per unit inspected: count each once
    definition="开展的法治专项督察、年度考核和上级督察次数（按督察开始日期）。")
UNITS = Computation(
    "LAW_INSPECTION_UNITS", INSPECTIONS, "started_on", placing_label="按督察开始日期",
    distinct="units", additive_over_units=False,
    definition="期间内开始的督察所覆盖的被督察单位数（一个单位多次被督察计一个）。")
ISSUES = Computation(
    "LAW_INSPECTION_ISSUES", SOURCE, "started_on", placing_label="按发现（交办）日期",
    definition="督察发现并交办责任单位整改的问题数（含风险提示转办的问题）。")
FROM_SIGNALS = Computation(
    "LAW_INSPECTION_SIGNAL_ISSUES", SOURCE, "started_on", placing_label="按发现（交办）日期",
    where=Q(rectification__origin=Origin.SIGNAL),
    definition="由复议纠错、诉讼败诉、负责人未出庭、逾期答复、规范性文件过期等风险提示转为整改的问题数。")
CLOSED = Computation(
    "LAW_INSPECTION_ISSUES_CLOSED", SOURCE, "closed_on", placing_label="按销号日期",
    where=Q(state="closed"), definition="整改到位、经依法治县办核验销号的问题数。")
RATE = Computation(
    "LAW_INSPECTION_RECTIFICATION_RATE", SOURCE, "started_on", placing_label="按发现（交办）日期",
    numerator=Q(state="closed"),
    definition="期间内发现的问题中已整改销号的 ÷ 期间内发现的问题。")

declare(MISSIONS, UNITS, ISSUES, FROM_SIGNALS, CLOSED, RATE)
declare_sentence(ReportSentence(
    KEY, "强化法治督察",
    "全年开展法治督察{LAW_INSPECTION_MISSIONS}，覆盖单位{LAW_INSPECTION_UNITS}，发现问题"
    "{LAW_INSPECTION_ISSUES}（其中由风险提示转办{LAW_INSPECTION_SIGNAL_ISSUES}），"
    "已整改销号{LAW_INSPECTION_ISSUES_CLOSED}，整改到位率{LAW_INSPECTION_RECTIFICATION_RATE}。",
    order=70))
