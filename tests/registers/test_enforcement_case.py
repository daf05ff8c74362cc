"""行政执法案件登记簿, tested from design/rules.md §6 and 《中华人民共和国行政处罚法》
arts. 33, 36, 47, 48, 51, 58, 60, 85 and 国办发〔2018〕118号.

2025 holidays (国办发明电〔2024〕12号): 国庆、中秋 10/1–10/8 off, 9/28 (Sunday) and
10/11 (Saturday) worked; 劳动节 5/1–5/5 off, 4/27 (Sunday) worked.
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
from fazhi.procedures.models import RuleSetting
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.enforcement_case.rules import (
    credit_code_error,
    limitation_end,
    make_credit_code,
)
from fazhi.registers.models import Case, Deadline

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("enforcement_case")
CODE = make_credit_code("91371522MA3C4P5Q0")


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def file(county, on: D, *, kind: str = "penalty", party_type: str = "organisation",  # noqa: ANN001
         party: str = "莘县某某超市", unit: str = "县市场监管局", number: str = "",
         **extra: Any) -> Case:
    data = {"number": number, "title": f"{party}案", "started_on": on, "kind": kind,
            "sector": "general", "party_type": party_type, "party_name": party,
            "credit_code": CODE if party_type == "organisation" else "", "procedure": "ordinary",
            "powers_published": True, **extra}
    return OpenCase(office(county), REG, region=county.county, unit=county.units[unit],
                    data=data).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    return RecordEvent(office(county), case, REG, event, occurred_on=on, data=data).execute()


def fine(amount: int | str, **more: Any) -> dict[str, Any]:
    return {"outcome": "penalty", "penalty_type": "fine", "fine_amount": str(amount), **more}


def clock(case: Case, step: str) -> Deadline:
    return Deadline.objects.get(case=case, step=step, status=Deadline.Status.OPEN)


# ------------------------------------------------------------ art. 60: 90 days
@pytest.mark.django_db
def test_a_penalty_case_is_decided_within_90_days_of_filing(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 7, 3))
    # 7/3 + 90 = 10/1, a holiday: the period ends on the next working day, 10/9.
    deadline = clock(case, "penalty_decision")
    assert (deadline.due, deadline.unit, deadline.amount) == (D(2025, 10, 9), "CD", 90)
    assert "第六十条" in deadline.basis and case.next_due == D(2025, 10, 9)
    # A licence has no 90-day clock (its own law's periods).
    licence = file(county, D(2025, 7, 3), kind="licence", party="莘县某某药店")
    assert not Deadline.objects.filter(case=licence).exists()


@pytest.mark.django_db
def test_the_extension_is_the_sectors_setting_not_code(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 7, 3))
    with pytest.raises(ActionRefused):
        act(county, case, "extend", D(2025, 9, 1), extended_days=45, extension_approval="局长批准")
    case = act(county, case, "extend", D(2025, 9, 1), extended_days=30, extension_approval="局长批准")
    assert clock(case, "penalty_decision").due == D(2025, 10, 31)
    # The county allows 60 days for this sector: a setting, then 45 is accepted.
    RuleSetting.objects.create(process="enforcement", step="penalty_decision", region=county.county,
                               amount=90, unit="CD", extension_amount=60)
    other = file(county, D(2025, 7, 3), party="莘县某某餐饮店")
    other = act(county, other, "extend", D(2025, 9, 1), extended_days=45, extension_approval="批准")
    assert clock(other, "penalty_decision").due == D(2025, 11, 17)  # 7/3 + 135 = 11/15 (Sat) → 11/17


@pytest.mark.django_db
def test_a_late_decision_is_settled_as_missed_with_a_warning(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 7, 3))
    action = RecordEvent(office(county), case, REG, "decide", occurred_on=D(2025, 10, 10),
                         data=fine(5000))
    action.execute()
    assert any("逾期" in m for m in action.messages)
    assert Deadline.objects.get(case=case, step="penalty_decision").status == Deadline.Status.MISSED


# ------------------------------------------------------------ art. 58: 法制审核
@pytest.mark.django_db
def test_no_major_decision_without_a_passed_review_by_a_qualified_reviewer(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 9, 1), is_major=True, major_reason="public_interest")
    with pytest.raises(ActionRefused, match="未经法制审核或者审核未通过的，不得作出决定"):
        act(county, case, "decide", D(2025, 9, 20), **fine(50000))
    # A first-time reviewer without 法律职业资格 may not review (art. 58②).
    with pytest.raises(ActionRefused, match="法律职业资格"):
        act(county, case, "legal_review", D(2025, 9, 10), reviewer_name="李审核",
            reviewer_first_time=True, reviewer_bar_qualified=False, review_result="passed")
    case = act(county, case, "legal_review", D(2025, 9, 10), reviewer_name="李审核",
               reviewer_first_time=False, review_result="not_passed",
               review_opinion="罚款数额超出裁量基准")
    with pytest.raises(ActionRefused, match="第五十八条第一款"):
        act(county, case, "decide", D(2025, 9, 20), **fine(50000))
    case = act(county, case, "legal_review", D(2025, 9, 15), reviewer_name="王审核",
               reviewer_first_time=True, reviewer_bar_qualified=True, review_result="passed")
    case = act(county, case, "decide", D(2025, 9, 20), **fine(30000))
    d = REG.detail_of(case)
    assert case.state == "decided" and d.reviewer_name == "王审核" and d.reviewed_on == D(2025, 9, 15)
    assert d.fine_amount == 30000


@pytest.mark.django_db
def test_a_case_found_major_during_investigation_needs_the_review_too(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 9, 1))
    case = act(county, case, "mark_major", D(2025, 9, 5), major_reason="major_rights_hearing")
    assert REG.detail_of(case).is_major
    with pytest.raises(ActionRefused, match="法制审核"):
        act(county, case, "decide", D(2025, 9, 20), outcome="penalty", penalty_type="suspension")


@pytest.mark.django_db
def test_a_major_case_cannot_be_filed_without_its_reason(county) -> None:  # noqa: ANN001
    with pytest.raises(ActionRefused, match="第五十八条第一款"):
        file(county, D(2025, 9, 1), is_major=True)
    assert not Case.objects.filter(register="enforcement_case").exists()


# ------------------------------------------------------------ art. 51: simple procedure
@pytest.mark.django_db
@pytest.mark.parametrize(("party_type", "amount", "ok"), [
    ("person", 200, True), ("person", "200.01", False),
    ("organisation", 3000, True), ("organisation", 3001, False),
])
def test_simple_procedure_only_within_article_51s_amounts(county, party_type, amount, ok) -> None:  # noqa: ANN001
    case = file(county, D(2025, 9, 1), party_type=party_type, party="张三" if party_type == "person"
                else "莘县某某商贸有限公司", procedure="simple")
    if ok:
        assert act(county, case, "decide", D(2025, 9, 1), **fine(amount)).state == "decided"
    else:
        with pytest.raises(ActionRefused, match="第五十一条"):
            act(county, case, "decide", D(2025, 9, 1), **fine(amount))


@pytest.mark.django_db
def test_simple_procedure_allows_a_warning_but_not_other_penalties(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 9, 1), procedure="simple")
    with pytest.raises(ActionRefused, match="第五十一条"):
        act(county, case, "decide", D(2025, 9, 1), outcome="penalty", penalty_type="suspension")
    assert act(county, case, "decide", D(2025, 9, 1), outcome="penalty",
               penalty_type="warning").state == "decided"
    with pytest.raises(ActionRefused, match="第五十一条"):
        file(county, D(2025, 9, 1), kind="licence", procedure="simple")


@pytest.mark.django_db
def test_a_fine_needs_its_amount(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 9, 1))
    with pytest.raises(ActionRefused, match="罚款金额"):
        act(county, case, "decide", D(2025, 9, 10), outcome="penalty", penalty_type="fine")


# ------------------------------------------------------------ art. 36: limitation
def test_limitation_is_two_years_or_five_by_the_corresponding_day() -> None:
    assert limitation_end(D(2023, 9, 1), five_years=False) == D(2025, 9, 1)
    assert limitation_end(D(2020, 9, 1), five_years=True) == D(2025, 9, 1)
    assert limitation_end(D(2024, 2, 29), five_years=False) == D(2026, 2, 28)


@pytest.mark.django_db
def test_limitation_is_warned_at_filing_and_no_penalty_follows(county) -> None:  # noqa: ANN001
    action = OpenCase(office(county), REG, region=county.county, unit=county.units["县市场监管局"],
                      data={"title": "旧案", "started_on": D(2025, 9, 2), "kind": "penalty",
                            "party_type": "person", "party_name": "赵某",
                            "act_ended_on": D(2023, 9, 1), "powers_published": True})
    case = action.execute()
    assert any("第三十六条" in m for m in action.messages)
    with pytest.raises(ActionRefused, match="不再给予行政处罚"):
        act(county, case, "decide", D(2025, 9, 10), **fine(100))
    # discovered within two years (the day itself included): a penalty is possible.
    ok = file(county, D(2025, 9, 2), act_ended_on=D(2023, 9, 1), discovered_on=D(2025, 9, 1))
    assert act(county, ok, "decide", D(2025, 9, 10), **fine(100)).state == "decided"
    # five years where life, health or financial safety was harmed
    safety = file(county, D(2025, 9, 2), act_ended_on=D(2021, 9, 1), safety_related=True)
    assert act(county, safety, "decide", D(2025, 9, 10), **fine(100)).state == "decided"


# ------------------------------------------------------------ 全过程记录 (art. 47; 118号)
@pytest.mark.django_db
def test_listed_on_site_measures_need_an_audio_video_record(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 9, 1), kind="coercion")
    with pytest.raises(ActionRefused, match="音像记录"):
        act(county, case, "measure", D(2025, 9, 2), measure="seizure")
    case = act(county, case, "measure", D(2025, 9, 2), measure="seizure",
               av_record_ref="执法记录仪 SC-0012")
    d = REG.detail_of(case)
    assert d.av_recorded and d.measure_on == D(2025, 9, 2)
    # an inspection needs no audio-video record
    act(county, case, "measure", D(2025, 9, 3), measure="on_site_inspection")


@pytest.mark.django_db
def test_filing_without_published_powers_is_warned(county) -> None:  # noqa: ANN001
    action = OpenCase(office(county), REG, region=county.county, unit=county.units["县市场监管局"],
                      data={"title": "案", "started_on": D(2025, 9, 2), "kind": "inspection",
                            "party_type": "person", "party_name": "钱某", "powers_published": False})
    action.execute()
    assert any("第三十九条" in m for m in action.messages)


@pytest.mark.django_db
def test_a_bad_credit_code_is_refused() -> None:
    assert credit_code_error(CODE) == ""
    assert "校验位" in credit_code_error(CODE[:-1] + ("0" if CODE[-1] != "0" else "1"))
    assert "18位" in credit_code_error("123")


# ------------------------------------------------------------ publication (118号)
@pytest.mark.django_db
def test_a_penalty_is_published_within_7_working_days_across_national_day(county) -> None:  # noqa: ANN001
    case = act(county, file(county, D(2025, 9, 1)), "decide", D(2025, 9, 26), **fine(1000))
    # 9/28 (worked Sunday), 9/29, 9/30, 10/9, 10/10, 10/11 (worked Saturday), 10/13
    assert clock(case, "publicity_penalty").due == D(2025, 10, 13)
    case = act(county, case, "publish", D(2025, 10, 13), publication_place="县政府门户网站")
    assert Deadline.objects.get(case=case, step="publicity_penalty").status == Deadline.Status.MET


@pytest.mark.django_db
def test_other_decisions_are_published_within_20_working_days_and_late_is_missed(county) -> None:  # noqa: ANN001
    case = act(county, file(county, D(2025, 9, 1), kind="inspection"), "decide", D(2025, 9, 26),
               outcome="decided")
    # 20 WD: 9/28 9/29 9/30, 10/9 10/10 10/11, 10/13–17, 10/20–24, 10/27–30
    assert clock(case, "publicity_other").due == D(2025, 10, 30)
    action = RecordEvent(office(county), case, REG, "publish", occurred_on=D(2025, 10, 31))
    action.execute()
    assert any("逾期" in m for m in action.messages)
    assert Deadline.objects.get(case=case, step="publicity_other").status == Deadline.Status.MISSED


@pytest.mark.django_db
def test_market_regulation_uses_its_sectors_period(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 4, 1), sector="market")
    case = act(county, case, "decide", D(2025, 4, 25), **fine(1000))
    # 20 WD (令45号): 4/27 (worked Sunday), 4/28–30, 5/6–9, 5/12–16, 5/19–23, 5/26, 5/27
    deadline = clock(case, "publicity_penalty_market")
    assert deadline.due == D(2025, 5, 27) and "第45号" in deadline.basis
    RuleSetting.objects.create(process="enforcement", step="publicity_penalty_market",
                               region=county.county, amount=10, unit="WD", basis="本县规定")
    other = act(county, file(county, D(2025, 4, 1), sector="market", party="莘县某某药店"),
                "decide", D(2025, 4, 25), **fine(1000))
    assert clock(other, "publicity_penalty_market").due == D(2025, 5, 13)  # 4/27 4/28–30 5/6–9 5/12 5/13


@pytest.mark.django_db
def test_closing_an_unpublished_decision_needs_the_reason(county) -> None:  # noqa: ANN001
    case = act(county, file(county, D(2025, 9, 1)), "decide", D(2025, 9, 10), **fine(500))
    with pytest.raises(ActionRefused, match="不予公示的理由"):
        act(county, case, "close", D(2025, 9, 12))
    case = act(county, case, "exempt_publication", D(2025, 9, 11),
               not_published_reason="涉及个人隐私")
    assert not Deadline.objects.filter(case=case, status=Deadline.Status.OPEN).exists()
    assert act(county, case, "close", D(2025, 9, 12)).state == "closed"


# ------------------------------------------------------------ art. 48: withdrawal in 3 WD
@pytest.mark.django_db
def test_a_revoked_published_decision_is_withdrawn_within_3_working_days(county) -> None:  # noqa: ANN001
    case = act(county, file(county, D(2025, 9, 1)), "decide", D(2025, 9, 10), **fine(500))
    case = act(county, case, "publish", D(2025, 9, 12))
    case = act(county, case, "revoke", D(2025, 9, 29), revocation_reason="复议撤销")
    # 9/30, then 10/9, 10/10 (art. 85: 三日 = working days)
    deadline = clock(case, "withdrawal")
    assert deadline.due == D(2025, 10, 10) and "第四十八条" in deadline.basis
    with pytest.raises(ActionRefused, match="撤回决定信息"):
        act(county, case, "close", D(2025, 10, 9))
    case = act(county, case, "withdraw_publication", D(2025, 10, 10), withdrawal_note="已撤销")
    assert Deadline.objects.get(case=case, step="withdrawal").status == Deadline.Status.MET
    assert act(county, case, "close", D(2025, 10, 11)).state == "closed"


@pytest.mark.django_db
def test_a_late_withdrawal_is_missed_and_an_unpublished_revocation_needs_none(county) -> None:  # noqa: ANN001
    case = act(county, file(county, D(2025, 4, 1)), "decide", D(2025, 4, 10), **fine(500))
    case = act(county, case, "publish", D(2025, 4, 11))
    case = act(county, case, "revoke", D(2025, 4, 29), revocation_reason="诉讼撤销")
    # 4/30, 5/6, 5/7 (劳动节 5/1–5/5)
    assert clock(case, "withdrawal").due == D(2025, 5, 7)
    case = act(county, case, "withdraw_publication", D(2025, 5, 8), withdrawal_note="撤回")
    assert Deadline.objects.get(case=case, step="withdrawal").status == Deadline.Status.MISSED
    unpublished = act(county, file(county, D(2025, 4, 1), party="莘县某某药店"), "decide",
                      D(2025, 4, 10), **fine(500))
    unpublished = act(county, unpublished, "revoke", D(2025, 4, 11), revocation_reason="自行纠正")
    assert not Deadline.objects.filter(case=unpublished, status=Deadline.Status.OPEN).exists()
    assert act(county, unpublished, "close", D(2025, 4, 12)).state == "closed"


# ------------------------------------------------------------ outcome by kind
@pytest.mark.django_db
def test_a_licence_is_granted_or_refused_not_fined(county) -> None:  # noqa: ANN001
    case = file(county, D(2025, 9, 1), kind="licence")
    with pytest.raises(ActionRefused, match="准予许可"):
        act(county, case, "decide", D(2025, 9, 5), **fine(100))
    case = act(county, case, "decide", D(2025, 9, 5), outcome="granted")
    assert clock(case, "publicity_penalty").amount == 7


@pytest.mark.django_db
def test_termination_ends_the_case_and_its_clock(county) -> None:  # noqa: ANN001
    case = act(county, file(county, D(2025, 9, 1)), "terminate", D(2025, 9, 5),
               termination_reason="违法事实不存在")
    assert case.state == "terminated" and case.closed_on == D(2025, 9, 5)
    assert not Deadline.objects.filter(case=case, status=Deadline.Status.OPEN).exists()


# ------------------------------------------------------------------- Excel
def _various(county) -> list[Case]:  # noqa: ANN001
    one = file(county, D(2025, 9, 1), unit="县司法局", number="莘执〔2025〕1号")
    two = file(county, D(2025, 9, 1), unit="县司法局", is_major=True, major_reason="complex",
               act_ended_on=D(2025, 8, 1), number="莘执〔2025〕2号")
    two = act(county, two, "legal_review", D(2025, 9, 5), reviewer_name="李审核",
              reviewer_first_time=True, reviewer_bar_qualified=True, review_result="passed")
    two = act(county, two, "extend", D(2025, 9, 6), extended_days=20, extension_approval="批准")
    two = act(county, two, "decide", D(2025, 9, 10), **fine("2500.50", amount_involved="12000",
                                                            decision_number="莘司罚〔2025〕2号"))
    two = act(county, two, "publish", D(2025, 9, 12), publication_place="门户网站")
    two = act(county, two, "revoke", D(2025, 9, 15), revocation_reason="复议撤销")
    two = act(county, two, "withdraw_publication", D(2025, 9, 16), withdrawal_note="撤回")
    two = act(county, two, "close", D(2025, 9, 17))
    three = file(county, D(2025, 9, 2), unit="县司法局", kind="coercion", party_type="person",
                 party="孙某", number="莘执〔2025〕3号")
    three = act(county, three, "measure", D(2025, 9, 3), measure="detention", av_record_ref="AV-3")
    three = act(county, three, "decide", D(2025, 9, 4), outcome="decided")
    three = act(county, three, "exempt_publication", D(2025, 9, 4), not_published_reason="隐私")
    four = file(county, D(2025, 9, 2), unit="县司法局", number="莘执〔2025〕4号")
    four = act(county, four, "decide", D(2025, 9, 8), outcome="no_penalty",
               lenient_basis="art33_first", amount_involved="800")
    return [one, two, three, four]


def _snapshot(case: Case) -> tuple:
    d = REG.detail_of(case)
    fields = [f.name for f in d._meta.concrete_fields if f.name not in ("id", "case")]
    deadlines = sorted((x.step, x.start, x.due, x.status, x.amount) for x in case.deadlines.all())
    return (case.title, case.started_on, case.state, case.closed_on,
            tuple(getattr(d, f) for f in fields), tuple(deadlines))


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_gives_the_same_records(county) -> None:  # noqa: ANN001
    originals = _various(county)
    data = excel.workbook_bytes(REG, Case.objects.filter(register="enforcement_case").order_by("id"))
    headers = [c.value.rstrip("*") for c in load_workbook(BytesIO(data)).worksheets[0][1]]
    for header in ("执法主体", "立案日期", "执法类别", "当事人", "统一社会信用代码", "法制审核人员",
                   "罚款金额（元）", "公示日期", "撤回公示信息日期", "状态"):
        assert header in headers
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    assert result.created == len(originals)
    for original in originals:
        copy = Case.objects.get(register="enforcement_case", region=county.other_county,
                                number=original.number)
        assert _snapshot(copy) == _snapshot(original), original.number


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_import(county) -> None:  # noqa: ANN001
    wb = Workbook()
    ws = wb.active
    ws.append(["执法主体", "事由", "立案日期", "执法类别", "当事人类型", "当事人", "程序", "处理结果",
               "处罚种类", "罚款金额（元）", "决定日期"])
    ws.append(["县市场监管局", "案一", "2025-09-01", "行政处罚", "公民", "张某", "简易程序（当场作出）",
               "给予行政处罚", "罚款", "200", "2025-09-01"])
    ws.append(["县市场监管局", "案二", "2025-09-01", "行政处罚", "公民", "李某", "简易程序（当场作出）",
               "给予行政处罚", "罚款", "500", "2025-09-01"])
    buffer = BytesIO()
    wb.save(buffer)
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "第五十一条" in result.errors[0][1], result.errors
    assert not Case.objects.filter(register="enforcement_case").exists()


# ------------------------------------------------------------------- pages
@pytest.mark.django_db
def test_pages_as_the_office_and_a_department(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _various(county)
    market = file(county, D(2025, 9, 8), party="莘县某某加油站")
    c = Client()
    c.login(username="office", password=PASSWORD)
    page = c.get(reverse("registers:case_list", args=["enforcement_case"]))
    assert page.status_code == 200 and "莘县某某加油站案" in page.content.decode()
    detail = c.get(reverse("registers:case_detail", args=["enforcement_case", market.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200 and "作出执法决定" in body and "已立案·调查中" in body
    form = c.get(reverse("registers:case_event", args=["enforcement_case", market.pk, "decide"]))
    assert form.status_code == 200 and "适用的不罚轻罚清单事项" in form.content.decode()
    for _ in range(5):
        file(county, D(2025, 9, 9))
    with django_assert_max_num_queries(20):
        c.get(reverse("registers:case_list", args=["enforcement_case"]))
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)  # 县司法局
    listing = clerk.get(reverse("registers:case_list", args=["enforcement_case"])).content.decode()
    assert "莘执〔2025〕2号" in listing and "莘县某某加油站案" not in listing


# ------------------------------------------------------------------- figures
@pytest.mark.django_db
def test_figures_come_from_the_cases(county) -> None:  # noqa: ANN001
    from fazhi.indicators import engine
    from fazhi.indicators.periods import Period

    a = act(county, file(county, D(2025, 3, 3)), "decide", D(2025, 3, 10), **fine(800))
    act(county, a, "publish", D(2025, 3, 12))  # on time
    b = act(county, file(county, D(2025, 3, 3), party="莘县某某药店"), "decide", D(2025, 3, 10),
            outcome="no_penalty", lenient_basis="art33_minor", amount_involved="900")
    act(county, b, "publish", D(2025, 4, 30))  # late
    c = file(county, D(2025, 3, 3), is_major=True, major_reason="complex", party="某公司")
    c = act(county, c, "legal_review", D(2025, 3, 5), reviewer_name="李审核", review_result="passed")
    act(county, c, "decide", D(2025, 3, 10), outcome="mitigated", penalty_type="fine",
        fine_amount="1000", lenient_basis="art32")
    act(county, file(county, D(2025, 3, 3), kind="licence"), "decide", D(2025, 3, 4),
        outcome="granted")
    file(county, D(2024, 12, 30))  # filed in 2024
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["CASES_FILED"].count == 3
    assert figs["PENALTY_DECISIONS"].count == 2
    assert figs["NO_PENALTY_CASES"].count == 1 and figs["MITIGATED_PENALTY_CASES"].count == 1
    assert figs["ENFORCEMENT_DECISIONS"].count == 4
    assert figs["MAJOR_ENFORCEMENT_DECISIONS_REVIEWED"].count == 1
    rate = figs["ENFORCEMENT_PUBLICITY_ONTIME_RATE"]
    assert (rate.numerator, rate.count) == (1, 2)


@pytest.mark.django_db
def test_the_demo_goes_through_the_write_path(county) -> None:  # noqa: ANN001
    import random

    from fazhi.registers.enforcement_case import load_demo

    n = load_demo(county.county, county.units, office(county), D(2025, 12, 1), random.Random(7),
                  per_unit_year=15)
    cases = Case.objects.filter(register="enforcement_case", is_demo=True)
    assert n == cases.count() > 20
    states = set(cases.values_list("state", flat=True))
    assert {"filed", "decided", "closed"} <= states
    assert cases.filter(enforcement_case__published_on__isnull=False).exists()
    assert cases.filter(enforcement_case__leniency_item__isnull=False).exists()
    assert cases.filter(events__kind="legal_review").exists()
    # the directories and draws of the same demo
    from fazhi.enforcement.draw import verify
    from fazhi.enforcement.models import Draw, Entity, Officer

    assert Officer.objects.filter(region=county.county).count() == 300
    assert Entity.objects.filter(region=county.county).count() == 5000
    draws = list(Draw.objects.filter(region=county.county))
    # the yearly plan's two rounds (1–6月 every grade, 7–12月 C and D) for two items, two years
    assert len(draws) == 8 and any(d.is_joint for d in draws)
    second = [d for d in draws if d.period_start.month >= 7]
    assert len(second) == 4 and all(
        set(d.targets.values_list("grade", flat=True)) == {"C", "D"} for d in second)
    assert all(verify(d.record) == [] for d in draws)
    assert Draw.objects.filter(completed_on__isnull=False).exists()
