"""In the browser: the county office opens the cockpit, clicks a rate and
lands on the records behind it; the page fits a phone without scrolling
sideways."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.core.actions import Actor
from fazhi.indicators import store
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.models import Case

from .test_progress_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
REG = get_register("reconsideration")


def _case(county, received: D, decision: str):  # noqa: ANN001, ANN202
    actor = Actor.for_user(county.users["office"])
    case = OpenCase(actor, REG, region=county.county, unit=county.units["县司法局"], data={
        "number": "", "title": "不服罚款决定", "started_on": received, "applicant": "王建国",
        "applicant_type": "person", "respondent": "县市场监管局", "contested_act": "行政处罚决定",
        "act_kind": "penalty", "channel": "post", "procedure": "ordinary",
        "needs_correction": False}).execute()
    case = RecordEvent(actor, case, REG, "accept", occurred_on=received + datetime.timedelta(1),
                       data={}).execute()
    return RecordEvent(actor, case, REG, "decide", occurred_on=received + datetime.timedelta(40),
                       data={"decision_type": decision}).execute()


def test_office_clicks_a_rate_and_lands_on_its_records(page, browser, live_server,  # noqa: ANN001
                                                       county) -> None:
    revoked = _case(county, D(2025, 3, 3), "revoke")
    upheld = _case(county, D(2025, 4, 7), "uphold")
    store.recompute(2025, county.county)

    login(page, live_server, "office")
    page.click("nav a:has-text('数据驾驶舱')")
    page.wait_for_selector("h1:has-text('数据驾驶舱')")
    page.select_option("#f-year", "2025")
    page.click("#cockpit-filters button[type=submit]")
    card = page.locator("#card-RECON_CORRECTION_RATE")
    assert card.locator("a.card-value").text_content().strip() == "50%"
    assert "1 / 2" in card.text_content()
    # ECharts drawn from local files (it draws after the page's scripts run: wait
    # for the canvas rather than count it at once, which raced under load)
    page.wait_for_selector("#trends canvas", timeout=10_000)

    card.locator("a.card-value").click()
    page.wait_for_selector("#records")
    assert "/indicators/values/" in page.url
    assert page.text_content("#value-text").strip() == "50%"
    records = page.text_content("#records")
    numbers = Case.objects.filter(pk__in=[revoked.pk, upheld.pk]).values_list("number", flat=True)
    for number in numbers:
        assert number and number in records
    assert page.locator("#records .badge:has-text('分子')").count() == 1

    # On a phone the cockpit reflows instead of scrolling sideways.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        small = phone.new_page()
        login(small, live_server, "office")
        small.goto(live_server.url + reverse("indicators:cockpit") + "?year=2025")
        small.wait_for_selector("#card-RECON_CORRECTION_RATE")
        assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        phone.close()
