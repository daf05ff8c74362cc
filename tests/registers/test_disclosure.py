"""政府信息公开申请 register, written from design/rules.md §0 and §3 (条例 2019) and
the 30号 annual-report table, not from the code.

* Receipt date (art. 31): in person = that day; post signed for = the day signed;
  ordinary letter / online / fax = the day confirmed with the applicant.
* Reply within 20 WD of receipt, +20 WD with the 工作机构负责人's consent and
  notice to the applicant (art. 33); one 补正 notice within 7 WD, the period
  restarting on the corrected application (art. 30); consultation time not
  counted (arts. 32–34).

Expected dates were counted by hand on the holiday notices of rules.md §0:
2025 National Day 10/1–10/8 off, Sunday 9/28 and Saturday 10/11 worked;
2026 Spring Festival 2/15–2/23 off, Saturdays 2/14 and 2/28 worked;
2026 New Year 1/1–1/3 off, Sunday 1/4 worked.
"""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.org.models import Role, Unit
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.details.disclosure import (
    REASONS_BY_TYPE,
    DisclosureDetail,
    ReplyType,
    ThirdPartyConsultation,
)
from fazhi.registers.disclosure import (
    annual_report_table,
    load_demo,
    ontime_reply_rate,
    review_table,
)
from fazhi.registers.models import Case, Deadline
from fazhi.workdays.calendar import WorkCalendar, builtin_years

from ..conftest import PASSWORD, make_user

D = datetime.date
REG = get_register("disclosure")
UNIT = "县政府办公室"


# ----------------------------------------------------------------- helpers
@pytest.fixture
def gov_clerk(county):  # noqa: ANN001, ANN201
    """A clerk of the 县政府办公室, the usual 政府信息公开工作机构."""
    return make_user("gov_clerk", Role.CLERK, unit=county.units[UNIT])


def actor(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def open_case(county, arrived: D, *, channel: str = "in_person",  # noqa: ANN001
              applicant_type: str = "person", content: str = "某村征地补偿安置方案",
              number: str = "", unit: str = UNIT, applicant: str = "王桂芝",
              region: Any = None) -> Case:
    return OpenCase(actor(county), REG, region=region or county.county,
                    unit=county.units[unit], data={
                        "number": number, "started_on": arrived, "submitted_on": arrived,
                        "applicant": applicant, "applicant_type": applicant_type,
                        "channel": channel, "content": content, "form_wanted": "paper"}).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    return RecordEvent(actor(county), case, REG, event, occurred_on=on, data=data).execute()


def run(county, case: Case, event: str, on: D, **data: Any) -> RecordEvent:  # noqa: ANN001
    action = RecordEvent(actor(county), case, REG, event, occurred_on=on, data=data)
    action.execute()
    return action


def received(county, on: D, *, needs_correction: bool = False, **kw: Any) -> Case:  # noqa: ANN001
    return act(county, open_case(county, on, **kw), "confirm_receipt", on,
               needs_correction=needs_correction)


def clock(case: Case, step: str = "reply") -> Deadline:
    return Deadline.objects.get(case=case, step=step, status=Deadline.Status.OPEN)


def detail(case: Case) -> DisclosureDetail:
    return DisclosureDetail.objects.get(case=case)


# ------------------------------------------------------ reply period (art. 33)
@pytest.mark.django_db
def test_reply_twenty_working_days_across_national_day(county) -> None:  # noqa: ANN001
    """rules.md example: `disclosure reply 2025-09-26` → 2025-10-30."""
    case = open_case(county, D(2025, 9, 26))
    assert case.state == "submitted" and case.next_due is None
    assert case.number == "莘县依申请〔2025〕1号"
    case = act(county, case, "confirm_receipt", D(2025, 9, 26))
    reply = clock(case)
    assert (reply.start, reply.due, reply.unit, reply.amount) == (D(2025, 9, 26), D(2025, 10, 30),
                                                                  "WD", 20)
    assert "《中华人民共和国政府信息公开条例》第三十三条" in reply.basis
    assert "国庆节" in reply.explanation and "9月28日" in reply.explanation
    assert "10月11日" in reply.explanation and not reply.provisional
    assert case.state == "received" and case.next_due == D(2025, 10, 30)
    assert detail(case).received_on == D(2025, 9, 26)
    # The 7 WD for a 补正 notice are timed only when the content is unclear.
    assert not Deadline.objects.filter(case=case, step="correction_notice").exists()
    unclear = received(county, D(2025, 9, 26), needs_correction=True)
    notice = clock(unclear, "correction_notice")
    # 9/28 (调休), 9/29, 9/30, 10/9, 10/10, 10/11 (调休), 10/13
    assert notice.due == D(2025, 10, 13) and "第三十条" in notice.basis


@pytest.mark.django_db
@pytest.mark.parametrize(("channel", "receipt", "due"), [
    ("in_person", D(2025, 9, 26), D(2025, 10, 30)),  # (一) the day received
    ("registered_post", D(2025, 9, 26), D(2025, 10, 30)),  # (二) the day signed for
    ("ordinary_post", D(2025, 9, 28), D(2025, 10, 31)),  # (二) the day confirmed
    ("online", D(2025, 9, 28), D(2025, 10, 31)),  # (三) the day confirmed
    ("fax", D(2025, 9, 28), D(2025, 10, 31)),  # (三) the day confirmed
])
def test_receipt_date_by_channel(county, channel, receipt, due) -> None:  # noqa: ANN001
    # Arrived Friday 9/26, confirmed with the applicant on the 调休 Sunday 9/28.
    case = open_case(county, D(2025, 9, 26), channel=channel)
    action = run(county, case, "confirm_receipt", D(2025, 9, 28))
    case.refresh_from_db()
    assert detail(case).received_on == receipt
    assert (clock(case).start, clock(case).due) == (receipt, due)
    # An ordinary letter should be confirmed the day it arrives (art. 31(二)).
    assert bool(action.messages) == (channel == "ordinary_post")


@pytest.mark.django_db
def test_reply_before_receipt_is_refused(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 9, 26), channel="online")
    assert [e.key for e in REG.available_events(case)] == ["confirm_receipt"]
    with pytest.raises(ActionRefused, match="只能在收到申请后答复"):
        act(county, case, "reply", D(2025, 9, 29), reply_type="granted")
    with pytest.raises(ActionRefused, match="不能早于收到"):
        act(county, case, "confirm_receipt", D(2025, 9, 25))
    case = act(county, case, "confirm_receipt", D(2025, 9, 29))
    with pytest.raises(ActionRefused, match="不能早于"):
        act(county, case, "reply", D(2025, 9, 28), reply_type="granted")
    case = act(county, case, "reply", D(2025, 9, 29), reply_type="granted")  # on the spot
    assert case.state == "replied" and case.closed_on == D(2025, 9, 29)
    assert Deadline.objects.get(case=case, step="reply").status == "met"


@pytest.mark.django_db
def test_spring_festival_2026(county) -> None:  # noqa: ANN001
    case = received(county, D(2026, 2, 10), needs_correction=True)
    # 2/11–2/14 (2/14 调休 Saturday) = 4; skip 2/15–2/23; 2/24–2/28 (2/28 调休) = 9;
    # 3/2–3/6 = 14; 3/9–3/13 = 19; 3/16 = 20.
    reply = clock(case)
    assert reply.due == D(2026, 3, 16) and not reply.provisional
    assert "春节" in reply.explanation and "2月14日" in reply.explanation
    assert "2月28日" in reply.explanation
    # 7 WD: 2/11, 2/12, 2/13, 2/14, 2/24, 2/25, 2/26
    assert clock(case, "correction_notice").due == D(2026, 2, 26)


@pytest.mark.django_db
def test_period_beyond_the_calendar_data_is_provisional(county, monkeypatch) -> None:  # noqa: ANN001
    real = received(county, D(2025, 12, 10))
    # With the 2026 notice held: 1/1–1/3 off, Sunday 1/4 worked → the 20th WD is 1/8.
    assert (clock(real).due, clock(real).provisional) == (D(2026, 1, 8), False)
    only_2025 = WorkCalendar({2025: builtin_years()[2025]})
    monkeypatch.setattr("fazhi.workdays.services.current_calendar", lambda: only_2025)
    case = received(county, D(2025, 12, 10))
    reply = clock(case)
    # Without the 2026 notice, weekends and the days of 放假办法 art. 2 rest (元旦 1/1):
    # 12/11 … 12/31 = 15, 1/2, 1/5, 1/6, 1/7, 1/8 — provisional (补假、调休 unknown).
    assert (reply.due, reply.provisional) == (D(2026, 1, 8), True)
    assert "暂定" in reply.explanation and "2026年" in reply.explanation
    case.refresh_from_db()
    assert case.next_due_provisional


# ---------------------------------------------------------- extension (art. 33)
@pytest.mark.django_db
def test_extension_adds_twenty_working_days_once(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))
    first = clock(case)
    case = act(county, case, "extend", D(2025, 10, 29), approver="马文涛",
               notified_on=D(2025, 10, 29))
    assert case.state == "extended"
    extended = clock(case)
    # 40 WD from 9/26: the 20th is 10/30; 10/31, 11/3–7, 11/10–14, 11/17–21, 11/24–27
    assert (extended.due, extended.amount, extended.extended) == (D(2025, 11, 27), 40, True)
    assert "延长20个工作日" in extended.explanation
    first.refresh_from_db()
    assert first.status == "superseded"
    d = detail(case)
    assert (d.extended, d.extended_on, d.extension_approver) == (True, D(2025, 10, 29), "马文涛")
    with pytest.raises(ActionRefused, match="只能从"):
        act(county, case, "extend", D(2025, 11, 3), approver="马文涛", notified_on=D(2025, 11, 3))
    case = act(county, case, "reply", D(2025, 11, 27), reply_type="partial")
    extended.refresh_from_db()
    assert (extended.status, case.next_due) == ("met", None)


@pytest.mark.django_db
def test_extension_needs_approval_and_notice_and_time(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))
    with pytest.raises(ActionRefused) as info:
        act(county, case, "extend", D(2025, 10, 20), approver="", notified_on=None)
    message = info.value.messages[0]
    assert "须经政府信息公开工作机构负责人同意" in message and "须告知申请人" in message
    assert "第三十三条" in message
    with pytest.raises(ActionRefused, match="负责人同意") as info:
        act(county, case, "extend", D(2025, 10, 20), approver=" ", notified_on=D(2025, 10, 20))
    assert "告知申请人" not in info.value.messages[0]
    with pytest.raises(ActionRefused, match="须告知申请人"):
        act(county, case, "extend", D(2025, 10, 20), approver="马文涛")
    with pytest.raises(ActionRefused, match="届满后不能再延长"):
        act(county, case, "extend", D(2025, 10, 31), approver="马文涛", notified_on=D(2025, 10, 31))
    assert clock(case).due == D(2025, 10, 30) and not detail(case).extended
    act(county, case, "extend", D(2025, 10, 30), approver="马文涛", notified_on=D(2025, 10, 30))


# -------------------------------------------------------------- 补正 (art. 30)
@pytest.mark.django_db
def test_correction_restarts_the_period_and_only_once(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26), needs_correction=True)
    case = act(county, case, "request_correction", D(2025, 10, 9), items="请明确地块位置")
    assert case.state == "correction_requested"
    notice = Deadline.objects.get(case=case, step="correction_notice")
    assert (notice.status, notice.done_on) == ("met", D(2025, 10, 9))
    assert Deadline.objects.get(case=case, step="reply").status == "cancelled"
    assert case.next_due is None
    # Default period for the applicant: 15 WD from 10/9 → 10/29.
    assert detail(case).correction_due == D(2025, 10, 29)
    case = act(county, case, "correction_received", D(2025, 10, 20))
    assert case.state == "received"
    reply = clock(case)
    # 20 WD from Monday 10/20: 10/21–24, 10/27–31, 11/3–7, 11/10–14, 11/17
    assert (reply.start, reply.due) == (D(2025, 10, 20), D(2025, 11, 17))
    assert "request_correction" not in [e.key for e in REG.available_events(case)]
    with pytest.raises(ActionRefused, match="补正只能一次性告知.*第三十条"):
        act(county, case, "request_correction", D(2025, 10, 21), items="再补充")
    assert Deadline.objects.filter(case=case, step="correction_notice").count() == 1


@pytest.mark.django_db
def test_late_or_unforeseen_correction_notice_is_timed_from_the_receipt(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))  # not marked as unclear
    action = run(county, case, "request_correction", D(2025, 10, 14), items="请明确")
    notice = Deadline.objects.get(case=case, step="correction_notice")
    assert (notice.start, notice.due, notice.status) == (D(2025, 9, 26), D(2025, 10, 13), "missed")
    assert "7个工作日内" in action.messages[0]
    with pytest.raises(ActionRefused, match="需要补正的事项"):
        act(county, received(county, D(2025, 9, 26)), "request_correction", D(2025, 9, 29), items="")


@pytest.mark.django_db
def test_abandonment_only_after_the_correction_period(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))
    case = act(county, case, "request_correction", D(2025, 10, 9), items="请明确",
               correction_due=D(2025, 10, 20))
    with pytest.raises(ActionRefused, match="补正期限尚未届满"):
        act(county, case, "abandon", D(2025, 10, 20))
    with pytest.raises(ActionRefused, match="不能从“待补正”转为“已答复”"):
        act(county, case, "reply", D(2025, 10, 20), reply_type="granted")
    case = act(county, case, "abandon", D(2025, 10, 21))
    d = detail(case)
    assert (case.state, case.closed_on) == ("abandoned", D(2025, 10, 21))
    assert (d.reply_type, d.reply_reason) == ("other", "overdue_correction")


# ----------------------------------------------- consultation (arts. 32–34)
@pytest.mark.django_db
def test_third_party_consultation_time_is_not_counted(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))  # due 10/30
    assert "consult_answer" not in [e.key for e in REG.available_events(case)]
    case = act(county, case, "consult", D(2025, 10, 9), kind="third_party", party="鑫隆建材有限公司")
    assert case.state == "received" and clock(case).due == D(2025, 10, 30)
    assert "consult_answer" in [e.key for e in REG.available_events(case)]
    case = act(county, case, "consult_answer", D(2025, 10, 20), answer="disagree")
    # Excluded: 10/10, 10/11 (调休), 10/13–10/17, 10/20 = 8 WD → 28 WD from 9/26 = 11/11.
    reply = clock(case)
    assert reply.due == D(2025, 11, 11)
    assert reply.start == D(2025, 10, 14)  # 9/26 moved 8 WD later
    assert "8个工作日" in reply.explanation and "第三十二条至第三十四条" in reply.explanation
    assert ThirdPartyConsultation.objects.get(case=case).excluded_days == 8
    assert Deadline.objects.filter(case=case, step="reply", status="superseded").count() == 1
    # A second, overlapping consultation counts each day once: 10/14–10/22 adds 10/21, 10/22.
    act(county, case, "consult", D(2025, 10, 13), kind="other_agency", party="县自然资源和规划局")
    with pytest.raises(ActionRefused, match="请填写征求意见对象"):
        act(county, case, "consult", D(2025, 10, 13), kind="third_party", party=" ")
    case = act(county, case, "consult_answer", D(2025, 10, 22), party="县自然资源和规划局",
               answer="agree")
    assert clock(case).due == D(2025, 11, 13)  # 30 WD from 9/26
    with pytest.raises(ActionRefused, match="没有尚未回复的征求意见"):
        act(county, case, "consult_answer", D(2025, 10, 23), answer="agree")


@pytest.mark.django_db
def test_silence_of_the_third_party_counts_at_most_fifteen_working_days(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26), channel="online")
    act(county, case, "consult", D(2025, 10, 9), kind="third_party", party="丰源食品有限公司")
    # The party has 15 WD: 10/10 … 10/29; silence can be recorded only after that.
    with pytest.raises(ActionRefused, match="15个工作日内提出意见"):
        act(county, case, "consult_answer", D(2025, 10, 29), answer="no_answer")
    case = act(county, case, "consult_answer", D(2025, 11, 5), answer="no_answer")
    # 35 WD from 9/26 = 11/20
    assert clock(case).due == D(2025, 11, 20)
    assert ThirdPartyConsultation.objects.get(case=case).excluded_days == 15


# ------------------------------------------------------------- reply (art. 36)
@pytest.mark.django_db
def test_reply_types_follow_the_annual_report_categories(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))
    with pytest.raises(ActionRefused, match="须选择具体情形"):
        act(county, case, "reply", D(2025, 10, 20), reply_type="withheld")
    with pytest.raises(ActionRefused, match="须选择具体情形"):
        act(county, case, "reply", D(2025, 10, 20), reply_type="withheld", reply_reason="not_held")
    with pytest.raises(ActionRefused, match="不填写具体情形"):
        act(county, case, "reply", D(2025, 10, 20), reply_type="granted", reply_reason="petition")
    with pytest.raises(ActionRefused, match="视为放弃申请"):
        act(county, case, "reply", D(2025, 10, 20), reply_type="other",
            reply_reason="overdue_correction")
    action = run(county, case, "reply", D(2025, 10, 31), reply_type="withheld",
                 reply_reason="process", reply_number="莘政办依复〔2025〕9号", fee_amount=None)
    case.refresh_from_db()
    assert "已逾期" in action.messages[0]
    assert Deadline.objects.get(case=case, step="reply").status == "missed"
    d = detail(case)
    assert (d.replied_on, d.reply_type, d.reply_reason) == (D(2025, 10, 31), "withheld", "process")
    assert ("答复", "2025年10月31日 不予公开：属于四类过程性信息") in REG.detail_rows(d)


# --------------------------------------------------------- annual report (30号)
def _reply(county, arrived: D, replied: D, kind: str, reason: str = "", **kw: Any) -> Case:  # noqa: ANN001
    return act(county, received(county, arrived, **kw), "reply", replied, reply_type=kind,
               reply_reason=reason)


@pytest.mark.django_db
def test_annual_report_table_counts(county, django_assert_num_queries) -> None:  # noqa: ANN001
    _reply(county, D(2024, 12, 20), D(2025, 1, 10), "granted")  # carried into 2025
    _reply(county, D(2024, 12, 23), D(2024, 12, 30), "granted", applicant_type="business")
    _reply(county, D(2025, 3, 3), D(2025, 3, 20), "granted")
    _reply(county, D(2025, 3, 3), D(2025, 5, 6), "partial")  # 20 WD ended 3/31: late
    _reply(county, D(2025, 4, 1), D(2025, 4, 20), "withheld", "third_party",
           applicant_type="legal_service")
    _reply(county, D(2025, 5, 6), D(2025, 5, 20), "unavailable", "not_held",
           applicant_type="business")
    _reply(county, D(2025, 6, 3), D(2025, 6, 10), "not_processed", "repeated",
           applicant_type="research")
    abandoned = received(county, D(2025, 7, 1))
    act(county, abandoned, "request_correction", D(2025, 7, 3), items="请明确",
        correction_due=D(2025, 7, 17))
    act(county, abandoned, "abandon", D(2025, 7, 21))
    received(county, D(2025, 12, 22), applicant_type="public_welfare")  # still open
    _reply(county, D(2025, 12, 15), D(2026, 1, 5), "granted", applicant_type="other_org")
    _reply(county, D(2025, 8, 4), D(2025, 8, 20), "other", "fee_unpaid")
    cases = Case.objects.all()

    # the table in three parts (received in the year, carried in closed later,
    # carried in still open), the on-time rate
    with django_assert_num_queries(4):
        table = annual_report_table(cases, 2025)
    cells = table["cells"]
    assert [c for c, _ in table["columns"]] == ["person", "business", "research",
                                                "public_welfare", "legal_service", "other_org",
                                                "total"]
    assert cells["new"] == {"person": 4, "business": 1, "research": 1, "public_welfare": 1,
                            "legal_service": 1, "other_org": 1, "total": 9}
    assert cells["carried_in"]["total"] == cells["carried_in"]["person"] == 1
    assert cells["granted"]["total"] == 2 and cells["partial"]["person"] == 1
    assert cells["withheld.third_party"]["legal_service"] == 1
    assert cells["withheld"]["total"] == 1 and cells["withheld.state_secret"]["total"] == 0
    assert cells["unavailable.not_held"]["business"] == 1
    assert cells["not_processed.repeated"]["research"] == 1
    assert cells["other.overdue_correction"]["person"] == 1
    assert cells["other.fee_unpaid"]["person"] == 1 and cells["other"]["person"] == 2
    assert cells["total"]["total"] == 8
    assert cells["carried_over"] == {"person": 0, "business": 0, "research": 0,
                                     "public_welfare": 1, "legal_service": 0, "other_org": 1,
                                     "total": 2}
    for column, _ in table["columns"]:  # 新收 + 结转 = 办结 + 结转下年
        assert (cells["new"][column] + cells["carried_in"][column]
                == cells["total"][column] + cells["carried_over"][column])
    sub_rows = [r["key"] for r in table["rows"] if r["level"] == 2]
    assert len(sub_rows) == sum(len(v) for v in REASONS_BY_TYPE.values()) == 19
    labels = [r["label"] for r in table["rows"]]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert "3.危及“三安全一稳定”" in labels and labels[-1] == "四、结转下年度继续办理"
    # Replied in 2025: 7 (the abandonment is not a reply); one was late.
    assert table["ontime_reply_rate"] == {"code": "DISCLOSURE_ONTIME_REPLY_RATE",
                                          "numerator": 6, "denominator": 7, "rate": 85.7}
    next_year = annual_report_table(cases, 2026)["cells"]
    assert (next_year["carried_in"]["total"], next_year["total"]["total"],
            next_year["carried_over"]["total"]) == (2, 1, 1)
    assert ontime_reply_rate(Case.objects.none()) == {
        "code": "DISCLOSURE_ONTIME_REPLY_RATE", "numerator": 0, "denominator": 0, "rate": None}


@pytest.mark.django_db
def test_extended_reply_counts_on_time_and_followups_feed_part_four(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))
    act(county, case, "extend", D(2025, 10, 28), approver="马文涛", notified_on=D(2025, 10, 28))
    case = act(county, case, "reply", D(2025, 11, 20), reply_type="withheld",
               reply_reason="internal")
    assert ontime_reply_rate(Case.objects.all(), 2025)["rate"] == 100.0
    recon = Case.objects.create(register="reconsideration", region=county.county,
                                unit=county.units["县司法局"], number="莘县复受〔2025〕8号",
                                title="x", started_on=D(2025, 12, 1), state="received")
    case = act(county, case, "followup", D(2025, 12, 1), kind="reconsideration",
               outcome="pending", case_number="莘县复受〔2025〕8号")
    # A later event does not move the date the case was concluded.
    assert (case.state, case.closed_on) == ("replied", D(2025, 11, 20))
    case = act(county, case, "followup", D(2026, 1, 20), kind="reconsideration",
               outcome="upheld")
    d = detail(case)
    assert (d.reconsideration_on, d.reconsideration_outcome) == (D(2025, 12, 1), "upheld")
    assert d.reconsideration_case == recon and d.reconsideration_number == "莘县复受〔2025〕8号"
    case = act(county, case, "followup", D(2026, 2, 3), kind="litigation",
               after_reconsideration=True, outcome="pending")
    other = _reply(county, D(2025, 3, 3), D(2025, 3, 20), "unavailable", "not_held")
    act(county, other, "followup", D(2025, 4, 10), kind="litigation", outcome="corrected")
    assert case.closed_on == D(2025, 11, 20)
    t2025 = review_table(Case.objects.all(), 2025)
    assert t2025["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0,
                                        "total": 1}
    assert t2025["litigation_direct"]["corrected"] == t2025["litigation_direct"]["total"] == 1
    assert review_table(Case.objects.all(), 2026)["litigation_after"]["pending"] == 1
    rows = dict(REG.detail_rows(detail(case)))
    assert rows["后续复议诉讼"] == ("行政复议 2025-12-01 维持 莘县复受〔2025〕8号\n"
                                  "复议后起诉 2026-02-03 未审结")
    with pytest.raises(ActionRefused, match="只能在"):
        act(county, open_case(county, D(2025, 3, 3)), "followup", D(2025, 4, 1),
            kind="litigation", outcome="pending")


# ---------------------------------------------------------------------- Excel
def _snapshot(case: Case) -> dict[str, Any]:
    d = detail(case)
    fields = {f.name: getattr(d, f.name) for f in d._meta.concrete_fields
              if f.name not in ("id", "case", "reconsideration_case", "litigation_case")}
    deadlines = sorted((x.step, x.start, x.due, x.status, x.extended, x.done_on, x.amount)
                       for x in case.deadlines.all())
    consultations = [(c.kind, c.party, c.sent_on, c.answered_on, c.answer, c.excluded_days)
                     for c in case.consultations.all()]
    events = [(e.kind, e.occurred_on, e.from_state, e.to_state) for e in case.events.all()]
    return {"number": case.number, "title": case.title, "unit": case.unit.short_name,
            "started_on": case.started_on, "state": case.state, "closed_on": case.closed_on,
            "next_due": case.next_due, "detail": fields, "deadlines": deadlines,
            "consultations": consultations, "events": events}


def _various(county) -> list[Case]:  # noqa: ANN001
    out = [_reply(county, D(2025, 9, 26), D(2025, 10, 20), "granted")]
    c = received(county, D(2025, 9, 26), needs_correction=True, channel="online",
                 applicant_type="legal_service", applicant="山东鲁衡律师事务所")
    act(county, c, "request_correction", D(2025, 10, 9), items="请明确时间范围",
        correction_due=D(2025, 10, 24))
    act(county, c, "correction_received", D(2025, 10, 20))
    out.append(act(county, c, "reply", D(2025, 11, 3), reply_type="unavailable",
                   reply_reason="still_unclear"))
    c = received(county, D(2025, 9, 26), applicant_type="business", content="某项目出让合同")
    act(county, c, "consult", D(2025, 10, 9), kind="third_party", party="鑫隆建材有限公司")
    act(county, c, "consult", D(2025, 10, 10), kind="other_agency", party="县自然资源和规划局")
    act(county, c, "consult_answer", D(2025, 10, 20), party="鑫隆建材有限公司", answer="disagree")
    act(county, c, "extend", D(2025, 11, 5), approver="马文涛", notified_on=D(2025, 11, 6))
    c = act(county, c, "reply", D(2025, 11, 28), reply_type="partial", reply_reason="third_party",
            reply_number="莘政办依复〔2025〕12号", fee_amount="100.00")
    act(county, c, "followup", D(2025, 12, 10), kind="reconsideration", outcome="corrected",
        case_number="莘县复受〔2025〕20号")
    out.append(act(county, c, "followup", D(2026, 2, 2), kind="litigation",
                   after_reconsideration=True, outcome="pending"))
    c = received(county, D(2025, 10, 9))
    act(county, c, "request_correction", D(2025, 10, 10), items="请明确")
    out.append(act(county, c, "abandon", D(2025, 11, 3)))
    out.append(open_case(county, D(2025, 10, 9), channel="online", content="尚未确认的申请"))
    c = open_case(county, D(2025, 10, 9), channel="ordinary_post", unit="朝城镇",
                  number="朝城镇依申请〔2025〕3号")
    out.append(act(county, c, "confirm_receipt", D(2025, 10, 10), needs_correction=True))
    c = received(county, D(2025, 10, 9), applicant_type="other_org")
    act(county, c, "followup", D(2025, 12, 1), kind="litigation", outcome="pending")
    out.append(c)
    return [Case.objects.get(pk=x.pk) for x in out]


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    originals = _various(county)
    data = excel.workbook_bytes(REG, Case.objects.filter(register="disclosure").order_by("id"))
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    headers = [c.value.rstrip("*") for c in sheet[1]]
    for header in ("编号", "承办单位", "申请日期", "收到日期", "申请人", "申请人类型", "申请方式",
                   "申请内容", "补正通知日期", "补正收到日期", "是否延长", "答复日期", "答复类型",
                   "不予公开理由", "后续复议诉讼", "状态"):
        assert header in headers
    for short in (UNIT, "朝城镇"):
        Unit.objects.create(region=county.other_county, name=f"东阿{short}", short_name=short)
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="disclosure", region=county.other_county,
                                number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.title
        assert copy.unit.region == county.other_county


def _rows(*rows: list[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["承办单位", "收到日期", "申请人", "申请方式", "申请内容", "答复日期", "答复类型",
               "不予公开理由"])
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = [UNIT, "2025-03-03", "张建华", "当面提交", "某村财务公开资料", "2025-03-20", "予以公开", ""]


@pytest.mark.django_db
def test_bad_rows_are_reported_with_their_row_number_and_nothing_is_saved(county) -> None:  # noqa: ANN001
    office = Actor.for_user(county.users["office"])
    bad_date = [UNIT, "2025-02-30", *GOOD[2:]]
    bad_type = [*GOOD[:6], "部分不公开", ""]
    missing = [GOOD[0], GOOD[1], "", *GOOD[3:]]
    result = excel.import_workbook(REG, _rows(GOOD, bad_date, bad_type, missing), county.county,
                                   office)
    assert not result.ok and result.created == 0
    errors = dict(result.errors)
    assert "收到日期" in errors[3] and "日期格式不正确" in errors[3]
    assert "答复类型" in errors[4] and "“部分不公开”不是可选值" in errors[4]
    assert errors[5] == "“申请人”不能为空"
    assert 2 not in errors
    assert not Case.objects.filter(register="disclosure").exists()
    # Rows that parse but break the procedure roll back the rows before them.
    no_reason = [*GOOD[:6], "不予公开", ""]
    late_unit = ["县教育局", *GOOD[1:]]
    result = excel.import_workbook(REG, _rows(GOOD, no_reason, late_unit), county.county, office)
    assert result.created == 0 and [n for n, _ in result.errors] == [3, 4]
    assert "须选择具体情形" in result.errors[0][1] and "作出答复（2025-03-20）" in result.errors[0][1]
    assert "县教育局" in result.errors[1][1]
    assert not Case.objects.filter(register="disclosure").exists()
    result = excel.import_workbook(REG, _rows(GOOD, [*GOOD[:6], "不予公开", "属于国家秘密"]),
                                   county.county, office)
    assert result.ok and result.created == 2
    assert set(DisclosureDetail.objects.values_list("reply_reason", flat=True)) == {
        "", "state_secret"}


# ---------------------------------------------------------------------- web
@pytest.mark.django_db
def test_list_filters_detail_and_open_through_the_web(county, gov_clerk) -> None:  # noqa: ANN001
    client = Client()
    assert client.login(username="gov_clerk", password=PASSWORD)
    with time_machine.travel(datetime.datetime(2025, 10, 28, 10, 0), tick=False):
        soon = received(county, D(2025, 9, 26), content="即将到期的申请")  # due 10/30
        late = received(county, D(2025, 9, 1), content="已经逾期的申请")  # due 9/29
        done = _reply(county, D(2025, 9, 1), D(2025, 9, 20), "granted", content="已答复的申请")
        response = client.post(reverse("registers:case_open", args=["disclosure"]), {
            "unit": county.units[UNIT].pk, "started_on": "2025-10-27", "submitted_on": "2025-10-25",
            "applicant": "李宪军", "applicant_type": "person", "channel": "online",
            "content": "网上提交的申请", "form_wanted": "electronic"})
        assert response.status_code == 302
        new = Case.objects.get(title="网上提交的申请")
        assert detail(new).channel == "online" and new.state == "submitted"
        url = reverse("registers:case_list", args=["disclosure"])
        page = client.get(url).content.decode()
        assert "政府信息公开申请" in page and "即将到期的申请" in page and "已答复的申请" in page
        page = client.get(url, {"due": "overdue"}).content.decode()
        assert "已经逾期的申请" in page and "即将到期的申请" not in page
        page = client.get(url, {"due": "soon"}).content.decode()
        assert "即将到期的申请" in page and "已经逾期的申请" not in page
        page = client.get(url, {"state": "replied"}).content.decode()
        assert "已答复的申请" in page and "即将到期的申请" not in page
        page = client.get(reverse("registers:case_detail",
                                  args=["disclosure", soon.pk])).content.decode()
        assert "依申请公开答复" in page and "2025年10月30日" in page
        assert "《中华人民共和国政府信息公开条例》第三十三条" in page
        assert "计算过程" in page and "计入调休上班日9月28日（星期日）、10月11日（星期六）" in page
        assert "收到申请之日" in page and "延长答复期限" in page and "作出答复" in page
        export = client.get(url, {"export": "xlsx"})
        assert export.status_code == 200
        assert load_workbook(BytesIO(export.content)).worksheets[0].max_row == 5
        assert late.pk and done.pk


@pytest.mark.django_db
def test_event_form_keeps_what_was_typed_on_error(county, gov_clerk) -> None:  # noqa: ANN001
    client = Client()
    assert client.login(username="gov_clerk", password=PASSWORD)
    case = received(county, D(2025, 9, 26))
    for event in REG.events:  # every event form renders
        page = client.get(reverse("registers:case_event", args=["disclosure", case.pk, event.key]))
        assert page.status_code == 200 and event.label in page.content.decode()
    url = reverse("registers:case_event", args=["disclosure", case.pk, "extend"])
    response = client.post(url, {"occurred_on": "2025-10-20", "notified_on": "2025-10-21",
                                 "note": "需要调取档案", "version": case.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "须经政府信息公开工作机构负责人同意" in page and "第三十三条" in page
    assert 'value="2025-10-21"' in page and "需要调取档案" in page and 'value="2025-10-20"' in page
    assert not detail(case).extended
    reply_url = reverse("registers:case_event", args=["disclosure", case.pk, "reply"])
    response = client.post(reply_url, {"occurred_on": "2025-10-22", "reply_type": "withheld",
                                       "reply_number": "莘政办依复〔2025〕3号",
                                       "version": case.version})
    page = response.content.decode()
    assert "须选择具体情形" in page and "莘政办依复〔2025〕3号" in page
    response = client.post(reply_url, {"occurred_on": "2025-10-22", "reply_type": "withheld",
                                       "reply_reason": "state_secret", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "replied" and detail(case).reply_reason == "state_secret"


# ---------------------------------------------------------------------- demo
@pytest.mark.django_db
def test_demo_has_every_reply_category_and_the_usual_mix(county) -> None:  # noqa: ANN001
    today = D(2026, 11, 20)
    count = load_demo(county.county, county.units, Actor.for_user(county.users["office"]), today,
                      random.Random(11))
    cases = Case.objects.filter(register="disclosure", region=county.county)
    assert cases.count() == count > 100
    assert {c.started_on.year for c in cases} == {2025, 2026}
    assert all(c.is_demo for c in cases)
    details = DisclosureDetail.objects.filter(case__in=cases)
    pairs = set(details.values_list("reply_type", "reply_reason"))
    for kind, reasons in REASONS_BY_TYPE.items():
        for reason in reasons or ("",):
            assert (kind, reason) in pairs, (kind, reason)
    assert set(ReplyType.values) <= {k for k, _ in pairs}
    assert details.filter(extended=True).exists()
    assert details.exclude(correction_requested_on=None).exists()
    assert ThirdPartyConsultation.objects.filter(case__in=cases).exists()
    assert details.exclude(reconsideration_on=None).exists() or details.exclude(
        litigation_on=None).exists()
    assert cases.filter(closed_on=None, next_due__lt=today).exists()  # open past the deadline
    rate = ontime_reply_rate(cases, 2025)
    assert rate["denominator"] > 50 and 80 < rate["rate"] < 100
    table = annual_report_table(cases, 2025)["cells"]
    assert table["new"]["total"] > 60 and table["new"]["person"] > table["new"]["business"]
