"""行政复议登记簿的指标（行政复议法 2023；design/rules.md §1 口径）.

Every figure is placed in a period by the date of the act it counts: a
receipt by the date the application was received (第二十二条), an acceptance
or refusal by the date of that decision (第三十条), a decision by its date
(第六十二条). 纠错 follows the configurable ``correction_types()``.
"""

from __future__ import annotations

from django.db.models import Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence

from ..details.reconsideration import AcceptanceDecision, DecisionType, corrected_q
from ..sources import case_source

KEY = "reconsideration"


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "行政复议登记簿", state_label=_state_label)

# 审结: cases that ended after acceptance (a refusal or an abandoned application
# was never heard, so it is not 审结).
CONCLUDED = Q(reconsideration__decided_on__isnull=False) & ~Q(
    reconsideration__decision_type__in=[DecisionType.NOT_ACCEPTED, DecisionType.ABANDONED, ""])


def corrected() -> Q:
    """纠错, read at evaluation time so that a changed setting changes every figure."""
    return corrected_q("reconsideration__")


RECEIVED = Computation(
    "RECON_RECEIVED", SOURCE, "started_on", placing_label="按收到申请日期",
    definition="年度内收到的行政复议申请（当面递交、邮寄、互联网渠道或口头申请），无论是否受理。")
ACCEPTED = Computation(
    "RECON_ACCEPTED", SOURCE, "reconsideration__acceptance_on", placing_label="按受理日期",
    where=Q(reconsideration__acceptance__in=[AcceptanceDecision.ACCEPTED,
                                            AcceptanceDecision.DEEMED]),
    definition="依法受理的案件，含审查期满视为受理的（第三十条第二款）。")
REJECTED = Computation(
    "RECON_REJECTED", SOURCE, "reconsideration__acceptance_on", placing_label="按不予受理决定日期",
    where=Q(reconsideration__acceptance=AcceptanceDecision.REFUSED),
    definition="决定不予受理的申请（第三十条第一款）。")


CORRECTED = Computation(
    "RECON_CORRECTED", SOURCE, "reconsideration__decided_on", placing_label="按决定日期",
    where=corrected,
    definition="以撤销（含部分撤销）、变更、确认违法、确认无效、责令履行决定纠正的案件；"
               "计入纠错的决定类型可在设置 FAZHI_RECON_CORRECTION_TYPES 中调整。")
CORRECTION_RATE = Computation(
    "RECON_CORRECTION_RATE", SOURCE, "reconsideration__decided_on", placing_label="按决定日期",
    where=CONCLUDED, numerator=corrected,
    definition="纠错件数 ÷ 审结件数。审结：受理后以复议决定、调解、和解撤回、驳回申请或终止结案的案件。")
MEDIATED = Computation(
    "RECON_MEDIATED", SOURCE, "reconsideration__decided_on", placing_label="按结案日期",
    where=Q(reconsideration__decision_type__in=[DecisionType.MEDIATION, DecisionType.SETTLEMENT]),
    definition="以调解（第七十三条）或和解、撤回（第七十四条、第四十一条）结案的案件，含受理前化解。")

declare(RECEIVED, ACCEPTED, REJECTED, CORRECTED, CORRECTION_RATE, MEDIATED)
declare_sentence(ReportSentence(
    KEY, "发挥行政复议化解行政争议主渠道作用",
    "全年接收行政复议申请{RECON_RECEIVED}，受理{RECON_ACCEPTED}，不予受理{RECON_REJECTED}，"
    "纠错{RECON_CORRECTED}，调解和解化解{RECON_MEDIATED}，行政复议纠错率{RECON_CORRECTION_RATE}。",
    order=10))
