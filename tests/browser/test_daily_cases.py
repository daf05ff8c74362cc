"""In the browser (issue 11 items 8–11): a clerk corrects a case's receipt
date and the deadline moves, a bad correction is refused in Chinese; the
list and the case page say 已逾期N天 in red; the case page offers only the
events possible now (no 恢复审理 before a suspension); the disclosure reply's
具体情形 follows the chosen 答复类型; the city viewer reads its counties side
by side from its home page; the report page stops saying 正在解读 once the
reading is done."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.analysis.models import PublishedReport, ReportBatch
from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit
from fazhi.plans.models import Assignment, Plan, Section, Task
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.models import Case, Deadline
from fazhi.workdays.calendar import fmt_date

from .test_progress_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REC = get_register("reconsideration")


def _reconsideration(county, received: datetime.date) -> Case:  # noqa: ANN001
    return OpenCase(Actor.for_user(county.users["clerk"]), REC, region=county.county,
                    unit=county.units["县司法局"], data={
                        "title": "不服罚款决定", "started_on": received, "applicant": "王建国",
                        "applicant_type": "person", "respondent": "县市场监管局",
                        "contested_act": "莘市监罚〔2026〕12号", "act_kind": "penalty",
                        "channel": "post", "procedure": "ordinary"}).execute()


def test_clerk_corrects_the_receipt_date_and_the_deadline_moves(page, live_server, county) -> None:  # noqa: ANN001
    today = timezone.localdate()
    wrong, right = today - datetime.timedelta(days=3), today - datetime.timedelta(days=6)
    case = _reconsideration(county, wrong)
    old_due = Deadline.objects.get(case=case, status="open").due
    login(page, live_server, "clerk")
    page.goto(live_server.url + reverse("registers:case_detail", args=[REC.key, case.pk]))
    page.click("#case-correct")
    page.fill("#id_started_on", right.isoformat())
    page.click("main button[type=submit]")  # no reason: refused, nothing written
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    assert Case.objects.get(pk=case.pk).started_on == wrong
    page.fill("#id_started_on", right.isoformat())
    page.fill("#id_applicant", "王建军")
    page.fill("#id_reason", "收件登记簿核对，申请实际早三天收到")
    page.click("main button[type=submit]")
    page.wait_for_selector("#timeline")
    timeline = page.text_content("#timeline")
    assert "更正登记信息" in timeline
    assert f"收到（立案）日期：{fmt_date(wrong)} → {fmt_date(right)}" in timeline
    assert "申请人：王建国 → 王建军" in timeline and "更正理由：收件登记簿核对" in timeline
    new_due = Deadline.objects.get(case=case, status="open").due
    assert new_due < old_due
    deadlines = page.text_content("#deadlines")
    assert fmt_date(new_due) in deadlines and "已被新期限取代" in deadlines  # the old one kept

    # a date after a later step is refused with the reason
    RecordEvent(Actor.for_user(county.users["clerk"]), case, REC, "accept",
                occurred_on=today - datetime.timedelta(days=2)).execute()
    page.goto(live_server.url + reverse("registers:case_correct", args=[REC.key, case.pk]))
    page.fill("#id_started_on", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_reason", "再次核对")
    page.click("main button[type=submit]")
    page.wait_for_selector(".alert-danger")
    assert "晚于其后的办理经过“受理”的日期" in page.text_content(".alert-danger")


def test_overdue_days_and_only_possible_events(page, live_server, county) -> None:  # noqa: ANN001
    today = timezone.localdate()
    late = _reconsideration(county, today - datetime.timedelta(days=40))  # acceptance long overdue
    due = Deadline.objects.get(case=late, status="open").due
    days = (today - due).days
    login(page, live_server, "office")
    page.goto(live_server.url + reverse("registers:case_list", args=[REC.key]))
    cell = page.locator("td.case-light").first
    assert cell.inner_text().strip() == f"已逾期{days}天"
    assert "text-danger" in cell.get_attribute("class")
    page.click(f"text={late.number}")
    page.wait_for_selector("#deadlines")
    state = page.locator("#deadlines td.deadline-state").first
    assert state.inner_text().strip() == f"已逾期{days}天" and "进行中" not in state.inner_text()
    buttons = page.locator("#case-actions a.case-event").all_inner_texts()
    assert "受理" in buttons and "恢复审理" not in buttons and "作出复议决定" not in buttons

    # accepted and suspended: 恢复审理 is offered, 受理 no longer
    clerk = Actor.for_user(county.users["clerk"])
    case = RecordEvent(clerk, late, REC, "deem_accepted",  # the review period has run out
                       occurred_on=today - datetime.timedelta(days=30)).execute()
    RecordEvent(clerk, case, REC, "suspend", occurred_on=today - datetime.timedelta(days=20),
                data={"ground": "案件涉及法律适用问题需要有权机关作出解释"}).execute()
    page.reload()
    buttons = page.locator("#case-actions a.case-event").all_inner_texts()
    assert "恢复审理" in buttons and "受理" not in buttons and "中止审理" not in buttons


def test_disclosure_reply_reasons_follow_the_reply_type(page, live_server, county) -> None:  # noqa: ANN001
    reg = get_register("disclosure")
    today = timezone.localdate()
    office = Actor.for_user(county.users["office"])
    case = OpenCase(office, reg, region=county.county, unit=county.units["县政府办公室"], data={
        "started_on": today - datetime.timedelta(days=5), "submitted_on": today - datetime.timedelta(days=5),
        "applicant": "王桂芝", "applicant_type": "person", "channel": "in_person",
        "content": "某村征地补偿安置方案", "form_wanted": "paper"}).execute()
    RecordEvent(office, case, reg, "confirm_receipt", occurred_on=today - datetime.timedelta(days=5)).execute()
    login(page, live_server, "office")
    page.goto(live_server.url + reverse("registers:case_event", args=[reg.key, case.pk, "reply"]))
    reason = page.locator("#id_reply_reason")

    def offered() -> list[str]:
        return reason.evaluate(
            "s => Array.from(s.options).filter(o => !o.hidden && o.value).map(o => o.text)")

    page.select_option("#id_reply_type", "unavailable")
    assert offered() == ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
    page.select_option("#id_reply_type", "withheld")
    assert "属于国家秘密" in offered() and "本机关不掌握相关政府信息" not in offered()
    page.select_option("#id_reply_type", "granted")
    assert offered() == [] and not reason.is_visible()  # nothing to choose: the field is hidden
    page.select_option("#id_reply_type", "withheld")
    page.select_option("#id_reply_reason", "state_secret")
    page.fill("#id_occurred_on", today.isoformat())
    page.click("main button[type=submit]")
    page.wait_for_selector("#case-state:has-text('已答复')")
    assert reg.detail_of(case).reply_reason == "state_secret"


def _county_plan(city: Region, name: str, done: int, late: int) -> None:
    county = Region.objects.create(name=name, level=Region.Level.COUNTY, parent=city)
    year = timezone.localdate().year
    plan = Plan.objects.create(region=county, year=year, title=f"{name}{year}年法治政府建设工作计划")
    section = Section.objects.create(plan=plan, order=1, title="一、加强组织领导")
    for i in range(done + late + 1):
        unit = Unit.objects.create(region=county, name=f"{name}司法局{i}", kind=Unit.Kind.DEPARTMENT)
        task = Task.objects.create(plan=plan, section=section, number=i + 1, text=f"任务{i + 1}",
                                   due_date=datetime.date(year - 1, 6, 30) if done <= i < done + late
                                   else datetime.date(year + 1, 12, 31))
        Assignment.objects.create(task=task, unit=unit, role="lead", is_done=i < done)


def test_city_viewer_reads_its_counties_side_by_side(page, live_server, county) -> None:  # noqa: ANN001
    _county_plan(county.city, "甲县", done=3, late=0)
    _county_plan(county.city, "乙县", done=0, late=2)
    login(page, live_server, "viewer")
    assert page.locator("#home-counties").is_visible()
    assert page.locator("#home-queue").count() == 0  # no 待我处理 for a viewer
    page.click("#nav-plans")
    assert page.locator("#nav-review").count() == 0 and page.locator("#nav-counties").is_visible()
    page.click("#home-compare")
    page.wait_for_selector("#county-columns")
    columns = page.locator(".county-column")
    assert columns.count() == 2
    names = columns.locator(".card-header b").all_inner_texts()
    assert names == ["乙县", "甲县"] or names == ["甲县", "乙县"]
    boxes = [columns.nth(i).bounding_box() for i in range(2)]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2  # side by side at 1366×768
    text = page.text_content("#county-columns")
    assert "75.0%" in text and "2个单位有逾期" in text
    columns.filter(has_text="乙县").locator("a:has-text('完成情况总览')").click()
    page.wait_for_url("**/overview/")


def test_report_page_stops_saying_reading_when_done(page, live_server, county) -> None:  # noqa: ANN001
    batch = ReportBatch.objects.create(owner_region=county.county, file_count=1)
    report = PublishedReport.objects.create(batch=batch, original_name="莘县2025年报告.txt",
                                            status=PublishedReport.Status.PROCESSING)
    login(page, live_server, "office")
    page.goto(live_server.url + reverse("analysis:report_detail", args=[report.pk]))
    assert "正在解读" in page.text_content("main")
    PublishedReport.objects.filter(pk=report.pk).update(
        status=PublishedReport.Status.DONE, text="莘县2025年法治政府建设情况的报告", title="莘县2025年报告")
    page.wait_for_selector("#report-reading", state="detached", timeout=10000)
    assert "正在解读" not in page.text_content("main")
    assert "已完成" in page.text_content("main")
