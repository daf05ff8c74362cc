"""行政应诉登记簿的指标（行诉法、出庭规定 法释〔2020〕3号；design/rules.md §2 口径）.

出庭应诉率 counts one appearance per 审级 (出庭规定第七条): a case heard at
first and second instance is two (case, 审级) pairs. A 负责人 is one of the
ranks of 出庭规定第二条 (正职、副职、参与分管的副职级别及其他参与分管的负责人);
a hearing where only the agency's staff, only a lawyer or nobody appeared
counts in the denominator and not in the numerator. 败诉 follows the
configurable ``lost_outcomes()``; 驳回 and 撤诉 are never 败诉.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from fazhi.indicators.engine import Computation, ReportSentence, Source, declare, declare_sentence
from fazhi.procedures.definitions import get_process

from ..details.litigation import (
    AbsenceReason,
    Appearance,
    Hearing,
    Outcome,
    lost_outcomes,
)
from ..sources import case_source
from .procedure import (
    KEY,
)

FINAL_STATES = ("closed", "withdrawn")


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "行政应诉登记簿", state_label=_state_label)


def _hearings():  # noqa: ANN202
    return Hearing.objects.filter(case__register=KEY)


HEARINGS = Source(
    key="litigation.hearing", label="行政应诉开庭及出庭记录", queryset=_hearings,
    region="case__region", unit="case__unit", changed="case__updated_at",
    columns=(("案件编号", "case__number"), ("事由", "case__title"),
             ("承办单位", lambda h: h.case.unit.short_name or h.case.unit.name),
             ("开庭日期", "held_on"), ("审级", lambda h: h.get_level_display()),
             ("出庭情况", lambda h: h.get_appearance_display()),
             ("出庭负责人", lambda h: " ".join(x for x in (h.head_name, h.head_post) if x))),
    link=lambda h: reverse("registers:case_detail", args=[KEY, h.case_id]),
    select_related=("case__unit",),
)

BREACH = (Q(appearance__in=(Appearance.LAWYER_ONLY, Appearance.NONE))
          | Q(appearance=Appearance.STAFF, absence_reason=AbsenceReason.NONE))

# One appearance per 审级 is enough (出庭规定第七条): count (case, 审级) pairs.
CASE_LEVEL = Concat(Cast("case_id", CharField()), Value(":"), "level", output_field=CharField())
HEAD_PRESENT = Q(appearance=Appearance.HEAD) & ~Q(head_rank="")


def lost() -> Q:
    return Q(litigation__final_outcome__in=sorted(lost_outcomes()))


CASES = Computation(
    "LITIGATION_CASES", SOURCE, "started_on", placing_label="按收到起诉状副本日期",
    definition="以本级政府或部门为被告、年度内收到起诉状副本的行政诉讼案件。")
HEARD = Computation(
    "LITIGATION_HEARD_CASES", HEARINGS, "held_on", placing_label="按开庭日期",
    distinct="case_id",
    definition="年度内开庭审理的应诉案件（同一案件多次开庭计一件）。")
APPEARANCE_RATE = Computation(
    "HEAD_APPEARANCE_RATE", HEARINGS, "held_on", placing_label="按开庭日期",
    distinct=CASE_LEVEL, numerator=HEAD_PRESENT,
    definition="负责人出庭的（案件, 审级） ÷ 开庭审理的（案件, 审级）。同一审级出庭一次即可"
               "（出庭规定第七条）；负责人为正职、副职及参与分管的负责人（第二条）；"
               "仅工作人员、仅律师或无人出庭的计入分母。")
LOSS_RATE = Computation(
    "LITIGATION_LOSS_RATE", SOURCE, "closed_on", placing_label="按结案日期",
    where=Q(state__in=FINAL_STATES), numerator=lost,
    definition="生效裁判败诉（撤销、确认违法或无效、责令履行、给付、变更、赔偿）的案件 ÷ 审结案件；"
               "驳回诉讼请求、驳回起诉和撤诉不计败诉。计入败诉的结果可在设置 "
               "FAZHI_LITIGATION_LOST_OUTCOMES 中调整。")

declare(CASES, HEARD, APPEARANCE_RATE, LOSS_RATE)
declare_sentence(ReportSentence(
    KEY, "规范行政应诉工作",
    "全年办理行政应诉案件{LITIGATION_CASES}，开庭审理{LITIGATION_HEARD_CASES}，"
    "行政机关负责人出庭应诉率{HEAD_APPEARANCE_RATE}，行政诉讼败诉率{LITIGATION_LOSS_RATE}。",
    order=20))


# ------------------------------------------------------------------ statistics
def appearance_stats(cases: models.QuerySet) -> dict[str, Any]:
    """Figures for 出庭应诉率 and 败诉率 over ``cases`` (any queryset of Case;
    other registers' cases are ignored), computed by the database.

    Definitions (design/rules.md §2 metrics — M, no statutory formula):

    * ``heard``: cases with at least one hearing (开庭); ``heard_levels``: the
      distinct (case, 审级) pairs with a hearing — one appearance per 审级 is
      enough (出庭规定 art. 7), so a case heard at first and second instance
      counts twice.
    * ``head_present_levels``: those pairs where a qualifying 负责人 (出庭规定
      art. 2: 正职, 副职, deputy-level or other co-managing leader) appeared at
      least once. ``appearance_rate`` = head_present_levels ÷ heard_levels.
      ``breach_levels``: pairs with a hearing where the agency breached its
      duty to appear (a lawyer alone, nobody, or the head absent without a
      reason; 行诉法 art. 3③, 出庭规定 art. 12).
      ``appearance_rate_cases`` = cases with a head present at some hearing ÷
      heard (the variant some assessments use).
    * ``concluded``: cases in a final state (结案 or 撤诉). ``lost``: concluded
      cases whose effective outcome is one of ``lost_outcomes()`` (configurable;
      default 撤销, 部分撤销, 确认违法/无效, 履行, 给付, 变更, 赔偿 — 行诉法
      arts. 70–78). ``lost_rate`` = lost ÷ concluded. 驳回 (诉讼请求 or 起诉) and
      撤诉 are counted separately, never as lost.

    Rates are floats in [0, 1], or None when the denominator is 0.
    """
    cases = cases.filter(register=KEY)
    hearings = Hearing.objects.filter(case__in=cases.values("pk"))
    head = Q(appearance=Appearance.HEAD) & ~Q(head_rank="")
    pair = Concat(Cast("case_id", CharField()), Value(":"), "level", output_field=CharField())
    h = hearings.aggregate(
        heard=Count("case_id", distinct=True),
        heard_levels=Count(pair, distinct=True),
        head_present_levels=Count(pair, distinct=True, filter=head),
        head_present_cases=Count("case_id", distinct=True, filter=head),
        staff_levels=Count(pair, distinct=True, filter=Q(appearance=Appearance.STAFF)),
        # 出庭应诉义务未履行 (行诉法 art. 3③; 出庭规定 art. 12): a lawyer alone,
        # nobody, or the head absent without a reason (Hearing.breach).
        breach_levels=Count(pair, distinct=True, filter=BREACH),
        summoned_levels=Count(pair, distinct=True, filter=Q(summoned=True)),
    )
    final = [s.key for s in get_process(KEY).states if s.final]
    concluded = Q(state__in=final)
    outcome = "litigation__final_outcome"
    c = cases.aggregate(
        cases=Count("pk"),
        concluded=Count("pk", filter=concluded),
        lost=Count("pk", filter=concluded & Q(**{f"{outcome}__in": sorted(lost_outcomes())})),
        rejected=Count("pk", filter=concluded & Q(**{outcome: Outcome.REJECT_CLAIM})),
        dismissed=Count("pk", filter=concluded & Q(**{outcome: Outcome.DISMISS_SUIT})),
        withdrawn=Count("pk", filter=concluded & Q(**{outcome: Outcome.WITHDRAWN})),
        withdrawn_after_change=Count("pk", filter=concluded & Q(
            **{outcome: Outcome.WITHDRAWN, "litigation__withdrawn_after_change": True})),
        appealed=Count("pk", filter=Q(litigation__appealed=True)),
        evidence_late=Count("pk", filter=Q(litigation__evidence_late=True)),
    )

    def rate(num: int, den: int) -> float | None:
        return num / den if den else None

    return {
        **c, **h,
        "appearance_rate": rate(h["head_present_levels"], h["heard_levels"]),
        "appearance_rate_cases": rate(h["head_present_cases"], h["heard"]),
        "lost_rate": rate(c["lost"], c["concluded"]),
    }



