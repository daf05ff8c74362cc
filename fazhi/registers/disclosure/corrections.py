"""政府信息公开登记簿：issue 9 的存量数据更正（迁移 0010 调用）。

``law_start_event``: a reply clock moved by consultations counts from the real
receipt (item 8). ``correct_stored_data``: the consulted parties' periods,
counted from their receipt of the letter (arts. 32, 34; the old data knew only
the sending date, i.e. delivery in person), and the applicants' 补正 periods
with their provisional flag. Each change is an event on its case."""

from __future__ import annotations

import datetime

from fazhi.procedures.deadlines import compute_deadline
from fazhi.procedures.definitions import DISCLOSURE_REGULATION as LAW

from ..details.disclosure import Delivery, DisclosureDetail, ThirdPartyConsultation
from ..models import Deadline
from .procedure import APPLICANT_CORRECTION, CONSULTATION_ANSWER, KEY, REPLY

FINAL = ("replied", "abandoned")


def law_start_event(deadline: Deadline) -> tuple[datetime.date, str] | None:
    if deadline.step != REPLY:
        return None
    d = DisclosureDetail.objects.filter(case_id=deadline.case_id).first()
    base = d and (d.correction_received_on or d.received_on)
    if not base or deadline.start == base:
        return None
    from fazhi.workdays.services import current_calendar

    calendar = current_calendar()
    days = sum(1 for n in range(1, (deadline.start - base).days + 1)
               if calendar.is_working_day(base + datetime.timedelta(days=n)))
    return base, (f"征求意见所需时间不计入答复期限（{LAW}第三十三条第三款），"
                  f"起算日相应顺延{days}个工作日")


def correct_stored_data() -> int:
    from fazhi.workdays.services import current_calendar

    from ..clocks import record_recomputation

    calendar, changed = current_calendar(), 0
    for c in ThirdPartyConsultation.objects.select_related("case__region").filter(received_on=None):
        c.delivery = c.delivery or Delivery.IN_PERSON
        result = compute_deadline(KEY, CONSULTATION_ANSWER, c.sent_on, region=c.case.region)
        c.received_on, c.answer_due, c.answer_due_provisional = (c.sent_on, result.due,
                                                                 result.provisional)
        c.save(update_fields=["delivery", "received_on", "answer_due", "answer_due_provisional"])
        if c.answered_on is None and c.case.state not in FINAL:
            record_recomputation(
                c.case, "依法更正：登记被征求意见方提出意见的期限",
                {"step": CONSULTATION_ANSWER, "party": c.party, "old_due": "",
                 "new_due": result.due.isoformat()},
                f"{c.party}提出意见期限{result.due}（自收到征求意见书之日起15个工作日，"
                f"{LAW}第三十二条、第三十四条；原记录按发出当日收到）")
            changed += 1
    for d in (DisclosureDetail.objects.select_related("case__region")
              .filter(case__state="correction_requested").exclude(correction_requested_on=None)):
        result = compute_deadline(KEY, APPLICANT_CORRECTION, d.correction_requested_on,
                                  region=d.case.region)
        old = d.correction_due
        # A date the notice stated is kept; one computed into an unknown year is redone.
        computed = old is None or not calendar.covers(old.year) or old == result.due
        if computed and (old, d.correction_due_provisional) != (result.due, result.provisional):
            record_recomputation(
                d.case, "依法更正：补正期限标注暂定并按节假日重新计算",
                {"step": APPLICANT_CORRECTION, "old_due": old.isoformat() if old else "",
                 "new_due": result.due.isoformat()},
                f"申请人补正期限：{old} → {result.due}（{LAW}第三十条）")
            d.correction_due, d.correction_due_provisional = result.due, result.provisional
            d.save(update_fields=["correction_due", "correction_due_provisional"])
            changed += 1
    return changed
