"""The plan ledger of the demo county (the 22-task seed plan, 53 units) in
the browser: one row per task with its units counted, the units' progress
opened on demand, one unit's row when filtered, a few screens tall at
1366×768 — and a draft never reaches the city viewer, on the page, in the
export or by its URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.actions import Actor
from fazhi.demo import loader
from fazhi.plans import services
from fazhi.plans.models import Assignment, Plan, ProgressReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRET = "这是一份尚未提交的草稿"
SCREEN = 768


@pytest.fixture
def demo(monkeypatch):  # noqa: ANN001, ANN201
    """The demo county without its register cases: they play no part in the
    plan pages, and skipping them keeps the test fast."""
    monkeypatch.setattr(loader, "_registers", lambda *args, **kwargs: 0)
    loader.load()
    return Plan.objects.order_by("-year").first()


def demo_login(page, live_server, username: str) -> None:  # noqa: ANN001
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", loader.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def demo_logout(page) -> None:  # noqa: ANN001
    if not page.locator("nav button:has-text('退出')").count():  # an HTMX fragment has no navigation
        page.goto(page.url.split("/plans/")[0] + "/")
    page.click("nav button:has-text('退出')")
    page.wait_for_url("**/login/**")


def height(page) -> int:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollHeight")


def test_ledger_is_compact_and_drafts_stay_with_their_unit(page, live_server, demo) -> None:  # noqa: ANN001
    plan = demo
    units = Assignment.objects.filter(task__plan=plan).values("unit").distinct().count()
    tasks = plan.tasks.count()
    # 县司法局's clerk keeps a draft on an assignment of the plan
    clerk = Actor.for_user(loader.get_user_model().objects.get(username="sfj_clerk"))
    mine = period = None
    for period in plan.periods.order_by("-start"):  # the latest period the unit has not written yet
        mine = (Assignment.objects.filter(task__plan=plan, unit_id__in=clerk.policy.unit_ids)
                .exclude(reports__period=period).order_by("task__number").first())
        if mine:
            break
    draft = services.SaveReport(clerk, None, assignment=mine, period=period, text=SECRET,
                                completion="in_progress").execute()
    assert draft.state == ProgressReport.State.DRAFT
    url = live_server.url + reverse("plans:plan_detail", args=[plan.pk])

    demo_login(page, live_server, "fzb_admin")
    page.goto(url)
    rows = page.locator("#ledger tbody tr[id^=task-]")
    assert rows.count() == tasks  # one row per task
    full = height(page)
    print(f"\nplan ledger ({tasks} tasks, {units} units): {full} px at 1366×768")
    assert full < 4 * SCREEN, full
    first = rows.first
    assert "已完成" in first.locator(".task-summary").inner_text()
    # the units' progress on demand (HTMX), without leaving the page
    first.locator("button.units-toggle").click()
    page.wait_for_selector(".task-units")
    assert page.locator(".task-units tbody tr").count() >= 1
    opened = height(page)
    print(f"plan ledger with one task's units opened: {opened} px")
    # filtered to one unit: that unit's row only, with its progress
    page.select_option("#id_unit", str(mine.unit_id))
    page.click("form.filters button[type=submit]")
    page.wait_for_selector(".unit-progress")
    assert page.locator(".units-toggle").count() == 0
    unit_height = height(page)
    print(f"plan ledger filtered to {mine.unit.short_name}: {unit_height} px")
    assert unit_height < 4 * SCREEN
    assert SECRET not in page.content()  # the office does not see the unit's draft
    demo_logout(page)

    # the clerk sees the draft as the unit's latest
    demo_login(page, live_server, "sfj_clerk")
    page.goto(live_server.url + reverse("plans:task_units", args=[mine.task_id]))
    assert SECRET in page.content()
    demo_logout(page)

    # the city viewer: nowhere, not even by URL (a Chinese 404 in the site's layout)
    demo_login(page, live_server, "lc_viewer")
    page.goto(url + f"?unit={mine.unit_id}")
    assert SECRET not in page.content()
    page.goto(live_server.url + reverse("plans:task_units", args=[mine.task_id]))
    assert SECRET not in page.content()
    response = page.goto(live_server.url + reverse("plans:report_detail", args=[draft.pk]))
    assert response.status == 404
    assert "页面不存在" in page.text_content("#error-page") and page.is_visible("#error-home")
    with page.expect_download() as download:
        page.goto(url)
        page.click("text=导出台账")
    data = open(download.value.path(), "rb").read()  # noqa: SIM115
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(data)).active
    assert sheet.max_row == tasks + 1
    assert not any(SECRET in str(c.value) for row in sheet.iter_rows() for c in row)


def test_ledger_on_a_phone(browser, live_server, demo) -> None:  # noqa: ANN001
    plan = demo
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        demo_login(page, live_server, "fzb_admin")
        page.goto(live_server.url + reverse("plans:plan_detail", args=[plan.pk]))
        print(f"\nplan ledger on a 390 px phone: {height(page)} px")
        # the page itself does not scroll sideways (the table scrolls in its box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    finally:
        context.close()
