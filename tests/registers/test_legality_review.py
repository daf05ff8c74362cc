"""合法性审查登记簿, tested from design/rules.md §4–§5 and 《重大行政决策程序暂行条例》
第二十五条至第二十八条.

2025 holidays (国办发明电〔2024〕12号): National Day and Mid-autumn 10/1–10/8 off,
9/28 (Sunday) and 10/11 (Saturday) worked.
"""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.procedures.models import RuleSetting
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.legality_review import open_review, review_status
from fazhi.registers.models import Case, CaseEvent, Deadline

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("legality_review")


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def send(county, sent: D, *, kind: str = "agreement", unit: str = "朝城镇",  # noqa: ANN001
         title: str = "朝城镇土地经营权流转合同", number: str = "") -> Case:
    return OpenCase(office(county), REG, region=county.county, unit=county.units[unit], data={
        "number": number, "title": title, "started_on": sent, "matter_kind": kind,
        "reviewer_kind": "justice_office", "reviewer_name": "朝城司法所"}).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    return RecordEvent(office(county), case, REG, event, occurred_on=on, data=data).execute()


def clock(case: Case) -> Deadline:
    return Deadline.objects.get(case=case, status=Deadline.Status.OPEN)


# ------------------------------------------------------------------ clocks
@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "due", "amount"), [
    # 5 WD: 9/28 (worked Sunday), 9/29, 9/30, then 10/9, 10/10 after the holiday.
    ("normative_document", D(2025, 10, 10), 5),
    ("agreement", D(2025, 10, 10), 5),
    # 条例 art. 26②, at least 7 WD: + 10/11 (worked Saturday) and 10/13.
    ("major_decision", D(2025, 10, 13), 7),
])
def test_the_opinion_clock_counts_working_days_by_kind_of_matter(county, kind, due, amount) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 26), kind=kind)
    deadline = clock(case)
    assert (deadline.due, deadline.unit, deadline.amount) == (due, "WD", amount)
    assert case.state == "received" and case.next_due == due


@pytest.mark.django_db
def test_a_county_sets_its_own_review_period(county) -> None:  # noqa: ANN001
    RuleSetting.objects.create(process="legality_review", step="opinion_agreement",
                               region=county.county, amount=7, unit="WD",
                               basis="《莘县行政机关合同管理办法》第十条")
    deadline = clock(send(county, D(2025, 9, 26)))
    assert deadline.due == D(2025, 10, 13)
    assert "莘县行政机关合同管理办法" in deadline.basis


@pytest.mark.django_db
def test_supplement_stops_the_clock_and_its_receipt_restarts_the_whole_period(county) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 22))
    case = act(county, case, "request_supplement", D(2025, 9, 24),
               supplement_items="补充合同相对方的资质证明")
    assert case.state == "supplement_requested" and case.next_due is None
    assert not Deadline.objects.filter(case=case, status=Deadline.Status.OPEN).exists()
    case = act(county, case, "supplement_received", D(2025, 9, 26))
    assert clock(case).start == D(2025, 9, 26) and clock(case).due == D(2025, 10, 10)
    case = act(county, case, "opinion", D(2025, 10, 9), opinion="lawful")
    d = REG.detail_of(case)
    # Working days from the supplement's receipt: 9/28, 9/29, 9/30, 10/9.
    assert d.working_days_taken == 4 and d.supplement_received_on == D(2025, 9, 26)
    assert Deadline.objects.get(case=case, step="opinion_agreement",
                                status=Deadline.Status.MET).done_on == D(2025, 10, 9)


@pytest.mark.django_db
def test_supplement_request_needs_the_items(county) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 22))
    c = Client()
    c.login(username="office", password=PASSWORD)
    url = reverse("registers:case_event", args=["legality_review", case.pk, "request_supplement"])
    response = c.post(url, {"occurred_on": "2025-09-24", "supplement_items": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "received"


# ------------------------------------------------------------------ the opinion
@pytest.mark.django_db
@pytest.mark.parametrize("opinion", ["lawful_after_changes", "unlawful"])
def test_an_opinion_that_asks_for_changes_must_give_its_reasons(county, opinion) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 22))
    with pytest.raises(ActionRefused, match="应当写明理由"):
        act(county, case, "opinion", D(2025, 9, 25), opinion=opinion, opinion_reasons="  ")
    case.refresh_from_db()
    assert case.state == "received" and REG.detail_of(case).opinion == ""
    case = act(county, case, "opinion", D(2025, 9, 25), opinion=opinion,
               opinion_reasons="违约责任约定不对等，建议修改第八条。")
    assert case.state == "opined" and REG.detail_of(case).opinion == opinion


@pytest.mark.django_db
def test_a_late_opinion_is_settled_as_missed_with_a_warning(county) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 26))
    action = RecordEvent(office(county), case, REG, "opinion", occurred_on=D(2025, 10, 14),
                         data={"opinion": "lawful"})
    action.execute()
    assert any("逾期" in m for m in action.messages)
    assert Deadline.objects.get(case=case, step="opinion_agreement").status == Deadline.Status.MISSED


@pytest.mark.django_db
def test_a_major_decision_review_without_counsel_is_warned(county) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 1), kind="major_decision", unit="县政府办公室",
                title="莘县城区供热价格调整方案")
    action = RecordEvent(office(county), case, REG, "opinion", occurred_on=D(2025, 9, 10),
                         data={"opinion": "lawful", "counsel_consulted": False})
    action.execute()
    assert any("第二十八条" in m for m in action.messages)


@pytest.mark.django_db
def test_adoption_closes_the_review(county) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 1))
    case = act(county, case, "opinion", D(2025, 9, 4), opinion="lawful_after_changes",
               opinion_reasons="修改第八条")
    with pytest.raises(ActionRefused):
        act(county, case, "adoption", D(2025, 9, 5), adoption="")
    case = act(county, case, "adoption", D(2025, 9, 8), adoption="adopted",
               adoption_note="已按意见修改第八条")
    assert case.state == "closed" and case.closed_on == D(2025, 9, 8)


@pytest.mark.django_db
def test_events_cannot_predate_the_previous_step(county) -> None:  # noqa: ANN001
    case = send(county, D(2025, 9, 1))
    case = act(county, case, "opinion", D(2025, 9, 4), opinion="lawful")
    with pytest.raises(ActionRefused, match="不能早于"):
        act(county, case, "adoption", D(2025, 9, 3), adoption="adopted")


# ------------------------------------------------------------- the shared step
@pytest.mark.django_db
def test_another_register_opens_a_review_and_reads_the_opinion_back(county) -> None:  # noqa: ANN001
    source = OpenCase(office(county), get_register("reconsideration"), region=county.county,
                      unit=county.units["县司法局"], data={
                          "title": "不服罚款决定", "started_on": D(2025, 9, 1), "applicant": "王建国",
                          "applicant_type": "person", "respondent": "县市场监管局",
                          "contested_act": "行政处罚决定", "channel": "post",
                          "procedure": "ordinary"}).execute()
    assert review_status(source).label == "未送审" and not review_status(source).done
    review = open_review(office(county), source, matter_kind="other", sent_on=D(2025, 9, 2),
                         reviewer_kind="justice_bureau")
    status = review_status(source)
    assert status.opened and not status.done and status.label == "审查中"
    assert status.sent_on == D(2025, 9, 2) and status.case == review
    assert review.unit == source.unit and REG.detail_of(review).source_case == source
    act(county, review, "opinion", D(2025, 9, 5), opinion="unlawful", opinion_reasons="超越职权")
    status = review_status(source)
    assert status.done and status.found_unlawful and not status.passed
    note = CaseEvent.objects.get(case=source, kind="review_opinion")
    assert note.label == "收到合法性审查意见：不合法" and note.from_state == note.to_state
    # A withdrawn review does not count; a new one is opened and passes.
    second = open_review(office(county), source, matter_kind="other", sent_on=D(2025, 9, 8),
                         reviewer_kind="justice_bureau")
    assert not review_status(source).done
    act(county, second, "opinion", D(2025, 9, 10), opinion="lawful")
    assert review_status(source).passed


# ------------------------------------------------------------------ figures
@pytest.mark.django_db
def test_figures_count_by_the_date_of_the_opinion(county) -> None:  # noqa: ANN001
    a = send(county, D(2025, 3, 3), kind="normative_document", unit="县政府办公室", title="规范性文件一")
    act(county, a, "opinion", D(2025, 3, 6), opinion="lawful")  # on time
    b = send(county, D(2025, 3, 3), unit="朝城镇")
    act(county, b, "opinion", D(2025, 3, 20), opinion="lawful_after_changes",
        opinion_reasons="修改")  # late
    act(county, b, "adoption", D(2025, 3, 21), adoption="adopted")
    c = send(county, D(2025, 4, 1), unit="莘亭街道")
    act(county, c, "opinion", D(2025, 4, 2), opinion="unlawful", opinion_reasons="违法")
    act(county, c, "adoption", D(2025, 4, 3), adoption="not_adopted")
    send(county, D(2025, 12, 29), unit="朝城镇")  # no opinion yet: not counted
    d = send(county, D(2024, 12, 30), unit="朝城镇")
    act(county, d, "opinion", D(2025, 1, 2), opinion="lawful")  # placed in 2025 by its opinion
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["LEGALITY_REVIEWS"].count == 4
    assert figs["NORMATIVE_DOCS_LEGALITY_REVIEWED"].count == 1
    assert figs["LEGALITY_REVIEW_AGREEMENTS"].count == 3
    assert figs["TOWN_LEGALITY_REVIEWS"].count == 3
    assert figs["TOWN_REVIEW_COVERAGE"].count == 2  # 朝城镇, 莘亭街道
    assert figs["LEGALITY_REVIEW_CORRECTED"].count == 2
    assert (figs["LEGALITY_REVIEW_ONTIME_RATE"].numerator,
            figs["LEGALITY_REVIEW_ONTIME_RATE"].count) == (3, 4)
    assert (figs["LEGALITY_REVIEW_ADOPTION_RATE"].numerator,
            figs["LEGALITY_REVIEW_ADOPTION_RATE"].count) == (1, 2)


# ------------------------------------------------------------------- Excel
def _various(county) -> list[Case]:  # noqa: ANN001
    one = send(county, D(2025, 9, 1), unit="县司法局", title="县司法局法律服务采购合同")
    two = send(county, D(2025, 9, 2), unit="县司法局", kind="other", title="执法事项清单调整")
    two = act(county, two, "request_supplement", D(2025, 9, 3), supplement_items="补充依据")
    two = act(county, two, "supplement_received", D(2025, 9, 5))
    two = act(county, two, "opinion", D(2025, 9, 10), opinion="lawful_after_changes",
              opinion_reasons="删除第三项", opinion_number="莘司审〔2025〕2号", counsel_consulted=True)
    two = act(county, two, "adoption", D(2025, 9, 12), adoption="partly", adoption_note="部分修改")
    three = send(county, D(2025, 9, 3), unit="县司法局", title="撤回的合同")
    three = act(county, three, "withdraw", D(2025, 9, 4), withdrawal_reason="项目取消")
    return [one, two, three]


def _snapshot(case: Case) -> tuple:
    d = REG.detail_of(case)
    fields = ("matter_kind", "reviewer_kind", "reviewer_name", "supplement_items",
              "supplement_requested_on", "supplement_received_on", "opinion", "opinion_on",
              "opinion_reasons", "opinion_number", "counsel_consulted", "working_days_taken",
              "adoption", "adoption_note", "withdrawal_reason")
    deadlines = sorted((x.step, x.start, x.due, x.status) for x in case.deadlines.all())
    return (case.title, case.started_on, case.state, case.closed_on,
            tuple(getattr(d, f) for f in fields), tuple(deadlines))


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    originals = _various(county)
    data = excel.workbook_bytes(REG, Case.objects.filter(register="legality_review").order_by("id"))
    headers = [c.value.rstrip("*") for c in load_workbook(BytesIO(data)).worksheets[0][1]]
    for header in ("编号", "送审单位", "收到送审材料日期", "审查事项类别", "审查意见", "出具意见日期",
                   "采纳情况", "状态"):
        assert header in headers
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="legality_review", region=county.other_county,
                                number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.title


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_import(county) -> None:  # noqa: ANN001
    wb = Workbook()
    ws = wb.active
    ws.append(["送审单位", "事由", "收到送审材料日期", "审查事项类别", "审查机构", "审查意见", "出具意见日期"])
    ws.append(["县司法局", "合同一", "2025-09-01", "行政协议（合同）", "司法局", "合法", "2025-09-03"])
    ws.append(["县司法局", "合同二", "2025-09-01", "行政协议（合同）", "司法局", "不合法", "2025-09-03"])
    buffer = BytesIO()
    wb.save(buffer)
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "理由" in result.errors[0][1]
    assert not Case.objects.filter(register="legality_review").exists()


# ------------------------------------------------------------------- pages
@pytest.mark.django_db
def test_pages_as_the_office_and_a_town(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _various(county)
    town = send(county, D(2025, 9, 8), unit="莘亭街道", title="莘亭街道保洁服务合同")
    c = Client()
    c.login(username="office", password=PASSWORD)
    page = c.get(reverse("registers:case_list", args=["legality_review"]))
    assert page.status_code == 200 and "莘亭街道保洁服务合同" in page.content.decode()
    detail = c.get(reverse("registers:case_detail", args=["legality_review", town.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200 and "出具审查意见" in body and "审查中" in body
    for _ in range(5):
        send(county, D(2025, 9, 9))
    with django_assert_max_num_queries(20):
        c.get(reverse("registers:case_list", args=["legality_review"]))
    town_clerk = Client()
    town_clerk.login(username="town_clerk", password=PASSWORD)
    listing = town_clerk.get(reverse("registers:case_list", args=["legality_review"])).content.decode()
    assert "莘亭街道保洁服务合同" in listing and "县司法局法律服务采购合同" not in listing
