"""The progress-report workflow: 经办人填报提交 → 单位负责人审核 →
依法治县办采纳或退回（附理由）, with the status lights it drives."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import ActionRefused, Actor
from fazhi.plans import services
from fazhi.plans.models import Assignment, ProgressReport
from fazhi.plans.status import GREEN, GREY, RED, YELLOW, annotate_assignment_lights

State = ProgressReport.State
Done = ProgressReport.Completion.DONE


@pytest.fixture
def setup(county, plan):  # noqa: ANN001, ANN201
    assignment = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    period = plan.periods.order_by("start").first()
    actors = {k: Actor.for_user(u) for k, u in county.users.items()}
    return assignment, period, actors


def _save(actors, assignment, period, submit=True, completion=Done, **kw):  # noqa: ANN001, ANN202
    return services.SaveReport(actors["clerk"], None, assignment=assignment, period=period,
                               text="已完成法治督察。", completion=completion, submit=submit,
                               **kw).execute()


def test_full_path_to_accepted_marks_assignment_done(setup) -> None:  # noqa: ANN001
    assignment, period, actors = setup
    pdf = SimpleUploadedFile("督察报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    report = _save(actors, assignment, period, files=[pdf])
    assert report.state == State.SUBMITTED and report.evidence.count() == 1
    report = services.ApproveReport(actors["leader"], report).execute()
    assert report.state == State.APPROVED
    report = services.AcceptReport(actors["office"], report).execute()
    assert report.state == State.ACCEPTED
    assignment.refresh_from_db()
    assert assignment.is_done
    actions = list(AuditEntry.objects.filter(model="plans.progressreport", object_id=str(report.pk))
                   .order_by("at", "id").values_list("action", flat=True))
    assert actions == ["progress.save", "progress.approve", "progress.accept"]
    assert AuditEntry.objects.filter(action="evidence.upload").exists()


def test_office_returns_with_reason_and_clerk_resubmits(setup) -> None:  # noqa: ANN001
    assignment, period, actors = setup
    report = services.ApproveReport(actors["leader"], _save(actors, assignment, period)).execute()
    with pytest.raises(ActionRefused, match="退回理由"):
        services.ReturnReport(actors["office"], report, reason=" ").execute()
    report = services.ReturnReport(actors["office"], report, reason="材料不全").execute()
    assert report.state == State.RETURNED and report.return_reason == "材料不全"
    report = services.SaveReport(actors["clerk"], report, assignment=assignment, period=period,
                                 text="已补充材料。", completion=Done, submit=True).execute()
    assert report.state == State.SUBMITTED and report.return_reason == ""


def test_leader_may_return_before_approving(setup) -> None:  # noqa: ANN001
    assignment, period, actors = setup
    report = _save(actors, assignment, period)
    report = services.ReturnReport(actors["leader"], report, reason="请补充数据").execute()
    assert report.state == State.RETURNED


@pytest.mark.parametrize("who,action", [
    ("clerk", services.ApproveReport),        # a clerk cannot approve
    ("office", services.ApproveReport),       # nor the office for the unit
    ("town_clerk", services.SubmitReport),    # another unit's clerk
    ("other_office", services.AcceptReport),  # another county's office
    ("viewer", services.AcceptReport),        # the city reads, never writes
])
def test_who_may_not(setup, who, action) -> None:  # noqa: ANN001
    assignment, period, actors = setup
    report = _save(actors, assignment, period, submit=False)
    if action is services.AcceptReport:
        report = services.SubmitReport(actors["clerk"], report).execute()
        report = services.ApproveReport(actors["leader"], report).execute()
    with pytest.raises(PermissionDenied):
        action(actors[who], report).execute()


def test_transitions_out_of_order_are_refused_with_reason(setup) -> None:  # noqa: ANN001
    assignment, period, actors = setup
    draft = _save(actors, assignment, period, submit=False)
    with pytest.raises(ActionRefused, match="草稿"):
        services.AcceptReport(actors["office"], draft).execute()
    with pytest.raises(ActionRefused, match="草稿"):
        services.ApproveReport(actors["leader"], draft).execute()
    submitted = services.SubmitReport(actors["clerk"], draft).execute()
    with pytest.raises(ActionRefused, match="不能修改"):
        services.SaveReport(actors["clerk"], submitted, assignment=assignment, period=period,
                            text="改", completion=Done).execute()


def test_stale_edit_is_refused(setup) -> None:  # noqa: ANN001
    assignment, period, actors = setup
    draft = _save(actors, assignment, period, submit=False)
    services.SaveReport(actors["clerk"], draft, assignment=assignment, period=period,
                        text="第二版", completion=Done, version=1).execute()
    with pytest.raises(ActionRefused, match="他人修改"):
        services.SaveReport(actors["clerk"], draft, assignment=assignment, period=period,
                            text="基于旧版本", completion=Done, version=1).execute()
    draft.refresh_from_db()
    assert draft.text == "第二版"


def test_lights(setup) -> None:  # noqa: ANN001
    assignment, _period, _actors = setup
    task = assignment.task
    qs = Assignment.objects.filter(pk=assignment.pk)
    for due, expected in [
        (datetime.date(2030, 6, 1), RED),      # past, not done
        (datetime.date(2030, 6, 12), YELLOW),  # within 7 days
        (datetime.date(2030, 7, 30), GREY),
    ]:
        task.due_date = due
        task.save()
        assert annotate_assignment_lights(qs, datetime.date(2030, 6, 10)).get().light == expected
    Assignment.objects.filter(pk=assignment.pk).update(is_done=True)
    assert annotate_assignment_lights(qs, datetime.date(2030, 12, 31)).get().light == GREEN
