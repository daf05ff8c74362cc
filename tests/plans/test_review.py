"""Bulk review, 催办 and the workflow notifications they send."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core import notifications
from fazhi.core.actions import Actor
from fazhi.org.policy import Policy
from fazhi.plans import services
from fazhi.plans.models import Assignment, ProgressReport
from fazhi.registers.models import Notification

from ..conftest import PASSWORD

State = ProgressReport.State
# Notifications are sent once the action's transaction has committed.
pytestmark = pytest.mark.django_db(transaction=True)


def client_for(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def inbox(county, who: str) -> list[str]:  # noqa: ANN001
    return [n.message for n in notifications.for_person(Policy.for_user(county.users[who]))]


def _approved(county, plan, numbers=(1, 2, 3)) -> list[ProgressReport]:  # noqa: ANN001
    clerk, leader = Actor.for_user(county.users["clerk"]), Actor.for_user(county.users["leader"])
    period = plan.periods.order_by("start").first()
    reports = []
    for n in numbers:
        a = Assignment.objects.get(task__plan=plan, task__number=n, unit__short_name="县司法局")
        r = services.SaveReport(clerk, None, assignment=a, period=period, text=f"任务{n}进展",
                                completion="done", submit=True).execute()
        reports.append(services.ApproveReport(leader, r).execute())
    return reports


def test_each_step_tells_the_one_who_acts_next(county, plan) -> None:  # noqa: ANN001
    a = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    period = plan.periods.order_by("start").first()
    report = services.SaveReport(Actor.for_user(county.users["clerk"]), None, assignment=a,
                                 period=period, text="进展", completion="done", submit=True).execute()
    assert any("待您审核" in m for m in inbox(county, "leader"))
    assert not inbox(county, "clerk") and not inbox(county, "office")
    services.ApproveReport(Actor.for_user(county.users["leader"]), report).execute()
    assert any("已经单位负责人审核通过" in m for m in inbox(county, "clerk"))
    assert any("待依法治县办审核" in m for m in inbox(county, "office"))
    assert not inbox(county, "other_office") and not inbox(county, "town_clerk")
    services.ReturnReport(Actor.for_user(county.users["office"]), report, reason="缺少佐证材料").execute()
    assert any("被退回，理由：缺少佐证材料" in m for m in inbox(county, "clerk"))
    # the unread badge in the navigation counts them; opening one reads it
    c = client_for("clerk")
    page = c.get(reverse("home")).content.decode()
    assert 'id="unread-badge"' in page
    n = notifications.for_person(Policy.for_user(county.users["clerk"])).filter(kind="returned").get()
    response = c.post(reverse("notification_open", args=[n.pk]))
    assert response["Location"] == reverse("plans:report_detail", args=[report.pk])
    assert Notification.objects.get(pk=n.pk).read_at is not None
    # nobody else can read someone's notification
    assert client_for("town_clerk").post(reverse("notification_open", args=[n.pk])).status_code == 404


def test_bulk_accept_and_return(county, plan) -> None:  # noqa: ANN001
    r1, r2, r3 = _approved(county, plan)
    url = reverse("plans:report_bulk")
    office = client_for("office")
    # a leader cannot accept
    client_for("leader").post(url, {"verb": "accept", "report": [r1.pk]})
    assert ProgressReport.objects.get(pk=r1.pk).state == State.APPROVED
    office.post(url, {"verb": "accept", "report": [r1.pk, r2.pk]})
    assert set(ProgressReport.objects.filter(pk__in=[r1.pk, r2.pk]).values_list("state", flat=True)) == {State.ACCEPTED}
    assert AuditEntry.objects.filter(action="progress.accept").count() == 2
    assert Assignment.objects.get(pk=r1.assignment_id).is_done
    # a return without a reason does nothing; with one, every report gets it
    office.post(url, {"verb": "return", "report": [r3.pk]})
    assert ProgressReport.objects.get(pk=r3.pk).state == State.APPROVED
    response = office.post(url, {"verb": "return", "report": [r3.pk, r1.pk], "reason": "请补充数据"}, follow=True)
    assert ProgressReport.objects.get(pk=r3.pk).return_reason == "请补充数据"
    assert "已采纳" in response.content.decode()  # r1 was refused with its state named
    assert sum("已被依法治县办采纳" in m for m in inbox(county, "clerk")) == 2


def test_review_queue_opens_on_what_waits(county, plan) -> None:  # noqa: ANN001
    _approved(county, plan, numbers=(2,))
    page = client_for("office").get(reverse("home")).content.decode()
    assert f'{reverse("plans:report_list")}?state=approved' in page
    assert 'id="queue-count">1<' in page
    leader_page = client_for("leader").get(reverse("home")).content.decode()
    assert f'{reverse("plans:report_list")}?state=submitted' in leader_page
    viewer = client_for("viewer").get(reverse("home")).content.decode()
    assert "待我处理" not in viewer and "进展审核" not in viewer and 'id="home-counties"' in viewer


def test_urge_overdue_units(county, plan) -> None:  # noqa: ANN001
    type(plan).objects.filter(pk=plan.pk).update(year=datetime.date.today().year)  # the home's year
    plan.tasks.filter(number=3).update(due_date=datetime.date.today() - datetime.timedelta(days=3))
    task = plan.tasks.get(number=3)
    overdue = task.assignments.count()
    assert client_for("clerk").post(reverse("plans:urge"), {"task": [task.pk]}).status_code == 403
    home = client_for("office").get(reverse("home")).content.decode()
    assert f"{overdue}个单位逾期" in home  # one line for the task, its units counted
    client_for("office").post(reverse("plans:urge"), {"task": [task.pk], "note": "本周内报送"})
    assert Notification.objects.filter(kind="urged").count() == overdue
    assert any("催办" in m and "本周内报送" in m for m in inbox(county, "clerk"))
    assert AuditEntry.objects.filter(action="task.urge").count() == 1
    # a task not overdue is not urged
    client_for("office").post(reverse("plans:urge"), {"task": [plan.tasks.get(number=2).pk]})
    assert Notification.objects.filter(kind="urged").count() == overdue


@pytest.mark.parametrize("who", ["office", "clerk", "leader", "viewer"])
def test_home_query_count_is_bounded(county, plan, who, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _approved(county, plan)
    c = client_for(who)
    with django_assert_max_num_queries(22):
        assert c.get(reverse("home")).status_code == 200
