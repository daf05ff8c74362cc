"""学法、述法、普法活动登记簿: each record carries what the reports quote (the
leader who reported on law, the participants, evidence), figures by activity
date with voided records left out, Excel round trip and all-or-nothing import,
pages, demo."""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.registers import excel
from fazhi.registers.activity import load_demo
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.models import Attachment, Case

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("activity")


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def held(county, on: D, kind: str, *, unit: str = "县司法局", title: str = "活动",  # noqa: ANN001
         evidence: str = "会议纪要、签到表", files: list | None = None, **data: Any) -> Case:
    return OpenCase(office(county), REG, region=county.county, unit=county.units[unit], data={
        "title": title, "started_on": on, "kind": kind, "evidence_note": evidence,
        "files": files or [], **data}, files=files).execute()  # as the view passes them


@pytest.mark.django_db
def test_a_record_carries_what_the_reports_quote(county) -> None:  # noqa: ANN001
    with pytest.raises(ActionRefused, match="述法人"):
        held(county, D(2025, 12, 20), "reporting")
    with pytest.raises(ActionRefused, match="参加人数"):
        held(county, D(2025, 6, 5), "lecture", topic="行政复议法")
    with pytest.raises(ActionRefused, match="佐证材料"):
        held(county, D(2025, 6, 5), "central_group", evidence="")
    pdf = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 sign-in", content_type="application/pdf")
    case = held(county, D(2025, 6, 5), "central_group", evidence="", files=[pdf])
    assert Attachment.objects.filter(case=case).count() == 1 and case.state == "held"
    case = held(county, D(2025, 12, 20), "reporting", reporter="张建国", reporter_post="局长")
    assert REG.detail_of(case).reporter == "张建国"


@pytest.mark.django_db
def test_evidence_can_be_added_and_a_wrong_record_voided_with_a_reason(county) -> None:  # noqa: ANN001
    case = held(county, D(2025, 6, 5), "publicity", participants=300, evidence="现场照片")
    case = RecordEvent(office(county), case, REG, "evidence", occurred_on=D(2025, 6, 20),
                       data={"evidence_note": "宣传资料发放登记表"}).execute()
    assert REG.detail_of(case).evidence_note == "现场照片\n宣传资料发放登记表"
    with pytest.raises(ActionRefused, match="作废须写明理由"):
        RecordEvent(office(county), case, REG, "void", occurred_on=D(2025, 6, 21),
                    data={"void_reason": " "}).execute()
    case = RecordEvent(office(county), case, REG, "void", occurred_on=D(2025, 6, 21),
                       data={"void_reason": "重复登记"}).execute()
    assert case.state == "void" and case.closed_on == D(2025, 6, 21)


@pytest.mark.django_db
def test_figures_by_activity_date(county) -> None:  # noqa: ANN001
    held(county, D(2025, 3, 5), "exec_study", unit="县政府办公室", participants=25)
    held(county, D(2025, 7, 5), "exec_study", unit="县政府办公室", participants=25)
    held(county, D(2025, 4, 5), "central_group")
    held(county, D(2025, 4, 9), "party_meeting", unit="县审计局")
    held(county, D(2025, 8, 9), "exec_report", unit="县政府办公室")
    for name, unit in (("张建国", "县司法局"), ("李卫东", "县司法局"), ("王志刚", "县审计局")):
        held(county, D(2025, 12, 20), "reporting", unit=unit, reporter=name)
    held(county, D(2025, 5, 5), "lecture", participants=80)
    held(county, D(2025, 5, 6), "trial", participants=20)
    held(county, D(2025, 12, 4), "publicity", unit="朝城镇", participants=500)
    wrong = held(county, D(2025, 12, 4), "publicity", unit="朝城镇", participants=500)
    RecordEvent(office(county), wrong, REG, "void", occurred_on=D(2025, 12, 5),
                data={"void_reason": "重复登记"}).execute()
    held(county, D(2025, 11, 4), "literate", unit="莘亭街道", participants=40)
    held(county, D(2024, 12, 30), "publicity", participants=100)  # last year
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["LAW_STUDY_SESSIONS"].count == 4
    assert figs["EXEC_MEETING_LAW_LECTURES"].count == 2
    assert figs["EXEC_MEETINGS_ON_LAW_REPORT"].count == 1
    assert figs["PARTY_MEETINGS_ON_LAW"].count == 1
    assert figs["UNITS_REPORTING_ON_LAW"].count == 2
    assert figs["LEADERS_REPORTING_ON_LAW"].count == 3
    assert figs["LAW_TRAINING_SESSIONS"].count == 1
    assert figs["COURT_OBSERVATION_SESSIONS"].count == 1
    assert figs["REGISTERED_PUBLICITY_EVENTS"].count == 1
    assert figs["LEGAL_LITERATE_TRAININGS"].count == 1


@pytest.mark.django_db
def test_export_then_import_into_an_empty_county_and_a_bad_row(county) -> None:  # noqa: ANN001
    held(county, D(2025, 3, 5), "lecture", title="行政复议法讲座", participants=80,
         topic="行政复议法", presenter="王律师", venue="县司法局会议室")
    held(county, D(2025, 12, 20), "reporting", title="年度述法", reporter="张建国", reporter_post="局长")
    bad = held(county, D(2025, 6, 5), "publicity", title="重复的宣传", participants=300)
    RecordEvent(office(county), bad, REG, "void", occurred_on=D(2025, 6, 21),
                data={"void_reason": "重复登记"}).execute()
    data = excel.workbook_bytes(REG, Case.objects.filter(register="activity").order_by("id"))
    result = excel.import_workbook(REG, data, county.other_county,
                                   Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    fields = ("kind", "meeting", "topic", "presenter", "reporter", "reporter_post", "participants",
              "venue", "evidence_note", "void_reason")
    for original in Case.objects.filter(register="activity", region=county.county):
        copy = Case.objects.get(register="activity", region=county.other_county,
                                number=original.number)
        assert ((copy.title, copy.started_on, copy.state, copy.closed_on)
                == (original.title, original.started_on, original.state, original.closed_on))
        assert ([getattr(REG.detail_of(copy), f) for f in fields]
                == [getattr(REG.detail_of(original), f) for f in fields])
    wb = Workbook()
    ws = wb.active
    ws.append(["组织单位", "事由", "活动日期", "活动类型", "参加人数", "佐证材料"])
    ws.append(["县司法局", "讲座", "2025-05-05", "法治讲座、培训", "50", "签到表"])
    ws.append(["县司法局", "旁听", "2025-05-06", "旁听庭审", "", "签到表"])
    buffer = BytesIO()
    wb.save(buffer)
    before = Case.objects.filter(register="activity").count()
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0
    assert result.errors[0][0] == 3 and "参加人数" in result.errors[0][1]
    assert Case.objects.filter(register="activity").count() == before


@pytest.mark.django_db
def test_pages_and_the_demo(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    count = load_demo(county.county, county.units, office(county), D(2026, 11, 20), random.Random(5))
    cases = Case.objects.filter(register="activity")
    assert count == cases.count() and 130 <= count <= 160
    assert {c.started_on.year for c in cases} == {2025, 2026}
    assert cases.filter(activity__kind="reporting", started_on__year=2025).exists()
    c = Client()
    c.login(username="office", password=PASSWORD)
    with django_assert_max_num_queries(20):
        page = c.get(reverse("registers:case_list", args=["activity"]))
    assert page.status_code == 200
    one = cases.filter(activity__kind="lecture").first()
    body = c.get(reverse("registers:case_detail", args=["activity", one.pk])).content.decode()
    assert "法治讲座、培训" in body and "参加人数" in body
    form = c.get(reverse("registers:case_open", args=["activity"])).content.decode()
    assert "组织单位" in form and "活动日期" in form
