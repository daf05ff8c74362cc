"""行政执法人员名录: certificates, expiry warnings, the 5% share of 法制审核人员
(118号, rules.md §6 M), the count of certified officers, and the register
commands' Excel (export → import into another county; a bad row refuses all)."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.enforcement.models import Officer
from fazhi.enforcement.officers import SaveOfficer, body_summaries
from fazhi.indicators import engine
from fazhi.indicators.periods import Period

from ..conftest import PASSWORD

D = datetime.date
ISSUED, EXPIRES = D(2022, 1, 1), D(2027, 1, 1)


def add(county, name: str, number: str, *, unit: str = "县市场监管局", issued: D = ISSUED,  # noqa: ANN001
        expires: D = EXPIRES, reviewer: bool = False, status: str = "active") -> Officer:
    return SaveOfficer(Actor.for_user(county.users["office"]), region=county.county,
                       unit=county.units[unit], data={
                           "name": name, "certificate_number": number, "issued_on": issued,
                           "expires_on": expires, "is_legal_reviewer": reviewer,
                           "status": status}).execute()


@pytest.mark.django_db
def test_certificates_are_checked(county) -> None:  # noqa: ANN001
    add(county, "张一", "37150001")
    with pytest.raises(ActionRefused, match="已登记"):
        add(county, "张二", "37150001")
    with pytest.raises(ActionRefused, match="晚于发证日期"):
        add(county, "张三", "37150003", issued=D(2025, 1, 1), expires=D(2024, 1, 1))
    with pytest.raises(ActionRefused, match="行政执法部门"):
        add(county, "张四", "37150004", unit="县审计局")


@pytest.mark.django_db
def test_reviewer_share_and_expiring_certificates(county) -> None:  # noqa: ANN001
    on = D(2026, 11, 1)
    for n in range(19):
        add(county, f"执法{n}", f"M{n:03d}", expires=D(2026, 12, 15) if n < 3 else D(2028, 1, 1))
    add(county, "审核甲", "M900", reviewer=True)
    add(county, "过期", "M901", expires=D(2026, 10, 1))
    add(county, "注销", "M902", status="cancelled")
    for n in range(10):
        add(county, f"司法{n}", f"J{n:03d}", unit="县司法局")
    by_name = {s.name: s for s in body_summaries(Officer.objects.all(), on)}
    market = by_name["莘县市场监管局"]
    # expiring within 90 days of 11/1 (by 2027-01-30): three on 12/15 and 审核甲 on 2027-01-01
    assert (market.officers, market.certified, market.reviewers, market.expiring) == (21, 20, 1, 4)
    assert not market.reviewers_enough  # 1 < 5% of 21
    add(county, "审核乙", "M903", reviewer=True)
    market = {s.name: s for s in body_summaries(Officer.objects.all(), on)}["莘县市场监管局"]
    assert market.reviewers == 2 and market.reviewers_enough  # 2 >= 1.1
    assert not {s.name: s for s in body_summaries(Officer.objects.all(), on)}["莘县司法局"].reviewers_enough


@pytest.mark.django_db
def test_certified_officers_figure_is_the_stock_at_the_period_end(county) -> None:  # noqa: ANN001
    add(county, "甲", "A1", expires=D(2026, 1, 1))
    add(county, "乙", "A2", expires=D(2025, 6, 30))  # expired within 2025
    add(county, "丙", "A3", issued=D(2026, 1, 5))  # not yet issued at the end of 2025
    add(county, "丁", "A4", status="suspended")
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 2, 1)) if f.unit_id is None}
    assert figs["CERTIFIED_ENFORCEMENT_OFFICERS"].count == 1


@pytest.mark.django_db
def test_export_then_import_into_another_county(county, tmp_path) -> None:  # noqa: ANN001
    from fazhi.org.models import Unit

    add(county, "甲", "A1", reviewer=True)
    add(county, "乙", "A2", unit="县司法局", status="suspended")
    Unit.objects.create(region=county.other_county, name="东阿县市场监管局", short_name="县市场监管局",
                        kind=Unit.Kind.DEPARTMENT, is_law_enforcement=True)
    county.units["东阿县司法局"].is_law_enforcement = True
    county.units["东阿县司法局"].save()
    out = tmp_path / "officers.xlsx"
    call_command("export_register", "officer", "--region", str(county.county.pk), "--out", str(out))
    call_command("import_register", "officer", str(out), "--region", str(county.other_county.pk))
    copies = Officer.objects.filter(region=county.other_county).order_by("certificate_number")
    assert [(o.name, o.unit.short_name, o.status, o.is_legal_reviewer) for o in copies] == [
        ("甲", "县市场监管局", "active", True), ("乙", "县司法局", "suspended", False)]


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_import(county, tmp_path) -> None:  # noqa: ANN001
    wb = Workbook()
    ws = wb.active
    ws.append(["执法主体", "姓名", "执法证号", "发证日期", "有效期至"])
    ws.append(["县市场监管局", "甲", "B1", "2024-01-01", "2029-01-01"])
    ws.append(["县市场监管局", "乙", "B1", "2024-01-01", "2029-01-01"])  # duplicate number
    ws.append(["县市场监管局", "丙", "B3", "2024-01-01", "不是日期"])
    path = tmp_path / "bad.xlsx"
    buffer = BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CommandError, match="第 4 行") as exc:
        call_command("import_register", "officer", str(path), "--region", str(county.county.pk))
    assert "有效期至" in str(exc.value)
    assert not Officer.objects.exists()
    path.write_bytes(buffer.getvalue())
    ws.delete_rows(4)
    buffer = BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CommandError, match="第 3 行.*已登记"):
        call_command("import_register", "officer", str(path), "--region", str(county.county.pk))
    assert not Officer.objects.exists()


@pytest.mark.django_db
def test_the_page_is_scoped_and_bounded(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    add(county, "市场甲", "C1", expires=datetime.date.today() + datetime.timedelta(days=30))
    add(county, "司法乙", "C2", unit="县司法局")
    c = Client()
    c.login(username="office", password=PASSWORD)
    body = c.get(reverse("enforcement:officer_list")).content.decode()
    assert "市场甲" in body and "司法乙" in body and "即将到期" in body and "不足5%" in body
    for n in range(10):
        add(county, f"人{n}", f"D{n}")
    with django_assert_max_num_queries(15):
        c.get(reverse("enforcement:officer_list"))
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)  # 县司法局
    body = clerk.get(reverse("enforcement:officer_list")).content.decode()
    assert "司法乙" in body and "市场甲" not in body


@pytest.mark.django_db
def test_a_clerk_registers_an_officer_of_their_own_body_only(county) -> None:  # noqa: ANN001
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)  # 县司法局
    page = clerk.get(reverse("enforcement:officer_list")).content.decode()
    assert "登记执法人员" in page and "莘县市场监管局</option>" not in page
    response = clerk.post(reverse("enforcement:officer_list"), {
        "unit": county.units["县司法局"].pk, "name": "新人", "certificate_number": "37160001",
        "issued_on": "2025-01-01", "expires_on": "2030-01-01", "training_hours": "40"})
    assert response.status_code == 302
    officer = Officer.objects.get(certificate_number="37160001")
    assert officer.unit == county.units["县司法局"] and officer.training_hours == 40
    clerk.post(reverse("enforcement:officer_list"), {
        "unit": county.units["县市场监管局"].pk, "name": "越权", "certificate_number": "37160002",
        "issued_on": "2025-01-01", "expires_on": "2030-01-01"})
    assert not Officer.objects.filter(certificate_number="37160002").exists()
    viewer = Client()
    viewer.login(username="viewer", password=PASSWORD)
    assert "登记执法人员" not in viewer.get(reverse("enforcement:officer_list")).content.decode()
