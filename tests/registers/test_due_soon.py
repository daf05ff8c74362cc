"""Due soon means something (issue 11 item 9): the 即将到期 window is
``FAZHI_DUE_SOON_WORKING_DAYS`` Chinese working days (default 5); an overdue
deadline reads 已逾期N天 in red in the list and on the case page,
not 进行中; the disclosure reply's 具体情形 follows its 答复类型.

Dates by hand on the 2025 notice: National Day 10/1–10/8 off, 9/28 (Sunday)
and 10/11 (Saturday) worked."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from fazhi.registers.disclosure.forms import ReplyForm
from fazhi.registers.lights import deadline_light, soon_date
from fazhi.registers.models import Case, Deadline

from ..conftest import PASSWORD

D = datetime.date


@pytest.mark.django_db
def test_default_window_is_five_working_days() -> None:
    assert settings.FAZHI_DUE_SOON_WORKING_DAYS == 5
    # Fri 9/26: 9/28 (调休), 9/29, 9/30, then 10/9, 10/10 → the window ends 10/10
    assert soon_date(D(2025, 9, 26)) == D(2025, 10, 10)


@pytest.mark.django_db
def test_window_is_configurable(settings) -> None:  # noqa: ANN001
    settings.FAZHI_DUE_SOON_WORKING_DAYS = 2
    assert soon_date(D(2025, 9, 26)) == D(2025, 9, 29)


def test_deadline_light_texts() -> None:
    today, soon = D(2025, 9, 26), D(2025, 10, 10)
    assert deadline_light("open", D(2025, 9, 23), today, soon) == ("red", "已逾期3天")
    assert deadline_light("open", D(2025, 10, 10), today, soon) == ("yellow", "即将到期")
    assert deadline_light("open", D(2025, 10, 13), today, soon) == ("grey", "进行中")
    assert deadline_light("met", D(2025, 9, 1), today, soon) == ("", "按期完成")


def _case(county, number: str, due: D, started: D) -> Case:  # noqa: ANN001
    case = Case.objects.create(register="disclosure", region=county.county,
                               unit=county.units["县司法局"], number=number, title=f"申请{number}",
                               started_on=started, state="received", next_due=due)
    Deadline.objects.create(case=case, process="disclosure", step="reply", label="依申请公开答复",
                            start=started, due=due, basis="条例第三十三条", unit="WD", amount=20)
    from fazhi.registers.details.disclosure import DisclosureDetail

    DisclosureDetail.objects.create(case=case, applicant="王桂芝", received_on=started)
    return case


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2025, 9, 26, 10, tzinfo=datetime.UTC), tick=False)
def test_list_and_case_page_show_overdue_days_in_red(county) -> None:  # noqa: ANN001
    late = _case(county, "甲", D(2025, 9, 19), D(2025, 8, 20))  # 7 days overdue
    _case(county, "乙", D(2025, 10, 9), D(2025, 9, 10))  # within 5 WD: yellow
    _case(county, "丙", D(2025, 10, 14), D(2025, 9, 15))  # beyond: grey
    client = Client()
    client.login(username="office", password=PASSWORD)
    url = reverse("registers:case_list", args=["disclosure"])
    page = client.get(url).content.decode()
    assert "已逾期7天" in page and "即将到期" in page and "办理中" in page
    assert "text-danger fw-bold" in page
    overdue = client.get(url, {"due": "overdue"}).content.decode()
    assert "申请甲" in overdue and "申请乙" not in overdue
    soon = client.get(url, {"due": "soon"}).content.decode()
    assert "申请乙" in soon and "申请丙" not in soon
    detail = client.get(reverse("registers:case_detail", args=["disclosure", late.pk])).content.decode()
    cell = detail.split('id="deadlines"', 1)[1].split("</table>", 1)[0]
    assert "已逾期7天" in cell and "进行中" not in cell and "light-red" in cell


def test_reply_form_offers_the_reasons_of_the_chosen_type() -> None:
    html = str(ReplyForm()["reply_reason"])
    assert 'data-depends-on="reply_type"' in html
    assert 'value="state_secret" data-for="partial withheld"' in html
    assert 'value="not_held" data-for="unavailable"' in html
    assert 'value="overdue_correction" data-for=""' in html  # never offered (视为放弃申请)
    ok = ReplyForm({"occurred_on": "2025-09-26", "reply_type": "unavailable",
                    "reply_reason": "not_held"})
    assert ok.is_valid(), ok.errors
    bad = ReplyForm({"occurred_on": "2025-09-26", "reply_type": "unavailable",
                     "reply_reason": "state_secret"})
    assert not bad.is_valid()
    assert "须选择具体情形" in bad.errors["reply_reason"][0]
    granted = ReplyForm({"occurred_on": "2025-09-26", "reply_type": "granted",
                         "reply_reason": "not_held"})
    assert not granted.is_valid() and "不填写具体情形" in granted.errors["reply_reason"][0]
