"""建议提案登记簿的指标（rules.md §7 口径，通行做法 M）.

办理件数 counts by the first reply's date; 办复率 and 办结率 by 交办 date (of
the items assigned in the period, those answered within the period set by law
or by the region, those closed); 满意率 by the date of the final feedback:
(满意 + 基本满意) ÷ items with feedback, the feedback after re-handling
counting (rules.md §7).
"""

from __future__ import annotations

from django.db.models import FilteredRelation, Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence

from ..details.suggestion import Feedback, ReplyClass, Source
from ..models import Deadline
from ..sources import case_source
from .service import KEY


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "建议提案登记簿", state_label=_state_label)

REPLIED = Q(suggestion__replied_on__isnull=False)
FED_BACK = Q(state="closed") & Q(suggestion__feedback__in=Feedback.values)
# The first reply's clock settled as met (one per case: deadline_met_once_per_step).
MET_REPLY = {"met_reply": FilteredRelation(
    "deadlines", condition=Q(deadlines__step__in=["reply", "reply_proposal"],
                             deadlines__status=Deadline.Status.MET))}

HANDLED = Computation(
    "SUGGESTIONS_HANDLED", SOURCE, "suggestion__replied_on", placing_label="按答复日期",
    where=REPLIED, definition="答复代表（委员）的人大代表建议和政协委员提案件数。")
NPC = Computation(
    "SUGGESTIONS_NPC_HANDLED", SOURCE, "suggestion__replied_on", placing_label="按答复日期",
    where=REPLIED & Q(suggestion__source=Source.NPC), definition="答复的人大代表建议件数。")
CPPCC = Computation(
    "SUGGESTIONS_CPPCC_HANDLED", SOURCE, "suggestion__replied_on", placing_label="按答复日期",
    where=REPLIED & Q(suggestion__source=Source.CPPCC), definition="答复的政协委员提案件数。")
REPLY_RATE = Computation(
    "SUGGESTIONS_REPLY_RATE", SOURCE, "started_on", placing_label="按交办日期",
    where=~Q(state="returned"), numerator=Q(met_reply__isnull=False), relations=MET_REPLY,
    definition="期限内（自交办之日起三个月，涉及面广、处理难度大的六个月；政协提案按本地规定）"
               "答复的件数 ÷ 交办件数（退回交办机关的不计）。")
CLOSURE_RATE = Computation(
    "SUGGESTIONS_CLOSURE_RATE", SOURCE, "started_on", placing_label="按交办日期",
    where=~Q(state="returned"), numerator=Q(state="closed"),
    definition="已登记代表（委员）反馈并办结的件数 ÷ 交办件数（退回交办机关的不计）。")
SATISFACTION = Computation(
    "SUGGESTIONS_SATISFACTION_RATE", SOURCE, "suggestion__feedback_on",
    placing_label="按最终反馈日期", where=FED_BACK,
    numerator=Q(suggestion__feedback__in=[Feedback.SATISFIED, Feedback.BASICALLY]),
    definition="代表（委员）反馈满意或基本满意的件数 ÷ 已反馈办结的件数；不满意经重新办理的，按重新答复后的反馈计。")
SOLVED = Computation(
    "SUGGESTIONS_SOLVED", SOURCE, "suggestion__replied_on", placing_label="按答复日期",
    where=REPLIED & Q(suggestion__reply_class=ReplyClass.A),
    definition="答复为A类（所提问题已经解决或基本解决）的件数。")
REHANDLED = Computation(
    "SUGGESTIONS_REHANDLED", SOURCE, "suggestion__dissatisfied_on", placing_label="按反馈不满意日期",
    where=Q(suggestion__dissatisfied_on__isnull=False),
    definition="代表（委员）对答复不满意、重新研究办理的件数。")

declare(HANDLED, NPC, CPPCC, REPLY_RATE, CLOSURE_RATE, SATISFACTION, SOLVED, REHANDLED)
declare_sentence(ReportSentence(
    KEY, "自觉接受人大监督和政协民主监督",
    "全年办理人大代表建议{SUGGESTIONS_NPC_HANDLED}、政协委员提案{SUGGESTIONS_CPPCC_HANDLED}，"
    "其中所提问题已经解决或基本解决{SUGGESTIONS_SOLVED}，按期办复率{SUGGESTIONS_REPLY_RATE}，"
    "代表委员满意率{SUGGESTIONS_SATISFACTION_RATE}；对不满意的{SUGGESTIONS_REHANDLED}重新研究办理。",
    order=60))
