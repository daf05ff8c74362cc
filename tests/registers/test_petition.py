"""信访登记簿, tested from design/rules.md §8 and the text of 《信访工作条例》(2022):
第二十三条 (15 days to tell the petitioner; 5 working days to object to an
assignment outside one's duties), 第三十一条 (claims routed to their legal
channel; only 第六项 matters handled here), 第三十二条 (what the 信访处理意见书
states), 第三十四条 (60 days from 受理, once extended by at most 30), 第三十五条
(复查: 30 days to ask, 30 to decide), 第三十六条 (复核: the same, a hearing's time
not counted).

Periods of 日 are calendar days (start day not counted; a last day on a rest
day moves to the next working day, 民法典第二百零一条至第二百零三条); 5个工作日 skip
holidays and count 调休 Saturdays. Holidays: 2025 National Day 10/1–10/8 off,
9/28 (Sunday) and 10/11 (Saturday) worked; 2026 Spring Festival 2/15–2/23 off,
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
from fazhi.org.models import Unit
from fazhi.registers import excel, reminders
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.models import Case, Deadline, Notification
from fazhi.registers.petition import load_demo

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("petition")
S = Deadline.Status


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def register(county, on: D, *, source: str = "direct", category: str = "claim",  # noqa: ANN001
             unit: str = "县司法局", number: str = "", unclear: bool = False,
             title: str = "反映拖欠工程款问题") -> Case:
    return OpenCase(office(county), REG, region=county.county, unit=county.units[unit], data={
        "number": number, "title": title, "started_on": on, "petitioner": "王建国",
        "headcount": 1, "address": "莘县莘亭街道", "identity_unclear": unclear, "form": "letter",
        "source": source, "assigned_by": "县信访局" if source == "assigned" else "",
        "category": category, "content": "某公司拖欠工程款，请求依法处理。"}).execute()


def act(county, case: Case, event: str, on: D, actor: Actor | None = None,  # noqa: ANN001
        **data: Any) -> Case:
    return RecordEvent(actor or office(county), case, REG, event, occurred_on=on,
                       data=data).execute()


def accept(county, case: Case, on: D) -> Case:  # noqa: ANN001
    return act(county, case, "accept", on, route="6")


OPINION = {"opinion": "explain", "opinion_number": "莘司信意〔2025〕1号",
           "opinion_request": "要求支付工程款", "opinion_facts": "经调查，合同纠纷尚未结算",
           "opinion_text": "请求事由合理但缺乏法律依据，作出解释说明", "opinion_basis": "《民法典》第五百零九条"}


def conclude(county, case: Case, on: D, **data: Any) -> Case:  # noqa: ANN001
    return act(county, case, "conclude", on, **{**OPINION, **data})


def clock(case: Case, step: str) -> Deadline:
    return Deadline.objects.get(case=case, step=step, status=S.OPEN)


def detail(case: Case) -> Any:
    return REG.detail_of(case)


# ------------------------------------------------------- 第二十三条: tell within 15 days
@pytest.mark.django_db
@pytest.mark.parametrize(("source", "step", "received", "due"), [
    # 9/20 + 15 = 10/5, inside National Day (10/1–10/8): the next working day, 10/9.
    ("direct", "notice", D(2025, 9, 20), D(2025, 10, 9)),
    # 1/31 + 15 = 2/15, the first day of the 2026 Spring Festival (2/15–2/23): 2/24.
    ("assigned", "notice_assigned", D(2026, 1, 31), D(2026, 2, 24)),
    # 11/15 + 15 = 11/30, a Sunday: Monday 12/1.
    ("direct", "notice", D(2025, 11, 15), D(2025, 12, 1)),
    # 2/13 + 15 = 2/28, a Saturday worked in 2026 (调休): it stays.
    ("assigned", "notice_assigned", D(2026, 2, 13), D(2026, 2, 28)),
])
def test_the_petitioner_is_told_within_15_days_of_receipt(county, source, step, received, due) -> None:  # noqa: ANN001
    case = register(county, received, source=source)
    deadline = clock(case, step)
    assert (deadline.due, deadline.unit, deadline.amount) == (due, "CD", 15)
    assert "第二十三条" in deadline.basis and case.next_due == due


@pytest.mark.django_db
def test_no_notice_period_when_name_and_address_are_unclear(county) -> None:  # noqa: ANN001
    action = OpenCase(office(county), REG, region=county.county, unit=county.units["县司法局"], data={
        "title": "匿名来信", "started_on": D(2025, 3, 3), "petitioner": "匿名", "form": "letter",
        "source": "direct", "category": "claim", "content": "反映问题", "identity_unclear": True})
    case = action.execute()
    assert not case.deadlines.exists() and "第二十三条第二款" in action.messages[0]
    with pytest.raises(ActionRefused, match="直接提出"):
        register(county, D(2025, 3, 3), source="assigned", unclear=True)


@pytest.mark.django_db
def test_a_late_notice_is_settled_as_missed_with_a_warning(county) -> None:  # noqa: ANN001
    case = register(county, D(2025, 9, 20))
    action = RecordEvent(office(county), case, REG, "accept", occurred_on=D(2025, 10, 10),
                         data={"route": "6"})
    case = action.execute()
    settled = Deadline.objects.get(case=case, step="notice")
    assert (settled.status, settled.done_on) == (S.MISSED, D(2025, 10, 10))
    assert "2025年10月9日届满" in action.messages[0]
    assert detail(case).notified_on == detail(case).accepted_on == D(2025, 10, 10)


# --------------------------------------- 第二十三条第三款: object within 5 working days
@pytest.mark.django_db
@pytest.mark.parametrize(("received", "due"), [
    # Fri 9/26: 9/28 (worked Sunday) 1, 9/29 2, 9/30 3, [10/1–10/8 off], 10/9 4, 10/10 5.
    (D(2025, 9, 26), D(2025, 10, 10)),
    # Wed 2/11: 2/12 1, 2/13 2, 2/14 (worked Saturday) 3, [2/15–2/23 off], 2/24 4, 2/25 5.
    (D(2026, 2, 11), D(2026, 2, 25)),
])
def test_an_assignment_outside_the_units_duties_is_objected_to_within_5_working_days(
        county, received, due) -> None:  # noqa: ANN001
    case = register(county, received, source="assigned")
    assert detail(case).objection_due == due
    # The limit is shown, not a reminder on every assigned matter.
    assert not Deadline.objects.filter(case=case, step="objection").exists()
    case = act(county, case, "object", due, objection_reason="属于镇人民政府职权范围")
    settled = Deadline.objects.get(case=case, step="objection")
    assert (settled.due, settled.status, settled.unit) == (due, S.MET, "WD")
    assert case.state == "objected"


@pytest.mark.django_db
def test_objections_late_unexplained_or_to_a_direct_petition(county) -> None:  # noqa: ANN001
    direct = register(county, D(2025, 9, 26))
    with pytest.raises(ActionRefused, match="转送、交办的信访事项才"):
        act(county, direct, "object", D(2025, 9, 29), objection_reason="不属于本单位职责")
    assigned = register(county, D(2025, 9, 26), source="assigned")
    with pytest.raises(ActionRefused, match="详细说明理由"):
        act(county, assigned, "object", D(2025, 9, 29))
    action = RecordEvent(office(county), assigned, REG, "object", occurred_on=D(2025, 10, 13),
                         data={"objection_reason": "不属于本单位职责"})
    late = action.execute()
    assert Deadline.objects.get(case=late, step="objection").status == S.MISSED
    assert "2025年10月10日届满" in action.messages[0]


@pytest.mark.django_db
def test_the_assigners_answer_to_an_objection(county) -> None:  # noqa: ANN001
    agreed = register(county, D(2025, 3, 3), source="assigned")
    agreed = act(county, agreed, "object", D(2025, 3, 5), objection_reason="属于镇政府职责")
    agreed = act(county, agreed, "objection_agreed", D(2025, 3, 10))
    assert agreed.state == "returned" and agreed.closed_on == D(2025, 3, 10)
    assert Deadline.objects.get(case=agreed, step="notice_assigned").status == S.CANCELLED
    refused = register(county, D(2025, 3, 3), source="assigned")
    refused = act(county, refused, "object", D(2025, 3, 5), objection_reason="属于镇政府职责")
    refused = act(county, refused, "objection_refused", D(2025, 3, 10))
    assert refused.state == "received" and clock(refused, "notice_assigned").due == D(2025, 3, 18)


# ------------------------------------------------ 第三十一条: routed or handled here
@pytest.mark.django_db
def test_claims_for_a_legal_channel_are_routed_not_handled(county) -> None:  # noqa: ANN001
    case = register(county, D(2025, 3, 3))
    with pytest.raises(ActionRefused, match="导入相应程序"):
        act(county, case, "accept", D(2025, 3, 5), route="4")
    with pytest.raises(ActionRefused, match="信访处理意见书"):
        act(county, case, "route", D(2025, 3, 5), route="6", route_body="县司法局")
    case = act(county, case, "route", D(2025, 3, 5), route="2", route_body="县劳动人事争议仲裁委员会")
    assert case.state == "routed" and case.closed_on == D(2025, 3, 5)
    assert Deadline.objects.get(case=case, step="notice").status == S.MET
    assert not Deadline.objects.filter(case=case, step="handling").exists()
    # No 信访处理意见书 for a routed matter (第三十一条).
    with pytest.raises(ActionRefused, match="终结状态"):
        conclude(county, case, D(2025, 3, 20))


@pytest.mark.django_db
def test_suggestions_and_accusations_are_not_claims(county) -> None:  # noqa: ANN001
    suggestion = register(county, D(2025, 3, 3), category="suggestion")
    with pytest.raises(ActionRefused, match="申诉求决类"):
        accept(county, suggestion, D(2025, 3, 5))
    suggestion = act(county, suggestion, "accept_suggestion", D(2025, 3, 5))
    suggestion = act(county, suggestion, "reply_suggestion", D(2025, 4, 20), adoption="partly",
                     reply_summary="部分采纳")
    assert suggestion.state == "replied"
    accusation = register(county, D(2025, 3, 3), category="accusation")
    with pytest.raises(ActionRefused, match="申诉求决类"):
        act(county, accusation, "route", D(2025, 3, 5), route="1", route_body="县人民法院")
    with pytest.raises(ActionRefused, match="建议意见类"):
        act(county, accusation, "accept_suggestion", D(2025, 3, 5))
    accusation = act(county, accusation, "transfer", D(2025, 3, 5), transfer_to="县纪委监委")
    assert accusation.state == "transferred"


def _reconsideration(county, unit: str = "县司法局", region=None, actor=None) -> Case:  # noqa: ANN001
    return OpenCase(actor or office(county), get_register("reconsideration"),
                    region=region or county.county, unit=county.units[unit], data={
                        "number": "", "title": "不服罚款决定", "started_on": D(2025, 3, 3),
                        "applicant": "王建国", "applicant_type": "person", "respondent": "县市场监管局",
                        "contested_act": "行政处罚决定", "act_kind": "penalty", "channel": "post",
                        "procedure": "ordinary", "needs_correction": False}).execute()


@pytest.mark.django_db
def test_a_routed_claim_links_the_case_in_our_register_that_the_recorder_may_see(county) -> None:  # noqa: ANN001
    recon = _reconsideration(county)
    case = register(county, D(2025, 3, 4), unit="莘亭街道")
    route = {"route": "4", "route_body": "县人民政府（行政复议）", "linked_register": "reconsideration"}
    with pytest.raises(ActionRefused, match="没有您可以查看的编号为“莘县复受〔2025〕99号”"):
        act(county, case, "route", D(2025, 3, 6), linked_number="莘县复受〔2025〕99号", **route)
    # The street's clerk cannot see the 司法局's reconsideration case: not linkable by them.
    town = Actor.for_user(county.users["town_clerk"])
    with pytest.raises(ActionRefused, match="没有您可以查看的"):
        act(county, case, "route", D(2025, 3, 6), town, linked_number=recon.number, **route)
    with pytest.raises(ActionRefused, match="请选择案件所在的登记簿"):
        act(county, case, "route", D(2025, 3, 6), linked_number=recon.number, route="4",
            route_body="县人民政府")
    case = act(county, case, "route", D(2025, 3, 6), linked_number=recon.number, **route)
    assert detail(case).linked_case == recon
    rows = dict(REG.detail_rows(detail(case)))
    assert rows["关联案件"] == f"{recon.number}（行政复议登记簿，不服罚款决定）"


# ------------------------------------------------------ 第三十四条: 60 (+30) days
@pytest.mark.django_db
@pytest.mark.parametrize(("accepted", "due"), [
    # 8/2 + 60 = 10/1, National Day: 10/9.
    (D(2025, 8, 2), D(2025, 10, 9)),
    # 12/31 + 60 = 3/1/2026, a Sunday (month ends: 31 + 28 + 1): Monday 3/2.
    (D(2025, 12, 31), D(2026, 3, 2)),
    # 12/20 + 60 = 2/18/2026, inside the Spring Festival: 2/24.
    (D(2025, 12, 20), D(2026, 2, 24)),
])
def test_a_residual_matter_is_concluded_within_60_days_of_acceptance(county, accepted, due) -> None:  # noqa: ANN001
    case = accept(county, register(county, accepted - datetime.timedelta(days=2)), accepted)
    deadline = clock(case, "handling")
    assert (deadline.start, deadline.due, deadline.amount) == (accepted, due, 60)
    assert "第三十四条" in deadline.basis


@pytest.mark.django_db
def test_the_extension_once_at_most_30_days_approved_and_told(county) -> None:  # noqa: ANN001
    case = accept(county, register(county, D(2025, 7, 31)), D(2025, 8, 2))
    ext = {"extension_approver": "李局长", "extension_reason": "涉及多个部门", "extension_told_on": D(2025, 9, 26)}
    with pytest.raises(ActionRefused, match="最多为30日"):
        act(county, case, "extend", D(2025, 9, 25), extension_days=31, **ext)
    with pytest.raises(ActionRefused, match="延期理由"):
        act(county, case, "extend", D(2025, 9, 25), extension_days=20, extension_approver="李局长",
            extension_told_on=D(2025, 9, 26))
    with pytest.raises(ActionRefused, match="不能早于批准"):
        act(county, case, "extend", D(2025, 9, 25), **{**ext, "extension_told_on": D(2025, 9, 24)})
    # 8/2 + 60 + 20 = 10/21 (a Tuesday).
    case = act(county, case, "extend", D(2025, 9, 25), extension_days=20, **ext)
    deadline = clock(case, "handling")
    assert (deadline.due, deadline.amount, deadline.extended) == (D(2025, 10, 21), 80, True)
    assert Deadline.objects.filter(case=case, step="handling", status=S.SUPERSEDED).count() == 1
    with pytest.raises(ActionRefused, match="只能延长一次"):
        act(county, case, "extend", D(2025, 10, 10), extension_days=5, **ext)
    late = accept(county, register(county, D(2025, 7, 31)), D(2025, 8, 2))
    with pytest.raises(ActionRefused, match="2025年10月9日届满"):
        act(county, late, "extend", D(2025, 10, 10), **ext)
    # Left blank: the maximum, 30 days (8/2 + 90 = 10/31).
    full = act(county, accept(county, register(county, D(2025, 7, 31)), D(2025, 8, 2)), "extend",
               D(2025, 10, 9), **{**ext, "extension_told_on": D(2025, 10, 9)})
    assert clock(full, "handling").due == D(2025, 10, 31)


@pytest.mark.django_db
def test_the_opinion_states_what_article_32_asks(county) -> None:  # noqa: ANN001
    case = accept(county, register(county, D(2025, 3, 3)), D(2025, 3, 5))
    with pytest.raises(ActionRefused, match="第三十二条"):
        conclude(county, case, D(2025, 4, 20), opinion_basis="")
    with pytest.raises(ActionRefused, match="不能早于出具日期"):
        conclude(county, case, D(2025, 4, 20), delivered_on=D(2025, 4, 19))
    case = conclude(county, case, D(2025, 4, 20), delivered_on=D(2025, 4, 22))
    assert case.state == "concluded" and case.closed_on is None
    assert Deadline.objects.get(case=case, step="handling").status == S.MET
    # 复查 may be asked within 30 days of receiving it: 4/22 + 30 = 5/22.
    assert detail(case).review_request_due == D(2025, 5, 22)
    late = accept(county, register(county, D(2025, 3, 3)), D(2025, 3, 5))
    # 3/5 + 60 = 5/4, inside the Labour Day holiday (5/1–5/5): the period ends on 5/6.
    assert clock(late, "handling").due == D(2025, 5, 6)
    action = RecordEvent(office(county), late, REG, "conclude", occurred_on=D(2025, 5, 7), data=OPINION)
    action.execute()
    assert Deadline.objects.get(case=late, step="handling").status == S.MISSED
    assert "2025年5月6日届满" in action.messages[0]


# ---------------------------------------------------- 第三十五条、第三十六条: 复查、复核
@pytest.mark.django_db
def test_review_asked_within_30_days_of_receiving_the_opinion(county) -> None:  # noqa: ANN001
    case = accept(county, register(county, D(2025, 12, 1)), D(2025, 12, 3))
    # Received 1/16/2026: + 30 = 2/15, the Spring Festival: the period ends on 2/24.
    case = conclude(county, case, D(2026, 1, 14), delivered_on=D(2026, 1, 16))
    assert detail(case).review_request_due == D(2026, 2, 24)
    with pytest.raises(ActionRefused, match="30日内请求复查"):
        act(county, case, "request_review", D(2026, 2, 26), review_body="莘县人民政府",
            review_submitted_on=D(2026, 2, 25))
    with pytest.raises(ActionRefused, match="届满后才能"):
        act(county, case, "close", D(2026, 2, 24))
    asked = act(county, case, "request_review", D(2026, 2, 26), review_body="莘县人民政府",
                review_submitted_on=D(2026, 2, 24))
    # The 复查机关 decides within 30 days of receiving the request: 2/26 + 30 = 3/28 (a Saturday) → 3/30.
    assert asked.state == "reviewing" and clock(asked, "review").due == D(2026, 3, 30)


@pytest.mark.django_db
def test_closed_after_the_request_period_runs_out(county) -> None:  # noqa: ANN001
    case = accept(county, register(county, D(2025, 8, 1)), D(2025, 8, 4))
    case = conclude(county, case, D(2025, 9, 8))  # received the same day: + 30 = 10/8 → 10/9
    assert detail(case).review_request_due == D(2025, 10, 9)
    with pytest.raises(ActionRefused, match="届满后才能"):
        act(county, case, "close", D(2025, 10, 9))
    case = act(county, case, "close", D(2025, 10, 10))
    assert case.state == "closed" and case.closed_on == D(2025, 10, 10)


@pytest.mark.django_db
def test_recheck_period_leaves_out_the_hearing(county) -> None:  # noqa: ANN001
    case = accept(county, register(county, D(2025, 6, 2)), D(2025, 6, 3))
    case = conclude(county, case, D(2025, 7, 15))
    case = act(county, case, "request_review", D(2025, 8, 1), review_body="莘县人民政府")
    case = act(county, case, "review_opinion", D(2025, 8, 25), review_result="upheld",
               review_delivered_on=D(2025, 9, 5))
    assert Deadline.objects.get(case=case, step="review").status == S.MET
    # 复核 asked within 30 days of receiving the 复查意见: 9/5 + 30 = 10/5 → 10/9.
    assert detail(case).recheck_request_due == D(2025, 10, 9)
    case = act(county, case, "request_recheck", D(2025, 11, 3), recheck_body="聊城市人民政府",
               recheck_submitted_on=D(2025, 10, 9))
    assert clock(case, "recheck").due == D(2025, 12, 3)  # 11/3 + 30
    with pytest.raises(ActionRefused, match="听证结束之前"):
        act(county, case, "recheck_hearing", D(2025, 11, 20), hearing_decided_on=D(2025, 11, 21))
    # Decided 11/10, ended 11/20: 10 days not counted; 11/13 + 30 = 12/13 (Saturday) → 12/15.
    case = act(county, case, "recheck_hearing", D(2025, 11, 20), hearing_decided_on=D(2025, 11, 10))
    deadline = clock(case, "recheck")
    assert (deadline.start, deadline.due) == (D(2025, 11, 13), D(2025, 12, 15))
    assert "听证所需时间10日" in deadline.explanation and "2025年11月3日" in deadline.explanation
    with pytest.raises(ActionRefused, match="已登记复核听证"):
        act(county, case, "recheck_hearing", D(2025, 11, 25), hearing_decided_on=D(2025, 11, 21))
    action = RecordEvent(office(county), case, REG, "recheck_opinion", occurred_on=D(2025, 12, 12),
                         data={"recheck_result": "upheld"})
    case = action.execute()
    assert case.state == "rechecked" and case.closed_on == D(2025, 12, 12)
    assert "不再受理" in action.messages[-1]
    assert Deadline.objects.get(case=case, step="recheck", status=S.MET).due == D(2025, 12, 15)


@pytest.mark.django_db
def test_recheck_asked_too_late_is_refused(county) -> None:  # noqa: ANN001
    case = accept(county, register(county, D(2025, 6, 2)), D(2025, 6, 3))
    case = conclude(county, case, D(2025, 7, 15))
    case = act(county, case, "request_review", D(2025, 8, 1), review_body="莘县人民政府")
    case = act(county, case, "review_opinion", D(2025, 8, 25), review_result="upheld")
    assert detail(case).recheck_request_due == D(2025, 9, 24)  # 8/25 + 30
    with pytest.raises(ActionRefused, match="30日内请求复核"):
        act(county, case, "request_recheck", D(2025, 9, 25), recheck_body="聊城市人民政府")


# ------------------------------------------------------------------- reminders
@pytest.mark.django_db
def test_reminders_pick_up_petition_deadlines_but_not_the_petitioners_own(county) -> None:  # noqa: ANN001
    case = register(county, D(2025, 9, 20))  # told by 10/9
    result = reminders.scan(D(2025, 10, 10))
    assert result.overdue == 1
    assert Notification.objects.get(deadline__case=case).unit == case.unit
    concluded = conclude(county, accept(county, register(county, D(2025, 3, 3)), D(2025, 3, 5)),
                         D(2025, 4, 1))
    assert concluded.next_due is None  # the 复查 request period is the petitioner's


# --------------------------------------------------------------------- figures
@pytest.mark.django_db
def test_figures_by_aggregate(county) -> None:  # noqa: ANN001
    on_time = conclude(county, accept(county, register(county, D(2025, 3, 3)), D(2025, 3, 10)),
                       D(2025, 4, 20))
    act(county, on_time, "request_review", D(2025, 5, 6), review_body="莘县人民政府")
    conclude(county, accept(county, register(county, D(2025, 3, 3)), D(2025, 3, 20)),
             D(2025, 6, 10))  # told late (15 days end 3/18) and concluded late
    act(county, register(county, D(2025, 5, 5)), "route", D(2025, 5, 8), route="1",
        route_body="县人民法院")
    accept(county, register(county, D(2025, 9, 1)), D(2025, 9, 3))  # due 11/2 → 11/3, open: overdue
    accept(county, register(county, D(2025, 12, 1)), D(2025, 12, 3))  # due in 2026
    register(county, D(2025, 6, 1), unclear=True)  # no notice period
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["PETITIONS_RECEIVED"].count == 6
    assert figs["PETITIONS_ROUTED"].count == 1
    assert figs["PETITION_OPINIONS_ISSUED"].count == 2
    assert figs["PETITION_REVIEWS_REQUESTED"].count == 1
    timely = figs["PETITION_TIMELY_ACCEPTANCE_RATE"]
    assert (timely.numerator, timely.count) == (4, 5)
    ontime = figs["PETITION_ONTIME_CLOSURE_RATE"]
    assert (ontime.numerator, ontime.count) == (1, 3)


# ----------------------------------------------------------------------- Excel
def _various(county) -> list[Case]:  # noqa: ANN001
    one = register(county, D(2025, 3, 3), number="莘县信〔2025〕1号")
    one = act(county, one, "route", D(2025, 3, 6), route="2", route_body="县劳动人事争议仲裁委员会")
    two = accept(county, register(county, D(2025, 7, 31), source="assigned"), D(2025, 8, 2))
    two = act(county, two, "extend", D(2025, 9, 25), extension_days=20, extension_approver="李局长",
              extension_reason="涉及多个部门", extension_told_on=D(2025, 9, 26))
    two = conclude(county, two, D(2025, 10, 20), delivered_on=D(2025, 10, 22))
    two = act(county, two, "request_review", D(2025, 11, 10), review_body="莘县人民政府",
              review_submitted_on=D(2025, 11, 8))
    two = act(county, two, "review_opinion", D(2025, 12, 1), review_result="upheld")
    two = act(county, two, "request_recheck", D(2025, 12, 15), recheck_body="聊城市人民政府")
    two = act(county, two, "recheck_hearing", D(2025, 12, 30), hearing_decided_on=D(2025, 12, 20))
    two = act(county, two, "recheck_opinion", D(2026, 1, 20), recheck_result="upheld")
    three = register(county, D(2025, 3, 3), source="assigned")
    three = act(county, three, "object", D(2025, 3, 5), objection_reason="属于镇政府职责")
    three = act(county, three, "objection_agreed", D(2025, 3, 10))
    four = register(county, D(2025, 4, 1), category="suggestion", title="建议增设公共停车位")
    four = act(county, four, "accept_suggestion", D(2025, 4, 3))
    four = act(county, four, "reply_suggestion", D(2025, 5, 3), adoption="adopted", reply_summary="采纳")
    five = conclude(county, accept(county, register(county, D(2025, 8, 1)), D(2025, 8, 4)), D(2025, 9, 8))
    five = act(county, five, "close", D(2025, 10, 10))
    six = register(county, D(2025, 9, 1), category="accusation")
    six = act(county, six, "transfer", D(2025, 9, 5), transfer_to="县纪委监委")
    seven = register(county, D(2025, 11, 20))  # just registered
    return [one, two, three, four, five, six, seven]


def _snapshot(case: Case) -> tuple:
    d = REG.detail_of(case)
    fields = [f.name for f in d._meta.concrete_fields if f.name not in ("id", "case", "linked_case")]
    deadlines = sorted((x.step, x.start, x.due, x.status, x.amount) for x in case.deadlines.all()
                       if x.status != S.SUPERSEDED)
    return (case.title, case.started_on, case.state, case.closed_on,
            tuple(getattr(d, f) for f in fields), tuple(deadlines))


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    originals = _various(county)
    data = excel.workbook_bytes(REG, REG.export_queryset(
        Case.objects.filter(register="petition").order_by("id")))
    headers = [c.value.rstrip("*") for c in load_workbook(BytesIO(data)).worksheets[0][1]]
    for header in ("编号", "收到日期", "信访人", "信访事项类别", "办理方式（第三十一条）",
                   "关联案件编号", "延长日数", "请求复查的期限", "复核意见", "状态"):
        assert header in headers
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="petition", region=county.other_county,
                                number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.title


@pytest.mark.django_db
def test_the_commands_export_and_import_all_or_nothing(county, tmp_path) -> None:  # noqa: ANN001
    from io import StringIO

    from django.core.management import CommandError, call_command

    originals = {c.number: _snapshot(c) for c in _various(county)}
    out = tmp_path / "petition.xlsx"
    msg = StringIO()
    call_command("export_register", "petition", "--region", "莘县", "--out", str(out), stdout=msg)
    assert f"已导出 {len(originals)} 条" in msg.getvalue()
    Case.objects.filter(register="petition").delete()
    call_command("import_register", "petition", str(out), "--region", "莘县", stdout=StringIO())
    assert {c.number: _snapshot(c) for c in Case.objects.filter(register="petition")} == originals
    # Importing the same file again: every number is taken, nothing is added.
    with pytest.raises(CommandError):
        call_command("import_register", "petition", str(out), "--region", "莘县", stdout=StringIO())
    assert Case.objects.filter(register="petition").count() == len(originals)


@pytest.mark.django_db
def test_a_routed_claim_is_exported_with_its_linked_case(county) -> None:  # noqa: ANN001
    recon = _reconsideration(county)
    act(county, register(county, D(2025, 3, 4)), "route", D(2025, 3, 6), route="4",
        route_body="县人民政府（行政复议）", linked_register="reconsideration", linked_number=recon.number)
    data = excel.workbook_bytes(REG, REG.export_queryset(Case.objects.filter(register="petition")))
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    row = {h.value.rstrip("*"): c.value for h, c in zip(sheet[1], sheet[2], strict=False)}
    assert row["关联案件编号"] == recon.number and row["本平台登记簿"] == "行政复议"
    # Imported into a county without that case: the row is refused, nothing kept.
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert not result.ok and "没有您可以查看的编号为" in result.errors[0][1]
    assert not Case.objects.filter(register="petition", region=county.other_county).exists()
    # Into the same county again (a new number): linked as before.
    Case.objects.filter(register="petition").delete()
    result = excel.import_workbook(REG, data, county.county, office(county))
    assert result.ok, result.errors
    assert REG.detail_of(Case.objects.get(register="petition")).linked_case == recon


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_import(county) -> None:  # noqa: ANN001
    wb = Workbook()
    ws = wb.active
    ws.append(["承办单位", "事由", "收到日期", "信访人", "信访形式", "信访事项类别", "信访请求和事实、理由",
               "受理日期", "办理方式（第三十一条）", "出具信访处理意见书日期", "处理意见", "投诉请求", "事实和理由",
               "处理意见内容", "法律法规依据"])
    ws.append(["县司法局", "反映工资", "2025-03-03", "王建国", "书信", "申诉求决类", "拖欠工资",
               "2025-03-05", "6", "2025-04-20", "不予支持", "支付工资", "无证据", "不予支持", "第三十二条"])
    # 处理意见书 without its legal basis (第三十二条): the whole file is refused.
    ws.append(["县司法局", "反映工程款", "2025-03-03", "李秀英", "走访", "申诉求决类", "拖欠工程款",
               "2025-03-05", "6", "2025-04-20", "予以支持", "支付工程款", "属实", "支持", ""])
    buffer = BytesIO()
    wb.save(buffer)
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "第三十二条" in result.errors[0][1]
    assert not Case.objects.filter(register="petition").exists()


# ----------------------------------------------------------------------- pages
@pytest.mark.django_db
def test_pages_for_each_role_show_no_identifiers(county) -> None:  # noqa: ANN001
    """The register's own pages walked like tests/test_scoping.py walks the
    shared ones: who may see them, and no code identifiers on them
    (tests/core/test_no_identifiers.py)."""
    from tests.core.test_no_identifiers import offending
    from tests.test_scoping import READERS_OF_COUNTY, ROLES

    cases = _various(county)
    handling = accept(county, register(county, D(2025, 11, 20)), D(2025, 11, 24))
    pages = {
        reverse("registers:case_list", args=["petition"]): set(ROLES),
        reverse("registers:case_open", args=["petition"]): {"office", "other_office", "clerk",
                                                             "town_clerk", "other_clerk"},
        reverse("registers:excel_template", args=["petition"]): set(ROLES),
        reverse("registers:excel_import", args=["petition"]): {"office", "other_office"},
    }
    for case in [*cases, handling]:
        pages[reverse("registers:case_detail", args=["petition", case.pk])] = READERS_OF_COUNTY
    for event in REG.available_events(handling):
        pages[reverse("registers:case_event", args=["petition", handling.pk, event.key])] = {
            "office", "clerk"}
    seven = cases[-1]
    for event in REG.available_events(seven):
        pages[reverse("registers:case_event", args=["petition", seven.pk, event.key])] = {
            "office", "clerk"}
    wrong = []
    users = set(county.users)
    for role in ROLES:
        if role not in county.users:
            continue
        client = Client()
        client.force_login(county.users[role])
        for url, allowed in pages.items():
            response = client.get(url)
            if role in allowed:
                if response.status_code != 200:
                    wrong.append(f"{role} should see {url}, got {response.status_code}")
                elif "text/html" in response.get("Content-Type", ""):
                    wrong += [f"{url} ({role}): {p}" for p in offending(response.content.decode(), users)]
            elif response.status_code not in (403, 404):
                wrong.append(f"{role} must not see {url}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_list_filter_search_and_timeline(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    cases = _various(county)
    c = Client()
    c.login(username="office", password=PASSWORD)
    url = reverse("registers:case_list", args=["petition"])
    page = c.get(url, {"state": "routed"}).content.decode()
    assert cases[0].number in page and cases[1].number not in page
    found = c.get(url, {"q": "停车位"}).content.decode()
    assert cases[3].number in found and cases[0].number not in found
    body = c.get(reverse("registers:case_detail", args=["petition", cases[1].pk])).content.decode()
    for text in ("出具信访处理意见书", "信访人请求复查", "复核听证", "已出具复核意见（不再受理）",
                 "2025年10月21日"):
        assert text in body, text
    for _ in range(5):
        register(county, D(2025, 12, 1))
    with django_assert_max_num_queries(20):
        c.get(url)
    clerk = Client()
    clerk.login(username="town_clerk", password=PASSWORD)
    assert cases[0].number not in clerk.get(url).content.decode()


# ------------------------------------------------------------------------ demo
@pytest.mark.django_db
def test_the_demo_covers_both_years_and_every_path(county) -> None:  # noqa: ANN001
    Unit.objects.create(region=county.county, name="莘县信访局", short_name="县信访局",
                        kind=Unit.Kind.DEPARTMENT)
    units = {u.short_name: u for u in Unit.objects.filter(region=county.county)}
    _reconsideration(county)  # a routed claim links it
    count = load_demo(county.county, units, office(county), D(2026, 11, 20), random.Random(7))
    cases = Case.objects.filter(register="petition")
    assert count == cases.count() == 40
    assert {c.started_on.year for c in cases} == {2025, 2026}
    states = set(cases.values_list("state", flat=True))
    assert {"routed", "transferred", "closed", "replied", "rechecked", "returned"} <= states
    assert cases.filter(petition__linked_case__isnull=False).exists()
    assert Deadline.objects.filter(case__register="petition", step="handling", extended=True).exists()
    assert Deadline.objects.filter(case__register="petition", step="handling", status=S.MISSED).exists()


@pytest.mark.django_db
def test_registered_and_handled_through_the_web_forms(county) -> None:  # noqa: ANN001
    c = Client()
    c.login(username="clerk", password=PASSWORD)
    open_url = reverse("registers:case_open", args=["petition"])
    fields = {"unit": county.units["县司法局"].pk, "started_on": "2025-09-20", "title": "反映拖欠工资",
              "petitioner": "王建国", "headcount": "1", "form": "visit", "source": "assigned",
              "category": "claim", "content": "拖欠工资"}
    response = c.post(open_url, fields)  # assigned without the 交办机关
    assert response.status_code == 200 and "请填写转送、交办机关" in response.content.decode()
    response = c.post(open_url, {**fields, "assigned_by": "县信访局"})
    assert response.status_code == 302
    case = Case.objects.get(register="petition")
    event_url = reverse("registers:case_event", args=["petition", case.pk, "accept"])
    refused = c.post(event_url, {"occurred_on": "2025-09-25", "route": "1", "version": case.version})
    assert refused.status_code == 200 and "导入相应程序" in refused.content.decode()
    assert c.post(event_url, {"occurred_on": "2025-09-25", "route": "6",
                              "version": case.version}).status_code == 302
    case.refresh_from_db()
    assert case.state == "handling" and case.next_due == D(2025, 11, 24)  # 9/25 + 60
    body = c.get(reverse("registers:case_detail", args=["petition", case.pk])).content.decode()
    assert "2025年9月26日" in body  # the 5 working days to object: 9/22–9/26
    assert "信访处理意见书文号" not in body  # later steps not shown before they happen


@pytest.mark.django_db(transaction=True)
def test_loading_a_new_years_holidays_recomputes_the_periods_kept_on_the_detail(county, tmp_path) -> None:  # noqa: ANN001
    from io import StringIO

    from django.core.management import call_command

    from fazhi.registers.models import CaseEvent

    case = register(county, D(2026, 12, 28), source="assigned")
    # 5 working days without the 2027 notice: 12/29, 12/30, 12/31, [元旦 1/1 known], 1/4, 1/5.
    d = detail(case)
    assert (d.objection_due, d.objection_due_provisional) == (D(2027, 1, 5), True)
    assert "暂定" in dict(REG.detail_rows(d))["提出异议的期限"]
    schedule = tmp_path / "2027.yaml"
    # Invented for the test (2027 is beyond the shipped data): 1/1–1/4 off.
    schedule.write_text("year: 2027\nsource: 测试用2027年节假日安排\nholidays:\n"
                        "  - {name: 元旦, from: 2027-01-01, to: 2027-01-04}\nworkdays: []\n",
                        encoding="utf-8")
    call_command("load_holidays", str(schedule), stdout=StringIO())
    d = detail(case)
    assert (d.objection_due, d.objection_due_provisional) == (D(2027, 1, 6), False)
    event = CaseEvent.objects.get(case=case, kind="recomputed", label__contains="提出异议的期限")
    assert (event.data["old_due"], event.data["new_due"]) == ("2027-01-05", "2027-01-06")


@pytest.mark.django_db
def test_the_export_runs_a_fixed_number_of_queries(county) -> None:  # noqa: ANN001
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            excel.workbook_bytes(REG, REG.export_queryset(Case.objects.filter(register="petition")))
        return len(ctx.captured_queries)

    recon = _reconsideration(county)
    _various(county)
    first = queries()
    for n in range(4):
        case = act(county, register(county, D(2025, 5, 5 + n)), "route", D(2025, 5, 12), route="4",
                   route_body="县人民政府", linked_register="reconsideration", linked_number=recon.number)
        conclude(county, accept(county, register(county, D(2025, 6, 2 + n)), D(2025, 6, 9)),
                 D(2025, 7, 1))
    assert case.state == "routed" and queries() == first
