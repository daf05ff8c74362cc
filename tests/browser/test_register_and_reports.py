"""In the browser: a clerk registers a reconsideration application and
accepts it, and sees the statutory deadlines with their legal basis; the
county office uploads a published report and reads its figures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.registers.models import Case

from ..conftest import REPO, SEEDS
from .test_progress_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_and_accept_a_reconsideration(page, live_server, county) -> None:  # noqa: ANN001
    received = timezone.localdate() - datetime.timedelta(days=3)
    login(page, live_server, "clerk")
    page.goto(live_server.url + reverse("registers:case_open", args=["reconsideration"]))
    page.fill("#id_started_on", received.isoformat())
    page.fill("#id_title", "不服罚款决定")
    page.fill("#id_applicant", "王建国")
    page.fill("#id_respondent", "县市场监管局")
    page.fill("#id_contested_act", "莘市监罚〔2026〕12号行政处罚决定")
    page.click("main button[type=submit]")
    page.wait_for_selector("#deadlines")
    assert page.text_content("#case-state").strip() == "已收到申请"
    deadlines = page.text_content("#deadlines")
    assert "受理审查" in deadlines and "《中华人民共和国行政复议法》第三十条" in deadlines

    page.click("a:has-text('受理')")
    page.fill("#id_occurred_on", received.isoformat())
    page.click("main button[type=submit]")
    page.wait_for_selector("#case-state:has-text('已受理')")
    deadlines = page.text_content("#deadlines")
    assert "第六十二条" in deadlines  # the 60-day decision period now runs
    case = Case.objects.get()
    assert case.state == "accepted" and case.next_due is not None


def test_upload_a_published_report_and_read_its_figures(page, live_server, county) -> None:  # noqa: ANN001
    seed = SEEDS / "000_101de63acc3adf00.txt"
    if not seed.exists():
        seed = REPO / "fazhi" / "demo" / "data" / "reports" / "东阿县2023年法治政府建设情况报告.txt"
    login(page, live_server, "office")
    page.goto(live_server.url + reverse("analysis:upload"))
    page.set_input_files("input[type=file]", str(seed))
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=已完成", timeout=30000)
    page.click("a:has-text('.txt')")
    page.wait_for_selector("mark")
    body = page.text_content("body")
    assert "东阿县" in body and "2023" in body
    assert page.locator("mark").count() >= 20  # figures highlighted in the text
