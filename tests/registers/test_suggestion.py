"""人大代表建议和政协提案登记簿, tested from design/rules.md §7 and
《代表法》第五十一条第二款 (reply within three months of 交办; six months for
wide-ranging or hard matters; contact the 代表 and hear them first).

Holidays: 2025 National Day 10/1–10/8 off; 2026 Spring Festival 2/15–2/23 off,
2/14 and 2/28 (Saturdays) worked.
"""

from __future__ import annotations

import datetime
import random
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
from fazhi.registers.models import Case, Deadline
from fazhi.registers.suggestion import load_demo

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("suggestion")


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def assign(county, on: D, *, source: str = "npc", unit: str = "县市场监管局",  # noqa: ANN001
           co: tuple[str, ...] = (), title: str = "关于加强食品小作坊监管的建议",
           wide: bool = False, number: str = "") -> Case:
    return OpenCase(office(county), REG, region=county.county, unit=county.units[unit], data={
        "number": number, "title": title, "started_on": on, "source": source,
        "proposers": "王建国、李秀英", "session": "县十九届人大三次会议",
        "assigned_by": "县人大常委会代表工作室", "co_units": [county.units[u] for u in co],
        "wide_ranging": wide, "extension_reason": "涉及多个部门，处理难度大" if wide else ""}).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    return RecordEvent(office(county), case, REG, event, occurred_on=on, data=data).execute()


def reply(county, case: Case, on: D, cls: str = "A", **data: Any) -> Case:  # noqa: ANN001
    fields = {"contacted": True, "contact_way": "in_person", "reply_class": cls,
              "reply_number": "莘市监复〔2025〕1号", "reply_summary": "已落实。", **data}
    return act(county, case, "reply", on, **fields)


def clock(case: Case, step: str) -> Deadline:
    return Deadline.objects.get(case=case, step=step, status=Deadline.Status.OPEN)


# ------------------------------------------------------------------ clocks
@pytest.mark.django_db
@pytest.mark.parametrize(("assigned", "due"), [
    # 11/30 + 3 months = 2/28, a worked Saturday in 2026 (调休): stays.
    (D(2025, 11, 30), D(2026, 2, 28)),
    # 8/31 + 3 months = 11/30 (the month has no 31st), a Sunday: the next working day.
    (D(2025, 8, 31), D(2025, 12, 1)),
    # 7/1 + 3 months = 10/1, National Day: rolls past 10/1–10/8 to 10/9.
    (D(2025, 7, 1), D(2025, 10, 9)),
    # 11/20 + 3 months = 2/20, inside the 2026 Spring Festival (2/15–2/23): 2/24.
    (D(2025, 11, 20), D(2026, 2, 24)),
])
def test_a_deputy_is_answered_within_three_months_of_assignment(county, assigned, due) -> None:  # noqa: ANN001
    case = assign(county, assigned)
    deadline = clock(case, "reply")
    assert (deadline.due, deadline.unit, deadline.amount) == (due, "months", 3)
    assert "第五十一条" in deadline.basis and case.next_due == due


@pytest.mark.django_db
def test_wide_ranging_matters_have_six_months_from_assignment(county) -> None:  # noqa: ANN001
    # 4/1 + 6 months = 10/1 → 10/9 after National Day.
    assert clock(assign(county, D(2025, 4, 1), wide=True), "reply").due == D(2025, 10, 9)
    case = assign(county, D(2025, 4, 1))
    assert clock(case, "reply").due == D(2025, 7, 1)
    case = act(county, case, "six_months", D(2025, 5, 6), extension_reason="需协调资金，难度大")
    deadline = clock(case, "reply")
    # Six months from 交办, not from the decision.
    assert (deadline.start, deadline.due, deadline.amount) == (D(2025, 4, 1), D(2025, 10, 9), 6)
    with pytest.raises(ActionRefused, match="已按六个月办理"):
        act(county, case, "six_months", D(2025, 5, 7), extension_reason="再次")
    with pytest.raises(ActionRefused, match="按六个月办理的理由"):
        act(county, assign(county, D(2025, 4, 2)), "six_months", D(2025, 5, 6),
            extension_reason=" ")


@pytest.mark.django_db
def test_proposals_have_their_own_regional_period(county) -> None:  # noqa: ANN001
    RuleSetting.objects.create(process="suggestion", step="reply_proposal", region=county.county,
                               amount=5, unit="months", basis="《莘县政协提案办理办法》第十二条")
    proposal = assign(county, D(2025, 3, 10), source="cppcc", title="关于规范物业管理的提案")
    deadline = clock(proposal, "reply_proposal")
    assert deadline.due == D(2025, 8, 11)  # 8/10 is a Sunday
    assert "莘县政协提案办理办法" in deadline.basis
    # The deputies' three months are not touched by the proposals' setting.
    assert clock(assign(county, D(2025, 3, 10)), "reply").due == D(2025, 6, 10)


# ------------------------------------------------------------------ the reply
@pytest.mark.django_db
def test_the_reply_needs_contact_with_the_deputy_and_a_class(county) -> None:  # noqa: ANN001
    case = assign(county, D(2025, 3, 3))
    with pytest.raises(ActionRefused, match="联系沟通"):
        reply(county, case, D(2025, 5, 6), contacted=False)
    with pytest.raises(ActionRefused, match="C类"):
        reply(county, case, D(2025, 5, 6), cls="C", reply_summary=" ")
    case.refresh_from_db()
    assert case.state == "assigned"
    case = reply(county, case, D(2025, 5, 6), cls="C", reply_summary="受财力所限，列入明年计划。")
    d = REG.detail_of(case)
    assert case.state == "replied" and d.reply_class == "C" and d.replied_on == D(2025, 5, 6)
    met = Deadline.objects.get(case=case, step="reply")
    assert met.status == Deadline.Status.MET and met.done_on == D(2025, 5, 6)


@pytest.mark.django_db
def test_a_late_reply_is_settled_as_missed_with_a_warning(county) -> None:  # noqa: ANN001
    case = assign(county, D(2025, 7, 1))
    action = RecordEvent(office(county), case, REG, "reply", occurred_on=D(2025, 10, 10), data={
        "contacted": True, "reply_class": "B", "reply_summary": "列入计划"})
    action.execute()
    assert any("逾期" in m for m in action.messages)
    assert Deadline.objects.get(case=case, step="reply").status == Deadline.Status.MISSED


# ------------------------------------------------------------------ 协办
@pytest.mark.django_db
def test_co_handling_units_send_their_views_within_their_own_period(county) -> None:  # noqa: ANN001
    case = assign(county, D(2025, 8, 31), co=("县司法局", "县审计局"))
    assert clock(case, "co_opinion").due == D(2025, 9, 30)  # 8/31 + 1 month = 9/30
    with pytest.raises(ActionRefused, match="不是本件的协办单位"):
        act(county, case, "co_opinion", D(2025, 9, 10), co_unit="朝城镇", co_opinion="同意")
    case = act(county, case, "co_opinion", D(2025, 9, 10), co_unit="县司法局", co_opinion="同意")
    assert clock(case, "co_opinion")  # one still to come
    with pytest.raises(ActionRefused, match="已于2025年9月10日送达"):
        act(county, case, "co_opinion", D(2025, 9, 11), co_unit="莘县司法局", co_opinion="再次")
    action = RecordEvent(office(county), case, REG, "reply", occurred_on=D(2025, 10, 9),
                         data={"contacted": True, "reply_class": "A"})
    action.execute()
    assert any("县审计局" in m and "尚未送达" in m for m in action.messages)
    assert Deadline.objects.get(case=case, step="co_opinion").status == Deadline.Status.CANCELLED
    other = assign(county, D(2025, 8, 31), co=("县审计局",))
    act(county, other, "co_opinion", D(2025, 10, 9), co_unit="县审计局", co_opinion="同意")
    settled = Deadline.objects.get(case=other, step="co_opinion")
    assert (settled.status, settled.done_on) == (Deadline.Status.MISSED, D(2025, 10, 9))


@pytest.mark.django_db
def test_the_lead_unit_cannot_be_its_own_co_handler(county) -> None:  # noqa: ANN001
    with pytest.raises(ActionRefused, match="主办单位不能同时列为协办单位"):
        assign(county, D(2025, 3, 3), co=("县市场监管局",))
    with pytest.raises(ActionRefused, match="不属于莘县"):
        assign(county, D(2025, 3, 3), co=("东阿县司法局",))


# ------------------------------------------------------------------ feedback
@pytest.mark.django_db
def test_a_dissatisfied_deputy_has_the_matter_handled_again(county) -> None:  # noqa: ANN001
    case = reply(county, assign(county, D(2025, 11, 3)), D(2025, 12, 15), cls="C",
                 reply_summary="暂不具备条件。")
    with pytest.raises(ActionRefused, match="应当重新研究办理"):
        act(county, case, "feedback", D(2025, 12, 31), feedback="dissatisfied")
    case = act(county, case, "dissatisfied", D(2025, 12, 31), dissatisfied_reason="没有时间表")
    assert case.state == "rehandling"
    # 12/31 + 1 month = 1/31/2026, a Saturday → Monday 2/2.
    assert clock(case, "rehandle").due == D(2026, 2, 2)
    case = reply(county, case, D(2026, 1, 20), cls="B", reply_summary="已列入2026年计划。")
    d = REG.detail_of(case)
    assert case.state == "replied" and d.rehandled and d.rereplied_on == D(2026, 1, 20)
    assert d.replied_on == D(2025, 12, 15) and d.reply_class == "B"
    assert Deadline.objects.get(case=case, step="rehandle").status == Deadline.Status.MET
    # Dissatisfied again after re-handling: recorded and closed (no second round here).
    case = act(county, case, "feedback", D(2026, 1, 26), feedback="dissatisfied")
    assert case.state == "closed" and case.closed_on == D(2026, 1, 26)


@pytest.mark.django_db
def test_a_satisfied_deputy_closes_the_item(county) -> None:  # noqa: ANN001
    case = reply(county, assign(county, D(2025, 3, 3)), D(2025, 5, 6))
    case = act(county, case, "feedback", D(2025, 5, 12), feedback="basically")
    d = REG.detail_of(case)
    assert case.state == "closed" and d.feedback == "basically" and d.feedback_on == D(2025, 5, 12)
    with pytest.raises(ActionRefused, match="终结状态"):
        act(county, case, "dissatisfied", D(2025, 5, 13), dissatisfied_reason="x")


@pytest.mark.django_db
def test_an_item_outside_the_units_duties_goes_back_to_the_assigner(county) -> None:  # noqa: ANN001
    case = act(county, assign(county, D(2025, 3, 3)), "return_to_assigner", D(2025, 3, 6),
               return_reason="属于县交通运输局职责")
    assert case.state == "returned" and case.next_due is None
    assert Deadline.objects.get(case=case, step="reply").done_on == D(2025, 3, 6)


# ------------------------------------------------------------------ figures
@pytest.mark.django_db
def test_figures_by_reply_assignment_and_feedback_dates(county) -> None:  # noqa: ANN001
    a = reply(county, assign(county, D(2025, 3, 3)), D(2025, 5, 6))  # on time, A
    act(county, a, "feedback", D(2025, 5, 12), feedback="satisfied")
    b = reply(county, assign(county, D(2025, 3, 3), source="cppcc"), D(2025, 7, 1), cls="B")  # late
    b = act(county, b, "dissatisfied", D(2025, 7, 8), dissatisfied_reason="未解决")
    b = reply(county, b, D(2025, 7, 30), cls="B")
    act(county, b, "feedback", D(2025, 8, 4), feedback="basically")
    c = reply(county, assign(county, D(2025, 9, 1)), D(2025, 11, 3), cls="C", reply_summary="条件不足")
    act(county, c, "feedback", D(2025, 11, 10), feedback="satisfied")
    assign(county, D(2025, 12, 1))  # not yet answered
    act(county, assign(county, D(2025, 4, 1)), "return_to_assigner", D(2025, 4, 2),
        return_reason="非本单位职责")
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["SUGGESTIONS_HANDLED"].count == 3
    assert figs["SUGGESTIONS_NPC_HANDLED"].count == 2 and figs["SUGGESTIONS_CPPCC_HANDLED"].count == 1
    assert figs["SUGGESTIONS_SOLVED"].count == 1
    assert figs["SUGGESTIONS_REHANDLED"].count == 1
    assert (figs["SUGGESTIONS_REPLY_RATE"].numerator, figs["SUGGESTIONS_REPLY_RATE"].count) == (2, 4)
    assert (figs["SUGGESTIONS_CLOSURE_RATE"].numerator,
            figs["SUGGESTIONS_CLOSURE_RATE"].count) == (3, 4)
    assert (figs["SUGGESTIONS_SATISFACTION_RATE"].numerator,
            figs["SUGGESTIONS_SATISFACTION_RATE"].count) == (3, 3)


# ------------------------------------------------------------------- Excel
def _various(county) -> list[Case]:  # noqa: ANN001
    one = assign(county, D(2025, 3, 3), co=("县司法局", "县审计局"), number="建议〔2025〕1号")
    one = act(county, one, "co_opinion", D(2025, 3, 20), co_unit="县审计局", co_opinion="同意主办意见")
    two = assign(county, D(2025, 3, 4), source="cppcc", co=("县司法局",), wide=True,
                 title="关于规范物业管理的提案")
    two = act(county, two, "co_opinion", D(2025, 3, 25), co_unit="县司法局", co_opinion="配合宣传")
    two = reply(county, two, D(2025, 6, 3), cls="C", reply_summary="暂不能解决")
    two = act(county, two, "dissatisfied", D(2025, 6, 10), dissatisfied_reason="没有时间表")
    two = reply(county, two, D(2025, 7, 1), cls="B", reply_summary="列入计划")
    two = act(county, two, "feedback", D(2025, 7, 8), feedback="satisfied")
    three = act(county, assign(county, D(2025, 3, 5)), "return_to_assigner", D(2025, 3, 7),
                return_reason="非本单位职责")
    return [one, two, three]


def _snapshot(case: Case) -> tuple:
    d = REG.detail_of(case)
    fields = ("source", "proposers", "session", "assigned_by", "wide_ranging", "extension_reason",
              "contacted", "contact_way", "reply_class", "reply_number", "reply_summary",
              "replied_on", "feedback", "feedback_on", "dissatisfied_on", "dissatisfied_reason",
              "rehandled", "rereplied_on", "return_reason")
    co = tuple(sorted((r.unit.short_name, r.opinion_on, r.opinion) for r in d.co_rows.all()))
    deadlines = sorted((x.step, x.start, x.due, x.status) for x in case.deadlines.all()
                       if x.status != Deadline.Status.SUPERSEDED)
    return (case.title, case.started_on, case.state, case.closed_on,
            tuple(getattr(d, f) for f in fields), co, tuple(deadlines))


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    originals = _various(county)
    data = excel.workbook_bytes(REG, Case.objects.filter(register="suggestion").order_by("id"))
    headers = [c.value.rstrip("*") for c in load_workbook(BytesIO(data)).worksheets[0][1]]
    for header in ("编号", "主办单位", "交办日期", "来源", "提出人", "协办单位", "协办意见",
                   "答复类别", "代表（委员）反馈意见", "状态"):
        assert header in headers
    other = county.other_county
    for short in ("县市场监管局", "县审计局"):
        type(county.units["县司法局"]).objects.create(region=other, name=f"东阿{short}",
                                                   short_name=short, kind="department")
    result = excel.import_workbook(REG, data, other, Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="suggestion", region=other, number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.title


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_import(county) -> None:  # noqa: ANN001
    wb = Workbook()
    ws = wb.active
    ws.append(["主办单位", "事由", "交办日期", "来源", "提出人", "已与代表（委员）联系沟通", "答复类别", "答复日期"])
    ws.append(["县司法局", "建议一", "2025-03-03", "人大代表建议", "王建国", "是", "A类（所提问题已经解决或基本解决）",
               "2025-05-06"])
    ws.append(["县司法局", "建议二", "2025-03-03", "人大代表建议", "李秀英", "否", "A", "2025-05-06"])
    buffer = BytesIO()
    wb.save(buffer)
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "联系沟通" in result.errors[0][1]
    assert not Case.objects.filter(register="suggestion").exists()


# ------------------------------------------------------------------- pages
@pytest.mark.django_db
def test_pages_as_the_office_and_a_unit(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _various(county)
    street = assign(county, D(2025, 9, 8), unit="莘亭街道", title="关于莘亭街道老旧小区改造的建议")
    c = Client()
    c.login(username="office", password=PASSWORD)
    page = c.get(reverse("registers:case_list", args=["suggestion"]))
    assert page.status_code == 200 and "老旧小区改造" in page.content.decode()
    detail = c.get(reverse("registers:case_detail", args=["suggestion", street.pk])).content.decode()
    assert "答复代表（委员）" in detail and "办理中" in detail
    one = Case.objects.get(number="建议〔2025〕1号")
    body = c.get(reverse("registers:case_detail", args=["suggestion", one.pk])).content.decode()
    assert "县审计局（已于2025年3月20日送达意见）" in body and "县司法局（未送达意见）" in body
    form = c.get(reverse("registers:case_open", args=["suggestion"])).content.decode()
    assert "主办单位" in form and "协办单位" in form and "东阿县司法局" not in form
    assert f'<option value="{county.units["县审计局"].pk}">' in form  # the county's units listed
    for _ in range(5):
        assign(county, D(2025, 9, 9), co=("县司法局",))
    with django_assert_max_num_queries(20):
        c.get(reverse("registers:case_list", args=["suggestion"]))
    clerk = Client()
    clerk.login(username="town_clerk", password=PASSWORD)
    listing = clerk.get(reverse("registers:case_list", args=["suggestion"])).content.decode()
    assert "老旧小区改造" in listing and "规范物业管理" not in listing


@pytest.mark.django_db
def test_the_co_units_on_the_open_form_are_the_countys(county) -> None:  # noqa: ANN001
    c = Client()
    c.login(username="office", password=PASSWORD)
    response = c.post(reverse("registers:case_open", args=["suggestion"]), {
        "unit": county.units["县市场监管局"].pk, "started_on": "2025-03-03", "title": "建议",
        "source": "npc", "proposers": "王建国",
        "co_units": [county.units["县审计局"].pk, county.units["东阿县司法局"].pk]})
    assert response.status_code == 200 and not Case.objects.filter(register="suggestion").exists()
    response = c.post(reverse("registers:case_open", args=["suggestion"]), {
        "unit": county.units["县市场监管局"].pk, "started_on": "2025-03-03", "title": "建议",
        "source": "npc", "proposers": "王建国", "co_units": [county.units["县审计局"].pk]})
    assert response.status_code == 302
    case = Case.objects.get(register="suggestion")
    assert [r.unit.short_name for r in REG.detail_of(case).co_rows.all()] == ["县审计局"]


# ------------------------------------------------------------------- demo
@pytest.mark.django_db
def test_the_demo_covers_both_years_and_every_state(county) -> None:  # noqa: ANN001
    today = D(2026, 11, 20)
    count = load_demo(county.county, county.units, office(county), today, random.Random(7))
    cases = Case.objects.filter(register="suggestion")
    assert count == cases.count() == 120
    assert {c.started_on.year for c in cases} == {2025, 2026}
    states = set(cases.values_list("state", flat=True))
    assert {"closed", "replied"} <= states
    assert cases.filter(suggestion__rehandled=True).exists()
    assert cases.filter(suggestion__feedback="dissatisfied").exists()
    assert not cases.filter(started_on__year=2025).exclude(state="closed").exclude(
        suggestion__feedback="dissatisfied").exclude(state="rehandling").count() > 3
