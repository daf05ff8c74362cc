"""A clerk submits progress with a file, the unit leader approves, the county
office accepts, and the overview changes — all through the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.plans.models import Assignment, ProgressReport

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:  # noqa: ANN001
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")


def logout(page) -> None:  # noqa: ANN001
    page.click("nav button:has-text('退出')")


def test_progress_report_round_trip(page, live_server, county, plan, tmp_path) -> None:  # noqa: ANN001
    assignment = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    period = plan.periods.order_by("start").first()
    overview = live_server.url + reverse("plans:plan_overview", args=[plan.pk])

    login(page, live_server, "office")
    page.goto(overview)
    done_before = int(page.text_content("#done-count"))
    logout(page)

    # 经办人填报并上传佐证材料
    evidence = tmp_path / "督察报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% test evidence\n")
    login(page, live_server, "clerk")
    page.goto(live_server.url + reverse("plans:report_edit", args=[assignment.pk, period.pk]))
    page.fill("#id_text", "已开展法治督察 1 次，问题全部整改。")
    page.select_option("#id_completion", "done")
    page.set_input_files("#id_files", str(evidence))
    page.click("button[name=submit]")
    page.wait_for_selector("#report-state")
    assert page.text_content("#report-state").strip() == "待单位审核"
    assert page.is_visible("text=督察报告.pdf")
    report_url = page.url
    logout(page)

    # 单位负责人审核
    login(page, live_server, "leader")
    page.goto(report_url)
    page.click("button:has-text('审核通过')")
    page.wait_for_selector("text=已审核通过")
    assert page.text_content("#report-state").strip() == "待依法治县办审核"
    logout(page)

    # 依法治县办采纳，总览随之变化
    login(page, live_server, "office")
    page.goto(report_url)
    page.click("button:has-text('采纳')")
    page.wait_for_selector("text=已采纳")
    page.goto(overview)
    assert int(page.text_content("#done-count")) == done_before + 1
    page.wait_for_selector("canvas", timeout=10_000)  # ECharts rendered from local assets (after load)
    report = ProgressReport.objects.get(assignment=assignment, period=period)
    assert report.state == ProgressReport.State.ACCEPTED
    assert report.evidence.get().original_name == "督察报告.pdf"


def test_bad_upload_keeps_what_was_typed(page, live_server, county, plan, tmp_path) -> None:  # noqa: ANN001
    assignment = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    period = plan.periods.order_by("start").first()
    fake = tmp_path / "病毒.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    login(page, live_server, "clerk")
    page.goto(live_server.url + reverse("plans:report_edit", args=[assignment.pk, period.pk]))
    page.fill("#id_text", "这段文字不应丢失")
    page.set_input_files("#id_files", str(fake))
    page.click("button[name=submit]")
    page.wait_for_selector(".invalid-feedback")
    assert "内容与扩展名" in page.text_content("body")
    assert page.input_value("#id_text") == "这段文字不应丢失"
    assert not ProgressReport.objects.exists()
