"""行政执法案件登记簿的指标（rules.md §6 口径）.

Cases filed count by the 立案 date (行政处罚 cases only: CASES_FILED is the
处罚立案数); decisions by the decision date. 不予处罚 and 减轻处罚 count every
case so decided, whether it cites a list item or the article; the report
states them together with their 涉案金额 (LENIENT_CASE_AMOUNT, the engine's sum
of the cases' amounts in 万元; ``lenient_amounts`` splits it by outcome for the
list page).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q, QuerySet, Sum

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence

from ..details.enforcement_case import PENALTY_OUTCOMES, EnforcementKind, Outcome
from ..models import Case, Deadline
from ..sources import case_source

KEY = "enforcement_case"


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "行政执法案件登记簿", state_label=_state_label)
SETTLED = (Deadline.Status.MET, Deadline.Status.MISSED)
PUBLICITY = {"publicity": FilteredRelation(
    "deadlines", condition=Q(deadlines__step__startswith="publicity_",
                             deadlines__status__in=SETTLED))}
WITHDRAWAL = {"withdrawal": FilteredRelation(
    "deadlines", condition=Q(deadlines__step="withdrawal", deadlines__status__in=SETTLED))}

FILED = Computation(
    "CASES_FILED", SOURCE, "started_on", placing_label="按立案日期",
    where=Q(enforcement_case__kind=EnforcementKind.PENALTY),
    definition="年度立案的行政处罚案件数（含简易程序当场处罚）。")
PENALTIES = Computation(
    "PENALTY_DECISIONS", SOURCE, "enforcement_case__decided_on", placing_label="按决定日期",
    where=Q(enforcement_case__outcome__in=list(PENALTY_OUTCOMES)),
    definition="作出行政处罚决定的案件数（含从轻、减轻处罚），不含不予处罚、移送司法机关。")
NO_PENALTY = Computation(
    "NO_PENALTY_CASES", SOURCE, "enforcement_case__decided_on", placing_label="按决定日期",
    where=Q(enforcement_case__outcome=Outcome.NO_PENALTY),
    definition="依不罚轻罚清单或行政处罚法第三十三条决定不予行政处罚的案件数"
               "（不含违法事实不能成立的）。")
MITIGATED = Computation(
    "MITIGATED_PENALTY_CASES", SOURCE, "enforcement_case__decided_on", placing_label="按决定日期",
    where=Q(enforcement_case__outcome=Outcome.MITIGATED),
    definition="依不罚轻罚清单或行政处罚法第三十二条减轻行政处罚的案件数。")
LENIENT_AMOUNT = Computation(
    "LENIENT_CASE_AMOUNT", SOURCE, "enforcement_case__decided_on", placing_label="按决定日期",
    where=Q(enforcement_case__outcome__in=[Outcome.NO_PENALTY, Outcome.MITIGATED]),
    total="enforcement_case__amount_involved", total_scale=Decimal(10000),
    definition="不予处罚、减轻处罚案件登记的涉案金额合计（登记以元计，按万元报告）。")
DECISIONS = Computation(
    "ENFORCEMENT_DECISIONS", SOURCE, "enforcement_case__decided_on", placing_label="按决定日期",
    where=~Q(enforcement_case__outcome=""),
    definition="作出执法决定的案件数：处罚、许可、强制、检查和其他。")
REVIEWED = Computation(
    "MAJOR_ENFORCEMENT_DECISIONS_REVIEWED", SOURCE, "enforcement_case__decided_on",
    placing_label="按决定日期",
    where=~Q(enforcement_case__outcome="") & Q(enforcement_case__is_major=True),
    definition="重大执法决定经法制审核后作出决定的件数（未经审核通过的不能作出决定）。")
PUBLICITY_RATE = Computation(
    "ENFORCEMENT_PUBLICITY_ONTIME_RATE", SOURCE, "enforcement_case__decided_on",
    placing_label="按决定日期", relations=PUBLICITY,
    where=Q(publicity__isnull=False), numerator=Q(publicity__status=Deadline.Status.MET),
    definition="在公示期限内公示的决定 ÷ 已公示的决定（处罚、许可7个工作日，其他20个工作日）。")
WITHDRAWAL_RATE = Computation(
    "ENFORCEMENT_WITHDRAWAL_ONTIME_RATE", SOURCE, "enforcement_case__revoked_on",
    placing_label="按变更、撤销日期", relations=WITHDRAWAL,
    where=Q(withdrawal__isnull=False), numerator=Q(withdrawal__status=Deadline.Status.MET),
    definition="三个工作日内撤回公示信息的决定 ÷ 已撤回公示信息的被变更、撤销决定。")

declare(FILED, PENALTIES, NO_PENALTY, MITIGATED, LENIENT_AMOUNT, DECISIONS, REVIEWED, PUBLICITY_RATE,
        WITHDRAWAL_RATE)
declare_sentence(ReportSentence(
    KEY, "严格规范公正文明执法",
    "全年行政处罚立案{CASES_FILED}，作出行政处罚决定{PENALTY_DECISIONS}；落实包容审慎监管，"
    "不予处罚案件{NO_PENALTY_CASES}、减轻处罚案件{MITIGATED_PENALTY_CASES}，涉案金额{LENIENT_CASE_AMOUNT}；重大执法决定经法制审核"
    "{MAJOR_ENFORCEMENT_DECISIONS_REVIEWED}，执法决定按期公示率{ENFORCEMENT_PUBLICITY_ONTIME_RATE}。",
    order=45))


def lenient_amounts(cases: QuerySet[Case], start: datetime.date, end: datetime.date
                    ) -> dict[str, dict[str, Decimal | int]]:
    """不予处罚 / 减轻处罚 cases decided in [start, end] among ``cases`` (already
    scoped): their count and 涉案金额 (元), by outcome — one grouped query."""
    rows = (cases.filter(register=KEY, enforcement_case__decided_on__gte=start,
                         enforcement_case__decided_on__lte=end,
                         enforcement_case__outcome__in=[Outcome.NO_PENALTY, Outcome.MITIGATED])
            .values("enforcement_case__outcome")
            .annotate(n=Count("id"), amount=Sum("enforcement_case__amount_involved")))
    out: dict[str, dict[str, Decimal | int]] = {
        o: {"count": 0, "amount": Decimal("0")} for o in (Outcome.NO_PENALTY, Outcome.MITIGATED)}
    for row in rows:
        out[row["enforcement_case__outcome"]] = {"count": row["n"],
                                                 "amount": row["amount"] or Decimal("0")}
    return out
