"""行政复议登记簿, tested from design/rules.md §1 (行政复议法 2023) and §0 (periods).

Dates are worked out by hand from the 2025 holiday notice (国办发明电〔2024〕12号):
National Day and Mid-autumn 10/1–10/8 off, 9/28 (Sunday) and 10/11 (Saturday) worked;
Labour Day 5/1–5/5 off; Dragon Boat 5/31–6/2 off.
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
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.details.reconsideration import (
    DEFAULT_CORRECTION_TYPES,
    DecisionType,
    ReconsiderationDetail,
    corrected_q,
    correction_types,
)
from fazhi.registers.models import Case, Deadline

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("reconsideration")


# ----------------------------------------------------------------- helpers
def open_case(county, received: datetime.date, *, procedure: str = "ordinary",  # noqa: ANN001
              needs_correction: bool = False, number: str = "", title: str = "不服罚款决定",
              actor: Actor | None = None, **extra: Any) -> Case:
    if procedure == "simple" and not extra:
        # A 2,000-yuan fine: 简易 without consent (行政复议法 art. 53①(三)).
        extra = {"simple_ground": "small_amount", "amount_involved": "2000"}
    return OpenCase(actor or Actor.for_user(county.users["clerk"]), REG, region=county.county,
                    unit=county.units["县司法局"], data={
                        "number": number, "title": title, "started_on": received,
                        "applicant": "王建国", "applicant_type": "person",
                        "respondent": "县市场监管局", "contested_act": "莘市监罚〔2025〕12号行政处罚决定",
                        "act_kind": "penalty", "channel": "post", "procedure": procedure,
                        "needs_correction": needs_correction, **extra}).execute()


def act(county, case: Case, event: str, on: datetime.date, **data: Any) -> Case:  # noqa: ANN001
    return RecordEvent(Actor.for_user(county.users["clerk"]), case, REG, event, occurred_on=on,
                       data=data).execute()


def clock(case: Case, step: str) -> Deadline:
    return Deadline.objects.get(case=case, step=step, status=Deadline.Status.OPEN)


def detail(case: Case) -> ReconsiderationDetail:
    return ReconsiderationDetail.objects.get(case=case)


def accepted_case(county, accepted_on: datetime.date, *, procedure: str = "ordinary") -> Case:  # noqa: ANN001
    received = accepted_on - datetime.timedelta(days=1)
    return act(county, open_case(county, received, procedure=procedure), "accept", accepted_on)


# -------------------------------------------------------------- 受理审查 (art. 30)
@pytest.mark.django_db
@pytest.mark.parametrize(("received", "due"), [
    # Fri 9/26: 9/28 (调休 Sunday) 9/29 9/30, skip 10/1–10/8, 10/9 10/10
    (D(2025, 9, 26), D(2025, 10, 10)),
    # Tue 9/30: skip 10/1–10/8, 10/9 10/10 10/11 (调休 Saturday) 10/13 10/14
    (D(2025, 9, 30), D(2025, 10, 14)),
])
def test_acceptance_review_is_five_working_days_across_national_day(county, received, due) -> None:  # noqa: ANN001
    case = open_case(county, received)
    deadline = clock(case, "acceptance")
    assert (deadline.start, deadline.due, deadline.unit, deadline.amount) == (received, due, "WD", 5)
    assert "第三十条" in deadline.basis and "第八十八条" in deadline.basis
    assert "国庆节" in deadline.explanation and "视为受理" in deadline.explanation
    assert case.state == "received" and case.next_due == due
    assert case.number == "莘县复受〔2025〕1号"
    assert not Deadline.objects.filter(case=case, step="correction_notice").exists()


@pytest.mark.django_db
def test_refusal_within_the_period_closes_the_case(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 9, 30))
    case = act(county, case, "refuse", D(2025, 10, 14), reason="超过法定申请期限",
               competent_body="", decision_number="莘政复不受〔2025〕1号")
    d = detail(case)
    assert case.state == "rejected" and case.closed_on == D(2025, 10, 14)
    assert (d.acceptance, d.acceptance_on, d.decision_type) == ("refused", D(2025, 10, 14),
                                                                "not_accepted")
    assert Deadline.objects.get(case=case, step="acceptance").status == "met"
    with pytest.raises(ActionRefused, match="终结状态"):
        act(county, case, "accept", D(2025, 10, 15))


@pytest.mark.django_db
def test_refusal_needs_a_reason(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 9, 30))
    with pytest.raises(ActionRefused, match="说明理由"):
        act(county, case, "refuse", D(2025, 10, 9), reason=" ")


@pytest.mark.django_db
def test_deemed_acceptance_after_five_working_days_and_no_refusal_after_expiry(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 9, 30))  # review ends 10/14
    with pytest.raises(ActionRefused, match="届满后才视为受理"):
        act(county, case, "deem_accepted", D(2025, 10, 14))
    with pytest.raises(ActionRefused, match="依法视为受理，不能再决定不予受理.*第三十条"):
        act(county, case, "refuse", D(2025, 10, 15), reason="不属于受理范围")
    with pytest.raises(ActionRefused, match="请登记“视为受理”"):
        act(county, case, "accept", D(2025, 10, 15))
    case = act(county, case, "deem_accepted", D(2025, 10, 20))
    d = detail(case)
    assert case.state == "accepted"
    assert (d.acceptance, d.acceptance_on) == ("deemed", D(2025, 10, 14))
    review = Deadline.objects.get(case=case, step="acceptance")
    assert (review.status, review.done_on) == ("met", D(2025, 10, 14))
    # 60 days from 10/14 = 12/13 (Saturday) → Monday 12/15
    decision = clock(case, "decision")
    assert (decision.start, decision.due) == (D(2025, 10, 14), D(2025, 12, 15))
    with pytest.raises(ActionRefused, match="已受理"):
        act(county, case, "refuse", D(2025, 10, 21), reason="x")


# ------------------------------------------------------------------ 补正 (art. 31)
@pytest.mark.django_db
def test_correction_notice_within_five_working_days_and_review_restarts(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 9, 26), needs_correction=True)
    notice_clock = clock(case, "correction_notice")
    assert notice_clock.due == D(2025, 10, 10) and "第三十一条" in notice_clock.basis
    case = act(county, case, "request_correction", D(2025, 9, 29), items="请提供处罚决定书复印件")
    assert case.state == "correction_requested"
    notice_clock.refresh_from_db()
    assert (notice_clock.status, notice_clock.done_on) == ("met", D(2025, 9, 29))
    assert Deadline.objects.get(case=case, step="acceptance").status == "cancelled"
    d = detail(case)
    # the applicant's 10 WD from 9/29: 9/30, 10/9, 10/10, 10/11, 10/13–10/17, 10/20
    assert d.correction_due == D(2025, 10, 20)
    # art. 31 → art. 30 again: a new 5 WD review from the correction's receipt
    case = act(county, case, "correction_received", D(2025, 10, 9))
    assert case.state == "received"
    review = clock(case, "acceptance")
    # 10/10, 10/11 (调休 Saturday), 10/13, 10/14, 10/15
    assert (review.start, review.due) == (D(2025, 10, 9), D(2025, 10, 15))
    with pytest.raises(ActionRefused, match="一次性"):
        act(county, case, "request_correction", D(2025, 10, 10), items="再补充材料")
    with pytest.raises(ActionRefused, match="不能再决定不予受理"):
        act(county, case, "refuse", D(2025, 10, 16), reason="x")
    case = act(county, case, "refuse", D(2025, 10, 15), reason="申请人与行政行为无利害关系")
    assert case.state == "rejected"


@pytest.mark.django_db
def test_correction_notice_after_the_five_days_is_refused_and_unforeseen_notice_is_timed(county) -> None:  # noqa: ANN001
    late = open_case(county, D(2025, 9, 26))
    with pytest.raises(ActionRefused, match="视为受理，不能再通知补正"):
        act(county, late, "request_correction", D(2025, 10, 13), items="x")
    # Not marked at registration: the notice still counts against 5 WD from receipt.
    case = open_case(county, D(2025, 9, 26))
    act(county, case, "request_correction", D(2025, 10, 10), items="请写明复议请求")
    notice_clock = Deadline.objects.get(case=case, step="correction_notice")
    assert (notice_clock.due, notice_clock.status) == (D(2025, 10, 10), "met")


@pytest.mark.django_db
def test_abandonment_only_after_the_correction_period(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 9, 26))
    case = act(county, case, "request_correction", D(2025, 9, 29), items="x")  # due 10/20
    with pytest.raises(ActionRefused, match="补正期限尚未届满"):
        act(county, case, "abandon", D(2025, 10, 20))
    with pytest.raises(ActionRefused, match="不能早于"):
        act(county, case, "correction_received", D(2025, 9, 27))
    case = act(county, case, "abandon", D(2025, 10, 21))
    assert case.state == "abandoned" and detail(case).decision_type == "abandoned"


# ------------------------------------------------------- decision period (art. 62)
@pytest.mark.django_db
def test_decision_sixty_days_and_extension_thirty_rolling_over_holidays(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 3, 3))
    decision = clock(case, "decision")
    # 3/3 + 60 = 5/2, inside Labour Day 5/1–5/5 → Tuesday 5/6
    assert (decision.start, decision.due, decision.amount) == (D(2025, 3, 3), D(2025, 5, 6), 60)
    assert "第六十二条第一款" in decision.basis and "劳动节" in decision.explanation
    case = act(county, case, "extend", D(2025, 4, 28), approver="孙立军")
    assert case.state == "accepted"  # no state change
    extended = clock(case, "decision")
    # 3/3 + 90 = 6/1, inside Dragon Boat 5/31–6/2 → Tuesday 6/3
    assert (extended.due, extended.amount, extended.extended) == (D(2025, 6, 3), 90, True)
    decision.refresh_from_db()
    assert decision.status == "superseded"
    d = detail(case)
    assert (d.extended, d.extended_on, d.extension_approver) == (True, D(2025, 4, 28), "孙立军")
    with pytest.raises(ActionRefused, match="只能延长一次"):
        act(county, case, "extend", D(2025, 5, 20), approver="孙立军")
    case = act(county, case, "decide", D(2025, 6, 3), decision_type="uphold")
    extended.refresh_from_db()
    assert (extended.status, case.state, case.next_due) == ("met", "decided", None)


@pytest.mark.django_db
def test_decision_period_ending_in_national_day_rolls_to_next_working_day(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 8, 4))  # + 60 = 10/3 → 10/9
    assert clock(case, "decision").due == D(2025, 10, 9)
    action = RecordEvent(Actor.for_user(county.users["clerk"]), case, REG, "decide",
                         occurred_on=D(2025, 10, 10), data={"decision_type": "revoke"})
    case = action.execute()
    assert action.messages == ["作出复议决定（普通程序）期限已于2025年10月9日届满，本次结案逾期1日。"]
    late = Deadline.objects.get(case=case, step="decision")
    assert (late.status, late.done_on) == ("missed", D(2025, 10, 10))


@pytest.mark.django_db
def test_simple_procedure_thirty_days_and_no_extension(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 9, 1), procedure="simple")  # + 30 = 10/1 → 10/9
    simple = clock(case, "simple_decision")
    assert (simple.due, simple.amount) == (D(2025, 10, 9), 30)
    assert "第六十二条第二款" in simple.basis
    assert not Deadline.objects.filter(case=case, step="decision").exists()
    with pytest.raises(ActionRefused, match="简易程序案件的审理期限不能延长"):
        act(county, case, "extend", D(2025, 9, 20), approver="孙立军")


@pytest.mark.django_db
def test_extension_after_expiry_or_without_approval_is_refused(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 3, 3))  # due 5/6
    with pytest.raises(ActionRefused, match="届满后不能再延长"):
        act(county, case, "extend", D(2025, 5, 7), approver="孙立军")
    with pytest.raises(ActionRefused, match="负责人批准"):
        act(county, case, "extend", D(2025, 5, 6), approver="")
    act(county, case, "extend", D(2025, 5, 6), approver="孙立军")  # the last day is still in time


@pytest.mark.django_db
def test_switch_simple_to_ordinary_after_acceptance(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 9, 1), procedure="simple")
    with pytest.raises(ActionRefused, match="第五十五条"):
        act(county, case, "switch_procedure", D(2025, 9, 10), procedure="ordinary", approver="")
    case = act(county, case, "switch_procedure", D(2025, 9, 10), procedure="ordinary",
               approver="孙立军")
    assert Deadline.objects.get(case=case, step="simple_decision").status == "cancelled"
    decision = clock(case, "decision")
    # 9/1 + 60 = 10/31 (Friday)
    assert (decision.start, decision.due) == (D(2025, 9, 1), D(2025, 10, 31))
    with pytest.raises(ActionRefused, match="普通程序不能转为简易程序"):
        act(county, case, "switch_procedure", D(2025, 9, 11), procedure="simple", approver="x")
    # Before acceptance the intended procedure can change either way, with no clock.
    fresh = open_case(county, D(2025, 9, 1), simple_ground="small_amount", amount_involved="500")
    act(county, fresh, "switch_procedure", D(2025, 9, 2), procedure="simple")
    fresh = act(county, fresh, "accept", D(2025, 9, 3))
    assert clock(fresh, "simple_decision").due == D(2025, 10, 9)  # 10/3 → 10/9


@pytest.mark.django_db
def test_suspension_is_not_counted(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 3, 3))  # due 5/6
    case = act(county, case, "suspend", D(2025, 3, 20), ground="需要有权机关作出解释")
    assert case.state == "suspended" and case.next_due is None
    with pytest.raises(ActionRefused, match="中止审理"):
        act(county, case, "extend", D(2025, 3, 25), approver="孙立军")
    case = act(county, case, "resume", D(2025, 3, 30))  # 10 days suspended
    resumed = clock(case, "decision")
    # counted from 3/13: + 60 = 5/12 (Monday)
    assert (resumed.start, resumed.due) == (D(2025, 3, 13), D(2025, 5, 12))
    assert "中止审理期间共10日" in resumed.explanation
    assert detail(case).suspended_days == 10
    # An extension after resumption keeps the suspended days out: 3/13 + 90 = 6/11
    act(county, case, "extend", D(2025, 5, 9), approver="孙立军")
    assert clock(case, "decision").due == D(2025, 6, 11)


@pytest.mark.django_db
def test_hearing_is_recorded_without_state_change(county) -> None:  # noqa: ANN001
    fresh = open_case(county, D(2025, 3, 3))
    with pytest.raises(ActionRefused, match="只能在“已受理”时办理"):
        act(county, fresh, "hearing", D(2025, 3, 4))
    case = accepted_case(county, D(2025, 3, 3))
    action = RecordEvent(Actor.for_user(county.users["clerk"]), case, REG, "hearing",
                         occurred_on=D(2025, 3, 20),
                         data={"notice_on": D(2025, 3, 14), "respondent_head": "副局长"})
    case = action.execute()
    # 3/14 (Friday) + 5 WD = 3/21: the notice came a day short (art. 51)
    assert "不足5个工作日" in action.messages[0]
    d = detail(case)
    assert case.state == "accepted" and (d.hearing_held, d.hearing_on) == (True, D(2025, 3, 20))


@pytest.mark.django_db
def test_decision_out_of_order_is_refused_in_chinese(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 9, 1))
    with pytest.raises(ActionRefused) as info:
        act(county, case, "decide", D(2025, 9, 2), decision_type="uphold")
    assert "复议决定只能在受理后作出" in info.value.messages[0]
    with pytest.raises(ActionRefused, match="只能从“已受理”转入"):
        act(county, case, "mediate", D(2025, 9, 2))
    case = act(county, case, "accept", D(2025, 9, 3))
    with pytest.raises(ActionRefused, match="不能早于"):
        act(county, case, "decide", D(2025, 9, 2), decision_type="uphold")
    with pytest.raises(ActionRefused, match="复议决定的类型"):
        act(county, case, "decide", D(2025, 9, 20), decision_type="mediation")


@pytest.mark.django_db
@pytest.mark.parametrize(("event", "data", "state", "kind"), [
    ("mediate", {"decision_number": "调1号"}, "mediated", "mediation"),
    ("withdraw", {"settled": True}, "terminated", "settlement"),
    ("terminate", {"reason": "申请人死亡"}, "terminated", "terminated"),
    ("dismiss", {"reason": "没有利害关系"}, "dismissed", "dismiss_application"),
])
def test_other_endings(county, event, data, state, kind) -> None:  # noqa: ANN001
    case = act(county, accepted_case(county, D(2025, 3, 3)), event, D(2025, 4, 1), **data)
    assert (case.state, detail(case).decision_type) == (state, kind)
    assert Deadline.objects.get(case=case, step="decision").status == "met"


# ------------------------------------------------------------------- 纠错 (M)
@pytest.mark.django_db
def test_corrected_is_derived_from_the_decision_type_and_configurable(county, settings) -> None:  # noqa: ANN001
    assert correction_types() == frozenset(DEFAULT_CORRECTION_TYPES) == {
        "revoke", "partly_revoke", "alter", "confirm_illegal", "confirm_void", "order_perform",
        # 行政协议 (行政复议法 art. 71): the respondent's conduct of the agreement corrected
        "contract_conclude", "contract_perform", "contract_remedy", "contract_damages",
        "contract_compensation"}
    kinds = ["uphold", "revoke", "partly_revoke", "alter", "confirm_illegal", "confirm_void",
             "order_perform", "reject_claim", "contract_conclude", "contract_perform",
             "contract_remedy", "contract_damages", "contract_compensation"]
    for i, kind in enumerate(kinds):
        act(county, accepted_case(county, D(2025, 3, 3) + datetime.timedelta(days=i)), "decide",
            D(2025, 4, 20), decision_type=kind)
    mediated = act(county, accepted_case(county, D(2025, 3, 3)), "mediate", D(2025, 4, 1))
    corrected = {d.decision_type for d in ReconsiderationDetail.objects.all() if d.corrected}
    assert corrected == set(DEFAULT_CORRECTION_TYPES)
    assert ReconsiderationDetail.objects.filter(corrected_q()).count() == 11
    assert Case.objects.filter(corrected_q("reconsideration__")).count() == 11
    assert ("是否纠错", "否") in REG.detail_rows(detail(mediated))
    # A county practice that also counts mediations where the act was corrected:
    settings.FAZHI_RECON_CORRECTION_TYPES = [*DEFAULT_CORRECTION_TYPES, "mediation"]
    assert detail(mediated).corrected
    assert ReconsiderationDetail.objects.filter(corrected_q()).count() == 12
    settings.FAZHI_RECON_CORRECTION_TYPES = ["revoke"]
    assert ReconsiderationDetail.objects.filter(corrected_q()).count() == 1
    settings.FAZHI_RECON_CORRECTION_TYPES = ["revoked"]
    with pytest.raises(ValueError, match="未知的决定类型"):
        correction_types()


# ---------------------------------------------------------------------- Excel
def _snapshot(case: Case) -> dict[str, Any]:
    d = detail(case)
    fields = {f.name: getattr(d, f.name) for f in d._meta.concrete_fields
              if f.name not in ("id", "case")}
    deadlines = sorted((x.step, x.start, x.due, x.status, x.extended, x.done_on, x.amount)
                       for x in case.deadlines.all())
    return {"number": case.number, "title": case.title, "unit": case.unit.short_name,
            "started_on": case.started_on, "state": case.state, "closed_on": case.closed_on,
            "next_due": case.next_due, "detail": fields, "deadlines": deadlines}


def _various(county) -> list[Case]:  # noqa: ANN001
    cases = []
    c = open_case(county, D(2025, 9, 26), needs_correction=True, title="补正后受理")
    act(county, c, "request_correction", D(2025, 9, 29), items="请提供决定书")
    act(county, c, "correction_received", D(2025, 10, 9))
    act(county, c, "accept", D(2025, 10, 13))
    act(county, c, "hearing", D(2025, 11, 3))
    cases.append(act(county, c, "decide", D(2025, 11, 20), decision_type="partly_revoke",
                     decision_number="莘政复决〔2025〕3号"))
    c = open_case(county, D(2025, 9, 30), title="视为受理并延长")
    act(county, c, "deem_accepted", D(2025, 10, 16))
    act(county, c, "extend", D(2025, 12, 1), approver="孙立军")
    cases.append(c)
    c = accepted_case(county, D(2025, 3, 3))
    act(county, c, "suspend", D(2025, 3, 20), ground="等待法院判决")
    act(county, c, "resume", D(2025, 3, 30))
    act(county, c, "suspend", D(2025, 4, 10), ground="申请人下落不明")
    cases.append(c)
    c = accepted_case(county, D(2025, 9, 1), procedure="simple")
    act(county, c, "switch_procedure", D(2025, 9, 10), procedure="ordinary", approver="周慧敏")
    cases.append(act(county, c, "withdraw", D(2025, 9, 30), settled=True))
    c = open_case(county, D(2025, 9, 30))
    cases.append(act(county, c, "refuse", D(2025, 10, 10), reason="超过申请期限",
                     competent_body="聊城市人民政府"))
    c = open_case(county, D(2025, 9, 26))
    act(county, c, "request_correction", D(2025, 9, 29), items="x", correction_due=D(2025, 10, 31))
    cases.append(act(county, c, "abandon", D(2025, 11, 3)))
    cases.append(open_case(county, D(2025, 11, 3), procedure="simple", needs_correction=True))
    return [Case.objects.get(pk=x.pk) for x in cases]


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    originals = _various(county)
    data = excel.workbook_bytes(REG, Case.objects.filter(register="reconsideration")
                                .order_by("id"))
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    headers = [c.value.rstrip("*") for c in sheet[1]]
    for header in ("编号", "承办单位", "收到日期", "申请人", "申请人类型", "被申请人", "行政行为",
                   "收到方式", "程序", "补正通知日期", "补正收到日期", "受理决定", "受理日期",
                   "是否延长", "决定类型", "决定日期", "状态"):
        assert header in headers
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="reconsideration", region=county.other_county,
                                number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.title
        assert copy.unit == county.units["东阿县司法局"]


def _rows(*rows: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "承办单位", "事由", "收到日期", "申请人", "被申请人", "行政行为", "受理决定",
               "受理日期", "决定类型", "决定日期"])
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = ["", "县司法局", "不服罚款", "2025-03-03", "李秀兰", "县公安局", "罚款500元", "受理",
        "2025-03-04", "维持", "2025-04-20"]


@pytest.mark.django_db
def test_bad_rows_are_reported_with_their_row_number_and_nothing_is_saved(county) -> None:  # noqa: ANN001
    office = Actor.for_user(county.users["office"])
    bad_date = [*GOOD[:3], "2025-02-30", *GOOD[4:]]
    bad_type = [*GOOD[:9], "部分维持", GOOD[10]]
    missing = [*GOOD[:4], "", *GOOD[5:]]
    result = excel.import_workbook(REG, _rows(GOOD, bad_date, bad_type, missing), county.county,
                                   office)
    assert not result.ok and result.created == 0
    errors = dict(result.errors)
    assert "收到日期" in errors[3] and "日期格式不正确" in errors[3]
    assert "决定类型" in errors[4] and "“部分维持”不是可选值" in errors[4]
    assert errors[5] == "“申请人”不能为空"
    assert 2 not in errors
    assert not Case.objects.filter(register="reconsideration").exists()
    # A row that parses but breaks the procedure rolls back the rows before it.
    decided_first = [*GOOD[:7], "", "", "维持", "2025-04-20"]
    result = excel.import_workbook(REG, _rows(GOOD, decided_first), county.county, office)
    assert result.created == 0 and result.errors[0][0] == 3
    assert "复议决定只能在受理后作出" in result.errors[0][1]
    assert not Case.objects.filter(register="reconsideration").exists()
    result = excel.import_workbook(REG, _rows(GOOD), county.county, office)
    assert result.ok and result.created == 1
    case = Case.objects.get(register="reconsideration")
    assert (case.state, detail(case).decision_type) == ("decided", "uphold")


# ---------------------------------------------------------------------- web
@pytest.fixture
def clerk_client(county) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username="clerk", password=PASSWORD)
    return client


@pytest.mark.django_db
def test_open_list_filter_and_detail_pages(county, clerk_client) -> None:  # noqa: ANN001
    response = clerk_client.post(reverse("registers:case_open", args=["reconsideration"]), {
        "unit": county.units["县司法局"].pk, "started_on": "2025-09-30", "title": "不服拆除决定",
        "applicant": "张志强", "applicant_type": "person", "respondent": "县综合执法局",
        "contested_act": "限期拆除违法建设决定", "act_kind": "coercion", "channel": "online",
        "procedure": "ordinary"})
    assert response.status_code == 302
    case = Case.objects.get(register="reconsideration")
    act(county, open_case(county, D(2025, 3, 3), title="不服罚款决定"), "accept", D(2025, 3, 4))
    url = reverse("registers:case_list", args=["reconsideration"])
    page = clerk_client.get(url).content.decode()
    assert "行政复议登记簿" in page and "不服拆除决定" in page and "不服罚款决定" in page
    page = clerk_client.get(url, {"state": "accepted"}).content.decode()
    assert "不服罚款决定" in page and "不服拆除决定" not in page
    page = clerk_client.get(url, {"q": "拆除"}).content.decode()
    assert "不服拆除决定" in page and "不服罚款决定" not in page
    page = clerk_client.get(url, {"due": "overdue"}).content.decode()
    assert "不服罚款决定" in page  # decision due 2025-05-06, long past
    detail_page = clerk_client.get(reverse("registers:case_detail",
                                           args=["reconsideration", case.pk])).content.decode()
    assert "受理审查" in detail_page and "2025年10月14日" in detail_page
    assert "《中华人民共和国行政复议法》第三十条、第八十八条" in detail_page
    assert "计算过程" in detail_page and "调休上班日10月11日" in detail_page
    assert "张志强" in detail_page and "县综合执法局" in detail_page
    assert "视为受理" in detail_page and "不予受理" in detail_page  # offered events
    export = clerk_client.get(url, {"export": "xlsx"})
    assert export.status_code == 200
    assert load_workbook(BytesIO(export.content)).worksheets[0].max_row == 3


@pytest.mark.django_db
def test_event_form_keeps_what_was_typed_on_error(county, clerk_client) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 9, 1), procedure="simple")
    url = reverse("registers:case_event", args=["reconsideration", case.pk, "extend"])
    response = clerk_client.post(url, {"occurred_on": "2025-09-20", "approver": "孙立军",
                                       "note": "案情复杂，需要延长", "version": case.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "简易程序案件的审理期限不能延长" in page
    assert 'value="孙立军"' in page and "案情复杂，需要延长" in page and 'value="2025-09-20"' in page
    assert not detail(case).extended
    # A form error (missing approver) also keeps the date.
    response = clerk_client.post(url, {"occurred_on": "2025-09-21", "version": case.version})
    assert 'value="2025-09-21"' in response.content.decode()
    # And a valid decision through the web, with its document attached.
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("决定书.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = clerk_client.post(
        reverse("registers:case_event", args=["reconsideration", case.pk, "decide"]),
        {"occurred_on": "2025-09-25", "decision_type": "revoke", "decision_number": "决1号",
         "files": pdf, "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "decided" and detail(case).corrected
    assert case.attachments.get().event.kind == "decide"


# ---------------------------------------------------------------------- demo
@pytest.mark.django_db
def test_demo_has_every_decision_type_overdue_and_extended_cases(county) -> None:  # noqa: ANN001
    from fazhi.registers.reconsideration import load_demo

    today = D(2026, 11, 20)
    count = load_demo(county.county, county.units, Actor.for_user(county.users["office"]), today,
                      random.Random(7))
    cases = Case.objects.filter(register="reconsideration", region=county.county)
    assert cases.count() == count > 60
    assert set(cases.values_list("unit__short_name", flat=True)) == {"县司法局"}
    assert {c.started_on.year for c in cases} == {2025, 2026}
    details = ReconsiderationDetail.objects.filter(case__in=cases)
    assert set(details.values_list("decision_type", flat=True)) >= set(DecisionType.values)
    assert details.filter(extended=True).exists()
    assert details.exclude(correction_requested_on=None).exists()
    assert details.filter(acceptance="deemed").exists() or details.count() < 80
    assert cases.filter(closed_on=None, next_due__lt=today).exists()  # open past the deadline
    assert Deadline.objects.filter(case__in=cases, status="missed").exists()
    met = Deadline.objects.filter(case__in=cases, status="met").count()
    assert met > 2 * Deadline.objects.filter(case__in=cases, status="missed").count()
    assert all(c.is_demo for c in cases)
