"""更正登记信息 (issue 11 item 8): the office or the case's unit corrects a
case's registration details with a reason; the correction is an event on the
timeline (old → new in Chinese), audited, and the clocks that counted from a
corrected date are recomputed. Nothing is deleted; bad corrections are refused
with nothing written.

Dates counted by hand on the 2025 holiday notice: Labour Day 5/1–5/5 off,
Sunday 4/27 and Saturday 5/10 worked.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import ActionRefused, Actor
from fazhi.registers.actions import CorrectEntry
from fazhi.registers.base import REGISTERS, get_register
from fazhi.registers.entry_corrections import correction_form_class, detail_fields
from fazhi.registers.models import CaseEvent, Deadline

from ..conftest import PASSWORD
from . import test_disclosure as dis
from .test_reconsideration import act, open_case

D = datetime.date
REG = get_register("reconsideration")


def correct(county, case, who: str = "clerk", reason: str = "登记时误录", **data):  # noqa: ANN001, ANN003, ANN201
    return CorrectEntry(Actor.for_user(county.users[who]), case, REG, data=data,
                        reason=reason).execute()


@pytest.mark.django_db
def test_correcting_the_receipt_date_moves_the_acceptance_clock(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 4, 28))  # Mon: 5 WD → 4/29, 4/30, 5/6, 5/7, 5/8
    assert Deadline.objects.get(case=case, status="open").due == D(2025, 5, 8)
    case = correct(county, case, started_on=D(2025, 4, 25), reason="收件登记簿核对，实际4月25日收到")
    # Fri 4/25: 4/27 (调休 Sunday), 4/28, 4/29, 4/30, 5/6
    clock = Deadline.objects.get(case=case, status="open")
    assert (clock.start, clock.due) == (D(2025, 4, 25), D(2025, 5, 6))
    assert case.started_on == D(2025, 4, 25) and case.next_due == D(2025, 5, 6)
    old = Deadline.objects.get(case=case, status="superseded")
    assert old.due == D(2025, 5, 8)  # kept, not deleted
    event = CaseEvent.objects.get(case=case, kind="correct")
    assert clock.caused_by == event
    assert "收到（立案）日期：2025年4月28日 → 2025年4月25日" in event.note
    assert "更正理由：收件登记簿核对" in event.note
    assert "届满日 2025年5月8日 → 2025年5月6日" in event.note
    entry = AuditEntry.objects.filter(action="case.correct").get()
    assert "收到（立案）日期" in entry.note and "收件登记簿核对" in entry.note
    assert case.events.filter(kind="open").get().occurred_on == D(2025, 4, 28)  # history kept


@pytest.mark.django_db
def test_parties_title_and_unit_are_corrected_with_labels(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 4, 28))
    case = correct(county, case, who="office", title="不服罚款决定（更正）", applicant="王建军",
                   applicant_type="org", unit=county.units["县市场监管局"])
    note = case.events.get(kind="correct").note
    assert "申请人：王建国 → 王建军" in note
    assert "承办单位：县司法局 → 县市场监管局" in note or "莘县司法局 → 莘县市场监管局" in note
    assert "事由：不服罚款决定 → 不服罚款决定（更正）" in note
    assert "True" not in note and "None" not in note and "person" not in note
    assert case.unit == county.units["县市场监管局"]
    assert REG.detail_of(case).applicant == "王建军"


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "data", "reason", "message"), [
    ("clerk", {"applicant": "王建军"}, "  ", "请填写更正理由"),
    ("clerk", {"applicant": "王建国"}, "核对", "没有需要更正的内容"),
    ("clerk", {"started_on": D(2025, 5, 6)}, "核对", "晚于其后的办理经过“受理”的日期（2025年5月5日）"),
    ("clerk", {"unit": "莘亭街道"}, "核对", "不在您可以办理的单位范围内"),
    ("office", {"unit": "东阿县司法局"}, "核对", "不是莘县的在用单位"),
    ("clerk", {"started_on": D(2099, 1, 1)}, "核对", "不能晚于今天"),
])
def test_bad_corrections_are_refused_and_nothing_is_written(county, who, data, reason,  # noqa: ANN001
                                                            message) -> None:
    case = act(county, open_case(county, D(2025, 4, 28)), "accept", D(2025, 5, 5))
    data = {k: (county.units[v] if k == "unit" else v) for k, v in data.items()}
    before = (case.version, case.events.count(), Deadline.objects.filter(case=case).count())
    with pytest.raises(ActionRefused, match=message):
        correct(county, case, who=who, reason=reason, **data)
    case.refresh_from_db()
    assert (case.version, case.events.count(), Deadline.objects.filter(case=case).count()) == before
    assert not AuditEntry.objects.filter(action="case.correct").exists()


@pytest.mark.django_db
def test_disclosure_receipt_correction_moves_the_reply_deadline(county) -> None:  # noqa: ANN001
    case = dis.open_case(county, D(2025, 9, 1))  # in person: 收到申请之日 = that day
    case = dis.act(county, case, "confirm_receipt", D(2025, 9, 3))
    reply = Deadline.objects.get(case=case, step="reply", status="open")
    assert reply.due == D(2025, 9, 28)  # 20 WD from Mon 9/1: the 20th is 调休 Sunday 9/28
    reg = get_register("disclosure")
    case = CorrectEntry(Actor.for_user(county.users["office"]), case, reg,
                        data={"started_on": D(2025, 9, 2)}, reason="收件日期误录").execute()
    detail = reg.detail_of(case)
    assert detail.received_on == D(2025, 9, 2)  # followed the 收到日期 (same day)
    assert Deadline.objects.get(case=case, step="reply", status="open").due == D(2025, 9, 29)


@pytest.mark.django_db
def test_a_date_an_event_sets_cannot_be_corrected_before_it_is_recorded(county) -> None:  # noqa: ANN001
    case = dis.open_case(county, D(2025, 9, 1), channel="online")  # receipt = the confirmation
    reg = get_register("disclosure")
    with pytest.raises(ActionRefused, match="“收到申请之日”尚未登记"):
        CorrectEntry(Actor.for_user(county.users["office"]), case, reg,
                     data={"received_on": D(2025, 9, 2)}, reason="核对").execute()
    with pytest.raises(ActionRefused, match="“申请人姓名或者名称”不能为空|不能为空"):
        CorrectEntry(Actor.for_user(county.users["office"]), case, reg,
                     data={"applicant": ""}, reason="核对").execute()


@pytest.mark.django_db
def test_finished_clock_is_judged_again(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 4, 28))
    case = act(county, case, "accept", D(2025, 5, 8))  # on the last day: met
    assert Deadline.objects.get(case=case, step="acceptance").status == "met"
    case = correct(county, case, started_on=D(2025, 4, 24))  # Thu: due 4/30 → accepted late
    clock = Deadline.objects.get(case=case, step="acceptance", status__in=("met", "missed"))
    assert (clock.due, clock.status, clock.done_on) == (D(2025, 4, 30), "missed", D(2025, 5, 8))


@pytest.mark.parametrize("key", sorted(REGISTERS))
def test_every_register_has_correctable_details(key: str) -> None:
    """Generic: every register on the engine offers its opening details."""
    reg = REGISTERS[key]
    names = detail_fields(reg)
    assert names, key
    for name in names:
        reg.detail_model._meta.get_field(name)
    html = str(correction_form_class(reg)())
    assert "更正理由" in html and "---------" not in html


@pytest.mark.django_db
def test_the_correction_page(county) -> None:  # noqa: ANN001
    case = open_case(county, D(2025, 4, 28))
    client = Client()
    client.login(username="clerk", password=PASSWORD)
    url = reverse("registers:case_correct", args=[REG.key, case.pk])
    page = client.get(url).content.decode()
    assert "更正理由" in page and "王建国" in page and "申请人" in page
    response = client.post(url, {"title": case.title, "unit": case.unit_id,
                                 "started_on": "2025-04-28", "applicant": "王建国",
                                 "applicant_type": "person", "reason": "", "version": case.version})
    assert "请填写更正理由" in response.content.decode() or "这个字段是必填项" in response.content.decode()
    # another county's clerk cannot even see it
    other = Client()
    other.login(username="other_clerk", password=PASSWORD)
    assert other.get(url).status_code == 404
