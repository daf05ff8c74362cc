"""In the browser: the navigation's search box (scoped), a refused action's
Chinese 403 in the site's layout, the office correcting a task and a
section's due dates, the overview's unit table, and the auditor reading,
filtering and exporting the log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.plans.models import Task

from .test_daily_ledger import demo, demo_login, demo_logout  # noqa: F401  (demo is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_correct_and_audit(page, live_server, demo) -> None:  # noqa: ANN001, F811
    plan = demo
    task = plan.tasks.order_by("number").first()
    word = task.summary[2:6]

    demo_login(page, live_server, "fzb_admin")
    page.fill("#nav-search", word)
    page.press("#nav-search", "Enter")
    page.wait_for_selector("#search-summary")
    assert task.summary in page.text_content("main")
    page.click(f"text={task.summary}")
    page.wait_for_url(f"**/plans/tasks/{task.pk}/")

    # correct the task: its text and due date
    page.click("#task-edit")
    page.fill("#id_text", task.text + "（已更正）")
    page.fill("#id_due_date", f"{plan.year}-12-20")
    page.click("#task-edit-form button[type=submit]")
    page.wait_for_selector("text=任务已修改")
    assert "（已更正）" in Task.objects.get(pk=task.pk).text
    # a whole section's due dates at once
    page.goto(live_server.url + reverse("plans:bulk_due_dates", args=[plan.pk]))
    section = plan.sections.order_by("order").last()
    page.select_option("#id_section", str(section.pk))
    page.fill("#id_due_date", f"{plan.year}-12-31")
    page.click("#bulk-due-form button[type=submit]")
    page.wait_for_selector(f"text={plan.year}年12月31日")
    assert set(section.tasks.values_list("due_date__day", flat=True)) == {31}
    # the overview's unit table: sorted by overdue, each unit a link to its ledger row
    page.goto(live_server.url + reverse("plans:plan_overview", args=[plan.pk]))
    page.click("#by-unit thead >> text=已逾期")
    page.click("#by-unit thead >> text=已逾期")  # the second click: most overdue first
    page.wait_for_url("**sort=-red**")
    page.locator("#by-unit tbody a").first.click()
    page.wait_for_url("**unit=**")
    assert page.locator(".unit-progress").count() >= 1
    demo_logout(page)

    # a clerk refused: the policy's reason, in Chinese, in the site's layout
    demo_login(page, live_server, "sfj_clerk")
    response = page.goto(live_server.url + reverse("plans:plan_import"))
    assert response.status == 403
    assert "只有依法治县办管理员可以导入工作计划。" in page.text_content("#error-reason")
    assert page.is_visible("#nav-notifications") and page.is_visible("#error-home")
    # the clerk's search finds its own unit only
    page.fill("#nav-search", "市场监管")
    page.press("#nav-search", "Enter")
    page.wait_for_selector("#search-summary")
    assert "莘县市场监管局" not in page.text_content("main")
    demo_logout(page)

    # the auditor: the correction as the auditor reads it, filtered and exported
    demo_login(page, live_server, "audit_admin")
    page.goto(live_server.url + reverse("audit:entry_list"))
    page.select_option("#action", "task.update")
    page.click("#audit-filters button[type=submit]")
    page.wait_for_url("**action=task.update**")
    rows = page.locator("#audit-table tbody tr")
    assert rows.count() == 1
    assert rows.first.locator(".audit-action").inner_text() == "修改任务"
    text = rows.first.inner_text()
    assert "王依法" in text and "None" not in text and "task.update" not in text
    rows.first.locator("a").first.click()
    page.wait_for_selector("#entry-action")
    assert f"{plan.year}年12月20日" in page.text_content("main")
    page.go_back()
    with page.expect_download() as download:
        page.click("#audit-export")
    assert download.value.suggested_filename == "审计日志.xlsx"
