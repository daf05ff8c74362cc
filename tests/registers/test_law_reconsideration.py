"""Issue 9, 行政复议: the corrections written from 《中华人民共和国行政复议法》 (2023),
each a scenario through OpenCase/RecordEvent (the real write path).

Dates are worked out by hand from the 2025 and 2026 holiday notices (rules.md §0):
2025 National Day and Mid-autumn 10/1–10/8 off, 9/28 (Sunday) and 10/11 (Saturday)
worked. 2027 has no notice in the system: only the days of 放假办法 art. 2 are known.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import ActionRefused
from fazhi.registers.details.reconsideration import DecisionType, ReconsiderationDetail
from fazhi.registers.models import CaseEvent, Deadline

from ..conftest import PASSWORD
from .test_reconsideration import accepted_case, act, clock, detail, open_case

D = datetime.date


@pytest.fixture
def clerk_client(county) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username="clerk", password=PASSWORD)
    return client


def cli(*args: str) -> str:
    out = io.StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def correction_case(county, notice: datetime.date, **data):  # noqa: ANN001, ANN003, ANN201
    case = open_case(county, notice - datetime.timedelta(days=1))
    return act(county, case, "request_correction", notice, items="补充身份证明", **data)


# -- item 2: the 补正 period runs from the applicant's receipt (art. 31②, art. 88) --
@pytest.mark.django_db
def test_correction_period_runs_from_the_receipt_of_the_notice(county) -> None:  # noqa: ANN001
    # Notice posted Monday 9/22; the applicant signs for it Monday 9/29.
    case = correction_case(county, D(2025, 9, 22), delivery="post")
    d = detail(case)
    assert d.correction_due is None and d.correction_delivery == "post"
    # Not begun yet: abandonment refused whatever the date.
    with pytest.raises(ActionRefused, match="补正期限尚未届满"):
        act(county, case, "abandon", D(2025, 10, 9))
    case = act(county, case, "correction_notice_received", D(2025, 9, 29))
    d = detail(case)
    # 10 WD from 9/29: 9/30, skip 10/1–10/8, 10/9 10/10 10/11 (调休) 10/13–10/17, 10/20.
    # Counted from the notice (9/22) it would have been 10/10.
    assert (d.correction_notice_received_on, d.correction_due) == (D(2025, 9, 29), D(2025, 10, 20))
    assert "2025年10月20日" in cli("reconsideration", "applicant_correction", "2025-09-29")
    with pytest.raises(ActionRefused, match="补正期限尚未届满"):
        act(county, case, "abandon", D(2025, 10, 20))
    case = act(county, case, "abandon", D(2025, 10, 21))
    assert case.state == "abandoned"
    # The case page says how the period was counted.
    rows = dict(case_register().detail_rows(detail(case)))
    assert rows["申请人收到补正通知日期"] == "2025年9月29日"
    assert rows["补正通知送达方式"] == "邮寄送达"


@pytest.mark.django_db
def test_in_person_notice_is_received_the_same_day(county) -> None:  # noqa: ANN001
    case = correction_case(county, D(2025, 9, 29))  # delivery defaults to 直接送达
    d = detail(case)
    assert (d.correction_notice_received_on, d.correction_due) == (D(2025, 9, 29), D(2025, 10, 20))
    # A stated period shorter than the statute's is refused (art. 31②).
    with pytest.raises(ActionRefused, match="不能短于"):
        correction_case(county, D(2025, 9, 29), correction_due=D(2025, 10, 15), number="复2")


def case_register():  # noqa: ANN201
    from fazhi.registers.base import get_register

    return get_register("reconsideration")


# -- item 15: a late 补正 warns (art. 31②) ---------------------------------------
@pytest.mark.django_db
def test_late_correction_warns(county) -> None:  # noqa: ANN001
    from fazhi.core.actions import Actor
    from fazhi.registers.base import RecordEvent

    case = correction_case(county, D(2025, 9, 29))
    action = RecordEvent(Actor.for_user(county.users["clerk"]), case, case_register(),
                         "correction_received", occurred_on=D(2025, 10, 22))
    case = action.execute()
    assert any("补正期限已于2025年10月20日届满" in m and "视为放弃" in m for m in action.messages)
    assert case.state == "received"
    on_time = RecordEvent(Actor.for_user(county.users["clerk"]),
                          correction_case(county, D(2025, 9, 29), number="复3"), case_register(),
                          "correction_received", occurred_on=D(2025, 10, 20))
    on_time.execute()
    assert not on_time.messages


# -- item 3: the approved extension, at most 30 days (art. 62①) -------------------
@pytest.mark.django_db
def test_extension_is_the_approved_length(county, clerk_client) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 9, 1))  # 60 CD: 10/31
    with pytest.raises(ActionRefused, match="最多不得超过三十日"):
        act(county, case, "extend", D(2025, 10, 20), approver="孙立军", extension_days=31)
    case = act(county, case, "extend", D(2025, 10, 20), approver="孙立军", extension_days=15)
    deadline = clock(case, "decision")
    # 9/1 + 75 = 11/15 (Saturday) → Monday 11/17
    assert (deadline.amount, deadline.due, deadline.extension) == (75, D(2025, 11, 17), 15)
    assert "延长15日（最多可延长30日）" in deadline.explanation
    assert detail(case).extension_days == 15
    # `fazhi deadline` gives the same date and words; the case page shows them.
    text = cli("reconsideration", "decision", "2025-09-01", "--extension", "15")
    assert "2025年11月17日" in text and "延长15日" in text
    page = clerk_client.get(reverse("registers:case_detail", args=["reconsideration", case.pk]))
    assert "2025年11月17日" in page.content.decode()
    # Left empty: the maximum (60 + 30 = 90: 11/30 Sunday → 12/1).
    other = act(county, accepted_case(county, D(2025, 9, 1)), "extend", D(2025, 10, 20),
                approver="孙立军")
    assert clock(other, "decision").due == D(2025, 12, 1)


# -- item 4: 简易 → 普通 after the 30 days settles the miss (arts. 55, 62②) ----------
@pytest.mark.django_db
def test_late_conversion_keeps_the_missed_simple_clock(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 9, 1), procedure="simple")  # 30 CD: 10/9
    case = act(county, case, "switch_procedure", D(2025, 10, 13), procedure="ordinary",
               approver="孙立军")
    simple = Deadline.objects.get(case=case, step="simple_decision")
    assert (simple.status, simple.done_on) == (Deadline.Status.MISSED, D(2025, 10, 13))
    assert clock(case, "decision").due == D(2025, 10, 31)
    # Within the 30 days the conversion just replaces the clock.
    early = accepted_case(county, D(2025, 9, 1), procedure="simple")
    act(county, early, "switch_procedure", D(2025, 9, 10), procedure="ordinary", approver="孙立军")
    assert Deadline.objects.get(case=early, step="simple_decision").status == "cancelled"


# -- item 5: a year without a notice still has the holidays of 放假办法 art. 2 ------
@pytest.mark.django_db
def test_decision_period_into_2027_skips_new_year(county) -> None:  # noqa: ANN001
    # Accepted 11/2/2026: + 60 = Friday 1/1/2027, 元旦 by art. 2 → Monday 1/4.
    case = accepted_case(county, D(2026, 11, 2))
    deadline = clock(case, "decision")
    assert (deadline.due, deadline.provisional) == (D(2027, 1, 4), True)
    assert "元旦" in deadline.explanation and "暂定" in deadline.explanation
    assert "2027年1月4日" in cli("reconsideration", "decision", "2026-11-02")


# -- item 6: the applicant's period into an unknown year is provisional and recomputed --
SCHEDULE_2027 = """year: 2027
source: 测试用2027年节假日安排
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-04}
workdays: []
"""


@pytest.mark.django_db(transaction=True)
def test_provisional_correction_period_is_recomputed_on_loading_the_year(county, tmp_path,  # noqa: ANN001
                                                                          time_machine) -> None:  # noqa: ANN001
    time_machine.move_to(datetime.datetime(2027, 1, 11, 10, 0), tick=False)
    case = correction_case(county, D(2026, 12, 24))
    d = detail(case)
    # 12/25, 12/28–12/31, (1/1 元旦), 1/4–1/8: the 10th working day is 1/8, provisional.
    assert (d.correction_due, d.correction_due_provisional) == (D(2027, 1, 8), True)
    rows = dict(case_register().detail_rows(d))
    assert "暂定" in rows["补正期限届满日"]
    schedule = tmp_path / "2027.yaml"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")  # invented: 1/4 off as well
    call_command("load_holidays", str(schedule), stdout=io.StringIO())
    d = ReconsiderationDetail.objects.get(case=case)
    assert (d.correction_due, d.correction_due_provisional) == (D(2027, 1, 11), False)
    event = CaseEvent.objects.get(case=case, kind="recomputed")
    assert (event.data["old_due"], event.data["new_due"]) == ("2027-01-08", "2027-01-11")
    # The gate follows the recomputed date.
    with pytest.raises(ActionRefused, match="补正期限尚未届满"):
        act(county, case, "abandon", D(2027, 1, 11))


# -- items 8, 9, 14: the explanation after a suspension ----------------------------
@pytest.mark.django_db
def test_after_suspension_the_explanation_states_the_real_acceptance(county) -> None:  # noqa: ANN001
    case = accepted_case(county, D(2025, 10, 24))
    case = act(county, case, "suspend", D(2025, 11, 3), ground="需要有权机关作出解释")
    case = act(county, case, "resume", D(2025, 11, 23))  # 20 days suspended
    deadline = clock(case, "decision")
    assert deadline.start == D(2025, 11, 13)
    head = deadline.explanation.split("。")[0]
    assert "受理之日为2025年10月24日" in head and "起算日为2025年11月13日" in head
    assert "受理之日为2025年11月13日" not in deadline.explanation
    # Not the article's text: the usual reading, confidence M (item 9).
    assert "通行理解（M" in deadline.explanation and "第三十九条只规定中止的情形" in deadline.explanation
    # 11/13 + 60 = 1/12/2026, a Monday: no roll. A roll cites art. 88 (item 14):
    rolled = clock(accepted_case(county, D(2025, 9, 1)), "decision")  # 10/31 … no roll
    assert "民法典" not in rolled.explanation
    simple = clock(accepted_case(county, D(2025, 9, 1), procedure="simple"), "simple_decision")
    assert "行政复议法》第八十八条第一款适用的《中华人民共和国民事诉讼法》第八十五条" in simple.explanation


# -- item 11: 简易 outside art. 53① needs the parties' consent (art. 53②) ------------
@pytest.mark.django_db
def test_simple_procedure_for_a_large_fine_needs_consent(county) -> None:  # noqa: ANN001
    large = open_case(county, D(2025, 9, 1), procedure="simple", simple_ground="small_amount",
                      amount_involved="20000")
    with pytest.raises(ActionRefused, match="第五十三条"):
        act(county, large, "accept", D(2025, 9, 2))
    agreed = open_case(county, D(2025, 9, 1), procedure="simple", amount_involved="20000",
                       parties_consent=True)
    agreed = act(county, agreed, "accept", D(2025, 9, 2))
    assert clock(agreed, "simple_decision").amount == 30
    # A deemed acceptance happens by law: it proceeds under the ordinary procedure.
    deemed = open_case(county, D(2025, 9, 1), procedure="simple", amount_involved="50000")
    deemed = act(county, deemed, "deem_accepted", D(2025, 9, 9))
    assert detail(deemed).procedure == "ordinary" and clock(deemed, "decision").amount == 60


@pytest.mark.django_db
def test_demo_uses_simple_procedure_only_where_art_53_allows(county) -> None:  # noqa: ANN001
    import random

    from fazhi.core.actions import Actor
    from fazhi.registers.reconsideration.procedure import simple_procedure_allowed

    case_register().module("demo").load_demo(county.county, county.units,
                                             Actor.for_user(county.users["office"]),
                                             D(2026, 11, 20), random.Random(7))
    simple = ReconsiderationDetail.objects.filter(case__region=county.county, procedure="simple")
    assert simple.exists()
    assert all(simple_procedure_allowed(d) for d in simple)
    # The cases outside art. 53① (larger fines, complaints not taken up) carry the consent.
    assert simple.filter(parties_consent=True).exists()
    assert not simple.filter(amount_involved__gt=3000, parties_consent=False).exists()


# -- item 13: the 行政协议 decisions of art. 71 are recorded and counted as 纠错 ------
@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["contract_conclude", "contract_perform", "contract_remedy",
                                  "contract_damages", "contract_compensation"])
def test_administrative_agreement_decisions(county, kind) -> None:  # noqa: ANN001
    case = act(county, accepted_case(county, D(2025, 9, 1)), "decide", D(2025, 10, 20),
               decision_type=kind)
    d = detail(case)
    assert d.decision_type == kind and d.corrected
    assert DecisionType(kind).label.startswith("决定")
