"""Issue 9, 政府信息公开: corrections written from 《中华人民共和国政府信息公开条例》 (2019),
each a scenario through OpenCase/RecordEvent.

Dates by hand on the 2025 notice (National Day and Mid-autumn 10/1–10/8 off, 9/28
Sunday and 10/11 Saturday worked); 2027 has no notice in the system.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import ActionRefused
from fazhi.registers.details.disclosure import DisclosureDetail, ThirdPartyConsultation
from fazhi.registers.models import CaseEvent

from ..conftest import PASSWORD
from .test_disclosure import REG, act, clock, detail, received, run

D = datetime.date


def cli(*args: str) -> str:
    out = io.StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


# -- item 3: the approved extension, at most 20 WD (art. 33②) ------------------------
@pytest.mark.django_db
def test_extension_is_the_approved_number_of_working_days(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 26))  # 20 WD: 10/30
    with pytest.raises(ActionRefused, match="最长不得超过20个工作日"):
        act(county, case, "extend", D(2025, 10, 20), approver="赵主任",
            notified_on=D(2025, 10, 20), extension_days=21)
    case = act(county, case, "extend", D(2025, 10, 20), approver="赵主任",
               notified_on=D(2025, 10, 20), extension_days=10)
    reply = clock(case)
    # 10/30 + 10 WD: 10/31, 11/3–11/7, 11/10–11/13
    assert (reply.amount, reply.due, reply.extension) == (30, D(2025, 11, 13), 10)
    assert detail(case).extension_days == 10
    text = cli("disclosure", "reply", "2025-09-26", "--extension", "10")
    assert "2025年11月13日" in text and "延长10个工作日（最多可延长20个工作日）" in text
    client = Client()
    assert client.login(username="office", password=PASSWORD)
    page = client.get(reverse("registers:case_detail", args=["disclosure", case.pk])).content.decode()
    assert "2025年11月13日" in page and "延长10个工作日" in page


# -- item 7: the third party's 15 WD from its receipt of the letter (arts. 32, 34) ----
@pytest.mark.django_db
def test_consultation_period_runs_from_the_receipt(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 1))
    action = run(county, case, "consult", D(2025, 9, 2), party="甲公司", delivery="post")
    assert any("收到征求意见书之日起计算" in m for m in action.messages)
    c = ThirdPartyConsultation.objects.get(case=case)
    assert (c.received_on, c.answer_due) == (None, None)
    # The answer cannot be settled without the receipt date.
    with pytest.raises(ActionRefused, match="对方收到征求意见书的日期"):
        act(county, case, "consult_answer", D(2025, 9, 30), party="甲公司", answer="agree")
    # Signed for on Friday 9/5: 15 WD → 9/8–9/12, 9/15–9/19, 9/22–9/26 → 9/26.
    with pytest.raises(ActionRefused, match="2025年9月26日之后才能登记逾期未提出意见"):
        act(county, case, "consult_answer", D(2025, 9, 26), party="甲公司", answer="no_answer",
            received_on=D(2025, 9, 5))
    case = act(county, case, "consult_answer", D(2025, 9, 30), party="甲公司", answer="agree",
               received_on=D(2025, 9, 5))
    c.refresh_from_db()
    assert (c.received_on, c.answer_due) == (D(2025, 9, 5), D(2025, 9, 26))
    # Excluded: 9/3 … 9/26 (the party's period end), 18 working days — not 15 from sending.
    assert c.excluded_days == 18
    reply = clock(case)
    # item 8: the real receipt first, then the shift.
    head = reply.explanation.split("。")[0]
    assert "收到申请之日为2025年9月1日" in head and f"起算日为{reply.start.year}年" in head
    assert "计18个工作日" in head


@pytest.mark.django_db
def test_in_person_or_electronic_letters_are_received_when_sent(county) -> None:  # noqa: ANN001
    case = received(county, D(2025, 9, 1))
    act(county, case, "consult", D(2025, 9, 2), party="乙公司", delivery="electronic")
    c = ThirdPartyConsultation.objects.get(case=case)
    # 15 WD from 9/2: 9/3–9/5, 9/8–9/12, 9/15–9/19, 9/22–9/23 → 9/23
    assert (c.received_on, c.answer_due) == (D(2025, 9, 2), D(2025, 9, 23))
    assert "2025年9月23日" in cli("disclosure", "consultation_answer", "2025-09-02")
    rows = dict(REG.detail_rows(detail(case)))
    assert "提出意见期限2025年9月23日" in rows["征求意见：乙公司"]


# -- item 6: the parties' periods into an unknown year: 暂定, then recomputed ----------
SCHEDULE_2027 = """year: 2027
source: 测试用2027年节假日安排
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-04}
workdays: []
"""


@pytest.mark.django_db(transaction=True)
def test_party_periods_into_2027_are_provisional_and_recomputed(county, tmp_path,  # noqa: ANN001
                                                                 time_machine) -> None:  # noqa: ANN001
    time_machine.move_to(datetime.datetime(2026, 12, 28, 10, 0), tick=False)
    corr = received(county, D(2026, 12, 23))
    corr = act(county, corr, "request_correction", D(2026, 12, 24), items="请写明文号")
    d = detail(corr)
    # 15 WD (art. 30, default M): 12/25, 12/28–12/31, (元旦 1/1), 1/4–1/8, 1/11–1/15
    assert (d.correction_due, d.correction_due_provisional) == (D(2027, 1, 15), True)
    assert "暂定" in dict(REG.detail_rows(d))["补正"]
    cons = received(county, D(2026, 12, 23), applicant="李四")
    act(county, cons, "consult", D(2026, 12, 24), party="丙公司")
    c = ThirdPartyConsultation.objects.get(case=cons)
    assert (c.answer_due, c.answer_due_provisional) == (D(2027, 1, 15), True)
    assert "（暂定）" in dict(REG.detail_rows(detail(cons)))["征求意见：丙公司"]

    schedule = tmp_path / "2027.yaml"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")  # invented: 1/4 off as well
    call_command("load_holidays", str(schedule), stdout=io.StringIO())
    d = DisclosureDetail.objects.get(case=corr)
    assert (d.correction_due, d.correction_due_provisional) == (D(2027, 1, 18), False)
    c.refresh_from_db()
    assert (c.answer_due, c.answer_due_provisional) == (D(2027, 1, 18), False)
    for case, step in ((corr, "applicant_correction"), (cons, "consultation_answer")):
        event = CaseEvent.objects.get(case=case, kind="recomputed", data__step=step)
        assert (event.data["old_due"], event.data["new_due"]) == ("2027-01-15", "2027-01-18")
