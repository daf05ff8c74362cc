"""Loading a year's holiday schedule recomputes the open deadlines it
affects, and each change is recorded on its case (rules.md §0: a date beyond
the calendar data held is provisional until the schedule is known)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.core.actions import Actor
from fazhi.registers.base import OpenCase, get_register
from fazhi.registers.models import CaseEvent, Deadline

D = datetime.date

# A 2027 schedule as a State Council notice would give it (invented for the
# test: 2027 is beyond the data the system ships).
SCHEDULE_2027 = """year: 2027
source: 测试用2027年节假日安排
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
workdays: []
"""


@pytest.mark.django_db(transaction=True)
def test_loading_2027_recomputes_provisional_deadlines(county, tmp_path) -> None:  # noqa: ANN001
    case = OpenCase(Actor.for_user(county.users["clerk"]), get_register("reconsideration"),
                    region=county.county, unit=county.units["县司法局"], data={
                        "number": "", "title": "不服罚款决定", "started_on": D(2026, 12, 28),
                        "applicant": "王建国", "applicant_type": "person",
                        "respondent": "县市场监管局", "contested_act": "行政处罚决定",
                        "act_kind": "penalty", "channel": "post", "procedure": "ordinary",
                        "needs_correction": False}).execute()
    before = Deadline.objects.get(case=case, step="acceptance", status="open")
    # 5 working days from 12/28 without the 2027 notice: 元旦 1/1 is known (放假办法
    # art. 2): 12/29, 12/30, 12/31, 1/4, 1/5 — provisional (补假、调休 unknown).
    assert (before.due, before.provisional) == (D(2027, 1, 5), True)

    schedule = tmp_path / "2027.yaml"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")
    call_command("load_holidays", str(schedule), stdout=StringIO())

    after = Deadline.objects.get(case=case, step="acceptance", status="open")
    # The notice confirms 1/1–1/3 off: the same date, no longer provisional.
    assert (after.due, after.provisional) == (D(2027, 1, 5), False)
    before.refresh_from_db()
    assert before.status == Deadline.Status.SUPERSEDED
    event = CaseEvent.objects.get(case=case, kind="recomputed")
    assert event.data["old_due"] == "2027-01-05" and event.data["new_due"] == "2027-01-05"
    case.refresh_from_db()
    assert case.next_due == D(2027, 1, 5) and not case.next_due_provisional
    from fazhi.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="deadline.recompute", object_id=str(case.pk)).exists()



@pytest.mark.django_db(transaction=True)
def test_changing_a_regional_rule_recomputes_its_open_deadlines(county) -> None:  # noqa: ANN001
    """A configurable rule (信访 handling, 60 CD by default) set to 45 days for
    the province: open deadlines of that step follow, with the change recorded."""
    from fazhi.procedures.deadlines import compute_deadline
    from fazhi.procedures.models import RuleSetting
    from fazhi.registers.models import Case

    case = Case.objects.create(register="petition", region=county.county,
                               unit=county.units["县司法局"], number="信访1", title="反映问题",
                               started_on=D(2025, 3, 3), state="received")
    first = compute_deadline("petition", "handling", D(2025, 3, 3), region=county.county)
    Deadline.objects.create(case=case, process="petition", step="handling", label=first.label,
                            start=D(2025, 3, 3), due=first.due, basis=first.basis,
                            unit=first.unit, amount=first.amount)
    RuleSetting.objects.create(process="petition", step="handling", region=county.province,
                               amount=45, unit="CD", note="测试：省规定")
    after = Deadline.objects.get(case=case, status="open")
    assert after.amount == 45 and after.due == D(2025, 4, 17)  # 3/3 + 45 days, a Thursday
    assert CaseEvent.objects.filter(case=case, kind="recomputed",
                                    label="期限规则参数调整，重新计算期限").exists()
