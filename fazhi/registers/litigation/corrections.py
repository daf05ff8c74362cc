"""行政应诉登记簿：issue 9 的存量数据更正（迁移 0010 调用）。

A first-instance judgment or ruling already recorded and not yet appealed or
closed gets its appeal period (行诉法 art. 85), counted from the judgment's
date since the service date was not recorded (the service is never earlier,
so the period can only end later); the event says so."""

from __future__ import annotations

from fazhi.procedures.deadlines import compute_deadline

from ..details.litigation import JudgmentKind, Level, LitigationDetail
from ..models import Deadline
from .procedure import APPEAL_STEPS, KEY


def correct_stored_data() -> int:
    from ..clocks import record_recomputation, refresh_next_due, store_clock

    changed = 0
    for d in (LitigationDetail.objects.select_related("case__region")
              .filter(case__state="judged", level=Level.FIRST, served_on=None,
                      judgment_kind__in=(JudgmentKind.JUDGMENT, JudgmentKind.RULING))
              .exclude(judged_on=None)):
        step = APPEAL_STEPS[d.judgment_kind]
        if Deadline.objects.filter(case=d.case, step=step).exists():
            continue
        due = compute_deadline(KEY, step, d.judged_on, region=d.case.region).due
        event = record_recomputation(
            d.case, "依法补记上诉期限（送达日期未登记，按裁判日期起算）",
            {"step": step, "old_due": "", "new_due": due.isoformat()},
            f"补记上诉期限至{due}（《中华人民共和国行政诉讼法》第八十五条）")
        store_clock(d.case, KEY, step, d.judged_on, event)
        refresh_next_due(d.case)
        d.case.save(update_fields=["next_due", "next_due_provisional"])
        changed += 1
    return changed
