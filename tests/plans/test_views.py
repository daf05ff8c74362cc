"""The web import (upload → preview → map unknown names → confirm), the
ledger pages and their Excel export."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.org.models import Unit
from fazhi.plans.models import Plan, PlanImport, ProgressReport

from ..conftest import PASSWORD, SMALL_PLAN


@pytest.fixture
def office(county) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username="office", password=PASSWORD)
    return client


def _upload(client: Client, county, text: str, name: str = "plan.txt"):  # noqa: ANN001, ANN202
    return client.post(reverse("plans:plan_import"), {
        "region": county.county.pk, "year": 2030, "title": "",
        "file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")})


def test_upload_preview_map_confirm(office, county) -> None:  # noqa: ANN001
    text = SMALL_PLAN.replace("牵头单位：县司法局；责任单位：县政府各行政执法部门",
                              "牵头单位：县普法办；责任单位：县政府各行政执法部门")
    response = _upload(office, county, text)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = office.get(preview_url).content.decode()
    assert "县普法办" in page and "3 项任务" in page
    # Confirming without a choice is refused, nothing saved
    page = office.post(preview_url, {}).content.decode()
    assert "请为“县普法办”选择" in page
    assert not Plan.objects.exists()
    response = office.post(preview_url, {"name_0": f"unit:{county.units['县司法局'].pk}"})
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.tasks.get(number=3).assignments.filter(unit=county.units["县司法局"]).exists()
    assert PlanImport.objects.get().plan == plan
    assert "县普法办" in Unit.objects.get(pk=county.units["县司法局"].pk).aliases
    # A confirmed import cannot be confirmed twice
    assert office.post(preview_url, {}).status_code == 404


@pytest.mark.parametrize("name,content,message", [
    ("plan.txt", b"", "空"),
    ("plan.exe", b"MZ...", "不受支持"),
    ("plan.docx", b"not a zip", "不符"),
    ("plan.txt", "这是一份年度报告。一、主要举措\n我们做了很多工作。".encode(), "计划"),
])
def test_bad_uploads_get_clear_errors_and_save_nothing(office, county, name, content, message) -> None:  # noqa: ANN001
    response = office.post(reverse("plans:plan_import"), {
        "region": county.county.pk, "year": 2030,
        "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlanImport.objects.exists() and not Plan.objects.exists()


def test_ledger_filters_sort_and_export(office, plan) -> None:  # noqa: ANN001
    url = reverse("plans:plan_detail", args=[plan.pk])
    page = office.get(url, {"q": "三项制度"}).content.decode()
    assert "全面落实行政执法三项制度" in page and "制定年度工作计划" not in page
    page = office.get(url, {"sort": "-number"}).content.decode()
    assert page.index("全面落实") < page.index("制定年度工作计划")
    from fazhi.core.actions import Actor
    from fazhi.plans import services
    from fazhi.plans.models import Assignment

    assignment = Assignment.objects.get(task__plan=plan, task__number=2)
    report = services.SaveReport(Actor.system(), None, assignment=assignment,
                                 period=plan.periods.order_by("start").first(),
                                 text="已开展督察两次", completion="in_progress").execute()
    ProgressReport.objects.filter(pk=report.pk).update(state="approved")  # reached the office
    response = office.get(url, {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    progress = [row[6].value for row in sheet.iter_rows(min_row=2)]
    assert any(p and "已开展督察两次" in p and "待依法治县办审核" in p for p in progress)
    headers = [c.value for c in sheet[1]]
    for column in ("序号", "任务", "牵头单位", "责任单位", "完成时限", "进展情况", "状态"):
        assert column in headers
    assert sheet.max_row == 1 + plan.tasks.count()


def test_pages_do_not_grow_queries_with_data(office, county, plan, django_assert_max_num_queries) -> None:  # noqa: ANN001
    from fazhi.core.actions import Actor
    from fazhi.plans import services
    from fazhi.plans.parser import parse_plan_text

    many = "一、测试\n\n" + "\n\n".join(
        f"{i}. 任务{i}。〔牵头单位：县司法局；责任单位：县政府各部门，各镇人民政府（街道办事处）〕"
        for i in range(1, 41))
    big = services.ImportPlan(Actor.for_user(county.users["office"]), services.preview_import(
        parse_plan_text(many), county.county, 2031)).execute()
    clerk = Actor.for_user(county.users["clerk"])
    period = big.periods.order_by("start").first()
    for assignment in big.tasks.first().assignments.model.objects.filter(
            task__plan=big, unit=county.units["县司法局"])[:12]:
        services.SaveReport(clerk, None, assignment=assignment, period=period, text="进展",
                            completion="in_progress", submit=True).execute()
    for url in (reverse("plans:plan_detail", args=[big.pk]),
                reverse("plans:plan_overview", args=[big.pk]),
                reverse("plans:assignment_list"), reverse("plans:report_list"),
                reverse("home")):
        with django_assert_max_num_queries(20):
            assert office.get(url).status_code == 200
