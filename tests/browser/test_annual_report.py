"""In the browser: the county office composes the annual report from its
records, writes part 三, signs it off, publishes it, and an anonymous visitor
reads it on the public portal (issue 8)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.indicators import store
from fazhi.reports.models import AnnualReport

from ..indicators.test_computations import event, recon
from .test_progress_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compose_edit_sign_off_publish_and_read_on_the_portal(page, live_server, county) -> None:  # noqa: ANN001
    case = event(county, recon(county, datetime.date(2025, 3, 3)), "accept",
                 datetime.date(2025, 3, 4))
    event(county, case, "decide", datetime.date(2025, 5, 6), decision_type="revoke")
    store.recompute(2025, county.county)
    login(page, live_server, "office")
    page.goto(live_server.url + reverse("reports:report_list"))
    page.select_option("#id_region", str(county.county.pk))
    page.fill("#id_year", "2025")
    page.click("button:has-text('根据记录起草')")
    page.wait_for_selector("#report-state")
    body = page.text_content("article")
    assert "全年接收行政复议申请1件" in body and "纠错1件" in body
    # the figure links to the records behind it
    href = page.get_attribute("a.figure-link[data-code='RECON_RECEIVED']", "href")
    assert href and "/indicators/values/" in href

    report = AnnualReport.objects.get()
    for part, text in ((2, "行政执法监督的信息化程度还不高。"),
                       (3, "县政府主要负责人带头学法、带头依法决策。"),
                       (4, "1. 深入推进严格规范公正文明执法。")):
        section = report.sections.filter(part=part).first()
        page.goto(live_server.url + reverse("reports:section_edit", args=[report.pk, section.pk]))
        page.fill("#id_text", text)
        page.click("main form button:has-text('保存')")
        page.wait_for_selector("#report-state")
    assert "带头依法决策" in page.text_content("article")

    for role, name in (("office", "王主任"), ("leader", "李县长")):
        page.select_option("#signoff-form #id_role", role)
        page.fill("#signoff-form #id_signer_name", name)
        page.click("#signoff-form button[type=submit]")
        page.wait_for_selector(".alert-success, .alert-danger")
        assert page.locator(".alert-danger").count() == 0, page.text_content(".alert-danger")
    assert page.text_content("#report-state").strip() == "已签发"
    page.click("#publish")
    page.wait_for_selector("#report-state:has-text('已公开发布')")

    visitor = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    public = visitor.new_page()
    public.goto(live_server.url + reverse("portal:report_list"))
    public.click(f"a:has-text('{report.title}')")
    assert "县政府主要负责人带头学法" in public.text_content("body")
    assert "全年接收行政复议申请1件" in public.text_content("body")
    visitor.close()
