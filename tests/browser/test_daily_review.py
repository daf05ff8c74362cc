"""The county office's morning in the browser: the home page groups overdue
work per task and every counter opens the list behind it; 进展审核 opens on
what waits for the office; bulk accept, bulk return with one reason, 催办;
the unit's clerk sees each of these as a notification with an unread badge,
and its leader's queue opens on 待单位审核."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fazhi.org.policy import Policy
from fazhi.plans.models import ProgressReport
from fazhi.registers.models import Notification

from .test_daily_ledger import demo, demo_login, demo_logout  # noqa: F401  (demo is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
State = ProgressReport.State


def test_office_reviews_in_bulk_and_urges_units(page, live_server, demo) -> None:  # noqa: ANN001, F811
    sfj = next(iter(Policy.for_user(get_user_model().objects.get(username="sfj_clerk")).units))
    demo_login(page, live_server, "fzb_admin")
    # overdue work: one line per task, its units counted
    lines = page.locator("#home-urgent .urgent-task")
    assert 0 < lines.count() <= demo.tasks.count()
    assert re.search(r"\d+个单位(逾期|即将到期)", lines.first.inner_text())
    red = int(page.text_content("#home-red .stat"))
    page.click("#home-red")
    page.wait_for_url("**/plans/ledger/**light=red**")
    assert int(page.text_content("#assignment-count")) == red

    # 进展审核 opens on 待依法治县办审核, with its count
    page.goto(live_server.url + "/")
    page.click("#nav-plans")
    page.click("#nav-review")
    page.wait_for_url("**state=approved**")
    page.select_option("#id_unit", str(sfj.pk))
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**unit={sfj.pk}**")
    waiting = list(ProgressReport.objects.filter(state=State.APPROVED, assignment__unit=sfj)
                   .order_by("-updated_at", "pk"))
    assert len(waiting) >= 2, "the demo has reports waiting for the office"
    assert int(page.text_content("#report-count")) == len(waiting)
    boxes = page.locator("input[name=report]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("#bulk-accept")
    page.wait_for_selector("text=已采纳2份进展报告")
    assert ProgressReport.objects.filter(state=State.ACCEPTED, pk__in=[r.pk for r in waiting]).count() == 2
    if page.locator("input[name=report]").count():
        page.locator("input[name=report]").first.check()
        page.click("#bulk-return")  # without a reason: refused, nothing returned
        page.wait_for_selector("text=批量退回时必须填写退回理由")
        page.locator("input[name=report]").first.check()
        page.fill("#bulk-reason", "请补充佐证材料")
        page.click("#bulk-return")
        page.wait_for_selector("text=已退回1份进展报告")

    # 催办: the unit's overdue assignments, ticked on the ledger by unit
    page.goto(live_server.url + reverse("plans:assignment_list") + f"?unit={sfj.pk}&light=red")
    page.locator("input[data-check-all=assignment]").check()
    overdue = page.locator("input[name=assignment]:checked").count()
    assert overdue >= 1
    page.fill("#urge-note", "请于本周内报送")
    page.click("#urge-selected")
    page.wait_for_selector(f"text=已向{overdue}个逾期事项的承办单位发出催办提醒")
    demo_logout(page)

    # the clerk: a badge, and each event in the inbox
    demo_login(page, live_server, "sfj_clerk")
    assert int(page.text_content("#unread-badge")) >= 2 + overdue
    page.click("#nav-notifications")
    inbox = page.text_content("#notifications")
    assert "已被依法治县办采纳" in inbox and "依法治县办催办" in inbox and "请于本周内报送" in inbox
    if Notification.objects.filter(kind="returned", unit=sfj).exists():
        assert "被退回，理由：请补充佐证材料" in inbox
    before = int(page.text_content("#unread-badge"))
    page.locator("button.notification-open", has_text="已被依法治县办采纳").first.click()
    page.wait_for_url("**/plans/reports/**")
    assert int(page.text_content("#unread-badge")) == before - 1
    demo_logout(page)

    # the unit leader's queue opens on 待单位审核
    demo_login(page, live_server, "sfj_leader")
    assert "state=submitted" in page.get_attribute("#queue-all", "href")
    page.click("#queue-all")
    page.wait_for_url("**state=submitted**")
    assert page.is_visible("#bulk-approve")
