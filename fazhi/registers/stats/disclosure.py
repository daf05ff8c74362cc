"""政府信息公开申请登记簿的指标（政府信息公开条例 2019）.

按期答复: the reply clock (第三十三条: 20个工作日; 经批准延长不超过20个工作日;
征求第三方意见的时间不计入, 第三十二条) was settled as met. The clock's due date
is already rolled past holidays, and an approved extension replaces the clock,
so a reply by the extended date is on time. An application whose reply clock
ran out unanswered is due too: it is in the denominator as not on time.
"""

from __future__ import annotations

import datetime

from django.db.models import FilteredRelation, Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence
from fazhi.indicators.periods import Period

from ..models import Deadline
from .common import case_source

KEY = "disclosure"
REPLY_STEP = "reply"


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "政府信息公开申请登记簿", state_label=_state_label)


def reply_due(period: Period, as_of: datetime.date) -> Q:
    """Applications that had to be answered in the period: replied in it, or
    still unanswered when their reply clock ran out in it (before ``as_of``)."""
    last = min(period.end, as_of - datetime.timedelta(days=1))
    # IN (…) rather than a correlated EXISTS: inside the OR, PostgreSQL hashes
    # the overdue clocks once instead of probing them for every case.
    overdue = Deadline.objects.filter(
        step=REPLY_STEP, status=Deadline.Status.OPEN, due__gte=period.start,
        due__lte=last).values("case_id")
    replied = Q(state="replied", disclosure__replied_on__gte=period.start,
                disclosure__replied_on__lte=period.end)
    return replied | (~Q(state__in=["replied", "abandoned"]) & Q(pk__in=overdue))


# The reply clock settled as met, joined once (an EXISTS per case inside the
# filtered COUNT made this the slowest figure at a province's size). A case
# has at most one met reply clock (constraint deadline_met_once_per_step), so
# the join adds no rows and a plain COUNT stays exact.
MET_REPLY = {"met_reply": FilteredRelation(
    "deadlines", condition=Q(deadlines__step=REPLY_STEP, deadlines__status=Deadline.Status.MET))}
ON_TIME = Q(state="replied", met_reply__isnull=False)


REQUESTS = Computation(
    "DISCLOSURE_REQUESTS", SOURCE, "started_on", placing_label="按收到申请日期",
    definition="年度内收到的政府信息公开申请；收到日期依条例第三十一条按提交方式确定。")
ONTIME_RATE = Computation(
    "DISCLOSURE_ONTIME_REPLY_RATE", SOURCE, reply_due, placing_label="按答复日期或答复期限届满日",
    numerator=ON_TIME, relations=MET_REPLY,
    definition="在法定期限内答复的申请 ÷ 应答复的申请。期限为20个工作日，经批准延长的不超过"
               "20个工作日（条例第三十三条），征求第三方意见时间不计入（第三十二条）；"
               "应答复的申请含期间内已答复的和答复期限已届满仍未答复的。")

declare(REQUESTS, ONTIME_RATE)
declare_sentence(ReportSentence(
    KEY, "深入推进政务公开",
    "全年收到政府信息公开申请{DISCLOSURE_REQUESTS}，依申请公开按期答复率{DISCLOSURE_ONTIME_REPLY_RATE}。",
    order=30))
