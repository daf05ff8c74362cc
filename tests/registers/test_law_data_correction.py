"""Issue 9: the stored data the corrections change is recomputed, with an event on
each case (``clocks.correct_stored_data``, run by the registers' data migration).
The old data is made by the real write path, then put back to what the old code
stored."""

from __future__ import annotations

import datetime

import pytest

from fazhi.registers.clocks import correct_stored_data
from fazhi.registers.details.disclosure import ThirdPartyConsultation
from fazhi.registers.details.reconsideration import ReconsiderationDetail
from fazhi.registers.models import CaseEvent, Deadline

from . import test_disclosure as disclosure
from . import test_litigation as litigation
from .test_reconsideration import accepted_case, act, clock, open_case

D = datetime.date


@pytest.mark.django_db
def test_stored_data_is_corrected_with_an_event_on_each_case(county) -> None:  # noqa: ANN001
    # 复议: a suspended decision clock as the old code stored it (no real start event).
    suspended = accepted_case(county, D(2025, 10, 24))
    suspended = act(county, suspended, "suspend", D(2025, 11, 3), ground="需要解释")
    suspended = act(county, suspended, "resume", D(2025, 11, 23))
    Deadline.objects.filter(case=suspended, status="open").update(
        event_on=None, shift_note="",
        explanation="【行政复议·作出复议决定（普通程序）】受理之日为2025年11月13日。")
    # 复议: a late conversion whose simple clock the old code cancelled.
    late = accepted_case(county, D(2025, 9, 1), procedure="simple")
    late = act(county, late, "switch_procedure", D(2025, 10, 13), procedure="ordinary",
               approver="孙立军")
    Deadline.objects.filter(case=late, step="simple_decision").update(status="cancelled",
                                                                      done_on=None)
    # 复议: a 补正 without the receipt date (counted from the notice, in person).
    corr = act(county, open_case(county, D(2025, 9, 26)), "request_correction", D(2025, 9, 29),
               items="补充材料")
    ReconsiderationDetail.objects.filter(case=corr).update(correction_notice_received_on=None,
                                                           correction_delivery="")
    # 公开: a consultation without its receipt and answer period.
    cons = disclosure.received(county, D(2025, 9, 1))
    disclosure.act(county, cons, "consult", D(2025, 9, 2), party="甲公司")
    ThirdPartyConsultation.objects.filter(case=cons).update(received_on=None, answer_due=None)
    # 应诉: a first-instance judgment without an appeal clock.
    judged = litigation._heard(county, D(2025, 3, 3))
    litigation._do(county, judged, "judgment", D(2025, 9, 10), judgment_kind="judgment",
                   outcome="revoke")
    Deadline.objects.filter(case=judged, step="appeal_judgment").delete()
    judged.litigation.__class__.objects.filter(case=judged).update(served_on=None)

    assert correct_stored_data() >= 5
    # each case has its event
    for case in (suspended, late, corr, cons, judged):
        assert CaseEvent.objects.filter(case=case, kind="recomputed").exists(), case
    head = clock(suspended, "decision").explanation.split("。")[0]
    assert "受理之日为2025年10月24日" in head and "起算日为2025年11月13日" in head
    simple = Deadline.objects.get(case=late, step="simple_decision")
    assert (simple.status, simple.done_on) == ("missed", D(2025, 10, 13))
    d = ReconsiderationDetail.objects.get(case=corr)
    assert (d.correction_notice_received_on, d.correction_due) == (D(2025, 9, 29), D(2025, 10, 20))
    c = ThirdPartyConsultation.objects.get(case=cons)
    assert (c.received_on, c.answer_due) == (D(2025, 9, 2), D(2025, 9, 23))
    # 9/10 + 15 = 9/25 (Thursday)
    assert Deadline.objects.get(case=judged, step="appeal_judgment", status="open").due == D(2025, 9, 25)
    # Run again: nothing left to change.
    assert correct_stored_data() == 0


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_runs_the_correction(county) -> None:  # noqa: ANN001
    """Migration 0011 on a database holding old data: the appeal period of a
    recorded first-instance judgment is added, with its event."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    judged = litigation._heard(county, D(2025, 3, 3))
    litigation._do(county, judged, "judgment", D(2025, 9, 10), judgment_kind="ruling",
                   outcome="dismiss_suit")
    Deadline.objects.filter(case=judged, step="appeal_ruling").delete()
    judged.litigation.__class__.objects.filter(case=judged).update(served_on=None)
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("registers", "0010_rectification")])
        executor = MigrationExecutor(connection)
        executor.migrate([("registers", "0011_law_corrections_data")])
    finally:
        # Back to the latest state for the tests that follow.
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    # 9/10 + 10 = 9/20 (Saturday) → Monday 9/22
    assert Deadline.objects.get(case=judged, step="appeal_ruling", status="open").due == D(2025, 9, 22)
    assert CaseEvent.objects.filter(case=judged, kind="recomputed").exists()
