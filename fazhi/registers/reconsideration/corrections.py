"""行政复议登记簿：issue 9 的存量数据更正（迁移 0010 调用）。

``law_start_event`` tells ``clocks.recompute_for_law_change`` from which real
event a shifted clock counts; ``correct_stored_data`` fixes the stored data
the corrections change. Both are read by convention (``Register.module``)."""

from __future__ import annotations

import datetime

from fazhi.procedures.deadlines import compute_deadline
from fazhi.procedures.definitions import RECONSIDERATION_LAW as LAW
from fazhi.procedures.definitions import SUSPENSION_READING

from ..details.reconsideration import Delivery, ReconsiderationDetail
from ..models import CaseEvent, Deadline
from .procedure import APPLICANT_CORRECTION


def law_start_event(deadline: Deadline) -> tuple[datetime.date, str] | None:
    """A decision clock moved by a suspension counts from the real acceptance."""
    if deadline.step not in ("decision", "simple_decision"):
        return None
    d = ReconsiderationDetail.objects.filter(case_id=deadline.case_id).first()
    if d is None or not d.acceptance_on or not d.suspended_days or deadline.start == d.acceptance_on:
        return None
    return d.acceptance_on, (f"中止审理期间共{d.suspended_days}日不计入复议决定期限（{SUSPENSION_READING}），"
                             f"起算日相应顺延{d.suspended_days}日")


def correct_stored_data() -> int:
    """Stored data the corrections of issue 9 change (migration 0010): the
    running 补正 periods counted from the receipt of the notice (art. 31②;
    the old data counted from the notice, i.e. delivery in person) with their
    provisional flag; simple-procedure clocks erased by a late conversion
    settled as missed (arts. 55, 62②). Each change is an event on its case."""
    from fazhi.workdays.services import current_calendar

    from ..clocks import record_recomputation

    calendar, changed = current_calendar(), 0
    for d in (ReconsiderationDetail.objects.select_related("case__region")
              .filter(case__state="correction_requested").exclude(correction_requested_on=None)):
        filled = d.correction_notice_received_on is None
        if filled:
            d.correction_notice_received_on = d.correction_requested_on
            d.correction_delivery = d.correction_delivery or Delivery.IN_PERSON
        result = compute_deadline("reconsideration", APPLICANT_CORRECTION,
                                  d.correction_notice_received_on, region=d.case.region)
        computed = d.correction_due is None or not calendar.covers(d.correction_due.year) \
            or d.correction_due == result.due
        old = d.correction_due
        if computed and (old, d.correction_due_provisional) != (result.due, result.provisional):
            record_recomputation(
                d.case, "依法更正：补正期限自申请人收到补正通知之日起计算",
                {"step": APPLICANT_CORRECTION, "old_due": old.isoformat() if old else "",
                 "new_due": result.due.isoformat()},
                f"申请人补正期限：{old} → {result.due}（{LAW}第三十一条第二款）")
            d.correction_due, d.correction_due_provisional = result.due, result.provisional
            changed += 1
        elif filled:
            record_recomputation(
                d.case, "依法更正：补正期限自申请人收到补正通知之日起计算",
                {"step": APPLICANT_CORRECTION, "old_due": old.isoformat() if old else "",
                 "new_due": old.isoformat() if old else ""},
                f"登记申请人收到补正通知之日为补正通知日期（按直接送达）；补正期限{old}不变"
                f"（{LAW}第三十一条第二款）")
            changed += 1
        d.save(update_fields=["correction_notice_received_on", "correction_delivery",
                              "correction_due", "correction_due_provisional"])
    for deadline in Deadline.objects.filter(process="reconsideration", step="simple_decision",
                                            status=Deadline.Status.CANCELLED).select_related("case"):
        switch = (CaseEvent.objects.filter(case=deadline.case, kind="switch_procedure",
                                           from_state="accepted", occurred_on__gt=deadline.due)
                  .order_by("occurred_on").first())
        if switch is None:
            continue
        deadline.status, deadline.done_on = Deadline.Status.MISSED, switch.occurred_on
        deadline.save(update_fields=["status", "done_on"])
        record_recomputation(
            deadline.case, "依法更正：简易程序期限届满后转为普通程序，原期限记为逾期",
            {"step": "simple_decision", "old_due": deadline.due.isoformat(),
             "new_due": deadline.due.isoformat()},
            f"简易程序复议决定期限{deadline.due}届满后于{switch.occurred_on}转为普通程序，记为逾期"
            f"（{LAW}第六十二条第二款）")
        changed += 1
    return changed

