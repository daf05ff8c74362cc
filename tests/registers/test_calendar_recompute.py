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
    # 5 working days from 12/28 counted on weekends only: 12/29, 12/30, 12/31, 1/1, 1/4
    assert (before.due, before.provisional) == (D(2027, 1, 4), True)

    schedule = tmp_path / "2027.yaml"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")
    call_command("load_holidays", str(schedule), stdout=StringIO())

    after = Deadline.objects.get(case=case, step="acceptance", status="open")
    # 1/1 is now a holiday: 12/29, 12/30, 12/31, 1/4, 1/5
    assert (after.due, after.provisional) == (D(2027, 1, 5), False)
    before.refresh_from_db()
    assert before.status == Deadline.Status.SUPERSEDED
    event = CaseEvent.objects.get(case=case, kind="recomputed")
    assert event.data["old_due"] == "2027-01-04" and event.data["new_due"] == "2027-01-05"
    case.refresh_from_db()
    assert case.next_due == D(2027, 1, 5) and not case.next_due_provisional
    from fazhi.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="deadline.recompute", object_id=str(case.pk)).exists()

