"""信访登记簿的指标（rules.md §8; the rates' formulas are the 国家信访局 usage the
catalogue names, not statute).

* 及时受理率 (PETITION_TIMELY_ACCEPTANCE_RATE), by the date received: of the
  matters with a 15-day written notice (第二十三条; a returned assignment and an
  unclear name and address have none), those told within it;
* 按期办结率 (PETITION_ONTIME_CLOSURE_RATE): of the 第三十一条第六项 matters
  concluded in the period or whose handling period ran out in it unconcluded,
  those concluded within 60 days (or the approved extension, 第三十四条);
* counts: matters registered, routed to their legal channels, 信访处理意见书
  issued, 复查 requested. PETITION_VOLUME_YOY compares two periods, which the
  engine's one-period computations do not: it stays a figure units report.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, FilteredRelation, OuterRef, Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence
from fazhi.indicators.periods import Period

from ..models import Deadline
from ..sources import case_source
from .service import KEY

S = Deadline.Status


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "信访登记簿", state_label=_state_label)

# One live notice clock per case (notice or notice_assigned; cancelled when an
# objection is upheld), and one current handling clock (an extension
# supersedes the first).
NOTICE = {"notice_clock": FilteredRelation("deadlines", condition=Q(
    deadlines__step__in=["notice", "notice_assigned"],
    deadlines__status__in=[S.OPEN, S.MET, S.MISSED]))}
HANDLING = {"handling_clock": FilteredRelation("deadlines", condition=Q(
    deadlines__step="handling", deadlines__status__in=[S.OPEN, S.MET, S.MISSED]))}


def handling_due(period: Period, as_of: datetime.date) -> Q:
    """Concluded in the period, or still open with the period run out in it
    (before the statistics date)."""
    end = min(period.end, as_of)
    concluded = Q(petition__concluded_on__gte=period.start, petition__concluded_on__lte=end)
    # Overdue by the statistics date: the last day is before it. A semi-join, not
    # the relation below: the freshness check filters by the placing alone.
    overdue = Exists(Deadline.objects.filter(
        case=OuterRef("pk"), step="handling", status=S.OPEN, due__gte=period.start,
        due__lt=min(period.end + datetime.timedelta(days=1), as_of)))
    return concluded | Q(overdue)


RECEIVED = Computation(
    "PETITIONS_RECEIVED", SOURCE, "started_on", placing_label="按收到日期",
    definition="登记的信访事项件数（信访人直接提出和转送、交办的）。")
TIMELY = Computation(
    "PETITION_TIMELY_ACCEPTANCE_RATE", SOURCE, "started_on", placing_label="按收到日期",
    where=Q(notice_clock__isnull=False), numerator=Q(notice_clock__status=S.MET), relations=NOTICE,
    definition="自收到之日起15日内书面告知信访人受理情况、处理途径或者去向的事项 ÷ 应当书面告知的事项"
               "（《信访工作条例》第二十三条；姓名、住址不清的和异议经核实交还的不计）。")
ONTIME = Computation(
    "PETITION_ONTIME_CLOSURE_RATE", SOURCE, handling_due, placing_label="按办结日期或期限届满日",
    where=Q(handling_clock__isnull=False), numerator=Q(handling_clock__status=S.MET),
    relations=HANDLING,
    definition="自受理之日起60日内（经批准延长的，在延长期限内）出具信访处理意见书的事项 ÷ 期内办结"
               "和期内期限届满仍未办结的第三十一条第六项事项（《信访工作条例》第三十四条）。")
ROUTED = Computation(
    "PETITIONS_ROUTED", SOURCE, "petition__notified_on", placing_label="按告知日期",
    where=Q(state="routed"),
    definition="导入诉讼、仲裁、复议等法定程序或依法履行职责的申诉求决类事项（第三十一条第一项至第五项）。")
OPINIONS = Computation(
    "PETITION_OPINIONS_ISSUED", SOURCE, "petition__concluded_on", placing_label="按出具日期",
    where=Q(petition__concluded_on__isnull=False),
    definition="调查核实后出具信访处理意见书的事项（第三十一条第六项、第三十二条）。")
REVIEWS = Computation(
    "PETITION_REVIEWS_REQUESTED", SOURCE, "petition__review_received_on",
    placing_label="按收到复查请求日期", where=Q(petition__review_received_on__isnull=False),
    definition="信访人对信访处理意见不服请求复查的事项（第三十五条）。")

declare(RECEIVED, TIMELY, ONTIME, ROUTED, OPINIONS, REVIEWS)
declare_sentence(ReportSentence(
    KEY, "推进信访工作法治化",
    "全年登记信访事项{PETITIONS_RECEIVED}，及时受理率{PETITION_TIMELY_ACCEPTANCE_RATE}；"
    "依法分类处理，导入诉讼、仲裁、复议等法定程序{PETITIONS_ROUTED}，"
    "调查核实后出具信访处理意见书{PETITION_OPINIONS_ISSUED}，按期办结率{PETITION_ONTIME_CLOSURE_RATE}；"
    "信访人请求复查{PETITION_REVIEWS_REQUESTED}。", order=92))
